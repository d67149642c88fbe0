"""Input handling found by a new-user review: dumps over the size limit, records without
text, binary files, one record parser for ``classify``, ``explain`` and ``score``, and the
claim counts of ``newsclf evaluate``."""

from __future__ import annotations

import json
import warnings

import pytest

import newsclf.article as article_mod
from newsclf.article import InputTooLongWarning, normalise, split_dump
from newsclf.cli import main
from newsclf.claim_metrics import claim_scores
from newsclf.evaluate import format_report
from tests.conftest import SHIPPED


def _metrics(claims: dict) -> dict:
    head = {"micro_f1": 0.5, "macro_f1": 0.5, "micro_precision": 0.5, "micro_recall": 0.5, "per_label": {}}
    return {"n": 3, "primary_country_accuracy": 0.5,
            "countries": {"f1": 0.5, "precision": 0.5, "recall": 0.5},
            "conflict_types": head, "source_types": head,
            "agencies": {"f1": 0.5, "precision": 0.5, "recall": 0.5, "support": 4},
            "claims": claims}


def test_evaluate_report_prints_claim_counts_as_integers():
    claims = claim_scores([{"n_pred": 294, "n_gold": 337, "matched": 268, "type_correct": 200,
                            "anon_correct": 250}])
    assert isinstance(claims["n_pred"], float)          # the metrics dict keeps its values
    line = next(ln for ln in format_report(_metrics(claims)).splitlines() if ln.startswith("claims"))
    assert "n_pred 294, n_gold 337, matched 268" in line
    assert "precision 0.912" in line and "294.000" not in line


# --------------------------------------------------------------------------- title-only records
def test_a_title_only_record_is_an_article_with_an_empty_body():
    art = normalise({"title": "Israeli jets strike Gaza", "id": 3})
    assert art.title == "Israeli jets strike Gaza" and art.body == "" and art.id == "3"
    assert art.text == "Israeli jets strike Gaza" and not art.is_empty


@pytest.mark.parametrize("rec", [{}, {"id": 1}, {"title": None}, {"headline": "x"}])
def test_a_record_without_text_or_title_names_what_is_expected(rec):
    with pytest.raises(TypeError, match=r"'text' or 'body' key \(or a 'title'"):
        normalise(rec)


def test_a_title_only_record_is_classified(shipped_model):
    res = shipped_model.classify({"title": "Israeli jets strike Gaza"})
    assert res.title == "Israeli jets strike Gaza" and "PS" in res.countries


# --------------------------------------------------------------------------- dumps over the size limit
def _limit(monkeypatch, n: int) -> None:
    monkeypatch.setattr(article_mod, "MAX_CHARS", n)


def test_a_dump_without_markers_is_truncated_like_a_str(monkeypatch):
    _limit(monkeypatch, 1000)
    text = "Israeli forces raided Jenin, officials said. " * 100
    with pytest.warns(InputTooLongWarning, match="article of 4,500 characters truncated"):
        (art,) = split_dump(text)
    with pytest.warns(InputTooLongWarning):
        assert normalise(text) == art
    assert len(art.body) <= 1000 and art.body.startswith("Israeli forces raided Jenin")


def test_each_article_of_a_dump_is_held_to_the_limit(monkeypatch, seed_text):
    want = split_dump(seed_text)
    _limit(monkeypatch, 2500)     # the seed's articles are 2,317 to 3,229 characters long (header included)
    with pytest.warns(InputTooLongWarning) as caught:
        got = split_dump(seed_text)
    assert [str(w.message).split(" characters")[0] for w in caught] == ["article of 3,041", "article of 3,229"]
    assert [a.title for a in got] == [a.title for a in want]
    assert [a.captions for a in got] == [a.captions for a in want]
    assert got[1:3] == want[1:3]  # short enough: unchanged
    for g, w in (got[0], want[0]), (got[3], want[3]):
        assert len(g.text) <= 2500 and w.body.startswith(g.body[:500]) and len(g.body) < len(w.body)


def test_a_long_dump_of_short_articles_is_not_truncated(monkeypatch, seed_text):
    want = split_dump(seed_text)
    _limit(monkeypatch, 3300)     # the dump is longer, each of its articles shorter
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert split_dump(seed_text) == want


def test_cli_classify_truncates_a_long_txt_dump(monkeypatch, tmp_path, capsys):
    _limit(monkeypatch, 5000)
    src = tmp_path / "huge.txt"
    src.write_text("Israeli forces raided Jenin, officials said. " * 3000 + "\n", encoding="utf-8")
    with pytest.warns(InputTooLongWarning, match="135,001 characters truncated"):
        assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "PS" in row["countries"]


