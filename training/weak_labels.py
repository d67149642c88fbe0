"""Weak supervision for the corpus: labelling functions that derive conflict-type labels.

Each labelling function looks at one corpus article (its text and, for the Current
Events Portal, its section and story headers; for UCDP, the expert-coded
``type_of_violence``) and votes for labels. ``weak_conflict_labels`` combines the votes.
``python training/weak_labels.py --data ../shared/data`` prints how many corpus
examples each label gets and how well each rule agrees with gold ``dev``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from newsclf.article import Article
from newsclf.conflict_cues import RULES, rule_fires  # the keyword rules: one source of truth with the model's cues

__all__ = ["RULES", "weak_conflict_labels", "NON_CONFLICT_SECTIONS"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


#: rules read a full article's lead only, about what the stacked head reads: later paragraphs are
#: background (obituaries, earlier events) that the gold labels leave out
RULE_CHARS = 700

#: portal sections whose items are not about conflict
NON_CONFLICT_SECTIONS = {
    "Sport", "Sports", "Arts and culture", "Science and technology", "Science", "Business and economy",
    "Business and economics", "Health and environment", "Health", "Health and medicine", "Religion",
    "Disasters and accidents", "Disasters",
}
#: a natural disaster or accident in the headline of an article without a portal section
_DISASTER = _rx(r"\b(hurricane|typhoon|cyclone|tornado|earthquake|tsunami|floods?|flooding|wildfires?|blaze|landslide|"
                r"volcan\w*|storm|heatwave|crash(?:es|ed)?|collapses?|derail\w*|capsiz\w*)\b")
CONFLICT_SECTIONS = {"Armed conflicts and attacks", "Armed conflicts and incidents"}


def _ucdp_votes(article: Article) -> set[str]:
    tov = str(article.meta.get("type_of_violence") or "")
    text = article.body
    votes: set[str] = set()
    if tov == "3":
        votes.add("violence_against_civilians")
    elif tov in ("1", "2"):
        if not RULES["airstrike_shelling"][0].search(text) and not RULES["terrorism"][0].search(text):
            votes.add("armed_clash")
    return votes


def weak_conflict_labels(article: Article) -> set[str] | None:
    """Labels voted by the rules for one corpus article, or None to leave it out.

    Portal items in non-conflict sections get no labels (negative evidence) unless a
    strong violence cue fires; UCDP events add their expert-coded violence type.
    """
    text = article.text[:RULE_CHARS]
    meta = article.meta
    section = meta.get("category")
    votes = {label for label, fired in zip(RULES, rule_fires(text)) if fired}
    if "settler_violence" in votes and re.search(r"\b(attack|stone|injur|kill|beat|assault)", text, re.I):
        votes.add("violence_against_civilians")
    if meta.get("type_of_violence") is not None:
        return votes | _ucdp_votes(article)
    if section in NON_CONFLICT_SECTIONS or (not section and _DISASTER.search(text[:200])):
        strong = votes & {"airstrike_shelling", "terrorism", "armed_clash", "protest"}
        if re.search(r"\b(refugees?|migrants?|asylum)\b", text, re.I):
            strong |= votes & {"humanitarian_crisis", "displacement"}  # refugees lost at sea, a camp fire
        return strong if strong else set()
    if section in CONFLICT_SECTIONS and not votes:
        return None  # a conflict item that no rule explains: too uncertain to use
    return votes


def _main(argv: list[str] | None = None) -> int:
    from newsclf.corpus import join_gold, read_corpus
    from newsclf.taxonomy import labels

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/data", type=Path)
    ap.add_argument("--split", default="dev")
    args = ap.parse_args(argv)
    d = args.data
    recs = join_gold([d / "gold/wcep.jsonl", d / "gold/wikinews.jsonl"],
                     [d / "wcep/wcep_2002_2022.jsonl", d / "wikinews/wikinews_2019.jsonl"], splits=[args.split])
    print(f"rule agreement with gold {args.split} ({len(recs)} records)")
    print(f"{'label':28s} {'prec':>6s} {'recall':>6s} {'f1':>6s} {'gold':>5s}")
    for label in labels("conflict_types"):
        tp = fp = fn = 0
        for r in recs:
            pred = weak_conflict_labels(r.article) or set()
            g = label in r.labels["conflict_types"]
            p = label in pred
            tp += g and p
            fp += p and not g
            fn += g and not p
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        print(f"{label:28s} {pr:6.3f} {rc:6.3f} {f1:6.3f} {tp + fn:5d}")
    counts: Counter[str] = Counter()
    n = kept = 0
    for path in [d / "wcep/wcep_2002_2022.jsonl", d / "ucdp/ucdp_ged_syria_2016_2019.csv", d / "wikinews/wikinews_2019.jsonl"]:
        for art in read_corpus(path):
            n += 1
            lab = weak_conflict_labels(art)
            if lab is None:
                continue
            kept += 1
            counts.update(lab)
    print(f"\ncorpus: {n} articles, {kept} kept with weak labels")
    for label in labels("conflict_types"):
        print(f"  {label:28s} {counts[label]:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
