"""Regression check on gold dev: the shipped model still reaches the figures its manifest records.

Code changes in normalisation, the gazetteer, claims or features that lower quality
fail here. (Figures on gold test are printed by ``newsclf evaluate``, not asserted.)
"""

from __future__ import annotations

import pytest

from newsclf.corpus import join_gold
from newsclf.evaluate import evaluate, headline

TOLERANCE = 0.01


@pytest.fixture(scope="module")
def dev_metrics(shipped_model, shared_data):
    recs = join_gold([shared_data / "gold" / "wcep.jsonl", shared_data / "gold" / "wikinews.jsonl"],
                     [shared_data / "wcep" / "wcep_2002_2022.jsonl", shared_data / "wikinews" / "wikinews_2019.jsonl"],
                     splits=["dev"])
    preds = [r.to_dict() for r in shipped_model.classify_articles([r.article for r in recs])]
    return evaluate(preds, [r.labels for r in recs])


@pytest.mark.parametrize("name", [
    "primary_country_accuracy", "countries_micro_f1", "areas_accuracy_ps", "conflict_types_micro_f1",
    "conflict_types_macro_f1",
    "source_types_micro_f1", "agencies_f1", "claims_f1",
])
def test_dev_figures_do_not_regress(shipped_model, dev_metrics, name):
    recorded = shipped_model.manifest["metrics"]["dev"][name]
    now = headline(dev_metrics)[name]
    assert now >= recorded - TOLERANCE, f"{name} fell from {recorded:.3f} to {now:.3f}"
