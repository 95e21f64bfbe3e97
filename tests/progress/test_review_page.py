"""The in-session review (therapist) and the progress pages (both parties): what they show, what they
record, bad input, who may open them, and query counts that stay flat as check-ins grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.audit.models import Action, AuditEvent
from accord.checkins.models import Celebration, ProgressRating
from accord.goals.models import GasRating, GoalStep, LifecycleStatus, Party
from tests.progress.progress_support import CALMER_PLAN, add_values, planned_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def walks(cast):
    goal = planned_goal(cast)
    add_values(goal, [0.5, 1, 1.5])
    return goal


def review_url(client) -> str:
    return reverse("client_review", args=[client.pk])


def record_url(goal) -> str:
    return reverse("goal_review_record", args=[goal.pk])


def field(goal, name: str) -> str:
    return f"goal-{goal.pk}-{name}"


def count_queries(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def is_sign_in(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


# --- the review page -----------------------------------------------------------------------------------


def test_the_review_shows_each_goal_with_its_chart_status_levels_and_forms(cast, as_tess, walks):
    calmer = planned_goal(cast, content=CALMER_PLAN)
    page = as_tess.get(review_url(cast.cam)).content.decode()
    assert "Review with Cam" in page
    for goal in (walks, calmer):
        assert f'id="goal-{goal.pk}"' in page
        assert reverse("goal_progress_chart", args=[goal.pk]) in page or goal == calmer
    assert "Walk to the park three times a week" in page
    assert "Why:" in page and "The values in the chart" in page
    assert "Three walks a week" in page  # the GAS level's own words
    assert (
        f'name="{field(walks, "client_level")}"' in page
        and f'name="{field(walks, "therapist_level")}"' in page
    )
    assert f'name="{field(walks, "therapist_progress")}"' in page
    assert reverse("goal_edit", args=[walks.pk]) in page  # adjust: a new version, agreed again
    assert (
        reverse("goal_review_tick", args=[walks.pk, walks.steps.filter(kind="milestone").first().pk]) in page
    )
    assert f'name="status-{walks.pk}-status"' in page
    # After a refused form the page lands on the goal it was about.
    assert f'{record_url(walks)}#goal-{walks.pk}"' in page
    assert f'{reverse("goal_status_set", args=[walks.pk])}#goal-{walks.pk}"' in page


def test_recording_a_review_keeps_each_partys_level_and_the_therapists_rating(cast, as_tess, walks):
    data = {
        field(walks, "client_level"): "0",
        field(walks, "therapist_level"): "-1",
        field(walks, "therapist_progress"): "6",
        field(walks, "note"): "Good week",
    }
    response = as_tess.post(record_url(walks), data)
    assert response.status_code == 302
    assert response["Location"] == review_url(cast.cam) + f"#goal-{walks.pk}"
    told = GasRating.objects.get(goal=walks, party=Party.CLIENT)
    assert (told.level, told.rated_by) == (0, cast.tess)
    assert told.note.startswith("Said in session; recorded by Tess.") and "Good week" in told.note
    own = GasRating.objects.get(goal=walks, party=Party.THERAPIST)
    assert (own.level, own.note) == (-1, "Good week")
    assert ProgressRating.objects.get(goal=walks).rating == 6
    actions = set(AuditEvent.objects.filter(actor=cast.tess).values_list("action", flat=True))
    assert {Action.GOAL_GAS_RATED, Action.GOAL_PROGRESS_RATED} <= actions
    # The client's expected level for the first time is a win.
    assert Celebration.objects.filter(goal=walks, kind="gas_expected").exists()


@pytest.mark.parametrize(
    ("data", "field_name", "message"),
    [
        ({"client_level": "5"}, "client_level", "Choose a level from −2 to +2."),
        ({"therapist_progress": "11"}, "therapist_progress", "Choose a number from 0 to 10."),
        ({"therapist_progress": "lots"}, "therapist_progress", "Choose a whole number from 0 to 10."),
        ({"note": "x"}, None, "Record at least one level or rating first."),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(as_tess, walks, data, field_name, message):
    posted = {field(walks, name): value for name, value in data.items()}
    response = as_tess.post(record_url(walks), posted)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "review-goal--error" in page
    if field_name == "therapist_progress":
        assert 'aria-invalid="true"' in page and f'value="{data[field_name]}"' in page
    assert not GasRating.objects.exists() and not ProgressRating.objects.exists()


def test_a_closed_goal_cannot_be_reviewed(cast, as_tess, walks):
    from accord.goals.actions import close_goal

    close_goal(walks, cast.tess, completed=False)
    response = as_tess.post(record_url(walks), {field(walks, "therapist_progress"): "5"})
    assert response.status_code == 400 and not ProgressRating.objects.exists()


def test_wrong_methods(cast, as_tess, walks):
    assert as_tess.post(review_url(cast.cam)).status_code == 405
    assert as_tess.get(record_url(walks)).status_code == 405
    assert as_tess.get(reverse("goal_status_set", args=[walks.pk])).status_code == 405
    assert as_tess.get(reverse("goal_review_decide", args=[walks.pk])).status_code == 405


@pytest.mark.parametrize("who", ["as_cam", "as_casey", "as_theo", "as_ada", "as_cleo"])
def test_the_review_is_not_found_for_anyone_but_the_care_team(request, cast, walks, who):
    browser = request.getfixturevalue(who)
    assert browser.get(review_url(cast.cam)).status_code == 404
    assert browser.post(record_url(walks), {field(walks, "therapist_progress"): "3"}).status_code == 404
    status_url = reverse("goal_status_set", args=[walks.pk])
    assert browser.post(status_url, {f"status-{walks.pk}-status": "achieved"}).status_code == 404
    assert not ProgressRating.objects.exists()
    walks.refresh_from_db()
    assert not walks.achievement_set_by_hand


def test_anonymous_visitors_are_sent_to_sign_in(client, cast, walks):
    assert is_sign_in(client.get(review_url(cast.cam)))
    assert is_sign_in(client.post(record_url(walks), {}))
    assert is_sign_in(client.get(reverse("goal_progress", args=[walks.pk])))
    assert is_sign_in(client.get(reverse("my_progress")))


def test_the_review_query_count_stays_flat_as_check_ins_grow(cast, as_tess, walks):
    planned_goal(cast, content=CALMER_PLAN)
    add_values(walks, [1] * 7, first_day=30)
    few = count_queries(as_tess, review_url(cast.cam))
    add_values(walks, [2] * 990, every_days=1, first_day=100)
    assert count_queries(as_tess, review_url(cast.cam)) == few


# --- status by hand, decisions and milestones in session ------------------------------------------------


def test_the_therapist_sets_a_status_by_hand_and_hands_it_back(cast, as_tess, walks):
    url = reverse("goal_status_set", args=[walks.pk])
    prefix = f"status-{walks.pk}"
    response = as_tess.post(url, {f"{prefix}-status": "improving", f"{prefix}-back": "review"})
    assert response["Location"] == review_url(cast.cam) + f"#goal-{walks.pk}"
    walks.refresh_from_db()
    assert (walks.achievement_status, walks.achievement_set_by_hand) == ("improving", True)
    page = as_tess.get(review_url(cast.cam)).content.decode()
    assert "Improving · set by hand" in page and "From the check-ins alone, Accord would say" in page
    response = as_tess.post(url, {f"{prefix}-status": "automatic", f"{prefix}-back": "goal"})
    assert response["Location"] == reverse("goal_page", args=[walks.pk]) + "#progress"
    walks.refresh_from_db()
    assert not walks.achievement_set_by_hand


def test_a_status_outside_the_value_set_is_refused(as_tess, walks):
    prefix = f"status-{walks.pk}"
    for back in ("review", "progress"):
        response = as_tess.post(
            reverse("goal_status_set", args=[walks.pk]),
            {f"{prefix}-status": "nearly", f"{prefix}-back": back},
        )
        assert (
            response.status_code == 400 and "Choose one of the statuses listed." in response.content.decode()
        )
    walks.refresh_from_db()
    assert not walks.achievement_set_by_hand


@pytest.mark.parametrize(
    ("decision", "lifecycle"),
    [("park", LifecycleStatus.ON_HOLD), ("complete", LifecycleStatus.COMPLETED), ("retire", "cancelled")],
)
def test_pause_complete_or_retire_in_session(cast, as_tess, walks, decision, lifecycle):
    url = reverse("goal_review_decide", args=[walks.pk])
    prefix = f"decide-{walks.pk}"
    response = as_tess.post(url, {f"{prefix}-decision": decision, f"{prefix}-comment": "Talked it over"})
    assert response.status_code == 302
    walks.refresh_from_db()
    assert walks.lifecycle_status == lifecycle
    if decision == "park":
        as_tess.post(url, {f"{prefix}-decision": "resume"})
        walks.refresh_from_db()
        assert walks.lifecycle_status == LifecycleStatus.ACTIVE


def test_a_decision_that_cannot_be_carried_out_is_refused(as_tess, walks):
    url = reverse("goal_review_decide", args=[walks.pk])
    prefix = f"decide-{walks.pk}"
    assert as_tess.post(url, {f"{prefix}-decision": "resume"}).status_code == 400  # not parked
    assert as_tess.post(url, {f"{prefix}-decision": "explode"}).status_code == 400
    walks.refresh_from_db()
    assert walks.lifecycle_status == LifecycleStatus.ACTIVE


def test_ticking_a_milestone_in_session_is_celebrated(cast, as_tess, walks):
    milestone = walks.steps.get(kind=GoalStep.Kind.MILESTONE, position=1)
    response = as_tess.post(reverse("goal_review_tick", args=[walks.pk, milestone.pk]), {"done": "1"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_at and milestone.done_by == cast.tess
    assert Celebration.objects.filter(key=f"step:{milestone.pk}").count() == 1


def test_a_step_of_another_goal_is_not_found(cast, as_tess, walks):
    other = planned_goal(cast, client=cast.casey)
    step = other.steps.first()
    assert (
        as_tess.post(reverse("goal_review_tick", args=[walks.pk, step.pk]), {"done": "1"}).status_code == 404
    )


# --- progress pages ------------------------------------------------------------------------------------


def test_the_goal_progress_page_shows_status_chart_and_every_value(cast, as_tess, walks):
    page = as_tess.get(reverse("goal_progress", args=[walks.pk])).content.decode()
    assert reverse("goal_progress_chart", args=[walks.pk]) in page
    assert page.count("<tr>") >= 4  # header + three values
    assert "Why:" in page and "helped 0" in page  # free text shown as text
    assert f'name="status-{walks.pk}-status"' in page


def test_the_client_reads_their_progress_in_plain_words(cast, as_cam, walks):
    page = as_cam.get(reverse("goal_progress", args=[walks.pk])).content.decode()
    assert "How it&#x27;s going" in page or "How it's going" in page
    assert f"status-{walks.pk}-status" not in page  # no status form for the client
    mine = as_cam.get(reverse("my_progress")).content.decode()
    assert "Your progress" in mine and "Walk to the park" in mine


def test_the_therapist_sees_the_clients_progress_over_time(cast, as_tess, walks):
    from tests.progress.progress_support import rate_gas

    rate_gas(walks, Party.CLIENT, 0)
    page = as_tess.get(reverse("client_progress", args=[cast.cam.pk])).content.decode()
    assert "Cam&#x27;s progress" in page or "Cam's progress" in page
    assert reverse("client_t_score_chart", args=[cast.cam.pk]) in page
    assert "T-scores by date" in page


@pytest.mark.parametrize("who", ["as_casey", "as_theo", "as_ada"])
def test_progress_pages_are_not_found_outside_the_care_team(request, cast, walks, who):
    browser = request.getfixturevalue(who)
    assert browser.get(reverse("goal_progress", args=[walks.pk])).status_code == 404
    assert browser.get(reverse("client_progress", args=[cast.cam.pk])).status_code == 404


def test_the_client_progress_list_is_the_therapists_only(cast, as_cam):
    assert as_cam.get(reverse("client_progress", args=[cast.cam.pk])).status_code == 404


def test_progress_pages_keep_their_query_count_as_check_ins_grow(cast, as_tess, as_cam, walks):
    urls = [
        (as_tess, reverse("goal_progress", args=[walks.pk])),
        (as_tess, reverse("client_progress", args=[cast.cam.pk])),
        (as_cam, reverse("my_progress")),
        (as_tess, reverse("client_page", args=[cast.cam.pk])),
        (as_cam, reverse("goal_page", args=[walks.pk])),
    ]
    add_values(walks, [1] * 7, first_day=30)
    few = [count_queries(browser, url) for browser, url in urls]
    add_values(walks, [2] * 990, every_days=1, first_day=100)
    assert [count_queries(browser, url) for browser, url in urls] == few


def test_the_goal_page_and_client_page_carry_the_progress_section(cast, as_tess, walks):
    goal_page = as_tess.get(reverse("goal_page", args=[walks.pk])).content.decode()
    assert 'id="progress"' in goal_page and reverse("goal_progress", args=[walks.pk]) in goal_page
    client_page = as_tess.get(reverse("client_page", args=[cast.cam.pk])).content.decode()
    assert 'id="progress-title"' in client_page and review_url(cast.cam) in client_page
