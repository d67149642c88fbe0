"""Hostile and odd input: every kind gets a clear error or a defined result, in linear time.

Also home of :func:`tiny_model_folder` and :func:`robustness_model`, which the other
reliability tests (``test_model_security``, ``test_concurrency``, ``test_fuzz``) import:
the shipped model when ``models/newsclf-en`` has a manifest, else a tiny model trained
here on 42 hand-written articles (no network, no ../shared/data, about a second).
"""

from __future__ import annotations

import gc
import logging
import re
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclf
from newsclf.article import MAX_CHARS, Article, InputTooLongWarning, normalise
from newsclf.model import NewsModel
from newsclf.taxonomy import country_codes, labels, macro_region

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "models" / "newsclf-en"

# --------------------------------------------------------------------------- tiny model
_EVENTS = {
    "airstrike_shelling": "Air strikes and artillery shelling hit residential blocks in {p}, killing {n} people",
    "armed_clash": "Rebel fighters and army troops fought fierce battles for control of {p}, leaving {n} fighters dead",
    "protest": "Thousands of demonstrators marched through {p} to protest against rising prices and corruption",
    "diplomacy_ceasefire": "Negotiators meeting in {p} agreed a ceasefire and a prisoner exchange after long talks",
    "security_operation": "Security forces raided homes in {p} and arrested {n} suspected militants overnight",
    "humanitarian_crisis": "Aid convoys reached {p}, where families face famine and hospitals have run out of fuel",
}
_PLACES = [("Gaza City", "PS"), ("Aleppo", "SY"), ("Mosul", "IQ"), ("Sanaa", "YE"), ("Beirut", "LB"),
           ("Idlib", "SY"), ("Nablus", "PS")]
_SOURCES = [
    ("the health ministry said", "the health ministry", "official"),
    ("residents told AFP", "residents", "witness"),
    ("the Syrian Observatory for Human Rights reported", "the Syrian Observatory for Human Rights", "monitor_ngo"),
    ("a security source said", "a security source", "anonymous"),
    ("local media reported", "local media", "media"),
]


def tiny_corpus() -> tuple[list[Article], list[dict[str, list[str]]]]:
    """42 hand-written articles (6 event types x 7 places) with their labels."""
    arts: list[Article] = []
    gold: list[dict[str, list[str]]] = []
    k = 0
    for event, template in _EVENTS.items():
        for place, code in _PLACES:
            cue, _, stype = _SOURCES[k % len(_SOURCES)]
            body = template.format(p=place, n=3 + k % 9) + f", {cue}."
            body += " The United States condemned the violence." if k % 2 else " The situation remained tense."
            arts.append(Article(body=body, title=f"{event.replace('_', ' ').title()} in {place}", id=f"tiny-{k}"))
            gold.append({"conflict_types": [event], "countries": [code], "source_types": [stype]})
            k += 1
    return arts, gold


def build_tiny_model() -> NewsModel:
    """Fit every part of a NewsModel (vectorizer, three heads, source typer) on the tiny corpus."""
    from newsclf.source_typer import SourceTyper
    from newsclf.taxonomy import TAXONOMY_VERSION
    from newsclf.training import (
        TrainConfig,
        fit_country_head,
        fit_source_head,
        fit_text_head,
        fit_vectorizer,
        label_matrix,
    )

    arts, gold = tiny_corpus()
    cfg = TrainConfig(min_df=1, max_features=5000, use_weak=False)
    vec = fit_vectorizer([a.text for a in arts], cfg)
    X = vec.transform([a.text for a in arts]).astype(np.float32)
    ct_labels, st_labels = labels("conflict_types"), labels("source_types")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)  # "label ... will never fire" for the absent labels
        try:
            ct = fit_text_head("conflict_types", ct_labels, X, label_matrix([g["conflict_types"] for g in gold],
                                                                            ct_labels), cfg)
            country = fit_country_head(arts, [g["countries"] for g in gold], cfg)
            spans = [s for _, s, _ in _SOURCES] * 3
            contexts = [f"{c} [SRC] said" for c, _, _ in _SOURCES] * 3
            typer = SourceTyper.fit(spans, contexts, [t for _, _, t in _SOURCES] * 3)
            model = NewsModel(vectorizer=vec, text_heads={"conflict_types": ct}, source_head=None,
                              country_head=country, source_typer=typer,
                              config={"taxonomy_version": TAXONOMY_VERSION})
            claims = model._claims(arts)
            Xs = model._source_matrix(X, arts, claims)
            model.source_head = fit_source_head(
                Xs, label_matrix([g["source_types"] for g in gold], st_labels), st_labels, cfg)
        finally:
            logging.disable(logging.NOTSET)
    return model


