"""Conflict types: per-label F1 thresholds (shipped) against thresholds tuned for micro-F1.

    PYTHONPATH=src nice -n 5 python experiments/threshold_policy.py --data ../shared/data --cache-dir /tmp/ct4

The recipe of ``experiments/conflict_cues_ab.py`` with the shipped defaults (stacked, alpha 1,
C 4, lead 300, rule cues on the lead; features and the weak head cached in ``--cache-dir``).
The gold head is fitted on gold ``train`` and its 3-fold out-of-fold margins are Platt-scaled
as ``LinearHead.calibrate_margins`` does; four threshold policies are chosen on those
out-of-fold probabilities:

* ``per-label``: each label's F1-optimal threshold (what the shipped heads use);
* ``global``: one threshold for every label, the one that maximises micro-F1 (the issue's
  headline figure; for calibrated scores one shared threshold is the micro-F1 optimum);
* ``micro-ascent``: per-label thresholds moved one at a time to maximise micro-F1;
* ``mean(per,global)``: halfway between the first two.

Each is scored on gold ``dev`` (seeds excluded), and, with a head fitted on the WCEP gold
``train`` rows, on the 152 held-out full-length articles; the difference from ``per-label`` is
given with its paired-bootstrap 95% interval (``newsclf.evaluate.paired_bootstrap``, 500
resamples). Gold ``test`` is never read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "training")]

from conflict_study import recipe_from_args  # noqa: E402

from newsclf.evaluate import multilabel_scores, paired_bootstrap  # noqa: E402
from newsclf.heads import sigmoid  # noqa: E402

GRID = np.linspace(0.05, 0.8, 76)


def micro_f1(P: np.ndarray, Y: np.ndarray, T: np.ndarray) -> float:
    pred, gold = P >= T, Y > 0
    tp, fp, fn = (pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()
    return 2 * tp / (2 * tp + fp + fn)


def policies(per_label: np.ndarray, P: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    """Threshold vectors of the four policies, from out-of-fold probabilities ``P``."""
    g = float(GRID[int(np.argmax([micro_f1(P, Y, np.full(P.shape[1], t)) for t in GRID]))])
    T = per_label.copy()
    for _ in range(3):
        for j in range(len(T)):
            T[j] = max(GRID, key=lambda t: (micro_f1(P, Y, np.r_[T[:j], t, T[j + 1:]]), -abs(t - T[j])))
    return {"per-label": per_label.copy(), "global": np.full(len(T), g), "micro-ascent": T,
            "mean(per,global)": (per_label + g) / 2}


def main(argv: list[str] | None = None) -> int:
    _, recipe = recipe_from_args(__doc__.split("\n")[0], argv)
    f, lab, rows = recipe.features, recipe.labels, recipe.rows

    def fit(X, Y):
        head, oof = recipe.fit(X, Y)
        return head, policies(head.thresholds, sigmoid(oof * head.calib_a + head.calib_b), Y)

    def as_records(Y_or_scores, T=None):
        M = Y_or_scores if T is None else Y_or_scores >= T
        return [{"countries": [], "areas": [], "source_types": [], "agencies": [], "claims": [],
                 "conflict_types": [lab[j] for j in np.flatnonzero(M[i])]} for i in range(M.shape[0])]

    X_train = rows(f["X_train"], f["E_train"])
    keep = f["wcep_train"]
    sets = {"dev": (fit(X_train, f["Y_train"]), rows(f["X_dev"], f["E_dev"]), f["Y_dev"]),
            "full-length": (fit(X_train[keep], f["Y_train"][keep]), rows(f["X_full"]["300"], f["E_full"]["300"]),
                            f["Y_full"])}
    key = "conflict_types_micro_f1"
    results: dict[str, list[str]] = {}
    for name, ((head, pols), X, Y) in sets.items():
        S, gold = head.scores(X), as_records(Y > 0)
        base = as_records(S, pols["per-label"])
        for pol, T in pols.items():
            pred = as_records(S, T)
            m = multilabel_scores([p["conflict_types"] for p in pred], [g["conflict_types"] for g in gold], lab)
            cell = f"{m['micro_f1']:.3f} / {m['macro_f1']:.3f}"
            if pol != "per-label":
                d = paired_bootstrap(pred, base, gold, n_resamples=500)[key]
                cell += f" ({d[0]:+.3f} [{d[1]:+.3f}, {d[2]:+.3f}])"
            results.setdefault(pol, []).append(cell)
    print("| thresholds | gold dev micro / macro-F1 (micro diff [95%]) | 152 full-length articles |")
    print("|---|---|---|")
    for pol, cells in results.items():
        print(f"| {pol} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
