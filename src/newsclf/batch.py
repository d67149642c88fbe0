"""Batch scoring: stream a JSON Lines, CSV or Parquet file through the model.

JSON Lines and CSV may be gzip-compressed, input or output, by name (``.jsonl.gz``,
``.csv.gz``): a compressed output is one gzip member per batch, so that a checkpoint's
byte offset always falls between members and a resumed job can truncate to it.

``newsclf score INPUT -o OUTPUT`` and :func:`score_file` read the input in batches
(bounded memory: Parquet is read in record batches, text formats line by line), score
them in ``workers`` processes that each hold the model once, and write one output row
per input record, in input order.

Output row
    ``id`` (the input id; when a record has none, its line number — JSON Lines and
    CSV count physical lines from 1, the CSV header being line 1 — or, for Parquet, its
    row number from 1), then the keys of :meth:`Classification.to_dict`: ``countries``,
    ``areas``, ``macro_region``, ``conflict_types``, ``source_types``, ``agencies``,
    ``credits``, ``claims``, ``scores``, ``abstained`` (``scores`` left out with
    ``scores=False``, ``--no-scores``). A model retrained with its own heads adds ``labels``
    (head -> its labels) after ``claims``: a JSON string in CSV, ``map<string,
    list<string>>`` in Parquet.

    * JSON Lines: the dict as is (the id keeps its JSON type).
    * CSV: the id as text; list, claim and score fields as JSON strings
      (``["SY", "IQ"]``); ``macro_region`` empty when null; ``abstained`` is
      ``true``/``false``.
    * Parquet: ``id`` string, lists as ``list<string>``, ``claims`` as
      ``list<struct<cue, source, source_type, anonymous, agency, score, offsets...>>``,
      ``scores`` as ``map<string, map<string, double>>``, ``abstained`` bool.

Nothing lost
    Records are read by :func:`newsclf.article.from_record`, as in ``newsclf classify``:
    the text column (``text``, or ``body`` when there is no ``text``), optional title and
    id; a record with a title and no text is a headline-only article. A bad record
    (invalid JSON or UTF-8, not an object, missing or non-string text, non-string title)
    goes to the errors file (default ``OUTPUT.errors.jsonl``) as ``{"line": n, "id": ...,
    "reason": ..., "input": first 200 characters}`` (``row`` instead of ``line`` for
    Parquet; ``id`` null when the record has none) and the job goes on.

Crash safety and resume
    While running, everything lives in ``OUTPUT.newsclf-work/``: ``output.partial`` and
    ``errors.partial`` are only ever appended whole batches, and after each batch both are
    fsync'ed and ``checkpoint.json`` (input byte offset / records consumed, output byte
    offsets, counts) is replaced atomically (tmp + fsync + ``os.replace``). A job killed
    at any point (even SIGKILL) and started again with the same arguments truncates the
    partial files to the last checkpoint and carries on from the input position it
    records, so every input record ends up in the output exactly once. When all input is
    consumed the output is moved into place with ``os.replace`` (for Parquet, first
    converted from the JSON Lines staging file into ``OUTPUT.tmp``), so ``OUTPUT`` is
    never seen half-written. A checkpoint from a different input (path, size, mtime),
    columns, formats or model is discarded with a warning. ``--workers`` and
    ``--batch-size`` may change between runs. A lock file stops two jobs writing the
    same output. Starting over deletes the old checkpoint before the partial files, so a
    job killed before its first checkpoint never resumes from another job's offsets.

    A completed job is not redone. When a job completes, ``OUTPUT.newsclf.json`` records it:
    the job's fingerprint (input path, size and mtime; columns; formats; model folder and the
    sha256 of its ``manifest.json``), the errors path, the newsclf version, the counts, and
    the identity (size, ``mtime_ns``, inode) of ``OUTPUT`` and of the errors file as the job
    left them. Running the same job again while all of that still holds does nothing: it logs
    that ``OUTPUT`` is up to date and returns the completed job's counts (``up_to_date=True``,
    rate 0). Anything different (input, columns, formats, errors path, model, newsclf version;
    ``OUTPUT`` or the errors file deleted, replaced or modified; a missing or unreadable
    record) scores the job again. ``--force`` (``force=True``) always scores from scratch,
    ignoring the record and discarding any checkpoint. Deciding is cheap: a few ``stat`` calls
    and reading two small JSON files; the model is not loaded and no output is hashed. Files
    are compared by size, ``mtime_ns`` and inode, the make/rsync convention, because hashing a
    multi-GB output on every run would cost a good share of scoring it; an edit that keeps the
    size, the inode and the exact mtime goes unnoticed, which is what ``--force`` is for. The
    model is compared by its manifest, which holds the sha256 of every model file and is
    re-written by every save: a model retrained at the same path is a different model (its
    checkpoints are not resumed either), and a model file changed behind its manifest's back
    cannot be loaded at all. The default model (no ``--model``) is identified the same way,
    through the folder it resolves to (``$NEWSCLF_MODEL`` or the shipped model).

    The record can never vouch for an output that is not there: finishing a job first
    deletes the previous record, then moves the output and errors file into place, and
    only then writes the new record atomically (tmp + fsync + ``os.replace``). A crash in
    between leaves no record, so the next run is never a false "up to date"; the
    checkpoint keeps the identity of every file it moved, so that run completes the
    record without scoring again when the moved output is still intact, and scores again
    otherwise. The check and the record are made under the job's lock.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import hashlib
import io
import itertools
import json
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, Any

__all__ = ["ScoreSummary", "score_file", "score_files", "main", "custom_heads", "OUTPUT_FIELDS", "OUTPUT_FORMATS",
           "CLAIM_FIELDS"]

logger = logging.getLogger(__name__)

#: the columns of an output row, in order
OUTPUT_FIELDS = ("id", "countries", "areas", "macro_region", "conflict_types", "source_types", "agencies",
                 "credits", "claims", "scores", "abstained")
_LIST_FIELDS = ("countries", "areas", "conflict_types", "source_types", "agencies", "credits")
_JSON_FIELDS = (*_LIST_FIELDS, "claims", "labels", "scores")
#: the fields of a claim in the Parquet output (and in Spark's claim struct), as (name, pyarrow type name)
CLAIM_FIELDS = (("cue", "string"), ("source", "string"), ("source_type", "string"), ("anonymous", "bool_"),
                 ("agency", "string"), ("score", "float64"), ("sentence_start", "int64"),
                 ("sentence_end", "int64"), ("source_start", "int64"), ("source_end", "int64"),
                 ("cue_start", "int64"), ("cue_end", "int64"))
_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
            ".pq": "parquet"}
_CHECKPOINT_VERSION = 3     # 2: the model manifest's sha256; 3: gzip and scores options, input bytes read
_WORK_SUFFIX = ".newsclf-work"
_RECORD_SUFFIX = ".newsclf.json"   # the record of a completed job, next to OUTPUT
_RECORD_VERSION = 1
_CHECKPOINT = "checkpoint.json"
_OUT_PARTIAL = "output.partial"
_ERR_PARTIAL = "errors.partial"
_LOCK = "lock"
_PARQUET_ROWS = 8192          # rows per Parquet row group when converting the staging file
_SNIPPET = 200                # characters of a bad record kept in the errors file
_GZIP_LEVEL = 6               # gzip's own default: most of level 9's ratio at a fraction of its time


@dataclass(frozen=True)
class ScoreSummary:
    """What a scoring job did: records scored and failed (whole job, across resumes), and
    the seconds and articles per second of this run (rate 0 when the job was up to date)."""

    scored: int
    failed: int
    seconds: float
    rate: float
    #: True when the output was already the complete output of this job and nothing was done
    up_to_date: bool = False

    def line(self) -> str:
        if self.up_to_date:
            return f"the completed job scored {self.scored:,} articles, {self.failed:,} failed; nothing redone"
        return (f"scored {self.scored:,} articles, {self.failed:,} failed, in {self.seconds:,.1f} s "
                f"({self.rate:,.1f} articles/s)")


@dataclass(frozen=True)
class _Columns:
    text: str
    id: str
    title: str


# --------------------------------------------------------------------------- formats
def _gzipped(path: str | os.PathLike[str]) -> bool:
    """Whether a file is gzip-compressed by its name (``.jsonl.gz``, ``.csv.gz``)."""
    return Path(path).suffix.lower() == ".gz"


def _format(path: str | os.PathLike[str]) -> str:
    """The format of a file by its extension; a ``.gz`` after a JSON Lines or CSV one is gzip."""
    p = Path(path)
    gz = _gzipped(p)
    suffix = (p.with_suffix("") if gz else p).suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise ValueError(f"cannot tell the format of {str(path)!r} from its extension {suffix!r}; "
                         f"expected one of {sorted(_FORMATS)}, or a JSON Lines or CSV one followed by .gz") from None
    if gz and fmt == "parquet":
        raise ValueError(f"{str(path)!r}: Parquet compresses its own columns; use {p.with_suffix('').name!r}")
    return fmt


_GZIP_MAGIC = b"\x1f\x8b"


def _open_input(path: Path) -> IO[bytes]:
    """A JSON Lines or CSV input as a binary file, decompressed when its name ends in ``.gz``.

    Offsets into it are offsets into the decompressed stream (a resume re-reads the
    compressed file up to its checkpoint, which ``gzip`` does by decompressing)."""
    if not _gzipped(path):
        return open(path, "rb")
    import gzip

    return gzip.open(path, "rb")


def _input_bytes_read(fh: IO[bytes], offset: int) -> int:
    """Bytes of the file on disk read so far: the compressed position of a gzip input
    (for the progress bar), else ``offset``."""
    raw = getattr(fh, "fileobj", None)
    if raw is None:
        return offset
    try:
        return int(raw.tell())
    except (OSError, ValueError):
        return 0


def _check_gzip(path: Path) -> None:
    """Fail before scoring when a ``.gz`` input is not gzip at all."""
    if _gzipped(path):
        with open(path, "rb") as fh:
            head = fh.read(2)
        if head and head != _GZIP_MAGIC:
            raise ValueError(f"{path} is named .gz but is not gzip-compressed; rename it without .gz")


class _DamagedInput(ValueError):
    """A compressed input that ends early or is corrupt; the records before it were scored."""


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "item"):          # numpy scalars
        return obj.item()
    if isinstance(obj, (bytes, bytearray)):
        return bytes(obj).decode("utf-8", errors="replace")
    return str(obj)


def _output_fields(scores: bool = True, labels: bool = False) -> tuple[str, ...]:
    """The output columns, in order: :data:`OUTPUT_FIELDS`, without ``scores`` when ``scores`` is
    False, with ``labels`` (head -> labels of a model's own heads) after ``claims`` when ``labels``."""
    fields = OUTPUT_FIELDS if scores else tuple(f for f in OUTPUT_FIELDS if f != "scores")
    if labels:
        i = fields.index("claims") + 1
        fields = (*fields[:i], "labels", *fields[i:])
    return fields


def _csv_row(row: dict[str, Any], scores: bool = True, labels: bool = False) -> list[str]:
    out = []
    for name in _output_fields(scores, labels):
        v = row[name]
        if name in _JSON_FIELDS:
            out.append(json.dumps(v, ensure_ascii=False))
        elif name == "abstained":
            out.append("true" if v else "false")
        else:
            out.append("" if v is None else str(v))
    return out


def _csv_header(scores: bool = True, labels: bool = False) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(_output_fields(scores, labels))
    return buf.getvalue()


def _parquet_schema(scores: bool = True, labels: bool = False):
    import pyarrow as pa

    claim = pa.struct([(name, getattr(pa, typ)()) for name, typ in CLAIM_FIELDS])
    label_map = [("labels", pa.map_(pa.string(), pa.list_(pa.string())))] if labels else []
    score_map = [("scores", pa.map_(pa.string(), pa.map_(pa.string(), pa.float64())))] if scores else []
    return pa.schema([("id", pa.string()), *[(f, pa.list_(pa.string())) for f in _LIST_FIELDS[:2]],
                      ("macro_region", pa.string()), *[(f, pa.list_(pa.string())) for f in _LIST_FIELDS[2:]],
                      ("claims", pa.list_(claim)), *label_map, *score_map, ("abstained", pa.bool_())])


def custom_heads(folder: Path) -> list[str]:
    """The model's own text heads (added with ``newsclf train``), from its ``config.json``; [] when unreadable."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [h for h in config.get("text_heads", []) if h != "conflict_types"]


# --------------------------------------------------------------------------- input readers
@dataclass
class _Position:
    """Where the reader is in the input after the last record it yielded."""

    records: int = 0     # records consumed (scored or failed)
    offset: int = 0      # byte offset (JSON Lines, CSV)
    line: int = 0        # physical lines consumed (JSON Lines, CSV)
    raw: int = 0         # bytes of the file on disk read (progress only; compressed for .gz)


_Item = tuple[int, Any]   # (line or row number, raw bytes line | dict)


@contextlib.contextmanager
def _damage_check(path: Path, records: Callable[[], int | None] = lambda: None) -> Iterator[None]:
    """Turn the errors of a gzip input that ends early or is corrupt into :class:`_DamagedInput`
    (naming the file and ``records()``, the records read before); other inputs' errors pass."""
    import zlib

    try:
        yield
    except (EOFError, zlib.error, OSError) as exc:
        if not _gzipped(path):
            raise
        n = records()
        where = f"after {n:,} records" if n is not None else "part way"
        raise _DamagedInput(f"{path} is damaged or truncated ({type(exc).__name__}: {exc}) {where}; "
                            "the job stops without an output: download or repair the file and run the job again, "
                            "or score what `gzip -dc` recovers of it") from exc


def _read_jsonl(path: Path, pos: _Position) -> Iterator[tuple[_Item, _Position]]:
    offset, line, records = pos.offset, pos.line, pos.records
    with _open_input(path) as fh, _damage_check(path, lambda: records):
        fh.seek(pos.offset)
        for raw in fh:
            offset += len(raw)
            line += 1
            if line == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark (as the CSV reader)
                raw = raw[3:]
            if not raw.strip():
                continue
            records += 1
            yield (line, raw), _Position(records, offset, line, _input_bytes_read(fh, offset))


def _read_csv(path: Path, pos: _Position) -> Iterator[tuple[_Item, _Position]]:
    with _damage_check(path):
        yield from _read_csv_records(path, pos)


def _read_csv_records(path: Path, pos: _Position) -> Iterator[tuple[_Item, _Position]]:
    csv.field_size_limit(2**31 - 1)
    state = {"offset": 0}

    def lines(fh: IO[bytes]) -> Iterator[str]:
        for raw in fh:                # csv.reader pulls exactly the lines of one record
            state["offset"] += len(raw)
            yield raw.decode("utf-8", errors="replace")

    with _open_input(path) as fh:
        header_reader = csv.reader(lines(fh))
        try:
            header = next(header_reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValueError(f"{path}: its header line is not CSV that can be read ({exc}); line endings must be "
                             "LF or CRLF (a file with CR-only endings needs converting first)") from None
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        header_end, header_lines = state["offset"], header_reader.line_num
        start = max(pos.offset, header_end)
        fh.seek(start)
        state["offset"] = start
        line0 = pos.line if pos.offset >= header_end else header_lines
        reader = csv.reader(lines(fh))
        records = pos.records
        while True:
            first_line = line0 + reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:   # (e.g. a bare CR in an unquoted field) a bad record; the reader goes on
                records += 1
                yield (first_line, {"__error__": f"invalid CSV ({str(exc).split(' - ')[0]})"}), _Position(
                    records, state["offset"], line0 + reader.line_num, _input_bytes_read(fh, state["offset"]))
                continue
            if not values:
                continue
            records += 1
            rec = dict(zip(header, values))
            if len(values) != len(header):
                rec = {"__error__": f"{len(values)} fields where the header has {len(header)}", **rec}
            yield (first_line, rec), _Position(records, state["offset"], line0 + reader.line_num,
                                               _input_bytes_read(fh, state["offset"]))


def _read_parquet(path: Path, pos: _Position, cols: _Columns, batch_size: int) -> Iterator[tuple[_Item, _Position]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = set(pf.schema_arrow.names)
    wanted = [c for c in dict.fromkeys((cols.id, cols.text, cols.title)) if c in names]
    # skip the leading row groups already consumed, then the rest row by row
    skip, groups, seen = pos.records, [], 0
    for g in range(pf.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        if not groups and seen + n <= skip:
            seen += n
            continue
        groups.append(g)
    row = seen
    if not groups:
        return
    for batch in pf.iter_batches(batch_size=batch_size, row_groups=groups, columns=wanted):
        for rec in batch.to_pylist():
            row += 1
            if row <= skip:
                continue
            yield (row, rec), _Position(row, 0, 0)


def _check_columns(fmt: str, path: Path, cols: _Columns) -> _Columns:
    """The columns to read; fail fast when a CSV/Parquet input has no text column at all.

    As for a JSON Lines record, the default text column ``text`` falls back to ``body``.
    A gzip input damaged within the records read here fails as the job would (:class:`_DamagedInput`)."""
    with _damage_check(path):
        return _check_columns_of(fmt, path, cols)


def _check_columns_of(fmt: str, path: Path, cols: _Columns) -> _Columns:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        names = pq.ParquetFile(path).schema_arrow.names
    elif fmt == "csv":
        with io.TextIOWrapper(_open_input(path), encoding="utf-8", errors="replace", newline="") as fh:
            names = next(csv.reader(fh), None)
            if names is None:       # an empty file: no header, no records (as an empty JSON Lines file)
                return cols
            if names and names[0].startswith("\ufeff"):
                names[0] = names[0][1:]
    else:
        _check_jsonl_columns(path, cols)
        return cols
    if cols.text == "text" and "text" not in names and "body" in names:
        return replace(cols, text="body")
    if cols.text not in names and cols.title not in names:
        alt = " (or 'body')" if cols.text == "text" else ""
        raise ValueError(f"{path} has no text column {cols.text!r}{alt} and no title column {cols.title!r}; its "
                         f"columns are {names[:20]}; pass --text-column")
    if cols.text not in names:
        logger.warning("%s has no text column %r: its records are scored as headlines (%r only)", path, cols.text,
                       cols.title)
    return cols


_SAMPLE_LINES = 200   # JSON Lines records read to check the columns before a job starts
_LONG_FIELD = 200     # characters of a string field that looks like an article's text


def _array_of_records(first_line: bytes) -> bool:
    """Whether a file's first line opens a JSON array of records: the start of one spread over
    lines, or a whole one on the line ("[{...}, {...}]"); a JSON Lines record that is an array of
    other things ("[1, 2]") is a bad record of the job, not this."""
    try:
        value = json.loads(first_line.lstrip(b"\xef\xbb\xbf"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return not first_line.rstrip().endswith(b"]")
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _check_jsonl_columns(path: Path, cols: _Columns) -> None:
    """Fail fast when none of the first records of a JSON Lines input has the text column
    (``body`` too for the default ``text``) or the title column: a wrong ``--text-column``
    would otherwise send every record to the errors file, and the job would count as done.
    When they have titles but no text, warn that they are scored as headlines, naming a long
    text field they do have."""
    texts = (cols.text, "body") if cols.text == "text" else (cols.text,)
    keys: set[str] = set()
    long_fields: set[str] = set()
    seen = titled = 0
    with _open_input(path) as fh:
        for i, line in enumerate(itertools.islice(fh, _SAMPLE_LINES)):
            if i == 0 and line.lstrip(b"\xef\xbb\xbf \t").startswith(b"[") and _array_of_records(line):
                # a JSON array of records (json.dump's output) is no JSON Lines: its records would
                # all be bad lines, and the job would count as done
                raise ValueError(f"{path} holds a JSON array, not JSON Lines (one object per line): convert it, "
                                 f"e.g. jq -c '.[]' {path} > records.jsonl")
            try:
                rec = json.loads(line)
            except (ValueError, UnicodeDecodeError, RecursionError):
                continue    # a bad line is the job's to report
            if not isinstance(rec, dict):
                continue
            seen += 1
            if any(rec.get(k) is not None for k in texts):
                return
            titled += rec.get(cols.title) is not None
            keys.update(rec)
            long_fields.update(k for k, v in rec.items() if isinstance(v, str) and len(v) > _LONG_FIELD)
    alt = " (or 'body')" if cols.text == "text" else ""
    if seen and not titled:
        raise ValueError(f"none of the first {seen} records of {path} has a text column {cols.text!r}{alt} or a "
                         f"title column {cols.title!r}; their keys are {sorted(keys)[:20]}; pass --text-column")
    if titled and long_fields:
        logger.warning("none of the first %d records of %s has a text column %r%s: they are scored as headlines "
                       "(%r only), though they hold long text in %s; pass --text-column to read it",
                       seen, path, cols.text, alt, cols.title, sorted(long_fields))


def _batches(fmt: str, path: Path, pos: _Position, cols: _Columns,
             batch_size: int) -> Iterator[tuple[list[_Item], _Position]]:
    if fmt == "jsonl":
        it = _read_jsonl(path, pos)
    elif fmt == "csv":
        it = _read_csv(path, pos)
    else:
        it = _read_parquet(path, pos, cols, batch_size)
    batch: list[_Item] = []
    last = pos
    for item, last in it:
        batch.append(item)
        if len(batch) >= batch_size:
            yield batch, last
            batch = []
    if batch:
        yield batch, last


# --------------------------------------------------------------------------- worker side
_MODEL: Any = None
_MODEL_KEY: str | None = None
_LOCK_FD: int | None = None     # the job's lock, which a forked worker must not keep alive


def _watch_parent(parent: int) -> None:
    """Exit this worker when the job process dies (even by SIGKILL) instead of lingering."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _init_pool_worker(model_path: str | None, parent: int) -> None:
    """Pool initializer: drop the inherited lock, watch the parent, load the model once."""
    import threading

    global _LOCK_FD
    if _LOCK_FD is not None:
        try:
            os.close(_LOCK_FD)
        except OSError:
            pass
        _LOCK_FD = None
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="newsclf-parent-watch").start()
    _init_worker(model_path)


def _init_worker(model_path: str | None) -> None:
    """Load the model once per process (a forked worker inherits the parent's).

    The cached model is keyed by its folder and manifest hash, so a model retrained at the
    same path is loaded afresh rather than served from the cache."""
    global _MODEL, _MODEL_KEY
    key = f"{model_path}@{_model_identity(_model_dir(model_path))}"
    if _MODEL is None or _MODEL_KEY != key:
        from newsclf import load_model

        _MODEL = load_model(model_path)
        _MODEL_KEY = key


def _snippet(raw: Any) -> str:
    if isinstance(raw, (bytes, bytearray)):
        raw = bytes(raw).decode("utf-8", errors="replace").rstrip("\r\n")
    elif not isinstance(raw, str):
        raw = json.dumps(raw, ensure_ascii=False, default=_json_default)
    return raw[:_SNIPPET]


def _parse(n: int, raw: Any, cols: _Columns) -> tuple[Any, Any, str]:
    """(id, article, "") for a good record, (id, None, reason) for a bad one.

    The id is the record's own (its JSON type kept), None when it has none. The record
    goes through :func:`newsclf.article.from_record`, the record parser of ``newsclf
    classify`` too: the same fields (text or body, title, id) and the same messages.
    """
    from newsclf.article import from_record
    from newsclf.corpus import loads_json

    if isinstance(raw, (bytes, bytearray)):
        try:
            rec = loads_json(bytes(raw).decode("utf-8"))
        except UnicodeDecodeError as exc:
            return None, None, f"invalid UTF-8 ({exc.reason} at byte {exc.start})"
        except ValueError as exc:   # invalid JSON
            return None, None, str(exc)
        if not isinstance(rec, dict):
            return None, None, f"expected a JSON object, got {type(rec).__name__}"
    else:
        rec = raw
    from newsclf.article import _null, to_text

    rid = rec.get(cols.id)
    if rid == "" or _null(rid):     # NaN too (json.dumps of a pandas record): never written as NaN
        rid = None
    elif isinstance(rid, float) and rid in (float("inf"), float("-inf")):
        rid = str(rid)              # json.dumps would write Infinity, which is no JSON
    elif isinstance(rid, str):
        rid = to_text(rid)          # a lone surrogate ("\ud83d" in JSON) becomes U+FFFD: output is UTF-8
    if "__error__" in rec:
        return rid, None, str(rec["__error__"])
    try:
        art = from_record(rec, text=cols.text, title=cols.title, id=cols.id)
    except (TypeError, ValueError) as exc:
        return rid, None, str(exc)
    return rid, art, ""


def _score_batch(items: Sequence[_Item], fmt_in: str, fmt_out: str, cols: _Columns, *, scores: bool = True,
                 compress: bool = False, labels: bool = False) -> tuple[bytes, str, int, int]:
    """Score one batch in a worker: (output bytes, errors text, n scored, n failed).

    The output is whole lines of the output format (JSON Lines for Parquet staging) in
    UTF-8, as one gzip member when ``compress`` (members of whole batches concatenate
    into a valid gzip file, and a checkpoint offset always falls between two of them).
    ``scores=False`` leaves the ``scores`` field out.
    """
    model = _MODEL
    if model is None:
        raise RuntimeError("worker has no model: _init_worker was not called")
    key = "row" if fmt_in == "parquet" else "line"
    parsed = [(_parse(n, raw, cols), n, raw) for n, raw in items]
    good = [(rid, art) for (rid, art, _), _n, _r in parsed if art is not None]
    results: dict[int, Any] = {}
    try:
        res = model.classify_articles([a for _, a in good])
        results = {id(a): r for (_, a), r in zip(good, res)}
    except Exception:  # isolate the record that breaks the batch
        logger.warning("a batch failed as a whole; scoring its records one by one", exc_info=True)
        for _, a in good:
            try:
                results[id(a)] = model.classify_articles([a])[0]
            except Exception as exc:  # noqa: BLE001 - any failure becomes an errors-file row
                results[id(a)] = exc
    out = io.StringIO()
    err = io.StringIO()
    writer = csv.writer(out, lineterminator="\n") if fmt_out == "csv" else None
    n_ok = n_bad = 0
    for (rid, art, reason), n, raw in parsed:
        res = results.get(id(art)) if art is not None else None
        if isinstance(res, Exception):
            reason = f"classification failed: {type(res).__name__}: {res}"
            res = None
        if res is None:
            n_bad += 1
            err.write(json.dumps({key: n, "id": rid, "reason": reason or "not scored", "input": _snippet(raw)},
                                 ensure_ascii=False, default=_json_default) + "\n")
            continue
        d = res.to_dict()
        d.pop("id", None)
        if not scores:
            d.pop("scores", None)
        if labels:
            d.setdefault("labels", {})   # (an abstained article has none: the column is there all the same)
        if rid is None:
            rid = n       # no id: the line (or row) number
        row = {"id": rid if fmt_out == "jsonl" else str(rid), **d}
        if writer is not None:
            writer.writerow(_csv_row(row, scores, labels))
        else:
            out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        n_ok += 1
    data = out.getvalue().encode("utf-8")
    return (_gzip_member(data) if compress and data else data), err.getvalue(), n_ok, n_bad


def _gzip_member(data: bytes) -> bytes:
    """``data`` as one gzip member (reproducible: no timestamp); members concatenate into one file."""
    import gzip

    return gzip.compress(data, compresslevel=_GZIP_LEVEL, mtime=0)


# --------------------------------------------------------------------------- durable files
def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _model_dir(model: str | None) -> Path:
    """The model folder a job uses: ``model``, or the default model's folder when None."""
    from newsclf._api import default_model_path

    return Path(model).resolve() if model else Path(default_model_path()).resolve()


def _model_identity(folder: Path) -> str | None:
    """The sha256 of the model folder's ``manifest.json``; None when it cannot be read.

    Cheap (one small file, no model load). The manifest holds the sha256 of every model file
    and is re-written by every save, and loading refuses a file that does not match it, so
    this identifies the model's content: a model retrained at the same path differs.
    """
    from newsclf.persist import MANIFEST

    try:
        return hashlib.sha256((folder / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None


def _fingerprint(input: Path, output: Path, cols: _Columns, model: str | None, *,
                 scores: bool = True) -> dict[str, Any]:
    """What makes two runs the same job: input (path, size, mtime), formats and compression,
    columns, whether scores are written, model."""
    st = input.stat()
    folder = _model_dir(model)
    return {"version": _CHECKPOINT_VERSION, "input": str(input.resolve()), "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "format_in": _format(input), "format_out": _format(output),
            "gzip_in": _gzipped(input), "gzip_out": _gzipped(output), "scores": scores,
            "labels": bool(custom_heads(folder)),
            "columns": asdict(cols), "model": str(folder), "model_manifest_sha256": _model_identity(folder)}


def _output_options(fp: dict[str, Any]) -> dict[str, bool]:
    """How a job writes its rows, from its fingerprint: the keyword arguments of :func:`_score_batch`."""
    return {"scores": fp.get("scores", True), "compress": fp.get("gzip_out", False), "labels": fp.get("labels", False)}


def _file_id(path: Path) -> dict[str, int] | None:
    """A file's identity as make and rsync see it (size, mtime_ns) plus its inode; None if absent.

    All three survive ``os.replace``, so an identity taken before a move holds after it."""
    try:
        st = path.stat()
    except OSError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}


class _Lock:
    """An exclusive flock on the work folder; released by the OS even on SIGKILL."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh: IO[str] | None = None

    def __enter__(self) -> "_Lock":
        global _LOCK_FD
        self.fh = open(self.path, "a")
        _LOCK_FD = self.fh.fileno()
        try:
            import fcntl

            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        except OSError:
            self.fh.close()
            raise RuntimeError(f"another 'newsclf score' job is writing {self.path.parent}; "
                               "wait for it or stop it first") from None
        return self

    def __exit__(self, *exc: object) -> None:
        global _LOCK_FD
        if self.fh is not None:
            self.fh.close()
        _LOCK_FD = None


# --------------------------------------------------------------------------- the completed-job record
def _record_path(output: Path) -> Path:
    return output.with_name(output.name + _RECORD_SUFFIX)


def _job_record(ck: dict[str, Any], output: Path, errors: Path) -> dict[str, Any]:
    """The record of a job whose output and errors file are in place."""
    from newsclf import __version__

    return {"version": _RECORD_VERSION, "newsclf_version": __version__, "fingerprint": ck["fingerprint"],
            "errors_path": str(errors.resolve()), "scored": ck["scored"], "failed": ck["failed"],
            "output": _file_id(output), "errors": _file_id(errors) if ck["failed"] else None,
            "completed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def _write_record(output: Path, record: dict[str, Any]) -> None:
    _atomic_write(_record_path(output), json.dumps(record, indent=1) + "\n")


def _remove_record(output: Path) -> None:
    """Delete the record of an earlier job (durably) before its output is replaced."""
    path = _record_path(output)
    if path.exists():
        path.unlink()
        _fsync_dir(path.parent)


def _stale_reason(rec: dict[str, Any], fp: dict[str, Any], output: Path, errors: Path) -> str | None:
    """Why ``rec`` does not make ``output`` up to date for the job ``fp``; None when it does."""
    from newsclf import __version__

    if rec.get("version") != _RECORD_VERSION:
        return "its record has another format version"
    if fp.get("model_manifest_sha256") is None:
        return "the model has no readable manifest"
    if rec.get("fingerprint") != fp:
        return "the input, columns, formats or model differ from the completed job's"
    if rec.get("errors_path") != str(errors.resolve()):
        return "the errors file path differs"
    if rec.get("newsclf_version") != __version__:
        return f"it was written by newsclf {rec.get('newsclf_version')}"
    if not isinstance(rec.get("scored"), int) or not isinstance(rec.get("failed"), int):
        return "its record has no counts"
    if rec.get("output") is None or _file_id(output) != rec["output"]:
        return f"{output} was deleted, replaced or modified since the job completed"
    if _file_id(errors) != rec.get("errors"):
        return f"{errors} was deleted, created, replaced or modified since the job completed"
    return None


def _completed_job(fp: dict[str, Any], output: Path, errors: Path) -> dict[str, Any] | None:
    """The record of the completed job when ``output`` is its intact output, else None."""
    path = _record_path(output)
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        logger.warning("unreadable %s; scoring the job again", path)
        return None
    reason = _stale_reason(rec, fp, output, errors) if isinstance(rec, dict) else "its record is not an object"
    if reason is not None:
        logger.info("%s is out of date (%s); scoring the job again", output, reason)
        return None
    return rec


def _tidy_work(work: Path, fp: dict[str, Any]) -> None:
    """After an up-to-date check: remove the work folder when it holds nothing but the lock
    or a checkpoint of this same job (redundant: its output is complete), or no checkpoint at
    all (nothing to resume); leave another job's interrupted work for that job to resume."""
    names = {p.name for p in work.iterdir()} - {_LOCK}
    # partial files without a checkpoint (a kill while the work folder was removed) are never
    # resumed: a job that finds no checkpoint starts over
    if names and _CHECKPOINT in names:
        try:
            ck = json.loads((work / _CHECKPOINT).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            ck = None
        if not isinstance(ck, dict) or ck.get("fingerprint") != fp:
            logger.info("leaving %s as is: it holds the work of an interrupted job with other arguments", work)
            return
    _remove_work(work)


def _remove_work(work: Path) -> None:
    for p in work.iterdir():
        p.unlink()
    work.rmdir()


# --------------------------------------------------------------------------- progress
class _Progress:
    """A one-line progress bar on stderr: percent, count, rate and ETA."""

    def __init__(self, enabled: bool, start_fraction: float) -> None:
        self.enabled = enabled
        self.t0 = time.monotonic()
        self.f0 = start_fraction
        self.last = 0.0

    def update(self, fraction: float, done: int, scored_now: int, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        elapsed = max(now - self.t0, 1e-9)
        rate = scored_now / elapsed
        speed = (fraction - self.f0) / elapsed
        eta = (1.0 - fraction) / speed if speed > 0 else float("nan")
        width = 28
        fill = int(width * min(max(fraction, 0.0), 1.0))
        eta_s = "--:--" if eta != eta else time.strftime("%H:%M:%S", time.gmtime(eta))
        sys.stderr.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {100 * fraction:5.1f}%  {done:,} records  "
                         f"{rate:,.1f}/s  ETA {eta_s} ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


# --------------------------------------------------------------------------- the job
def _load_checkpoint(work: Path, fp: dict[str, Any]) -> dict[str, Any] | None:
    path = work / _CHECKPOINT
    if not path.exists():
        return None
    try:
        ck = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        logger.warning("unreadable checkpoint %s; starting over", path)
        return None
    if ck.get("fingerprint") != fp:
        logger.warning("checkpoint %s belongs to another job (input, columns, formats or model differ); "
                       "starting over", path)
        return None
    return ck


def _open_partial(path: Path, size: int) -> IO[bytes]:
    fh = open(path, "ab" if path.exists() else "wb")
    fh.truncate(size)              # drop any torn tail written after the last checkpoint
    fh.seek(size)
    return fh


def _finish(work: Path, output: Path, errors: Path, fmt_out: str, ck: dict[str, Any]) -> None:
    """Move the complete output (and errors) into place, record the completed job, remove the work folder.

    The previous job's record goes first and the new one is written last, atomically, so a
    crash anywhere in between leaves no record, never one that vouches for a missing or
    partial output. Each move is recoverable (see :func:`_place`), so finishing may run again.
    """
    _remove_record(output)
    opts = _output_options(ck["fingerprint"])
    _place(work, ck, "output", output, lambda: _final_output(work, output, fmt_out, opts["scores"], opts["labels"]))
    if ck["failed"]:
        _place(work, ck, "errors", errors, lambda: work / _ERR_PARTIAL)
    elif errors.exists():
        logger.info("removing %s left by an earlier run (this run had no bad records)", errors)
        errors.unlink()
    for folder in dict.fromkeys((output.parent, errors.parent)):
        _fsync_dir(folder)
    _write_record(output, _job_record(ck, output, errors))
    _remove_work(work)


def _final_output(work: Path, output: Path, fmt_out: str, scores: bool = True, labels: bool = False) -> Path:
    """The complete output file, ready to be moved into place (Parquet: converted first)."""
    staged = work / _OUT_PARTIAL
    if fmt_out != "parquet":
        return staged
    tmp = output.with_name(output.name + ".tmp")
    _staging_to_parquet(staged, tmp, scores, labels)
    return tmp


def _place(work: Path, ck: dict[str, Any], key: str, dest: Path, source: Callable[[], Path]) -> None:
    """``os.replace`` the file ``source()`` gives onto ``dest``, recoverably.

    The file's identity is recorded in the checkpoint before the move; a later run that
    finds ``dest`` still with that identity knows an earlier run moved it and crashed, and
    skips the move (the staged file is gone by then).
    """
    placed = ck.setdefault("placed", {})
    if placed.get(key) is not None and _file_id(dest) == placed[key]:
        return
    src = source()
    placed[key] = _file_id(src)
    _atomic_write(work / _CHECKPOINT, json.dumps(ck, indent=1))
    try:
        os.replace(src, dest)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        # dest on another file system (an --errors path on another mount): copy it beside dest
        # first, then move that copy into place, recording the copy's identity the same way
        import shutil

        tmp = dest.with_name(dest.name + ".tmp")
        shutil.copyfile(src, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        placed[key] = _file_id(tmp)
        _atomic_write(work / _CHECKPOINT, json.dumps(ck, indent=1))
        os.replace(tmp, dest)
        src.unlink()


def _finishable(work: Path, ck: dict[str, Any], output: Path, errors: Path) -> bool:
    """Whether a checkpoint that says "done" can still be finished: each file to move into
    place is either still staged or already in place, as recorded, untouched since."""
    placed = ck.get("placed", {})

    def ok(key: str, staged: Path, dest: Path) -> bool:
        return staged.exists() or (placed.get(key) is not None and _file_id(dest) == placed[key])

    return ok("output", work / _OUT_PARTIAL, output) and (not ck["failed"] or ok("errors", work / _ERR_PARTIAL, errors))


def _staging_to_parquet(staged: Path, dest: Path, scores: bool = True, labels: bool = False) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(scores, labels)

    def table(rows: list[dict[str, Any]]):
        for r in rows:
            r["id"] = str(r["id"])
        return pa.Table.from_pylist(rows, schema=schema)

    with pq.ParquetWriter(dest, schema) as writer, open(staged, encoding="utf-8") as fh:
        rows: list[dict[str, Any]] = []
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) >= _PARQUET_ROWS:
                writer.write_table(table(rows))
                rows = []
        if rows:
            writer.write_table(table(rows))
    with open(dest, "rb+") as fh:
        os.fsync(fh.fileno())


def _check_paths(src: Path, dst: Path, errors: Path) -> None:
    """Refuse an errors file or job record that would replace the input or the output: the job
    deletes a stale errors file and moves its own onto that path."""
    taken = {src.resolve(): "the input file", dst.resolve(): "the output file",
             _record_path(dst).resolve(): "the output's job record"}
    what = taken.get(errors.resolve())
    if what is not None:
        raise ValueError(f"errors file {errors} is {what}; choose another --errors path")
    work = dst.with_name(dst.name + _WORK_SUFFIX).resolve()
    if work == errors.resolve().parent or work in errors.resolve().parents:
        raise ValueError(f"errors file {errors} is inside the job's work folder {work.name}, which is removed "
                         "when the job completes; choose another --errors path")
    if errors.is_dir():
        raise ValueError(f"errors file {errors} is a folder; choose a file path for --errors")
    if src.resolve() == _record_path(dst).resolve():
        raise ValueError(f"input {src} is the job record of output {dst}; choose another output path")


def _require_pyarrow(path: Path) -> None:
    """Fail before scoring, not after, when Parquet is read or written and pyarrow is missing."""
    try:
        import pyarrow  # noqa: F401
    except ModuleNotFoundError:
        raise RuntimeError(f"{path} is Parquet, which needs pyarrow: pip install 'newsclf[train]' "
                           "(or pyarrow), or use a .jsonl or .csv file") from None


def score_file(input: str | os.PathLike[str], output: str | os.PathLike[str], *, workers: int = 1,
               batch_size: int = 256, errors: str | os.PathLike[str] | None = None, text_column: str = "text",
               id_column: str = "id", title_column: str = "title", model: str | os.PathLike[str] | None = None,
               progress: bool | None = None, force: bool = False, scores: bool = True) -> ScoreSummary:
    """Score every record of a JSON Lines, CSV or Parquet file into ``output``.

    A JSON Lines or CSV ``input`` or ``output`` whose name ends in ``.gz`` is gzip
    (``articles.jsonl.gz``). ``scores=False`` leaves the ``scores`` field out of every
    row (it is most of a row's size).

    Streams with bounded memory, in ``workers`` processes, resumable after a crash (see
    the module docstring for the output format and guarantees). ``progress=None`` shows a
    progress bar only when stderr is a terminal. Returns the counts of the whole job and
    the time and rate of this run. With ``workers=1`` the model is kept loaded in this
    process for later calls (with more workers, forked workers inherit it from here).

    When ``output`` is already the intact output of this same job (recorded in
    ``output.newsclf.json``), nothing is scored and the completed job's counts are
    returned with ``up_to_date=True`` and rate 0. ``force=True`` scores from scratch
    regardless, ignoring the record and any checkpoint.
    """
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    t0 = time.perf_counter()
    src, dst = Path(input), Path(output)
    fmt_in, fmt_out = _format(src), _format(dst)
    if not src.is_file():
        raise FileNotFoundError(f"input file {src} does not exist")
    _check_gzip(src)
    if src.resolve() == dst.resolve():
        raise ValueError(f"output {dst} is the input file; choose another output path")
    err_path = Path(errors) if errors else dst.with_name(dst.name + ".errors.jsonl")
    _check_paths(src, dst, err_path)
    if "parquet" in (fmt_in, fmt_out):
        _require_pyarrow(src if fmt_in == "parquet" else dst)
    cols = _Columns(text=text_column, id=id_column, title=title_column)
    cols = _check_columns(fmt_in, src, cols)
    model_path = str(model) if model is not None else None
    fp = _fingerprint(src, dst, cols, model_path, scores=scores)
    dst.parent.mkdir(parents=True, exist_ok=True)
    work = dst.with_name(dst.name + _WORK_SUFFIX)
    work.mkdir(exist_ok=True)
    size = src.stat().st_size
    with _Lock(work / _LOCK):
        done = None if force else _completed_job(fp, dst, err_path)
        if done is not None:
            _tidy_work(work, fp)
            seconds = time.perf_counter() - t0
            summary = ScoreSummary(scored=done["scored"], failed=done["failed"], seconds=seconds, rate=0.0,
                                   up_to_date=True)
            logger.info("%s is up to date (completed %s): %s", dst, done.get("completed", "?"), summary.line())
            return summary
        ck = None if force else _load_checkpoint(work, fp)
        if force:
            logger.info("force: scoring %s from scratch", dst)
        if ck is not None and ck["done"] and not _finishable(work, ck, dst, err_path):
            logger.warning("the checkpoint in %s says the job is complete, but its staged output is gone and %s "
                           "is not the file it moved into place; starting over", work, dst)
            ck = None
        if ck is None:
            ck = {"fingerprint": fp, "records": 0, "offset": 0, "line": 0, "raw": 0, "out_bytes": 0, "err_bytes": 0,
                  "scored": 0, "failed": 0, "done": False}
            for p in (work / _CHECKPOINT, work / _OUT_PARTIAL, work / _ERR_PARTIAL):   # checkpoint first
                p.unlink(missing_ok=True)
            _fsync_dir(work)
            for existing in (dst, err_path):
                if existing.exists():
                    logger.warning("%s exists; it will be replaced when this job completes", existing)
        else:
            logger.info("resuming %s: %d records done (%d scored, %d failed)", dst, ck["records"],
                        ck["scored"], ck["failed"])
        scored_before = ck["scored"]
        if not ck["done"]:
            _run(src, work, ck, fmt_in, fmt_out, cols, model_path, workers, batch_size, size,
                 progress if progress is not None else sys.stderr.isatty())
        _finish(work, dst, err_path, fmt_out, ck)
    seconds = time.perf_counter() - t0
    now = ck["scored"] - scored_before
    summary = ScoreSummary(scored=ck["scored"], failed=ck["failed"], seconds=seconds,
                           rate=now / seconds if seconds > 0 else 0.0)
    logger.info("%s", summary.line())
    return summary


def _run(src: Path, work: Path, ck: dict[str, Any], fmt_in: str, fmt_out: str, cols: _Columns,
         model_path: str | None, workers: int, batch_size: int, size: int, show: bool) -> None:
    """Score from the checkpoint to the end of the input, committing after every batch."""
    opts = _output_options(ck["fingerprint"])
    out = _open_partial(work / _OUT_PARTIAL, ck["out_bytes"])
    err = _open_partial(work / _ERR_PARTIAL, ck["err_bytes"])
    total_rows = None
    if fmt_in == "parquet":
        import pyarrow.parquet as pq

        total_rows = pq.ParquetFile(src).metadata.num_rows

    def fraction() -> float:
        if total_rows is not None:
            return ck["records"] / total_rows if total_rows else 1.0
        return min(1.0, ck.get("raw", ck["offset"]) / size) if size else 1.0

    bar = _Progress(show, fraction())
    scored_now = 0
    try:
        if ck["out_bytes"] == 0 and (fmt_out == "csv" or opts["compress"]):
            # a CSV header; for gzip, a first member even when empty: a job with no good
            # record still writes a valid gzip file (zcat refuses an empty one)
            header = _csv_header(opts["scores"], opts["labels"]).encode("utf-8") if fmt_out == "csv" else b""
            out.write(_gzip_member(header) if opts["compress"] else header)
            _commit(work, ck, out, err, None)

        def commit(result: tuple[bytes, str, int, int], pos: _Position) -> None:
            nonlocal scored_now
            data, errs, n_ok, n_bad = result
            out.write(data)
            err.write(errs.encode("utf-8"))
            ck["scored"] += n_ok
            ck["failed"] += n_bad
            scored_now += n_ok
            _commit(work, ck, out, err, pos)
            bar.update(fraction(), ck["records"], scored_now)

        start = _Position(ck["records"], ck["offset"], ck["line"], ck.get("raw", ck["offset"]))
        batches = _batches(fmt_in, src, start, cols, batch_size)
        if workers == 1:
            _init_worker(model_path)
            for items, pos in batches:
                commit(_score_batch(items, fmt_in, fmt_out, cols, **opts), pos)
        else:
            _run_pool(batches, commit, fmt_in, fmt_out, cols, model_path, workers, opts)
        ck["done"] = True
        _commit(work, ck, out, err, None)
        bar.update(1.0, ck["records"], scored_now, force=True)
    finally:
        bar.close()
        out.close()
        err.close()


def _run_pool(batches: Iterator[tuple[list[_Item], _Position]], commit: Any, fmt_in: str, fmt_out: str,
              cols: _Columns, model_path: str | None, workers: int, opts: dict[str, bool]) -> None:
    """Score batches in a process pool, at most ``2 * workers`` in flight, committed in input order."""
    import multiprocessing as mp

    if "fork" in mp.get_all_start_methods():
        # load once here: forked workers inherit the model (copy-on-write), no reload per worker
        _init_worker(model_path)
        ctx = mp.get_context("fork")
    else:  # pragma: no cover - spawn platforms: each worker loads the model in the initializer
        ctx = mp.get_context()
    pending: deque[tuple[Future[tuple[bytes, str, int, int]], _Position]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_pool_worker,
                             initargs=(model_path, os.getpid())) as pool:
        try:
            for items, pos in batches:
                pending.append((pool.submit(_score_batch, items, fmt_in, fmt_out, cols, **opts), pos))
                while len(pending) >= 2 * workers:
                    fut, p = pending.popleft()
                    commit(fut.result(), p)
            while pending:
                fut, p = pending.popleft()
                commit(fut.result(), p)
        except BaseException:
            for fut, _ in pending:
                fut.cancel()
            raise


def _commit(work: Path, ck: dict[str, Any], out: IO[bytes], err: IO[bytes], pos: _Position | None) -> None:
    """Make the appended batch durable, then record it in the checkpoint (atomically)."""
    for fh in (out, err):
        fh.flush()
        os.fsync(fh.fileno())
    ck["out_bytes"] = out.tell()
    ck["err_bytes"] = err.tell()
    if pos is not None:
        ck["records"], ck["offset"], ck["line"], ck["raw"] = pos.records, pos.offset, pos.line, pos.raw
    _atomic_write(work / _CHECKPOINT, json.dumps(ck, indent=1))


# --------------------------------------------------------------------------- many files
#: output formats of :func:`score_files`, as the suffix each output file gets
OUTPUT_FORMATS = ("jsonl", "csv", "parquet", "jsonl.gz", "csv.gz")


def _input_files(inputs: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """The input files: each file given, and the files of each folder given whose extension
    names a format (sorted by name; not recursive). In a folder, a name starting with ``.`` or
    ``_`` is a hidden or metadata file (``._part-0.jsonl``, ``_metadata.json``), skipped as
    Spark, Hive and ``pyarrow.dataset`` skip it."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = []
            for child in sorted(path.iterdir()):
                if not child.is_file() or child.name.endswith((_RECORD_SUFFIX, ".errors.jsonl")) \
                        or child.name.startswith((".", "_")):
                    continue
                try:
                    _format(child)
                except ValueError:
                    continue
                found.append(child)
            if not found:
                raise ValueError(f"folder {path} holds no .jsonl, .csv or .parquet file (or .jsonl.gz, .csv.gz)")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"input {path} does not exist")
    seen: set[Path] = set()   # a file named twice (overlapping globs, a folder and one of its files) is one job
    return [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]


def _stem(path: Path) -> str:
    """A file's name without its format's extension (and ``.gz``): ``a.jsonl.gz`` -> ``a``."""
    name = path.name
    if _gzipped(path):
        name = name[:-3]
    return name[: -len(Path(name).suffix)] if Path(name).suffix else name


def score_files(inputs: Sequence[str | os.PathLike[str]], output_dir: str | os.PathLike[str], *,
                output_format: str = "jsonl", **kwargs: Any) -> ScoreSummary:
    """Score many files (or the files of folders) into ``output_dir``, one job per file.

    Each input ``NAME.<ext>`` is scored by :func:`score_file` into
    ``output_dir/NAME.<output_format>`` with its own errors file, checkpoint and job record,
    so a run stopped at any point and started again skips the files already done (up to date)
    and resumes the one it was in. A file that cannot be scored (damaged, no text column) does
    not stop the others: once all were tried, ``ValueError`` names each such file and why.
    ``kwargs`` are :func:`score_file`'s (not ``errors``).
    Returns the counts summed over the files; ``up_to_date`` when every file was.
    """
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"output_format must be one of {OUTPUT_FORMATS}, got {output_format!r}")
    if kwargs.get("errors"):
        raise ValueError("an errors path is per file: with many inputs, each output gets OUTPUT.errors.jsonl")
    files = _input_files(inputs)
    out_dir = Path(output_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"output {out_dir} is a file; with many inputs (or a folder) the output is a folder")
    resolved = out_dir.resolve()
    if any(f.resolve().parent == resolved for f in files):
        raise ValueError(f"output folder {out_dir} holds input files; its outputs would be read as inputs by "
                         "the next run: choose another output folder")
    targets: dict[str, Path] = {}
    for f in files:
        name = f"{_stem(f)}.{output_format}"
        if name in targets:
            raise ValueError(f"{targets[name]} and {f} would both be scored into {out_dir / name}; rename one")
        targets[name] = f
    t0 = time.perf_counter()
    scored = failed = now = 0
    fresh = False
    refused: list[str] = []
    for k, (name, src) in enumerate(targets.items(), 1):
        logger.info("file %d of %d: %s -> %s", k, len(targets), src, out_dir / name)
        try:
            s = score_file(src, out_dir / name, **kwargs)
        except (ValueError, RuntimeError, OSError) as exc:
            # a damaged or malformed shard must not keep the others from being scored
            logger.error("file %d of %d, %s, was not scored: %s", k, len(targets), src, exc)
            refused.append(f"{src}: {exc}")
            continue
        scored += s.scored
        failed += s.failed
        if not s.up_to_date:
            fresh = True
            now += int(round(s.rate * s.seconds))
    seconds = time.perf_counter() - t0
    if refused:
        done = len(targets) - len(refused)
        raise ValueError(f"{len(refused)} of {len(targets)} files could not be scored (the other {done} are "
                         f"complete; run again after fixing these: finished files are skipped):\n  "
                         + "\n  ".join(refused))
    return ScoreSummary(scored=scored, failed=failed, seconds=seconds,
                        rate=now / seconds if fresh and seconds > 0 else 0.0, up_to_date=not fresh)


# --------------------------------------------------------------------------- CLI
def _names_a_file(path: str) -> bool:
    """Whether ``path``'s extension names an output format (``out.jsonl``, ``out.csv.gz``)."""
    try:
        _format(path)
    except ValueError:
        return False
    return not path.endswith(("/", os.sep))


def main(args: argparse.Namespace) -> int:
    """``newsclf score``: exit 0 when every record was scored, 1 when some failed, 2 on usage errors.

    An up-to-date output exits as its completed job did (0, or 1 when it had bad records)."""
    inputs = args.input if isinstance(args.input, list) else [args.input]
    # one file (a glob with one match) with --output-format: -o is the folder, unless named as a file
    fmt_given = getattr(args, "output_format", None) is not None
    many = len(inputs) > 1 or Path(inputs[0]).is_dir() or (
        fmt_given and (Path(args.output).is_dir() or not _names_a_file(args.output)))
    common = dict(workers=args.workers, batch_size=args.batch_size, text_column=args.text_column,
                  id_column=args.id_column, title_column=args.title_column, model=args.model,
                  progress=False if args.no_progress else None, force=getattr(args, "force", False),
                  scores=not getattr(args, "no_scores", False))
    try:
        if many:
            summary = score_files(inputs, args.output, output_format=getattr(args, "output_format", None) or "jsonl",
                                  errors=args.errors, **common)
        else:
            if getattr(args, "output_format", None):
                raise ValueError("--output-format is for many inputs or a folder; for one file the output's "
                                 "extension gives its format")
            summary = score_file(inputs[0], args.output, errors=args.errors, **common)
    except (ValueError, RuntimeError) as exc:
        print(f"newsclf score: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a read-only or full disk, a missing folder, no permission
        if exc.strerror is None:    # raised with a message of its own (a missing input), naming its file
            print(f"newsclf score: {exc}", file=sys.stderr)
        else:
            print(f"newsclf score: {exc.strerror}: {exc.filename or args.output}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        again = "the same command without --force" if getattr(args, "force", False) else "the same command again"
        print(f"\nnewsclf score: interrupted; run {again} to resume", file=sys.stderr)
        return 130
    if summary.up_to_date:
        print(f"newsclf score: {args.output} is up to date: {summary.line()} (use --force to score again)",
              file=sys.stderr)
    else:
        print(f"newsclf score: {summary.line()}", file=sys.stderr)
    if summary.failed:
        err = (f"the .errors.jsonl files in {args.output}" if many else args.errors or f"{args.output}.errors.jsonl")
        print(f"newsclf score: {summary.failed:,} bad records listed in {err}", file=sys.stderr)
    return 1 if summary.failed else 0
