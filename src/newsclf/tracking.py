"""MLflow tracking of newsclf training runs, and the model as an MLflow pyfunc.

Every training run (:func:`newsclf.train`, ``newsclf train``, ``training/train_shipped.py``)
goes through :func:`log_training_run`, which logs to a SQLite store: by default
``sqlite:///experiments/mlflow.db`` relative to the working directory, or
``$MLFLOW_TRACKING_URI``, or the ``tracking_uri`` passed. The file store is refused and
registry stages are never used: a registered version gets an alias (``champion``).

A run holds:

* params: the :class:`~newsclf.training.TrainConfig`, the data fingerprint (sha256 over
  ids, texts and labels) and the number of training examples per label;
* metrics: per head and per label on the evaluation split(s), and ``train_seconds``;
* artifacts: ``reports/*.json`` (classification reports), ``plots/*.png`` (per-label F1
  bars, calibration curves of the calibrated scores), ``MODEL_CARD.md``, and the model
  as an MLflow pyfunc (``model/``) that holds the saved folder and newsclf's own source,
  so ``mlflow models serve`` needs nothing but the pinned requirements.

Importing this module imports mlflow (``pip install 'newsclf[train]'``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mlflow.pyfunc

__all__ = [
    "DEFAULT_TRACKING_URI",
    "NewsclfPyfunc",
    "resolve_tracking_uri",
    "check_registry_names",
    "check_experiment",
    "log_training_run",
    "flatten_metrics",
    "pip_requirements",
    "model_signature",
    "OUTPUT_COLUMNS",
]

logger = logging.getLogger(__name__)

DEFAULT_TRACKING_URI = "sqlite:///experiments/mlflow.db"
#: columns of the pyfunc's output, one row per input article (``newsclf score``'s, ``claims``
#: and ``scores`` as JSON strings)
OUTPUT_COLUMNS = ("id", "countries", "areas", "macro_region", "conflict_types", "source_types", "agencies",
                  "credits", "claims", "scores", "abstained")
_LIST_COLUMNS = ("countries", "areas", "conflict_types", "source_types", "agencies", "credits")


def resolve_tracking_uri(uri: str | None = None, *, create: bool = True) -> str:
    """The tracking URI to use: ``uri``, else ``$MLFLOW_TRACKING_URI``, else the SQLite default.

    Raises ``ValueError`` for a file store (a plain path or ``file:`` URI). Creates the
    folder of a SQLite database (unless ``create`` is false: a check before training).
    """
    uri = uri or os.environ.get("MLFLOW_TRACKING_URI") or DEFAULT_TRACKING_URI
    if uri.startswith("file:") or "://" not in uri:
        raise ValueError(f"tracking URI {uri!r} is a file store; newsclf logs to a database store, "
                         f"e.g. {DEFAULT_TRACKING_URI}")
    if uri.startswith("sqlite:") and not uri.startswith("sqlite:///"):
        raise ValueError(f"tracking URI {uri!r} is no SQLite database file: use sqlite:///relative/path.db or "
                         "sqlite:////absolute/path.db (three or four slashes)")
    if uri.startswith("sqlite:///") and create:
        db = Path(uri[len("sqlite:///"):])
        db.parent.mkdir(parents=True, exist_ok=True)
    return uri


def check_registry_names(register: str | None, alias: str | None) -> None:
    """Raise ``ValueError`` for a registered-model name or alias that MLflow's registry refuses
    (``a/b``, ``a:b``; the aliases ``latest`` and ``v2``, or with spaces), before any training."""
    from mlflow.exceptions import MlflowException
    from mlflow.utils import validation

    # MLflow's own (private) validators, so the rules are those of the installed MLflow; one that a
    # future MLflow renames is skipped (the registry still refuses the name, only later)
    checks = [(register, "_validate_model_name"), (alias, "_validate_model_alias_name"),
              (alias, "_validate_model_alias_name_reserved")]
    try:
        for value, name in checks:
            check = getattr(validation, name, None)
            if value is not None and check is not None:
                check(value)
    except MlflowException as exc:
        raise ValueError(f"MLflow registry: {exc.message}") from None


def check_experiment(uri: str, experiment: str) -> None:
    """Raise ``ValueError`` when ``experiment`` was deleted in the store (MLflow refuses to start a run in
    it); a name that does not exist yet is fine, it is created. A SQLite database that does not exist
    yet is not created here."""
    from mlflow import MlflowClient

    if not isinstance(experiment, str) or not experiment.strip():
        raise ValueError(f"MLflow experiment name must be a non-empty string, got {experiment!r}")
    if uri.startswith("sqlite:///") and not Path(uri[len("sqlite:///"):]).is_file():
        return  # a new store holds no deleted experiment
    exp = MlflowClient(uri).get_experiment_by_name(experiment)
    if exp is not None and exp.lifecycle_stage == "deleted":
        raise ValueError(f"MLflow experiment {experiment!r} was deleted in {uri}: restore it (mlflow experiments "
                         f"restore --experiment-id {exp.experiment_id}) or choose another experiment name")


def _artifact_location(uri: str) -> str | None:
    """Artifacts of a SQLite store go next to the database, in ``artifacts/``."""
    if uri.startswith("sqlite:///"):
        db = Path(uri[len("sqlite:///"):]).resolve()
        return (db.parent / "artifacts").as_uri()
    return None


# --------------------------------------------------------------------------- pyfunc
class NewsclfPyfunc(mlflow.pyfunc.PythonModel):
    """A saved newsclf model folder as an MLflow pyfunc.

    Input: a DataFrame with a ``text`` column and optional ``title`` and ``id`` columns
    (or a list of such dicts). Output: a DataFrame with one row per input row and the
    columns of :data:`OUTPUT_COLUMNS` (lists of label ids; ``claims`` and ``scores``, head ->
    label -> score as :meth:`Classification.to_dict` gives them, as JSON strings), plus
    ``labels_<head>`` for each custom text head.
    """

    #: the signature is given explicitly at logging; MLflow need not wrap predict by its type hints
    _skip_type_hint_validation = True

    def load_context(self, context: Any) -> None:
        from newsclf.model import NewsModel

        self.model = NewsModel.load(context.artifacts["model_dir"])

    # model_input is left unannotated: MLflow reads predict's type hints as a schema
    def predict(self, context, model_input, params=None):  # type: ignore[no-untyped-def]
        import pandas as pd

        if isinstance(model_input, Mapping):
            model_input = pd.DataFrame([dict(model_input)])
        elif isinstance(model_input, list):
            model_input = pd.DataFrame([dict(r) for r in model_input])
        if not isinstance(model_input, pd.DataFrame):
            raise TypeError(f"expected a DataFrame with a 'text' column, got {type(model_input).__name__}")
        if "text" not in model_input.columns:
            raise ValueError(f"input needs a 'text' column; columns present: {list(model_input.columns)}")
        items = []
        for rec in model_input.to_dict("records"):
            text = rec.get("text")
            # a null text (None, or the NaN pandas gives a missing string) is no text; anything
            # else that is no str or bytes is refused by classify_many, naming the row
            missing = text is None or text is pd.NA or (isinstance(text, float) and text != text)
            item = {"text": "" if missing else text}
            title = rec.get("title")
            if isinstance(title, str) and title:
                item["title"] = title
            if rec.get("id") is not None and not (isinstance(rec["id"], float) and rec["id"] != rec["id"]):
                item["id"] = str(rec["id"])
            items.append(item)
        return predictions_frame(self.model, items)


def predictions_frame(model: Any, items: list[dict[str, Any]]) -> Any:
    """Classify ``items`` and return the pyfunc's output DataFrame (one row per item)."""
    import pandas as pd

    from newsclf.retrain import predicted_labels

    try:
        results = model.classify_many(items) if items else []
    except Exception as exc:  # noqa: BLE001 - one row must not fail the frame (a Spark task, a serving request)
        if isinstance(exc, TypeError) and not all(_is_article(item) for item in items):
            raise   # a row that is no article: classify's message names it
        logger.warning("a frame of %d rows failed as a whole; classifying its rows one by one", len(items),
                       exc_info=True)
        results = [_one_row(model, item, i) for i, item in enumerate(items)]
    custom = [h for h in model.text_heads if h != "conflict_types"]
    rows = []
    for res in results:
        d = res.to_dict()
        row = {"id": d.get("id"), **{c: d[c] for c in _LIST_COLUMNS}, "macro_region": d["macro_region"],
               "claims": json.dumps(d["claims"], ensure_ascii=False),
               "scores": json.dumps(d["scores"], ensure_ascii=False), "abstained": bool(d["abstained"])}
        for h in custom:
            row[f"labels_{h}"] = predicted_labels(model, res, h)
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS) + [f"labels_{h}" for h in custom])
    # one row per article, never one prediction for the whole frame
    assert len(out) == len(items), f"{len(out)} predictions for {len(items)} inputs"
    return out