# --------------------------------------------------------------------------- one record parser
_GAZA = "Israeli jets struck Gaza City on Monday, the health ministry said."


def _jsonl(path, lines):
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines),
                    encoding="utf-8")
    return path


def test_score_and_classify_read_the_same_records(tmp_path, capsys):
    from newsclf.batch import score_file

    src = _jsonl(tmp_path / "in.jsonl", [
        {"id": 7, "text": _GAZA},
        {"id": "b", "body": _GAZA, "title": "Strikes on Gaza"},
        {"id": 9, "title": "Israeli jets strike Gaza"},
        {"text": _GAZA},
    ])
    assert main(["classify", str(src), "-o", str(tmp_path / "c.jsonl"), "--model", str(SHIPPED)]) == 0
    score_file(src, tmp_path / "s.jsonl", model=SHIPPED, progress=False)
    c = [json.loads(ln) for ln in (tmp_path / "c.jsonl").read_text().splitlines()]
    s = [json.loads(ln) for ln in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert [r.get("id") for r in c] == [7, "b", 9, None]
    assert [r["id"] for r in s] == [7, "b", 9, 4]        # the id's JSON type kept; no id: the line number
    for a, b in zip(c, s):
        assert {k: a[k] for k in ("countries", "areas", "claims", "scores")} == \
               {k: b[k] for k in ("countries", "areas", "claims", "scores")}


def test_score_errors_file_has_a_null_id_for_a_record_without_one(tmp_path):
    from newsclf.batch import score_file

    src = _jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": _GAZA}, "{oops", [1], {"note": "x"}, {"id": 5}])
    s = score_file(src, tmp_path / "out.jsonl", model=SHIPPED, progress=False)
    assert (s.scored, s.failed) == (1, 4)
    errs = [json.loads(ln) for ln in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()]
    assert [(e["line"], e["id"]) for e in errs] == [(2, None), (3, None), (4, None), (5, 5)]
    assert "must have a 'text' or 'body' key" in errs[2]["reason"]


def test_score_reads_a_body_column(tmp_path):
    from newsclf.batch import score_file

    (tmp_path / "in.csv").write_text(f'id,body\n1,"{_GAZA}"\n', encoding="utf-8")
    assert score_file(tmp_path / "in.csv", tmp_path / "out.jsonl", model=SHIPPED, progress=False).scored == 1


def test_classify_names_the_line_of_a_bad_record(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": _GAZA}, "{oops", {"id": 3, "text": 42}, {"id": 4}])
    assert main(["classify", str(src), "--model", str(SHIPPED)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [ln.split(": ")[2] for ln in err] == ["line 2", "line 3", "line 4"]


# --------------------------------------------------------------------------- explain on bad records
_BAD_MIX = [{"id": "ok", "text": _GAZA}, {"id": 1}, "not json", {"id": "n", "text": None}, [1],
            {"id": "t", "title": "Israeli jets strike Gaza"}]


def test_explain_reports_bad_records_like_classify(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", _BAD_MIX)
    assert main(["classify", str(src), "--model", str(SHIPPED)]) == 1
    classify_err = capsys.readouterr().err
    assert main(["explain", str(src), "--model", str(SHIPPED)]) == 1
    cap = capsys.readouterr()
    assert cap.err == classify_err
    assert [ln.split(": ")[2] for ln in cap.err.splitlines()] == ["line 2", "line 3", "line 4", "line 5"]
    assert "must have a 'text' or 'body' key" in cap.err and "invalid JSON" in cap.err
    assert [json.loads(ln)["id"] for ln in cap.out.splitlines()] == ["ok", "t"]


def test_explain_html_is_written_for_the_good_records(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", _BAD_MIX)
    html = tmp_path / "view.html"
    assert main(["explain", str(src), "--html", str(html), "--model", str(SHIPPED)]) == 1
    page = html.read_text(encoding="utf-8")
    assert "Israeli jets strike Gaza" in page and "line 2" in capsys.readouterr().err


# --------------------------------------------------------------------------- binary input
@pytest.mark.parametrize("name, data, found", [
    ("table.parquet", b"PAR1\x15\x04\x15\x10\x00\x00" + bytes(range(256)), "NUL byte at offset 8"),
    ("utf16.txt", "Israeli jets struck Gaza.".encode("utf-16"), "NUL byte"),
    ("noext", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "NUL byte at offset 8"),
], ids=["parquet", "utf16", "png"])
def test_classify_refuses_input_that_is_not_text(tmp_path, capsys, name, data, found):
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.jsonl"
    for cmd in ("classify", "explain"):
        assert main([cmd, str(src), "-o", str(out), "--model", str(SHIPPED)]) == 2
        err = capsys.readouterr().err
        assert str(src) in err and found in err and "expected a UTF-8 text dump" in err and ".jsonl" in err
        assert not out.exists()


def test_classify_reads_text_in_another_encoding_with_a_warning(tmp_path, capsys):
    src = tmp_path / "latin1.txt"
    src.write_bytes("Des frappes a\u00e9riennes ont touch\u00e9 Gaza, selon l'AFP.".encode("latin-1"))
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(src), "-o", str(out), "--model", str(SHIPPED)]) == 0
    err = capsys.readouterr().err
    assert str(src) in err and "not UTF-8" in err and "byte 0xe9" in err and "iconv" in err
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["countries"] == ["PS"]


def test_classify_refuses_binary_standard_input(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"PAR1\x00\x00binary")))
    assert main(["classify", "-", "--model", str(SHIPPED)]) == 2
    assert "standard input: not a text file" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["dump.txt", "dump", "dump.text"])
def test_classify_still_reads_utf8_text_with_any_name(tmp_path, capsys, name, seed_text):
    src = tmp_path / name
    src.write_bytes(("\ufeff" + seed_text.replace("\n", "\r\n")).encode("utf-8"))
    assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4


def test_classify_jsonl_with_a_bad_byte_still_reports_per_line(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_bytes(json.dumps({"id": 1, "text": _GAZA}).encode() + b"\n{\"id\": 2, \"text\": \"Aden \xff\"}\n")
    assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 0
    assert [json.loads(ln)["id"] for ln in capsys.readouterr().out.splitlines()] == [1, 2]


def test_explain_and_classify_write_the_same_ids(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", [{"id": 7, "text": _GAZA}, {"id": "a-7", "text": _GAZA}, {"text": _GAZA}])
    assert main(["classify", str(src), "--model", str(SHIPPED), "--no-scores"]) == 0
    ids = [json.loads(ln).get("id", "absent") for ln in capsys.readouterr().out.splitlines()]
    assert main(["explain", str(src), "--model", str(SHIPPED)]) == 0
    assert [json.loads(ln).get("id", "absent") for ln in capsys.readouterr().out.splitlines()] == ids == [7, "a-7", "absent"]


def test_a_null_text_with_a_title_is_a_headline_as_in_spark_and_without_one_an_error():
    from newsclf.article import from_record

    art = from_record({"id": "e1", "title": "Israeli strike kills 5 in Gaza", "text": None})
    assert (art.title, art.body) == ("Israeli strike kills 5 in Gaza", "")
    with pytest.raises(TypeError, match="missing text"):
        from_record({"id": "e2", "text": None})


def test_pandas_missing_values_are_null_fields(shipped_model):
    # df.to_dict("records") gives NaN for a missing title, text or id: a missing title raised
    # "article['title'] must be str or UTF-8 bytes, got float (nan)" and failed the whole batch,
    # a NaN id became "nan"; None (and pd.NA) were already null
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"id": ["a", None, "c"], "title": ["Gaza strikes", None, "Beirut protest"],
                       "text": ["Israeli strikes hit Rafah, witnesses said.", "Syrian army shelled Idlib, SANA said.",
                                None]})
    recs = df.to_dict("records")
    assert recs[1]["title"] != recs[1]["title"]   # NaN
    arts = [normalise(r) for r in recs]
    assert [(a.id, a.title, a.body[:6]) for a in arts] == [
        ("a", "Gaza strikes", "Israel"), (None, "", "Syrian"), ("c", "Beirut protest", "")]
    assert [a.id for a in (normalise(r) for r in df.convert_dtypes().to_dict("records"))] == ["a", None, "c"]
    res = shipped_model.classify(recs)
    assert [r.countries[:1] for r in res] == [("PS",), ("SY",), ("LB",)]
    with pytest.raises(TypeError, match="missing text"):
        normalise({"id": "e3", "text": float("nan")})


def test_a_null_text_falls_back_to_the_body_field():
    # "the text field, body when there is no text": a null text (a Parquet/pandas row with both
    # columns) raised "missing text" although the body held the article, or, with a title,
    # gave a headline-only article that silently dropped the body
    body = "Syrian army shelled Idlib on Friday, SANA said."
    assert normalise({"text": None, "body": body}).body == body
    art = normalise({"text": float("nan"), "body": body, "title": "Idlib shelled", "id": 7})
    assert (art.title, art.body, art.id) == ("Idlib shelled", body, "7")
    assert normalise({"text": None, "body": None, "title": "Idlib shelled"}).body == ""
    with pytest.raises(TypeError, match="missing text"):
        normalise({"text": None, "body": None})
