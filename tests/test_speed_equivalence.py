"""The fast paths of inference give exactly what the straightforward code they replaced gave.

Equivalence only (no timing): each reference below is the earlier implementation, kept here.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from newsclf.article import Article, normalise, split_dump
from tests.conftest import SHARED_DATA

_ZONES = ("title", "lead", "rest")


def _reference_country_candidates(article: Article, gazetteer):
    """features.country_candidates as it was: one float32 numpy row per country."""
    from newsclf.features import _ACTOR_AFTER, _KIND_GROUP, _LOCATIVE, _N_DENSE, _lead_end

    title, body = article.title, article.body
    title_mentions, body_mentions, raw, area_salience = gazetteer.analyse(body, title or None)
    mentions = [(m, "title") for m in title_mentions]
    lead_end = _lead_end(body)
    for m in body_mentions:
        mentions.append((m, "lead" if m.start < lead_end else "rest"))
    if not mentions:
        return (), np.zeros((0, _N_DENSE), np.float32), {}
    top = max(raw.values()) if raw else 1.0
    rule = {c: v / top for c, v in raw.items()}
    stats: dict[str, np.ndarray] = {}
    first: dict[str, float] = {}
    total_len = max(len(body), 1)
    for m, zone in mentions:
        row = stats.setdefault(m.country, np.zeros(_N_DENSE, np.float32))
        zi = _ZONES.index(zone)
        row[zi * 4 + _KIND_GROUP.get(m.kind, 3)] += 1
        src = title if zone == "title" else body
        if _LOCATIVE.search(src[max(0, m.start - 40): m.start]):
            row[16] += 1
        if m.kind in ("country", "capital") and _ACTOR_AFTER.match(src[m.end: m.end + 20]):
            row[17] += 1
        pos = 0.0 if zone == "title" else m.start / total_len
        first[m.country] = min(first.get(m.country, 1.0), pos)
        if m.area:
            row[20] += 1
    codes = tuple(sorted(stats, key=lambda c: (-stats[c][:12].sum(), first[c])))
    n_place = {c: stats[c][[0, 2, 3, 4, 6, 7, 8, 10, 11]].sum() for c in codes}
    tot_place = sum(n_place.values()) or 1.0
    tot = sum(stats[c][:12].sum() for c in codes) or 1.0
    dense = np.zeros((len(codes), _N_DENSE), np.float32)
    for i, c in enumerate(codes):
        row = stats[c].copy()
        row[:12] = np.log1p(row[:12])
        row[12] = first[c]
        row[13] = n_place[c] / tot_place
        row[14] = stats[c][:12].sum() / tot
        row[15] = 1.0 if i == 0 else 0.0
        row[16] = math.log1p(row[16])
        row[17] = math.log1p(row[17])
        row[18] = float(rule.get(c, 0.0))
        row[19] = math.log1p(len(codes))
        row[20] = math.log1p(row[20])
        row[21] = 1.0
        dense[i] = row
    return codes, dense, dict(area_salience)


def _articles(seed_text: str) -> list[Article]:
    arts = split_dump(seed_text)
    arts += [normalise(t) for t in (
        "Israeli troops raided Jenin in the northern West Bank; Israel's army said. Gaza, Gaza, Gaza.",
        "Tripoli, Lebanon. Lebanon, Pennsylvania. In the occupied East Jerusalem, near the Old City.",
        "The U.S. and the US said. Washington warned. In Kyiv, Ukraine's Zelensky said.",
        "", "Nothing here at all.")]
    wikinews = SHARED_DATA / "wikinews" / "wikinews_2019.jsonl"
    if wikinews.is_file():
        with wikinews.open(encoding="utf-8") as fh:
            arts += [normalise({"title": r["title"], "text": r["text"]}) for r in map(json.loads, fh)]
    return arts


def test_country_candidates_equal_the_numpy_row_reference(seed_text):
    from newsclf.features import country_candidates
    from newsclf.gazetteer import Gazetteer

    gz = Gazetteer.default()
    for art in _articles(seed_text):
        got = country_candidates(art, gz)
        codes, dense, areas = _reference_country_candidates(art, gz)
        assert got.codes == codes
        assert got.dense.dtype == dense.dtype == np.float32
        np.testing.assert_array_equal(got.dense, dense)  # bit for bit
        assert got.areas == areas


def test_log1p_of_counts_is_the_same_in_any_array_shape():
    counts = np.arange(0, 4096, dtype=np.float32)
    one_by_one = np.array([np.log1p(counts[i:i + 1])[0] for i in range(len(counts))], np.float32)
    np.testing.assert_array_equal(np.log1p(counts.reshape(-1, 16)[:, :12]).ravel(),
                                  one_by_one.reshape(-1, 16)[:, :12].ravel())
    np.testing.assert_array_equal(np.log1p(counts), one_by_one)


@pytest.mark.parametrize("text", ["", "a", "Gaza (AP)", "x\u00a0\u00a0y\t z  w\r\nv"])
def test_small_inputs_classify(shipped_model, text):
    res = shipped_model.classify(text)
    assert res.to_dict() is not None
