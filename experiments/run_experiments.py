"""Run the experiments that chose the shipped model's settings, logging each to MLflow.

    python experiments/run_experiments.py --data ../shared/data            # the whole grid
    python experiments/run_experiments.py --data ../shared/data --only baseline sgd
    python experiments/run_experiments.py --log-existing /tmp/shipped-repro --wall-seconds 612

Each ``configs/*.toml`` holds ``[experiment] name, question`` and the ``[train]`` keys
(:class:`newsclf.training.TrainConfig`) that differ from the defaults. Every config is
built with ``training/train_shipped.py``'s ``build(config, data, weak_limit=...)``
(``--weak-limit 20000`` by default: the first 20,000 weakly labelled corpus articles
instead of ~105,000, about 5x faster; the shipped model uses all of them) and logged to
the MLflow experiment ``newsclf-experiments`` with its gold-dev metrics only. Selection is
on dev: the ``dev.select`` score is the mean of conflict_types micro- and macro-F1,
source_types micro-F1 and countries micro-F1. Test metrics are logged only for the chosen
run (tag ``chosen=true``). ``experiments/results.py`` prints the table.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import logging
import os
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "src"))

EXPERIMENT = "newsclf-experiments"
DEFAULT_URI = f"sqlite:///{HERE / 'mlflow.db'}"
log = logging.getLogger("run_experiments")


def select_score(m: dict[str, Any]) -> float:
    """The dev selection score: mean of the four headline F1 figures."""
    return (m["conflict_types"]["micro_f1"] + m["conflict_types"]["macro_f1"]
            + m["source_types"]["micro_f1"] + m["countries"]["f1"]) / 4


def data_fingerprint(data: Path) -> str:
    """sha256 over the corpus and gold files that train_shipped.py reads (names and bytes)."""
    import train_shipped as ts

    h = hashlib.sha256()
    files = [data / f for f in ts.CORPUS_FILES.values()] + [data / g for g in ts.GOLD_FILES]
    files.append((data / ts.SEED_FILE).resolve())
    for f in files:
        h.update(f.name.encode())
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def load_configs(names: list[str] | None) -> list[dict[str, Any]]:
    out = []
    for path in sorted((HERE / "configs").glob("*.toml")):
        cfg = tomllib.loads(path.read_text(encoding="utf-8"))
        cfg["file"] = path.name
        if names and cfg["experiment"]["name"] not in names:
            continue
        out.append(cfg)
    return out


def rule_countries(preds: list[dict[str, Any]], articles: list[Any]) -> list[dict[str, Any]]:
    """Replace countries/areas/macro_region with the gazetteer's rule baseline."""
    from newsclf.gazetteer import Gazetteer
    from newsclf.taxonomy import macro_region

    gaz = Gazetteer.default()
    out = []
    for p, art in zip(preds, articles):
        countries = gaz.countries(art.body, art.title or None)
        q = copy.deepcopy(p)
        q["countries"] = countries
        q["areas"] = gaz.areas(art.body, art.title or None) if "PS" in countries else []
        q["macro_region"] = macro_region(countries)
        out.append(q)
    return out


