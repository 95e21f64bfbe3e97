"""Progress status for a goal, computed in one place from its data (PRODUCT.md §6: one vocabulary).

Pure Python (no Django) so the rules can be tested on constructed series. Each status comes with the
reason a person reads next to it. The thresholds are conventions, kept in ``ProgressRules`` and set from
Django settings by the caller; docs/progress.md explains them.

Order of precedence: achieved > too early (fewer than two days with a value) > stalled > behind (back at
or beyond the baseline, or more than the tolerance behind the expected path) > on track. A "keep it at"
goal (target = baseline) is on track while within the tolerance of its target. Comparisons are exact
(``fractions.Fraction`` of the written decimals) and each reason quotes numbers that agree with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

# A comparison of two exact numbers that a quoted reason must keep true.
Comparison = Callable[[Fraction, Fraction], bool]


def _(message: str) -> str:
    """Marks a user-facing string for the catalogue; the Django layer translates it (``Reason``)."""
    return message


class Reason(str):
    """A reason in English that keeps its message and values, so that the Django layer can write it in
    the reader's language (``accord.progress.status.readable``): a rendered sentence cannot be looked up."""

    message: str
    values: dict[str, str | int]


def reason(message: str, values: Mapping[str, str | int] | None = None) -> Reason:
    text = Reason(message % (values or {}))
    text.message, text.values = message, dict(values or {})
    return text


ON_TRACK = "on_track"
BEHIND = "behind"
STALLED = "stalled"
ACHIEVED = "achieved"
TOO_EARLY = "too_early"

# Why a goal is stalled (``Status.cause``); each raises its own flag with its own prompts.
NO_MOVEMENT = "no_movement"
NO_VALUES = "no_values"
FALLING_CONFIDENCE = "falling_confidence"

STATUS_LABELS = {
    ON_TRACK: _("On track"),
    BEHIND: _("Behind"),
    STALLED: _("Stalled"),
    ACHIEVED: _("Achieved"),
    TOO_EARLY: _("Too early to tell"),
}

# How each status is written in FHIR's Goal.achievementStatus value set.
FHIR_ACHIEVEMENT = {
    ON_TRACK: "improving",
    BEHIND: "in-progress",
    STALLED: "no-progress",
    ACHIEVED: "achieved",
    TOO_EARLY: "in-progress",
}


@dataclass(frozen=True)
class ProgressRules:
    # Behind when progress trails the expected path by more than this share of the baseline→target span
    # (for a "keep it at" goal: further from the target than this share of the goal's scale).
    tolerance_fraction: float = 0.15
    # Stalled when the last N values moved less than ``movement_fraction`` of the span…
    stalled_after_checkins: int = 3
    movement_fraction: float = 0.05
    # …or when no value has been recorded for this long…
    stalled_after_days: int = 21
    # …or when confidence fell at each of the last N ratings.
    falling_confidence_checkins: int = 3


@dataclass(frozen=True)
class Point:
    on: dt.date
    value: float


def exact(number: float | int) -> Fraction:
    """A number as the exact decimal it is written as (0.1 is one tenth, not the float nearest to it), so
    the rules compare exactly what their documentation says: "more than 15 %" is never true at 15 %."""
    return Fraction(str(number))


def effective_points(points: Sequence[Point]) -> list[Point]:
    """The values a goal is judged on, drawn and described with: oldest first, one per day — a day's last
    value in the order given (the order they were recorded) stands for the day. Every status, series,
    chart and text reads its "latest" from here, so they always agree."""
    by_day: dict[dt.date, Point] = {}
    for point in points:
        by_day[point.on] = point
    return [by_day[day] for day in sorted(by_day)]


