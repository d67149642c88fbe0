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
                      # (row 29: null text and null title, a bad record; a null text with a title is a headline)
                      "title": [r["title"] for r in recs[:-2]] + [None, recs[-1]["title"]]})
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


# --------------------------------------------------------------------------- completed jobs are not redone
def _count_scoring(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the batches scored from here on (workers=1 scores in this process)."""
    calls = {"batches": 0}
    real = batch._score_batch

    def counting(*args, **kwargs):
        calls["batches"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "_score_batch", counting)
    return calls


def _crash_on_commit(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """Make the ``n``-th checkpoint commit of the next jobs raise :class:`_Crash` (a kill)."""
    real_commit = batch._commit
    calls = {"n": 0}

    def crash(work, ck, out_fh, err_fh, pos):
        calls["n"] += 1
        if calls["n"] == n:
            raise _Crash
        return real_commit(work, ck, out_fh, err_fh, pos)

    monkeypatch.setattr(batch, "_commit", crash)


def _forbid_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any scoring, or any model load, fail the test."""
    def boom(*args, **kwargs):
        raise AssertionError("scored (or loaded the model) although the output is up to date")

    monkeypatch.setattr(batch, "_score_batch", boom)
    monkeypatch.setattr(batch, "_init_worker", boom)


def _ident(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_completed_job_rerun_is_a_noop(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                       suffix: str) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(30), ["{bad"])
    out = tmp_path / f"out{suffix}"
    errs = tmp_path / f"out{suffix}.errors.jsonl"
    first = score_file(src, out, model=tiny_model_dir, batch_size=8)
    assert (first.scored, first.failed, first.up_to_date) == (30, 1, False)
    record = json.loads((tmp_path / f"out{suffix}.newsclf.json").read_text())
    assert (record["scored"], record["failed"]) == (30, 1)
    assert record["fingerprint"]["model_manifest_sha256"]
    before = (_ident(out), _ident(errs), (tmp_path / f"out{suffix}.newsclf.json").read_bytes())
    _forbid_scoring(monkeypatch)
    again = score_file(src, out, model=tiny_model_dir, batch_size=64, workers=2)   # workers, batch size: not the job
    assert (again.scored, again.failed, again.rate, again.up_to_date) == (30, 1, 0.0, True)
    assert (_ident(out), _ident(errs), (tmp_path / f"out{suffix}.newsclf.json").read_bytes()) == before
    assert not (tmp_path / f"out{suffix}.newsclf-work").exists()


def test_changed_input_columns_or_errors_path_are_rescored(tmp_path: Path, tiny_model_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(20))
    out = tmp_path / "out.jsonl"
    score_file(src, out, model=tiny_model_dir, batch_size=8)
    calls = _count_scoring(monkeypatch)
    write_jsonl(src, make_records(25))                                   # the input changed
    s = score_file(src, out, model=tiny_model_dir, batch_size=8)
    assert (s.scored, s.up_to_date, calls["batches"]) == (25, False, 4)
    assert [r["id"] for r in read_jsonl(out)] == [f"a{i:05d}" for i in range(25)]
    s = score_file(src, out, model=tiny_model_dir, batch_size=8, title_column="headline")   # other columns
    assert (s.scored, s.up_to_date, calls["batches"]) == (25, False, 8)
    s = score_file(src, out, model=tiny_model_dir, batch_size=8, title_column="headline",
                   errors=tmp_path / "elsewhere.jsonl")                                       # other errors path
    assert (s.up_to_date, calls["batches"]) == (False, 12)
    s = score_file(src, out, model=tiny_model_dir, batch_size=8, title_column="headline",
                   errors=tmp_path / "elsewhere.jsonl")
    assert (s.scored, s.up_to_date, calls["batches"]) == (25, True, 12)


def _touch_manifest(model_dir: Path) -> None:
    """What a retrain at the same path does to the manifest: rewrite it (here: a new creation time)."""
    path = model_dir / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["created"] = "2099-01-01T00:00:00Z"
    path.write_text(json.dumps(manifest, indent=1) + "\n")


def test_model_retrained_at_the_same_path_is_rescored(tmp_path: Path, tiny_model_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    model_dir = Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))
    src = write_jsonl(tmp_path / "in.jsonl", make_records(20))
    out = tmp_path / "out.jsonl"
    score_file(src, out, model=model_dir, batch_size=10)
    calls = _count_scoring(monkeypatch)
    assert score_file(src, out, model=model_dir, batch_size=10).up_to_date
    _touch_manifest(model_dir)
    loads = {"n": 0}
    real_load = __import__("newsclf").load_model

    def counting_load(path=None):
        loads["n"] += 1
        return real_load(path)

    monkeypatch.setattr("newsclf.load_model", counting_load)
    s = score_file(src, out, model=model_dir, batch_size=10)
    assert (s.scored, s.up_to_date, calls["batches"]) == (20, False, 2)
    assert loads["n"] == 1              # the cached model of the old manifest is not reused
    s = score_file(src, out, model=tiny_model_dir, batch_size=10)     # another model folder
    assert (s.up_to_date, calls["batches"]) == (False, 4)


def test_default_model_is_identified_by_its_manifest(tmp_path: Path, tiny_model_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """model=None resolves to the default model's folder and manifest hash, without loading it."""
    import hashlib
    import shutil

    model_dir = Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))
    monkeypatch.setenv("NEWSCLF_MODEL", str(model_dir))
    monkeypatch.setattr(batch, "_init_worker", lambda *a: pytest.fail("the model was loaded"))
    src = write_jsonl(tmp_path / "in.jsonl", make_records(2))
    cols = batch._Columns(text="text", id="id", title="title")
    fp = batch._fingerprint(src, tmp_path / "out.jsonl", cols, None)
    assert fp["model"] == str(model_dir.resolve())
    assert fp["model_manifest_sha256"] == hashlib.sha256((model_dir / "manifest.json").read_bytes()).hexdigest()
    assert fp == batch._fingerprint(src, tmp_path / "out.jsonl", cols, str(model_dir))   # the same job
    _touch_manifest(model_dir)
    assert batch._fingerprint(src, tmp_path / "out.jsonl", cols, None)["model_manifest_sha256"] != \
        fp["model_manifest_sha256"]


def _replace_same_bytes(path: Path) -> None:
    copy = path.with_name(path.name + ".copy")
    copy.write_bytes(path.read_bytes())
    os.replace(copy, path)


