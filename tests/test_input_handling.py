"""Input handling found by a new-user review: dumps over the size limit, records without
text, binary files, one record parser for ``classify``, ``explain`` and ``score``, and the
claim counts of ``newsclf evaluate``."""

from __future__ import annotations

import pytest

from newsclf.article import normalise
from newsclf.claim_metrics import claim_scores
from newsclf.evaluate import format_report


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
