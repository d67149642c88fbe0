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
# A boundary needs an upper-case letter, a digit or an opening mark next, so candidates
# followed by an ASCII lower-case letter are not even reported (no match can start inside
# one, so skipping them changes no other match).
# The pattern starts with one character class, so ``re`` skips to the next ".", "!", "?"
# or newline with its fast class scan instead of trying the pattern at every offset;
# the first mark of the run is ``m.start()`` (a punctuation run starts where the
# previous character is no mark; the run's remaining marks are ``rest``).
_BOUNDARY = re.compile(
    r"""[.!?\n](?:(?<=\n)\s*"""
    r"""|(?<![.!?].)(?P<rest>[.!?]*+)(?P<close>["'”’»)\]]*+)(?P<ws>[ \t\u00a0]++)"""
    r"""(?=(?P<next>[^\sa-z])))"""
)
#: The group numbers split_sentences reads (checked at import).
_BOUNDARY_GROUPS = {"rest": 1, "close": 2, "ws": 3, "next": 4}
assert _BOUNDARY.groupindex == _BOUNDARY_GROUPS
# Word immediately before a period.
_LAST_WORD = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.?$")
# _LAST_WORD read backwards from its end: the "$" (at the end, or before a final newline),
# the optional period, then the word reversed (greedy: its first letter, furthest back, is
# the leftmost start of _LAST_WORD.search). tests/test_speed_equivalence_s4.py checks both agree.
_LAST_WORD_REV = re.compile(r"\n?\.?([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)")
# characters after which _LAST_WORD can match (its "$" also matches before a final "\n")
_WORD_END = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.\n")
_OPENERS = "\"'“‘«([—–-"


def _is_abbreviation(text: str, punct_start: int) -> bool:
    """True when the period at ``punct_start`` belongs to an abbreviation or initial."""
    if punct_start == 0 or text[punct_start - 1] not in _WORD_END:
        return False  # _LAST_WORD cannot match: skip the regex search
    lo = max(0, punct_start - 20)
    # = _LAST_WORD.search(text, lo, punct_start), as one anchored match of the reversed pattern
    # on the reversed window (its leftmost match is the reversed one's longest)
    m = _LAST_WORD_REV.match(text[lo:punct_start][::-1])
    if m is None:
        return False
    start = punct_start - m.end(1)
    word = text[start:punct_start - m.start(1)]
    # token must start right after whitespace/opening punctuation
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


def split_sentences(text: str, start: int = 0, end: int | None = None, *,
                    stop: int | None = None) -> list[tuple[int, int]]:
    """Split ``text`` (or its region ``text[start:end]``) into sentences.

    Sentences never cross a newline, so splitting a region that starts after a newline
    (or at 0) and ends at a newline (or at ``len(text)``) gives exactly the sentences
    of the whole text that lie in that region: callers that only need a few lines
    (claim extraction) split just those.

    Args:
        text: the text to split (any length; an empty string gives ``[]``).
        start: offset where the region to split starts.
        end: offset where the region ends (``None``: the end of ``text``).
        stop: when given, return as soon as the next sentence would start after this
            offset: the result is then the prefix of the full result made of the
            sentences that start at or before ``stop`` (a caller that needs only the
            sentences holding some offsets skips the rest of the region).

    Returns:
        ``(start, end)`` character offsets of each sentence, in order, with
        surrounding whitespace excluded, so ``text[start:end]`` is the sentence.
    """
    spans: list[tuple[int, int]] = []
    n = len(text) if end is None else end
    # (``start`` is where the next sentence begins, before its leading white space is
    # stripped: once it passes ``stop`` every later sentence starts after ``stop`` too)
    halt = n if stop is None else stop
    for m in _BOUNDARY.finditer(text, start, n):
        # (groups by number: rest 1, close 2, ws 3, next 4, see _BOUNDARY_GROUPS;
        # cheaper than by name)
        nxt = m.group(4)
        if nxt is None:  # a newline
            end = m.start()
            _emit(text, start, end, spans)
            start = m.end()
            if start > halt:
                return spans
            continue
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            # "?" or "!" followed by lowercase ("Why? asked he") - rare; keep together
            continue
        p = m.start()
        if text[p] == "." and m.end(1) == p + 1 and _is_abbreviation(text, p):
            # an abbreviation ends a sentence only before an opening quote
            # followed by a capital, which we ignore: keep going
            continue
        end = m.start(3)
        _emit(text, start, end, spans)
        start = m.end(3)
        if start > halt:
            return spans
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
