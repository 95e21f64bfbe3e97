"""The check-ins API: rhythm, check-ins (idempotent) and wins, inside the access rules and the one error
shape, and described by the OpenAPI document."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.checkins.models import CheckIn, GoalEntry
from accord.goals.actions import tick_step
from accord.goals.models import GoalStep
from tests.checkins.checkin_support import CALMER, agreed_goal, check_in, step

pytestmark = pytest.mark.django_db
API = "/api/v1"


def post(browser, url, body, method="post"):
    return getattr(browser, method)(url, json.dumps(body), content_type="application/json")


def entry(goal, **values):
    return {"goal_id": goal.pk, "value": 2, "progress": 6, "confidence": 7, **values}


@pytest.fixture
def walks(cast):
    return agreed_goal(cast)


def test_the_client_checks_in_once_per_key(as_cam, cast, walks):
    shoes = step(walks, GoalStep.Kind.ACTION)
    corner = step(walks, GoalStep.Kind.MILESTONE)
    body = {
        "idempotency_key": str(uuid.uuid4()),
        "entries": [entry(walks, steps_done=[shoes.pk], milestones_reached=[corner.pk], helped="Sun")],
        "agenda": "The weekend",
    }
    first = post(as_cam, f"{API}/clients/{cast.cam.pk}/checkins", body)
    assert first.status_code == 201, first.content
    made = first.json()
    assert made["entries"][0]["value"] == 2 and made["entries"][0]["steps"] == [
        {"step_id": shoes.pk, "done": True}
    ]
    assert [win["kind"] for win in made["celebrations"]] == ["milestone"]
    again = post(as_cam, f"{API}/clients/{cast.cam.pk}/checkins", body)
    assert again.status_code == 200 and again.json()["id"] == made["id"]
    assert CheckIn.objects.count() == 1


def test_check_ins_are_listed_and_read_by_the_client_and_the_care_team(as_cam, as_tess, cast, walks):
    done = check_in(cast.cam, [walks], value=1, progress=3)
    for browser in (as_cam, as_tess):
        listed = browser.get(f"{API}/clients/{cast.cam.pk}/checkins").json()
        assert listed["count"] == 1 and listed["items"][0]["id"] == done.checkin.pk
        one = browser.get(f"{API}/clients/{cast.cam.pk}/checkins/{done.checkin.pk}")
        assert one.status_code == 200 and one.json()["entries"][0]["progress"] == 3


def test_bad_values_answer_422_naming_the_field_and_store_nothing(as_cam, cast, walks):
    body = {"idempotency_key": str(uuid.uuid4()), "entries": [entry(walks, value=-1, progress=11)]}
    response = post(as_cam, f"{API}/clients/{cast.cam.pk}/checkins", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert f"goals.{walks.pk}.value" in errors and f"goals.{walks.pk}.progress" in errors
    assert not CheckIn.objects.exists() and not GoalEntry.objects.exists()


def test_a_goal_that_is_not_the_clients_is_not_found(as_cam, cast, walks):
    cleos = agreed_goal(cast, client=cast.cleo)
    body = {"idempotency_key": str(uuid.uuid4()), "entries": [entry(walks), entry(cleos)]}
    response = post(as_cam, f"{API}/clients/{cast.cam.pk}/checkins", body)
    assert response.status_code == 404 and response.json()["detail"] == "Not found."
    assert not CheckIn.objects.exists()


def test_a_goal_not_agreed_yet_is_refused(as_cam, cast, walks):
    from accord.goals.actions import propose_goal

    proposed = propose_goal(cast.cam, cast.tess, words="", **CALMER)
    body = {"idempotency_key": str(uuid.uuid4()), "entries": [entry(walks), entry(proposed)]}
    response = post(as_cam, f"{API}/clients/{cast.cam.pk}/checkins", body)
    assert response.status_code == 422 and "entries" in response.json()["errors"]


def test_only_the_client_checks_in(as_tess, cast, walks):
    body = {"idempotency_key": str(uuid.uuid4()), "entries": [entry(walks)]}
    response = post(as_tess, f"{API}/clients/{cast.cam.pk}/checkins", body)
    assert response.status_code == 403 and response.json()["detail"]


def test_outsiders_get_404_and_strangers_401(as_cleo, as_theo, as_casey, client, cast, walks):
    done = check_in(cast.cam, [walks], value=1)
    urls = [
        f"{API}/clients/{cast.cam.pk}/rhythm",
        f"{API}/clients/{cast.cam.pk}/checkins",
        f"{API}/clients/{cast.cam.pk}/checkins/{done.checkin.pk}",
        f"{API}/clients/{cast.cam.pk}/celebrations",
    ]
    for url in urls:
        for browser in (as_cleo, as_theo, as_casey):
            assert browser.get(url).status_code == 404, url
        assert client.get(url).status_code == 401
    body = {"idempotency_key": str(uuid.uuid4()), "entries": [entry(walks)]}
    assert post(as_casey, f"{API}/clients/{cast.cam.pk}/checkins", body).status_code == 404
    # Another client's check-in under one's own address is not found either.
    assert as_cleo.get(f"{API}/clients/{cast.cleo.pk}/checkins/{done.checkin.pk}").status_code == 404


def test_the_rhythm_is_read_and_changed_in_part(as_cam, as_tess, cast):
    read = as_cam.get(f"{API}/clients/{cast.cam.pk}/rhythm")
    assert read.status_code == 200 and len(read.json()["upcoming"]) == 4
    changed = post(
        as_cam, f"{API}/clients/{cast.cam.pk}/rhythm", {"weekday": 2, "time_of_day": "07:45"}, "patch"
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["weekday"], changed.json()["time_of_day"]) == (2, "07:45:00")
    bad = post(as_cam, f"{API}/clients/{cast.cam.pk}/rhythm", {"time_zone": "Nowhere/Land"}, "patch")
    assert bad.status_code == 422 and "time_zone" in bad.json()["errors"]
    therapist = post(as_tess, f"{API}/clients/{cast.cam.pk}/rhythm", {"reminders_on": False}, "patch")
    assert therapist.status_code == 403
    off = post(as_cam, f"{API}/clients/{cast.cam.pk}/rhythm", {"reminders_on": False}, "patch")
    assert off.json()["reminders_on"] is False


def test_wins_are_listed_and_the_therapist_adds_a_note(as_cam, as_tess, cast, walks):
    tick_step(step(walks, GoalStep.Kind.MILESTONE), cast.cam_user, done=True)
    listed = as_cam.get(f"{API}/clients/{cast.cam.pk}/celebrations").json()
    (win,) = listed["items"]
    assert win["kind"] == "milestone" and win["title"] == "Walk to the corner and back"
    url = f"{API}/clients/{cast.cam.pk}/celebrations/{win['id']}/note"
    noted = post(as_tess, url, {"note": "Proud of you"}, "put")
    assert noted.status_code == 200 and noted.json()["therapist_note"] == "Proud of you"
    assert post(as_cam, url, {"note": "Me too"}, "put").status_code == 403
    assert post(as_tess, url, {"note": ""}, "put").status_code == 422
    assert as_cam.get(f"{API}/clients/{cast.cam.pk}/celebrations").json()["items"][0]["therapist_note"] == (
        "Proud of you"
    )


def test_listing_check_ins_keeps_its_query_count(as_tess, cast, walks):
    url = f"{API}/clients/{cast.cam.pk}/checkins?limit=50"
    for _ in range(3):
        check_in(cast.cam, [walks], value=1)
    as_tess.get(url)
    with CaptureQueriesContext(connection) as few:
        as_tess.get(url)
    for _ in range(20):
        check_in(cast.cam, [walks], value=1)
    with CaptureQueriesContext(connection) as many:
        assert as_tess.get(url).json()["count"] == 23
    assert len(many) == len(few)


def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path in (
        "/api/v1/clients/{client_id}/rhythm",
        "/api/v1/clients/{client_id}/checkins",
        "/api/v1/clients/{client_id}/checkins/{checkin_id}",
        "/api/v1/clients/{client_id}/celebrations",
        "/api/v1/clients/{client_id}/celebrations/{celebration_id}/note",
    ):
        assert path in paths, path
