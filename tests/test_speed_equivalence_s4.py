"""Equivalence of the s4 speed-ups with the code they replaced (kept here as references).

* the word alternations of the cue and salience regexes, compiled as character tries
  (``gazetteer._trie_of``): the same match or no match as the original regexes on every
  context of the shared data and on adversarial strings;
* ``article._prepare`` / ``article._strip_lines`` without regex scans;

End to end (every classify output, raw scores included, against the main branch):
``python benchmarks/diff_outputs.py``.
"""

from __future__ import annotations

import json
import random
import re

import pytest

from tests.conftest import SEED_FILE, SHARED_DATA

# ----------------------------------------------------------------- the regexes as they were
_VERBS = (
    r"(?:says|said|say|claims?|claimed|confirms?|confirmed|announces?|announced|accuses?|accused|warns?|warned|"
    r"calls?|called|urges?|urged|condemns?|condemned|denies|denied|rejects?|rejected|signs?|signed|agrees?|agreed|"
    r"closes?|closed|orders?|ordered|expels?|expelled|recalls?|recalled|threatens?|threatened|demands?|demanded|"
    r"imposes?|imposed|offers?|offered|pledges?|pledged|sends?|sent|asks?|asked|welcomes?|welcomed|"
    r"critici[sz]es?|critici[sz]ed|summons|summoned|vows?|vowed|refuses?|refused|tells?|told|reports?|reported|"
    r"insists?|insisted|blames?|blamed|plans?|planned|approves?|approved|votes?|voted|launch(?:es|ed)?|"
    r"strikes?|struck|bombs?|bombed|deploys?|deployed|withdraws?|withdrew|supports?|supported|backs?|backed|"
    r"invites?|invited|hosts?|hosted|will|would|has|have|had|is|was|are|were)"
)
_POSS = r"^(?:'s|’s)?\s+"
OLD = {
    "country_cues._ACTOR_VERB": re.compile(_POSS + r"(?:\w+\s+)?" + _VERBS + r"\b", re.I),
    "country_cues._ROLE_GOV": re.compile(
        _POSS + r"(?:[A-Z][\w.-]*\s+){0,2}?(?:president|prime minister|premier|minister|foreign|secretary|government|"
        r"officials?|embassy|ambassador|diplomats?|envoy|leaders?|king|emir|crown prince|chancellor|spokes\w+|"
        r"delegation|state department|parliament|authorities)\b", re.I),
    "country_cues._ROLE_MIL": re.compile(
        _POSS + r"(?:[A-Z][\w.-]*\s+){0,2}?(?:forces|troops|army|military|navy|air force|warplanes|jets|soldiers|"
        r"special forces|drones?|coalition|marines)\b", re.I),
    "country_cues._PERSON_NOUN": re.compile(
        r"^\s+(?:[a-z-]+\s+){0,2}?(?:businessm[ae]n|businesswom[ae]n|socialite|journalists?|reporters?|photographers?|"
        r"citizens?|nationals?|spy|spies|tourists?|students?|workers?|activists?|bloggers?|writers?|authors?|"
        r"actors?|actress(?:es)?|singers?|musicians?|artists?|poets?|novelists?|athletes?|players?|footballers?|"
        r"cricketers?|boxers?|cyclists?|swimmers?|skiers?|runners?|climbers?|sailors?|pilots?|captain|"
        r"aid workers?|engineers?|doctors?|nurses?|scientists?|researchers?|academics?|professors?|"
        r"filmmakers?|director|dissidents?|pilgrims?|migrants?|refugees?|asylum seekers?|passport|"
        r"billionaire|tycoon|magnate|entrepreneur|investor|model|hostages?|captives?|prisoners?|detainees?|"
        r"man|woman|men|women|boy|girl|teenager|child|children|family|families|couple|"
        r"cleric|preacher|rabbi|priest|lawyer|blogger|comedian|rapper|star)\b"),
    "gazetteer._ACTOR_AFTER_RE": re.compile(
        r"^(?:'s?|’s?)?\s*(?:government\s+|officials?\s+|authorities\s+)?"
        r"(?:said|says|say|has|have|had|is|was|announced|accused|blamed|denied|warned|"
        r"condemned|demanded|rejected|called|urged|wants|will|would|and\b)",
        re.IGNORECASE),
    "gazetteer._ACTOR_NOUN_AFTER_RE": re.compile(
        r"^(?:['’]s\s+)?\s*(?:-led\s+)?(?:forces|troops|army|military|soldiers?|servicem[ae]n|jets|"
        r"warplanes|helicopters?|aircraft|drones?|navy|embassy|envoy|ambassador|president|"
        r"prime minister|minister|foreign minister|government|administration|officials?|"
        r"authorities|diplomats?|coalition|special forces|air force|marines|planes|ships|"
        r"warships|backed|-backed|-led|led|secretary|state department|department|spokes(?:man|woman|person)|"
        r"senators?|congress|parliament|lawmakers|intelligence|citizens?|nationals?|journalists?|"
        r"contractors?|hostages?|delegation|defen[cs]e|leaders?|court|supreme court|team)\b",
        re.IGNORECASE),
    "features._ACTOR_AFTER": re.compile(
        r"^(?:'s|’s)?\s+(?:said|says|say|announced|accused|blamed|warned|denied|claimed|told|has|have|had|will|"
        r"would|is|was|urged|called|condemned|rejected|insisted)\b"),
}


