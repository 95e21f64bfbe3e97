"""The SMART coach's readers: numbers, frequencies, durations, time frames and absolute wording."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.goals.smart import (
    find_absolutes,
    find_actions,
    find_durations,
    find_frequencies,
    find_measures,
    find_time_frames,
    parse_number,
)

TODAY = date(2026, 1, 15)  # a Thursday


# --- numbers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20", 20),
        ("2.5", 2.5),
        ("8,000", 8000),
        ("zero", 0),
        ("one", 1),
        ("seven", 7),
        ("Twelve", 12),
        ("nineteen", 19),
        ("twenty", 20),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("thirty", 30),
        ("ninety-nine", 99),
        ("hundred", 100),
        ("a hundred", 100),
        ("three hundred", 300),
        ("a couple", 2),
        ("a couple of", 2),
        ("half", 0.5),
        ("once", 1),
        ("twice", 2),
        ("thrice", 3),
        ("three times", 3),
        ("10 times", 10),
        ("3x", 3),
        ("a dozen", 12),
        ("  six  ", 6),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["", "lots", "a few", "several", "more", "times", "x", "six-ish", "sixty-ten"]
)
def test_parse_number_gives_none_for_what_is_not_a_number(text):
    assert parse_number(text) is None


@given(st.integers(0, 10**9))
def test_parse_number_reads_any_digits(n):
    assert parse_number(str(n)) == n


@given(st.text(max_size=40))
def test_parse_number_never_raises(text):
    assert parse_number(text) is None or isinstance(parse_number(text), float)


# --- frequencies --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "times", "per"),
    [
        ("walk three times a week", 3, "week"),
        ("twice a day", 2, "day"),
        ("once a fortnight", 1, "fortnight"),
        ("go to the gym like 3x a week", 3, "week"),
        ("5 times per month", 5, "month"),
        ("every morning", 1, "day"),
        ("each night", 1, "day"),
        ("every single night", 1, "day"),
        ("daily", 1, "day"),
        ("weekly", 1, "week"),
        ("every day", 1, "day"),
        ("every Sunday", 1, "week"),
        ("on Saturdays", 1, "week"),
        ("on Saturday mornings", 1, "week"),
        ("on weekdays", 5, "week"),
        ("at weekends", 2, "week"),
        ("eat breakfast five days a week", 5, "week"),
        ("four nights a week", 4, "week"),
        ("one afternoon a week", 1, "week"),
        ("on 4 days out of 7", 4, "week"),
        ("every other weekend", 1, "2 weeks"),
        ("every 2 days", 1, "2 days"),
        ("at least twice", 2, None),
        ("three times", 3, None),
    ],
)
def test_find_frequencies(text, times, per):
    (found,) = find_frequencies(text)
    assert (found.times, found.per) == (times, per)


def test_frequency_keeps_the_writers_words_and_position():
    text = "Call my sister Every Sunday."
    (found,) = find_frequencies(text)
    assert found.text == "Every Sunday"
    assert text[found.span[0] : found.span[1]] == "Every Sunday"


@pytest.mark.parametrize(
    "text",
    [
        "by 11pm",
        "walk more",
        "save £50 a month",
        "never miss a day",
        "a few times",
        "for the week",
        "someone",
    ],
)
def test_no_frequency(text):
    assert find_frequencies(text) == []


# --- durations ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("meditate for 10 minutes", 10),
        ("a 20-minute walk", 20),
        ("half an hour", 30),
        ("an hour", 60),
        ("an hour and a half", 90),
        ("one and a half hours", 90),
        ("1.5 hours", 90),
        ("2 hours", 120),
        ("for 5 mins", 5),
        ("a quarter of an hour", 15),
        ("reply within 24 hours", 1440),
        ("go a whole week without smoking", 7 * 24 * 60),
        ("sleep seven hours", 420),
    ],
)
def test_find_durations(text, minutes):
    (found,) = find_durations(text)
    assert found.minutes == pytest.approx(minutes)


@pytest.mark.parametrize(
    "text",
    ["for the next six weeks", "in 3 months", "within six weeks", "five days a week", "over the next month"],
)
def test_periods_and_frequencies_are_not_durations(text):
    assert find_durations(text) == []


# --- time frames --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "ends_on"),
    [
        ("by the end of April", "deadline", date(2026, 4, 30)),
        ("until the end of the month", "deadline", date(2026, 1, 31)),
        ("by the end of next week", "deadline", date(2026, 1, 25)),
        ("within six weeks", "period", date(2026, 2, 26)),
        ("for the next 30 days", "period", date(2026, 2, 14)),
        ("over the next month", "period", date(2026, 2, 15)),
        ("in 3 months", "period", date(2026, 4, 15)),
        ("for a fortnight", "period", date(2026, 1, 29)),
        ("two weeks from now", "period", date(2026, 1, 29)),
        ("by March 3", "deadline", date(2026, 3, 3)),
        ("by March 3rd", "deadline", date(2026, 3, 3)),
        ("3 March", "date", date(2026, 3, 3)),
        ("on the 3rd of March", "date", date(2026, 3, 3)),
        ("by 1 January", "deadline", date(2027, 1, 1)),  # already past this year, so next year
        ("by 2027-05-01", "deadline", date(2027, 5, 1)),
        ("in March 2027", "period", date(2027, 3, 31)),
        ("during March", "period", date(2026, 3, 31)),
        ("before June", "deadline", date(2026, 5, 31)),
        ("by mid-May", "deadline", date(2026, 5, 15)),
        ("by Christmas", "deadline", date(2026, 12, 25)),
        ("before Christmas", "deadline", date(2026, 12, 24)),
        ("by Easter", "deadline", date(2026, 4, 5)),
        ("before the summer", "deadline", date(2026, 5, 31)),
        ("during the summer holidays", "period", date(2026, 8, 31)),
        ("this summer", "period", date(2026, 8, 31)),
        ("this week", "period", date(2026, 1, 18)),
        ("this year", "period", date(2026, 12, 31)),
        ("by next month", "deadline", date(2026, 2, 28)),
        ("by Friday", "deadline", date(2026, 1, 16)),
        ("tomorrow", "date", date(2026, 1, 16)),
        ("from September to December", "period", date(2026, 12, 31)),
        ("this semester", "period", None),
        ("until the end of term", "deadline", None),
        ("by my birthday", "event", None),
        ("before the wedding", "event", None),
        ("within a few weeks", "period", None),
    ],
)
def test_find_time_frames(text, kind, ends_on):
    (frame,) = find_time_frames(text, TODAY)
    assert (frame.kind, frame.ends_on) == (kind, ends_on)
    assert frame.bounds_the_goal


def test_a_period_counts_from_the_start_named_before_it():
    start, period = find_time_frames("from 3 April for six weeks", TODAY)
    assert (start.kind, start.ends_on, start.bounds_the_goal) == ("start", date(2026, 4, 3), False)
    assert period.ends_on == date(2026, 5, 15)


def test_a_start_alone_does_not_bound_the_goal():
    (frame,) = find_time_frames("From next Monday, walk daily", TODAY)
    assert frame.kind == "start"
    assert not frame.bounds_the_goal


@pytest.mark.parametrize(
    "text",
    [
        "by 11pm",
        "at 7am",
        "every Sunday",
        "each morning",
        "on Saturdays",
        "go swimming on Saturday mornings",
        "before bed",
        "before leaving the house",
        "plan my meals for the week",
        "during the day",
        "until I find one",
        "reply within 24 hours",
        "exercise for 5 days a week",
        "I may go",
        "walk more",
    ],
)
def test_times_of_day_and_recurrences_are_not_time_frames(text):
    assert find_time_frames(text, TODAY) == []


def test_impossible_date_is_still_a_date_but_without_an_end():
    (frame,) = find_time_frames("by 31 February", TODAY)
    assert frame.ends_on is None


@given(st.text(max_size=300), st.dates())
def test_find_time_frames_never_raises_and_spans_are_in_the_text(text, today):
    for frame in find_time_frames(text, today):
        assert text[frame.span[0] : frame.span[1]] == frame.text


# --- absolute wording ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Never drink again", ["Never"]),
        ("I want to be perfect at work", ["perfect"]),
        ("Do everything perfectly", ["perfectly"]),
        ("Always be calm", ["Always"]),
        ("completely stop having panic attacks", ["completely"]),
        ("feel happy all the time", ["all the time"]),
        ("be 100% confident", ["100%"]),
        ("go to bed on time every single night", ["every single"]),
        ("stay calm in every situation", ["in every situation"]),
        ("no more arguments, ever", ["no more arguments, ever"]),
        ("have zero arguments ever again", ["ever again"]),
        ("don't ever cancel plans", ["don't ever"]),
        ("8 hours every night without fail", ["without fail"]),
    ],
)
def test_find_absolutes(text, found):
    assert find_absolutes(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "I always skip breakfast, so eat breakfast on 4 days a week",  # describes today
        "call the dentist, something I have never managed before",
        "not feel like this all the time",  # the opposite of perfectionism
        "it doesn't have to be perfect",
        "walk three times a week",
    ],
)
def test_no_absolutes(text):
    assert find_absolutes(text) == []


# --- actions and measures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Go for a walk", ["Go", "walk"]),
        ("calling a friend", ["calling"]),
        ("practising Spanish", ["practising"]),
        ("Completely stop having panic attacks", ["panic attacks"]),
        ("Get my PHQ-9 under 10", ["PHQ-9"]),
        ("Reduce my drinking", ["drinking"]),
    ],
)
def test_find_actions(text, found):
    assert find_actions(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Improve my sleep",  # a broad area: the verb form follows "my"
        "stay calm",  # the verb only carries a feeling
        "sleep better",
        "take care of myself",
        "find peace",
        "feel calm in team meetings",
        "be happier",
    ],
)
def test_no_actions(text):
    assert find_actions(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("go to bed by 11pm", ["11pm"]),
        ("send it to two agencies by 2027-05-01", ["two"]),
        ("cut my screen time in half", ["in half"]),
        ("run a 5k", ["5"]),
        ("keep PHQ-9 below 10", ["PHQ-9", "10"]),
        ("attend all of my classes", ["all of my"]),
    ],
)
def test_find_measures(text, found):
    assert find_measures(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "submit it by March 3rd",
        "book my first lesson in the next 3 months",
        "no one can stop me",
        "feel happy all the time",
        "walk more",
    ],
)
def test_dates_periods_and_ordinals_are_not_measures(text):
    assert find_measures(text) == []
