"""Source typing for attributed claims (TAXONOMY.md section 3).

Two layers:

* :func:`certain_type` -- rules that win where they are certain: a news agency found
  by the agency lexicon gives ``news_agency`` (with the canonical agency name), and
  anonymity cues ("sources", "a security source", "officials" unnamed by role,
  "who asked not to be named") give ``anonymous`` (anonymity wins over official);
* :class:`SourceTyper` -- a linear model (TF-IDF word and char n-grams over the source
  span, word n-grams over its context window, logistic regression) for the rest.

:func:`keyword_type` is a high-precision keyword lexicon used as weak supervision when
building training data and as the fallback when no model is loaded.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "SOURCE_TYPES",
    "RuleType",
    "SourceTyper",
    "build_pipeline",
    "certain_type",
    "find_agency",
    "is_anonymous_span",
    "keyword_type",
    "role_of",
    "role_type",
]

logger = logging.getLogger(__name__)

SOURCE_TYPES: tuple[str, ...] = (
    "news_agency", "official", "anonymous", "monitor_ngo", "media", "witness", "social_media",
)


class RuleType(NamedTuple):
    """A rule decision: source type, confidence, canonical agency, anonymity."""

    source_type: str
    score: float
    agency: str | None
    anonymous: bool


# ------------------------------------------------------------------ agency lexicon
# Fallback used only when ``newsclf.agencies`` is not available.
_FALLBACK_AGENCIES: dict[str, str] = {
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "france-presse": "AFP", "reuters": "Reuters", "thomson reuters": "Reuters",
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "wafa": "WAFA", "sana": "SANA", "syrian arab news agency": "SANA", "irna": "IRNA",
    "islamic republic news agency": "IRNA", "anadolu": "Anadolu", "anadolu agency": "Anadolu",
    "xinhua": "Xinhua", "dpa": "dpa", "deutsche presse-agentur": "dpa", "kuna": "KUNA",
    "qna": "QNA", "mena": "MENA", "middle east news agency": "MENA", "spa": "SPA",
    "saudi press agency": "SPA", "wam": "WAM", "tass": "TASS", "itar-tass": "TASS",
    "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo", "yonhap": "Yonhap", "interfax": "Interfax",
    "isna": "ISNA", "iranian students news agency": "ISNA", "fars": "Fars",
    "fars news agency": "Fars", "tasnim": "Tasnim", "mehr": "Mehr", "amaq": "Amaq",
    "ria novosti": "RIA Novosti", "upi": "UPI", "pap": "PAP", "petra": "Petra", "ina": "INA",
    "nna": "NNA", "national news agency": "NNA", "bna": "BNA", "ona": "ONA",
}
_FALLBACK_RE = re.compile(
    r"(?<![\w-])(" + "|".join(sorted((re.escape(k) for k in _FALLBACK_AGENCIES), key=len,
                                     reverse=True)) + r")(?![\w-])",
    re.I,
)
# Short all-caps names that are ordinary words when not upper-case.
_CASE_SENSITIVE = {"ap", "ina", "mehr", "fars", "wam", "spa", "ona", "pap", "efe", "ansa",
                   "petra", "mena", "bna", "nna", "upi", "sana", "wafa", "kuna", "qna"}


_AGENCIES_MOD: list[Any] = []


def _agencies_module() -> Any:
    """``newsclf.agencies`` if importable (looked up once per process), else None."""
    if not _AGENCIES_MOD:
        try:  # lazy: another module owns the full lexicon
            from newsclf import agencies as mod  # type: ignore[attr-defined]
            if not hasattr(mod, "find_agencies"):
                mod = None
        except Exception:  # pragma: no cover - depends on the repo state
            logger.info("newsclf.agencies not available; using the built-in agency list")
            mod = None
        _AGENCIES_MOD.append(mod)
    return _AGENCIES_MOD[0]


def find_agency(span: str) -> str | None:
    """Canonical name of the first news agency named in ``span``, or ``None``.

    Uses ``newsclf.agencies.find_agencies`` when that module is importable, else a
    small built-in lexicon.
    """
    _ag = _agencies_module()
    if _ag is not None:
        try:
            found = _ag.find_agencies(span)
        except Exception:  # pragma: no cover
            logger.debug("agencies.find_agencies failed on %r", span, exc_info=True)
            found = []
        if found:
            return found[0].canonical
        return None
    for m in _FALLBACK_RE.finditer(span):
        surface = m.group(1)
        key = surface.lower()
        if key in _CASE_SENSITIVE and not (surface.isupper() or surface == "Wafa"
                                           or surface == "Petra" or surface == "Sana"):
            continue
        return _FALLBACK_AGENCIES[key]
    return None


# ------------------------------------------------------------------ anonymity
_ANON_HEADS = {
    "source", "sources", "official", "officials", "diplomat", "diplomats", "insider",
    "insiders", "aide", "aides", "officer", "officers", "person", "people", "someone",
    "analyst", "analysts", "expert", "experts",
}
_ANON_PHRASES = re.compile(
    r"\b(?:anonymous(?:ly)?|unnamed|unidentified|asked not to be (?:named|identified)|"
    r"(?:on|under) (?:the )?condition of anonymity|not authori[sz]ed to (?:speak|talk)|"
    r"declined to be (?:named|identified)|familiar with|sources? close to)\b",
    re.I,
)
# tokens that name a specific person or body, making "X official" non-anonymous
_TITLE_WORDS = {"spokesman", "spokeswoman", "spokesperson", "minister", "president"}


_SPAN_TOKS = re.compile(r"[\w'’.-]+")
_INDEFINITE = re.compile(r"^(?:a|an|one|two|three|several|some|other)\b", re.I)
_AGENCY_WORDS = re.compile(r"\bnews agency\b|\bpress agency\b|\bwire service\b", re.I)


def is_anonymous_span(span: str, context: str = "") -> bool:
    """True when ``span`` (with the text right after it in ``context``) is an unnamed source."""
    if _ANON_PHRASES.search(span):
        return True
    toks = _SPAN_TOKS.findall(span)
    if not toks:
        return False
    head = toks[-1].lower().strip(".")
    if head in _ANON_HEADS:
        # "sources" are always unnamed; role words only when no person name follows
        if head in {"person", "people", "someone", "analyst", "analysts", "expert", "experts",
                    "officer", "officers", "aide", "aides"}:
            return bool(_INDEFINITE.match(span)) \
                and head not in {"expert", "experts", "analyst", "analysts"}
        return True
    if context:
        # (cheap test first: only a role word in the span makes the context matter)
        low = span.lower()
        if any(w in low for w in ("official", "source", "diplomat", "officer", "aide")) \
                and _ANON_PHRASES.search(context[:160]):
            return True
    return False


# ------------------------------------------------------------------ keyword rules
_KW: list[tuple[str, re.Pattern[str]]] = [
    ("social_media", re.compile(
        r"\b(?:telegram|twitter|tweet|facebook|instagram|tiktok|youtube|whatsapp|"
        r"social media|x account|video posted|post(?:ed)? online)\b", re.I)),
    ("monitor_ngo", re.compile(
        r"\b(?:observatory|human rights|amnesty|ocha|unicef|unrwa|unhcr|unesco|icrc|"
        r"red cross|red crescent|b'?tselem|airwars|ngo|charity|watchdog|monitor(?:s|ing)?|"
        r"united nations|u\.?n\.?|world health organi[sz]ation|who|world food programme|wfp|"
        r"msf|m[ée]decins sans fronti[èe]res|doctors without borders|save the children|"
        r"oxfam|iaea|think[- ]tank|institute|rights group|aid group|aid agency|"
        r"international crisis group|sohr|acled|ucdp|white helmets|civil defen[cs]e)\b", re.I)),
    ("media", re.compile(
        r"\b(?:media|newspaper|paper|daily|tv|television|channel|broadcaster|radio|"
        r"magazine|outlet|website|news site|times|post|journal|guardian|telegraph|"
        r"cnn|bbc|al[- ]jazeera|al[- ]arabiya|sky news|fox news|nbc|cbs|abc|pbs|"
        r"haaretz|ynet|asharq al-awsat|al-masdar|al-manar|press tv|rt|report(?:s|er|ers)?|"
        r"journalists?|correspondents?|editor)\b", re.I)),
    ("witness", re.compile(
        r"\b(?:residents?|witness(?:es)?|eyewitness(?:es)?|survivors?|relatives?|"
        r"famil(?:y|ies)|victims?|locals|villagers|neighbou?rs|mother|father|brother|sister|"
        r"son|daughter|doctors?|nurses?|medics?|paramedics?|activists?|passengers?|"
        r"farmers?|student|students|man|woman)\b", re.I)),
    ("official", re.compile(
        r"\b(?:ministry|minister|ministers|government|authorit(?:y|ies)|army|military|"
        r"police|forces|troops|spokes(?:man|woman|person)|president|prime minister|pm|"
        r"king|emir|sheikh|governor|mayor|council|parliament|mps?|lawmakers?|senator|"
        r"party|cabinet|office|department|command|commander|general|coalition|"
        r"white house|pentagon|kremlin|state department|idf|hamas|hezbollah|houthis?|"
        r"taliban|islamic state|isis|isil|al-qaeda|embassy|ambassador|envoy|"
        r"administration|regime|presidency|navy|air force|statement|court|judge|"
        r"prosecutors?|agency|directorate|security|intelligence|health ministry)\b", re.I)),
]


def keyword_type(span: str) -> tuple[str, float] | None:
    """Type from a keyword lexicon over the source span (weak, high precision), or None.

    The first matching group wins, in the order social_media, monitor_ngo, media,
    witness, official.
    """
    for label, rx in _KW:
        if rx.search(span):
            return label, 0.7
    return None


# States speaking through their capital or name ("Washington blamed", "Iraq reports").
_STATES = frozenset("""
washington moscow beijing tehran damascus ankara riyadh cairo baghdad jerusalem paris london
berlin kabul islamabad tokyo seoul pyongyang doha amman beirut kyiv kiev brussels ramallah
sanaa tripoli khartoum abu dhabi new delhi rome madrid ottawa canberra tel aviv
israel iran iraq syria turkey egypt jordan lebanon yemen qatar kuwait bahrain oman
saudi arabia the united states the us the u.s. united states russia china france britain
the uk germany canada india pakistan afghanistan the uae libya sudan algeria morocco tunisia
ukraine japan italy spain australia the european union the eu
""".replace("abu dhabi", "abu_dhabi").replace("new delhi", "new_delhi").replace(
    "tel aviv", "tel_aviv").replace("saudi arabia", "saudi_arabia").replace(
    "the united states", "the_united_states").replace("united states", "united_states").replace(
    "the european union", "the_european_union").replace("the eu", "the_eu").replace(
    "the us", "the_us").replace("the u.s.", "the_u.s.").replace("the uk", "the_uk").replace(
    "the uae", "the_uae").split())
_NAMED_ROLE = re.compile(
    r"\b(?:official|officer|spokes(?:man|woman|person)|minister|commander|envoy|ambassador|"
    r"diplomat|general|lawmaker|MP)\s+(?:[A-Z][\w'’.-]+\s+)+[A-Z][\w'’-]+$")
_UN_WORD = re.compile(r"\b(?:UN|U\.N\.|United Nations|UNICEF|WHO|NGO)\b")
_FIGURES = re.compile(r"\b(?:figures|data|statistics|count|tally|toll|records|reports?)\s*$", re.I)
_OFFICIAL_WORD = re.compile(
    r"\b(?:official|government|ministry|authorit(?:y|ies)|army|military|police)\b", re.I)


# Monitors, UN bodies and NGOs named as such (TAXONOMY.md section 3: "monitors, UN bodies,
# NGOs, rights groups, think tanks"). Organisation names, not topics: "human rights
# minister" is not a rights group. Upper-case acronyms are matched case-sensitively.
_NGO_NAMES = re.compile(
    r"\b(?:United Nations|Human Rights Watch|Amnesty(?: International)?|"
    r"(?:Syrian )?Observatory(?: for Human Rights)?|Syrian Network for Human Rights|"
    r"Physicians for Human Rights|Human Rights Council|High Commissioner for (?:Human Rights|Refugees)|"
    r"(?:International Committee of the )?Red Cross|Red Crescent|"
    r"M[ée]decins Sans Fronti[èe]res|Doctors Without Borders|Save the Children|Oxfam|"
    r"B['’]?Tselem|Airwars|World Health Organi[sz]ation|World Food Programme|"
    r"International Organi[sz]ation for Migration|Norwegian Refugee Council|"
    r"International Rescue Committee|Crisis Group|White Helmets|"
    r"Committee to Protect Journalists|Reporters Without Borders|"
    r"rights (?:group|organi[sz]ation|watchdog|monitor)|aid (?:group|agency|organi[sz]ation)|"
    r"humanitarian (?:group|agency|organi[sz]ation)|charity|think[- ]tank|war monitor|"
    r"monitoring group|non-governmental organi[sz]ation)\b", re.I)
_NGO_ACRONYMS = re.compile(
    r"(?<![\w-])(?:UN|U\.N\.|WHO|UNICEF|OCHA|UNRWA|UNHCR|OHCHR|UNESCO|UNDP|UNFPA|WFP|ICRC|IFRC|"
    r"MSF|HRW|SOHR|SNHR|NGOs?|IOM|NRC|IRC|ACLED|UNIFIL|UNAMA|UNAMI|UNSMIL|MONUSCO|MINUSMA|"
    r"UNMISS|IAEA|OPCW)(?![\w-])")
# A document and its author: "reports from the government", "a statement by the army"
_DOC_SOURCE = re.compile(
    r"^(?:.*?\s)?(?:reports?|statements?|figures|data|tally|count|videos?|letter|message|"
    r"announcement|study|survey|poll|release|tweet|post|memo)\s+(?:from|by|of|released by|"
    r"issued by|published by)\s+(.+)$", re.I)
_FIGURE_WORDS = frozenset({"figures", "data", "statistics", "count", "tally", "toll", "records",
                           "report", "reports"})
_INSTITUTION_HEADS = frozenset({"government", "ministry", "army", "military", "police",
                                "presidency", "cabinet", "forces", "authorities", "navy", "force",
                                "house", "pentagon", "kremlin", "department"})
# Posts, channels and accounts on social platforms ("a Telegram group", "videos posted on
# social media"); the platform's name alone is a company ("Facebook said").
_SOCIAL = re.compile(
    r"\b(?:Telegram|WhatsApp|TikTok|YouTube|Instagram|Twitter|Facebook|X|social media)\s+"
    r"(?:group|channel|account|page|post|video|feed|user)s?\b|"
    r"\b(?:videos?|posts?|footage|messages?|clips?)\s+(?:posted|shared|circulating|circulated|"
    r"published|uploaded)\s+(?:on|online|to)\b")
# (the same, on the lower-cased span: a case-sensitive search is faster than re.I)
_NGO_NAMES_LOW = re.compile(_NGO_NAMES.pattern.lower())
# Outlets named as such: print, broadcast and online media (not news agencies, which the
# agency lexicon covers first).
_MEDIA_NAMES = re.compile(
    r"\b(?:CNN|BBC|NPR|MSNBC|CBS|NBC|ABC News|PBS|Fox News|Sky News|Al[- ]Jazeera|Al[- ]Arabiya|"
    r"Al[- ]Mayadeen|Al[- ]Manar|Al[- ]Masirah|Press TV|Haaretz|Ynet(?:news)?|Rudaw|Le Monde|"
    r"Le Figaro|(?:Der )?Spiegel|El Pa[ií]s|New York Times|Washington Post|Wall Street Journal|"
    r"Financial Times|Times of Israel|Jerusalem Post|Asharq Al-Awsat|Politico|Axios|"
    r"Kommersant|Izvestia|H[üu]rriyet|Daily Sabah|NHK|Daily Mail|Newsweek|Channel \d+|"
    r"Rolling Stone|The Atlantic|The Verge|USA Today|(?:The )?Nikkei|Rappler|PolitiFact|"
    r"Ma['’]?ariv|Yedioth Ahronoth|Israel Hayom|Al-Ahram|Bloomberg News|BuzzFeed(?: News)?|"
    r"HuffPost|Huffington Post|Vice News|ProPublica|"
    r"state[- ](?:run )?(?:media|TV|television|radio|broadcaster|news)|"
    r"(?:local|national|official|Israeli|Syrian|Iranian|Iraqi|Turkish|Russian|Chinese|"
    r"Lebanese|Egyptian|Saudi|Palestinian|Western|foreign|news) media|"
    r"newspaper|tabloid|broadcaster|news (?:site|website|outlet|channel)|"
    r"(?:television|TV|radio) (?:station|channel)|magazine)\b")
# "(unconfirmed) reports": unattributed reports are media (official or eyewitness
# reports are typed by their modifier through the model)
_BARE_REPORTS = re.compile(
    r"^(?:(?:some|several|other|multiple|numerous|many|unconfirmed|conflicting|initial|"
    r"early|earlier|preliminary|varying|unverified|later|recent|separate|further|"
    r"local|media|press|news)\s+)*reports$", re.I)
# "a minister", "a Colombian general": unnamed people described only by a role
_INDEFINITE_ROLE = re.compile(
    r"^(?:a|an|one)\s+(?:[\w'’-]+\s+){0,3}?(?:minister|mp|lawmaker|legislator|general|lawyer|"
    r"clerk|marine|officer|diplomat|aide|commander|insider|adviser|advisor|staffer|"
    r"investigator|prosecutor|judge|policeman)$", re.I)
# institutions speaking as such: "the government", "Israeli police", "the interior ministry"
_INSTITUTION = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}(?:(?:interior|foreign|defen[cs]e|health|"
    r"justice|finance|information)\s+)?(?:government|ministry|army|military|police|"
    r"presidency|cabinet|armed forces|security forces|authorities|navy|air force|"
    r"white house|pentagon|kremlin|state department)$", re.I)


# A newspaper named by its title: "the Miami Herald", "The Jakarta Post", "The Baltimore Sun"
# (the masthead word last, after a capitalised word; "Sun-Hyung" is a name)
_MASTHEADS = frozenset({"herald", "tribune", "gazette", "chronicle", "times", "post", "journal",
                        "telegraph", "inquirer", "examiner", "sun", "star", "mirror", "express",
                        "independent", "observer", "globe", "standard"})
_MASTHEAD = re.compile(
    r"(?:^|\s)(?:(?:[Tt]he\s+(?:[A-Z][\w'’.-]*\s+){0,3}|(?:[A-Z][\w'’.-]*\s+){1,3})"
    r"(?:Herald|Tribune|Gazette|Chronicle|Times|Journal|Telegraph|Inquirer|Examiner)|"
    r"[Tt]he\s+(?:[A-Z][\w'’.-]*\s+){0,3}(?:Sun|Star|Mirror|Express|Independent|Observer|"
    r"Globe|Standard|Post))$")
# Non-governmental bodies named as such (capitalised: "the Royal Pharmaceutical Society",
# "The Center for Biological Diversity", "The Lost 52 Project"); not "Centers for
# Disease Control" (a US agency)
_NGO_BODIES = re.compile(
    r"\b(?:Foundation|Association|Society|Cent(?:er|re) for|Project|Civil Liberties Union)(?![\w-])")
# Government agencies named as such (scientific and safety agencies are the state, not
# monitors: "the National Hurricane Center", "NASA", "The Coast Guard", "the Centers for
# Disease Control and Prevention", "Brazil's National Institute for Space Research")
_STATE_AGENCIES = re.compile(
    r"\b(?:Cent(?:er|re)s? for Disease Control|CDC|FDA|Food and Drug Administration|FBI|CIA|NASA|"
    r"NTSB|National Transportation Safety Board|FAA|Federal Aviation Administration|EPA|"
    r"Environmental Protection Agency|NOAA|National Weather Service|National Hurricane Cent(?:er|re)|"
    r"Geological Survey|USGS|Investigative Committee|Coast Guard|Border Patrol|"
    r"National Institutes? (?:of|for)|Met Office|Bureau of Meteorology|Search and Rescue Agency|"
    r"Meteorological Agency|NDRRMC|PHIVOLCS|Philippine Institute of Volcanology)(?![\w-])")
# A platform's name alone is the company speaking ("Facebook said"), not a post on it
_PLATFORM_COMPANIES = frozenset({"facebook", "twitter", "google", "youtube", "instagram", "tiktok",
                                 "whatsapp", "meta", "microsoft", "apple", "amazon"})
# A person named after an official title: "President Trump", "Detective Inspector Darren Gough"
_TITLED_NAME = re.compile(
    r"^(?:(?:Vice |Deputy )?(?:President|Prime Minister|Premier)|Minister|Governor|Mayor|Senator|"
    r"Chancellor|Detective(?: Inspector| Sergeant| Superintendent| Constable| Chief Inspector)?|"
    r"Inspector|Superintendent|Chief Inspector|Police Chief|Sheriff|Colonel|Col\.|Admiral)"
    r"\s+(?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’-]+$")
_TITLE_FIRST = frozenset({"vice", "deputy", "president", "prime", "premier", "minister", "governor",
                          "mayor", "senator", "chancellor", "detective", "inspector",
                          "superintendent", "chief", "police", "sheriff", "colonel", "col.",
                          "admiral"})
# Activists unnamed ("activists", "opposition activists"): unnamed people described by role
_ACTIVISTS = re.compile(r"^(?:[A-Z]?[\w'’-]+\s+){0,2}activists$", re.I)


#: Head nouns of research bodies and their work (see certain_type).
_RESEARCH_HEADS = frozenset({"researchers", "researcher", "scientists", "scientist",
                             "astronomers", "academics", "scholars", "co-authors", "authors",
                             "study", "studies"})
#: A university or college named as such ("Cornell University", "the University of X").
_UNIVERSITY = re.compile(r"\b(?:University|College)\b")


def certain_type(span: str, context: str = "") -> RuleType | None:
    """Rules that win over the model: agency lexicon, then anonymity cues.

    Also certain: a state named by its name or capital ("Washington", "Iraq") and
    official figures ("official Israeli figures", "health ministry data") are
    ``official``; named monitors, UN bodies and NGOs are ``monitor_ngo``; named outlets
    and unattributed "reports" are ``media``; an indefinite role ("a Colombian minister")
    is ``anonymous``; an institution speaking as such ("the government") is ``official``.
    """
    agency = find_agency(span)
    if agency is not None:
        return RuleType("news_agency", 0.97, agency, False)
    if _AGENCY_WORDS.search(span):
        return RuleType("news_agency", 0.9, None, False)
    st = span.strip()
    low = st.lower()
    words = low.split()
    if not words:
        return None
    first, last = words[0], words[-1]
    # (each regex below runs only when a cheap test on the words says it can match)
    if is_anonymous_span(span, context) or (first in {"a", "an", "one"}
                                            and _INDEFINITE_ROLE.match(st)):
        return RuleType("anonymous", 0.95, None, True)
    if " by " in low or " from " in low or " of " in low:
        m = _DOC_SOURCE.match(st)
        if m:
            # "initial fatality reports from the government": the document's author
            inner = certain_type(m.group(1))
            if inner is not None:
                return inner
    if len(words) <= 2 and last in _PLATFORM_COMPANIES and st[-1:].isalpha() \
            and st.split()[-1][:1].isupper() and first in {last, "the"}:
        return RuleType("official", 0.85, None, False)
    if _SOCIAL.search(span) and not _OFFICIAL_WORD.search(span):
        # (a government's own account speaks for the government)
        return RuleType("social_media", 0.9, None, False)
    if _STATE_AGENCIES.search(span) and not _UN_WORD.search(span):
        return RuleType("official", 0.9, None, False)
    if _NGO_NAMES_LOW.search(low) or _NGO_ACRONYMS.search(span) or _NGO_BODIES.search(span):
        return RuleType("monitor_ngo", 0.9, None, False)
    if last in _RESEARCH_HEADS or (("universit" in low or "college" in low)
                                   and _UNIVERSITY.search(st)):
        # research bodies ("the researchers", "British scientists", "the University of
        # California, San Diego") are monitors in TAXONOMY.md section 3, never officials
        return RuleType("monitor_ngo", 0.85, None, False)
    if _MEDIA_NAMES.search(span) or (last == "reports" and _BARE_REPORTS.match(st)) \
            or (last in _MASTHEADS and _MASTHEAD.search(st)):
        return RuleType("media", 0.9, None, False)
    if last == "activists" and _ACTIVISTS.match(st) and first not in {"the", "a", "an"}:
        return RuleType("anonymous", 0.85, None, True)
    if first in _TITLE_FIRST and _TITLED_NAME.match(st):
        return RuleType("official", 0.9, None, False)
    if _NAMED_ROLE.search(span) and not _UN_WORD.search(span):
        # "Italian official Marco Calamai": a named official is not anonymous
        return RuleType("official", 0.85, None, False)
    key = low.replace(" ", "_")
    if key in _STATES:
        return RuleType("official", 0.9, None, False)
    if last in _FIGURE_WORDS and _FIGURES.search(span) and _OFFICIAL_WORD.search(span):
        return RuleType("official", 0.9, None, False)
    if last in _INSTITUTION_HEADS and _INSTITUTION.match(st):
        return RuleType("official", 0.85, None, False)
    if (last in _WITNESS_HEADS or last in _WITNESS_ACCOUNTS or " of " in low) \
            and _witness_head(st.split()):
        # private people named by what they are to the event ("local residents", "the bus
        # driver", "his family", "One of the children", "eyewitness reports")
        return RuleType("witness", 0.85, None, False)
    if last in _LEGAL_HEADS:
        if "international" in low or "world" in low:
            # "The International Criminal Court", "The World Court": UN bodies
            return RuleType("monitor_ngo", 0.85, None, False)
        # courts and their acts, decrees, indictments ("The three-judge court", "the
        # decree", "A federal indictment"): the state speaking through its institutions
        return RuleType("official", 0.85, None, False)
    return None


#: Head nouns of private people speaking as such (TAXONOMY.md section 3: residents,
#: eyewitnesses, victims, relatives, doctors on site); see :func:`_witness_head`.
_WITNESS_HEADS = frozenset({
    "resident", "residents", "witness", "witnesses", "eyewitness", "eyewitnesses",
    "eye-witness", "eye-witnesses", "survivor", "survivors", "relative", "relatives", "family",
    "families", "father", "mother", "parents", "children", "son", "daughter", "brother",
    "sister", "wife", "husband", "widow", "victim", "victims", "neighbour", "neighbours",
    "neighbor", "neighbors", "villagers", "locals", "driver", "defendants", "passenger",
    "passengers", "roommates", "doctors", "medics", "paramedics"})
#: What witnesses give: "eyewitness reports", "witness accounts".
_WITNESS_ACCOUNTS = frozenset({"reports", "accounts", "testimony"})
#: Words before "of" that pick people out of a group: "One of the children".
_PARTITIVES = frozenset({"one", "two", "three", "some", "several", "many", "most", "both",
                         "none", "all", "each", "another"})


def _witness_head(toks: list[str]) -> bool:
    """Whether the span's words ``toks`` are headed by a witness noun (:data:`_WITNESS_HEADS`):
    the last word before "of" ("the mother of the victim"), or the noun after a partitive
    "of" ("One of the children"), or an account by one ("eyewitness reports"). The head is
    lower-case unless it opens the span ("Residents"): "The Doctors" is a title."""
    words = [t.lower() for t in toks]
    k = len(words) - 1  # index of the head word
    if "of" in words:
        o = words.index("of")
        if o == 1 and words[0] in _PARTITIVES:
            k = o + 1
            while k < len(words) - 1 and words[k] in {"the", "his", "her", "their"}:
                k += 1
            if k != len(words) - 1:
                return False  # "One of the children of X": too far to read
        else:
            k = o - 1
    if k < 0 or k > 4:
        return False
    if words[k] in _WITNESS_ACCOUNTS and k >= 1:
        k -= 1
    return words[k] in _WITNESS_HEADS and (k == 0 or not toks[k][:1].isupper())


#: Head nouns of courts and of official legal documents (see certain_type).
_LEGAL_HEADS = frozenset({"court", "courts", "tribunal", "decree", "decrees", "ruling",
                          "rulings", "verdict", "indictment", "filing", "constitution",
                          "injunction"})


# ------------------------------------------------------------------ roles of named people
# A named person's type comes from the role the text gives them: "his father, Abdullah
# Kurdi", "Hatice Cengiz, fiancée of ...", "study co-author Karen Alley", "Agnès
# Callamard, a UN rapporteur ...". Groups are tried in this order.
_ROLE_GROUPS: list[tuple[str, re.Pattern[str]]] = [
    ("media", re.compile(
        r"\b(?:journalist|reporter|correspondent|editor|columnist|host|anchor|presenter|"
        r"commentator|talk show|newspaper|magazine|broadcaster|blogger)s?\b", re.I)),
    ("witness", re.compile(
        r"\b(?:father|mother|parents?|son|daughter|brother|sister|wife|husband|widow(?:er)?|"
        r"fianc[ée]e?|uncle|aunt|cousin|grand(?:father|mother|son|daughter)|relatives?|"
        r"residents?|eyewitness(?:es)?|witness(?:es)?|survivors?|villagers?|neighbou?rs?|"
        r"locals|farmers?|shopkeepers?|passengers?|students?|victims?|patients?|"
        r"protesters?|athletes?|runners?|players?|fans?|drivers?|refugees?|mourners?|friends?|"
        r"girlfriend|boyfriend|artists?|actor|actress|singer|musician|hurdler|champion|"
        r"doctors?|nurses?|medics?|paramedics?|teachers?|workers?|owners?|footballers?|"
        r"cricketers?|designers?|voters?|comedians?|filmmakers?|novelists?|poets?)\b", re.I)),
    ("monitor_ngo", re.compile(
        r"\b(?:professor|researchers?|scientists?|scholar|academic|co-author|author|lecturer|"
        r"university|institute|college|rapporteur|think[- ]?tank|charity|ngo|"
        r"campaigners?|advocates?|experts?|specialists?|analysts?|economists?|historians?|"
        r"\w+ologists?|\w+onomers?|physicists?|chemists?|epidemiologists?)\b", re.I)),
    ("official", re.compile(
        r"\b(?:minister|spokes(?:man|woman|person)|president|governor|mayor|senator|lawmaker|"
        r"mp|legislator|general|commander|ambassador|envoy|official|officer|chief|secretary|"
        r"representative|congress(?:man|woman)|council(?:l)?or|judge|prosecutor|police|army|"
        r"party|leader|premier|chancellor|king|prince|emir|sheikh|diplomat|attorney|sheriff)\b", re.I)),
]
# words that start a clause or a prepositional phrase, not a role noun phrase
_ROLE_NOT_NP = frozenset({
    "said", "says", "say", "told", "added", "adding", "who", "which", "whose", "when", "while",
    "and", "but", "or", "as", "after", "before", "with", "from", "by", "in", "on", "at", "to",
    "for", "of", "about", "according", "because", "if", "that", "than", "since", "during",
    "is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "also",
})
# (the same, for lower-cased text: faster than re.I)
_ROLE_GROUPS_LOW = [(label, re.compile(rx.pattern)) for label, rx in _ROLE_GROUPS]
_ADVERBS = frozenset({"later", "then", "now", "still", "again", "earlier", "first", "once",
                      "soon", "meanwhile", "however", "yesterday", "today", "too", "even", "not"})
_DETERMINER_WORDS = frozenset({"a", "an", "the", "his", "her", "its", "their", "our", "this",
                               "that"})
_ROLE_CUT = re.compile(r"\s(?:of|for|at|from|with|who|which|whose|in|on|to)\s", re.I)
_ROLE_BOUNDARY = re.compile(r"[,;:\"“”()\[\]—–]")


_OFFICIAL_TITLE = re.compile(
    r"\b(?:King|Queen|Prince|President|Prime Minister|Minister|General|Gen\.|Colonel|Col\.|"
    r"Senator|Sen\.|Governor|Gov\.|Mayor|Ambassador|Secretary|Chancellor|Emir|Sheikh|Judge|"
    r"Justice|Representative|Rep\.|Commissioner|Admiral|Lieutenant|Captain|Major|Sir)\b")


def role_of(span: str, left: str, right: str) -> str:
    """The role words a text gives the person named by ``span``.

    ``left``/``right`` are the text right before and after the span in its sentence.
    Three places: lower-case words inside the span before the name ("study co-author
    Karen Alley"), an appositive before it ("said his father, Abdullah Kurdi") and one
    after it ("Hatice Cengiz, fiancée of ..."), each cut to its head ("a UN rapporteur
    for the Office ..." -> "a UN rapporteur").
    """
    parts: list[str] = []
    toks = span.split()
    # role words inside the span before the name, up to its last lower-case word: "study
    # co-author Karen Alley", "New Hampshire governor Chris Sununu" (not past "of", "at"...:
    # "Peter Iseley of worldwide victim group ..." names a group, not a role)
    last_low = -1
    for k, t in enumerate(toks[:-1]):
        if t.lower() in _ROLE_PREPS:
            break
        if t[:1].islower() and t not in _NAME_PARTICLES and not t.startswith(("al-", "el-")):
            last_low = k
    if last_low >= 0:
        parts.append(" ".join(toks[:last_low + 1]))
    elif len(toks) >= 3 and not left.strip(" \"“'‘") and toks[1][:1].isupper():
        # a role word capitalised at the start of the sentence: "Voter Kitty Mak",
        # "Co-author Jing-Shan Zhao" (only a role-group word counts, see role_type)
        w0 = toks[0].lower()
        if any(rx.search(w0) for _, rx in _ROLE_GROUPS_LOW):
            parts.append(w0)
    lt = left.rstrip()
    if lt and lt[-1].isalpha() and left.endswith(" "):
        # role words right before the name: "talk show host Michael Savage"
        pre: list[str] = []
        for w in reversed(lt.split()[-3:]):
            if not (w.isalpha() and w.islower()) or w in _ROLE_NOT_NP or w in _DETERMINER_WORDS \
                    or w in _ADVERBS or w.endswith("ly"):
                break
            pre.append(w)
        if pre:
            parts.append(" ".join(reversed(pre)))
    if lt.endswith(","):
        seg = _ROLE_BOUNDARY.split(lt[:-1])[-1].split()[-4:]
        while seg and seg[0].lower() in {"said", "says", "told", "added", "wrote", "according",
                                         "to", "explained", "noted", "stated", "continued"}:
            seg = seg[1:]  # '"...," said his father, Abdullah Kurdi'
        if seg and seg[0].lower() not in _ROLE_NOT_NP and not seg[0].endswith(("ed", "ing")):
            parts.append(" ".join(seg))
    rt = right.lstrip()
    if rt.startswith(","):
        seg = _ROLE_BOUNDARY.split(rt[1:], maxsplit=1)[0]
        seg = _ROLE_CUT.split(" " + seg.strip() + " ", maxsplit=1)[0].strip()
        first = seg.split(" ", 1)[0].lower()
        if seg and len(seg.split()) <= 6 and first not in _ROLE_NOT_NP \
                and not first.endswith(("ed", "ing")):
            parts.append(seg)
    # a role is a common noun: "The United Nations" beside a name is a conjunct
    return " | ".join(p for p in parts if p and any(w[:1].islower() for w in p.split()))


_NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "al", "el", "de", "da", "di", "del", "della",
                             "van", "von", "der", "den", "du", "le", "la", "dos", "das", "ben",
                             "abu", "y", "e"})
_ROLE_PREPS = frozenset({"of", "at", "from", "for", "with", "in", "on", "and", "via", "to"})


def _pre_role_word(left: str) -> bool:
    """Whether the word right before a name may be a role word ("host Michael Savage")."""
    if not left.endswith(" "):
        return False
    tail = left[-30:].split()
    if not tail:
        return False
    w = tail[-1]
    return w.isalpha() and w.islower() and not w.endswith("ly") and w not in _ROLE_NOT_NP \
        and w not in _DETERMINER_WORDS and w not in _ADVERBS


def role_type(span: str, left: str, right: str) -> RuleType | None:
    """Type of a named person from their role (:func:`role_of`), or None.

    Applies only to a span that ends in a capitalised name and that no certain rule
    types; an organisation or outlet named in the role wins over the role word
    ("a UN rapporteur" -> ``monitor_ngo``).
    """
    toks = span.split()
    if not toks or not toks[-1][:1].isupper() or toks[0].lower() in {"the", "a", "an"}:
        return None
    if not (toks[0][:1].islower() or _pre_role_word(left) or left.rstrip().endswith(",")
            or right.lstrip().startswith(",") or any(t[:1].islower() for t in toks[1:-1])
            or (len(toks) >= 3 and not left.strip(" \"“'‘"))):
        return None  # no role words and no appositive: nothing to read (fast path)
    if _OFFICIAL_TITLE.search(span):
        return None  # "King Maha Vajiralongkorn", "General Sir Michael Rose": the title says
    role = role_of(span, left, right)
    if not role:
        return None
    low = role.lower()
    if _NGO_NAMES_LOW.search(low) or _NGO_ACRONYMS.search(role):
        return RuleType("monitor_ngo", 0.85, None, False)
    if _MEDIA_NAMES.search(role):
        return RuleType("media", 0.85, None, False)
    # the nearest role first: words inside the span, then before it, then the appositives
    for part in low.split(" | "):
        for label, rx in _ROLE_GROUPS_LOW:
            if rx.search(part):
                return RuleType(label, 0.8, None, False)
    return None


# ------------------------------------------------------------------ the model
def build_pipeline(random_state: int = 0) -> Any:
    """The plain scikit-learn pipeline: 2-column object array (span, context) -> type."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    features = ColumnTransformer(
        [
            ("span_word", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=1,
                                          sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"), 0),
            ("span_char", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(2, 5),
                                          min_df=2, sublinear_tf=True, max_features=60000), 0),
            ("ctx_word", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=2,
                                         sublinear_tf=True, max_features=40000), 1),
        ],
        transformer_weights={"span_word": 1.0, "span_char": 1.0, "ctx_word": 1.0},
    )
    clf = LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced",
                             random_state=random_state)
    return Pipeline([("features", features), ("clf", clf)])


