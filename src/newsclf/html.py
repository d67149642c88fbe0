"""A self-contained HTML view of what a model predicts for some articles, and why.

:func:`render_html` is what ``newsclf explain INPUT --html OUT.html`` writes: one file
with inline CSS and JavaScript (no network, no external fonts) showing, for each
article, its normalised body with every claim sentence highlighted, the source span
coloured by source type and the cue underlined (tooltips give type, agency and score);
the photo captions and their credits apart from the body; the scores of every head as
bars (countries with macro-region and areas, conflict types, source types, agencies);
and the features that pushed each predicted label up (``NewsModel.explain``).

Claim offsets refer to the article body (``newsclf.article.normalise(item).body``).
All text is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from newsclf.article import Article, normalise
from newsclf.result import Classification, Explanation

__all__ = ["render_html", "SOURCE_TYPE_COLOURS"]

logger = logging.getLogger(__name__)

#: Colour of each source type (TAXONOMY.md section 3) in the view and its legend.
SOURCE_TYPE_COLOURS: dict[str, str] = {
    "news_agency": "#2563eb",
    "official": "#7c3aed",
    "anonymous": "#64748b",
    "monitor_ngo": "#059669",
    "media": "#d97706",
    "witness": "#dc2626",
    "social_media": "#db2777",
}
_FALLBACK_COLOUR = "#0f766e"
_TYPE_NAMES = {
    "news_agency": "news agency", "official": "official", "anonymous": "anonymous",
    "monitor_ngo": "monitor / NGO", "media": "media", "witness": "witness",
    "social_media": "social media",
}


def _e(value: Any) -> str:
    """Escape any value for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


def _pct(score: float) -> str:
    return f"{max(0.0, min(1.0, float(score))) * 100:.1f}%"


# --------------------------------------------------------------------------- body
def _claim_tip(c: Any) -> str:
    parts = [f"{_TYPE_NAMES.get(c.source_type, c.source_type)} source", f"score {float(c.score):.2f}"]
    if c.agency:
        parts.insert(1, f"agency {c.agency}")
    if c.anonymous:
        parts.insert(1, "anonymous")
    parts.append(f"cue \u201c{c.cue}\u201d")
    return " \u00b7 ".join(parts)


def _render_sentence(body: str, ss: int, se: int, claims: Sequence[tuple[int, Any]], prefix: str) -> str:
    """One claim sentence: its source spans (coloured) and cues (underlined)."""
    marks: list[tuple[int, int, str, str]] = []   # (start, end, open tag, close tag)
    for k, c in claims:
        s, e = max(ss, c.source_start), min(se, c.source_end)
        if s >= e or any(s < me and ms < e for ms, me, _, _ in marks):
            continue
        colour = SOURCE_TYPE_COLOURS.get(c.source_type, _FALLBACK_COLOUR)
        marks.append((s, e, (f'<span class="src t-{_e(c.source_type)}" id="{prefix}c{k}" style="--c:{colour}" '
                             f'data-type="{_e(c.source_type)}" title="{_e(_claim_tip(c))}">'), "</span>"))
    seen_cues: set[tuple[int, int]] = set()
    for k, c in claims:
        s, e = max(ss, c.cue_start), min(se, c.cue_end)
        if s >= e or (s, e) in seen_cues or any(s < me and ms < e for ms, me, _, _ in marks):
            continue
        seen_cues.add((s, e))
        marks.append((s, e, f'<span class="cue" title="{_e("cue of a " + _TYPE_NAMES.get(c.source_type, c.source_type) + " claim")}">',
                      "</span>"))
    marks.sort()
    out: list[str] = []
    pos = ss
    for s, e, open_tag, close_tag in marks:
        out.append(_e(body[pos:s]))
        out.append(open_tag + _e(body[s:e]) + close_tag)
        pos = e
    out.append(_e(body[pos:se]))
    types = sorted({c.source_type for _, c in claims})
    tip = "; ".join(f"{c.source} \u2192 {_TYPE_NAMES.get(c.source_type, c.source_type)} ({float(c.score):.2f})"
                    for _, c in claims)
    return (f'<mark class="claim" data-types="{_e(" ".join(types))}" title="{_e("claim: " + tip)}">'
            + "".join(out) + "</mark>")


