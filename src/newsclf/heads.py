"""Linear multi-label heads: fitted weights, calibration and per-label thresholds.

A :class:`LinearHead` is the inference-time form of a one-vs-rest linear classifier:
a weight matrix over the shared features, an intercept, a Platt calibration
(``sigmoid(a * margin + b)``) fitted on held-out data, and a per-label threshold on
the calibrated score. It is saved as a NumPy ``.npz`` without pickles plus JSON.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

__all__ = ["LinearHead", "fit_platt", "best_threshold", "sigmoid"]

logger = logging.getLogger(__name__)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # numerically stable logistic


@dataclass(slots=True)
class LinearHead:
    """One head: labels, weights (n_labels x n_features), calibration and thresholds."""

    name: str
    labels: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    calib_a: np.ndarray = field(default=None)  # type: ignore[assignment]
    calib_b: np.ndarray = field(default=None)  # type: ignore[assignment]
    thresholds: np.ndarray = field(default=None)  # type: ignore[assignment]
    _coef_t: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.labels)
        self.coef = np.asarray(self.coef, dtype=np.float32)
        self.intercept = np.asarray(self.intercept, dtype=np.float32).reshape(n)
        if self.coef.shape[0] != n:
            raise ValueError(f"head {self.name!r}: coef has {self.coef.shape[0]} rows but {n} labels")
        self.calib_a = np.ones(n, np.float32) if self.calib_a is None else np.asarray(self.calib_a, np.float32)
        self.calib_b = np.zeros(n, np.float32) if self.calib_b is None else np.asarray(self.calib_b, np.float32)
        self.thresholds = (np.full(n, 0.5, np.float32) if self.thresholds is None
                           else np.asarray(self.thresholds, np.float32))
        self._coef_t = None

    @property
    def n_features(self) -> int:
        return int(self.coef.shape[1])

    @classmethod
    def from_estimators(cls, name: str, labels: Sequence[str], estimators: Sequence) -> "LinearHead":
        """Build from fitted binary linear estimators (one per label, ``coef_`` and ``intercept_``)."""
        coef = np.vstack([np.asarray(e.coef_).reshape(1, -1) for e in estimators])
        intercept = np.array([float(np.ravel(e.intercept_)[0]) for e in estimators])
        return cls(name=name, labels=tuple(labels), coef=coef, intercept=intercept)

    def margins(self, X: sp.csr_matrix | np.ndarray) -> np.ndarray:
        """Raw decision values, shape (n_docs, n_labels)."""
        if X.shape[1] != self.n_features:
            raise ValueError(f"head {self.name!r} expects {self.n_features} features, got {X.shape[1]}")
        if self._coef_t is None:
            self._coef_t = np.ascontiguousarray(self.coef.T)
        out = X @ self._coef_t
        return np.asarray(out, dtype=np.float32) + self.intercept

    def scores(self, X: sp.csr_matrix | np.ndarray) -> np.ndarray:
        """Calibrated scores in [0, 1], shape (n_docs, n_labels)."""
        return sigmoid(self.margins(X) * self.calib_a + self.calib_b)

    def decide(self, scores: np.ndarray) -> np.ndarray:
        """Boolean label decisions for calibrated scores."""
        return scores >= self.thresholds

    def calibrate(self, X, Y: np.ndarray, *, tune_thresholds: bool = True, min_threshold: float = 0.05) -> None:
        """Fit Platt scaling per label on held-out (X, Y) and pick F1-optimal thresholds."""
        self.calibrate_margins(self.margins(X), Y, tune_thresholds=tune_thresholds, min_threshold=min_threshold)

    def calibrate_margins(self, m: np.ndarray, Y: np.ndarray, *, tune_thresholds: bool = True,
                          min_threshold: float = 0.05) -> None:
        """Calibrate from held-out margins, e.g. out-of-fold margins of cross-validation."""
        for j in range(len(self.labels)):
            y = Y[:, j].astype(bool)
            if y.sum() >= 3 and (~y).sum() >= 3:
                self.calib_a[j], self.calib_b[j] = fit_platt(m[:, j], y)
            if tune_thresholds:
                s = sigmoid(m[:, j] * self.calib_a[j] + self.calib_b[j])
                self.thresholds[j] = best_threshold(s, y, floor=min_threshold) if y.sum() >= 2 else 0.5

    # ------------------------------------------------------------------ persistence
    def save(self, folder: Path) -> list[str]:
        """Write ``<name>.npz`` (no pickles) and return the file names written."""
        fname = f"head_{self.name}.npz"
        from newsclf.persist import save_npz

        save_npz(folder / fname, {"coef": self.coef, "intercept": self.intercept, "calib_a": self.calib_a,
                                  "calib_b": self.calib_b, "thresholds": self.thresholds,
                                  "labels": np.array(self.labels, dtype=np.str_)})
        return [fname]

    @classmethod
    def load(cls, folder: Path, name: str) -> "LinearHead":
        with np.load(folder / f"head_{name}.npz", allow_pickle=False) as z:
            return cls(name=name, labels=tuple(str(x) for x in z["labels"]), coef=z["coef"],
                       intercept=z["intercept"], calib_a=z["calib_a"], calib_b=z["calib_b"],
                       thresholds=z["thresholds"])


def fit_platt(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: (a, b) with P(y=1) = sigmoid(a * margin + b), with Platt's target smoothing."""
    from sklearn.linear_model import LogisticRegression

    n_pos, n_neg = int(y.sum()), int((~y).sum())
    lr = LogisticRegression(C=1e4)
    # Platt's smoothed targets, via sample duplication with weights
    t_pos, t_neg = (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2)
    x = np.concatenate([margins, margins]).reshape(-1, 1)
    yy = np.concatenate([np.ones_like(y, dtype=int), np.zeros_like(y, dtype=int)])
    w = np.concatenate([np.where(y, t_pos, t_neg), np.where(y, 1 - t_pos, 1 - t_neg)])
    lr.fit(x, yy, sample_weight=w)
    a = float(lr.coef_[0, 0])
    if a <= 0:  # a head that ranks backwards on held-out data: keep identity calibration
        logger.warning("Platt scaling gave a non-positive slope; keeping the uncalibrated margin")
        return 1.0, 0.0
    return a, float(lr.intercept_[0])


def best_threshold(scores: np.ndarray, y: np.ndarray, *, floor: float = 0.05) -> float:
    """Threshold on ``scores`` maximising F1 for the binary targets ``y``."""
    order = np.argsort(-scores)
    s, t = scores[order], y[order].astype(float)
    tp = np.cumsum(t)
    fp = np.cumsum(1 - t)
    f1 = 2 * tp / (tp + fp + t.sum())
    # only consider cut points between distinct scores
    distinct = np.r_[s[1:] != s[:-1], True]
    f1 = np.where(distinct, f1, -1)
    k = int(np.argmax(f1))
    nxt = s[k + 1] if k + 1 < len(s) else s[k] - 1e-3
    thr = float((s[k] + nxt) / 2)
    return float(min(max(thr, floor), 0.95))
