"""Rule-based extraction of attributed claims (TAXONOMY.md section 4).

A claim is a sentence or clause attributed to a source through a cue ("said",
"according to", "told", "issued a statement", ...). :func:`extract_claims` finds the
cues sentence by sentence with one compiled regex, takes the shortest noun phrase that
names the source on the side the construction puts it ("X said", "said X",
"according to X", "X, who ..., said", "was claimed by X"), resolves pronoun sources
("he", "it", "they") to their antecedent claim, and types every source: pronouns take
their antecedent's type, the certain rules of :mod:`newsclf.source_typer` (agency
lexicon, anonymity) win next, then the trained :class:`~newsclf.source_typer.SourceTyper`
(batched), else a keyword lexicon.

Everything is regex and linear scans; no NLP library.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from newsclf._tries import trie_regex as _trie_regex
from newsclf.sentences import split_sentences
from newsclf.source_typer import SourceTyper, certain_type, find_agency, keyword_type, role_type

__all__ = ["Claim", "extract_claims", "extract_claims_many", "CONTEXT_CHARS", "ROLE_WINDOW"]

logger = logging.getLogger(__name__)

#: Characters of sentence context either side of the source span given to the typer.
CONTEXT_CHARS = 120


@dataclass(frozen=True, slots=True)
class Claim:
    """One attributed claim. Offsets refer to the text passed to :func:`extract_claims`."""

    cue: str
    source: str
    source_type: str
    anonymous: bool
    agency: str | None
    score: float
    sentence_start: int
    sentence_end: int
    source_start: int
    source_end: int
    cue_start: int
    cue_end: int

    def to_dict(self) -> dict[str, Any]:
        """The gold keys (cue, source, source_type, anonymous, agency) plus score and offsets."""
        return asdict(self)


# Claim's generated __init__ (a frozen dataclass) sets each of its 12 fields through
# object.__setattr__, about 3 µs a claim; _new_claim fills the same slots through their
# descriptors (about 2.5 µs) and returns an equal object. _finish builds every claim with it;
# tests/test_claims_speed_s5.py checks that both agree and that Claim has no __post_init__.
_NEW = object.__new__
#: the slot setters of Claim's fields, in their declared order
_CLAIM_SETTERS = tuple(getattr(Claim, f.name).__set__ for f in fields(Claim))


def _new_claim(*values: Any) -> Claim:
    """``Claim(*values)`` (the fields in their declared order), built faster."""
    c = _NEW(Claim)
    for set_field, value in zip(_CLAIM_SETTERS, values, strict=True):
        set_field(c, value)
    return c


# --------------------------------------------------------------------------- lexicon
def _forms(*bases: str) -> list[str]:
    out: list[str] = []
    for b in bases:
        out.extend(b.split("/"))
    return out


# Verb forms that are unambiguous (rarely nouns).
_VERBS = _forms(
    "say/says/said", "tell/tells/told", "add/adds/added", "stated", "reported",
    "announce/announces/announced", "claimed", "accuse/accuses/accused",
    "blame/blames/blamed", "reveal/reveals/revealed", "insist/insists/insisted",
    "describe/describes/described", "deny/denies/denied", "warn/warns/warned",
    "confirm/confirms/confirmed", "posted", "quoted", "noted", "write/writes/wrote",
    "suggest/suggests/suggested", "tweeted", "indicated", "allege/alleges/alleged",
    "declare/declares/declared", "explain/explains/explained", "urge/urges/urged",
    "criticise/criticises/criticised", "criticize/criticizes/criticized",
    "condemn/condemns/condemned", "acknowledge/acknowledges/acknowledged",
    "admit/admits/admitted", "threaten/threatens/threatened", "assure/assures/assured",
    "remarked", "commented", "argue/argues/argued", "reiterate/reiterates/reiterated",
    "vow/vows/vowed", "recalled", "inform/informs/informed", "predicted",
    "cautioned", "stressed", "asserted", "asserts", "maintained", "estimated",
    "concede/concedes/conceded", "advises/advised", "applauds/applauded", "reasoned",
    "pointed out", "expressed",
    "believe/believes/believed", "recalls", "confess/confesses/confessed",
    "observed", "quipped", "conclude/concludes/concluded", "voiced", "expresses",
    "spoke to/spoke of/spoke on/spoke about/speaks to/speaks of/speaks about",
    # "Khosla talked of Munk's "countless discoveries"", "Lee talked about how the series
    # has been underestimated" ("talks about" is left out: "peace talks about ...")
    "talked of/talked about",
    # conjecture, only before a clause or "about" (_CONJECTURE): "The researchers have
    # speculated this upwelling pattern may ...", "The lead authors had initially
    # hypothesized the lava itself would ...", "..., a senior IOC official theorised", "The
    # authors proposed that ..." ("the elusive hypothesized Higgs boson" is none)
    "speculate/speculates/speculated", "hypothesize/hypothesizes/hypothesized",
    "hypothesise/hypothesises/hypothesised", "theorized/theorised/theorizes/theorises",
    "proposed that/proposes that",
    # stance verbs of headlines ("Israel dismisses the offer as "ridiculous"", "the UN
    # Human Rights Council denounces the crimes", "Amnesty praises ...")
    "dismiss/dismisses/dismissed", "denounce/denounces/denounced", "praise/praises/praised",
    # evidence verbs: only with a study, poll, statement ... as subject (_EVIDENCE_HEADS)
    "found/finds/showed/shows/show/reads/read",
    "predict/predicts", "voices", "complain/complains/complained",
    # only next to a quotation (_QUOTE_ONLY): 'Johnson continued, "And I hope ..."'
    "continued",
    # only with an object and then "to" (_ATTRIBUTING): "The statement ascribed his death
    # to complications from a stroke", "Experts attribute this to human activity"
    "ascribe/ascribes/ascribed/attribute/attributes/attributed",
    # only with an object and then "as" (_LABELLING): "He referred to the wording as
    # "stupid"", "Trump characterized the call with Zelensky as "perfectly fine""
    "refers to/referred to/characterizes/characterized/characterises/characterised",
)
#: Cues whose subject must be a document or study ("a UN report found", "figures show",
#: "the statement reads"): people and armies "find" and "show" things too.
_EVIDENCE_VERBS = frozenset({"found", "finds", "showed", "shows", "show", "reads", "read"})
_EVIDENCE_HEADS = frozenset({
    "study", "studies", "report", "reports", "investigation", "survey", "surveys", "poll",
    "polls", "polling", "inquiry", "review", "analysis", "audit", "figures", "data",
    "statistics", "statement", "description", "message", "letter", "post", "tweet",
    "research", "findings", "probe", "assessment", "census", "tally", "count", "records",
    "researchers", "scientists", "investigators", "experts", "autopsy", "documents", "memo",
    "summary", "opinion", "ruling", "judgment", "judgement", "notice", "caption", "motion",
    # courts find ("The three-judge court found Johnson's advice ... unlawful")
    "court", "judge", "jury", "tribunal", "panel", "inquest",
    # recordings ("Footage from the scene showed ...", "The video showed ...")
    "footage", "video", "videos",
})
#: "X was quoted as saying", "cited X as saying": the quoting verbs before "as saying".
_AS_SAYING_VERB = re.compile(r"\b(?:quoted|cited|quotes|cites|quoting|citing)\b")
# Forms that are often nouns: accepted only with a plausible subject and object.
_AMBIGUOUS = _forms(
    "state/states", "report/reports", "claim/claims", "post/posts", "quote/quotes",
    "note/notes", "tweet/tweets", "indicate/indicates", "remark/remarks",
    "comment/comments", "estimate/estimates",
)
_AMBIGUOUS_SET = frozenset(_AMBIGUOUS)
_CUE_VERB_FORMS = frozenset(w for w in _VERBS if " " not in w and w.endswith("ed"))
#: Present-tense cue verbs that are not also nouns ("announces", "warns"): like a past
#: tense, one inside a left context ends the clause before the source.
_CUE_VERB_S = frozenset(w for w in _VERBS if " " not in w and w.endswith("s")
                        and w not in _AMBIGUOUS_SET and w not in {"news"})
#: Base forms of the cue verbs and present forms of "be": one before "and" means a clause
#: precedes it ("Two UN special rapporteurs condemn the executions and Amnesty
#: International alleges", "85% were in favour and on Friday the government announced").
_CLAUSE_VERBS = frozenset({w for w in _VERBS if " " not in w and not w.endswith(("s", "ed"))
                           and w not in _EVIDENCE_VERBS} | {"is", "are", "was", "were"})
#: Modal verbs: one before "and" means a clause, not a name, precedes it
#: ("Qurei announces he will resign and Fatah declares").
_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "must", "should"})
# Verbs whose source may follow them ('"...", said the ministry.').
_INVERTIBLE = frozenset(_forms(
    "said/says/say", "added/adds", "stated/states", "reported/reports", "noted", "wrote",
    "tweeted", "posted", "recalled", "observed", "quipped", "concluded",
    "explained", "told", "insisted", "warned", "declared", "remarked", "commented",
    "claimed", "announced", "continued", "asked", "argued",
))
_PHRASES_AFTER = [  # the source follows the phrase
    "according to", "citing", "speaking to", "in remarks to", "in an interview with",
    "speaking on", "as saying", "cited", "broadcast by", "aired by", "published by",
    "interviewed by", "telling",
    "per",  # only opening a sentence: "Per the decree signed by ..., priests are ..."
    # only after "news" (_NEWS_FROM): "The news came from his son-in-law, Frédéric
    # Salat-Baroux", "The news came from the Twitter account in his name"
    "came from", "comes from",
]
# participle cues: the source is the subject of the main clause ("X did Y, saying ...")
_GERUNDS = ["saying", "claiming", "stating", "warning", "accusing", "alleging", "describing",
            "arguing", "noting", "blaming", "insisting", "criticising", "criticizing",
            "denying", "confirming", "calling", "adding",
            "finding", "suggesting", "reporting", "stressing", "explaining", "asserting"]
_GERUND_SET = frozenset(_GERUNDS)
#: Participles that report speech when a "that" clause follows them, with or without a
#: comma before them ("Israel deports the lawyer saying that he ..."): the subject of the
#: main clause is the speaker.
_THAT_GERUNDS = frozenset({"saying", "claiming", "stating", "warning", "arguing", "noting",
                           "insisting", "alleging", "denying", "confirming",
                           "finding", "suggesting", "reporting", "stressing", "explaining",
                           "asserting"})
#: Subordinators that introduce a participle clause whose understood subject is the main
#: clause's ("..., urging Israel to stop while accusing it of ...", "by saying they").
_PARTICIPLE_INTRO = frozenset({"while", "by", "also"})
_PHRASES_BEFORE = ["issued a statement", "issues a statement", "released a statement",
                   "made a statement", "makes a statement", "in a statement"]



#: Naming verbs: a claim only with an object and then a quoted label ("Lebanon calls the
#: detention an "abduction"", "Kofi Annan calls Israel's proposed action 'dangerous'");
#: "a group called "X"", "calls for restraint" are not (see _NAMING_QUOTE).
_NAMING = ["calls", "called"]
_NAMING_SET = frozenset(_NAMING)
#: One to eight words of object, then an opening quotation mark, within the clause.
_NAMING_QUOTE = re.compile(r"""[ \t]+(?!(?:for|on|off|in|out|up|to|by|as)\b)"""
                           r"""(?:[^\s"“‘',;:()][^\s"“,;:()]*[ \t]+){1,8}?["“‘']\w""")
#: Verbs that report speech only next to a quotation: 'Lam continued, "We will ..."',
#: '"...," he continued.' ("the search continued", "continued to say" are not claims).
_QUOTE_ONLY = frozenset({"continued"})
_QUOTE_AFTER = re.compile(r"""[ \t]*[,:][ \t]*["“]""")
_QUOTE_BEFORE = re.compile(r"""[,.!?]["”][ \t]+(?:[\w'’.-]+[ \t]+){0,4}$""")
#: Attributing verbs: a claim of their subject only as "<verb> <object> to <cause>"; "an
#: attack ascribed to the Taliban", "statements attributed to him" name no speaker.
_ATTRIBUTING = frozenset({"ascribe", "ascribes", "ascribed", "attribute", "attributes",
                          "attributed"})
#: One to eight words of object, then "to", within the clause (not a passive's "by"
#: agent: "losses, attributed by Labour to protest voting").
_ATTRIBUTE_TO = re.compile(r"[ \t]+(?!(?:to|by)\b)(?:[^\s,;:.()\"“”]+[ \t]+){1,8}?to\b")
#: Labelling verbs: a claim of their subject only as "<verb> <object> as <label>"; "is
#: often referred to as", "referred to the Department of Justice", "characterized by" are
#: not.
_LABELLING = frozenset({"refers to", "referred to", "characterizes", "characterized",
                        "characterises", "characterised"})
#: One to eight words of object, then "as", within the clause.
_LABEL_AS = re.compile(r"[ \t]+(?!(?:as|by)\b)(?:[^\s,;:.()\"“”]+[ \t]+){1,8}?as\b")
#: Communication nouns: a claim of the subject of an issuing verb right before them ("The
#: palace issued the following statement", "De Blasio made the announcement live on
#: television", "Magyar Nemzet published an interview with ...", "ISIL releases a video
#: showing ..."); kept only after such a verb (_ISSUED_BEFORE).
_ISSUED_NOUNS = frozenset({"statement", "announcement", "press release", "video", "study",
                           "interview"})
_ISSUED_BEFORE = re.compile(
    r"\b(?:issued|issues|released|releases|published|publishes|made|makes)\s+"
    r"(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}$")
#: A noun after the communication noun makes it a modifier ("releases its video game
#: console", "made a video call"), not the thing issued.
_COMPOUND_AFTER = re.compile(r"\s+(?:game|games|console|consoles|camera|cameras|call|calls|"
                             r"link|conference|conferences|clip|clips|footage|recording|"
                             r"recordings|streaming|session|sessions|tour|room)\b")
#: "In his view, this is a nationwide problem", "In her opinion, the most difficult part
#: was ...": the possessive is the source (kept only opening a sentence, after "In/From" +
#: a possessive and before a comma: _VIEW_BEFORE; "X says, in his opinion, ..." is X's).
_VIEW_NOUNS = frozenset({"view", "opinion"})
_VIEW_BEFORE = re.compile(r"(?:^|(?<=[\s\"“]))(?:In|From)\s+(his|her|their)\s+$")
#: Conjecture verbs: claims only before a reported clause, "about" or the clause's end.
_CONJECTURE = frozenset({"speculate", "speculates", "speculated", "hypothesize",
                         "hypothesizes", "hypothesized", "hypothesise", "hypothesises",
                         "hypothesised", "theorized", "theorised", "theorizes", "theorises"})
_CONJECTURE_NEXT = re.compile(
    r"""\s*(?:[.,;:"“]|(?:that|the|a|an|this|these|it|he|she|they|there|his|her|their|"""
    r"""its|about|on|whether|how|why|what)\b)""")
#: Cues of a source only after "news" ("He came from a poor family" is none).
_NEWS_FROM = frozenset({"came from", "comes from"})
#: Cues kept only under a condition (see _rule_pass).
_FILTERED_CUES = _EVIDENCE_VERBS | _NAMING_SET | _QUOTE_ONLY | _ATTRIBUTING | _LABELLING \
    | _NEWS_FROM | _CONJECTURE | _VIEW_NOUNS | _ISSUED_NOUNS | {"per"}
_CUE_WORDS = sorted({w.lower() for w in _PHRASES_AFTER + _PHRASES_BEFORE + _VERBS + _GERUNDS
                     + _NAMING} | _VIEW_NOUNS | _ISSUED_NOUNS
                    | _AMBIGUOUS_SET | {"a statement from", "a statement by"})
# Anchored cue matcher: first letter in either case ("According to"), the rest lower case.
_CUE_AT = re.compile(
    r"(?P<cue>(?:" + "|".join(
        f"[{c}{c.upper()}]" + _trie_regex([w[1:] for w in _CUE_WORDS if w[0] == c])
        for c in sorted({w[0] for w in _CUE_WORDS})) + r"))(?![\w-])",
)
# Literal prefixes (lower case) that every cue starts with: located with str.find, which
# is much faster than scanning the text with the full alternation.
_CUE_PREFIXES: tuple[str, ...] = tuple(sorted({w[:4] for w in _CUE_WORDS}))


# Every word-initial position of a cue prefix in the lower-cased text, in ONE scan
# (zero-width after its first character, so overlapping hits such as "in a" / "a st" are
# all reported). ``\w`` is exactly ``str.isalnum()`` plus "_". The scan matches the
# character BEFORE the word (a hit at ``m.start() + 1``) instead of testing a lookbehind:
# a pattern that starts with a character class lets ``re`` skip letters with its fast
# class scan, which is cheaper than trying ``(?<![\w-])`` at every offset. A cue at
# offset 0 has no character before it: ``_CUE_HEAD`` tests that offset alone.
_CUE_PREFIX_RX = "(?=" + _trie_regex(_CUE_PREFIXES, space=re.escape(" ")) + ")"
_CUE_SCAN = re.compile(r"[^\w-]" + _CUE_PREFIX_RX)
# The same positions, further filtered by a condition that every ``_CUE_AT`` match
# satisfies on the lower-cased text (the whole cue, lower-cased): positions it drops
# would fail ``_CUE_AT`` anyway. Valid only when lower-casing keeps every offset.
# The cue must end its word here too (as _CUE_AT requires): "percent", "control" or
# "company" under the prefixes of "per", "continued" or "complain" are rejected inside
# the scan, not by a failed ``_CUE_AT`` call each.
_CUE_WORDS_RX = "(?=(?:" + _trie_regex(_CUE_WORDS) + r")(?![\w-]))"
_CUE_SCAN_FULL = re.compile(r"[^\w-]" + _CUE_PREFIX_RX + _CUE_WORDS_RX)
_CUE_HEAD = re.compile(_CUE_PREFIX_RX)
_CUE_HEAD_FULL = re.compile(_CUE_PREFIX_RX + _CUE_WORDS_RX)


_EVIDENCE_NEAR = re.compile(  # (case-sensitive, prefix-factored: cheaper than re.I)
    r"\b" + _trie_regex(sorted(_EVIDENCE_HEADS | {w.capitalize() for w in _EVIDENCE_HEADS}))
    + r"\b")