_cache: dict[str, Any] = {}
_cache_lock = threading.Lock()


def tiny_model_folder(tmp_path_factory: pytest.TempPathFactory, fmt: str = "frozen") -> Path:
    """A saved tiny model folder (``fmt`` "frozen" or "skops"), built once per session."""
    with _cache_lock:
        key = f"folder-{fmt}"
        if key not in _cache:
            if "tiny" not in _cache:
                _cache["tiny"] = build_tiny_model()
            folder = tmp_path_factory.mktemp(f"tiny-{fmt}") / "model"
            _cache["tiny"].save(folder, format=fmt)
            _cache[key] = folder
        return _cache[key]


def robustness_model(tmp_path_factory: pytest.TempPathFactory) -> NewsModel:
    """The shipped model when it exists, else the tiny one (loaded once per session)."""
    with _cache_lock:
        if "model" in _cache:
            return _cache["model"]
    if (SHIPPED / "manifest.json").is_file():
        model = newsclf.load_model(SHIPPED)
    else:
        model = NewsModel.load(tiny_model_folder(tmp_path_factory))
    with _cache_lock:
        return _cache.setdefault("model", model)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> NewsModel:
    return robustness_model(tmp_path_factory)


# --------------------------------------------------------------------------- the cases
def _html_page() -> str:
    return ("<!DOCTYPE html><html><head><title>News</title><script>var said = 'x';</script>"
            "<style>p{color:red}</style></head><body><nav><a href='/'>Home</a></nav><h1>Strikes on Gaza</h1>"
            "<p>Israeli air strikes killed 5 people in Gaza City, the health ministry said.</p>"
            "<footer>&copy; 2024 &amp; all rights reserved</footer></body></html>")


_CAPTION = "Smoke rises over Gaza City after an Israeli strike (Reuters)"
_NEWS = ("GAZA (AFP) -- Israeli air strikes killed 12 people in Gaza City on Monday, the health ministry said. "
         "Residents told AFP that a residential block was hit. The Israeli army said it targeted militants.\n\n")

#: Inputs that must raise ``TypeError`` naming the type received and what to pass instead:
#: (case id, what it is, factory, text the message must contain).
BAD_TYPES: list[tuple[str, str, Any, str]] = [
    ("none", "None", lambda: None, "NoneType"),
    ("int", "an int (42)", lambda: 42, "int"),
    ("float", "a float (3.5)", lambda: 3.5, "float"),
    ("object", "an arbitrary object", object, "object"),
    ("tuple3", "a 3-tuple", lambda: ("a", "b", "c"), "tuple"),
    ("dict_no_text", "a dict without 'text'/'body'/'title'", lambda: {"id": 7}, "'text' or 'body'"),
    ("dict_text_none", "a dict whose 'text' is None", lambda: {"text": None}, "NoneType"),
    ("pair_body_none", "a (title, None) pair", lambda: ("A title", None), "NoneType"),
    ("batch_bad_item", "a list with an int at index 1", lambda: ["Strikes hit Gaza.", 3], "item 1 of the batch"),
]