def _render_body(body: str, claims: Sequence[Any], prefix: str = "") -> str:
    """The body as paragraphs, each claim sentence highlighted (span ids start with ``prefix``)."""
    by_sentence: dict[tuple[int, int], list[tuple[int, Any]]] = {}
    for k, c in enumerate(claims):
        ss, se = int(c.sentence_start), int(c.sentence_end)
        if 0 <= ss < se <= len(body):
            by_sentence.setdefault((ss, se), []).append((k, c))
    sentences = sorted(by_sentence)
    paras: list[str] = []
    start = 0
    while start <= len(body):
        nl = body.find("\n", start)
        end = len(body) if nl < 0 else nl
        if body[start:end].strip():
            out: list[str] = []
            pos = start
            for ss, se in sentences:
                if ss < start or se > end or ss < pos:
                    continue   # sentences never cross a line break; skip overlaps
                out.append(_e(body[pos:ss]))
                out.append(_render_sentence(body, ss, se, by_sentence[(ss, se)], prefix))
                pos = se
            out.append(_e(body[pos:end]))
            paras.append("<p>" + "".join(out).strip() + "</p>")
        if nl < 0:
            break
        start = nl + 1
    return "\n".join(paras) if paras else '<p class="muted">(empty body)</p>'


# --------------------------------------------------------------------------- heads
def _thresholds(model: Any, head: str) -> dict[str, float]:
    """Decision thresholds of a head's labels, when the model exposes them."""
    try:
        if head == "source_types":
            h = model.source_head
        elif head == "countries":
            h = model.country_head
            return {"*": float(h.thresholds[0])} if h is not None else {}
        else:
            h = model.text_heads.get(head)
        if h is None:
            return {}
        return {str(lab): float(t) for lab, t in zip(h.labels, h.thresholds)}
    except Exception:  # noqa: BLE001 - thresholds are decoration only
        logger.debug("no thresholds for head %s", head, exc_info=True)
        return {}


def _bars(scores: Mapping[str, float], predicted: Iterable[str], thresholds: Mapping[str, float],
          *, names: Mapping[str, str] | None = None, colours: Mapping[str, str] | None = None,
          limit: int = 12) -> str:
    pred = set(predicted)
    items = sorted(scores.items(), key=lambda kv: (-float(kv[1]), kv[0]))[:limit]
    if not items:
        return '<p class="muted small">no candidate</p>'
    rows = []
    for label, score in items:
        thr = thresholds.get(label, thresholds.get("*"))
        tick = (f'<i class="thr" style="left:{_pct(thr)}" title="{_e(f"threshold {thr:.2f}")}"></i>'
                if thr is not None else "")
        colour = (colours or {}).get(label)
        style = f' style="--c:{colour}"' if colour else ""
        name = (names or {}).get(label, label)
        rows.append(
            f'<div class="bar{" on" if label in pred else ""}"{style} title="{_e(f"{label}: {float(score):.3f}")}">'
            f'<span class="lab">{_e(name)}</span>'
            f'<span class="track"><span class="fill" style="width:{_pct(score)}"></span>{tick}</span>'
            f'<span class="num">{float(score):.2f}</span></div>')
    return "\n".join(rows)


def _chips(values: Iterable[str], cls: str = "chip") -> str:
    vals = list(values)
    if not vals:
        return '<span class="muted small">none</span>'
    return " ".join(f'<span class="{cls}">{_e(v)}</span>' for v in vals)