def _find_cues(text: str) -> list[re.Match[str]]:
    """All cue matches in ``text``, in order (word-bounded)."""
    out: list[re.Match[str]] = []
    last_end = -1
    low = text.lower()
    full = len(low) == len(text)
    scan = _CUE_SCAN_FULL if full else _CUE_SCAN
    starts = [h.end() for h in scan.finditer(low)]  # (a hit is one character long)
    if (_CUE_HEAD_FULL if full else _CUE_HEAD).match(low):
        starts.insert(0, 0)
    for i in starts:
        if i < last_end:
            continue
        m = _CUE_AT.match(text, i)
        if m is not None:
            out.append(m)
            last_end = m.end()
    return out


_WORD = re.compile(r"[\w][\w'’.&-]*|[()]")
_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan.", "feb.", "aug.",
           "sept.", "sep.", "oct.", "nov.", "dec."}
# tokens stripped between a source and its cue: "X also said on Thursday"
_FILLER = _DAYS | _MONTHS | {
    "also", "has", "have", "had", "later", "earlier", "again", "further", "previously",
    "then", "reportedly", "officially", "publicly", "anonymously", "repeatedly", "recently",
    "separately", "initially", "first", "today", "yesterday", "tonight", "subsequently",
    "would", "will", "could", "did", "does", "do", "already", "now", "still", "however",
    "too", "just", "quickly", "immediately", "on", "late", "early", "last", "this", "night",
    "morning", "evening", "afternoon", "week", "month", "year", "weekend", "both", "all",
    "originally", "once", "afterwards", "themselves", "itself", "himself", "herself",
    "elsewhere", "meanwhile", "similarly", "likewise", "jointly", "also,", "since",
    "in", "at", "midday", "noon", "overnight", "shortly", "soon", "thereafter",
    "there", "here", "instead",
}
# nouns that end like adverbs ("his family reported")
_LY_NOUNS = frozenset({"family", "ally", "rally", "assembly", "supply", "reply", "anomaly",
                       "monopoly", "daily", "weekly", "monthly", "quarterly", "bully", "folly"})
# time words that may open a clause before its subject
_LEAD_TIME = _DAYS | _MONTHS | {"on", "yesterday", "today", "earlier", "later", "meanwhile",
                                "tonight", "overnight", "elsewhere", "separately"}
# words at which a source phrase starts (cut everything before and including them)
_LEFT_STOP = {
    "that", "which", "who", "whom", "whose", "after", "before", "when", "while", "as",
    "because", "since", "if", "although", "though", "where", "whereas", "but", "or", "so",
    "until", "unless", "what", "how", "why", "than", "whether", "amid", "despite", "nor",
    "is", "was", "were", "are", "be", "been", "being", "said", "says", "told", "where",
    "meanwhile", "however", "instead", "yet", "once", "with", "without", "by", "during",
}
_BAD_END = {
    "of", "the", "a", "an", "to", "with", "by", "from", "for", "in", "on", "at", "and",
    "or", "not", "is", "was", "were", "are", "be", "been", "being", "has", "have", "had",
    "would", "will", "can", "could", "should", "may", "might", "must", "this", "that",
    "these", "those", "his", "her", "its", "their", "our", "my", "your", "than", "as",
    "there", "here", "which", "who", "what", "it's", "no", "any", "some", "every", "new",
    "latest", "first", "previous", "such", "unconfirmed", "initial", "recent", "earlier",
    "received", "denied", "rejected", "dismissed", "made", "making", "amid", "despite",
    "one", "other", "others", "many", "several",
}
_NOUN_MODIFIERS = {"media", "press", "news", "local", "unconfirmed", "initial", "earlier",
                   "conflicting", "recent", "separate", "later", "early", "similar", "official",
                   "preliminary", "medical", "intelligence", "police", "these", "those", "such"}
_NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "dozens", "hundreds", "thousands"}
_STRICT_NOUNS = frozenset(_forms("state/states", "post/posts", "note/notes", "quote/quotes",
                                 "comment/comments", "tweet/tweets", "remark/remarks",
                                 "estimate/estimates", "indicate/indicates"))
#: A request or an article of a law after "per"/"according to" is a procedure, not a
#: source ("Per the request, Parliament would meet briefly", "according to the Article 59
#: of constitution", "Per request of Prime Minister Boris Johnson").
_PROCEDURE = re.compile(r"(?:the\s+)?(?:\w+\s+)?(?:[Aa]rticles?|[Rr]equests?)\b")
_NOT_SOURCES = re.compile(
    r"^(?:the\s+)?(?:\w+\s+)?(?:calendar|plan|law|laws|constitution|agreement|deal|rules|"
    r"schedule|tradition|custom|terms|sharia|treaty|estimates?|legend|polls?|"
    r"results|data|records|documents?|footage|images|the\s+terms)$",
    re.I,
)
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "his", "her", "its",
                "their", "our", "my", "your", "of", "to", "new", "such", "no", "any"}
_PASSIVE = {"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"}
_PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "we", "i"}
#: Possessive sources ("In his view"), resolved as the personal pronoun.
_POSSESSIVE_PRONOUNS = {"his": "he", "their": "they"}
_ANAPHORA = {"the statement", "the agency", "the report", "the ministry", "the group",
             "the spokesman", "the spokeswoman", "the official", "the army", "the newspaper",
             "the observatory", "the military", "the police", "the movement"}
_SOURCE_HEAD = re.compile(
    r"\b(?:sources?|officials?|ministry|ministries|agency|agencies|media|reports?|police|"
    r"army|military|statement|spokes\w+|witness(?:es)?|residents?|observatory|group|"
    r"government|authorit(?:y|ies)|newspaper|television|tv|channel|monitor|council|office)\b",
    re.I,
)
_NP_END = re.compile(
    r"\s+(?:who|which|that|whose|where|when|as|based\s+(?:in|on|at)|released|issued|published|compiled|"
    r"quoted|cited|citing|saying|adding|and\s+(?:said|added|told)|on\s+(?:Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)|(?:on|via)\s+(?:Twitter|Facebook|Instagram|"
    r"Telegram|YouTube|Weibo|WhatsApp|TikTok)|in\s+(?:a|an|its|their|his|her)\s+"
    r"(?:statement|report|tweet|post|interview|speech))\b",
    re.I,
)
_INNER_BY = re.compile(
    r"(?:a|an|the)?\s*(?:\w+\s+)?(?:statement|report|video|figures|data|tally|count|tweet|post|"
    r"letter|message|announcement|poll|survey|study|investigation|analysis|release)(?:\s+on\s+\w+)?\s+(?:from|by|"
    r"(?:released|issued|published|compiled|conducted)(?:\s+(?:in|on|last)\s+\w+(?:\s+\d{1,2})?,?)?\s+by|of)\s+",
    re.I,
)
_BOUNDARY_CHARS = ",;:\"“”()[]—–"


@dataclass(slots=True)
class _Raw:
    cue: str
    cue_start: int
    cue_end: int
    source_start: int
    source_end: int
    sent: tuple[int, int]
    wire: bool = False


#: "by reports", "by varying reports", "by BTP's report" right before a "report(s)" cue, not
#: after a passive participle ("prompted by reports of gunfire" gives a cause): group 1 a
#: modifier of the reports, group 2 the possessor of a report.
_BY_REPORTS = re.compile(
    r"(?<![\w-])[Bb]y\s+(?:(early|initial|first|varying|conflicting|some|most|several|many|"
    r"multiple|other|unconfirmed|preliminary|local|media|news)\s+|([A-Z][\w.&-]*)['’]s\s+)?$")
_PASSIVE_BEFORE = re.compile(r"[a-z]+(?:ed|en)\s+$")