#: Inputs with a defined result: (case id, what it is, factory, expected outcome).
#: Outcomes: "abstain" (``abstained=True``), "result" (a normal Classification),
#: "truncated" (``InputTooLongWarning`` and a result on the first MAX_CHARS characters).
ODD_INPUTS: list[tuple[str, str, Any, str]] = [
    ("empty", "empty string", lambda: "", "abstain"),
    ("whitespace", "only spaces, tabs and newlines", lambda: " \t\n\r\n  \u00a0 ", "abstain"),
    ("empty_bytes", "empty bytes", lambda: b"", "abstain"),
    ("caption_only", "a photo caption ending in (Reuters), twice", lambda: f"{_CAPTION}\n{_CAPTION}", "abstain"),
    ("non_utf8_bytes", "bytes that are not UTF-8 (Latin-1, lone 0xff)",
     lambda: "Frappes aériennes à Alep, a déclaré l'armée. \xff".encode("latin-1"), "result"),
    ("binary_garbage", "100 kB of random bytes", lambda: np.random.default_rng(0).bytes(100_000), "result"),
    ("nul_and_control", "NUL, BEL, ESC and other control characters",
     lambda: "Air strikes hit Aleppo\x00\x07\x1b[31m\x0b\x0c\x7f, the army said.", "result"),
    ("emoji", "emoji, zero-width and bidi-override characters",
     lambda: "💥🔥 Air strikes hit Aleppo 🙏\u200b\u200d\u202e, the army said. 🇸🇾", "result"),
    ("lone_surrogate", "lone surrogates (not encodable) in the title and a claim's source",
     lambda: {"title": "A \udc00 title", "text": "Strikes hit Gaza city, the \ud800 ministry said."}, "result"),
    ("arabic", "Arabic text (no Latin letter: not English)",
     lambda: "قالت وزارة الصحة في غزة إن خمسة أشخاص قتلوا في غارة جوية إسرائيلية.", "abstain"),
    ("hebrew", "Hebrew text (no Latin letter: not English)",
     lambda: "משרד הבריאות בעזה אמר כי חמישה בני אדם נהרגו בתקיפה אווירית.", "abstain"),
    ("arabic_with_agency", "Arabic text citing AFP in Latin letters",
     lambda: "قالت وزارة الصحة في غزة لوكالة AFP إن خمسة أشخاص قتلوا.", "result"),
    ("html_page", "a whole HTML page (tags are not stripped)", _html_page, "result"),
    ("digits_only", "50,000 digits", lambda: "1234567890" * 5000, "abstain"),
    ("punctuation_run", "200,000 full stops", lambda: "." * 200_000, "abstain"),
    ("many_dumps", "10,000 scraped-dump headers (TT markers)", lambda: "Title\n\ncap\nTT\n" * 10_000, "result"),
    ("bytearray", "a bytearray", lambda: bytearray(b"Air strikes hit Aleppo, the army said."), "result"),
    ("one_mb_line", "one 1 MB line without spaces", lambda: "x" * 1_000_000, "truncated"),
    ("ten_mb_article", "a 10 MB article (distinct news paragraphs)", lambda: _news(10_000_000), "truncated"),
]


def observe(model: NewsModel, value: Any) -> dict[str, Any]:
    """Classify ``value`` and report what happened (used by the tests and docs/make_robustness_table.py)."""
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = model.classify(value)
        except Exception as exc:  # noqa: BLE001 - we report whatever happens
            return {"error": type(exc).__name__, "message": str(exc), "seconds": time.perf_counter() - t0,
                    "warnings": [w.category.__name__ for w in caught]}
    return {"result": res, "seconds": time.perf_counter() - t0, "warnings": [w.category.__name__ for w in caught],
            "warning_messages": [str(w.message) for w in caught]}


def check_result(res: Any) -> None:
    """A Classification whose labels are taxonomy ids and whose scores lie in [0, 1]."""
    assert isinstance(res, newsclf.Classification)
    assert set(res.conflict_types) <= set(labels("conflict_types"))
    assert set(res.source_types) <= set(labels("source_types"))
    assert set(res.areas) <= set(labels("areas"))
    assert set(res.countries) <= set(country_codes())
    assert res.macro_region == macro_region(res.countries)
    assert all(isinstance(a, str) and a for a in res.agencies)
    for head, scores in res.scores.items():
        for label, s in scores.items():
            assert 0.0 <= s <= 1.0 and np.isfinite(s), (head, label, s)
    for c in res.claims:
        assert c.source_type in labels("source_types")
        assert 0.0 <= c.score <= 1.0
    import json

    json.dumps(res.to_dict(), ensure_ascii=False).encode("utf-8")  # writable as UTF-8 (the CLI's output)


# --------------------------------------------------------------------------- tests
@pytest.mark.parametrize("case", BAD_TYPES, ids=[c[0] for c in BAD_TYPES])
def test_bad_types_raise_a_type_error_naming_type_and_remedy(model, case):
    _, _, make, needle = case
    with pytest.raises(TypeError) as exc:
        model.classify(make())
    msg = str(exc.value)
    assert needle in msg
    # the remedy: what to pass instead (or, for a dict, which keys it lacks)
    assert "pass the article text" in msg or "must have a 'text' or 'body' key" in msg


