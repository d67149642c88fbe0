"""Bootstrap intervals and paired model comparison of ``newsclf.evaluate``."""

from __future__ import annotations

import copy

import pytest

from newsclf.evaluate import INTERVAL_KEYS, bootstrap_intervals, evaluate, format_intervals, format_paired, \
    paired_bootstrap


def _record(i: int, *, countries=("SY",), conflict=("armed_clash",), claims=("the ministry",)) -> dict:
    return {
        "countries": list(countries), "areas": [], "conflict_types": list(conflict),
        "source_types": ["official"], "agencies": ["AFP"] if i % 2 else [],
        "claims": [{"cue": "said", "source": s, "source_type": "official", "anonymous": False, "agency": None}
                   for s in claims],
    }


def _gold(n: int = 40) -> list[dict]:
    return [_record(i, countries=("PS", "IL") if i % 3 == 0 else ("SY",),
                    conflict=("airstrike_shelling",) if i % 4 == 0 else ("armed_clash",)) for i in range(n)]


def _noisy(gold: list[dict], every: int) -> list[dict]:
    """A copy of ``gold`` with every ``every``-th article wrong on countries, conflict types and claims."""
    out = copy.deepcopy(gold)
    for i in range(0, len(out), every):
        out[i]["countries"] = ["LB"]
        out[i]["conflict_types"] = ["protest"]
        out[i]["claims"] = [{"cue": "said", "source": "a witness", "source_type": "witness", "anonymous": False,
                             "agency": None}]
    return out


def test_perfect_predictions_have_degenerate_intervals():
    gold = _gold()
    iv = bootstrap_intervals(gold, gold, n_resamples=50)
    for key in ("primary_country_accuracy", "countries_micro_f1", "conflict_types_micro_f1", "claims_f1"):
        assert iv[key] == (1.0, 1.0, 1.0)
    assert set(iv) <= set(INTERVAL_KEYS)
    assert "areas_accuracy_ps" in iv  # gold has PS articles


def test_interval_brackets_the_figure_and_is_deterministic_per_seed():
    gold = _gold(60)
    pred = _noisy(gold, 4)
    iv = bootstrap_intervals(pred, gold, n_resamples=300, seed=1)
    value, lo, hi = iv["primary_country_accuracy"]
    assert value == pytest.approx(evaluate(pred, gold)["primary_country_accuracy"])
    assert lo < value < hi and 0.0 <= lo and hi <= 1.0
    assert bootstrap_intervals(pred, gold, n_resamples=300, seed=1) == iv
    assert bootstrap_intervals(pred, gold, n_resamples=300, seed=2) != iv


def test_paired_bootstrap_of_a_model_against_itself_is_zero():
    gold = _gold()
    pred = _noisy(gold, 5)
    d = paired_bootstrap(pred, pred, gold, n_resamples=100)
    assert all(v == (0.0, 0.0, 0.0, 0.0, 0.0) for v in d.values())
    assert "lower in 0%" in format_paired(d, n_resamples=100, level=0.95)


def test_paired_bootstrap_sees_a_better_model():
    gold = _gold(80)
    better, worse = _noisy(gold, 8), _noisy(gold, 2)
    d = paired_bootstrap(better, worse, gold, n_resamples=200)
    diff, lo, hi, higher, lower = d["countries_micro_f1"]
    assert diff > 0 and lo > 0 and higher > 0.95 and lower == 0.0
    assert d["claims_f1"][1] > 0
    # and the other way round
    assert paired_bootstrap(worse, better, gold, n_resamples=200)["countries_micro_f1"][2] < 0


def test_bad_arguments_are_refused():
    gold = _gold(10)
    with pytest.raises(ValueError, match="n_resamples"):
        bootstrap_intervals(gold, gold, n_resamples=0)
    with pytest.raises(ValueError, match="level"):
        bootstrap_intervals(gold, gold, level=95)
    with pytest.raises(ValueError, match="same length"):
        paired_bootstrap(gold, gold[:5], gold, n_resamples=5)
    with pytest.raises(ValueError, match="claim_counts"):
        evaluate(gold, gold, claim_counts=[])


