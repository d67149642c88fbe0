"""A/B of rule cues (``newsclf.conflict_cues``) as features of the conflict-types gold head.

    PYTHONPATH=src nice -n 5 python experiments/conflict_cues_ab.py --data ../shared/data --cache-dir /tmp/ct4
    PYTHONPATH=src python experiments/conflict_cues_ab.py --data ../shared/data "lead x1" base   # some variants

The recipe of ``experiments/conflict_study.py`` with the shipped defaults (features as
``train_shipped.py --hold-out-dev`` builds them, stacked, alpha 1, C 4, lead 300, the weak head
fitted once): the dev head is fitted on gold ``train`` and scored on gold ``dev`` (seeds
excluded) and the 4 seeds; the full-length head is fitted on the WCEP gold ``train`` rows and
scored on the 152 held-out full-length articles (gold wikinews ``train`` + ``dev`` and the
seeds) reading a 300-character lead. A variant appends ``scale`` x the cue columns to the gold
head's rows (never to the weak head's: on weak rows the cues are the labels), as
``fit_text_head_stacked(..., E_gold=...)`` does. Gold ``test`` is never read for scoring.
``lead+title`` adds, ad hoc, the rules fired on the title alone (not a library mode).
Results go to ``<cache-dir>/cues_ab.json``; not logged to MLflow.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "training")]

from conflict_study import HEAD, load_features  # noqa: E402
from train_shipped import load_gold  # noqa: E402

from newsclf.conflict_cues import cue_matrix, rule_fires  # noqa: E402
from newsclf.evaluate import multilabel_scores  # noqa: E402
from newsclf.training import TrainConfig, fit_text_head, fit_text_head_cv, fold_stacked  # noqa: E402

VARIANTS: dict[str, tuple[str | None, float]] = {"base": (None, 0.0)}
for _mode in ("lead", "lead+body"):
    for _s in (0.5, 1.0, 2.0):
        VARIANTS[f"{_mode} x{_s:g}"] = (_mode, _s)
VARIANTS["lead x4"] = ("lead", 4.0)
for _s in (1.0, 2.0):
    VARIANTS[f"lead+title x{_s:g}"] = ("lead+title", _s)


def main(argv: list[str] | None = None) -> int:
    import joblib

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--cache-dir", type=Path, default=Path("/tmp/ct4"), help="features, weak head, results")
    ap.add_argument("--random-state", type=int, default=0,
                    help="TrainConfig.random_state of the gold heads (their calibration folds): a noise probe")
    ap.add_argument("variants", nargs="*", help=f"some of {list(VARIANTS)} (default: all)")
    args = ap.parse_args(argv)
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        ap.error(f"unknown variants {unknown}; known: {list(VARIANTS)}")
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    config = TrainConfig()
    f = load_features(args.data, config, None, args.cache_dir / "feats.joblib")
    gold = load_gold(args.data)
    train = gold["train"]
    dev = [r for r in gold["dev"] if not r.id.startswith("seed-")]
    seeds = [r for r in gold["dev"] if r.id.startswith("seed-")]
    full = [r for r in train + dev if r.id.startswith("wikinews-")] + seeds
    assert len(full) == f["Y_full"].shape[0] and len(dev) == f["Y_dev"].shape[0]
    wp = args.cache_dir / "weak.joblib"
    if wp.exists():
        weak = joblib.load(wp)
    else:
        weak = fit_text_head(HEAD + "_weak", f["labels"], f["X_weak"], f["Y_weak"],
                             TrainConfig.from_dict({**config.to_dict(), "C": config.weak_C}))
        joblib.dump(weak, wp)
    print("features + weak head", round(time.time() - t0), "s", flush=True)
    lead = config.conflict_lead_chars
    sets = (("train", train), ("dev", dev), ("seeds", seeds), ("full", full))
    cues = {mode: {k: cue_matrix([r.article for r in recs], lead, mode) for k, recs in sets}
            for mode in ("lead", "lead+body")}
    title = {k: np.vstack([rule_fires(r.article.title or "") for r in recs]) for k, recs in sets}
    cues["lead+title"] = {k: np.hstack([cues["lead"][k], title[k]]) for k in title}

    gold_cfg = TrainConfig.from_dict({**config.to_dict(), "C": config.stack_C, "random_state": args.random_state})

    def head_for(X, Y, E):
        parts = [sp.csr_matrix(X), sp.csr_matrix(weak.margins(X))] + ([sp.csr_matrix(E)] if E is not None else [])
        h = fit_text_head_cv(HEAD, weak.labels, sp.hstack(parts, format="csr"), Y, gold_cfg)
        return fold_stacked(h, weak, 1.0, 0 if E is None else E.shape[1])

    def score(head, X, E, Y):
        if E is not None:
            X = sp.hstack([X, sp.csr_matrix(E)], format="csr")
        s, lab = head.scores(X), head.labels
        pred = [[lab[j] for j in range(len(lab)) if s[i, j] >= head.thresholds[j]] for i in range(len(Y))]
        gl = [[lab[j] for j in range(len(lab)) if Y[i, j]] for i in range(len(Y))]
        return multilabel_scores(pred, gl, lab), s

    keep, ns, X300 = f["wcep_train"], f["n_full_seeds"], f["X_full"]["300"]
    out_path = args.cache_dir / "cues_ab.json"
    res = json.loads(out_path.read_text()) if out_path.exists() else {}
    for name in args.variants or list(VARIANTS):
        mode, s = VARIANTS[name]

        key = name if args.random_state == 0 else f"{name} rs={args.random_state}"

        def E(k: str, mode=mode, s=s):
            return None if mode is None else s * cues[mode][k]

        t = time.time()
        h = head_for(f["X_train"], f["Y_train"], E("train"))
        d, _ = score(h, f["X_dev"], E("dev"), f["Y_dev"])
        sd, ss = score(h, f["X_seeds"], E("seeds"), f["Y_seeds"])
        h2 = head_for(f["X_train"][keep], f["Y_train"][keep], None if mode is None else E("train")[keep])
        fl, _ = score(h2, X300, E("full"), f["Y_full"])
        fs, _ = score(h2, X300[-ns:], None if mode is None else E("full")[-ns:], f["Y_full"][-ns:])
        res[key] = {"dev_micro": d["micro_f1"], "dev_macro": d["macro_f1"],
                     "dev_per": {k: round(v["f1"], 3) for k, v in d["per_label"].items()},
                     "seeds_dev_micro": sd["micro_f1"], "full_micro": fl["micro_f1"], "full_macro": fl["macro_f1"],
                     "full_per": {k: round(v["f1"], 3) for k, v in fl["per_label"].items()},
                     "seeds_full_micro": fs["micro_f1"],
                     "seed_scores": {lab: [round(float(x), 3) for x in ss[:, j]] for j, lab in enumerate(h.labels)},
                     "seconds": round(time.time() - t)}
        r = res[key]
        print(f"{key:18s} dev {r['dev_micro']:.3f}/{r['dev_macro']:.3f}  full-length {r['full_micro']:.3f}/"
              f"{r['full_macro']:.3f}  seeds {r['seeds_dev_micro']:.3f} (full-length head {r['seeds_full_micro']:.3f})",
              flush=True)
        out_path.write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
