"""Articles as users have them: plain strings, title + body, dicts, scraped dumps.

Normalisation turns any of these into :class:`Article` objects:

* a scraped dump (like ``seeds/000_8d499fb1a50e3d79.txt``) is split into its articles
  at the "TT" marker lines that follow each article's header;
* the repeated title and caption lines and the "TT" marker are removed;
* photo captions are kept apart from the body, and their credits ("(Reuters)",
  "(AP)", "© Observers", "(File – Facebook)") become ``credits``;
* a Current Events Portal summary's trailing outlet citations ("... (Reuters) (AP)")
  become ``cited_outlets`` (article-level attribution, not claims);
* a leading Wikinews-style date line ("Friday, January 4, 2019") is dropped.

Claims and offsets always refer to :attr:`Article.body`.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Article",
    "MAX_CHARS",
    "from_record",
    "InputTooLongWarning",
    "normalise",
    "split_dump",
    "to_text",
]

logger = logging.getLogger(__name__)

#: Texts longer than this many characters are truncated (with a warning).
#: 200,000 characters is about 30,000 words, ten times a long feature article.
MAX_CHARS = 200_000


class InputTooLongWarning(UserWarning):
    """Emitted when an article is longer than :data:`MAX_CHARS` and is truncated."""


@dataclass(frozen=True, slots=True)
class Article:
    """One normalised article. ``body`` excludes title, captions and cited outlets."""

    body: str
    title: str = ""
    captions: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    cited_outlets: tuple[str, ...] = ()
    id: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Title and body joined: the text that the article-level heads read."""
        if self.title and self.body:
            return f"{self.title}\n\n{self.body}"
        return self.title or self.body

    @property
    def is_empty(self) -> bool:
        return not (self.title.strip() or self.body.strip())


# --------------------------------------------------------------------------- helpers
_TT = "TT"
_DATE_LINE = re.compile(
    r"^\s*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+"
    r"[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s*$"
)
# "(Reuters)", "(AP)", "(File – Facebook)", "(AFP/Getty Images)" at the end of a caption
_PAREN_CREDIT = re.compile(r"\(\s*([^()]{1,60}?)\s*\)\s*$")
# "© Observers", "© 2025 AFP", "Photo: Reuters"
_COPY_CREDIT = re.compile(r"(?:©|\(c\)|Photo:|Credit:)\s*(?:\d{4}\s+)?([^©()]{1,60}?)\s*$", re.I)
_FILE_PREFIX = re.compile(r"^(?:file(?:\s+photo)?|archive|photo)\s*[-–—:/]\s*", re.I)
# trailing "(Reuters) (Al Jazeera)" of a news summary
# (each group is atomic, and only the last _OUTLETS_TAIL characters are searched: no
# catastrophic backtracking on "(a   ) (a   ) ... x", linear time on any input)
_TRAILING_OUTLETS = re.compile(r"(?:(?>\s*\(\s*[^()\n]{1,60}?\s*\)))+\s*$")
_OUTLETS_TAIL = 2000
_ONE_OUTLET = re.compile(r"\(\s*([^()\n]{1,60}?)\s*\)")
_WS = re.compile(r"[ \t\u00a0]+")


def _clean_credit(raw: str) -> str:
    credit = _FILE_PREFIX.sub("", raw.strip())
    return credit.strip(" .-–—")


def caption_credit(line: str) -> str | None:
    """Return the photo credit at the end of a caption line, if any."""
    m = _COPY_CREDIT.search(line)
    if m:
        return _clean_credit(m.group(1)) or None
    m = _PAREN_CREDIT.search(line)
    if m:
        inner = m.group(1)
        # a credit is a short name, not a clause ("(in Arabic)" is kept, too rare to matter)
        if len(inner.split()) <= 6 and not inner[:1].isdigit():
            return _clean_credit(inner) or None
    return None


