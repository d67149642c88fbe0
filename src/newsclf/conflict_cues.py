"""Conflict-type cues: the keyword rules of the weak labels, as features of the gold head.

``RULES`` maps each conflict-type label to a text pattern that votes for it and an
optional veto pattern. ``training/weak_labels.py`` labels the unlabelled corpus with them
(plus portal sections and UCDP codes, which exist only in the corpora); the same patterns,
evaluated on an article at inference time, give the conflict-types head a small dense
vector of cues (:func:`cue_matrix`): per label, 1 when the rule fires (and its veto does
not) on what the head reads, the title + lead (``mode="lead"``), and with
``mode="lead+body"`` a second block for the whole text.

The cues go into the head fitted on gold rows only, never into the head fitted on weakly
labelled rows: on those rows the cues are the labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from newsclf.article import Article

__all__ = ["RULES", "CUE_MODES", "rule_fires", "cue_names", "cue_vector", "cue_matrix", "with_cues"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# keyword rules per label: (pattern that votes for the label, optional veto pattern)
_JIHADI = r"(?:Islamic State|ISIS|ISIL|Daesh|al-Qaeda|al Qaeda|al-Shabaab|Boko Haram|Taliban)"
_SOFT_TARGET = (r"(?:market\w*|mosques?|church\w*|schools?|festival|wedding|funeral|buses|bus\b|caf[eé]s?|hospitals?|"
                r"shrines?|pilgrims|worshippers|crowds?|restaurants?|hotels?|concert|shopping|villagers|village)")
RULES: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    "airstrike_shelling": (_rx(
        r"\b(air ?strikes?|air raids?|airstrikes?|drone (?:strike|attack)s?|bombard\w*|shell(?:ing|ed|s)\b|"
        r"artillery|rockets?\b|missiles?\b|mortars?\b|warplanes?|fighter jets?|barrel bombs?|strikes? on)"),
        _rx(r"\b(missile (?:test|launch(?:es)?) (?:program)|nuclear)\b")),
    # a jihadist group's name alone (targeted by airstrikes, a member arrested) is no terrorist attack
    "terrorism": (_rx(
        r"\b(suicide (?:bomb\w*|attack\w*)|car bomb\w*|truck bomb|roadside bomb|IEDs?\b|bomb(?:ing|ings|s)?\b|"
        r"explosions?\b|blasts?\b|terror\w*|gunmen storm\w*|"
        + _JIHADI + r"\b.{0,60}\b(?:attack\w*|claim\w*|behead\w*|massacre\w*|storm\w*|gunmen|kill(?:s|ed|ing) \d+)|"
        r"(?:attack|claim)\w* .{0,40}\b" + _JIHADI + r")"),
        _rx(r"\b(nuclear bomb|bomb threat hoax|atomic bomb\w*)\b")),
    # clashes between protesters and police are a protest, not an armed clash
    "armed_clash": (_rx(
        r"\b(clash(?:es|ed)?|fighting|battles?\b|offensive|fighters|rebels?|insurgents?|militants? attack|"
        r"militias?|captur(?:e|ed|es) (?:the )?(?:town|city|village|base)|recaptur\w*|ambush\w*|gunfight|firefight|"
        r"troops (?:killed|advance)|seiz(?:e|ed|es) control|captur\w* (?:\w+ ){0,3}(?:villages|towns|cities|territory|areas?|positions?)|"
        r"militants? (?:die|killed|are killed)|(?:soldiers|troops|servicem[ae]n) .{0,30}\b(?:killed|dead|die)|front ?lines?|sniper|shootout|"
        r"attack\w* (?:on )?(?:a |an |the )?(?:\w+ )?(?:convoy|army|military|checkpoint|base|outposts?|patrol|soldiers))"),
        _rx(r"\b(fighting (?:corruption|crime|fires?|disease)|clash\w* (?:between|with) (?:\w+ )?(?:protesters|protestors|"
            r"demonstrators|police|supporters|students|fans)|(?:protesters|protestors|demonstrators|supporters) clash)")),
    "security_operation": (_rx(
        r"\b(arrest\w*|detain\w*|detention|raid(?:s|ed)?\b|manhunt|counter-?terror\w*|security operation|"
        r"crackdown|apprehend\w*|custody|deport\w*|charged with|suspects?\b|bail\b|charges? (?:\w+ )?(?:people|men|suspects)|"
        r"captur(?:e|es|ed) (?:a |the )?(?:\w+ )?(?:leader|commander|suspect|man|hitman|militants?|gunm[ae]n)|"
        r"(?:killed|kills|kill) (?:a |the )?(?:senior |top )?(?:leader|commander))"), None),
    "violence_against_civilians": (_rx(
        r"\b(civilians? (?:killed|were killed|are killed|dead|died)|kill(?:s|ed|ing)? (?:\d+ |several |dozens of )?civilians|"
        r"massacre\w*|abduct\w*|kidnap\w*|shot dead|gunned down|gunm[ae]n|lynch\w*|behead\w*|assassinat(?:ed|es)\b|"
        r"tortur\w*|hostages?\b|opens? fire|fire[sd]? on (?:[\w-]+ )?(?:protesters|protestors|demonstrators|civilians|crowds?)|"
        r"stabb\w*|stone-?throwing|throwing stones|mass grave|shoot(?:s|ing)? (?:at )?(?:protesters|civilians)|"
        r"(?:bomb\w*|blast|explosion|attack\w*|suicide bomber) .{0,60}\b" + _SOFT_TARGET + r"\b|"
        r"(?:journalists?|children|students|villagers|pilgrims|worshippers|passengers|aid workers) .{0,30}\b(?:killed|kidnapped|abducted|shot))"),
        # a court's execution of convicts is a judicial act, not an attack on civilians
        _rx(r"\b(judiciary executes|executions? of (?:\w+ )?(?:convicts|prisoners)|hanged)\b")),
    "settler_violence": (_rx(
        r"\bsettlers?\b.{0,80}\b(attack\w*|torch\w*|set fire|arson|rampage\w*|stone\w*|assault\w*|vandali\w*|"
        r"beat\w*|injur\w*|kill\w*|harass\w*|raid\w*|uproot\w*)|\b(attack\w*|violence|torch\w*|rampage)\b.{0,40}\bsettlers?\b"),
        None),
    # a refugee camp is a place, a fleeing suspect no displacement
    "displacement": (_rx(
        r"\b(displac\w*|flee\b|fleeing\b|fled\b|evacuat\w*|refugees?\b(?! camps?)|demoli\w*|expel\w* (?:\w+ ){0,3}(?:residents|families|villagers|people|civilians|Palestinians|minorit\w*)|forced (?:out|from|to leave)|"
        r"uproot\w*|(?:left|made|leaving) (?:\w+ )?homeless|exodus|leave their homes|evict\w*|asylum|"
        r"disengagement)"),
        _rx(r"\b(evacuat\w* (?:an? |the )?(?:unwell|injured|sick|wounded)|(?:suspect|gunman|driver|attacker) (?:fled|flees))\b")),
    # non-violent political conflict: not every election, vote or appointment
    "political_dispute": (_rx(
        r"\b(resign\w*|impeach\w*|no-confidence|opposition\b|accuses|sanctions?\b|boycott\w*|dispute\w*|"
        r"criticis\w*|criticiz\w*|condemn\w*|denounc\w*|rebuke\w*|calls? (?:for|on)\b|row\b|feud|tensions?\b|rift|"
        r"leaked|scandal|coup|threaten\w*|reject\w*|vetoe?[sd]?\b|lawsuit|sues?\b|sued\b|defect(?:s|ed|ion)\b|"
        r"summon\w*|expel\w* (?:\w+ )?diplomats?|recall\w* (?:its |their )?ambassador|espionage|"
        r"(?:contested|disputed|rigged) (?:election|vote|result)|(?:election|vote)[- ]rigging|electoral fraud|"
        r"refus\w*|petition|independence|insult\w*|annex\w*|unity government|form (?:a |the )?(?:new )?government|"
        r"(?:new|settler|Jewish) homes|"
        r"government crisis|political crisis|dissolv\w* (?:the )?(?:parliament|government|cabinet))"), None),
    "protest": (_rx(
        r"\b(protest\w*|demonstrat(?:ion|ions|ors|ed|e)\b|rall(?:y|ies)\b|riots?\b|rioters|marche(?:s|d)\b|sit-ins?|"
        r"general strike|strikers|teargas|tear gas)"), None),
    "diplomacy_ceasefire": (_rx(
        r"\b(ceasefire|cease-fire|truce|peace (?:talks|deal|process|agreement|plan|conference)|negotiat\w*|"
        r"agreement|accord\b|summit|mediat\w*|prisoner (?:swap|exchange)|talks\b|diplomatic (?:talks|efforts?|solution|initiative)|"
        r"normali[sz]\w*|envoy|treaty|meeting|met with|agree(?:s|d)? (?:to|with|on)\b|deal\b|observer mission|"
        r"releas\w* (?:\d+ |\w+ )?(?:prisoners|hostages|detainees))"), None),
    "humanitarian_crisis": (_rx(
        r"\b(humanitarian|aid (?:convoy|delivery|trucks?|workers?|agencies|to|for)|foreign aid|famine|starv\w*|cholera|epidemic|"
        r"outbreak|ebola|polio|measles|marburg|blockade|shortages?|malnutrition|food insecurity|UNHCR|WFP|OCHA|UNRWA|"
        r"relief|Red Crescent|refugees?\b(?! camps?)|camps? for (?:the )?displaced|"
        r"killed (?:during the (?:previous|past|last))|crimes against humanity|rebuild\w*|reconstruction|"
        r"destroy\w* (?:\w+ )?(?:homes|houses|hospitals?|infrastructure|schools)|hospitals? (?:\w+ )?(?:hit|struck|declare|overwhelmed)|"
        r"without (?:drinking )?(?:water|electricity|food|power)|overcrowded|war-torn|smugglers|human traffickers)"), None),
}


#: the cue sets a model can read: the rules on the title + lead, or on the lead and on the whole text
CUE_MODES: tuple[str, ...] = ("lead", "lead+body")


def _lowercase(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` (compiled with ``re.I``) for lowercased text: ~3x faster than ``re.I`` matching in ``re``."""
    if re.search(r"\\[WDSBAZ]|\[[^\]]*[A-Z]-", rx.pattern):
        raise ValueError(f"pattern cannot be lowercased safely: {rx.pattern[:60]!r}")
    return re.compile(rx.pattern.lower())


