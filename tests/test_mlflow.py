"""MLflow tracking, registry and serving of a retrained model (offline, temp SQLite store)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("mlflow")
datasets = pytest.importorskip("datasets")

os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"

sys.path.insert(0, str(Path(__file__).parent))
from test_retrain import make_rows  # noqa: E402

TEXTS = [
    "Riot police fired tear gas as rioters burned cars and looted shops in Amman.",
    "Teachers in Cairo began a strike over unpaid salaries and the union rejected the offer.",
    "Negotiators signed a ceasefire agreement in Khartoum after weeks of talks.",
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One tiny custom-taxonomy model from a datasets.Dataset, logged, registered and aliased; its
    conflict_types head reads the rule cues too (newsclf.conflict_cues), so the pyfunc path feeds them."""
    from newsclf.retrain import train

    tmp = tmp_path_factory.mktemp("mlflow")
    uri = f"sqlite:///{tmp / 'mlflow.db'}"
    ds = datasets.Dataset.from_list(make_rows())
    model = train(ds, heads={"conflict_types": ["riot", "strike", "peace"]}, label_columns={"conflict_types": "topics"},
                  config={"min_df": 1, "max_features": 5000, "conflict_cues": "lead"}, out=tmp / "model",
                  tracking_uri=uri,
                  experiment="test", register="newsclf", alias="champion", run_name="tiny")
    return {"uri": uri, "tmp": tmp, "model": model, "run_id": model.manifest["mlflow_run_id"]}


def test_run_logged_with_params_metrics_artifacts(run):
    from mlflow import MlflowClient

    client = MlflowClient(run["uri"])
    r = client.get_run(run["run_id"])
    assert r.data.params["classifier"] == "logreg" and r.data.params["min_df"] == "1"
    assert r.data.params["conflict_cues"] == "lead"
    assert len(r.data.params["data_sha256"]) == 64
    assert r.data.params["count.conflict_types.riot"] == "16"
    assert "train_seconds" in r.data.metrics
    assert "eval.conflict_types.micro_f1" in r.data.metrics
    assert "eval.conflict_types.f1.peace" in r.data.metrics
    arts = {a.path for a in client.list_artifacts(run["run_id"])}
    assert {"reports", "plots", "MODEL_CARD.md", "training_info.json"} <= arts
    plots = {a.path for a in client.list_artifacts(run["run_id"], "plots")}
    assert "plots/f1_eval_conflict_types.png" in plots and "plots/calibration_conflict_types.png" in plots
    reports = {a.path for a in client.list_artifacts(run["run_id"], "reports")}
    assert "reports/eval_conflict_types.json" in reports
    # aliases only, never stages
    mv = client.get_model_version_by_alias("newsclf", "champion")
    assert mv.current_stage in (None, "None")
    assert not Path(run["tmp"] / "mlruns").exists()


def test_registry_alias_loads_same_predictions(run):
    import mlflow
    import pandas as pd

    import newsclf

    mlflow.set_tracking_uri(run["uri"])
    pyf = mlflow.pyfunc.load_model("models:/newsclf@champion")
    df = pd.DataFrame({"text": TEXTS})
    out = pyf.predict(df)
    assert len(out) == len(TEXTS)
    direct = newsclf.load_model(run["tmp"] / "model").classify(TEXTS)
    assert [list(x) for x in out["conflict_types"]] == [list(r.conflict_types) for r in direct]
    assert [list(x) for x in out["countries"]] == [list(r.countries) for r in direct]
    assert json.loads(out["claims"][0]) == [c.to_dict() for c in direct[0].claims]
    from newsclf.tracking import OUTPUT_COLUMNS

    assert list(out.columns)[:len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS)
    assert [json.loads(x) for x in out["scores"]] == [r.to_dict()["scores"] for r in direct]
    assert json.loads(out["scores"][0])["conflict_types"]
    assert out["conflict_types"][0] == ["riot"] or "riot" in list(out["conflict_types"][0])
    one = pyf.predict(pd.DataFrame({"text": TEXTS[:1], "title": ["Unrest"]}))
    assert len(one) == 1


def test_registered_result_type_is_the_pyfunc_output():
    from newsclf.spark import registered_result_type
    from newsclf.tracking import OUTPUT_COLUMNS

    def names(ddl: str) -> list[str]:
        return [col.split()[0] for col in ddl.split(", ")]

    assert names(registered_result_type()) == list(OUTPUT_COLUMNS)
    assert names(registered_result_type(scores=False)) == [c for c in OUTPUT_COLUMNS if c != "scores"]