def _dedupe(items: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return tuple(seen)


def _strip_lines(text: str) -> list[str]:
    # = [_WS.sub(" ", line).strip() for line in lines]: _WS never matches a line break, so
    # one substitution over the whole text does it, and only the runs that change
    if text.startswith("\ufeff"):  # a UTF-8 byte-order mark (Windows editors) is no text
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.replace("\t", " ")
    if "\u00a0" in text:
        text = text.replace("\u00a0", " ")
    # each run of spaces, tabs and no-break spaces is now a run of spaces: halving the
    # runs of two or more until none is left gives one space per run (= _WS.sub), in C
    while "  " in text:
        text = text.replace("  ", " ")
    return [line.strip() for line in text.split("\n")]


def _join_body(lines: list[str]) -> str:
    """Join lines into paragraphs separated by one blank line."""
    paras: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return "\n\n".join(paras)


def _split_outlets(body: str) -> tuple[str, tuple[str, ...]]:
    """Strip the trailing "(Reuters) (AP)" outlet citations of a news summary."""
    if not body.rstrip().endswith(")"):
        return body, ()  # every match ends in ")" and whitespace (the same \s as str.isspace)
    m = _TRAILING_OUTLETS.search(body, max(0, len(body) - _OUTLETS_TAIL))
    if not m or m.start() == 0:
        return body, ()
    outlets = [o.strip() for o in _ONE_OUTLET.findall(m.group(0))]
    # a citation is a short name ("Reuters", "Al Jazeera", "dpa"), not "(in 2003)"
    if not all(o and len(o.split()) <= 6 and not o[:1].isdigit() for o in outlets):
        return body, ()
    return body[: m.start()].rstrip(), tuple(outlets)


def _from_block(lines: list[str], *, title: str = "", captions: list[str] | None = None,
                id: str | None = None) -> Article:
    """Build an article from its body lines, dropping repeats of title and captions."""
    captions = list(captions or [])
    caption_set = set(captions)
    body_lines: list[str] = []
    seen_long: set[str] = set()
    late_captions: set[str] = set()  # removed from body_lines once, at the end (linear)
    for line in lines:
        if line == _TT or (title and line == title) or line in caption_set:
            continue
        # a repeated caption that we did not see in a header: a line ending in a credit
        if line in seen_long and caption_credit(line):  # (seen_long holds non-empty lines only)
            caption_set.add(line)
            captions.append(line)
            late_captions.add(line)
            continue
        if line in seen_long and len(line) > 20:
            continue  # exact repeat of a line already kept
        if line:
            seen_long.add(line)
        body_lines.append(line)
    if late_captions:
        body_lines = [b for b in body_lines if b not in late_captions]
    first = next((i for i, b in enumerate(body_lines) if b), len(body_lines))
    body_lines = body_lines[first:]
    if body_lines and _DATE_LINE.match(body_lines[0]):
        body_lines.pop(0)
    body = _join_body(body_lines)
    body, outlets = _split_outlets(body)
    credits = [c for c in (caption_credit(c) for c in captions) if c]
    return Article(body=body, title=title, captions=_dedupe(captions), credits=_dedupe(credits),
                   cited_outlets=outlets, id=id)


def split_dump(text: str | bytes) -> list[Article]:
    """Split a scraped dump into articles.

    Each article of a dump looks like: title line, blank line, caption lines,
    ``TT``, then the title and captions again and the body. Without any ``TT``
    marker the whole text is one article (see :func:`normalise`).

    Each article is held to the size limit of a str: one longer than :data:`MAX_CHARS`
    characters (its lines from its title to the next article's) is truncated to that many,
    with an :class:`InputTooLongWarning`.
    """
    text = _no_controls(to_text(text))  # as normalise: the same article whichever way it comes in
    lines = _strip_lines(text)
    if len(text) <= MAX_CHARS:  # no article can be too long
        return _split_lines(lines, check_length=False)
    if _TT not in lines:  # one article: truncated as a str is (see normalise)
        return [_single(_strip_lines(_truncate(text, stacklevel=3)))]
    return _split_lines(lines, check_length=True)


def _split_lines(lines: list[str], *, check_length: bool) -> list[Article]:
    """:func:`split_dump` on stripped lines; with ``check_length``, each article longer than
    :data:`MAX_CHARS` is truncated (with :class:`InputTooLongWarning`) before it is parsed."""
    markers = [i for i, line in enumerate(lines) if line == _TT]
    if not markers:
        return [_single(lines)]
    # find each article's header start: the title line above the caption block
    # (a header never reaches back past the previous marker: linear time on any input)
    starts: list[tuple[int, str, list[str]]] = []
    for n, t in enumerate(markers):
        lo = markers[n - 1] + 1 if n else 0
        i = t - 1
        caps: list[str] = []
        while i >= lo and lines[i]:
            caps.append(lines[i])
            i -= 1
        while i >= lo and not lines[i]:
            i -= 1
        if i < lo:  # header without a separate title: first caption line is the title
            title = caps.pop() if caps else ""
            start = i + 1
        else:  # (also with no caption line: "title, blank line, TT" is an article without a photo)
            title, start = lines[i], i
        starts.append((start, title, list(reversed(caps))))
    articles = []
    for k, (start, title, caps) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        if check_length and sum(map(len, lines[start:end])) + (end - start) - 1 > MAX_CHARS:
            # the article's own lines (header, marker, body), truncated like a str and parsed alone
            capped = _strip_lines(_truncate("\n".join(lines[start:end])))
            articles.append(_split_lines(capped, check_length=False)[0])
            continue
        header_end = markers[k] + 1
        articles.append(_from_block(lines[header_end:end], title=title, captions=caps))
    if starts and starts[0][0] > 0 and any(lines[: starts[0][0]]):
        logger.warning("dropped %d lines before the first article header", starts[0][0])
    return articles


def _single(lines: list[str]) -> Article:
    """One article without TT markers: a short first line followed by a blank is a title."""
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    lines = lines[first:]
    title = ""
    if (len(lines) >= 3 and lines[0] and not lines[1] and len(lines[0]) <= 200
            and not lines[0].endswith((".", "?", "!", ")", '"', "”")) and not _DATE_LINE.match(lines[0])):
        title, lines = lines[0], lines[2:]
    return _from_block(lines, title=title)


def _truncate(text: str, *, stacklevel: int = 4) -> str:
    if len(text) > MAX_CHARS:
        warnings.warn(
            f"article of {len(text):,} characters truncated to newsclf.article.MAX_CHARS "
            f"= {MAX_CHARS:,}; split it or raise the limit",
            InputTooLongWarning,
            stacklevel=stacklevel,
        )
        return text[:MAX_CHARS]
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def to_text(value: Any, *, what: str = "text") -> str:
    """Coerce a str or UTF-8 bytes to str; raise a TypeError naming anything else.

    Lone surrogates (a str that cannot be encoded, e.g. from ``surrogateescape``) become
    U+FFFD, so every result can be written as UTF-8; the length, and so every offset, is kept.
    """
    if isinstance(value, str):
        if not value.isascii():
            try:  # strict UTF-8 fails exactly on a surrogate code point (= _SURROGATE.search, in C)
                value.encode("utf-8")
            except UnicodeEncodeError:
                return _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    raise TypeError(
        f"{what} must be str or UTF-8 bytes, got {type(value).__name__}"
        + ("" if value is None else f" ({value!r:.60})")
        + _REMEDY + _PANDAS_REMEDY.get(type(value).__name__ if type(value).__module__.startswith("pandas") else "", "")
    )


_PANDAS_REMEDY = {
    "Series": "; for a pandas Series of texts pass series.tolist() (a list in gives a list out), for one "
              "DataFrame row row.to_dict()",
    "DataFrame": '; for a pandas DataFrame pass df.to_dict("records") (a list in gives a list out)',
}
_REMEDY = ("; pass the article text as a string, a (title, body) pair, an Article, "
           "or a dict with a 'text' (or 'body') key and optional 'title' and 'id'")


def from_record(rec: Mapping[str, Any], *, text: str = "text", title: str = "title",
                id: str = "id") -> Article:
    """The article of one record: a dict, a JSON Lines object, a CSV or Parquet row.

    The text is the ``text`` field (for the default field name, ``body`` when there is
    no ``text`` or a null one); ``title`` and ``id`` are optional. A record with a title and no text (or a
    null one) is a headline-only article (empty body), as in ``newsclf.spark``. Raises a
    TypeError naming what is missing or of the wrong type. The one record parser of
    :func:`normalise`, ``newsclf classify``, ``newsclf explain`` and ``newsclf score``.
    """
    keys = (text, "body") if text == "text" else (text,)
    present = [k for k in keys if k in rec]  # (a null text falls back to a body that is not null)
    key = next((k for k in present if not _null(rec[k])), present[0] if present else None)
    if key is not None and (not _null(rec[key]) or _null(rec.get(title))):
        raw = rec[key]
        if _null(raw):
            raise TypeError(f"missing text: article[{key!r}] is null ({type(raw).__name__}){_REMEDY}")
        body = to_text(raw, what=f"article[{key!r}]")
    elif not _null(rec.get(title)):  # (a null text, as a Parquet or Spark row gives it, is no text)
        body = ""  # a headline-only record: the title is the whole article
    else:
        raise TypeError(
            f"article dict must have a {' or '.join(map(repr, keys))} key (or a {title!r} for a "
            f"headline-only article), got keys {sorted(map(str, rec))[:10]}"
        )
    t = rec.get(title)
    t = to_text(t, what=f"article[{title!r}]") if not _null(t) and t else ""
    art = _normalise_pair(t, body)
    rid = rec.get(id)
    return Article(body=art.body, title=art.title, captions=art.captions, credits=art.credits,
                   cited_outlets=art.cited_outlets, id=None if _null(rid) else to_text(str(rid)))


def _null(value: Any) -> bool:
    """A missing field: None, or NaN / pandas NA / NaT as ``DataFrame.to_dict("records")`` gives it."""
    return value is None or (isinstance(value, float) and value != value) \
        or type(value).__name__ in ("NAType", "NaTType")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# the characters of _CONTROL as bytes (ASCII: in UTF-8 no other character holds these bytes)
_CONTROL_BYTES = bytes(i for i in range(128) if _CONTROL.match(chr(i)))


def _prepare(text: str) -> str:
    return _no_controls(_truncate(text))


def _no_controls(text: str) -> str:
    """``text`` with its control characters replaced by spaces (the length is kept)."""
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw.translate(None, _CONTROL_BYTES)) == len(raw):  # no control character (a C pass, no regex scan)
        return text
    return _CONTROL.sub(" ", text)


