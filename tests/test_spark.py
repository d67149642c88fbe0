"""newsclf.spark on pyspark ``local[2]``: the UDF's rows equal ``classify()`` on the same articles."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from tests.test_batch import build_tiny_model, make_records

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                       reason="pyspark is not installed (pip install 'newsclf[spark]')"),
    pytest.mark.skipif(shutil.which("java") is None, reason="no java on PATH (Spark needs Java 17)"),
]

CLAIM_KEYS = ("cue", "source", "source_type", "anonymous", "agency", "score")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("newsclf-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "16").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("spark-model") / "tiny")


def _expected(model, text: str | None, title: str | None) -> dict:
    d = model.classify({"text": text or "", "title": title or ""}).to_dict(scores=False)
    d.pop("id", None)
    d["claims"] = [{k: c[k] for k in CLAIM_KEYS} for c in d["claims"]]
    return d


def test_classify_column_equals_classify(spark, model_dir: Path) -> None:
    from newsclf.spark import RESULT_FIELDS, classify_column

    recs = make_records(40)
    rows = [(r["id"], r["text"], r["title"]) for r in recs] + [("null-text", None, None)]
    df = spark.createDataFrame(rows, "id string, text string, title string")
    out = classify_column(df, text_col="text", title_col="title", model_path=str(model_dir))
    assert out.columns == ["id", "text", "title", *RESULT_FIELDS]
    types = {f.name: f.dataType.simpleString() for f in out.schema.fields}
    assert types["countries"] == "array<string>" and types["macro_region"] == "string"
    assert types["abstained"] == "boolean"
    assert types["claims"] == ("array<struct<cue:string,source:string,source_type:string,anonymous:boolean,"
                               "agency:string,score:double>>")
    got = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    import newsclf

    model = newsclf.load_model(model_dir)
    assert len(got) == len(rows)
    for rid, text, title in rows:
        g = {k: got[rid][k] for k in RESULT_FIELDS}
        assert g == {k: _expected(model, text, title)[k] for k in RESULT_FIELDS}, rid
    assert got["null-text"]["abstained"] is True

    nested = classify_column(df.limit(3), model_path=str(model_dir), output_col="newsclf")
    assert nested.columns == ["id", "text", "title", "newsclf"]
    with pytest.raises(ValueError, match="no text column 'body'"):
        classify_column(df, text_col="body", model_path=str(model_dir))
