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

__all__ = ["RULES", "weak_conflict_labels", "NON_CONFLICT_SECTIONS"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# keyword rules per label: (pattern that votes for the label, optional veto pattern)
_JIHADI = r"(?:Islamic State|ISIS|ISIL|Daesh|al-Qaeda|al Qaeda|al-Shabaab|Boko Haram|Taliban)"
_SOFT_TARGET = (r"(?:market\w*|mosques?|church\w*|schools?|festival|wedding|funeral|buses|bus\b|caf[eé]s?|hospitals?|"
                r"shrines?|pilgrims|worshippers|crowds?|restaurants?|hotels?|concert|shopping|villagers|village)")
RULES: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    "airstrike_shelling": (_rx(
        r"\b(air ?strikes?|air raids?|airstrikes?|drone (?:strike|attack)s?|bombard\w*|shell(?:ing|ed|s)\b|"
        r"artillery|rockets?\b|missiles?\b|mortars?\b|warplanes?|fighter jets?|barrel bombs?|strikes? on)"),
        _rx(r"\b(missile (?:test|launch(?:es)?) (?:program)|nuclear)\b")),
    # a jihadist group's name alone (targeted by airstrikes, a member arrested) is no terrorist attack
    "terrorism": (_rx(
        r"\b(suicide (?:bomb\w*|attack\w*)|car bomb\w*|truck bomb|roadside bomb|IEDs?\b|bomb(?:ing|ings|s)?\b|"
        r"explosions?\b|blasts?\b|terror\w*|gunmen storm\w*|"
        + _JIHADI + r"\b.{0,60}\b(?:attack\w*|claim\w*|behead\w*|massacre\w*|storm\w*|gunmen|kill(?:s|ed|ing) \d+)|"
        r"(?:attack|claim)\w* .{0,40}\b" + _JIHADI + r")"),
        _rx(r"\b(nuclear bomb|bomb threat hoax|atomic bomb\w*)\b")),
    # clashes between protesters and police are a protest, not an armed clash
    "armed_clash": (_rx(
        r"\b(clash(?:es|ed)?|fighting|battles?\b|offensive|fighters|rebels?|insurgents?|militants? attack|"
        r"militias?|captur(?:e|ed|es) (?:the )?(?:town|city|village|base)|recaptur\w*|ambush\w*|gunfight|firefight|"
        r"troops (?:killed|advance)|seiz(?:e|ed|es) control|captur\w* (?:\w+ ){0,3}(?:villages|towns|cities|territory|areas?|positions?)|"
        r"militants? (?:die|killed|are killed)|(?:soldiers|troops|servicem[ae]n) .{0,30}\b(?:killed|dead|die)|front ?lines?|sniper|shootout|"
        r"attack\w* (?:on )?(?:a |an |the )?(?:\w+ )?(?:convoy|army|military|checkpoint|base|outposts?|patrol|soldiers))"),
        _rx(r"\b(fighting (?:corruption|crime|fires?|disease)|clash\w* (?:between|with) (?:\w+ )?(?:protesters|protestors|"
            r"demonstrators|police|supporters|students|fans)|(?:protesters|protestors|demonstrators|supporters) clash)")),
    "security_operation": (_rx(
        r"\b(arrest\w*|detain\w*|detention|raid(?:s|ed)?\b|manhunt|counter-?terror\w*|security operation|"
        r"crackdown|apprehend\w*|custody|deport\w*|charged with|suspects?\b|bail\b|charges? (?:\w+ )?(?:people|men|suspects)|"
        r"captur(?:e|es|ed) (?:a |the )?(?:\w+ )?(?:leader|commander|suspect|man|hitman|militants?|gunm[ae]n)|"
        r"(?:killed|kills|kill) (?:a |the )?(?:senior |top )?(?:leader|commander))"), None),
    "violence_against_civilians": (_rx(
        r"\b(civilians? (?:killed|were killed|are killed|dead|died)|kill(?:s|ed|ing)? (?:\d+ |several |dozens of )?civilians|"
        r"massacre\w*|abduct\w*|kidnap\w*|shot dead|gunned down|gunm[ae]n|lynch\w*|behead\w*|assassinat(?:ed|es)\b|"
        r"tortur\w*|hostages?\b|opens? fire|fire[sd]? on (?:[\w-]+ )?(?:protesters|protestors|demonstrators|civilians|crowds?)|"
        r"stabb\w*|stone-?throwing|throwing stones|mass grave|shoot(?:s|ing)? (?:at )?(?:protesters|civilians)|"
        r"(?:bomb\w*|blast|explosion|attack\w*|suicide bomber) .{0,60}\b" + _SOFT_TARGET + r"\b|"
        r"(?:journalists?|children|students|villagers|pilgrims|worshippers|passengers|aid workers) .{0,30}\b(?:killed|kidnapped|abducted|shot))"),
        # a court's execution of convicts is a judicial act, not an attack on civilians
        _rx(r"\b(judiciary executes|executions? of (?:\w+ )?(?:convicts|prisoners)|hanged)\b")),
    "settler_violence": (_rx(
        r"\bsettlers?\b.{0,80}\b(attack\w*|torch\w*|set fire|arson|rampage\w*|stone\w*|assault\w*|vandali\w*|"
        r"beat\w*|injur\w*|kill\w*|harass\w*|raid\w*|uproot\w*)|\b(attack\w*|violence|torch\w*|rampage)\b.{0,40}\bsettlers?\b"),
        None),
    # a refugee camp is a place, a fleeing suspect no displacement
    "displacement": (_rx(
        r"\b(displac\w*|flee\b|fleeing\b|fled\b|evacuat\w*|refugees?\b(?! camps?)|demoli\w*|expel\w* (?:\w+ ){0,3}(?:residents|families|villagers|people|civilians|Palestinians|minorit\w*)|forced (?:out|from|to leave)|"
        r"uproot\w*|(?:left|made|leaving) (?:\w+ )?homeless|exodus|leave their homes|evict\w*|asylum|"
        r"disengagement)"),
        _rx(r"\b(evacuat\w* (?:an? |the )?(?:unwell|injured|sick|wounded)|(?:suspect|gunman|driver|attacker) (?:fled|flees))\b")),
    # non-violent political conflict: not every election, vote or appointment
    "political_dispute": (_rx(
        r"\b(resign\w*|impeach\w*|no-confidence|opposition\b|accuses|sanctions?\b|boycott\w*|dispute\w*|"
        r"criticis\w*|criticiz\w*|condemn\w*|denounc\w*|rebuke\w*|calls? (?:for|on)\b|row\b|feud|tensions?\b|rift|"
        r"leaked|scandal|coup|threaten\w*|reject\w*|vetoe?[sd]?\b|lawsuit|sues?\b|sued\b|defect(?:s|ed|ion)\b|"
        r"summon\w*|expel\w* (?:\w+ )?diplomats?|recall\w* (?:its |their )?ambassador|espionage|"
        r"(?:contested|disputed|rigged) (?:election|vote|result)|(?:election|vote)[- ]rigging|electoral fraud|"
        r"refus\w*|petition|independence|insult\w*|annex\w*|unity government|form (?:a |the )?(?:new )?government|"
        r"(?:new|settler|Jewish) homes|"
        r"government crisis|political crisis|dissolv\w* (?:the )?(?:parliament|government|cabinet))"), None),
    "protest": (_rx(
        r"\b(protest\w*|demonstrat(?:ion|ions|ors|ed|e)\b|rall(?:y|ies)\b|riots?\b|rioters|marche(?:s|d)\b|sit-ins?|"
        r"general strike|strikers|teargas|tear gas)"), None),
    "diplomacy_ceasefire": (_rx(
        r"\b(ceasefire|cease-fire|truce|peace (?:talks|deal|process|agreement|plan|conference)|negotiat\w*|"
        r"agreement|accord\b|summit|mediat\w*|prisoner (?:swap|exchange)|talks\b|diplomatic (?:talks|efforts?|solution|initiative)|"
        r"normali[sz]\w*|envoy|treaty|meeting|met with|agree(?:s|d)? (?:to|with|on)\b|deal\b|observer mission|"
        r"releas\w* (?:\d+ |\w+ )?(?:prisoners|hostages|detainees))"), None),
    "humanitarian_crisis": (_rx(
        r"\b(humanitarian|aid (?:convoy|delivery|trucks?|workers?|agencies|to|for)|foreign aid|famine|starv\w*|cholera|epidemic|"
        r"outbreak|ebola|polio|measles|marburg|blockade|shortages?|malnutrition|food insecurity|UNHCR|WFP|OCHA|UNRWA|"
        r"relief|Red Crescent|refugees?\b(?! camps?)|camps? for (?:the )?displaced|"
        r"killed (?:during the (?:previous|past|last))|crimes against humanity|rebuild\w*|reconstruction|"
        r"destroy\w* (?:\w+ )?(?:homes|houses|hospitals?|infrastructure|schools)|hospitals? (?:\w+ )?(?:hit|struck|declare|overwhelmed)|"
        r"without (?:drinking )?(?:water|electricity|food|power)|overcrowded|war-torn|smugglers|human traffickers)"), None),
}

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
    votes: set[str] = set()
    for label, (rx, veto) in RULES.items():
        if rx.search(text) and not (veto and veto.search(text)):
            votes.add(label)
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
