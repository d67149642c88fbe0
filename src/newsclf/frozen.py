"""Fast, pickle-free persistence of fitted scikit-learn text models: JSON + NumPy arrays.

skops is safe but slow on text models: its generic schema stores a vectorizer's
vocabulary dict item by item, and loading the shipped vectorizer (257k terms) took 35 s
and the claim source typer 68 s on the 2-core development machine. This module stores
the same fitted objects as a JSON spec plus one ``.npz`` of arrays (the vocabulary as
one string array, idf and weights as float arrays), loaded with ``allow_pickle=False``
and rebuilt only from an allow-list of classes — nothing in the files can run code.

Supported: ``TfidfVectorizer``, ``FeatureUnion`` and ``Pipeline`` of them,
``ColumnTransformer`` of vectorizers over integer columns, and the linear classifiers
``LogisticRegression``, ``LinearSVC``, ``SGDClassifier``.
"""

from __future__ import annotations

import json
import re
import weakref
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["freeze", "thaw", "dump_frozen", "load_frozen", "fast_tfidf_transform", "FROZEN_TYPES"]

_VEC_PARAMS = ("analyzer", "ngram_range", "min_df", "max_df", "max_features", "lowercase", "token_pattern",
               "sublinear_tf", "norm", "use_idf", "smooth_idf", "binary", "strip_accents")
_CLF_PARAMS = {"LogisticRegression": ("C", "class_weight", "max_iter", "solver", "random_state"),
               "LinearSVC": ("C", "class_weight", "random_state"),
               "SGDClassifier": ("loss", "alpha", "class_weight", "random_state")}
FROZEN_TYPES = ("TfidfVectorizer", "FeatureUnion", "Pipeline", "ColumnTransformer") + tuple(_CLF_PARAMS)


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, (np.integer, np.floating)):
        return v.item()
    return v


def freeze(obj: Any, arrays: dict[str, np.ndarray], key: str = "m") -> dict[str, Any]:
    """Describe a fitted object as JSON; its arrays go into ``arrays`` under ``key.*``."""
    name = type(obj).__name__
    if name == "TfidfVectorizer":
        vocab = obj.vocabulary_
        terms = np.empty(len(vocab), dtype=object)
        for term, j in vocab.items():
            terms[j] = term
        arrays[f"{key}.terms"] = terms.astype(np.str_)
        arrays[f"{key}.idf"] = np.asarray(obj.idf_, dtype=np.float64)
        params = {p: _jsonable(getattr(obj, p)) for p in _VEC_PARAMS}
        params["dtype"] = np.dtype(obj.dtype).name
        return {"type": name, "params": params}
    if name == "FeatureUnion":
        return {"type": name, "weights": obj.transformer_weights,
                "parts": [[n, freeze(t, arrays, f"{key}.{n}")] for n, t in obj.transformer_list]}
    if name == "Pipeline":
        return {"type": name, "steps": [[n, freeze(t, arrays, f"{key}.{n}")] for n, t in obj.steps]}
    if name == "ColumnTransformer":
        parts = []
        for n, t, col in obj.transformers_:
            if isinstance(t, str):
                if t == "drop":
                    continue
                raise TypeError(f"cannot freeze ColumnTransformer part {n!r}={t!r}")
            if not isinstance(col, (int, np.integer)):
                raise TypeError(f"cannot freeze ColumnTransformer part {n!r} over columns {col!r}; use an int")
            parts.append([n, freeze(t, arrays, f"{key}.{n}"), int(col)])
        return {"type": name, "weights": obj.transformer_weights, "parts": parts}
    if name in _CLF_PARAMS:
        arrays[f"{key}.coef"] = np.asarray(obj.coef_, dtype=np.float64)
        arrays[f"{key}.intercept"] = np.asarray(obj.intercept_, dtype=np.float64).ravel()
        arrays[f"{key}.classes"] = np.asarray(obj.classes_).astype(np.str_) if obj.classes_.dtype.kind in "OUS" \
            else np.asarray(obj.classes_)
        return {"type": name, "params": {p: _jsonable(getattr(obj, p)) for p in _CLF_PARAMS[name]},
                "classes_kind": "str" if np.asarray(obj.classes_).dtype.kind in "OUS" else "num"}
    raise TypeError(f"newsclf cannot freeze a {name}; supported: {', '.join(FROZEN_TYPES)}")


