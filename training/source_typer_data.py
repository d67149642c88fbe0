"""Build (span, context, label) training examples for the source typer.

Real data only, three kinds:

1. UCDP GED ``source_original`` values (who each event report cites), split into single
   sources at ``,``/``;``/``/``/`` and ``, mapped to types with documented rules
   (:data:`UCDP_RULES`, then the agency lexicon, anonymity cues and keyword lexicon of
   :mod:`newsclf.source_typer`); unmapped values are dropped; de-duplicated. They have no
   claim context (context = "").
2. Gold ``train`` claims (never ``test``; ``dev`` only when asked, after tuning): each
   gold source span is located in the article text (title + body for Wikinews, the
   summary for WCEP), searching forward from the previous claim, to get its context.
3. Weak supervision: claims that :func:`newsclf.claims.extract_claims` finds in the
   unlabelled corpus (WCEP summaries and Wikinews articles that have no gold record),
   kept only when a high-precision rule types the span (agency lexicon, anonymity cues,
   monitor/outlet/institution lexicons, keyword lexicon); de-duplicated by (span, label)
   and capped per label. Named people no rule types are labelled by the role the text
   gives them (:func:`weak_label`): out-of-fold type accuracy 0.873 -> 0.882, witness
   0.539 -> 0.641 (an earlier session saw no gain on dev from this).
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsclf.claims import CONTEXT_CHARS, ROLE_WINDOW, extract_claims
from newsclf.sentences import split_sentences
from newsclf.source_typer import certain_type, keyword_type, role_type

__all__ = ["Example", "UCDP_RULES", "ucdp_examples", "gold_examples", "weak_examples",
           "weak_label", "build_examples"]

logger = logging.getLogger(__name__)

_DATE_LINE = re.compile(
    r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+\w+\s+\d{1,2},\s+\d{4}\s*$")


@dataclass(frozen=True, slots=True)
class Example:
    span: str
    context: str
    label: str
    origin: str  # "ucdp", "gold-train", "gold-dev", "weak"


#: UCDP source names whose type the generic rules would miss or get wrong.
#: Monitors and documentation groups -> monitor_ngo; mapping/report sites -> media.
UCDP_RULES: dict[str, str] = {
    "sohr": "monitor_ngo", "ohr": "monitor_ngo", "airwars": "monitor_ngo", "aiwars": "monitor_ngo",
    "airways": "monitor_ngo", "hrw": "monitor_ngo", "vdc": "monitor_ngo", "sn4hr": "monitor_ngo",
    "snhr": "monitor_ngo", "amnesty": "monitor_ngo", "msf": "monitor_ngo", "carnegie": "monitor_ngo",
    "crisis watch": "monitor_ngo", "syrian network for human rights": "monitor_ngo",
    "kurdish red crescent": "monitor_ngo", "syrian civil defense": "monitor_ngo",
    "waha report": "media", "whaa report": "media", "live map": "media", "syria live map": "media",
    "syria live": "media", "liveuamap": "media", "syrialiveuamap": "media", "syria live map": "media",
    "orient news": "media", "new arab": "media", "sputnik": "media",
    "sdf": "official", "ypg": "official", "is": "official", "centcom": "official",
    "hezbollah": "official", "jabhat fateh al-sham": "official",
    "aleppo operations room": "official", "military": "official", "the army": "official",
    "turkish military": "official", "turkish army": "official",
}


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _rule_label(span: str, context: str = "") -> str | None:
    rule = certain_type(span, context)
    if rule is not None:
        return rule.source_type
    kw = keyword_type(span)
    return kw[0] if kw else None


def weak_label(text: str, start: int, end: int, sent_start: int, sent_end: int) -> str | None:
    """Rule label of the source ``text[start:end]`` of a claim in the sentence
    ``text[sent_start:sent_end]``, or None: the certain rules and keyword lexicon, then, for
    a named person, the role the text gives them within ``ROLE_WINDOW`` characters (as the
    claims code reads it) (:func:`newsclf.source_typer.role_type`:
    "Joshua Winch, a local actor" -> witness). Named people labelled by role keep the
    model from learning that a bare name is an official (most titled names are)."""
    span = text[start:end]
    label = _rule_label(span, text[end:sent_end])
    if label is None and span[-1:].isalpha() and span.split()[-1][:1].isupper():
        role = role_type(span, text[max(sent_start, start - ROLE_WINDOW):start],
                         text[end:sent_end][:ROLE_WINDOW])
        label = role.source_type if role is not None else None
    return label


def ucdp_examples(csv_path: Path) -> list[Example]:
    """Typed, de-duplicated single sources from UCDP's ``source_original`` column."""
    seen: set[str] = set()
    out: list[Example] = []
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for part in re.split(r"[;,/]|\band\b|\.\s", row.get("source_original") or ""):
                span = part.strip(" .")
                key = span.lower()
                if not span or key in seen or len(span) > 80:
                    continue
                seen.add(key)
                label = UCDP_RULES.get(key) or _rule_label(span)
                if label is None:
                    logger.debug("ucdp: unmapped source %r", span)
                    continue
                out.append(Example(span, "", label, "ucdp"))
    return out


