"""Issue 11 points 7–9, each case through both doors: `accord smart-check --json` and
`POST /api/v1/smart-check`.

7: short wishes and bare habits are not specific; recurring occasions and concrete daily habits are; typos
   don't break specific or time-bound.
8: unsafe or impossible pace (weight in kg/lb/stone, large debts in weeks, a marathon from no running, a
   symptom score from severe to minimal in a fortnight) is unrealistic and never
   praised as "clear and concrete";
   negated goals are turned towards what the person will do; medication changes prompt the prescriber;
   weight, eating and self-harm get a gentle note instead of praise.
9: the worked example follows the goal's life area and words; dates read "31 March", never ISO.

Only relative time frames are used ("in three weeks"), so the cases mean the same whatever day they run.
"""

from __future__ import annotations

import json
import re

import pytest

from accord import cli

URL = "/api/v1/smart-check"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
PRAISE = "Clear and concrete"


@pytest.fixture(params=["cli", "api"])
def smart_check(request, capsys):
    """The coach's JSON answer for a text (and fields, on the API), through the CLI or the API."""
    if request.param == "cli":

        def run(text: str, **fields):
            assert not fields, "the CLI takes text only"
            cli.main(["smart-check", text, "--json"])
            return json.loads(capsys.readouterr().out)

        return run
    browser = request.getfixturevalue("as_tess")

    def post(text: str, **fields):
        response = browser.post(URL, {"text": text, **fields}, content_type="application/json")
        assert response.status_code == 200
        return response.json()

    return post


def codes(result: dict) -> list[str]:
    return [w["code"] for w in result["warnings"]]


def all_text(result: dict) -> str:
    lines = [line for c in result["criteria"].values() for line in c["feedback"]]
    return "\n".join(lines + [w["message"] for w in result["warnings"]] + result["suggestions"])


# --- 7: specific ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Do more baking.",
        "Go to the cinema.",
        "Find a better job.",
        "Get over my fear of heights.",
        "Spend less time on YouTube.",
        "Sleep better at night.",
        "Call my friends more.",
        "Go to the gym by the end of next month.",
    ],
)
def test_wishes_and_bare_activities_are_not_specific(smart_check, text):
    specific = smart_check(text)["criteria"]["specific"]
    assert specific["met"] is False
    assert PRAISE not in " ".join(specific["feedback"])


@pytest.mark.parametrize(
    "text",
    [
        "Book a study room three days before each deadline this semester.",
        "Prepare my notes before each seminar this term.",
        "Floss my teeth every night.",
        "Take my vitamins with breakfast each morning.",
        "Open the curtains as soon as I get up each day.",
        "Call my sister this Sunday.",
        "Go to the pool twice a week.",
    ],
)
def test_recurring_occasions_and_concrete_daily_habits_are_specific(smart_check, text):
    assert smart_check(text)["criteria"]["specific"]["met"] is True


def test_an_activity_without_how_often_says_what_to_add(smart_check):
    feedback = smart_check("Go to the cinema.")["criteria"]["specific"]["feedback"]
    assert "not what exactly, how much, how often or when" in feedback[0]


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("Swimm for 20 minutes twice a week for the next six wekes.", "“wekes” as “weeks”"),
        ("Go for a 30 minute walk every day untill the end of next month.", "“untill” as “until”"),
        ("Meditaet for ten minutes each morning for the next monht.", "“Meditaet” as “Meditate”"),
        ("Jgo for 20 minutes twice a week durring the next two months.", "“durring” as “during”"),
    ],
)
def test_typos_do_not_break_specific_or_time_bound(smart_check, text, read_as):
    result = smart_check(text)
    assert result["criteria"]["specific"]["met"] is True
    assert result["criteria"]["time_bound"]["met"] is True
    assert read_as in result["criteria"]["specific"]["feedback"][0]


def test_real_words_and_names_are_not_corrected(smart_check):
    result = smart_check("Take Tess's sertraline advice to Netflix")
    assert "I read" not in all_text(result)


# --- 8: unsafe or impossible pace -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Lose 12 kg in two weeks.", "kg a week"),
        ("Lose 25 lb in three weeks.", "kg a week"),
        ("Lose 3 stone in six weeks.", "kg a week"),
        ("Pay off my £25,000 loan in two months.", "debt adviser"),
        ("Clear my £10k credit card debt by the end of next month.", "debt adviser"),
        ("Run a marathon in four weeks, and I've never run before.", "training plans"),
        ("Go from severe anxiety to minimal on the GAD-7 in two weeks.", "severe to minimal"),
        ("Get my PHQ-9 from 25 to 2 in a fortnight.", "faster than change"),
        ("Go from 0 to 100 sit-ups a day in a week.", "faster than change"),
    ],
)
def test_unsafe_or_impossible_pace_is_unrealistic_and_never_praised(smart_check, text, says):
    result = smart_check(text)
    assert result["unrealistic"] is True
    assert says in all_text(result)
    assert PRAISE not in all_text(result)


