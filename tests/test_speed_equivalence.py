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


def _reference_mention_cues(kind: str, before: str, after: str, in_title: bool) -> tuple[int, ...]:
    """country_cues.mention_cues as it was: every regex on every mention (no prefilters)."""
    from newsclf import country_cues as cc

    actor = kind in cc._ACTOR_KINDS and cc._ACTOR_VERB.match(after) is not None
    nation = kind in cc._NATION_KINDS
    sent_start = cc._SENT_START.search(before) is not None
    return (
        int(actor),
        int(nation and cc._ROLE_GOV.match(after) is not None),
        int(nation and cc._ROLE_MIL.match(after) is not None),
        int(sent_start),
        int(kind in cc._PLACE_KINDS and not sent_start and cc._NAME_BEFORE.search(before) is not None),
        int(in_title and actor and kind != "org"),
        int(nation and cc._ROLE_LOCAL.match(after) is not None),
        int(kind == "demonym" and cc._PERSON_NOUN.match(after) is not None),
        int(kind != "demonym" and kind != "org" and cc._OF_TITLE.search(before) is not None),
    )


def _reference_name_context(before: str, after: str) -> bool:
    from newsclf import country_cues as cc

    if cc._ORG_OF.search(before):
        return True
    if cc._NAME_AFTER.match(after):
        return True
    return cc._NAME_BEFORE.search(before) is not None and cc._SENT_START.search(before) is None


def _mention_contexts(seed_text: str):
    """(before 30, after 60) of every gazetteer mention of the test articles and 3,000 WCEP summaries,
    plus edge cases around the prefilters (apostrophes, newlines, "the", sentence ends)."""
    from newsclf.gazetteer import Gazetteer

    gz = Gazetteer.default()
    texts = []
    for art in _articles(seed_text):
        texts += [art.title, art.body]
    wcep = SHARED_DATA / "wcep" / "wcep_2002_2022.jsonl"
    if wcep.is_file():
        with wcep.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= 3000:
                    break
                texts.append(json.loads(line)["text"])
    out = []
    for t in texts:
        for m in gz.find(t):
            out.append((t[max(0, m.start - 30): m.start], t[m.end: m.end + 60]))
    befores = ["", " ", "\n", "the ", "The  ", "x. the ", "U.S. The ", "said:\n the\t", "a\n", "a \n ", "of the ",
               "President of ", "Battle of ", "in\u00a0", "word.\u2003", "ends?", "them ", "Al-", "R. ", "Mr. Ha"]
    afters = ["", " ", "'s", "'S government", "’s army", "\u017f", " said", "\tforces", "\u00a0army", "-led",
              "'S FORCES", " citizen", "s"]
    out += [(b, a) for b in befores for a in afters]
    return out


def test_mention_cues_equal_the_unfiltered_reference(seed_text):
    from newsclf.country_cues import _sent_start, fired_cues, mention_cues, name_context
    from newsclf import country_cues as cc

    ctx = _mention_contexts(seed_text)
    assert len(ctx) > 1000
    for before, after in ctx:
        assert _sent_start(before) == (cc._SENT_START.search(before) is not None), before
        assert name_context(before, after[:30]) == _reference_name_context(before, after[:30]), (before, after)
        for kind in ("country", "demonym", "capital", "city", "admin1", "area", "org"):
            for in_title in (False, True):
                ref = _reference_mention_cues(kind, before, after, in_title)
                assert mention_cues(kind, before, after, in_title) == ref, (kind, before, after)
                assert fired_cues(kind, before, after, in_title) == [j for j, v in enumerate(ref) if v]


def test_country_candidates_of_set_2_equal_the_reference_cues(seed_text, monkeypatch):
    """Feature set 2 with the prefiltered cues and the gazetteer's one-token shortcut gives the same
    rows as with the reference cues and full name searches."""
    from newsclf import features
    from newsclf.gazetteer import Gazetteer

    gz = Gazetteer.default()

    class FullSearch(Gazetteer):
        skip_dead_prefixes = False

    full = FullSearch(gz._table, gz.n_names)
    arts = _articles(seed_text)
    got = [features.country_candidates(a, gz, 2) for a in arts]
    monkeypatch.setattr(features, "fired_cues", lambda kind, before, after, in_title: [
        j for j, v in enumerate(_reference_mention_cues(kind, before, after, in_title)) if v])
    monkeypatch.setattr(features, "name_context", _reference_name_context)
    for art, g in zip(arts, got):
        ref = features.country_candidates(art, full, 2)
        assert g.codes == ref.codes
        np.testing.assert_array_equal(g.dense, ref.dense)
        assert g.areas == ref.areas


def _reference_scores(gz, text: str, title: str | None):
    """Gazetteer._scores as it was: the East Jerusalem context read up front on every article."""
    from newsclf import gazetteer as G

    country_score: dict[str, float] = {}
    area_score: dict[str, float] = {}
    east_jerusalem = G._EAST_JERUSALEM_CTX_RE.search(text) is not None or (
        title is not None and G._EAST_JERUSALEM_CTX_RE.search(title) is not None)
    parts = ([(title, 2.0)] if title else []) + [(text, 1.0)]
    # a place name that is a person's surname in one part is none in the other part either
    surnames = set().union(*(gz._find(part)[1] for part, _ in parts))
    for part, part_weight in parts:
        n = max(len(part), 1)
        parens = [(m.start(), m.end()) for m in G._SHORT_PAREN_RE.finditer(part)]
        for pm in G._without_people(part, gz.find(part), surnames):
            if any(a < pm.start and pm.end < b for a, b in parens):
                continue
            w = G._KIND_WEIGHT.get(pm.kind, 0.5) * part_weight
            after = part[pm.end: pm.end + 40]
            if pm.kind not in ("demonym", "org"):
                before = part[max(0, pm.start - 40): pm.start]
                if G._LOC_PREP_RE.search(before):
                    w *= 1.6
                if G._ACTOR_NOUN_AFTER_RE.match(after) or G._ACTOR_AFTER_RE.match(after):
                    w *= 0.35
            elif pm.country != "US" and G._PLACE_NOUN_AFTER_RE.match(after):
                w *= 2.5
            w *= 1.0 + 0.5 * (1.0 - pm.start / n)
            country, area = pm.country, pm.area
            if country == "IL" and pm.kind == "capital" and east_jerusalem:
                country, area = "PS", "east_jerusalem"
            country_score[country] = country_score.get(country, 0.0) + w
            if area is not None and pm.kind not in ("demonym", "org"):
                area_score[area] = area_score.get(area, 0.0) + w
    return country_score, area_score


def test_gazetteer_scores_equal_the_eager_reference(seed_text):
    from newsclf.gazetteer import Gazetteer

    gz = Gazetteer.default()
    texts = [(a.body, a.title or None) for a in _articles(seed_text)]
    texts += [("Israeli police in Jerusalem's Old City", None), ("Jerusalem", "Clashes in East Jerusalem"),
              ("Jerusalem and Tel Aviv", "al-Aqsa"), ("JERUSALEM (AP) - near the old city", "")]
    for text, title in texts:
        assert gz.analyse(text, title)[2:] == _reference_scores(gz, text, title), (title, text[:80])