def test_format_intervals_names_every_figure():
    gold = _gold()
    iv = bootstrap_intervals(_noisy(gold, 3), gold, n_resamples=20)
    text = format_intervals(iv, n_resamples=20, level=0.95)
    assert text.startswith("== 95% bootstrap intervals (20 article resamples)")
    assert all(k in text for k in iv)


# ---------------------------------------------------------------- calibration
def _pred(head: str, scores: dict[str, float]) -> dict:
    return {"scores": {head: scores}}


def test_calibration_of_a_hand_computed_example():
    from newsclf.evaluate import calibration

    # four forecasts at 0.95 (three right) and four at 0.05 (none right), in 10 bins:
    # ECE = 0.5 * |0.95 - 0.75| + 0.5 * |0.05 - 0| = 0.125
    preds = [_pred("conflict_types", {"protest": 0.95, "armed_clash": 0.05})] * 4
    gold = [{"conflict_types": ["protest"]}] * 3 + [{"conflict_types": []}]
    c = calibration(preds, gold, "conflict_types")
    assert c["n"] == 8
    assert c["ece"] == pytest.approx(0.125)
    assert c["brier"] == pytest.approx((3 * 0.05 ** 2 + 0.95 ** 2 + 4 * 0.05 ** 2) / 8)
    assert [(b["lo"], b["n"], b["hit_rate"]) for b in c["bins"]] == [(0.0, 4, 0.0), (0.9, 4, 0.75)]


def test_a_gold_country_without_a_score_is_a_forecast_of_zero_and_unnamed_countries_are_left_out():
    from newsclf.evaluate import calibration

    c = calibration([_pred("countries", {"SY": 0.9})], [{"countries": ["SY", "TR"]}], "countries")
    assert c["n"] == 2
    assert [(b["lo"], b["n"], b["hit_rate"]) for b in c["bins"]] == [(0.0, 1, 1.0), (0.9, 1, 1.0)]


def test_calibration_is_none_without_scores_and_evaluate_reports_every_calibrated_head():
    from newsclf.evaluate import CALIBRATED_HEADS, calibration, evaluate, format_reliability, format_report

    assert calibration([{"countries": []}], [{"countries": ["SY"]}], "countries") is None
    pred = {"countries": ["SY"], "areas": [], "conflict_types": ["armed_clash"], "source_types": [], "agencies": [],
            "claims": [], "scores": {"countries": {"SY": 0.8}, "conflict_types": {"armed_clash": 0.7},
                                     "source_types": {"official": 0.1}}}
    gold = {"countries": ["SY"], "areas": [], "conflict_types": ["armed_clash"], "source_types": [], "agencies": [],
            "claims": []}
    m = evaluate([pred], [gold])
    assert set(m["calibration"]) == set(CALIBRATED_HEADS)
    assert m["calibration"]["conflict_types"]["ece"] == pytest.approx(0.3)
    assert "calibration conflict_types ECE 0.300" in format_report(m)
    assert "reliability of source_types scores (1 forecasts, 0 of them" in format_reliability(m)


def test_an_article_that_abstained_counts_its_gold_labels_as_forecasts_of_zero():
    from newsclf.evaluate import calibration

    preds = [_pred("countries", {"SY": 0.9}), {"scores": {}, "abstained": True}, {"abstained": True}]
    gold = [{"countries": ["SY"]}, {"countries": ["IQ"]}, {"countries": ["LB"]}]
    c = calibration(preds, gold, "countries")
    # the third prediction has no scores at all (scores=False): left out, not a 0
    assert (c["n"], c["n_unscored"]) == (2, 1)
    assert [(b["lo"], b["n"], b["hit_rate"]) for b in c["bins"]] == [(0.0, 1, 1.0), (0.9, 1, 1.0)]