@pytest.mark.parametrize("change", ["output appended", "output deleted", "output replaced", "errors deleted",
                                    "record deleted", "record corrupt"])
def test_changed_output_is_rescored(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                    change: str) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(20), ["{bad"])
    out, errs, rec = tmp_path / "out.jsonl", tmp_path / "out.jsonl.errors.jsonl", tmp_path / "out.jsonl.newsclf.json"
    score_file(src, out, model=tiny_model_dir, batch_size=10)
    ref, ref_errs = out.read_bytes(), errs.read_bytes()
    if change == "output appended":
        with open(out, "ab") as fh:
            fh.write(b'{"id": "extra"}\n')
    elif change == "output deleted":
        out.unlink()
    elif change == "output replaced":                 # same bytes, another file (inode)
        _replace_same_bytes(out)
    elif change == "errors deleted":
        errs.unlink()
    elif change == "record deleted":
        rec.unlink()
    else:
        rec.write_text("{torn")
    calls = _count_scoring(monkeypatch)
    s = score_file(src, out, model=tiny_model_dir, batch_size=10)
    assert (s.scored, s.failed, s.up_to_date, calls["batches"]) == (20, 1, False, 3)   # 21 records
    assert (out.read_bytes(), errs.read_bytes()) == (ref, ref_errs)
    assert score_file(src, out, model=tiny_model_dir, batch_size=10).up_to_date


def test_force_rescores(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(20))
    out = tmp_path / "out.jsonl"
    score_file(src, out, model=tiny_model_dir, batch_size=10)
    ref, ident = out.read_bytes(), _ident(out)
    calls = _count_scoring(monkeypatch)
    s = score_file(src, out, model=tiny_model_dir, batch_size=10, force=True)
    assert (s.scored, s.up_to_date, calls["batches"]) == (20, False, 2)
    assert out.read_bytes() == ref and _ident(out)[0] != ident[0]       # a new file with the same rows
    assert score_file(src, out, model=tiny_model_dir, batch_size=10).up_to_date


