"""Scoring and change rules, checked against CLINICAL.md's published examples and every band edge."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.assessments.registry import builtin_instruments
from accord.assessments.scoring import (
    NHS_TALKING_THERAPIES,
    AnswerError,
    ChangeConvention,
    describe_convention,
    is_case,
    jacobson_truax,
    plain_words_for_client,
    recovery_status,
    reliable_change,
    remission,
    response,
    score_response,
    validate_answers,
)

INSTRUMENTS = builtin_instruments()
PHQ9 = INSTRUMENTS["phq9"]
GAD7 = INSTRUMENTS["gad7"]


def answers_for(instrument, values):
    return {f"q{number}": value for number, value in enumerate(values, start=1)}


def phq9_with_total(total, item9=0):
    """PHQ-9 answers adding up to ``total``, with item 9 fixed, filling items 1–8 from the top."""
    rest = total - item9
    values = []
    for _ in range(8):
        values.append(min(3, rest))
        rest -= values[-1]
    assert rest == 0
    return answers_for(PHQ9, [*values, item9])


def gad7_with_total(total):
    rest, values = total, []
    for _ in range(7):
        values.append(min(3, rest))
        rest -= values[-1]
    return answers_for(GAD7, values)


# --- CLINICAL.md examples -----------------------------------------------------------------------------------


def test_phq9_published_example():
    result = score_response(PHQ9, answers_for(PHQ9, [3, 3, 2, 2, 2, 2, 2, 1, 0]))
    assert result.total == 17
    assert result.band_key == "moderately_severe"
    assert result.band_label == "Moderately severe"
    assert result.flags == ()
    assert not result.has_safety_flag
    assert result.max_total == 27


def test_gad7_published_example():
    result = score_response(GAD7, answers_for(GAD7, [2, 2, 1, 1, 1, 2, 1]))
    assert result.total == 10
    assert result.band_key == "moderate"
    assert result.flags == ()


# --- band edges ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_edges(total, band):
    # Items 1-8 reach 24 at most; above that, item 9 carries the rest.
    result = score_response(PHQ9, phq9_with_total(total, item9=max(0, total - 24)))
    assert (result.total, result.band_key) == (total, band)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_edges(total, band):
    result = score_response(GAD7, gad7_with_total(total))
    assert (result.total, result.band_key) == (total, band)


# --- PHQ-9 item 9 -------------------------------------------------------------------------------------------


def test_item9_flag_at_total_1():
    result = score_response(PHQ9, phq9_with_total(1, item9=1))
    assert result.total == 1
    assert result.band_key == "minimal"
    assert [flag.key for flag in result.flags] == ["item9_positive"]
    flag = result.flags[0]
    assert (flag.item, flag.answer, flag.severity) == ("q9", 1, "safety")
    assert "screen, not a risk assessment" in flag.note
    assert result.has_safety_flag


def test_item9_flag_at_total_27():
    result = score_response(PHQ9, phq9_with_total(27, item9=3))
    assert result.total == 27
    assert [flag.key for flag in result.flags] == ["item9_positive"]


def test_no_item9_flag_when_item9_is_zero_even_at_high_total():
    result = score_response(PHQ9, phq9_with_total(24, item9=0))
    assert result.flags == ()


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_item9_flag_raised_exactly_when_item9_above_zero(values):
    result = score_response(PHQ9, answers_for(PHQ9, values))
    assert result.has_safety_flag == (values[8] > 0)


# --- properties over all answer combinations ---------------------------------------------------------------


@pytest.mark.parametrize("instrument", [PHQ9, GAD7], ids=lambda i: i.key)
@given(data=st.data())
def test_total_is_sum_of_scored_items(instrument, data):
    values = {item.key: data.draw(st.sampled_from(item.values)) for item in instrument.scored_items}
    result = score_response(instrument, values)
    assert result.total == sum(values.values())
    assert dict(result.item_scores) == values
    assert result.band is not None and result.band.covers(result.total)


@pytest.mark.parametrize("instrument", [PHQ9, GAD7], ids=lambda i: i.key)
def test_exactly_one_band_covers_each_possible_total(instrument):
    for total in range(instrument.scoring.min, instrument.scoring.max + 1):
        assert sum(band.covers(total) for band in instrument.bands) == 1, total


def test_phq9_difficulty_question_is_asked_but_not_scored():
    answers = {**phq9_with_total(12), "difficulty": 3}
    result = score_response(PHQ9, answers)
    assert result.total == 12
    assert "difficulty" not in result.item_scores
    assert result.answers["difficulty"] == 3


def test_form_strings_are_accepted_as_numbers():
    answers = {key: str(value) for key, value in answers_for(GAD7, [2, 2, 1, 1, 1, 2, 1]).items()}
    assert score_response(GAD7, answers).total == 10


# --- answer errors ------------------------------------------------------------------------------------------


def test_missing_answers_are_all_named():
    answers = phq9_with_total(10)
    del answers["q2"], answers["q9"]
    with pytest.raises(AnswerError) as caught:
        score_response(PHQ9, answers)
    assert caught.value.errors == {"q2": "Please answer this question.", "q9": "Please answer this question."}


def test_out_of_range_and_missing_answers_are_all_named_together():
    answers = {**answers_for(GAD7, [4, -1, "often", 1, 1, 2.5, True]), "q4": ""}
    with pytest.raises(AnswerError) as caught:
        validate_answers(GAD7, answers)
    errors = caught.value.errors
    assert set(errors) == {"q1", "q2", "q3", "q4", "q6", "q7"}
    assert errors["q1"] == "Choose one of the answers shown."
    assert errors["q4"] == "Please answer this question."


def test_unscored_items_are_optional():
    result = score_response(PHQ9, phq9_with_total(3))
    assert "difficulty" not in result.answers


def test_unknown_answer_key_is_named():
    with pytest.raises(AnswerError) as caught:
        score_response(GAD7, {**gad7_with_total(3), "q8": 1})
    assert set(caught.value.errors) == {"q8"}


@given(st.dictionaries(st.sampled_from([f"q{n}" for n in range(1, 10)]), st.integers(4, 100), min_size=1))
def test_every_bad_item_is_named(bad):
    answers = {**phq9_with_total(9), **bad}
    with pytest.raises(AnswerError) as caught:
        score_response(PHQ9, answers)
    assert set(caught.value.errors) == set(bad)


def test_scale_answers_checked_against_bounds_and_bounds_travel_with_rating():
    readiness = INSTRUMENTS["readiness"]
    with pytest.raises(AnswerError) as caught:
        score_response(readiness, {"importance": 11, "confidence": "abc"})
    assert caught.value.errors == {
        "importance": "Choose a number from 0 to 10.",
        "confidence": "Choose a number from 0 to 10.",
    }
    result = score_response(readiness, {"importance": 8, "confidence": 4})
    assert result.total is None and result.band is None
    assert result.scale_bounds == {"importance": (0, 10), "confidence": (0, 10)}
    assert [flag.key for flag in result.flags] == ["low_confidence"]
    assert score_response(readiness, {"importance": 8, "confidence": 7}).flags == ()


def test_session_checkin_needs_its_three_ratings_but_not_the_comment():
    checkin = INSTRUMENTS["session_checkin"]
    with pytest.raises(AnswerError) as caught:
        score_response(checkin, {"goals": 7})
    assert set(caught.value.errors) == {"way_of_working", "understood"}
    result = score_response(checkin, {"goals": 7, "way_of_working": 8, "understood": 9})
    assert result.total is None


def test_intake_text_lists_and_choice():
    intake = INSTRUMENTS["intake"]
    result = score_response(
        intake,
        {
            "what_brings_you": "  Sleep and worry  ",
            "strengths": ["Patient", " ", "Good with my kids"],
            "values": "Family",
            "previous_therapy": "yes",
            "importance": "9",
        },
    )
    assert result.answers["what_brings_you"] == "Sleep and worry"
    assert result.answers["strengths"] == ("Patient", "Good with my kids")
    assert result.answers["values"] == ("Family",)
    assert result.answers["importance"] == 9
    with pytest.raises(AnswerError) as caught:
        score_response(intake, {"previous_therapy": "maybe", "hopes": 5, "challenges": [1, 2]})
    assert set(caught.value.errors) == {"previous_therapy", "hopes", "challenges"}


def test_intake_can_be_saved_empty():
    assert score_response(INSTRUMENTS["intake"], {}).answers == {}


# --- change rules (NHS Talking Therapies defaults) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "baseline", "latest", "expected"),
    [
        ("phq9", 17, 11, "improvement"),
        ("phq9", 17, 12, "no_reliable_change"),
        ("phq9", 11, 17, "deterioration"),
        ("phq9", 12, 17, "no_reliable_change"),
        ("phq9", 10, 10, "no_reliable_change"),
        ("gad7", 12, 8, "improvement"),
        ("gad7", 12, 9, "no_reliable_change"),
        ("gad7", 8, 12, "deterioration"),
        ("gad7", 9, 12, "no_reliable_change"),
    ],
)
def test_reliable_change(key, baseline, latest, expected):
    assert reliable_change(key, baseline, latest) == expected


def test_reliable_change_for_a_higher_is_better_measure():
    convention = ChangeConvention(name="Practice", reliable_change={"wellbeing": 3}, caseness={})
    assert reliable_change("wellbeing", 10, 13, convention, lower_is_better=False) == "improvement"
    assert reliable_change("wellbeing", 13, 10, convention, lower_is_better=False) == "deterioration"


def test_unknown_measure_in_convention_is_a_clear_error():
    with pytest.raises(ValueError, match="NHS Talking Therapies convention has no reliable-change threshold"):
        reliable_change("ors", 20, 30)


@pytest.mark.parametrize(
    ("key", "score", "case"),
    [("phq9", 9, False), ("phq9", 10, True), ("gad7", 7, False), ("gad7", 8, True)],
)
def test_caseness(key, score, case):
    assert is_case(key, score) is case


def test_recovery_and_reliable_recovery():
    status = recovery_status(baseline_phq=15, baseline_gad=6, latest_phq=8, latest_gad=5)
    assert status.case_at_baseline and not status.case_now
    assert status.recovered and status.reliably_improved and status.reliably_recovered
    assert not status.reliable_deterioration


def test_recovery_without_reliable_improvement():
    status = recovery_status(baseline_phq=11, baseline_gad=7, latest_phq=9, latest_gad=7)
    assert status.recovered
    assert not status.reliably_improved and not status.reliably_recovered


def test_no_recovery_while_still_a_case_on_one_measure():
    status = recovery_status(baseline_phq=18, baseline_gad=14, latest_phq=6, latest_gad=9)
    assert not status.recovered
    assert status.reliably_improved and not status.reliably_recovered


def test_no_recovery_when_not_a_case_at_baseline():
    status = recovery_status(baseline_phq=9, baseline_gad=7, latest_phq=2, latest_gad=1)
    assert not status.case_at_baseline and not status.recovered and not status.reliably_recovered
    assert status.reliably_improved


def test_improvement_on_one_and_deterioration_on_the_other_is_not_reliable_improvement():
    status = recovery_status(baseline_phq=16, baseline_gad=4, latest_phq=9, latest_gad=8)
    assert status.reliable_deterioration
    assert not status.reliably_improved and not status.reliably_recovered


def test_recovery_note_names_the_convention():
    status = recovery_status(15, 10, 4, 4)
    assert status.convention_note.startswith("NHS Talking Therapies:")


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [(20, 10, True), (20, 11, False), (17, 8, True), (17, 9, False), (0, 0, False)],
)
def test_response_is_a_fall_of_half(baseline, latest, expected):
    assert response(baseline, latest) is expected


@pytest.mark.parametrize(("phq", "expected"), [(4, True), (5, False), (0, True)])
def test_remission(phq, expected):
    assert remission(phq) is expected


def test_convention_is_a_setting():
    strict = ChangeConvention(name="Strict", reliable_change={"phq9": 7, "gad7": 5}, caseness={"phq9": 12})
    assert reliable_change("phq9", 17, 11, strict) == "no_reliable_change"
    assert is_case("phq9", 11, strict) is False
    assert NHS_TALKING_THERAPIES.reliable_change["phq9"] == 6


# --- Jacobson–Truax ----------------------------------------------------------------------------------------


def test_jacobson_truax_published_example():
    result = jacobson_truax(pre=18, post=11, sd=5.5, reliability=0.84)
    assert result.se == pytest.approx(2.2)
    assert round(result.s_diff, 3) == 3.111
    assert round(result.threshold, 2) == 6.10
    assert round(result.rci, 2) == -2.25
    assert result.reliable


def test_jacobson_truax_small_change_is_not_reliable():
    result = jacobson_truax(pre=18, post=13, sd=5.5, reliability=0.84)
    assert not result.reliable


@given(
    pre=st.integers(0, 27),
    post=st.integers(0, 27),
    sd=st.floats(0.5, 20),
    reliability=st.floats(0, 0.99),
)
def test_jacobson_truax_reliable_matches_threshold(pre, post, sd, reliability):
    result = jacobson_truax(pre, post, sd, reliability)
    assert math.isclose(abs(result.rci) * result.s_diff, abs(post - pre), abs_tol=1e-9)
    if not math.isclose(abs(post - pre), result.threshold, rel_tol=1e-9):
        assert result.reliable == (abs(post - pre) > result.threshold)


@pytest.mark.parametrize(("sd", "reliability"), [(0, 0.8), (-1, 0.8), (5, 1), (5, -0.1)])
def test_jacobson_truax_rejects_impossible_inputs(sd, reliability):
    with pytest.raises(ValueError):
        jacobson_truax(10, 5, sd, reliability)


# --- plain words --------------------------------------------------------------------------------------------


def test_plain_words_for_a_reliable_fall():
    words = plain_words_for_client(PHQ9, baseline=17, latest=9)
    assert words.headline == "Your score is lower than when you started — that's a real change."
    assert "from 17 to 9" in words.detail
    assert words.convention_note.startswith(
        "NHS Talking Therapies: reliable improvement = PHQ-9 falls by 6 or more"
    )


def test_plain_words_for_a_small_fall_make_no_claim_of_real_change():
    words = plain_words_for_client(GAD7, baseline=12, latest=10)
    assert "a little lower" in words.headline
    assert "real change" in words.headline and "too soon" in words.headline
    assert "GAD-7 falls by 4 or more" in words.convention_note


def test_plain_words_for_a_reliable_rise_and_no_change():
    assert (
        "higher than when you started — that's a real change" in plain_words_for_client(PHQ9, 8, 15).headline
    )
    assert plain_words_for_client(PHQ9, 8, 8).headline == "Your score is the same as when you started."


def test_convention_note_for_a_measure_without_thresholds():
    note = describe_convention(INSTRUMENTS["session_checkin"])
    assert "no reliable-change threshold" in note