def test_module_level_classify_gives_the_same_type_errors(model, monkeypatch):
    import newsclf._api as api

    monkeypatch.setattr(api, "_default", None)
    monkeypatch.setattr(api.NewsModel, "load", lambda path: model)  # the default model, whatever exists
    for _, _, make, needle in BAD_TYPES:
        with pytest.raises(TypeError, match=re.escape(needle)):
            newsclf.classify(make())


@pytest.mark.parametrize("case", ODD_INPUTS, ids=[c[0] for c in ODD_INPUTS])
def test_odd_input_gets_a_defined_result(model, case):
    _, _, make, outcome = case
    obs = observe(model, make())
    assert "error" not in obs, obs
    res = obs["result"]
    check_result(res)
    assert obs["seconds"] < 60, f"took {obs['seconds']:.1f}s"
    if outcome == "abstain":
        assert res.abstained is True
        assert res.countries == res.conflict_types == res.source_types == res.claims == ()
    else:
        assert res.abstained is False
    if outcome == "truncated":
        assert "InputTooLongWarning" in obs["warnings"]
        assert any(f"{MAX_CHARS:,}" in m for m in obs["warning_messages"])
    else:
        assert "InputTooLongWarning" not in obs["warnings"]


def test_caption_only_text_keeps_the_credit_but_abstains(model):
    res = model.classify(f"{_CAPTION}\n{_CAPTION}")
    assert res.abstained and res.credits == ("Reuters",) and res.agencies == ()