def test_cli_says_up_to_date(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    from newsclf.cli import main as cli_main

    src = write_jsonl(tmp_path / "in.jsonl", make_records(30))
    out = tmp_path / "out.jsonl"
    args = ["score", str(src), "-o", str(out), "--model", str(tiny_model_dir), "--no-progress"]
    assert cli_main(args) == 0
    assert "scored 30 articles, 0 failed" in capsys.readouterr().err
    calls = _count_scoring(monkeypatch)
    assert cli_main(args) == 0
    err = capsys.readouterr().err
    assert f"{out} is up to date: the completed job scored 30 articles, 0 failed; nothing redone" in err
    assert "--force" in err and calls["batches"] == 0
    assert cli_main([*args, "--force"]) == 0
    err = capsys.readouterr().err
    assert "up to date" not in err and "scored 30 articles, 0 failed" in err and calls["batches"] == 1


def test_cli_up_to_date_job_with_bad_records_exits_as_it_did(tmp_path: Path, tiny_model_dir: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from newsclf.cli import main as cli_main

    src = write_jsonl(tmp_path / "in.jsonl", make_records(5), ["{bad"])
    args = ["score", str(src), "-o", str(tmp_path / "out.jsonl"), "--model", str(tiny_model_dir), "--no-progress"]
    assert cli_main(args) == 1
    capsys.readouterr()
    assert cli_main(args) == 1
    err = capsys.readouterr().err
    assert "is up to date" in err and "1 bad records listed in" in err


def test_crash_before_the_record_is_never_up_to_date(tmp_path: Path, tiny_model_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Job A completes; job B on the same output dies after moving its output into place but
    before writing its record. Neither A nor B may then be taken as up to date on the strength
    of a record; B, run again, completes its record without scoring while its output is intact."""
    a = write_jsonl(tmp_path / "a.jsonl", make_records(20), ["{bad"])
    b = write_jsonl(tmp_path / "b.jsonl", make_records(30))
    ref_a, ref_b = tmp_path / "ref_a.jsonl", tmp_path / "ref_b.jsonl"
    score_file(a, ref_a, model=tiny_model_dir, batch_size=10)
    score_file(b, ref_b, model=tiny_model_dir, batch_size=10)
    out = tmp_path / "out.jsonl"
    rec = tmp_path / "out.jsonl.newsclf.json"
    score_file(a, out, model=tiny_model_dir, batch_size=10)
    assert rec.exists()

    def crash(*args, **kwargs):
        raise _Crash

    monkeypatch.setattr(batch, "_write_record", crash)
    with pytest.raises(_Crash):
        score_file(b, out, model=tiny_model_dir, batch_size=10)
    monkeypatch.undo()
    assert out.read_bytes() == ref_b.read_bytes()            # B's output is in place...
    assert not rec.exists()                                  # ...and A's record went before it
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()

    # A again: scored (its record is gone, and out.jsonl is B's)
    calls = _count_scoring(monkeypatch)
    s = score_file(a, out, model=tiny_model_dir, batch_size=10)
    assert (s.scored, s.failed, s.up_to_date, calls["batches"]) == (20, 1, False, 3)
    assert out.read_bytes() == ref_a.read_bytes()
    monkeypatch.undo()

    # B again after the same crash: its output is intact, so the record is completed without scoring
    monkeypatch.setattr(batch, "_write_record", crash)
    with pytest.raises(_Crash):
        score_file(b, out, model=tiny_model_dir, batch_size=10)
    monkeypatch.undo()
    _forbid_scoring(monkeypatch)
    s = score_file(b, out, model=tiny_model_dir, batch_size=10)
    assert (s.scored, s.failed, s.up_to_date) == (30, 0, False)
    assert rec.exists() and not (tmp_path / "out.jsonl.newsclf-work").exists()
    assert score_file(b, out, model=tiny_model_dir, batch_size=10).up_to_date
    assert out.read_bytes() == ref_b.read_bytes()


def test_crash_after_moving_then_output_modified_is_rescored(tmp_path: Path, tiny_model_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash between moving the output and the errors file: the re-run finishes when the
    moved output is intact, and scores again (never trusts it) when it was modified since."""
    src = write_jsonl(tmp_path / "in.jsonl", make_records(20), ["{bad"])
    ref = tmp_path / "ref.jsonl"
    score_file(src, ref, model=tiny_model_dir, batch_size=10)
    out, errs = tmp_path / "out.jsonl", tmp_path / "out.jsonl.errors.jsonl"
    real_place = batch._place

    def place_then_crash_on_errors(work, ck, key, dest, source):
        if key == "errors":
            raise _Crash
        return real_place(work, ck, key, dest, source)

    for modify in (False, True):
        out.unlink(missing_ok=True)
        errs.unlink(missing_ok=True)
        monkeypatch.setattr(batch, "_place", place_then_crash_on_errors)
        with pytest.raises(_Crash):
            score_file(src, out, model=tiny_model_dir, batch_size=10, force=True)
        monkeypatch.undo()
        assert out.read_bytes() == ref.read_bytes() and not errs.exists()
        assert not (tmp_path / "out.jsonl.newsclf.json").exists()
        if modify:
            with open(out, "ab") as fh:
                fh.write(b'{"id": "extra"}\n')
        calls = _count_scoring(monkeypatch)
        s = score_file(src, out, model=tiny_model_dir, batch_size=10)
        assert (s.scored, s.failed, s.up_to_date) == (20, 1, False)
        assert calls["batches"] == (3 if modify else 0)
        monkeypatch.undo()
        assert out.read_bytes() == ref.read_bytes()
        assert errs.read_bytes() == (tmp_path / "ref.jsonl.errors.jsonl").read_bytes()
        assert score_file(src, out, model=tiny_model_dir, batch_size=10).up_to_date


def test_forced_run_killed_before_its_first_checkpoint_does_not_resume_stale_offsets(
        tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting over deletes the old checkpoint with the partial files: a run that dies before
    its first checkpoint must not leave an old checkpoint pointing past empty partial files."""
    src = write_jsonl(tmp_path / "in.jsonl", make_records(40))
    ref = tmp_path / "ref.jsonl"
    score_file(src, ref, model=tiny_model_dir, batch_size=10)
    out = tmp_path / "out.jsonl"
    _crash_on_commit(monkeypatch, 3)
    with pytest.raises(_Crash):                               # an interrupted job: 2 batches committed
        score_file(src, out, model=tiny_model_dir, batch_size=10)
    monkeypatch.setattr(batch, "_commit", lambda *a: (_ for _ in ()).throw(_Crash()))
    with pytest.raises(_Crash):                               # --force, killed before its first checkpoint
        score_file(src, out, model=tiny_model_dir, batch_size=10, force=True)
    monkeypatch.undo()
    s = score_file(src, out, model=tiny_model_dir, batch_size=10)
    assert (s.scored, s.failed) == (40, 0)
    assert out.read_bytes() == ref.read_bytes()


def test_up_to_date_check_leaves_another_jobs_interrupted_work(tmp_path: Path, tiny_model_dir: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Job A is complete; job B on the same output was interrupted. Re-running A does nothing
    and keeps B's checkpoint, which B then resumes (A's output is still in place until then)."""
    a = write_jsonl(tmp_path / "a.jsonl", make_records(20))
    b = write_jsonl(tmp_path / "b.jsonl", make_records(40))
    ref_b = tmp_path / "ref_b.jsonl"
    score_file(b, ref_b, model=tiny_model_dir, batch_size=10)
    out = tmp_path / "out.jsonl"
    score_file(a, out, model=tiny_model_dir, batch_size=10)
    _crash_on_commit(monkeypatch, 3)
    with pytest.raises(_Crash):
        score_file(b, out, model=tiny_model_dir, batch_size=10)
    monkeypatch.undo()
    work = tmp_path / "out.jsonl.newsclf-work"
    ck_before = (work / "checkpoint.json").read_bytes()
    _forbid_scoring(monkeypatch)
    assert score_file(a, out, model=tiny_model_dir, batch_size=10).up_to_date
    assert (work / "checkpoint.json").read_bytes() == ck_before
    monkeypatch.undo()
    scored = _count_scoring(monkeypatch)
    s = score_file(b, out, model=tiny_model_dir, batch_size=10)
    assert (s.scored, s.up_to_date, scored["batches"]) == (40, False, 2)     # resumed after 2 batches
    assert out.read_bytes() == ref_b.read_bytes()


@pytest.mark.parametrize("which", ["input", "output", "record"])
def test_an_errors_path_that_is_the_input_output_or_record_is_refused(tmp_path: Path, tiny_model_dir: Path,
                                                                      which: str) -> None:
    """The job deletes a stale errors file and moves its own onto the path: never onto the input."""
    src = write_jsonl(tmp_path / "in.jsonl", make_records(5))
    before = src.read_bytes()
    out = tmp_path / "out.jsonl"
    errors = {"input": src, "output": out, "record": tmp_path / "out.jsonl.newsclf.json"}[which]
    with pytest.raises(ValueError, match="choose another --errors path"):
        score_file(src, out, model=tiny_model_dir, errors=errors)
    assert src.read_bytes() == before and not out.exists()


def test_a_read_only_output_folder_is_a_clear_error(tmp_path: Path, tiny_model_dir: Path, capsys,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse
    import errno

    src = write_jsonl(tmp_path / "in.jsonl", make_records(3))
    out = tmp_path / "ro" / "out.jsonl"

    def read_only(self, *a, **k):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)   # (as root, chmod cannot make a folder read-only)
    args = argparse.Namespace(input=str(src), output=str(out), workers=1, batch_size=256, errors=None,
                              text_column="text", id_column="id", title_column="title",
                              model=str(tiny_model_dir), no_progress=True, force=False)
    assert batch.main(args) == 2
    err = capsys.readouterr().err
    assert "Read-only file system" in err and "ro" in err and "Traceback" not in err


def test_a_jsonl_input_without_the_text_column_fails_before_scoring(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": r["id"], "text": r["text"]} for r in make_records(5)])
    with pytest.raises(ValueError, match=r"none of the first 5 records .* has a text column 'content'"):
        score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir, text_column="content")
    assert not (tmp_path / "out.jsonl").exists()
    # one record with the column (or a title alone) is enough: the others are the job's bad records
    mixed = write_jsonl(tmp_path / "mixed.jsonl", [{"id": 1, "headline": "x"}, {"id": 2, "title": "Gaza strike"}])
    s = score_file(mixed, tmp_path / "mixed.out.jsonl", model=tiny_model_dir)
    assert (s.scored, s.failed) == (1, 1)


def test_an_errors_path_in_the_work_folder_or_a_folder_is_refused(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(3))
    out = tmp_path / "out.jsonl"
    with pytest.raises(ValueError, match="inside the job's work folder"):
        score_file(src, out, model=tiny_model_dir, errors=tmp_path / "out.jsonl.newsclf-work" / "err.jsonl")
    (tmp_path / "edir").mkdir()
    with pytest.raises(ValueError, match="is a folder"):
        score_file(src, out, model=tiny_model_dir, errors=tmp_path / "edir")


def test_an_existing_errors_file_is_announced_before_it_is_replaced(tmp_path: Path, tiny_model_dir: Path,
                                                                    caplog) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_records(3), ["oops"])
    other = tmp_path / "other.jsonl"
    other.write_text("another job's output\n")
    with caplog.at_level("WARNING", logger="newsclf.batch"):
        score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir, errors=other)
    assert any(str(other) in r.getMessage() and "will be replaced" in r.getMessage() for r in caplog.records)


def test_csv_and_parquet_with_titles_only_are_headlines(tmp_path: Path, tiny_model_dir: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "t.csv").write_text("id,title\n1,Israeli strikes hit Gaza City\n", encoding="utf-8")
    pq.write_table(pa.table({"id": ["1"], "title": ["Israeli strikes hit Gaza City"]}), tmp_path / "t.parquet")
    for name in ("t.csv", "t.parquet"):
        s = score_file(tmp_path / name, tmp_path / f"{name}.out.jsonl", model=tiny_model_dir)
        assert (s.scored, s.failed) == (1, 0)
    (tmp_path / "n.csv").write_text("id,content\n1,Israeli strikes hit Gaza City\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no text column 'text' .* and no title column 'title'"):
        score_file(tmp_path / "n.csv", tmp_path / "n.out.jsonl", model=tiny_model_dir)


def test_titles_without_the_text_column_warn_when_records_hold_long_text(tmp_path: Path, tiny_model_dir: Path,
                                                                         caplog) -> None:
    body = "BEIRUT (Reuters) - Israeli air strikes hit the southern suburbs of Beirut on Tuesday. " * 4
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "title": "Explosions heard", "content": body}])
    with caplog.at_level("WARNING", logger="newsclf.batch"):
        s = score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir)
    assert s.scored == 1
    assert any("scored as headlines" in r.getMessage() and "content" in r.getMessage() for r in caplog.records)


