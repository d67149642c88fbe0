"""The result of classifying one article: the same type for one article or a batch."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Classification", "Explanation"]


class _ReadOnly(Mapping):
    """A read-only dict that, unlike ``types.MappingProxyType``, pickles and deep-copies
    (a result crosses process pools and ``copy.deepcopy`` / ``dataclasses.asdict``)."""

    __slots__ = ("_d",)

    def __init__(self, items: Any = ()) -> None:
        self._d = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._d[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __repr__(self) -> str:
        return repr(self._d)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._d,))

    def __hash__(self) -> int:  # (its values are floats, tuples or _ReadOnly: a frozen result hashes)
        return hash(frozenset(self._d.items()))


def _freeze(scores: Mapping[str, Mapping[str, float]]) -> Mapping[str, Mapping[str, float]]:
    return _ReadOnly({h: _ReadOnly(s) for h, s in scores.items()})


@dataclass(frozen=True, slots=True)
class Classification:
    """Labels of one article on the heads of TAXONOMY.md, with their scores.

    ``to_dict()`` gives the gold record format of TAXONOMY.md section 6 (``countries``,
    ``areas``, ``macro_region``, ``conflict_types``, ``source_types``, ``agencies``,
    ``credits``, ``claims``) plus ``scores`` (head -> label -> calibrated score),
    ``abstained`` and, when the input had one, ``id``.
    """

    countries: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    macro_region: str | None = None
    conflict_types: tuple[str, ...] = ()
    source_types: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    claims: tuple[Any, ...] = ()
    scores: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    abstained: bool = False
    id: str | None = None
    title: str = ""
    taxonomy_version: str = "1"
    #: labels of custom text heads (added with ``newsclf.train``), head -> labels
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", _freeze(self.scores))
        object.__setattr__(self, "labels", _ReadOnly({h: tuple(v) for h, v in self.labels.items()}))

    def to_dict(self, *, scores: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        out.update(
            countries=list(self.countries),
            areas=list(self.areas),
            macro_region=self.macro_region,
            conflict_types=list(self.conflict_types),
            source_types=list(self.source_types),
            agencies=list(self.agencies),
            credits=list(self.credits),
            claims=[c.to_dict() for c in self.claims],
        )
        if self.labels:
            out["labels"] = {h: list(v) for h, v in self.labels.items()}
        if scores:
            out["scores"] = {h: {k: round(float(v), 4) for k, v in s.items()} for h, s in self.scores.items()}
        out["abstained"] = self.abstained
        return out


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a label was predicted: the features that pushed its score up the most."""

    head: str
    label: str
    score: float
    features: tuple[tuple[str, float], ...]   # (feature, contribution to the margin)

    def to_dict(self) -> dict[str, Any]:
        return {"head": self.head, "label": self.label, "score": round(self.score, 4),
                "features": [[f, round(w, 4)] for f, w in self.features]}
