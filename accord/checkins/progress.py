"""Progress status for a goal, computed in one place from its data (PRODUCT.md §6: one vocabulary).

Pure Python (no Django) so the rules can be tested on constructed series. Each status comes with the
reason a person reads next to it. The thresholds are conventions, kept in ``ProgressRules`` and set from
Django settings by the caller; docs/progress.md explains them.

Order of precedence: achieved > stalled > behind > on track. "Too early to tell" until there are two
values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise


def _(message: str) -> str:
    """Marks a user-facing string; the Django layer translates the rendered reason."""
    return message


ON_TRACK = "on_track"
BEHIND = "behind"
STALLED = "stalled"
ACHIEVED = "achieved"
TOO_EARLY = "too_early"

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
    # Behind when progress trails the expected path by more than this share of the baseline→target span.
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


@dataclass(frozen=True)
class GoalPlan:
    baseline: float
    target: float
    start: dt.date
    target_date: dt.date | None
    lower_is_better: bool = False

    @property
    def span(self) -> float:
        return abs(self.target - self.baseline) or 1.0

    def progress(self, value: float) -> float:
        """How far ``value`` is along the way from baseline (0) to target (1); may fall below 0."""
        moved = (self.baseline - value) if self.lower_is_better else (value - self.baseline)
        return moved / self.span

    def expected_progress(self, on: dt.date) -> float | None:
        """Where the straight path from baseline to target by the target date would be on ``on``."""
        if self.target_date is None or self.target_date <= self.start:
            return None
        share = (on - self.start).days / (self.target_date - self.start).days
        return min(max(share, 0.0), 1.0)

    def expected_value(self, on: dt.date) -> float | None:
        share = self.expected_progress(on)
        if share is None:
            return None
        return self.baseline + (self.target - self.baseline) * share


@dataclass(frozen=True)
class Status:
    key: str
    reason: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.key]

    @property
    def fhir(self) -> str:
        return FHIR_ACHIEVEMENT[self.key]


def _fmt(value: float) -> str:
    return f"{value:g}"


def _stalled(plan: GoalPlan, points: Sequence[Point], today: dt.date, rules: ProgressRules) -> str | None:
    days_quiet = (today - points[-1].on).days
    if days_quiet >= rules.stalled_after_days:
        return _("No new value for %(days)d days.") % {"days": days_quiet}
    recent = points[-rules.stalled_after_checkins :]
    if len(recent) == rules.stalled_after_checkins:
        values = [p.value for p in recent]
        if (max(values) - min(values)) / plan.span < rules.movement_fraction:
            return _("No change over the last %(n)d check-ins.") % {"n": len(recent)}
    return None


def _falling_confidence(confidence: Sequence[float], rules: ProgressRules) -> str | None:
    recent = list(confidence[-rules.falling_confidence_checkins :])
    if len(recent) == rules.falling_confidence_checkins and all(b < a for a, b in pairwise(recent)):
        return _("Confidence has fallen at each of the last %(n)d check-ins (%(values)s).") % {
            "n": len(recent),
            "values": " → ".join(_fmt(v) for v in recent),
        }
    return None


def goal_status(
    plan: GoalPlan,
    points: Sequence[Point],
    *,
    today: dt.date,
    confidence: Sequence[float] = (),
    rules: ProgressRules | None = None,
) -> Status:
    """The automatic status of one goal from its values (oldest first) and the client's confidence."""
    rules = rules or ProgressRules()
    points = sorted(points, key=lambda p: p.on)
    if points and plan.progress(points[-1].value) >= 1:
        return Status(
            ACHIEVED,
            _("The latest value, %(v)s, reaches the target of %(t)s.")
            % {"v": _fmt(points[-1].value), "t": _fmt(plan.target)},
        )
    if len(points) < 2:
        return Status(TOO_EARLY, _("Two or more check-ins are needed to see a direction."))
    stalled = _stalled(plan, points, today, rules) or _falling_confidence(confidence, rules)
    if stalled:
        return Status(STALLED, stalled)
    latest = points[-1]
    expected = plan.expected_progress(latest.on)
    if expected is None:
        return _status_without_date(plan, points)
    gap = expected - plan.progress(latest.value)
    expected_value = plan.expected_value(latest.on)
    assert expected_value is not None  # a plan with an expected progress has an expected value
    if gap > rules.tolerance_fraction:
        return Status(
            BEHIND,
            _("%(v)s on %(d)s; the path to the target date expected about %(e)s.")
            % {"v": _fmt(latest.value), "d": latest.on.isoformat(), "e": _fmt(round(expected_value, 1))},
        )
    return Status(
        ON_TRACK,
        _("%(v)s on %(d)s, at or ahead of the expected %(e)s.")
        % {"v": _fmt(latest.value), "d": latest.on.isoformat(), "e": _fmt(round(expected_value, 1))},
    )


def _status_without_date(plan: GoalPlan, points: Sequence[Point]) -> Status:
    """Without a target date there is no expected path: judge by the direction of travel alone."""
    first, latest = points[0], points[-1]
    if plan.progress(latest.value) > plan.progress(first.value):
        return Status(ON_TRACK, _("Moving towards the target (no target date is set)."))
    return Status(BEHIND, _("Not yet moving towards the target (no target date is set)."))


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
                _("Progress rated %(c)s/10 by the client and %(t)s/10 by the therapist.")
                % {"c": _fmt(client_rating), "t": _fmt(therapist_rating)},
            )
        )
    if client_gas is not None and therapist_gas is not None and abs(client_gas - therapist_gas) >= gas_gap:
        found.append(
            Divergence(
                "gas",
                client_gas,
                therapist_gas,
                _("GAS level %(c)+d from the client and %(t)+d from the therapist.")
                % {"c": client_gas, "t": therapist_gas},
            )
        )
    return found
