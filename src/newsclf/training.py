"""Fitting newsclf's components: vectorizer, linear heads, calibration, thresholds.

These functions are what both :func:`newsclf.train` (users' own labels) and
``training/train_shipped.py`` (the shipped model, from the corpora in ../shared/data)
call. Everything is deterministic for a given config, data and ``random_state``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsclf.article import Article
from newsclf.features import candidate_rows, country_candidates
from newsclf.heads import LinearHead

__all__ = [
    "TrainConfig",
    "fit_vectorizer",
    "fit_text_head",
    "fit_text_head_cv",
    "fit_text_head_stacked",
    "fold_stacked",
    "fit_country_head",
    "fit_source_head",
    "label_matrix",
    "train",
]

logger = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    """Settings of one training run (logged as MLflow params)."""

    analyzer: str = "word"            # "word" or "word+char"
    ngram_max: int = 2
    char_ngram: tuple[int, int] = (3, 5)
    min_df: int = 2
    max_features: int = 300_000
    classifier: str = "logreg"        # "logreg" | "linearsvc" | "sgd"
    C: float = 1.0
    gold_weight: float = 5.0          # weak_mode "joint": sample weight of gold rows against weak rows
    use_weak: bool = True
    weak_mode: str = "stacked"        # "stacked": weak head's margins as gold-head features; "joint": one fit
    weak_C: float = 1.0               # weak_mode "stacked": C of the head fitted on weak labels
    stack_C: float = 4.0              # weak_mode "stacked": C of the gold head over text + weak margins
    stack_alpha: float = 1.0          # weak_mode "stacked": scale of the weak margins among the features
    conflict_lead_chars: int | None = 300  # conflict_types reads the title + this much of the body (None: all)
    conflict_cues: str | None = "lead"  # conflict_types gold head also reads rule cues: None | "lead" | "lead+body"
    cue_scale: float = 1.0            # value of a fired cue among the TF-IDF features (newsclf.conflict_cues)
    country_features: int = 2         # countries head: candidate feature set (2 adds actor/location cues)
    country_C: float = 0.3            # countries head: C of the candidate ranker
    use_gazetteer: bool = True        # country head: gazetteer candidate features (else text-only)
    class_weight: str | None = "balanced"
    random_state: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.analyzer not in ("word", "word+char"):
            raise ValueError(f"analyzer must be 'word' or 'word+char', got {self.analyzer!r}")
        if self.weak_mode not in ("stacked", "joint"):
            raise ValueError(f"weak_mode must be 'stacked' or 'joint', got {self.weak_mode!r}")
        if self.classifier not in ("logreg", "linearsvc", "sgd"):
            raise ValueError(f"classifier must be 'logreg', 'linearsvc' or 'sgd', got {self.classifier!r}")
        if self.conflict_cues is not None:
            from newsclf.conflict_cues import CUE_MODES

            if self.conflict_cues not in CUE_MODES:
                raise ValueError(f"conflict_cues must be None or one of {CUE_MODES}, got {self.conflict_cues!r}")
        if not self.cue_scale > 0:
            raise ValueError(f"cue_scale must be positive, got {self.cue_scale!r}")
        self.char_ngram = tuple(self.char_ngram)  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["char_ngram"] = list(self.char_ngram)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "TrainConfig":
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown config keys {sorted(unknown)}; known keys: {sorted(known)}")
        return cls(**dict(d))


def fit_vectorizer(texts: Sequence[str], config: TrainConfig):
    """Fit the shared TF-IDF features (word n-grams, optionally with char n-grams)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    word = TfidfVectorizer(ngram_range=(1, config.ngram_max), min_df=config.min_df, max_df=0.5,
                           sublinear_tf=True, max_features=config.max_features, dtype=np.float32,
                           token_pattern=r"(?u)\b\w[\w'-]*\w\b|\b\w\b", lowercase=True)
    if config.analyzer == "word":
        vec = word
    else:
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=config.char_ngram, min_df=max(config.min_df, 3),
                               sublinear_tf=True, max_features=config.max_features, dtype=np.float32)
        vec = FeatureUnion([("word", word), ("char", char)])
    vec.fit(texts)
    for v in ([vec] if config.analyzer == "word" else [t for _, t in vec.transformer_list]):
        v.stop_words_ = None
    return vec


def label_matrix(label_sets: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray:
    index = {label: j for j, label in enumerate(labels)}
    Y = np.zeros((len(label_sets), len(labels)), dtype=np.int8)
    for i, ls in enumerate(label_sets):
        for label in ls:
            if label in index:
                Y[i, index[label]] = 1
    return Y


def _binary_estimator(config: TrainConfig):
    if config.classifier == "logreg":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=config.C, solver="liblinear", class_weight=config.class_weight,
                                  max_iter=200, random_state=config.random_state)
    if config.classifier == "linearsvc":
        from sklearn.svm import LinearSVC

        return LinearSVC(C=config.C / 8, class_weight=config.class_weight, random_state=config.random_state)
    from sklearn.linear_model import SGDClassifier

    return SGDClassifier(loss="log_loss", alpha=1e-5, class_weight=config.class_weight, max_iter=30, tol=None,
                         random_state=config.random_state)