def _new(name: str) -> re.Pattern:
    import importlib

    mod, attr = name.split(".")
    return getattr(importlib.import_module(f"newsclf.{mod}"), attr)


def _words_of(pattern: re.Pattern) -> list[str]:
    """Every word of an OLD pattern's word alternation (the outermost "(?:...)" holding the most
    "|"), its patterns spelled out ("claims?" -> claim, claims; "spokes\\w+" -> spokesmen)."""
    from newsclf.gazetteer import _finite_words, _top_alternatives

    src = pattern.pattern
    groups = []
    for k in (m.start() for m in re.finditer(r"\(\?:", src)):
        depth = 0
        for e in range(k, len(src)):
            depth += {"(": 1, ")": -1}.get(src[e], 0) if src[e - 1] != "\\" else 0
            if depth == 0:
                groups.append(src[k + 3:e])
                break
    inner = max(groups, key=lambda g: len(_top_alternatives(g)))
    out: list[str] = []
    for alt in _top_alternatives(inner):
        out += _finite_words(alt) or [alt.replace("\\w+", "men").replace("\\b", "")]
    return out


def _texts() -> list[str]:
    out = [SEED_FILE.read_text(encoding="utf-8")] if SEED_FILE.is_file() else []
    wikinews = SHARED_DATA / "wikinews" / "wikinews_2019.jsonl"
    wcep = SHARED_DATA / "wcep" / "wcep_2002_2022.jsonl"
    if not wikinews.is_file() or not wcep.is_file():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set NEWSCLF_DATA)")
    with wikinews.open(encoding="utf-8") as fh:
        out += [r["title"] + "\n\n" + r["text"] for r in map(json.loads, fh)]
    with wcep.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 3000:
                break
            out.append(json.loads(line).get("text") or "")
    return out


def _adversarial() -> list[str]:
    rnd = random.Random(4)
    pieces = [" ", "  ", "\t", "\n", "'s", "’s", "'", "’", "s", "-", "-led ", "-backed", " said", " Said", " SAID",
              " saidx", " government ", " officials ", " and", " andy", " President", " prime minister",
              " Prime  Minister", " spokesman", " spokes", " forces", " air force", " airforce", " US", " Foreign",
              " businessman", " aid workers", " K", "\u212a", "\u017f", "ı", "İ", " é", " x", " the", ".", "Ä"]
    out = ["", " ", "'s", "’s said", " said", " saidd", " sai", "s said"]
    out += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))) for _ in range(20000)]
    return out


def _contexts() -> list[str]:
    """The text after every space, apostrophe or hyphen of the shared data (what follows a
    mention), 60 characters, plus adversarial strings."""
    out: list[str] = []
    for t in _texts():
        out += [t[i:i + 60] for i, c in enumerate(t) if c in " '’-\n"]
    return out + _adversarial()


