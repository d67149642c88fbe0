"""Claims speed-up, session 5: every rewritten helper gives exactly what it replaced.

Equivalence only (no timing): each reference below is the earlier implementation, kept
here, and is compared with the current helper on the real texts (every span the claims
pass asks about) and on hypothesis-generated strings.
"""

from __future__ import annotations

import re
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclf import claims as C
from newsclf import sentences as S
from tests.conftest import article_bodies

_EDGE = [
    "said the ministry.",
    "Police and army officials said. Smith and Jones said. The Search and Rescue Agency said",
    "İstanbul officials said. The İ said it. ẞ said; according\nto AFP, it rained.",
    "“We will win,” said Mr. Smith. The U.S. said no. Dr. Who told AFP... Then?! No.",
    "Police\nand army said. X \tand\t Y said. Of the members of the council said.",
    "",
]


TEXTS = list(_EDGE) + article_bodies()


# ------------------------------------------------------------------ references
def _ref_head_noun(text: str, s: int, e: int) -> str:
    """_head_noun as it was (finditer and m.group())."""
    head = ""
    for m in C._WORD.finditer(text, s, e):
        w = m.group().lower()
        if w in C._PREPS:
            break
        head = w
    return head


def _ref_split_conjuncts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """_split_conjuncts without its '" and " not in seg' fast path."""
    seg = text[s:e]
    if not C._AND.search(seg):
        return [(s, e)]
    return C._split_conjuncts(text, s, e)


_REF_BOUNDARY = re.compile(
    r"""[.!?\n](?:(?<=\n)\s*"""
    r"""|(?<![.!?].)(?P<rest>[.!?]*+)(?P<close>["'”’»)\]]*+)(?P<ws>[ \t\u00a0]++)"""
    r"""(?=(?P<next>[^\sa-z])))"""
)


def _ref_split_sentences(text: str, start: int = 0, end: int | None = None, *,
                         stop: int | None = None) -> list[tuple[int, int]]:
    """split_sentences as it was (match groups read by name)."""
    spans: list[tuple[int, int]] = []
    n = len(text) if end is None else end
    halt = n if stop is None else stop
    for m in _REF_BOUNDARY.finditer(text, start, n):
        nxt = m.group("next")
        if nxt is None:
            end = m.start()
            S._emit(text, start, end, spans)
            start = m.end()
            if start > halt:
                return spans
            continue
        if not (nxt.isupper() or nxt.isdigit() or nxt in S._OPENERS):
            continue
        p = m.start()
        if text[p] == "." and m.end("rest") == p + 1 and S._is_abbreviation(text, p):
            continue
        end = m.start("ws")
        S._emit(text, start, end, spans)
        start = m.end("ws")
        if start > halt:
            return spans
    if start < n:
        S._emit(text, start, n, spans)
    return spans


