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
