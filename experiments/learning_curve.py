"""Learning curves: do more gold labels move conflict types and countries towards their targets?

    PYTHONPATH=src python experiments/learning_curve.py --data ../shared/data --cache-dir /tmp/ct4

Conflict types: the shipped recipe (stacked: the weak head's margins and the rule cues as
features of a head fitted on gold, 3-fold out-of-fold Platt calibration and per-label
thresholds, as ``experiments/threshold_policy.py`` fits it; features and the weak head cached
in ``--cache-dir``) fitted on random subsets of gold ``train`` (25%, 50%, 75%: three draws
each; 100%: one) and scored on gold ``dev`` (seeds excluded): micro- and macro-F1.

Countries: the candidate ranker of ``training/eval_country_features.py`` (feature set 2,
C 0.3) on the same fractions, scored on dev: primary-country accuracy and micro-F1.

Then a line in log(training size) through the mean of each fraction, and where it would reach
the issue's target if it went on (an extrapolation, to read as "about how many labels", not a
promise: curves flatten). Gold ``test`` is never read.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "training")]

from conflict_study import recipe_from_args  # noqa: E402
from eval_country_features import score as country_score  # noqa: E402
from train_shipped import load_gold  # noqa: E402

from newsclf.evaluate import multilabel_scores  # noqa: E402

FRACTIONS = (0.25, 0.5, 0.75, 1.0)
DRAWS = 3


def trend(sizes: list[int], values: list[float], target: float) -> str:
    """Least-squares line of value on log(size); the size where it would reach ``target``."""
    x, y = np.log(np.asarray(sizes, float)), np.asarray(values, float)
    slope, icpt = np.polyfit(x, y, 1)
    per_doubling = slope * math.log(2)
    if slope <= 0:
        return f"{per_doubling:+.3f} per doubling of the gold labels: more of them does not help"
    need = math.exp((target - icpt) / slope)
    return (f"{per_doubling:+.3f} per doubling of the gold labels; the line reaches {target} at about "
            f"{need:,.0f} labelled records ({need / sizes[-1]:.0f}x gold train)")


def main(argv: list[str] | None = None) -> int:
    args, recipe = recipe_from_args(__doc__.split("\n")[0], argv)
    f, lab, rows = recipe.features, recipe.labels, recipe.rows

    def fit(X, Y):
        return recipe.fit(X, Y)[0]

    X_train, Y_train = rows(f["X_train"], f["E_train"]), f["Y_train"]
    X_dev, Y_dev = rows(f["X_dev"], f["E_dev"]), f["Y_dev"]
    gold_dev = [[lab[j] for j in np.flatnonzero(Y_dev[i])] for i in range(Y_dev.shape[0])]

    gold = load_gold(args.data)
    c_train = gold["train"]
    c_dev = [r for r in gold["dev"] if not r.id.startswith("seed-")]

    n = X_train.shape[0]
    ct: dict[float, list[tuple[float, float]]] = {}
    co: dict[float, list[tuple[float, float]]] = {}
    print("| gold train used | conflict_types dev micro / macro-F1 | countries dev primary / micro-F1 |")
    print("|---|---|---|")
    for frac in FRACTIONS:
        for draw in range(1 if frac == 1.0 else DRAWS):
            idx = np.sort(np.asarray(random.Random(draw).sample(range(n), int(round(frac * n)))))
            head = fit(X_train[idx], Y_train[idx])
            s = head.scores(X_dev)
            pred = [[lab[j] for j in np.flatnonzero(s[i] >= head.thresholds)] for i in range(s.shape[0])]
            m = multilabel_scores(pred, gold_dev, lab)
            ct.setdefault(frac, []).append((float(m["micro_f1"]), float(m["macro_f1"])))
            cidx = sorted(random.Random(draw).sample(range(len(c_train)), int(round(frac * len(c_train)))))
            co.setdefault(frac, []).append(country_score(2, 0.3, [c_train[i] for i in cidx], c_dev))
            print(f"| {frac:.0%} ({len(idx)}), draw {draw} | {m['micro_f1']:.3f} / {m['macro_f1']:.3f} "
                  f"| {co[frac][-1][0]:.3f} / {co[frac][-1][1]:.3f} |", flush=True)
    sizes = [int(round(fr * n)) for fr in FRACTIONS]
    means = {k: [float(np.mean([v[i] for v in d[fr]])) for fr in FRACTIONS]
             for k, d, i in (("ct_micro", ct, 0), ("ct_macro", ct, 1), ("primary", co, 0), ("countries", co, 1))}
    print()
    print("means by fraction:", {k: [round(x, 3) for x in v] for k, v in means.items()})
    print("conflict_types micro-F1:", trend(sizes, means["ct_micro"], 0.80))
    print("conflict_types macro-F1:", trend(sizes, means["ct_macro"], 0.70))
    print("primary-country accuracy:", trend(sizes, means["primary"], 0.95))
    print("countries micro-F1:", trend(sizes, means["countries"], 0.90))
    return 0


if __name__ == "__main__":
    sys.exit(main())