@dataclass(frozen=True)
class GoalPlan:
    baseline: float
    target: float
    start: dt.date  # where the expected path starts: the day the baseline and target were agreed
    target_date: dt.date | None
    lower_is_better: bool = False
    # For a "keep it at" goal (target == baseline): the range the tolerance is a share of (the measure's
    # scale, e.g. 10 for a 0–10 rating); None: the target itself (or 1 when the target is 0).
    scale_range: float | None = None
    # For a "keep it at" goal with a direction: "higher" or "lower" is the better side, where any value
    # counts as kept up; "" (no direction): only the tolerance either side of the target counts.
    better_side: str = ""

    @property
    def maintenance(self) -> bool:
        """A "keep it at" goal: the target is where things are now (e.g. relapse prevention)."""
        return exact(self.target) == exact(self.baseline)

    @property
    def span(self) -> float:
        return abs(self.target - self.baseline) or 1.0

    def exact_span(self) -> Fraction:
        return abs(exact(self.target) - exact(self.baseline)) or Fraction(1)

    def exact_progress(self, value: float) -> Fraction:
        """How far ``value`` is along the way from baseline (0) to target (1), exactly; may fall below 0."""
        moved = exact(value) - exact(self.baseline)
        return (-moved if self.lower_is_better else moved) / self.exact_span()

    def progress(self, value: float) -> float:
        return float(self.exact_progress(value))

    def exact_expected_progress(self, on: dt.date) -> Fraction | None:
        """Where the straight path from baseline to target by the target date would be on ``on`` (0–1)."""
        if self.target_date is None or self.target_date <= self.start:
            return None
        share = Fraction((on - self.start).days, (self.target_date - self.start).days)
        return min(max(share, Fraction(0)), Fraction(1))

    def expected_progress(self, on: dt.date) -> float | None:
        share = self.exact_expected_progress(on)
        return None if share is None else float(share)

    def exact_expected_value(self, on: dt.date) -> Fraction | None:
        share = self.exact_expected_progress(on)
        if share is None:
            return None
        return exact(self.baseline) + (exact(self.target) - exact(self.baseline)) * share

    def expected_value(self, on: dt.date) -> float | None:
        value = self.exact_expected_value(on)
        return None if value is None else float(value)

    def exact_allowance(self, rules: ProgressRules) -> Fraction:
        """How far from the path (or, keeping it at, from the target) a value may be and still count as
        on track, in the measure's own units."""
        tolerance = exact(rules.tolerance_fraction)
        if not self.maintenance:
            return tolerance * self.exact_span()
        if self.scale_range:
            return tolerance * abs(exact(self.scale_range))
        return tolerance * (abs(exact(self.target)) or Fraction(1))


@dataclass(frozen=True)
class Status:
    key: str
    reason: str
    fhir_code: str = ""  # when the FHIR code is not the key's usual one (a kept-up goal is "sustaining")
    # Why a goal is stalled: NO_MOVEMENT, NO_VALUES (nothing recorded for a while) or FALLING_CONFIDENCE.
    cause: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.key]

    @property
    def fhir(self) -> str:
        return self.fhir_code or FHIR_ACHIEVEMENT[self.key]


def format_value(value: float | Fraction, places: int = 2) -> str:
    """A value as Accord writes it everywhere (reasons, the chart's label, the caption): at most ``places``
    decimals, no trailing zeros."""
    rounded = round(Fraction(value), places)
    text = f"{float(rounded):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quoted(left: Fraction, right: Fraction, holds: Comparison) -> tuple[str, str]:
    """Both numbers written with as few decimals (two at least) as it takes for ``holds(shown_left,
    shown_right)`` to be true of the numbers as written, whenever it is true of the exact ones: a reason
    never quotes numbers that contradict it (e.g. "4 … behind the expected 4")."""
    for places in range(2, 10):
        shown = (round(left, places), round(right, places))
        if holds(*shown):
            return format_value(shown[0], places), format_value(shown[1], places)
    return format_value(left, 12), format_value(right, 12)


def _date(day: dt.date) -> str:
    return day.isoformat()


def _stalled(plan: GoalPlan, points: Sequence[Point], today: dt.date, rules: ProgressRules) -> Status | None:
    days_quiet = (today - points[-1].on).days
    if days_quiet >= rules.stalled_after_days:
        why = reason(_("No new value for %(days)d days."), {"days": days_quiet})
        return Status(STALLED, why, cause=NO_VALUES)
    if plan.maintenance:
        return None  # keeping a value steady is the point of a "keep it at" goal
    recent = points[-rules.stalled_after_checkins :]
    if len(recent) == rules.stalled_after_checkins:
        values = [exact(p.value) for p in recent]
        if (max(values) - min(values)) / plan.exact_span() < exact(rules.movement_fraction):
            why = reason(_("No change over the last %(n)d check-ins."), {"n": len(recent)})
            return Status(STALLED, why, cause=NO_MOVEMENT)
    return None


def falling_confidence(confidence: Sequence[float], n: int) -> list[float] | None:
    """The last ``n`` confidence ratings (oldest first) when each is lower than the one before, else None.

    THE rule for "falling confidence", shared by the goal's status (which it makes stalled), the caseload's
    summary and the pre-session brief. A fall needs two ratings at least, so ``n`` below 2 counts as 2.
    """
    n = max(n, 2)
    recent = list(confidence[-n:])
    if len(recent) == n and all(b < a for a, b in pairwise(recent)):
        return recent
    return None


