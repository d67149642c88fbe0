"""Metrics of predictions against gold records (TAXONOMY.md section 6).

:func:`evaluate` returns a flat dict of figures; :func:`format_report` prints them as
the table that ``newsclf evaluate`` shows:

* primary-country accuracy (first predicted country == first gold country),
  countries micro-F1, areas accuracy on articles whose gold countries include PS;
* conflict_types and source_types micro- and macro-F1 with per-label F1;
* agencies micro-F1; claim source-span P/R/F1, source-type and anonymous accuracy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["evaluate", "format_report", "headline", "set_f1", "multilabel_scores"]


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


def evaluate(predictions: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]], *,
             conflict_labels: Sequence[str] | None = None,
             source_labels: Sequence[str] | None = None) -> dict[str, Any]:
    """Compare prediction dicts (``Classification.to_dict()``) with gold records, in order."""
    from newsclf.claim_metrics import claim_scores, match_claims
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
    counts = [match_claims(list(p.get("claims", [])), list(g.get("claims", []))) for p, g in zip(predictions, gold)]
    out["claims"] = claim_scores(counts)
    return out


def headline(m: Mapping[str, Any]) -> dict[str, Any]:
    """The headline figures of an :func:`evaluate` result, flat and rounded (a model manifest's ``metrics``)."""
    return {
        "n": m["n"],
        "primary_country_accuracy": round(m["primary_country_accuracy"], 4),
        "countries_micro_f1": round(m["countries"]["f1"], 4),
        "areas_accuracy_ps": None if m["areas_accuracy_ps"] is None else round(m["areas_accuracy_ps"], 4),
        "conflict_types_micro_f1": round(m["conflict_types"]["micro_f1"], 4),
        "conflict_types_macro_f1": round(m["conflict_types"]["macro_f1"], 4),
        "source_types_micro_f1": round(m["source_types"]["micro_f1"], 4),
        "source_types_macro_f1": round(m["source_types"]["macro_f1"], 4),
        "agencies_f1": round(m["agencies"]["f1"], 4),
        **{f"claims_{k}": round(v, 4) if isinstance(v, float) else v for k, v in (m.get("claims") or {}).items()},
    }


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
        keys = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in cl.items())
        lines.append(f"claims                     {keys}")
    return "\n".join(lines)
