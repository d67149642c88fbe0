"""Cues that tell a country acting in the news from a country where the news happens.

TAXONOMY.md section 1: a country that is only an actor ("US forces struck targets in
Syria", "France claims that...") is not a location; a place named inside a person's
name ("John R. Bolton", "Hani Al-Mulki") is no place at all. These cues are counted per
country candidate from the context of each gazetteer mention and become extra columns
of the countries head (feature set 2, see :mod:`newsclf.features`).

Measured on gold ``dev`` with a ranker fitted on gold ``train`` (out-of-fold
calibration): primary-country accuracy 0.815 -> 0.833, countries micro-F1 0.837 -> 0.857
(``python training/eval_country_features.py``). ``name_part`` (a city spelling that is part of a
person's or an organisation's name somewhere in the article: "John R. Bolton", "Mahan Air"),
``person_nat`` ("Saudi businessman") and ``of_title`` ("President of Cuba") came later: with the
extended gazetteer, dev 0.842 / 0.862 without the three, 0.845 / 0.865 with them (gold train, 4-fold
out-of-fold: 0.827 / 0.856 -> 0.831 / 0.857).
"""

from __future__ import annotations

import re

from newsclf.gazetteer import _trie_of

__all__ = ["CUE_FEATURES", "fired_cues", "mention_cues", "name_context"]

#: extra candidate columns, in order (log1p counts except ``only_city`` and ``no_place``, 0/1 flags per
#: country: named only by cities; never named as a place, by a capital or city or after "in", "near"...;
#: and ``name_part``, the share of the country's mentions that are a city spelling found inside a name)
CUE_FEATURES: tuple[str, ...] = (
    "actor_verb", "role_gov", "role_mil", "sent_subject", "in_name", "only_city", "title_actor", "role_local",
    "no_place", "name_part", "person_nat", "of_title",
)

_VERB_WORDS = (
    r"says|said|say|claims?|claimed|confirms?|confirmed|announces?|announced|accuses?|accused|warns?|warned|"
    r"calls?|called|urges?|urged|condemns?|condemned|denies|denied|rejects?|rejected|signs?|signed|agrees?|agreed|"
    r"closes?|closed|orders?|ordered|expels?|expelled|recalls?|recalled|threatens?|threatened|demands?|demanded|"
    r"imposes?|imposed|offers?|offered|pledges?|pledged|sends?|sent|asks?|asked|welcomes?|welcomed|"
    r"critici[sz]es?|critici[sz]ed|summons|summoned|vows?|vowed|refuses?|refused|tells?|told|reports?|reported|"
    r"insists?|insisted|blames?|blamed|plans?|planned|approves?|approved|votes?|voted|launch(?:es|ed)?|"
    r"strikes?|struck|bombs?|bombed|deploys?|deployed|withdraws?|withdrew|supports?|supported|backs?|backed|"
    r"invites?|invited|hosts?|hosted|will|would|has|have|had|is|was|are|were"
)
# the alternations below are written as words and compiled as character tries
# (gazetteer._trie_of: the same strings, matched in fewer steps; only whether a cue
# matches is read, never its span; tests/test_speed_equivalence.py checks old and new agree)
_VERBS = _trie_of(_VERB_WORDS)
_POSS = r"^(?:'s|’s)?\s+"
#: "France claims", "Iran's government has": a country, capital, demonym or group followed by a verb
_ACTOR_VERB = re.compile(_POSS + r"(?:\w+\s+)?" + _VERBS + r"\b", re.I)
#: "U.S. Secretary of State", "Russian Foreign Minister": a government role
_ROLE_GOV = re.compile(
    _POSS + r"(?:[A-Z][\w.-]*\s+){0,2}?" + _trie_of(
        r"president|prime minister|premier|minister|foreign|secretary|government|"
        r"officials?|embassy|ambassador|diplomats?|envoy|leaders?|king|emir|crown prince|chancellor|spokes\w+|"
        r"delegation|state department|parliament|authorities") + r"\b", re.I)
#: "Turkish armed forces", "US troops": a military acting, often abroad
_ROLE_MIL = re.compile(
    _POSS + r"(?:[A-Z][\w.-]*\s+){0,2}?" + _trie_of(
        r"forces|troops|army|military|navy|air force|warplanes|jets|soldiers|"
        r"special forces|drones?|coalition|marines") + r"\b", re.I)
