"""The goals API: every operation's happy path, the access guard, bad input and the OpenAPI document."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as BrowserClient
from django.test.utils import CaptureQueriesContext

from accord.audit.models import Action, AuditEvent
from accord.goals.actions import accept_goal, add_theme, propose_goal, rate_gas, revise_goal
from accord.goals.models import AgreementEvent, Goal, LifecycleStatus

API = "/api/v1"
JSON = "application/json"

WALK = {
    "statement": "Go for a walk outside at least 3 times a week, 20 minutes or more, by the end of March",
    "measure_kind": "count_per_week",
    "unit": "walks",
    "baseline": 0,
    "target": 3,
    "direction": "increase",
    "milestones": ["Walk to the end of the road and back", "Walk to the park"],
    "action_steps": ["Shoes by the door on Friday night"],
    "gas_0": "Three walks a week",
}


def post(browser: BrowserClient, url: str, body: dict | None = None):
    return browser.post(f"{API}{url}", body if body is not None else {}, content_type=JSON)


def patch(browser: BrowserClient, url: str, body: dict):
    return browser.patch(f"{API}{url}", body, content_type=JSON)


def put(browser: BrowserClient, url: str, body: dict):
    return browser.put(f"{API}{url}", body, content_type=JSON)


def get(browser: BrowserClient, url: str):
    return browser.get(f"{API}{url}")


def errors_of(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body["errors"]


@pytest.fixture
def goal(cast) -> Goal:
    """Cam's own proposal, waiting for Tess."""
    return propose_goal(cast.cam, cast.cam_user, words="I want to stop hiding at home all weekend")


@pytest.fixture
def agreed(cast, goal) -> Goal:
    revise_goal(goal, cast.tess, WALK, reason="Made it SMART together")
    goal.refresh_from_db()
    accept_goal(goal, cast.cam_user, version_number=2)
    goal.refresh_from_db()
    return goal


# --- listing and proposing ---------------------------------------------------------------------------------


def test_a_therapist_lists_a_clients_goals_oldest_first(cast, as_tess, goal):
    second = propose_goal(cast.cam, cast.tess, words="Be in bed by midnight on work nights")
    response = get(as_tess, f"/clients/{cast.cam.pk}/goals")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [goal.pk, second.pk]
    first = body["items"][0]
    assert first["client_words"] == "I want to stop hiding at home all weekend"
    assert first["waiting_for"] == ["therapist"]
    assert first["current_version"]["number"] == 1


def test_the_list_filters_by_lifecycle_status(cast, as_cam, goal, agreed):
    propose_goal(cast.cam, cast.cam_user, words="Sleep more")
    response = get(as_cam, f"/clients/{cast.cam.pk}/goals?status=active")
    assert [item["id"] for item in response.json()["items"]] == [agreed.pk]
    assert get(as_cam, f"/clients/{cast.cam.pk}/goals?status=proposed").json()["count"] == 1


def test_the_list_shows_what_waits_for_each_party(cast, as_tess, goal):
    mine = propose_goal(cast.cam, cast.tess, words="Be in bed by midnight on work nights")
    response = get(as_tess, f"/clients/{cast.cam.pk}/goals?waiting_for=therapist")
    assert [item["id"] for item in response.json()["items"]] == [goal.pk]
    response = get(as_tess, f"/clients/{cast.cam.pk}/goals?waiting_for=client")
    assert [item["id"] for item in response.json()["items"]] == [mine.pk]


def test_the_list_refuses_an_unknown_status(cast, as_cam):
    response = get(as_cam, f"/clients/{cast.cam.pk}/goals?status=finished")
    assert response.status_code == 422
    assert "status" in errors_of(response)


def test_a_client_proposes_a_goal_in_her_own_words(cast, as_cam):
    response = post(as_cam, f"/clients/{cast.cam.pk}/goals", {"words": "  I want to feel less on edge  "})
    assert response.status_code == 201
    body = response.json()
    assert body["client_words"] == "I want to feel less on edge"
    assert body["current_version"]["statement"] == "I want to feel less on edge"
    assert body["lifecycle_status"] == "proposed"
    assert body["proposed_by_party"] == "client"
    assert body["client_accepted_version"] == 1
    assert body["therapist_accepted_version"] is None
    assert body["waiting_for"] == ["therapist"]
    assert AuditEvent.objects.filter(action=Action.GOAL_PROPOSED, client=cast.cam).count() == 1


