"""The SMART coach's verdicts: structured-field rules, the result's exact shape, and that it is advisory —
it never raises, whatever it is given."""

from __future__ import annotations

import json
import time
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.goals import smart
from accord.goals.smart import CRITERIA, MEASURE_KINDS, GoalFields, analyse

TODAY = date(2026, 1, 15)


def check(text: str = "", **given_fields) -> dict:
    return analyse(text, fields=GoalFields(today=TODAY, **given_fields)).to_dict()


def met(result: dict, criterion: str) -> bool | None:
    return result["criteria"][criterion]["met"]


def codes(result: dict) -> set[str]:
    return {w["code"] for w in result["warnings"]}


def in_weeks(n: float) -> date:
    return TODAY + timedelta(days=round(7 * n))


# --- shape --------------------------------------------------------------------------------------------------


def assert_shape(result: dict) -> None:
    assert list(result) == ["criteria", "unrealistic", "warnings", "suggestions"]
    assert list(result["criteria"]) == list(CRITERIA)
    assert CRITERIA == ("specific", "measurable", "achievable", "relevant", "time_bound")
    for criterion in result["criteria"].values():
        assert set(criterion) == {"met", "feedback"}
        assert criterion["met"] in (True, False, None)
        assert all(isinstance(line, str) and line for line in criterion["feedback"])
    assert isinstance(result["unrealistic"], bool)
    for warning in result["warnings"]:
        assert set(warning) == {"code", "message"}
    assert all(isinstance(line, str) and line for line in result["suggestions"])
    json.dumps(result)  # plain JSON, ready for the API


def test_to_dict_has_exactly_the_documented_shape():
    result = check("Never walk", measure_kind="rating_0_10", baseline=2, target=12, client_confidence=3)
    assert_shape(result)
    assert codes(result) == {"absolute_wording", "target_out_of_range", "low_confidence"}


def test_a_good_goal_meets_the_text_criteria_and_warns_of_nothing():
    result = check("Go for a 20-minute walk three times a week for the next six weeks.")
    assert [met(result, c) for c in CRITERIA] == [True, True, None, None, True]
    assert result["warnings"] == []
    assert result["unrealistic"] is False
    assert result["suggestions"] == []


def test_empty_text_and_no_fields_cannot_be_judged():
    result = check("")
    assert [met(result, c) for c in CRITERIA] == [None] * 5
    assert all(result["criteria"][c]["feedback"] for c in CRITERIA)  # each says what would let it judge


# --- specific, measurable -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Be happier", "Feel better about myself", "Improve my confidence"])
def test_vague_goals_are_not_specific_and_get_told_what_to_add(text):
    result = check(text)
    assert met(result, "specific") is False
    assert any("someone could see" in line for line in result["criteria"]["specific"]["feedback"])
    assert any("Putting it together" in line for line in result["suggestions"])


def test_a_feeling_with_an_action_is_specific_and_the_feeling_is_welcomed():
    feedback = check("Feel less lonely by calling a friend twice a week")["criteria"]["specific"]["feedback"]
    assert "“calling”" in feedback[0]
    assert any("feeling" in line for line in feedback)


def test_structured_measure_with_baseline_and_target_is_measurable():
    result = check("Feel less anxious", measure_kind="rating_0_10", baseline=8, target=4, unit="anxiety")
    assert met(result, "measurable") is True
    assert "from 8 to 4" in result["criteria"]["measurable"]["feedback"][0]


def test_a_measure_kind_without_baseline_or_target_asks_for_them():
    result = check("Feel less anxious", measure_kind="rating_0_10")
    assert met(result, "measurable") is False
    assert any("baseline" in line for line in result["criteria"]["measurable"]["feedback"])


def test_direction_that_disagrees_with_the_numbers_is_pointed_out():
    result = check("", measure_kind="count_per_week", baseline=5, target=2, direction="increase")
    assert any("direction" in line for line in result["criteria"]["measurable"]["feedback"])


# --- achievable ---------------------------------------------------------------------------------------------


def test_confidence_of_seven_or_more_is_achievable():
    assert met(check("walk", client_confidence=7), "achievable") is True
    assert met(check("walk", client_confidence=10), "achievable") is True


def test_confidence_below_seven_is_not_yet_achievable_and_suggests_a_smaller_step():
    result = check("walk", client_confidence=6)
    assert met(result, "achievable") is False
    assert codes(result) == {"low_confidence"}
    assert result["unrealistic"] is False  # low confidence is a cue, not an unrealistic expectation
    assert any("smaller" in line for line in result["suggestions"])


def test_confidence_outside_0_to_10_is_left_out_with_a_note():
    result = check("walk", client_confidence=15)
    assert met(result, "achievable") is None
    assert any("0 to 10" in line for line in result["criteria"]["achievable"]["feedback"])


def test_achievable_needs_structured_fields():
    assert met(check("Go for a 20-minute walk three times a week for six weeks"), "achievable") is None