# --------------------------------------------------------------------------- gzip and --no-scores
def _gzip(path: Path, data: bytes) -> Path:
    import gzip

    path.write_bytes(gzip.compress(data))
    return path


def test_gzip_input_and_output_match_the_plain_job(tmp_path: Path, tiny_model_dir: Path) -> None:
    """A .jsonl.gz or .csv.gz input is read, and a .gz output written, as gzip: the decompressed
    output is byte for byte the plain job's, with the same errors file."""
    import gzip

    plain = write_jsonl(tmp_path / "in.jsonl", make_records(50), ["{broken"])
    gz = _gzip(tmp_path / "in.jsonl.gz", plain.read_bytes())
    ref = tmp_path / "ref.jsonl"
    s0 = score_file(plain, ref, model=tiny_model_dir, batch_size=7)
    s1 = score_file(gz, tmp_path / "out.jsonl.gz", model=tiny_model_dir, batch_size=7, workers=2)
    assert (s1.scored, s1.failed) == (s0.scored, s0.failed) == (50, 1)
    with gzip.open(tmp_path / "out.jsonl.gz", "rb") as fh:
        assert fh.read() == ref.read_bytes()
    assert (tmp_path / "out.jsonl.gz.errors.jsonl").read_bytes() == (tmp_path / "ref.jsonl.errors.jsonl").read_bytes()
    # CSV in and out, compressed
    rows = "".join(f'{r["id"]},"{r["title"]}","{r["text"]}"\n' for r in make_records(20))
    csv_plain = tmp_path / "in.csv"
    csv_plain.write_text("id,title,text\n" + rows, encoding="utf-8")
    _gzip(tmp_path / "in.csv.gz", csv_plain.read_bytes())
    score_file(csv_plain, tmp_path / "ref.csv", model=tiny_model_dir, batch_size=6)
    score_file(tmp_path / "in.csv.gz", tmp_path / "out.csv.gz", model=tiny_model_dir, batch_size=6)
    with gzip.open(tmp_path / "out.csv.gz", "rb") as fh:
        assert fh.read() == (tmp_path / "ref.csv").read_bytes()
    # a second run of the same job is up to date
    assert score_file(gz, tmp_path / "out.jsonl.gz", model=tiny_model_dir, batch_size=7).up_to_date


def test_gzip_job_killed_mid_way_resumes_exactly_once(tmp_path: Path, tiny_model_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    plain = write_jsonl(tmp_path / "in.jsonl", make_records(70))
    gz = _gzip(tmp_path / "in.jsonl.gz", plain.read_bytes())
    ref = tmp_path / "ref.jsonl"
    score_file(plain, ref, model=tiny_model_dir, batch_size=10)
    _crash_on_commit(monkeypatch, 5)      # the first commit is the empty first gzip member
    out = tmp_path / "out.jsonl.gz"
    with pytest.raises(_Crash):
        score_file(gz, out, model=tiny_model_dir, batch_size=10)
    monkeypatch.undo()
    ck = json.loads((tmp_path / "out.jsonl.gz.newsclf-work" / "checkpoint.json").read_text())
    assert ck["records"] == 30 and 0 < ck["raw"] <= gz.stat().st_size
    s = score_file(gz, out, model=tiny_model_dir, batch_size=8)
    assert s.scored == 70
    with gzip.open(out, "rb") as fh:
        assert fh.read() == ref.read_bytes()


def test_truncated_or_fake_gzip_input_fails_with_a_clear_error(tmp_path: Path, tiny_model_dir: Path) -> None:
    import gzip

    data = gzip.compress(write_jsonl(tmp_path / "in.jsonl", make_records(200)).read_bytes())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"cut.jsonl.gz is damaged or truncated .* the job stops without an output"):
        score_file(tmp_path / "cut.jsonl.gz", tmp_path / "out.jsonl", model=tiny_model_dir, batch_size=10)
    assert not (tmp_path / "out.jsonl").exists()          # never a complete-looking output
    (tmp_path / "fake.jsonl.gz").write_bytes((tmp_path / "in.jsonl").read_bytes())
    with pytest.raises(ValueError, match="named .gz but is not gzip"):
        score_file(tmp_path / "fake.jsonl.gz", tmp_path / "out2.jsonl", model=tiny_model_dir)
    # a job with no good record still writes a valid (empty) gzip file
    write_jsonl(tmp_path / "bad.jsonl", [], ["{broken", "[1]"])
    assert score_file(tmp_path / "bad.jsonl", tmp_path / "bad.out.jsonl.gz", model=tiny_model_dir).failed == 2
    assert gzip.decompress((tmp_path / "bad.out.jsonl.gz").read_bytes()) == b""
    with pytest.raises(ValueError, match="Parquet compresses its own columns"):
        score_file(tmp_path / "in.jsonl", tmp_path / "out.parquet.gz", model=tiny_model_dir)