def _falling_confidence(confidence: Sequence[float], rules: ProgressRules) -> Status | None:
    recent = falling_confidence(confidence, rules.falling_confidence_checkins)
    if recent is not None:
        why = reason(
            _("Confidence has fallen at each of the last %(n)d check-ins (%(values)s)."),
            {"n": len(recent), "values": " → ".join(format_value(v) for v in recent)},
        )
        return Status(STALLED, why, cause=FALLING_CONFIDENCE)
    return None


def goal_status(
    plan: GoalPlan,
    points: Sequence[Point],
    *,
    today: dt.date,
    confidence: Sequence[float] = (),
    rules: ProgressRules | None = None,
) -> Status:
    """The automatic status of one goal from its values (oldest first; a day's last value stands for the
    day) and the client's confidence. docs/progress.md states the rules; every comparison is exact."""
    rules = rules or ProgressRules()
    points = effective_points(points)
    if plan.maintenance:
        return _kept_status(plan, points, today, confidence, rules)
    latest = points[-1] if points else None
    if latest is not None and plan.exact_progress(latest.value) >= 1:
        value, target = quoted(exact(latest.value), exact(plan.target), _reaches(plan))
        return Status(
            ACHIEVED,
            reason(_("The latest value, %(v)s, reaches the target of %(t)s."), {"v": value, "t": target}),
        )
    if latest is None or len(points) < 2:
        return Status(TOO_EARLY, reason(_("Two or more check-ins are needed to see a direction.")))
    stalled = _stalled(plan, points, today, rules) or _falling_confidence(confidence, rules)
    if stalled:
        return stalled
    if plan.exact_progress(latest.value) <= 0:
        value, start = quoted(exact(latest.value), exact(plan.baseline), _no_further(plan))
        return Status(
            BEHIND,
            reason(
                _("%(v)s on %(d)s is no further than the starting %(b)s."),
                {"v": value, "d": _date(latest.on), "b": start},
            ),
        )
    expected_share = plan.exact_expected_progress(latest.on)
    if expected_share is None:
        return _status_without_date(plan, points)
    expected = plan.exact_expected_value(latest.on)
    assert expected is not None  # a plan with an expected share has an expected value
    exact_value = exact(latest.value)
    gap = expected_share - plan.exact_progress(latest.value)  # as a share of the span
    if gap > exact(rules.tolerance_fraction):
        return _short_status(BEHIND, plan, latest, expected, rules)
    if gap <= 0:
        shown_value, shown_expected = quoted(exact_value, expected, _at_or_ahead(plan))
        return Status(
            ON_TRACK,
            reason(
                _("%(v)s on %(d)s, at or ahead of the expected %(e)s."),
                {"v": shown_value, "d": _date(latest.on), "e": shown_expected},
            ),
        )
    return _short_status(ON_TRACK, plan, latest, expected, rules)


def _short_status(
    key: str, plan: GoalPlan, latest: Point, expected: Fraction, rules: ProgressRules
) -> Status:
    """Short of the expected path: on track within the allowance, behind beyond it — saying by how much."""
    value = exact(latest.value)
    shortfall, allowance = abs(expected - value), plan.exact_allowance(rules)
    within = key == ON_TRACK
    shown_short, shown_allowed = quoted(
        shortfall, allowance, (lambda a, b: 0 < a <= b) if within else (lambda a, b: a > b)
    )
    shown_value, shown_expected = quoted(value, expected, _short_of(plan))
    numbers = {
        "v": shown_value,
        "d": _date(latest.on),
        "s": shown_short,
        "e": shown_expected,
        "a": shown_allowed,
        "p": format_value(exact(rules.tolerance_fraction) * 100),
        "b": format_value(plan.baseline),
        "t": format_value(plan.target),
    }
    if within:
        message = _(
            "%(v)s on %(d)s, %(s)s short of the expected %(e)s: within the %(a)s allowed (%(p)s %% of the "
            "way from %(b)s to %(t)s)."
        )
    else:
        message = _(
            "%(v)s on %(d)s, %(s)s short of the expected %(e)s: more than the %(a)s allowed (%(p)s %% of the "
            "way from %(b)s to %(t)s)."
        )
    return Status(key, reason(message, numbers))


def _reaches(plan: GoalPlan) -> Comparison:
    return (lambda v, t: v <= t) if plan.lower_is_better else (lambda v, t: v >= t)


def _no_further(plan: GoalPlan) -> Comparison:
    return (lambda v, b: v >= b) if plan.lower_is_better else (lambda v, b: v <= b)


def _at_or_ahead(plan: GoalPlan) -> Comparison:
    return (lambda v, e: v <= e) if plan.lower_is_better else (lambda v, e: v >= e)


def _short_of(plan: GoalPlan) -> Comparison:
    return (lambda v, e: v > e) if plan.lower_is_better else (lambda v, e: v < e)