@pytest.mark.parametrize(
    ("given_fields", "in_range"),
    [
        ({"measure_kind": "rating_0_10", "target": 10}, True),
        ({"measure_kind": "rating_0_10", "target": 12}, False),
        ({"measure_kind": "rating_0_10", "target": -1}, False),
        ({"measure_kind": "yes_no_per_day", "target": 7}, True),
        ({"measure_kind": "yes_no_per_day", "target": 0.8}, True),
        ({"measure_kind": "yes_no_per_day", "target": 8}, False),
        ({"measure_kind": "minutes", "target": 1440}, True),
        ({"measure_kind": "minutes", "target": 1500}, False),
        ({"measure_kind": "count_per_week", "target": 400}, True),
        ({"measure_kind": "count_per_day", "target": -2}, False),
        ({"measure_kind": "standard_score", "unit": "PHQ-9", "target": 27}, True),
        ({"measure_kind": "standard_score", "unit": "PHQ-9", "target": 30}, False),
        ({"measure_kind": "standard_score", "unit": "gad7", "target": 22}, False),
        ({"measure_kind": "standard_score", "scale_min": 10, "scale_max": 50, "target": 5}, False),
        ({"measure_kind": "standard_score", "scale_min": 10, "scale_max": 50, "target": 20}, True),
    ],
)
def test_target_must_lie_in_the_measures_range(given_fields, in_range):
    result = check("", **given_fields)
    assert met(result, "achievable") is in_range
    assert ("target_out_of_range" in codes(result)) is not in_range
    assert result["unrealistic"] is not in_range


def test_unknown_standard_score_range_cannot_be_judged():
    assert met(check("", measure_kind="standard_score", target=99), "achievable") is None


@pytest.mark.parametrize(
    ("kind", "baseline", "target", "weeks", "plausible"),
    [
        ("rating_0_10", 8, 2, 2, False),  # 3 points a week
        ("rating_0_10", 8, 6, 4, True),
        ("rating_0_10", 2, 8, 4, True),  # 1.5 a week: at the limit
        ("standard_score", 18, 9, 3, False),  # PHQ-9: 3 points a week
        ("standard_score", 18, 9, 6, True),
        ("count_per_week", 1, 8, 2, False),  # ×2.8 a week
        ("count_per_week", 2, 4, 2, True),
        ("count_per_day", 20, 0, 1, True),  # a quit date is the therapist's call, not flagged
        ("count_per_day", 20, 2, 1, False),
        ("minutes", 0, 20, 1, True),  # from nothing to a short session is fine
        ("minutes", 10, 120, 2, False),
        ("yes_no_per_day", 0, 7, 1, False),
        ("yes_no_per_day", 1, 5, 3, True),
        ("yes_no_per_day", 0.5, 0.6, 1, True),  # fractions of days
    ],
)
def test_change_rate_must_be_plausible_for_the_time_given(kind, baseline, target, weeks, plausible):
    result = check(
        "", measure_kind=kind, unit="PHQ-9", baseline=baseline, target=target, target_date=in_weeks(weeks)
    )
    assert met(result, "achievable") is plausible
    assert ("implausible_rate" in codes(result)) is not plausible
    if not plausible:
        assert result["unrealistic"] is True
        assert any("milestones" in line for line in result["suggestions"])


def test_rate_uses_the_given_start_date():
    start = TODAY + timedelta(weeks=10)
    result = check(
        "", measure_kind="rating_0_10", baseline=8, target=6, start_date=start, target_date=in_weeks(11)
    )
    assert "implausible_rate" in codes(result)


def test_gad7_pace_is_scaled_to_its_range():
    # 7 points in 3 weeks on a 0–21 scale is faster than 2/27 of the range per week.
    result = check(
        "", measure_kind="standard_score", unit="GAD-7", baseline=15, target=8, target_date=in_weeks(3)
    )
    assert "implausible_rate" in codes(result)


def test_pace_read_from_the_text_warns_but_leaves_achievable_to_the_fields():
    result = check("Get my PHQ-9 down from 18 to 9 in 2 weeks")
    assert "implausible_rate" in codes(result)
    assert result["unrealistic"] is True
    assert met(result, "achievable") is None


def test_one_warning_per_code_when_text_and_fields_agree():
    result = check(
        "Bring my anxiety from 8 to 2 out of 10 in two weeks",
        measure_kind="rating_0_10",
        baseline=8,
        target=2,
        target_date=in_weeks(2),
    )
    assert [w["code"] for w in result["warnings"]].count("implausible_rate") == 1


# --- relevant -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("links", "importance", "expected"),
    [
        (2, None, True),
        (0, 3, True),
        (0, 2, True),
        (0, 1, False),
        (0, 0, False),
        (1, 0, True),  # linked to a need: relevant, with a note about the low rating
        (0, None, None),
        (0, 7, None),  # outside 0–3: left out
    ],
)
def test_relevant(links, importance, expected):
    result = check("walk", linked_needs_count=links, client_importance=importance)
    assert met(result, "relevant") is expected


def test_low_importance_gets_a_message_to_talk_about():
    feedback = check("walk", linked_needs_count=1, client_importance=0)["criteria"]["relevant"]["feedback"]
    assert len(feedback) == 2
    assert "0 out of 3" in feedback[1]