@pytest.fixture(scope="module")
def contexts() -> list[str]:
    return _contexts()


@pytest.mark.parametrize("name", sorted(OLD))
def test_trie_regexes_match_where_the_old_ones_did(name, contexts):
    old, new = OLD[name], _new(name)
    assert old.flags == new.flags
    words = _words_of(old)
    probes = [p + w + s for w in words for p in ("", " ", "'s ", "’s ", " Big ", " big bad ")
              for s in ("", " ", "s", "x", ".", "-", "'")]
    probes += [p.upper() for p in probes]
    n_hit = 0
    for ctx in contexts + probes:
        a = old.match(ctx) is not None
        assert a == (new.match(ctx) is not None), (name, ctx)
        n_hit += a
    assert n_hit > 100  # the contexts do exercise the regex


def test_trie_of_handles_non_finite_alternatives():
    from newsclf.gazetteer import _finite_words, _trie_of

    assert _finite_words(r"claims?|launch(?:es|ed)?|critici[sz]ed") == [
        "claim", "claims", "launch", "launches", "launched", "criticised", "criticized"]
    assert _finite_words(r"spokes\w+") is None and _finite_words(r"and\b") is None
    rx = re.compile("^" + _trie_of(r"said|spokes\w+|and\b|a") + "$")
    for s, ok in (("said", True), ("spokesman", True), ("spokes", False), ("and", True), ("a", True), ("an", False)):
        assert (rx.match(s) is not None) == ok, s


# ----------------------------------------------------------------- normalisation
def _reference_prepare(text: str) -> str:
    from newsclf.article import _CONTROL, _truncate

    return _CONTROL.sub(" ", _truncate(text))


def test_prepare_equals_the_control_regex():
    from newsclf.article import _prepare

    rnd = random.Random(5)
    alphabet = [chr(i) for i in range(0, 160)] + ["é", "\u2028", "\ufffd", "\U0001F600", "\ud800", "\x85"]
    texts = ["", "abc", "\x00", "a\x7fb", "a\x1f", "\t\n\r", "é\x0b"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(20000)]
    texts += _texts()[:400]
    for t in texts:
        assert _prepare(t) == _reference_prepare(t), repr(t)


# ----------------------------------------------------------------- country candidates
def _reference_country_candidates(article, gazetteer, feature_set: int = 1):
    """features.country_candidates as it was before s4 (one numpy column assignment per feature).

    ``feature_set`` 1 gives :data:`CANDIDATE_FEATURES`; 2 adds the actor/location cues of
    :mod:`newsclf.country_cues` (a model reads its set off its countries head's width).
    """
    import math

    import numpy as np

    from newsclf.country_cues import CUE_FEATURES, fired_cues
    from newsclf.features import (_ACTOR_AFTER, _CUE_COLUMN, _KIND_GROUP, _LOCATIVE_REV, _N_DENSE, _NAME_PART,
                                  _PLACE_COLUMNS, _PLACE_NAME_COLUMNS, _ZONE_INDEX, CountryCandidates, _lead_end,
                                  _name_parts)

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
    # the same float32 operations as on one numpy row per candidate: counts are exact in
    # float32, log1p of the first twelve in float32, ratios as float32 divisions, the other
    # logs in double then rounded to float32
    n_place = [sum(stats[c][j] for j in _PLACE_COLUMNS) for c in codes]
    f32 = np.float32
    tot_place = f32(sum(n_place)) if sum(n_place) else 1.0
    tot = f32(sum(n_mentions[c] for c in codes)) if any(n_mentions[c] for c in codes) else 1.0
    n = len(codes)
    dense = np.zeros((n, _N_DENSE), np.float32)
    counts = np.array([stats[c][:12] for c in codes], dtype=np.float32)
    dense[:, :12] = np.log1p(counts)
    dense[:, 12] = [first[c] for c in codes]
    dense[:, 13] = np.array(n_place, dtype=np.float32) / tot_place
    dense[:, 14] = np.array([n_mentions[c] for c in codes], dtype=np.float32) / tot
    dense[0, 15] = 1.0
    dense[:, 16] = [math.log1p(stats[c][16]) for c in codes]
    dense[:, 17] = [math.log1p(stats[c][17]) for c in codes]
    dense[:, 18] = [float(rule.get(c, 0.0)) for c in codes]
    dense[:, 19] = math.log1p(n)
    dense[:, 20] = [math.log1p(stats[c][20]) for c in codes]
    dense[:, 21] = 1.0
    if cues is not None:
        extra = np.log1p(np.array([cues[c] for c in codes], dtype=np.float32))
        extra[:, 5] = [1.0 if kinds[c] == {"city"} else 0.0 for c in codes]
        extra[:, _NAME_PART] = [cues[c][_NAME_PART] / max(sum(stats[c][:12]), 1) for c in codes]
        extra[:, 8] = [0.0 if stats[c][16] or any(stats[c][j] for j in _PLACE_NAME_COLUMNS) else 1.0 for c in codes]
        dense = np.hstack([dense, extra])
    # areas by the gazetteer's salience (locative context, title, East Jerusalem context)
    return CountryCandidates(codes, dense, dict(area_salience))



