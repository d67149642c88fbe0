"""The Palestinian area of a ``PS`` article that names no area.

TAXONOMY.md asks, for every ``PS`` article, which territory the events happen in
(``gaza_strip``, ``west_bank``, ``east_jerusalem``). The gazetteer answers when the text
names a place of one ("Khan Younis", "Ramallah", "Sheikh Jarrah"). Many summaries name
none: "Hamas reports it has executed one of its commanders", "The Palestinian Authority
postpones local elections". Annotators infer the area from the actors and the events, and
so does :class:`AreaHead`: a multinomial logistic regression over TF-IDF words of the text
with its place names masked.

It learns by weak supervision, from corpus articles that *do* name an area: the gazetteer's
area is the label and every name of a place in an area is replaced by :data:`MASK`, so what
is left to learn from is the context ("Hamas", "rockets", "the Palestinian Authority",
"settlers", "Al-Aqsa"), as in an article that names no area. Gold labels are not needed (so gold dev
measures it honestly). When its most likely area is below ``min_prob`` it abstains: gold
leaves the area empty for about a third of the ``PS`` summaries that name none.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from newsclf.article import Article
from newsclf.heads import LinearHead

__all__ = ["AREA_ORDER", "MASK", "AreaHead", "masked_text", "rule_areas", "weak_area_examples", "fit_area_head"]

logger = logging.getLogger(__name__)

AREA_ORDER = ("gaza_strip", "west_bank", "east_jerusalem")
#: What the name of a place in a Palestinian area becomes in the text the head reads.
MASK = " placex "
#: The area head's minimum probability of its best area (below: no area). Chosen on the
#: 68 gold train + dev PS summaries that name no area (``experiments/area_fallback.py``).
DEFAULT_MIN_PROB = 0.5
#: Token pattern of the area head's words (that of the shared features, which the frozen
#: format reads fast).
TOKEN_PATTERN = r"(?u)\b\w[\w'-]*\w\b|\b\w\b"


def _masked(text: str, gazetteer: Any) -> str:
    pieces: list[str] = []
    last = 0
    for m in gazetteer.find(text):
        if m.area is not None:
            pieces.append(text[last:m.start])
            pieces.append(MASK)
            last = m.end
    pieces.append(text[last:])
    return "".join(pieces)


def masked_text(article: Article, gazetteer: Any = None) -> str:
    """Title and body of ``article`` with the name of every place in a Palestinian area masked
    (actors such as "Hamas" or "the Palestinian Authority" stay: they are the head's evidence)."""
    if gazetteer is None:
        from newsclf.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    body = _masked(article.body, gazetteer)
    return f"{_masked(article.title, gazetteer)}\n\n{body}" if article.title else body


def rule_areas(salience: dict[str, float], min_share: float = 0.3) -> list[str]:
    """Areas named in the text (``salience``: area -> gazetteer salience): the most salient,
    plus any other with at least ``min_share`` of the total (0.3, chosen on gold train:
    background mentions such as "the Gaza war" in a West Bank story stay out)."""
    ranked = sorted((a for a in salience if a in AREA_ORDER), key=lambda a: (-salience[a], AREA_ORDER.index(a)))
    total = sum(salience[a] for a in ranked) or 1
    return [a for i, a in enumerate(ranked) if i == 0 or salience[a] / total >= min_share]


def _softmax(margins: np.ndarray) -> np.ndarray:
    e = np.exp(margins - margins.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class AreaHead:
    """TF-IDF words of the masked text -> softmax over the areas; abstains below ``min_prob``."""

    def __init__(self, vectorizer: Any, head: LinearHead, min_prob: float = DEFAULT_MIN_PROB) -> None:
        if not set(head.labels) <= set(AREA_ORDER):
            raise ValueError(f"area head labels must be among {AREA_ORDER}, got {head.labels}")
        self.vectorizer = vectorizer
        self.head = head
        self.min_prob = float(min_prob)

    @property
    def labels(self) -> tuple[str, ...]:
        return self.head.labels

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Softmax probabilities, shape (len(texts), n_labels), of already masked texts."""
        from newsclf.frozen import fast_tfidf_transform

        return _softmax(self.head.margins(fast_tfidf_transform(self.vectorizer, list(texts)).astype(np.float32)))

    def predict(self, articles: Sequence[Article], gazetteer: Any = None) -> list[tuple[list[str], dict[str, float]]]:
        """For each article: its area (one, or none below ``min_prob``) and every area's probability."""
        if not articles:
            return []
        probs = self.probabilities([masked_text(a, gazetteer) for a in articles])
        out = []
        for p in probs:
            j = int(np.argmax(p))
            out.append(([self.labels[j]] if p[j] >= self.min_prob else [],
                        {lab: float(v) for lab, v in zip(self.labels, p)}))
        return out

    def explain(self, article: Article, areas: Sequence[str], *, top: int = 8, gazetteer: Any = None) -> list[Any]:
        """For each of ``areas``: the words of the masked text that pushed its margin up most."""
        from newsclf.frozen import fast_tfidf_transform
        from newsclf.result import Explanation

        row = fast_tfidf_transform(self.vectorizer, [masked_text(article, gazetteer)]).astype(np.float32).tocsr()
        probs = _softmax(self.head.margins(row))[0]
        names = self.vectorizer.get_feature_names_out()
        out = []
        for label in areas:
            j = self.labels.index(label)
            contrib = row.data * self.head.coef[j, row.indices]
            order = np.argsort(-contrib)[:top]
            feats = tuple((str(names[row.indices[k]]), float(contrib[k])) for k in order if contrib[k] > 0)
            out.append(Explanation("areas", label, float(probs[j]), feats))
        return out


def weak_area_examples(articles: Sequence[Article], gazetteer: Any = None, *, min_share: float = 0.3,
                       exclude: set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """Masked texts and area labels of the articles that name a Palestinian area: the label is
    the most salient named area (:func:`rule_areas`), the text has those names masked."""
    from newsclf.features import country_candidates
    from newsclf.gazetteer import Gazetteer

    gaz = gazetteer if gazetteer is not None else Gazetteer.default()
    texts: list[str] = []
    labels: list[str] = []
    for art in articles:
        if art.id in exclude:
            continue
        areas = rule_areas(country_candidates(art, gaz, 1).areas, min_share)
        if areas:
            texts.append(masked_text(art, gaz))
            labels.append(areas[0])
    return texts, labels


def fit_area_head(texts: Sequence[str], labels: Sequence[str], *, C: float = 1.0,
                  min_prob: float = DEFAULT_MIN_PROB, min_df: int = 2, random_state: int = 0) -> AreaHead:
    """Fit the area head on masked texts (see :func:`weak_area_examples`); balanced class weights."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(labels), key=AREA_ORDER.index)
    if len(classes) < 2:
        raise ValueError(f"the area head needs examples of at least two areas, got {classes}")
    vec = TfidfVectorizer(sublinear_tf=True, min_df=min_df, dtype=np.float32, token_pattern=TOKEN_PATTERN)
    X = vec.fit_transform(list(texts))
    vec.stop_words_ = None
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=random_state)
    clf.fit(X, [classes.index(y) for y in labels])
    coef, intercept = np.asarray(clf.coef_), np.asarray(clf.intercept_)
    if len(classes) == 2:  # binary: one margin m; softmax of (-m/2, m/2) is the logistic of m
        coef, intercept = np.vstack([-coef / 2, coef / 2]), np.r_[-intercept / 2, intercept / 2]
    head = LinearHead(name="areas", labels=tuple(classes), coef=coef, intercept=intercept)
    logger.info("area head: %d examples %s, %d features", len(labels),
                {c: labels.count(c) for c in classes}, X.shape[1])
    return AreaHead(vec, head, min_prob)
