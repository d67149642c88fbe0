"""newsclf.spark on pyspark ``local[2]``: the UDF's rows equal ``classify()`` on the same articles,
and hold what ``newsclf score`` writes (scores, claims with their offsets) in the same layout."""

from __future__ import annotations

import importlib.util
import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_FILE, SHIPPED
from tests.test_batch import build_tiny_model, make_records, write_jsonl

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None,
                       reason="pyspark is not installed (pip install 'newsclf[spark]')"),
    pytest.mark.skipif(shutil.which("java") is None, reason="no java on PATH (Spark needs Java 17)"),
]

CLAIM_TYPE = ("array<struct<cue:string,source:string,source_type:string,anonymous:boolean,agency:string,"
              "score:double,sentence_start:bigint,sentence_end:bigint,source_start:bigint,source_end:bigint,"
              "cue_start:bigint,cue_end:bigint>>")
SCORES_TYPE = "map<string,map<string,double>>"
TOL = 1e-9


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


def _expected(model: Any, text: str | None, title: str | None, *, scores: bool = True) -> dict:
    """What classify_column must give for one row: the local ``to_dict()`` of the same article."""
    d = model.classify({"text": text or "", "title": title or ""}).to_dict(scores=scores)
    d.pop("id", None)
    return d


def _close(a: Any, b: Any) -> bool:
    return isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, rel_tol=0.0, abs_tol=TOL)


def assert_same(got: dict, want: dict, what: str) -> None:
    """``got == want`` field by field, floats (claim and label scores) within :data:`TOL`."""
    assert list(got) == list(want), f"{what}: fields {list(got)} != {list(want)}"
    for k, w in want.items():
        g = got[k]
        if k == "scores":
            assert set(g) == set(w), f"{what}: score heads {sorted(g)} != {sorted(w)}"
            for head, labels in w.items():
                assert set(g[head]) == set(labels), f"{what}: scores[{head}] labels differ"
                for label, v in labels.items():
                    assert _close(g[head][label], float(v)), f"{what}: scores[{head}][{label}] {g[head][label]} != {v}"
        elif k == "claims":
            assert len(g) == len(w), f"{what}: {len(g)} claims != {len(w)}"
            for i, (gc, wc) in enumerate(zip(g, w)):
                assert list(gc) == list(wc), f"{what}: claim {i} fields {list(gc)} != {list(wc)}"
                for f, wv in wc.items():
                    ok = _close(gc[f], float(wv)) if f == "score" else gc[f] == wv and type(gc[f]) is type(wv)
                    assert ok, f"{what}: claim {i} {f}: {gc[f]!r} != {wv!r}"
        else:
            assert g == w, f"{what}: {k}: {g!r} != {w!r}"


def test_classify_column_equals_classify(spark, model_dir: Path) -> None:
    from newsclf.spark import RESULT_FIELDS, classify_column

    recs = make_records(40)
    rows = [(r["id"], r["text"], r["title"]) for r in recs] + [("null-text", None, None)]
    df = spark.createDataFrame(rows, "id string, text string, title string")
    out = classify_column(df, text_col="text", title_col="title", model_path=str(model_dir))
    assert out.columns == ["id", "text", "title", *RESULT_FIELDS]
    assert RESULT_FIELDS.index("scores") == RESULT_FIELDS.index("abstained") - 1
    types = {f.name: f.dataType.simpleString() for f in out.schema.fields}
    assert types["countries"] == "array<string>" and types["macro_region"] == "string"
    assert types["abstained"] == "boolean"
    assert types["claims"] == CLAIM_TYPE
    assert types["scores"] == SCORES_TYPE
    got = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    import newsclf

    model = newsclf.load_model(model_dir)
    assert len(got) == len(rows)
    for rid, text, title in rows:
        assert_same({k: got[rid][k] for k in RESULT_FIELDS}, _expected(model, text, title), rid)
    assert got["null-text"]["abstained"] is True and got["null-text"]["scores"] == {}
    assert any(got[r["id"]]["scores"] for r in recs)

    nested = classify_column(df.limit(3), model_path=str(model_dir), output_col="newsclf")
    assert nested.columns == ["id", "text", "title", "newsclf"]
    assert nested.schema["newsclf"].dataType.simpleString() == (
        "struct<" + ",".join(f"{f}:{types[f]}" for f in RESULT_FIELDS) + ">")
    with pytest.raises(ValueError, match="no text column 'body'"):
        classify_column(df, text_col="body", model_path=str(model_dir))


