"""Classify a text column of a Spark DataFrame (``pip install 'newsclf[spark]'``).

:func:`classify_column` adds newsclf's labels as typed columns through an iterator
pandas UDF: each Python worker process loads the model once (module-level cache, reused
across tasks as Spark reuses its Python workers) and classifies Arrow batches::

    from newsclf.spark import classify_column
    out = classify_column(spark.read.parquet("articles.parquet"), text_col="text", title_col="title")
    out.select("id", "countries", "conflict_types", "claims").show()

Added columns (:data:`RESULT_FIELDS`): the row ``newsclf score`` writes to Parquet,
without ``id``, with the same names, types and order: ``countries``, ``areas``,
``conflict_types``, ``source_types``, ``agencies``, ``credits`` ``array<string>``;
``macro_region`` ``string``; ``claims`` ``array<struct<cue, source, source_type,
anonymous: boolean, agency, score: double, sentence_start, sentence_end, source_start,
source_end, cue_start, cue_end: bigint>>`` (:data:`CLAIM_FIELDS`; the offsets are
character offsets into the normalised body, ``newsclf.normalise(x).body``, as in
:class:`newsclf.claims.Claim`);
``scores`` ``map<string, map<string, double>>`` (head -> label -> calibrated score,
rounded to 4 places as :meth:`Classification.to_dict` gives them); ``abstained``
``boolean``. Each row equals ``Classification.to_dict()`` of the same article.
A model retrained with its own heads (``newsclf train``) adds ``labels``
(``map<string, array<string>>``, head -> labels) after ``claims``, as ``newsclf score`` does.
``scores=False`` leaves ``scores`` out: half the Parquet bytes per row, at about the same
throughput (the scores cost about 0.02 ms of Python CPU per article).
With ``output_col="newsclf"`` they come as one struct column instead. A null or empty
text is classified as an empty text: an abstained row (empty lists and scores) when there
is no title either, never a failed task; a title alone is a headline-only article. A row
whose classification raises (a bug newsclf should not have) abstains too, with the error in
the executor's log, instead of failing the task and, after Spark's retries, the job.

``model_path`` is read by every Python worker, so on a cluster it must be a path that
exists on the executors (a shared file system, or ship the folder with
``spark.sparkContext.addFile(path, recursive=True)`` and pass
``SparkFiles.get(name)``); in ``local[*]`` mode any local path works.

Alternative: a registered MLflow model
    A model logged by ``newsclf train --register NAME`` is an MLflow pyfunc
    (:class:`newsclf.tracking.NewsclfPyfunc`). :func:`registered_model_udf` wraps
    :func:`mlflow.pyfunc.spark_udf` over it::

        udf = registered_model_udf(spark, "models:/newsclf@champion")
        out = df.withColumn("newsclf", udf(F.struct("text", "title")))

    MLflow fetches the model from the registry to the executors and, with
    ``env_manager="virtualenv"``, rebuilds its pinned environment there. But
    ``spark_udf``'s result type cannot hold an array of structs, so ``claims`` and
    ``scores`` come back as JSON strings (:data:`REGISTERED_RESULT_TYPE`; ``scores=False``
    for a model logged before its pyfunc had scores), and each batch goes through the
    pyfunc's pandas round trip. Use :func:`classify_column` for typed claims and the
    least overhead; use the registered model when the model version must come from the
    registry (``@champion``) rather than from a path.
"""

# no ``from __future__ import annotations`` here: pandas_udf reads the UDFs' type hints at
# definition time, and they name ``pd``, imported inside classify_column
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Tuple

from newsclf.batch import CLAIM_FIELDS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["classify_column", "registered_model_udf", "registered_result_type", "result_schema", "result_fields",
           "RESULT_FIELDS", "CLAIM_FIELDS", "REGISTERED_RESULT_TYPE", "classify_frame"]

logger = logging.getLogger(__name__)

#: the columns classify_column adds, in order: ``newsclf score``'s output row without ``id``
#: (``scores=False`` leaves ``scores`` out)
RESULT_FIELDS = ("countries", "areas", "macro_region", "conflict_types", "source_types", "agencies", "credits",
                 "claims", "scores", "abstained")
_LIST_FIELDS = ("countries", "areas", "conflict_types", "source_types", "agencies", "credits")
#: per pyarrow type name of CLAIM_FIELDS: the ``pyspark.sql.types`` class name and the cast
#: of a value to the plain Python type Arrow expects (None for strings: kept as they are, null included)
_CLAIM_TYPES: dict[str, tuple[str, Callable[[Any], Any] | None]] = {
    "string": ("StringType", None), "bool_": ("BooleanType", bool), "float64": ("DoubleType", float),
    "int64": ("LongType", int),
}

