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

:func:`thaw` returns lightweight numpy/scipy inference objects (``Lite*``) where it can
replicate scikit-learn exactly, so that loading and classifying never import
scikit-learn (about 1.5 s); ``to_sklearn()`` gives the real fitted object when needed
(skops saving, retraining). :func:`fast_tfidf_transform` gives the same matrices for
both, including the l2 normalisation (bit-identical to scikit-learn's routine).
"""

from __future__ import annotations

import json
import re
import weakref
from itertools import chain, compress, repeat
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["freeze", "thaw", "dump_frozen", "load_frozen", "fast_tfidf_transform", "FROZEN_TYPES",
           "LiteTfidfVectorizer", "LiteColumnTransformer", "LiteLogisticRegression", "LitePipeline", "to_sklearn"]

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
    if isinstance(obj, _Lite):
        obj = obj.to_sklearn()
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


def thaw(spec: dict[str, Any], arrays: Any, key: str = "m", *, lite: bool = True) -> Any:
    """Rebuild a fitted object from :func:`freeze`'s spec and arrays (allow-listed classes only).

    With ``lite=True`` (the default) the parts this module can replicate exactly are
    returned as lightweight inference objects (:class:`LiteTfidfVectorizer`,
    :class:`LiteColumnTransformer`, :class:`LiteLogisticRegression`, :class:`LitePipeline`)
    built on numpy/scipy only, so loading a model does not import scikit-learn (over a
    second). Their ``to_sklearn()`` gives the equivalent fitted scikit-learn object.
    Anything else, or ``lite=False``, gives scikit-learn objects as before.
    """
    kind = spec.get("type")
    if kind not in FROZEN_TYPES:
        raise TypeError(f"unknown frozen type {kind!r}; this newsclf reads {', '.join(FROZEN_TYPES)}")
    if lite:
        obj = _thaw_lite(spec, arrays, key)
        if obj is not None:
            return obj
    return _thaw_sklearn(spec, arrays, key)


def _thaw_lite(spec: dict[str, Any], arrays: Any, key: str) -> Any:
    """A lite object for ``spec``, or ``None`` when some part is not replicated here."""
    kind = spec.get("type")
    if kind == "TfidfVectorizer":
        p = spec["params"]
        if p.get("analyzer") not in ("word", "char_wb") or p.get("norm") not in ("l2", None) \
                or p.get("binary") or p.get("strip_accents") is not None \
                or p.get("dtype") not in ("float32", "float64") \
                or (p.get("analyzer") == "word" and (p.get("token_pattern") is None
                                                     or re.compile(p["token_pattern"]).groups > 1)):
            return None
        return LiteTfidfVectorizer(spec, arrays, key)
    if kind == "ColumnTransformer":
        parts = []
        for n, s, col in spec["parts"]:
            t = _thaw_lite(s, arrays, f"{key}.{n}")
            if not isinstance(t, LiteTfidfVectorizer):
                return None
            parts.append((n, t, int(col)))
        return LiteColumnTransformer(spec, arrays, key, parts)
    if kind == "LogisticRegression":
        if spec.get("classes_kind") != "str" or len(arrays[f"{key}.classes"]) <= 2:
            return None  # binary: sklearn's expit path, not replicated here
        return LiteLogisticRegression(spec, arrays, key)
    if kind == "Pipeline":
        steps = spec["steps"]
        if len(steps) != 2:
            return None
        feats = _thaw_lite(steps[0][1], arrays, f"{key}.{steps[0][0]}")
        clf = _thaw_lite(steps[1][1], arrays, f"{key}.{steps[1][0]}")
        if not isinstance(feats, LiteColumnTransformer) or not isinstance(clf, LiteLogisticRegression):
            return None
        return LitePipeline(spec, arrays, key, [(steps[0][0], feats), (steps[1][0], clf)])
    return None


class _Lite:
    """Common part of the lite objects: the frozen spec they came from and a lazily
    built, cached scikit-learn equivalent."""

    def __init__(self, spec: dict[str, Any], arrays: Any, key: str) -> None:
        self._spec = spec
        self._arrays = arrays
        self._key = key
        self._sklearn: Any = None

    def to_sklearn(self) -> Any:
        """The equivalent fitted scikit-learn object (built once, imports scikit-learn)."""
        if self._sklearn is None:
            self._sklearn = _thaw_sklearn(self._spec, self._arrays, self._key)
        return self._sklearn

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_sklearn"] = None
        return state


class LiteTfidfVectorizer(_Lite):
    """Inference-only stand-in for a fitted ``TfidfVectorizer`` (word or char_wb analyzer,
    l2 or no norm): :func:`fast_tfidf_transform` computes exactly what it computes for the
    scikit-learn object. ``transform`` itself delegates to the scikit-learn object."""

    stop_words = None
    preprocessor = None
    tokenizer = None
    input = "content"

    def __init__(self, spec: dict[str, Any], arrays: Any, key: str) -> None:
        super().__init__(spec, arrays, key)
        p = spec["params"]
        self.analyzer: str = p["analyzer"]
        self.ngram_range: tuple[int, int] = tuple(p["ngram_range"])  # type: ignore[assignment]
        self.lowercase: bool = p["lowercase"]
        self.token_pattern: str | None = p["token_pattern"]
        self.sublinear_tf: bool = p["sublinear_tf"]
        self.norm: str | None = p["norm"]
        self.use_idf: bool = p["use_idf"]
        self.smooth_idf: bool = p["smooth_idf"]
        self.binary: bool = p["binary"]
        self.strip_accents: str | None = p["strip_accents"]
        self.min_df = p["min_df"]
        self.max_df = p["max_df"]
        self.max_features = p["max_features"]
        self.dtype = np.dtype(p["dtype"]).type
        self._terms = arrays[f"{key}.terms"]
        self.idf_: np.ndarray = arrays[f"{key}.idf"]
        self._vocabulary: dict[str, int] | None = None

    @property
    def vocabulary_(self) -> dict[str, int]:
        if self._vocabulary is None:
            terms = self._terms.tolist()
            self._vocabulary = dict(zip(terms, range(len(terms))))
        return self._vocabulary

    @vocabulary_.setter
    def vocabulary_(self, value: dict[str, int]) -> None:
        self._vocabulary = value
        self._sklearn = None

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The terms in column order (as ``TfidfVectorizer.get_feature_names_out``)."""
        return np.asarray(self._terms, dtype=object)

    def build_analyzer(self) -> Any:
        fn = _fast_analyzer(self)
        return fn if fn is not None else self.to_sklearn().build_analyzer()

    def transform(self, raw_documents: Any) -> Any:
        """``TfidfVectorizer.transform`` (computed by the scikit-learn object)."""
        return self.to_sklearn().transform(raw_documents)

    def to_sklearn(self) -> Any:
        vec = super().to_sklearn()
        if self._vocabulary is not None and vec.vocabulary_ is not self._vocabulary:
            vec.vocabulary_ = self._vocabulary
        return vec


class LiteColumnTransformer(_Lite):
    """Inference-only stand-in for a fitted sparse ``ColumnTransformer`` of lite vectorizers
    over integer columns (what the source typer's fast path reads)."""

    sparse_output_ = True

    def __init__(self, spec: dict[str, Any], arrays: Any, key: str, parts: list[tuple[str, Any, int]]) -> None:
        super().__init__(spec, arrays, key)
        self.transformers_ = parts
        self.transformers = parts
        self.transformer_weights = spec.get("weights")

    @property
    def named_transformers_(self) -> dict[str, Any]:
        return {n: t for n, t, _ in self.transformers_}

    def transform(self, X: Any) -> Any:
        """Each vectorizer over its column, weighted, side by side (CSR)."""
        import scipy.sparse as sp

        x = np.asarray(X, dtype=object)
        weights = self.transformer_weights or {}
        mats = []
        for name, trans, col in self.transformers_:
            m = fast_tfidf_transform(trans, x[:, col].tolist())
            w = weights.get(name)
            mats.append(m if w is None or w == 1.0 else m * w)
        return sp.hstack(mats).tocsr()

    def to_sklearn(self) -> Any:
        ct = super().to_sklearn()
        ct.transformers_ = [(n, t.to_sklearn(), c) for n, t, c in self.transformers_]
        ct.transformers = list(ct.transformers_)
        return ct


class LiteLogisticRegression(_Lite):
    """Inference-only stand-in for a fitted multinomial ``LogisticRegression`` (3+ classes):
    ``predict_proba`` is scikit-learn's decision function then softmax, same operations."""

    def __init__(self, spec: dict[str, Any], arrays: Any, key: str) -> None:
        super().__init__(spec, arrays, key)
        for p, v in spec.get("params", {}).items():
            setattr(self, p, v)
        self.coef_: np.ndarray = arrays[f"{key}.coef"]
        self.intercept_: np.ndarray = arrays[f"{key}.intercept"]
        self.classes_: np.ndarray = arrays[f"{key}.classes"].astype(object)
        self.n_features_in_ = self.coef_.shape[1]

    def decision_function(self, X: Any) -> np.ndarray:
        scores = X @ self.coef_.T + self.intercept_
        return np.asarray(scores)

    def predict_proba(self, X: Any) -> np.ndarray:
        scores = self.decision_function(X)
        scores -= scores.max(axis=1).reshape((-1, 1))
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1).reshape((-1, 1))
        return scores

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[self.decision_function(X).argmax(axis=1)]


