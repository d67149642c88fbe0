"""Metrics of predictions against gold records (TAXONOMY.md section 6).

:func:`evaluate` returns a flat dict of figures; :func:`format_report` prints them as
the table that ``newsclf evaluate`` shows:

* primary-country accuracy (first predicted country == first gold country),
  countries micro-F1, areas accuracy on articles whose gold countries include PS;
* conflict_types and source_types micro- and macro-F1 with per-label F1;
* agencies micro-F1; claim source-span P/R/F1, source-type and anonymous accuracy;
* calibration of the scores of ``countries``, ``conflict_types`` and ``source_types``
  (:func:`calibration`): expected calibration error, Brier score and a reliability table, so
  that "0.8" can be read as "right about 80% of the time", or not.

:func:`bootstrap_intervals` gives percentile intervals of the headline figures over article
resamples, and :func:`paired_bootstrap` the intervals of the differences between two models'
figures on the same resamples: how far a figure on a few hundred gold articles can be trusted,
and whether a change between two models is more than the noise of the sample.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["evaluate", "format_report", "headline", "set_f1", "multilabel_scores", "INTERVAL_KEYS", "calibration",
           "format_reliability", "CALIBRATED_HEADS",
           "bootstrap_intervals", "paired_bootstrap", "format_intervals", "format_paired"]


def set_f1(pred: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> dict[str, float]:
    """Micro precision/recall/F1 over per-record label sets."""
    tp = fp = fn = 0
    for p, g in zip(pred, gold):
        ps, gs = set(p), set(g)
        tp += len(ps & gs)
        fp += len(ps - gs)
        fn += len(gs - ps)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}


def multilabel_scores(pred: Sequence[Sequence[str]], gold: Sequence[Sequence[str]],
                      labels: Sequence[str]) -> dict[str, Any]:
    """Micro-F1, macro-F1 (over labels with gold support) and per-label F1."""
    per: dict[str, dict[str, float]] = {}
    for label in labels:
        per[label] = set_f1([[label] if label in p else [] for p in pred],
                            [[label] if label in g else [] for g in gold])
    supported = [label for label in labels if per[label]["support"] > 0]
    micro = set_f1(pred, gold)
    return {
        "micro_f1": micro["f1"],
        "micro_precision": micro["precision"],
        "micro_recall": micro["recall"],
        "macro_f1": sum(per[label]["f1"] for label in supported) / len(supported) if supported else 0.0,
        "per_label": per,
    }


#: the heads whose scores :func:`evaluate` checks for calibration
CALIBRATED_HEADS: tuple[str, ...] = ("countries", "conflict_types", "source_types")


def calibration(predictions: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]], head: str, *,
                bins: int = 10) -> dict[str, Any] | None:
    """How well one head's scores match how often its labels are right.

    Every (article, label) score in ``predictions[i]["scores"][head]`` is one forecast, right
    when the gold record has the label. A gold label with no score counts as a forecast of 0
    (for ``countries``, whose scores cover only the article's candidates, a gold country that
    is no candidate; for any head, the labels of an article that abstained); the labels that
    are neither scored nor in gold are left out (for countries, the ones the article never
    names: they would flatter the first bin). Returns ``n`` (forecasts), ``n_unscored`` (gold
    labels counted as 0), ``ece`` (expected calibration error over ``bins`` equal-width bins:
    the mean gap between score and hit rate, weighted by the bin's size), ``brier`` (mean
    squared error) and the non-empty ``bins`` (``lo``, ``hi``, ``n``, ``mean_score``,
    ``hit_rate``); None when no prediction scores the head.
    """
    if bins < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    scores: list[float] = []
    hits: list[bool] = []
    unscored = 0
    for pred, g in zip(predictions, gold):
        all_scores = pred.get("scores")
        s = (all_scores or {}).get(head)
        if s is None:
            if not (pred.get("abstained") and isinstance(all_scores, dict)):
                continue   # no scores asked for, or a model without this head
            s = {}         # an article that abstained: every gold label a forecast of 0
        truth = set(g.get(head, []))
        for label in set(s) | truth:
            scores.append(float(s.get(label, 0.0)))
            hits.append(label in truth)
        unscored += len(truth - set(s))
    if not scores:
        return None
    p = np.clip(np.asarray(scores, dtype=float), 0.0, 1.0)
    y = np.asarray(hits, dtype=float)
    which = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    ece = 0.0
    for b in range(bins):
        mask = which == b
        n = int(mask.sum())
        if n:
            mean_score, hit_rate = float(p[mask].mean()), float(y[mask].mean())
            ece += n / len(p) * abs(mean_score - hit_rate)
            rows.append({"lo": b / bins, "hi": (b + 1) / bins, "n": n, "mean_score": mean_score,
                         "hit_rate": hit_rate})
    return {"n": len(p), "n_unscored": unscored, "ece": ece, "brier": float(((p - y) ** 2).mean()),
            "bins": rows}


def format_reliability(m: Mapping[str, Any]) -> str:
    """The reliability tables of an :func:`evaluate` result: per score bin, the number of
    forecasts, their mean score and how often they were right."""
    lines = []
    for head, c in (m.get("calibration") or {}).items():
        if c is None:
            continue
        lines.append(f"== reliability of {head} scores ({c['n']} forecasts, {c['n_unscored']} of them gold labels "
                     f"with no score counted as 0; ECE {c['ece']:.3f})")
        lines.append(f"{'score bin':>11s} {'n':>6s} {'mean score':>10s} {'hit rate':>8s}")
        for r in c["bins"]:
            lines.append(f"{r['lo']:5.1f}-{r['hi']:<5.1f} {r['n']:6d} {r['mean_score']:10.3f} {r['hit_rate']:8.3f}")
    return "\n".join(lines)


def evaluate(predictions: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]], *,
             conflict_labels: Sequence[str] | None = None,
             source_labels: Sequence[str] | None = None,
             claim_counts: Sequence[Mapping[str, int]] | None = None) -> dict[str, Any]:
    """Compare prediction dicts (``Classification.to_dict()``) with gold records, in order.

    ``claim_counts``: the per-article claim counts of :func:`newsclf.claim_metrics.match_claims`
    for these predictions, when already computed (the bootstrap reuses them across resamples)."""
    from newsclf.claim_metrics import claim_scores
    from newsclf.taxonomy import labels

    if len(predictions) != len(gold):
        raise ValueError(f"predictions and gold must be the same length, got {len(predictions)} and {len(gold)}")
    conflict_labels = conflict_labels or labels("conflict_types")
    source_labels = source_labels or labels("source_types")
    n = len(gold)
    out: dict[str, Any] = {"n": n}
    with_country = [(p, g) for p, g in zip(predictions, gold) if g.get("countries")]
    out["primary_country_accuracy"] = (
        sum(bool(p["countries"]) and p["countries"][0] == g["countries"][0] for p, g in with_country)
        / len(with_country) if with_country else 0.0)
    out["countries"] = set_f1([p["countries"] for p in predictions], [g["countries"] for g in gold])
    ps = [(p, g) for p, g in zip(predictions, gold) if "PS" in g.get("countries", [])]
    out["areas_accuracy_ps"] = (sum(set(p.get("areas", [])) == set(g.get("areas", [])) for p, g in ps) / len(ps)
                                if ps else None)
    out["n_ps"] = len(ps)
    out["conflict_types"] = multilabel_scores([p["conflict_types"] for p in predictions],
                                              [g["conflict_types"] for g in gold], conflict_labels)
    out["source_types"] = multilabel_scores([p["source_types"] for p in predictions],
                                            [g["source_types"] for g in gold], source_labels)
    out["agencies"] = set_f1([p.get("agencies", []) for p in predictions], [g.get("agencies", []) for g in gold])
    if claim_counts is None:
        claim_counts = _claim_counts(predictions, gold)
    elif len(claim_counts) != n:
        raise ValueError(f"claim_counts must have one entry per article ({n}), got {len(claim_counts)}")
    out["claims"] = claim_scores(claim_counts)
    out["calibration"] = {head: calibration(predictions, gold, head) for head in CALIBRATED_HEADS}
    return out


def _claim_counts(predictions: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]) -> list[dict[str, int]]:
    from newsclf.claim_metrics import match_claims

    return [match_claims(list(p.get("claims", [])), list(g.get("claims", []))) for p, g in zip(predictions, gold)]


def _figures(m: Mapping[str, Any]) -> dict[str, Any]:
    """The headline figures of an :func:`evaluate` result, flat and unrounded."""
    return {
        "n": m["n"],
        "primary_country_accuracy": m["primary_country_accuracy"],
        "countries_micro_f1": m["countries"]["f1"],
        "areas_accuracy_ps": m["areas_accuracy_ps"],
        "conflict_types_micro_f1": m["conflict_types"]["micro_f1"],
        "conflict_types_macro_f1": m["conflict_types"]["macro_f1"],
        "source_types_micro_f1": m["source_types"]["micro_f1"],
        "source_types_macro_f1": m["source_types"]["macro_f1"],
        "agencies_f1": m["agencies"]["f1"],
        **{f"claims_{k}": v for k, v in (m.get("claims") or {}).items()},
    }


def headline(m: Mapping[str, Any]) -> dict[str, Any]:
    """The headline figures of an :func:`evaluate` result, flat and rounded (a model manifest's ``metrics``)."""
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in _figures(m).items()}