def _prefixes(items: Any, heads: set[str]) -> tuple[set[str], bool]:
    """Literal strings one of which starts every match of a parsed pattern sequence (given the
    prefixes ``heads`` before it), and whether the sequence was literal to its end."""
    from re import _constants as K  # type: ignore[attr-defined]

    for op, av in items:
        if op is K.AT:  # \b: zero-width
            continue
        if op is K.LITERAL:
            heads = {h + chr(av) for h in heads}
        elif op is K.IN and len(av) <= 4 and all(o is K.LITERAL for o, _ in av):  # [eé]
            heads = {h + chr(c) for h in heads for _, c in av}
        elif op is K.SUBPATTERN or op is K.BRANCH:
            branches = [av[3]] if op is K.SUBPATTERN else av[1]
            outs = [_prefixes(getattr(b, "data", b), {""}) for b in branches]
            heads = {h + t for h in heads for sub, _ in outs for t in sub}
            if not all(done for _, done in outs):
                return heads, False
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT) and av[0] >= 1:  # x+, x{2,}: x starts the match
            sub, _ = _prefixes(getattr(av[2], "data", av[2]), {""})
            return {h + t for h in heads for t in sub}, False
        else:
            return heads, False
    return heads, True


def _gate(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Substrings one of which a text must contain for ``rx`` to match it (None: no such set).

    A necessary condition read off the pattern (every alternative's literal start), so checking
    it first never changes a decision; it skips the regex on most texts.
    """
    from re import _parser  # type: ignore[attr-defined]

    heads, _ = _prefixes(_parser.parse(rx.pattern).data, {""})
    if not heads or "" in heads:
        return None
    return tuple(sorted(h for h in heads if not any(o != h and h.startswith(o) for o in heads)))


#: the rules compiled for lowercased text, each with its substring gate (what :func:`rule_fires` runs)
_LOWER: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, tuple[str, ...] | None], ...] = tuple(
    (lo, None if veto is None else _lowercase(veto), _gate(lo))
    for lo, veto in ((_lowercase(rx), veto) for rx, veto in RULES.values()))

#: length of the gate prefixes :func:`rule_fires` looks up among a text's word starts
_START_LEN = 3
#: ``_WORD_PREFIXES(low)``: the first ``_START_LEN`` characters of each word (maximal run of word
#: characters) of at least that length: ``low[p:p + _START_LEN]`` at each position ``p`` where a
#: word starts (a ``\b`` followed by a word character) and the window holds word characters only
_WORD_PREFIXES = re.compile(r"(\w{%d})\w*" % _START_LEN).findall


def _start_index(rx: re.Pattern[str], gate: tuple[str, ...] | None
                 ) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]] | None:
    """``gate`` split for :func:`rule_fires`, when a match of ``rx`` can only start where a word
    starts (``rx`` begins with ``\b``, every literal is at least ``_START_LEN`` long and begins with
    a word character): the literals whose first ``_START_LEN`` characters are word characters,
    grouped by those characters, and the others. A literal of the first kind found in a text at a
    match of ``rx`` starts a word of at least ``_START_LEN`` characters, so its prefix is among the
    text's :data:`_WORD_PREFIXES`. ``None`` when that does not hold (:func:`rule_fires` then tests
    the whole gate)."""
    if gate is None:
        return None
    try:  # CPython's own regex parser (private: without it, the whole gate is tested)
        from re import _constants as K  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        items = _parser.parse(rx.pattern).data
    except (ImportError, AttributeError):
        return None
    if not items or items[0] != (K.AT, K.AT_BOUNDARY) or rx.flags & re.ASCII:
        return None
    word = re.compile(r"\w").fullmatch
    if any(len(g) < _START_LEN or not word(g[0]) for g in gate):
        return None
    words = re.compile(r"\w{%d}" % _START_LEN).fullmatch
    index: dict[str, list[str]] = {}
    others: list[str] = []
    for g in gate:
        if words(g[:_START_LEN]):
            index.setdefault(g[:_START_LEN], []).append(g)
        else:
            others.append(g)  # "al-qaeda", "no-confidence": looked for as they are
    return {k: tuple(v) for k, v in index.items()}, tuple(others)


#: per rule of :data:`_LOWER`: its gate split by literal prefix (see :func:`_start_index`)
_START_INDEX: tuple[tuple[dict[str, tuple[str, ...]], tuple[str, ...]] | None, ...] = tuple(
    _start_index(rx, gate) for rx, _, gate in _LOWER)


def rule_fires(text: str) -> np.ndarray:
    """One 0/1 value per rule (``RULES`` order): the pattern matches ``text`` and its veto does not.

    The same decisions as ``rx.search(text) and not veto.search(text)`` with the ``re.I`` rules
    (checked on the gold texts in tests/test_conflict_cues.py), run on ``text.lower()`` and only
    when the text contains one of the literal starts of the rule's alternatives (looked for only
    among those whose first characters begin a word of the text, see :func:`_start_index`). A text that
    lowercasing would not keep aligned with ``re.I`` runs the ``re.I`` rules themselves: "İ"
    lowercases to two characters (a ``.{0,60}`` window would shift), and ``re.I`` also matches
    "ı" to "i" and "ſ" to "s", which ``str.lower`` leaves as they are.
    """
    low = text.lower()
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        return np.array([bool(rx.search(text)) and not (veto is not None and veto.search(text))
                         for rx, veto in RULES.values()], np.float32)
    out = np.zeros(len(_LOWER), np.float32)
    starts = set(_WORD_PREFIXES(low))
    for j, (rx, veto, gate) in enumerate(_LOWER):
        split = _START_INDEX[j]
        if split is not None:
            # only the literals whose prefix begins a word of the text can be in it at a match
            index, others = split
            if not any(g in low for p in starts.intersection(index) for g in index[p]) \
                    and not any(g in low for g in others):
                continue
        elif gate is not None and not any(g in low for g in gate):
            continue
        if rx.search(low) and not (veto is not None and veto.search(low)):
            out[j] = 1.0
    return out


def _check_mode(mode: str) -> None:
    if mode not in CUE_MODES:
        raise ValueError(f"cue mode must be one of {CUE_MODES}, got {mode!r}")


def cue_names(mode: str = "lead") -> list[str]:
    """Column names of the cue features of ``mode`` (``cue:lead:<label>``, ``cue:body:<label>``)."""
    _check_mode(mode)
    parts = ["lead"] + (["body"] if mode == "lead+body" else [])
    return [f"cue:{p}:{label}" for p in parts for label in RULES]


def cue_vector(article: "Article", lead_chars: int | None, mode: str = "lead", scale: float = 1.0) -> np.ndarray:
    """The cue features of one article: ``scale`` x the rules fired on ``lead_text(article, lead_chars)``
    (what the conflict-types head reads) and, with ``mode="lead+body"``, on the whole text."""
    return cue_matrix([article], lead_chars, mode, scale)[0]


def cue_matrix(articles: Sequence["Article"], lead_chars: int | None, mode: str = "lead",
               scale: float = 1.0) -> np.ndarray:
    """:func:`cue_vector` of each article, shape (n_articles, len(cue_names(mode))), float32."""
    from newsclf.model import lead_text

    _check_mode(mode)
    k = len(RULES)
    body = mode == "lead+body"
    out = np.zeros((len(articles), 2 * k if body else k), np.float32)
    for i, art in enumerate(articles):
        lead = lead_text(art, lead_chars)
        out[i, :k] = rule_fires(lead)
        if body:
            text = art.text
            out[i, k:] = out[i, :k] if text == lead else rule_fires(text)
    if scale != 1.0:
        out *= np.float32(scale)
    return out


def with_cues(X, articles: Sequence["Article"], lead_chars: int | None, cue: Mapping[str, Any]) -> sp.csr_matrix:
    """``[X, cue features]``: the rows of a head that reads rule cues, ``cue`` being its entry of a
    model's ``config["cues"]`` (``{"mode": ..., "scale": ...}``; scale 1 when absent)."""
    E = cue_matrix(articles, lead_chars, cue["mode"], float(cue.get("scale", 1.0)))
    return sp.hstack([X, sp.csr_matrix(E)], format="csr")
