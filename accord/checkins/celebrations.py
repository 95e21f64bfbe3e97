"""Celebrating successes (PRODUCT.md §2.5): each win is recorded exactly once, for its own client only.

A win is named by ``(client, kind, key)`` and the database's unique constraint on those three makes a
second attempt a no-op, whether it comes from a re-save, a double click or two requests at the same moment
(the insert runs in a savepoint, so a lost race never breaks the caller's transaction).

Keys: ``step:<id>`` (a milestone ticked), ``goal:<id>:target`` (the target reached in a check-in),
``goal:<id>:gas_expected`` (a GAS level at or above the expected outcome, 0, for the first time),
``streak:<first check-in id>:<n>`` (n check-ins in a row, every ``ACCORD_STREAK_LENGTH``),
``measure:<instrument>:reliable_improvement`` (never on a response that raised a safety alert: the
therapist may mark it once the alert is acknowledged) and ``goal:<id>:completed``.

The ``on_*`` functions are called by the actions that cause them (goals, check-ins, measures); a title is
the thing achieved, in the client's words where there are some. Each kind's heading comes from
``CelebrationKind`` when it is shown, so it is translated for whoever looks.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.accounts.models import Client
from accord.assessments import catalogue
from accord.assessments.scoring import reliable_change
from accord.assessments.signals import held_back_wins, measure_recorded
from accord.checkins.models import Celebration, CelebrationKind, CheckIn, GoalEntry, streak_title
from accord.checkins.schedule import Rhythm
from accord.goals.models import Direction, GasRating, Goal, GoalStep
from accord.goals.signals import gas_rated, goal_completed, step_ticked

TITLE_LENGTH = 200


def streak_length() -> int:
    return max(2, int(getattr(settings, "ACCORD_STREAK_LENGTH", 4)))


def celebrate(
    client: Client, kind: str, key: str, title: str, goal: Goal | None = None, at: dt.datetime | None = None
) -> Celebration | None:
    """Record a win once, dated when it happened (``at``, default now). Returns the new celebration, or
    None when this win was celebrated before."""
    if goal is not None and goal.client_id != client.pk:
        raise ValueError("A goal's win belongs to the goal's own client.")
    if Celebration.objects.filter(client=client, kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Celebration.objects.create(
                client=client,
                goal=goal,
                kind=kind,
                key=key,
                title=_fit(title),
                created_at=at or timezone.now(),
            )
    except IntegrityError:
        # Another request celebrated the same win a moment ago.
        return None


def _fit(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


def goal_title(goal: Goal) -> str:
    """The goal as the client knows it: their own words, else the agreed (or current) statement."""
    if goal.client_words:
        return goal.client_words
    version = goal.agreed_version or goal.current_version
    return version.statement if version else ""


# --- triggers -------------------------------------------------------------------------------------------


def on_step_ticked(step: GoalStep) -> Celebration | None:
    if step.kind != GoalStep.Kind.MILESTONE or step.done_at is None:
        return None
    goal = step.goal
    key = f"step:{step.pk}"
    return celebrate(goal.client, CelebrationKind.MILESTONE, key, step.text, goal=goal, at=step.done_at)


def on_gas_rated(rating: GasRating) -> Celebration | None:
    if rating.level < 0:
        return None
    goal = rating.goal
    key = f"goal:{goal.pk}:gas_expected"
    title = goal_title(goal)
    return celebrate(goal.client, CelebrationKind.GAS_EXPECTED, key, title, goal=goal, at=rating.rated_at)


def on_goal_completed(goal: Goal) -> Celebration | None:
    key = f"goal:{goal.pk}:completed"
    return celebrate(goal.client, CelebrationKind.GOAL_COMPLETED, key, goal_title(goal), goal=goal)


def reaches_target(value: float | None, baseline: float | None, target: float | None, direction: str) -> bool:
    if value is None or target is None:
        return False
    lower_is_better = direction == Direction.DECREASE or (
        not direction and baseline is not None and target < baseline
    )
    return value <= target if lower_is_better else value >= target


def on_entry_recorded(entry: GoalEntry) -> Celebration | None:
    version = entry.version
    if not reaches_target(entry.value, version.baseline, version.target, version.direction):
        return None
    goal = entry.goal
    key = f"goal:{goal.pk}:target"
    at = entry.checkin.submitted_at
    return celebrate(goal.client, CelebrationKind.TARGET, key, goal_title(goal), goal=goal, at=at)


def on_measure_recorded(response) -> Celebration | None:
    """A reliable improvement since the first response, by the practice's change convention.

    Never on a response that raised a safety alert: no win is shown beside a risk flag. The therapist may
    mark the improvement later (``accord.assessments.actions.mark_improvement``)."""
    if response.has_safety_flag:
        return None
    return _measure_improvement(response)


def measure_improvement_title(response) -> str | None:
    """The celebration's title when ``response`` is a reliable improvement since the client's first
    response by the practice's change convention, else None."""
    instrument = catalogue.get_instrument(response.instrument_key)
    convention = catalogue.change_convention()
    if instrument is None or instrument.scoring.method != "sum" or response.total is None:
        return None
    if instrument.key not in convention.reliable_change:
        return None
    first = (
        response.client.measure_responses.filter(instrument_key=instrument.key, total__isnull=False)
        .in_time_order()
        .first()
    )
    if first is None or first.pk == response.pk:
        return None
    change = reliable_change(
        instrument.key,
        first.total,
        response.total,
        convention,
        lower_is_better=instrument.scoring.lower_is_better,
    )
    return instrument.short_title if change == "improvement" else None