#: The claims figures that are counts (floats in the metrics dict, printed as integers).
_CLAIM_COUNTS = frozenset({"n_pred", "n_gold", "matched"})


def format_report(m: Mapping[str, Any], *, title: str = "") -> str:
    """A plain-text table of the figures of :func:`evaluate`."""
    lines = [f"== {title} ({m['n']} articles)" if title else f"== {m['n']} articles"]
    lines.append(f"primary-country accuracy   {m['primary_country_accuracy']:.3f}")
    c = m["countries"]
    lines.append(f"countries micro-F1         {c['f1']:.3f}  (P {c['precision']:.3f} R {c['recall']:.3f})")
    if m.get("areas_accuracy_ps") is not None:
        lines.append(f"areas accuracy (PS, n={m['n_ps']})   {m['areas_accuracy_ps']:.3f}")
    for head in ("conflict_types", "source_types"):
        h = m[head]
        lines.append(f"{head:26s} micro-F1 {h['micro_f1']:.3f}  macro-F1 {h['macro_f1']:.3f}  "
                     f"(P {h['micro_precision']:.3f} R {h['micro_recall']:.3f})")
        for label, s in h["per_label"].items():
            if s["support"]:
                lines.append(f"    {label:28s} F1 {s['f1']:.3f}  (n={s['support']})")
    a = m["agencies"]
    lines.append(f"agencies F1                {a['f1']:.3f}  (P {a['precision']:.3f} R {a['recall']:.3f}, n={a['support']})")
    cl = m.get("claims") or {}
    if cl:
        keys = ", ".join(f"{k} {int(v)}" if k in _CLAIM_COUNTS else f"{k} {v:.3f}" if isinstance(v, float)
                         else f"{k} {v}" for k, v in cl.items())
        lines.append(f"claims                     {keys}")
    for head, cal in (m.get("calibration") or {}).items():
        if cal is not None:
            unscored = f", {cal['n_unscored']} of them gold labels with no score, as 0" if cal["n_unscored"] else ""
            lines.append(f"calibration {head:14s} ECE {cal['ece']:.3f}  Brier {cal['brier']:.3f}  "
                         f"({cal['n']} label scores{unscored}; 10 bins)")
    return "\n".join(lines)