# --------------------------------------------------------------------------- helpers
def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` of every ``_WORD`` token in ``text[start:end]``."""
    # (m.start(), m.end() and m.group() as three calls: cheaper than unpacking m.span())
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]


def _norm(tok: str) -> str:
    return tok.lower().strip(".’'")


# The last clause boundary character of a search window (none may follow it).
_LAST_BOUNDARY = re.compile(
    "[" + re.escape(_BOUNDARY_CHARS) + "](?=[^" + re.escape(_BOUNDARY_CHARS) + "]*$)"
)


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Offset after the last clause boundary character in ``text[lo:pos]``."""
    # fast path: the last boundary character (found in C); only a ")" there needs the
    # bracket-counting walk below
    m = _LAST_BOUNDARY.search(text, lo, pos)
    if m is None:
        return lo
    if text[m.start()] != ")":
        return m.start() + 1
    i = m.start()
    depth = 0
    while i >= lo:
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return i + 1
            depth -= 1
        elif depth == 0 and ch in _BOUNDARY_CHARS:
            return i + 1
        i -= 1
    return lo


#: Participles of control before an agent inside a subject NP ("the bloc controlled by X").
_AGENT_PARTICIPLES = frozenset({"controlled", "led", "headed", "backed", "run", "owned",
                                "chaired", "founded", "supported", "funded", "sponsored"})


#: "<NP> identifying/calling itself as <name>": the NP is the subject (_trim_left_np).
_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
_SELF_NAMING = frozenset({"identifying", "calling", "describing", "styling"})


#: Nouns in -ing that may end a subject NP ("Relatives of the victims of the USS Cole
#: bombing", "the organisers of the meeting").
_ING_NOUNS = frozenset({"bombing", "bombings", "shooting", "shootings", "killing", "killings",
                        "meeting", "building", "uprising", "wedding", "briefing", "hearing",
                        "gathering", "crossing", "ceiling", "massacring", "kidnapping",
                        "kidnappings", "stabbing", "beheading", "lynching", "hijacking"})
#: Nouns in -ing that may end a subject NP and be a source: documents and evidence
#: ("Recent opinion polling by Democratic organizations indicated ...").
_ING_DOCS = frozenset({"polling", "ruling", "rulings", "filing", "filings", "reporting",
                       "testing", "monitoring"})


_NAME_FUNCTION_WORDS = frozenset({"of", "for", "in", "the", "and", "on", "to", "de"})


def _acronym_name(toks: list[tuple[int, int, str]]) -> bool:
    """True for a long proper name closed by its acronym: "The United Nations Relief and
    Works Agency for Palestine Refugees in the Near East (UNRWA)" (kept whole)."""
    if len(toks) > 24 or len(toks) < 4 or toks[-1][2] != ")" or toks[-3][2] != "(" \
            or not toks[-2][2].isupper():
        return False
    return all(w[:1].isupper() or w in _NAME_FUNCTION_WORDS
               for _, _, w in toks[:-3]) and toks[0][2][:1].isupper()


def _trim_left_np(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shortest source NP ending at ``end`` within ``text[start:end]``, or None."""
    toks = _tokens(text, start, end)
    # strip filler between the source and the cue
    while toks:
        w = toks[-1][2]
        if not (w.lower().strip(".’'") in _FILLER or w[0].isdigit()  # (_norm inlined)
                or (w.islower() and w.endswith("ly") and w not in _LY_NOUNS)):
            break
        if w.isdigit() and len(toks) > 1 and toks[-2][2][:1].isupper() \
                and toks[-2][2].lower() not in _MONTHS and toks[-2][0] >= start:
            break  # a number ending a name is part of it: "Channel 12", "Formula 1" (not "June 12")
        # keep "in"/"at"/"on" only when they start a trailing filler phrase
        toks.pop()
    if not toks:
        return None
    # cut at the last stop word
    cut = 0
    last = len(toks) - 1
    refl = -9
    for i in range(last, -1, -1):  # the last one: walk back, stop at the first
        # (_norm inlined: this loop runs for every token of the clause)
        w = toks[i][2]
        if i == refl:
            continue
        if w == "as" and 2 <= i < last and toks[i - 1][2] in _REFLEXIVES \
                and toks[i - 2][2] in _SELF_NAMING:
            # "a man identifying himself as an al-Qaeda spokesman says": the man
            refl = i - 1
            continue
        if w == "by" and 2 <= i < last and toks[i - 1][2] in _AGENT_PARTICIPLES \
                and toks[i - 2][2].lower() not in _LEFT_STOP and toks[i - 2][2] not in _BAD_END:
            # "The Iraqi parliamentary bloc controlled by militia leader Moqtada al-Sadr
            # announces": the NP modified by "controlled by ..." is the subject
            continue
        if (w.lower().strip(".’'") in _LEFT_STOP and not (len(w) > 1 and w.isupper())) \
                or (i < last and (w in _CUE_VERB_FORMS or w in _CUE_VERB_S)):
            # "Reuters reported on Monday a German government source": the source is
            # after another cue verb
            cut = i + 1
            break
    toks = toks[cut:]
    if not toks:
        return None
    # drop a leading "both" / "and", and leading time filler ("on Monday a source")
    while len(toks) > 1 and _norm(toks[0][2]) in _LEAD_TIME:
        toks = toks[1:]
    while toks and (_norm(toks[0][2]) in {"both", "and", "then", "also", "but", "so"}
                    or toks[0][2] in _MODALS):
        toks = toks[1:]  # (a modal opens a question: "what would you hypothesize")
    if not toks:
        return None
    lastw = toks[-1][2]
    if _norm(lastw) in _BAD_END or (lastw.islower() and lastw.endswith(
            ("ed", "ing", "n't")) and lastw not in _ING_NOUNS and lastw not in _ING_DOCS) \
            or lastw.lower() in _NUMBER_WORDS:
        return None
    # a lower-case past-tense verb inside means the clause is not a bare NP:
    # "Troops stormed the village and the army said" -> cut after "and"; so does a cue
    # verb's base form or "be" ("Two UN rapporteurs condemn the executions and Amnesty
    # International alleges"), or a time adverbial after "and" ("85% were in favour and on
    # Friday the government announced" -> "the government")
    for i in range(len(toks) - 1, -1, -1):
        w = toks[i][2]
        if w == "and" or w == "&":
            left = toks[:i]
            if any(t[2].islower() and (t[2].endswith("ed") or (
                    t[2] in _MODALS or t[2] in _CUE_VERB_S or t[2] in _CLAUSE_VERBS))
                   for t in left) or (i + 2 < len(toks) and _norm(toks[i + 1][2]) in _LEAD_TIME):
                toks = toks[i + 1:]
                if len(toks) > 2:
                    while len(toks) > 1 and _norm(toks[0][2]) in _LEAD_TIME:
                        toks = toks[1:]  # "on Friday the government" -> "the government"
                break
    if not toks or len(toks) == 2 and _PLATFORM_ONLY.fullmatch(text, toks[0][0], toks[1][1]):
        return None  # ("and on Twitter referred to ...": the subject is the main clause's)
    if len(toks) > 12 and not (len(toks) <= 24 and toks[0][2].islower()
                               and any(t[2] == "from" for t in toks[1:3])) \
            and not _acronym_name(toks):
        # (kept whole: "researchers from the Georgia Institute of Technology (GT) and
        # University of South Carolina Beaufort", a group named by its institutions)
        of = next((k for k, t in enumerate(toks[:6]) if t[2] == "of"), -1)
        if of >= 2 and toks[0][2].lower() in {"a", "an", "the"}:
            # "A federal indictment of a former official of Life for Relief and
            # Development claims": the head noun phrase before the first "of"
            toks = toks[:of]
        else:
            toks = toks[-6:]
        if _norm(toks[0][2]) in _DETERMINERS - {"a", "an", "the"}:
            return None
    s, e = toks[0][0], toks[-1][1]
    # a trailing parenthetical "(FSB)" is kept only when it is all there is
    if text[e - 1] == ")" and "(" in text[s:e]:
        p = text.rfind("(", s, e)
        if p > s and text[s:p].strip():
            e = s + len(text[s:p].rstrip())  # (text[s:p] is not blank: e stays above s)
    return s, e


#: Characters that may end the source NP after a cue (see :func:`_right_np`).
#: Lower-case words that cannot be part of a role before a name (see _right_np).
_ROLE_STOP = frozenset({"for", "of", "at", "from", "in", "with", "the", "a", "an", "to", "on",
                        "and", "by", "that", "who", "which", "it", "he", "she", "they"})
_NP_STOP_CANDIDATE = re.compile(r"[,;:\"“”—–.]")


def _right_np(text: str, start: int, end: int, *, keep_document: bool = False,
              role_lead: bool = False) -> tuple[int, int] | None:
    """Source NP starting at ``start`` (after "according to", "said" ...), or None."""
    while start < end and text[start].isspace():
        start += 1
    m_inner = _INNER_BY.match(text, start, end)
    outer = start
    if m_inner:
        # "a statement released by the Supreme Court": the source NP is found after "by",
        # and the span keeps the document ("the shortest span that names the source"
        # may be either; the longer one covers both)
        start = m_inner.end()
    # stop at a clause boundary (only the characters of _NP_STOP_CANDIDATE can be one:
    # the regex skips the others in C instead of a Python loop over every character)
    stop = end
    for c in _NP_STOP_CANDIDATE.finditer(text, start, end):
        i = c.start()
        if text[i] in ",;:\"“”" or (text[i] in "—–" and not (
                text[i - 1:i].isalnum() and text[i + 1:i + 2].isalnum())) or (
                text[i] == "." and (i + 1 >= end or text[i + 1] in " \n")):
            if text[i] == "." and i > start and _is_abbrev_dot(text, start, i):
                continue
            stop = i
            break
    for m in _NP_END.finditer(text, start, stop):
        w = m.group().strip()
        if len(w) > 1 and w.isupper():
            continue  # "the WHO": an acronym, not the pronoun
        stop = m.start()
        break
    seg = text[start:stop].rstrip()
    if not seg:
        return None
    toks = _tokens(text, start, start + len(seg))
    if not toks:
        return None
    if len(toks) > 12:
        # "According to Hamas the death toll ...": keep the leading proper name
        keep: list[tuple[int, int, str]] = []
        lead = 0
        if role_lead:
            # '"...," said study co-author Ted Scambos of CU Boulder's Cooperative ...':
            # up to four lower-case role words before the name
            while lead < 4 and lead < len(toks) and toks[lead][2].islower() \
                    and toks[lead][2] not in _ROLE_STOP:
                lead += 1
            if lead < len(toks) and toks[lead][2][:1].isupper():
                keep = toks[:lead]
            else:
                lead = 0
        j = lead
        roles = False
        while j < len(toks):
            t = toks[j]
            if t[2][:1].isupper() or (keep and t[2] in {"of", "for", "and", "the", "on", "al",
                                                        "de"}) or (not keep and t[2] == "the"):
                keep.append(t)
                j += 1
                continue
            if not roles and keep and keep[-1][2][:1].isupper() and j - lead <= 2:
                # "Israeli construction minister Ariel Attias in addition to ...": role
                # words between a nationality and a name
                r = j
                while r < len(toks) and r - j < 3 and toks[r][2].islower() \
                        and toks[r][2] not in _ROLE_STOP and toks[r][2].isalpha():
                    r += 1
                if r > j and r + 1 < len(toks) and toks[r][2][:1].isupper() \
                        and toks[r + 1][2][:1].isupper():
                    keep.extend(toks[j:r])
                    j = r
                    roles = True
                    continue
            break
        while keep and not keep[-1][2][:1].isupper():
            keep.pop()
        if len(keep) > 10:
            # "Commissioner James Rovella of the Connecticut Department of ...": the person
            cut = next((i for i, t in enumerate(keep) if t[2] == "of"), 0)
            keep = keep[:cut] if 0 < cut <= 10 else []
        if not keep:
            return None
        toks = keep
    while toks:
        w = toks[-1][2]
        nw = w.lower().strip(".’'")  # (_norm, once for both tests)
        if not ((nw in _BAD_END or nw in _FILLER) and not (len(w) > 1 and w.isupper())):
            break
        toks.pop()
    if not toks:
        return None
    s, e = toks[0][0], toks[-1][1]
    if text[e - 1] == "." and not _is_abbrev_dot(text, s, e - 1):
        e -= 1
    if m_inner and keep_document:
        s = outer
    return s, e


#: ", Name Name," right after a role ("according to the mayor, Chris Kervick, ...").
_ROLE_THEN_NAME = re.compile(r",\s+((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)(?:,|\.(?!\w))")


def _is_abbrev_dot(text: str, lo: int, i: int) -> bool:
    j = i
    while j > lo and not text[j - 1].isspace():
        j -= 1
    word = text[j:i].lower()
    return ("." in word) or len(word) == 1 or word in {"gen", "dr", "mr", "mrs", "ms", "lt",
                                                       "col", "sgt", "st", "no", "maj", "capt"}


def _prev_word(text: str, lo: int, pos: int) -> str:
    i = pos - 1
    while i >= lo and not (text[i].isalnum()):
        i -= 1
    j = i
    while j >= lo and (text[j].isalnum() or text[j] in "'’.-"):
        j -= 1
    return text[j + 1:i + 1].lower()


_NEXT_WORD = re.compile(r"\s*([\w'’.-]+|[^\w\s])")
_AND = re.compile(r"\s+and\s+")
_ORG_HEADS = frozenset({"agency", "committee", "council", "office", "ministry", "department",
                        "organization", "organisation", "institute", "service", "authority",
                        "commission", "centre", "center", "bureau", "corps", "administration",
                        "board", "directorate", "foundation", "association", "union", "front"})
_OF_INSIDE = re.compile(r"\s(?:of|for)\s")
_OF_END = re.compile(r"\b(?:of|for)\s*$")
_WS = re.compile(r"\s+")
_PHRASES_AFTER_SET = frozenset(_PHRASES_AFTER)


def _next_word(text: str, pos: int, hi: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(hi, pos + 40))
    return m.group(1).lower() if m else ""


def _split_conjuncts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split "X and Y" subject into two spans when both sides look like names."""
    seg = text[s:e]
    if " and " not in seg:
        return [(s, e)]  # (no " and ": the count test below rejects it; skip the search)
    m = _AND.search(seg)
    if not m or seg.count(" and ") != 1:
        return [(s, e)]
    left, right = seg[: m.start()], seg[m.end():]
    if not left or not right:
        return [(s, e)]

    def np_like(x: str) -> bool:
        w = x.split()
        return 0 < len(w) <= 5 and (x[0].isupper() or w[0].lower() in {"the", "a", "an"})

    rw = right.split()
    if rw[-1].lower() in {"officials", "sources", "diplomats", "forces", "troops", "leaders",
                          "ministers", "spokesmen", "officers", "authorities"} \
            and not any(w.islower() for w in left.split()):
        return [(s, e)]  # "White House and Pentagon officials": one shared head
    if rw[-1].isalpha() and rw[-1].islower() and right[:1].isupper() and len(rw) <= 4 \
            and "'s " not in right and "’s " not in right and not any(w.islower() for w in left.split()):
        # "al-Zarqawi's Tawhid and Jihad militant group": two names before one common head
        return [(s, e)]
    lw = left.split()
    if len(lw) <= 4 and lw[-1].isalpha() and lw[-1].islower() and not lw[-1].endswith("s") \
            and lw[0][:1].isupper() and len(rw) >= 3 and rw[-1][:1].isupper() \
            and rw[-2][:1].isupper() and rw[0][:1].isupper():
        # "Conservative Party leader and Prime Minister Boris Johnson": two roles of one
        # named person
        return [(s, e)]
    if np_like(left) and np_like(right) and right.split()[0] not in {"Security", "Trade"}:
        # keep "the Ministry of Foreign Affairs and Trade" style names together
        if _OF_END.search(left.rsplit(" ", 2)[0] + " ") and right[0].isupper() \
                and len(right.split()) == 1:
            return [(s, e)]
        if left.split()[0].lower() == "the" and right.split()[-1].lower() in _ORG_HEADS \
                and right.split()[0].lower() not in _DETERMINERS:
            return [(s, e)]  # "the Search and Rescue Agency": one name
        if _OF_INSIDE.search(left) and (right[0].isupper() or (
                right.startswith("the ") and right[4:5].isupper()
                and (left[:1].isupper() or left.startswith("the ") and left[4:5].isupper()))):
            # one name: "the Institute of Volcanology and Seismology", "Centers for
            # Disease Control and Prevention", "The governments of Syria and Lebanon",
            # "The Islamic State of Iraq and the Levant"
            return [(s, e)]
        return [(s, s + m.start()), (s + m.end(), e)]
    return [(s, e)]


# --------------------------------------------------------------------------- extraction
#: Longest stretch of text (characters) treated as one sentence; longer sentences
#: (scraped text without punctuation, hostile input) are cut at spaces, and the source
#: of a cue is looked for at most this far on either side. This keeps extraction
#: linear in the text length: every cue scans a bounded window, not its whole sentence.
_MAX_SENTENCE = 1000
_CUE_WINDOW = 300


def _bounded_sentences(text: str, start: int = 0, end: int | None = None, *,
                       stop: int | None = None) -> list[tuple[int, int]]:
    """:func:`split_sentences`, with sentences over ``_MAX_SENTENCE`` cut at spaces.

    ``stop``: only the sentences of :func:`split_sentences` that start at or before it
    (each cut into its bounded pieces as usual).
    """
    out: list[tuple[int, int]] = []
    for s, e in split_sentences(text, start, end, stop=stop):
        while e - s > _MAX_SENTENCE:
            cut = text.rfind(" ", s + _MAX_SENTENCE // 2, s + _MAX_SENTENCE)
            cut = cut if cut > s else s + _MAX_SENTENCE
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
    return out


def _cue_sentences(text: str, cues: list[re.Match[str]]) -> list[tuple[int, int]]:
    """The (bounded) sentences of the lines that hold a cue start, in order.

    Sentences never cross a newline, so these are exactly the sentences of
    :func:`_bounded_sentences` that can contain a cue; lines without a cue are never split,
    and a line is split only up to the sentence holding its last cue start (the sentences
    after it hold no cue start).
    """
    regions: list[list[int]] = []  # [start, end, last cue start]
    line_end = -1
    n = len(text)
    for m in cues:
        cs = m.start()
        if cs < line_end:
            regions[-1][2] = cs
            continue
        line_start = text.rfind("\n", 0, cs) + 1
        line_end = text.find("\n", cs)
        if line_end < 0:
            line_end = n
        if regions and not text[regions[-1][1]:line_start].strip():
            # only blank lines between: split them together
            regions[-1][1] = line_end
            regions[-1][2] = cs
        else:
            regions.append([line_start, line_end, cs])
    out: list[tuple[int, int]] = []
    for start, end, last in regions:
        out.extend(_bounded_sentences(text, start, end, stop=last))
    return out


def _cue_window(text: str, sent: tuple[int, int], cs: int, ce: int) -> tuple[int, int]:
    """The part of ``sent`` within ``_CUE_WINDOW`` characters of a cue, cut at spaces."""
    ss, se = sent
    if cs - ss > _CUE_WINDOW:
        j = text.find(" ", cs - _CUE_WINDOW, cs)
        ss = j + 1 if j >= 0 else cs - _CUE_WINDOW
    if se - ce > _CUE_WINDOW:
        j = text.rfind(" ", ce, ce + _CUE_WINDOW)
        se = j if j > ce else ce + _CUE_WINDOW
    return ss, se


#: A sentence-opening name of two to four capitalised words ("Malik Mohammad Qayyum").
_OPENING_NAME = re.compile(r"\s*(?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’-]+")
#: present and past of "be": the auxiliary of a progressive cue ("are describing") and the verb
#: after a reduced passive ("The reason claimed is")
_BE_FORMS = frozenset({"is", "are", "was", "were"})


def _inside_quote(text: str, pos: int) -> bool:
    """True when ``pos`` lies between an opening and a closing quotation mark of its line."""
    lo = text.rfind("\n", 0, pos) + 1
    if text.find('"', lo, pos) < 0 and text.find("“", lo, pos) < 0:
        return False  # (no quotation mark opens before it on its line)
    hi = text.find("\n", pos)
    if hi < 0:
        hi = len(text)
    n = text.count('"', lo, pos)
    if n % 2 == 1 and text.find('"', pos, hi) >= 0:
        return True
    o = text.rfind("“", lo, pos)
    return o >= 0 and text.rfind("”", o, pos) < 0 and text.find("”", pos, hi) >= 0



#: The rest of a list of agents after "by X" that ends its clause: ", Y, Z and W."
_LIST_ITEM = re.compile(r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?!(?:and|on|in|at|for|over|after|"
                        r"before|during|as|of|to|with|from|by|since|amid)\b)[A-Za-z][\w'’-]*){0,3}")
_BY_LIST = re.compile(r"(?:,\s+" + _LIST_ITEM.pattern + r")*,?\s+and\s+" + _LIST_ITEM.pattern
                      + r"\s*(?=[.;]|$)")


#: "and" then time/manner filler right before a cue ("... and again observed").
_PLATFORM = (r"(?:on|via)\s+(?:Twitter|Facebook|Instagram|Telegram|YouTube|Weibo|WhatsApp|"
             r"TikTok)")
#: A platform phrase alone is no subject ("and on Twitter referred to": _trim_left_np).
_PLATFORM_ONLY = re.compile(_PLATFORM)
_PLATFORM_WORDS = frozenset({"twitter", "facebook", "instagram", "telegram", "youtube", "weibo",
                             "whatsapp", "tiktok"})
_AND_FILLER = re.compile(r"\sand\s+(?:(?:also|again|then|later|now|further|subsequently|"
                         r"repeatedly|publicly|officially|separately|reportedly|"
                         + _PLATFORM + r")\s+){1,2}$")


#: Nouns after "reported"/"confirmed" used as adjectives ("reported casualties").
_ADJECTIVE_NOUNS = frozenset({"cases", "casualties", "incidents", "deaths", "infections",
                              "figures", "attacks", "killings", "victims", "sightings"})


_SPAN_PREPS = frozenset({"In", "in", "For", "for", "amongst", "among", "Amongst", "Among", "at",
                         "At", "from", "From", "with", "of", "by"})
_BAD_FIRST = _GERUND_SET | _SPAN_PREPS
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they)\b")
_WENT_ON_TO = re.compile(r"\s(?:went|goes|go)\s+on\s+to\s+$")


def _context_filtered(text: str, low: str, ss: int, cs: int, sent: tuple[int, int],
                      cues: list[re.Match[str]], prev: str, nxt: str) -> bool:
    """True for a cue of :data:`_CONTEXT_FILTERED` that its context shows is no claim."""
    if low == "described":
        # "A man described as Al Qaeda's leader": a reduced passive after an indefinite
        # noun opening its clause, no speaker ("what the interior ministry described
        # as", "that Wang described as": object relatives, the subject speaks)
        return nxt == "as" and _INDEFINITE_NP.fullmatch(text, _clause_start(text, ss, cs),
                                                        cs) is not None
    if low in _BELIEVE_FORMS:
        # "said they believe gas was the trigger", "told Wikinews he believed": a belief
        # inside speech already attributed, not a new claim
        return any(sent[0] <= c.start() < cs for c in cues)
    # "the total reported casualties", "daily confirmed cases": adjectives (and "Some
    # estimated death tolls, provided ... by officials", "the estimated cost")
    if low == "reported" and nxt in _LOCATIVE_PREPS \
            and _with_subject(text, _clause_start(text, ss, cs), cs) is not None:
        # "with tanks reported in neighbourhoods": an absolute passive, seen not said
        return True
    if low == "estimated":
        return (nxt in _ADJECTIVE_NOUNS or nxt in _ESTIMATE_NOUNS) and (
            prev in _DETERMINERS or prev in {"some", "several", "many", "other"})
    return nxt in _ADJECTIVE_NOUNS and (prev in _DETERMINERS or prev in _ADJECTIVE_LEAD
                                        or prev[:1].isdigit())


_BELIEVE_FORMS = frozenset({"believe", "believes", "believed"})
_ADJECTIVE_LEAD = frozenset({"total", "daily", "new", "amongst", "among", "of", "with", "no",
                             "other", "all", "more", "fewer", "unconfirmed", "weekly"})


_CONTEXT_FILTERED = _BELIEVE_FORMS | {"described", "reported", "confirmed", "estimated"}
_REDUCED_PASSIVE = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\s+[a-z]+\s+$")
_LOCATIVE_PREPS = frozenset({"in", "near", "at", "across", "around", "inside", "outside"})
_ESTIMATE_NOUNS = frozenset({"death", "toll", "tolls", "number", "numbers", "cost", "costs",
                             "damage", "losses", "value", "population"})
_INDEFINITE_NP = re.compile(r"\s*(?:A|An|a|an)\s+(?:[a-z][\w'’-]*\s+){1,3}")


#: A colon right before an opening quotation mark, after a lower-case word: a quotation
#: introduced by a verb phrase that holds no cue ('Governor John Bel Edwards addressed the
#: public: "No one should ..."'). Its match is added to the cues so that its sentence is
#: read; the claim's cue is the verb (see _colon_quote). (Literal ":" first: cheap scan.)
_COLON_QUOTE = re.compile(r"(?P<cue>:)(?<=[a-z]:)(?=[ \t]*[\"“])")
#: At most one adverb, then a past-tense verb, after the subject of a _COLON_QUOTE sentence.
_COLON_VERB = re.compile(r"\s+(?:(?:also|then|quickly|later|itself|themselves|[a-z]+ly)\s+)?"
                         r"([a-z]+)\b(?=[^:;\"“”]{0,80}$)")


def _colon_quote(text: str, sent: tuple[int, int], colon: int) -> _Raw | None:
    """The claim of '<subject> <past verb> ...: "<quotation>"' in a sentence with no cue
    outside quotation marks.

    The subject is the sentence's main subject (_main_subject): a name, a pronoun, an
    official body or a study, not inanimate; the cue is the past-tense verb right after it
    (one adverb or an appositive between them allowed; no second predicate after "and").
    """
    ss = sent[0]
    span = _main_subject(text, ss, colon)
    if span is None or _inanimate(text, *span):
        return None
    seg = text[span[0]:span[1]]
    if not (seg.rsplit(None, 1)[-1][:1].isupper() or seg.lower() in {"he", "she", "they"}
            or _SOURCE_HEAD.search(seg) or _evidence_subject(text, *span)):
        # a name, a pronoun, an official body or a study ("The match ended in a draw: ..."
        # is none)
        return None
    vs = span[1]
    if text[vs:vs + 1] == ",":
        # "Bruno Parrilla, the foreign affairs minister of Cuba, responded ...": after the
        # appositive's closing comma
        vs = text.find(",", vs + 1, colon)
        if vs < 0 or text.find(",", vs + 1, colon) >= 0:
            return None
        vs += 1
    mv = _COLON_VERB.match(text[:colon], vs)
    if mv is None:
        return None
    verb = mv.group(1)
    if not (verb.endswith("ed") or verb in _IRREGULAR_PAST) or verb in _AUX \
            or text.find(" and ", mv.end(1), colon) >= 0:
        # ("Police arrested two men and seized a banner: "...""): two predicates
        return None
    return _Raw(verb, mv.start(1), mv.end(1), span[0], span[1], sent)


#: "In an advisory issued late Sunday night, the National Hurricane Center upgraded ...",
#: "In a speech at Brandeis University, Jimmy Carter apologizes ...": a document or speech
#: opening a sentence whose subject issued it (see _in_document; "In a statement" is a
#: cue phrase of its own; rulings and decisions are left out: WCEP gold does not count a
#: court's ruling as a claim). (The literal "In " first: a leading lookbehind would cost
#: re its literal-prefix search, about as much as the whole cue scan.)
_IN_DOCUMENT = re.compile(
    r"(?P<cue>In (?<![^\s\"“]In )(?:(?:a|an|its|his|her|their)(?: [\w-]+){0,2}? "
    r"(?:advisory|report|speech|address|letter|bulletin|message|communiqu[eé]|"
    r"press release|update|study|paper)|findings))(?= |,)")


def _in_document(text: str, sent: tuple[int, int], cs: int, ce: int,
                 cues: list[re.Match[str]]) -> list[_Raw]:
    """Sources of a sentence-opening "In a <document> ...,": the document's own authors
    ("In findings published Tuesday in arXiv by a team of scientists from the University of
    Montreal, ...", "In a situational report of NDRRMC, ..."), else the subject of the main
    clause when no cue follows the comma (a cue verb there gives the claim itself)."""
    ss, se = sent
    if text[ss:cs].strip(" \"“"):
        return []
    comma = text.find(",", ce, se)
    if comma < 0:
        return []
    authors = [(a.start(1), a.end(1)) for a in _DOC_BY.finditer(text, ce, comma)]
    a = _DOC_OF.match(text, ce, comma)
    if a is not None:
        authors.append((a.start(1), a.end(1)))
    if authors:
        return [_Raw(text[cs:ce], cs, ce, s, e, sent) for s, e in authors]
    if _DOC_AUTHOR.search(text, ce, comma) \
            or any(c.start() > comma and c.group("cue")[0].islower()
                   and not _inside_quote(text, c.start()) for c in cues):
        # (a capitalised cue word is a name: "United States")
        return []
    span = _main_subject(text, comma + 1, se)
    if span is None:
        return []
    paren = text.find(" (", span[0], span[1])
    if paren > span[0]:
        span = span[0], paren  # "the National Hurricane Center (NHC)": the name
    if _inanimate(text, *span) or text[span[0]:span[1]].lower() in {"it", "there", "this"}:
        return []
    return [_Raw(text[cs:ce], cs, ce, span[0], span[1], sent)]


#: An author named inside the opening adverbial: "... by a team from UCL (UCL)", "by
#: Human Rights Watch and ...", "of NDRRMC" right after the document noun.
_DOC_BY = re.compile(r"\sby\s+((?:the\s+)?[A-Z][^,()]*?|(?:a|an)\s+(?:team|group|panel|"
                     r"consortium)\b[^,()]*?)(?=\s+and\s+(?:a|an|the)\s|\s*\(|$)")
_DOC_OF = re.compile(r"\s+of\s+((?:the\s+)?[A-Z][^,()]*?)(?=\s*\(|$)")
_DOC_AUTHOR = re.compile(r"\s(?:by|of|from)\s+(?:the\s+)?[A-Z]")


def _find_raw(text: str, sent: tuple[int, int], cues: list[re.Match[str]]) -> list[_Raw]:
    out: list[_Raw] = []
    for m in cues:
        cue = m.group("cue")
        low = _WS.sub(" ", cue.lower()) if " " in cue or "\n" in cue else cue.lower()
        cs, ce = m.start("cue"), m.end("cue")
        ss, se = _cue_window(text, sent, cs, ce)
        if cue[0].isupper() and cs > ss and text[cs - 1] not in "\"“‘'(":
            # "Tell Abyad", "United States": a capitalised cue inside a sentence is a name
            if not (low == "according to" and _prev_word(text, ss, cs) in {"", "and", "but"}):
                continue
        if _inside_quote(text, cs):
            # 'He noted, "The government ... have always claimed they have public support"':
            # speech reported inside a quotation is the quoted speaker's, not a new claim
            continue
        if m.re is _IN_DOCUMENT:
            out.extend(_in_document(text, sent, cs, ce, cues))
            continue
        if low == ":":
            if not any(o is not m and not _inside_quote(text, o.start()) for o in cues):
                r = _colon_quote(text, sent, cs)
                if r is not None:
                    out.append(r)
            continue
        prev = _prev_word(text, ss, cs)
        nxt = _next_word(text, ce, se)
        if low[:6] == "report" and low[-1:] in "ts":
            by = _BY_REPORTS.search(text, max(ss, cs - 40), cs)
            if by is not None and (low == "reports" or by.group(2)) \
                    and not _PASSIVE_BEFORE.search(text, max(ss, by.start() - 30), by.start()):
                # "By reports on Saturday, two died", "three or four by varying reports",
                # "had, by early reports, infected", "arrived, by BTP's report": the reports
                # (or the one whose report it is) are the source
                if by.group(2):
                    src = by.start(2), by.end(2)
                elif by.group(1):
                    src = by.start(1), ce
                else:
                    src = cs, ce
                out.append(_Raw(text[by.start():ce], by.start(), ce, *src, sent))
                continue
        if prev.endswith(("'s", "’s")) and " " not in low and text[cs - 1:cs] == " ":
            # "Johnson's stated intent", "by BTP's report": a modifier or a noun after a
            # possessive, not a verb
            continue
        if low == "per" and (cue[0] == "p" or not text[ce:ce + 2].strip()[:1].isalpha()):
            continue  # "15 deaths per 100,000": a rate, not a source
        if low == "as saying":
            out.extend(_as_saying(text, sent, ss, cs, ce, cue))
            continue
        if low in _ISSUED_NOUNS:
            out.extend(_issuer(text, sent, ss, cs, cue))
            continue
        if low in _VIEW_NOUNS:
            mv = _VIEW_BEFORE.search(text, max(ss, cs - 12), cs)
            if mv is not None:  # (always, after _rule_pass): "In his view, ..." -> "his"
                out.append(_Raw(cue, cs, ce, mv.start(1), mv.end(1), sent))
            continue
        if low == "cited" and _cites_a_reason(text, se, ce, prev, nxt):
            pass  # "Amundson cited improvements to ...": its subject is the source (below)
        elif low in _PHRASES_AFTER_SET or low.startswith("a statement"):
            start = ce
            if low == "cited" and nxt == "by":
                start = text.find("by", ce, se) + 2  # "was cited by Reuters"
            span = _right_np(text, start, se, keep_document=low == "according to")
            if span is None:
                continue
            seg = text[span[0]:span[1]]
            if _NOT_SOURCES.match(seg) or _PROCEDURE.match(seg):
                continue
            if low == "citing" and prev != ",":
                # "with the US State Department citing credible reports of ...": the
                # absolute's subject is a source too (the object one only by the test below)
                absolute = _with_subject(text, _clause_start(text, ss, cs), cs)
                if absolute is not None and not _inanimate(text, *absolute):
                    out.append(_Raw(cue, cs, ce, absolute[0], absolute[1], sent))
                    if not (_SOURCE_HEAD.search(seg) or find_agency(seg)
                            or _PROPER_NP.match(seg)):
                        continue
            if low == "citing" and not (_SOURCE_HEAD.search(seg) or find_agency(seg)
                                        or _PROPER_NP.match(seg)):
                # "cuts food aid by 50%, citing payment delays": a reason, and the
                # subject of the main clause is the one who gives it
                sub = _citing_subject(text, ss, cs)
                if sub is not None:
                    out.append(_Raw(cue, cs, ce, sub[0], sub[1], sent))
                continue
            if low == "cited" and not (_SOURCE_HEAD.search(seg) or find_agency(seg)):
                continue  # "cited security concerns": a reason, not a source
            if (low == "according to" or low.startswith("a statement") or low in _NEWS_FROM) \
                    and seg.rsplit(None, 1)[-1].islower():
                # "According to Windsor Locks' first selectman, Chris Kervick, there were":
                # the name after the role
                m2 = _ROLE_THEN_NAME.match(text, span[1], se)
                if m2 is not None:
                    span = m2.start(1), m2.end(1)
                    seg = text[span[0]:span[1]]
            if low in {"broadcast by", "aired by", "published by", "telling"}:
                # "a video broadcast by Al-Arabiya showed ...": the outlet's name only
                # ("telling the Nevada Independent:"; "telling reporters" is the audience)
                span = _agency_object(text, *span) or _media_object(text, *span)
                if span is None:
                    continue
                seg = text[span[0]:span[1]]
            if low in {"in remarks to", "in an interview with"}:
                # "in an interview with Rolling Stone he was open to ...": the name only
                mo = _OUTLET_BEFORE_CLAUSE.match(text, span[0], span[1])
                if mo is not None:
                    span = span[0], mo.end()
                    seg = text[span[0]:span[1]]
            if low in {"speaking to", "in remarks to", "in an interview with", "speaking on",
                       "broadcast by", "aired by", "published by", "interviewed by"} and \
                    not (find_agency(seg) or keyword_type(seg) and keyword_type(seg)[0] == "media"):
                if low not in {"in remarks to", "in an interview with"} or seg[:1].islower() \
                        or not _OUTLET_NAME.match(seg):
                    continue
                # "in an interview with Dawn", "in remarks to UOL.com.br": one gives an
                # interview or remarks to an outlet (a person there is the interviewer,
                # who is named with a role: "with CNN's Jake Tapper")
            for s, e in _split_conjuncts(text, *span):
                out.append(_Raw(cue, cs, ce, s, e, sent))
            continue
        if prev in _BE_FORMS and low.endswith("ing") and nxt != "by":
            # progressive: "in what Israeli authorities are describing as a terror attack"
            cl = _clause_start(text, ss, cs)
            aux = cs - len(prev) - 1
            if text[aux:cs - 1].lower() == prev:
                span = _trim_left_np(text, cl, aux)
                if span is not None and not _inanimate(text, *span) \
                        and text[span[0]:span[1]].lower() not in {"it", "there", "this", "that"}:
                    out.append(_Raw(cue, cs, ce, span[0], span[1], sent))
            continue
        # passive: "was claimed by X", "reported by X"
        if prev in _PASSIVE or nxt == "by" or _adverb_passive(text, ss, cs, prev):
            if nxt == "by" and low != "dismissed" and low != "threatened":
                # ("was dismissed by": fired; "a province threatened by mining interests":
                # endangered)
                by = text.find("by", ce, se)
                span = _right_np(text, by + 2, se)
                if span is not None:
                    for s, e in _split_conjuncts(text, *span):
                        out.append(_Raw(cue, cs, ce, s, e, sent))
                    if text[span[1]:span[1] + 1] == ",":
                        # "criticised by the United States, the Israeli left, ... and the
                        # Palestinians.": every agent listed up to the end of the clause
                        ml = _BY_LIST.match(text, span[1], se)
                        if ml is not None:
                            for mi in _LIST_ITEM.finditer(text, span[1], ml.end()):
                                out.append(_Raw(cue, cs, ce, mi.start(), mi.end(), sent))
            continue
        if low == "reports" and nxt in {"of", "that"}:
            # "amid reports of", "with unconfirmed reports that": the reports are the source
            s0 = _report_np_start(text, ss, cs)
            if s0 is not None:
                out.append(_Raw(cue, cs, ce, s0, ce, sent))
                continue
        if low in {"state", "states"} and text[cs - len(prev) - 1:cs][:1].isupper() \
                and _DET_ADJ_BEFORE.search(text, max(ss, cs - 40), cs):
            continue  # "a Palestinian state that ...": the noun
        verb_read = low in _AMBIGUOUS_SET and (
            _reports_verb(text, ss, cs, ce, se, prev, nxt)
            or prev in _VERB_ADVERBS and nxt in _ADVERB_VERB_NEXT
            and _adverb_verb(text, ss, cs, prev))
        if verb_read:
            pass  # "French media reports that", "Al Jazeera reports."
        elif low in _AMBIGUOUS_SET:
            if prev in _DETERMINERS or prev.endswith(("'s", "’s")) or prev in _BAD_END \
                    or prev in _NOUN_MODIFIERS:
                continue
            if nxt in {"of", "by", "from", "about", "on", "in", "to", ",", ".", "have", "has",
                       "had", "were", "was", "are", "is", "say", "said", "says", "suggest",
                       "show", "that's", "and", "or", ")", "for", "over", "emerged",
                       "surfaced", "indicate", "claim", "claimed"}:
                continue
        if low in _STRICT_NOUNS and not verb_read and nxt not in {"that", '"', "“", "the", "a", "an", ":", "its",
                                                 "his", "her", "their", "it", "he", "she",
                                                 "they", "we"} and not (
                nxt in {"this", "these", "there"}):  # "Reports indicate this vehicle ..."
            # ("Japan states it is unrealistic": a subject pronoun opens the reported clause)
            continue
        if low in _GERUND_SET:
            if low == "claiming" and _CLAIMED_TOLL.match(text, ce, se):
                continue  # "an explosion ..., claiming 34 lives"
            if low == "asserting" and nxt != "that":
                continue  # "..., asserting control over the towns"
            if low == "adding" and (nxt == "to" or any(sent[0] <= c.start() < cs for c in cues)):
                # "..., Zapata said, adding ...": the earlier cue's claim covers it; "adding
                # to the 3 million displaced" is no speech
                continue
            cl = _clause_start(text, ss, cs)
            absolute = _with_subject(text, cl, cs)
            if absolute is not None:
                # "with one saying", "with the foreign ministry describing the deal as ..."
                if not _inanimate(text, *absolute):
                    out.append(_Raw(cue, cs, ce, absolute[0], absolute[1], sent))
                continue
            if text[cs - 2:cs].strip() not in {",", "—", "–"} and prev not in {"and"} \
                    and prev not in _DOCUMENT_NOUNS and prev not in _PARTICIPLE_INTRO \
                    and not (nxt == "that" and low in _THAT_GERUNDS):
                # a bare participle is a claim only after a document: "issues a report
                # claiming", "files a suit claiming" (the issuer is the source)
                continue
            span = _main_subject(text, ss, cs)
            if span is not None and not _inanimate(text, *span):
                out.append(_Raw(cue, cs, ce, span[0], span[1], sent))
            continue
        if _not_a_claim_verb(text, low, ce, se, prev, nxt):
            continue
        if nxt in _BE_FORMS and prev.islower() and prev not in _PRONOUNS \
                and _REDUCED_PASSIVE.search(text, max(ss, cs - 40), cs):
            # "The reason claimed is a costly legal battle": a participle after its noun
            # ("what he claimed is" keeps its speaker)
            continue
        if low in _CONTEXT_FILTERED and _context_filtered(text, low, ss, cs, sent, cues, prev,
                                                          nxt):
            continue
        if low in {"told", "tell", "tells"} and prev in {"to", "be"}:
            continue
        if prev in {"to", "not", "would", "will", "can", "could", "should", "may", "might",
                    "must", "didn't", "cannot", "refused", "declined"} and low not in {"said"}:
            # "refused to say", "declined to confirm": not a claim
            if prev == "will" and text[cs - 5:cs - 1].lower() == "will":
                # "X will announce the fate of the project by November 21", "Bush will urge
                # Russia to ...": a statement still to be made
                continue
            if prev in {"refused", "declined", "to"}:
                mg = _WENT_ON_TO.search(text, max(ss, cs - 20), cs) if prev == "to" else None
                if mg is None:
                    continue
                # "He went on to add \"...\"": the subject of "went on"
                gcl = _clause_start(text, ss, mg.start())
                span = _trim_left_np(text, gcl, mg.start())
                if span is None and gcl > ss and text[gcl - 1] == "," \
                        and not text[gcl:mg.start()].strip():
                    span = _appositive_subject(text, ss, gcl - 1)  # "X, the judge, went on"
                if span is not None and not _inanimate(text, *span):
                    out.append(_Raw(cue, cs, ce, span[0], span[1], sent))
                continue
        if low == "in a statement":
            span = None
            cl = _clause_start(text, ss, cs)
            span = _trim_left_np(text, cl, cs)
            if span is None:
                # "In a statement, the ministry said": handled by the verb; without a cue
                # verb after it ("In a statement issued from his office, cleric Muqtada
                # al-Sadr agrees to ..."), the subject after the comma is the source
                comma = text.find(",", ce, se)
                if cl == ss and comma > 0 and not any(c.start() > comma for c in cues):
                    span = _main_subject(text, comma + 1, se)
                if span is None or _inanimate(text, *span) \
                        or text[span[0]:span[1]].lower() in {"it", "there"}:
                    continue
            out.append(_Raw(cue, cs, ce, span[0], span[1], sent))
            continue
        cl = _clause_start(text, ss, cs)
        left_text = text[cl:cs]
        span: tuple[int, int] | None = None
        if len(left_text) <= 40 and left_text.strip() and \
                all(_norm(w) in _FILLER or w.islower() and w.endswith("ly")
                    and w not in _LY_NOUNS for w in left_text.split()):
            if cl > ss and text[cl - 1] == "," and left_text.split()[0] == "then":
                # "Formula 1 officially cancels X, then later announces": a second verb of
                # the main clause's subject
                span = _main_subject(text, ss, cs)
            left_text = ""  # "X, a former commander, has told"
        listed: list[tuple[int, int]] = []
        if left_text.strip():
            span = _trim_left_np(text, cl, cs)
            if prev in _UNNAMED_ENDS:
                # "Officials who asked not to be named said": the noun before the relative
                # clause that keeps them unnamed (TAXONOMY.md's own anonymous example)
                mu = _UNNAMED_WHO.search(text, cl, cs)
                if mu is not None:
                    span = _trim_left_np(text, cl, mu.start()) or span
            if span is None and prev in _QUANTIFIER_SUBJECTS:
                # "Some said", "and several said they wanted ...": a bare quantifier as the
                # subject (the clause holds nothing else, or "X did Y and several said")
                q = cs - len(prev) - 1
                before = text[cl:q].split()
                if not before or before[-1] == "and" and len(before) > 1:
                    span = q, cs - 1
            if span is not None and cl > ss and text[cl - 1] == "," \
                    and " and " in text[cl - 1:span[1]] and not text[cl:span[0]].strip(" and"):
                # "Jordan, Israel, Egypt and the United States condemn": every name listed
                listed = _listed_names(text, ss, cl - 1)
            if span is None and (prev == "and" or (prev in _FILLER or prev in _PLATFORM_WORDS)
                                 and _AND_FILLER.search(text, max(cl, cs - 40), cs)):
                # "X, a member of parliament, resigns and says ...", "They equipped horses
                # ... and again observed that"
                span = _main_subject(text, ss, cs)
            if span is None and prev in {"who", "which"}:
                # "drafted by Alex Greenwich who said ...": the antecedent of "who"
                w = text.rfind(prev, cl, cs) if text[cs - len(prev) - 1:cs - 1] == prev else -1
                if w > cl and text[cl:w].strip():
                    span = _antecedent_np(text, cl, w)
                elif w > cl and cl - 1 > ss and text[cl - 1] == ",":
                    # "Toronto Police, which indicated on Monday ...", "from Fields'
                    # lawyers, who argued ...": the noun phrase before the comma
                    pcl = _clause_start(text, ss, cl - 1)
                    span = _antecedent_np(text, pcl, cl - 1)
                    if text[pcl:cl].split(None, 1)[0] in {"a", "an"} and pcl - 1 > ss \
                            and text[pcl - 1] == "," and text[pcl - 2:pcl - 1].isalpha():
                        # "led by Mark Hay, a marine ecologist and Regents Professor at GT,
                        # who said": the name before the appositive
                        ante = _antecedent_np(text, _clause_start(text, ss, pcl - 1), pcl - 1)
                        if ante is not None and text[ante[0]].isupper():
                            span = ante
            elif span is not None and text[span[0] - 3:span[0]] == "by " \
                    and low not in _EVIDENCE_VERBS:
                # "Leaked Pentagon memo by X says": the document is the subject
                span = _evidence_span(text, cl, span) or span
            if span is not None and text[span[0]:span[0] + 1].islower() \
                    and text[span[0]:span[1]].split(None, 1)[0].endswith("ed"):
                # "Terri Collins who sponsored the bill remarked": the span is the relative
                # clause's verb phrase; the subject is the noun phrase before "who"
                w0 = text.rfind(" ", cl, span[0] - 1)
                if text[w0 + 1:span[0] - 1] in {"who", "which"} and w0 > cl:
                    ante = _antecedent_np(text, cl, w0)
                    if ante is not None:
                        span = ante
            if span is not None and cl > ss and text[cl - 1] == "," \
                    and text[span[0]:span[1]].split(None, 1)[0] in {"the", "a", "an"} \
                    and not text[cl:span[0]].strip():
                # "Malik Mohammad Qayyum, the Attorney General of Pakistan predicts": an
                # appositive whose closing comma is missing; the name before it is the subject
                nm = _OPENING_NAME.fullmatch(text, ss, cl - 1)
                if nm is not None and nm.group().split(None, 1)[0].lower() not in _LEAD_PREP \
                        and nm.group().split(None, 1)[0].lower() not in _LEAD_TIME:
                    span = nm.start(), nm.end()
        after_quote = cl >= ss + 2 and text[cl - 1] == "," and text[cl - 2] in "\"”'’" or \
            (cl > ss and text[cl - 1] in "\"”")
        if span is None and not left_text.strip() and low in _INVERTIBLE \
                and cl > ss and text[cl - 1] == "," \
                and text[ce:ce + 1] == " " and text[ce + 1:ce + 2].isupper():
            # "..., wrecked a police bus, reports CNN Türk.": a name ending the sentence
            # after the verb is its subject, before any appositive reading
            span = _inverted_np(text, ce, se)
            if span is not None and text[span[1]:se].strip(" .\"”'’)"):
                span = None
        if span is None and not left_text.strip() and low in {"reads", "read"} and cl > ss \
                and text[cl - 1] in ",\"”":
            # '"...," reads Judge Miller's statement, "..."', ", reads the motion, ...": a
            # document after "reads" is its source
            inv = _inverted_np(text, ce, se)
            if inv is not None and _evidence_subject(text, *inv):
                span = inv
        if span is None and not left_text.strip() and cl > ss and text[cl - 1] == "," \
                and not after_quote:
            span = _appositive_subject(text, ss, cl - 1)
        if span is None and not left_text.strip() and low in _INVERTIBLE \
                and nxt not in {"that", "it", "he", "she", "they", "on"}:
            span = _inverted_np(text, ce, se)
        if span is None:
            continue
        first = text[span[0]:span[1]].split(None, 1)[0]
        if first in _BAD_FIRST:
            if first in _GERUND_SET:
                continue  # "saying it threatens Israel", "continued by noting": a cue
            if text.find(" and ", span[0], span[1]) < 0:
                # "In a statement posted to", "for reasons further stated": an adverbial, not
                # a source; "In a story he sometimes told": the pronoun inside it
                mp = _SUBJECT_PRONOUN.search(text, span[0], span[1])
                if mp is None:
                    continue
                span = mp.start(), mp.end()
                first = mp.group()
        if low in _THREATEN and (nxt == "with" or _head_noun(text, *span) in _THREAT_EVENTS):
            # "pro-democracy protests threaten to overshadow the event", "Israel's blockade
            # threatens to cause long-term damage", "residents threatened with starvation": a
            # danger, not a threat anyone made
            continue
        if (first.lower() in _FIRST_PERSON and (first.islower() or first[0] in "IW")) \
                or (_inanimate(text, *span) and not (low in _EVIDENCE_VERBS
                                                     and _evidence_subject(text, *span))) \
                or first.lower() in _NEGATIVE_SUBJECT:
            # ("No group claimed responsibility": nobody said anything)
            # quoted speech ("I always said", "we will no longer say") is not a new claim
            continue
        span = _close_quote(text, *span)
        after = text[ce:se].strip(" .\"”'’")
        wire = low in {"reported", "reports", "said", "says", "added"} and not after \
            and span[1] <= cs
        if low in _EVIDENCE_VERBS:
            ev = _evidence_span(text, cl, span)
            if ev is None and _PART_OF.match(text, span[0], span[1]):
                # "Part of the judge's statement reads": the document
                ev = _evidence_span(text, cl, (_PART_OF.match(text, span[0], span[1]).end(),
                                               span[1]))
            if ev is None and low in {"found", "showed"} \
                    and (span[0] == cl or _prev_word(text, cl, span[0]) == "and") \
                    and text[span[0]:span[1]] in {"They", "they"} \
                    and _RESEARCH_NEAR.search(text, max(0, cs - 1000), cs):
                # "They found that certain wavelengths ..." after the researchers' claim
                ev = span
            span = ev
            if span is None:
                continue
        to_outlet = nxt == "to" and low in _TO_OUTLET_VERBS
        if low in {"told", "tells", "tell"} or low.startswith(("spoke", "speaks")) or to_outlet:
            # "told Reuters", "confirmed to the Washington Post": the outlet is a source too
            obj = _right_np(text, text.find("to", ce, se) + 2 if to_outlet else ce, se)
            if obj is not None:
                oseg = text[obj[0]:obj[1]]
                ag = _agency_object(text, obj[0], obj[1]) if low[0] in "tcs" else None
                if ag is not None:
                    out.append(_Raw(cue, cs, ce, ag[0], ag[1], sent, wire=True))
                else:
                    # "told the Washington Post", "told CBS station KDKA-TV": an outlet
                    mo = _media_object(text, obj[0], obj[1])
                    if mo is not None:
                        out.append(_Raw(cue, cs, ce, mo[0], mo[1], sent, wire=True))
        if nxt in {"in", "on"} and (low in _TO_OUTLET_VERBS or low in _VERB_AFTER_SOURCE):
            # "sources claim in Israeli media that", "said on state television that": the
            # outlet is a source too
            mi = _IN_OUTLET_THAT.match(text, ce, se)
            if mi is not None:
                o0 = text.find(nxt, ce, se) + len(nxt) + 1
                mo = _media_object(text, o0, mi.end() - 4)
                if mo is not None:
                    out.append(_Raw(cue, cs, ce, mo[0], mo[1], sent, wire=True))
        if listed:
            # the whole list is one source ("Turkey, South Africa and Russia")
            out.append(_Raw(cue, cs, ce, listed[0][0], span[1], sent))
            continue
        if cl > ss and text[cl - 1] == "," and text[cl:span[0]].strip() in _ALONG_WITH:
            # "Planned Parenthood, along with the American Civil Liberties Union have
            # announced": the name before "along with" is a source too
            # (a name only: "The law came into force on Monday, along with ..." is no source)
            x0 = _clause_start(text, ss, cl - 1)
            xw = text[x0:cl - 1].split()
            if 0 < len(xw) <= 6 and all(w[:1].isupper() or w in _NAME_LINKS for w in xw) \
                    and xw[0][:1].isupper():
                xs = _trim_left_np(text, x0, cl - 1)
                if xs is not None and not _inanimate(text, *xs):
                    out.append(_Raw(cue, cs, ce, xs[0], xs[1], sent))
        for s, e in _split_conjuncts(text, *span):
            out.append(_Raw(cue, cs, ce, s, e, sent, wire=wire))
    return _dedupe(out)


_ALONG_WITH = frozenset({"along with", "together with"})
_NAME_LINKS = frozenset({"of", "the", "and", "for", "&"})


_PLACE_KINDS = frozenset({"country", "admin1", "city", "area"})
_PLACE_PREPS = frozenset({"in", "of", "from", "near", "at"})


def _place_after(text: str, seg: tuple[int, int], prev: tuple[int, int]) -> bool:
    """True when ``seg`` is a known place and the segment before it ends with "<preposition>
    <Name>": the place says where that name lies ("Police in West Java, Indonesia,", "the
    mayor of Esperanza, Sultan Kudarat,"), it is not an appositive name."""
    words = text[prev[0]:prev[1]].split()
    k = len(words) - 1
    while k >= 0 and words[k][:1].isupper():
        k -= 1
    if k < 0 or k == len(words) - 1 or words[k] not in _PLACE_PREPS:
        return False
    name = text[seg[0]:seg[1]].strip()
    from newsclf.gazetteer import _default_gazetteer  # (lazy: rarely needed)
    found = _default_gazetteer().find(name)
    return len(found) == 1 and found[0].kind in _PLACE_KINDS \
        and found[0].end - found[0].start == len(name)


_LIST_FUNCTION_WORDS = frozenset({"of", "for", "the", "to", "and", "de", "al", "on"})


def _listed_names(text: str, ss: int, comma: int) -> list[tuple[int, int]]:
    """The names before ``comma`` in a subject list that opens its clause ("Jordan, Israel,
    Egypt and ..."), or [] when a segment is not a short name (an adverbial "On Monday,",
    "Police in West Java, Indonesia,")."""
    out: list[tuple[int, int]] = []
    end = comma
    while True:
        b = max(text.rfind(",", ss, end), text.rfind(":", ss, end))
        s = b + 1 if b >= ss else ss
        seg = text[s:end]
        words = seg.split()
        if not 0 < len(words) <= 5 or len(out) >= 6:
            return []
        first = words[0]
        if not (first[:1].isupper() or (first == "the" and len(words) > 1
                                         and words[1][:1].isupper())):
            return []
        low = first.lower()
        if low in _LEAD_PREP or low in _LEAD_TIME or low in _FILLER or low in _LEFT_STOP:
            return []
        if any(w[:1].islower() and w not in _LIST_FUNCTION_WORDS for w in words):
            return []
        a = s + len(seg) - len(seg.lstrip())
        out.append((a, a + len(seg.strip())))
        if b < ss or text[b] == ":":
            break
        end = b
    if len(out) < 1:
        return []
    out.reverse()
    return out


# The object of "told" is a claim source when it names an outlet; "the press",
# "reporters" and "journalists" are the audience, not a source.
_MEDIA_OBJECT_WORD = re.compile(
    r"(?:\b(?:media|newspaper|daily|tv|television|channel|broadcaster|radio|magazine|"
    r"times|post|journal|guardian|telegraph|mail|herald|tribune|gazette|independent|"
    r"news|cnn|bbc|npr|msnbc|cbs|nbc|abc|pbs|al[- ]jazeera|al[- ]arabiya|"
    r"asharq al-awsat|haaretz|ynet|rudaw|le monde|der spiegel|spiegel|[\w-]*tv)$)", re.I)
_MEDIA_OBJECT_LEAD = frozenset({"the", "state", "local", "national", "public", "french",
                                "german", "british", "israeli", "iranian", "russian"})


#: A short capitalised name (one to three words) of an outlet after "in an interview with".
_OUTLET_NAME = re.compile(r"(?:The\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}$")


def _media_object(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The leading outlet name of the object ``text[s:e]`` of "told", or None."""
    toks = _tokens(text, s, e)
    name: list[tuple[int, int, str]] = []
    for t in toks[:6]:
        w = t[2]
        if w[:1].isupper() or (w.lower() in _MEDIA_OBJECT_LEAD and not name) or \
                (w.lower() in {"media", "television", "tv", "radio", "station", "channel",
                               "network", "newspaper", "news"} and name):
            name.append(t)
        else:
            break
    # the longest prefix that ends in an outlet word: "NPR Hamza bin Laden had" -> "NPR",
    # "CBS station KDKA-TV" -> all of it
    for k in range(len(name), 0, -1):
        if _MEDIA_OBJECT_WORD.search(text[name[0][0]:name[k - 1][1]]):
            if k == 1 and name[0][2].lower() in _MEDIA_OBJECT_LEAD:
                continue
            return name[0][0], name[k - 1][1]
    return None


#: A short capitalised name followed by the subject of a new clause.
_OUTLET_BEFORE_CLAUSE = re.compile(r"(?:The\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}"
                                   r"(?=\s+(?:he|she|they|it|we|that)\b)")
#: Verbs whose "to" object may be an outlet ("said to the BBC", "confirmed to AFP").
_TO_OUTLET_VERBS = frozenset({"said", "says", "confirmed", "confirm", "confirms", "stated",
                              "explained", "revealed", "admitted"})


#: "news agency" after an agency's name ("the Reuters news agency"): part of its name.
_AGENCY_TAIL = re.compile(r"(?:\s+(?:[Nn]ews\s+)?[Aa]gency\b)?")


def _agency_object(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A news agency at the start of the object ``text[s:e]`` ("Agence France-Presse the
    victim is ...") as a span, or None."""
    seg = text[s:e]
    if len(seg.split()) <= 4:
        if not find_agency(seg):
            return None
        # "AFP the talks collapsed", "AP)": the object ends with the agency's name (and "news
        # agency"); a capitalised word after it ("Reuters TV") is kept as before
        from newsclf.agencies import find_agencies

        found = find_agencies(seg)
        if found:
            end = _AGENCY_TAIL.match(seg, found[0].end).end()
            rest = seg[end:].lstrip()
            if rest and not rest[:1].isupper():
                return s, s + end
        return s, e
    toks = _tokens(text, s, min(e, s + 80))
    run = []
    for t in toks[:5]:
        if t[2][:1].isupper() or (not run and (t[2] == "the" or t[2] == "dpa")):  # (dpa: lower case)
            run.append(t)
        else:
            break
    for k in range(len(run), 0, -1):
        if find_agency(text[run[0][0]:run[k - 1][1]]):
            return run[0][0], run[k - 1][1]
    return None


# a proper name ("the Ministry of Health"), or a proper name's possessive ("Canada's
# intelligence service") as the object of "citing"
_PROPER_NP = re.compile(r"(?:the\s+)?[A-Z][\w.-]*(?:(?:\s+(?:of|for|and|the|[A-Z][\w'’.-]*))*$|['’]s\s)")


def _citing_subject(text: str, ss: int, cs: int) -> tuple[int, int] | None:
    """Subject of a participle "citing <reason>": the NP of an absolute "with NP citing",
    or, after a comma, the subject of the main clause; else None."""
    cl = _clause_start(text, ss, cs)
    absolute = _with_subject(text, cl, cs)
    if absolute is not None:
        return None if _inanimate(text, *absolute) else absolute
    if text[cs - 2:cs].strip() not in {",", "—", "–"}:
        return None
    span = _main_subject(text, ss, cs)
    return None if span is None or _inanimate(text, *span) else span


def _evidence_subject(text: str, s: int, e: int) -> bool:
    """True when the head noun of ``text[s:e]`` is a document, study or poll."""
    return _head_noun(text, s, e) in _EVIDENCE_HEADS


#: Documents whose issuer is the source of a participle after them ("a report claiming").
_DOCUMENT_NOUNS = frozenset({"report", "statement", "resolution", "motion", "suit", "lawsuit",
                             "letter", "complaint", "petition", "communique", "communiqué",
                             "declaration", "video", "message", "speech"})


_QUANTIFIER_SUBJECTS = frozenset({"one", "another", "some", "many", "others", "several", "most"})


def _with_subject(text: str, cl: int, cs: int) -> tuple[int, int] | None:
    """The NP of an absolute "with NP <participle>" ending at ``cs``, or None."""
    toks = _tokens(text, max(cl, cs - 120), cs)
    for k in range(len(toks) - 1, max(-1, len(toks) - 8), -1):
        w = toks[k][2].lower()
        if w == "with":
            if k == len(toks) - 1:
                return None
            if k == len(toks) - 2 and toks[-1][2].lower() in _QUANTIFIER_SUBJECTS:
                return toks[-1][0], toks[-1][1]  # "with one saying"
            return _trim_left_np(text, toks[k + 1][0], cs)
        if w in _LEFT_STOP or (w.islower() and w.endswith("ed")):
            return None
    return None


_NEGATIVE_SUBJECT = frozenset({"no", "nobody", "none", "neither"})
_FIRST_PERSON = frozenset({"i", "we", "you", "i've", "i'm", "i’ve", "i’m", "we're", "we’re",
                           "him", "me", "us", "them"})
# "accused of spying", "said to have been shot", "believed to contain", "reported as dying":
# participles describing someone, not someone speaking
_PASSIVE_PARTICIPLE = frozenset({"accused", "said", "reported", "believed", "alleged", "claimed",
                                 "thought"})
_AS_WORD = re.compile(r"\s+as\s+(\w+)")
_STATE_WORDS = frozenset({"dead", "missing", "killed", "wounded", "injured", "captured"})
_TO_INFINITIVE = re.compile(r"\s*to\s+(?:be|have|been|contain|own|number|include|possess)\b")
# "declares a state of emergency", "declared independence", "declares a permanent and
# general ceasefire": acts, not statements
_DECLARE_ACT = re.compile(
    r"\s+(?:(?:a|an)\s+\w+\s+and\s+\w+\s+|(?:(?:a|an|the|its|his|her|their)\s+)?(?:\w+\s+)?)(?:state\s+of|war|independence|martial|"
    r"curfew|emergency|ceasefire|cease-fire|truce|day\s+of|days\s+of|period|holiday|victory|"
    r"bankruptcy|disaster|lockdown|candidacy)\b", re.I)
#: "declares Hezbollah a terrorist organization", "declares German poet Günter Grass,
#: recipient of the Nobel Prize, a persona non grata": a designation, an act ("declares Iran
#: to be an enemy" reports a stance).
_DESIGNATE = re.compile(
    r"\s+(?:(?!(?:that|to)\b)[\w'’.-]+\s+){0,12}?(?!(?:that|to)\b)[\w'’.-]+"
    r"(?:,[^,;]{1,80},)?\s+(?:a|an)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:organi[sz]ation|group|entity|persona|enemy|zone|site|territory)\b")
# "alleged" as a verb opens a clause or a quote; before a noun it is the adjective
# ("over alleged abuse", "has alleged ties")
_ALLEGED_VERB_NEXT = frozenset({"that", "the", "a", "an", "he", "she", "it", "they", "his", "her",
                                "their", "its", "in", ",", '"', "“", ":", "to", "this", "there"})


def _not_a_claim_verb(text: str, low: str, ce: int, se: int, prev: str, nxt: str) -> bool:
    """True for a cue verb that is a participle, an adjective or an act (see above)."""
    if low in _PASSIVE_PARTICIPLE:
        if nxt == "of" and low == "accused":
            return True
        if nxt == "as" and low == "reported":
            # "with dozens reported as dying"; but "AFP reported as many as 32"
            m = _AS_WORD.match(text, ce, se)
            if m and (m.group(1).endswith("ing") or m.group(1) in _STATE_WORDS):
                return True
        if nxt == "to" and _TO_INFINITIVE.match(text, ce, se):
            return True
    if low == "alleged" and nxt not in _ALLEGED_VERB_NEXT and prev not in {"have", "has", "had"}:
        return True
    if low.startswith("declare") and (_DECLARE_ACT.match(text, ce, se)
                                      or _DESIGNATE.match(text, ce, se)):
        return True
    if low.startswith("claim") and _CLAIMED_TOLL.match(text, ce, se):
        return True  # "the Marburg virus has claimed 311 lives"
    if low.startswith("confirm") and _CONFIRMED_PERSON.match(text, ce, se):
        return True  # "the House confirmed him": an appointment confirmed, not a statement
    if low in _ADVISE_FORMS and _ADVISED_TO.match(text, ce, se):
        # "The mayor advised residents of her city to make plans": an instruction given,
        # not a statement ("advises that the talks will start" is one)
        return True
    if low in _WRITE_FORMS and nxt in {"to", "for", "about"} \
            and not _WROTE_THAT.match(text, ce, se):
        # "wrote to the US Embassy asking to waive ...", "wrote for other artists", "wrote
        # about feminism": a letter sent, a job or a topic ("wrote to X that ..." reports)
        return True
    if low.startswith(("den", "conced")) and _GRANT_ACT.match(text, ce, se):
        return True  # "Israel denies entry to Omar Shakir", "Carpenter concedes defeat"
    if low.startswith("dismiss"):
        md = _DISMISS_ACT.match(text, ce, se)
        if md is not None and not _STANCE_AS.match(text, md.end(), se):
            # "Netanyahu dismisses Minister of Justice Ayelet Shaked from ..." (but
            # "dismisses charges against him as "obnoxious"" is a stance)
            return True
    if low == "posted" and _POSTED_RESULT.match(text, ce, se):
        return True  # "Cherono posted a time of 2:05:45": a result, not a post
    return False


#: "posted a time of", "posted a record loss", "posted his third win": a result.
_POSTED_RESULT = re.compile(r"\s+(?:a|an|his|her|its|their)\s+(?:new\s+)?(?:time|record|"
                            r"minimum|better|best|loss|losses|profit|profits|gain|score|win|"
                            r"victory|deficit|surplus|first|second|third|fourth|fifth)\b")


#: "claimed 311 lives", "claimed the lives of": a death toll, not a claim.
_CLAIMED_TOLL = re.compile(r"\s+(?:(?:the\s+)?lives\b|(?:at\s+least\s+|more\s+than\s+|over\s+|"
                           r"nearly\s+|some\s+)?(?:\d[\d,.]*|hundreds|thousands|dozens|scores)"
                           r"(?:\s+\w+)?\s+(?:lives|victims|people)\b)", re.I)
#: "confirmed him", "confirms her as", "confirms Michael Mukasey as the Attorney General",
#: "confirmed Pierluisi's nomination": a nominee confirmed in office ("confirms the drones
#: as Israeli" is a statement).
_CONFIRMED_PERSON = re.compile(
    r"\s+(?:(?:him|her|them)\b(?!\s+(?:that|to\s+be))"
    r"|(?:[A-Z][\w'’.-]*\s+){1,4}as\s+(?:the\s+|an?\s+)?(?:new\s+)?[A-Z]"
    r"|(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*['’]s\s+(?:nomination|appointment)\b)")
#: "dismisses Minister of Justice Ayelet Shaked ... from the government", "dismissed the
#: president's lawsuit": a firing or a court decision, not a stance ("dismissed the
#: offer as "ridiculous"" is one).
_DISMISS_ACT = re.compile(
    r"\s+(?:(?:[A-Z][\w'’.-]*|of|and|the)\s+){1,12}?from\b(?!\s+(?:the\s+)?(?:outset|start))"
    r"|\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?(?:[\w'’.-]+\s+){0,3}?"
    r"(?:lawsuit|suit|case|charges?|appeal|petition|complaint|indictment)s?\b")
_WRITE_FORMS = frozenset({"write", "writes", "wrote"})
_ADVISE_FORMS = frozenset({"advises", "advised"})
#: An object, then "to" + a verb (no "that" before it): "advised residents ... to make plans".
_ADVISED_TO = re.compile(r"\s+(?:(?!that\b)[\w'’.&-]+\s+){1,10}?to\s+[a-z]")
#: "wrote to the minister that ...", 'wrote to supporters: "..."': a report of what was written.
_WROTE_THAT = re.compile(r"\s+\w+(?:\s+[\w'’.-]+){0,6}?\s*(?:\bthat\b|[:,]\s*[\"“])")
#: "denies entry to", "denied funding for", "concedes defeat": a thing refused or given
#: up, not a statement ("denied the allegations" is one).
_GRANT_ACT = re.compile(
    r"\s+(?:(?:him|her|them|it|the|a|an|any|further|all|its|their|his)\s+){0,2}"
    r"(?:entry|access|funding|funds|permission|visas?|bail|passage|landing|asylum|"
    r"defeat)\b")
#: The rest of a "dismiss" object up to "as" + a label, within the clause.
_STANCE_AS = re.compile(r"[^,;.:]*?\bas\s")


def _antecedent_np(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """The noun phrase right before a relative pronoun: "drafted by Alex Greenwich" ->
    "Alex Greenwich", "for quoting a Marine" -> "a Marine"."""
    toks = _tokens(text, max(lo, end - 120), end)
    k = len(toks)
    while k > 0:
        w = toks[k - 1][2]
        lw = w.lower()
        if lw in _PREPS or lw in _LEFT_STOP or (w.islower() and lw.endswith(("ed", "ing"))):
            break
        k -= 1
        if lw in {"a", "an", "the"}:
            break
    if k >= len(toks):
        return None
    return _trim_left_np(text, toks[k][0], toks[-1][1])


#: Researchers named shortly before "They found" (the pronoun's likely antecedent).
_RESEARCH_NEAR = re.compile(r"\b(?:[Rr]esearchers|[Ss]cientists|[Aa]stronomers|[Ss]tudy|"
                            r"[Aa]uthors|[Bb]iologists|[Pp]aleontologists)\b")


_PART_OF = re.compile(r"(?:[Aa]\s+)?[Pp]arts?\s+of\s+")


def _evidence_span(text: str, cl: int, span: tuple[int, int]) -> tuple[int, int] | None:
    """The subject of an evidence verb when it is a document or study, else None.

    "An investigation by PolitiFact found": the left NP stops at "by"; the subject is
    the whole "An investigation by PolitiFact".
    """
    if _evidence_subject(text, *span):
        return span
    toks = _tokens(text, cl, span[0])
    if toks and toks[-1][2].lower() in {"by", "of", "from"}:
        head = _trim_left_np(text, cl, toks[-1][0])
        if head is not None and _evidence_subject(text, *head):
            return head[0], span[1]
    return None


def _issuer(text: str, sent: tuple[int, int], ss: int, cs: int, cue: str) -> list[_Raw]:
    """Sources of "<subject> issued/made/published <det> ... statement|announcement|...".

    The subject of the issuing verb before the noun ("The palace issued the following
    statement", "when he made the announcement": "he"), or the name before an
    appositive ("Bill de Blasio, the mayor, made the announcement").
    """
    mv = _ISSUED_BEFORE.search(text, max(ss, cs - 45), cs)
    if mv is None:
        return []
    vs = mv.start()
    cl = _clause_start(text, ss, vs)
    span = _trim_left_np(text, cl, vs) if text[cl:vs].strip() else None
    if span is None and not text[cl:vs].strip() and cl > ss and text[cl - 1] == ",":
        span = _appositive_subject(text, ss, cl - 1)
    if span is None or _inanimate(text, *span):
        return []
    first = text[span[0]:span[1]].split(None, 1)[0]
    if first.lower() in _FIRST_PERSON or first.lower() in _NEGATIVE_SUBJECT \
            or first in _BAD_FIRST:
        return []
    return [_Raw(cue, cs, cs + len(cue), s, e, sent) for s, e in _split_conjuncts(text, *span)]


def _as_saying(text: str, sent: tuple[int, int], ss: int, cs: int, ce: int, cue: str) -> list[_Raw]:
    """Sources of "cited X as saying" (X) and "X was quoted (by Y) as saying" (X)."""
    lo = max(ss, cs - 200)
    verbs = list(_AS_SAYING_VERB.finditer(text, lo, cs))
    if not verbs:
        return []
    v = verbs[-1]
    between = text[v.end():cs]
    if not between.strip() or between.lstrip().startswith("by "):
        # passive: the subject before "was/is/were quoted"
        toks = _tokens(text, lo, v.start())
        if not toks or toks[-1][2].lower() not in _PASSIVE | {"widely", "also"}:
            return []
        k = len(toks) - 1
        while k >= 0 and toks[k][2].lower() in _PASSIVE | {"widely", "also"}:
            k -= 1
        if k < 0:
            return []
        end = toks[k][1]
        cl = _clause_start(text, ss, end)
        if text[cl:end].strip():
            span = _trim_left_np(text, cl, end)
        elif cl > ss and text[cl - 1] == ",":
            span = _appositive_subject(text, ss, cl - 1)
        else:
            span = None
    else:
        span = _right_np(text, v.end(), cs)
        if span is not None and v.group()[0] in "qc":
            # "The BBC also cited Budi Gunawan ... as saying": an outlet that quotes someone
            # is a source too
            cl = _clause_start(text, ss, v.start())
            sub = _trim_left_np(text, cl, v.start()) if text[cl:v.start()].strip() else None
            if sub is not None:
                seg = text[sub[0]:sub[1]]
                kt = keyword_type(seg)
                if find_agency(seg) or kt and kt[0] == "media":
                    out = [_Raw(text[v.start():v.end()], v.start(), v.end(), sub[0], sub[1],
                                sent, wire=True)]
                    if not _inanimate(text, *span):
                        out.append(_Raw(cue, cs, ce, span[0], span[1], sent))
                    return out
    if span is None or _inanimate(text, *span):
        return []
    return [_Raw(cue, cs, ce, span[0], span[1], sent)]


_REPORT_MODS = frozenset({"unconfirmed", "conflicting", "initial", "early", "earlier",
                          "preliminary", "varying", "several", "multiple", "numerous", "some",
                          "other", "credible", "unverified", "local", "media", "press", "news",
                          "eyewitness", "witness", "separate", "later", "recent", "further"})
_REPORT_INTRO = frozenset({"amid", "with", "by", "following", "after", "despite", "are", "were",
                           "there", "and", "but", "on"})


def _report_np_start(text: str, ss: int, cs: int) -> int | None:
    """Start of "[modifiers] reports" after an introducing word ("amid", "with" ...)."""
    start = cs
    for m in reversed(list(_WORD.finditer(text, max(ss, cs - 60), cs))):
        w = m.group().lower()
        if w in _REPORT_MODS:
            start = m.start()
            continue
        return start if w in _REPORT_INTRO else None
    return start  # sentence-initial: "Reports that ..."


_DET_ADJ_BEFORE = re.compile(r"\b(?:a|an|the|its|their|this|that|one|each|every|any)\s+"
                             r"[A-Z][\w'’-]*\s+$")
#: Adverbs between a subject and an ambiguous cue read as a verb ("The airline later
#: tweets it was", "the group later claims responsibility").
_VERB_ADVERBS = frozenset({"later", "also", "then", "again", "now", "officially", "publicly",
                           "previously", "subsequently", "separately", "initially", "still",
                           "repeatedly", "further", "reportedly"})
#: Words that open a verb's complement after such an adverb + cue ("his later claims of").
_ADVERB_VERB_NEXT = frozenset({"that", "it", "he", "she", "they", "we", "responsibility",
                               "credit", "its", "his", "her", "their", '"', "“", ":"})


#: Adverbs between a passive auxiliary and its participle ("was ever talked about").
_PASSIVE_ADVERBS = frozenset({"ever", "never", "also", "often", "widely", "not", "first",
                              "previously", "later", "originally", "initially", "repeatedly"})


#: Words after "cited" that make it a passive participle or open its agent ("cited by",
#: "Factors cited for the drop", "was cited as").
_CITED_NOT_ACTIVE = frozenset({"by", "for", "as", "in", "to", "on", "at", "from", "when",
                               ",", ".", "and", "or"})


_POSSESSIVE = re.compile(r"\w['’]s\b")


def _cites_a_reason(text: str, se: int, ce: int, prev: str, nxt: str) -> bool:
    """True for "cited" as the active verb of its subject with a reason as its object.

    "Amundson cited improvements to the treatment of research chimpanzees", "Algeria and
    Morocco have cited security concerns": the subject gives the reason and is the source;
    "cited Reuters", "cited officials" name the source after the verb instead, and "was
    cited", "Factors cited for the drop" are passive participles, and a second verb
    ("cancelled flights and cited security concerns") gives the reason for an act.
    """
    if nxt in _CITED_NOT_ACTIVE or prev in _PASSIVE or prev in _PASSIVE_ADVERBS \
            or prev == "and":
        return False  # ("The airline cancelled flights and cited security concerns": an act)
    span = _right_np(text, ce, se)
    if span is None:
        return nxt[:1].islower()  # a long common-noun object: "cited improvements to ..."
    seg = text[span[0]:span[1]]
    if _POSSESSIVE.search(seg):
        # "cited the Cuban government's "ongoing repression"", "cited Morocco's support
        # for the group": the owner of the reason, not a source
        return True
    return not (_SOURCE_HEAD.search(seg) or find_agency(seg) or _PROPER_NP.match(seg))


def _adverb_passive(text: str, ss: int, cs: int, prev: str) -> bool:
    """True for a participle after a passive auxiliary and an adverb.

    "Nothing was ever talked about", "it was also reported by X": the word before the
    adverb is a form of "be" (or "get"), so the cue is passive, not a verb of its subject.
    """
    if prev not in _PASSIVE_ADVERBS or text[cs - len(prev) - 1:cs - 1].lower() != prev:
        return False
    return _prev_word(text, ss, cs - len(prev) - 1) in _PASSIVE


def _adverb_verb(text: str, ss: int, cs: int, prev: str) -> bool:
    """True when the word before the adverb ``prev`` (itself right before the cue) can
    end a subject: a noun or a name, not a determiner, possessive, preposition or "and"
    ("his later claims", "the also reported" are not verb readings)."""
    a = cs - len(prev) - 1
    if a <= ss or text[a:cs - 1].lower() != prev:
        return False
    pw = _prev_word(text, ss, a)
    return bool(pw) and pw.isalpha() and pw not in _DETERMINERS and pw not in _PREPS \
        and pw not in _BAD_END and pw not in _LEFT_STOP and pw not in _NOUN_MODIFIERS \
        and pw not in {"and", "or", "but", "who", "which"}


#: "in Israeli media that", "on state television that": where a claim is made, then its
#: content.
_IN_OUTLET_THAT = re.compile(r"\s+(?:in|on)\s+(?:[\w'’-]+\s+){1,4}?that\b")
_VERB_AFTER_SOURCE = frozenset({"reports", "report", "states", "state", "claims", "claim"})
# source nouns after which an ambiguous cue is the verb
_SOURCE_NOUNS = frozenset({
    "media", "press", "police", "tv", "television", "radio", "army", "military", "regime",
    "government", "ministry", "agency", "official", "officials", "officer", "officers", "source",
    "sources", "spokesman", "spokeswoman", "spokesperson", "authorities", "forces", "court",
    "indictment", "group", "observatory", "scientists", "researchers", "witnesses", "residents",
    "activists", "newspaper", "daily", "channel", "broadcaster", "minister", "president",
})


def _reports_verb(text: str, ss: int, cs: int, ce: int, se: int, prev: str, nxt: str) -> bool:
    """An ambiguous "reports"/"states"/"claims" read as the verb after a name or a source
    noun ("French media reports that", "The army states it", "Oakland police claim that",
    "The regime claims to have retaken")."""
    low = text[cs:ce].lower()
    if low not in _VERB_AFTER_SOURCE or not (prev in _SOURCE_NOUNS or low.startswith("report")):
        return False
    j = cs - 1
    while j >= ss and text[j] == " ":
        j -= 1
    # the preceding word, as written
    k = j
    while k >= ss and (text[k].isalnum() or text[k] in "-'’.&"):
        k -= 1
    pw = text[k + 1:j + 1]
    if not pw or not (pw[:1].isupper() and pw.lower() not in _DETERMINERS
                      and low.startswith("report") or prev in _SOURCE_NOUNS):
        # (after a capitalised word only "reports": "Palestinian state", "Israeli claims"
        # are nouns after a nationality)
        return False
    if nxt in {"that", "a", "an", "at", "the", "some", "several", "two", "three", "it", "he",
               "she", "they", "its", "his", "her", "their"} or nxt[:1].isdigit():
        return True
    if low.startswith("report") and (nxt == "," or (nxt.endswith("ly") and nxt.isalpha()
                                                    and nxt not in _LY_NOUNS)) \
            and prev not in _PREPS and prev not in {"per", "amid", "despite", "unconfirmed"}:
        return True  # "Reuters reports, on the basis of ...", "Iranian media reports possibly"
    if nxt == "to" and low.startswith("claim") and _TO_INFINITIVE.match(text, ce, se):
        return True  # "claims to have retaken"
    if nxt in {"in", "on"} and prev in _SOURCE_NOUNS and _IN_OUTLET_THAT.match(text, ce, se):
        return True  # "Intelligence sources claim in Israeli media that"
    m = _NEXT_WORD.match(text, ce, min(se, ce + 40))
    if m and m.group(1)[:1].isupper():
        return True
    # "..., Al Jazeera reports." at the end of the sentence
    return not text[ce:se].strip(" .\"”'’)")


_INANIMATE = {
    "recording", "recordings", "conversation", "conversations", "leak", "leaks", "tape",
    "tapes", "footage", "image", "images", "photo", "photos", "picture", "pictures", "audio",
    "move", "decision", "incident", "attack", "attacks", "development", "developments",
    "this", "which", "strike", "strikes", "operation", "war", "visit", "talks", "meeting",
}
_THREATEN = frozenset({"threaten", "threatens", "threatened"})
#: Subjects that endanger rather than threaten (see _find_raw).
_THREAT_EVENTS = frozenset({
    "protest", "protests", "blockade", "violence", "crisis", "conflict", "fighting", "storm",
    "fire", "fires", "flood", "floods", "flooding", "disease", "outbreak", "virus",
    "epidemic", "pandemic", "situation", "unrest", "clashes", "shortage", "shortages",
    "drought", "famine", "dispute", "row", "scandal", "debt", "inflation", "crackdown",
    "siege", "sanctions", "embargo", "instability", "insurgency", "rise", "spread"})
_PREPS = {"of", "between", "from", "in", "with", "on", "at", "for", "about", "by", "to"}


def _head_noun(text: str, s: int, e: int) -> str:
    """The head noun of the noun phrase ``text[s:e]``, lower-cased: its last word before any preposition."""
    head = ""
    for w in _WORD.findall(text, s, e):  # (_WORD has no group: findall gives each match)
        w = w.lower()
        if w in _PREPS:
            break
        head = w
    return head


def _inanimate(text: str, s: int, e: int) -> bool:
    """True when the subject's head noun cannot be a source ("the recording revealed",
    "the bombing")."""
    head = _head_noun(text, s, e)
    if head == "decision" and _COURT_DECISION.search(text, s, e):
        return False  # "A 2015 federal court decision said": a ruling speaks
    return head in _INANIMATE or head in _ING_NOUNS


_COURT_DECISION = re.compile(r"\b(?:[Cc]ourt|[Cc]ourt's|[Cc]ourt’s|[Jj]udge's|[Jj]udge’s)\s+decision\b")


def _close_quote(text: str, s: int, e: int) -> tuple[int, int]:
    """Extend a span that opens a quotation mark to its closing mark right after it."""
    seg = text[s:e]
    if e < len(text) and ((seg.count('"') % 2 == 1 and text[e] == '"')
                          or (seg.count("“") > seg.count("”") and text[e] == "”")):
        return s, e + 1
    return s, e


#: Words that make a clause-opening segment an adverbial of time ("Five months after his
#: expulsion, ..."; "Two days before the vote, ...").
_TIME_SUBORDINATORS = frozenset({"after", "before", "following", "ago", "since"})
_LEAD_SUBORDINATORS = frozenset({"while", "although", "though", "when", "because", "if",
                                 "once", "whereas", "until", "whilst"})
_LEAD_PREP = frozenset({"in", "on", "at", "after", "before", "during", "following", "amid",
                        "despite", "as", "with", "since", "meanwhile", "earlier", "later",
                        "yesterday", "today", "late", "early", "last", "however", "also"})
_AUX = frozenset({"is", "are", "was", "were", "has", "have", "had", "will", "would", "can",
                  "could", "did", "does", "do", "may", "might", "must", "should"})


#: Base forms of verbs that follow a plural subject in news summaries ("Lebanon and Jordan
#: call for ...", "Relatives of the victims take Sudan to court"): the subject ends there.
_PLURAL_VERBS = frozenset({
    "call", "take", "exit", "meet", "agree", "hold", "sign", "reject", "urge", "condemn",
    "warn", "ask", "launch", "begin", "leave", "refuse", "announce", "express", "deny",
    "accuse", "gather", "stage", "withdraw", "arrive", "approve", "say", "vow", "threaten",
    "pledge", "seek", "criticise", "criticize", "praise", "welcome", "dismiss", "blame",
    "insist", "continue", "oppose", "resume", "decide", "sue", "present",
})


_SUBJECT_NAME_APPOSITIVE = re.compile(r"((?:[A-Z][\w'’.-]+\s+){1,3}(?:[a-z]{1,3}-)?[A-Z][\w'’-]+),")


#: Irregular past tenses that end a subject NP like an "-ed" verb ("He sought ...,
#: arguing that"; "She gave ..., saying").
_IRREGULAR_PAST = frozenset({
    "sought", "made", "took", "gave", "went", "held", "met", "left", "sent", "brought",
    "won", "lost", "wrote", "rose", "fell", "began", "drew", "threw", "became", "came",
    "kept", "thought", "felt", "heard", "built", "fought", "stood", "paid", "sold", "spent",
    "got", "saw", "knew", "struck", "spoke", "told", "said", "led", "chose", "broke",
    "ate", "flew", "grew", "hid", "laid", "meant", "overtook", "sat", "slept", "stole",
    "swore", "taught", "tore", "understood", "withdrew", "wore", "forgave", "undertook",
})


def _main_subject(text: str, ss: int, limit: int) -> tuple[int, int] | None:
    """The sentence-initial noun phrase (subject of the main clause) before ``limit``."""
    start = ss
    toks = _tokens(text, ss, limit)
    if not toks:
        return None
    # skip a leading adverbial ("In Gaza, ..."; "On Monday, ..."), then any adverbial
    # segments after it ("Five months after his expulsion, ..."; "..., released on May 11, ")
    if _norm(toks[0][2]) in _LEAD_SUBORDINATORS:
        # a subordinate clause before the main one ("While all agreed ..., artist Leisha
        # Riddell emphasized ..., saying"); when no subject is found after it, the
        # subordinate clause's subject as before
        comma = text.find(",", ss, limit)
        if comma > 0:
            sub = _main_subject(text, comma + 1, limit)
            if sub is not None:
                return sub
    if _norm(toks[0][2]) in _LEAD_PREP:
        comma = text.find(",", ss, limit)
        if comma < 0:
            return None
        start = comma + 1
        toks = _tokens(text, start, limit)
        while toks and ((toks[0][2].islower() and toks[0][2].endswith("ed")) or (
                len(toks) > 2 and toks[0][2][:1].isupper()
                and any(t[2] in _TIME_SUBORDINATORS for t in toks[1:4]))):
            comma = text.find(",", start, limit)
            if comma < 0:
                return None
            start = comma + 1
            toks = _tokens(text, start, limit)
    elif len(toks) > 2 and toks[0][2][:1].isupper() \
            and any(t[2] in _TIME_SUBORDINATORS for t in toks[1:4]):
        comma = text.find(",", ss, limit)
        if comma < 0:
            return None
        start = comma + 1
        toks = _tokens(text, start, limit)
    if not toks:
        return None
    np: list[tuple[int, int, str]] = []
    for i, t in enumerate(toks):
        w = t[2]
        lw = w.lower()
        if i > 0 and w.islower() and not (i + 1 < len(toks) and toks[i + 1][2] == "of"
                                          and lw.endswith("s")) \
                and (lw in _AUX or lw.endswith(("ed", "es")) or lw in _IRREGULAR_PAST or
                                      (lw.endswith("s") and not lw.endswith(("ss", "us"))
                                       and lw not in {"its", "officials", "sources",
                                                      "forces", "authorities", "residents",
                                                      "media", "news", "witnesses", "troops",
                                                      "militants", "rebels", "police"})) \
                and not (lw.endswith("s") and (toks[i - 1][2].lower() in _DETERMINERS
                                               or toks[i - 1][2][:1].isdigit())):
            # (a plural noun after a determiner or a digit is no verb: "The parents tried")
            break
        if i > 0 and lw in _PLURAL_VERBS and w.islower():
            pw = toks[i - 1][2].lower()
            if pw not in _DETERMINERS and not pw.endswith(("'s", "’s")) \
                    and not pw[:1].isdigit() and (pw.endswith("s") or any(
                        x[2] in {"and", "of", "&"} for x in np)):
                # a present-tense verb after a plural or conjoined subject ("Political
                # leaders of Hamas exit Syria", "Pope Francis and King Mohammed VI call")
                break
        if np and (text[t[0] - 1:t[0]] in {",", "("} or text[t[0] - 2:t[0]] in {", ", "( "}):
            # (the subject ends at an appositive: "Hatice Cengiz, fiancée of ...")
            if (np[0][2] in {"The", "the"} or (np[0][2][:1].isupper() and np[0][2].endswith(
                    ("'s", "’s")) and len(np) > 1)) and text[t[0] - 1] != "(":
                # "The mayor of London, Sadiq Khan, gave ...": the name (also after a
                # possessive: "Iraq's Foreign Minister, Ibrahim al-Jaafari, renewed ...")
                m = _SUBJECT_NAME_APPOSITIVE.match(text, t[0], limit)
                if m is not None:
                    return m.start(1), m.end(1)
            break
        np.append(t)
        if len(np) > 10:
            return None
    if not np or len(np) == len(toks):
        return None
    if np[-1][2].islower() and np[-1][2] in _BAD_END:
        return None
    return _trim_left_np(text, np[0][0], np[-1][1])


# lower-case role words, then a name of two or more capitalised words (and "of X")
# ("study co-author and Royal Society University Research Fellow Martin How": "and" joins
# two roles)
_ROLE_NAME = re.compile(r"(?:(?!(?:for|of|at|from|in|with|the|a|an|to|on|and|by)\s)[a-z][\w'’-]*\s+)"
                        r"(?:(?!(?:for|of|at|from|in|with|the|a|an|to|on|by)\s)[a-z][\w'’-]*\s+){0,3}"
                        r"(?:[A-Z][\w'’.-]+\s+)*[A-Z][\w'’.-]+\s+[A-Z][\w'’-]+"
                        r"(?:\s+of\s+.*)?$")
_NAME_APPOSITIVE = re.compile(r",\s+((?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’.-]+)\s*(?:,|\.|$)")


def _inverted_np(text: str, ce: int, se: int) -> tuple[int, int] | None:
    """Source after the cue ('"...," said the ministry.'), which must end the clause."""
    span = _right_np(text, ce, se, role_lead=True)
    if span is None:
        return None
    seg = text[span[0]:span[1]]
    if not (seg[:1].isupper() or seg.split()[0].lower() in {"the", "a", "an", "his", "her",
                                                             "their", "its"}
            or _ROLE_NAME.match(seg)):
        # a role before a name is fine: "said study co-author Karen Alley"
        return None
    rest = text[span[1]:se]
    if len(seg.split()) > 8 and not (seg[:1].islower() and len(seg.split()) <= 12
                                     and " of " not in seg and _ROLE_NAME.match(seg)):
        # "said co-author Ted Scambos of CU Boulder's Cooperative Institute for ...": the
        # person before "of"
        k = seg.find(" of ")
        if k < 0 or len(seg[:k].split()) > 8:
            return None
        span = span[0], span[0] + k
        seg = seg[:k]
    m = _NAME_APPOSITIVE.match(rest)
    if m and seg[:1].islower():
        # "said his father, Abdullah Kurdi, ..." -> the name
        a, b = span[1] + m.start(1), span[1] + m.end(1)
        if text[b - 1] == "." and not _is_abbrev_dot(text, a, b - 1):
            b -= 1
        return a, b
    t = _INVERTED_TAIL.match(rest)
    if t is not None:
        # "said co-author Ted Scambos of CU Boulder's Cooperative Institute (CIRES).",
        # "wrote student protester Joshua Wong on Twitter."
        rest = rest[t.end():]
    if rest.strip(" .\"”'’)") and not rest.lstrip().startswith((",", ";", "\"", "“")):
        # ('"We stand ready" tweeted Johnson "to provide ...": the quotation resumes)
        return None
    return span


#: What may follow an inverted source before the clause ends: its institution ("of CU
#: Boulder's Cooperative Institute for ... (CIRES)") or the platform ("on Twitter").
_INVERTED_TAIL = re.compile(
    r"\s+(?:of\s+(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:[A-Z(][\w'’.&()-]*|of|for|and|the|in|on|at|de|al))*"
    # (a possessive institution: "of the University of East Anglia's medical school")
    r"(?:(?<=['’]s)(?:\s+[a-z][\w-]*){1,3})?"
    r"|(?:on|via)\s+(?:Twitter|Facebook|Instagram|Telegram|YouTube|Weibo|WhatsApp|TikTok))"
    r"(?=\s*(?:[.,;]|$))")


_COMMA_OR_QUOTE = re.compile("[,”\"]")


_COMMON_NP_LEAD = frozenset({"the", "a", "an", "another", "its", "his", "her", "their"})
_COMMON_LEAD_AT = re.compile(r"\s*(?:[Tt]he|[Aa]n?|[Aa]nother|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s")
_TRAILING_NAME = re.compile(r"(?:[A-Z][\w'’.-]+\s+)+[A-Z][\w'’-]+$")
_THE_NAME = re.compile(r"the\s+[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|and|the|for|in))*$")


def _named_appositive(text: str, app: tuple[int, int], head: tuple[int, int]
                      ) -> tuple[int, int] | None:
    """The name in an appositive after a common noun phrase that opens the clause: "The
    militant organisation, the Islamic State of Iraq and the Levant, claimed" -> the
    name; "Another co-author, civil and environmental engineering professor Julian
    Marshall, said" -> "Julian Marshall". None otherwise."""
    if head[1] - head[0] > 60 or _COMMON_LEAD_AT.match(text, head[0], head[1]) is None:
        return None
    hw = text[head[0]:head[1]].split()
    if not 1 < len(hw) <= 4 or hw[0].lower() not in _COMMON_NP_LEAD \
            or not all(w.islower() for w in hw[1:]):
        return None
    a = app[0] + len(text[app[0]:app[1]]) - len(text[app[0]:app[1]].lstrip())
    b = a + len(text[a:app[1]].rstrip())
    seg = text[a:b]
    if not seg or len(seg.split()) > 10:
        return None
    if _THE_NAME.match(seg):
        return a, b
    if seg[:1].islower():
        m = _TRAILING_NAME.search(seg)
        if m is not None and all(w.islower() for w in seg[:m.start()].split()):
            return a + m.start(), b
    return None


def _appositive_subject(text: str, ss: int, comma: int) -> tuple[int, int] | None:
    """For "X, an MP from Y, said" / "X, who ..., said" return the span of X."""
    # segments between commas, walking back from the comma before the cue
    # (only commas and closing/straight quotes matter: visit just those, right to left)
    bounds: list[int] = [comma]
    depth = 0
    for c in reversed([m.start() for m in _COMMA_OR_QUOTE.finditer(text, ss, comma)]):
        if len(bounds) >= 5:
            break
        if text[c] == ",":
            if depth == 0:
                bounds.append(c)
        else:
            depth ^= 1
    bounds.append(ss - 1)
    # bounds: [comma, c1, c2, ..., ss-1]; segment k = text[bounds[k+1]+1 : bounds[k]]
    segs = [(bounds[k + 1] + 1, bounds[k]) for k in range(len(bounds) - 1)]
    if len(segs) < 2:
        return None
    s0, e0 = segs[0]
    app = text[s0:e0].strip()
    aw = app.split()
    names = 0 < len(aw) <= 4 and all(w[:1].isupper() for w in aw)
    if names and len(aw) <= 3 and _place_after(text, segs[0], segs[1]):
        # "Police in West Java, Indonesia, say": drop the place; the segment before it is
        # the subject, or the appositive before the subject ("X, the mayor of Esperanza,
        # Sultan Kudarat, announced"; "X, from Toronto, Canada, admitted")
        segs = segs[1:]
        s1, e1 = segs[0]
        parts = text[s1:e1].split(None, 1)
        first = parts[0].lower() if parts else ""
        if len(segs) < 2 or not (first in _DETERMINERS or first in _PLACE_PREPS):
            return _trim_left_np(text, s1, e1)
        app = ""
        names = False
    if app and (names
                or _ROLE_NAME.match(app) and " of " not in app
                and app.split()[0] not in _DETERMINERS | {"who", "which", "one", "whose"}) \
            and app.split()[0] not in {"The", "A", "An"}:
        # "Merkel's spokesperson, Steffen Seibert, said": the name is the source
        a = s0 + (len(text[s0:e0]) - len(text[s0:e0].lstrip()))
        return a, a + len(app)
    named = _named_appositive(text, segs[0], segs[1])
    if named is not None:
        return named
    k = 1  # skip the appositive right before the cue
    while k < len(segs):
        s, e = segs[k]
        first = text[s:e].strip().split(" ", 1)[0].lower() if text[s:e].strip() else ""
        if (first in {"who", "which", "whose", "where", "a", "an", "the", "one", "and", "of",
                      "from"} or (first.endswith("ed") and text[s:e].strip()[:1].islower()
                                  and _BY_AFTER_PARTICIPLE.match(text, s, e))) \
                and k + 1 < len(segs) and first not in {"a", "an", "the", "one"}:
            # (also a reduced relative: "..., hosted by A and B, who both worked for Imus,
            # tweeted")
            # ("Anderson Cooper, of CNN, one of her sons, stated": "of CNN" is an appositive)
            k += 1
            continue
        break
    if k >= len(segs):
        return None
    s, e = segs[k]
    return _trim_left_np(text, s, e)


_BY_AFTER_PARTICIPLE = re.compile(r"\s*[a-z]+ed\s+by\s")


#: A relative clause that keeps its antecedent unnamed, right before the cue.
_UNNAMED_WHO = re.compile(
    r"\s+who\s+(?:asked|requested|declined|refused|did\s+not\s+want|were\s+not|was\s+not|are\s+not|is\s+not)"
    r"\s+(?:not\s+)?(?:to\s+be\s+)?(?:named|identified|authori[sz]ed\s+to\s+(?:speak|talk)(?:\s+publicly)?|"
    r"anonymity)\s*$|\s+who\s+spoke\s+(?:to\s+\S+(?:\s+\S+)?\s+)?on\s+(?:the\s+)?condition\s+of\s+anonymity\s*$")
_UNNAMED_ENDS = frozenset({"named", "identified", "anonymity", "publicly", "speak", "talk"})


#: An outlet citation opening a source span: "(Reuters) The United Nations condemns".
_LEAD_CITATION = re.compile(r"\(\s*[^()\n]{1,40}?\s*\)\s+(?=\w)")


def _clean_spans(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Source spans that name something: a leading outlet citation ("(Reuters) The United
    Nations") is cut off, a span without a letter or digit ("(") is no source."""
    out = []
    for r in raws:
        if text[r.source_start] == "(":
            m = _LEAD_CITATION.match(text, r.source_start, r.source_end)
            if m is not None:
                r.source_start = m.end()
        if any(ch.isalnum() for ch in text[r.source_start:r.source_end]):
            out.append(r)
    return out


def _dedupe(raws: list[_Raw]) -> list[_Raw]:
    """Drop claims whose source overlaps an earlier, longer or equal one in the sentence."""
    out: list[_Raw] = []
    for r in raws:
        clash = None
        for j, o in enumerate(out):
            if r.source_start < o.source_end and o.source_start < r.source_end:
                clash = j
                break
        if clash is None:
            out.append(r)
            continue
        o = out[clash]
        if (r.source_end - r.source_start) > (o.source_end - o.source_start) and \
                not o.cue.lower().startswith("according"):
            out[clash] = r
    return out


# --------------------------------------------------------------------------- typing
def _is_plural(src: str) -> bool:
    toks = src.split()
    if not toks:
        return False
    last = toks[-1].lower().strip(".,")
    if " and " in src or last in {"they", "media", "police", "people", "forces", "authorities"}:
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and (
        toks[-1][:1].islower() or last in _PLURAL_SOURCE_NOUNS)  # ("Residents said": a sentence's first word)


#: Plural nouns of sources, capitalised as a sentence's first word ("Residents said ... They
#: added"); other capitalised words ending in "s" are names ("Reuters", "Hamas").
_PLURAL_SOURCE_NOUNS = frozenset({
    "residents", "witnesses", "officials", "sources", "activists", "doctors", "medics", "villagers",
    "survivors", "relatives", "diplomats", "analysts", "experts", "authorities", "forces", "troops",
    "militants", "rebels", "protesters", "researchers", "scientists", "lawmakers", "investigators",
    "prosecutors", "paramedics", "rescuers", "eyewitnesses", "locals", "organizers", "organisers",
})


def _context(text: str, sent: tuple[int, int], s: int, e: int) -> str:
    lo = max(sent[0], s - CONTEXT_CHARS)
    hi = min(sent[1], e + CONTEXT_CHARS)
    return f"{text[lo:s]} [SRC] {text[e:hi]}"


def extract_claims(text: str, *, typer: SourceTyper | None = None) -> list[Claim]:
    """Extract attributed claims from a normalised article body.

    Args:
        text: the article body (title, captions and cited outlets removed).
        typer: a fitted :class:`SourceTyper`; without one a keyword lexicon types the
            sources that no certain rule covers.

    Returns:
        Claims in text order.
    """
    return extract_claims_many([text], typer=typer)[0]


@dataclass(slots=True)
class _Doc:
    """Extraction state of one text between the rule pass and the model pass."""

    text: str
    raws: list[_Raw]
    types: list[Any]
    pending: list[int]
    anaphoric: list[int]
    alt: dict[int, tuple[int, int]]


#: Longest first line (characters) read as a headline.
_HEADLINE_MAX = 160


def _headline_end(text: str) -> int:
    """End of a headline opening ``text``, else 0.

    A headline is a first line of at most ``_HEADLINE_MAX`` characters and 20 words,
    set off by a blank line and without the final punctuation of a sentence ("Scientists
    report two life-saving treatments for Ebola"): its historic present ("says",
    "announces") summarises the article, it does not attribute a claim.
    """
    nl = text.find("\n", 0, _HEADLINE_MAX + 1)
    if nl <= 0 or not text[:nl].strip():
        return 0
    line = text[:nl].rstrip()
    end = line.rstrip("\"”'’)]")
    if not end or end[-1] in ".!?:;," or len(line.split()) > 20:
        return 0  # a sentence ('... said.', '... "over."'), not a headline
    blank = text.find("\n", nl + 1)
    if blank < 0 or text[nl + 1:blank].strip():
        return 0  # not followed by a blank line
    return nl


def _match_start(m: re.Match[str]) -> int:
    return m.start()


def _rule_pass(text: str) -> _Doc:
    """Cues, sources and the certain rule types of one text (no model call)."""
    raws: list[_Raw] = []
    cues = _find_cues(text) if text else []
    if cues:
        # evidence verbs ("found", "shows") without a document or study just before them
        # are dropped here, before their lines are split into sentences
        # so are naming verbs ("calls") without an object and a quoted label after them
        # and so are verbs that report speech only beside a quotation ("continued")
        kept = []
        for m in cues:
            c = m.group("cue").lower()
            if c in _FILTERED_CUES:  # (one set test for the common case)
                if c in _EVIDENCE_VERBS:
                    if not (_EVIDENCE_NEAR.search(text, max(0, m.start() - 120), m.start())
                            or text[m.start() - 5:m.start()] in ("They ", "they ")
                            or c[:1] == "r" and _EVIDENCE_NEAR.search(text, m.end(),
                                                                      m.end() + 40)):
                        # (and '," reads the judge's statement': the document after "reads")
                        continue
                elif c in _NAMING_SET:
                    if not _NAMING_QUOTE.match(text, m.end()):
                        continue
                elif c in _ATTRIBUTING:
                    if not _ATTRIBUTE_TO.match(text, m.end()):
                        continue
                elif c in _LABELLING:
                    if not _LABEL_AS.match(text, m.end()):
                        continue
                elif c in _ISSUED_NOUNS:
                    if _COMPOUND_AFTER.match(text, m.end()) \
                            or not _ISSUED_BEFORE.search(text, max(0, m.start() - 45), m.start()):
                        continue
                elif c in _VIEW_NOUNS:
                    if text[m.end():m.end() + 1] != "," \
                            or not _VIEW_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                        continue
                elif c in _CONJECTURE:
                    if not _CONJECTURE_NEXT.match(text, m.end()):
                        continue
                elif c in _NEWS_FROM:
                    if text[m.start() - 5:m.start()].lower() != "news ":
                        continue
                elif c == "per":
                    # (as _find_raw would: "15 deaths per 100,000" is a rate; dropped here,
                    # before its line is split into sentences)
                    if m.group("cue")[0] == "p" or not text[m.end():m.end() + 2].strip()[:1].isalpha():
                        continue
                elif not (_QUOTE_AFTER.match(text, m.end())
                          or _QUOTE_BEFORE.search(text, max(0, m.start() - 60), m.start())):
                    continue
            kept.append(m)
        cues = kept
    if ":" in text:
        colons = list(_COLON_QUOTE.finditer(text))
        if colons:
            cues = sorted(cues + colons, key=_match_start)
    if "In " in text:
        starts = {m.start() for m in cues}
        docs = [m for m in _IN_DOCUMENT.finditer(text) if m.start() not in starts]
        if docs:
            cues = sorted(cues + docs, key=_match_start)
    if cues and cues[0].start() < _HEADLINE_MAX:
        head = _headline_end(text)
        if head:
            cues = [m for m in cues if m.start() >= head]
    if cues:
        k = 0
        for sent in _cue_sentences(text, cues):
            mine = []
            while k < len(cues) and cues[k].start() < sent[1]:
                if cues[k].start() >= sent[0] and cues[k].end() <= sent[1]:
                    mine.append(cues[k])
                k += 1
            if mine:
                raws.extend(_find_raw(text, sent, mine))
    if raws:
        raws = _clean_spans(text, raws)
    types: list[Any] = [None] * len(raws)
    pending: list[int] = []
    anaphoric: list[int] = []
    earlier: dict[str, Any] = {}  # surname -> (role type, first fuller mention)
    alt: dict[int, tuple[int, int]] = {}  # claim -> the mention the typer reads instead
    for i, r in enumerate(raws):
        src = text[r.source_start:r.source_end]
        low = src.lower()
        if low in _PRONOUNS or low in _ANAPHORA or low in _POSSESSIVE_PRONOUNS:
            if low in {"he", "she"}:
                # a person introduced, with a role, after the last claim: "Denis Kovalchuk,
                # a sixth year student at Buryat State University. ... He said ..."
                lo = max(raws[i - 1].sent[1] if i else 0, r.sent[0] - _PERSON_WINDOW)
                rule = _intervening_person_role(text, lo, r.sent[0])
                if rule is not None:
                    types[i] = (rule.source_type, rule.score, rule.agency, rule.anonymous)
                    continue
            anaphoric.append(i)
            continue
        ctx = text[r.source_end:r.sent[1]]
        rule = certain_type(src, ctx)
        if rule is None and src[-1:].isalpha() and src.rsplit(None, 1)[-1][:1].isupper():
            # a named person: the role the text gives them
            rule = role_type(src, text[max(r.sent[0], r.source_start - ROLE_WINDOW):r.source_start],
                             ctx[:ROLE_WINDOW])
            if rule is None and " " not in src:
                if src not in earlier:
                    earlier[src] = _earlier_mention_role(text, src, r.source_start)
                rule, first = earlier[src]
                if rule is None and first is not None:
                    # no role anywhere: the typer reads the fuller mention and its
                    # sentence ("French inventor Franky Zapata successfully crossed ...")
                    alt[i] = first
        if rule is not None:
            types[i] = (rule.source_type, rule.score, rule.agency, rule.anonymous)
        else:
            pending.append(i)
    return _Doc(text, raws, types, pending, anaphoric, alt)


#: Characters either side of a name searched for its role (an appositive).
ROLE_WINDOW = 100


#: Characters before a "he"/"she" claim searched for a person introduced with a role.
_PERSON_WINDOW = 400
#: A name (two or more capitalised words) opening a sentence.
_SENTENCE_NAME = re.compile(r"(?<![\w'’-])((?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’-]+)"
                            r"(?=,| of | at | from | is | was )")
#: "..., who took third place, is currently a fourth year student": a predicate role.
_PREDICATE_ROLE = re.compile(r"(?:,[^,.;]{1,80},)?\s+(?:is|was)\s+(?:\w+ly\s+)?(?:a|an|the)\s+"
                             r"([^,.;:()\"“”]{3,60})")


def _intervening_person_role(text: str, lo: int, hi: int) -> Any:
    """Role type of the last person named at the start of a sentence in ``text[lo:hi]``
    with a role in its sentence ("Alexander Gagay of Yekaterinburg, ... a student"), or
    None."""
    if hi - lo < 20:
        return None
    # the last name with a role wins: read the names from the last one back
    for m in reversed(list(_SENTENCE_NAME.finditer(text, lo, hi))):
        name = m.group(1)
        if name.split(None, 1)[0] in {"The", "In", "On", "At", "After", "As", "When", "But"}:
            continue
        right = text[m.end(1):min(hi, m.end(1) + ROLE_WINDOW)]
        org = _ORG_AFTER_NAME.match(right)
        if org is not None:
            name, right = name + right[:org.end()], right[org.end():]
        pm = _PREDICATE_ROLE.match(right)
        if pm is not None:
            right = ", " + pm.group(1)
        rule = role_type(name, "", right)
        if rule is not None:
            return rule
    return None


#: Fuller mentions of a surname read for a role (the first may be a headline without one).
_MAX_MENTIONS = 3


def _earlier_mention_role(text: str, surname: str, before: int) -> tuple[Any, tuple[int, int] | None]:
    """Role type of the first fuller mention ("Hatice Cengiz, fiancée of ...") of a surname
    that gives a role, among its first ``_MAX_MENTIONS`` fuller mentions ("Actor Doris Day
    dies at 97" gives none; "US singer ... Doris Day died" does)."""
    # each "Firstname Surname", found with str.find (no regex scan of the whole text)
    n = len(surname)
    tried = 0
    first: tuple[int, int] | None = None
    i = text.find(surname, 0, before)
    while i > 1:
        end = i + n
        if text[i - 1] == " " and not (text[end:end + 1].isalnum() or text[end:end + 1] == "-"):
            j = i - 1
            while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "'’-"):
                j -= 1
            if j < i - 1 and text[j].isupper():
                left = text[max(0, j - ROLE_WINDOW):j]
                cut = max(left.rfind(". "), left.rfind("\n"))
                right = text[end:end + ROLE_WINDOW]
                ends = [k for k in (right.find(". "), right.find("\n")) if k >= 0]
                right = right[:min(ends)] if ends else right
                org = _ORG_AFTER_NAME.match(right)
                if org is not None:
                    # "Dr. Tristan Smith of University College London, a shipping researcher"
                    rule = role_type(text[j:end + org.end()], left[cut + 1:], right[org.end():])
                else:
                    rule = role_type(text[j:end], left[cut + 1:], right)
                tried += 1
                if first is None:
                    first = (j, end)
                if rule is not None or tried >= _MAX_MENTIONS:
                    return rule, first
        i = text.find(surname, i + 1, before)
    return None, first


#: Prepositions that join a person's name to their institution ("X of Y", "X at Y").
_NAME_PREPS = frozenset({"of", "at", "from"})
#: The institution after a name, up to the next punctuation: " of Milltech Marine".
_ORG_AFTER_NAME = re.compile(r" (?:of|at|from) (?:the )?[A-Z][^,.;:()\"“”]*(?=[,.;:(]|$)")


def _mention_sentence(text: str, s: int, e: int) -> tuple[int, int]:
    """Rough bounds of the sentence around ``text[s:e]`` (for a typer context only)."""
    lo = max(text.rfind(". ", max(0, s - 2 * CONTEXT_CHARS), s) + 2,
             text.rfind("\n", max(0, s - 2 * CONTEXT_CHARS), s) + 1, max(0, s - 2 * CONTEXT_CHARS))
    ends = [k for k in (text.find(". ", e, e + 2 * CONTEXT_CHARS), text.find("\n", e, e + 2 * CONTEXT_CHARS))
            if k >= 0]
    return lo, min(ends) + 1 if ends else min(len(text), e + 2 * CONTEXT_CHARS)


def extract_claims_many(texts: list[str], *, typer: SourceTyper | None = None) -> list[list[Claim]]:
    """:func:`extract_claims` for a batch of texts, typing all their sources in ONE model call.

    The output is the same as ``[extract_claims(t, typer=typer) for t in texts]``: the
    typer scores each (span, context) row independently, so batching changes only the
    number of scikit-learn calls (whose fixed cost dominates for one article).
    """
    docs = [_rule_pass(t) for t in texts]
    use_model = typer is not None and typer.pipeline is not None
    # one model call: the pending spans, plus every anaphoric span (typed only when it
    # finds no antecedent; predicting it up front costs one row, not one call)
    rows: list[tuple[int, int]] = []
    spans: list[str] = []
    ctxs: list[str] = []
    for d, doc in enumerate(docs):
        for i in doc.pending + (doc.anaphoric if use_model else []):
            r = doc.raws[i]
            rows.append((d, i))
            a = doc.alt.get(i) if use_model else None
            if a is not None:
                spans.append(doc.text[a[0]:a[1]])
                ctxs.append(_context(doc.text, _mention_sentence(doc.text, *a), *a))
                continue
            spans.append(doc.text[r.source_start:r.source_end])
            if use_model:
                ctxs.append(_context(doc.text, r.sent, r.source_start, r.source_end))
    if not spans:
        preds: list[tuple[str, float]] = []
    elif use_model:
        assert typer is not None
        preds = typer.predict(spans, ctxs)
    else:
        preds = [keyword_type(s) or ("official", 0.4) for s in spans]
    predicted: list[dict[int, tuple[str, float]]] = [{} for _ in docs]
    for (d, i), pred in zip(rows, preds):
        predicted[d][i] = pred
    return [_finish(doc, predicted[d], typer) for d, doc in enumerate(docs)]


def _finish(doc: _Doc, predicted: dict[int, tuple[str, float]], typer: SourceTyper | None) -> list[Claim]:
    """Model types, repeated names and anaphora of one text; build its claims."""
    text, raws, types = doc.text, doc.raws, doc.types
    for i in doc.pending:
        lab, p = predicted[i]
        types[i] = (lab, p, None, lab == "anonymous")
    # a repeated surname ("Cengiz" after "Hatice Cengiz, his fiancée") keeps the type of
    # its first, fuller mention
    first_by_name: dict[str, int] = {}
    for i, r in enumerate(raws):
        if types[i] is None:
            continue
        words = text[r.source_start:r.source_end].split()
        if len(words) > 3:
            # "Dr. Tristan Smith of University College London": the person is "Smith"
            for k in range(2, len(words) - 1):
                if words[k] in _NAME_PREPS and words[k - 1][:1].isupper():
                    words = words[:k]
                    break
        if not words or not words[-1][:1].isupper():
            continue
        key = words[-1].strip(".,'’")
        j = first_by_name.get(key)
        if j is None:
            first_by_name[key] = i
        elif len(words) <= 2 and all(w[:1].isupper() for w in words) and types[i][0] not in {
                "news_agency", "anonymous"} and types[j] is not None:
            types[i] = types[j]
    # anaphora, in text order, so chains resolve
    links: dict[int, int] = {}
    for i in doc.anaphoric:
        types[i] = _resolve(text, raws, types, i, typer, predicted.get(i), links)
    claims: list[Claim] = []
    for r, t in zip(raws, types):
        assert t is not None
        lab, p, agency, anon = t
        # (= Claim(cue=..., source=..., ...), the fields in order: see _new_claim)
        claims.append(_new_claim(
            text[r.cue_start:r.cue_end], text[r.source_start:r.source_end],
            lab, anon, agency, round(float(p), 4),
            r.sent[0], r.sent[1], r.source_start,
            r.source_end, r.cue_start, r.cue_end,
        ))
    return claims


#: Pronouns of the other gender: never the antecedent of a personal pronoun.
_OTHER_GENDER = {"he": frozenset({"she", "her"}), "him": frozenset({"she", "her"}),
                 "she": frozenset({"he", "him"}), "her": frozenset({"he", "him"})}

#: How many earlier claims a pronoun or "the agency" looks back through for its antecedent.
_MAX_ANTECEDENTS = 50


def _resolve(text: str, raws: list[_Raw], types: list[Any], i: int,
             typer: SourceTyper | None,
             predicted: tuple[str, float] | None = None,
             links: dict[int, int] | None = None) -> tuple[str, float, str | None, bool]:
    """Type of the anaphoric claim ``i`` from its antecedent claim (``links``: claim ->
    antecedent claim of the pronouns resolved so far; updated)."""
    if links is None:
        links = {}
    r = raws[i]
    low = text[r.source_start:r.source_end].lower()
    low = _POSSESSIVE_PRONOUNS.get(low, low)  # "In his view": resolved as "he"
    # look back over at most _MAX_ANTECEDENTS claims: linear time on any input
    blocked: set[int] = set()
    for j in range(i - 1, max(-1, i - 1 - _MAX_ANTECEDENTS), -1):
        o = raws[j]
        if o.sent == r.sent or types[j] is None or j in blocked:
            continue
        if o.wire:
            continue
        osrc = text[o.source_start:o.source_end]
        olow = osrc.lower()
        lab = types[j][0]
        if low == "the statement":
            if "statement" not in olow and "statement" not in o.cue.lower():
                continue
        elif low == "the agency":
            if lab != "news_agency":
                continue
        elif low in _ANAPHORA:
            head = low.split()[-1]
            if head not in olow:
                continue
        elif low in {"they", "them"}:
            if not (_is_plural(osrc) or olow in {"they", "them"}):
                continue
        elif low in {"he", "she", "him", "her"}:
            if _is_plural(osrc) or olow in {"it", "they", "them"} or lab in {"news_agency",
                                                                            "media"}:
                continue
            if olow in _OTHER_GENDER[low]:
                # "she said" after "he said": another person, and so is the antecedent
                # "he" was resolved to
                k = links.get(j)
                while k is not None and k not in blocked:
                    blocked.add(k)
                    k = links.get(k)
                continue
        elif low == "it":
            if _is_plural(osrc) or olow in {"he", "she", "they", "him", "her", "them"}:
                continue
        t = types[j]
        links[i] = j
        return (t[0], min(float(t[1]), 0.9), t[2], t[3])
    # no antecedent: type the phrase itself from its context
    src = text[r.source_start:r.source_end]
    if low in _ANAPHORA:
        rule = certain_type(src, "")
        if rule is not None:
            return (rule.source_type, rule.score, rule.agency, rule.anonymous)
    if typer is not None and typer.pipeline is not None:
        if predicted is None:
            predicted = typer.predict([src], [_context(text, r.sent, r.source_start, r.source_end)])[0]
        lab, p = predicted
        return (lab, p * 0.8, None, lab == "anonymous")
    kw = keyword_type(src) if low in _ANAPHORA else None
    return (kw[0], 0.5, None, kw[0] == "anonymous") if kw else ("official", 0.4, None, False)
