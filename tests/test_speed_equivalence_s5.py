"""Speed changes of session 5 give exactly what the code they replaced gave.

Equivalence only (no timing): each reference below is the earlier implementation, kept
here, and is compared with the current one on real texts and on generated strings.
"""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclf import conflict_cues as CC
from newsclf.article import split_dump
from tests.conftest import SEED_FILE, SHARED_DATA

_EDGE = [
    "", " ", "a", "air", "Air strikes hit the town.", "the airstrike", "xairstrike", "_air strike",
    "İstanbul bombing; ı ſ", "settlers attacked", "SETTLERS set fire to olive trees",
    "3air raid", "ceasefire-talks", "re-arrested", "un-demonstrated",
    "refugee camp", "refugees fled", "aid to Gaza", "ǅ bombing", "ﬁghting ﬂee",
]


def _texts() -> list[str]:
    out = list(_EDGE)
    for path in (SHARED_DATA / "wikinews" / "wikinews_2019.jsonl", SHARED_DATA / "gold" / "wcep.jsonl"):
        if path.is_file():
            with path.open(encoding="utf-8") as f:
                for line in f:
                    d = json.loads(line)
                    text = (d.get("title") or "") + "\n\n" + (d.get("text") or "")
                    out += [text, text[:300], text[:700]]
    if SEED_FILE.is_file():
        out.extend(a.body for a in split_dump(SEED_FILE.read_text(encoding="utf-8")))
    return out


TEXTS = _texts()


# ------------------------------------------------------------------ conflict_cues.rule_fires
def _ref_rule_fires(text: str) -> np.ndarray:
    """rule_fires as it was: every literal of a rule's gate looked for in the whole text."""
    low = text.lower()
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        return np.array([bool(rx.search(text)) and not (veto is not None and veto.search(text))
                         for rx, veto in CC.RULES.values()], np.float32)
    out = np.zeros(len(CC._LOWER), np.float32)
    for j, (rx, veto, gate) in enumerate(CC._LOWER):
        if gate is not None and not any(g in low for g in gate):
            continue
        if rx.search(low) and not (veto is not None and veto.search(low)):
            out[j] = 1.0
    return out


def test_rule_fires_texts() -> None:
    assert len(TEXTS) > 100
    for t in TEXTS:
        assert np.array_equal(CC.rule_fires(t), _ref_rule_fires(t)), t[:80]


def test_rule_fires_start_index_covers_gates() -> None:
    for (_, _, gate), split in zip(CC._LOWER, CC._START_INDEX):
        if split is not None:
            index, others = split
            assert sorted([g for v in index.values() for g in v] + list(others)) == sorted(gate)
    assert all(split is not None for split in CC._START_INDEX)


def test_word_prefixes_are_word_start_windows() -> None:
    import re

    starts = re.compile(r"\b(?=(\w.{0,2}))", re.S).findall  # every word start's 3-character window
    three = re.compile(r"\w{3}").fullmatch
    for t in TEXTS[:500] + _EDGE + ["ab c", "a-bc de_f", "x\u0301yz ǅab", "ab\ncd", "1a2 __x"]:
        low = t.lower()
        assert set(CC._WORD_PREFIXES(low)) == {w for w in starts(low) if three(w)}


_GATE_WORDS = sorted({g for _, _, gate in CC._LOWER if gate for g in gate})
_PIECES = st.one_of(
    st.sampled_from(_GATE_WORDS),
    st.sampled_from([" ", "  ", "-", "_", "'", "\n", ".", "é", "1", "x", "İ", "ß", "settlers ", "civilians killed"]),
    st.text(max_size=4),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_rule_fires_generated(pieces: list[str]) -> None:
    text = "".join(pieces)
    for t in (text, text.upper(), text.title()):
        assert np.array_equal(CC.rule_fires(t), _ref_rule_fires(t)), t


# ------------------------------------------------------------------ gazetteer.find: article test
from newsclf import gazetteer as G  # noqa: E402


def _article_before_old(text: str, s: int) -> bool:
    return s >= 3 and text[s - 1] in "- " and (
        text[s - 3 : s - 1] in G._ARTICLES_ANY_CASE or text[s - 4 : s - 1] in G._ASH_ANY_CASE)


def _article_before_new(text: str, s: int) -> bool:
    return s >= 3 and text[s - 1] in "- " and text[s - 2] in G._ARTICLE_LAST and (
        text[s - 3 : s - 1] in G._ARTICLES_ANY_CASE or text[s - 4 : s - 1] in G._ASH_ANY_CASE)


def test_article_before_texts() -> None:
    for t in TEXTS[:300]:
        for s in range(len(t)):
            assert _article_before_old(t, s) == _article_before_new(t, s), (t[max(0, s - 5):s + 5], s)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(sorted(G._ARTICLES_ANY_CASE | G._ASH_ANY_CASE) + [" ", "-", "A", "x", "é", "İ", "ſ"]),
                max_size=8))
