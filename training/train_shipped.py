"""Train the shipped model from the corpora and gold labels in ../shared/data.

    python training/train_shipped.py --data ../shared/data --out models/newsclf-en

Steps (all deterministic for one config):
1. join gold labels to their texts; ``train`` is fitted on, ``dev`` calibrates and
   tunes thresholds, ``test`` is only reported;
2. derive weak conflict-type labels for the unlabelled corpus (training/weak_labels.py),
   leaving out every article that has a gold label;
3. fit the shared TF-IDF features, the conflict-types head (a head fitted on the weak rows
   gives its margins as features to a head fitted on gold, which with ``conflict_cues`` also
   reads the keyword rules fired on each article's lead, newsclf.conflict_cues; ``weak_mode = "joint"`` fits
   gold weighted against weak rows in one go instead), the countries candidate ranker and the source-types head (gold train),
   and the claim source typer (training/source_typer_data.py), and the area head for PS
   articles that name no Palestinian area (newsclf.areas: weak examples only, the corpus
   articles that name one, with their place names masked);
4. evaluate on dev and test, write the model folder with manifest and model card,
   and log the run to MLflow (``--tracking-uri``, default ``sqlite:///experiments/mlflow.db``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from weak_labels import weak_conflict_labels  # noqa: E402

from newsclf.areas import fit_area_head, weak_area_examples  # noqa: E402
from newsclf.article import Article  # noqa: E402
from newsclf.conflict_cues import cue_matrix, with_cues  # noqa: E402
from newsclf.corpus import GoldRecord, join_gold, read_corpus  # noqa: E402
from newsclf.evaluate import evaluate, format_report, headline  # noqa: E402
from newsclf.model import NewsModel, lead_text  # noqa: E402
from newsclf.taxonomy import TAXONOMY_VERSION, labels  # noqa: E402
from newsclf.training import (  # noqa: E402
    TrainConfig,
    fit_country_head,
    fit_source_head,
    fit_text_head,
    fit_text_head_cv,
    fit_text_head_stacked,
    fit_vectorizer,
    label_matrix,
)

log = logging.getLogger("train_shipped")

CORPUS_FILES = {
    "wcep": "wcep/wcep_2002_2022.jsonl",
    "ucdp": "ucdp/ucdp_ged_syria_2016_2019.csv",
    "wikinews": "wikinews/wikinews_2019.jsonl",
}
GOLD_FILES = ["gold/wcep.jsonl", "gold/wikinews.jsonl", "gold/seeds.jsonl"]
SEED_FILE = "../seeds/000_8d499fb1a50e3d79.txt"


def load_gold(data: Path) -> dict[str, list[GoldRecord]]:
    corpora = [data / CORPUS_FILES["wcep"], data / CORPUS_FILES["wikinews"], (data / SEED_FILE).resolve()]
    recs = join_gold([data / g for g in GOLD_FILES], corpora)
    out: dict[str, list[GoldRecord]] = {"train": [], "dev": [], "test": []}
    for r in recs:
        out.setdefault(r.split, []).append(r)
    return out


def weak_corpus(data: Path, exclude: set[str], limit: int | None = None) -> tuple[list[Article], list[set[str]]]:
    arts, labs = [], []
    for key in ("wcep", "ucdp", "wikinews"):
        for art in read_corpus(data / CORPUS_FILES[key]):
            if art.id in exclude:
                continue
            lab = weak_conflict_labels(art)
            if lab is None:
                continue
            arts.append(art)
            labs.append(lab)
            if limit and len(arts) >= limit:
                return arts, labs
    return arts, labs


def build(config: TrainConfig, data: Path, *, weak_limit: int | None = None,
          fit_dev: bool = True) -> tuple[NewsModel, dict[str, Any]]:
    """Fit the shipped model. With ``fit_dev`` gold dev (minus the seed articles) is fitted on
    too, and calibration uses out-of-fold margins; otherwise dev is held out for calibration."""
    t0 = time.perf_counter()
    gold = load_gold(data)
    log.info("gold: %s", {k: len(v) for k, v in gold.items()})
    gold_ids = {r.id for split in gold.values() for r in split}
    ct_labels, st_labels = labels("conflict_types"), labels("source_types")
    seeds = [r for r in gold["dev"] if r.id.startswith("seed-")]
    fit_recs = gold["train"] + ([r for r in gold["dev"] if not r.id.startswith("seed-")] if fit_dev else [])
    cal_recs = [] if fit_dev else [r for r in gold["dev"] if not r.id.startswith("seed-")]

    weak_arts: list[Article] = []
    weak_labs: list[set[str]] = []
    if config.use_weak:
        weak_arts, weak_labs = weak_corpus(data, gold_ids, weak_limit)
        log.info("weak corpus: %d articles", len(weak_arts))
    fit_arts = [r.article for r in fit_recs]
    cal_arts = [r.article for r in cal_recs]

    # shared features: fitted on the training texts only (never gold test or the seeds)
    vec = fit_vectorizer([a.text for a in fit_arts + weak_arts], config)
    X_fit = vec.transform([a.text for a in fit_arts]).astype(np.float32)
    X_cal = vec.transform([a.text for a in cal_arts]).astype(np.float32) if cal_arts else None
    log.info("vectorizer: %d features (%.0fs)", X_fit.shape[1], time.perf_counter() - t0)

    # conflict types: gold + weak rows (stacked: weak head margins as gold-head features; joint: one weighted fit)
    lead = config.conflict_lead_chars  # the head reads each article's title + lead (model.lead_text)

    def ct_rows(arts: list[Article], X_text=None):
        if not arts:
            return None
        if not lead and X_text is not None:
            return X_text
        return vec.transform([lead_text(a, lead) for a in arts]).astype(np.float32)

    X_ct_fit, X_ct_cal = ct_rows(fit_arts, X_fit), ct_rows(cal_arts, X_cal)
    Y_fit = label_matrix([r.labels["conflict_types"] for r in fit_recs], ct_labels)
    X_weak = ct_rows(weak_arts)
    Y_weak = label_matrix([sorted(x) for x in weak_labs], ct_labels) if weak_arts else None
    cues = config.conflict_cues  # rule cues as features of the gold head only (newsclf.conflict_cues)
    cue = {"mode": cues, "scale": config.cue_scale} if cues else None  # the model's config["cues"] entry
    if cue:
        if X_weak is not None and config.weak_mode != "stacked":
            raise ValueError("conflict_cues need weak_mode 'stacked' (on weak rows the cues are the labels)")
        if X_weak is None:  # a gold-only head reads [X, cues] directly
            X_ct_fit = with_cues(X_ct_fit, fit_arts, lead, cue)
        if X_ct_cal is not None:
            X_ct_cal = with_cues(X_ct_cal, cal_arts, lead, cue)
    if X_weak is not None and config.weak_mode == "stacked":
        E_fit = cue_matrix(fit_arts, lead, cues, config.cue_scale) if cue else None
        ct_head = fit_text_head_stacked("conflict_types", ct_labels, X_ct_fit, Y_fit, X_weak, Y_weak, config,
                                        E_gold=E_fit)
        if not fit_dev:
            ct_head.calibrate(X_ct_cal, label_matrix([r.labels["conflict_types"] for r in cal_recs], ct_labels))
    elif fit_dev:
        ct_head = fit_text_head_cv("conflict_types", ct_labels, X_ct_fit, Y_fit, config, X_extra=X_weak,
                                   Y_extra=Y_weak, gold_weight=config.gold_weight)
    else:
        if X_weak is not None:
            X_ct = sp.vstack([X_ct_fit, X_weak], format="csr")
            Y_ct = np.vstack([Y_fit, Y_weak])
            w = np.r_[np.full(X_ct_fit.shape[0], config.gold_weight), np.ones(X_weak.shape[0])]
        else:
            X_ct, Y_ct, w = X_ct_fit, Y_fit, None
        ct_head = fit_text_head("conflict_types", ct_labels, X_ct, Y_ct, config, sample_weight=w, X_cal=X_ct_cal,
                                Y_cal=label_matrix([r.labels["conflict_types"] for r in cal_recs], ct_labels))
    log.info("conflict_types head fitted (%.0fs)", time.perf_counter() - t0)

    # countries: candidate ranker on gold
    country_head = fit_country_head(fit_arts, [r.labels["countries"] for r in fit_recs], config,
                                    cal_articles=cal_arts, cal_countries=[r.labels["countries"] for r in cal_recs],
                                    folds=3)

    # claims' source typer, then the article-level source head over text + claim evidence
    typer = None
    typer_info: dict[str, Any] = {}
    try:
        from source_typer_data import build_examples  # training/source_typer_data.py

        from newsclf.source_typer import SourceTyper

        spans, contexts, ys, typer_info = _typer_examples(build_examples, data)
        typer = SourceTyper.fit(spans, contexts, ys, random_state=config.random_state)
        log.info("source typer: %d examples", len(ys))
    except ImportError as exc:  # the builder is optional for a text-only model
        log.warning("no source typer (%s)", exc)

    # the area of PS articles that name none: weak examples only (the corpus minus every gold record)
    area_texts, area_labels = weak_area_examples(
        [a for key in ("wcep", "wikinews") for a in read_corpus(data / CORPUS_FILES[key])], exclude=gold_ids)
    area_head = fit_area_head(area_texts, area_labels, random_state=config.random_state)
    log.info("area head: %d weak examples (%.0fs)", len(area_labels), time.perf_counter() - t0)

    model = NewsModel(vectorizer=vec, text_heads={"conflict_types": ct_head}, source_head=None,
                      country_head=country_head, source_typer=typer, area_head=area_head,
                      config={"taxonomy_version": TAXONOMY_VERSION, "train_config": config.to_dict(),
                              "lead_chars": {"conflict_types": lead} if lead else {},
                              "cues": {"conflict_types": cue} if cue else {}})
    Xs_fit = model._source_matrix(X_fit, fit_arts, model._claims(fit_arts))
    Ys_fit = label_matrix([r.labels["source_types"] for r in fit_recs], st_labels)
    if fit_dev:
        model.source_head = fit_text_head_cv("source_types", st_labels, Xs_fit, Ys_fit, config)
    else:
        Xs_cal = model._source_matrix(X_cal, cal_arts, model._claims(cal_arts))
        model.source_head = fit_source_head(Xs_fit, Ys_fit, st_labels, config, X_cal=Xs_cal,
                                            Y_cal=label_matrix([r.labels["source_types"] for r in cal_recs], st_labels))
    seconds = time.perf_counter() - t0
    log.info("model fitted in %.0fs", seconds)

    metrics: dict[str, Any] = {"train_seconds": round(seconds, 1)}
    for split, recs in (("dev", [r for r in gold["dev"] if not r.id.startswith("seed-")]), ("test", gold["test"]),
                        ("seeds", seeds)):
        if not recs:
            continue
        preds = [p.to_dict() for p in model.classify_articles([r.article for r in recs])]
        metrics[split] = evaluate(preds, [r.labels for r in recs])
        note = " (fitted on: in-sample)" if split == "dev" and fit_dev else ""
        print(format_report(metrics[split], title=f"gold {split}{note}"))
    training = {
        "data_root": "../shared/data (read by path, not copied)",
        "corpus_files": list(CORPUS_FILES.values()),
        "gold_files": GOLD_FILES,
        "n_gold": {k: len(v) for k, v in gold.items()},
        "fitted_on": "gold train + dev (seed articles held out)" if fit_dev else "gold train",
        "calibration": "3-fold out-of-fold margins" if fit_dev else "gold dev",
        "n_weak": len(weak_arts),
        "weak_label_counts": {lab: int(sum(lab in s for s in weak_labs)) for lab in ct_labels},
        "source_typer": typer_info,
        "area_head": {"n_weak": len(area_labels), "by_label": dict(Counter(area_labels)),
                      "C": 1.0, "min_prob": area_head.min_prob},
        "config": config.to_dict(),
    }
    return model, {"metrics": metrics, "training": training}


def _typer_examples(build_examples, data: Path):
    """Source-typer examples from training/source_typer_data.py, with their counts by origin."""
    exs = build_examples(data)
    info = {"n_examples": len(exs), "by_origin": dict(Counter(e.origin for e in exs)),
            "by_label": dict(Counter(e.label for e in exs))}
    return [e.span for e in exs], [e.context for e in exs], [e.label for e in exs], info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train the shipped newsclf model.")
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("models/newsclf-en"))
    ap.add_argument("--config", type=Path, help="TOML file with TrainConfig keys under [train]")
    ap.add_argument("--weak-limit", type=int, default=None, help="cap on weak corpus rows (for quick runs)")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--tracking-uri", help="MLflow store (default: $MLFLOW_TRACKING_URI or sqlite:///experiments/mlflow.db)")
    ap.add_argument("--no-mlflow", action="store_true", help="do not log the run to MLflow")
    ap.add_argument("--register", default=None, help="register the logged model under this name (e.g. newsclf)")
    ap.add_argument("--alias", default=None, help="alias for the registered version (e.g. champion)")
    ap.add_argument("--hold-out-dev", action="store_true",
                    help="do not fit on gold dev; calibrate on it instead (for model selection)")
    ap.add_argument("--overwrite", action="store_true")
    args = ap.parse_args(argv)
    if (args.register or args.alias) and (args.no_mlflow or args.no_save):
        ap.error("--register/--alias need the run logged to MLflow: drop --no-mlflow and --no-save")
    if not args.no_save and args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        # checked before minutes of training; --overwrite replaces a saved model, never other files
        if not (args.out / "manifest.json").is_file():
            ap.error(f"--out {args.out} exists and holds no newsclf model: choose a new or empty folder")
        if not args.overwrite:
            ap.error(f"--out {args.out} exists and is not an empty folder; pass --overwrite to replace it")
    if not (args.no_save or args.no_mlflow):  # a bad store or registry name fails now, not after training
        from newsclf.tracking import check_experiment, check_registry_names, resolve_tracking_uri

        try:
            check_registry_names(args.register, args.alias)
            check_experiment(resolve_tracking_uri(args.tracking_uri, create=False), "newsclf-shipped")
        except ValueError as exc:
            ap.error(str(exc))
    if not (args.data / "gold" / "wcep.jsonl").is_file():
        ap.error(f"--data {args.data} holds no gold/wcep.jsonl (resolved: {args.data.resolve()}): pass the "
                 "../shared/data folder (the default is relative to the working directory)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    cfg: dict[str, Any] = {}
    if args.config:
        cfg = tomllib.loads(args.config.read_text()).get("train", {})
    config = TrainConfig.from_dict(cfg)
    model, info = build(config, args.data, weak_limit=args.weak_limit, fit_dev=not args.hold_out_dev)
    if not args.no_save:
        from newsclf.modelcard import render_card

        metrics = {k: headline(v) for k, v in info["metrics"].items() if isinstance(v, dict)}
        metrics["train_seconds"] = info["metrics"]["train_seconds"]
        model.save(args.out, overwrite=args.overwrite, metrics=metrics, training=info["training"])
        (args.out / "MODEL_CARD.md").write_text(render_card(model.manifest, info["metrics"]), encoding="utf-8")
        (args.out / "metrics_full.json").write_text(json.dumps(info["metrics"], indent=1), encoding="utf-8")
        print(f"saved {args.out}")
        if not args.no_mlflow:
            from newsclf.tracking import log_training_run

            run_id = log_training_run(model, args.out, config=config, metrics=info["metrics"],
                                      training_info=info["training"], tracking_uri=args.tracking_uri,
                                      experiment="newsclf-shipped", run_name=args.out.name,
                                      register=args.register, alias=args.alias)
            print(f"logged MLflow run {run_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
