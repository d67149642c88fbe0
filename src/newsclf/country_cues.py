"""Cues that tell a country acting in the news from a country where the news happens.

TAXONOMY.md section 1: a country that is only an actor ("US forces struck targets in
Syria", "France claims that...") is not a location; a place named inside a person's
name ("John R. Bolton", "Hani Al-Mulki") is no place at all. These cues are counted per
country candidate from the context of each gazetteer mention and become extra columns
of the countries head (feature set 2, see :mod:`newsclf.features`).

Measured on gold ``dev`` with a ranker fitted on gold ``train`` (out-of-fold
calibration): primary-country accuracy 0.815 -> 0.833, countries micro-F1 0.837 -> 0.857
(``python training/eval_country_features.py``).
"""

from __future__ import annotations

import re

__all__ = ["CUE_FEATURES", "mention_cues"]

#: extra candidate columns, in order (log1p counts except ``only_city`` and ``no_place``, 0/1 flags per
#: country: named only by cities; never named as a place, by a capital or city or after "in", "near"...)
CUE_FEATURES: tuple[str, ...] = (
    "actor_verb", "role_gov", "role_mil", "sent_subject", "in_name", "only_city", "title_actor", "role_local",
    "no_place",
)

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
#: "France claims", "Iran's government has": a country, capital, demonym or group followed by a verb
_ACTOR_VERB = re.compile(_POSS + r"(?:\w+\s+)?" + _VERBS + r"\b", re.I)
#: "U.S. Secretary of State", "Russian Foreign Minister": a government role
_ROLE_GOV = re.compile(
    _POSS + r"(?:[A-Z][\w.-]*\s+){0,2}?(?:president|prime minister|premier|minister|foreign|secretary|government|"
    r"officials?|embassy|ambassador|diplomats?|envoy|leaders?|king|emir|crown prince|chancellor|spokes\w+|"
    r"delegation|state department|parliament|authorities)\b", re.I)
#: "Turkish armed forces", "US troops": a military acting, often abroad
_ROLE_MIL = re.compile(
    _POSS + r"(?:[A-Z][\w.-]*\s+){0,2}?(?:forces|troops|army|military|navy|air force|warplanes|jets|soldiers|"
    r"special forces|drones?|coalition|marines)\b", re.I)
#: "Thai policemen", "a Saudi court": institutions that act at home
_ROLE_LOCAL = re.compile(_POSS + r"(?:police\w*|security forces|courts?|prosecutors?|judges?)\b", re.I)
#: a capitalised word or an initial right before the mention: part of a person's or an organisation's name
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][a-z]+|\b[A-Z]\.)[- ](?:[Aa][lr]-)?$")
#: the mention opens a sentence (its grammatical subject, most often)
_SENT_START = re.compile(r"(?:^|(?<!\b[A-Z])[.!?:]\s+|\n)\s*(?:[Tt]he\s+)?$")  # "R. Bolton": no sentence end

_ACTOR_KINDS = frozenset({"country", "capital", "demonym", "org"})
_NATION_KINDS = frozenset({"country", "demonym"})
_PLACE_KINDS = frozenset({"city", "admin1"})


def mention_cues(kind: str, before: str, after: str, in_title: bool) -> tuple[int, ...]:
    """0/1 cues of one mention, in :data:`CUE_FEATURES` order without ``only_city``.

    ``before`` is up to 30 characters of text before the mention, ``after`` up to 60
    characters after it.
    """
    actor = kind in _ACTOR_KINDS and _ACTOR_VERB.match(after) is not None
    nation = kind in _NATION_KINDS
    sent_start = _SENT_START.search(before) is not None
    return (
        int(actor),
        int(nation and _ROLE_GOV.match(after) is not None),
        int(nation and _ROLE_MIL.match(after) is not None),
        int(sent_start),
        int(kind in _PLACE_KINDS and not sent_start and _NAME_BEFORE.search(before) is not None),
        int(in_title and actor and kind != "org"),
        int(nation and _ROLE_LOCAL.match(after) is not None),
    )
