"""Demo check-ins: Robin's reminder example. (Cam's ten weeks of check-ins and sessions are told in
``accord.progress.demo``, since the story includes in-session reviews.)"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from accord.checkins.models import CheckInRhythm
from accord.demo import DemoPeople
from accord.goals import actions as goal_actions
from accord.goals.models import Direction, Goal, LifeArea, MeasureKind

ROBIN_WORDS = "I want to get back to reading before bed instead of my phone"


def seed_reminder_example(people: DemoPeople) -> None:
    """A demo seed step: Robin (Ravi's client) has an agreed goal and a check-in that fell due an hour ago,
    so the demo's worker sends a real reminder into the outbox within its first minute."""
    robin, ravi = people.robin, people.ravi
    if robin.user is None or Goal.objects.filter(client=robin).exists():
        return
    goal = goal_actions.propose_goal(
        robin,
        ravi,
        words="",
        statement="Read a book for 15 minutes before bed on at least 4 nights a week, for the next six weeks",
        life_area=LifeArea.DAILY_LIFE,
        measure_kind=MeasureKind.COUNT_WEEK,
        unit="nights",
        baseline=1,
        target=4,
        direction=Direction.INCREASE,
    )
    goal_actions.update_client_words(goal, robin.user, ROBIN_WORDS)
    goal_actions.accept_goal(goal, robin.user, version_number=1)
    zone = zoneinfo.ZoneInfo(robin.time_zone)
    due = (timezone.now() - dt.timedelta(hours=1)).astimezone(zone)
    CheckInRhythm.objects.update_or_create(
        client=robin,
        defaults={
            "weekday": due.weekday(),
            "time_of_day": due.time().replace(second=0, microsecond=0),
            "time_zone": robin.time_zone,
            "starts_on": due.date() - dt.timedelta(weeks=2),
        },
    )