def _heads_panel(model: Any, res: Classification) -> str:
    s = res.scores
    parts = ['<section class="heads">']
    region = _e(res.macro_region) if res.macro_region else '<span class="muted">none</span>'
    parts.append(f'<h3>Countries</h3><p class="meta">macro-region: <b>{region}</b>'
                 f' &middot; predicted: {_chips(res.countries)}</p>')
    parts.append(_bars(s.get("countries", {}), res.countries, _thresholds(model, "countries")))
    if res.areas or "areas" in s:
        parts.append('<h4>Palestinian areas</h4>')
        parts.append(_bars(s.get("areas", {}), res.areas, {},
                           names={"gaza_strip": "Gaza Strip", "west_bank": "West Bank",
                                  "east_jerusalem": "East Jerusalem"}))
    for head in [h for h in s if h not in ("countries", "areas", "source_types")]:
        title = head.replace("_", " ").capitalize()
        predicted = res.conflict_types if head == "conflict_types" else ()
        parts.append(f'<h3>{_e(title)}</h3>')
        if head == "conflict_types" and not res.conflict_types:
            parts.append('<p class="meta">not about conflict (no label over its threshold)</p>')
        parts.append(_bars(s[head], predicted, _thresholds(model, head), limit=20))
    if "source_types" in s:
        parts.append('<h3>Source types</h3>')
        parts.append(_bars(s["source_types"], res.source_types, _thresholds(model, "source_types"),
                           names=_TYPE_NAMES, colours=SOURCE_TYPE_COLOURS, limit=20))
    counts: dict[str, int] = {}
    for c in res.claims:
        if getattr(c, "agency", None):
            counts[c.agency] = counts.get(c.agency, 0) + 1
    parts.append('<h3>Agencies</h3><p class="meta">')
    if res.agencies:
        parts.append(" ".join(
            f'<span class="chip agency" title="{_e(f"{counts.get(a, 0)} claim(s) attributed")}">{_e(a)}'
            f'{f" <small>&times;{counts[a]}</small>" if counts.get(a) else ""}</span>' for a in res.agencies))
    else:
        parts.append('<span class="muted small">none</span>')
    parts.append("</p></section>")
    return "\n".join(parts)


def _features_panel(explanations: Sequence[Explanation]) -> str:
    if not explanations:
        return ""
    parts = ['<section class="features"><h3>Why: top features per predicted label</h3>']
    for ex in explanations:
        top = max((w for _, w in ex.features), default=0.0) or 1.0
        parts.append(f'<div class="expl"><div class="expl-h"><span class="head">{_e(ex.head.replace("_", " "))}</span> '
                     f'<b>{_e(ex.label)}</b> <span class="num">{ex.score:.2f}</span></div><ol>')
        for name, w in ex.features:
            parts.append(f'<li title="{_e(f"adds {w:.3f} to the margin")}"><span class="fname">{_e(name)}</span>'
                         f'<span class="fval">{w:+.3f}</span><span class="fbar" style="width:{_pct(w / top)}"></span></li>')
        if not ex.features:
            parts.append('<li class="muted small">no positive feature</li>')
        parts.append("</ol></div>")
    parts.append("</section>")
    return "\n".join(parts)


def _claims_table(claims: Sequence[Any], prefix: str = "") -> str:
    if not claims:
        return '<p class="muted small">No attributed claim found.</p>'
    rows = []
    for k, c in enumerate(claims):
        colour = SOURCE_TYPE_COLOURS.get(c.source_type, _FALLBACK_COLOUR)
        rows.append(
            f'<tr data-target="{prefix}c{k}" data-type="{_e(c.source_type)}"><td class="srccell">{_e(c.source)}</td>'
            f'<td><span class="tag" style="--c:{colour}">{_e(_TYPE_NAMES.get(c.source_type, c.source_type))}</span>'
            f'{" <small>anon.</small>" if c.anonymous else ""}</td>'
            f'<td>{_e(c.agency or "")}</td><td><i>{_e(c.cue)}</i></td><td class="num">{float(c.score):.2f}</td></tr>')
    return ('<details class="claims" open><summary>Claims (' + str(len(claims)) + ')</summary>'
            '<table><thead><tr><th>source</th><th>type</th><th>agency</th><th>cue</th><th>score</th></tr></thead>'
            '<tbody>' + "\n".join(rows) + "</tbody></table></details>")


def _captions(art: Article) -> str:
    if not art.captions and not art.credits:
        return ""
    caps = "".join(f"<figcaption>{_e(c)}</figcaption>" for c in art.captions)
    return (f'<figure class="captions"><div class="cap-label">Photo captions '
            f'<span class="muted small">(not part of the body; credits are not claims)</span></div>{caps}'
            f'<div class="credits">Credits: {_chips(art.credits, "chip credit")}</div></figure>')