#: The headline figures (keys of :func:`headline`) that the bootstrap gives intervals for.
INTERVAL_KEYS: tuple[str, ...] = (
    "primary_country_accuracy", "countries_micro_f1", "areas_accuracy_ps", "conflict_types_micro_f1",
    "conflict_types_macro_f1", "source_types_micro_f1", "source_types_macro_f1", "agencies_f1",
    "claims_f1", "claims_type_accuracy",
)


def _resampled_headlines(runs: Sequence[Sequence[Mapping[str, Any]]], gold: Sequence[Mapping[str, Any]],
                         n_resamples: int, seed: int) -> list[dict[str, list[float]]]:
    """For each run of predictions, every :data:`INTERVAL_KEYS` figure on ``n_resamples`` article
    resamples (drawn with replacement, the same resamples for every run); a figure with no
    article to score on a resample (e.g. no PS article drawn) is left out of that resample."""
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, got {n_resamples}")
    n = len(gold)
    for preds in runs:
        if len(preds) != n:
            raise ValueError(f"predictions and gold must be the same length, got {len(preds)} and {n}")
    if n == 0:
        raise ValueError("no gold article to resample")
    counts = [_claim_counts(preds, gold) for preds in runs]
    rng = np.random.default_rng(seed)
    out: list[dict[str, list[float]]] = [{k: [] for k in INTERVAL_KEYS} for _ in runs]
    for _ in range(n_resamples):
        idx = rng.integers(0, n, size=n).tolist()
        g = [gold[i] for i in idx]
        for r, preds in enumerate(runs):
            h = _figures(evaluate([preds[i] for i in idx], g, claim_counts=[counts[r][i] for i in idx]))
            for k in INTERVAL_KEYS:
                if h.get(k) is not None:
                    out[r][k].append(float(h[k]))
    return out


