"""Shared fixtures: the shipped model and the seed file, and paths to ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

ROOT = Path(__file__).resolve().parents[1]
SEED_FILE = ROOT / "seeds" / "000_8d499fb1a50e3d79.txt"
SHIPPED = ROOT / "models" / "newsclf-en"
SHARED_DATA = Path(os.environ.get("NEWSCLF_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shipped_model():
    """The shipped model (loaded once for the whole session)."""
    if not (SHIPPED / "manifest.json").is_file():
        pytest.skip(f"no shipped model at {SHIPPED}; train it with training/train_shipped.py")
    import newsclf

    return newsclf.load_model(SHIPPED)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "gold" / "wcep.jsonl").is_file():
        pytest.skip(f"../shared/data not found at {SHARED_DATA}")
    return SHARED_DATA


def article_bodies() -> list[str]:
    """Real article texts for equivalence tests: every Wikinews article (title, blank line, text)
    and the seed file's article bodies; only what exists (no Wikinews without ../shared/data)."""
    import json

    from newsclf.article import split_dump

    out: list[str] = []
    wn = SHARED_DATA / "wikinews" / "wikinews_2019.jsonl"
    if wn.is_file():
        with wn.open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                out.append(d["title"] + "\n\n" + d["text"])
    if SEED_FILE.is_file():
        out.extend(a.body for a in split_dump(SEED_FILE.read_text(encoding="utf-8")))
    return out