def thaw(spec: dict[str, Any], arrays: Any, key: str = "m") -> Any:
    """Rebuild a fitted object from :func:`freeze`'s spec and arrays (allow-listed classes only)."""
    kind = spec.get("type")
    if kind == "TfidfVectorizer":
        from sklearn.feature_extraction.text import TfidfVectorizer

        params = dict(spec["params"])
        params["ngram_range"] = tuple(params["ngram_range"])
        params["dtype"] = np.dtype(params["dtype"]).type
        vec = TfidfVectorizer(**params)
        terms = arrays[f"{key}.terms"].tolist()
        vec.vocabulary_ = dict(zip(terms, range(len(terms))))
        vec.idf_ = arrays[f"{key}.idf"]
        return vec
    if kind == "FeatureUnion":
        from sklearn.pipeline import FeatureUnion

        parts = [(n, thaw(s, arrays, f"{key}.{n}")) for n, s in spec["parts"]]
        return FeatureUnion(parts, transformer_weights=spec.get("weights"))
    if kind == "Pipeline":
        from sklearn.pipeline import Pipeline

        return Pipeline([(n, thaw(s, arrays, f"{key}.{n}")) for n, s in spec["steps"]])
    if kind == "ColumnTransformer":
        from sklearn.compose import ColumnTransformer

        parts = [(n, thaw(s, arrays, f"{key}.{n}"), int(col)) for n, s, col in spec["parts"]]
        ct = ColumnTransformer(parts, transformer_weights=spec.get("weights"))
        # inference-only fitted state: what newsclf's typer reads (transformers_, sparse_output_)
        ct.transformers_ = parts
        ct.sparse_output_ = True
        return ct
    if kind in _CLF_PARAMS:
        import sklearn.linear_model as lm
        import sklearn.svm as svm

        cls = getattr(svm if kind == "LinearSVC" else lm, kind)
        clf = cls(**spec["params"])
        clf.coef_ = arrays[f"{key}.coef"]
        clf.intercept_ = arrays[f"{key}.intercept"]
        classes = arrays[f"{key}.classes"]
        clf.classes_ = classes.astype(object) if spec.get("classes_kind") == "str" else classes
        clf.n_features_in_ = clf.coef_.shape[1]
        clf.n_iter_ = np.array([0])
        return clf
    raise TypeError(f"unknown frozen type {kind!r}; this newsclf reads {', '.join(FROZEN_TYPES)}")