def test_a_therapist_proposes_a_structured_goal_linked_to_a_need(cast, as_tess):
    need = add_theme(cast.cam, cast.tess, kind="need", text="Feel less alone at weekends")
    body = {"words": "Walk more", **WALK, "theme_ids": [need.pk], "life_area": "daily_life"}
    response = post(as_tess, f"/clients/{cast.cam.pk}/goals", body)
    assert response.status_code == 201
    goal = response.json()
    assert goal["client_words"] == ""  # a therapist's sentence is not the client's words
    version = goal["current_version"]
    assert version["statement"] == WALK["statement"]
    assert version["theme_ids"] == [need.pk]
    assert version["measure_kind"] == "count_per_week"
    assert version["target"] == 3
    assert [step["text"] for step in goal["steps"]] == [*WALK["milestones"], *WALK["action_steps"]]
    assert goal["waiting_for"] == ["client"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "words"),
        ({"words": "   "}, "words"),
        ({"words": "Walk", "measure_kind": "steps"}, "measure_kind"),
        ({"words": "Walk", "gas_baseline_level": 3}, "gas_baseline_level"),
        ({"words": "Walk", "review_every_weeks": 0}, "review_every_weeks"),
        ({"words": "Walk", "milestones": ["x" * 301]}, "milestones.0"),
    ],
)
def test_proposing_refuses_bad_input_naming_the_field(cast, as_cam, body, field):
    response = post(as_cam, f"/clients/{cast.cam.pk}/goals", body)
    assert response.status_code == 422
    assert field in errors_of(response)
    assert not Goal.objects.exists()


def test_a_goal_cannot_link_to_another_clients_theme(cast, as_tess):
    caseys = add_theme(cast.casey, cast.tess, kind="value", text="Family")
    response = post(as_tess, f"/clients/{cast.cam.pk}/goals", {"words": "Walk", "theme_ids": [caseys.pk]})
    assert response.status_code == 400
    assert list(errors_of(response)) == ["theme_ids"]
    assert not Goal.objects.exists()


# --- one goal, editing and agreement -----------------------------------------------------------------------


def test_the_goal_shows_where_agreement_stands(cast, as_cam, agreed):
    rate_gas(agreed, cast.cam_user, level=-1)
    rate_gas(agreed, cast.tess, level=0, note="Two walks")
    rate_gas(agreed, cast.cam_user, level=0)
    response = get(as_cam, f"/goals/{agreed.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["agreed"] is True
    assert body["agreed_version"] == 2
    assert body["client_accepted_version"] == body["therapist_accepted_version"] == 2
    assert body["waiting_for"] == []
    assert body["lifecycle_status"] == "active"
    assert body["client_words"] == "I want to stop hiding at home all weekend"
    assert body["latest_gas"]["client"]["level"] == 0
    assert body["latest_gas"]["therapist"]["note"] == "Two walks"
    assert body["latest_readiness"] is None
    assert [s["kind"] for s in body["steps"]] == ["milestone", "milestone", "action"]


def test_an_edit_makes_a_new_version_and_asks_the_other_party(cast, as_tess, goal):
    response = patch(as_tess, f"/goals/{goal.pk}", {**WALK, "reason": "Made it SMART", "version": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["current_version"]["number"] == 2
    assert body["current_version"]["reason"] == "Made it SMART"
    assert body["current_version"]["created_by_party"] == "therapist"
    assert body["waiting_for"] == ["client"]
    assert body["client_words"] == "I want to stop hiding at home all weekend"


def test_an_edit_changes_only_the_fields_sent(cast, as_tess, agreed):
    response = patch(as_tess, f"/goals/{agreed.pk}", {"target": 4})
    version = response.json()["current_version"]
    assert version["target"] == 4
    assert version["statement"] == WALK["statement"]
    assert version["milestones"] == WALK["milestones"]
    assert response.json()["agreed"] is False
    assert response.json()["agreed_version"] == 2


def test_an_empty_string_clears_a_choice_and_null_a_number(cast, as_tess, agreed):
    response = patch(as_tess, f"/goals/{agreed.pk}", {"measure_kind": "", "baseline": None})
    assert response.status_code == 200
    assert response.json()["current_version"]["measure_kind"] == ""
    assert response.json()["current_version"]["baseline"] is None


def test_the_client_changes_her_own_words_without_a_new_version(cast, as_cam, goal):
    response = patch(as_cam, f"/goals/{goal.pk}", {"client_words": "I want my weekends back"})
    assert response.status_code == 200
    assert response.json()["client_words"] == "I want my weekends back"
    assert response.json()["current_version"]["number"] == 1


def test_the_therapist_cannot_change_the_clients_words_and_nothing_is_half_saved(cast, as_tess, goal):
    response = patch(as_tess, f"/goals/{goal.pk}", {"statement": "Walk", "client_words": "Mine now"})
    assert response.status_code == 400
    assert list(errors_of(response)) == ["client_words"]
    goal.refresh_from_db()
    assert goal.client_words == "I want to stop hiding at home all weekend"
    assert goal.versions.count() == 1


def test_an_edit_that_changes_nothing_is_refused(cast, as_tess, goal):
    response = patch(as_tess, f"/goals/{goal.pk}", {"statement": goal.current_version.statement})
    assert response.status_code == 400
    assert "Nothing has changed" in response.json()["detail"]


def test_an_edit_based_on_an_old_version_is_a_conflict(cast, as_cam, as_tess, goal):
    assert patch(as_tess, f"/goals/{goal.pk}", {"statement": "Walk twice", "version": 1}).status_code == 200
    response = patch(as_cam, f"/goals/{goal.pk}", {"statement": "Walk once", "version": 1})
    assert response.status_code == 409
    assert list(errors_of(response)) == ["version"]
    assert Goal.objects.get(pk=goal.pk).current_version.statement == "Walk twice"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"statement": ""}, "statement"),
        ({"target_date": "March"}, "target_date"),
        ({"version": "x"}, "version"),
    ],
)
def test_an_edit_refuses_bad_values(cast, as_tess, goal, body, field):
    response = patch(as_tess, f"/goals/{goal.pk}", body)
    assert response.status_code == 422
    assert field in errors_of(response)


