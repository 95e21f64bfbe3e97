"""The progress API: a goal's series with status and expected path, the status set by hand, the T-score
series, in-session reviews and divergence — inside the access rules, with the one error shape, and in the
OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from accord.api.api import api
from accord.checkins.models import ProgressRating
from accord.goals.actions import propose_goal
from accord.goals.models import GasRating, Party
from tests.progress.progress_support import START, WALKS_PLAN, add_values, planned_goal, rate_gas

pytestmark = pytest.mark.django_db
API = "/api/v1"


def post(browser, url, body):
    return browser.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def walks(cast):
    goal = planned_goal(cast)
    add_values(goal, [0.5, 1, 1.5], confidence=[6, 7, 7])
    return goal


# --- GET /goals/{id}/progress and /status ----------------------------------------------------------------


def test_a_goals_progress_has_the_series_the_plan_and_the_status(as_tess, as_cam, walks):
    for browser in (as_tess, as_cam):
        answer = browser.get(f"{API}/goals/{walks.pk}/progress")
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert body["goal_id"] == walks.pk
        assert [p["value"] for p in body["points"]] == [0.5, 1, 1.5]
        assert [p["on"] for p in body["points"]] == sorted(p["on"] for p in body["points"])
        plan = body["plan"]
        assert (plan["judged_on"], plan["baseline"], plan["target"], plan["start"]) == (
            "measure",
            0,
            3,
            START.isoformat(),
        )
        assert plan["y_range"] == [0, pytest.approx(3.6)]
        assert body["expected_path"] == [
            {"on": START.isoformat(), "value": 0},
            {"on": WALKS_PLAN["target_date"].isoformat(), "value": 3},
        ]
        assert len(body["entries"]) == 3 and body["entries"][0]["confidence"] == 6
        assert body["status"]["key"] in {"on_track", "behind", "stalled"}
        assert body["status"]["reason"] and body["status"]["set_by_hand"] is False
        assert body["divergences"] == []


def test_the_status_answers_with_the_reason(as_cam, walks):
    body = as_cam.get(f"{API}/goals/{walks.pk}/status").json()
    assert set(body) == {"key", "label", "reason", "fhir", "set_by_hand", "automatic"}
    assert body["automatic"]["key"] == body["key"]


def test_no_progress_before_agreement(cast, as_cam):
    proposal = propose_goal(cast.cam, cast.cam_user, words="Sleep better")
    for path in ("progress", "status"):
        answer = as_cam.get(f"{API}/goals/{proposal.pk}/{path}")
        assert answer.status_code == 404 and answer.json()["detail"] == "Not found."


@pytest.mark.parametrize("who", ["as_theo", "as_casey", "as_ada", "as_cleo"])
def test_progress_is_not_found_outside_the_care_team(request, walks, who):
    browser = request.getfixturevalue(who)
    for path in ("progress", "status"):
        assert browser.get(f"{API}/goals/{walks.pk}/{path}").status_code == 404


def test_progress_needs_a_sign_in(client, walks):
    answer = client.get(f"{API}/goals/{walks.pk}/progress")
    assert answer.status_code == 401 and "detail" in answer.json()


# --- POST /goals/{id}/status ----------------------------------------------------------------------------


def test_the_therapist_sets_the_status_by_hand_and_hands_it_back(as_tess, walks):
    answer = post(as_tess, f"{API}/goals/{walks.pk}/status", {"status": "sustaining"})
    assert answer.status_code == 200, answer.content
    assert (answer.json()["key"], answer.json()["fhir"], answer.json()["set_by_hand"]) == (
        "set_by_hand",
        "sustaining",
        True,
    )
    add_values(walks, [3], first_day=40)  # reaching the target changes nothing set by hand
    assert as_tess.get(f"{API}/goals/{walks.pk}/status").json()["fhir"] == "sustaining"
    answer = post(as_tess, f"{API}/goals/{walks.pk}/status", {"status": "automatic"})
    assert answer.json()["set_by_hand"] is False and answer.json()["key"] == "achieved"


def test_the_client_cannot_set_the_status(as_cam, walks):
    answer = post(as_cam, f"{API}/goals/{walks.pk}/status", {"status": "achieved"})
    assert answer.status_code == 404
    walks.refresh_from_db()
    assert not walks.achievement_set_by_hand


def test_a_status_outside_the_value_set_is_422_naming_the_field(as_tess, walks):
    answer = post(as_tess, f"{API}/goals/{walks.pk}/status", {"status": "nearly"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"status": ["Choose one of the statuses listed."]}
    assert post(as_tess, f"{API}/goals/{walks.pk}/status", {}).status_code == 422


def test_setting_a_status_before_agreement_is_not_found(cast, as_tess):
    proposal = propose_goal(cast.cam, cast.tess, words="", statement="Sleep better")
    assert post(as_tess, f"{API}/goals/{proposal.pk}/status", {"status": "achieved"}).status_code == 404
    proposal.refresh_from_db()
    assert not proposal.achievement_set_by_hand


# --- GET /clients/{id}/t-score-series -------------------------------------------------------------------


def test_the_t_score_series_has_each_partys_points_in_date_order(cast, as_tess, as_cam, walks):
    early, late = rate_gas(walks, Party.CLIENT, -1), rate_gas(walks, Party.CLIENT, 1)
    GasRating.objects.filter(pk=early.pk).update(rated_at=early.rated_at - dt.timedelta(days=7))
    rate_gas(walks, Party.THERAPIST, 0)
    for browser in (as_tess, as_cam):
        body = browser.get(f"{API}/clients/{cast.cam.pk}/t-score-series").json()
        assert body["goal_ids"] == [walks.pk]
        assert [round(p["t_score"]) for p in body["client"]] == [40, 60]
        assert [p["on"] for p in body["client"]] == sorted(p["on"] for p in body["client"])
        assert [round(p["t_score"]) for p in body["therapist"]] == [50]
        assert (round(body["low"]), round(body["high"]), body["rho"]) == (30, 70, 0.3)
    assert late.level == 1


def test_the_t_score_series_is_empty_without_goals_and_hidden_from_others(cast, as_tess, as_theo):
    body = as_tess.get(f"{API}/clients/{cast.cam.pk}/t-score-series").json()
    assert body["client"] == [] and body["baseline"] is None
    assert as_theo.get(f"{API}/clients/{cast.cam.pk}/t-score-series").status_code == 404


# --- POST /clients/{id}/reviews -------------------------------------------------------------------------


def test_a_review_records_each_partys_level_and_the_therapists_rating(cast, as_tess, walks):
    other = planned_goal(cast)
    body = {
        "goals": [
            {"goal_id": walks.pk, "client_level": 0, "therapist_level": -1, "therapist_progress": 6},
            {"goal_id": other.pk, "therapist_progress": 3, "note": "Not started"},
        ]
    }
    answer = post(as_tess, f"{API}/clients/{cast.cam.pk}/reviews", body)
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert sorted((r["party"], r["level"]) for r in made["gas_ratings"]) == [("client", 0), ("therapist", -1)]
    assert sorted(r["rating"] for r in made["progress_ratings"]) == [3, 6]
    told = GasRating.objects.get(goal=walks, party=Party.CLIENT)
    assert told.rated_by == cast.tess and "Said in session" in told.note


def test_one_refused_goal_stores_nothing_and_names_the_field(cast, as_tess, walks):
    other = planned_goal(cast)
    body = {
        "goals": [
            {"goal_id": walks.pk, "therapist_progress": 6},
            {"goal_id": other.pk, "client_level": 3},
        ]
    }
    answer = post(as_tess, f"{API}/clients/{cast.cam.pk}/reviews", body)
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"goals.1.client_level": ["Choose a level from −2 to +2."]}
    assert not ProgressRating.objects.exists() and not GasRating.objects.exists()


def test_an_empty_review_is_refused(cast, as_tess, walks):
    assert post(as_tess, f"{API}/clients/{cast.cam.pk}/reviews", {"goals": []}).status_code == 422
    answer = post(as_tess, f"{API}/clients/{cast.cam.pk}/reviews", {"goals": [{"goal_id": walks.pk}]})
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"goals.0": ["Record at least one level or rating first."]}


def test_a_review_of_a_closed_goal_is_400(cast, as_tess, walks):
    from accord.goals.actions import close_goal

    close_goal(walks, cast.tess, completed=True)
    body = {"goals": [{"goal_id": walks.pk, "therapist_progress": 6}]}
    answer = post(as_tess, f"{API}/clients/{cast.cam.pk}/reviews", body)
    assert answer.status_code == 400 and answer.json()["detail"] == "This goal is closed."


def test_another_clients_goal_is_not_found_in_a_review(cast, as_tess, walks):
    caseys = planned_goal(cast, client=cast.casey)
    body = {
        "goals": [
            {"goal_id": walks.pk, "therapist_progress": 6},
            {"goal_id": caseys.pk, "therapist_progress": 1},
        ]
    }
    assert post(as_tess, f"{API}/clients/{cast.cam.pk}/reviews", body).status_code == 404
    assert not ProgressRating.objects.exists()


@pytest.mark.parametrize("who", ["as_cam", "as_casey", "as_theo", "as_ada"])
def test_reviews_are_the_care_teams_only(request, cast, walks, who):
    body = {"goals": [{"goal_id": walks.pk, "therapist_progress": 6}]}
    assert post(request.getfixturevalue(who), f"{API}/clients/{cast.cam.pk}/reviews", body).status_code == 404
    assert not ProgressRating.objects.exists()


def test_a_token_works_like_the_session(cast, walks):
    from tests.api.conftest import token_client

    tess = token_client(cast.tess)
    assert tess.get(f"{API}/goals/{walks.pk}/progress").status_code == 200
    answer = tess.post(
        f"{API}/clients/{cast.cam.pk}/reviews", {"goals": [{"goal_id": walks.pk, "therapist_level": 0}]}
    )
    assert answer.status_code == 201


# --- the document ---------------------------------------------------------------------------------------


def test_the_operations_are_in_the_openapi_document_with_their_errors():
    paths = api.get_openapi_schema()["paths"]
    expected = {
        f"{API}/goals/{{goal_id}}/progress": {"get"},
        f"{API}/goals/{{goal_id}}/status": {"get", "post"},
        f"{API}/clients/{{client_id}}/t-score-series": {"get"},
        f"{API}/clients/{{client_id}}/reviews": {"post"},
        f"{API}/clients/{{client_id}}/divergence": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert {401, 404} <= set(paths[path][method]["responses"]), (path, method)
