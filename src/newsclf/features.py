"""Features that the heads read besides the shared TF-IDF matrix.

* :func:`country_candidates`: every country the gazetteer finds in an article becomes a
  candidate with mention features (where, how and how often it is named), ranked by
  the countries head;
* :func:`source_features`: per-article evidence for the source-types head from the
  extracted claims, the cited outlets and agency mentions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsclf.article import Article
from newsclf.gazetteer import _trie_alternation
from newsclf.taxonomy import country_codes

__all__ = [
    "CANDIDATE_FEATURES",
    "SOURCE_FEATURES",
    "CountryCandidates",
    "country_candidates",
    "source_features",
    "candidate_matrix",
    "candidate_rows",
]

_KIND_GROUP = {"country": 0, "demonym": 1, "org": 1, "capital": 2, "city": 3, "admin1": 3, "area": 3}
_ZONES = ("title", "lead", "rest")
CANDIDATE_FEATURES: tuple[str, ...] = tuple(
    f"{zone}:{kind}" for zone in _ZONES for kind in ("country", "demonym", "capital", "place")
) + (
    "first_position", "place_share", "mention_share", "is_most_mentioned", "locative", "actor",
    "rule_score", "n_candidates", "area_mentions", "bias",
)
_N_DENSE = len(CANDIDATE_FEATURES)

_LOCATIVE = re.compile(r"(?:\b(?:in|near|at|outside|inside|around|across|into|throughout|of|across|north|south|east|west|central)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|occupied|besieged)\s+)?)$", re.I)
# ``_LOCATIVE.search(before)`` as one anchored match of the reversed pattern on
# ``before[::-1]`` (see gazetteer._LOC_PREP_REV_RE; tests/test_gazetteer.py checks both agree)
_LOCATIVE_WORDS = ("in", "near", "at", "outside", "inside", "around", "across", "into", "throughout", "of",
                   "north", "south", "east", "west", "central")
_LOCATIVE_ADJ = ("northern", "southern", "eastern", "western", "central", "occupied", "besieged")
_LOCATIVE_REV = re.compile(
    r"(?:\s++" + _trie_alternation(w[::-1] for w in _LOCATIVE_ADJ) + r")?(?:\s++eht)?\s++"
    + _trie_alternation(w[::-1] for w in _LOCATIVE_WORDS) + r"\b", re.I)
_ACTOR_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:said|says|say|announced|accused|blamed|warned|denied|claimed|told|has|have|had|will|would|is|was|urged|called|condemned|rejected|insisted)\b")


@dataclass(frozen=True, slots=True)
class CountryCandidates:
    codes: tuple[str, ...]
    dense: np.ndarray           # (n_candidates, n_dense)
    areas: dict[str, float]     # Palestinian area id -> salience (from the gazetteer)


def _lead_end(body: str) -> int:
    para = body.find("\n\n")
    end = para if para != -1 else len(body)
    return min(end, 400)


def country_candidates(article: Article, gazetteer) -> CountryCandidates:
    """Candidates of one article with their mention features."""
    title, body = article.title, article.body
    title_mentions, body_mentions, raw, area_salience = gazetteer.analyse(body, title or None)
    mentions = [(m, "title") for m in title_mentions]
    lead_end = _lead_end(body)
    for m in body_mentions:
        mentions.append((m, "lead" if m.start < lead_end else "rest"))
    if not mentions:
        return CountryCandidates((), np.zeros((0, _N_DENSE), np.float32), {})
    top = max(raw.values()) if raw else 1.0
    rule = {c: v / top for c, v in raw.items()}
    stats: dict[str, np.ndarray] = {}
    first: dict[str, float] = {}
    area_counts: dict[str, int] = {}
    total_len = max(len(body), 1)
    for m, zone in mentions:
        row = stats.setdefault(m.country, np.zeros(_N_DENSE, np.float32))
        zi = _ZONES.index(zone)
        row[zi * 4 + _KIND_GROUP.get(m.kind, 3)] += 1
        src = title if zone == "title" else body
        if _LOCATIVE_REV.match(src[max(0, m.start - 40): m.start][::-1]):  # = _LOCATIVE.search(...)
            row[16] += 1
        if m.kind in ("country", "capital") and _ACTOR_AFTER.match(src[m.end: m.end + 20]):
            row[17] += 1
        pos = 0.0 if zone == "title" else m.start / total_len
        first[m.country] = min(first.get(m.country, 1.0), pos)
        if m.area:
            area_counts[m.area] = area_counts.get(m.area, 0) + 1
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
    # areas by the gazetteer's salience (locative context, title, East Jerusalem context)
    return CountryCandidates(codes, dense, dict(area_salience))


def candidate_rows(cands: CountryCandidates):
    """Sparse design rows for the countries head: dense features + one-hot country prior."""
    return candidate_matrix([cands])


def candidate_matrix(all_cands: Sequence[CountryCandidates]):
    """The candidate rows of several articles stacked in one CSR matrix (article order)."""
    import scipy.sparse as sp

    index = _country_index()
    codes = [c for cands in all_cands for c in cands.codes]
    n = len(codes)
    dense = (np.vstack([c.dense for c in all_cands if c.codes]) if n
             else np.zeros((0, _N_DENSE), np.float32))
    # each row: the dense features, then a 1 in its country's prior column
    indptr = np.arange(0, (n + 1) * (_N_DENSE + 1), _N_DENSE + 1)
    indices = np.empty((n, _N_DENSE + 1), np.int32)
    indices[:, :_N_DENSE] = np.arange(_N_DENSE)
    indices[:, _N_DENSE] = [_N_DENSE + index.get(c, 0) for c in codes]
    data = np.empty((n, _N_DENSE + 1), np.float32)
    data[:, :_N_DENSE] = dense
    data[:, _N_DENSE] = 1.0
    return sp.csr_matrix((data.ravel(), indices.ravel(), indptr), shape=(n, _N_DENSE + len(index)))


_INDEX: dict[str, int] = {}


def _country_index() -> dict[str, int]:
    if not _INDEX:
        _INDEX.update({c: i for i, c in enumerate(country_codes())})
    return _INDEX


SOURCE_TYPES_ORDER = ("news_agency", "official", "anonymous", "monitor_ngo", "media", "witness", "social_media")
SOURCE_FEATURES: tuple[str, ...] = (
    tuple(f"claims:{t}" for t in SOURCE_TYPES_ORDER)
    + tuple(f"claim_score:{t}" for t in SOURCE_TYPES_ORDER)
    + ("outlet:news_agency", "outlet:media", "agency_mentions", "n_claims", "no_claims")
)


def source_features(article: Article, claims: Sequence, agency_mentions: int,
                    outlet_types: Sequence[str]) -> np.ndarray:
    """Evidence for the source-types head: claim type counts and scores, cited outlets."""
    v = np.zeros(len(SOURCE_FEATURES), np.float32)
    k = len(SOURCE_TYPES_ORDER)
    for c in claims:
        if c.source_type in SOURCE_TYPES_ORDER:
            j = SOURCE_TYPES_ORDER.index(c.source_type)
            v[j] += 1
            v[k + j] = max(v[k + j], float(c.score))
    v[:k] = np.log1p(v[:k])
    v[2 * k] = 1.0 if "news_agency" in outlet_types else 0.0
    v[2 * k + 1] = 1.0 if "media" in outlet_types else 0.0
    v[2 * k + 2] = math.log1p(agency_mentions)
    v[2 * k + 3] = math.log1p(len(claims))
    v[2 * k + 4] = 1.0 if not claims else 0.0
    return v