#: "Thai policemen", "a Saudi court": institutions that act at home
_ROLE_LOCAL = re.compile(_POSS + r"(?:police\w*|security forces|courts?|prosecutors?|judges?)\b", re.I)
#: a capitalised word or an initial right before the mention: part of a person's or an organisation's name
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][a-z]+|\b[A-Z]\.)[- ](?:[Aa][lr]-)?$")
# ``_NAME_BEFORE.search(before)`` as one anchored match of the reversed pattern on ``before[::-1]``
# (the "$" may stand before a final newline; tests/test_speed_equivalence_s4.py checks both agree)
_NAME_BEFORE_REV = re.compile(r"\n?(?:-[rl][Aa])?[- ](?:[a-z]+[A-Z]|\.[A-Z])\b")
#: the mention opens a sentence (its grammatical subject, most often)
_SENT_START = re.compile(r"(?:^|(?<!\b[A-Z])[.!?:]\s+|\n)\s*(?:[Tt]he\s+)?$")  # "R. Bolton": no sentence end
# ``_SENT_START.search(before)`` as one anchored match of the reversed pattern on ``before[::-1]``
# (a "$" before a final newline adds no match: a \s* or \s+ stands before the "$" and takes it)
_SENT_START_REV = re.compile(r"(?:\s+eh[Tt])?\s*(?:\n|\s+[.!?:](?![A-Z]\b)|\Z)")

#: "Saudi businessman", "British socialite Ghislaine Maxwell", "a Turkish national": a person's
#: nationality, not where the events happen
_PERSON_NOUN = re.compile(
    r"^\s+(?:[a-z-]+\s+){0,2}?" + _trie_of(
    r"businessm[ae]n|businesswom[ae]n|socialite|journalists?|reporters?|photographers?|"
    r"citizens?|nationals?|spy|spies|tourists?|students?|workers?|activists?|bloggers?|writers?|authors?|"
    r"actors?|actress(?:es)?|singers?|musicians?|artists?|poets?|novelists?|athletes?|players?|footballers?|"
    r"cricketers?|boxers?|cyclists?|swimmers?|skiers?|runners?|climbers?|sailors?|pilots?|captain|"
    r"aid workers?|engineers?|doctors?|nurses?|scientists?|researchers?|academics?|professors?|"
    r"filmmakers?|director|dissidents?|pilgrims?|migrants?|refugees?|asylum seekers?|passport|"
    r"billionaire|tycoon|magnate|entrepreneur|investor|model|hostages?|captives?|prisoners?|detainees?|"
    r"man|woman|men|women|boy|girl|teenager|child|children|family|families|couple|"
    r"cleric|preacher|rabbi|priest|lawyer|blogger|comedian|rapper|star") + r"\b")
#: "President of Cuba", "the Emir of Qatar", "Rafael Nadal of Spain", "Islamic State of Iraq": a place
#: named in a title, a person's or an organisation's name after "of"/"for" (not "the Battle of Mosul",
#: "the Gulf of Aden", "the city of Homs": those name places)
_OF_TITLE = re.compile(
    r"(?:\b(?:president|prime minister|premier|minister|king|queen|emir|sultan|crown prince|leaders?|ruler|"
    r"dictator|ambassadors?|embassy|consulate|envoy|government|ministry|people|citizens?|nationals?|"
    r"foreign minister|secretary|chancellor|parliament|army|navy|forces|team)|"
    r"\b(?!(?:Battle|Siege|Province|City|Region|Governorate|Gulf|Strait|Sea|Bay|Republic|Kingdom|State|"
    r"District|Town|Village|Capital|Islands?|Coast|North|South|East|West|Northern|Southern|Eastern|Western|"
    r"Central|Part|Parts|Rest|Outskirts|Streets|Center|Centre|Heart|Bombing|Invasion|Occupation|Liberation|"
    r"Fall|Sack|Capture|Partition|Mayor|Governor|Governors|Mayors|The|In|Of)\b)[A-Z][\w'’.-]*)"
    r" (?:of|for) (?:the )?$")
_ACTOR_KINDS = frozenset({"country", "capital", "demonym", "org"})
_NATION_KINDS = frozenset({"country", "demonym"})
_PLACE_KINDS = frozenset({"city", "admin1"})


_OF_TITLE_ENDS = (" of ", " for ", " of the ", " for the ")


