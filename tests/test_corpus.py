"""Corpus readers and the gold join (reads ../shared/data by path)."""

from __future__ import annotations

from newsclf.corpus import join_gold, read_corpus, wcep_article_text
from tests.conftest import SEED_FILE


def test_wcep_article_text_appends_sources():
    rec = {"id": "x", "text": "Five killed.", "sources": ["Reuters", "AP"]}
    assert wcep_article_text(rec) == "Five killed. (Reuters) (AP)"


def test_seed_dump_records_get_seed_ids():
    arts = list(read_corpus(SEED_FILE))
    assert [a.id for a in arts] == ["seed-1", "seed-2", "seed-3", "seed-4"]


def test_gold_joins_to_texts(shared_data):
    recs = join_gold([shared_data / "gold" / "seeds.jsonl", shared_data / "gold" / "wikinews.jsonl"],
                     [SEED_FILE, shared_data / "wikinews" / "wikinews_2019.jsonl"], splits=["dev"])
    ids = {r.id for r in recs}
    assert {"seed-1", "seed-2", "seed-3", "seed-4"} <= ids
    seed = next(r for r in recs if r.id == "seed-4")
    assert seed.article.title == seed.labels["title"]
    assert all(r.split == "dev" for r in recs)
