"""Progress status and divergence rules over constructed series (no database)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.checkins.progress import (
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


# --- exact boundaries, true reasons and the baseline (issue 11 points 2–4) ---------------------------------


def test_exactly_the_tolerance_behind_is_on_track_and_a_hair_more_is_behind():
    # After 4 of 10 weeks the path expects 1.2 of 3; 15 % of 3 is 0.45, so 0.75 is exactly at the edge.
    assert status(WALKS, [0.5, 0.8, 1.1, 0.75]).key == ON_TRACK
    assert status(WALKS, [0.5, 0.8, 1.1, 0.7499]).key == BEHIND
    # Lower is better: 8 → 3; after 4 weeks the path expects 6; 15 % of 5 is 0.75.
    assert status(WORRY, [7.5, 7, 6.5, 6.75]).key == ON_TRACK
    assert status(WORRY, [7.5, 7, 6.5, 6.76]).key == BEHIND


def test_a_tolerance_of_ten_percent_is_exact_too():
    # 0.3 of the 3 walks is 10 %: 1.2 - 0.3 = 0.9 sits on the boundary.
    rules = ProgressRules(tolerance_fraction=0.1)
    assert status(WALKS, [0.5, 0.7, 1.0, 0.9], rules=rules).key == ON_TRACK


def test_within_the_tolerance_the_reason_never_says_at_or_ahead():
    result = status(WALKS, [0.5, 0.8, 1.1, 1])
    assert result.key == ON_TRACK
    assert "at or ahead" not in result.reason
    assert "0.2 short of the expected 1.2: within the 0.45 allowed" in result.reason


def test_back_at_the_baseline_is_behind_even_early_on():
    result = status(WALKS, [1, 0])
    assert result.key == BEHIND
    assert result.reason.endswith("is no further than the starting 0.")


def test_a_maintenance_goal_is_not_stalled_by_holding_steady():
    keep = GoalPlan(baseline=7, target=7, start=START, target_date=None, scale_range=10)
    result = status(keep, [7, 7, 7, 7])
    assert result.key == ON_TRACK and result.fhir == "sustaining"


def test_quoted_numbers_get_decimals_until_the_claim_holds():
    from fractions import Fraction

    from accord.checkins.progress import quoted

    assert quoted(Fraction(4), Fraction(40001, 10000), lambda a, b: a < b) == ("4", "4.0001")
    assert quoted(Fraction(1), Fraction(12, 10), lambda a, b: a < b) == ("1", "1.2")


# Values as people write them: whole numbers or one or two decimals.
decimals = st.integers(min_value=0, max_value=2000).map(lambda n: n / 100)


@st.composite
def plans(draw):
    baseline, target = draw(decimals), draw(decimals)
    if baseline == target:
        target = baseline + 1
    weeks = draw(st.integers(min_value=1, max_value=30))
    dated = draw(st.booleans())
    return GoalPlan(
        baseline=baseline,
        target=target,
        start=START,
        target_date=START + dt.timedelta(weeks=weeks) if dated else None,
        lower_is_better=target < baseline,
    )


@st.composite
def series(draw, plan):
    n = draw(st.integers(min_value=2, max_value=8))
    gaps = draw(st.lists(st.integers(min_value=0, max_value=20), min_size=n, max_size=n))
    values = draw(st.lists(decimals, min_size=n, max_size=n))
    days, day = [], START
    for gap in gaps:
        day += dt.timedelta(days=gap)
        days.append(day)
    return [Point(on, value) for on, value in zip(days, values, strict=True)]


@st.composite
def reagreed_versions(draw):
    """A goal agreed, then re-agreed any number of times: each time reworded (same plan), given a new
    date, or given a new baseline or target. Returns the agreed versions and the current plan's numbers."""
    from accord.checkins.status import AgreedVersion

    baseline, target = draw(decimals), draw(decimals)
    if baseline == target:
        target = baseline + 1
    versions, on = [AgreedVersion(1, START, "count_per_week", baseline, target)], START
    for number in range(2, draw(st.integers(min_value=1, max_value=8)) + 2):
        on += dt.timedelta(days=draw(st.integers(min_value=0, max_value=30)))
        change = draw(st.sampled_from(["reworded", "reworded", "new date", "new target", "new baseline"]))
        if change == "new target":
            target = draw(decimals.filter(lambda t, b=baseline: t != b))
        elif change == "new baseline":
            baseline = draw(decimals.filter(lambda b, t=target: b != t))
        versions.append(AgreedVersion(number, on, "count_per_week", baseline, target))
    return versions, baseline, target


@given(reagreed_versions(), st.data())
def test_a_value_at_the_baseline_is_never_on_track_after_any_number_of_reagreements(agreed, data):
    from types import SimpleNamespace

    from accord.checkins.status import plan_start

    versions, baseline, target = agreed
    current = versions[-1]
    start, agreed_on = plan_start(SimpleNamespace(number=current.number), versions, fallback=START)
    assert agreed_on == current.on and start <= agreed_on
    weeks = data.draw(st.integers(min_value=1, max_value=40))
    plan = GoalPlan(
        baseline=baseline,
        target=target,
        start=start,
        target_date=data.draw(st.sampled_from([None, start + dt.timedelta(weeks=weeks)])),
        lower_is_better=target < baseline,
    )
    earlier = data.draw(st.lists(decimals, min_size=0, max_size=6))
    days = [start + dt.timedelta(days=7 * (i + 1)) for i in range(len(earlier) + 1)]
    points = [Point(day, value) for day, value in zip(days, [*earlier, baseline], strict=True)]
    confidence = data.draw(st.lists(st.integers(min_value=0, max_value=10), max_size=6))
    result = goal_status(plan, points, today=days[-1], confidence=[float(c) for c in confidence])
    assert result.key != ON_TRACK, result.reason


