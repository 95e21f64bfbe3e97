"""Builders for the progress tests: agreed goals with a plan, check-in values in bulk on chosen dates, and
each party's ratings."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from accord import dataversion
from accord.checkins.models import CheckIn, GoalEntry, ProgressRating
from accord.goals.models import AgreementEvent, GasRating, Goal
from tests.checkins.checkin_support import agreed_goal

START = dt.date(2026, 1, 5)  # a Monday
UTC = dt.UTC

WALKS_PLAN = {
    "statement": "Walk to the park three times a week by mid-March",
    "measure_kind": "count_per_week",
    "unit": "walks",
    "baseline": 0.0,
    "target": 3.0,
    "direction": "increase",
    "target_date": START + dt.timedelta(weeks=10),
    "milestones": ["Walk to the corner and back", "Walk to the park once"],
    "action_steps": ["Put my shoes by the door"],
    "gas_minus_2": "No walks at all",
    "gas_minus_1": "One walk a week",
    "gas_0": "Three walks a week",
    "gas_plus_1": "Four walks a week",
    "gas_plus_2": "A walk every day",
}
CALMER_PLAN = {"statement": "Feel calmer in the mornings", "milestones": [], "action_steps": []}


def moment(day: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=UTC)


def planned_goal(cast, client=None, content=None, *, agreed_on: dt.date = START) -> Goal:
    """An agreed goal whose agreement is dated ``agreed_on`` (the start of its expected path)."""
    goal = agreed_goal(cast, client, content or WALKS_PLAN)
    AgreementEvent.objects.filter(goal=goal).update(at=moment(agreed_on, 10))
    goal.refresh_from_db()
    return goal


def add_values(
    goal: Goal,
    values,
    *,
    start: dt.date = START,
    every_days: int = 7,
    progress=None,
    confidence=None,
    first_day: int = 7,
) -> list[GoalEntry]:
    """One check-in per value, ``every_days`` apart from ``start + first_day``, made in bulk (no actions):
    the fast way to give a goal ten or a thousand values."""
    days = [start + dt.timedelta(days=first_day + i * every_days) for i in range(len(values))]
    checkins = CheckIn.objects.bulk_create(
        [
            CheckIn(client=goal.client, submitted_at=moment(day), idempotency_key=uuid.uuid4().hex)
            for day in days
        ]
    )
    # A bulk insert sends no signal: say the client's data changed, as a real writer must.
    dataversion.bump(goal.client_id)
    return GoalEntry.objects.bulk_create(
        [
            GoalEntry(
                checkin=checkin,
                goal=goal,
                version=goal.agreed_version,
                recorded_on=day,
                value=value,
                progress=progress[i] if progress else None,
                confidence=confidence[i] if confidence else None,
                helped=f"helped {i}" if i % 3 == 0 else "",
            )
            for i, (checkin, day, value) in enumerate(zip(checkins, days, values, strict=True))
        ]
    )


def rate_progress(goal: Goal, party: str, rating: int, *, at: dt.datetime | None = None) -> ProgressRating:
    return ProgressRating.objects.create(goal=goal, party=party, rating=rating, rated_at=at or timezone.now())


def rate_gas(goal: Goal, party: str, level: int) -> GasRating:
    return GasRating.objects.create(goal=goal, version=goal.agreed_version, party=party, level=level)