def _interval(values: Sequence[float], level: float) -> tuple[float, float]:
    lo, hi = np.quantile(np.asarray(values, dtype=np.float64), [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}")


def bootstrap_intervals(predictions: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]], *,
                        n_resamples: int = 1000, level: float = 0.95, seed: int = 0
                        ) -> dict[str, tuple[float, float, float]]:
    """``{figure: (value, low, high)}``: each :data:`INTERVAL_KEYS` figure on all articles and its
    percentile interval at ``level`` over ``n_resamples`` article resamples (articles drawn with
    replacement; claims move with their article). Deterministic for a given ``seed``."""
    _check_level(level)
    full = _figures(evaluate(predictions, gold))
    res = _resampled_headlines([predictions], gold, n_resamples, seed)[0]
    return {k: (float(full[k]), *_interval(res[k], level)) for k in INTERVAL_KEYS
            if full.get(k) is not None and res[k]}


def paired_bootstrap(predictions: Sequence[Mapping[str, Any]], baseline: Sequence[Mapping[str, Any]],
                     gold: Sequence[Mapping[str, Any]], *, n_resamples: int = 1000, level: float = 0.95,
                     seed: int = 0) -> dict[str, tuple[float, float, float, float, float]]:
    """``{figure: (difference, low, high, share higher, share lower)}``: ``predictions`` minus
    ``baseline`` on all articles, the percentile interval of that difference over paired article
    resamples (both runs scored on the same resampled articles), and the shares of resamples where
    ``predictions`` scores higher and lower. An interval that holds 0 means that this gold sample
    does not tell the two apart."""
    _check_level(level)
    a, b = _figures(evaluate(predictions, gold)), _figures(evaluate(baseline, gold))
    ra, rb = _resampled_headlines([predictions, baseline], gold, n_resamples, seed)
    out: dict[str, tuple[float, float, float, float, float]] = {}
    for k in INTERVAL_KEYS:
        if a.get(k) is None or b.get(k) is None or len(ra[k]) != len(rb[k]) or not ra[k]:
            continue
        diff = np.asarray(ra[k]) - np.asarray(rb[k])
        out[k] = (float(a[k]) - float(b[k]), *_interval(diff, level), float((diff > 0).mean()),
                  float((diff < 0).mean()))
    return out


def format_intervals(iv: Mapping[str, tuple[float, float, float]], *, n_resamples: int, level: float) -> str:
    """The table that ``newsclf evaluate --bootstrap`` prints."""
    lines = [f"== {level:.0%} bootstrap intervals ({n_resamples} article resamples)"]
    lines += [f"{k:28s} {v:.3f}  [{lo:.3f}, {hi:.3f}]" for k, (v, lo, hi) in iv.items()]
    return "\n".join(lines)


def format_paired(d: Mapping[str, tuple[float, float, float, float, float]], *, n_resamples: int, level: float,
                  names: tuple[str, str] = ("model", "baseline")) -> str:
    """The table that ``newsclf evaluate --against`` prints."""
    lines = [f"== {names[0]} minus {names[1]}: paired bootstrap, {level:.0%} intervals "
             f"({n_resamples} article resamples)"]
    for k, (v, lo, hi, higher, lower) in d.items():
        lines.append(f"{k:28s} {v:+.3f}  [{lo:+.3f}, {hi:+.3f}]  higher in {higher:.0%}, lower in {lower:.0%} "
                     "of resamples")
    return "\n".join(lines)
