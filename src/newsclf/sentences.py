"""Regex-based sentence splitter for English news text.

The splitter returns character spans, so callers can slice the original text.
It is linear in the text length and uses no NLP library. It knows about the
things that break naive splitters on news copy:

* abbreviations and titles (``U.S.``, ``U.N.``, ``Gen.``, ``Dr.``, ``Jan.``,
  ``a.m.``/``p.m.``, ``No. 3``) and initials (``J. Smith``);
* decimal numbers (``3.5 million``) -- a period not followed by whitespace never ends
  a sentence;
* closing quotes and brackets after the final period (``... he said."``);
* datelines (``GAZA (AFP) --``), which contain no sentence-final period;
* paragraph breaks (any newline) always end a sentence.
"""

from __future__ import annotations

import logging
import re

__all__ = ["split_sentences", "ABBREVIATIONS"]

logger = logging.getLogger(__name__)

#: Lower-cased abbreviations (without their final period) after which a period does
#: not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        # titles and ranks
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "maj", "capt", "cpt",
        "cmdr", "adm", "brig", "rep", "sen", "gov", "pres", "rev", "fr", "sr", "jr",
        "st", "hon", "amb", "insp", "supt", "cpl", "pvt", "sheikh",
        # months and days
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        # misc
        "no", "nos", "vs", "v", "etc", "inc", "ltd", "co", "corp", "dept", "est", "approx",
        "fig", "al", "mt", "ft", "km", "op", "vol", "art",
        # dotted acronyms (inner dots removed)
        "u.s", "u.n", "u.k", "e.u", "u.a.e", "a.m", "p.m", "d.c", "i.e", "e.g",
    }
)

# Candidate boundary: terminal punctuation, optional closing quotes/brackets, then
# whitespace (no newline: newlines are handled separately) -- or a newline.
# The punctuation run starts at its first mark and all quantifiers are possessive, so a
# long run of dots ("......") is scanned once, not once per mark (linear, not quadratic).
_BOUNDARY = re.compile(
    r"""(?<![.!?])(?P<punct>[.!?]++)(?P<close>["'”’»)\]]*+)(?P<ws>[ \t\u00a0]++)(?=(?P<next>\S))"""
    r"""|(?P<nl>\n[\s]*)"""
)
# Word immediately before a period.
_LAST_WORD = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.?$")
_OPENERS = "\"'“‘«([—–-"


def _is_abbreviation(text: str, punct_start: int) -> bool:
    """True when the period at ``punct_start`` belongs to an abbreviation or initial."""
    lo = max(0, punct_start - 20)
    m = _LAST_WORD.search(text, lo, punct_start)
    if m is None:
        return False
    word = m.group(1)
    # token must start right after whitespace/opening punctuation
    start = m.start(1)
    if start > 0 and text[start - 1].isalnum():
        return False
    low = word.lower()
    if low in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # initial: "J. Smith"
        return True
    if "." in word and all(len(p) <= 2 for p in word.split(".")):  # dotted acronym
        return True
    return False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Args:
        text: the text to split (any length; an empty string gives ``[]``).

    Returns:
        ``(start, end)`` character offsets of each sentence, in order, with
        surrounding whitespace excluded, so ``text[start:end]`` is the sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        if m.group("nl") is not None:
            end = m.start()
            _emit(text, start, end, spans)
            start = m.end()
            continue
        punct = m.group("punct")
        nxt = m.group("next")
        if punct[-1] == "." and len(punct) == 1:
            if _is_abbreviation(text, m.start("punct")):
                # an abbreviation ends a sentence only before an opening quote
                # followed by a capital, which we ignore: keep going
                continue
            if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
                continue
        elif not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            # "?" or "!" followed by lowercase ("Why? asked he") - rare; keep together
            continue
        end = m.start("ws")
        _emit(text, start, end, spans)
        start = m.end("ws")
    if start < n:
        _emit(text, start, n, spans)
    return spans


def _emit(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the stripped span ``[start, end)`` when it holds any text."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
