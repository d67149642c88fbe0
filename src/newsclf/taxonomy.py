"""The label contract of TAXONOMY.md, loaded from package data.

One JSON file per head under ``newsclf/data/taxonomy/`` carries the label ids and
their definitions; ``macro_regions.json`` is ACLED's country-to-region table.
Every saved model records :data:`TAXONOMY_VERSION`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from newsclf.exceptions import UnknownLabelError

__all__ = [
    "TAXONOMY_VERSION",
    "HEADS",
    "Taxonomy",
    "labels",
    "macro_region",
    "country_codes",
    "validate_labels",
]

TAXONOMY_VERSION = "1"
#: the multi-label heads whose ids live in package data
HEADS = ("conflict_types", "source_types", "areas")


def _read(name: str) -> dict:
    return json.loads((files("newsclf") / "data" / "taxonomy" / name).read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Label ids of one head, in a fixed order, with their definitions."""

    head: str
    version: str
    ids: tuple[str, ...]
    definitions: tuple[str, ...] = ()

    @classmethod
    @cache
    def builtin(cls, head: str) -> "Taxonomy":
        if head == "countries":
            codes = country_codes()
            return cls(head=head, version=TAXONOMY_VERSION, ids=codes)
        if head not in HEADS:
            raise KeyError(f"unknown head {head!r}; heads are {('countries',) + HEADS}")
        data = _read(f"{head}.json")
        return cls(
            head=head,
            version=str(data["taxonomy_version"]),
            ids=tuple(label["id"] for label in data["labels"]),
            definitions=tuple(label["definition"] for label in data["labels"]),
        )

    def validate(self, values: Iterable[str], *, where: str = "") -> None:
        """Raise :class:`UnknownLabelError` for the first value not in this head."""
        valid = set(self.ids)
        for value in values:
            if value not in valid:
                same = [i for i in self.ids if i.lower() == str(value).strip().lower()]  # 'ps' -> 'PS'
                close = same or difflib.get_close_matches(str(value), self.ids, n=1, cutoff=0.5)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                shown = ", ".join(self.ids) if len(self.ids) <= 30 else ", ".join(self.ids[:30]) + ", ..."
                raise UnknownLabelError(
                    f"unknown {self.head} label {value!r}{where}{hint} Valid ids (taxonomy v{self.version}): {shown}"
                )


def labels(head: str) -> tuple[str, ...]:
    """Label ids of a built-in head, in taxonomy order."""
    return Taxonomy.builtin(head).ids


def validate_labels(head: str, values: Iterable[str]) -> None:
    Taxonomy.builtin(head).validate(values)


@cache
def _regions() -> dict[str, str]:
    return dict(_read("macro_regions.json")["country_to_region"])


@cache
def country_codes() -> tuple[str, ...]:
    """All ISO 3166-1 alpha-2 codes that the region table knows."""
    return tuple(sorted(_regions()))


def macro_region(countries: Sequence[str]) -> str | None:
    """ACLED macro-region of the first country, or None when there is none."""
    if not countries:
        return None
    return _regions().get(countries[0])
