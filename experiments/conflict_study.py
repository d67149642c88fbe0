"""Conflict types: stacked weak supervision vs one joint fit, and how much of the lead to read.

    nice -n 10 python experiments/conflict_study.py --data ../shared/data
    python experiments/conflict_study.py --data ../shared/data --weak-limit 5000 --no-mlflow   # smoke run

Features are built as ``training/train_shipped.py --hold-out-dev`` builds them (its
``load_gold`` and ``weak_corpus``; the TF-IDF vectorizer fitted on gold ``train`` + the weakly
labelled corpus texts; conflict-types rows read ``lead_text(article, 300)``, the shipped
``TrainConfig.conflict_lead_chars``). Gold ``test`` is never read for scoring.

Two studies, one MLflow run per variant (experiment ``newsclf-conflict-study``):

* ``dev``: heads fitted on gold ``train`` (+ weak rows), calibrated and thresholded on
  3-fold out-of-fold margins of the gold rows (``fit_text_head_cv``), scored on gold ``dev``
  (seeds excluded) and its wikinews subset, and on the 4 seed articles:
  ``joint`` (gold rows weighted ``gold_weight`` against the weak rows, ``C`` = 1),
  ``stacked`` (a head fitted on the weak rows only, ``weak_C`` = 1, gives ``alpha`` x its 11
  margins as extra features to a head fitted on gold rows with ``C``; folded back into one
  head by ``fold_stacked``, exactly as ``fit_text_head_stacked``) and ``gold-only`` (``C`` = 4).
* ``lead``: the shipped recipe (stacked, alpha 1, C 4) fitted on the WCEP gold ``train``
  rows only and scored on the 152 held-out full-length articles (gold wikinews ``train`` +
  ``dev`` and the 4 seeds), which read the title + the first N body characters
  (``newsclf.model.lead_text``; None = the whole text). Only what the held-out articles
  read changes; the fitted head is the same for every N.

The shipped choice (stacked alpha 1, C 4; lead 300) is tagged ``shipped=true``. With
``TrainConfig.conflict_cues`` set, the stacked heads' gold rows also read the rule cues
(``newsclf.conflict_cues``; ``cue_scale`` x them), as ``train_shipped.py`` fits them; the joint
and gold-only variants read the text only.
``--tracking-uri`` defaults to ``sqlite:///experiments/mlflow.db`` (this folder's store).
``--cache /tmp/x.joblib`` keeps the built features between runs (never inside the repo).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "training"))

from train_shipped import load_gold, weak_corpus  # noqa: E402

from newsclf.conflict_cues import cue_matrix  # noqa: E402
from newsclf.evaluate import multilabel_scores  # noqa: E402
from newsclf.heads import LinearHead  # noqa: E402
from newsclf.model import lead_text  # noqa: E402
from newsclf.taxonomy import labels  # noqa: E402
from newsclf.training import (  # noqa: E402
    TrainConfig,
    fit_text_head,
    fit_text_head_cv,
    fit_vectorizer,
    fold_stacked,
    label_matrix,
)

EXPERIMENT = "newsclf-conflict-study"
DEFAULT_URI = f"sqlite:///{HERE / 'mlflow.db'}"
HEAD = "conflict_types"
log = logging.getLogger("conflict_study")


@dataclass(frozen=True)
class Variant:
    """One conflict-types head recipe (``dev`` study) or one lead length (``lead`` study)."""

    study: str                      # "dev" | "lead"
    mode: str                       # "joint" | "stacked" | "gold-only"
    C: float = 4.0
    alpha: float = 1.0              # stacked: scale of the weak margins
    gold_weight: float = 1.0        # joint: weight of gold rows against weak rows
    lead: int | None = 300          # lead study: body characters the held-out articles read

    @property
    def name(self) -> str:
        if self.study == "lead":
            return f"lead={self.lead}"
        if self.mode == "joint":
            return f"joint gold_weight={self.gold_weight:g}"
        if self.mode == "stacked":
            return f"stacked alpha={self.alpha:g} C={self.C:g}"
        return f"gold-only C={self.C:g}"

    @property
    def shipped(self) -> bool:
        ship = TrainConfig()
        stacked = self.mode == "stacked" and self.alpha == ship.stack_alpha and self.C == ship.stack_C
        return stacked and (self.study == "dev" or self.lead == ship.conflict_lead_chars)

    def params(self) -> dict[str, Any]:
        p: dict[str, Any] = {"study": self.study, "mode": self.mode, "C": self.C}
        if self.mode == "stacked":
            p["alpha"] = self.alpha
        if self.mode == "joint":
            p["gold_weight"] = self.gold_weight
        if self.study == "lead":
            p["eval_lead_chars"] = str(self.lead)
        return p


STACK_GRID: list[tuple[float, float]] = [(0.3, 4.0), (0.5, 4.0), (1.0, 4.0), (1.0, 1.0), (1.0, 8.0)]
LEADS: list[int | None] = [None, 300, 500, 800, 1200, 2000]
VARIANTS: list[Variant] = (
    [Variant("dev", "joint", C=1.0, gold_weight=w) for w in (5.0, 20.0)]
    + [Variant("dev", "stacked", C=c, alpha=a) for a, c in STACK_GRID]
    + [Variant("dev", "gold-only", C=4.0)]
    + [Variant("lead", "stacked", C=4.0, alpha=1.0, lead=n) for n in LEADS]
)
DEV_COLUMNS = ["dev micro-F1", "dev macro-F1", "wikinews-dev micro-F1", "seeds micro-F1"]
LEAD_COLUMNS = ["full-length micro-F1", "full-length macro-F1", "seeds micro-F1"]


# --------------------------------------------------------------------------- data
def build_features(data: Path, config: TrainConfig, weak_limit: int | None) -> dict[str, Any]:
    """Matrices and label matrices for every row set, as train_shipped.build(fit_dev=False) builds them."""
    t0 = time.perf_counter()
    gold = load_gold(data)
    gold_ids = {r.id for split in gold.values() for r in split}
    lab = labels(HEAD)
    train = gold["train"]
    dev = [r for r in gold["dev"] if not r.id.startswith("seed-")]
    seeds = [r for r in gold["dev"] if r.id.startswith("seed-")]
    weak_arts, weak_labs = weak_corpus(data, gold_ids, weak_limit)
    log.info("gold train %d, dev %d, seeds %d; weak %d (%.0fs)", len(train), len(dev), len(seeds),
             len(weak_arts), time.perf_counter() - t0)
    vec = fit_vectorizer([r.article.text for r in train] + [a.text for a in weak_arts], config)

    def X(arts: Sequence[Any], lead: int | None = config.conflict_lead_chars) -> sp.csr_matrix:
        return vec.transform([lead_text(a, lead) for a in arts]).astype(np.float32)

    def Y(recs: Sequence[Any]) -> np.ndarray:
        return label_matrix([r.labels[HEAD] for r in recs], lab)

    full = [r for r in train + dev if r.id.startswith("wikinews-")] + seeds  # held-out full-length
    out: dict[str, Any] = {
        "labels": lab, "X_train": X([r.article for r in train]), "Y_train": Y(train),
        "X_dev": X([r.article for r in dev]), "Y_dev": Y(dev),
        "X_seeds": X([r.article for r in seeds]), "Y_seeds": Y(seeds),
        "X_weak": X(weak_arts), "Y_weak": label_matrix([sorted(s) for s in weak_labs], lab),
        "wcep_train": np.array([r.id.startswith("wcep-") for r in train]),
        "wikinews_dev": np.array([r.id.startswith("wikinews-") for r in dev]),
        "Y_full": Y(full), "n_full_seeds": len(seeds),
        "X_full": {str(n): X([r.article for r in full], n) for n in LEADS},
        "weak_limit": weak_limit, "lead_chars": config.conflict_lead_chars, "cues": config.conflict_cues,
    }
    if config.conflict_cues:  # the rule cues of the gold rows (newsclf.conflict_cues), unscaled
        def E(arts: Sequence[Any], lead: int | None = config.conflict_lead_chars) -> np.ndarray:
            return cue_matrix(arts, lead, config.conflict_cues)

        out.update({"E_train": E([r.article for r in train]), "E_dev": E([r.article for r in dev]),
                     "E_seeds": E([r.article for r in seeds]),
                     "E_full": {str(n): E([r.article for r in full], n) for n in LEADS}})
    log.info("features: %d columns, %d held-out full-length articles (%.0fs)", out["X_train"].shape[1],
             len(full), time.perf_counter() - t0)
    return out


def load_features(data: Path, config: TrainConfig, weak_limit: int | None, cache: Path | None) -> dict[str, Any]:
    import joblib

    if cache and cache.is_file():
        feats = joblib.load(cache)
        if (feats["weak_limit"] == weak_limit and feats["lead_chars"] == config.conflict_lead_chars
                and feats.get("cues") == config.conflict_cues):
            log.info("features from %s", cache)
            return feats
    feats = build_features(data, config, weak_limit)
    if cache:
        joblib.dump(feats, cache)
    return feats


# --------------------------------------------------------------------------- heads and scores
def stacked_head(weak: LinearHead, X, Y: np.ndarray, config: TrainConfig, alpha: float, C: float,
                 E: np.ndarray | None = None) -> LinearHead:
    """``fit_text_head_stacked`` with a weak head fitted once and shared by every variant; with the
    rule cues ``E`` (``config.cue_scale`` x them) among the gold head's features."""
    parts = [sp.csr_matrix(X), sp.csr_matrix(alpha * weak.margins(X))]
    if E is not None:
        parts.append(sp.csr_matrix(config.cue_scale * E))
    head = fit_text_head_cv(HEAD, weak.labels, sp.hstack(parts, format="csr"), Y,
                            TrainConfig.from_dict({**config.to_dict(), "C": C}))
    return fold_stacked(head, weak, alpha, 0 if E is None else E.shape[1])