def _article(model: Any, idx: int, art: Article, res: Classification, explanations: Sequence[Explanation]) -> str:
    ident = f'<span class="ident">{_e(art.id)}</span>' if art.id else ""
    title = _e(art.title) if art.title else '<span class="muted">(untitled)</span>'
    head = f'<header><span class="num-badge">{idx}</span><h2>{title}</h2>{ident}</header>'
    if res.abstained:
        if not art.is_empty:
            why = "No Latin letter in the text (the models read English): the model abstained."
        elif art.captions:
            why = "Only photo captions, no body (captions carry credits, not claims): the model abstained."
        else:
            why = "Empty article: the model abstained."
        body = f'<div class="body"><p>{_e(art.body)}</p></div>' if art.body.strip() else ""
        return (f'<article class="doc" id="a{idx}">{head}{_captions(art)}<p class="muted">{why}</p>{body}'
                "</article>")
    outlets = ""
    if art.cited_outlets:
        outlets = (f'<p class="meta">Cited outlets (article-level attribution): {_chips(art.cited_outlets)}</p>')
    return (f'<article class="doc" id="a{idx}">{head}'
            f'<div class="cols"><div class="text">{_captions(art)}'
            f'<div class="body">{_render_body(art.body, res.claims, f"a{idx}")}</div>{outlets}{_claims_table(res.claims, f"a{idx}")}</div>'
            f'<aside>{_heads_panel(model, res)}{_features_panel(explanations)}</aside></div></article>')


