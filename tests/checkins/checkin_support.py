"""Builders shared by the check-in tests: agreed goals of each kind, rhythms, and a check-in as posted."""

from __future__ import annotations

import datetime as dt
import uuid

from accord.checkins import actions
from accord.checkins.actions import CheckInData, GoalAnswer
from accord.checkins.models import CheckInRhythm
from accord.goals.actions import accept_goal, propose_goal
from accord.goals.models import Goal, GoalStep

UTC = dt.UTC

WALKS = {
    "statement": "Walk to the park for 20 minutes three times a week by the end of June",
    "measure_kind": "count_per_week",
    "unit": "walks",
    "baseline": 0.0,
    "target": 3.0,
    "direction": "increase",
    "milestones": ["Walk to the corner and back", "Walk to the park once"],
    "action_steps": ["Put my shoes by the door"],
}
CALMER = {"statement": "Feel calmer in the mornings", "milestones": [], "action_steps": []}


def therapist_of(cast, client):
    return cast.theo if client.practice_id == cast.practice_b.pk else cast.tess


def agreed_goal(cast, client=None, content=None) -> Goal:
    """A goal the client's therapist proposed and the client accepted: agreed and active."""
    client = client or cast.cam
    goal = propose_goal(client, therapist_of(cast, client), words="", **(content or WALKS))
    accept_goal(goal, client.user, version_number=1)
    goal.refresh_from_db()
    return goal


def step(goal: Goal, kind: str, position: int = 1) -> GoalStep:
    return goal.steps.get(kind=kind, position=position, is_current=True)


def rhythm(
    client, *, weekday=6, time=dt.time(18, 0), zone="Europe/London", starts_on=dt.date(2026, 1, 1), **extra
):
    """Set the client's rhythm directly (tests choose their own start and zone)."""
    CheckInRhythm.objects.filter(client=client).delete()
    return CheckInRhythm.objects.create(
        client=client, weekday=weekday, time_of_day=time, time_zone=zone, starts_on=starts_on, **extra
    )


def posted(goal: Goal, *, key: str | None = None, **fields) -> dict[str, str]:
    """A check-in form as a browser posts it, for one goal, with sensible answers unless given."""
    prefix = f"g{goal.pk}"
    data = {"idempotency_key": key or str(uuid.uuid4()), "note": "", "agenda": ""}
    answers = {"value": "2", "progress": "6", "confidence": "7", "helped": "", "got_in_the_way": ""}
    answers.update({k: v for k, v in fields.items() if k in answers or k in ("steps", "milestones")})
    for name, value in answers.items():
        data[f"{prefix}-{name}"] = value
    data.update({k: v for k, v in fields.items() if k in ("note", "agenda")})
    return data


def check_in(client, goals, *, at=None, key=None, **answer) -> actions.Submitted:
    """A check-in made through the action, as the client, optionally dated ``at``."""
    data = CheckInData(answers=[GoalAnswer(goal=goal, **answer) for goal in goals])
    return actions.submit_checkin(client, client.user, data, key or str(uuid.uuid4()), at=at)
