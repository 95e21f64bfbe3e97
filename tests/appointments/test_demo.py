"""The demo (issue 10, point 7): Tess sees Cam tomorrow and Casey on Thursday; Cam's brief shows real changes
since last week's held session; the caseload ranks Cam first for a stated reason."""

from __future__ import annotations

import zoneinfo

import pytest
from django.utils import timezone

from accord.appointments import caseload
from accord.appointments.models import Session, SessionState
from accord.home.brief import build_brief

pytestmark = pytest.mark.django_db


def test_tess_has_sessions_with_cam_tomorrow_and_casey_on_thursday(demo_people):
    tess = demo_people.tess
    zone = zoneinfo.ZoneInfo(tess.time_zone or "UTC")
    today = timezone.localdate(timezone=zone)
    cam = Session.objects.get(client=demo_people.cam, state=SessionState.PLANNED)
    casey = Session.objects.get(client=demo_people.casey, state=SessionState.PLANNED)
    assert (cam.starts_at.astimezone(zone).date() - today).days == 1
    assert casey.starts_at.astimezone(zone).weekday() == 3


def test_cams_brief_shows_changes_since_last_weeks_session(demo_people):
    brief = build_brief(demo_people.cam, demo_people.tess)
    assert brief.since_kind == "session" and brief.session is not None
    assert (timezone.now() - brief.since).days in (6, 7)
    assert any(change.kind == "checkin" for change in brief.changes)
    assert brief.flags


def test_the_caseload_ranks_cam_or_casey_first_for_a_stated_reason(demo_people):
    rows = caseload.caseload(demo_people.tess)
    assert rows[0].client.display_name in ("Cam", "Casey")
    assert rows[0].reasons, "the first client needs attention for a reason written out"
