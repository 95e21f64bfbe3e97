"""The goal lists, proposing, the goal's page and its decisions, steps, GAS levels, ratings and history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.audit.models import Action, AuditEvent
from accord.goals.actions import accept_goal, decline_goal, park_goal, propose_goal, rate_gas, revise_goal
from accord.goals.models import GasRating, Goal, GoalStep, LifecycleStatus, ReadinessRating
from tests.goals.goal_pages_support import (
    HTMX,
    agreed_goal,
    cams_proposal,
    goal_url,
    is_sign_in_redirect,
    query_count,
    with_versions,
)


def client_goals_url(client) -> str:
    return reverse("client_goals", args=[client.pk])


MY_GOALS = reverse("my_goals")
MY_GOAL_NEW = reverse("my_goal_new")


# --- the therapist's list of a client's goals ---------------------------------------------------------
def test_therapist_sees_proposals_awaiting_her_before_agreed_goals(cast, as_tess):
    agreed = agreed_goal(cast)
    proposal = cams_proposal(cast)
    page = as_tess.get(client_goals_url(cast.cam)).content.decode()
    assert "Proposals and changes awaiting you" in page
    assert page.index(proposal.client_words) < page.index(agreed.current_version.statement)
    assert "Awaiting you" in page


def test_therapist_list_shows_the_t_score_and_how_it_is_worked_out(cast, as_tess):
    goal = agreed_goal(cast)
    rate_gas(goal, cast.cam_user, level=1)
    page = as_tess.get(client_goals_url(cast.cam)).content.decode()
    assert "How is this worked out?" in page
    assert "T = 50 + 10·Σ(wᵢ·xᵢ)" in page
    assert "ρ = 0.3" in page
    assert "60.0" in page  # one goal at +1 → T = 50 + 10·1


def test_therapists_see_the_t_score_to_two_decimals_like_the_api(cast, as_tess):
    goal = agreed_goal(cast)
    rate_gas(goal, cast.cam_user, level=1)
    page = as_tess.get(client_goals_url(cast.cam)).content.decode()
    assert "<strong>60.00</strong>" in page


def test_parked_goals_are_collapsed_not_lost(cast, as_tess):
    goal = cams_proposal(cast)
    park_goal(goal, cast.cam_user, comment="Not now")
    page = as_tess.get(client_goals_url(cast.cam)).content.decode()
    assert "<details" in page and "Parked for now (1)" in page
    assert goal.client_words in page


@pytest.mark.parametrize("browser", ["as_theo", "as_ada", "as_cam"])
def test_others_cannot_open_a_clients_goal_list(cast, browser, request):
    response = request.getfixturevalue(browser).get(client_goals_url(cast.cam))
    assert response.status_code == 404


def test_goal_list_needs_sign_in_and_get(cast, client, as_tess):
    assert is_sign_in_redirect(client.get(client_goals_url(cast.cam)))
    assert as_tess.post(client_goals_url(cast.cam)).status_code == 405


def test_goal_list_query_count_does_not_grow_with_goals(cast, as_tess):
    for _number in range(2):
        agreed_goal(cast)
    few = query_count(as_tess, client_goals_url(cast.cam))
    for number in range(10):
        goal = cams_proposal(cast, words=f"Goal number {number}")
        with_versions(goal, cast.tess, 2)
    many = query_count(as_tess, client_goals_url(cast.cam))
    assert many == few


# --- the client's own list ----------------------------------------------------------------------------
def test_client_sees_her_own_words_first_and_what_needs_her_answer(cast, as_cam):
    goal = cams_proposal(cast, words="Get out of the house more")
    revise_goal(goal, cast.tess, {"statement": "Leave the house for 20 minutes every day for 4 weeks"})
    page = as_cam.get(MY_GOALS).content.decode()
    assert "Needs your answer" in page
    assert page.index("Get out of the house more") < page.index("Leave the house for 20 minutes")
    assert "Waiting for you to accept version 2." in page


def test_client_list_shows_progress_so_far(cast, as_cam):
    goal = agreed_goal(cast)
    step = goal.steps.filter(kind=GoalStep.Kind.MILESTONE).first()
    as_cam.post(reverse("goal_step_tick", args=[goal.pk, step.pk]), {"done": "1"})
    rate_gas(goal, cast.cam_user, level=0)
    page = as_cam.get(MY_GOALS).content.decode()
    assert "Milestones: 1 of 2 done" in page
    assert "Your latest level:" in page and "as expected" in page


def test_a_client_never_sees_another_clients_goals(cast, as_casey):
    cams_proposal(cast, words="Cam's private wish")
    page = as_casey.get(MY_GOALS).content.decode()
    assert "Cam's private wish" not in page


def test_client_goal_list_guards(cast, client, as_tess, as_cam):
    assert is_sign_in_redirect(client.get(MY_GOALS))
    assert as_tess.get(MY_GOALS).status_code == 404
    assert as_cam.post(MY_GOALS).status_code == 405


def test_client_goal_list_query_count_does_not_grow(cast, as_cam):
    agreed_goal(cast)
    cams_proposal(cast)
    few = query_count(as_cam, MY_GOALS)
    for number in range(10):
        with_versions(cams_proposal(cast, words=f"Wish {number}"), cast.tess, 1)
    assert query_count(as_cam, MY_GOALS) == few


# --- proposing ----------------------------------------------------------------------------------------
def test_client_proposes_a_goal_in_her_own_words(cast, as_cam):
    page = as_cam.get(MY_GOAL_NEW).content.decode()
    assert "In your own words, what would you like to be different?" in page
    response = as_cam.post(MY_GOAL_NEW, {"words": "  Sleep better  "})
    goal = Goal.objects.get(client=cast.cam)
    assert response.status_code == 302 and response["Location"] == goal_url(goal)
    assert goal.client_words == "Sleep better"
    assert goal.lifecycle_status == LifecycleStatus.PROPOSED
    assert AuditEvent.objects.filter(action=Action.GOAL_PROPOSED, client=cast.cam).exists()


def test_an_empty_proposal_is_refused_next_to_the_field(cast, as_cam):
    response = as_cam.post(MY_GOAL_NEW, {"words": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write the goal in a sentence first." in page
    assert 'aria-invalid="true"' in page
    assert not Goal.objects.exists()


def test_therapist_proposes_a_goal_for_her_client(cast, as_tess):
    url = reverse("client_goal_new", args=[cast.cam.pk])
    assert as_tess.get(url).status_code == 200
    as_tess.post(url, {"words": "Call a friend once a week"})
    goal = Goal.objects.get(client=cast.cam)
    assert goal.client_words == ""
    assert goal.current_version.statement == "Call a friend once a week"
    assert goal.waiting_for() == ["client"]


@pytest.mark.parametrize("browser", ["as_theo", "as_ada", "as_cam", "as_casey"])
def test_only_the_care_team_proposes_for_a_client(cast, browser, request):
    url = reverse("client_goal_new", args=[cast.cam.pk])
    response = request.getfixturevalue(browser).post(url, {"words": "Anything"})
    assert response.status_code == 404
    assert not Goal.objects.exists()


def test_proposing_needs_sign_in_and_get_or_post(cast, client, as_cam):
    assert is_sign_in_redirect(client.post(MY_GOAL_NEW, {"words": "x"}))
    assert as_cam.put(MY_GOAL_NEW).status_code == 405


# --- the goal's page ----------------------------------------------------------------------------------
def test_goal_page_says_who_needs_to_act(cast, as_tess, as_cam):
    goal = cams_proposal(cast)
    tess_page = as_tess.get(goal_url(goal)).content.decode()
    cam_page = as_cam.get(goal_url(goal)).content.decode()
    assert "Waiting for you to accept version 1." in tess_page
    assert "Accept version 1" in tess_page
    assert "Waiting for Tess to accept version 1." in cam_page
    assert "Accept version 1" not in cam_page  # she proposed it, so she has accepted it
    assert "In your own words" in cam_page and goal.client_words in cam_page


def test_goal_page_shows_everything_about_an_agreed_goal(cast, as_cam):
    goal = agreed_goal(cast)
    rate_gas(goal, cast.tess, level=0)
    page = as_cam.get(goal_url(goal)).content.decode()
    assert "You both agreed version 1 on" in page
    assert "Walk to the corner and back" in page and "Put my shoes by the door" in page
    assert "Three walks a week" in page
    assert "Start</span>" in page  # the baseline level is marked
    assert "Tess, latest" in page
    assert "Body, sleep and health" in page
    assert "Every 2 weeks" in page


@pytest.mark.parametrize("browser", ["as_theo", "as_ada", "as_casey", "as_cleo"])
def test_outsiders_get_404_on_a_goal(cast, browser, request):
    goal = cams_proposal(cast)
    response = request.getfixturevalue(browser).get(goal_url(goal))
    assert response.status_code == 404
    assert goal.client_words not in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).exists()


def test_a_goal_that_does_not_exist_looks_like_someone_elses(cast, as_theo):
    goal = cams_proposal(cast)
    missing = as_theo.get(reverse("goal_page", args=[goal.pk + 1000]))
    someone_elses = as_theo.get(goal_url(goal))
    assert missing.status_code == someone_elses.status_code == 404
    assert missing.content == someone_elses.content
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, detail__what="goal").exists()


def test_goal_page_needs_sign_in_and_get(cast, client, as_tess):
    goal = cams_proposal(cast)
    assert is_sign_in_redirect(client.get(goal_url(goal)))
    assert as_tess.post(goal_url(goal)).status_code == 405


def test_goal_page_query_count_does_not_grow_with_versions(cast, as_tess):
    goal = agreed_goal(cast)
    few = query_count(as_tess, goal_url(goal))
    with_versions(goal, cast.tess, 10)
    accept_goal(goal, cast.cam_user, version_number=goal.current_number)
    goal.refresh_from_db()
    for level in (-1, 0, 1):
        rate_gas(goal, cast.cam_user, level=level)
        rate_gas(goal, cast.tess, level=level)
    assert query_count(as_tess, goal_url(goal)) == few


# --- accepting, declining, parking, withdrawing, closing ----------------------------------------------
def test_accepting_the_version_shown_agrees_the_goal(cast, as_tess):
    goal = cams_proposal(cast)
    response = as_tess.post(goal_url(goal, "goal_accept"), {"version": 1})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.is_agreed and goal.lifecycle_status == LifecycleStatus.ACTIVE
    assert AuditEvent.objects.filter(action=Action.GOAL_ACCEPTED, client=cast.cam).exists()
    page = as_tess.get(goal_url(goal)).content.decode()
    assert "You both agree on this goal now." in page


def test_accepting_a_stale_version_says_so_and_accepts_nothing(cast, as_cam):
    goal = cams_proposal(cast)
    revise_goal(goal, cast.tess, {"statement": "Leave the house every day"})
    response = as_cam.post(goal_url(goal, "goal_accept"), {"version": 1})
    assert response.status_code == 409
    assert "The goal changed while you were looking at it" in response.content.decode()
    goal.refresh_from_db()
    assert goal.client_accepted_number == 1 and not goal.is_agreed


def test_accept_needs_a_version_number(cast, as_tess):
    goal = cams_proposal(cast)
    response = as_tess.post(goal_url(goal, "goal_accept"), {"version": "abc"})
    assert response.status_code == 400
    goal.refresh_from_db()
    assert not goal.is_agreed


@pytest.mark.parametrize("name", ["goal_accept", "goal_decline", "goal_park", "goal_resume", "goal_withdraw"])
def test_decisions_are_post_only_and_closed_to_outsiders(cast, as_tess, as_casey, as_theo, client, name):
    goal = cams_proposal(cast)
    url = goal_url(goal, name)
    assert as_tess.get(url).status_code == 405
    assert as_casey.post(url, {"version": 1, "comment": "x"}).status_code == 404
    assert as_theo.post(url, {"version": 1, "comment": "x"}).status_code == 404
    assert is_sign_in_redirect(client.post(url, {"version": 1}))
    goal.refresh_from_db()
    assert goal.lifecycle_status == LifecycleStatus.PROPOSED and not goal.is_agreed


def test_declining_needs_a_comment_shown_next_to_the_field(cast, as_tess):
    goal = cams_proposal(cast)
    response = as_tess.post(goal_url(goal, "goal_decline"), {"comment": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say in a few words what doesn" in page
    assert '<details class="decision" open>' in page
    goal.refresh_from_db()
    assert goal.lifecycle_status == LifecycleStatus.PROPOSED


def test_a_decline_is_shown_with_its_comment(cast, as_tess, as_cam):
    goal = cams_proposal(cast)
    as_tess.post(goal_url(goal, "goal_decline"), {"comment": "let's make it smaller"})
    goal.refresh_from_db()
    assert goal.lifecycle_status == LifecycleStatus.REJECTED
    page = as_cam.get(goal_url(goal)).content.decode()
    assert "Tess declined version 1: “let&#x27;s make it smaller”" in page


def test_park_and_take_up_again(cast, as_cam, as_tess):
    goal = cams_proposal(cast)
    as_cam.post(goal_url(goal, "goal_park"), {"park-comment": "not now"})
    goal.refresh_from_db()
    assert goal.lifecycle_status == LifecycleStatus.ON_HOLD
    assert "You parked it (“not now”) on" in as_cam.get(goal_url(goal)).content.decode()
    as_tess.post(goal_url(goal, "goal_resume"))
    goal.refresh_from_db()
    assert goal.lifecycle_status == LifecycleStatus.PROPOSED


def test_resuming_a_goal_that_is_not_parked_explains_why_not(cast, as_tess):
    goal = cams_proposal(cast)
    response = as_tess.post(goal_url(goal, "goal_resume"))
    assert response.status_code == 400
    assert "This goal is not parked." in response.content.decode()


def test_only_the_proposer_withdraws(cast, as_tess, as_cam):
    goal = cams_proposal(cast)
    response = as_tess.post(goal_url(goal, "goal_withdraw"), {"withdraw-comment": ""})
    assert response.status_code == 400
    assert "Only the person who proposed a goal can withdraw it" in response.content.decode()
    as_cam.post(goal_url(goal, "goal_withdraw"), {"withdraw-comment": "changed my mind"})
    goal.refresh_from_db()
    assert goal.lifecycle_status == LifecycleStatus.CANCELLED
    assert "You withdrew this proposal on" in as_cam.get(goal_url(goal)).content.decode()


def test_therapist_completes_or_retires_a_goal(cast, as_tess, as_cam):
    goal = agreed_goal(cast)
    assert as_cam.post(goal_url(goal, "goal_close"), {"outcome": "completed"}).status_code == 404
    assert as_tess.post(goal_url(goal, "goal_close"), {"outcome": "finished"}).status_code == 400
    assert as_tess.get(goal_url(goal, "goal_close")).status_code == 405
    as_tess.post(goal_url(goal, "goal_close"), {"outcome": "completed", "comment": "Done!"})
    goal.refresh_from_db()
    assert goal.lifecycle_status == LifecycleStatus.COMPLETED
    assert AuditEvent.objects.filter(action=Action.GOAL_COMPLETED).exists()


# --- steps --------------------------------------------------------------------------------------------
def test_ticking_a_step_with_htmx_returns_just_the_step(cast, as_cam):
    goal = agreed_goal(cast)
    step = goal.steps.get(kind=GoalStep.Kind.ACTION)
    response = as_cam.post(reverse("goal_step_tick", args=[goal.pk, step.pk]), {"done": "1"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith("<li") and "<html" not in html
    assert 'aria-pressed="true"' in html and "Done · You" not in html
    step.refresh_from_db()
    assert step.done_at is not None and step.done_by == cast.cam_user
    assert AuditEvent.objects.filter(action=Action.GOAL_STEP_TICKED).exists()


def test_ticking_works_without_javascript_and_can_be_undone(cast, as_tess):
    goal = agreed_goal(cast)
    step = goal.steps.get(kind=GoalStep.Kind.ACTION)
    url = reverse("goal_step_tick", args=[goal.pk, step.pk])
    response = as_tess.post(url, {"done": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#steps")
    as_tess.post(url, {"done": "0"})
    step.refresh_from_db()
    assert step.done_at is None


def test_ticking_is_closed_to_outsiders_and_other_goals_steps(cast, as_casey, as_tess, client):
    goal = agreed_goal(cast)
    other = agreed_goal(cast, client=cast.casey, client_user=cast.casey_user)
    step = goal.steps.first()
    assert as_casey.post(reverse("goal_step_tick", args=[goal.pk, step.pk]), {"done": "1"}).status_code == 404
    # A step id from another goal does not work through this goal's address.
    wrong = reverse("goal_step_tick", args=[other.pk, step.pk])
    assert as_tess.post(wrong, {"done": "1"}).status_code == 404
    assert as_tess.get(reverse("goal_step_tick", args=[goal.pk, step.pk])).status_code == 405
    assert is_sign_in_redirect(client.post(reverse("goal_step_tick", args=[goal.pk, step.pk])))
    step.refresh_from_db()
    assert step.done_at is None


# --- GAS levels, importance, difficulty and readiness --------------------------------------------------
def test_each_party_records_a_gas_level(cast, as_cam, as_tess):
    goal = agreed_goal(cast)
    as_cam.post(goal_url(goal, "goal_gas_rate"), {"level": "1", "note": "Going well"})
    as_tess.post(goal_url(goal, "goal_gas_rate"), {"level": "0"})
    assert list(GasRating.objects.values_list("party", "level")) == [("client", 1), ("therapist", 0)]
    page = as_cam.get(goal_url(goal)).content.decode()
    assert "You, latest" in page and "Tess, latest" in page


@pytest.mark.parametrize("level", ["5", "-3", "abc", ""])
def test_a_gas_level_outside_minus_two_to_two_is_refused(cast, as_cam, level):
    goal = agreed_goal(cast)
    response = as_cam.post(goal_url(goal, "goal_gas_rate"), {"level": level})
    assert response.status_code == 400
    assert "Choose a level from −2 to +2." in response.content.decode()
    assert not GasRating.objects.exists()


def test_gas_levels_wait_for_agreement(cast, as_tess):
    goal = cams_proposal(cast)
    response = as_tess.post(goal_url(goal, "goal_gas_rate"), {"level": "0"})
    assert response.status_code == 400
    assert "Rate progress once you have agreed the goal together." in response.content.decode()


def test_importance_and_difficulty_are_kept_apart(cast, as_cam, as_tess):
    goal = agreed_goal(cast)
    as_cam.post(goal_url(goal, "goal_ratings"), {"importance": "3", "difficulty": "0"})
    as_tess.post(goal_url(goal, "goal_ratings"), {"importance": "1", "difficulty": "2"})
    goal.refresh_from_db()
    assert (goal.client_importance, goal.therapist_importance, goal.therapist_difficulty) == (3, 1, 2)


def test_a_rating_outside_zero_to_three_is_refused(cast, as_tess):
    goal = agreed_goal(cast)
    response = as_tess.post(goal_url(goal, "goal_ratings"), {"importance": "7"})
    assert response.status_code == 400
    goal.refresh_from_db()
    assert goal.therapist_importance is None


def test_readiness_ruler(cast, as_cam, as_tess):
    goal = agreed_goal(cast)
    response = as_cam.post(goal_url(goal, "goal_readiness"), {"importance": "8", "confidence": "4"})
    assert response.status_code == 302
    rating = ReadinessRating.objects.get(goal=goal)
    assert (rating.importance, rating.confidence) == (8, 4)
    page = as_tess.get(goal_url(goal)).content.decode()
    assert "Confidence below 7 is the usual cue to make the first step smaller." in page
    assert "Why a 4 and not a lower number?" in page


def test_readiness_outside_zero_to_ten_is_refused(cast, as_cam):
    goal = agreed_goal(cast)
    response = as_cam.post(goal_url(goal, "goal_readiness"), {"importance": "11", "confidence": "5"})
    assert response.status_code == 400
    assert not ReadinessRating.objects.exists()


@pytest.mark.parametrize("name", ["goal_gas_rate", "goal_ratings", "goal_readiness"])
def test_ratings_are_post_only_and_closed_to_outsiders(cast, as_tess, as_casey, as_theo, name):
    goal = agreed_goal(cast)
    url = goal_url(goal, name)
    assert as_tess.get(url).status_code == 405
    data = {"level": "0", "importance": "2", "confidence": "5"}
    assert as_casey.post(url, data).status_code == 404
    assert as_theo.post(url, data).status_code == 404
    assert not GasRating.objects.exists() and not ReadinessRating.objects.exists()


# --- history and differences --------------------------------------------------------------------------
def test_changes_between_two_versions_side_by_side(cast, as_cam):
    goal = cams_proposal(cast, words="Get out more")
    revise_goal(goal, cast.tess, {"statement": "Walk daily", "target": 7.0}, reason="Made it concrete")
    revise_goal(goal, cast.cam_user, {"statement": "Walk five days a week"})
    response = as_cam.get(goal_url(goal, "goal_changes"), {"from": 1, "to": 3})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changes from version 1 to version 3" in page
    assert "Get out more" in page and "Walk five days a week" in page
    assert '<th scope="row">Target</th>' in page


def test_changes_default_to_the_last_edit(cast, as_tess):
    goal = cams_proposal(cast, words="Get out more")
    revise_goal(goal, cast.tess, {"statement": "Walk daily"})
    page = as_tess.get(goal_url(goal, "goal_changes")).content.decode()
    assert "Changes from version 1 to version 2" in page


@pytest.mark.parametrize("query", [{"from": "abc", "to": "1"}, {"from": "1", "to": "99"}, {"from": "0"}])
def test_changes_with_bad_version_numbers_say_which(cast, as_tess, query):
    goal = cams_proposal(cast)
    response = as_tess.get(goal_url(goal, "goal_changes"), query)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()


def test_changes_are_closed_to_outsiders(cast, as_casey, as_theo, as_tess, client):
    goal = cams_proposal(cast)
    url = goal_url(goal, "goal_changes")
    assert as_casey.get(url).status_code == 404
    assert as_theo.get(url).status_code == 404
    assert as_tess.post(url).status_code == 405
    assert is_sign_in_redirect(client.get(url))


def test_history_lists_versions_with_who_and_why(cast, as_cam):
    goal = cams_proposal(cast)
    revise_goal(goal, cast.tess, {"statement": "Walk daily"}, reason="Made it concrete")
    decline_goal(goal, cast.cam_user, comment="Too much")
    page = as_cam.get(goal_url(goal)).content.decode()
    assert "Version 2" in page and "Made it concrete" in page
    assert "What changed from version 1 to 2" in page
    assert "“Too much”" in page


def test_a_therapist_proposal_waits_for_the_client(cast, as_cam):
    goal = propose_goal(cast.cam, cast.tess, words="Call a friend once a week")
    page = as_cam.get(MY_GOALS).content.decode()
    assert "Needs your answer" in page and "Call a friend once a week" in page
    assert as_cam.post(goal_url(goal, "goal_accept"), {"version": 1}).status_code == 302
