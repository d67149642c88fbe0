"""Command line: ``newsclf classify | evaluate | explain | train | score``.

Contract of ``classify`` (other tools rely on it)::

    newsclf classify INPUT [--output OUT] [--model DIR]

INPUT is a UTF-8 text dump like the seed file (``.txt``; several articles are split) or a
JSON Lines file of records with ``id``, ``text`` (or ``body``) and optional ``title`` (a ``.json``
file may also hold a JSON array of such records); ``-``
reads standard input. A text dump holding a NUL byte (a Parquet, zip or PDF file, UTF-16
text) is refused as a usage error; text in another encoding than UTF-8 (Latin-1) is read
with invalid bytes replaced, and a warning on stderr.
Output is JSON Lines, one object per article, in input order,
carrying the input ``id`` when there is one. Exit codes: 0 success, 1 some records
failed (reported on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from newsclf.exceptions import NewsclfError

__all__ = ["main"]

log = logging.getLogger("newsclf")


@contextlib.contextmanager
def _open_out(path: str | None) -> Iterator[IO[str]]:
    """The output file, or standard output (which is flushed, never closed)."""
    if not path or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        yield fh


_JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")
_EXPECTED = "expected a UTF-8 text dump (like the seed file, .txt) or a JSON Lines file (.jsonl)"


class _NotText(ValueError):
    """The input of classify or explain is not text (a usage error: exit code 2)."""


def _check_text(path: str, data: bytes) -> None:
    """Refuse a text-dump input that is clearly not text (a NUL byte: text never holds one;
    Parquet, zip, PDF, images and UTF-16 text do). Text in another encoding than UTF-8 is read
    as bytes are (invalid bytes replaced), with a warning naming the first one."""
    nul = data.find(b"\0")
    if nul >= 0:
        raise _NotText(f"{path}: not a text file (a NUL byte at offset {nul:,}); {_EXPECTED}; "
                       "for a CSV or Parquet table use 'newsclf score'")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        print(f"newsclf: {path}: warning: not UTF-8 ({exc.reason}: byte 0x{data[exc.start]:02x} at offset "
              f"{exc.start:,}); invalid bytes are replaced by U+FFFD. Convert it first for exact text, e.g. "
              "iconv -f latin1 -t utf-8", file=sys.stderr)


def _read_input(path: str) -> Iterator[tuple[str, Any]]:
    """("line N" or "article N", item) for every input article; items may be errors.

    The input is read (and a text dump checked, see :func:`_check_text`) before this
    returns, so a file that is not text is refused before any output is written.
    """
    if path.lower().removesuffix(".gz").endswith((".csv", ".tsv")):  # (Parquet is refused by its NUL bytes below)
        raise _NotText(f"{path}: a CSV table is no text dump (it would be classified as one article); {_EXPECTED}; "
                       "for a CSV or Parquet table use 'newsclf score'")
    if path == "-":
        stdin = sys.stdin
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8", "replace")
    else:
        data = Path(path).read_bytes()
    name = path.lower()
    if name.endswith(".gz"):
        data = _gunzip(path, data)
        name = name[:-3]
    elif data[:2] == b"\x1f\x8b" and (path == "-" or not Path(name).suffix):
        data = _gunzip("standard input" if path == "-" else path, data)   # gzip piped in, or without .gz
    # as open(..., errors="replace") reads it: universal newlines
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark, as encoding="utf-8-sig" reads it
    # no telling suffix (standard input, /dev/stdin, a pipe, a file without one): JSON Lines
    # when the first line that is not blank is a JSON object
    jsonl = name.endswith(_JSONL_SUFFIXES) or (not name.endswith(".txt") and _first_line_is_object(text))
    if not jsonl:
        _check_text("standard input" if path == "-" else path, data)
    return _records(text, jsonl)


def _gunzip(path: str, data: bytes) -> bytes:
    import gzip
    import zlib

    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise _NotText(f"{path}: named .gz but not a whole gzip file ({type(exc).__name__}: {exc}); "
                       "decompress or download it again") from None


def _first_line_is_object(text: str) -> bool:
    for line in text.split("\n", 50)[:50]:
        if line.strip():
            if not line.lstrip().startswith("{"):
                return False
            try:
                return isinstance(json.loads(line), dict)
            except (ValueError, RecursionError):
                return False
    return False


def _records(text: str, jsonl: bool) -> Iterator[tuple[str, Any]]:
    from newsclf.article import split_dump
    from newsclf.corpus import loads_json

    recs = None
    if jsonl and text.lstrip().startswith("["):
        # a JSON array of records (what json.dump writes; newsclf train reads it too); else,
        # JSON Lines whose first record is an array
        with contextlib.suppress(ValueError, RecursionError):
            recs = json.loads(text)
    if isinstance(recs, list):
        for k, rec in enumerate(recs, 1):
            if not isinstance(rec, dict):
                yield f"record {k}", ValueError(f"expected a JSON object, got {type(rec).__name__}")
            else:
                yield f"record {k}", rec
    elif jsonl:
        # lines end at "\n" only (CRs are already folded): str.splitlines also breaks at U+2028,
        # U+0085 or \x1c, which JSON allows raw inside a string
        for lineno, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                rec = loads_json(line)
            except ValueError as exc:   # invalid JSON
                yield f"line {lineno}", exc
                continue
            if not isinstance(rec, dict):
                yield f"line {lineno}", ValueError(f"expected a JSON object, got {type(rec).__name__}")
                continue
            yield f"line {lineno}", rec
    else:
        for k, art in enumerate(split_dump(text), 1):
            yield f"article {k}", art


def _cmd_classify(args: argparse.Namespace) -> int:
    from newsclf import load_model
    from newsclf.article import _null, to_text

    model = load_model(args.model)
    failed = 0
    n = 0
    records = _read_input(args.input)
    with _open_out(args.output) as out:
        for where, item in records:
            if isinstance(item, Exception):
                failed += 1
                print(f"newsclf: {args.input}: {where}: {item}", file=sys.stderr)
                continue
            try:
                res = model.classify(item)
            except (TypeError, ValueError) as exc:
                failed += 1
                print(f"newsclf: {args.input}: {where}: {exc}", file=sys.stderr)
                continue
            d = res.to_dict(scores=not args.no_scores)
            if isinstance(item, dict) and "id" in item and not _null(item["id"]):   # NaN is no id (nor JSON)
                rid = to_text(item["id"]) if isinstance(item["id"], str) else item["id"]   # lone surrogates: U+FFFD
                d = {"id": rid, **{k: v for k, v in d.items() if k != "id"}}
            if res.title and "title" not in d:
                d = {**({"id": d.pop("id")} if "id" in d else {}), "title": res.title, **d}
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
            n += 1
    log.info("classified %d articles, %d failed", n, failed)
    return 1 if failed else 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from newsclf import load_model
    from newsclf.corpus import join_gold
    from newsclf import evaluate as ev

    model = load_model(args.model)
    other = load_model(args.against) if args.against else None  # a bad folder fails before any work
    if args.split:
        from newsclf.corpus import read_gold

        present = {r.get("split") for g in args.gold for r in read_gold(g)}
        unknown = sorted(set(args.split) - present)
        if unknown:
            print(f"newsclf evaluate: no gold record has split {', '.join(map(repr, unknown))}; the gold files have "
                  f"{', '.join(sorted(map(repr, present - {None})))}", file=sys.stderr)
            return 2
    recs = join_gold(args.gold, args.corpus, splits=args.split or None)
    if not recs:
        print("newsclf evaluate: no gold record found a text in the given --corpus files", file=sys.stderr)
        return 2
    articles = [r.article for r in recs]
    gold = [r.labels for r in recs]
    preds = [r.to_dict() for r in model.classify_articles(articles)]
    m = ev.evaluate(preds, gold)
    title = ", ".join(Path(g).name for g in args.gold) + (f" [{','.join(args.split)}]" if args.split else "")
    print(ev.format_report(m, title=title))
    if args.reliability:
        print(ev.format_reliability(m))
    n_boot = args.bootstrap or (1000 if args.against else 0)
    if n_boot:
        iv = ev.bootstrap_intervals(preds, gold, n_resamples=n_boot, seed=args.seed)
        print(ev.format_intervals(iv, n_resamples=n_boot, level=0.95))
        m["bootstrap_95"] = {k: list(v) for k, v in iv.items()}
    if args.against:
        base = [r.to_dict() for r in other.classify_articles(articles)]  # type: ignore[union-attr]
        d = ev.paired_bootstrap(preds, base, gold, n_resamples=n_boot, seed=args.seed)
        print(ev.format_paired(d, n_resamples=n_boot, level=0.95,
                               names=(Path(args.model).name if args.model else "shipped", Path(args.against).name)))
        m["against"] = {"model": str(args.against), "paired_bootstrap_95": {k: list(v) for k, v in d.items()}}
    if args.json:
        Path(args.json).write_text(json.dumps(m, indent=1), encoding="utf-8")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from newsclf import load_model
    from newsclf.article import _null, normalise, to_text

    model = load_model(args.model)
    failed = 0
    # (where, article, the record's own id as classify writes it) of every good record, in order
    items: list[tuple[str, Any, Any]] = []
    for where, item in _read_input(args.input):
        try:
            if isinstance(item, Exception):
                raise item
            art = normalise(item)  # the record parser of classify, same messages
            rid = item["id"] if isinstance(item, dict) and "id" in item and not _null(item["id"]) else art.id
            items.append((where, art, to_text(rid) if isinstance(rid, str) else rid))
        except (TypeError, ValueError) as exc:
            failed += 1
            print(f"newsclf: {args.input}: {where}: {exc}", file=sys.stderr)
    if args.html:
        from newsclf.html import render_html

        Path(args.html).write_text(render_html(model, [art for _, art, _ in items]), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
        return 1 if failed else 0
    with _open_out(args.output) as out:
        for where, item, rid in items:
            try:
                res = model.classify(item)
                ex = model.explain(item, top=args.top, result=res)
            except (TypeError, ValueError) as exc:
                failed += 1
                print(f"newsclf: {args.input}: {where}: {exc}", file=sys.stderr)
                continue
            out.write(json.dumps({**({"id": rid} if rid is not None else {}), "title": res.title,
                                  "explanations": [e.to_dict() for e in ex]}, ensure_ascii=False) + "\n")
    return 1 if failed else 0


def _cmd_train(args: argparse.Namespace) -> int:
    from newsclf.retrain import main as train_main

    return train_main(args)


def _cmd_score(args: argparse.Namespace) -> int:
    from newsclf.batch import main as score_main

    return score_main(args)


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="newsclf", description="Tag conflict news articles and their claims.")
    ap.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-v info, -vv debug)")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("classify", help="classify a text dump or a JSON Lines file")
    p.add_argument("input", help="a .txt dump (like the seed file), a .jsonl file of {id, text, title}, or -")
    p.add_argument("-o", "--output", help="JSON Lines output (default: stdout)")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--no-scores", action="store_true", help="leave out the per-label scores")
    p.set_defaults(func=_cmd_classify)

    p = sub.add_parser("evaluate", help="metrics against gold labels")
    p.add_argument("--gold", nargs="+", required=True, help="gold JSON Lines file(s)")
    p.add_argument("--corpus", nargs="+", required=True, help="corpus files holding the gold records' texts")
    p.add_argument("--split", action="append", help="only these gold splits (repeatable), e.g. --split test")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--json", help="also write all figures as JSON here")
    p.add_argument("--bootstrap", type=int, default=0, metavar="N",
                   help="also print 95%% intervals of the headline figures over N article resamples (e.g. 1000)")
    p.add_argument("--against", metavar="MODEL_DIR",
                   help="also score this model and print the paired-bootstrap differences (default N = 1000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap resamples")
    p.add_argument("--reliability", action="store_true",
                   help="also print the reliability table of each head's scores (score bins, hit rates); a gold "
                        "label with no score (a country that is no candidate, an abstained article) counts as a 0")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("explain", help="top features per predicted label, or an HTML view")
    p.add_argument("input")
    p.add_argument("--html", help="write a self-contained HTML view here")
    p.add_argument("-o", "--output")
    p.add_argument("--top", type=int, default=8)
    p.add_argument("--model")
    p.set_defaults(func=_cmd_explain)

    p = sub.add_parser("train", help="train a model on your own labels (TOML config)")
    p.add_argument("--config", required=True, help="TOML file: [data], [heads], [train], [mlflow]")
    p.add_argument("--out", help="model folder to write (overrides the config)")
    p.add_argument("--tracking-uri", help="MLflow tracking URI (default: $MLFLOW_TRACKING_URI or sqlite:///experiments/mlflow.db)")
    p.add_argument("--register", help="register the model under this name in the MLflow registry")
    p.add_argument("--alias", help="alias to set on the registered version (e.g. champion)")
    p.add_argument("--overwrite", action="store_true")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser(
        "score", help="batch scoring: streaming, parallel, resumable; a completed job is not redone",
        description="Score a JSON Lines, CSV or Parquet file into OUTPUT, one row per record. A job killed at "
                    "any point resumes when run again with the same arguments. When OUTPUT is already the "
                    "output of the same job (same input path, size and mtime, columns, formats, errors path "
                    "and model content, with OUTPUT and its errors file unchanged since by size, mtime and "
                    "inode; recorded in OUTPUT.newsclf.json), nothing is done: it prints "
                    "that OUTPUT is up to date with the completed job's counts and exits as that job did. "
                    "Anything changed scores the job again; --force always does.")
    p.add_argument("input", nargs="+",
                   help="JSON Lines, CSV or Parquet file; .jsonl.gz and .csv.gz are read as gzip. Several files, "
                        "or a folder (its files of those kinds), are scored one job per file into the folder -o")
    p.add_argument("-o", "--output", required=True,
                   help="output file (.jsonl, .csv or .parquet; .jsonl.gz and .csv.gz are written as gzip); "
                        "a folder for several inputs or a folder")
    p.add_argument("--output-format", choices=["jsonl", "csv", "parquet", "jsonl.gz", "csv.gz"],
                   help="format of each output file with several inputs or a folder (default jsonl); with it, "
                        "one input file is scored into the folder -o too (a glob with one match)")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--errors", help="errors file (default: OUTPUT.errors.jsonl)")
    p.add_argument("--text-column", default="text")
    p.add_argument("--id-column", default="id")
    p.add_argument("--title-column", default="title")
    p.add_argument("--model")
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--no-scores", action="store_true",
                   help="leave the per-label scores out of the output (most of each row's size)")
    p.add_argument("--force", action="store_true",
                   help="score from scratch even when OUTPUT is up to date (ignores the completed-job record "
                        "and any checkpoint of an interrupted run)")
    p.set_defaults(func=_cmd_score)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, FileExistsError, PermissionError,
            _NotText) as exc:  # (an input or output path that cannot be read or written)
        print(f"newsclf: {exc}", file=sys.stderr)
        return 2
    except NewsclfError as exc:  # a model that cannot be loaded, bad training data...
        print(f"newsclf: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