def fit_text_head(name: str, labels: Sequence[str], X, Y: np.ndarray, config: TrainConfig, *,
                  sample_weight: np.ndarray | None = None, X_cal=None, Y_cal: np.ndarray | None = None) -> LinearHead:
    """One binary linear classifier per label; Platt calibration + thresholds on (X_cal, Y_cal)."""
    estimators = []
    for j, label in enumerate(labels):
        y = Y[:, j]
        est = _binary_estimator(config)
        if y.min() == y.max():  # no positive (or no negative) example: a constant head
            logger.warning("head %s: label %r has %d positive examples of %d; it will never fire",
                           name, label, int(y.sum()), len(y))
            est.coef_ = np.zeros((1, X.shape[1]))
            est.intercept_ = np.array([-10.0 if y.max() == 0 else 10.0])
        else:
            est.fit(X, y, sample_weight=sample_weight)
        estimators.append(est)
    head = LinearHead.from_estimators(name, labels, estimators)
    if X_cal is not None and Y_cal is not None and len(Y_cal):
        head.calibrate(X_cal, Y_cal)
    return head


def fit_text_head_cv(name: str, labels: Sequence[str], X_gold, Y_gold: np.ndarray, config: TrainConfig, *,
                     X_extra=None, Y_extra: np.ndarray | None = None, gold_weight: float = 1.0,
                     folds: int = 3) -> LinearHead:
    """Fit on gold (+ extra weak rows) and calibrate on out-of-fold margins of the gold rows.

    Each of ``folds`` models is fitted on the other gold folds plus all extra rows and
    predicts its held-out gold fold; Platt scaling and thresholds are fitted on those
    out-of-fold margins (every gold row is held out once), then the final head is fitted
    on all rows. More calibration data than a single dev split, and no row calibrates a
    model that saw it.
    """
    from sklearn.model_selection import KFold

    n = X_gold.shape[0]

    def stack(idx):
        Xg, Yg = X_gold[idx], Y_gold[idx]
        if X_extra is None or X_extra.shape[0] == 0:
            return Xg, Yg, np.full(len(idx), gold_weight)
        return (sp.vstack([Xg, X_extra], format="csr"), np.vstack([Yg, Y_extra]),
                np.r_[np.full(len(idx), gold_weight), np.ones(X_extra.shape[0])])

    oof = np.zeros((n, len(labels)), np.float32)
    for k, (tr, te) in enumerate(KFold(folds, shuffle=True, random_state=config.random_state).split(np.arange(n))):
        Xk, Yk, wk = stack(tr)
        oof[te] = fit_text_head(name, labels, Xk, Yk, config, sample_weight=wk).margins(X_gold[te])
        logger.info("head %s: fold %d/%d done", name, k + 1, folds)
    Xa, Ya, wa = stack(np.arange(n))
    head = fit_text_head(name, labels, Xa, Ya, config, sample_weight=wa)
    head.calibrate_margins(oof, Y_gold)
    return head


def fit_text_head_stacked(name: str, labels: Sequence[str], X_gold, Y_gold: np.ndarray, X_weak, Y_weak: np.ndarray,
                          config: TrainConfig, *, folds: int = 3, E_gold: np.ndarray | None = None) -> LinearHead:
    """Weak labels as evidence, gold labels as the teacher (stacking), folded into one linear head.

    A head fitted on the weak rows alone (``config.weak_C``) gives every gold row one margin
    per label; the gold head is then fitted on the gold rows only, over the text features
    plus ``config.stack_alpha`` times those margins (``config.stack_C``), and calibrated on
    out-of-fold margins (:func:`fit_text_head_cv`). The weak head saw no gold row, so its
    margins on gold rows are honest features. Because the weak margins are linear in the
    text features, the two heads fold into one :class:`LinearHead` over the text features::

        m = X.w_g + alpha * (X.W^T + b_w).v + c  =  X.(w_g + alpha * W^T.v) + (c + alpha * b_w.v)

    so inference, file format and ``explain`` are those of a plain linear head. On gold
    ``dev`` (fitted on gold train + 105k weak rows, 3-fold calibration) it gave conflict-types
    micro-F1 0.628 against 0.595 for one joint fit with gold rows weighted 5x on whole texts,
    and 0.619 against 0.611 (macro-F1 0.579 against 0.591) on 300-character leads, within
    noise (``experiments/conflict_study.py``; experiments/README.md). It is also ~4x cheaper to
    fit: the large weak fit happens once instead of once per calibration fold.

    ``E_gold`` (optional, dense, one row per gold row) is appended to the gold head's features
    only, e.g. the rule cues of :func:`newsclf.conflict_cues.cue_matrix`; the returned head
    then reads ``[X, E]``.
    """
    weak_cfg = TrainConfig.from_dict({**config.to_dict(), "C": config.weak_C})
    weak = fit_text_head(f"{name}_weak", labels, X_weak, Y_weak, weak_cfg)
    alpha = float(config.stack_alpha)
    parts = [sp.csr_matrix(X_gold), sp.csr_matrix(alpha * weak.margins(X_gold))]
    n_extra = 0
    if E_gold is not None:  # dense features of the gold head only (rule cues): never seen by the weak head
        if E_gold.shape[0] != X_gold.shape[0]:
            raise ValueError(f"E_gold has {E_gold.shape[0]} rows; X_gold has {X_gold.shape[0]}")
        parts.append(sp.csr_matrix(E_gold))
        n_extra = int(E_gold.shape[1])
    X_aug = sp.hstack(parts, format="csr")
    gold_cfg = TrainConfig.from_dict({**config.to_dict(), "C": config.stack_C})
    head = fit_text_head_cv(name, labels, X_aug, Y_gold, gold_cfg, folds=folds)
    return fold_stacked(head, weak, alpha, n_extra)