class LitePipeline(_Lite):
    """Inference-only stand-in for the source typer's fitted ``Pipeline``
    (lite ColumnTransformer, then lite LogisticRegression)."""

    def __init__(self, spec: dict[str, Any], arrays: Any, key: str, steps: list[tuple[str, Any]]) -> None:
        super().__init__(spec, arrays, key)
        self.steps = steps

    @property
    def named_steps(self) -> dict[str, Any]:
        return dict(self.steps)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, str):
            return self.named_steps[i]
        return self.steps[i][1]

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def classes_(self) -> np.ndarray:
        return self.steps[-1][1].classes_

    def predict_proba(self, X: Any) -> np.ndarray:
        return self.steps[-1][1].predict_proba(self.steps[0][1].transform(X))

    def predict(self, X: Any) -> np.ndarray:
        return self.steps[-1][1].predict(self.steps[0][1].transform(X))

    def to_sklearn(self) -> Any:
        pipe = super().to_sklearn()
        pipe.steps = [(n, t.to_sklearn()) for n, t in self.steps]
        return pipe


def _thaw_sklearn(spec: dict[str, Any], arrays: Any, key: str = "m") -> Any:
    """Rebuild the fitted scikit-learn object from :func:`freeze`'s spec and arrays (allow-listed
    classes only)."""
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

        parts = [(n, _thaw_sklearn(s, arrays, f"{key}.{n}")) for n, s in spec["parts"]]
        return FeatureUnion(parts, transformer_weights=spec.get("weights"))
    if kind == "Pipeline":
        from sklearn.pipeline import Pipeline

        return Pipeline([(n, _thaw_sklearn(s, arrays, f"{key}.{n}")) for n, s in spec["steps"]])
    if kind == "ColumnTransformer":
        from sklearn.compose import ColumnTransformer

        parts = [(n, _thaw_sklearn(s, arrays, f"{key}.{n}"), int(col)) for n, s, col in spec["parts"]]
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


