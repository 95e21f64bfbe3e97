"""Progress status read from the database: the plan from the agreed version, the values from check-ins, the
thresholds from settings, and a status set by hand that nothing automatic ever overwrites."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.goals.actions import park_goal, revise_goal
from accord.goals.models import Goal
from accord.progress import actions as review_actions
from accord.progress import status
from accord.progress.actions import GoalReview, ReviewError
from accord.progress.rules import ACHIEVED, BEHIND, ON_TRACK, STALLED, TOO_EARLY
from tests.checkins.checkin_support import check_in
from tests.progress.progress_support import CALMER_PLAN, START, WALKS_PLAN, add_values, planned_goal

pytestmark = pytest.mark.django_db

WEEK4 = START + dt.timedelta(weeks=4)


def status_on(goal: Goal, today: dt.date) -> status.GoalStatus:
    return status.goal_progress(goal, today=today).status


@pytest.fixture
def walks(cast):
    return planned_goal(cast)


# --- the plan and the values -----------------------------------------------------------------------------


def test_the_plan_is_the_agreed_version_from_the_day_it_was_agreed(walks):
    progress = status.goal_progress(walks, today=WEEK4)
    plan = progress.plan
    assert (plan.baseline, plan.target, plan.start) == (0, 3, START)
    assert plan.target_date == START + dt.timedelta(weeks=10)
    assert progress.expected_path[0].on == START and progress.expected_path[-1].value == 3
    assert progress.mode == status.MEASURE


def test_values_come_from_check_ins_in_date_order(walks):
    add_values(walks, [0.5, 1, 1.5])
    progress = status.goal_progress(walks, today=WEEK4)
    assert [p.value for p in progress.points] == [0.5, 1, 1.5]
    assert [p.on for p in progress.points] == sorted(p.on for p in progress.points)


def test_following_the_path_is_on_track_with_the_reason(walks):
    add_values(walks, [0.5, 1, 1, 1.5])
    found = status_on(walks, WEEK4)
    assert found.key == ON_TRACK and not found.manual
    # The reason names the value, its date (as people write dates) and what the path expected.
    assert "1.5 on 2 Feb 2026" in found.reason and "1.2" in found.reason
    assert found.fhir == "improving"


def test_trailing_the_path_is_behind(walks):
    add_values(walks, [0, 1, 0, 0.5, 0.5, 1])
    assert status_on(walks, START + dt.timedelta(weeks=6)).key == BEHIND


def test_no_movement_over_three_check_ins_is_stalled(walks):
    add_values(walks, [1, 1, 1])
    found = status_on(walks, START + dt.timedelta(weeks=3))
    assert found.key == STALLED and "No change over the last 3 check-ins" in found.reason


def test_weeks_without_a_value_is_stalled(walks):
    add_values(walks, [1, 2])
    found = status_on(walks, START + dt.timedelta(weeks=2, days=21))
    assert found.key == STALLED and "No new value for 21 days" in found.reason


def test_falling_confidence_is_stalled(walks):
    add_values(walks, [0.5, 1, 1.5], confidence=[8, 6, 4])
    assert "Confidence has fallen" in status_on(walks, START + dt.timedelta(weeks=3)).reason


def test_reaching_the_target_is_achieved(walks):
    add_values(walks, [1, 3])
    assert status_on(walks, WEEK4).key == ACHIEVED


def test_one_value_is_too_early(walks):
    add_values(walks, [1])
    assert status_on(walks, WEEK4).key == TOO_EARLY


def test_a_goal_without_a_measure_is_judged_on_the_0_to_10_towards_it(cast):
    calmer = planned_goal(cast, content=CALMER_PLAN)
    add_values(calmer, [None, None, None], progress=[2, 4, 6])
    progress = status.goal_progress(calmer, today=WEEK4)
    assert progress.mode == status.TOWARDS
    assert (progress.plan.baseline, progress.plan.target) == (0, 10)
    assert [p.value for p in progress.points] == [2, 4, 6]
    assert progress.status.key == ON_TRACK  # moving towards 10, no target date


def test_values_in_an_earlier_measure_are_left_out(cast, walks):
    add_values(walks, [1, 2])
    revise_goal(walks, cast.tess, {"measure_kind": "minutes", "unit": "minutes", "baseline": 0, "target": 60})
    from accord.goals.actions import accept_goal

    accept_goal(walks, cast.cam_user, version_number=walks.current_number)
    walks.refresh_from_db()
    add_values(walks, [20], first_day=30)
    progress = status.goal_progress(walks, today=WEEK4)
    assert [p.value for p in progress.points] == [20]
    assert len(progress.entries) == 3  # the table still shows every answer


def test_a_parked_goal_is_paused(cast, walks):
    add_values(walks, [1, 1, 1])
    park_goal(walks, cast.tess)
    found = status_on(walks, WEEK4)
    assert found.key == status.PAUSED and found.fhir == ""


def test_a_goal_before_agreement_has_no_progress(cast):
    from accord.goals.actions import propose_goal

    proposal = propose_goal(cast.cam, cast.cam_user, words="Sleep better")
    assert status.goal_progress(proposal) is None


# --- thresholds are settings ---------------------------------------------------------------------------


def test_thresholds_come_from_settings(settings, walks):
    add_values(walks, [1, 2])
    today = START + dt.timedelta(weeks=2, days=10)
    assert status_on(walks, today).key != STALLED
    settings.ACCORD_PROGRESS_STALLED_DAYS = 10
    assert status_on(walks, today).key == STALLED


def test_the_tolerance_is_a_percentage_setting(settings, walks):
    add_values(walks, [0.5, 1, 1, 0.8])  # 0.4 short of the path's 1.2: 13 % of the span
    assert status_on(walks, WEEK4).key == ON_TRACK
    settings.ACCORD_PROGRESS_TOLERANCE_PERCENT = 10
    assert status_on(walks, WEEK4).key == BEHIND


def test_missing_settings_fall_back_to_the_rules_defaults(settings):
    for name in ("ACCORD_PROGRESS_TOLERANCE_PERCENT", "ACCORD_PROGRESS_STALLED_DAYS"):
        delattr(settings, name)
    rules = status.progress_rules()
    assert (rules.tolerance_fraction, rules.stalled_after_days) == (0.15, 21)


# --- a status set by hand --------------------------------------------------------------------------------


def test_a_status_set_by_hand_is_shown_with_the_automatic_one_beside_it(cast, walks):
    add_values(walks, [1, 1, 1])
    review_actions.set_status_by_hand(walks, cast.tess, "improving")
    found = status_on(walks, WEEK4)
    assert (found.key, found.label, found.fhir, found.manual) == (
        status.SET_BY_HAND,
        "Improving",
        "improving",
        True,
    )
    assert found.automatic.key == STALLED


def test_new_check_ins_never_overwrite_a_status_set_by_hand(cast, walks):
    review_actions.set_status_by_hand(walks, cast.tess, "no-progress")
    check_in(cast.cam, [walks], value=3, progress=10)  # the target, through the real check-in
    walks.refresh_from_db()
    assert (walks.achievement_status, walks.achievement_set_by_hand) == ("no-progress", True)
    progress = status.goal_progress(walks)
    assert progress.status.manual and progress.status.fhir == "no-progress"
    assert progress.status.automatic.key == ACHIEVED
    # Storing the automatic status (as a review does) skips it too.
    assert status.store_automatic_status([progress]) == 0
    walks.refresh_from_db()
    assert walks.achievement_status == "no-progress"


def test_a_review_stores_the_automatic_status_but_not_over_one_set_by_hand(cast, walks):
    add_values(walks, [0.5, 1])
    review_actions.record_review(cast.tess, [GoalReview(goal=walks, therapist_progress=5)])
    walks.refresh_from_db()
    assert walks.achievement_status and not walks.achievement_set_by_hand
    review_actions.set_status_by_hand(walks, cast.tess, "sustaining")
    review_actions.record_review(cast.tess, [GoalReview(goal=walks, therapist_progress=6)])
    walks.refresh_from_db()
    assert walks.achievement_status == "sustaining"


def test_letting_accord_decide_clears_the_hand_set_status(cast, walks):
    check_in(cast.cam, [walks], value=3, progress=9)
    review_actions.set_status_by_hand(walks, cast.tess, "worsening")
    review_actions.let_accord_decide(walks, cast.tess)
    walks.refresh_from_db()
    assert not walks.achievement_set_by_hand
    assert walks.achievement_status == "achieved"
    assert not status.goal_progress(walks).status.manual


def test_only_a_therapist_sets_a_status_and_only_from_the_value_set(cast, walks):
    with pytest.raises(ReviewError):
        review_actions.set_status_by_hand(walks, cast.cam_user, "achieved")
    with pytest.raises(ReviewError):
        review_actions.set_status_by_hand(walks, cast.tess, "nearly-there")
    walks.refresh_from_db()
    assert not walks.achievement_set_by_hand


def test_completing_a_goal_is_achieved_by_hand(cast, walks):
    from accord.goals.actions import close_goal

    close_goal(walks, cast.tess, completed=True)
    found = status.goal_progress(walks).status
    assert found.manual and found.fhir == "achieved"


# --- one place, few queries ----------------------------------------------------------------------------


def test_many_goals_and_check_ins_take_three_queries(cast):
    goals = [planned_goal(cast) for _ in range(3)]
    for goal in goals:
        add_values(goal, [1, 2, 2.5])
    with CaptureQueriesContext(connection) as few:
        status.client_progress(cast.cam, today=WEEK4)
    for goal in goals:
        add_values(goal, [1] * 200, every_days=1, first_day=40)
    with CaptureQueriesContext(connection) as many:
        progress = status.client_progress(cast.cam, today=WEEK4)
    assert len(few) == len(many) == 3
    assert len(progress) == 3 and all(len(p.entries) == 203 for p in progress)


def test_statuses_by_goal_lists_only_agreed_goals(cast, walks):
    from accord.goals.actions import propose_goal

    proposal = propose_goal(cast.cam, cast.cam_user, words="Sleep better")
    found = status.statuses_by_goal(cast.cam, today=WEEK4)
    assert walks.pk in found and proposal.pk not in found


def test_another_clients_goals_are_never_mixed_in(cast, walks):
    caseys = planned_goal(cast, client=cast.casey)
    add_values(caseys, [3, 3])
    assert [p.goal.pk for p in status.client_progress(cast.cam)] == [walks.pk]
    assert WALKS_PLAN["target"] == 3