def test_a_closed_goal_cannot_be_edited(cast, as_tess, agreed):
    assert post(as_tess, f"/goals/{agreed.pk}/complete").status_code == 200
    response = patch(as_tess, f"/goals/{agreed.pk}", {"statement": "Walk every day"})
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]


def test_accepting_the_same_version_makes_the_goal_agreed(cast, as_tess, goal):
    response = post(as_tess, f"/goals/{goal.pk}/accept", {"version": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["agreed"] is True
    assert body["lifecycle_status"] == "active"
    assert body["agreed_version"] == 1


def test_accepting_a_stale_version_is_a_conflict(cast, as_cam, goal):
    revise_goal(goal, cast.tess, {"statement": "Walk twice a week"})
    response = post(as_cam, f"/goals/{goal.pk}/accept", {"version": 1})
    assert response.status_code == 409
    assert list(errors_of(response)) == ["version"]
    assert not Goal.objects.get(pk=goal.pk).is_agreed


def test_accept_needs_a_version(cast, as_tess, goal):
    response = post(as_tess, f"/goals/{goal.pk}/accept", {})
    assert response.status_code == 422
    assert "version" in errors_of(response)


def test_declining_keeps_the_goal_with_the_comment(cast, as_tess, goal):
    response = post(as_tess, f"/goals/{goal.pk}/decline", {"comment": "Let's make it smaller"})
    assert response.status_code == 200
    assert response.json()["lifecycle_status"] == "rejected"
    assert response.json()["last_declined_by"] == "therapist"
    assert AgreementEvent.objects.filter(
        goal=goal, decision="declined", comment="Let's make it smaller"
    ).exists()


@pytest.mark.parametrize(("body", "status"), [({"comment": "   "}, 400), ({}, 422)])
def test_declining_needs_a_comment(cast, as_tess, goal, body, status):
    response = post(as_tess, f"/goals/{goal.pk}/decline", body)
    assert response.status_code == status
    assert "comment" in errors_of(response)
    assert Goal.objects.get(pk=goal.pk).lifecycle_status == LifecycleStatus.PROPOSED


def test_parking_and_resuming(cast, as_cam, goal):
    response = post(as_cam, f"/goals/{goal.pk}/park", {"comment": "not now — after the move"})
    assert response.status_code == 200
    assert response.json()["lifecycle_status"] == "on-hold"
    assert response.json()["waiting_for"] == []
    assert post(as_cam, f"/goals/{goal.pk}/park").status_code == 400  # already parked
    response = post(as_cam, f"/goals/{goal.pk}/resume")
    assert response.status_code == 200
    assert response.json()["lifecycle_status"] == "proposed"
    assert post(as_cam, f"/goals/{goal.pk}/resume").status_code == 400  # not parked


def test_parking_without_a_body(cast, as_tess, goal):
    response = as_tess.post(f"{API}/goals/{goal.pk}/park", content_type=JSON)
    assert response.status_code == 200
    assert response.json()["lifecycle_status"] == "on-hold"


def test_the_proposer_withdraws_her_proposal(cast, as_cam, as_tess, goal):
    response = post(as_tess, f"/goals/{goal.pk}/withdraw", {"comment": "Not mine"})
    assert response.status_code == 400
    assert "proposed" in response.json()["detail"]
    response = post(as_cam, f"/goals/{goal.pk}/withdraw", {"comment": "Changed my mind"})
    assert response.status_code == 200
    assert response.json()["lifecycle_status"] == "cancelled"


def test_the_therapist_completes_an_agreed_goal(cast, as_cam, as_tess, agreed):
    assert post(as_cam, f"/goals/{agreed.pk}/complete").status_code == 400
    response = post(as_tess, f"/goals/{agreed.pk}/complete", {"comment": "Walking most days now"})
    assert response.status_code == 200
    assert response.json()["lifecycle_status"] == "completed"
    assert response.json()["achievement_status"] == "achieved"
    assert post(as_tess, f"/goals/{agreed.pk}/complete").status_code == 400  # already closed


def test_the_therapist_retires_a_goal(cast, as_tess, agreed):
    response = post(as_tess, f"/goals/{agreed.pk}/cancel", {"comment": "No longer fits"})
    assert response.status_code == 200
    assert response.json()["lifecycle_status"] == "cancelled"
    assert AuditEvent.objects.filter(action=Action.GOAL_CANCELLED, object_id=str(agreed.pk)).exists()


# --- versions and diff --------------------------------------------------------------------------------------


def test_versions_are_listed_oldest_first(cast, as_cam, agreed):
    response = get(as_cam, f"/goals/{agreed.pk}/versions")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [v["number"] for v in body["items"]] == [1, 2]
    assert body["items"][1]["created_by"]["name"] == cast.tess.full_name


def test_one_version(cast, as_cam, agreed):
    response = get(as_cam, f"/goals/{agreed.pk}/versions/1")
    assert response.status_code == 200
    assert response.json()["statement"] == "I want to stop hiding at home all weekend"
    assert get(as_cam, f"/goals/{agreed.pk}/versions/9").status_code == 404


def test_the_diff_names_what_changed(cast, as_cam, agreed):
    response = get(as_cam, f"/goals/{agreed.pk}/diff?from=1&to=2")
    assert response.status_code == 200
    body = response.json()
    assert (body["from_version"], body["to_version"]) == (1, 2)
    changes = {change["field"]: change for change in body["changes"]}
    assert changes["statement"]["before"] == "I want to stop hiding at home all weekend"
    assert changes["statement"]["after"] == WALK["statement"]
    assert changes["target"]["after"] == "3"
    assert "life_area" not in changes


@pytest.mark.parametrize(
    ("query", "status"), [("?from=1", 422), ("?from=1&to=7", 404), ("?from=a&to=2", 422)]
)
def test_the_diff_refuses_bad_version_numbers(cast, as_cam, agreed, query, status):
    assert get(as_cam, f"/goals/{agreed.pk}/diff{query}").status_code == status


# --- steps -----------------------------------------------------------------------------------------------


def test_steps_are_listed_and_ticked_by_either_party(cast, as_cam, as_tess, agreed):
    steps = get(as_cam, f"/goals/{agreed.pk}/steps").json()
    assert steps["count"] == 3
    first = steps["items"][0]
    assert (first["text"], first["done"]) == ("Walk to the end of the road and back", False)
    response = post(as_cam, f"/goals/{agreed.pk}/steps/{first['id']}/tick", {"done": True})
    assert response.status_code == 200
    assert response.json()["done"] is True
    assert response.json()["done_by"]["name"] == "Cam"
    response = post(as_tess, f"/goals/{agreed.pk}/steps/{first['id']}/tick", {"done": False})
    assert response.json()["done"] is False
    assert response.json()["done_at"] is None


def test_dropped_steps_are_listed_only_when_asked(cast, as_tess, agreed):
    revise_goal(agreed, cast.tess, {"action_steps": []})
    assert get(as_tess, f"/goals/{agreed.pk}/steps").json()["count"] == 2
    everything = get(as_tess, f"/goals/{agreed.pk}/steps?include_dropped=true").json()
    assert everything["count"] == 3
    dropped = next(s for s in everything["items"] if not s["is_current"])
    response = post(as_tess, f"/goals/{agreed.pk}/steps/{dropped['id']}/tick", {"done": True})
    assert response.status_code == 400


def test_a_step_of_another_goal_is_not_found(cast, as_cam, agreed):
    other = propose_goal(cast.cam, cast.cam_user, words="Sleep", milestones=["Phone out of the bedroom"])
    step = other.steps.get()
    response = post(as_cam, f"/goals/{agreed.pk}/steps/{step.pk}/tick", {"done": True})
    assert response.status_code == 404
    assert post(as_cam, f"/goals/{agreed.pk}/steps/{step.pk}/tick", {}).status_code == 422


# --- ratings ------------------------------------------------------------------------------------------------


def test_both_parties_rate_gas_and_both_are_kept(cast, as_cam, as_tess, agreed):
    response = post(as_cam, f"/goals/{agreed.pk}/gas-ratings", {"level": -1, "note": "One walk"})
    assert response.status_code == 201
    assert response.json()["party"] == "client"
    assert response.json()["version"] == 2
    assert post(as_tess, f"/goals/{agreed.pk}/gas-ratings", {"level": 0}).status_code == 201
    listed = get(as_cam, f"/goals/{agreed.pk}/gas-ratings").json()
    assert [(r["party"], r["level"]) for r in listed["items"]] == [("client", -1), ("therapist", 0)]


@pytest.mark.parametrize("level", [5, -3, "high"])
def test_a_gas_level_outside_minus_two_to_two_is_refused(cast, as_cam, agreed, level):
    response = post(as_cam, f"/goals/{agreed.pk}/gas-ratings", {"level": level})
    assert response.status_code == 422
    assert "level" in errors_of(response)


def test_gas_ratings_wait_for_agreement(cast, as_cam, goal):
    response = post(as_cam, f"/goals/{goal.pk}/gas-ratings", {"level": 0})
    assert response.status_code == 400
    assert list(errors_of(response)) == ["level"]


def test_importance_and_difficulty_are_kept_apart(cast, as_cam, as_tess, agreed):
    response = put(as_cam, f"/goals/{agreed.pk}/ratings", {"importance": 3})
    assert response.status_code == 200
    assert response.json()["client_importance"] == 3
    response = put(as_tess, f"/goals/{agreed.pk}/ratings", {"importance": 1, "difficulty": 2})
    assert response.json() == {
        "client_importance": 3,
        "therapist_importance": 1,
        "therapist_difficulty": 2,
        "gas_weight": 6,
    }


def test_only_the_therapist_rates_difficulty(cast, as_cam, agreed):
    response = put(as_cam, f"/goals/{agreed.pk}/ratings", {"difficulty": 1})
    assert response.status_code == 400
    assert list(errors_of(response)) == ["difficulty"]


@pytest.mark.parametrize("body", [{"importance": 4}, {"difficulty": -1}])
def test_ratings_outside_zero_to_three_are_refused(cast, as_tess, agreed, body):
    response = put(as_tess, f"/goals/{agreed.pk}/ratings", body)
    assert response.status_code == 422
    assert set(errors_of(response)) == set(body)


def test_readiness_is_recorded_over_time(cast, as_cam, agreed):
    response = post(as_cam, f"/goals/{agreed.pk}/readiness", {"importance": 8, "confidence": 7})
    assert response.status_code == 201
    assert (response.json()["importance"], response.json()["scale_max"]) == (8, 10)
    post(as_cam, f"/goals/{agreed.pk}/readiness", {"importance": 9, "confidence": 8})
    assert get(as_cam, f"/goals/{agreed.pk}/readiness").json()["count"] == 2
    assert get(as_cam, f"/goals/{agreed.pk}").json()["latest_readiness"]["confidence"] == 8


@pytest.mark.parametrize("body", [{"importance": 11, "confidence": 5}, {"importance": 5}])
def test_readiness_outside_zero_to_ten_is_refused(cast, as_cam, agreed, body):
    response = post(as_cam, f"/goals/{agreed.pk}/readiness", body)
    assert response.status_code == 422
    assert set(errors_of(response)) & {"importance", "confidence"}


# --- T-score and themes ------------------------------------------------------------------------------------


def test_the_t_score_shows_baseline_and_now_for_each_party(cast, as_cam, agreed):
    rate_gas(agreed, cast.cam_user, level=0)
    response = get(as_cam, f"/clients/{cast.cam.pk}/t-score")
    assert response.status_code == 200
    body = response.json()
    assert body["rho"] == 0.3
    assert body["formula"].startswith("T = 50")
    assert body["goals"] == [
        {
            "id": agreed.pk,
            "statement": WALK["statement"],
            "baseline_level": -1,
            "client_importance": None,
            "therapist_difficulty": None,
            "weight": 1,
        }
    ]
    assert body["client"]["baseline"]["t_score"] == pytest.approx(40.0)
    assert body["client"]["now"]["t_score"] == pytest.approx(50.0)
    assert body["client"]["now"]["goals"] == [{"goal_id": agreed.pk, "level": 0, "weight": 1.0}]
    assert body["therapist"]["now"]["t_score"] is None
    assert body["therapist"]["now"]["left_out_goal_ids"] == [agreed.pk]
    assert body["therapist"]["rated_goals"] == 0


def test_the_t_score_without_agreed_goals(cast, as_tess, goal):
    body = get(as_tess, f"/clients/{cast.cam.pk}/t-score").json()
    assert (body["goals"], body["client"], body["therapist"]) == ([], None, None)


def test_themes_are_added_by_either_party_and_listed(cast, as_cam, as_tess):
    response = post(as_cam, f"/clients/{cast.cam.pk}/themes", {"kind": "value", "text": "Being outdoors"})
    assert response.status_code == 201
    assert response.json()["added_by"]["name"] == "Cam"
    post(as_tess, f"/clients/{cast.cam.pk}/themes", {"kind": "strength", "text": "Keeps going"})
    again = post(as_tess, f"/clients/{cast.cam.pk}/themes", {"kind": "value", "text": "Being outdoors"})
    assert again.json()["id"] == response.json()["id"]
    listed = get(as_tess, f"/clients/{cast.cam.pk}/themes").json()
    assert [(t["kind"], t["text"]) for t in listed["items"]] == [
        ("strength", "Keeps going"),
        ("value", "Being outdoors"),
    ]
    assert get(as_tess, f"/clients/{cast.cam.pk}/themes?kind=value").json()["count"] == 1


@pytest.mark.parametrize(
    ("body", "field"), [({"kind": "value", "text": " "}, "text"), ({"kind": "wish", "text": "x"}, "kind")]
)
def test_a_theme_needs_a_kind_and_words(cast, as_cam, body, field):
    response = post(as_cam, f"/clients/{cast.cam.pk}/themes", body)
    assert response.status_code == 422
    assert field in errors_of(response)


# --- the access guard --------------------------------------------------------------------------------------

# Every goals operation, with a valid body, addressed at Cam's goal (or Cam herself).
OPERATIONS = [
    ("get", "/clients/{client}/goals", None),
    ("post", "/clients/{client}/goals", {"words": "Walk"}),
    ("get", "/goals/{goal}", None),
    ("patch", "/goals/{goal}", {"statement": "Walk twice"}),
    ("post", "/goals/{goal}/accept", {"version": 1}),
    ("post", "/goals/{goal}/decline", {"comment": "No"}),
    ("post", "/goals/{goal}/park", {"comment": "Later"}),
    ("post", "/goals/{goal}/resume", None),
    ("post", "/goals/{goal}/withdraw", {}),
    ("post", "/goals/{goal}/complete", {}),
    ("post", "/goals/{goal}/cancel", {}),
    ("get", "/goals/{goal}/versions", None),
    ("get", "/goals/{goal}/versions/1", None),
    ("get", "/goals/{goal}/diff?from=1&to=1", None),
    ("get", "/goals/{goal}/steps", None),
    ("post", "/goals/{goal}/steps/{step}/tick", {"done": True}),
    ("get", "/goals/{goal}/gas-ratings", None),
    ("post", "/goals/{goal}/gas-ratings", {"level": 0}),
    ("put", "/goals/{goal}/ratings", {"importance": 2}),
    ("get", "/goals/{goal}/readiness", None),
    ("post", "/goals/{goal}/readiness", {"importance": 5, "confidence": 5}),
    ("get", "/clients/{client}/t-score", None),
    ("get", "/clients/{client}/themes", None),
    ("post", "/clients/{client}/themes", {"kind": "need", "text": "Rest"}),
]


def call(browser: BrowserClient, method: str, url: str, body: dict | None):
    if method == "get":
        return browser.get(f"{API}{url}")
    return getattr(browser, method)(f"{API}{url}", body or {}, content_type=JSON)


@pytest.fixture
def cams_goal(cast):
    return propose_goal(cast.cam, cast.cam_user, words="Walk", milestones=["Out of the door"])


def address(template: str, cast, goal: Goal) -> str:
    return template.format(client=cast.cam.pk, goal=goal.pk, step=goal.steps.get().pk)


@pytest.mark.parametrize(("method", "template", "body"), OPERATIONS)
def test_anonymous_callers_get_401(cast, cams_goal, method, template, body):
    response = call(BrowserClient(), method, address(template, cast, cams_goal), body)
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize("outsider", ["as_theo", "as_cleo", "as_casey", "as_ada"])
@pytest.mark.parametrize(("method", "template", "body"), OPERATIONS)
def test_outsiders_get_404_and_change_nothing(request, cast, cams_goal, outsider, method, template, body):
    before = AgreementEvent.objects.count(), Goal.objects.count()
    response = call(request.getfixturevalue(outsider), method, address(template, cast, cams_goal), body)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}
    assert (AgreementEvent.objects.count(), Goal.objects.count()) == before
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).exists()


