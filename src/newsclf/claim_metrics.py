"""Claim-level evaluation: source-span matching, type and anonymity accuracy.

A predicted claim matches a gold claim of the same article when their normalised
source spans (lower-cased, punctuation stripped, split on whitespace) share at least
half of the gold span's tokens. Matching is one-to-one and greedy: pairs are taken in
decreasing order of overlap (ties: text order).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["normalise_span", "matched_pairs", "match_claims", "claim_scores"]

logger = logging.getLogger(__name__)

_PUNCT = re.compile(r"[^\w\s]")


def normalise_span(span: str) -> list[str]:
    """Tokens of a source span: NFKC, lower-cased, punctuation removed."""
    s = unicodedata.normalize("NFKC", span).lower()
    s = _PUNCT.sub("", s)
    return s.split()


def _overlap(pred: list[str], gold: list[str]) -> int:
    remaining: dict[str, int] = {}
    for t in pred:
        remaining[t] = remaining.get(t, 0) + 1
    n = 0
    for t in gold:
        if remaining.get(t, 0) > 0:
            remaining[t] -= 1
            n += 1
    return n


def matched_pairs(pred: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]
                  ) -> list[tuple[int, int]]:
    """The (pred index, gold index) pairs of one article's claims that match.

    A pair matches when its normalised source spans overlap by at least half of the
    gold span's tokens. Pairing is greedy and one-to-one, largest overlap first.
    """
    ptoks = [normalise_span(str(c.get("source", ""))) for c in pred]
    gtoks = [normalise_span(str(c.get("source", ""))) for c in gold]
    pairs: list[tuple[int, int, int]] = []
    for j, gt in enumerate(gtoks):
        if not gt:
            continue
        for i, pt in enumerate(ptoks):
            ov = _overlap(pt, gt)
            if ov > 0 and 2 * ov >= len(gt):
                pairs.append((-ov, j, i))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, j, i in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def match_claims(pred: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]]
                 ) -> dict[str, int]:
    """Counts for one article.

    Returns a dict with ``n_pred``, ``n_gold``, ``matched``, ``type_correct`` and
    ``anon_correct`` (the last two counted over matched pairs of :func:`matched_pairs`).
    """
    p = list(pred)
    g = list(gold)
    matched = type_ok = anon_ok = 0
    for i, j in matched_pairs(p, g):
        matched += 1
        if p[i].get("source_type") == g[j].get("source_type"):
            type_ok += 1
        if bool(p[i].get("anonymous")) == bool(g[j].get("anonymous")):
            anon_ok += 1
    return {"n_pred": len(p), "n_gold": len(g), "matched": matched,
            "type_correct": type_ok, "anon_correct": anon_ok}


def claim_scores(counts: Iterable[Mapping[str, int]]) -> dict[str, float]:
    """Aggregate per-article counts into precision, recall, F1 and accuracies."""
    tot = {"n_pred": 0, "n_gold": 0, "matched": 0, "type_correct": 0, "anon_correct": 0}
    for c in counts:
        for k in tot:
            tot[k] += int(c.get(k, 0))
    p = tot["matched"] / tot["n_pred"] if tot["n_pred"] else 0.0
    r = tot["matched"] / tot["n_gold"] if tot["n_gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    m = tot["matched"]
    return {
        "precision": p, "recall": r, "f1": f,
        "type_accuracy": tot["type_correct"] / m if m else 0.0,
        "anonymous_accuracy": tot["anon_correct"] / m if m else 0.0,
        "n_pred": float(tot["n_pred"]), "n_gold": float(tot["n_gold"]), "matched": float(m),
    }