#: result type for :func:`registered_model_udf`: the pyfunc's output columns
#: (:data:`newsclf.tracking.OUTPUT_COLUMNS`), claims and scores as JSON strings
REGISTERED_RESULT_TYPE = ("id string, countries array<string>, areas array<string>, macro_region string, "
                          "conflict_types array<string>, source_types array<string>, agencies array<string>, "
                          "credits array<string>, claims string, scores string, abstained boolean")

_MODELS: dict[str, Any] = {}


def result_fields(scores: bool = True, labels: bool = False) -> tuple[str, ...]:
    """The columns :func:`classify_column` adds, in order: :data:`RESULT_FIELDS`, without
    ``scores`` when ``scores`` is false, with ``labels`` after ``claims`` when ``labels`` (a
    model retrained with its own heads), as ``newsclf score`` writes them."""
    fields = RESULT_FIELDS if scores else tuple(f for f in RESULT_FIELDS if f != "scores")
    if labels:
        i = fields.index("claims") + 1
        fields = (*fields[:i], "labels", *fields[i:])
    return fields


def _claim_type() -> Any:
    """The Spark ``StructType`` of one claim: :data:`CLAIM_FIELDS` in order."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(name, getattr(T, _CLAIM_TYPES[typ][0])()) for name, typ in CLAIM_FIELDS])


def result_schema(scores: bool = True, labels: bool = False) -> Any:
    """The Spark ``StructType`` of the added columns (:func:`result_fields`)."""
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        MapType,
        StringType,
        StructField,
        StructType,
    )

    strings = ArrayType(StringType())
    types = {"macro_region": StringType(), "claims": ArrayType(_claim_type()),
             "scores": MapType(StringType(), MapType(StringType(), DoubleType())), "abstained": BooleanType(),
             "labels": MapType(StringType(), ArrayType(StringType()))}
    return StructType([StructField(name, strings if name in _LIST_FIELDS else types[name])
                       for name in result_fields(scores, labels)])


def _model(model_path: str | None) -> Any:
    """The model of this Python worker process, loaded on first use."""
    key = model_path or ""
    model = _MODELS.get(key)
    if model is None:
        from newsclf import load_model

        model = _MODELS[key] = load_model(model_path)
        logger.info("newsclf model loaded in worker process")
    return model


#: (name, cast) of each claim field, the cast None where the value is kept as it is
_CLAIM_CASTS = tuple((name, _CLAIM_TYPES[typ][1]) for name, typ in CLAIM_FIELDS)


def _claim(c: dict[str, Any]) -> dict[str, Any]:
    """One claim dict of ``Claim.to_dict()`` with its values cast to the types of :data:`CLAIM_FIELDS`."""
    return {k: (c[k] if cast is None or c[k] is None else cast(c[k])) for k, cast in _CLAIM_CASTS}


def _row(res: Any, scores: bool = True, labels: bool = False) -> dict[str, Any]:
    """The output row of one :class:`~newsclf.result.Classification`: its ``to_dict()``
    (scores rounded as ``newsclf score`` writes them) restricted to :func:`result_fields`."""
    d = res.to_dict(scores=scores)
    row: dict[str, Any] = {f: list(d[f]) for f in _LIST_FIELDS}
    row["macro_region"] = d["macro_region"]
    row["claims"] = [_claim(c) for c in d["claims"]]
    if labels:
        row["labels"] = d.get("labels", {})
    if scores:
        row["scores"] = d["scores"]
    row["abstained"] = bool(d["abstained"])
    return row


def classify_frame(texts: "pd.Series", titles: "pd.Series | None", model: Any,
                   scores: bool = True, labels: bool | None = None) -> "pd.DataFrame":
    """Classify one pandas batch: a DataFrame with the :func:`result_fields` columns.

    A null or non-string text is classified as an empty text: abstained, unless the row
    has a title (a headline-only article).
    """
    import pandas as pd

    items = []
    for i, text in enumerate(texts.tolist()):
        title = titles.iloc[i] if titles is not None else None
        items.append({"text": text if isinstance(text, str) else "",
                      "title": title if isinstance(title, str) else ""})
    try:
        results = model.classify_many(items) if items else []
    except Exception:  # noqa: BLE001 - one record must not fail the task (and, retried, the job)
        logger.warning("a batch of %d rows failed as a whole; classifying its rows one by one", len(items),
                       exc_info=True)
        results = [_one(model, item, i) for i, item in enumerate(items)]
    if labels is None:
        labels = any(h != "conflict_types" for h in getattr(model, "text_heads", {}))
    return pd.DataFrame([_row(r, scores, labels) for r in results], columns=list(result_fields(scores, labels)))


def _one(model: Any, item: dict[str, str], i: int) -> Any:
    """One row's result; an abstained one (and an error in the log) when classifying it fails."""
    from newsclf.result import Classification

    try:
        return model.classify_many([item])[0]
    except Exception as exc:  # noqa: BLE001
        logger.error("row %d of its batch abstains: classifying it failed with %s: %s (text starts %r)", i,
                     type(exc).__name__, exc, item["text"][:80])
        return Classification(abstained=True, taxonomy_version=model.taxonomy_version)