def _is_article(item: dict[str, Any]) -> bool:
    """Whether classify reads ``item`` as an article: its TypeError for one that is not is the
    caller's error; a TypeError raised while classifying an article is newsclf's, isolated."""
    from newsclf.article import normalise

    try:
        normalise(item)
    except TypeError:
        return False
    return True


def _one_row(model: Any, item: dict[str, Any], i: int) -> Any:
    """One row's result; an abstained one (the error logged) when classifying it raises."""
    from newsclf.result import Classification

    try:
        return model.classify_many([item])[0]
    except Exception as exc:  # noqa: BLE001
        logger.error("row %d abstains: classifying it failed with %s: %s", i, type(exc).__name__, exc)
        return Classification(abstained=True, id=item.get("id"), taxonomy_version=model.taxonomy_version)


def model_signature(custom_heads: list[str] = ()) -> Any:
    """Input and output schema of :class:`NewsclfPyfunc`."""
    from mlflow.models import ModelSignature
    from mlflow.types.schema import Array, ColSpec, DataType, Schema

    inputs = Schema([ColSpec(DataType.string, "text"), ColSpec(DataType.string, "title", required=False),
                     ColSpec(DataType.string, "id", required=False)])
    cols = [ColSpec(DataType.string, "id", required=False)]
    for c in OUTPUT_COLUMNS[1:]:
        if c in _LIST_COLUMNS:
            cols.append(ColSpec(Array(DataType.string), c))
        elif c == "abstained":
            cols.append(ColSpec(DataType.boolean, c))
        else:
            cols.append(ColSpec(DataType.string, c, required=c != "macro_region"))
    cols += [ColSpec(Array(DataType.string), f"labels_{h}") for h in custom_heads]
    return ModelSignature(inputs=inputs, outputs=Schema(cols))