@dataclass
class CachedRecipe:
    """The shipped conflict-types recipe on cached features (see :func:`cached_recipe`)."""

    features: dict[str, Any]
    labels: list[str]
    rows: Callable[[Any, np.ndarray], Any]  # (X, E) -> the gold head's rows: X, weak margins, cues
    fit: Callable[[Any, np.ndarray], tuple[LinearHead, np.ndarray]]  # (rows, Y) -> (head, out-of-fold margins)


def cached_recipe(data: Path, cache_dir: Path) -> CachedRecipe:
    """Features (``cache_dir/study_cues.joblib``) and the weak head (``cache_dir/weak.joblib``),
    built on first use, and the stacked gold head as ``train_shipped.py`` fits it: rows [X, the
    weak head's margins, the rule cues], Platt calibration and per-label thresholds on 3-fold
    out-of-fold margins (returned too)."""
    import joblib
    from sklearn.model_selection import KFold

    cache_dir.mkdir(parents=True, exist_ok=True)
    cfg = TrainConfig()
    f = load_features(data, cfg, None, cache_dir / "study_cues.joblib")
    lab = list(f["labels"])
    wp = cache_dir / "weak.joblib"
    if wp.exists():
        weak = joblib.load(wp)
    else:
        weak = fit_text_head(HEAD + "_weak", lab, f["X_weak"], f["Y_weak"],
                             TrainConfig.from_dict({**cfg.to_dict(), "C": cfg.weak_C}))
        joblib.dump(weak, wp)
    gold_cfg = TrainConfig.from_dict({**cfg.to_dict(), "C": cfg.stack_C})

    def rows(X, E):
        return sp.hstack([sp.csr_matrix(X), sp.csr_matrix(weak.margins(X)), sp.csr_matrix(cfg.cue_scale * E)],
                         format="csr")

    def fit(X, Y):
        oof = np.zeros((X.shape[0], len(lab)), np.float32)
        for tr, te in KFold(3, shuffle=True, random_state=cfg.random_state).split(np.arange(X.shape[0])):
            oof[te] = fit_text_head(HEAD, lab, X[tr], Y[tr], gold_cfg).margins(X[te])
        head = fit_text_head(HEAD, lab, X, Y, gold_cfg)
        head.calibrate_margins(oof, Y)
        return head, oof

    return CachedRecipe(f, lab, rows, fit)