# --------------------------------------------------------------------------- page
_CSS = """
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f6f7f9;--card:#fff;--accent:#0f766e;--hl:#fff4c2}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.top{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.94);backdrop-filter:blur(6px);border-bottom:1px solid var(--line);padding:10px 28px;display:flex;flex-wrap:wrap;gap:10px 24px;align-items:center}
.top h1{font-size:17px;margin:0;letter-spacing:.01em}.top h1 span{color:var(--accent)}
.top .model{color:var(--muted);font-size:12.5px}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin-left:auto}
.legend button{font:inherit;font-size:12.5px;border:1px solid var(--line);background:#fff;border-radius:999px;padding:2px 10px 2px 8px;cursor:pointer;color:var(--ink)}
.legend button i{display:inline-block;width:10px;height:10px;border-radius:3px;background:var(--c);margin-right:6px;vertical-align:-1px}
.legend button.off{opacity:.35}
main{max-width:1320px;margin:0 auto;padding:20px 28px 60px}
nav.toc{font-size:13px;color:var(--muted);margin:0 0 14px}nav.toc a{color:var(--accent);text-decoration:none;margin-right:14px}
.doc{background:var(--card);border:1px solid var(--line);border-radius:12px;box-shadow:0 1px 2px rgba(0,0,0,.04);margin:0 0 26px;padding:22px 26px}
.doc header{display:flex;align-items:baseline;gap:12px;border-bottom:1px solid var(--line);padding-bottom:12px;margin-bottom:16px}
.doc h2{font:600 21px/1.3 Georgia,"Times New Roman",serif;margin:0;flex:1}
.num-badge{background:var(--accent);color:#fff;border-radius:6px;font-size:12px;padding:1px 7px;font-weight:600}
.ident{color:var(--muted);font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.cols{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:28px}
@media (max-width:980px){.cols{grid-template-columns:1fr}}
.body{font:16.5px/1.7 Georgia,"Times New Roman",serif;color:#222}
.body p{margin:0 0 .9em}
mark.claim{background:var(--hl);color:inherit;border-radius:3px;padding:1px 0;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.src{background:color-mix(in srgb,var(--c) 16%,transparent);border-bottom:2px solid var(--c);border-radius:3px;padding:0 2px;font-weight:600;cursor:help;transition:background .15s}
.src:hover,.src.flash{background:color-mix(in srgb,var(--c) 34%,transparent)}
.cue{text-decoration:underline;text-decoration-style:wavy;text-decoration-color:#b45309;text-underline-offset:3px;text-decoration-thickness:1.5px}
body.dim .src.hidden{background:none;border-bottom-color:transparent;font-weight:inherit}
figure.captions{margin:0 0 18px;padding:10px 14px;background:#f8fafc;border-left:3px solid #cbd5e1;border-radius:0 8px 8px 0;font-size:13.5px;color:#475569}
figure.captions figcaption{font-style:italic;margin:2px 0}
.cap-label{font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#64748b}
.credits{margin-top:6px}
.chip{display:inline-block;background:#eef2f7;border:1px solid #dde3ea;border-radius:999px;padding:0 9px;font-size:12.5px;color:#334155}
.chip.credit{background:#fff;border-style:dashed}
.chip.agency{background:#e8efff;border-color:#c9d8ff;color:#1e3a8a}
aside h3{font-size:12.5px;text-transform:uppercase;letter-spacing:.05em;color:#475569;margin:16px 0 6px}
aside h3:first-child{margin-top:0}
aside h4{font-size:12.5px;color:#475569;margin:10px 0 4px}
.meta{font-size:13px;color:#475569;margin:0 0 6px}
.bar{display:grid;grid-template-columns:128px 1fr 38px;align-items:center;gap:8px;font-size:12.5px;margin:3px 0;color:#475569}
.bar .lab{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.bar .track{position:relative;height:9px;background:#eef1f4;border-radius:5px}
.bar .fill{position:absolute;left:0;top:0;bottom:0;border-radius:5px;background:var(--c,#94a3b8);opacity:.55}
.bar.on{color:var(--ink);font-weight:600}.bar.on .fill{opacity:1;background:var(--c,var(--accent))}
.bar .thr{position:absolute;top:-3px;bottom:-3px;width:2px;background:#111827;opacity:.45;border-radius:1px}
.bar .num,.num{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:right;color:#475569}
section.features{margin-top:18px;border-top:1px solid var(--line);padding-top:12px}
.expl{margin:0 0 12px}.expl-h{font-size:13px}.expl-h .head{color:var(--muted)}
.expl ol{list-style:none;margin:4px 0 0;padding:0}
.expl li{position:relative;font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:1px 6px;margin:1px 0;z-index:0}
.expl .fval{float:right;color:#64748b}
.expl .fbar{position:absolute;left:0;top:1px;bottom:1px;background:#d5f5ef;border-radius:3px;z-index:-1}
details.claims{margin-top:18px;font-size:13.5px}
details.claims summary{cursor:pointer;font-weight:600;color:#334155}
table{border-collapse:collapse;width:100%;margin-top:8px}
th{text-align:left;font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:1px solid var(--line);padding:4px 8px}
td{border-bottom:1px solid #f1f3f5;padding:4px 8px;vertical-align:top}
tbody tr{cursor:pointer}tbody tr:hover{background:#f8fafc}
.tag{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;color:#fff;background:var(--c)}
.muted{color:var(--muted)}.small{font-size:12.5px}
#tip{position:fixed;z-index:10;pointer-events:none;max-width:340px;background:#111827;color:#f9fafb;font-size:12.5px;line-height:1.4;padding:6px 9px;border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.18);opacity:0;transition:opacity .08s}
#tip.show{opacity:1}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:10px}
"""