def run_grid(args: argparse.Namespace) -> int:
    import train_shipped as ts

    from newsclf.evaluate import evaluate
    from newsclf.tracking import log_training_run
    from newsclf.training import TrainConfig

    fp = data_fingerprint(args.data)
    gold = ts.load_gold(args.data)
    built: dict[str, tuple[Any, dict[str, Any]]] = {}
    runs: list[dict[str, Any]] = []
    for cfg in load_configs(args.only):
        name = cfg["experiment"]["name"]
        train_keys = dict(cfg.get("train", {}))
        config = TrainConfig.from_dict(train_keys)
        reuse = cfg["experiment"].get("reuse")
        t0 = time.perf_counter()
        if reuse:
            if reuse not in built:
                log.warning("%s reuses %s, which did not run; skipped", name, reuse)
                continue
            model, info = built[reuse]
            info = copy.deepcopy(info)
        else:
            log.info("building %s: %s", name, train_keys)
            model, info = ts.build(config, args.data, weak_limit=args.weak_limit, fit_dev=False)  # dev held out for selection
            built[name] = (model, info)
        dev = info["metrics"]["dev"]
        if not config.use_gazetteer:  # countries from the gazetteer's rules instead of the ranker
            arts = [r.article for r in gold["dev"]]
            preds = [p.to_dict() for p in model.classify_articles(arts)]
            dev = evaluate(rule_countries(preds, arts), [r.labels for r in gold["dev"]])
            info["metrics"]["dev"] = dev
            info["rule_countries"] = True
        dev["select"] = select_score(dev)
        seconds = info["metrics"]["train_seconds"]
        training = {**info["training"], "data_fingerprint": fp, "weak_limit": args.weak_limit,
                    "experiment_file": cfg["file"], "question": cfg["experiment"].get("question", "")}
        run_id = log_training_run(model, None, config=config,
                                  metrics={"dev": dev, "train_seconds": seconds},
                                  training_info=training, tracking_uri=args.tracking_uri, experiment=EXPERIMENT,
                                  run_name=name, log_model=False)
        runs.append({"name": name, "run_id": run_id, "select": dev["select"], "config": config, "info": info,
                     "model": model, "wall": time.perf_counter() - t0})
        log.info("%s: dev select %.4f (%.0fs)", name, dev["select"], time.perf_counter() - t0)
    if not runs:
        return 1
    best = max(runs, key=lambda r: r["select"])
    _mark_chosen(best, args, gold)
    print(json.dumps({r["name"]: round(r["select"], 4) for r in runs}, indent=1))
    print(f"chosen: {best['name']}")
    return 0


def _mark_chosen(best: dict[str, Any], args: argparse.Namespace, gold: dict[str, Any]) -> None:
    """Tag the chosen run and log its gold-test metrics (the only run whose test is seen)."""
    from mlflow import MlflowClient

    from newsclf.evaluate import evaluate
    from newsclf.tracking import flatten_metrics, resolve_tracking_uri

    uri = resolve_tracking_uri(args.tracking_uri)
    client = MlflowClient(uri)
    test = best["info"]["metrics"]["test"]
    if best["info"].get("rule_countries"):
        model = best["model"]
        arts = [r.article for r in gold["test"]]
        test = evaluate(rule_countries([p.to_dict() for p in model.classify_articles(arts)], arts),
                        [r.labels for r in gold["test"]])
    test["select"] = select_score(test)
    for k, v in flatten_metrics(test, "test").items():
        client.log_metric(best["run_id"], k, v)
    client.set_tag(best["run_id"], "chosen", "true")


def log_existing(args: argparse.Namespace) -> int:
    """Log an already trained shipped-model folder (train_shipped.py output) with its timings."""
    from newsclf.model import NewsModel
    from newsclf.tracking import log_training_run
    from newsclf.training import TrainConfig

    folder = Path(args.log_existing)
    model = NewsModel.load(folder)
    metrics = json.loads((folder / "metrics_full.json").read_text(encoding="utf-8"))
    if args.wall_seconds is not None:
        metrics["wall_seconds"] = args.wall_seconds
    training = dict(model.manifest.get("training", {}))
    if args.data:
        training["data_fingerprint"] = data_fingerprint(args.data)
    config = TrainConfig.from_dict(model.config.get("train_config", {}))
    run_id = log_training_run(model, folder, config=config, metrics=metrics, training_info=training,
                              tracking_uri=args.tracking_uri, experiment=args.experiment,
                              run_name=args.run_name or folder.name, register=args.register, alias=args.alias)
    if args.wall_seconds is not None:
        import mlflow

        mlflow.MlflowClient(args.tracking_uri).log_metric(run_id, "wall_seconds", args.wall_seconds)
    print(f"logged {folder} as run {run_id}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--weak-limit", type=int, default=20000, help="weak corpus rows per run (0 = all)")
    ap.add_argument("--only", nargs="*", help="experiment names to run (default: all configs)")
    ap.add_argument("--tracking-uri", default=os.environ.get("MLFLOW_TRACKING_URI", DEFAULT_URI))
    ap.add_argument("--log-existing", help="log this trained model folder instead of running the grid")
    ap.add_argument("--wall-seconds", type=float, help="with --log-existing: measured wall time of the build")
    ap.add_argument("--experiment", default="newsclf-shipped", help="with --log-existing")
    ap.add_argument("--run-name")
    ap.add_argument("--register")
    ap.add_argument("--alias")
    args = ap.parse_args(argv)
    args.weak_limit = args.weak_limit or None
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.log_existing:
        return log_existing(args)
    return run_grid(args)


if __name__ == "__main__":
    sys.exit(main())
