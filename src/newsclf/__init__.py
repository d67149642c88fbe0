"""newsclf: tag English conflict news articles and the claims inside them.

>>> import newsclf
>>> result = newsclf.classify("Israeli settlers attacked a home in Sair, north of Hebron ...")
>>> result.to_dict()["countries"]
['PS']

``classify`` uses the shipped model (loaded once, thread-safe); ``load_model`` returns
a :class:`NewsModel` (the shipped one or a saved folder) whose ``classify`` does the same.
"""

from __future__ import annotations

__version__ = "0.1.0"

from newsclf._api import classify, classify_iter, default_model_path, load_model
from newsclf.article import Article, normalise, split_dump
from newsclf.exceptions import (
    ModelIntegrityError,
    ModelLoadError,
    ModelVersionWarning,
    NewsclfError,
    TrainingDataError,
    UnknownLabelError,
    UntrustedModelError,
)
from newsclf.model import NewsModel
from newsclf.result import Classification, Explanation
from newsclf.taxonomy import TAXONOMY_VERSION

__all__ = [
    "__version__",
    "TAXONOMY_VERSION",
    "classify",
    "classify_iter",
    "load_model",
    "default_model_path",
    "train",
    "Article",
    "normalise",
    "split_dump",
    "NewsModel",
    "Classification",
    "Explanation",
    "NewsclfError",
    "UnknownLabelError",
    "TrainingDataError",
    "ModelLoadError",
    "ModelIntegrityError",
    "UntrustedModelError",
    "ModelVersionWarning",
]


def __getattr__(name: str):
    if name == "train":  # training pulls in heavier modules: import on first use
        from newsclf.retrain import train

        return train
    raise AttributeError(f"module 'newsclf' has no attribute {name!r}")