def test_article_before_generated(pieces: list[str]) -> None:
    t = "".join(pieces)
    for s in range(len(t) + 1):
        assert _article_before_old(t, s) == _article_before_new(t, s)


def test_gazetteer_find_texts() -> None:
    gaz = G.Gazetteer.default()

    class _Plain(G.Gazetteer):
        __slots__ = ()
        skip_dead_prefixes = False  # the plain search from every candidate token

    ref = _Plain(gaz._table, gaz.n_names)
    for t in TEXTS[:300] + ["al-Hasakah and ash-Shaddadi, el-Bireh; As Sulaymaniyah, AT Tehran"]:
        assert gaz.find(t) == ref.find(t)


# ------------------------------------------------------------------ frozen._KeyTable / bigram lookup
from newsclf import frozen as F  # noqa: E402


def _ref_get(keys: np.ndarray, values: np.ndarray, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bigram lookup as it was: a binary search in the sorted keys."""
    order = np.argsort(keys, kind="stable")
    sk, sv = keys[order], values[order]
    if not len(sk):
        return np.zeros(len(queries), bool), sv[:0]
    pos = np.searchsorted(sk, queries)
    pos[pos == len(sk)] = 0
    hit = sk[pos] == queries
    return hit, sv[pos[hit]]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2**40), max_size=300, unique=True), st.lists(st.integers(0, 2**40), max_size=300),
       st.integers(0, 2**32 - 1))
def test_key_table_generated(keys: list[int], extra: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = np.array(keys, dtype=np.int64)
    v = rng.integers(0, 10**6, size=len(k)).astype(np.int64)
    q = np.array(extra + keys[: len(keys) // 2], dtype=np.int64)
    rng.shuffle(q)
    hit, vals = F._KeyTable(k, v).get(q)
    ref_hit, ref_vals = _ref_get(k, v, q)
    assert np.array_equal(hit, ref_hit) and np.array_equal(vals, ref_vals)


def test_key_table_clustered() -> None:
    # keys that share hash slots and long runs (consecutive and strided keys), and the table's end
    k = np.unique(np.concatenate([np.arange(5000), np.arange(0, 2**33, 2**20), np.arange(2**40, 2**40 + 3000)]))
    v = np.arange(len(k), dtype=np.int64)[::-1].copy()
    t = F._KeyTable(k, v)
    q = np.concatenate([k, k + 1, k * 3, np.array([0, 2**62, 2**63 - 1])])
    hit, vals = t.get(q)
    ref_hit, ref_vals = _ref_get(k, v, q)
    assert np.array_equal(hit, ref_hit) and np.array_equal(vals, ref_vals)
    assert t.keys[-1] == F._KeyTable._FREE


def test_bigram_lookup_model_vectorizers(shipped_model) -> None:
    vecs = [shipped_model.vectorizer] + [t for _, t, _ in shipped_model.source_typer.pipeline.steps[0][1].transformers_]
    docs = [t for t in TEXTS[:200]]
    for vec in vecs:
        index = F._ngram_index(vec)
        if index is None:
            continue
        runs: list[str] = []
        indptr = [0]
        for d in docs:
            runs += index.runs(d.lower())
            indptr.append(len(runs))
        rows, cols = index.lookup(runs, indptr)
        # the reference: every (row, column) pair of the n-grams, from the binary search
        ids = np.array([index.run_ids.get(r, -3) for r in runs], dtype=np.int64)
        assert (ids != -3).all()
        doc = np.repeat(np.arange(len(docs)), np.diff(indptr))
        keep = ids != -2
        ids, doc = ids[keep], doc[keep]
        ref_rows, ref_cols = [], []
        c = index.uni_cols[ids]
        ref_rows.append(doc[c >= 0])
        ref_cols.append(c[c >= 0])
        if index.ngram_range[1] >= 2:
            a, b = ids[:-1], ids[1:]
            ok = (a >= 0) & (b >= 0) & (doc[:-1] == doc[1:])
            hit, bc = _ref_get(index.bi_keys, index.bi_cols, a[ok] * index.n_tok + b[ok])
            ref_rows.append(doc[:-1][ok][hit])
            ref_cols.append(bc)
        got = sorted(zip(rows.tolist(), cols.tolist()))
        ref = sorted(zip(np.concatenate(ref_rows).tolist(), np.concatenate(ref_cols).tolist()))
        assert got == ref