NUMBER = r"(-?\d+(?:\.\d+)?)"


def claims_hold(plan: GoalPlan, result) -> None:
    """Every relation a reason states holds for the numbers it quotes, written as they are shown."""
    import re

    better = (lambda a, b: a <= b) if plan.lower_is_better else (lambda a, b: a >= b)
    strictly_worse = (lambda a, b: a > b) if plan.lower_is_better else (lambda a, b: a < b)
    reason = result.reason
    patterns = {
        "achieved": rf"^The latest value, {NUMBER}, reaches the target of {NUMBER}\.$",
        "no_further": rf"^{NUMBER} on \S+ is no further than the starting {NUMBER}\.$",
        "ahead": rf"^{NUMBER} on \S+, at or ahead of the expected {NUMBER}\.$",
        "short": rf"^{NUMBER} on \S+, {NUMBER} short of the expected {NUMBER}: (within|more than) the "
        rf"{NUMBER} allowed \({NUMBER} % of the way from {NUMBER} to {NUMBER}\)\.$",
        "moving": rf"^Moving towards the target \(no target date is set\): {NUMBER} on \S+, {NUMBER} on "
        rf"\S+\.$",
        "not_moving": rf"^Not yet moving towards the target \(no target date is set\): {NUMBER} on \S+, "
        rf"{NUMBER} on \S+\.$",
    }
    for name, pattern in patterns.items():
        found = re.match(pattern, reason)
        if not found:
            continue
        numbers = [float(g) if g not in ("within", "more than") else g for g in found.groups()]
        if name == "achieved":
            assert result.key == ACHIEVED and better(numbers[0], numbers[1]), reason
        elif name == "no_further":
            value, start = numbers
            assert result.key == BEHIND and (value >= start if plan.lower_is_better else value <= start), (
                reason
            )
        elif name == "ahead":
            assert result.key == ON_TRACK and better(numbers[0], numbers[1]), reason
        elif name == "short":
            value, short, expected, within, allowed = numbers[:5]
            assert strictly_worse(value, expected) and short > 0, reason
            if within == "within":
                assert result.key == ON_TRACK and short <= allowed, reason
            else:
                assert result.key == BEHIND and short > allowed, reason
        elif name == "moving":
            assert result.key == ON_TRACK and strictly_worse(numbers[0], numbers[1]), reason
        elif name == "not_moving":
            assert result.key == BEHIND and not strictly_worse(numbers[0], numbers[1]), reason
        return
    assert result.key in {STALLED, TOO_EARLY}, f"an unexpected reason: {reason}"


@given(st.data())
def test_reasons_never_contradict_the_numbers_they_quote(data):
    plan = data.draw(plans())
    points = data.draw(series(plan))
    result = goal_status(plan, points, today=max(p.on for p in points))
    claims_hold(plan, result)


@st.composite
def kept_plans(draw):
    """ "Keep it at" goals: the target is the baseline."""
    target = draw(decimals)
    return GoalPlan(
        baseline=target,
        target=target,
        start=START,
        target_date=draw(st.sampled_from([None, START + dt.timedelta(weeks=12)])),
        lower_is_better=draw(st.booleans()),
        scale_range=draw(st.sampled_from([None, 7, 10, 27])),
        better_side=draw(st.sampled_from(["", "higher", "lower"])),
    )


@given(st.data())
def test_keep_it_at_reasons_never_contradict_their_numbers(data):
    import re

    plan = data.draw(kept_plans())
    points = data.draw(series(plan))
    result = goal_status(plan, points, today=max(p.on for p in points))
    reason = result.reason
    if result.key in {STALLED, TOO_EARLY}:
        return
    at = re.match(rf"^{NUMBER} on \S+: at the {NUMBER} to keep it at\.$", reason)
    near = re.match(
        rf"^{NUMBER} on \S+: {NUMBER} from the {NUMBER} to keep it at, (within|more than) the {NUMBER} "
        r"allowed\.$",
        reason,
    )
    better = re.match(rf"^{NUMBER} on \S+: better than the {NUMBER} to keep it at\.$", reason)
    if at:
        value, target = map(float, at.groups())
        assert result.key == ON_TRACK and value == target, reason
    elif near:
        value, off, target, within, allowed = near.groups()
        value, off, target, allowed = map(float, (value, off, target, allowed))
        assert off > 0 and abs(abs(value - target) - off) < 1e-9, reason
        if within == "within":
            assert result.key == ON_TRACK and off <= allowed, reason
        else:
            assert result.key == BEHIND and off > allowed, reason
    elif better:
        value, target = map(float, better.groups())
        assert result.key == ON_TRACK
        assert value > target if plan.better_side == "higher" else value < target, reason
    else:
        raise AssertionError(f"an unexpected reason: {reason}")
    if result.key == ON_TRACK:
        assert result.fhir == "sustaining"