def _status_without_date(plan: GoalPlan, points: Sequence[Point]) -> Status:
    """Without a target date there is no expected path: judge by the direction of travel alone."""
    first, latest = points[0], points[-1]
    numbers = {"first": format_value(first.value), "d1": _date(first.on), "d2": _date(latest.on)}
    if plan.exact_progress(latest.value) > plan.exact_progress(first.value):
        # Moving towards the target: the latest is better than the first (written so they read that way).
        shown_first, shown_latest = quoted(exact(first.value), exact(latest.value), _short_of(plan))
        return Status(
            ON_TRACK,
            reason(
                _(
                    "Moving towards the target (no target date is set): %(first)s on %(d1)s, %(latest)s on "
                    "%(d2)s."
                ),
                {**numbers, "first": shown_first, "latest": shown_latest},
            ),
        )
    return Status(
        BEHIND,
        reason(
            _(
                "Not yet moving towards the target (no target date is set): %(first)s on %(d1)s, %(latest)s "
                "on %(d2)s."
            ),
            {**numbers, "latest": format_value(latest.value)},
        ),
    )


def _kept_status(
    plan: GoalPlan, points: Sequence[Point], today: dt.date, confidence: Sequence[float], rules: ProgressRules
) -> Status:
    """A "keep it at" goal: on track while the latest value is within the tolerance of the target (or on
    its better side, when the goal has a direction); stalled rules as for any goal, except that an
    unchanging value is the aim, not a stall."""
    if len(points) < 2:
        return Status(TOO_EARLY, reason(_("Two or more check-ins are needed to see a direction.")))
    stalled = _stalled(plan, points, today, rules) or _falling_confidence(confidence, rules)
    if stalled:
        return stalled
    latest = points[-1]
    value, target = exact(latest.value), exact(plan.target)
    allowance = plan.exact_allowance(rules)
    distance = abs(value - target)
    numbers = {"v": format_value(value), "d": _date(latest.on), "t": format_value(target)}
    if distance <= allowance:
        shown_distance, shown_allowed = quoted(distance, allowance, lambda a, b: a <= b)
        if distance == 0:
            why = reason(_("%(v)s on %(d)s: at the %(t)s to keep it at."), numbers)
        else:
            why = reason(
                _("%(v)s on %(d)s: %(off)s from the %(t)s to keep it at, within the %(a)s allowed."),
                {**numbers, "off": shown_distance, "a": shown_allowed},
            )
        return Status(ON_TRACK, why, fhir_code="sustaining")
    if (plan.better_side == "higher" and value > target) or (plan.better_side == "lower" and value < target):
        return Status(
            ON_TRACK,
            reason(_("%(v)s on %(d)s: better than the %(t)s to keep it at."), numbers),
            fhir_code="sustaining",
        )
    shown_distance, shown_allowed = quoted(distance, allowance, lambda a, b: a > b)
    return Status(
        BEHIND,
        reason(
            _("%(v)s on %(d)s: %(off)s from the %(t)s to keep it at, more than the %(a)s allowed."),
            {**numbers, "off": shown_distance, "a": shown_allowed},
        ),
    )


# --- Divergence -------------------------------------------------------------------------------------

RATING_GAP = 3  # points on a 0–10 scale (PRODUCT.md §3)
GAS_GAP = 2  # GAS levels


@dataclass(frozen=True)
class Divergence:
    kind: str  # "rating" or "gas"
    client_value: float
    therapist_value: float
    reason: str


def divergence(
    *,
    client_rating: float | None = None,
    therapist_rating: float | None = None,
    client_gas: int | None = None,
    therapist_gas: int | None = None,
    rating_gap: float = RATING_GAP,
    gas_gap: int = GAS_GAP,
) -> list[Divergence]:
    """Where client and therapist see the same goal differently enough to talk about it."""
    found = []
    if (
        client_rating is not None
        and therapist_rating is not None
        and abs(client_rating - therapist_rating) >= rating_gap
    ):
        found.append(
            Divergence(
                "rating",
                client_rating,
                therapist_rating,
                reason(
                    _("Progress rated %(c)s/10 by the client and %(t)s/10 by the therapist."),
                    {"c": format_value(client_rating), "t": format_value(therapist_rating)},
                ),
            )
        )
    if client_gas is not None and therapist_gas is not None and abs(client_gas - therapist_gas) >= gas_gap:
        found.append(
            Divergence(
                "gas",
                client_gas,
                therapist_gas,
                reason(
                    _("GAS level %(c)+d from the client and %(t)+d from the therapist."),
                    {"c": client_gas, "t": therapist_gas},
                ),
            )
        )
    return found
