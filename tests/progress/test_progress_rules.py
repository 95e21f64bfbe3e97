"""Progress status and divergence rules over constructed series (no database)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.progress.rules import (
    ACHIEVED,
    BEHIND,
    ON_TRACK,
    STALLED,
    TOO_EARLY,
    GoalPlan,
    Point,
    ProgressRules,
    divergence,
    goal_status,
)

START = dt.date(2026, 1, 5)
WALKS = GoalPlan(baseline=0, target=3, start=START, target_date=START + dt.timedelta(weeks=10))
WORRY = GoalPlan(
    baseline=8, target=3, start=START, target_date=START + dt.timedelta(weeks=10), lower_is_better=True
)


def weekly(values, start=START):
    return [Point(start + dt.timedelta(weeks=i + 1), v) for i, v in enumerate(values)]


def status(plan, values, today=None, **kwargs):
    points = weekly(values)
    return goal_status(plan, points, today=today or points[-1].on if points else START, **kwargs)


def test_one_value_is_too_early():
    assert status(WALKS, [1]).key == TOO_EARLY


def test_reaching_the_target_is_achieved_even_early():
    result = status(WALKS, [1, 3])
    assert result.key == ACHIEVED
    assert "3" in result.reason


def test_lower_is_better_goals_are_achieved_going_down():
    assert status(WORRY, [7, 5, 3]).key == ACHIEVED


def test_following_the_expected_path_is_on_track():
    # After 4 of 10 weeks the path expects 1.2 walks a week.
    result = status(WALKS, [0.5, 1, 1, 1.5])
    assert result.key == ON_TRACK
    assert "1.2" in result.reason


def test_trailing_the_path_by_more_than_the_tolerance_is_behind():
    result = status(WALKS, [0, 1, 0, 0.5, 0.5, 1])
    assert result.key == BEHIND
    assert "expected" in result.reason


def test_no_change_over_three_checkins_is_stalled_with_the_reason():
    result = status(WALKS, [1, 2, 2, 2])
    assert result.key == STALLED
    assert result.reason == "No change over the last 3 check-ins."


def test_three_weeks_without_a_value_is_stalled():
    points = weekly([1, 2])
    result = goal_status(WALKS, points, today=points[-1].on + dt.timedelta(days=21))
    assert result.key == STALLED
    assert "21 days" in result.reason


def test_falling_confidence_is_stalled():
    result = status(WALKS, [0.5, 1, 1.5], confidence=[8, 6, 4])
    assert result.key == STALLED
    assert "8 → 6 → 4" in result.reason


def test_thresholds_are_settings():
    strict = ProgressRules(stalled_after_checkins=2)
    assert status(WALKS, [1, 2, 2], rules=strict).key == STALLED
    assert status(WALKS, [1, 2, 2]).key != STALLED


def test_without_a_target_date_direction_decides():
    plan = GoalPlan(baseline=0, target=3, start=START, target_date=None)
    assert status(plan, [0, 1]).key == ON_TRACK
    assert status(plan, [1, 0.5]).key == BEHIND


@given(st.lists(st.floats(min_value=0, max_value=10, allow_nan=False), min_size=0, max_size=12))
def test_every_series_gets_exactly_one_known_status(values):
    plan = GoalPlan(baseline=2, target=8, start=START, target_date=START + dt.timedelta(weeks=12))
    assert status(plan, values).key in {ON_TRACK, BEHIND, STALLED, ACHIEVED, TOO_EARLY}


@pytest.mark.parametrize(
    ("client", "therapist", "flagged"), [(7, 4, True), (7, 5, False), (2, 9, True), (None, 4, False)]
)
def test_rating_divergence_at_three_points(client, therapist, flagged):
    assert bool(divergence(client_rating=client, therapist_rating=therapist)) is flagged


@pytest.mark.parametrize(("client", "therapist", "flagged"), [(1, -1, True), (1, 0, False), (-2, 0, True)])
def test_gas_divergence_at_two_levels(client, therapist, flagged):
    assert bool(divergence(client_gas=client, therapist_gas=therapist)) is flagged
