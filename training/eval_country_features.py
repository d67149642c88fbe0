"""Compare the countries head's candidate feature sets on gold ``dev`` (never ``test``).

    python training/eval_country_features.py --data ../shared/data

For each (feature set, C) the candidate ranker is fitted on gold ``train`` and calibrated on
out-of-fold scores of it (grouped by article), as in ``training/train_shipped.py``; countries
are then selected as :class:`newsclf.model.NewsModel` selects them and scored on gold ``dev``
(the seed articles excluded): primary-country accuracy and countries micro-F1.

``--cv K`` adds the same figures out-of-fold on gold ``train`` (K folds, fixed shuffle): about
six times as many articles as dev, so steadier (one dev article moves dev accuracy by 0.003, and
refitting after a change that touches no dev article moves dev micro-F1 by up to ~0.006).

``--pooled-cv`` adds 5-fold out-of-fold figures on gold train + dev pooled (2,224 articles), the mean
of three shuffles: the steadiest of the three, as the calibrated threshold of a refitted ranker moves
enough to flip near-tied dev articles (a gazetteer change moved dev primary accuracy by -0.009 with
two of its three flips score ties within 0.01, while all three pooled shuffles rose by 0.006-0.009).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_shipped import load_gold  # noqa: E402

from newsclf.evaluate import set_f1  # noqa: E402
from newsclf.model import NewsModel  # noqa: E402
from newsclf.training import TrainConfig, fit_country_head  # noqa: E402


def score(feature_set: int, C: float, train, dev) -> tuple[float, float]:
    cfg = TrainConfig(country_features=feature_set, country_C=C)
    head = fit_country_head([r.article for r in train], [r.labels["countries"] for r in train], cfg, folds=3)
    model = NewsModel(vectorizer=None, text_heads={}, source_head=None, country_head=head,
                      config={"country_features": feature_set})
    preds = [model._select_countries(ranked) for ranked, _ in model._countries_many([r.article for r in dev])]
    gold = [r.labels["countries"] for r in dev]
    with_gold = [(p, g) for p, g in zip(preds, gold) if g]
    primary = sum(bool(p) and p[0] == g[0] for p, g in with_gold) / len(with_gold)
    return primary, set_f1(preds, gold)["f1"]


def cross_val(feature_set: int, C: float, train, k: int = 4) -> tuple[float, float]:
    """Mean primary accuracy and micro-F1 over ``k`` out-of-fold splits of ``train``."""
    idx = list(range(len(train)))
    random.Random(0).shuffle(idx)
    primary = f1 = 0.0
    for fold in range(k):
        held = set(idx[fold::k])
        p, f = score(feature_set, C, [r for i, r in enumerate(train) if i not in held],
                     [train[i] for i in sorted(held)])
        primary += p / k
        f1 += f / k
    return primary, f1


def pooled_cv(feature_set: int, C: float, train, dev, k: int = 5, seeds=(0, 1, 2)) -> tuple[float, float]:
    """Mean primary accuracy and micro-F1 out-of-fold on ``train + dev`` over ``k`` folds and ``seeds``."""
    pool = list(train) + list(dev)
    primary = f1 = 0.0
    for seed in seeds:
        idx = list(range(len(pool)))
        random.Random(seed).shuffle(idx)
        for fold in range(k):
            held = set(idx[fold::k])
            p, f = score(feature_set, C, [r for i, r in enumerate(pool) if i not in held],
                         [pool[i] for i in sorted(held)])
            primary += p / (k * len(seeds))
            f1 += f / (k * len(seeds))
    return primary, f1


def time_candidates(data: Path, feature_sets: list[int], rounds: int = 15) -> None:
    """Print the best-of-``rounds`` time of ``country_candidates`` per full-length article (the Wikinews
    texts with their titles), per feature set: the countries step's feature cost in classify."""
    import json
    import time

    from newsclf.article import normalise
    from newsclf.features import country_candidates
    from newsclf.gazetteer import Gazetteer

    with open(data / "wikinews" / "wikinews_2019.jsonl", encoding="utf-8") as fh:
        arts = [normalise({"title": r["title"], "text": r["text"]}) for r in map(json.loads, fh)]
    gaz = Gazetteer.default()
    for fs in feature_sets:
        for a in arts:
            country_candidates(a, gaz, fs)  # warm the caches
        best = float("inf")
        for _ in range(rounds):
            t0 = time.perf_counter()
            for a in arts:
                country_candidates(a, gaz, fs)
            best = min(best, time.perf_counter() - t0)
        print(f"country_candidates, feature set {fs}: {best / len(arts) * 1e3:.3f} ms per full-length article "
              f"({len(arts)} Wikinews articles, best of {rounds})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--cv", type=int, default=0, metavar="K", help="also K-fold out-of-fold figures on gold train")
    ap.add_argument("--time", action="store_true",
                    help="only time country_candidates per full-length article for the feature sets")
    ap.add_argument("--pooled-cv", action="store_true",
                    help="also 5-fold out-of-fold figures on gold train + dev pooled, mean of 3 shuffles")
    ap.add_argument("--feature-sets", default="1:1.0,1:0.3,2:1.0,2:0.3", help="feature set:C pairs")
    args = ap.parse_args(argv)
    if args.time:
        time_candidates(args.data, sorted({int(p.split(":")[0]) for p in args.feature_sets.split(",")}))
        return 0
    gold = load_gold(args.data)
    dev = [r for r in gold["dev"] if not r.id.startswith("seed-")]
    print(f"gold train {len(gold['train'])} articles -> dev {len(dev)} articles")
    cv = f" {'train-CV acc':>12s} {'CV F1':>6s}" if args.cv else ""
    cv += f" {'pooled acc':>10s} {'pooled F1':>9s}" if args.pooled_cv else ""
    print(f"{'feature set':>11s} {'C':>5s} {'primary acc':>11s} {'micro-F1':>8s}{cv}")
    for pair in args.feature_sets.split(","):
        fs, C = int(pair.split(":")[0]), float(pair.split(":")[1])
        primary, f1 = score(fs, C, gold["train"], dev)
        line = f"{fs:11d} {C:5.1f} {primary:11.3f} {f1:8.3f}"
        if args.cv:
            cp, cf = cross_val(fs, C, gold["train"], args.cv)
            line += f" {cp:12.3f} {cf:6.3f}"
        if args.pooled_cv:
            pp, pf = pooled_cv(fs, C, gold["train"], dev)
            line += f" {pp:10.3f} {pf:9.3f}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