def pip_requirements() -> list[str]:
    """Pinned requirements of the pyfunc (newsclf itself travels as code, not from PyPI)."""
    from importlib.metadata import version

    pins = [f"scikit-learn=={version('scikit-learn')}", f"skops=={version('skops')}", f"numpy=={version('numpy')}",
            f"scipy=={version('scipy')}", f"pandas=={version('pandas')}", f"mlflow=={version('mlflow')}"]
    return pins


def _package_source(tmp: Path) -> Path:
    """A copy of the running newsclf package without caches or bundled models."""
    import newsclf

    src = Path(newsclf.__file__).resolve().parent
    dst = tmp / "newsclf"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_models"))
    return dst


# --------------------------------------------------------------------------- metrics
def flatten_metrics(metrics: Mapping[str, Any], prefix: str = "") -> dict[str, float]:
    """Nested metric dicts as MLflow metric names: ``dev.conflict_types.micro_f1``,
    ``dev.conflict_types.f1.airstrike`` (per-label F1), ``train_seconds``."""
    flat: dict[str, float] = {}
    for k, v in metrics.items():
        name = f"{prefix}.{k}" if prefix else str(k)
        if k == "per_label" and isinstance(v, Mapping):
            for label, s in v.items():
                if isinstance(s, Mapping) and "f1" in s:
                    flat[f"{prefix}.f1.{label}"] = float(s["f1"])
        elif isinstance(v, Mapping):
            flat.update(flatten_metrics(v, name))
        elif isinstance(v, (int, float)) and not isinstance(v, bool) and v == v:
            flat[name] = float(v)
    return flat


