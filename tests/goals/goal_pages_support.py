"""Small builders shared by the goal page tests: goals in the states the pages must show."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.goals.actions import accept_goal, propose_goal, revise_goal
from accord.goals.models import Goal

HTMX = {"HTTP_HX_REQUEST": "true"}

SMART_CONTENT = {
    "statement": "Walk to the park for 20 minutes three times a week by the end of June",
    "life_area": "health",
    "measure_kind": "count_per_week",
    "unit": "walks",
    "baseline": 0.0,
    "target": 3.0,
    "direction": "increase",
    "review_every_weeks": 2,
    "milestones": ["Walk to the corner and back", "Walk to the park once"],
    "action_steps": ["Put my shoes by the door"],
    "gas_minus_2": "No walks",
    "gas_minus_1": "One walk a week",
    "gas_0": "Three walks a week",
    "gas_plus_1": "Four walks a week",
    "gas_plus_2": "Five or more walks a week",
}


def cams_proposal(cast, words: str = "I want to get out of the house more") -> Goal:
    return propose_goal(cast.cam, cast.cam_user, words=words)


def agreed_goal(cast, client=None, client_user=None) -> Goal:
    """A goal Tess proposed with all its parts, accepted by the client: agreed on version 1."""
    client = client or cast.cam
    goal = propose_goal(client, cast.tess, words="", **SMART_CONTENT)
    accept_goal(goal, client_user or cast.cam_user, version_number=1)
    goal.refresh_from_db()
    return goal


def with_versions(goal: Goal, user, count: int) -> Goal:
    for number in range(count):
        revise_goal(goal, user, {"statement": f"{goal.current_version.statement} (change {number})"})
        goal.refresh_from_db()
    return goal


def goal_url(goal: Goal, name: str = "goal_page") -> str:
    return reverse(name, args=[goal.pk])


def query_count(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]