def _articles():
    from newsclf.article import normalise, split_dump

    arts = split_dump(SEED_FILE.read_text(encoding="utf-8")) if SEED_FILE.is_file() else []
    wikinews = SHARED_DATA / "wikinews" / "wikinews_2019.jsonl"
    wcep = SHARED_DATA / "wcep" / "wcep_2002_2022.jsonl"
    if not wikinews.is_file() or not wcep.is_file():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set NEWSCLF_DATA)")
    with wikinews.open(encoding="utf-8") as fh:
        arts += [normalise({"title": r["title"], "text": r["text"]}) for r in map(json.loads, fh)]
    with wcep.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 3000:
                break
            arts.append(normalise(json.loads(line).get("text") or ""))
    arts += [normalise(t) for t in _ADVERSARIAL_ARTICLES]
    return arts


_ADVERSARIAL_ARTICLES = [
    "", " ", "a", "Gaza", "Syria " * 2000, "Syrian forces said. " * 300, "Paris, Texas. Tripoli, Lebanon.",
    "US US US US US US US US US US US US US US US US US US US US US US US US US US US US US US US US US US US US",
    "John R. Bolton and Usman Khan met at the University of Cambridge; Mahan Air flew to Tehran, Iran.",
    "President of Cuba, the Emir of Qatar, Rafael Nadal of Spain, the Battle of Mosul, the city of Homs.",
    "Ünïcödé: São Paulo, Zürich, Kraków, Đà Nẵng, Sana’a, Bil'in, İstanbul, al-Hasakah, ash-Sham, el-Bireh.",
    "Israeli troops raided Jenin in the northern West Bank; Israel's army said. In occupied East Jerusalem.",
]


@pytest.mark.parametrize("feature_set", [1, 2])
def test_country_candidates_equal_the_reference(feature_set):
    import numpy as np

    from newsclf.features import country_candidates
    from newsclf.gazetteer import Gazetteer

    gz = Gazetteer.default()
    n_cands = 0
    for art in _articles():
        got = country_candidates(art, gz, feature_set)
        ref = _reference_country_candidates(art, gz, feature_set)
        assert got.codes == ref.codes
        assert got.dense.dtype == ref.dense.dtype == np.float32 and got.dense.shape == ref.dense.shape
        assert got.dense.tobytes() == ref.dense.tobytes(), art.title or art.body[:80]  # bit for bit
        assert got.areas == ref.areas
        n_cands += len(got.codes)
    assert n_cands > 4000


def test_place_mention_fast_constructor():
    import dataclasses

    from newsclf.gazetteer import PlaceMention, _place_mention

    a, b = _place_mention(3, 9, "Gaza", "PS", "gaza_strip", "area"), PlaceMention(3, 9, "Gaza", "PS", "gaza_strip", "area")
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b) and dataclasses.astuple(a) == dataclasses.astuple(b)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.start = 4  # type: ignore[misc]