@pytest.mark.spark
def test_registered_model_udf_on_spark(run):
    """registered_model_udf on Spark local[2]: claims and scores as JSON, equal to classify()."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        pytest.skip("needs pyspark and Java")
    import mlflow
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    import newsclf
    from newsclf.spark import registered_model_udf

    mlflow.set_tracking_uri(run["uri"])
    spark = (SparkSession.builder.master("local[2]").appName("newsclf-mlflow-test")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        df = spark.createDataFrame([(str(i), t) for i, t in enumerate(TEXTS)], "id string, text string")
        udf = registered_model_udf(spark, "models:/newsclf@champion")
        got = {r["id"]: r["newsclf"].asDict() for r in df.withColumn("newsclf", udf(F.struct("text", "id"))).collect()}
        no_scores = registered_model_udf(spark, "models:/newsclf@champion", scores=False)
        short = df.withColumn("newsclf", no_scores(F.struct("text"))).select("newsclf.*")
        assert "scores" not in short.columns and short.count() == len(TEXTS)
    finally:
        spark.stop()
    direct = newsclf.load_model(run["tmp"] / "model").classify(TEXTS)
    for i, res in enumerate(direct):
        d = res.to_dict()
        g = got[str(i)]
        assert json.loads(g["scores"]) == d["scores"] and json.loads(g["claims"]) == d["claims"]
        assert list(g["conflict_types"]) == d["conflict_types"] and g["abstained"] == d["abstained"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_rest_two_articles(run):
    port = _free_port()
    env = {**os.environ, "MLFLOW_TRACKING_URI": run["uri"], "MLFLOW_DISABLE_TELEMETRY": "true"}
    log = open(run["tmp"] / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "mlflow", "models", "serve", "-m", "models:/newsclf@champion",
                             "--env-manager", "local", "-p", str(port), "-h", "127.0.0.1", "-w", "1"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("server did not answer /ping:\n" + (run["tmp"] / "serve.log").read_text()[-3000:])
            time.sleep(0.5)
        body = json.dumps({"dataframe_records": [{"text": TEXTS[0]}, {"text": TEXTS[1]}]}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{port}/invocations", data=body,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            preds = json.loads(r.read())["predictions"]
        assert len(preds) == 2
        assert "riot" in preds[0]["conflict_types"] and "strike" in preds[1]["conflict_types"]
        assert set(preds[0]) >= {"countries", "areas", "macro_region", "source_types", "agencies", "credits",
                                 "claims", "abstained"}
    finally:
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_file_store_refused(tmp_path):
    from newsclf.tracking import resolve_tracking_uri

    with pytest.raises(ValueError, match="file store"):
        resolve_tracking_uri(str(tmp_path / "mlruns"))
    with pytest.raises(ValueError, match="file store"):
        resolve_tracking_uri((tmp_path / "mlruns").as_uri())


def test_pyfunc_null_text_abstains_and_non_string_text_is_refused(run):
    """A null text (None, NaN: pandas gives NaN for a missing string) is no text, never the word 'nan';
    a text that is no string (a list cell, as MLflow makes of {"text": [...]}) is refused, not str()-ed."""
    import mlflow
    import numpy as np
    import pandas as pd

    mlflow.set_tracking_uri(run["uri"])
    pyf = mlflow.pyfunc.load_model("models:/newsclf@champion")
    for df in (pd.DataFrame({"text": [None, TEXTS[0]]}), pd.DataFrame({"text": [np.nan, TEXTS[0]]}, dtype=object)):
        out = pyf.predict(df)
        assert len(out) == 2
        assert bool(out["abstained"][0]) and list(out["conflict_types"][0]) == []
        assert not bool(out["abstained"][1])
    # a null text with a title: the title is the article
    out = pyf.predict(pd.DataFrame({"text": [np.nan], "title": [TEXTS[0]]}, dtype=object))
    assert not bool(out["abstained"][0]) and "riot" in list(out["conflict_types"][0])
    with pytest.raises(Exception, match="must be str"):
        pyf.predict({"text": [TEXTS[0], TEXTS[1]]})   # two texts in one cell: not one article "['...', '...']"


@pytest.mark.parametrize("uri, match", [("mlruns", "file store"), ("sqlite://rel.db", "sqlite:///")])
def test_a_bad_tracking_uri_fails_before_training(tmp_path, monkeypatch, uri, match):
    """A file store or a malformed SQLite URL is refused before training and before the model folder is
    written (it was refused, or a SQLAlchemy traceback, after both)."""
    import newsclf.retrain as rt

    monkeypatch.setattr(rt, "_load_data", lambda *a, **k: (_ for _ in ()).throw(AssertionError("training started")))
    with pytest.raises(ValueError, match=match):
        rt.train(make_rows(), heads={"topics": None}, out=tmp_path / "m", tracking_uri=uri)
    assert not (tmp_path / "m").exists()


def test_label_ids_that_mlflow_cannot_name_are_logged_under_safe_names(tmp_path):
    """A custom label id may hold any character ('riot & unrest', 'paix (café)'); MLflow param and metric
    names may not. The run used to fail after training and saving; now the names are made safe."""
    from mlflow import MlflowClient

    from newsclf.retrain import train

    names = {"riot": "riot & unrest", "strike": "strike?", "peace": "paix (café)" + " and calm" * 30}
    rows = [{**r, "topics": [names[t] for t in r["topics"]]} for r in make_rows()]
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    model = train(rows, heads={"topics": None}, config={"min_df": 1, "max_features": 5000}, out=tmp_path / "m",
                  tracking_uri=uri, experiment="test")
    assert model.text_heads["topics"].labels == (names["peace"], "riot & unrest", "strike?")
    r = MlflowClient(uri).get_run(model.manifest["mlflow_run_id"])
    counts = {k: v for k, v in r.data.params.items() if k.startswith("count.topics.")}
    assert len(counts) == 3 and sorted(counts.values()) == ["16", "16", "16"]
    assert any(k.startswith("count.topics.riot _ unrest") for k in counts)
    assert len([k for k in r.data.metrics if k.startswith("eval.topics.f1.")]) == 3


def test_the_evaluation_data_is_part_of_the_tracked_run(tmp_path):
    """eval_data calibrates the heads and sets their thresholds, so two runs on the same training rows with
    different evaluation rows are different models: the run records a fingerprint of both."""
    from mlflow import MlflowClient

    from newsclf.retrain import train

    rows = make_rows()
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    fps = []
    for ev in (rows[::3], rows[1::3]):
        model = train(rows, heads={"topics": None}, config={"min_df": 1, "max_features": 5000}, eval_data=ev,
                      tracking_uri=uri, experiment="test")
        params = MlflowClient(uri).get_run(model.manifest["mlflow_run_id"]).data.params
        assert len(params["eval_data_sha256"]) == 64
        assert model.manifest["training"]["eval_data_sha256"] == params["eval_data_sha256"]
        fps.append((params["data_sha256"], params["eval_data_sha256"]))
    assert fps[0][0] == fps[1][0] and fps[0][1] != fps[1][1]


def test_pyfunc_frame_a_row_that_breaks_the_model_abstains(caplog):
    """predictions_frame (the pyfunc's body, no MLflow run needed): a row whose classification
    raises abstains with its id, the others are classified, one row per input; a row that is no
    article still raises classify's TypeError."""
    import newsclf
    from newsclf.tracking import predictions_frame
    from tests.conftest import SHIPPED

    real = newsclf.load_model(SHIPPED)

    class Flaky:
        text_heads = real.text_heads
        taxonomy_version = real.taxonomy_version

        def classify_many(self, items):
            if any(not isinstance(it.get("text"), str) for it in items):
                raise TypeError("item 1 of the batch: text must be str")
            if any("BOOM" in it["text"] for it in items):
                raise RuntimeError("a pathological text")
            return real.classify_many(items)

    items = [{"id": "a", "text": "Israeli strikes hit Gaza City, officials said."}, {"id": "b", "text": "BOOM"},
             {"id": "c", "text": "Protesters rallied in Beirut on Sunday."}]
    with caplog.at_level("WARNING", logger="newsclf.tracking"):
        out = predictions_frame(Flaky(), items)
    assert list(out["id"]) == ["a", "b", "c"] and list(out["abstained"]) == [False, True, False]
    assert out["countries"][0] == ["PS"] and out["countries"][2] == ["LB"]
    assert any("row 1 abstains" in r.getMessage() for r in caplog.records)
    with pytest.raises(TypeError, match="item 1"):
        predictions_frame(Flaky(), [items[0], {"id": "d", "text": 42}])


@pytest.mark.parametrize("register, alias, match", [("bad/name", None, "bad/name"), ("a:b", "champion", "a:b"),
                                                    ("m", "latest", "latest"), ("m", "v2", "v2"),
                                                    ("m", "my champ", "my champ")])
def test_a_registry_name_or_alias_mlflow_refuses_fails_before_training(tmp_path, monkeypatch, register, alias, match):
    """MLflow refused these only after training, saving and logging (a traceback; with a bad alias, a
    registered version left without it)."""
    import newsclf.retrain as rt

    monkeypatch.setattr(rt, "_load_data", lambda *a, **k: (_ for _ in ()).throw(AssertionError("training started")))
    with pytest.raises(ValueError, match=match):
        rt.train(make_rows(), heads={"topics": None}, out=tmp_path / "m",
                 tracking_uri=f"sqlite:///{tmp_path / 'mlflow.db'}", register=register, alias=alias)
    assert not (tmp_path / "m").exists()


def test_a_deleted_experiment_is_named_before_training(tmp_path, monkeypatch):
    """An experiment deleted in the MLflow UI made the next run fail after training ('must be in the active
    state'); now train() says so before any data is read."""
    from mlflow import MlflowClient

    import newsclf.retrain as rt

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    client = MlflowClient(uri)
    client.delete_experiment(client.create_experiment("gone"))
    monkeypatch.setattr(rt, "_load_data", lambda *a, **k: (_ for _ in ()).throw(AssertionError("training started")))
    with pytest.raises(ValueError, match="'gone' was deleted"):
        rt.train(make_rows(), heads={"topics": None}, tracking_uri=uri, experiment="gone")


def test_a_run_that_fails_on_its_data_creates_no_tracking_store(tmp_path, monkeypatch):
    """The checks before training (URI, registry names, deleted experiment) create nothing: bad data leaves
    no empty experiments/mlflow.db behind."""
    from newsclf.exceptions import TrainingDataError
    from newsclf.retrain import train

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    with pytest.raises(TrainingDataError):
        train([{"text": "x", "topics": []}], heads={"topics": None}, register="m", alias="champion")
    assert not (tmp_path / "experiments").exists()


def test_training_leaves_no_tracking_uri_behind(tmp_path, monkeypatch):
    """mlflow.set_tracking_uri also sets $MLFLOW_TRACKING_URI: a run logged to store A made the next
    train() without tracking_uri (and the user's own MLflow code, and subprocesses) log to A as well,
    instead of the documented default."""
    import mlflow

    from newsclf.retrain import train

    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    mlflow.set_tracking_uri(None)
    uri = f"sqlite:///{tmp_path / 'a.db'}"
    train(make_rows(), heads={"topics": None}, config={"min_df": 1, "max_features": 5000}, tracking_uri=uri,
          experiment="test")
    assert os.environ.get("MLFLOW_TRACKING_URI") is None
    assert not mlflow.is_tracking_uri_set()
    # a tracking URI the caller had set is kept
    mine = f"sqlite:///{tmp_path / 'mine.db'}"
    mlflow.set_tracking_uri(mine)
    try:
        train(make_rows(), heads={"topics": None}, config={"min_df": 1, "max_features": 5000}, tracking_uri=uri,
              experiment="test")
        assert mlflow.get_tracking_uri() == mine
    finally:
        mlflow.set_tracking_uri(None)


def test_an_empty_experiment_name_fails_before_training(tmp_path, monkeypatch):
    import newsclf.retrain as rt
    from newsclf.retrain import train

    monkeypatch.setattr(rt, "_load_data", lambda *a, **k: (_ for _ in ()).throw(AssertionError("training started")))
    rows = [{"text": f"Teachers strike in Cairo, day {i}.", "topics": ["strike"]} for i in range(4)]
    with pytest.raises(ValueError, match="experiment name must be a non-empty string, got ''"):
        train(rows, heads={"topics": None}, experiment="", tracking_uri=f"sqlite:///{tmp_path}/m.db")
    assert not (tmp_path / "m.db").exists()


def test_pyfunc_frame_a_type_error_inside_classification_is_isolated_too(caplog):
    """A TypeError raised while classifying (a bug such as "'NoneType' object is not subscriptable"
    on one pathological text) is no bad input: it failed the whole frame (a Spark task, a serving
    request) because only classify's own TypeError for a row that is no article should pass."""
    import newsclf
    from newsclf.tracking import predictions_frame
    from tests.conftest import SHIPPED

    real = newsclf.load_model(SHIPPED)

    class Buggy:
        text_heads = real.text_heads
        taxonomy_version = real.taxonomy_version

        def classify_many(self, items):
            newsclf.normalise(items[0]) if len(items) == 1 else [newsclf.normalise(it) for it in items]
            if any("BOOM" in it["text"] for it in items):
                raise TypeError("'NoneType' object is not subscriptable")
            return real.classify_many(items)

    items = [{"id": "a", "text": "Israeli strikes hit Gaza City, officials said."}, {"id": "b", "text": "BOOM"}]
    with caplog.at_level("WARNING", logger="newsclf.tracking"):
        out = predictions_frame(Buggy(), items)
    assert list(out["id"]) == ["a", "b"] and list(out["abstained"]) == [False, True]
    assert any("row 1 abstains" in r.getMessage() and "TypeError" in r.getMessage() for r in caplog.records)
    with pytest.raises(TypeError, match="must be str"):            # a row that is no article still raises
        predictions_frame(Buggy(), [items[0], {"id": "d", "text": 42}])
