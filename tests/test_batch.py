"""Batch scoring (newsclf.batch): formats, bad records, parallel equality, crash + resume.

The tests use a tiny model trained here in a few seconds (``tiny_model_dir``), not the
shipped one: a kill-and-resume test starts the CLI three times, and each process loads
its model, which takes a fraction of a second for the tiny model but over a minute for
the shipped one on this machine (see the batch report). What is tested is the job
machinery; the model is a black box to it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsclf import batch
from newsclf.batch import OUTPUT_FIELDS, score_file

ROOT = Path(__file__).resolve().parents[1]

# (text, countries, conflict types): enough for every head to fit
TINY_CORPUS = [
    ("Israeli airstrikes hit Gaza City overnight, killing 12 people, the health ministry said.", ["PS"],
     ["airstrike_shelling"]),
    ("Syrian government forces shelled rebel positions in Idlib, the Syrian Observatory for Human Rights "
     "reported.", ["SY"], ["airstrike_shelling", "armed_clash"]),
    ("Thousands protest in Baghdad against corruption, police said.", ["IQ"], ["protest"]),
    ("A suicide bomber killed 20 people at a market in Kabul, officials said.", ["AF"], ["terrorism"]),
    ("Israeli settlers attacked a home in Sair, near Hebron in the West Bank, residents said.", ["PS"],
     ["settler_violence", "violence_against_civilians"]),
    ("Iran and the United States resumed talks in Oman on a ceasefire in Yemen.", ["YE", "OM"],
     ["diplomacy_ceasefire"]),
    ("Lebanese police arrested three suspects in Beirut after a raid.", ["LB"], ["security_operation"]),
    ("Fighting between the army and militants in Sinai, Egypt, left 15 dead.", ["EG"], ["armed_clash"]),
    ("Aid trucks entered Gaza as famine spread, the UN said.", ["PS"], ["humanitarian_crisis"]),
    ("Turkish parliament members feuded over the election result in Ankara.", ["TR"], ["political_dispute"]),
    ("Residents fled their homes in Aleppo, Syria after evacuation orders.", ["SY"], ["displacement"]),
    ("The football team from Jordan won the cup in Amman.", ["JO"], []),
]

# texts to score: the corpus and variations of it, so rows differ
_PLACES = ["Gaza", "Hebron", "Aleppo", "Mosul", "Beirut", "Sanaa", "Cairo", "Tehran", "Amman", "Kabul"]


def build_tiny_model(path: Path) -> Path:
    """Train and save a tiny model (vectorizer, conflict-types head, country ranker)."""
    from newsclf.article import normalise
    from newsclf.model import NewsModel
    from newsclf.taxonomy import TAXONOMY_VERSION, labels
    from newsclf.training import TrainConfig, fit_country_head, fit_text_head, fit_vectorizer, label_matrix

    cfg = TrainConfig(min_df=1, use_weak=False)
    arts = [normalise(t) for t, _, _ in TINY_CORPUS] * 2
    vec = fit_vectorizer([a.text for a in arts], cfg)
    X = vec.transform([a.text for a in arts])
    ct = labels("conflict_types")
    head = fit_text_head("conflict_types", ct, X, label_matrix([c for _, _, c in TINY_CORPUS] * 2, ct), cfg)
    countries = fit_country_head(arts, [c for _, c, _ in TINY_CORPUS] * 2, cfg)
    model = NewsModel(vectorizer=vec, text_heads={"conflict_types": head}, source_head=None,
                      country_head=countries, config={"taxonomy_version": TAXONOMY_VERSION})
    model.save(path)
    return path


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("batch-model") / "tiny")


def make_records(n: int) -> list[dict]:
    out = []
    for i in range(n):
        text, _, _ = TINY_CORPUS[i % len(TINY_CORPUS)]
        place = _PLACES[(i // len(TINY_CORPUS)) % len(_PLACES)]
        out.append({"id": f"a{i:05d}", "title": f"Report {i} from {place}",
                    "text": f"{text} Officials in {place} said on day {i} that the situation was tense."})
    return out


def write_jsonl(path: Path, records: list, extra_lines: list[str] = ()) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def expected(model_dir: Path, records: list[dict]) -> list[dict]:
    import newsclf

    model = newsclf.load_model(model_dir)
    out = []
    for r in records:
        d = model.classify({"text": r["text"], "title": r.get("title", "")}).to_dict()
        d.pop("id", None)
        out.append({"id": r["id"], **d})
    return out


# --------------------------------------------------------------------------- formats
def test_jsonl_round_trip_with_bad_records(tmp_path: Path, tiny_model_dir: Path) -> None:
    recs = make_records(40)
    src = write_jsonl(tmp_path / "in.jsonl", recs[:20], [
        "{not json",                                   # line 21
        "",                                            # blank: not a record
        json.dumps({"id": "n1", "text": 42}),          # line 23
        json.dumps(["a", "list"]),                     # line 24
        json.dumps({"id": "n2", "note": "no text"}),   # line 25
        json.dumps({"id": "n3", "text": None}),        # line 26
        json.dumps({"text": "An airstrike hit Gaza, officials said."}),   # line 27: no id
    ] + [json.dumps(r) for r in recs[20:]])
    s = score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir, batch_size=7)
    assert (s.scored, s.failed) == (41, 5)
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert [r["id"] for r in rows] == [r["id"] for r in recs[:20]] + [27] + [r["id"] for r in recs[20:]]
    assert list(rows[0]) == list(OUTPUT_FIELDS)
    want = expected(tiny_model_dir, recs)
    assert [r for r in rows if r["id"] != 27] == want
    errs = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert [(e["line"], e["id"]) for e in errs] == [(21, None), (23, "n1"), (24, None), (25, "n2"), (26, "n3")]
    reasons = [e["reason"] for e in errs]
    assert reasons[0].startswith("invalid JSON")
    assert reasons[1].startswith("article['text'] must be str or UTF-8 bytes, got int (42)")
    assert reasons[2] == "expected a JSON object, got list"
    assert "must have a 'text' or 'body' key" in reasons[3] and "null" in reasons[4]
    assert not (tmp_path / "out.jsonl.newsclf-work").exists()


def test_csv_round_trip(tmp_path: Path, tiny_model_dir: Path) -> None:
    import csv

    recs = make_records(25)
    recs[3]["text"] = "Line one of a quoted field.\nLine two, where police said \"calm\" returned."
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["doc", "body", "headline"])
        for r in recs:
            w.writerow([r["id"], r["text"], r["title"]])
        w.writerow(["", "A row without an id about Gaza.", ""])   # starts on line 28 (row 4 spans 2 lines)
        w.writerow(["short"])                                      # too few fields
    s = score_file(src, tmp_path / "out.csv", model=tiny_model_dir, batch_size=4, text_column="body",
                   id_column="doc", title_column="headline")
    assert (s.scored, s.failed) == (26, 1)
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(OUTPUT_FIELDS)
    assert [r["id"] for r in rows] == [r["id"] for r in recs] + ["28"]
    want = expected(tiny_model_dir, recs)
    for got, exp in zip(rows, want):
        assert json.loads(got["countries"]) == exp["countries"]
        assert json.loads(got["claims"]) == exp["claims"]
        assert json.loads(got["scores"]) == exp["scores"]
        assert got["macro_region"] == (exp["macro_region"] or "")
        assert got["abstained"] == ("true" if exp["abstained"] else "false")
    (err,) = read_jsonl(tmp_path / "out.csv.errors.jsonl")
    assert err["line"] == 29 and "1 fields where the header has 3" in err["reason"]


def test_parquet_round_trip(tmp_path: Path, tiny_model_dir: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs = make_records(30)
    table = pa.table({"id": [r["id"] for r in recs[:-1]] + [None],
                      "text": [r["text"] for r in recs[:-2]] + [None, recs[-1]["text"]],
                      "title": [r["title"] for r in recs]})
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=8)
    s = score_file(tmp_path / "in.parquet", tmp_path / "out.parquet", model=tiny_model_dir, batch_size=5)
    assert (s.scored, s.failed) == (29, 1)
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.names == list(OUTPUT_FIELDS)
    assert str(out.schema.field("claims").type).startswith("list<element: struct<cue: string")
    rows = out.to_pylist()
    want = expected(tiny_model_dir, recs[:-2] + [recs[-1]])
    want[-1]["id"] = "30"                      # no id: the row number
    assert [r["id"] for r in rows] == [w["id"] for w in want]
    for got, exp in zip(rows, want):
        assert {k: got[k] for k in ("countries", "areas", "macro_region", "conflict_types", "abstained")} == \
               {k: exp[k] for k in ("countries", "areas", "macro_region", "conflict_types", "abstained")}
        assert [{k: c[k] for k in ("cue", "source", "source_type")} for c in got["claims"]] == \
               [{k: c[k] for k in ("cue", "source", "source_type")} for c in exp["claims"]]
        assert {h: dict(s) for h, s in got["scores"]} == exp["scores"]
    (err,) = read_jsonl(tmp_path / "out.parquet.errors.jsonl")
    assert err["row"] == 29 and "null" in err["reason"]


def test_workers_2_equals_1(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(120), ["oops"])
    one = score_file(src, tmp_path / "one.jsonl", model=tiny_model_dir, batch_size=9)
    two = score_file(src, tmp_path / "two.jsonl", model=tiny_model_dir, batch_size=4, workers=2)
    assert (one.scored, one.failed) == (two.scored, two.failed) == (120, 1)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert (tmp_path / "one.jsonl.errors.jsonl").read_bytes() == (tmp_path / "two.jsonl.errors.jsonl").read_bytes()


# --------------------------------------------------------------------------- crash and resume
class _Crash(Exception):
    pass


def test_torn_tail_is_truncated_on_resume(tmp_path: Path, tiny_model_dir: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash between appending a batch and its checkpoint leaves a tail that resume drops."""
    src = write_jsonl(tmp_path / "in.jsonl", make_records(60), ["bad line"])
    ref = tmp_path / "ref.jsonl"
    score_file(src, ref, model=tiny_model_dir, batch_size=10)

    real_commit = batch._commit
    calls = {"n": 0}

    def crashing_commit(work, ck, out, err, pos):
        calls["n"] += 1
        if calls["n"] == 4:       # after 3 committed batches, die before recording the 4th
            out.flush()
            raise _Crash
        return real_commit(work, ck, out, err, pos)

    monkeypatch.setattr(batch, "_commit", crashing_commit)
    out = tmp_path / "out.jsonl"
    with pytest.raises(_Crash):
        score_file(src, out, model=tiny_model_dir, batch_size=10)
    monkeypatch.setattr(batch, "_commit", real_commit)
    work = tmp_path / "out.jsonl.newsclf-work"
    ck = json.loads((work / "checkpoint.json").read_text())
    assert ck["records"] == 30 and not ck["done"]
    assert (work / "output.partial").stat().st_size > ck["out_bytes"]     # the uncommitted 4th batch
    with open(work / "output.partial", "ab") as fh:
        fh.write(b'{"id": "torn half-line')
    (work / "checkpoint.json.tmp").write_text("{trunc")                      # a torn checkpoint write
    assert not out.exists()                                                 # never a partial output
    s = score_file(src, out, model=tiny_model_dir, batch_size=7, workers=2)
    assert (s.scored, s.failed) == (60, 1)
    assert out.read_bytes() == ref.read_bytes()
    assert (tmp_path / "out.jsonl.errors.jsonl").read_bytes() == (tmp_path / "ref.jsonl.errors.jsonl").read_bytes()