def test_no_scores_leaves_the_scores_field_out_everywhere(tmp_path: Path, tiny_model_dir: Path) -> None:
    import pyarrow.parquet as pq

    src = write_jsonl(tmp_path / "in.jsonl", make_records(12))
    score_file(src, tmp_path / "with.jsonl", model=tiny_model_dir)
    score_file(src, tmp_path / "without.jsonl", model=tiny_model_dir, scores=False)
    full, lean = read_jsonl(tmp_path / "with.jsonl"), read_jsonl(tmp_path / "without.jsonl")
    assert list(lean[0]) == [f for f in OUTPUT_FIELDS if f != "scores"]
    assert lean == [{k: v for k, v in r.items() if k != "scores"} for r in full]
    score_file(src, tmp_path / "without.csv", model=tiny_model_dir, scores=False)
    assert (tmp_path / "without.csv").read_text().splitlines()[0] == ",".join(f for f in OUTPUT_FIELDS
                                                                               if f != "scores")
    score_file(src, tmp_path / "without.parquet", model=tiny_model_dir, scores=False)
    assert "scores" not in pq.read_schema(tmp_path / "without.parquet").names
    # the option is part of the job: the same output path with scores is scored again
    assert not score_file(src, tmp_path / "without.jsonl", model=tiny_model_dir).up_to_date
    assert "scores" in read_jsonl(tmp_path / "without.jsonl")[0]


def test_cli_no_scores_and_gzip(tmp_path: Path, tiny_model_dir: Path) -> None:
    import gzip

    from newsclf.cli import main

    src = _gzip(tmp_path / "in.jsonl.gz", write_jsonl(tmp_path / "in.jsonl", make_records(5)).read_bytes())
    assert main(["score", str(src), "-o", str(tmp_path / "o.jsonl.gz"), "--model", str(tiny_model_dir),
                 "--no-scores", "--no-progress"]) == 0
    rows = [json.loads(line) for line in gzip.open(tmp_path / "o.jsonl.gz", "rt", encoding="utf-8")]
    assert len(rows) == 5 and all("scores" not in r for r in rows)


def test_a_jsonl_input_with_a_utf8_byte_order_mark(tmp_path: Path, tiny_model_dir: Path) -> None:
    # the CSV reader drops a byte-order mark; a JSON Lines file's first record went to the
    # errors file ("Unexpected UTF-8 BOM")
    recs = make_records(5)
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in recs).encode())
    s = score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir, batch_size=2)
    assert (s.scored, s.failed) == (5, 0)
    assert read_jsonl(tmp_path / "out.jsonl") == expected(tiny_model_dir, recs)


# --------------------------------------------------------------------------- many files (shards)
def test_score_files_scores_each_shard_into_the_folder_and_skips_the_done_ones(tmp_path: Path, tiny_model_dir: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    from newsclf.batch import score_files

    shards = tmp_path / "shards"
    shards.mkdir()
    recs = make_records(30)
    write_jsonl(shards / "part-0.jsonl", recs[:10], ["{broken"])
    _gzip(shards / "part-1.jsonl.gz", write_jsonl(tmp_path / "p1.jsonl", recs[10:20]).read_bytes())
    (shards / "notes.txt").write_text("not an input")
    out = tmp_path / "scored"
    _crash_on_commit(monkeypatch, 8)          # part-0: commits 1-5; killed after part-1's first batch
    with pytest.raises(_Crash):
        score_files([shards], out, output_format="jsonl.gz", model=tiny_model_dir, batch_size=4)
    monkeypatch.undo()
    assert (out / "part-0.jsonl.gz").exists() and not (out / "part-1.jsonl.gz").exists()
    calls = _count_scoring(monkeypatch)
    s = score_files([shards], out, output_format="jsonl.gz", model=tiny_model_dir, batch_size=4)
    assert (s.scored, s.failed, s.up_to_date) == (20, 1, False)
    assert calls["batches"] == 2                  # part-0 was up to date; part-1 resumed after its first batch
    rows = [json.loads(line) for name in ("part-0", "part-1")
            for line in gzip.open(out / f"{name}.jsonl.gz", "rt", encoding="utf-8")]
    assert [r["id"] for r in rows] == [r["id"] for r in recs[:20]]
    assert (out / "part-0.jsonl.gz.errors.jsonl").exists()
    assert score_files([shards], out, output_format="jsonl.gz", model=tiny_model_dir).up_to_date


def test_score_files_refuses_ambiguous_jobs(tmp_path: Path, tiny_model_dir: Path) -> None:
    from newsclf.batch import score_files

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_jsonl(tmp_path / "a" / "x.jsonl", make_records(2))
    write_jsonl(tmp_path / "b" / "x.jsonl", make_records(2))
    with pytest.raises(ValueError, match="would both be scored into"):
        score_files([tmp_path / "a", tmp_path / "b"], tmp_path / "out", model=tiny_model_dir)
    with pytest.raises(ValueError, match="holds input files"):
        score_files([tmp_path / "a"], tmp_path / "a", model=tiny_model_dir)
    with pytest.raises(ValueError, match="errors path is per file"):
        score_files([tmp_path / "a"], tmp_path / "out", errors=tmp_path / "e.jsonl", model=tiny_model_dir)
    with pytest.raises(ValueError, match="output_format must be one of"):
        score_files([tmp_path / "a"], tmp_path / "out", output_format="xlsx", model=tiny_model_dir)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="holds no .jsonl"):
        score_files([tmp_path / "empty"], tmp_path / "out", model=tiny_model_dir)


