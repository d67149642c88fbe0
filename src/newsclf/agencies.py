"""News agency lexicon for the source-attribution head.

Finds wire / national news agency mentions in text (``find_agencies``), maps an outlet
name to its canonical agency short name (``canonical_agency``, spellings as in
TAXONOMY.md and the gold ``agencies`` fields) and types a cited outlet as
``news_agency`` or ``media`` (``outlet_type``). Data: ``newsclf/data/agencies.json``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "AGENCIES",
    "AgencyMention",
    "canonical_agency",
    "find_agencies",
    "outlet_type",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AgencyMention:
    """One news agency mention found in a text."""

    start: int
    end: int
    surface: str
    canonical: str


# Cue words that make an ambiguous short form ("Fars", "Mehr", "Saba", "MENA") an agency.
_CONTEXT_BEFORE_RE = re.compile(
    r"(?:news agency|agency|according to|told|quoted by|cited by|quoting|citing|(?:^|\n)[A-Z][A-Z ,.'-]{2,40}\(|\()\s*$",
    re.IGNORECASE,
)
_CONTEXT_AFTER_RE = re.compile(
    r"^(?:\)|\s*(?:news agency|news|agency|reported|reports|said|says|quoted|cited|"
    r"published|carried|added|wrote|—|-|–)\b)",
    re.IGNORECASE,
)
# "AP" that is not the Associated Press.
_AP_FALSE_AFTER_RE = re.compile(r"^[ -](?:Moller|Møller|Moeller|Biology|Chemistry|Physics|English|History|"
                                r"exam|test|classes|course|credit|score|Calculus|Statistics)\b", re.IGNORECASE)
_AP_FALSE_BEFORE_RE = re.compile(r"Andhra Pradesh\s*\($")
_VIA_RE = re.compile(r"\s+(?:via|through|on|in)\s+.*$", re.IGNORECASE)


def _load() -> dict[str, Any]:
    try:
        raw = (resources.files("newsclf") / "data" / "agencies.json").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, TypeError, AttributeError, NotADirectoryError):
        raw = (Path(__file__).resolve().parent / "data" / "agencies.json").read_text(encoding="utf-8")
    return json.loads(raw)


def _norm_name(name: str) -> str:
    s = name.strip().replace("’", "'")
    s = re.sub(r"^the\s+", "", s, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", s).casefold()


class _Lexicon:
    """Compiled lexicon: one alternation regex (longest alias first) + lookup tables."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.canonicals: tuple[str, ...] = tuple(a["canonical"] for a in payload["agencies"])
        self.surface_to_canon: dict[str, str] = {}
        self.needs_context: set[str] = set()
        self.name_to_canon: dict[str, str] = {}
        for a in payload["agencies"]:
            canon = a["canonical"]
            for alias in a["aliases"]:
                self.surface_to_canon.setdefault(alias, canon)
                self.name_to_canon.setdefault(_norm_name(alias), canon)
            for alias in a.get("context_aliases", []):
                self.surface_to_canon.setdefault(alias, canon)
                self.needs_context.add(alias)
                self.name_to_canon.setdefault(_norm_name(alias), canon)
            self.name_to_canon.setdefault(_norm_name(canon), canon)
        # The aliases as a character trie (longest alias first at every position, like a
        # longest-first alternation, but one branch per next character: ~5x faster), behind
        # a look-ahead on the first characters. Word boundaries that also refuse
        # hyphen/apostrophe-joined words ("AP-style" is fine, "MAPS" or "CAP" are not).
        # The look-behind comes right after each alias's first character (looking two
        # characters back), so that the pattern begins with a plain character: the regex
        # engine then skips to candidate characters (several times faster than a look-ahead
        # on them first); the same matches as "(?=[first])(?<![\w'’])(?:trie)(?!...)".
        self.regex = self._compile(self.surface_to_canon)
        # The few aliases that do not begin with a capital ("dpa", "the Associated Press") make
        # the regex try every "d" and "t" of a text. A text without them (as a substring) gets
        # the same matches from the regex without their branches (the trie's first level is one
        # branch per first character; these first characters begin no other alias), which only
        # tries capitals: about 3x faster.
        self.rare: tuple[str, ...] = tuple(a for a in self.surface_to_canon if not a[:1].isupper())
        rare_first = {a[0] for a in self.rare}
        if any(a[:1] in rare_first for a in self.surface_to_canon if a not in self.rare):
            self.rare = ()  # a first character shared with a capitalised alias: always the full regex
        self.common_regex = self._compile([a for a in self.surface_to_canon if a not in self.rare]) \
            if self.rare else self.regex

    @staticmethod
    def _compile(aliases: Any) -> re.Pattern[str]:
        return re.compile(r"(?:" + _trie_pattern(aliases, after_first=r"(?<![\w'’][\s\S])")
                          + r")(?![\w]|['’][a-rt-z])")


