"""The API never answers 500 to bad input (issue 12, points 2–4): each case a fuzzer found, reproduced.

Too-large integers and paging values, non-finite numbers, reused submission keys, oversized bodies and wrong
methods all answer the JSON error shape ``{"detail": …, "errors": {…}}`` with a documented status.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client as HttpClient

from accord.dialogue import actions as dialogue_actions
from accord.goals.actions import propose_goal
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

HUGE = 2**64 + 7


def _json_error(response, status: int | tuple[int, ...]):
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body["detail"], str) and isinstance(body["errors"], dict)
    return body


def _send(client, method: str, path: str, body):
    return getattr(client.http, method)(
        path, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=client.header
    )


@pytest.mark.parametrize("offset", [2**63, 2**64 + 1, 10**30])
def test_huge_paging_offset_is_refused_naming_the_field(cast, api_as, offset):
    body = _json_error(api_as("tess").get("/api/v1/clients", offset=offset), 422)
    assert "offset" in body["errors"]


def test_huge_paging_limit_is_refused_naming_the_field(cast, api_as):
    body = _json_error(api_as("tess").get(f"/api/v1/clients/{cast.cam.pk}/goals", limit=HUGE), 422)
    assert "limit" in body["errors"]


@pytest.mark.parametrize(
    "path", ["/api/v1/clients/{huge}", "/api/v1/goals/{huge}", "/api/v1/goals/{huge}/steps"]
)
def test_huge_ids_in_the_path_are_not_found(cast, api_as, path):
    _json_error(api_as("tess").get(path.format(huge=HUGE)), (404, 422))


def test_huge_theme_ids_are_refused_naming_the_field(cast, api_as):
    tess = api_as("tess")
    response = _send(
        tess, "post", f"/api/v1/clients/{cast.cam.pk}/goals", {"words": "Walk", "theme_ids": [HUGE]}
    )
    assert "theme_ids" in _json_error(response, 422)["errors"]


def test_huge_review_goal_id_is_refused(cast, api_as):
    body = {"goals": [{"goal_id": HUGE, "therapist_progress": 5}]}
    response = _send(api_as("tess"), "post", f"/api/v1/clients/{cast.cam.pk}/reviews", body)
    assert "goals.0.goal_id" in _json_error(response, 422)["errors"]


def test_huge_checkin_goal_id_is_refused(cast, api_as):
    body = {"idempotency_key": str(uuid.uuid4()), "entries": [{"goal_id": HUGE, "progress": 5}]}
    response = _send(api_as("cam"), "post", f"/api/v1/clients/{cast.cam.pk}/checkins", body)
    assert "entries.0.goal_id" in _json_error(response, 422)["errors"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused_naming_the_field(cast, api_as, number):
    raw = '{"words": "Walk more", "measure_kind": "count", "unit": "walks", "baseline": ' + number + "}"
    tess = api_as("tess")
    response = tess.http.post(
        f"/api/v1/clients/{cast.cam.pk}/goals",
        raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=tess.header,
    )
    assert "baseline" in _json_error(response, 422)["errors"]
    assert not cast.cam.goals.exists()


def test_message_key_reused_in_another_thread_does_not_crash_or_return_the_first(cast, api_as):
    goal = propose_goal(cast.cam, cast.cam_user, words="Walk to the park")
    general = dialogue_actions.general_thread(cast.cam)
    goal_thread = dialogue_actions.goal_thread(cast.cam, goal, cast.cam_user)
    key = str(uuid.uuid4())
    cam = api_as("cam")
    first = _send(
        cam,
        "post",
        f"/api/v1/clients/{cast.cam.pk}/threads/{general.pk}/messages",
        {"body": "Hi", "submission_key": key},
    )
    assert first.status_code == 201
    again = _send(
        cam,
        "post",
        f"/api/v1/clients/{cast.cam.pk}/threads/{general.pk}/messages",
        {"body": "Hi", "submission_key": key},
    )
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]  # a double submit
    other = _send(
        cam,
        "post",
        f"/api/v1/clients/{cast.cam.pk}/threads/{goal_thread.pk}/messages",
        {"body": "Yo", "submission_key": key},
    )
    _json_error(other, 409)


def test_agenda_key_reused_for_another_client_never_returns_the_first_clients_item(cast, api_as):
    tess = api_as("tess")
    key = str(uuid.uuid4())
    first = _send(
        tess, "post", f"/api/v1/clients/{cast.cam.pk}/agenda", {"text": "Sleep", "submission_key": key}
    )
    assert first.status_code == 201
    other = _send(
        tess, "post", f"/api/v1/clients/{cast.casey.pk}/agenda", {"text": "Work", "submission_key": key}
    )
    _json_error(other, 409)
    assert "Sleep" not in other.content.decode()


def test_goal_idea_key_reused_for_another_client_never_returns_the_first_clients_idea(cast, api_as):
    tess = api_as("tess")
    key = str(uuid.uuid4())
    first = _send(
        tess, "post", f"/api/v1/clients/{cast.cam.pk}/goal-ideas", {"text": "Swim", "submission_key": key}
    )
    assert first.status_code == 201
    other = _send(
        tess, "post", f"/api/v1/clients/{cast.casey.pk}/goal-ideas", {"text": "Run", "submission_key": key}
    )
    _json_error(other, 409)
    assert "Swim" not in other.content.decode()


def test_a_body_over_the_limit_gets_the_json_error_shape(cast, api_as, settings):
    tess = api_as("tess")
    big = json.dumps({"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440) + "x"})
    response = tess.http.post(
        f"/api/v1/clients/{cast.cam.pk}/agenda",
        big,
        content_type="application/json",
        HTTP_AUTHORIZATION=tess.header,
    )
    _json_error(response, (400, 413))


def test_a_wrong_method_gets_a_json_405(cast, api_as):
    tess = api_as("tess")
    response = tess.http.delete(f"/api/v1/clients/{cast.cam.pk}/goals", HTTP_AUTHORIZATION=tess.header)
    _json_error(response, 405)
    assert "GET" in response["Allow"]


def test_anonymous_wrong_method_is_json_too():
    response = HttpClient().put("/api/v1/me")
    assert response["Content-Type"].startswith("application/json")
    assert response.status_code in (401, 405)


def test_every_operation_documents_its_error_statuses():
    from accord.api.api import api

    schema = api.get_openapi_schema()
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            documented = {str(status) for status in operation["responses"]}
            for status in ("401", "404", "405", "413", "422"):
                if status not in documented:
                    missing.append(f"{method.upper()} {path}: {status}")
    assert not missing, "\n".join(missing[:30])


def test_token_client_helper_still_works(cast):
    assert token_client(cast.tess).get("/api/v1/me").status_code == 200
