"""Builders for the sessions, caseload and brief tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accord.appointments import actions
from accord.appointments.models import Session, SessionState


def held_session(client, therapist, *, starts_at: dt.datetime, minutes: int = 50) -> Session:
    session = actions.plan_session(client, therapist, starts_at=starts_at, minutes=minutes)
    return actions.set_state(session, therapist, SessionState.HELD)


def planned_session(client, therapist, *, in_days: float = 1, minutes: int = 50) -> Session:
    return actions.plan_session(
        client, therapist, starts_at=timezone.now() + dt.timedelta(days=in_days), minutes=minutes
    )
