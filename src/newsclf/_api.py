"""Convenience functions over a cached default model (like ``httpx.get`` over a Client)."""

from __future__ import annotations

import os
import threading
from importlib.resources import files
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsclf.model import NewsModel
from newsclf.result import Classification

__all__ = ["classify", "classify_iter", "load_model", "default_model_path", "DEFAULT_MODEL_NAME"]

DEFAULT_MODEL_NAME = "newsclf-en"
_lock = threading.Lock()
_default: NewsModel | None = None


def default_model_path() -> Path:
    """Where the shipped model lives.

    ``$NEWSCLF_MODEL`` if set; else the copy inside the installed package
    (``newsclf/_models/newsclf-en``, present in wheels); else ``models/newsclf-en`` of a
    source checkout (editable installs).
    """
    env = os.environ.get("NEWSCLF_MODEL")
    if env:
        return Path(env)
    packaged = Path(str(files("newsclf"))) / "_models" / DEFAULT_MODEL_NAME
    if (packaged / "manifest.json").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "models" / DEFAULT_MODEL_NAME
    return checkout


def load_model(path: str | os.PathLike[str] | None = None) -> NewsModel:
    """Load a saved model folder, or the shipped model when ``path`` is None.

    The shipped model is loaded once per process and shared (thread-safe).
    """
    global _default
    if path is not None:
        return NewsModel.load(Path(path))
    if _default is None:
        with _lock:
            if _default is None:
                _default = NewsModel.load(default_model_path())
    return _default


def classify(x: Any) -> Classification | list[Classification]:
    """Classify one article, or a list of articles (a list in gives a list out, in order)."""
    return load_model().classify(x)


def classify_iter(items: Iterable[Any], *, batch_size: int = 256, on_error: str = "raise") -> Iterator[Classification]:
    """Classify a stream of articles lazily, in order, batch by batch (see :meth:`NewsModel.classify_iter`)."""
    return load_model().classify_iter(items, batch_size=batch_size, on_error=on_error)