def _trie_pattern(words: Any, after_first: str = "") -> str:
    """A regex matching exactly ``words``, the longest possible one first at a position
    (``after_first``: a zero-width assertion put after each word's first character)."""
    root: dict[str, Any] = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any], after: str = "") -> str:
        alts = [re.escape(ch) + after + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:  # an alias ends here: longer continuations first, then stop
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root, after_first)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    lex = _Lexicon(_load())
    logger.debug("loaded %d agencies", len(lex.canonicals))
    return lex


AGENCIES: tuple[str, ...] = _lexicon().canonicals


def find_agencies(text: str) -> list[AgencyMention]:
    """News agency mentions in ``text``, left to right (case-sensitive; ambiguous short
    forms such as "Fars" or "MENA" only next to an agency cue)."""
    lex = _lexicon()
    out: list[AgencyMention] = []
    regex = lex.common_regex
    for a in lex.rare:
        if a in text:
            regex = lex.regex
            break
    for m in regex.finditer(text):
        surface = m.group(0)
        s, e = m.start(), m.end()
        before = text[max(0, s - 60) : s]
        after = text[e : e + 40]
        if surface in lex.needs_context:
            if not (_CONTEXT_BEFORE_RE.search(before) or _CONTEXT_AFTER_RE.match(after)):
                continue
        if surface == "AP":
            if _AP_FALSE_AFTER_RE.match(after) or _AP_FALSE_BEFORE_RE.search(before):
                continue
        out.append(AgencyMention(s, e, surface, lex.surface_to_canon[surface]))
    return out


def canonical_agency(name: str) -> str | None:
    """Canonical agency short name for an outlet or agency name, else None.

    "Agence France-Presse" -> "AFP", "AFP via Google News" -> "AFP",
    "Associated Press" -> "AP", "Reuters AlertNet" -> "Reuters", "BBC" -> None.
    """
    lex = _lexicon()
    if not name or not name.strip():
        return None
    full = _norm_name(name)
    hit = lex.name_to_canon.get(full)
    if hit is not None:
        return hit
    head = _norm_name(_VIA_RE.sub("", name.strip()))
    hit = lex.name_to_canon.get(head)
    if hit is not None:
        return hit
    # "Reuters Africa", "AP/Reuters", "ABCNews - AP", "Khaleej Times via AFP": first agency part wins.
    for part in re.split(r"[/,&+]| and | - | via ", name):
        p = _norm_name(_VIA_RE.sub("", part.strip()))
        if p in lex.name_to_canon:
            return lex.name_to_canon[p]
    m = re.match(r"([A-Za-z][\w.'-]*)", head)
    if m is not None:
        first = m.group(1).casefold()
        hit = lex.name_to_canon.get(first)
        if hit is not None and first not in {"ap", "the"} | {_norm_name(a) for a in lex.needs_context}:
            return hit
        if first == "ap" and re.match(r"ap\b", head) and len(head.split()) <= 2:
            return "AP"
    return None


def outlet_type(name: str) -> str:
    """``news_agency`` when the cited outlet is a news agency (by canonical_agency),
    else ``media``."""
    return "news_agency" if canonical_agency(name) is not None else "media"