# ----------------------------------------------------------------- agencies
def _reference_find_agencies(text: str):
    """agencies.find_agencies as it was: the full alias regex on every text."""
    from newsclf import agencies as ag

    lex = ag._lexicon()
    out = []
    for m in lex.regex.finditer(text):
        surface = m.group(0)
        s, e = m.start(), m.end()
        before = text[max(0, s - 60): s]
        after = text[e: e + 40]
        if surface in lex.needs_context:
            if not (ag._CONTEXT_BEFORE_RE.search(before) or ag._CONTEXT_AFTER_RE.match(after)):
                continue
        if surface == "AP":
            if ag._AP_FALSE_AFTER_RE.match(after) or ag._AP_FALSE_BEFORE_RE.search(before):
                continue
        out.append(ag.AgencyMention(s, e, surface, lex.surface_to_canon[surface]))
    return out


def test_find_agencies_equals_the_full_regex():
    from newsclf.agencies import _lexicon, find_agencies

    lex = _lexicon()
    assert lex.rare and lex.common_regex is not lex.regex  # the fast path is in use
    aliases = list(lex.surface_to_canon)
    rnd = random.Random(6)
    glue = [" ", "  ", "-", "'", "’s ", "(", ") ", ", ", "\n", "x", "said ", "news agency ", "the ", "d", "t"]
    texts = _texts() + ["", "dpa", "the Associated Press", "xdpa", "dpa-AFP", "the Associated Press/AP"]
    texts += ["".join(rnd.choice(aliases) + rnd.choice(glue) for _ in range(rnd.randint(1, 12))) for _ in range(20000)]
    n = 0
    for t in texts:
        got = find_agencies(t)
        assert got == _reference_find_agencies(t), t
        n += len(got)
    assert n > 10000


# ----------------------------------------------------------------- sentences
def _reference_is_abbreviation(text: str, punct_start: int) -> bool:
    """sentences._is_abbreviation as it was: a _LAST_WORD search over the 20-character window."""
    from newsclf.sentences import _LAST_WORD, _WORD_END, ABBREVIATIONS

    if punct_start == 0 or text[punct_start - 1] not in _WORD_END:
        return False
    lo = max(0, punct_start - 20)
    m = _LAST_WORD.search(text, lo, punct_start)
    if m is None:
        return False
    word = m.group(1)
    start = m.start(1)
    if start > 0 and text[start - 1].isalnum():
        return False
    low = word.lower()
    if low in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True
    if "." in word and all(len(p) <= 2 for p in word.split(".")):
        return True
    return False


def test_last_word_reversed_match_equals_the_search():
    from newsclf.sentences import _LAST_WORD, _LAST_WORD_REV, _is_abbreviation

    rnd = random.Random(7)
    alphabet = "aB.. \n\t-é'1zU"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 26))) for _ in range(30000)]
    texts += ["U.S.", "U.S. x", "Mr.", " Mr. Smith", "e.g..", "a..b.", "\n.", "x\n", "Gen.\n", ".a", "J."]
    texts += _texts()[:300]
    n_hit = 0
    for t in texts:
        for hi in range(len(t) + 1):
            lo = max(0, hi - 20)
            old = _LAST_WORD.search(t, lo, hi)
            new = _LAST_WORD_REV.match(t[lo:hi][::-1])
            assert (old is None) == (new is None), (t, hi)
            if old is not None:
                n_hit += 1
                assert (old.start(1), old.group(1)) == (hi - new.end(1), t[hi - new.end(1):hi - new.start(1)]), (t, hi)
            if hi < len(t) and t[hi] == ".":
                assert _is_abbreviation(t, hi) == _reference_is_abbreviation(t, hi), (t, hi)
    assert n_hit > 100000


def test_name_before_reversed_match_equals_the_search():
    from newsclf.country_cues import _NAME_BEFORE, _NAME_BEFORE_REV

    rnd = random.Random(8)
    pieces = ["A", "Ab", "abc", "B.", ".", " ", "-", "al-", "Al-", "ar-", "\n", "x", "É", "é", "_", "1", "ab", "Z"]
    befores = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10))) for _ in range(60000)]
    for t in _texts()[:600]:
        befores += [t[max(0, i - 30):i] for i in range(len(t))]
    n_hit = 0
    for b in befores:
        a = _NAME_BEFORE.search(b) is not None
        assert a == (_NAME_BEFORE_REV.match(b[::-1]) is not None), b
        n_hit += a
    assert n_hit > 10000