def test_cli_scores_several_files_into_a_folder(tmp_path: Path, tiny_model_dir: Path, capsys) -> None:
    from newsclf.cli import main

    a = write_jsonl(tmp_path / "a.jsonl", make_records(3))
    b = write_jsonl(tmp_path / "b.jsonl", make_records(4), ["{broken"])
    code = main(["score", str(a), str(b), "-o", str(tmp_path / "out"), "--output-format", "csv",
                 "--model", str(tiny_model_dir), "--no-progress"])
    assert code == 1                                   # one bad record
    err = capsys.readouterr().err
    assert "scored 7 articles, 1 failed" in err and "errors.jsonl files in" in err
    assert len((tmp_path / "out" / "a.csv").read_text().splitlines()) == 4
    assert main(["score", str(a), "-o", str(tmp_path / "one.jsonl"), "--output-format", "csv",
                 "--model", str(tiny_model_dir)]) == 2
    assert "--output-format is for many inputs" in capsys.readouterr().err


def test_a_models_own_heads_are_in_every_output_format(tmp_path: Path) -> None:
    """A model retrained with its own heads ("topics") gives their labels in JSON Lines, CSV and
    Parquet alike (CSV and Parquet dropped them), abstained rows included."""
    import pyarrow.parquet as pq

    from newsclf.retrain import train
    from tests.test_retrain import FAST, make_rows

    model_dir = train(make_rows(), heads={"topics": None}, config=FAST, track=False).save(tmp_path / "m")
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Rioters clashed with police in Cairo."},
                                              {"id": "b", "text": ""}])
    score_file(src, tmp_path / "o.jsonl", model=model_dir)
    rows = read_jsonl(tmp_path / "o.jsonl")
    assert set(rows[0]["labels"]) == {"topics"} and rows[1]["labels"] == {}
    fields = list(rows[0])
    assert fields.index("labels") == fields.index("claims") + 1
    score_file(src, tmp_path / "o.csv", model=model_dir)
    import csv as _csv

    with open(tmp_path / "o.csv", encoding="utf-8") as fh:
        got = list(_csv.DictReader(fh))
    assert list(got[0]) == fields and json.loads(got[0]["labels"]) == rows[0]["labels"]
    score_file(src, tmp_path / "o.parquet", model=model_dir)
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.column_names == fields
    assert dict(table.column("labels")[0].as_py()) == rows[0]["labels"]
    # (a model without its own heads has no labels column: test_jsonl_round_trip_with_bad_records)


def test_gzip_input_damaged_within_its_first_records_is_a_clear_error(tmp_path: Path, tiny_model_dir: Path,
                                                                      capsys) -> None:
    """The column check reads the first records before the job starts: a .gz input cut or
    corrupt there gave a traceback (EOFError, zlib.error) instead of the damaged-input error."""
    import gzip

    from newsclf.cli import main

    data = gzip.compress(write_jsonl(tmp_path / "in.jsonl", make_records(200)).read_bytes())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[:12])
    bad = bytearray(data)
    for i in range(100, 200):
        bad[i] ^= 0x55
    (tmp_path / "corrupt.jsonl.gz").write_bytes(bytes(bad))
    csv_data = gzip.compress(b"id,text\n1,Fighting in Aleppo, Syria left 15 dead.\n")
    (tmp_path / "cut.csv.gz").write_bytes(csv_data[:12])
    for name in ("cut.jsonl.gz", "corrupt.jsonl.gz", "cut.csv.gz"):
        with pytest.raises(ValueError, match=rf"{name} is damaged or truncated"):
            score_file(tmp_path / name, tmp_path / "out.jsonl", model=tiny_model_dir)
        assert main(["score", str(tmp_path / name), "-o", str(tmp_path / "out.jsonl"), "--model",
                     str(tiny_model_dir), "--no-progress"]) == 2
        assert "is damaged or truncated" in capsys.readouterr().err
        assert not (tmp_path / "out.jsonl").exists()


def test_an_empty_csv_file_is_an_input_without_records(tmp_path: Path, tiny_model_dir: Path) -> None:
    """A 0-byte CSV (an empty shard) has no records, as a 0-byte JSON Lines file has none: it
    stopped the job (and a folder's run at that shard) with "has no text column ... columns are []"."""
    from newsclf.batch import score_files

    (tmp_path / "empty.csv").write_bytes(b"")
    s = score_file(tmp_path / "empty.csv", tmp_path / "out.csv", model=tiny_model_dir)
    assert (s.scored, s.failed) == (0, 0)
    assert (tmp_path / "out.csv").read_text().splitlines() == [",".join(OUTPUT_FIELDS)]
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "a.csv").write_bytes(b"")
    write_jsonl(shards / "b.jsonl", make_records(3))
    s = score_files([shards], tmp_path / "scored", model=tiny_model_dir)
    assert (s.scored, s.failed) == (3, 0)
    assert (tmp_path / "scored" / "a.jsonl").read_bytes() == b""


def test_a_folder_s_hidden_and_metadata_files_are_no_shards(tmp_path: Path, tiny_model_dir: Path) -> None:
    """Files whose name starts with '.' or '_' are skipped in a folder, as Spark, Hive and
    pyarrow.dataset skip them: a macOS '._part-1.jsonl' (AppleDouble, binary) or a '_meta.json'
    were scored as shards, and a '_meta.json' without a text field stopped the whole run."""
    from newsclf.batch import score_files

    shards = tmp_path / "shards"
    shards.mkdir()
    write_jsonl(shards / "part-1.jsonl", make_records(3))
    (shards / "._part-1.jsonl").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    (shards / "_meta.json").write_text('{"schema": 1, "rows": 3}\n')
    (shards / ".part-1.jsonl.crc").write_bytes(b"crc")
    s = score_files([shards], tmp_path / "scored", model=tiny_model_dir)
    assert (s.scored, s.failed) == (3, 0)
    assert sorted(p.name for p in (tmp_path / "scored").iterdir()) == ["part-1.jsonl", "part-1.jsonl.newsclf.json"]
    # a file given by name is scored whatever its name
    s = score_files([shards / "part-1.jsonl", tmp_path / "shards" / "_meta.json"], tmp_path / "named",
                    model=tiny_model_dir, text_column="schema")
    assert (tmp_path / "named" / "_meta.jsonl").exists()