def _as_matrix(spans: Sequence[str], contexts: Sequence[str]) -> np.ndarray:
    if len(spans) != len(contexts):
        raise ValueError("spans and contexts must have the same length")
    x = np.empty((len(spans), 2), dtype=object)
    x[:, 0] = [s or "" for s in spans]
    x[:, 1] = [c or "" for c in contexts]
    return x


def _fast_proba(pipeline: Any, x: np.ndarray) -> np.ndarray | None:
    """``pipeline.predict_proba(x)`` without the ColumnTransformer's per-call overhead.

    For the pipeline shape of :func:`build_pipeline` (a sparse ColumnTransformer of text
    vectorizers over integer columns, then a classifier) this applies the same steps
    (transform each column, weight, stack) directly, which gives the same matrix and
    saves several milliseconds of input validation per call. Returns ``None`` for any
    other shape, so the caller falls back to the pipeline itself.
    """
    import scipy.sparse as sp

    from newsclf.frozen import fast_tfidf_transform

    steps = getattr(pipeline, "steps", None)
    if not steps or len(steps) != 2:
        return None
    features, clf = steps[0][1], steps[1][1]
    transformers = getattr(features, "transformers_", None)
    if transformers is None or not getattr(features, "sparse_output_", False) \
            or not hasattr(clf, "predict_proba"):
        return None
    weights = getattr(features, "transformer_weights", None) or {}
    X = _joint_tfidf(features, transformers, weights, x)
    if X is not None:
        return _lr_proba(clf, X)
    mats = []
    for name, trans, col in transformers:
        if isinstance(trans, str):
            if trans == "drop":
                continue
            return None  # "passthrough" and other strings: not this shape
        if not isinstance(col, (int, np.integer)) or not hasattr(trans, "transform"):
            return None
        m = fast_tfidf_transform(trans, x[:, int(col)].tolist())
        if not sp.issparse(m):
            return None
        w = weights.get(name)
        mats.append(m if w is None or w == 1.0 else m * w)
    if not mats:
        return None
    return _lr_proba(clf, _hstack_csr(mats))