def test_to_text_and_title_whitespace_equal_the_regexes():
    from newsclf.article import _SURROGATE, _WS, _normalise_pair, to_text

    rnd = random.Random(9)
    alphabet = ["a", " ", "  ", "\t", "\u00a0", "é", "\ud800", "\udfff", "\ud83d\ude00", "\U0001F600", "\ufffd", "\n"]
    texts = ["", "a", "\ud800", "é\udc80x"] + _texts()[:300]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(30000)]
    for t in texts:
        ref = _SURROGATE.sub("\ufffd", t) if not t.isascii() and _SURROGATE.search(t) else t
        assert to_text(t) == ref, repr(t)
        title = to_text(t)
        assert _normalise_pair(title, "body").title == (_WS.sub(" ", title).strip() or ""), repr(t)


def test_sent_start_and_actor_after_equal_the_regexes():
    from newsclf.country_cues import _SENT_START, _sent_start
    from newsclf.gazetteer import _ACTOR_AFTER_RE, _ACTOR_ANY_AFTER_RE, _ACTOR_NOUN_AFTER_RE

    rnd = random.Random(10)
    pieces = ["A", "B.", ".", "!", "?", ":", " ", "  ", "\n", "\t", "the", "The", "THE", "x", "Mr", "a", "é", "_",
              "1", "\u00a0", "\u2003", "\x1c", "'s", "’s", " said", " forces", "-led", " government said"]
    strs = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8))) for _ in range(60000)]
    for t in _texts()[:600]:
        strs += [t[max(0, i - 30):i] for i in range(0, len(t), 3)]
        strs += [t[i:i + 40] for i in range(0, len(t), 3)]
    n_sent = n_actor = 0
    for s in strs:
        a = _SENT_START.search(s) is not None
        assert _sent_start(s) == a, repr(s)
        n_sent += a
        b = bool(_ACTOR_NOUN_AFTER_RE.match(s) or _ACTOR_AFTER_RE.match(s))
        assert (_ACTOR_ANY_AFTER_RE.match(s) is not None) == b, repr(s)
        n_actor += b
    assert n_sent > 10000 and n_actor > 3000


# ----------------------------------------------------------------- source features
def _reference_source_features(article, claims, agency_mentions, outlet_types):
    """features.source_features as it was: one numpy item operation at a time."""
    import math

    import numpy as np

    from newsclf.features import SOURCE_FEATURES, SOURCE_TYPES_ORDER

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


def test_source_features_equal_the_reference(shipped_model):
    import types
    import warnings

    from newsclf.article import normalise
    from newsclf.features import SOURCE_TYPES_ORDER, source_features

    rnd = random.Random(11)
    types_ = list(SOURCE_TYPES_ORDER) + [None, "other", ""]
    scores = [0.0, 1.0, 0.5, 0.30000001, 0.3000000119, 1e-45, 1e-300, -0.2, 1e300, float("inf"), float("nan"), 2 / 3]
    cases = []
    for _ in range(20000):
        claims = [types.SimpleNamespace(source_type=rnd.choice(types_), score=rnd.choice(scores + [rnd.random()]))
                  for _ in range(rnd.randint(0, 40))]
        outlets = rnd.sample(["news_agency", "media", "x"], rnd.randint(0, 3))
        cases.append((claims, rnd.randint(0, 5000), outlets))
    arts = [normalise(t) for t in _texts()[:400]]
    cases += [(c, 2, ["media"]) for c in shipped_model._claims(arts)]
    art = normalise("x")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # float32 overflow of 1e300
        for claims, n_ag, outlets in cases:
            got = source_features(art, claims, n_ag, outlets)
            ref = _reference_source_features(art, claims, n_ag, outlets)
            assert got.dtype == ref.dtype and got.tobytes() == ref.tobytes(), (claims, n_ag, outlets)
