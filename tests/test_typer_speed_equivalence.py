"""The joint TF-IDF path of the source typer gives exactly what the per-part path gave.

Equivalence only (no timing): ``_joint_tfidf`` (all parts counted, weighted and
normalised together) against ``_hstack_csr`` of one ``fast_tfidf_transform`` per part,
and the typer's predictions with the joint path on and off, compared bit for bit.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsclf import source_typer as st
from newsclf.article import split_dump
from newsclf.claims import _context, _rule_pass
from newsclf.frozen import fast_tfidf_transform
from tests.conftest import SEED_FILE, SHARED_DATA

_EDGE_ROWS = [
    ("", ""), ("AFP", ""), ("", "said the ministry"), ("İstanbul officials", "İ said it — “no”"),
    ("a", "a a a a"), ("Reuters Reuters", "x" * 500), ("  ", "\n\t"), ("ẞ", "ß ẞ"),
    ("the Syrian Observatory for Human Rights", "said on Monday that 12 people died"),
]


def _rows() -> list[tuple[str, str]]:
    texts = [a.body for a in split_dump(SEED_FILE.read_text(encoding="utf-8"))]
    wn = SHARED_DATA / "wikinews" / "wikinews_2019.jsonl"
    if wn.is_file():
        with wn.open(encoding="utf-8") as f:
            for k, line in enumerate(f):
                if k >= 60:
                    break
                d = json.loads(line)
                texts.append(d["title"] + "\n\n" + d["text"])
    rows = list(_EDGE_ROWS)
    for t in texts:
        doc = _rule_pass(t)
        for r in doc.raws:
            rows.append((t[r.source_start:r.source_end], _context(t, r.sent, r.source_start, r.source_end)))
    return rows


def _per_part(pipeline, x):
    features = pipeline.steps[0][1]
    return st._hstack_csr([fast_tfidf_transform(t, x[:, int(c)].tolist())
                           for _, t, c in features.transformers_])


def _same_csr(a, b) -> None:
    assert a.shape == b.shape
    assert a.indptr.dtype == b.indptr.dtype and a.indices.dtype == b.indices.dtype
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert a.data.dtype == b.data.dtype and a.data.tobytes() == b.data.tobytes()


@pytest.mark.parametrize("batch", [1, 2, 7, 1000])
def test_joint_matrix_and_probabilities_equal_per_part(shipped_model, batch):
    typer = shipped_model.source_typer
    pipe = typer.pipeline
    features, clf = pipe.steps[0][1], pipe.steps[1][1]
    rows = _rows()
    assert len(rows) > 50
    for s in range(0, len(rows), batch):
        chunk = rows[s:s + batch]
        x = st._as_matrix([r[0] for r in chunk], [r[1] for r in chunk])
        joint = st._joint_tfidf(features, features.transformers_, features.transformer_weights or {}, x)
        assert joint is not None
        ref = _per_part(pipe, x)
        _same_csr(joint, ref)
        assert st._lr_proba(clf, joint).tobytes() == clf.predict_proba(ref).tobytes()


def test_predict_equal_with_joint_path_off(shipped_model, monkeypatch):
    typer = shipped_model.source_typer
    rows = _rows()
    spans, ctxs = [r[0] for r in rows], [r[1] for r in rows]
    new = typer.predict(spans, ctxs)
    new_one = [typer.predict([s], [c])[0] for s, c in zip(spans[:200], ctxs[:200])]
    monkeypatch.setattr(st, "_joint_tfidf", lambda *a: None)
    old = typer.predict(spans, ctxs)
    old_one = [typer.predict([s], [c])[0] for s, c in zip(spans[:200], ctxs[:200])]
    assert [(a, repr(p)) for a, p in new] == [(a, repr(p)) for a, p in old]
    assert [(a, repr(p)) for a, p in new_one] == [(a, repr(p)) for a, p in old_one]


def test_sklearn_pipeline_joint_equals_per_part():
    spans = ["the ministry", "AFP", "residents", "Reuters", "a source", "the observatory"] * 10
    ctxs = ["said on Monday", "reported", "told reporters", "said", "said on condition of anonymity",
            "said twelve died"] * 10
    labels = ["official", "news_agency", "witness", "news_agency", "anonymous", "monitor_ngo"] * 10
    typer = st.SourceTyper.fit(spans, ctxs, labels)
    pipe = typer.pipeline
    features = pipe.steps[0][1]
    x = st._as_matrix(spans + ["unseen words", ""], ctxs + ["", "x"])
    joint = st._joint_tfidf(features, features.transformers_, features.transformer_weights or {}, x)
    assert joint is not None
    _same_csr(joint, _per_part(pipe, x))
