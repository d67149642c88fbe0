"""Readers for the corpora and gold labels that newsclf trains and evaluates on.

The files are read where they lie (pass their paths); nothing is copied. Supported:

* Current Events Portal JSON Lines (``id, date, category, topics, text, sources``): an
  article is its ``text`` followed by its ``sources`` in parentheses, as the portal shows it;
* Wikinews JSON Lines (``id, title, text``);
* any JSON Lines of ``id, text`` and optional ``title``;
* UCDP GED CSV (one article per de-duplicated ``source_headline``);
* a scraped text dump like the seed file: its articles get ids ``seed-1``, ``seed-2``, ...
* gold labels (TAXONOMY.md section 6), joined to texts by ``id``.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsclf.article import Article, normalise, split_dump

__all__ = ["GoldRecord", "read_corpus", "read_gold", "join_gold", "wcep_article_text", "iter_jsonl", "loads_json"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold-labelled record with its article."""

    id: str
    split: str
    labels: dict[str, Any]
    article: Article


def loads_json(text: str | bytes) -> Any:
    """``json.loads``, with every way a text is no JSON a ``ValueError("invalid JSON (...)")``.

    ``json.loads`` raises ``JSONDecodeError`` for most bad text, but a plain ``ValueError``
    for an integer over Python's 4,300-digit limit and ``RecursionError`` for nesting too
    deep (100,000 brackets): one bad line of a JSON Lines file must not end a job."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        raise ValueError(f"invalid JSON ({exc.msg} at {where})") from None
    except RecursionError:
        raise ValueError("invalid JSON (nested too deeply)") from None
    except ValueError as exc:   # not a JSONDecodeError: an integer over the digit limit
        raise ValueError(f"invalid JSON ({exc})") from None


def iter_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield loads_json(line)
                except ValueError as exc:
                    raise ValueError(f"{path}:{lineno}: {exc}") from exc


def wcep_article_text(record: dict[str, Any]) -> str:
    """A portal summary as an article: ``text`` followed by its cited sources in parentheses."""
    text = str(record.get("text") or "").strip()
    sources = [s for s in record.get("sources") or [] if s]
    return text + "".join(f" ({s})" for s in sources)


def _record_article(rec: dict[str, Any]) -> Article:
    if "sources" in rec and "category" in rec:  # Current Events Portal
        art = normalise({"text": wcep_article_text(rec), "id": rec["id"]})
        return Article(body=art.body, title=art.title, cited_outlets=art.cited_outlets, id=art.id,
                       meta={"category": rec.get("category"), "topics": tuple(rec.get("topics") or ()),
                             "date": rec.get("date")})
    return normalise({"text": rec.get("text") or "", "title": rec.get("title") or "", "id": rec.get("id")})


def read_corpus(path: str | Path, *, ids: set[str] | None = None) -> Iterator[Article]:
    """Yield the articles of one corpus file (format detected from the name and content).

    With ``ids``, only records with those ids are normalised and yielded (fast joins).
    """
    path = Path(path)
    if path.suffix == ".txt":
        for k, art in enumerate(split_dump(path.read_text(encoding="utf-8")), 1):
            yield Article(body=art.body, title=art.title, captions=art.captions, credits=art.credits,
                          cited_outlets=art.cited_outlets, id=f"seed-{k}")
    elif path.suffix == ".csv":
        yield from _read_ucdp(path)
    else:
        for rec in iter_jsonl(path):
            if ids is None or rec.get("id") in ids:
                yield _record_article(rec)


def _read_ucdp(path: Path) -> Iterator[Article]:
    """UCDP GED rows as headline articles, one per distinct headline (first row wins)."""
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            headline = (row.get("source_headline") or "").strip()
            key = headline.lower()
            if not headline or key in seen:
                continue
            seen.add(key)
            yield Article(body=headline, id=f"ucdp-{row['id']}", meta={
                "type_of_violence": row.get("type_of_violence"), "country": row.get("country"),
                "source_original": row.get("source_original"), "source_office": row.get("source_office"),
                "adm_1": row.get("adm_1"), "side_a": row.get("side_a"), "side_b": row.get("side_b"),
            })


def read_gold(path: str | Path, *, splits: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Gold records of a file, optionally only those of the given splits."""
    keep = set(splits) if splits is not None else None
    return [r for r in iter_jsonl(path) if keep is None or r.get("split") in keep]


def join_gold(gold_paths: Iterable[str | Path], corpus_paths: Iterable[str | Path], *,
              splits: Iterable[str] | None = None) -> list[GoldRecord]:
    """Join gold labels to their articles by ``id``; unmatched gold ids are reported."""
    gold = [g for p in gold_paths for g in read_gold(p, splits=splits)]
    wanted = {g["id"] for g in gold}
    articles: dict[str, Article] = {}
    for cp in corpus_paths:
        for art in read_corpus(cp, ids=wanted):
            if art.id in wanted:
                articles[art.id] = art
    out = []
    missing = 0
    for g in gold:
        art = articles.get(g["id"])
        if art is None:
            missing += 1
            continue
        out.append(GoldRecord(id=g["id"], split=g.get("split", ""), labels=g, article=art))
    if missing:
        logger.warning("%d of %d gold records have no text in the given corpora", missing, len(gold))
    return out
