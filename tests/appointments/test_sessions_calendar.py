"""The therapist's private sessions feed: valid iCalendar written by the `icalendar` library, "Session" and a
link only (no names, nothing clinical), revocable, unknown or revoked → 404, therapists only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from accord.appointments import actions
from accord.appointments.models import SessionCalendar, SessionState
from accord.audit.models import Action, AuditEvent
from accord.goals.actions import propose_goal
from tests.appointments.support import planned_session

pytestmark = pytest.mark.django_db


def make_link(browser) -> str:
    response = browser.post(reverse("sessions_calendar_create"))
    assert response.status_code == 200
    return re.search(
        r'value="(http://testserver/sessions/calendar/[^"]+\.ics)"', response.content.decode()
    ).group(1)


def test_the_feed_lists_the_therapists_sessions_with_nothing_clinical(cast, as_tess, client):
    propose_goal(cast.cam, cast.cam_user, words="Drink less", statement="Two dry days a week")
    cam = planned_session(cast.cam, cast.tess, in_days=1)
    casey = planned_session(cast.casey, cast.tess, in_days=3, minutes=60)
    cancelled = planned_session(cast.cam, cast.tess, in_days=5)
    actions.set_state(cancelled, cast.tess, SessionState.CANCELLED)
    response = client.get(make_link(as_tess))  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    parsed = Calendar.from_ical(body)
    events = parsed.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"accord-session-{cam.pk}@accord",
        f"accord-session-{casey.pk}@accord",
    ]
    assert {str(e["SUMMARY"]) for e in events} == {"Session"}
    assert events[0].decoded("DTSTART") == cam.starts_at.replace(microsecond=0)
    assert events[1].decoded("DTEND") - events[1].decoded("DTSTART") == casey.ends_at - casey.starts_at
    assert str(events[0]["URL"]) == f"http://testserver{reverse('client_brief', args=[cast.cam.pk])}"
    for private in ("Cam", "Casey", "Drink", "dry", "Riverside", "Tess", "goal"):
        assert private not in body, private


def test_a_new_link_replaces_the_old_and_a_revoked_link_is_not_found(cast, as_tess, client):
    first = make_link(as_tess)
    second = make_link(as_tess)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert as_tess.post(reverse("sessions_calendar_revoke")).status_code == 302
    assert client.get(second).status_code == 404
    assert SessionCalendar.objects.get(user=cast.tess).token_hash == ""
    assert AuditEvent.objects.filter(action=Action.SESSION_CALENDAR_CREATED).count() == 2
    assert AuditEvent.objects.filter(action=Action.SESSION_CALENDAR_REVOKED).count() == 1


def test_the_secret_is_kept_only_as_a_digest_and_shown_once(cast, as_tess):
    link = make_link(as_tess)
    raw = link.rsplit("/", 1)[1].removesuffix(".ics")
    assert raw not in SessionCalendar.objects.get(user=cast.tess).token_hash
    assert raw not in as_tess.get(reverse("therapist_home")).content.decode()


def test_a_therapist_who_left_has_no_feed(cast, as_tess, client):
    link = make_link(as_tess)
    cast.tess.is_active = False
    cast.tess.save()
    assert client.get(link).status_code == 404


def test_only_therapists_make_links_and_only_by_post(as_tess, as_cam, client):
    assert as_cam.post(reverse("sessions_calendar_create")).status_code in (403, 404)
    assert as_tess.get(reverse("sessions_calendar_create")).status_code == 405
    assert as_tess.get(reverse("sessions_calendar_revoke")).status_code == 405
    assert client.get(reverse("sessions_calendar_feed", args=["not-a-real-token"])).status_code == 404