def load_frozen(folder: Path, stem: str, *, lite: bool = True) -> Any:
    """Read ``stem.json`` + ``stem.npz`` and :func:`thaw` them (lite objects unless ``lite=False``)."""
    spec = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
    with np.load(folder / f"{stem}.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    return thaw(spec, arrays, lite=lite)


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
            fn.word_lower = lower  # type: ignore[attr-defined]
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
        fn.char_wb = (lower_wb, wb_min, wb_max)  # type: ignore[attr-defined]
    if fn is None and plain and vec.analyzer == "char":
        fn = vec.build_analyzer()
    if fn is not None:
        try:  # cached beside the vectorizer, not on it (so that pickle/skops never see it)
            _ANALYZERS[vec] = (config, fn)
        except TypeError:
            pass
    return fn


class _Runs:
    """A fast tokenizer equal to ``re.findall(token_pattern, doc)`` for the token patterns of
    :data:`_TOKEN_RUNS`: such a pattern's tokens are the maximal runs of some characters
    (``run``, a regex character class), each cut down by ``fix`` (``None``: no token). The
    runs of an ASCII separator are found with ``bytes.translate`` + ``str.split`` (no regex
    match objects); chunks holding other characters are split with the ``run`` regex."""

    def __init__(self, run: str, ascii_keep: str, fix: Any) -> None:
        run_char = re.compile(run).fullmatch
        self.findall = re.compile(run).findall
        self.table = bytes(i if chr(i) in ascii_keep else 32 for i in range(128)) + bytes(range(128, 256))
        self.fix = fix
        # common non-ASCII separators (dashes, curly quotes, ...): replaced by spaces up front
        # (one separator for another), most texts are then ASCII
        self.separators = tuple(c for c in _NON_ASCII_SEPARATORS if not run_char(c))

    def __call__(self, doc: str) -> list[str]:
        """The runs of ``doc``, left to right (cut down to tokens by ``fix``)."""
        if not doc.isascii():
            for c in self.separators:
                if c in doc:
                    doc = doc.replace(c, " ")
        chunks = doc.encode("utf-8", "surrogatepass").translate(self.table).decode("utf-8", "surrogatepass").split()
        if doc.isascii():
            return chunks
        out: list[str] = []
        findall = self.findall
        for c in chunks:
            if c.isascii():
                out.append(c)
            else:
                out += findall(c)
        return out


_WORD_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
_NON_ASCII_SEPARATORS = "\u2014\u2013\u2019\u2018\u201c\u201d\u00a0\u200d\u2026\u00ab\u00bb\u2022\u00b7\u2009\u202f\u2010\u2011\u2012\u2015\u2032\u2033\u00b4\u00b0\u00a9\u20ac\u00a3"


def _strip_quote_hyphen(run: str) -> str | None:
    return run.strip("'-") or None


#: token pattern -> its runs. Each pattern's tokens never hold whitespace, so that a
#: vocabulary term with one space is a bigram "a b" and one without is a unigram.
#: ``\b\w[\w'-]*\w\b|\b\w\b`` matches, in each maximal run of [\w'-], from its first to its
#: last word character (the greedy middle part backtracks to the last one; the character
#: before the first one is no word character, so ``\b`` holds there); ``\b\w\w+\b`` and
#: ``\b\w+\b`` match the maximal \w runs (of 2+ characters, or all of them).
_TOKEN_RUNS: dict[str, tuple[str, str, Any]] = {
    r"(?u)\b\w[\w'-]*\w\b|\b\w\b": (r"[\w'-]+", _WORD_ASCII + "'-", _strip_quote_hyphen),
    r"(?u)\b\w\w+\b": (r"\w+", _WORD_ASCII, lambda run: run if len(run) > 1 else None),
    r"(?u)\b\w+\b": (r"\w+", _WORD_ASCII, lambda run: run),
}


class _KeyTable:
    """An open-addressing hash table of distinct non-negative int64 keys -> int64 values, probed for
    many keys at once with numpy: each key's slot is a multiplicative hash of it, taken (linear
    probing) by the first free slot from there on, without wrap-around (the table runs past the last
    hash slot far enough to end in a free slot). A key is in the table when its probe run, read one
    slot further per round for the keys still unresolved, reaches it before a free slot.

    The same answers as a binary search in the sorted keys (exact), about 2.5x faster for a batch
    of lookups: one hashed read per key for most, no sort of the queries."""

    _MULT = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio: Fibonacci hashing
    _FREE = -1

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        n = len(keys)
        bits = max(4, int(n).bit_length() + 2)  # at most a quarter of the hash slots used
        self._shift = np.uint64(64 - bits)
        h = self._hash(keys)
        order = np.argsort(h, kind="stable")
        h = h[order]
        # placed in hash order, each key takes max(its hash slot, the previous key's slot + 1):
        # slot_i = i + max_{j <= i} (h_j - j); every slot from a key's hash to its own is taken
        ar = np.arange(n, dtype=np.int64)
        slots = np.maximum.accumulate(h - ar) + ar if n else ar
        size = max(int(slots[-1]) if n else 0, (1 << bits) - 1) + 2  # a free slot after every run
        self.keys = np.full(size, self._FREE, dtype=np.int64)
        self.keys[slots] = keys[order]
        self.values = np.zeros(size, dtype=values.dtype)
        self.values[slots] = values[order]

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MULT) >> self._shift).astype(np.int64)

    def get(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For non-negative int64 ``queries``: (whether each is a key, the values of those that are)."""
        table = self.keys
        slot = self._hash(queries)
        found = table[slot]
        hit = found == queries
        todo = np.flatnonzero(~hit & (found != self._FREE))
        while len(todo):
            slot[todo] += 1
            found = table[slot[todo]]
            q = queries[todo]
            same = found == q
            hit[todo[same]] = True
            todo = todo[~same & (found != self._FREE)]
        return hit, self.values[slot[hit]]


class _NgramIndex:
    """Per word vectorizer with n-grams of at most two tokens: the vocabulary split into
    token ids (every token of a term gets one), the column of each unigram by token id,
    and the columns of the bigrams by their id pair, so that a document's features are
    looked up without building its n-gram strings."""

    max_extra_runs = 100_000

    def __init__(self, vocab: Any, ngram_range: tuple[int, int], token_pattern: str) -> None:
        self.vocab = vocab  # the vocabulary dict, or a lite vectorizer's term array
        self.ngram_range = ngram_range
        self.token_pattern = token_pattern
        self.runs = runs = _Runs(*_TOKEN_RUNS[token_pattern])
        if isinstance(vocab, dict):
            terms = list(vocab)
            cols = np.fromiter(vocab.values(), dtype=np.int64, count=len(terms))
        else:  # terms in column order
            terms = vocab.tolist()
            cols = np.arange(len(terms), dtype=np.int64)
        flags = [" " in t for t in terms]
        is_bi = np.array(flags, dtype=bool)
        uni = [t for t in terms if " " not in t]
        bi = list(compress(terms, flags))
        halves = " ".join(bi).split(" ") if bi else []
        if len(halves) != 2 * len(bi) or "" in halves:
            raise ValueError("vocabulary terms are not uni/bigrams of space-free tokens")
        tok_ids = dict.fromkeys(uni)
        tok_ids.update(dict.fromkeys(set(halves).difference(tok_ids)))
        self.tok_ids: dict[str, int] = dict(zip(tok_ids, range(len(tok_ids))))
        # runs that are their own token, looked up as they are (the others go through fix)
        fix = runs.fix
        self._run_base = {t: i for t, i in self.tok_ids.items() if fix(t) == t}
        # the same, plus the runs seen so far that are not their own token: their token's id,
        # -1 for a token out of the vocabulary, -2 for no token (bounded: reset when full)
        self.run_ids = dict(self._run_base)
        n_tok = self.n_tok = len(self.tok_ids)
        get = self.tok_ids.__getitem__
        self.uni_cols = np.full(n_tok + 1, -1, dtype=np.int64)  # last entry: for id -1
        self.uni_cols[np.fromiter(map(get, uni), dtype=np.int64, count=len(uni))] = cols[~is_bi]
        ab = np.fromiter(map(get, halves), dtype=np.int64, count=len(halves))
        keys = ab[0::2] * n_tok + ab[1::2]
        order = np.argsort(keys, kind="stable")
        self.bi_keys = keys[order]
        self.bi_cols = cols[is_bi][order]
        self.bi_table = _KeyTable(self.bi_keys, self.bi_cols)

    def lookup(self, runs: list[str], indptr: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every in-vocabulary n-gram of the documents whose runs are
        ``runs[indptr[i]:indptr[i + 1]]``, with repeats (the counts), in no set order."""
        min_n, max_n = self.ngram_range
        n_docs = len(indptr) - 1
        run_ids = self.run_ids
        ids = np.fromiter(map(run_ids.get, runs, repeat(-3)), dtype=np.int64, count=len(runs))
        doc = np.zeros(len(runs), dtype=np.int64) if n_docs == 1 else \
            np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(np.asarray(indptr, dtype=np.int64)))
        miss = np.flatnonzero(ids == -3)
        if len(miss):
            # runs cut down to another token (or to none: -2), and unknown tokens (-1)
            fix, get = self.runs.fix, self.tok_ids.get
            missed = [runs[i] for i in miss.tolist()]
            found = [-2 if t is None else get(t, -1) for t in map(fix, missed)]
            ids[miss] = found
            if len(run_ids) + len(missed) > len(self._run_base) + self.max_extra_runs:
                self.run_ids = run_ids = dict(self._run_base)
            run_ids.update(zip(missed, found))
        keep = ids != -2
        if not keep.all():
            ids, doc = ids[keep], doc[keep]
        rows, cols = [], []
        if min_n <= 1:
            c = self.uni_cols[ids]  # -1 -> the last entry, -1
            ok = c >= 0
            rows.append(doc[ok])
            cols.append(c[ok])
        if max_n >= 2 and len(ids) > 1 and len(self.bi_keys):
            a, b = ids[:-1], ids[1:]
            ok = (a >= 0) & (b >= 0) & (doc[:-1] == doc[1:])
            keys = a[ok] * self.n_tok + b[ok]
            hit, bcols = self.bi_table.get(keys)
            rows.append(doc[:-1][ok][hit])
            cols.append(bcols)
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(rows), np.concatenate(cols)


