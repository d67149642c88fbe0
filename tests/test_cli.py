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


def test_a_utf8_byte_order_mark_is_read_as_utf8_sig(tmp_path):
    # a UTF-8 file with a byte-order mark (Windows editors, Excel) is a normal input: the JSON
    # Lines file's first record was reported as invalid JSON, the dump's first title began with \ufeff
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + "\n".join([
        json.dumps({"id": "a1", "text": "Fighting broke out in Aden, officials said."}),
        json.dumps({"id": "a2", "text": "Protesters rallied in Beirut on Sunday."}),
    ]).encode() + b"\n")
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(src), "-o", str(out), "--no-scores"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a1", "a2"]
    dump = tmp_path / "dump.txt"
    dump.write_bytes(b"\xef\xbb\xbf" + SEED_FILE.read_bytes())
    plain, bom = tmp_path / "plain.jsonl", tmp_path / "bom.jsonl"
    assert main(["classify", str(SEED_FILE), "-o", str(plain)]) == 0
    assert main(["classify", str(dump), "-o", str(bom)]) == 0
    assert bom.read_text() == plain.read_text()


def test_jsonl_strings_may_hold_unicode_line_separators(tmp_path, capsys):
    # JSON allows U+2028, U+0085 and \x1c raw inside strings (json.dumps(ensure_ascii=False) writes
    # them so; scraped text has them); str.splitlines cut these records apart as invalid JSON
    recs = [{"id": "a", "text": "Syrian army shelled Idlib,\u2028SANA said."},
            {"id": "b", "text": "Strikes hit Gaza\u0085 witnesses said."},
            {"id": "c", "title": "Beirut\x1c", "text": "Protesters rallied in Beirut, police said."}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(src), "-o", str(out), "--no-scores"]) == 0
    assert "invalid JSON" not in capsys.readouterr().err
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").split("\n") if line] == ["a", "b", "c"]
    assert main(["explain", str(src), "-o", str(out)]) == 0
    assert "invalid JSON" not in capsys.readouterr().err


def test_a_json_array_of_records_is_read_as_its_records(tmp_path, capsys):
    # a .json file is read as JSON Lines; a JSON array (what json.dump writes, and what
    # newsclf train reads from a .json file) gave one "invalid JSON" error per line
    recs = [{"id": "a1", "text": "Fighting broke out in Aden, officials said."},
            {"id": 2, "title": "Beirut", "text": "Protesters rallied in Beirut on Sunday."},
            "not a record"]
    src = tmp_path / "in.json"
    src.write_text(json.dumps(recs, indent=1), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(src), "-o", str(out), "--no-scores"]) == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a1", 2] and rows[1]["title"] == "Beirut"
    err = capsys.readouterr().err
    assert err.count("newsclf:") == 1 and "record 3: expected a JSON object, got str" in err


def test_an_output_path_under_a_file_is_a_usage_error(tmp_path, capsys):
    # "-o README.md/out.jsonl" ended in a FileExistsError traceback and exit code 1 ("some records
    # failed"); a path that cannot be written is a usage error (exit 2) in one line
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    for argv in (["classify", str(SEED_FILE), "-o", str(afile / "out.jsonl")],
                 ["classify", str(SEED_FILE), "-o", str(afile / "sub" / "out.jsonl")],
                 ["explain", str(SEED_FILE), "--html", str(afile / "view.html")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("newsclf: ") and "Traceback" not in err and str(afile) in err


def test_an_upper_case_jsonl_suffix_is_json_lines(tmp_path):
    # "IN.JSONL" (Windows) was read as one text article: the JSON text itself was classified
    # and one line written for the whole file (newsclf score lower-cases the suffix)
    src = tmp_path / "IN.JSONL"
    src.write_text("\n".join(json.dumps({"id": f"a{k}", "text": "Fighting broke out in Aden, officials said."})
                             for k in range(3)) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(src), "-o", str(out), "--no-scores"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a0", "a1", "a2"]


@pytest.mark.parametrize("name", ["in.csv", "IN.TSV"])
def test_a_csv_input_is_refused_with_a_pointer_to_score(tmp_path, capsys, name):
    # a CSV table was read as one text dump: its header and rows were classified as a single
    # article (one output line, exit 0)
    src = tmp_path / name
    src.write_text('id,title,text\na1,Aden,"Fighting broke out in Aden, officials said."\n')
    out = tmp_path / "out.jsonl"
    for cmd in ("classify", "explain"):
        assert main([cmd, str(src), "-o", str(out)]) == 2
        assert "newsclf score" in capsys.readouterr().err
    assert not out.exists()


def test_classify_writes_no_nan_id(tmp_path, capsys):
    """A record whose id is NaN (json.dumps of a pandas record with a missing id) has no id: the
    output line had "id": NaN, which is not JSON."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": NaN, "text": "Israeli airstrikes hit Gaza City, officials said."}\n', encoding="utf-8")
    assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 0
    out = capsys.readouterr().out
    assert "NaN" not in out and json.loads(out).get("id") is None


def test_classify_reports_a_json_line_nested_too_deeply(tmp_path, capsys):
    """json.loads raises RecursionError on 100,000 nested brackets: classify died with a traceback."""
    src = tmp_path / "in.jsonl"
    src.write_text("[" * 100_000 + '\n{"id": "a", "text": "Israeli airstrikes hit Gaza City."}\n', encoding="utf-8")
    assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 1
    cap = capsys.readouterr()
    assert json.loads(cap.out)["id"] == "a" and "line 1: invalid JSON" in cap.err
    nameless = tmp_path / "records"                     # sniffed: a first line nested too deeply is no object
    nameless.write_text('{"a": ' * 100_000 + '\n', encoding="utf-8")
    assert main(["classify", str(nameless), "--model", str(SHIPPED), "--no-scores"]) in (0, 1)


def test_classify_reports_a_json_line_with_a_number_python_refuses(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": ' + "1" * 5000 + ', "text": "Gaza"}\n{"id": "a", "text": "Airstrikes hit Gaza City."}\n',
                   encoding="utf-8")
    assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 1
    cap = capsys.readouterr()
    assert json.loads(cap.out)["id"] == "a" and "line 1: invalid JSON" in cap.err


def test_classify_writes_an_id_with_a_lone_surrogate_with_u_fffd(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "x\\ud83dy", "text": "Israeli airstrikes hit Gaza City."}\n', encoding="utf-8")
    assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "x\ufffdy"
    import newsclf                                      # and the Python API's result id

    assert newsclf.load_model(SHIPPED).classify({"id": "x\ud83dy", "text": "Gaza"}).id == "x\ufffdy"


def test_classify_reads_gzip_from_standard_input(monkeypatch, capsys):
    import gzip
    import io

    data = gzip.compress((json.dumps({"id": "z", "text": "Fighting broke out in Aden, officials said."}) + "\n")
                         .encode("utf-8"))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["classify", "-", "--model", str(SHIPPED), "--no-scores"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "z"
