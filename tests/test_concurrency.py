"""Threads: the same results as one by one, and the default model is loaded once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import newsclf
import newsclf._api as api
from newsclf.model import NewsModel
from tests.test_robustness import _NEWS, robustness_model, tiny_corpus, tiny_model_folder

N_THREADS = 8

TEXTS = [a.text for a in tiny_corpus()[0][:16]] + [
    _NEWS,
    "Syria Says Kills Senior ISIS Leader\n\nSecurity forces killed a senior Islamic State leader near Idlib, "
    "the interior ministry said in a statement. A security source told AFP that two others were arrested.",
    "Thousands protested in Beirut on Sunday (Reuters) (AP)",
    "",
    "Smoke rises over Gaza City (Reuters)\nSmoke rises over Gaza City (Reuters)",
]


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> NewsModel:
    return robustness_model(tmp_path_factory)


def test_eight_threads_classifying_at_once_match_one_by_one(model):
    expected = [model.classify(t).to_dict() for t in TEXTS]
    barrier = threading.Barrier(N_THREADS)

    def work(k: int) -> list[dict]:
        barrier.wait()  # all threads start together
        order = TEXTS[k:] + TEXTS[:k]  # each thread in a different order
        out = [model.classify(t).to_dict() for t in order]
        return out[len(TEXTS) - k:] + out[:len(TEXTS) - k]

    with ThreadPoolExecutor(N_THREADS) as pool:
        results = list(pool.map(work, range(N_THREADS)))
    for got in results:
        assert got == expected


def test_eight_threads_classifying_batches_at_once_match_one_by_one(model):
    expected = [r.to_dict() for r in model.classify(TEXTS)]
    barrier = threading.Barrier(N_THREADS)

    def work(_: int) -> list[dict]:
        barrier.wait()
        return [r.to_dict() for r in model.classify(TEXTS)]

    with ThreadPoolExecutor(N_THREADS) as pool:
        for got in pool.map(work, range(N_THREADS)):
            assert got == expected


def test_a_freshly_loaded_model_is_safe_to_share_from_its_first_call(tmp_path_factory):
    """Lazy caches (analyzers, transposed weights, gazetteer) fill from eight threads at once."""
    folder = tiny_model_folder(tmp_path_factory)
    expected = [r.to_dict() for r in NewsModel.load(folder).classify(TEXTS)]
    fresh = NewsModel.load(folder)
    barrier = threading.Barrier(N_THREADS)

    def work(k: int) -> list[dict]:
        barrier.wait()
        return [fresh.classify(t).to_dict() for t in TEXTS]

    with ThreadPoolExecutor(N_THREADS) as pool:
        for got in pool.map(work, range(N_THREADS)):
            assert got == expected


def test_the_default_model_is_loaded_once_from_eight_threads(tmp_path_factory, monkeypatch):
    shared = NewsModel.load(tiny_model_folder(tmp_path_factory))
    calls: list[object] = []

    def slow_load(path):  # a slow load widens the window for a race
        calls.append(path)
        time.sleep(0.2)
        return shared

    monkeypatch.setattr(api, "_default", None)
    monkeypatch.setattr(NewsModel, "load", slow_load)
    barrier = threading.Barrier(N_THREADS)

    def work(_: int) -> NewsModel:
        barrier.wait()
        return newsclf.load_model()

    with ThreadPoolExecutor(N_THREADS) as pool:
        models = list(pool.map(work, range(N_THREADS)))
    assert len(calls) == 1
    assert all(m is shared for m in models)
    # later calls, and newsclf.classify, reuse it without loading again
    assert newsclf.load_model() is shared
    newsclf.classify("Air strikes hit Aleppo, the army said.")
    assert len(calls) == 1


def test_module_level_classify_from_eight_threads_loads_once(tmp_path_factory, monkeypatch):
    shared = NewsModel.load(tiny_model_folder(tmp_path_factory))
    calls: list[object] = []

    def slow_load(path):
        calls.append(path)
        time.sleep(0.2)
        return shared

    monkeypatch.setattr(api, "_default", None)
    monkeypatch.setattr(NewsModel, "load", slow_load)
    expected = [shared.classify(t).to_dict() for t in TEXTS]
    barrier = threading.Barrier(N_THREADS)

    def work(_: int) -> list[dict]:
        barrier.wait()
        return [newsclf.classify(t).to_dict() for t in TEXTS]

    with ThreadPoolExecutor(N_THREADS) as pool:
        for got in pool.map(work, range(N_THREADS)):
            assert got == expected
    assert len(calls) == 1
