"""The SMART coach as the builder shows it: the text and fields being typed (or the saved version) go into
``accord.goals.smart.analyse``, and the result comes back as rows the panel can draw.

Input here is whatever is in the form at the moment, half-typed or not, so every value is read leniently:
something that is not a number yet is simply "not given". Nothing is saved; the advice never blocks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.goals.models import Goal, MeasureKind, Party
from accord.goals.motivation_sections import latest_readiness
from accord.goals.smart import CRITERIA, GoalFields, analyse

CRITERION_NAMES = {
    "specific": gettext_lazy("Specific"),
    "measurable": gettext_lazy("Measurable"),
    "achievable": gettext_lazy("Achievable"),
    "relevant": gettext_lazy("Relevant"),
    "time_bound": gettext_lazy("Time-bound"),
}


def _number(value: Any) -> float | None:
    try:
        number = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _whole(value: Any, low: int, high: int) -> int | None:
    number = _number(value)
    if number is None or not number.is_integer() or not low <= number <= high:
        return None
    return int(number)


def _date(value: Any) -> dt.date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:
        return None


def _fields_from_version(goal: Goal) -> tuple[str, GoalFields]:
    version = goal.version_now
    readiness = latest_readiness(goal)
    fields = GoalFields(
        measure_kind=version.measure_kind or None,
        unit=version.unit or None,
        baseline=version.baseline,
        target=version.target,
        direction=version.direction or None,
        scale_min=version.scale_min,
        scale_max=version.scale_max,
        target_date=version.target_date,
        client_confidence=readiness.confidence if readiness else None,
        client_importance=goal.client_importance,
        linked_needs_count=len(version.theme_ids),
        today=timezone.localdate(),
    )
    return version.statement, fields


def _fields_from_data(goal: Goal, data: QueryDict, party: str) -> tuple[str, GoalFields]:
    """What is in the builder right now. Ratings not on the form come from what is saved."""
    readiness = latest_readiness(goal)
    confidence = _whole(data.get("readiness_confidence"), 0, 10)
    if confidence is None and readiness is not None:
        confidence = readiness.confidence
    importance = goal.client_importance
    if party == Party.CLIENT and "importance" in data:
        importance = _whole(data.get("importance"), 0, 3)
    kind = data.get("measure_kind", "")
    fields = GoalFields(
        measure_kind=kind if kind in MeasureKind.values else None,
        unit=(data.get("unit") or "").strip() or None,
        baseline=_number(data.get("baseline")),
        target=_number(data.get("target")),
        direction=data.get("direction") or None,
        scale_min=_number(data.get("scale_min")),
        scale_max=_number(data.get("scale_max")),
        target_date=_date(data.get("target_date")),
        client_confidence=confidence,
        client_importance=importance,
        linked_needs_count=len([pk for pk in data.getlist("theme_ids") if str(pk).isdigit()]),
        today=timezone.localdate(),
    )
    return str(data.get("statement", ""))[:2000], fields


def _is_big_change(fields: GoalFields) -> bool:
    """A change worth splitting into stages (PRODUCT.md §3), even when the pace is plausible: 3 or more
    points on a 0–10 rating, a third of a standard measure's range, or doubling (or halving) a count."""
    if fields.baseline is None or fields.target is None:
        return False
    gap = abs(fields.target - fields.baseline)
    if fields.measure_kind == MeasureKind.RATING:
        return gap >= 3
    if fields.scale_min is not None and fields.scale_max is not None and fields.scale_max > fields.scale_min:
        return gap >= (fields.scale_max - fields.scale_min) / 3
    low, high = sorted((fields.baseline, fields.target))
    return gap >= 2 and high >= 2 * max(low, 1)


def _has_milestones(goal: Goal, data: QueryDict | None) -> bool:
    if data is None:
        return bool(goal.version_now.milestones)
    return any(text.strip() for text in data.getlist("milestones"))


def coach_result(goal: Goal, data: QueryDict | None, party: str) -> dict[str, Any]:
    """The panel's content: one row per criterion (met / not yet / can't tell yet), warnings, suggestions."""
    text, fields = _fields_from_data(goal, data, party) if data is not None else _fields_from_version(goal)
    result = analyse(text, fields=fields).to_dict()
    already_said = any(w["code"] in ("implausible_rate", "unsafe_pace") for w in result["warnings"])
    if _is_big_change(fields) and not _has_milestones(goal, data) and not already_said:
        result["suggestions"].append(
            _(
                "That's a big change. A milestone or two on the way makes progress easier to see — add "
                "them under Milestones."
            )
        )
    baseline_level = (
        data.get("gas_baseline_level") if data is not None else goal.version_now.gas_baseline_level
    )
    return _panel(result, baseline_level)


def coach_for_words(words: str) -> dict[str, Any]:
    """The coach beside a goal being proposed (issue 13): only its words so far, before any measure, date
    or rating exists. Advisory like the builder's: nothing is saved and nothing is refused."""
    result = analyse(str(words or "")[:2000], fields=GoalFields(today=timezone.localdate())).to_dict()
    return _panel(result, None)


def _panel(result: dict[str, Any], baseline_level: Any) -> dict[str, Any]:
    rows = []
    for key in CRITERIA:
        criterion = result["criteria"][key]
        rows.append(
            {"key": key, "name": CRITERION_NAMES[key], "met": criterion["met"], **_feedback(criterion)}
        )
    return {
        "rows": rows,
        # CLINICAL.md: a −2 start leaves no level to record things getting worse.
        "gas_baseline_low": str(baseline_level) == "-2",
        "met_count": sum(row["met"] is True for row in rows),
        "unrealistic": result["unrealistic"],
        "warnings": result["warnings"],
        "suggestions": result["suggestions"],
    }


def _feedback(criterion: dict[str, Any]) -> dict[str, Any]:
    met = criterion["met"]
    if met is True:
        status, symbol = _("Met"), "✓"
    elif met is False:
        status, symbol = _("Not yet"), "✗"
    else:
        status, symbol = _("Can't tell yet"), "?"
    return {"status": status, "symbol": symbol, "feedback": criterion["feedback"]}
