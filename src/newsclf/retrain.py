"""Retraining newsclf on your own labels: :func:`train` and the ``newsclf train`` command.

>>> import newsclf
>>> model = newsclf.train("my_labels.jsonl", heads={"conflict_types": ["riot", "strike", "peace"]},
...                       out="models/my-model")                                  # doctest: +SKIP

Data
    A path to JSON Lines (``.jsonl``/``.ndjson``/``.json``), CSV (``.csv``/``.tsv``) or
    Parquet (``.parquet``); a Hugging Face ``datasets.Dataset`` or ``DatasetDict`` (its
    ``train`` split; its ``validation``/``dev`` split becomes the evaluation data when
    ``eval_data`` is not given); a pandas DataFrame; or a list of dicts. One row is one
    article: a text column, an optional title and id column, and one column per head
    holding a list of label ids (in CSV a delimited string ``"riot|strike"`` or a JSON list).

Heads
    ``conflict_types`` (text head), ``source_types`` (text + claim evidence head) and
    ``countries`` (the gazetteer candidate ranker, ISO 3166-1 alpha-2 codes) are the
    built-in heads; ``None`` or ``"builtin"`` keeps the built-in label set and validates
    against it, a list replaces it with your own taxonomy. Any other name adds a text head
    (its label set is the list given, or the labels seen in the data when ``None``).
    With ``base_model``, heads not retrained are kept from it and its vectorizer is shared
    (set ``config={"extra": {"refit_vectorizer": True}}`` to refit it; every text head
    then has to be retrained). The area head (the Palestinian area of a ``PS`` article that
    names none, :mod:`newsclf.areas`) is kept from ``base_model``: it reads its own features.

Calibration and thresholds
    Heads are fitted on the training rows and Platt-calibrated, with per-label F1-optimal
    thresholds, on the evaluation rows: ``eval_data`` when given, else an internal
    stratified split of ``data`` (``config.extra["eval_fraction"]``, default 0.2): rows are
    grouped by their rarest label and each group sends that fraction (at least one row
    when it has two or more, never all of them) to evaluation, chosen with
    ``random_state``. Datasets under 10 rows get no split and uncalibrated 0.5 thresholds.
    The evaluation rows give the metrics logged to MLflow and written to the model card.

Bad input raises :class:`~newsclf.exceptions.UnknownLabelError` (with the valid ids and
the closest match) or :class:`~newsclf.exceptions.TrainingDataError` (with counts); a
label with fewer than 5 training examples warns.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import os
import re
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsclf.article import Article, normalise
from newsclf.conflict_cues import with_cues
from newsclf.corpus import loads_json
from newsclf.exceptions import TrainingDataError, UnknownLabelError
from newsclf.model import NewsModel, lead_text
from newsclf.taxonomy import TAXONOMY_VERSION, Taxonomy
from newsclf.training import (
    TrainConfig,
    fit_country_head,
    fit_source_head,
    fit_text_head,
    fit_vectorizer,
    label_matrix,
)

__all__ = [
    "BUILTIN_HEADS",
    "MIN_EXAMPLES",
    "TrainingData",
    "load_records",
    "parse_labels",
    "prepare",
    "stratified_split",
    "predicted_labels",
    "train",
    "main",
    "load_toml_config",
]

logger = logging.getLogger(__name__)

#: heads that newsclf knows and can retrain
BUILTIN_HEADS = ("conflict_types", "source_types", "countries")
#: fewer training examples than this for a label gives a warning
MIN_EXAMPLES = 5
#: keys of ``TrainConfig.extra`` that :func:`train` reads
_EXTRA_KEYS = {"eval_fraction", "refit_vectorizer"}
_HEAD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_JSONL = {".jsonl", ".ndjson", ".json"}
_CSV = {".csv", ".tsv"}
_PARQUET = {".parquet", ".pq"}


# --------------------------------------------------------------------------- data
def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return False


def _read_path(path: Path, fmt: str | None) -> list[dict[str, Any]]:
    if not path.exists():
        raise FileNotFoundError(f"training data {path} does not exist")
    kind = (fmt or "").lower().lstrip(".") or path.suffix.lower().lstrip(".")
    if f".{kind}" in _JSONL or kind == "jsonl":
        text = path.read_text(encoding="utf-8-sig")  # (a byte-order mark is no text)
        if text.lstrip().startswith("["):  # a JSON array of records
            try:
                records = loads_json(text)
            except ValueError as exc:
                raise TrainingDataError(f"{path}: {exc}") from exc
            for i, r in enumerate(records, 1):
                if not isinstance(r, dict):
                    raise TrainingDataError(f"{path}: record {i} is a JSON {type(r).__name__}, not an object")
            return [dict(r) for r in records]
        rows = []
        # lines end at "\n" (read_text folds CRs): str.splitlines also breaks at U+2028 or U+0085,
        # which JSON allows raw inside a string
        for lineno, line in enumerate(text.split("\n"), 1):
            if line.strip():
                try:
                    rec = loads_json(line)
                except ValueError as exc:
                    raise TrainingDataError(f"{path}:{lineno}: {exc}") from exc
                if not isinstance(rec, dict):
                    raise TrainingDataError(f"{path}:{lineno}: a JSON {type(rec).__name__} is no record; "
                                            "each line holds one object")
                rows.append(rec)
        return rows
    if f".{kind}" in _CSV:
        import pandas as pd

        df = pd.read_csv(path, sep="\t" if kind == "tsv" else ",", dtype=str, keep_default_na=False)
        return df.to_dict("records")
    if f".{kind}" in _PARQUET:
        import pandas as pd

        return pd.read_parquet(path).to_dict("records")
    raise TrainingDataError(f"cannot tell the format of {path}: use .jsonl, .csv or .parquet, or pass format=")


def _is_hf(obj: Any, cls: str) -> bool:
    return type(obj).__module__.startswith("datasets") and type(obj).__name__ == cls


def load_records(data: Any, *, fmt: str | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
    """Rows of ``data`` as dicts, and the rows of a bundled evaluation split (or None).

    A ``DatasetDict`` gives its ``train`` split and, as evaluation rows, its
    ``validation`` (or ``dev``) split when it has one.
    """
    if data is None:
        raise TrainingDataError("no training data given (data=None)")
    if isinstance(data, (str, os.PathLike)):
        return _read_path(Path(data), fmt), None
    if _is_hf(data, "DatasetDict") or _is_hf(data, "IterableDatasetDict"):
        if "train" not in data:
            raise TrainingDataError(f"DatasetDict has no 'train' split; splits: {sorted(data)}")
        ev = next((data[k] for k in ("validation", "dev") if k in data), None)
        return [dict(r) for r in data["train"]], None if ev is None else [dict(r) for r in ev]
    if _is_hf(data, "Dataset") or _is_hf(data, "IterableDataset"):
        return [dict(r) for r in data], None
    if type(data).__module__.startswith("pandas") and hasattr(data, "to_dict"):
        return data.to_dict("records"), None
    if isinstance(data, Sequence) and not isinstance(data, (bytes, bytearray)):
        rows = []
        for i, r in enumerate(data):
            if not isinstance(r, Mapping):
                raise TypeError(f"row {i} of the training data is a {type(r).__name__}, expected a dict")
            rows.append(dict(r))
        return rows, None
    raise TypeError(
        f"training data must be a path (JSON Lines, CSV, Parquet), a datasets.Dataset, a pandas "
        f"DataFrame or a list of dicts; got {type(data).__name__}"
    )


def parse_labels(value: Any, *, row: int, column: str, delimiter: str = "|") -> list[str]:
    """Label ids of one cell: a list, or a delimited / JSON-list string; missing means none."""
    if _is_missing(value):
        return []
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return []
        if s.startswith("["):
            try:
                value = json.loads(s)
            except json.JSONDecodeError as exc:
                raise TrainingDataError(f"row {row}, column {column!r}: invalid JSON list {s[:60]!r}") from exc
        else:
            return [p.strip() for p in s.split(delimiter) if p.strip()]
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        out = []
        for v in value:
            if _is_missing(v):
                continue
            if not isinstance(v, (str, np.str_)):
                raise TrainingDataError(f"row {row}, column {column!r}: label {v!r} is a "
                                        f"{type(v).__name__}; label ids are strings")
            if str(v).strip():
                out.append(str(v).strip())
        return out
    raise TrainingDataError(f"row {row}, column {column!r}: expected a list of label ids or a "
                            f"{delimiter!r}-delimited string, got {type(value).__name__} {value!r:.60}")


@dataclass
class TrainingData:
    """Validated training rows: articles, label sets per head, ids and counts."""

    articles: list[Article]
    labels: dict[str, list[list[str]]]           # head -> per-row label ids
    ids: list[str]
    taxonomy: dict[str, tuple[str, ...]]          # head -> label ids (countries: all codes)
    custom: dict[str, bool]                       # head -> label set differs from the built-in one
    columns: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.articles)

    def subset(self, idx: Sequence[int]) -> "TrainingData":
        return TrainingData([self.articles[i] for i in idx], {h: [v[i] for i in idx] for h, v in self.labels.items()},
                            [self.ids[i] for i in idx], self.taxonomy, self.custom, self.columns)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for head, sets in self.labels.items():
            c = Counter(label for s in sets for label in s)
            ids = self.taxonomy[head] if head != "countries" else tuple(sorted(c))
            out[head] = {label: int(c.get(label, 0)) for label in ids}
        return out

    def fingerprint(self) -> str:
        """sha256 over ids, texts and labels, in row order."""
        h = hashlib.sha256()
        for i, art in enumerate(self.articles):
            h.update(json.dumps([self.ids[i], art.text, {k: self.labels[k][i] for k in sorted(self.labels)}],
                                ensure_ascii=False, sort_keys=True).encode("utf-8"))
            h.update(b"\n")
        return h.hexdigest()


def _resolve_heads(heads: Mapping[str, Any] | None, label_columns: Mapping[str, str] | None,
                   columns: Sequence[str]) -> dict[str, Any]:
    if heads is None:
        names = list(label_columns) if label_columns else [h for h in BUILTIN_HEADS if h in columns]
        if not names:
            raise TrainingDataError(
                f"no label column found: pass heads= or label_columns=, or name a column after a built-in "
                f"head {list(BUILTIN_HEADS)}; columns present: {sorted(columns)}")
        heads = {h: None for h in names}
    out: dict[str, Any] = {}
    for name, spec in heads.items():
        if name == "areas":
            raise ValueError("areas are not a trainable head: they come from the gazetteer for PS articles")
        if not _HEAD_NAME.match(name):
            raise ValueError(f"head name {name!r} must match {_HEAD_NAME.pattern} (it becomes a file name)")
        if isinstance(spec, str):
            if spec != "builtin":
                raise ValueError(f"head {name!r}: a label set is a list of ids or 'builtin', got {spec!r}")
            spec = None
        if spec is not None:
            spec = [str(s) for s in spec]
            if not spec:
                raise ValueError(f"head {name!r}: the label set is empty")
            dup = [k for k, n in Counter(spec).items() if n > 1]
            if dup:
                raise ValueError(f"head {name!r}: duplicate label ids {dup}")
            if name == "countries":
                raise ValueError("countries use ISO 3166-1 alpha-2 codes; pass None or 'builtin' for this head")
        if spec is None and name not in BUILTIN_HEADS and name != "countries":
            spec = None  # inferred from the data below
        out[name] = spec
    return out


def prepare(rows: Sequence[Mapping[str, Any]], *, text_column: str = "text", title_column: str | None = None,
            id_column: str | None = None, heads: Mapping[str, Any] | None = None,
            label_columns: Mapping[str, str] | None = None, delimiter: str = "|",
            taxonomy: Mapping[str, Sequence[str]] | None = None, warn_rare: bool = True) -> TrainingData:
    """Check and convert raw rows; raise on anything that cannot be used as given.

    ``taxonomy`` fixes the label sets (used for evaluation data, which must follow the
    training data's taxonomy).
    """
    n = len(rows)
    if n == 0:
        raise TrainingDataError("the training data has 0 rows; it needs articles with labels")
    columns: list[str] = []
    for r in rows:
        for k in r:
            if k not in columns:
                columns.append(k)
    resolved = _resolve_heads(heads, label_columns, columns)
    label_columns = dict(label_columns or {})
    stray = sorted(set(label_columns) - set(resolved))
    if stray:
        raise ValueError(f"label_columns ([labels]) names heads that are not trained: {stray}; "
                         f"heads: {sorted(resolved)}")
    cols = {h: label_columns.get(h, h) for h in resolved}
    needed = {"text": text_column, **({"title": title_column} if title_column else {}),
              **({"id": id_column} if id_column else {}), **{f"labels of {h}": c for h, c in cols.items()}}
    for what, col in needed.items():
        missing = sum(col not in r for r in rows)
        if missing:
            raise TrainingDataError(f"column {col!r} ({what}) is missing in {missing} of {n} rows; "
                                    f"columns present: {sorted(columns)}")
    if id_column is None and "id" in columns:
        id_column = "id"

    articles: list[Article] = []
    ids: list[str] = []
    bad: list[int] = []
    for i, r in enumerate(rows):
        text = r.get(text_column)
        title = r.get(title_column) if title_column else None
        title = "" if _is_missing(title) else title
        if _is_missing(text) or not isinstance(text, (str, bytes)):
            bad.append(i)
            articles.append(Article(body=""))
        else:
            art = normalise({"text": text, "title": title or ""})
            if art.is_empty:
                bad.append(i)
            articles.append(art)
        rid = r.get(id_column) if id_column else None
        ids.append(str(i) if _is_missing(rid) else str(rid))
    if bad:
        shown = ", ".join(map(str, bad[:10])) + (", ..." if len(bad) > 10 else "")
        raise TrainingDataError(f"{len(bad)} of {n} rows have no text in column {text_column!r} "
                                f"(rows {shown}); fill or drop them before training")

    labels: dict[str, list[list[str]]] = {}
    tax: dict[str, tuple[str, ...]] = {}
    custom: dict[str, bool] = {}
    for head, spec in resolved.items():
        col = cols[head]
        sets = [parse_labels(r.get(col), row=i, column=col, delimiter=delimiter) for i, r in enumerate(rows)]
        if taxonomy is not None and head in taxonomy:
            ids_ = tuple(taxonomy[head])
        elif spec is not None:
            ids_ = tuple(spec)
        elif head in BUILTIN_HEADS:
            ids_ = Taxonomy.builtin(head).ids
        else:
            ids_ = tuple(sorted({label for s in sets for label in s}))
            if not ids_:
                raise TrainingDataError(f"head {head!r}: column {col!r} holds no labels in {n} rows")
        builtin_ids = Taxonomy.builtin(head).ids if head in BUILTIN_HEADS else None
        is_custom = builtin_ids is None or ids_ != builtin_ids
        checker = (Taxonomy.builtin(head) if not is_custom
                   else Taxonomy(head=head, version="custom", ids=ids_))
        for i, s in enumerate(sets):
            checker.validate(s, where=f" in row {i} (column {col!r})")
        labels[head] = [list(dict.fromkeys(s)) for s in sets]
        tax[head] = ids_
        custom[head] = is_custom and head != "countries"
    data = TrainingData(articles, labels, ids, tax, custom, cols)
    if warn_rare:
        for head, counts in data.counts().items():
            if head == "countries":
                continue
            for label, k in counts.items():
                if k < MIN_EXAMPLES:
                    warnings.warn(f"head {head!r}: label {label!r} has {k} training example(s) (fewer than "
                                  f"{MIN_EXAMPLES}); its scores will be unreliable", UserWarning, stacklevel=3)
    return data


def stratified_split(label_sets: Sequence[Sequence[str]], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Train and evaluation row indices, stratified by each row's rarest label."""
    n = len(label_sets)
    if n < 10 or fraction <= 0:
        return list(range(n)), []
    counts = Counter(label for s in label_sets for label in s)
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(label_sets):
        key = min(s, key=lambda lab: (counts[lab], lab)) if s else ""
        groups.setdefault(key, []).append(i)
    rng = np.random.RandomState(seed)
    ev: list[int] = []
    for key in sorted(groups):
        idx = groups[key]
        if len(idx) < 2:
            continue
        k = min(max(1, int(round(len(idx) * fraction))), len(idx) - 1)
        ev.extend(rng.permutation(idx)[:k].tolist())
    ev_set = set(ev)
    return [i for i in range(n) if i not in ev_set], sorted(ev_set)


def _row_label_sets(data: TrainingData) -> list[list[str]]:
    return [[f"{h}:{label}" for h in sorted(data.labels) for label in data.labels[h][i]] for i in range(len(data))]


# --------------------------------------------------------------------------- predictions
def predicted_labels(model: NewsModel, result: Any, head: str) -> list[str]:
    """Labels of ``head`` for one :class:`~newsclf.result.Classification` (custom text heads too)."""
    if head in ("conflict_types", "source_types", "countries"):
        return list(getattr(result, head))
    h = model.text_heads[head]
    s = result.scores.get(head, {})
    ranked = sorted(((label, s[label]) for label in h.labels if label in s), key=lambda t: -t[1])
    thr = dict(zip(h.labels, h.thresholds.tolist()))
    return [label for label, v in ranked if v >= thr[label]]


def _evaluate(model: NewsModel, data: TrainingData) -> tuple[dict[str, Any], dict[str, Any]]:
    """Metrics per trained head on ``data``, and the calibrated scores for plots."""
    from newsclf.evaluate import evaluate, multilabel_scores

    results = model.classify_articles(data.articles)
    preds = [r.to_dict(scores=False) for r in results]
    builtin = [h for h in data.labels if h in BUILTIN_HEADS]
    out: dict[str, Any] = {"n": len(data)}
    if builtin:
        gold = [{h: data.labels[h][i] if h in data.labels else [] for h in BUILTIN_HEADS} for i in range(len(data))]
        ev = evaluate(preds, gold, conflict_labels=data.taxonomy.get("conflict_types"),
                      source_labels=data.taxonomy.get("source_types"))
        for h in builtin:
            if h == "countries":
                out[h] = {"primary_country_accuracy": ev["primary_country_accuracy"], **ev["countries"]}
            else:
                out[h] = ev[h]
    for h in data.labels:
        if h not in BUILTIN_HEADS:
            out[h] = multilabel_scores([predicted_labels(model, r, h) for r in results], data.labels[h],
                                       data.taxonomy[h])
    # calibrated scores for calibration curves: head -> (labels, Y true, scores)
    curves: dict[str, Any] = {}
    for h in data.labels:
        if h == "countries":
            ys, ss = [], []
            for art, gold_c in zip(data.articles, data.labels[h]):
                ranked, _, _ = model._countries(art)
                for code, score in ranked:
                    ys.append(int(code in gold_c))
                    ss.append(score)
            curves[h] = {"labels": ["location"], "y": np.asarray(ys, np.int8).reshape(-1, 1),
                         "scores": np.asarray(ss, np.float32).reshape(-1, 1)}
        else:
            ids_ = list(data.taxonomy[h])
            sc = np.array([[r.scores.get(h, {}).get(label, 0.0) for label in ids_] for r in results], np.float32)
            curves[h] = {"labels": ids_, "y": label_matrix(data.labels[h], ids_), "scores": sc}
    return out, curves


def flat_metrics(metrics: Mapping[str, Any], prefix: str = "eval") -> dict[str, float]:
    """MLflow metric names: ``eval.<head>.micro_f1``, ``eval.<head>.f1.<label>``, ..."""
    flat: dict[str, float] = {}
    for head, m in metrics.items():
        if not isinstance(m, Mapping):
            if isinstance(m, (int, float)) and m is not None:
                flat[f"{prefix}.{head}"] = float(m)
            continue
        for k, v in m.items():
            if k == "per_label":
                for label, s in v.items():
                    flat[f"{prefix}.{head}.f1.{label}"] = float(s["f1"])
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                flat[f"{prefix}.{head}.{k}"] = float(v)
    return flat


# --------------------------------------------------------------------------- model card
def _card(model: NewsModel, data: TrainingData, metrics: Mapping[str, Any], name: str,
          training: Mapping[str, Any]) -> str:
    from newsclf.modelcard import render_card

    base = render_card(model.manifest, None, name=name)
    lines = ["## Training data", "",
             f"Your own data: {training['n_rows']} rows ({training['n_train']} fitted, {training['n_eval']} for "
             f"calibration, thresholds and the metrics below; {training['eval_source']}). "
             f"Data fingerprint (sha256 over ids, texts and labels): `{training['data_sha256'][:16]}`.", "",
             "## Taxonomy and label counts", "",
             f"Custom taxonomy: {'yes' if model.config.get('custom_taxonomy') else 'no'} "
             f"(built-in taxonomy v{TAXONOMY_VERSION}).", ""]
    for head, counts in training["label_counts"].items():
        lines += [f"Head `{head}`{' (custom label set)' if data.custom.get(head) else ''}:", "",
                  "| label | training examples |", "|---|---|"]
        lines += [f"| {label} | {k} |" for label, k in counts.items()]
        lines.append("")
    lines += ["## Metrics on the evaluation rows", "", f"n = {metrics.get('n', 0)}", ""]
    for head in data.labels:
        m = metrics.get(head)
        if not m:
            continue
        if "per_label" in m:
            lines += [f"`{head}`: micro-F1 {m['micro_f1']:.3f}, macro-F1 {m['macro_f1']:.3f}", "",
                      "| label | F1 | support |", "|---|---|---|"]
            lines += [f"| {label} | {s['f1']:.3f} | {s['support']} |" for label, s in m["per_label"].items()]
        else:
            lines.append(f"`{head}`: micro-F1 {m['f1']:.3f}, primary-country accuracy "
                         f"{m['primary_country_accuracy']:.3f}")
        lines.append("")
    lines.append(f"Training time: {training['train_seconds']} s.")
    section = "\n".join(lines) + "\n"
    start = base.find("## Training data and licenses")
    end = base.find("## Known limitations")
    if start != -1 and end > start:  # the shipped corpora's section does not apply to user data
        return base[:start] + section + "\n" + base[end:]
    return base + "\n" + section


# --------------------------------------------------------------------------- train
def _int_vocabulary(vec: Any) -> None:
    """Cast TF-IDF vocabulary indices to int: with ``max_features`` scikit-learn leaves
    ``np.int64`` values, which skops saves one ``.npy`` file each (quadratic time)."""
    parts = [t for _, t in vec.transformer_list] if hasattr(vec, "transformer_list") else [vec]
    for v in parts:
        voc = getattr(v, "vocabulary_", None)
        if voc and not all(type(i) is int for i in voc.values()):
            v.vocabulary_ = {k: int(i) for k, i in voc.items()}


def _load_data(data: Any, fmt: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]] | None]:
    return load_records(data, fmt=fmt)