def test_parquet_resume_with_a_smaller_last_row_group_is_exactly_once(tmp_path: Path, tiny_model_dir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Row groups of 30, 30 and 10 rows, killed after 12 rows: the resume skipped the last group (its
    10 rows fit in the 12 consumed) as if it came first, so 10 rows were scored twice and the
    last 10 never."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs = make_records(70)
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(recs), src, row_group_size=30)
    assert [pq.ParquetFile(src).metadata.row_group(g).num_rows for g in range(3)] == [30, 30, 10]
    ref = tmp_path / "ref.jsonl"
    score_file(src, ref, model=tiny_model_dir, batch_size=4)
    _crash_on_commit(monkeypatch, 4)
    out = tmp_path / "out.jsonl"
    with pytest.raises(_Crash):
        score_file(src, out, model=tiny_model_dir, batch_size=4)
    monkeypatch.undo()
    s = score_file(src, out, model=tiny_model_dir, batch_size=4)
    assert (s.scored, s.failed) == (70, 0)
    assert [r["id"] for r in read_jsonl(out)] == [r["id"] for r in recs]
    assert out.read_bytes() == ref.read_bytes()


def test_cli_a_glob_that_matches_one_shard_still_scores_into_the_folder(tmp_path: Path, tiny_model_dir: Path,
                                                                        capsys) -> None:
    """`newsclf score shards/*.jsonl -o scored --output-format jsonl.gz` is a folder job however many
    files the glob matches: with one match it was refused ('--output-format is for many inputs')."""
    from newsclf.cli import main

    a = write_jsonl(tmp_path / "a.jsonl", make_records(3))
    for out in (tmp_path / "scored", tmp_path / "scored2"):
        (tmp_path / "scored2").mkdir(exist_ok=True)
        assert main(["score", str(a), "-o", str(out), "--output-format", "jsonl", "--model", str(tiny_model_dir),
                     "--no-progress"]) == 0
        assert [r["id"] for r in read_jsonl(out / "a.jsonl")] == ["a00000", "a00001", "a00002"]
    # an output named as a file is still refused: its extension gives the format
    assert main(["score", str(a), "-o", str(tmp_path / "one.csv"), "--output-format", "jsonl",
                 "--model", str(tiny_model_dir)]) == 2
    assert "--output-format is for many inputs" in capsys.readouterr().err


def test_a_nan_id_is_no_id_and_never_written_as_nan(tmp_path: Path, tiny_model_dir: Path) -> None:
    """json.dumps of a pandas record writes a missing id as NaN, which Python's json reads back as a
    float: the output row got "id": NaN, which is not JSON (JSON.parse, Go, serde, Jackson refuse it).
    A NaN id is a missing id (as classify reads it): the line number."""
    import math

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TINY_CORPUS[0][0]}) + "\n"
                   + json.dumps({"id": math.nan, "text": TINY_CORPUS[1][0], "title": math.nan}) + "\n")
    score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir)
    text = (tmp_path / "out.jsonl").read_text()
    assert "NaN" not in text
    assert [json.loads(line)["id"] for line in text.splitlines()] == ["a", 2]


def test_score_files_takes_a_file_named_twice_once(tmp_path: Path, tiny_model_dir: Path) -> None:
    """Overlapping globs or a folder and one of its files name a file twice: it was refused as
    'shards/a.jsonl and shards/a.jsonl would both be scored into ...; rename one'."""
    from newsclf.batch import score_files

    shards = tmp_path / "shards"
    shards.mkdir()
    write_jsonl(shards / "a.jsonl", make_records(3))
    write_jsonl(shards / "b.jsonl", make_records(2))
    s = score_files([shards, shards / "a.jsonl", tmp_path / "shards" / ".." / "shards" / "a.jsonl"],
                    tmp_path / "out", model=tiny_model_dir)
    assert (s.scored, s.failed) == (5, 0)
    assert len(read_jsonl(tmp_path / "out" / "a.jsonl")) == 3


def test_cli_a_missing_input_is_named_without_the_output(tmp_path: Path, tiny_model_dir: Path, capsys) -> None:
    """The message was 'input file nope.jsonl does not exist: out.jsonl', naming the output as if it
    were the missing file."""
    from newsclf.cli import main

    a = write_jsonl(tmp_path / "a.jsonl", make_records(1))
    for args in ([str(tmp_path / "nope.jsonl")], [str(tmp_path / "nope.jsonl"), str(a)]):
        out = tmp_path / ("o.jsonl" if len(args) == 1 else "o")
        assert main(["score", *args, "-o", str(out), "--model", str(tiny_model_dir)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.endswith(f"{tmp_path / 'nope.jsonl'} does not exist") and str(out) not in err



def test_a_kill_while_removing_the_work_folder_leaves_nothing_behind(tmp_path: Path, tiny_model_dir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A job killed in the last step of finishing (its record written, its work folder half removed:
    the checkpoint gone, an empty errors.partial and the lock left; seen in a kill -9 loop over 30
    shards) kept that folder for good: every later up-to-date run logged that it held 'the work of an
    interrupted job with other arguments'. Partial files without a checkpoint are never resumed."""
    src = write_jsonl(tmp_path / "in.jsonl", make_records(10))
    out = tmp_path / "out.jsonl"
    score_file(src, out, model=tiny_model_dir)
    work = tmp_path / "out.jsonl.newsclf-work"
    work.mkdir()
    (work / "errors.partial").write_bytes(b"")
    (work / "lock").write_bytes(b"")
    _forbid_scoring(monkeypatch)
    assert score_file(src, out, model=tiny_model_dir).up_to_date
    assert not work.exists()


def test_a_csv_record_the_csv_module_refuses_goes_to_the_errors_file(tmp_path: Path, tiny_model_dir: Path,
                                                                     capsys) -> None:
    """A bare CR inside an unquoted field (scraped text) made csv raise 'new-line character seen in
    unquoted field': the job died with a traceback, and died again at the same record on every
    resume, so it could never complete. The record is a bad record like any other now; a file
    whose header cannot be read (CR-only line endings) is a clear error (exit code 2)."""
    from newsclf.cli import main

    src = tmp_path / "in.csv"
    src.write_bytes(b"id,text\n1,Fighting in Aleppo left 15 dead.\n2,Protest in Baghdad\rcontinued\n"
                    b"3,\"Israeli airstrikes hit Gaza\r\nCity.\"\n")
    s = score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir, batch_size=2)
    assert (s.scored, s.failed) == (2, 1)
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == ["1", "3"]
    (err,) = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert err["line"] == 3 and "invalid CSV" in err["reason"]
    cr_only = tmp_path / "mac.csv"
    cr_only.write_bytes(b"id,text\r1,Fighting in Aleppo\r2,Protest in Baghdad\r")
    assert main(["score", str(cr_only), "-o", str(tmp_path / "mac.jsonl"), "--model", str(tiny_model_dir),
                 "--no-progress"]) == 2
    assert "mac.csv" in capsys.readouterr().err


def test_a_json_line_nested_too_deeply_is_a_bad_record(tmp_path: Path, tiny_model_dir: Path) -> None:
    """json.loads raises RecursionError (not a JSONDecodeError) on 100,000 nested brackets: the job
    stopped (exit code 2) at that line, and again on every resume, so it could never complete."""
    recs = make_records(3)
    src = write_jsonl(tmp_path / "in.jsonl", recs[:1], ["[" * 100_000, '{"id": "x", "text": ' + "[" * 50_000])
    with open(src, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(recs[1]) + "\n")
    s = score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir)
    assert (s.scored, s.failed) == (2, 2)
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == [recs[0]["id"], recs[1]["id"]]
    errs = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert [e["line"] for e in errs] == [2, 3] and all("invalid JSON" in e["reason"] for e in errs)


def test_a_json_line_with_a_number_python_refuses_is_a_bad_record(tmp_path: Path, tiny_model_dir: Path) -> None:
    """An integer of over 4,300 digits makes json.loads raise a plain ValueError (Python's int
    conversion limit), not a JSONDecodeError: the job stopped there on every resume."""
    recs = make_records(2)
    src = write_jsonl(tmp_path / "in.jsonl", recs[:1], ['{"id": ' + "1" * 5000 + ', "text": "Gaza"}'])
    with open(src, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(recs[1]) + "\n")
    s = score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir)
    assert (s.scored, s.failed) == (2, 1)
    (err,) = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert err["line"] == 2 and "invalid JSON" in err["reason"] and "4300 digits" in err["reason"]