_NGRAM_INDEX: "weakref.WeakKeyDictionary[Any, _NgramIndex | None]" = weakref.WeakKeyDictionary()


def _ngram_index(vec: Any) -> _NgramIndex | None:
    """The n-gram index of word vectorizer ``vec`` (rebuilt when its vocabulary object,
    n-gram range or token pattern changed); ``None`` when it does not apply (token pattern
    not in :data:`_TOKEN_RUNS`, n-grams beyond two tokens, a vocabulary that does not
    split into uni/bigrams)."""
    ngram_range = tuple(vec.ngram_range)
    if not 1 <= ngram_range[0] <= ngram_range[1] <= 2 or vec.token_pattern not in _TOKEN_RUNS:
        return None
    # a lite vectorizer whose vocabulary dict was never asked for: its term array
    vocab = vec._terms if isinstance(vec, LiteTfidfVectorizer) and vec._vocabulary is None else vec.vocabulary_
    try:
        index = _NGRAM_INDEX.get(vec)
    except TypeError:
        index = None
    if index is not None and index.vocab is vocab and index.ngram_range == ngram_range \
            and index.token_pattern == vec.token_pattern:
        return index
    try:
        index = _NgramIndex(vocab, ngram_range, vec.token_pattern)  # type: ignore[arg-type]
    except ValueError:
        return None
    try:
        _NGRAM_INDEX[vec] = index
    except TypeError:
        pass
    return index