def _sent_start(before: str) -> bool:
    """``_SENT_START.search(before) is not None``, faster: a match ends in ``\\s*(?:[Tt]he\\s+)?``
    after the string's start, a sentence end followed by space or a newline, so ``before``
    without its trailing space is empty, ends in ``.!?:`` or "the", or a newline was stripped;
    only then is the regex run (tests/test_country_cues.py checks both agree)."""
    b = before.rstrip()
    if b and b[-1] not in ".!?:" and b[-3:] not in ("the", "The") and "\n" not in before[len(b):]:
        return False
    return _SENT_START_REV.match(before[::-1]) is not None


def mention_cues(kind: str, before: str, after: str, in_title: bool) -> tuple[int, ...]:
    """0/1 cues of one mention, in :data:`CUE_FEATURES` order without the per-country columns
    ``only_city``, ``no_place`` and ``name_part``.

    ``before`` is up to 30 characters of text before the mention, ``after`` up to 60
    characters after it.
    """
    fired = fired_cues(kind, before, after, in_title)
    return tuple(int(j in fired) for j in range(_N_MENTION_CUES))


_N_MENTION_CUES = 9


def fired_cues(kind: str, before: str, after: str, in_title: bool) -> list[int]:
    """The positions, in :func:`mention_cues` order (ascending), of the cues of one mention that fire
    (what the candidate features add up, without building the 0/1 tuple)."""
    out = []
    # the actor and role patterns start with ``(?:'s|’s)?\\s+`` (ignoring case): ``after`` must
    # open with a space or an apostrophe
    spaced = after[:1].isspace() or after[:1] in "'’"
    actor = spaced and kind in _ACTOR_KINDS and _ACTOR_VERB.match(after) is not None
    nation = spaced and kind in _NATION_KINDS
    if actor:
        out.append(0)
    if nation:
        if _ROLE_GOV.match(after) is not None:
            out.append(1)
        if _ROLE_MIL.match(after) is not None:
            out.append(2)
    if _sent_start(before):
        out.append(3)
    elif kind in _PLACE_KINDS and _NAME_BEFORE_REV.match(before[::-1]) is not None:
        out.append(4)
    if in_title and actor and kind != "org":
        out.append(5)
    if nation and _ROLE_LOCAL.match(after) is not None:
        out.append(6)
    if kind == "demonym":
        if _PERSON_NOUN.match(after) is not None:
            out.append(7)
    elif kind != "org" and before.endswith(_OF_TITLE_ENDS) and _OF_TITLE.search(before) is not None:
        out.append(8)
    return out


#: a capitalised word right after a city name that makes it part of a person's or an organisation's
#: name ("Usman Khan", "Mahan Air", "Oxford University"); place nouns ("Kandahar Province") do not
_NAME_AFTER = re.compile(
    r"^(?:[- ](?:[Aa][lr]-)?[A-Z][a-z]+|\s+(?:[A-Z]\.\s)?[A-Z][a-z]+)(?<!Province)(?<!Governorate)(?<!District)"
    r"(?<!Region)(?<!County)(?<!City)(?<!Airport)(?<!Valley)(?<!Camp)(?<!Prison)(?<!Hospital)(?<!Airbase)(?<!Base)"
    r"(?<!Street)(?<!Square)(?<!State)(?<!Oblast)(?<!Division)(?<!Municipality)(?<!International)(?<!Mosque)"
    r"(?<!Bridge)(?<!Island)(?<!Islands)(?<!Strip)(?<!Crossing)(?<!Border)(?<!Port)(?<!Harbour)(?<!Harbor)"
    r"(?<!Sunday)(?<!Monday)(?<!Tuesday)(?<!Wednesday)(?<!Thursday)(?<!Friday)(?<!Saturday)\b")
#: "University of Cambridge", "College of Wooster": an organisation named after the place
_ORG_OF = re.compile(r"\b(?:University|College|Institute|School|Bank|Club|Archbishop|Bishop|Duke|Earl) of $")


def name_context(before: str, after: str) -> bool:
    """Is a city mention part of a person's or an organisation's name? ``before``: up to 30
    characters of text before it, ``after``: up to 30 after it."""
    if before.endswith(" of ") and _ORG_OF.search(before):
        return True
    if _NAME_AFTER.match(after):
        return True
    return _NAME_BEFORE_REV.match(before[::-1]) is not None and not _sent_start(before)
