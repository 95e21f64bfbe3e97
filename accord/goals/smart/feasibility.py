"""Achievable and unrealistic: all-or-nothing wording, targets out of range, implausible pace, confidence."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from accord.goals.smart.i18n import _
from accord.goals.smart.lexicon import (
    COUNT_FLOOR,
    COUNT_KINDS,
    KNOWN_SCALES,
    MAX_DAYS_PER_WEEK_CHANGE_PER_WEEK,
    MAX_GROWTH_FACTOR_PER_WEEK,
    MAX_RATING_POINTS_PER_WEEK,
    MAX_SCALE_FRACTION_PER_WEEK,
    MEASURE_KINDS,
    MIN_CONFIDENCE,
    MINUTES_FLOOR,
    MINUTES_PER_DAY,
    NAMED_SCORE,
    NUMBER,
    parse_number,
)
from accord.goals.smart.results import Criterion, GoalFields, _Context
from accord.goals.smart.text import _normalise, _shown

# --- absolute wording ---------------------------------------------------------------------------------------

ABSOLUTES = re.compile(
    r"\b(?:never|always|completely|totally|entirely|perfect(?:ly|ion)?|flawless(?:ly)?|in every situation|"
    r"every single|all the time|at all times|ever again|at everything|no more\b[^.;!?]{0,60}?\bever|"
    r"(?:do not|don't|not) ever|without fail|without exception|no matter what)\b|"
    r"\b(?:100|a hundred|one hundred)\s?(?:%|per\s?cent\b)"
)
# These flip when negated: "not all the time" or "doesn't have to be perfect" is the opposite of
# perfectionism. "never", "ever again" and "without fail" stay absolute whatever comes before them.
_NEGATABLE = re.compile(
    r"always|complete|total|entire|perfect|flawless|all the time|at all|every single|"
    r"in every|at everything|100|a hundred|one hundred"
)
_NEGATIONS = frozenset({"not", "t", "no", "less"})
# "I always skip breakfast", "something I have never managed": describing today, not the outcome wanted.
_DESCRIBING = frozenset({"i", "have", "has", "had", "ve", "m", "am", "usually"})


def _clause_before(lowered: str, start: int) -> list[str]:
    clause = re.split(r"[.,;:!?]", lowered[max(0, start - 80) : start])[-1]
    return re.findall(r"[a-z]+", clause)


def _is_absolute(lowered: str, m: re.Match[str]) -> bool:
    words = _clause_before(lowered, m.start())
    if words and words[-1] in _DESCRIBING:
        return False
    negatable = _NEGATABLE.match(m.group(0))
    return not (negatable and _NEGATIONS.intersection(words[-4:]))


def find_absolutes(text: str) -> list[str]:
    """All-or-nothing wording about the outcome wanted: never, always, completely, perfect, 100%,
    every single, all the time, in every situation, ever again, no more … ever, without fail."""
    shown, lowered = _shown(text), _normalise(text)
    return [shown[m.start() : m.end()] for m in ABSOLUTES.finditer(lowered) if _is_absolute(lowered, m)]


# --- structured measure checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Measure:
    kind: str
    baseline: float | None
    target: float | None
    scale: tuple[float, float] | None


@dataclass(frozen=True)
class _Check:
    ok: bool | None
    code: str | None = None
    message: str = ""


def _scale_from_name(name: str | None) -> tuple[float, float] | None:
    return KNOWN_SCALES.get(re.sub(r"[^a-z0-9]", "", (name or "").lower()))


def _target_range(measure: _Measure) -> tuple[float, float | None] | None:
    ranges: dict[str, tuple[float, float | None]] = {
        "rating_0_10": (0.0, 10.0),
        "yes_no_per_day": (0.0, 7.0),  # days per week, or a fraction 0–1 of days
        "minutes": (0.0, float(MINUTES_PER_DAY)),
    }
    if measure.kind in COUNT_KINDS:
        return (0.0, None)
    if measure.kind == "standard_score":
        return measure.scale
    return ranges.get(measure.kind)


def _check_range(measure: _Measure | None) -> _Check:
    bounds = _target_range(measure) if measure and measure.target is not None else None
    if measure is None or measure.target is None or bounds is None:
        return _Check(None)
    low, high = bounds
    if measure.target >= low and (high is None or measure.target <= high):
        return _Check(True)
    limits = f"{low:g}–{high:g}" if high is not None else _("%(low)g or more") % dict(low=low)
    message = _("The target %(target)g is outside this measure's range (%(limits)s).")
    return _Check(False, "target_out_of_range", message % dict(target=measure.target, limits=limits))


def _growth_ok(baseline: float, target: float, weeks: float, floor: float) -> bool | None:
    if target == 0 and baseline > 0:
        return None  # stopping outright (a quit date) is a recognised plan; the therapist judges it
    low, high = sorted((max(baseline, floor), max(target, floor)))
    # Compared as logs: the weekly factor (high/low)^(1/weeks) overflows for huge values over a few days.
    return math.log(high / low) / weeks <= math.log(MAX_GROWTH_FACTOR_PER_WEEK)


def _as_days_per_week(value: float) -> float:
    return value * 7 if 0 < value < 1 else value


def _rate_ok(measure: _Measure, weeks: float) -> bool | None:
    baseline, target = measure.baseline, measure.target
    if baseline is None or target is None:
        return None
    change = abs(target - baseline) / weeks
    if measure.kind == "rating_0_10":
        return change <= MAX_RATING_POINTS_PER_WEEK
    if measure.kind == "standard_score" and measure.scale:
        return change <= MAX_SCALE_FRACTION_PER_WEEK * (measure.scale[1] - measure.scale[0])
    if measure.kind in COUNT_KINDS or measure.kind == "minutes":
        floor = MINUTES_FLOOR if measure.kind == "minutes" else COUNT_FLOOR
        return _growth_ok(baseline, target, weeks, floor)
    if measure.kind == "yes_no_per_day":
        days = abs(_as_days_per_week(target) - _as_days_per_week(baseline))
        return days / weeks <= MAX_DAYS_PER_WEEK_CHANGE_PER_WEEK
    return None


def _check_rate(measure: _Measure | None, start: date, end: date | None) -> _Check:
    if measure is None or end is None or end <= start:
        return _Check(None)
    days = (end - start).days
    ok = _rate_ok(measure, days / 7)
    if ok is not False:
        return _Check(ok)
    message = _(
        "Going from %(baseline)g to %(target)g in %(days)s days is faster than change on this kind of "
        "measure usually happens."
    )
    return _Check(
        False, "implausible_rate", message % dict(baseline=measure.baseline, target=measure.target, days=days)
    )


def _check_confidence(confidence: float | None) -> _Check:
    if confidence is None:
        return _Check(None)
    if not 0 <= confidence <= 10:
        return _Check(
            None, message=_("Confidence is rated from 0 to 10, so %(n)g was left out.") % dict(n=confidence)
        )
    if confidence >= MIN_CONFIDENCE:
        return _Check(
            True, message=_("Confidence %(n)g/10 — a good sign this is doable.") % dict(n=confidence)
        )
    message = _("Confidence is %(n)g/10. Below %(floor)s, a smaller first step usually works better.")
    return _Check(False, "low_confidence", message % dict(n=confidence, floor=MIN_CONFIDENCE))


_TIME_UNIT = r"(?:minutes?|mins?|hours?|hrs?)"
_FROM_TO = re.compile(
    rf"\bfrom\s+(?P<a>{NUMBER})(?:\s*(?:/|out of)\s*10)?\s*(?P<ua>{_TIME_UNIT})?\s+(?:down\s+|up\s+)?to\s+"
    rf"(?:below\s+|under\s+|less than\s+|above\s+|over\s+)?(?P<b>{NUMBER})\b\s*(?P<ub>{_TIME_UNIT})?"
)
# "down to under 5 in three weeks, from 19": the target first
_TO_FROM = re.compile(
    rf"\b(?:down|up)\s+to\s+(?:below\s+|under\s+|less than\s+|above\s+|over\s+)?(?P<b>{NUMBER})\b"
    rf"[^.;]{{0,40}}?\bfrom\s+(?P<a>{NUMBER})\b"
)
# "from 0 to 50 push-ups a day": a count with its period
_COUNT_PER = re.compile(r"^\s*[a-z-]+(?:\s+[a-z-]+)?\s+(?:a|per|each|every)\s+(?P<p>day|week|month)\b")


def _minutes(number: str, unit: str | None) -> float | None:
    value = parse_number(number)
    if value is None:
        return None
    return value * 60 if unit and unit.startswith("h") else value


def _measure_from_text(lowered: str) -> _Measure | None:
    """'PHQ-9 from 18 to 9', 'from 8 to 4 out of 10', 'from 10 minutes to 2 hours', 'from 0 to 50 push-ups a
    day': enough to check the target and the pace."""
    change = _FROM_TO.search(lowered) or _TO_FROM.search(lowered)
    if not change:
        return None
    groups = change.groupdict()
    if groups.get("ua") or groups.get("ub"):
        unit = groups.get("ua") or groups.get("ub")
        a, b = (
            _minutes(change.group("a"), groups.get("ua") or unit),
            _minutes(change.group("b"), groups.get("ub") or unit),
        )
        return _Measure("minutes", a, b, None)
    score = NAMED_SCORE.search(lowered)
    count = _COUNT_PER.match(lowered[change.end() :])
    if score and _scale_from_name(score.group(0)):
        kind, scale = "standard_score", _scale_from_name(score.group(0))
    elif re.search(r"out of 10|/10|\brat(?:e|ing)\b", lowered):
        kind, scale = "rating_0_10", None
    elif count:
        kind, scale = f"count_per_{count.group('p')}", None
    else:
        return None
    return _Measure(kind, parse_number(change.group("a")), parse_number(change.group("b")), scale)