def _ref_trim_left_filler(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The filler strip that opens _trim_left_np, as it was (with _norm)."""
    toks = C._tokens(text, start, end)
    while toks:
        w = toks[-1][2]
        if not (C._norm(w) in C._FILLER or w[0].isdigit()
                or (w.islower() and w.endswith("ly") and w not in C._LY_NOUNS)):
            break
        toks.pop()
    return toks


def _new_trim_left_filler(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    toks = C._tokens(text, start, end)
    while toks:
        w = toks[-1][2]
        if not (w.lower().strip(".’'") in C._FILLER or w[0].isdigit()
                or (w.islower() and w.endswith("ly") and w not in C._LY_NOUNS)):
            break
        toks.pop()
    return toks


def _ref_right_tail(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The trailing strip of _right_np, as it was (_norm twice)."""
    toks = list(toks)
    while toks and (C._norm(toks[-1][2]) in C._BAD_END or C._norm(toks[-1][2]) in C._FILLER) \
            and not (len(toks[-1][2]) > 1 and toks[-1][2].isupper()):
        toks.pop()
    return toks


def _new_right_tail(toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    toks = list(toks)
    while toks:
        w = toks[-1][2]
        nw = w.lower().strip(".’'")
        if not ((nw in C._BAD_END or nw in C._FILLER) and not (len(w) > 1 and w.isupper())):
            break
        toks.pop()
    return toks


# ------------------------------------------------------------------ real spans
def _spans(text: str) -> list[tuple[int, int]]:
    """Spans of a text the claims pass reads: its sentences and every source found."""
    out = list(S.split_sentences(text))
    doc = C._rule_pass(text)
    for r in doc.raws:
        out.append((r.source_start, r.source_end))
        out.append((r.sent[0], r.cue_start))
    return out


@pytest.mark.skipif(len(TEXTS) < 100, reason="shared data not available")
def test_helpers_on_real_texts() -> None:
    for text in TEXTS:
        for s, e in _spans(text):
            assert C._head_noun(text, s, e) == _ref_head_noun(text, s, e)
            assert C._split_conjuncts(text, s, e) == _ref_split_conjuncts(text, s, e)
            assert _new_trim_left_filler(text, s, e) == _ref_trim_left_filler(text, s, e)
            toks = C._tokens(text, s, e)
            assert _new_right_tail(toks) == _ref_right_tail(toks)


def test_split_sentences_on_real_texts() -> None:
    for text in TEXTS:
        assert S.split_sentences(text) == _ref_split_sentences(text)
        n = len(text)
        for stop in (0, n // 3, n // 2):
            assert S.split_sentences(text, 0, n, stop=stop) == \
                _ref_split_sentences(text, 0, n, stop=stop)


def test_boundary_groups() -> None:
    assert S._BOUNDARY.groupindex == S._BOUNDARY_GROUPS == _REF_BOUNDARY.groupindex
    assert S._BOUNDARY.pattern == _REF_BOUNDARY.pattern


_ALPHABET = st.sampled_from(list("aAsdI İ ẞ.,;:\"“”'’()-&\n\tand of said the by SmithUN1 "))
_WORDS = st.sampled_from(["and", " and ", "said", "the", "of", "for", "Police", "U.S.",
                          "Mr.", "also", "on", "Monday", "(UN)", "İ", "ly", "officially",
                          " ", ", ", ". ", "\n", "’s", "'", "IT", "Of", "AND"])
_TEXT = st.one_of(st.text(_ALPHABET, max_size=80),
                  st.lists(_WORDS, max_size=25).map("".join),
                  st.lists(_WORDS, max_size=25).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.integers(0, 90), st.integers(0, 90))
def test_helpers_on_generated(text: str, a: int, b: int) -> None:
    s, e = min(a, b, len(text)), min(max(a, b), len(text))
    assert C._head_noun(text, s, e) == _ref_head_noun(text, s, e)
    assert C._split_conjuncts(text, s, e) == _ref_split_conjuncts(text, s, e)
    assert _new_trim_left_filler(text, s, e) == _ref_trim_left_filler(text, s, e)
    toks = C._tokens(text, s, e)
    assert _new_right_tail(toks) == _ref_right_tail(toks)
    assert C._trim_left_np(text, s, e) == C._trim_left_np(text, s, e)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(0, 90))
def test_split_sentences_on_generated(text: str, stop: int) -> None:
    assert S.split_sentences(text) == _ref_split_sentences(text)
    assert S.split_sentences(text, 0, len(text), stop=stop) == \
        _ref_split_sentences(text, 0, len(text), stop=stop)


# ------------------------------------------------------------------ _new_claim
def test_new_claim_fields_match_claim() -> None:
    names = [f.name for f in fields(C.Claim)]
    assert names == ["cue", "source", "source_type", "anonymous", "agency", "score",
                     "sentence_start", "sentence_end", "source_start", "source_end",
                     "cue_start", "cue_end"]
    assert list(C.Claim.__slots__) == names
    assert not hasattr(C.Claim, "__post_init__")
    assert len(C._CLAIM_SETTERS) == len(names)
    with pytest.raises(ValueError):
        C._new_claim("said", "the ministry")  # (a value per field, no fewer)


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.text(max_size=10), st.text(max_size=10), st.text(max_size=10),
                 st.booleans(), st.one_of(st.none(), st.text(max_size=5)),
                 st.floats(allow_nan=False), *[st.integers(-5, 10_000) for _ in range(6)]))
def test_new_claim_equals_claim(args: tuple) -> None:
    names = [f.name for f in fields(C.Claim)]
    a = C._new_claim(*args)  # type: ignore[arg-type]
    b = C.Claim(**dict(zip(names, args)))  # type: ignore[arg-type]
    assert type(a) is C.Claim
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b)
    assert a.to_dict() == b.to_dict()
    with pytest.raises(AttributeError):
        a.cue = "x"  # type: ignore[misc]  (still frozen)


@pytest.mark.skipif(len(TEXTS) < 100, reason="shared data not available")
def test_claims_on_real_texts_built_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """extract_claims with _new_claim swapped for the dataclass constructor: same claims."""
    sample = TEXTS[:400]
    new = [C.extract_claims(t) for t in sample]
    names = [f.name for f in fields(C.Claim)]
    monkeypatch.setattr(C, "_new_claim", lambda *a: C.Claim(**dict(zip(names, a))))
    old = [C.extract_claims(t) for t in sample]
    assert new == old
    assert [[repr(c) for c in cs] for cs in new] == [[repr(c) for c in cs] for cs in old]