def train(data: Any, *, text_column: str = "text", title_column: str | None = None, id_column: str | None = None,
          heads: dict[str, list[str] | None] | None = None, label_columns: dict[str, str] | None = None,
          config: TrainConfig | dict[str, Any] | None = None, base_model: NewsModel | str | os.PathLike | None = None,
          eval_data: Any = None, out: str | os.PathLike | None = None, tracking_uri: str | None = None,
          experiment: str = "newsclf", register: str | None = None, alias: str | None = None,
          run_name: str | None = None, overwrite: bool = False, track: bool = True,
          data_format: str | None = None, delimiter: str = "|") -> NewsModel:
    """Train (or retrain) a :class:`NewsModel` on your own labels; see the module docstring.

    Args:
        data: training rows (path, ``datasets.Dataset``/``DatasetDict``, DataFrame, list of dicts).
        text_column, title_column, id_column: column names (``id`` is used when present).
        heads: head -> label ids, or None/"builtin" for the built-in set (inferred from the
            data for a new head). Default: the built-in heads that have a column.
        label_columns: head -> column holding its labels (default: the head's name).
        config: :class:`TrainConfig` or its dict; ``extra`` may hold ``eval_fraction`` and
            ``refit_vectorizer``.
        base_model: a model (or folder) whose heads not retrained are kept.
        eval_data: rows for calibration, thresholds and metrics (same columns).
        out: folder to save the model and its ``MODEL_CARD.md`` in.
        tracking_uri, experiment, run_name: MLflow tracking (default store
            ``$MLFLOW_TRACKING_URI`` or ``sqlite:///experiments/mlflow.db``).
        register, alias: register the logged model under this name and set the alias.
        overwrite: replace a non-empty ``out`` folder.
        track: log the run to MLflow (skipped with a warning when mlflow is not installed).
        data_format: force the file format of a path (``jsonl``, ``csv``, ``parquet``).
        delimiter: separator of label ids in string cells.

    Returns:
        The fitted model (saved to ``out`` when given).
    """
    t0 = time.perf_counter()
    cfg = config if isinstance(config, TrainConfig) else TrainConfig.from_dict(config or {})
    unknown_extra = sorted(set(cfg.extra) - _EXTRA_KEYS)
    if unknown_extra:
        raise ValueError(f"unknown config extra keys {unknown_extra}; known: {sorted(_EXTRA_KEYS)}")
    if not 0 <= float(cfg.extra.get("eval_fraction", 0.2)) < 1:
        raise ValueError(f"extra.eval_fraction must be at least 0 and under 1, got {cfg.extra['eval_fraction']!r}")
    if not track and (register or alias):  # else the registration would be silently dropped
        raise ValueError(f"register={register!r} / alias={alias!r} need MLflow tracking: pass track=True "
                         "(newsclf train: [mlflow] enabled = true, or --register on the command line)")
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        raise FileExistsError(f"out={str(out)!r} is a file, not a folder; a model is saved to a folder")
    if out is not None and not overwrite and Path(out).exists() and any(Path(out).iterdir()):
        # (checked before training, not after minutes of it)
        raise FileExistsError(f"out={str(out)!r} exists and is not empty; pass overwrite=True (newsclf train "
                              "--overwrite) to replace it, or choose a new folder")
    if (out is not None and Path(out).is_dir() and any(Path(out).iterdir())
            and not (Path(out) / "manifest.json").is_file()):
        raise FileExistsError(f"out={str(out)!r} holds no newsclf model (no manifest.json) and is not empty; "
                              "overwrite replaces a saved model only: choose a new or empty folder")
    if track:  # a file store, a malformed URI or a name the registry refuses fail now, not after training
        try:
            from newsclf.tracking import check_experiment, check_registry_names, resolve_tracking_uri
        except ImportError:
            pass  # no mlflow: warned about below
        else:
            check_registry_names(register, alias)
            check_experiment(resolve_tracking_uri(tracking_uri, create=False), experiment)  # creates nothing
    if isinstance(base_model, (str, os.PathLike)):
        base_model = NewsModel.load(base_model)
    rows, bundled_eval = _load_data(data, data_format)
    kw = dict(text_column=text_column, title_column=title_column, id_column=id_column, label_columns=label_columns,
              delimiter=delimiter)
    full = prepare(rows, heads=heads, **kw)
    if eval_data is None and bundled_eval is not None:
        eval_data = bundled_eval
    if eval_data is not None:
        ev_rows = _load_data(eval_data, data_format)[0]
        try:
            ev = prepare(ev_rows, heads={h: list(full.taxonomy[h]) if h != "countries" else None
                                         for h in full.labels}, taxonomy=full.taxonomy, warn_rare=False, **kw)
        except (UnknownLabelError, TrainingDataError) as exc:  # its row numbers are not the training data's
            raise type(exc)(f"evaluation data (eval_data): {exc}") from exc
        tr = full
        eval_source = "evaluation data given (eval_data)"
    else:
        frac = float(cfg.extra.get("eval_fraction", 0.2))
        tr_idx, ev_idx = stratified_split(_row_label_sets(full), frac, cfg.random_state)
        tr, ev = full.subset(tr_idx), full.subset(ev_idx)
        why = ("fewer than 10 rows" if len(full) < 10 else "eval_fraction = 0" if frac <= 0
               else "no rarest label is shared by two rows")
        eval_source = (f"internal stratified split of the data, {frac:.0%} by rarest label, seed {cfg.random_state}"
                       if ev_idx else f"no evaluation rows ({why}): thresholds 0.5, no calibration")
    has_eval = len(ev) > 0
    logger.info("training on %d rows, evaluating on %d (%s)", len(tr), len(ev) if has_eval else 0, eval_source)

    text_heads = [h for h in tr.labels if h not in ("countries", "source_types")]
    refit = base_model is None or bool(cfg.extra.get("refit_vectorizer", False))
    if base_model is not None and refit:
        stale = [h for h in base_model.text_heads if h not in text_heads]
        if base_model.source_head is not None and "source_types" not in tr.labels:
            stale.append("source_types")
        if stale:
            raise ValueError(f"refit_vectorizer=True would invalidate the base model's heads {stale}: "
                             "retrain them too, or keep the base model's vectorizer")
    needs_text = bool(text_heads) or "source_types" in tr.labels
    if refit:
        try:
            vec = fit_vectorizer([a.text for a in tr.articles], cfg) if needs_text or base_model is None else None
        except ValueError as exc:  # scikit-learn's "max_df corresponds to < documents than min_df", "no terms remain"
            raise TrainingDataError(
                f"cannot build the vocabulary from {len(tr)} training rows with min_df={cfg.min_df} (a word must "
                f"be in at least min_df rows and in at most half of them): {exc}; add rows, set [train] "
                "min_df = 1, or pass a base_model to share its vectorizer") from exc
        if vec is None:
            raise TrainingDataError("no text head to fit a vectorizer for")
    else:
        vec = base_model.vectorizer  # type: ignore[union-attr]
    _int_vocabulary(vec)
    X_tr = vec.transform([a.text for a in tr.articles]).astype(np.float32)
    X_ev = vec.transform([a.text for a in ev.articles]).astype(np.float32) if has_eval else None
    # heads that read the articles' lead (the base model's choice, else the config's for conflict_types)
    lead_chars = dict((base_model.config.get("lead_chars") or {}) if base_model is not None else {})
    if base_model is None and cfg.conflict_lead_chars:
        lead_chars["conflict_types"] = int(cfg.conflict_lead_chars)

    # heads that also read the rule cues (newsclf.conflict_cues): the base model's choice, else the config's
    cues = dict((base_model.config.get("cues") or {}) if base_model is not None else {})
    if base_model is None and cfg.conflict_cues:
        cues["conflict_types"] = {"mode": cfg.conflict_cues, "scale": float(cfg.cue_scale)}

    def head_rows(h: str, articles: list[Any], X: Any) -> Any:
        if X is None:
            return None
        n = lead_chars.get(h)
        rows = X if not n else vec.transform([lead_text(a, n) for a in articles]).astype(np.float32)
        return with_cues(rows, articles, n, cues[h]) if h in cues else rows

    heads_out = dict(base_model.text_heads) if base_model is not None else {}
    for h in text_heads:
        ids_ = list(tr.taxonomy[h])
        heads_out[h] = fit_text_head(h, ids_, head_rows(h, tr.articles, X_tr), label_matrix(tr.labels[h], ids_), cfg,
                                     X_cal=head_rows(h, ev.articles, X_ev),
                                     Y_cal=label_matrix(ev.labels[h], ids_) if has_eval else None)
        logger.info("head %s fitted (%.1fs)", h, time.perf_counter() - t0)
    if "conflict_types" in heads_out:  # conflict_types first, as in the shipped model
        heads_out = {"conflict_types": heads_out.pop("conflict_types"), **heads_out}

    country_head = base_model.country_head if base_model is not None else None
    if "countries" in tr.labels:
        if not cfg.use_gazetteer:
            raise ValueError("use_gazetteer=False: NewsModel's countries head is the gazetteer candidate ranker; "
                             "there is no text-only countries head to train")
        country_head = fit_country_head(tr.articles, tr.labels["countries"], cfg,
                                        cal_articles=ev.articles if has_eval else (),
                                        cal_countries=ev.labels["countries"] if has_eval else ())

    base_cfg = dict(base_model.config) if base_model is not None else {}
    taxonomy = {h: list(tr.taxonomy[h]) for h in tr.labels if h != "countries"}
    for h, head in heads_out.items():
        taxonomy.setdefault(h, list(head.labels))
    base_custom = dict(base_cfg.get("custom_heads", {}))
    custom_heads = {**base_custom, **{h: tr.custom[h] for h in tr.labels if h != "countries"}}
    for h in heads_out:  # a base head that the built-in taxonomy does not know is custom too
        if h not in custom_heads:
            custom_heads[h] = h not in BUILTIN_HEADS or tuple(heads_out[h].labels) != Taxonomy.builtin(h).ids
    model = NewsModel(vectorizer=vec, text_heads=heads_out,
                      source_head=base_model.source_head if base_model is not None else None,
                      country_head=country_head,
                      source_typer=base_model.source_typer if base_model is not None else None,
                      area_head=base_model.area_head if base_model is not None else None,
                      config={k: v for k, v in base_cfg.items()
                              if k not in ("text_heads", "source_head", "country_head", "area_head", "area_min_prob")})
    if "source_types" in tr.labels:
        ids_ = list(tr.taxonomy["source_types"])
        Xs_tr = model._source_matrix(X_tr, tr.articles, model._claims(tr.articles))
        Xs_ev = model._source_matrix(X_ev, ev.articles, model._claims(ev.articles)) if has_eval else None
        model.source_head = fit_source_head(Xs_tr, label_matrix(tr.labels["source_types"], ids_), ids_, cfg,
                                            X_cal=Xs_ev,
                                            Y_cal=label_matrix(ev.labels["source_types"], ids_) if has_eval else None)
    if model.source_head is not None:
        taxonomy.setdefault("source_types", list(model.source_head.labels))
        custom_heads.setdefault("source_types",
                                tuple(model.source_head.labels) != Taxonomy.builtin("source_types").ids)
    is_custom = any(custom_heads.values())
    tax_digest = hashlib.sha256(json.dumps(taxonomy, sort_keys=True).encode()).hexdigest()[:12]
    model.config.update({
        "taxonomy_version": TAXONOMY_VERSION,
        "custom_taxonomy": is_custom,
        "custom_taxonomy_version": f"custom-{tax_digest}" if is_custom else None,
        "custom_heads": custom_heads,
        "taxonomy": taxonomy,
        "train_config": cfg.to_dict(),
        "lead_chars": {h: n for h, n in lead_chars.items() if h in heads_out},
        "cues": {h: c for h, c in cues.items() if h in heads_out},
    })
    seconds = round(time.perf_counter() - t0, 2)

    metrics: dict[str, Any] = {"n": 0}
    curves: dict[str, Any] = {}
    if has_eval:
        metrics, curves = _evaluate(model, ev)
    training = {
        "data_sha256": full.fingerprint(),
        # the evaluation rows calibrate the heads and set their thresholds: a part of the model's data
        "eval_data_sha256": ev.fingerprint() if eval_data is not None else None,
        "n_rows": len(full), "n_train": len(tr), "n_eval": len(ev) if has_eval else 0,
        "eval_source": eval_source,
        "fitted_on": f"{len(tr)} rows of your data", "calibration": eval_source,
        "heads_trained": list(tr.labels),
        "heads_kept_from_base": [h for h in model.heads if h not in tr.labels] if base_model is not None else [],
        "label_columns": full.columns,
        "label_counts": tr.counts(),
        "train_seconds": seconds,
        "config": cfg.to_dict(),
        "corpus_files": [],
        "n_gold": None, "n_weak": 0,
    }
    if base_model is not None:
        training["base_model"] = {"created": base_model.manifest.get("created"),
                                  "files": base_model.manifest.get("files", {})}
    flat = flat_metrics({k: v for k, v in metrics.items() if k != "n"})
    model.manifest = {"training": training, "metrics": {"train_seconds": seconds, **flat}}
    if base_model is not None and "countries" not in tr.labels:
        # the countries head is the base model's: so is the gazetteer it was fitted with
        model.manifest["gazetteer_sha256"] = base_model.manifest.get("gazetteer_sha256")
        model.manifest["gazetteer_matcher"] = base_model.manifest.get("gazetteer_matcher", 1)

    folder: Path | None = Path(out) if out is not None else None
    tmp: tempfile.TemporaryDirectory[str] | None = None
    if folder is None and track:
        tmp = tempfile.TemporaryDirectory(prefix="newsclf-train-")
        folder = Path(tmp.name) / "model"
    try:
        if folder is not None:
            model.save(folder, overwrite=overwrite, metrics={"train_seconds": seconds, **flat}, training=training)
            card = _card(model, tr, metrics, folder.name if out is not None else "newsclf-custom", training)
            (folder / "MODEL_CARD.md").write_text(card, encoding="utf-8")
            (folder / "metrics_full.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
        if track:
            try:
                import mlflow  # noqa: F401
            except ImportError:
                logger.warning("mlflow is not installed: the run is not tracked (pip install 'newsclf[train]')")
            else:
                from newsclf.tracking import log_training_run

                info = {**training, "data_fingerprint": training["data_sha256"]}
                run_id = log_training_run(model, folder, config=cfg, metrics=metrics, training_info=info,
                                          tracking_uri=tracking_uri, experiment=experiment, run_name=run_name,
                                          register=register, alias=alias, eval_predictions=curves)
                model.manifest["mlflow_run_id"] = run_id
    finally:
        if tmp is not None:
            tmp.cleanup()
    return model


# --------------------------------------------------------------------------- CLI
def load_toml_config(path: str | os.PathLike) -> dict[str, Any]:
    """Read and check a ``newsclf train`` TOML config (schema in experiments/README.md).

    Sections: ``[data]`` (``train``, ``eval``, ``text_column``, ``title_column``,
    ``id_column``, ``format``, ``delimiter``; relative paths are relative to the TOML file),
    ``[heads]`` (head = list of ids or ``"builtin"``), ``[labels]`` (head = column),
    ``[train]`` (:class:`TrainConfig` keys), ``[mlflow]`` (``tracking_uri``, ``experiment``,
    ``register``, ``alias``, ``run_name``, ``enabled``), ``base_model`` and ``out`` at top level.
    """
    import tomllib

    p = Path(path)
    cfg = tomllib.loads(p.read_text(encoding="utf-8"))
    known = {"data", "heads", "labels", "train", "mlflow", "out", "base_model"}
    unknown = set(cfg) - known
    if unknown:
        raise ValueError(f"{p}: unknown keys {sorted(unknown)}; known: {sorted(known)}")
    for k in ("data", "heads", "labels", "train", "mlflow"):
        if k in cfg and not isinstance(cfg[k], dict):
            raise ValueError(f"{p}: {k} must be a table ([{k}]), got {type(cfg[k]).__name__} {cfg[k]!r:.60}")
    for k in ("out", "base_model"):
        if k in cfg and not isinstance(cfg[k], str):
            raise ValueError(f"{p}: {k} must be a path string, got {cfg[k]!r:.60}")
    for head, col in cfg.get("labels", {}).items():
        if not isinstance(col, str):
            raise ValueError(f"{p}: [labels] {head} = {col!r:.60}: the name of one column is a string")
    if not isinstance(cfg.get("mlflow", {}).get("enabled", True), bool):
        raise ValueError(f"{p}: [mlflow] enabled = {cfg['mlflow']['enabled']!r}: use true or false (unquoted)")
    data = dict(cfg.get("data", {}))
    dknown = {"train", "eval", "text_column", "title_column", "id_column", "format", "delimiter"}
    if set(data) - dknown:
        raise ValueError(f"{p}: unknown [data] keys {sorted(set(data) - dknown)}; known: {sorted(dknown)}")
    if "train" not in data:
        raise ValueError(f"{p}: [data] needs train = \"path/to/file.jsonl\"")
    for k in ("train", "eval"):
        if k in data and not Path(data[k]).is_absolute():
            data[k] = str((p.parent / data[k]).resolve())
    for k in ("out", "base_model"):
        if k in cfg and not Path(cfg[k]).is_absolute():
            cfg[k] = str((p.parent / cfg[k]).resolve())
    mknown = {"tracking_uri", "experiment", "register", "alias", "run_name", "enabled"}
    if set(cfg.get("mlflow", {})) - mknown:
        raise ValueError(f"{p}: unknown [mlflow] keys {sorted(set(cfg['mlflow']) - mknown)}; known: {sorted(mknown)}")
    TrainConfig.from_dict(cfg.get("train", {}))  # fail early on unknown keys
    for head, spec in dict(cfg.get("heads", {})).items():
        if not (spec == "builtin" or (isinstance(spec, list) and all(isinstance(s, str) for s in spec))):
            raise ValueError(f"{p}: [heads] {head} = {spec!r}: a label set is a list of label ids "
                             "or \"builtin\"")
    cfg["data"] = data
    return cfg


def main(args: argparse.Namespace) -> int:
    """``newsclf train --config FILE.toml [--out DIR] [--tracking-uri URI] [--register NAME] [--alias A]``."""
    from newsclf.exceptions import NewsclfError

    try:
        cfg = load_toml_config(args.config)
    except (ValueError, OSError) as exc:
        print(f"newsclf train: {exc}")
        return 2
    data = cfg["data"]
    ml = cfg.get("mlflow", {})
    out = getattr(args, "out", None) or cfg.get("out")
    if not out:
        print("newsclf train: no output folder: pass --out DIR or set out = \"...\" in the config")
        return 2
    heads = {h: (None if v == "builtin" else list(v)) for h, v in cfg.get("heads", {}).items()} or None
    t0 = time.perf_counter()
    try:
        model = train(
            data["train"], text_column=data.get("text_column", "text"), title_column=data.get("title_column"),
            id_column=data.get("id_column"), heads=heads, label_columns=cfg.get("labels") or None,
            config=cfg.get("train", {}), base_model=cfg.get("base_model"), eval_data=data.get("eval"), out=out,
            tracking_uri=getattr(args, "tracking_uri", None) or ml.get("tracking_uri"),
            experiment=ml.get("experiment", "newsclf"),
            register=getattr(args, "register", None) or ml.get("register"),
            alias=getattr(args, "alias", None) or ml.get("alias"), run_name=ml.get("run_name"),
            overwrite=bool(getattr(args, "overwrite", False)), data_format=data.get("format"),
            delimiter=data.get("delimiter", "|"),
            # the command line overrides the config: --register, --alias or --tracking-uri track the run
            track=bool(ml.get("enabled", True)) or any(getattr(args, k, None)
                                                       for k in ("register", "alias", "tracking_uri")),
        )
    except (NewsclfError, ValueError, FileExistsError) as exc:
        print(f"newsclf train: {exc}")
        return 2
    print(f"saved {out} (heads {', '.join(model.heads)}) in {time.perf_counter() - t0:.1f}s")
    run_id = model.manifest.get("mlflow_run_id")
    if run_id:
        print(f"MLflow run {run_id}")
    return 0
