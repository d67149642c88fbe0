"""Frozen (JSON + npz) model parts: lightweight inference objects equal scikit-learn's."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from newsclf.frozen import load_frozen, to_sklearn
from tests.conftest import ROOT, SHIPPED


def test_lite_parts_equal_their_sklearn_objects(shipped_model, seed_text):
    from newsclf.article import split_dump

    texts = [a.text for a in split_dump(seed_text)] + ["Rockets hit Sderot, police said.", ""]
    lite = load_frozen(SHIPPED, "vectorizer", lite=True)
    real = to_sklearn(lite)
    assert type(real).__module__.startswith("sklearn.")
    a, b = lite.transform(texts), real.transform(texts)
    assert (abs(a - b)).max() == 0
    assert list(lite.get_feature_names_out()[:50]) == list(real.get_feature_names_out()[:50])
    typer_lite = load_frozen(SHIPPED, "source_typer", lite=True)
    typer_real = to_sklearn(typer_lite)
    x = np.array([["the interior ministry", "said the ministry [SRC] in a statement"],
                  ["Field sources", "[SRC] told Asharq Al-Awsat"]], dtype=object)
    np.testing.assert_array_equal(typer_lite.predict_proba(x), typer_real.predict_proba(x))


def test_loading_and_classifying_do_not_import_sklearn(shipped_model):
    code = ("import sys, newsclf; m = newsclf.load_model(); m.classify('Israeli settlers attacked a home in Sair, "
            "north of Hebron, police said.'); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- fast transform
_TRICKY = ["", "a", "x y", "Hello  world's  it's well-known -- 'quoted' - -x- y'", "ünïcödé ß STRASSE İstanbul",
           "l'Aquila—Gaza’s “border” 2019-01-04 a_b __ _", "tab\tsep\u00a0nbsp\u2003em\x1cfs", "'-'", "- ' -",
           "don't won't o'neill's al-Quds x-ray 3-2 '90s", "\ud800 lone surrogate", "日本語 テキスト 中文"]


def _random_texts(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    alphabet = list("abcxyzAB019_'-  .,;:!?()\"\n\t") + ["é", "ß", "İ", "’", "—", "\u00a0", "日", "\u0301", "٣"]
    return ["".join(rng.choice(alphabet, size=int(rng.integers(0, 80)))) for _ in range(n)]


def test_token_runs_equal_the_token_pattern():
    import re

    from newsclf.frozen import _TOKEN_RUNS, _Runs

    texts = _TRICKY + _random_texts(3000)
    for pattern, spec in _TOKEN_RUNS.items():
        runs, findall = _Runs(*spec), re.compile(pattern).findall
        for t in texts:
            for doc in (t, t.lower()):
                toks = [x for x in map(runs.fix, runs(doc)) if x is not None]
                assert toks == findall(doc), (pattern, doc)


def test_fast_transform_equals_sklearn_bit_for_bit(shipped_model, seed_text):
    from newsclf.article import split_dump
    from newsclf.frozen import fast_tfidf_transform

    texts = [a.text for a in split_dump(seed_text)] + _TRICKY + _random_texts(300)
    vecs = [shipped_model.vectorizer] + [t for _, t, _ in shipped_model.source_typer.pipeline.steps[0][1].transformers_]
    for vec in vecs:
        a, b = fast_tfidf_transform(vec, texts), to_sklearn(vec).transform(texts)
        a.sort_indices()
        b.sort_indices()
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a.indptr, b.indptr)
        np.testing.assert_array_equal(a.indices, b.indices)
        np.testing.assert_array_equal(a.data, b.data)


def test_fast_transform_ngram_index_on_fitted_vectorizers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsclf.frozen import _TOKEN_RUNS, _ngram_index, fast_tfidf_transform

    train = _random_texts(400, seed=1) + _TRICKY + ["the cat sat on the mat", "the cat's mat - isn't it"] * 3
    test = _random_texts(200, seed=2) + _TRICKY
    for pattern in _TOKEN_RUNS:
        for ngram_range in ((1, 1), (1, 2), (2, 2)):
            for lowercase in (True, False):
                vec = TfidfVectorizer(token_pattern=pattern, ngram_range=ngram_range, lowercase=lowercase,
                                      sublinear_tf=True, min_df=1).fit(train)
                assert _ngram_index(vec) is not None
                a, b = fast_tfidf_transform(vec, test), vec.transform(test)
                a.sort_indices()
                b.sort_indices()
                np.testing.assert_array_equal(a.indices, b.indices)
                np.testing.assert_array_equal(a.indptr, b.indptr)
                np.testing.assert_array_equal(a.data, b.data)
    # a vocabulary set by hand with terms the token pattern never gives still counts the same
    vec = TfidfVectorizer(ngram_range=(1, 2), vocabulary=["-cat", "cat", "the cat", "cat-", "x y", "a"]).fit(train)
    a, b = fast_tfidf_transform(vec, test + ["the cat -cat cat-"]), vec.transform(test + ["the cat -cat cat-"])
    assert abs(a - b).max() == 0


def test_fast_transform_with_a_small_run_cache(monkeypatch, shipped_model):
    from newsclf.frozen import _NgramIndex, _ngram_index, fast_tfidf_transform

    monkeypatch.setattr(_NgramIndex, "max_extra_runs", 3)
    vec = shipped_model.vectorizer
    texts = _TRICKY + _random_texts(200, seed=3)
    fast_tfidf_transform(vec, texts[:1])
    expected = to_sklearn(vec).transform(texts)
    for _ in range(2):  # the second pass reads the runs cached (and reset) by the first
        got = fast_tfidf_transform(vec, texts)
        assert abs(got - expected).max() == 0
    assert len(_ngram_index(vec).run_ids) <= len(_ngram_index(vec)._run_base) + 3 + 200 * 80


def test_fast_transform_one_document_at_a_time(shipped_model, seed_text):
    from newsclf.article import split_dump
    from newsclf.frozen import fast_tfidf_transform

    texts = [a.text for a in split_dump(seed_text)] + _TRICKY + _random_texts(100, seed=4)
    vecs = [shipped_model.vectorizer] + [t for _, t, _ in shipped_model.source_typer.pipeline.steps[0][1].transformers_]
    for vec in vecs:
        real = to_sklearn(vec)
        for t in texts:
            a, b = fast_tfidf_transform(vec, [t]), real.transform([t])
            a.sort_indices()
            b.sort_indices()
            np.testing.assert_array_equal(a.indptr, b.indptr)
            np.testing.assert_array_equal(a.indices, b.indices)
            np.testing.assert_array_equal(a.data, b.data)