def classify_column(df: "DataFrame", text_col: str = "text", title_col: str | None = None,
                    model_path: str | None = None, *, output_col: str | None = None,
                    scores: bool = True) -> "DataFrame":
    """Return ``df`` with newsclf's labels added as typed columns (see the module docstring).

    ``output_col=None`` adds the :func:`result_fields` as top-level columns (they must not
    already exist in ``df``); a name adds them as one struct column of that name.
    ``scores=False`` leaves the ``scores`` column out (smaller rows).
    """
    import os

    import pandas as pd
    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    if text_col not in df.columns:
        raise ValueError(f"DataFrame has no text column {text_col!r}; its columns are {df.columns}")
    if title_col is not None and title_col not in df.columns:
        raise ValueError(f"DataFrame has no title column {title_col!r}; its columns are {df.columns}")
    if model_path is not None:
        model_path = os.path.abspath(os.fspath(model_path))
    else:
        from newsclf._api import default_model_path

        model_path = str(default_model_path())   # resolve on the driver: executors may lack $NEWSCLF_MODEL
    from newsclf.batch import custom_heads

    labels = bool(custom_heads(Path(model_path)))   # a model's own heads add a labels column
    fields = result_fields(scores, labels)
    if output_col is None:
        clash = [c for c in fields if c in df.columns]
        if clash:
            raise ValueError(f"DataFrame already has columns {clash}; pass output_col='newsclf' to get one "
                             "struct column instead")
    path = model_path
    schema = result_schema(scores, labels)

    if title_col is None:
        @pandas_udf(schema)  # type: ignore[call-overload]
        def _classify(batches: Iterator[pd.Series]) -> Iterator[pd.DataFrame]:
            model = _model(path)
            for texts in batches:
                yield classify_frame(texts, None, model, scores, labels)

        struct = _classify(F.col(text_col))
    else:
        @pandas_udf(schema)  # type: ignore[call-overload]
        def _classify_titled(batches: Iterator[Tuple[pd.Series, pd.Series]]) -> Iterator[pd.DataFrame]:
            model = _model(path)
            for texts, titles in batches:
                yield classify_frame(texts, titles, model, scores, labels)

        struct = _classify_titled(F.col(text_col), F.col(title_col))
    if output_col is not None:
        return df.withColumn(output_col, struct)
    tmp = "__newsclf_result__"
    return df.withColumn(tmp, struct).select("*", *[F.col(f"{tmp}.{f}").alias(f) for f in fields]).drop(tmp)


def registered_result_type(scores: bool = True) -> str:
    """:data:`REGISTERED_RESULT_TYPE`, without ``scores`` when ``scores`` is false."""
    return REGISTERED_RESULT_TYPE if scores else REGISTERED_RESULT_TYPE.replace(" scores string,", "")


def registered_model_udf(spark: "SparkSession", model_uri: str, *, env_manager: str = "local",
                         scores: bool = True) -> Any:
    """A Spark UDF over a registered newsclf MLflow model (``models:/NAME@ALIAS``).

    The alternative to :func:`classify_column` described in the module docstring: call it
    on a struct of the input columns, ``udf(F.struct("text", "title"))``; the result is a
    struct of :data:`REGISTERED_RESULT_TYPE` (``claims`` and ``scores`` as JSON strings).
    ``scores=False`` leaves ``scores`` out; a model logged before the pyfunc had a ``scores``
    column needs it. ``env_manager="virtualenv"`` rebuilds the model's pinned environment on
    the executors.
    """
    import mlflow.pyfunc

    return mlflow.pyfunc.spark_udf(spark, model_uri, result_type=registered_result_type(scores),
                                   env_manager=env_manager)
