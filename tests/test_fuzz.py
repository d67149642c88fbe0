"""Bounded fuzzing of the text-handling layers with hypothesis (no model needed).

Targets: ``newsclf.article.split_dump`` / ``normalise``, ``newsclf.sentences.split_sentences``
and ``newsclf.claims.extract_claims``. Inputs are arbitrary Unicode plus structure-aware
text built from the tokens these parsers react to (TT markers, captions with credits,
outlet citations, cue words, abbreviations, quotes, brackets, newlines). Each target runs
300 examples; the whole file takes well under 20 s on the 2-core box. For a deeper run,
set ``NEWSCLF_FUZZ_EXAMPLES`` (e.g. 20000).
"""

from __future__ import annotations

import logging
import os
import re
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclf.article import MAX_CHARS, Article, normalise, split_dump
from newsclf.claims import extract_claims
from newsclf.sentences import split_sentences
from newsclf.taxonomy import labels
from tests.test_robustness import news_like_text

FUZZ = settings(max_examples=int(os.environ.get("NEWSCLF_FUZZ_EXAMPLES", "300")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

_LINES = [
    "TT", "", "", "Israeli Strikes Hit Gaza", "Smoke rises over Gaza City (Reuters)", "© Observers",
    "(File – Facebook)", "Friday, January 4, 2019", "GAZA (AFP) — Strikes killed 5, the ministry said.",
    "Protests in Beirut (Reuters) (AP)", "A security source told AFP that 3 were held.",
    '"We will respond," said the army.', "According to the U.N., 1.5 million fled.", "  \t ", "\u00a0",
]


@st.composite
def dump_like(draw) -> str:
    """Scraped-dump-shaped text: lines drawn from headers, captions, markers and prose."""
    lines = draw(st.lists(st.one_of(st.sampled_from(_LINES), st.text(max_size=30)), max_size=25))
    sep = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
    return sep.join(lines)


TEXT = st.one_of(st.text(max_size=600), news_like_text(120), dump_like(),
                 st.text(st.characters(categories=["Cs", "Cc", "Zs", "Zl", "Zp", "Ll", "Po"]), max_size=300))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.fixture(autouse=True)
def _quiet():
    """normalise() logs a warning for dumps holding several articles; keep the fuzz output clean."""
    logging.disable(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
    logging.disable(logging.NOTSET)


def _check_article(art: Article) -> None:
    assert isinstance(art, Article)
    assert isinstance(art.body, str) and isinstance(art.title, str)
    assert len(art.body) <= MAX_CHARS
    assert "\r" not in art.body and "\t" not in art.body
    assert not art.body.startswith((" ", "\n")) and not art.body.endswith((" ", "\n"))
    assert all(isinstance(c, str) and c for c in art.credits)
    assert all(isinstance(o, str) and o for o in art.cited_outlets)


@FUZZ
@given(text=TEXT)
def test_fuzz_normalise(text):
    art = normalise(text)
    _check_article(art)
    assert not _CONTROL.search(art.body) and not _CONTROL.search(art.title)
    art.body.encode("utf-8"), art.title.encode("utf-8")  # lone surrogates were replaced
    # a dict and a (title, body) pair with the same text give the same body
    assert normalise({"text": text}).body == normalise(("", text)).body


@FUZZ
@given(text=TEXT)
def test_fuzz_split_dump(text):
    arts = split_dump(text)
    assert len(arts) >= 1
    for art in arts:
        _check_article(art)


@FUZZ
@given(text=TEXT)
def test_fuzz_split_sentences(text):
    spans = split_sentences(text)
    prev_end = 0
    covered = 0
    for s, e in spans:
        assert 0 <= prev_end <= s < e <= len(text), (s, e, prev_end)  # ordered, non-overlapping, non-empty
        assert not text[s].isspace() and not text[e - 1].isspace()  # stripped
        covered += sum(not ch.isspace() for ch in text[s:e])
        prev_end = e
    # every non-space character belongs to a sentence
    assert covered == sum(not ch.isspace() for ch in text)


@FUZZ
@given(text=TEXT)
def test_fuzz_extract_claims(text):
    body = normalise(text).body  # claims run on normalised bodies ...
    for t in (body, text):  # ... and must not break on raw text either
        for c in extract_claims(t):
            assert 0 <= c.sentence_start <= c.source_start < c.source_end <= c.sentence_end <= len(t)
            assert c.sentence_start <= c.cue_start < c.cue_end <= c.sentence_end
            assert t[c.source_start:c.source_end] == c.source
            assert t[c.cue_start:c.cue_end] == c.cue
            assert c.source_type in labels("source_types")
            assert isinstance(c.anonymous, bool) and 0.0 <= c.score <= 1.0
            assert c.agency is None or (isinstance(c.agency, str) and c.agency)
            c.to_dict()