def fold_stacked(head: LinearHead, weak: LinearHead, alpha: float, n_extra: int = 0) -> LinearHead:
    """The head over ``[X, alpha * weak.margins(X), E]`` as one head over ``[X, E]`` (same margins).

    ``E`` is ``n_extra`` trailing dense columns the weak head does not read (the conflict cues,
    :mod:`newsclf.conflict_cues`); their weights are kept as they are.
    """
    n = weak.n_features
    k = len(weak.labels)
    if head.n_features != n + k + n_extra:
        raise ValueError(f"head has {head.n_features} features; expected {n} + {k} weak margins + {n_extra} extra")
    v = head.coef[:, n:n + k].astype(np.float64)                  # (labels, weak labels)
    coef = head.coef[:, :n].astype(np.float64) + alpha * (v @ weak.coef.astype(np.float64))
    if n_extra:
        coef = np.hstack([coef, head.coef[:, n + k:].astype(np.float64)])
    intercept = head.intercept.astype(np.float64) + alpha * (v @ weak.intercept.astype(np.float64))
    return LinearHead(name=head.name, labels=head.labels, coef=coef, intercept=intercept, calib_a=head.calib_a,
                      calib_b=head.calib_b, thresholds=head.thresholds)


def _stack_candidates(articles: Sequence[Article], gold_countries: Sequence[Sequence[str]] | None, gazetteer,
                      feature_set: int = 1):
    rows, ys, groups = [], [], []
    for i, art in enumerate(articles):
        cands = country_candidates(art, gazetteer, feature_set)
        if not cands.codes:
            continue
        rows.append(candidate_rows(cands))
        if gold_countries is not None:
            gold = set(gold_countries[i])
            ys.extend(int(c in gold) for c in cands.codes)
        groups.extend([i] * len(cands.codes))
    if not rows:
        return None, np.zeros(0, np.int8), np.zeros(0, int)
    return sp.vstack(rows, format="csr"), np.asarray(ys, np.int8), np.asarray(groups)


def fit_country_head(articles: Sequence[Article], countries: Sequence[Sequence[str]], config: TrainConfig, *,
                     cal_articles: Sequence[Article] = (), cal_countries: Sequence[Sequence[str]] = (),
                     folds: int = 0) -> LinearHead:
    """The candidate ranker: is a country the gazetteer found a place where the events happen?

    Calibrated on ``cal_articles`` when given, else (``folds`` > 1) on out-of-fold
    scores of the training articles, grouped by article.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from newsclf.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    X, y, groups = _stack_candidates(articles, countries, gaz, config.country_features)
    if X is None or y.min() == y.max():
        raise ValueError("countries head: the training articles give no usable country candidates")

    def fit(Xf, yf):
        est = LogisticRegression(C=config.country_C, max_iter=2000, random_state=config.random_state)
        return LinearHead.from_estimators("countries", ["location"], [est.fit(Xf, yf)])

    head = fit(X, y)
    if cal_articles:
        Xc, yc, _ = _stack_candidates(cal_articles, cal_countries, gaz, config.country_features)
        if Xc is not None:
            head.calibrate(Xc, yc.reshape(-1, 1))
    elif folds > 1:
        oof = np.zeros((X.shape[0], 1), np.float32)
        for tr, te in GroupKFold(folds).split(X, y, groups):
            oof[te] = fit(X[tr], y[tr]).margins(X[te])
        head.calibrate_margins(oof, y.reshape(-1, 1))
    return head


def fit_source_head(X_src, Y: np.ndarray, labels: Sequence[str], config: TrainConfig, *,
                    sample_weight: np.ndarray | None = None, X_cal=None, Y_cal=None) -> LinearHead:
    """Article-level source types over TF-IDF plus claim and outlet evidence."""
    return fit_text_head("source_types", labels, X_src, Y, config, sample_weight=sample_weight,
                         X_cal=X_cal, Y_cal=Y_cal)


def train(*args: Any, **kwargs: Any):
    """Train a model on your own labels (see :mod:`newsclf.retrain`)."""
    from newsclf.retrain import train as _train

    return _train(*args, **kwargs)
