"""Demo sessions (issue 10, point 7): Cam's two held sessions of the story (four weeks and one week ago, when
Tess recorded the reviews), her next one tomorrow and Casey's on Thursday; then every demo client's caseload
summary, since the story moved its rows back in time without the actions' signals.

So Tess's brief for Cam shows what changed since last week's session (Sunday's check-in, the sleep goal's
first ratings), and her caseload ranks Cam first, for a stalled goal and a divergence.
Idempotent: a session at the same time is not planned twice.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from accord.accounts.models import Client
from accord.appointments import actions, summary
from accord.appointments.models import Session, SessionState
from accord.demo import DemoPeople

HELD_DAYS_AGO = (28, 7)  # the story's sessions (accord.progress.demo.SESSIONS), at 10:00 Tess's time
THURSDAY = 3


def _local(day: dt.date, hour: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=zone)


def _session(client: Client, therapist, starts_at: dt.datetime, state: str) -> None:
    if Session.objects.filter(client=client, starts_at=starts_at).exists():
        return
    Session.objects.create(
        client=client,
        therapist=therapist,
        created_by=therapist,
        starts_at=starts_at,
        minutes=client.practice.default_session_minutes,
        state=state,
        state_changed_at=starts_at + dt.timedelta(minutes=50) if state != SessionState.PLANNED else None,
    )


def seed_sessions(people: DemoPeople) -> None:
    tess = people.tess
    zone = zoneinfo.ZoneInfo(tess.time_zone or "UTC")
    today = timezone.localdate(timezone=zone)
    for days in HELD_DAYS_AGO:
        _session(people.cam, tess, _local(today - dt.timedelta(days=days), 10, zone), SessionState.HELD)
    _session(people.cam, tess, _local(today + dt.timedelta(days=1), 10, zone), SessionState.PLANNED)
    # Thursday: the next one after tomorrow (so a demo started on a Wednesday still has two different days).
    ahead = (THURSDAY - today.weekday()) % 7 or 7
    if ahead == 1:
        ahead = 8
    _session(people.casey, tess, _local(today + dt.timedelta(days=ahead), 14, zone), SessionState.PLANNED)
    actions.refresh_summaries(
        Client.objects.filter(practice__in=[people.riverside, people.hillside]).order_by("pk")
    )
    summary.refresh(people.cam)