class _WordColumns:
    """Per char_wb vectorizer: word -> the vocabulary columns of its n-grams (with
    repeats, as ``_char_wb_ngrams`` gives them), for the vocabulary it was built from."""

    max_words = 200_000

    def __init__(self, vocab: dict[str, int], config: tuple[bool, int, int]) -> None:
        self.vocab = vocab
        self.config = config
        self.cache: dict[str, tuple[int, ...]] = {}

    def add(self, word: str) -> None:
        """Compute and cache ``word``'s columns (``word`` already lower-cased if needed;
        the caller bounds the cache's size)."""
        _, wb_min, wb_max = self.config
        get = self.vocab.get
        w = f" {word} "
        size = len(w)
        grams: list[str] = []
        for n in range(wb_min, wb_max + 1):
            if size <= n:
                grams.append(w)
                break
            grams += [w[i:i + n] for i in range(size - n + 1)]
        self.cache[word] = tuple(j for j in map(get, grams) if j is not None)


_WORD_COLUMNS: "weakref.WeakKeyDictionary[Any, _WordColumns]" = weakref.WeakKeyDictionary()


def _word_columns(vec: Any, vocab: dict[str, int], config: tuple[bool, int, int]) -> _WordColumns:
    """The word-column cache of ``vec`` (rebuilt when its vocabulary object or config changed)."""
    try:
        wc = _WORD_COLUMNS.get(vec)
    except TypeError:
        wc = None
    if wc is None or wc.vocab is not vocab or wc.config != config:
        wc = _WordColumns(vocab, config)
        try:
            _WORD_COLUMNS[vec] = wc
        except TypeError:
            pass
    return wc