def measure_improvement_key(response) -> str:
    return f"measure:{response.instrument_key}:reliable_improvement"


def _measure_improvement(response, at: dt.datetime | None = None) -> Celebration | None:
    title = measure_improvement_title(response)
    if title is None:
        return None
    key = measure_improvement_key(response)
    return celebrate(
        response.client, CelebrationKind.MEASURE_IMPROVED, key, title, at=at or response.completed_at
    )


def measure_improvement_to_mark(response) -> bool:
    """True when ``response`` is a reliable improvement whose win is not recorded yet."""
    if measure_improvement_title(response) is None:
        return False
    key = measure_improvement_key(response)
    return not Celebration.objects.filter(
        client=response.client, kind=CelebrationKind.MEASURE_IMPROVED, key=key
    ).exists()


def mark_measure_improvement(response) -> Celebration | None:
    """The therapist marks a reliable improvement that was held back because the response raised a safety
    alert. Dated now (when it is shown to the client), once per measure like any other win; None when the
    response is no reliable improvement or the win was already celebrated. The caller checks who may and
    audits it."""
    return _measure_improvement(response, at=timezone.now())


# --- streaks --------------------------------------------------------------------------------------------


def nearest_due(rhythm: Rhythm, moment: dt.datetime) -> dt.datetime | None:
    """The due instant a check-in at ``moment`` counts for: the nearest one (half a period either side).

    None before the rhythm's first check-in (more than half a period before it)."""
    half = dt.timedelta(weeks=rhythm.every_weeks) / 2
    first = rhythm.due_at(rhythm.first_day())
    if moment < first - half:
        return None
    return rhythm.next_due(moment - half)


def streak_at(rhythm: Rhythm, checkins: list[tuple[int, dt.datetime]]) -> tuple[int, int | None]:
    """How many due periods in a row, ending with the latest check-in's, have at least one check-in.

    ``checkins`` is ``(id, submitted_at)`` pairs. Returns ``(length, id of the run's first check-in)``."""
    by_period: dict[dt.datetime, int] = {}
    for checkin_id, submitted_at in checkins:
        period = nearest_due(rhythm, submitted_at)
        if period is not None:
            by_period[period] = min(checkin_id, by_period.get(period, checkin_id))
    if not by_period:
        return 0, None
    period = max(by_period)
    length, first_id = 0, None
    step = dt.timedelta(weeks=rhythm.every_weeks)
    while period in by_period:
        length, first_id = length + 1, by_period[period]
        earlier = nearest_due(rhythm, period - step)
        if earlier is None or earlier >= period:
            break
        period = earlier
    return length, first_id


def on_checkin_submitted(checkin: CheckIn, rhythm: Rhythm) -> Celebration | None:
    """A streak of N check-ins in N due periods in a row (and again at 2N, 3N …)."""
    pairs = list(CheckIn.objects.filter(client_id=checkin.client_id).values_list("id", "submitted_at"))
    length, first_id = streak_at(rhythm, pairs)
    if length < streak_length() or length % streak_length() or first_id is None:
        return None
    key = f"streak:{first_id}:{length}"
    return celebrate(
        checkin.client, CelebrationKind.STREAK, key, streak_title(length), at=checkin.submitted_at
    )


# --- receivers: the apps below check-ins announce what happened (accord.goals.signals, ...signals) ---------


def connect_receivers() -> None:
    """Called once from ``CheckinsConfig.ready``."""
    step_ticked.connect(_step_ticked, dispatch_uid="celebrations.step_ticked")
    gas_rated.connect(_gas_rated, dispatch_uid="celebrations.gas_rated")
    goal_completed.connect(_goal_completed, dispatch_uid="celebrations.goal_completed")
    measure_recorded.connect(_measure_recorded, dispatch_uid="celebrations.measure_recorded")
    held_back_wins.to_mark = measure_improvement_to_mark
    held_back_wins.mark = mark_measure_improvement


def _step_ticked(sender, *, step: GoalStep, **kwargs) -> None:
    on_step_ticked(step)


def _gas_rated(sender, *, rating: GasRating, **kwargs) -> None:
    on_gas_rated(rating)


def _goal_completed(sender, *, goal: Goal, **kwargs) -> None:
    on_goal_completed(goal)


def _measure_recorded(sender, *, response, **kwargs) -> None:
    on_measure_recorded(response)