def test_long_input_is_truncated_to_max_chars_with_a_warning():
    text = "Strikes hit Gaza, the ministry said. " * (MAX_CHARS // 20)
    with pytest.warns(InputTooLongWarning, match="MAX_CHARS"):
        art = normalise(text)
    assert len(art.body) <= MAX_CHARS
    with pytest.warns(InputTooLongWarning):
        art2 = normalise(text.encode("utf-8"))
    assert art2.body == art.body


def test_non_utf8_bytes_are_decoded_with_replacement_characters():
    art = normalise(b"Strikes in Alep \xff\xfe hit homes")
    assert "\ufffd" in art.body and art.body.startswith("Strikes in Alep")


def test_control_characters_are_removed_but_offsets_stay_on_the_body(model):
    res = model.classify("Air strikes hit Aleppo\x00\x1b, the army said.")
    body = normalise("Air strikes hit Aleppo\x00\x1b, the army said.").body
    assert "\x00" not in body and "\x1b" not in body
    for c in res.claims:
        assert body[c.source_start:c.source_end] == c.source


# ------------------------------------------------------------------ linear time
def _seconds(fn, x: Any, repeat: int = 3) -> float:
    """Best of ``repeat`` runs (the least disturbed by other jobs on the box)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # the cyclic GC's pauses grow with the number of live objects: not our algorithm
        try:
            t0 = time.perf_counter()
            fn(x)
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best


def _ratio(fn, make, n: int, repeat: int = 3, attempts: int = 3) -> tuple[float, float, float]:
    """Time at n and 4n; the best of ``attempts`` measurements of the ratio.

    A quadratic algorithm scales by ~16 on every attempt, so retrying only removes the
    noise of a loaded machine (another job stealing the core during the 4n run), never a
    real regression.
    """
    best = (0.0, 0.0, float("inf"))
    for _ in range(attempts):
        small, big = _seconds(fn, make(n), repeat), _seconds(fn, make(4 * n), repeat)
        # a floor of 3 ms keeps timer noise on tiny inputs from looking super-linear
        ratio = big / max(small, 0.003)
        if ratio < best[2]:
            best = (small, big, ratio)
        if ratio < 6:
            break
    return best


def _rep(piece: str):
    return lambda n: (piece * (n // len(piece) + 1))[:n]


def _split_sentences(x: str):
    from newsclf.sentences import split_sentences

    return split_sentences(x)


def _extract_claims(x: str):
    from newsclf.claims import extract_claims

    return extract_claims(x)


def _rank_countries(x: str):
    from newsclf.gazetteer import Gazetteer

    return Gazetteer.default().rank_countries(x)


def _quiet_normalise(x: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
        try:
            return normalise(x)
        finally:
            logging.disable(logging.NOTSET)


#: (id, function, input generator, n): each was quadratic or exponential before the fixes
#: listed in docs/robustness.md; a quadratic one scales by ~16 from n to 4n.
SCALING = [
    ("sentences-dots", _split_sentences, _rep("."), 20_000),
    ("normalise-outlet-parens", _quiet_normalise, _rep(" (a     )"), 40_000),
    ("normalise-tt-markers", _quiet_normalise, _rep("TT\n"), 20_000),
    ("normalise-blank-lines", _quiet_normalise, _rep("\n"), 40_000),
    ("normalise-repeated-captions", _quiet_normalise,
     lambda n: "".join(f"Smoke {i} over Gaza (Reuters)\n" for i in range(n // 60)) * 2, 100_000),
    ("claims-long-sentence", _extract_claims, _rep("a said "), 4_000),
    ("claims-many-cues", _extract_claims, _rep("Ali told Reuters "), 4_000),
    ("claims-unresolved-anaphora", _extract_claims, _rep("The agency said. "), 16_000),
    ("gazetteer-parens-and-places", _rank_countries, _rep("(x) Gaza "), 8_000),
]


@pytest.mark.parametrize("case", SCALING, ids=[c[0] for c in SCALING])
def test_time_is_linear_in_input_size(case):
    _, fn, make, n = case
    small, big, ratio = _ratio(fn, make, n)
    assert ratio < 8, f"n={n}: {small:.4f}s, 4n: {big:.4f}s (x{ratio:.1f}; quadratic would be ~16)"


def _news(n: int) -> str:
    """Distinct news paragraphs (repeated lines would be dropped by normalisation)."""
    paras = (_NEWS.replace("12 people", f"{i} people").replace("Monday", f"day {i}") for i in range(n // 200 + 1))
    return "".join(paras)[:n]


@pytest.mark.parametrize("make,n", [(_news, 20_000), (_rep("a said "), 8_000), (_rep("(x) Gaza . "), 8_000)],
                         ids=["news", "cues", "parens-places"])
def test_classify_time_is_linear_in_input_size(model, make, n):
    small, big, ratio = _ratio(model.classify, make, n, repeat=2)
    assert ratio < 8, f"n={n}: {small:.4f}s, 4n: {big:.4f}s (x{ratio:.1f})"


# ------------------------------------------------------------------ properties
_WORDS = ["Gaza", "Aleppo", "Israel", "Syria", "said", "told", "according to", "Reuters", "AFP", "(AP)",
          "the ministry", "He", "sources", "U.S.", "Dr.", "3.5", "\n", "\n\n", "TT", ".", ",", '"', "(", ")",
          "—", "killed", "strikes", "West Bank", "al-", "residents", "statement", "'s", "© Observers"]


def news_like_text(max_words: int = 80) -> st.SearchStrategy[str]:
    """Arbitrary text, or text built from the tokens that steer normalisation, sentences and claims."""
    words = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=max_words)
    odd = st.text(st.characters(categories=["Cs", "Cc", "Zs", "Lu", "Ll", "Po", "So", "Mn"]), max_size=200)
    return st.one_of(st.text(max_size=400), words.map(" ".join), words.map("".join), odd)


PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


@PROPS
@given(text=news_like_text())
def test_classify_never_raises_on_any_str_and_stays_in_the_taxonomy(model, text):
    res = model.classify(text)
    check_result(res)
    body = normalise(text).body
    for c in res.claims:
        assert 0 <= c.sentence_start <= c.sentence_end <= len(body)
        assert c.sentence_start <= c.source_start < c.source_end <= c.sentence_end
        assert c.sentence_start <= c.cue_start < c.cue_end <= c.sentence_end
        assert body[c.source_start:c.source_end] == c.source
        assert body[c.cue_start:c.cue_end] == c.cue


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(texts=st.lists(news_like_text(40), max_size=5))
def test_a_batch_equals_its_items_one_by_one(model, texts):
    batch = model.classify(texts)
    assert isinstance(batch, list) and len(batch) == len(texts)
    assert [r.to_dict() for r in batch] == [model.classify(t).to_dict() for t in texts]


@PROPS
@given(raw=st.binary(max_size=300))
def test_any_bytes_give_a_result(model, raw):
    check_result(model.classify(raw))
