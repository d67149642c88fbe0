"""Input handling found by a new-user review: dumps over the size limit, records without
text, binary files, one record parser for ``classify``, ``explain`` and ``score``, and the
claim counts of ``newsclf evaluate``."""

from __future__ import annotations

import json
import warnings

import pytest

import newsclf.article as article_mod
from newsclf.article import InputTooLongWarning, normalise, split_dump
from newsclf.cli import main
from newsclf.claim_metrics import claim_scores
from newsclf.evaluate import format_report
from tests.conftest import SHIPPED


def _metrics(claims: dict) -> dict:
    head = {"micro_f1": 0.5, "macro_f1": 0.5, "micro_precision": 0.5, "micro_recall": 0.5, "per_label": {}}
    return {"n": 3, "primary_country_accuracy": 0.5,
            "countries": {"f1": 0.5, "precision": 0.5, "recall": 0.5},
            "conflict_types": head, "source_types": head,
            "agencies": {"f1": 0.5, "precision": 0.5, "recall": 0.5, "support": 4},
            "claims": claims}


def test_evaluate_report_prints_claim_counts_as_integers():
    claims = claim_scores([{"n_pred": 294, "n_gold": 337, "matched": 268, "type_correct": 200,
                            "anon_correct": 250}])
    assert isinstance(claims["n_pred"], float)          # the metrics dict keeps its values
    line = next(ln for ln in format_report(_metrics(claims)).splitlines() if ln.startswith("claims"))
    assert "n_pred 294, n_gold 337, matched 268" in line
    assert "precision 0.912" in line and "294.000" not in line


# --------------------------------------------------------------------------- title-only records
def test_a_title_only_record_is_an_article_with_an_empty_body():
    art = normalise({"title": "Israeli jets strike Gaza", "id": 3})
    assert art.title == "Israeli jets strike Gaza" and art.body == "" and art.id == "3"
    assert art.text == "Israeli jets strike Gaza" and not art.is_empty


@pytest.mark.parametrize("rec", [{}, {"id": 1}, {"title": None}, {"headline": "x"}])
def test_a_record_without_text_or_title_names_what_is_expected(rec):
    with pytest.raises(TypeError, match=r"'text' or 'body' key \(or a 'title'"):
        normalise(rec)


def test_a_title_only_record_is_classified(shipped_model):
    res = shipped_model.classify({"title": "Israeli jets strike Gaza"})
    assert res.title == "Israeli jets strike Gaza" and "PS" in res.countries


# --------------------------------------------------------------------------- dumps over the size limit
def _limit(monkeypatch, n: int) -> None:
    monkeypatch.setattr(article_mod, "MAX_CHARS", n)


def test_a_dump_without_markers_is_truncated_like_a_str(monkeypatch):
    _limit(monkeypatch, 1000)
    text = "Israeli forces raided Jenin, officials said. " * 100
    with pytest.warns(InputTooLongWarning, match="article of 4,500 characters truncated"):
        (art,) = split_dump(text)
    with pytest.warns(InputTooLongWarning):
        assert normalise(text) == art
    assert len(art.body) <= 1000 and art.body.startswith("Israeli forces raided Jenin")


def test_each_article_of_a_dump_is_held_to_the_limit(monkeypatch, seed_text):
    want = split_dump(seed_text)
    _limit(monkeypatch, 2500)     # the seed's articles are 2,317 to 3,229 characters long (header included)
    with pytest.warns(InputTooLongWarning) as caught:
        got = split_dump(seed_text)
    assert [str(w.message).split(" characters")[0] for w in caught] == ["article of 3,041", "article of 3,229"]
    assert [a.title for a in got] == [a.title for a in want]
    assert [a.captions for a in got] == [a.captions for a in want]
    assert got[1:3] == want[1:3]  # short enough: unchanged
    for g, w in (got[0], want[0]), (got[3], want[3]):
        assert len(g.text) <= 2500 and w.body.startswith(g.body[:500]) and len(g.body) < len(w.body)


def test_a_long_dump_of_short_articles_is_not_truncated(monkeypatch, seed_text):
    want = split_dump(seed_text)
    _limit(monkeypatch, 3300)     # the dump is longer, each of its articles shorter
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert split_dump(seed_text) == want


def test_cli_classify_truncates_a_long_txt_dump(monkeypatch, tmp_path, capsys):
    _limit(monkeypatch, 5000)
    src = tmp_path / "huge.txt"
    src.write_text("Israeli forces raided Jenin, officials said. " * 3000 + "\n", encoding="utf-8")
    with pytest.warns(InputTooLongWarning, match="135,001 characters truncated"):
        assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "PS" in row["countries"]