# Inline script: a styled tooltip for every title, legend buttons that show one
# source type at a time, and claim-table rows that scroll to their source span.
_JS = """
(function(){
  var tip=document.createElement('div');tip.id='tip';tip.setAttribute('role','tooltip');document.body.appendChild(tip);
  function move(ev){var x=ev.clientX+14,y=ev.clientY+16,w=tip.offsetWidth,h=tip.offsetHeight;
    if(x+w>window.innerWidth-8)x=ev.clientX-w-10;if(y+h>window.innerHeight-8)y=ev.clientY-h-12;
    tip.style.left=x+'px';tip.style.top=y+'px';}
  var titled=document.querySelectorAll('[title]');
  for(var i=0;i<titled.length;i++){var el=titled[i];el.setAttribute('data-tip',el.getAttribute('title'));el.removeAttribute('title');}
  document.addEventListener('mouseover',function(ev){var el=ev.target.closest?ev.target.closest('[data-tip]'):null;
    if(!el){tip.className='';return;}tip.textContent=el.getAttribute('data-tip');tip.className='show';move(ev);});
  document.addEventListener('mousemove',function(ev){if(tip.className)move(ev);});
  var active=null,buttons=document.querySelectorAll('.legend button');
  function apply(){document.body.classList.toggle('dim',!!active);
    var spans=document.querySelectorAll('.src');for(var i=0;i<spans.length;i++){
      spans[i].classList.toggle('hidden',!!active&&spans[i].getAttribute('data-type')!==active);}
    for(var j=0;j<buttons.length;j++){buttons[j].classList.toggle('off',!!active&&buttons[j].getAttribute('data-type')!==active);}}
  for(var b=0;b<buttons.length;b++){buttons[b].addEventListener('click',function(){
    var t=this.getAttribute('data-type');active=(active===t)?null:t;apply();});}
  var rows=document.querySelectorAll('tr[data-target]');
  for(var r=0;r<rows.length;r++){rows[r].addEventListener('click',function(){
    var doc=this.closest('article'),el=doc?doc.querySelector('#'+this.getAttribute('data-target')):null;
    if(!el)return;el.scrollIntoView({behavior:'smooth',block:'center'});el.classList.add('flash');
    setTimeout(function(){el.classList.remove('flash');},1200);});}
  var n=document.querySelectorAll('.src').length;
  document.documentElement.setAttribute('data-js','ready');
  var status=document.createElement('span');status.id='js-status';status.className='model';
  status.textContent=n+' source span'+(n===1?'':'s')+' highlighted';
  var top=document.querySelector('.top');if(top)top.insertBefore(status,top.querySelector('.legend'));
})();
"""


def _legend() -> str:
    return '<div class="legend" aria-label="source types">' + "".join(
        f'<button type="button" data-type="{_e(t)}" style="--c:{c}" title="{_e("show only " + _TYPE_NAMES[t] + " sources")}">'
        f'<i></i>{_e(_TYPE_NAMES[t])}</button>' for t, c in SOURCE_TYPE_COLOURS.items()) + "</div>"


def _model_line(model: Any) -> str:
    manifest = getattr(model, "manifest", {}) or {}
    bits = [f"taxonomy v{getattr(model, 'taxonomy_version', '?')}"]
    if manifest.get("newsclf_version"):
        bits.append(f"newsclf {manifest['newsclf_version']}")
    if manifest.get("created"):
        bits.append(f"trained {manifest['created']}")
    heads = getattr(model, "heads", ())
    if heads:
        bits.append("heads: " + ", ".join(heads))
    return " \u00b7 ".join(bits)


def render_html(model: Any, items: Sequence[Any]) -> str:
    """Render one self-contained HTML page explaining ``model``'s output for ``items``.

    Args:
        model: a fitted :class:`~newsclf.model.NewsModel` (``classify_articles`` and
            ``explain`` are used).
        items: articles in any form :func:`newsclf.article.normalise` accepts
            (:class:`~newsclf.article.Article` from a dump, dicts from JSON Lines, strings).

    Returns:
        The HTML document as a string (inline CSS and JavaScript, no external resource).
    """
    articles = [normalise(it) for it in items]
    results = model.classify_articles(articles) if articles else []
    docs = []
    toc = []
    for idx, (art, res) in enumerate(zip(articles, results), 1):
        explanations = [] if res.abstained else model.explain(art, result=res)
        docs.append(_article(model, idx, art, res, explanations))
        label = art.title or (art.body[:60] + "\u2026" if len(art.body) > 60 else art.body) or "(empty)"
        toc.append(f'<a href="#a{idx}">{idx}. {_e(label[:70])}</a>')
    n = len(articles)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(docs) if docs else '<p class="muted">No article in the input.</p>'
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>newsclf explain \u2014 {n} article{'s' if n != 1 else ''}</title>"
        f"<style>{_CSS}</style></head>\n<body>"
        f'<div class="top"><h1><span>newsclf</span> explain</h1>'
        f'<span class="model">{_e(_model_line(model))}</span>{_legend()}</div>'
        f'<main><nav class="toc">{"".join(toc)}</nav>\n{body}\n'
        f'<footer>Generated {stamp} by newsclf. Source spans are coloured by type; '
        f'cues are underlined; claim sentences are highlighted. Hover for details.</footer></main>'
        f"<script>{_JS}</script></body></html>\n"
    )