def test_checkpoint_of_another_input_is_discarded(tmp_path: Path, tiny_model_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(30))
    monkeypatch.setattr(batch, "_finish", lambda *a, **k: (_ for _ in ()).throw(_Crash()))
    with pytest.raises(_Crash):
        score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir, batch_size=10)
    monkeypatch.undo()
    write_jsonl(src, make_records(12))               # the input changed: start over
    s = score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir, batch_size=10)
    assert s.scored == 12
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == [f"a{i:05d}" for i in range(12)]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsclf.cli", "score", *args, "--no-progress"]


@pytest.mark.slow
def test_sigkill_and_resume_gives_exactly_once(tmp_path: Path, tiny_model_dir: Path) -> None:
    recs = make_records(2000)
    src = write_jsonl(tmp_path / "in.jsonl", recs[:1000], ["{broken"])
    with open(src, "a", encoding="utf-8") as fh:
        for r in recs[1000:]:
            fh.write(json.dumps(r) + "\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = tmp_path / "out.jsonl"
    ck_path = tmp_path / "out.jsonl.newsclf-work" / "checkpoint.json"
    cmd = _cli(str(src), "-o", str(out), "--model", str(tiny_model_dir), "--batch-size", "40", "--workers", "2")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killed_at = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            done = json.loads(ck_path.read_text())["records"]
        except (OSError, ValueError, KeyError):
            done = 0
        if done >= 200:
            proc.send_signal(signal.SIGKILL)
            killed_at = done
            break
        time.sleep(0.05)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert killed_at is not None and killed_at < 2001, "the job finished before it could be killed"
    assert not out.exists()
    # resume with other workers and batch size: they may change between runs
    res = subprocess.run(_cli(str(src), "-o", str(out), "--model", str(tiny_model_dir), "--batch-size", "64"),
                         env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr       # 1: one bad record
    assert "scored 2,000 articles, 1 failed" in res.stderr
    rows = read_jsonl(out)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == 2000
    assert ids == [r["id"] for r in recs]
    # equal to an uninterrupted run
    ref = tmp_path / "ref.jsonl"
    score_file(src, ref, model=tiny_model_dir, batch_size=100)
    assert out.read_bytes() == ref.read_bytes()
    (err,) = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert err["line"] == 1001


def test_bad_arguments(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(2))
    with pytest.raises(ValueError, match="extension"):
        score_file(src, tmp_path / "out.txt", model=tiny_model_dir)
    with pytest.raises(ValueError, match="workers"):
        score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir, workers=0)
    with pytest.raises(FileNotFoundError):
        score_file(tmp_path / "missing.jsonl", tmp_path / "out.jsonl", model=tiny_model_dir)
    (tmp_path / "in.csv").write_text("id,content\n1,hello\n")
    with pytest.raises(ValueError, match=r"no text column 'text' \(or 'body'\)"):
        score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=tiny_model_dir)
