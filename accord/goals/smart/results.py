"""The coach's inputs and outputs: goal fields, criteria, warnings, and the context read once per analysis."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.goals.smart.time_bound import TimeFrame

# --- fields, results ----------------------------------------------------------------------------------------


@dataclass
class GoalFields:
    """The structured parts of a goal, all optional. `today` pins "now" for deterministic tests."""

    measure_kind: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    direction: str | None = None  # "increase" | "decrease"
    scale_min: float | None = None
    scale_max: float | None = None
    target_date: date | None = None
    start_date: date | None = None  # defaults to today
    client_confidence: float | None = None  # 0–10
    client_importance: int | None = None  # 0–3
    linked_needs_count: int = 0
    today: date | None = None


@dataclass
class Criterion:
    met: bool | None
    feedback: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SmartWarning:
    code: str
    message: str


@dataclass
class SmartResult:
    criteria: dict[str, Criterion]
    unrealistic: bool
    warnings: list[SmartWarning]
    suggestions: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "criteria": {
                name: {"met": c.met, "feedback": list(c.feedback)} for name, c in self.criteria.items()
            },
            "unrealistic": self.unrealistic,
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
            "suggestions": list(self.suggestions),
        }


CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
UNREALISTIC_CODES = frozenset(
    {"absolute_wording", "implausible_rate", "target_out_of_range", "unsafe_pace", "eliminate_feeling"}
)


@dataclass(frozen=True)
class _Context:
    """Everything read from the text and fields, computed once per analysis."""

    text: str  # lower-cased, for matching
    shown: str  # as written, for quoting back
    fields: GoalFields
    today: date
    start: date
    actions: list[str]
    measures: list[str]
    frames: list[TimeFrame]
    absolutes: list[str]

    cautious: bool = False  # a safety note applies: the coach doesn't praise (safety.py)

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):  # a datetime can't be compared with a date, so keep its day
        return value.date()
    return value if isinstance(value, date) else None


def _clean(fields: GoalFields) -> GoalFields:
    """Leave out values the coach can't use (wrong type, NaN, a scale whose minimum isn't below its maximum),
    so odd input gets advice rather than an error."""
    numbers: dict[str, Any] = {
        name: _finite(getattr(fields, name))
        for name in ("baseline", "target", "scale_min", "scale_max", "client_confidence")
    }
    low, high = numbers["scale_min"], numbers["scale_max"]
    if low is None or high is None or low >= high:
        numbers["scale_min"] = numbers["scale_max"] = None
    texts: dict[str, Any] = {name: getattr(fields, name) for name in ("measure_kind", "unit", "direction")}
    kept: dict[str, Any] = {
        name: (value if isinstance(value, str) else None) for name, value in texts.items()
    }
    importance, links = fields.client_importance, fields.linked_needs_count
    return replace(
        fields,
        **numbers,
        **kept,
        target_date=_day(fields.target_date),
        start_date=_day(fields.start_date),
        today=_day(fields.today),
        client_importance=importance
        if importance in (0, 1, 2, 3) and not isinstance(importance, bool)
        else None,
        linked_needs_count=links
        if isinstance(links, int) and not isinstance(links, bool) and links > 0
        else 0,
    )
