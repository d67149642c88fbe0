"""Print the experiment runs of the MLflow store as a Markdown table.

    python experiments/results.py                       # experiments/mlflow.db, newsclf-experiments
    python experiments/results.py --experiment newsclf-shipped

One row per run (newest run of each name), with the config keys that differ from
:class:`newsclf.training.TrainConfig`'s defaults and the gold-dev metrics; the chosen run
(tag ``chosen=true``) is marked and its gold-test metrics are printed below the table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

DEFAULT_URI = f"sqlite:///{HERE / 'mlflow.db'}"
COLUMNS = [
    ("select", "dev.select"),
    ("CT micro-F1", "dev.conflict_types.micro_f1"),
    ("CT macro-F1", "dev.conflict_types.macro_f1"),
    ("ST micro-F1", "dev.source_types.micro_f1"),
    ("ST macro-F1", "dev.source_types.macro_f1"),
    ("countries F1", "dev.countries.f1"),
    ("primary country acc.", "dev.primary_country_accuracy"),
    ("train s", "train_seconds"),
]


def _default_params() -> dict[str, str]:
    from newsclf.training import TrainConfig

    out = {}
    for k, v in TrainConfig().to_dict().items():
        if k != "extra":
            out[k] = json.dumps(v) if isinstance(v, (list, dict)) else str(v)
    return out


def table(tracking_uri: str, experiment: str) -> str:
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    if exp is None:
        return f"no experiment {experiment!r} in {tracking_uri}"
    runs = client.search_runs([exp.experiment_id], order_by=["attributes.start_time ASC"])
    latest: dict[str, Any] = {}
    for r in runs:  # newest run of each name wins
        latest[r.info.run_name] = r
    defaults = _default_params()
    lines = ["| run | config (diff from defaults) | " + " | ".join(c for c, _ in COLUMNS) + " |",
             "|---|---|" + "---|" * len(COLUMNS)]
    chosen = None
    for name, r in latest.items():
        diff = [f"{k}={v}" for k, v in r.data.params.items() if k in defaults and v != defaults[k]]
        if r.data.params.get("weak_limit"):
            diff.append(f"weak_limit={r.data.params['weak_limit']}")
        mark = " **(chosen)**" if r.data.tags.get("chosen") == "true" else ""
        if mark:
            chosen = r
        vals = []
        for _, key in COLUMNS:
            v = r.data.metrics.get(key)
            vals.append("-" if v is None else (f"{v:.0f}" if key == "train_seconds" else f"{v:.3f}"))
        lines.append(f"| {name}{mark} | {', '.join(diff) or 'defaults'} | " + " | ".join(vals) + " |")
    if chosen is not None:
        test = [(c, chosen.data.metrics.get(k.replace("dev.", "test.", 1))) for c, k in COLUMNS if k.startswith("dev.")]
        lines += ["", f"Gold test of the chosen run ({chosen.info.run_name}): "
                  + ", ".join(f"{c} {v:.3f}" for c, v in test if v is not None)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Markdown table of the experiment runs in the MLflow store.")
    ap.add_argument("--tracking-uri", default=os.environ.get("MLFLOW_TRACKING_URI", DEFAULT_URI))
    ap.add_argument("--experiment", default="newsclf-experiments")
    args = ap.parse_args(argv)
    print(table(args.tracking_uri, args.experiment))
    return 0


if __name__ == "__main__":
    sys.exit(main())