def _structured_measure(fields: GoalFields) -> _Measure | None:
    if fields.measure_kind not in MEASURE_KINDS:
        return None
    given = (fields.scale_min, fields.scale_max)
    scale = given if given[0] is not None and given[1] is not None else _scale_from_name(fields.unit)
    return _Measure(fields.measure_kind, fields.baseline, fields.target, scale)  # type: ignore[arg-type]


def _judge_achievable(ctx: _Context, checks: list[_Check]) -> Criterion:
    judged = [c for c in checks if c.ok is not None]
    feedback = [c.message for c in checks if c.message]
    if not judged:
        hint = _(
            "I can judge this once there's a confidence rating (0–10), or a measure with a target and a "
            "target date."
        )
        return Criterion(None, [*feedback, hint])
    return Criterion(all(c.ok for c in judged), feedback)


def _feasibility_checks(ctx: _Context) -> list[_Check]:
    """Achievable is judged from the structured fields only: text alone is too thin to call it doable."""
    measure = _structured_measure(ctx.fields)
    return [
        _check_confidence(ctx.fields.client_confidence),
        _check_range(measure),
        _check_rate(measure, ctx.start, ctx.fields.target_date),
    ]


def _text_checks(
    ctx: _Context, read_measure: Callable[[str], _Measure | None] = _measure_from_text
) -> list[_Check]:
    """The pace and range read from the text ('PHQ-9 from 18 to 9 in 2 weeks') — used for warnings only."""
    measure = read_measure(ctx.text)
    ends = [f.ends_on for f in ctx.frames if f.bounds_the_goal and f.ends_on]
    end = ctx.fields.target_date or (ends[0] if ends else None)
    return [_check_range(measure), _check_rate(measure, ctx.start, end)]
