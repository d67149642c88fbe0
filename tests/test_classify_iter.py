"""``classify_iter``: a stream in, results out lazily, in order, one per item."""

from __future__ import annotations

import itertools

import pytest

import newsclf
from tests.conftest import SHIPPED

TEXTS = ["Israeli airstrikes hit Gaza City overnight, the health ministry said.",
         "Thousands protest in Baghdad against corruption, police said.",
         "Fighting broke out in Aden, officials said."]


@pytest.fixture(scope="module")
def model(shipped_model):
    return newsclf.load_model(SHIPPED)


def test_results_equal_classify_and_come_lazily(model):
    items = [{"id": f"a{i}", "text": TEXTS[i % 3]} for i in range(7)]
    want = [r.to_dict() for r in model.classify(items)]
    pulled = []

    def source():
        for it in items:
            pulled.append(it["id"])
            yield it

    stream = model.classify_iter(source(), batch_size=3)
    assert pulled == []                                 # nothing read before the first result is asked for
    first = next(stream)
    assert pulled == ["a0", "a1", "a2"]                 # one batch read, no more
    got = [first.to_dict()] + [r.to_dict() for r in stream]
    assert got == want


def test_an_endless_stream_is_fine(model):
    endless = itertools.cycle(TEXTS)
    out = list(itertools.islice(model.classify_iter(endless, batch_size=4), 10))
    assert [r.countries[:1] for r in out[:3]] == [("PS",), ("IQ",), ("YE",)]
    assert len(out) == 10


def test_bad_items_raise_with_their_position_or_abstain_in_place(model, caplog):
    items = [TEXTS[0], None, {"id": 7, "note": "no text"}, TEXTS[1]]
    with pytest.raises(TypeError, match="item 1 of the stream"):
        list(model.classify_iter(items))
    with caplog.at_level("WARNING", logger="newsclf.model"):
        out = list(model.classify_iter(items, on_error="abstain", batch_size=2))
    assert len(out) == 4
    assert [r.abstained for r in out] == [False, True, True, False]
    assert out[2].id == "7" and out[0].countries == ("PS",) and out[3].countries == ("IQ",)
    assert sum("abstains" in r.getMessage() for r in caplog.records) == 2


def test_arguments_are_checked_when_called_not_when_iterated(model):
    with pytest.raises(ValueError, match="on_error must be"):
        model.classify_iter(TEXTS, on_error="skip")
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        newsclf.classify_iter(TEXTS, batch_size=0)
    with pytest.raises(TypeError, match="for one article use classify"):
        model.classify_iter("one article")


def test_an_article_that_breaks_the_model_abstains_with_on_error_abstain(model, monkeypatch, caplog):
    real = type(model).classify_articles

    def flaky(self, articles):
        if any("BOOM" in a.body for a in articles):
            raise RuntimeError("a pathological text")
        return real(self, articles)

    monkeypatch.setattr(type(model), "classify_articles", flaky)
    items = [TEXTS[0], {"id": "b", "text": "BOOM"}, TEXTS[1]]
    with pytest.raises(RuntimeError):
        list(model.classify_iter(items))
    with caplog.at_level("WARNING", logger="newsclf.model"):
        out = list(model.classify_iter(items, on_error="abstain"))
    assert [r.abstained for r in out] == [False, True, False] and out[1].id == "b"
    assert out[0].countries == ("PS",) and out[2].countries == ("IQ",)
    assert any("'b' abstains" in r.getMessage() and "RuntimeError" in r.getMessage() for r in caplog.records)


def test_a_source_that_raises_still_gets_the_results_of_the_items_it_gave(model):
    """The caller's generator fails after 5 items: the 5th was consumed into a batch of 4 but its
    result was never yielded; the results of every item read come first, then the error."""
    def source():
        yield from (TEXTS[i % 3] for i in range(5))
        raise RuntimeError("the feed broke")

    for on_error in ("raise", "abstain"):
        got = []
        with pytest.raises(RuntimeError, match="the feed broke"):
            for r in model.classify_iter(source(), batch_size=4, on_error=on_error):
                got.append(r)
        assert len(got) == 5 and got[4].countries == ("IQ",)


def test_a_bad_record_from_pandas_abstains_without_a_nan_id(model):
    """A record of df.to_dict('records') with a NaN id has no id, as in classify (not 'nan')."""
    import math

    items = [{"id": math.nan, "text": 3}, {"id": "k", "text": 4}, {"id": 12, "text": None, "title": None}]
    out = list(model.classify_iter(items, on_error="abstain"))
    assert [r.id for r in out] == [None, "k", "12"] and all(r.abstained for r in out)


def test_pandas_objects_get_the_remedy_of_classify(model):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"id": ["a"], "text": [TEXTS[0]]})
    with pytest.raises(TypeError, match=r"got DataFrame; .*to_dict\(.records.\)") as exc:
        model.classify_iter(df)
    assert "for one article" not in str(exc.value)
    with pytest.raises(TypeError, match=r"got Series; .*tolist\(\)"):
        model.classify_iter(df["text"])
    assert [r.countries for r in model.classify_iter(df.to_dict("records"))] == [("PS",)]