def normalise(value: Any) -> Article:
    """Normalise one input into an :class:`Article`.

    Accepts a str (or UTF-8 bytes), an :class:`Article`, a ``(title, body)`` tuple, or a
    mapping with ``text``/``body`` and optional ``title`` and ``id`` (or with a ``title`` and
    no text: a headline-only article, its body empty). A dump holding several
    articles gives the first one; use :func:`split_dump` to get them all.
    """
    if isinstance(value, Article):
        return value
    if isinstance(value, Mapping):
        return from_record(value)
    if isinstance(value, tuple) and len(value) == 2:
        return _normalise_pair(to_text(value[0], what="title"), to_text(value[1], what="body"))
    text = _prepare(to_text(value))
    arts = split_dump(text)
    if len(arts) > 1:
        logger.warning("input holds %d articles; classifying the first (use split_dump for all)", len(arts))
    return arts[0]


def _normalise_pair(title: str, body: str) -> Article:
    title = _prepare(title)  # held to MAX_CHARS, control characters to spaces, as any text
    if "  " in title or "\t" in title or "\u00a0" in title:  # else _WS.sub changes nothing
        title = _WS.sub(" ", title)
    title = title.strip()
    lines = _strip_lines(_prepare(body))  # (a dump is split at its "TT" lines whatever its line endings)
    art = _split_lines(lines, check_length=False) if _TT in lines else [_from_block(lines, title=title)]
    if len(art) > 1:
        logger.warning("input holds %d articles; classifying the first (use split_dump for all)", len(art))
    a = art[0]
    return Article(body=a.body, title=title or a.title, captions=a.captions, credits=a.credits,
                   cited_outlets=a.cited_outlets)