def _lr_proba(clf: Any, X: Any) -> np.ndarray:
    """``clf.predict_proba(X)``; for a multinomial scikit-learn ``LogisticRegression``
    computed without its input validation (same operations in the same order)."""
    coef = getattr(clf, "coef_", None)
    if type(clf).__name__ == "LogisticRegression" and coef is not None and len(clf.classes_) > 2 \
            and coef.dtype == np.float64 and X.dtype == np.float64 and coef.shape[1] == X.shape[1]:
        # LogisticRegression.predict_proba for 3+ classes (decision_function, then sklearn's
        # softmax), the same operations in the same order, without the input validation
        scores = X @ coef.T + clf.intercept_
        scores -= scores.max(axis=1).reshape((-1, 1))
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1).reshape((-1, 1))
        return scores
    return clf.predict_proba(X)


_IDF_CAT: "weakref.WeakKeyDictionary[Any, tuple[tuple[Any, ...], np.ndarray]]" = weakref.WeakKeyDictionary()


def _joint_tfidf(features: Any, transformers: Any, weights: dict[str, Any], x: np.ndarray) -> Any:
    """``_hstack_csr([fast_tfidf_transform(vec, column) for each part])``, built in one pass:
    the parts' feature occurrences are counted together (keys ``row * total + offset + col``,
    sorted: each row's entries part by part, columns ascending -- the hstacked order), then
    tf, idf and each (row, part) segment's l2 norm are applied to the joint arrays, the same
    element-wise operations as per part. ``None`` unless every part is a float64 TF-IDF
    vectorizer with l2 norm, idf and one shared ``sublinear_tf`` setting, weight 1."""
    import scipy.sparse as sp

    from newsclf.frozen import _l2_normalize_rows, sorted_unique_counts, tfidf_entries

    parts = []
    for name, trans, col in transformers:
        if isinstance(trans, str) or not isinstance(col, (int, np.integer)):
            return None
        w = weights.get(name)
        if (w is not None and w != 1.0) or getattr(trans, "norm", None) != "l2" \
                or not getattr(trans, "use_idf", False) or np.dtype(getattr(trans, "dtype", None)) != np.float64:
            return None
        parts.append((trans, int(col)))
    if not parts or len({bool(t.sublinear_tf) for t, _ in parts}) != 1:
        return None
    entries = []
    for trans, col in parts:
        e = tfidf_entries(trans, x[:, col].tolist())
        if e is None:
            return None
        entries.append(e)
    n_docs = entries[0][2]
    total = sum(e[3] for e in entries)
    if total >= 2**31 or n_docs * len(entries) * total >= 2**62 or any(e[2] != n_docs for e in entries):
        return None
    idfs = tuple(t.idf_ for t, _ in parts)
    try:
        cached = _IDF_CAT.get(features)
    except TypeError:
        cached = None
    if cached is not None and len(cached[0]) == len(idfs) and all(a is b for a, b in zip(cached[0], idfs)):
        idf = cached[1]
    else:
        idf = np.concatenate(idfs)
        if idf.shape != (total,):
            return None
        try:
            _IDF_CAT[features] = (idfs, idf)
        except TypeError:
            pass
    # key (row * n_parts + part) * total + offset + col: sorted, each (row, part) segment
    # is contiguous, rows in order, parts in column order, columns ascending
    n_parts = len(entries)
    key_parts = []
    offset = 0
    for p, (rows, cols, _, n_feat) in enumerate(entries):
        key_parts.append((rows * n_parts + p) * total + (cols + offset))
        offset += n_feat
    keys = np.concatenate(key_parts)
    keys.sort()
    keys, counts = sorted_unique_counts(keys)
    seg = keys // total
    indices = (keys - seg * total).astype(np.int32)
    n_seg = n_docs * n_parts
    seg_ptr = np.zeros(n_seg + 1, dtype=np.int64)
    np.cumsum(np.bincount(seg, minlength=n_seg), out=seg_ptr[1:])
    indptr = seg_ptr[::n_parts].astype(np.int32)
    data = counts.astype(np.float64)
    if parts[0][0].sublinear_tf:
        np.log(data, data)
        data += 1.0
    data *= idf[indices]
    if len(data):
        # each part's row normalised on its own: one "row" per (row, part) segment
        seg_len = np.diff(seg_ptr)
        width = int(seg_len.max())
        if width * n_seg <= 1 << 22:
            # _l2_normalize_rows' steps (squares summed one after the other from 0 via
            # cumsum over zero-padded rows, sqrt, divide) in one block, indexed by segment
            pad = np.zeros((n_seg, width), dtype=np.float64)
            pad[seg, np.arange(len(data), dtype=np.int64) - seg_ptr[seg]] = data * data
            sums = np.cumsum(pad, axis=1)[:, -1]
            norms = np.sqrt(sums)
            norms[sums == 0.0] = 1.0
            data /= norms[seg]
        else:
            _l2_normalize_rows(data, seg_ptr)
    return sp.csr_matrix((data, indices, indptr), shape=(n_docs, total))