# --- time-bound ---------------------------------------------------------------------------------------------


def test_target_date_makes_it_time_bound_whatever_the_text():
    result = check("Call my sister every Sunday", target_date=date(2026, 4, 30))
    assert met(result, "time_bound") is True
    # dates are written for people (issue 11 point 9), with the year only when it isn't this year
    assert result["criteria"]["time_bound"]["feedback"][0] == "Target date: 30 April."
    assert "2026-04-30" not in str(result)


def test_target_date_that_is_not_ahead_is_questioned():
    result = check("walk", target_date=date(2025, 12, 1))
    assert met(result, "time_bound") is True
    assert any("isn't after the start" in line for line in result["criteria"]["time_bound"]["feedback"])


def test_time_frame_in_text_is_time_bound_with_its_estimated_date():
    feedback = check("Walk daily until the end of March")["criteria"]["time_bound"]["feedback"]
    assert feedback[0] == "Time frame: “the end of March”."
    assert "around 31 March —" in feedback[1]


@pytest.mark.parametrize(
    ("text", "explains"),
    [
        ("Call my sister every Sunday", "how often"),
        ("Go to bed by 11pm", "how often"),
        ("From next Monday, walk daily", "start"),
    ],
)
def test_recurrence_time_of_day_or_start_alone_is_not_time_bound(text, explains):
    result = check(text)
    assert met(result, "time_bound") is False
    assert explains in result["criteria"]["time_bound"]["feedback"][0]


# --- unrealistic --------------------------------------------------------------------------------------------


def test_absolute_wording_is_unrealistic():
    result = check("Never drink again")
    assert codes(result) == {"absolute_wording"}
    assert "“Never”" in result["warnings"][0]["message"]
    assert result["unrealistic"] is True


def test_describing_how_things_are_now_is_not_absolute_wording():
    result = check("I always skip breakfast, so eat breakfast on 4 days a week by the end of the month")
    # an eating goal gets the gentle safety note (issue 11 point 8), but nothing about all-or-nothing wording
    assert [w["code"] for w in result["warnings"]] == ["sensitive_topic"]
    assert result["unrealistic"] is False


# --- advisory: never raises ---------------------------------------------------------------------------------


def test_huge_text_is_analysed_quickly():
    started = time.monotonic()
    result = analyse("walk three times a week by May and never give up " * 50_000)
    assert time.monotonic() - started < 5
    assert_shape(result.to_dict())


def test_text_that_is_not_a_string_is_treated_as_empty():
    assert_shape(analyse(None).to_dict())  # type: ignore[arg-type]


def test_same_input_same_output():
    fields = GoalFields(today=TODAY, client_confidence=5, measure_kind="rating_0_10", baseline=3, target=9)
    assert analyse("walk more", fields=fields) == analyse("walk more", fields=fields)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_well_formed_result(text):
    assert_shape(analyse(text, fields=GoalFields(today=TODAY)).to_dict())


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.dates(),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=100),
    st.fixed_dictionaries(
        {f.name: anything for f in dataclass_fields(GoalFields) if f.name != "today"},
    ),
    st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31)),
)
def test_any_fields_give_a_well_formed_result(text, given_fields, today):
    assert_shape(analyse(text, fields=GoalFields(today=today, **given_fields)).to_dict())


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(MEASURE_KINDS),
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
    st.integers(1, 400),
    st.integers(0, 10),
)
def test_any_sensible_measure_gives_a_well_formed_result(kind, baseline, target, days, confidence):
    result = check(
        "",
        measure_kind=kind,
        baseline=baseline,
        target=target,
        target_date=TODAY + timedelta(days=days),
        client_confidence=confidence,
    )
    assert_shape(result)


def test_a_datetime_target_date_is_read_as_its_day():
    result = check("walk", target_date=datetime(2026, 3, 1, 12, 0))
    assert met(result, "time_bound") is True


# --- every user-facing string goes through _() --------------------------------------------------------------


def test_feedback_and_warnings_are_marked_for_translation(monkeypatch):
    monkeypatch.setattr(smart, "_", lambda message: f"⟦{message}⟧")
    cases = [
        ("", GoalFields(today=TODAY)),
        ("Be happier always", GoalFields(today=TODAY, client_confidence=4, client_importance=1)),
        ("From next Monday, walk", GoalFields(today=TODAY, measure_kind="minutes", linked_needs_count=1)),
        ("Get my PHQ-9 down from 18 to 30 in 2 weeks", GoalFields(today=TODAY, client_importance=3)),
        (
            "Walk every day by May",
            GoalFields(
                today=TODAY,
                measure_kind="rating_0_10",
                baseline=2,
                target=9,
                target_date=date(2026, 1, 20),
                direction="decrease",
                client_confidence=15,
            ),
        ),
    ]
    for text, given_fields in cases:
        result = analyse(text, fields=given_fields).to_dict()
        lines = [line for c in result["criteria"].values() for line in c["feedback"]]
        lines += [w["message"] for w in result["warnings"]]
        assert lines
        assert all(line.startswith("⟦") and line.endswith("⟧") for line in lines), lines