def test_an_id_with_a_lone_surrogate_is_written_with_u_fffd(tmp_path: Path, tiny_model_dir: Path) -> None:
    """JSON may escape a lone surrogate ("\\ud83d", a string cut inside an emoji by a UTF-16 tool);
    json.loads keeps it, and the id went unchanged into the output, whose UTF-8 encoding then failed:
    the job stopped (exit code 2) at that batch on every resume. Texts and titles already get U+FFFD."""
    import pyarrow.parquet as pq

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Gaza strike"}\n{"id": "x\\ud83dy", "text": "Aleppo"}\n'
                   '{"id": "\\udfff", "text": 5}\n', encoding="utf-8")
    for name in ("out.jsonl", "out.csv", "out.parquet"):
        s = score_file(src, tmp_path / name, model=tiny_model_dir)
        assert (s.scored, s.failed) == (2, 1)
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl")] == ["a", "x\ufffdy"]
    assert pq.read_table(tmp_path / "out.parquet").column("id").to_pylist() == ["a", "x\ufffdy"]
    assert read_jsonl(tmp_path / "out.jsonl.errors.jsonl")[0]["id"] == "\ufffd"


def test_an_errors_path_on_another_file_system_is_copied_into_place(tmp_path: Path, tiny_model_dir: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """--errors on another mount than the output (a logs volume, /dev/shm): moving the errors file
    out of the work folder failed with 'Invalid cross-device link' after the whole job was scored,
    and again on every re-run, so the job never completed."""
    import errno

    src = write_jsonl(tmp_path / "in.jsonl", make_records(4), ["{broken"])
    errors = tmp_path / "logs" / "job.errors.jsonl"
    errors.parent.mkdir()
    real_replace = os.replace

    def cross_device(a, b, *args, **kwargs):
        if Path(b) == errors and Path(a).parent.name.endswith(".newsclf-work"):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(a))
        return real_replace(a, b, *args, **kwargs)

    monkeypatch.setattr(batch.os, "replace", cross_device)
    s = score_file(src, tmp_path / "out.jsonl", errors=errors, model=tiny_model_dir)
    assert (s.scored, s.failed) == (4, 1)
    assert [e["line"] for e in read_jsonl(errors)] == [5]
    assert not (tmp_path / "out.jsonl.newsclf-work").exists()
    assert not errors.with_name(errors.name + ".tmp").exists()
    _forbid_scoring(monkeypatch)
    assert score_file(src, tmp_path / "out.jsonl", errors=errors, model=tiny_model_dir).up_to_date


def test_score_files_goes_on_past_a_damaged_shard_and_names_it_at_the_end(tmp_path: Path, tiny_model_dir: Path) -> None:
    from newsclf.batch import score_files

    shards = tmp_path / "shards"
    shards.mkdir()
    write_jsonl(shards / "a.jsonl", make_records(3))
    (shards / "b.jsonl.gz").write_bytes(b"not gzip at all")
    write_jsonl(shards / "c.jsonl", make_records(4))
    with pytest.raises(ValueError, match=r"1 of 3 files could not be scored \(the other 2 are complete") as exc:
        score_files([shards], tmp_path / "out", model=tiny_model_dir)
    assert "b.jsonl.gz" in str(exc.value) and "not gzip" in str(exc.value)
    assert len(read_jsonl(tmp_path / "out" / "a.jsonl")) == 3 and len(read_jsonl(tmp_path / "out" / "c.jsonl")) == 4


def test_a_json_array_file_is_refused_before_scoring_with_how_to_convert_it(tmp_path: Path, tiny_model_dir: Path) -> None:
    recs = make_records(3)
    (tmp_path / "arr.json").write_text(json.dumps(recs, indent=1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"holds a JSON array, not JSON Lines.*jq -c"):
        score_file(tmp_path / "arr.json", tmp_path / "out.jsonl", model=tiny_model_dir)
    (tmp_path / "one.json").write_text(json.dumps(recs), encoding="utf-8")          # the array on one line
    with pytest.raises(ValueError, match=r"holds a JSON array"):
        score_file(tmp_path / "one.json", tmp_path / "out1.jsonl", model=tiny_model_dir)
    # JSON Lines whose first record is an array on one line is still JSON Lines (a bad record)
    write_jsonl(tmp_path / "ok.jsonl", [], ['["an", "array"]'] + [json.dumps(r) for r in recs])
    assert score_file(tmp_path / "ok.jsonl", tmp_path / "ok.out.jsonl", model=tiny_model_dir).failed == 1


def test_an_infinite_id_is_written_as_valid_json(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": Infinity, "text": "Israeli strikes hit Gaza City, officials said."}\n', encoding="utf-8")
    score_file(src, tmp_path / "out.jsonl", model=tiny_model_dir)
    line = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} is no JSON"))["id"] == "inf"