def tfidf_entries(vec: Any, docs: Any) -> tuple[np.ndarray, np.ndarray, int, int] | None:
    """The (row, column) of every in-vocabulary feature occurrence of ``docs`` under the
    fitted ``TfidfVectorizer`` ``vec`` (with repeats: the counts; in no set order), the
    number of documents and of features; ``None`` for a configuration that
    :func:`fast_tfidf_transform` does not replicate (it then calls ``vec.transform``)."""
    analyze = _fast_analyzer(vec) if isinstance(vec, LiteTfidfVectorizer) \
        or type(vec).__name__ == "TfidfVectorizer" else None
    if analyze is None or vec.binary or vec.norm not in ("l2", None) or isinstance(docs, str) \
            or not (isinstance(vec, LiteTfidfVectorizer) or hasattr(vec, "vocabulary_")):
        return None
    # the counts below do not depend on the order of a row's features
    indptr = [0]
    char_wb = getattr(analyze, "char_wb", None)
    word_lower = getattr(analyze, "word_lower", None)
    index = _ngram_index(vec) if word_lower is not None else None
    if index is not None:
        n_feat = len(index.vocab)
    else:
        vocab = vec.vocabulary_
        n_feat = len(vocab)
    if index is not None:
        # word uni/bigrams without building their strings: tokens -> ids, then numpy lookups
        split_runs = index.runs
        runs: list[str] = []
        for doc in docs:
            if not isinstance(doc, str):
                return None
            runs += split_runs(doc.lower() if word_lower else doc)
            indptr.append(len(runs))
        rows, cols = index.lookup(runs, indptr)
    elif char_wb is not None:
        # char_wb n-grams never cross words: each word's in-vocabulary columns, cached
        word_cols = _word_columns(vec, vocab, char_wb)
        known_cols: list[int] = []
        lower_wb = char_wb[0]
        for doc in docs:
            if not isinstance(doc, str):
                return None
            words = (doc.lower() if lower_wb else doc).split()
            if len(word_cols.cache) >= word_cols.max_words:
                word_cols.cache.clear()  # bounded; cleared between documents only
            for w in set(words).difference(word_cols.cache):
                word_cols.add(w)
            known_cols += chain.from_iterable(map(word_cols.cache.__getitem__, words))
            indptr.append(len(known_cols))
        cols = np.asarray(known_cols, dtype=np.int64)
    else:
        # all documents' features in one list, looked up in one pass (-1: not in the vocabulary)
        feats: list[str] = []
        for doc in docs:
            if not isinstance(doc, str):
                return None
            feats += analyze(doc)
            indptr.append(len(feats))
        cols = np.fromiter(map(vocab.get, feats, repeat(-1)), dtype=np.int64, count=len(feats))
    n_docs = len(indptr) - 1
    if index is None:
        lengths = np.diff(np.asarray(indptr, dtype=np.int64))
        rows = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        known = cols >= 0
        rows, cols = rows[known], cols[known]
    if np.dtype(vec.dtype) not in (np.float32, np.float64):
        return None
    return rows, cols, n_docs, n_feat