def recipe_from_args(description: str, argv: list[str] | None = None) -> tuple[argparse.Namespace, CachedRecipe]:
    """``--data`` and ``--cache-dir`` parsed, and :func:`cached_recipe` on them (the command line
    of the scripts that study the shipped recipe on cached features)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--cache-dir", type=Path, default=Path("/tmp/ct4"), help="features and weak head")
    args = ap.parse_args(argv)
    return args, cached_recipe(args.data, args.cache_dir)


def with_cues(X, E: np.ndarray | None, config: TrainConfig):
    """The rows a stacked head reads: ``X``, then the scaled rule cues when the features carry them."""
    return X if E is None else sp.hstack([X, sp.csr_matrix(config.cue_scale * E)], format="csr")


def scores(head: LinearHead, X, Y: np.ndarray) -> dict[str, float]:
    s = head.scores(X)
    lab = head.labels
    pred = [[lab[j] for j in range(len(lab)) if s[i, j] >= head.thresholds[j]] for i in range(len(Y))]
    gold = [[lab[j] for j in range(len(lab)) if Y[i, j]] for i in range(len(Y))]
    m = multilabel_scores(pred, gold, lab)
    return {"micro_f1": float(m["micro_f1"]), "macro_f1": float(m["macro_f1"])}


def run_variant(v: Variant, f: dict[str, Any], config: TrainConfig, weak: Callable[[], LinearHead],
                memo: dict[tuple[float, float], LinearHead]) -> dict[str, float]:
    """Fit one variant and return its metrics (MLflow names); ``memo`` keeps the lead study's head."""
    lab = f["labels"]
    E_train = f.get("E_train")  # rule cues (config.conflict_cues): stacked heads only, as train_shipped
    if v.study == "lead":
        keep = f["wcep_train"]
        if (v.alpha, v.C) not in memo:
            memo[v.alpha, v.C] = stacked_head(weak(), f["X_train"][keep], f["Y_train"][keep], config, v.alpha, v.C,
                                              None if E_train is None else E_train[keep])
        head = memo[v.alpha, v.C]
        E_full = None if E_train is None else f["E_full"][str(v.lead)]
        X, Y, ns = with_cues(f["X_full"][str(v.lead)], E_full, config), f["Y_full"], f["n_full_seeds"]
        full, seeds = scores(head, X, Y), scores(head, X[-ns:], Y[-ns:])
        return {"full.micro_f1": full["micro_f1"], "full.macro_f1": full["macro_f1"],
                "seeds.micro_f1": seeds["micro_f1"]}
    cfg = TrainConfig.from_dict({**config.to_dict(), "C": v.C})
    if v.mode == "joint":
        head = fit_text_head_cv(HEAD, lab, f["X_train"], f["Y_train"], cfg, X_extra=f["X_weak"],
                                Y_extra=f["Y_weak"], gold_weight=v.gold_weight)
    elif v.mode == "stacked":
        head = stacked_head(weak(), f["X_train"], f["Y_train"], config, v.alpha, v.C, E_train)
    else:
        head = fit_text_head_cv(HEAD, lab, f["X_train"], f["Y_train"], cfg)
    cues = v.mode == "stacked" and E_train is not None
    X_dev = with_cues(f["X_dev"], f["E_dev"], config) if cues else f["X_dev"]
    X_seeds = with_cues(f["X_seeds"], f["E_seeds"], config) if cues else f["X_seeds"]
    dev = scores(head, X_dev, f["Y_dev"])
    wk = f["wikinews_dev"]
    return {"dev.micro_f1": dev["micro_f1"], "dev.macro_f1": dev["macro_f1"],
            "wikinews_dev.micro_f1": scores(head, X_dev[wk], f["Y_dev"][wk])["micro_f1"],
            "seeds.micro_f1": scores(head, X_seeds, f["Y_seeds"])["micro_f1"]}