def wikinews_text(rec: dict[str, Any]) -> str:
    """Title + body with the leading date line dropped (as eval_claims reads it)."""
    lines = rec["text"].split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and _DATE_LINE.match(lines[0]):
        lines.pop(0)
    return f"{rec['title']}\n\n" + "\n".join(lines).strip()


def context_of(text: str, start: int, end: int) -> str:
    """The typer's context string for a span: its sentence window with a [SRC] marker."""
    lo, hi = 0, len(text)
    for s, e in split_sentences(text[max(0, start - 1000):end + 1000]):
        off = max(0, start - 1000)
        if s + off <= start and e + off >= end:
            lo, hi = s + off, e + off
            break
    a = max(lo, start - CONTEXT_CHARS)
    b = min(hi, end + CONTEXT_CHARS)
    return f"{text[a:start]} [SRC] {text[end:b]}"


def _find(text: str, span: str, pos: int) -> int:
    i = text.find(span, pos)
    if i < 0:
        i = text.find(span)
    if i < 0:
        norm = text.replace("’", "'")
        i = norm.lower().find(span.replace("’", "'").lower())
    return i


def gold_examples(data: Path, splits: Iterable[str] = ("train",)) -> list[Example]:
    """Gold claims of the given splits (``test`` is refused) with their contexts."""
    splits = tuple(splits)
    if "test" in splits:
        raise ValueError("gold test claims must never be used for training")
    texts: dict[str, str] = {}
    for rec in _read_jsonl(data / "wikinews" / "wikinews_2019.jsonl"):
        texts[rec["id"]] = wikinews_text(rec)
    wanted: list[dict[str, Any]] = []
    for name in ("wikinews.jsonl", "wcep.jsonl", "seeds.jsonl"):
        p = data / "gold" / name
        if p.exists():
            wanted.extend(g for g in _read_jsonl(p) if g.get("split") in splits and g.get("claims"))
    need = {g["id"] for g in wanted if g["id"].startswith("wcep-")}
    if need:
        for rec in _read_jsonl(data / "wcep" / "wcep_2002_2022.jsonl"):
            if rec["id"] in need:
                texts[rec["id"]] = rec["text"]
    out: list[Example] = []
    missing = 0
    for g in wanted:
        text = texts.get(g["id"], "")
        pos = 0
        for c in g["claims"]:
            span = c["source"]
            i = _find(text, span, pos) if text else -1
            if i < 0:
                missing += 1
                ctx = ""
            else:
                ctx = context_of(text, i, i + len(span))
                pos = i + len(span)
            out.append(Example(span, ctx, c["source_type"], f"gold-{g['split']}"))
    logger.info("gold %s: %d claims, %d spans not found in text", splits, len(out), missing)
    return out


def weak_examples(data: Path, *, cap_per_label: int = 1500, max_docs: int | None = None
                  ) -> list[Example]:
    """Rule-typed claims found by the extractor in unlabelled corpus text."""
    gold_ids: set[str] = set()
    for name in ("wikinews.jsonl", "wcep.jsonl"):
        p = data / "gold" / name
        if p.exists():
            gold_ids.update(g["id"] for g in _read_jsonl(p))
    docs: list[str] = []
    for rec in _read_jsonl(data / "wikinews" / "wikinews_2019.jsonl"):
        if rec["id"] not in gold_ids:
            docs.append(wikinews_text(rec))
    for rec in _read_jsonl(data / "wcep" / "wcep_2002_2022.jsonl"):
        if rec["id"] not in gold_ids:
            docs.append(rec["text"])
        if max_docs and len(docs) >= max_docs:
            break
    by_label: dict[str, list[Example]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for text in docs:
        for c in extract_claims(text, typer=None):
            if c.source.lower() in {"he", "she", "it", "they", "him", "her", "them"}:
                continue
            label = weak_label(text, c.source_start, c.source_end, c.sentence_start,
                               c.sentence_end)
            if label is None:
                continue
            key = (c.source.lower(), label)
            if key in seen:
                continue
            seen.add(key)
            by_label[label].append(
                Example(c.source, context_of(text, c.source_start, c.source_end), label, "weak"))
    out: list[Example] = []
    for label, exs in sorted(by_label.items()):
        out.extend(exs[:cap_per_label])
    logger.info("weak: %s", Counter(e.label for e in out))
    return out


def build_examples(data: Path, *, include_dev: bool = False, gold_repeat: int = 3,
                   weak_cap: int = 1500) -> list[Example]:
    """All training examples: UCDP + weak + gold train (repeated ``gold_repeat`` times)."""
    splits = ("train", "dev") if include_dev else ("train",)
    gold = gold_examples(data, splits)
    exs = ucdp_examples(data / "ucdp" / "ucdp_ged_syria_2016_2019.csv")
    exs += weak_examples(data, cap_per_label=weak_cap)
    exs += gold * gold_repeat
    return exs
