"""Sessions as records: planning (page and API), marking held, cancelled or missed, the time split."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.appointments import actions
from accord.appointments.models import Session, SessionState
from accord.audit.models import AuditEvent
from tests.appointments.support import planned_session

pytestmark = pytest.mark.django_db


def test_two_taps_add_the_next_session_from_the_client_page(cast, as_tess):
    page = as_tess.get(reverse("client_page", args=[cast.cam.pk]))
    assert page.status_code == 200 and reverse("appointment_add", args=[cast.cam.pk]) in page.content.decode()
    response = as_tess.post(reverse("appointment_add", args=[cast.cam.pk]), {"back": "client"})
    assert response.status_code == 302 and response.url == reverse("client_page", args=[cast.cam.pk])
    session = Session.objects.get(client=cast.cam)
    assert session.state == SessionState.PLANNED and session.minutes == 50
    assert session.starts_at > timezone.now()
    assert AuditEvent.objects.filter(action="session.planned", client=cast.cam).exists()
    # Again: a week after that one, same time.
    as_tess.post(reverse("appointment_add", args=[cast.cam.pk]), {"back": "review"})
    later = Session.objects.filter(client=cast.cam).order_by("-starts_at").first()
    assert later.starts_at - session.starts_at == dt.timedelta(weeks=1)


def test_the_review_offers_it_too(cast, as_tess):
    page = as_tess.get(reverse("client_review", args=[cast.cam.pk])).content.decode()
    assert reverse("appointment_add", args=[cast.cam.pk]) in page


def test_the_time_is_the_therapists_own_wall_clock_time(cast, as_tess):
    cast.tess.time_zone = "America/New_York"
    cast.tess.save()
    as_tess.post(
        reverse("appointment_add", args=[cast.cam.pk]), {"starts_at": "2026-07-01T17:00", "minutes": "50"}
    )
    session = Session.objects.get(client=cast.cam)
    assert session.starts_at == dt.datetime(2026, 7, 1, 21, 0, tzinfo=dt.UTC)


def test_the_next_suggestion_is_a_week_after_the_latest_session(cast):
    first = planned_session(cast.cam, cast.tess, in_days=2)
    start, minutes = actions.suggest_next(cast.cam, cast.tess)
    assert start.astimezone(dt.UTC) == first.starts_at.replace(
        second=start.second, microsecond=0
    ) + dt.timedelta(weeks=1) or abs((start - first.starts_at) - dt.timedelta(weeks=1)) < dt.timedelta(
        minutes=1
    )
    assert minutes == 50


def test_bad_input_is_refused_and_nothing_is_saved(cast, as_tess):
    url = reverse("appointment_add", args=[cast.cam.pk])
    as_tess.post(url, {"starts_at": "not a date", "minutes": "50"})
    as_tess.post(url, {"starts_at": "2026-07-01T17:00", "minutes": "5"})
    assert not Session.objects.exists()


def test_wrong_method_and_other_people_are_refused(cast, as_tess, as_cam, as_theo, as_ada):
    url = reverse("appointment_add", args=[cast.cam.pk])
    data = {"starts_at": "2026-07-01T17:00", "minutes": "50"}
    assert as_tess.get(url).status_code == 405
    assert as_cam.post(url, data).status_code == 404
    assert as_theo.post(url, data).status_code == 404
    assert as_ada.post(url, data).status_code == 404
    assert not Session.objects.exists()


def test_a_session_is_marked_held_once_it_has_started(cast, as_tess):
    future = planned_session(cast.cam, cast.tess, in_days=1)
    url = reverse("appointment_state", args=[cast.cam.pk, future.pk])
    as_tess.post(url, {"state": "held"})
    future.refresh_from_db()
    assert future.state == SessionState.PLANNED
    past = actions.plan_session(cast.cam, cast.tess, starts_at=timezone.now() - dt.timedelta(hours=2))
    as_tess.post(reverse("appointment_state", args=[cast.cam.pk, past.pk]), {"state": "held"})
    past.refresh_from_db()
    assert past.state == SessionState.HELD
    assert as_tess.post(url, {"state": "nonsense"}).status_code == 302


def test_another_clients_session_is_not_found(cast, as_tess):
    caseys = planned_session(cast.casey, cast.tess)
    response = as_tess.post(
        reverse("appointment_state", args=[cast.cam.pk, caseys.pk]), {"state": "cancelled"}
    )
    assert response.status_code == 404


def test_the_time_split_is_saved_and_may_not_exceed_the_session(cast, as_tess):
    session = planned_session(cast.cam, cast.tess)
    url = reverse("appointment_split", args=[cast.cam.pk, session.pk])
    as_tess.post(url, {"agenda": "30", "review": "30", "next": "30"})
    session.refresh_from_db()
    assert session.time_split == {}
    as_tess.post(url, {"agenda": "10", "review": "25", "next": "15"})
    session.refresh_from_db()
    assert session.time_split == {"agenda": 10, "review": 25, "next": 15}


# --- the API ----------------------------------------------------------------------------------------------


def test_the_api_plans_lists_and_marks_sessions(cast, as_tess):
    base = f"/api/v1/clients/{cast.cam.pk}/sessions"
    created = as_tess.post(
        base, {"starts_at": "2026-07-01T17:00:00+01:00", "minutes": 45}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["starts_at"].startswith("2026-07-01T16:00") and body["minutes"] == 45
    listed = as_tess.get(base).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    refused = as_tess.post(f"{base}/{body['id']}/state", {"state": "held"}, content_type="application/json")
    assert refused.status_code in (200, 422)
    cancelled = as_tess.post(
        f"{base}/{body['id']}/state", {"state": "cancelled"}, content_type="application/json"
    )
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"


def test_the_api_names_the_field_of_bad_input(cast, as_tess):
    base = f"/api/v1/clients/{cast.cam.pk}/sessions"
    response = as_tess.post(base, {"starts_at": "soon"}, content_type="application/json")
    assert response.status_code == 422 and "starts_at" in response.json()["errors"]


def test_clients_and_other_practices_never_see_sessions_in_the_api(cast, as_cam, as_theo):
    base = f"/api/v1/clients/{cast.cam.pk}/sessions"
    assert as_cam.get(base).status_code == 404
    assert as_theo.get(base).status_code == 404