# --------------------------------------------------------------------------- output
def markdown_table(results: Sequence[tuple[Variant, dict[str, float]]], study: str) -> str:
    """Markdown table of one study's measured variants (the shipped choice in bold)."""
    keys = (["dev.micro_f1", "dev.macro_f1", "wikinews_dev.micro_f1", "seeds.micro_f1"] if study == "dev"
            else ["full.micro_f1", "full.macro_f1", "seeds.micro_f1"])
    cols = DEV_COLUMNS if study == "dev" else LEAD_COLUMNS
    lines = ["| variant | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for v, m in results:
        if v.study != study:
            continue
        name = f"**{v.name}** (shipped)" if v.shipped else v.name
        lines.append(f"| {name} | " + " | ".join(f"{m[k]:.3f}" for k in keys) + " |")
    return "\n".join(lines)


def log_run(v: Variant, metrics: dict[str, float], info: dict[str, Any], uri: str) -> str:
    """One MLflow run per variant: params, metrics and tags (no artifacts)."""
    import mlflow
    from mlflow.tracking import MlflowClient

    from newsclf.tracking import _artifact_location, resolve_tracking_uri

    uri = resolve_tracking_uri(uri)
    client = MlflowClient(uri)
    exp = client.get_experiment_by_name(EXPERIMENT)
    exp_id = exp.experiment_id if exp else client.create_experiment(
        EXPERIMENT, artifact_location=_artifact_location(uri))
    mlflow.set_tracking_uri(uri)
    with mlflow.start_run(experiment_id=exp_id, run_name=v.name) as run:
        mlflow.log_params({**v.params(), **info})
        mlflow.log_metrics(metrics)
        mlflow.set_tags({"study": v.study, "shipped": str(v.shipped).lower(), "head": HEAD})
        return run.info.run_id


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--weak-limit", type=int, default=None, help="first N weakly labelled rows (quick runs)")
    ap.add_argument("--tracking-uri", default=DEFAULT_URI)
    ap.add_argument("--no-mlflow", action="store_true", help="do not log runs to MLflow")
    ap.add_argument("--cache", type=Path, default=None, help="joblib file for the features (under /tmp)")
    ap.add_argument("--only", choices=["dev", "lead"], default=None, help="run one study only")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = TrainConfig()  # the shipped defaults: weak_C 1, stack_alpha 1, stack_C 4, lead 300
    f = load_features(args.data, config, args.weak_limit, args.cache)
    weak_heads: list[LinearHead] = []

    def weak() -> LinearHead:  # the weak-only head, fitted once (shared by every stacked variant)
        if not weak_heads:
            t = time.perf_counter()
            weak_cfg = TrainConfig.from_dict({**config.to_dict(), "C": config.weak_C})
            weak_heads.append(fit_text_head(f"{HEAD}_weak", f["labels"], f["X_weak"], f["Y_weak"], weak_cfg))
            log.info("weak head fitted on %d rows (%.0fs)", f["X_weak"].shape[0], time.perf_counter() - t)
        return weak_heads[0]

    info = {"n_weak": f["X_weak"].shape[0], "weak_limit": str(args.weak_limit), "weak_C": config.weak_C,
            "conflict_cues": str(config.conflict_cues), "cue_scale": config.cue_scale,
            "train_lead_chars": str(config.conflict_lead_chars), "n_features": f["X_train"].shape[1]}
    # cheapest first: stacked / gold-only, the lead study, then the joint fits (~100k rows x 4 fits each)
    order = sorted((v for v in VARIANTS if args.only in (None, v.study)), key=lambda v: v.mode == "joint")
    results: list[tuple[Variant, dict[str, float]]] = []
    memo: dict[tuple[float, float], LinearHead] = {}
    for v in order:
        if v.mode == "stacked":
            weak()  # fitted once before the first stacked variant: fit_seconds is the gold head's
        t = time.perf_counter()
        metrics = run_variant(v, f, config, weak, memo)
        metrics["fit_seconds"] = round(time.perf_counter() - t, 1)
        results.append((v, metrics))
        run_id = "" if args.no_mlflow else log_run(v, metrics, info, args.tracking_uri)
        log.info("%s: %s %s", v.name, {k: round(x, 3) for k, x in metrics.items()}, run_id)
    results.sort(key=lambda r: VARIANTS.index(r[0]))
    print(f"\nConflict types, gold dev (fitted on gold train + {info['n_weak']} weak rows):\n")
    print(markdown_table(results, "dev"))
    print(f"\nLead read by {f['Y_full'].shape[0]} held-out full-length articles (head fitted on WCEP gold train):\n")
    print(markdown_table(results, "lead"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
