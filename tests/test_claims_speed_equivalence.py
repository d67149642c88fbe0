"""The fast paths of claim extraction give exactly what the code they replaced gave.

Equivalence only (no timing): each reference below is the earlier implementation, kept
here, and the claims are compared with the references swapped in.
"""

from __future__ import annotations

import re

import pytest

from newsclf import claims as C
from newsclf.sentences import split_sentences
from tests.conftest import article_bodies

# hostile and edge-case texts: cues at offset 0, after hyphens and underscores, upper
# case, white space inside multi-word cues, text whose lower-casing changes its length
_EDGE = [
    "said the ministry.",
    "According to police, three died. Police said more.",
    "He re-said it. The_said thing. Officials  said  so.\nIn a  statement, the army said x.",
    "İstanbul officials said. The İ said it. ẞ said; according\nto AFP, it rained.",
    "“We will win,” said Mr. Smith. The U.S. said no. Dr. Who told AFP... Then?! No.",
    "",
    "   \n\n said",
    "x" * 3000 + " said " + "y said. " * 300,
    "a statement from the army said. a statement by X. A statement by the UN said.",
]


TEXTS = list(_EDGE) + article_bodies()

# ------------------------------------------------------------------ references
_REF_SCAN = re.compile(r"(?<![\w-])(?=" + C._trie_regex(C._CUE_PREFIXES, space=re.escape(" ")) + ")")
_REF_SCAN_FULL = re.compile(r"(?<![\w-])(?=" + C._trie_regex(C._CUE_PREFIXES, space=re.escape(" "))
                            + ")(?=" + C._trie_regex(C._CUE_WORDS) + ")")


def _ref_find_cues(text: str) -> list[re.Match[str]]:
    """_find_cues as it was: a zero-width lookbehind scan."""
    out: list[re.Match[str]] = []
    last_end = -1
    low = text.lower()
    scan = _REF_SCAN_FULL if len(low) == len(text) else _REF_SCAN
    for h in scan.finditer(low):
        i = h.start()
        if i < last_end:
            continue
        m = C._CUE_AT.match(text, i)
        if m is not None:
            out.append(m)
            last_end = m.end()
    return out


def _ref_cue_sentences(text: str, cues: list[re.Match[str]]) -> list[tuple[int, int]]:
    """_cue_sentences as it was: every sentence of every line that holds a cue."""
    regions: list[list[int]] = []
    line_end = -1
    n = len(text)
    for m in cues:
        cs = m.start()
        if cs < line_end:
            continue
        line_start = text.rfind("\n", 0, cs) + 1
        line_end = text.find("\n", cs)
        if line_end < 0:
            line_end = n
        if regions and not text[regions[-1][1]:line_start].strip():
            regions[-1][1] = line_end
        else:
            regions.append([line_start, line_end])
    out: list[tuple[int, int]] = []
    for start, end in regions:
        out.extend(C._bounded_sentences(text, start, end))
    return out


# ------------------------------------------------------------------ tests
@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_find_cues_same_as_lookbehind_scan(i):
    text = TEXTS[i]
    new = [(m.span(), m.group("cue")) for m in C._find_cues(text)]
    old = [(m.span(), m.group("cue")) for m in _ref_find_cues(text)]
    assert new == old


@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_split_sentences_stop_gives_a_prefix(i):
    text = TEXTS[i]
    full = split_sentences(text)
    for stop in sorted({0, len(text) // 3, len(text) // 2, max(0, len(text) - 1)}
                       | {s for s, _ in full[:5]} | {e for _, e in full[:5]}):
        part = split_sentences(text, stop=stop)
        assert part == full[:len(part)]
        assert all(s <= stop for s, _ in part)
        assert all(s > stop for s, _ in full[len(part):])


def _claims_dicts(text: str) -> list[dict]:
    return [c.to_dict() for c in C.extract_claims(text)]


def test_claims_same_with_reference_helpers(monkeypatch):
    new = [_claims_dicts(t) for t in TEXTS]
    monkeypatch.setattr(C, "_find_cues", _ref_find_cues)
    monkeypatch.setattr(C, "_cue_sentences", _ref_cue_sentences)
    old = [_claims_dicts(t) for t in TEXTS]
    assert new == old
    assert sum(map(len, new)) > 0


def test_claims_same_without_the_early_per_filter(monkeypatch):
    """Dropping lower-case "per" in the rule pass's cue filter changes nothing: _find_raw
    drops the same cues later."""
    new = [_claims_dicts(t) for t in TEXTS]
    monkeypatch.setattr(C, "_FILTERED_CUES", C._FILTERED_CUES - {"per"})
    old = [_claims_dicts(t) for t in TEXTS]
    assert new == old
