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
from newsclf.country_cues import CUE_FEATURES, fired_cues, name_context
from newsclf.gazetteer import _trie_alternation, _trie_of
from newsclf.taxonomy import country_codes

__all__ = [
    "CANDIDATE_FEATURES",
    "SOURCE_FEATURES",
    "CUE_FEATURES",
    "CountryCandidates",
    "candidate_feature_names",
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
_NAME_PART = CUE_FEATURES.index("name_part")
#: column of each value of country_cues.mention_cues (the per-country columns are left out)
_CUE_COLUMN = tuple(i for i, n in enumerate(CUE_FEATURES) if n not in ("only_city", "no_place", "name_part"))
#: columns of the candidate matrix (feature set 2) of only_city, no_place and name_part
_CUE_FLAG_COLUMNS = [len(CANDIDATE_FEATURES) + CUE_FEATURES.index(n) for n in ("only_city", "no_place", "name_part")]

_LOCATIVE = re.compile(r"(?:\b(?:in|near|at|outside|inside|around|across|into|throughout|of|across|north|south|east|west|central)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|occupied|besieged)\s+)?)$", re.I)
# ``_LOCATIVE.search(before)`` as one anchored match of the reversed pattern on
# ``before[::-1]`` (see gazetteer._LOC_PREP_REV_RE; tests/test_gazetteer.py checks both agree)
_LOCATIVE_WORDS = ("in", "near", "at", "outside", "inside", "around", "across", "into", "throughout", "of",
                   "north", "south", "east", "west", "central")
_LOCATIVE_ADJ = ("northern", "southern", "eastern", "western", "central", "occupied", "besieged")
_LOCATIVE_REV = re.compile(
    r"(?:\s++" + _trie_alternation(w[::-1] for w in _LOCATIVE_ADJ) + r")?(?:\s++eht)?\s++"
    + _trie_alternation(w[::-1] for w in _LOCATIVE_WORDS) + r"\b", re.I)
# (the verbs as a character trie, see gazetteer._trie_of)
_ACTOR_AFTER = re.compile(r"^(?:'s|’s)?\s+" + _trie_of(
    "said|says|say|announced|accused|blamed|warned|denied|claimed|told|has|have|had|will|would|is|was|urged|"
    "called|condemned|rejected|insisted") + r"\b")


@dataclass(frozen=True, slots=True)
class CountryCandidates:
    codes: tuple[str, ...]
    dense: np.ndarray           # (n_candidates, n_dense)
    areas: dict[str, float]     # Palestinian area id -> salience (from the gazetteer)


def _lead_end(body: str) -> int:
    para = body.find("\n\n")
    end = para if para != -1 else len(body)
    return min(end, 400)


_ZONE_INDEX = {zone: i for i, zone in enumerate(_ZONES)}
_PLACE_COLUMNS = (0, 2, 3, 4, 6, 7, 8, 10, 11)
_PLACE_NAME_COLUMNS = (2, 3, 6, 7, 10, 11)  # capitals and other places, by zone


def _name_parts(mentions, title: str, body: str):
    """Feature set 2: the spellings of the city mentions that are, somewhere in the article, part
    of a person's or an organisation's name ("John R. Bolton", "Usman Khan", "Mahan Air",
    "University of Cambridge"): every mention of that spelling counts (the person is named
    again by surname alone)."""
    names = None
    for m, zone in mentions:
        if m.kind != "city":
            continue
        src = title if zone == "title" else body
        if name_context(src[max(0, m.start - 30): m.start], src[m.end: m.end + 30]):
            if names is None:
                names = set()
            names.add(m.surface)
    return names


def candidate_feature_names(feature_set: int = 1) -> tuple[str, ...]:
    """Names of the dense candidate columns of a feature set (2 adds :data:`CUE_FEATURES`)."""
    return CANDIDATE_FEATURES + (CUE_FEATURES if feature_set >= 2 else ())


def country_candidates(article: Article, gazetteer, feature_set: int = 1) -> CountryCandidates:
    """Candidates of one article with their mention features.

    ``feature_set`` 1 gives :data:`CANDIDATE_FEATURES`; 2 adds the actor/location cues of
    :mod:`newsclf.country_cues` (a model reads its set off its countries head's width).
    """
    title, body = article.title, article.body
    title_mentions, body_mentions, raw, area_salience = gazetteer.analyse(body, title or None)
    mentions = [(m, "title") for m in title_mentions]
    lead_end = _lead_end(body)
    for m in body_mentions:
        mentions.append((m, "lead" if m.start < lead_end else "rest"))
    names = _name_parts(mentions, title, body) if feature_set >= 2 else None
    if not mentions:
        width = _N_DENSE + (len(CUE_FEATURES) if feature_set >= 2 else 0)
        return CountryCandidates((), np.zeros((0, width), np.float32), {})
    top = max(raw.values()) if raw else 1.0
    rule = {c: v / top for c, v in raw.items()}
    # per country: mention counts by zone and kind (columns 0-11), locative (16), actor (17)
    # and area (20) mentions, as ints (the float32 counts of the features are these, exactly)
    stats: dict[str, list[int]] = {}
    first: dict[str, float] = {}
    cues: dict[str, list[int]] | None = {} if feature_set >= 2 else None
    kinds: dict[str, set[str]] = {}
    total_len = max(len(body), 1)
    for m, zone in mentions:
        row = stats.get(m.country)
        if row is None:
            row = stats[m.country] = [0] * _N_DENSE
        kind = m.kind
        row[_ZONE_INDEX[zone] * 4 + _KIND_GROUP.get(kind, 3)] += 1
        src = title if zone == "title" else body
        if _LOCATIVE_REV.match(src[max(0, m.start - 40): m.start][::-1]):  # = _LOCATIVE.search(...)
            row[16] += 1
        if (kind == "country" or kind == "capital") and _ACTOR_AFTER.match(src[m.end: m.end + 20]):
            row[17] += 1
        pos = 0.0 if zone == "title" else m.start / total_len
        first[m.country] = min(first.get(m.country, 1.0), pos)
        if m.area:
            row[20] += 1
        if cues is not None:
            c_row = cues.get(m.country)
            if c_row is None:
                c_row = cues[m.country] = [0] * len(CUE_FEATURES)
                kinds[m.country] = set()
            kinds[m.country].add(kind)
            # the mention_cues that fire (only_city, no_place, name_part: per country, below)
            for j in fired_cues(kind, src[max(0, m.start - 30): m.start], src[m.end: m.end + 60], zone == "title"):
                c_row[_CUE_COLUMN[j]] += 1
            if names is not None and kind == "city" and m.surface in names:
                c_row[_NAME_PART] += 1
    n_mentions = {c: sum(row[:12]) for c, row in stats.items()}
    codes = tuple(sorted(stats, key=lambda c: (-n_mentions[c], first[c])))
    # the same float32 values as the float32 operations on one numpy row per candidate, in a
    # few numpy calls: log1p in float32 of the counts (the first twelve columns and the cue
    # counts, one call), every other column computed in double and rounded to float32 once.
    # Counts are exact in float32, so the float32 ratios of columns 13 and 14 are the double
    # ratios rounded (a quotient of two float32 numbers rounded to double and then to float32
    # is the quotient rounded to float32: double has more than 2 * 24 + 1 bits)
    n_place = [sum(stats[c][j] for j in _PLACE_COLUMNS) for c in codes]
    tot_place = sum(n_place) or 1
    tot = sum(n_mentions[c] for c in codes) or 1
    n = len(codes)
    log_n = math.log1p(n)
    rows = []
    for i, c in enumerate(codes):
        st = stats[c]
        rows.append((first[c], n_place[i] / tot_place, n_mentions[c] / tot, 0.0 if i else 1.0, math.log1p(st[16]),
                     math.log1p(st[17]), float(rule.get(c, 0.0)), log_n, math.log1p(st[20]), 1.0))
    n_cue = len(CUE_FEATURES) if cues is not None else 0
    dense = np.empty((n, _N_DENSE + n_cue), np.float32)
    if cues is None:
        dense[:, :12] = np.log1p(np.array([stats[c][:12] for c in codes], dtype=np.float32))
    else:
        logs = np.log1p(np.array([stats[c][:12] + cues[c] for c in codes], dtype=np.float32))
        dense[:, :12] = logs[:, :12]
        dense[:, _N_DENSE:] = logs[:, 12:]
        # the per-country cue columns: only_city, no_place (0/1) and name_part (a share)
        dense[:, _CUE_FLAG_COLUMNS] = [
            (1.0 if kinds[c] == {"city"} else 0.0,
             0.0 if stats[c][16] or any(stats[c][j] for j in _PLACE_NAME_COLUMNS) else 1.0,
             cues[c][_NAME_PART] / max(n_mentions[c], 1)) for c in codes]
    dense[:, 12:_N_DENSE] = rows
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
    w = all_cands[0].dense.shape[1] if all_cands else _N_DENSE  # the feature set's width
    dense = (np.vstack([c.dense for c in all_cands if c.codes]) if n
             else np.zeros((0, w), np.float32))
    # each row: the dense features, then a 1 in its country's prior column
    indptr = np.arange(0, (n + 1) * (w + 1), w + 1)
    indices = np.empty((n, w + 1), np.int32)
    indices[:, :w] = np.arange(w)
    indices[:, w] = [w + index.get(c, 0) for c in codes]
    data = np.empty((n, w + 1), np.float32)
    data[:, :w] = dense
    data[:, w] = 1.0
    return sp.csr_matrix((data.ravel(), indices.ravel(), indptr), shape=(n, w + len(index)))


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
    # (the float32 values of the earlier one-numpy-item-at-a-time code: log1p of the counts in
    # float32; the best score per type in double, rounded once, which is the float32 running
    # maximum, rounding being monotonic; the other entries in double, rounded)
    k = len(SOURCE_TYPES_ORDER)
    counts = [0] * k
    best = [0.0] * k
    for c in claims:
        if c.source_type in SOURCE_TYPES_ORDER:
            j = SOURCE_TYPES_ORDER.index(c.source_type)
            counts[j] += 1
            best[j] = max(best[j], float(c.score))
    v = np.empty(len(SOURCE_FEATURES), np.float32)
    v[:k] = np.log1p(np.array(counts, np.float32))
    v[k:] = best + [1.0 if "news_agency" in outlet_types else 0.0, 1.0 if "media" in outlet_types else 0.0,
                    math.log1p(agency_mentions), math.log1p(len(claims)), 1.0 if not claims else 0.0]
    return v
