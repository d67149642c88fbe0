"""Tests for newsclf.sentences.split_sentences."""

from __future__ import annotations

import time

import pytest

from newsclf.sentences import split_sentences


def _sents(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_empty() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []


def test_basic_split_and_offsets() -> None:
    text = "The army said ten people died. Residents fled! Why? Nobody knows."
    spans = split_sentences(text)
    assert _sents(text) == ["The army said ten people died.", "Residents fled!", "Why?",
                            "Nobody knows."]
    for a, b in spans:
        assert text[a:b] == text[a:b].strip()


@pytest.mark.parametrize("text", [
    "U.S. officials said Gen. Smith met Lt. Col. Jones in Washington on Jan. 5 last year.",
    "The U.N. envoy arrived at 10 a.m. local time with Dr. Ahmed and Mr. Khalil.",
    "J. Smith and A. B. Jones of St. George's hospital spoke to No. 10 officials.",
    "The economy grew 3.5 percent while 1.2 million people were displaced.",
    "Sgt. Cohen and Capt. Levi were wounded near the U.A.E. border post.",
])
def test_abbreviations_and_decimals_do_not_split(text: str) -> None:
    assert _sents(text) == [text]


def test_closing_quotes_end_sentence() -> None:
    text = 'He said: "The operation succeeded." The ministry declined to comment.'
    assert _sents(text) == ['He said: "The operation succeeded."',
                            "The ministry declined to comment."]
    text2 = "“We will respond,” he said. “It is our right.” Nobody answered."
    assert _sents(text2) == ["“We will respond,” he said.", "“It is our right.”",
                             "Nobody answered."]


def test_dateline_stays_in_first_sentence() -> None:
    text = "GAZA (AFP) — Israeli strikes killed 12 people, medics said. Hamas denied it."
    assert _sents(text) == ["GAZA (AFP) — Israeli strikes killed 12 people, medics said.",
                            "Hamas denied it."]


def test_paragraph_breaks_always_end_sentence() -> None:
    text = "A headline without a period\n\nThe body starts here and goes on\nNext line."
    assert _sents(text) == ["A headline without a period", "The body starts here and goes on",
                            "Next line."]


def test_lowercase_after_period_does_not_split() -> None:
    text = "The group, known as the Lions of the Den etc. attacked the post."
    assert len(split_sentences(text)) == 1


def test_linear_and_fast() -> None:
    para = ("Syrian authorities on Thursday said forces killed a senior leader of the group. "
            "The U.S. military said Gen. Smith confirmed 3.5 tonnes were seized. ") * 500
    t0 = time.perf_counter()
    spans = split_sentences(para)
    assert time.perf_counter() - t0 < 0.5
    assert len(spans) == 1000
