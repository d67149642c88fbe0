"""The CLI contract: ``newsclf classify INPUT [--output OUT]`` and ``newsclf evaluate``."""

from __future__ import annotations

import json

import pytest

from newsclf.cli import main
from tests.conftest import SEED_FILE, SHIPPED


@pytest.fixture(autouse=True)
def _needs_model(shipped_model):
    return shipped_model


def test_classify_seed_dump_writes_one_line_per_article(tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(SEED_FILE), "--output", str(out), "--model", str(SHIPPED)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 4
    assert rows[1]["countries"] == ["PS"] and rows[1]["areas"] == ["gaza_strip"]
    assert rows[0]["credits"] == ["Reuters"]
    assert all("scores" in r for r in rows)


def test_classify_jsonl_keeps_ids_and_reports_bad_records(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a1", "title": "Clashes in Aden", "text": "Fighting broke out in Aden, officials said."}),
        "{not json",
        json.dumps({"id": "a3", "text": None}),
        json.dumps({"id": 4, "text": "Protesters rallied in Beirut on Sunday."}),
    ]) + "\n")
    out = tmp_path / "out.jsonl"
    code = main(["classify", str(src), "-o", str(out), "--no-scores"])
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a1", 4]
    assert "scores" not in rows[0]
    assert code == 1
    err = capsys.readouterr().err
    assert "line 2" in err and "invalid JSON" in err
    assert "line 3" in err and "NoneType" in err and "record" not in err


def test_evaluate_prints_the_metrics(shared_data, capsys):
    code = main(["evaluate", "--gold", str(shared_data / "gold" / "seeds.jsonl"), "--corpus", str(SEED_FILE)])
    assert code == 0
    out = capsys.readouterr().out
    for needle in ("primary-country accuracy", "countries micro-F1", "conflict_types", "source_types",
                   "agencies F1", "claims"):
        assert needle in out


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert main(["classify", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_unloadable_model_is_a_clear_usage_error(tmp_path, capsys):
    (tmp_path / "m").mkdir()
    assert main(["classify", str(SEED_FILE), "--model", str(tmp_path / "m")]) == 2
    assert "ModelLoadError" in capsys.readouterr().err


def test_evaluate_bootstrap_and_paired_comparison(shared_data, tmp_path, capsys):
    out_json = tmp_path / "m.json"
    code = main(["evaluate", "--gold", str(shared_data / "gold" / "seeds.jsonl"), "--corpus", str(SEED_FILE),
                 "--bootstrap", "30", "--against", str(SHIPPED), "--json", str(out_json)])
    assert code == 0
    out = capsys.readouterr().out
    assert "== 95% bootstrap intervals (30 article resamples)" in out
    assert "paired bootstrap" in out and "claims_f1" in out
    figures = json.loads(out_json.read_text())
    lo, hi = figures["bootstrap_95"]["claims_f1"][1:]
    assert 0.0 <= lo <= figures["claims"]["f1"] <= hi <= 1.0
    # the shipped model against itself: every difference is zero
    assert all(v[:3] == [0.0, 0.0, 0.0] for v in figures["against"]["paired_bootstrap_95"].values())


def test_evaluate_names_a_split_no_gold_record_has(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "split": "test", "countries": []}\n{"id": "b", "split": "dev", "countries": []}\n')
    code = main(["evaluate", "--gold", str(gold), "--corpus", str(SEED_FILE), "--split", "tset"])
    assert code == 2
    assert "no gold record has split 'tset'; the gold files have 'dev', 'test'" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["records", "records.data", "stdin"])
def test_classify_reads_json_lines_without_a_telling_suffix(tmp_path, capsys, monkeypatch, name):
    """/dev/stdin, a pipe or a file with no suffix: JSON Lines when its first line is an object."""
    import io

    lines = [json.dumps({"id": "x1", "text": "Fighting broke out in Aden, officials said."}),
             json.dumps({"id": "x2", "text": "Protesters rallied in Beirut on Sunday."})]
    data = ("\n" + "\n".join(lines) + "\n").encode("utf-8")
    if name == "stdin":
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
        src = "-"
    else:
        (tmp_path / name).write_bytes(data)
        src = str(tmp_path / name)
    assert main(["classify", src, "--model", str(SHIPPED), "--no-scores"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ["x1", "x2"]
    assert rows[0]["countries"] == ["YE"] and rows[1]["countries"] == ["LB"]


def test_classify_reads_gzip_inputs(tmp_path, capsys, seed_text):
    import gzip

    (tmp_path / "seeds.txt.gz").write_bytes(gzip.compress(seed_text.encode("utf-8")))
    (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "g1", "text": "Fighting broke out in Aden, officials said."}) + "\n").encode("utf-8")))
    assert main(["classify", str(tmp_path / "seeds.txt.gz"), "--model", str(SHIPPED), "--no-scores"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4
    assert main(["classify", str(tmp_path / "in.jsonl.gz"), "--model", str(SHIPPED), "--no-scores"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "g1"
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(seed_text.encode("utf-8"))[:200])
    assert main(["classify", str(tmp_path / "cut.txt.gz"), "--model", str(SHIPPED)]) == 2
    assert "cut.txt.gz: named .gz but not a whole gzip file" in capsys.readouterr().err


def test_evaluate_against_a_model_that_cannot_load_fails_before_evaluating(shared_data, tmp_path, capsys):
    """A bad --against folder is reported first, not after the first model's report and bootstrap."""
    code = main(["evaluate", "--gold", str(shared_data / "gold" / "seeds.jsonl"), "--corpus", str(SEED_FILE),
                 "--against", str(tmp_path / "nope")])
    assert code == 2
    captured = capsys.readouterr()
    assert "ModelLoadError" in captured.err and "nope" in captured.err
    assert "==" not in captured.out   # no report was printed