def sorted_unique_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_counts=True)`` for already sorted ``keys``, with less per-call overhead."""
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    counts = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(keys) - starts[-1]
    return keys[starts], counts


def fast_tfidf_transform(vec: Any, docs: Any) -> Any:
    """``vec.transform(docs)`` for a fitted ``TfidfVectorizer``, computed with vectorised
    counting (same features, same idf weighting and norm; values equal up to float
    rounding). Falls back to ``vec.transform`` for configurations it does not replicate."""
    import scipy.sparse as sp

    entries = tfidf_entries(vec, docs)
    if entries is None:
        return vec.transform(docs)
    rows, cols, n_docs, n_feat = entries
    dtype = np.dtype(vec.dtype)
    keys = rows * n_feat + cols
    keys.sort()
    keys, counts = sorted_unique_counts(keys)
    if n_docs == 1:
        indices = keys.astype(np.int32)
        out_ptr = np.array([0, len(keys)], dtype=np.int32)
    else:
        row_of = keys // n_feat
        indices = (keys - row_of * n_feat).astype(np.int32)
        out_ptr = np.zeros(n_docs + 1, dtype=np.int32)
        np.cumsum(np.bincount(row_of, minlength=n_docs), out=out_ptr[1:])
    data = counts.astype(dtype)
    if vec.sublinear_tf:
        np.log(data, data)
        data += 1.0
    if vec.use_idf:
        data *= vec.idf_[indices]
    if vec.norm == "l2" and len(data):
        _l2_normalize_rows(data, out_ptr)
    return sp.csr_matrix((data, indices, out_ptr), shape=(n_docs, n_feat))


def _l2_normalize_rows(data: np.ndarray, indptr: np.ndarray, block_cells: int = 1 << 22) -> None:
    """In place, what scikit-learn's ``inplace_csr_row_normalize_l2`` (the routine its
    ``normalize`` runs) does, bit for bit: per row, square each value in the data's own
    precision, add the squares one after the other into a double starting from 0, take the
    square root, and divide each value (promoted to double) by it; all-zero rows are left
    alone. The sequential sums come from ``cumsum`` over rows padded with trailing zeros
    (adding 0.0 changes no sum), in blocks of rows of at most ``block_cells`` cells."""
    if len(indptr) == 2 and indptr[0] == 0 and indptr[1] == len(data):  # one row: the same steps
        total = np.cumsum((data * data).astype(np.float64))[-1] if len(data) else np.float64(0.0)
        norm = np.sqrt(total) if total != 0.0 else np.float64(1.0)
        if data.dtype == np.float64:
            data /= norm
        else:
            data[:] = (data.astype(np.float64) / norm).astype(data.dtype)
        return
    indptr = np.asarray(indptr, dtype=np.int64)
    lengths = np.diff(indptr)
    n_rows = len(lengths)
    sq = (data * data).astype(np.float64)
    sums = np.zeros(n_rows, dtype=np.float64)
    start = 0
    while start < n_rows:
        stop = start + 1
        width = int(lengths[start])
        while stop < n_rows and max(width, int(lengths[stop])) * (stop + 1 - start) <= block_cells:
            width = max(width, int(lengths[stop]))
            stop += 1
        if width:
            lo, hi = int(indptr[start]), int(indptr[stop])
            pos = np.arange(lo, hi, dtype=np.int64) - np.repeat(indptr[start:stop], lengths[start:stop])
            row = np.repeat(np.arange(stop - start, dtype=np.int64), lengths[start:stop])
            pad = np.zeros((stop - start, width), dtype=np.float64)
            pad[row, pos] = sq[lo:hi]
            sums[start:stop] = np.cumsum(pad, axis=1)[:, -1]
        start = stop
    norms = np.sqrt(sums)
    norms[sums == 0.0] = 1.0  # empty rows: not normalised
    if data.dtype == np.float64:
        data /= np.repeat(norms, lengths)
    else:
        data[:] = (data.astype(np.float64) / np.repeat(norms, lengths)).astype(data.dtype)


def to_sklearn(obj: Any) -> Any:
    """``obj`` itself, or for a lite object of :func:`thaw` its scikit-learn equivalent."""
    return obj.to_sklearn() if isinstance(obj, _Lite) else obj
