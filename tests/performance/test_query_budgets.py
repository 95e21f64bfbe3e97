"""Query budgets of the heavy pages, pinned as the data grows (issue 9): the count must not depend on how
many goals, check-ins, ratings, measures or messages a client has, and stays within its budget."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.dialogue import actions as dialogue
from tests.checkins.checkin_support import CALMER, agreed_goal, check_in

pytestmark = pytest.mark.django_db

# Issue 9's budgets (and the brief's, issue 10), all met and pinned: a change that adds a query fails.
BUDGETS = {
    "caseload": 10,
    "client_page": 15,
    "client_home": 12,
    "goal_page": 12,
    "review": 12,
    "brief": 17,  # no issue budget: 15 for its sections, +2 for the MI section (readiness, balances)
}
CEILINGS = dict(BUDGETS)
NOT_YET = [page for page in BUDGETS if CEILINGS[page] > BUDGETS[page]]


def grow(cast, client, goals: int = 2, checkins: int = 3):
    """More of everything a page shows: goals, check-ins (with ratings), messages."""
    made = [agreed_goal(cast, client=client, content=CALMER if i % 2 else None) for i in range(goals)]
    for _ in range(checkins):
        check_in(client, made, progress=6, value=2, confidence=7)
    thread = dialogue.general_thread(client)
    for i in range(2):
        dialogue.post_message(thread, cast.tess, body=f"Message {i}")
    return made


def count(browser, url: str) -> int:
    browser.get(url)  # warm: first views may create a thread, note the session, …
    # Count the page as built, not as served from the page cache (tested in tests/home/test_page_cache.py).
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def pages(cast, goal) -> dict[str, tuple[str, str]]:
    return {
        "caseload": ("tess", reverse("therapist_home")),
        "client_page": ("tess", reverse("client_page", args=[cast.cam.pk])),
        "client_home": ("cam", reverse("client_home")),
        "goal_page": ("tess", reverse("goal_page", args=[goal.pk])),
        "review": ("tess", reverse("client_review", args=[cast.cam.pk])),
        "brief": ("tess", reverse("client_brief", args=[cast.cam.pk])),
    }


def counts_as_data_grows(page, cast, browsers) -> tuple[int, int]:
    goal = grow(cast, cast.cam)[0]
    who, url = pages(cast, goal)[page]
    before = count(browsers[who], url)
    grow(cast, cast.cam, goals=3, checkins=4)
    grow(cast, cast.casey, goals=2, checkins=2)
    return before, count(browsers[who], url)


@pytest.mark.parametrize("page", list(BUDGETS))
def test_the_page_queries_do_not_grow_with_data_nor_pass_their_ceiling(page, cast, as_tess, as_cam):
    before, after = counts_as_data_grows(page, cast, {"tess": as_tess, "cam": as_cam})
    assert after == before, f"{page}: {before} queries, then {after} with more data"
    assert after <= CEILINGS[page], f"{page}: {after} queries (ceiling {CEILINGS[page]})"


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(
            page, marks=pytest.mark.xfail(strict=True, reason="over budget; see docs/performance.md")
        )
        if page in NOT_YET
        else page
        for page in BUDGETS
    ],
)
def test_the_page_meets_the_issue_budget(page, cast, as_tess, as_cam):
    """When a page reaches its budget this fails as XPASS: lower its CEILING to the budget then."""
    _before, after = counts_as_data_grows(page, cast, {"tess": as_tess, "cam": as_cam})
    assert after <= BUDGETS[page], f"{page}: {after} queries (budget {BUDGETS[page]})"
