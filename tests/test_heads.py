"""Linear heads: calibration, thresholds, persistence without pickles."""

from __future__ import annotations

import numpy as np
import pytest

from newsclf.heads import LinearHead, best_threshold, fit_platt, sigmoid


def _data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5)).astype(np.float32)
    w = np.array([[2.0, -1.0, 0, 0, 0.5], [0, 0, 3.0, 0, 0]], np.float32)
    Y = (X @ w.T + rng.normal(scale=0.5, size=(n, 2)) > 0.8).astype(np.int8)
    return X, Y, w


def test_calibrated_scores_are_probabilities_and_thresholds_are_tuned():
    X, Y, w = _data()
    head = LinearHead("h", ("a", "b"), coef=w * 5, intercept=np.zeros(2))
    head.calibrate(X, Y)
    s = head.scores(X)
    assert s.shape == (400, 2) and np.all((s >= 0) & (s <= 1))
    # calibrated: mean score close to the positive rate
    assert np.allclose(s.mean(axis=0), Y.mean(axis=0), atol=0.05)
    assert np.all((head.thresholds > 0.05) & (head.thresholds < 0.95))


def test_best_threshold_separates_perfectly_separable_scores():
    s = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
    y = np.array([0, 0, 0, 1, 1, 1], bool)
    t = best_threshold(s, y)
    assert 0.3 < t < 0.7


def test_platt_on_a_backwards_ranker_keeps_identity():
    m = np.linspace(-3, 3, 50)
    a, b = fit_platt(m, m < 0)
    assert (a, b) == (1.0, 0.0)


def test_save_load_round_trip_without_pickles(tmp_path):
    X, Y, w = _data()
    head = LinearHead("h", ("a", "b"), coef=w, intercept=np.array([0.1, -0.2]))
    head.calibrate(X, Y)
    head.save(tmp_path)
    again = LinearHead.load(tmp_path, "h")
    assert again.labels == ("a", "b")
    np.testing.assert_allclose(again.scores(X), head.scores(X))


def test_wrong_feature_count_is_named():
    head = LinearHead("h", ("a",), coef=np.zeros((1, 3)), intercept=np.zeros(1))
    with pytest.raises(ValueError, match="expects 3 features, got 4"):
        head.margins(np.zeros((2, 4), np.float32))


def test_sigmoid_is_stable():
    assert np.all(np.isfinite(sigmoid(np.array([-1e4, 0, 1e4]))))


def test_stacked_heads_fold_into_one_head_with_the_same_margins():
    import scipy.sparse as sp

    from newsclf.training import fold_stacked

    rng = np.random.default_rng(0)
    X = sp.random(30, 12, density=0.3, format="csr", random_state=1, dtype=np.float32)
    weak = LinearHead("w", ("a", "b", "c"), rng.normal(size=(3, 12)), rng.normal(size=3))
    alpha = 0.7
    aug = LinearHead("ct", ("x", "y"), rng.normal(size=(2, 15)), rng.normal(size=2),
                     calib_a=[2.0, 0.5], calib_b=[0.1, -0.3], thresholds=[0.4, 0.6])
    X_aug = sp.hstack([X, sp.csr_matrix(alpha * weak.margins(X))], format="csr")
    folded = fold_stacked(aug, weak, alpha)
    assert folded.n_features == 12 and folded.labels == ("x", "y")
    np.testing.assert_allclose(folded.margins(X), aug.margins(X_aug), rtol=1e-4, atol=1e-4)
    np.testing.assert_array_equal(folded.thresholds, aug.thresholds)
    with pytest.raises(ValueError, match="expected 12 \\+ 3"):
        fold_stacked(LinearHead("bad", ("x",), np.zeros((1, 14)), [0.0]), weak, alpha)


def test_fit_text_head_stacked_learns_from_weak_and_gold():
    import scipy.sparse as sp

    from newsclf.training import TrainConfig, fit_text_head_stacked

    rng = np.random.default_rng(3)
    n_feat = 20

    def docs(n):
        X = (rng.random((n, n_feat)) < 0.2).astype(np.float32)
        Y = np.stack([X[:, 0] + X[:, 1] > 0, X[:, 2] > 0], axis=1).astype(np.int8)
        return sp.csr_matrix(X), Y

    Xw, Yw = docs(400)
    Yw[:, 0] = np.asarray(Xw[:, 0].todense()).ravel() > 0  # weak rule knows feature 0 only
    Xg, Yg = docs(120)
    head = fit_text_head_stacked("ct", ["p", "q"], Xg, Yg, Xw, Yw, TrainConfig())
    assert head.n_features == n_feat
    Xt, Yt = docs(200)
    pred = head.decide(head.scores(Xt))
    assert (pred == Yt.astype(bool)).mean() > 0.9