def dump_frozen(obj: Any, folder: Path, stem: str) -> list[str]:
    """Write ``stem.json`` and ``stem.npz``; return the file names."""
    arrays: dict[str, np.ndarray] = {}
    spec = freeze(obj, arrays)
    (folder / f"{stem}.json").write_text(json.dumps(spec, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    from newsclf.persist import save_npz

    save_npz(folder / f"{stem}.npz", arrays)
    return [f"{stem}.json", f"{stem}.npz"]


def load_frozen(folder: Path, stem: str) -> Any:
    spec = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
    with np.load(folder / f"{stem}.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    return thaw(spec, arrays)


# --------------------------------------------------------------------------- fast transform
_ANALYZERS: "weakref.WeakKeyDictionary[Any, tuple[Any, Any]]" = weakref.WeakKeyDictionary()

def _fast_analyzer(vec: Any) -> Any:
    """A callable doc -> list of features equal to ``vec.build_analyzer()``, faster for the
    plain word analyzer (lower-case, token regex, contiguous n-grams, no stop words);
    ``None`` when the vectorizer is configured in a way this module does not replicate."""
    config = (vec.analyzer, tuple(vec.ngram_range), vec.token_pattern, vec.lowercase,
              getattr(vec, "stop_words", None) is None, getattr(vec, "preprocessor", None) is None,
              getattr(vec, "tokenizer", None) is None, getattr(vec, "strip_accents", None))
    try:
        cached = _ANALYZERS.get(vec)
    except TypeError:  # unhashable or not weak-referenceable: no cache
        cached = None
    if cached is not None and cached[0] == config:
        return cached[1]
    fn = None
    plain = (getattr(vec, "stop_words", None) is None and getattr(vec, "preprocessor", None) is None
             and getattr(vec, "tokenizer", None) is None and getattr(vec, "strip_accents", None) is None
             and getattr(vec, "input", "content") == "content")
    if plain and vec.analyzer == "word" and vec.token_pattern is not None:
        pattern = re.compile(vec.token_pattern)
        if pattern.groups <= 1:
            findall = pattern.findall
            lower = bool(vec.lowercase)
            min_n, max_n = vec.ngram_range

            if (min_n, max_n) == (1, 2):
                def fn(doc: str) -> list[str]:
                    toks = findall(doc.lower() if lower else doc)
                    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]
            else:
                def fn(doc: str) -> list[str]:
                    toks = findall(doc.lower() if lower else doc)
                    out = list(toks) if min_n == 1 else []
                    for n in range(max(min_n, 2), min(max_n, len(toks)) + 1):
                        out += [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
                    return out
    if fn is None and plain and vec.analyzer == "char_wb":
        lower_wb = bool(vec.lowercase)
        wb_min, wb_max = vec.ngram_range

        def fn(doc: str) -> list[str]:
            # sklearn's _char_wb_ngrams: each whitespace-split word padded with one space;
            # a word no longer than n gives itself once and stops the longer n-grams
            out: list[str] = []
            for w in (doc.lower() if lower_wb else doc).split():
                w = f" {w} "
                size = len(w)
                for n in range(wb_min, wb_max + 1):
                    if size <= n:
                        out.append(w)
                        break
                    out += [w[i:i + n] for i in range(size - n + 1)]
            return out
    if fn is None and plain and vec.analyzer == "char":
        fn = vec.build_analyzer()
    if fn is not None:
        try:  # cached beside the vectorizer, not on it (so that pickle/skops never see it)
            _ANALYZERS[vec] = (config, fn)
        except TypeError:
            pass
    return fn


def fast_tfidf_transform(vec: Any, docs: Any) -> Any:
    """``vec.transform(docs)`` for a fitted ``TfidfVectorizer``, computed with vectorised
    counting (same features, same idf weighting and norm; values equal up to float
    rounding). Falls back to ``vec.transform`` for configurations it does not replicate."""
    import scipy.sparse as sp

    analyze = _fast_analyzer(vec) if type(vec).__name__ == "TfidfVectorizer" else None
    if analyze is None or vec.binary or vec.norm not in ("l2", None) or not hasattr(vec, "vocabulary_") \
            or isinstance(docs, str):
        return vec.transform(docs)
    get = vec.vocabulary_.get
    n_feat = len(vec.vocabulary_)
    cols: list[int] = []
    indptr = [0]
    for doc in docs:
        if not isinstance(doc, str):
            return vec.transform(docs)
        cols += [j for j in map(get, analyze(doc)) if j is not None]
        indptr.append(len(cols))
    n_docs = len(indptr) - 1
    lengths = np.diff(np.asarray(indptr, dtype=np.int64))
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    keys, counts = np.unique(rows * n_feat + np.asarray(cols, dtype=np.int64), return_counts=True)
    row_of = keys // n_feat
    indices = (keys - row_of * n_feat).astype(np.int32)
    out_ptr = np.zeros(n_docs + 1, dtype=np.int32)
    np.cumsum(np.bincount(row_of, minlength=n_docs), out=out_ptr[1:])
    dtype = np.dtype(vec.dtype)
    if dtype not in (np.float32, np.float64):
        return vec.transform(docs)
    data = counts.astype(dtype)
    if vec.sublinear_tf:
        np.log(data, data)
        data += 1.0
    if vec.use_idf:
        data *= vec.idf_[indices]
    if vec.norm == "l2" and len(data):
        # the very routine sklearn's normalize() runs: bit-identical values
        from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

        X = sp.csr_matrix((data, indices, out_ptr), shape=(n_docs, n_feat))
        inplace_csr_row_normalize_l2(X)
        return X
    return sp.csr_matrix((data, indices, out_ptr), shape=(n_docs, n_feat))