def test_a_goal_that_does_not_exist_looks_the_same_as_someone_elses(cast, as_theo, cams_goal):
    missing = as_theo.get(f"{API}/goals/{cams_goal.pk + 1000}")
    hidden = as_theo.get(f"{API}/goals/{cams_goal.pk}")
    assert (missing.status_code, missing.json()) == (hidden.status_code, hidden.json())


def test_an_api_token_acts_as_its_owner(cast, cams_goal):
    from accord.accounts.models import ApiToken

    _token, raw = ApiToken.issue(cast.tess, "script")
    caller = BrowserClient(headers={"Authorization": f"Bearer {raw}"})
    response = caller.post(f"{API}/goals/{cams_goal.pk}/accept", {"version": 1}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["agreed"] is True


@pytest.mark.parametrize(
    ("method", "url"),
    [("delete", "/goals/{goal}"), ("get", "/goals/{goal}/accept"), ("delete", "/clients/{client}/themes")],
)
def test_wrong_methods_are_refused(cast, as_cam, cams_goal, method, url):
    response = getattr(as_cam, method)(f"{API}{address(url, cast, cams_goal)}")
    assert response.status_code == 405


# --- the OpenAPI document and query counts -----------------------------------------------------------------


def test_every_goals_operation_is_in_the_openapi_document_with_typed_schemas(db, client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for method, template, body in OPERATIONS + [("post", "/smart-check", {"text": "x"})]:
        path = "/api/v1" + template.split("?")[0].replace("{client}", "{client_id}")
        path = path.replace("{goal}", "{goal_id}").replace("{step}", "{step_id}").replace("/1", "/{number}")
        operation = paths[path][method]
        success = operation["responses"].get("200") or operation["responses"]["201"]
        assert "$ref" in str(success["content"]["application/json"]["schema"]), path
        assert {"401", "422"} <= set(operation["responses"]), path
        if body:
            assert "requestBody" in operation, path


def _goals_list_queries(as_tess, cast) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = get(as_tess, f"/clients/{cast.cam.pk}/goals")
    assert response.status_code == 200
    return len(queries)


def test_the_goal_list_query_count_does_not_grow_with_goals(cast, as_tess):
    for number in range(2):
        propose_goal(cast.cam, cast.cam_user, words=f"Goal {number}")
    few = _goals_list_queries(as_tess, cast)
    for number in range(20):
        goal = propose_goal(cast.cam, cast.cam_user, words=f"More {number}", milestones=["a"])
        accept_goal(goal, cast.tess, version_number=1)
    many = _goals_list_queries(as_tess, cast)
    assert many == few
    # Session, user, access check + its audit row, count, page — plus savepoints and the session touch.
    assert many <= 12