@pytest.mark.parametrize(
    "text",
    [
        "Lose 4 kg over the next two months.",
        "Lose 1 stone in the next 12 weeks.",
        "Pay £100 a month off my loan for the next year.",
        "Pay off £400 of my credit card within six months.",
        "Run a marathon in 20 weeks, building up from my weekly 15k runs.",
        "Get my PHQ-9 from 18 to 12 over the next four months.",
    ],
)
def test_a_safe_pace_is_not_flagged(smart_check, text):
    result = smart_check(text)
    assert result["unrealistic"] is False
    assert "unsafe_pace" not in codes(result)


@pytest.mark.parametrize("text", ["Stop being sad.", "Never feel anxious again.", "Stop feeling guilty."])
def test_a_goal_to_stop_a_feeling_is_turned_towards_what_to_do(smart_check, text):
    result = smart_check(text)
    assert result["unrealistic"] is True
    assert "eliminate_feeling" in codes(result)
    assert any(s.startswith("Say what you'll do") for s in result["suggestions"])


@pytest.mark.parametrize("text", ["Stop dwelling on the past.", "Don't let my family wind me up."])
def test_a_negated_goal_is_turned_round_without_calling_it_unrealistic(smart_check, text):
    result = smart_check(text)
    assert "negated_goal" in codes(result)
    assert result["unrealistic"] is False
    assert "what will you do instead" in all_text(result)


@pytest.mark.parametrize(
    "text", ["Stop taking my fluoxetine next week.", "Come off my antidepressants in the next two weeks."]
)
def test_stopping_medication_fast_prompts_planning_with_the_prescriber(smart_check, text):
    result = smart_check(text)
    assert {"medication_change", "unsafe_pace"} <= set(codes(result))
    assert result["unrealistic"] is True
    assert "prescribes" in all_text(result)
    assert PRAISE not in all_text(result)


def test_a_medication_plan_made_with_the_prescriber_is_not_unrealistic(smart_check):
    result = smart_check("See my psychiatrist about lowering my dose within the next two months.")
    assert "medication_change" in codes(result)
    assert result["unrealistic"] is False
    assert "prescriber is part of this" in all_text(result)


def test_taking_medication_as_prescribed_gets_no_medication_note(smart_check):
    assert "medication_change" not in codes(
        smart_check("Take my lithium every evening for the next three months.")
    )


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Eat three regular meals and two snacks each day.", "eating or weight"),
        ("Weigh myself only once a fortnight.", "eating or weight"),
        ("Eat fewer than 600 calories a day.", "eating or weight"),
        ("Go 48 hours without hurting myself.", "safety plan"),
    ],
)
def test_weight_eating_and_self_harm_get_a_gentle_note_not_praise(smart_check, text, topic):
    result = smart_check(text)
    assert result["criteria"]["specific"]["met"] is True
    assert "sensitive_topic" in codes(result)
    assert topic in all_text(result)
    assert PRAISE not in all_text(result)


# --- 9: feedback in the goal's own terms --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "example_has"),
    [
        ("Do more baking.", "Bake"),
        ("Sleep better at night.", "in bed"),
        ("Spend less time on YouTube.", "phone"),
        ("Find a better job.", "jobs"),
        ("Get on top of my debts.", "credit card"),
        ("Call my friends more.", "friend"),
        ("Feel less anxious.", "anxious"),
        ("Do more painting.", "Paint"),
    ],
)
def test_the_worked_example_follows_the_goal(smart_check, text, example_has):
    result = smart_check(text)
    example = next(s for s in result["suggestions"] if s.startswith("Putting it together"))
    assert example_has in example
    assert "20-minute walk" not in example
    assert "20-minute walk" not in " ".join(result["criteria"]["specific"]["feedback"])


def test_dates_are_written_for_people_not_iso(smart_check):
    result = smart_check("Walk daily until the end of March")
    assert "31 March" in " ".join(result["criteria"]["time_bound"]["feedback"])
    assert not ISO_DATE.search(all_text(result))


def test_a_target_date_reads_day_month_year_on_the_api(as_tess):
    body = as_tess.post(
        URL, {"text": "Walk daily", "target_date": "2031-03-31"}, content_type="application/json"
    ).json()
    assert body["criteria"]["time_bound"]["feedback"][0] == "Target date: 31 March 2031."
    assert not ISO_DATE.search(all_text(body))


# --- the readers behind them --------------------------------------------------------------------------------


def test_the_spelling_lists_ship_with_the_package_and_nothing_is_downloaded(monkeypatch):
    import socket

    from accord.goals.smart import spelling

    def no_network(*args, **kwargs):
        raise AssertionError("the coach must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    spelling.english_words.cache_clear()
    spelling._speller.cache_clear()
    assert spelling.correct("Wlak untill Febuary") == (
        "Walk until February",
        [("Wlak", "Walk"), ("untill", "until"), ("Febuary", "February")],
    )


def test_dates_carry_the_year_only_when_it_is_not_this_year():
    from datetime import date

    from accord.goals.smart.feedback import format_day

    assert format_day(date(2026, 12, 21), date(2026, 1, 15)) == "21 December"
    assert format_day(date(2027, 3, 3), date(2026, 1, 15)) == "3 March 2027"