def _hstack_csr(mats: Sequence[Any]) -> Any:
    """``scipy.sparse.hstack(mats).tocsr()`` for CSR matrices of equal row count: each row
    is the concatenation of the parts' rows (same entries in the same order), built with
    one stable sort instead of scipy's generic block machinery."""
    import scipy.sparse as sp

    if len(mats) == 1:
        return mats[0].tocsr()
    mats = [m.tocsr() for m in mats]
    n_rows = mats[0].shape[0]
    dtype = np.result_type(*[m.dtype for m in mats])
    rows, cols, data = [], [], []
    offset = 0
    for m in mats:
        rows.append(np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(m.indptr)))
        cols.append(m.indices.astype(np.int64) + offset)
        data.append(m.data.astype(dtype, copy=False))
        offset += m.shape[1]
    row = np.concatenate(rows)
    order = np.argsort(row, kind="stable")
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n_rows), out=indptr[1:])
    idx_dtype = np.int32 if offset < 2**31 and len(row) < 2**31 else np.int64
    return sp.csr_matrix((np.concatenate(data)[order], np.concatenate(cols)[order].astype(idx_dtype),
                          indptr.astype(idx_dtype)), shape=(n_rows, offset))


class SourceTyper:
    """Linear source-type model wrapping one plain scikit-learn ``Pipeline``.

    The pipeline holds only scikit-learn/numpy/scipy objects, so it can be saved with
    ``skops.io.dump(typer.pipeline, path)`` and loaded with skops' trusted types.
    """

    def __init__(self, pipeline: Any = None) -> None:
        self._pipeline = pipeline

    @classmethod
    def fit(cls, spans: list[str], contexts: list[str], labels: list[str], *,
            random_state: int = 0) -> "SourceTyper":
        """Fit a new typer on (span, context, label) examples."""
        if not spans:
            raise ValueError("no training examples")
        bad = sorted(set(labels) - set(SOURCE_TYPES))
        if bad:
            raise ValueError(f"unknown source types: {bad}")
        pipe = build_pipeline(random_state)
        x = _as_matrix(spans, contexts)
        if len(x) < 50:  # tiny data: char features need min_df=1
            pipe.set_params(features__span_char__min_df=1, features__ctx_word__min_df=1)
        pipe.fit(x, list(labels))
        logger.info("fitted SourceTyper on %d examples", len(spans))
        return cls(pipe)

    @property
    def pipeline(self) -> Any:
        """The wrapped pipeline (what the model-saving code persists): a scikit-learn
        ``Pipeline`` when fitted, a :class:`newsclf.frozen.LitePipeline` when loaded from a
        frozen model (``.to_sklearn()`` gives the scikit-learn one)."""
        return self._pipeline

    @property
    def classes(self) -> list[str]:
        """Source types the model can predict."""
        if self._pipeline is None:
            return []
        return [str(c) for c in self._pipeline.classes_]

    def predict(self, spans: list[str], contexts: list[str]) -> list[tuple[str, float]]:
        """Predict ``(source_type, probability)`` for each (span, context) pair."""
        if not spans:
            return []
        if self._pipeline is None:
            out: list[tuple[str, float]] = []
            for s in spans:
                kw = keyword_type(s)
                out.append(kw if kw is not None else ("official", 0.4))
            return out
        x = _as_matrix(spans, contexts)
        proba = _fast_proba(self._pipeline, x)
        if proba is None:
            proba = self._pipeline.predict_proba(x)
        classes = self._pipeline.classes_
        idx = proba.argmax(axis=1)
        names = [str(c) for c in classes]
        best = proba[np.arange(len(idx)), idx].tolist()  # Python floats, as float() gives
        return [(names[i], p) for i, p in zip(idx.tolist(), best)]