def test_scores_false_leaves_scores_out(spark, model_dir: Path) -> None:
    import newsclf
    from newsclf.spark import RESULT_FIELDS, classify_column, result_fields

    fields = result_fields(scores=False)
    assert fields == tuple(f for f in RESULT_FIELDS if f != "scores")
    recs = make_records(6)
    df = spark.createDataFrame([(r["id"], r["text"], r["title"]) for r in recs], "id string, text string, title string")
    out = classify_column(df, title_col="title", model_path=str(model_dir), scores=False)
    assert out.columns == ["id", "text", "title", *fields]
    model = newsclf.load_model(model_dir)
    for row in out.collect():
        r = row.asDict(recursive=True)
        rec = next(x for x in recs if x["id"] == r["id"])
        assert_same({k: r[k] for k in fields}, _expected(model, rec["text"], rec["title"], scores=False), r["id"])


def test_claim_struct_is_the_parquet_claim_struct() -> None:
    """One definition of the claim fields: Spark's struct, newsclf score's Parquet struct and Claim."""
    import dataclasses

    pa = pytest.importorskip("pyarrow")
    from newsclf.batch import _parquet_schema
    from newsclf.claims import Claim
    from newsclf.spark import CLAIM_FIELDS, result_schema

    parquet = _parquet_schema()
    spark_claim = result_schema()["claims"].dataType.elementType
    pq_claim = parquet.field("claims").type.value_type
    names = [pq_claim.field(i).name for i in range(pq_claim.num_fields)]
    assert [f.name for f in spark_claim.fields] == names == [n for n, _ in CLAIM_FIELDS]
    assert names == [f.name for f in dataclasses.fields(Claim)]
    spark_of = {pa.string(): "string", pa.bool_(): "boolean", pa.float64(): "double", pa.int64(): "bigint"}
    assert [f.dataType.simpleString() for f in spark_claim.fields] == [
        spark_of[pq_claim.field(i).type] for i in range(pq_claim.num_fields)]
    # the added columns are the Parquet output's, without id, in the same order
    assert list(result_schema().names) == [n for n in parquet.names if n != "id"]


def _real_rows() -> list[tuple[str, str | None, str | None]]:
    """Real articles: the seed dump as one text (its first article, credits from the captions),
    each of its articles as (body, title), a headline-only record, an Arabic text, a null text."""
    from newsclf.article import split_dump

    dump = SEED_FILE.read_text(encoding="utf-8")
    rows: list[tuple[str, str | None, str | None]] = [("seed-dump", dump, None)]
    rows += [(f"seed-{i}", a.body, a.title) for i, a in enumerate(split_dump(dump))]
    rows += [("headline", "", "Rockets hit Ashkelon as Israeli jets strike Gaza, army says"),
             ("arabic", "قال مسؤولون إن الاشتباكات استمرت في غزة", None), ("null-text", None, "A title")]
    return rows


