"""experiments/conflict_study.py: the variant list and the table, on fake metrics (no data, no fitting)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))

import conflict_study as cs  # noqa: E402


def test_variants_cover_the_study() -> None:
    names = [v.name for v in cs.VARIANTS]
    assert len(names) == len(set(names)) == 14
    assert {"joint gold_weight=5", "joint gold_weight=20", "gold-only C=4"} <= set(names)
    assert {f"stacked alpha={a:g} C={c:g}" for a, c in cs.STACK_GRID} <= set(names)
    assert [v.lead for v in cs.VARIANTS if v.study == "lead"] == [None, 300, 500, 800, 1200, 2000]
    assert [v.name for v in cs.VARIANTS if v.shipped] == ["stacked alpha=1 C=4", "lead=300"]


def test_markdown_table_on_fake_metrics() -> None:
    fake = {"dev.micro_f1": 0.61234, "dev.macro_f1": 0.5, "wikinews_dev.micro_f1": 0.7, "seeds.micro_f1": 0.8,
            "full.micro_f1": 0.59, "full.macro_f1": 0.4}
    results = [(v, fake) for v in cs.VARIANTS]
    dev = cs.markdown_table(results, "dev").splitlines()
    assert dev[0] == "| variant | " + " | ".join(cs.DEV_COLUMNS) + " |"
    assert dev[1] == "|---|---|---|---|---|"
    assert len(dev) == 2 + 8
    assert "| **stacked alpha=1 C=4** (shipped) | 0.612 | 0.500 | 0.700 | 0.800 |" in dev
    lead = cs.markdown_table(results, "lead").splitlines()
    assert len(lead) == 2 + 6 and lead[1] == "|---|---|---|---|"
    assert "| **lead=300** (shipped) | 0.590 | 0.400 | 0.800 |" in lead
    assert "| lead=None | 0.590 | 0.400 | 0.800 |" in lead