def _splits(metrics: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Evaluation dicts by split: the shipped form {dev, test, seeds} or a single ``eval``."""
    named = {k: v for k, v in metrics.items() if isinstance(v, Mapping) and "n" in v}
    if named:
        return named
    heads = {k: v for k, v in metrics.items() if isinstance(v, Mapping)}
    return {"eval": {"n": metrics.get("n", 0), **heads}} if heads else {}


def _reports(splits: Mapping[str, Mapping[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for split, m in splits.items():
        (folder / f"{split}.json").write_text(json.dumps(m, indent=1, default=str), encoding="utf-8")
        for head, hm in m.items():
            if isinstance(hm, Mapping) and "per_label" in hm:
                (folder / f"{split}_{head}.json").write_text(json.dumps(hm, indent=1), encoding="utf-8")


def _plots(splits: Mapping[str, Mapping[str, Any]], curves: Mapping[str, Any] | None, folder: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    for split, m in splits.items():
        for head, hm in m.items():
            if not (isinstance(hm, Mapping) and "per_label" in hm):
                continue
            per = hm["per_label"]
            labels = list(per)
            fig, ax = plt.subplots(figsize=(7, 0.32 * len(labels) + 1.2))
            ax.barh(labels, [per[label]["f1"] for label in labels], color="#4c72b0")
            for i, label in enumerate(labels):
                ax.text(min(per[label]["f1"] + 0.01, 0.9), i, f"n={per[label]['support']}", va="center", fontsize=7)
            ax.set_xlim(0, 1)
            ax.invert_yaxis()
            ax.set_xlabel("F1")
            ax.set_title(f"{head} per-label F1 ({split}, micro {hm.get('micro_f1', 0):.3f})")
            fig.tight_layout()
            fig.savefig(folder / f"f1_{split}_{head}.png", dpi=90)
            plt.close(fig)
    for head, c in (curves or {}).items():
        y, s = np.asarray(c["y"]), np.asarray(c["scores"])
        if y.size == 0:
            continue
        bins = np.linspace(0, 1, 11)
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1)
        series = [("all labels", y.ravel(), s.ravel())]
        order = np.argsort(-y.sum(axis=0))[:6] if y.shape[1] > 1 else []
        series += [(c["labels"][j], y[:, j], s[:, j]) for j in order if y[:, j].sum() >= 5]
        for name, yy, ss in series:
            idx = np.clip(np.digitize(ss, bins) - 1, 0, 9)
            xs, ys = [], []
            for b in range(10):
                mask = idx == b
                if mask.sum():
                    xs.append(float(ss[mask].mean()))
                    ys.append(float(yy[mask].mean()))
            ax.plot(xs, ys, marker="o", lw=2 if name == "all labels" else 1, label=name)
        ax.set_xlabel("calibrated score")
        ax.set_ylabel("fraction positive")
        ax.set_title(f"{head}: calibration on the evaluation rows")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(folder / f"calibration_{head}.png", dpi=90)
        plt.close(fig)


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_\-. :/]")


def _mlflow_name(name: str) -> str:
    """A param or metric name MLflow accepts: a custom label id may hold any character ('riot & unrest',
    'paix (café)'), MLflow names only alphanumerics, ``_ - . : /`` and spaces. Unsafe characters become
    ``_`` (and a name over MLflow's 250 characters is cut), with a digest of the original name so that
    two labels never share a name."""
    if not _UNSAFE_NAME.search(name) and len(name) <= 250:
        return name
    return f"{_UNSAFE_NAME.sub('_', name)[:240]}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:6]}"


def _params(config: Any, training_info: Mapping[str, Any]) -> dict[str, str]:
    cfg = config.to_dict() if hasattr(config, "to_dict") else dict(config or {})
    params: dict[str, str] = {}
    for k, v in cfg.items():
        if k == "extra" and isinstance(v, Mapping):
            params.update({f"extra.{ek}": json.dumps(ev) if not isinstance(ev, str) else ev for ek, ev in v.items()})
        else:
            params[k] = json.dumps(v) if isinstance(v, (list, dict)) else str(v)
    fp = training_info.get("data_fingerprint") or training_info.get("data_sha256")
    if fp:
        params["data_sha256"] = str(fp)
    for k in ("eval_data_sha256", "n_rows", "n_train", "n_eval", "n_weak", "eval_source"):
        if training_info.get(k) is not None:
            params[k] = str(training_info[k])
    if training_info.get("n_gold"):
        params["n_gold"] = json.dumps(training_info["n_gold"])
    for head, counts in (training_info.get("label_counts") or {}).items():
        for label, n in counts.items():
            params[f"count.{head}.{label}"] = str(n)
    for label, n in (training_info.get("weak_label_counts") or {}).items():
        params[f"count.weak.{label}"] = str(n)
    return {_mlflow_name(k): v[:6000] for k, v in params.items()}


# --------------------------------------------------------------------------- run
def log_training_run(model: Any, model_dir: str | os.PathLike[str] | None, *, config: Any, metrics: Mapping[str, Any],
                     training_info: Mapping[str, Any], tracking_uri: str | None = None, experiment: str = "newsclf",
                     run_name: str | None = None, register: str | None = None, alias: str | None = None,
                     eval_predictions: Mapping[str, Any] | None = None, log_model: bool = True) -> str:
    """Log one training run to MLflow and return its run id.

    Args:
        model: the fitted :class:`~newsclf.model.NewsModel`.
        model_dir: the folder it was saved to (logged inside the pyfunc); may be None
            when ``log_model`` is False.
        config: its :class:`~newsclf.training.TrainConfig` (or the dict of one).
        metrics: either ``{"dev": evaluate(...), "test": ..., "train_seconds": s}`` (the shipped
            model) or one evaluation dict ``{"n": n, head: scores, ...}`` (:func:`newsclf.train`).
        training_info: data fingerprint (``data_fingerprint`` or ``data_sha256``), counts
            (``label_counts`` head -> label -> n, ``weak_label_counts``), ``train_seconds``.
        tracking_uri: the store (see :func:`resolve_tracking_uri`).
        experiment, run_name: MLflow experiment and run names.
        register, alias: registered model name and the alias to point at the new version.
        eval_predictions: head -> {"labels", "y", "scores"} (calibrated scores on the
            evaluation rows) for calibration curves.
        log_model: log the pyfunc (the experiment grid logs metrics only).
    """
    import mlflow
    from mlflow import MlflowClient

    import newsclf

    uri = resolve_tracking_uri(tracking_uri)
    check_registry_names(register, alias)
    model_dir = Path(model_dir) if model_dir is not None else None
    if log_model and model_dir is None:
        raise ValueError("log_model=True needs the saved model folder (model_dir)")
    if register and not log_model:
        raise ValueError("register needs log_model=True")
    previous = mlflow.get_tracking_uri() if mlflow.is_tracking_uri_set() else None
    mlflow.set_tracking_uri(uri)
    try:
        client = MlflowClient(uri)
        check_experiment(uri, experiment)
        exp = client.get_experiment_by_name(experiment)
        exp_id = exp.experiment_id if exp else client.create_experiment(
            experiment, artifact_location=_artifact_location(uri))
        splits = _splits(metrics)
        flat: dict[str, float] = {}
        for split, m in splits.items():
            flat.update(flatten_metrics({k: v for k, v in m.items()}, split))
        flat = {_mlflow_name(k): v for k, v in flat.items()}
        seconds = metrics.get("train_seconds", training_info.get("train_seconds"))
        if seconds is not None:
            flat["train_seconds"] = float(seconds)
        custom_heads = [h for h in model.text_heads if h != "conflict_types"]
        with mlflow.start_run(experiment_id=exp_id, run_name=run_name) as run:
            mlflow.set_tags({"newsclf_version": newsclf.__version__, "taxonomy_version": model.taxonomy_version,
                             "custom_taxonomy": str(bool(model.config.get("custom_taxonomy", False))),
                             "heads": ",".join(model.heads)})
            mlflow.log_params(_params(config, training_info))
            if flat:
                mlflow.log_metrics(flat)
            with tempfile.TemporaryDirectory(prefix="newsclf-mlflow-") as tmpd:
                tmp = Path(tmpd)
                _reports(splits, tmp / "reports")
                mlflow.log_artifacts(str(tmp / "reports"), "reports")
                (tmp / "training_info.json").write_text(json.dumps(training_info, indent=1, default=str),
                                                        encoding="utf-8")
                mlflow.log_artifact(str(tmp / "training_info.json"))
                try:
                    _plots(splits, eval_predictions, tmp / "plots")
                    mlflow.log_artifacts(str(tmp / "plots"), "plots")
                except ImportError as exc:  # matplotlib comes with mlflow; keep the run if it is missing
                    logger.warning("no plots: %s", exc)
                if model_dir is not None and (model_dir / "MODEL_CARD.md").is_file():
                    mlflow.log_artifact(str(model_dir / "MODEL_CARD.md"))
                if not log_model:
                    return run.info.run_id
                import pandas as pd

                example = pd.DataFrame([{"text": "Israeli air strikes hit Gaza City on Tuesday, the health "
                                                 "ministry said.", "title": "Strikes on Gaza"}])
                info = mlflow.pyfunc.log_model(
                    name="model", python_model=NewsclfPyfunc(), artifacts={"model_dir": str(model_dir)},
                    signature=model_signature(custom_heads), input_example=example,
                    pip_requirements=pip_requirements(), code_paths=[str(_package_source(tmp))],
                    registered_model_name=register,
                )
            if register:
                version = info.registered_model_version
                if alias:
                    client.set_registered_model_alias(register, alias, str(version))
                logger.info("registered %s version %s%s", register, version, f" as @{alias}" if alias else "")
            elif alias:
                logger.warning("alias %r ignored: the model is not registered (pass register=NAME)", alias)
            logger.info("logged MLflow run %s to %s", run.info.run_id, uri)
            return run.info.run_id
    finally:
        # set_tracking_uri also sets $MLFLOW_TRACKING_URI: leave the caller's (or no) URI behind, so that
        # the next run without tracking_uri, the caller's own MLflow code and subprocesses are not redirected
        mlflow.set_tracking_uri(previous)  # type: ignore[arg-type]  (None unsets both)