@pytest.mark.skipif(not (SHIPPED / "manifest.json").is_file(), reason="no shipped model")
def test_parity_with_local_and_newsclf_score(spark, shipped_model, tmp_path: Path) -> None:
    """The shipped model on real articles: each Spark row equals ``classify_many(...)[i].to_dict()``
    (scores and claim offsets included) and the row ``newsclf score`` writes to Parquet."""
    pq = pytest.importorskip("pyarrow.parquet")
    from newsclf.batch import score_file
    from newsclf.spark import RESULT_FIELDS, classify_column

    rows = _real_rows()
    df = spark.createDataFrame(rows, "id string, text string, title string").repartition(2)
    got = {r["id"]: r.asDict(recursive=True) for r in
           classify_column(df, title_col="title", model_path=str(SHIPPED)).collect()}
    assert set(got) == {rid for rid, _, _ in rows}

    local = shipped_model.classify_many([{"text": t or "", "title": ti or ""} for _, t, ti in rows])
    for (rid, _, _), res in zip(rows, local):
        want = res.to_dict()
        want.pop("id", None)
        assert_same({k: got[rid][k] for k in RESULT_FIELDS}, want, rid)
    seed = got["seed-0"]
    assert seed["claims"] and seed["scores"]["conflict_types"] and seed["countries"]
    assert got["seed-dump"]["credits"] and got["arabic"]["abstained"]
    assert not got["null-text"]["abstained"]   # a null text with a title is a headline-only article
    assert got["headline"]["scores"] and not got["headline"]["abstained"]

    # newsclf score on the same records (null text is an error there, not an abstained row)
    recs = [{"id": rid, "text": t, **({"title": ti} if ti else {})} for rid, t, ti in rows if t is not None]
    out = tmp_path / "scored.parquet"
    summary = score_file(write_jsonl(tmp_path / "in.jsonl", recs), out, model=str(SHIPPED), progress=False)
    assert summary.scored == len(recs)
    for rec in pq.read_table(out).to_pylist():
        rec["scores"] = {h: dict(labels) for h, labels in rec["scores"]}
        assert_same({k: got[rec["id"]][k] for k in RESULT_FIELDS}, {k: rec[k] for k in RESULT_FIELDS}, rec["id"])


def test_a_row_that_breaks_the_model_abstains_and_the_batch_goes_on(model_dir: Path, caplog) -> None:
    """classify_frame (the body of the UDF, no Spark needed): one failing row abstains, the
    others are classified as usual, in order."""
    import pandas as pd

    import newsclf
    from newsclf.spark import classify_frame

    real = newsclf.load_model(model_dir)

    class Flaky:
        taxonomy_version = real.taxonomy_version

        def classify_many(self, items):
            if any("BOOM" in it["text"] for it in items):
                raise RuntimeError("a pathological text")
            return real.classify_many(items)

    texts = pd.Series(["Israeli strikes hit Gaza City, officials said.", "BOOM", None,
                       "Protesters rallied in Beirut on Sunday."])
    with caplog.at_level("WARNING", logger="newsclf.spark"):
        out = classify_frame(texts, None, Flaky())
    assert list(out["abstained"]) == [False, True, True, False]
    assert out["countries"][0] == ["PS"] and out["countries"][3] == ["LB"]
    assert out["scores"][1] == {} and out["claims"][1] == []
    assert any("row 1 of its batch abstains" in r.getMessage() and "RuntimeError" in r.getMessage()
               for r in caplog.records)


def test_a_models_own_heads_come_as_a_labels_column_like_newsclf_score(spark, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    import newsclf
    from newsclf.batch import score_file
    from newsclf.retrain import train
    from newsclf.spark import classify_column, result_fields
    from tests.test_retrain import FAST, make_rows

    model_dir = train(make_rows(), heads={"topics": None}, config=FAST, track=False).save(tmp_path / "m")
    texts = [("a", "Rioters clashed with police in Cairo."), ("b", None)]
    out = classify_column(spark.createDataFrame(texts, "id string, text string"), model_path=str(model_dir))
    assert out.columns == ["id", "text", *result_fields(labels=True)]
    got = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    model = newsclf.load_model(model_dir)
    assert got["a"]["labels"] == model.classify("Rioters clashed with police in Cairo.").to_dict()["labels"]
    assert got["b"]["labels"] == {} and got["b"]["abstained"] is True
    # the same columns, in the same order, as newsclf score's Parquet output (without id)
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Rioters clashed in Cairo."}\n')
    score_file(src, tmp_path / "o.parquet", model=model_dir)
    assert pq.read_schema(tmp_path / "o.parquet").names[1:] == list(result_fields(labels=True))
