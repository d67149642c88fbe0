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
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["freeze", "thaw", "dump_frozen", "load_frozen", "FROZEN_TYPES"]

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
