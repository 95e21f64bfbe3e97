"""The motivational-interviewing prompts are data (accord/goals/mi_prompts.json), checked at load; a stalled
goal raises a flag that carries them."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from accord.goals import motivation
from accord.goals.motivation import PromptFileError, Readiness, load_prompts, parse_prompts, prompts_for
from accord.progress import rules
from accord.progress.rules import GoalPlan, Point, goal_status

RAW = json.loads(motivation.PROMPTS_FILE.read_text(encoding="utf-8"))


def broken(change) -> dict:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


def test_the_shipped_file_loads_and_every_prompt_names_a_source():
    document = load_prompts()
    assert document.prompts
    for prompt in document.prompts:
        assert prompt.source in document.sources
    assert "Miller & Rollnick 2013" in document.sources


def test_every_flag_has_a_prompt():
    for flag in motivation.FLAGS:
        assert prompts_for(flag, readiness=Readiness(5, 4)), flag


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["prompts"][0].update(flags=["bored"]), "unknown flag 'bored'"),
        (lambda raw: raw["prompts"][0].update(stages=["denial"]), "unknown stage 'denial'"),
        (lambda raw: raw["prompts"][0].update(source="Someone 2020"), "source 'Someone 2020' is not one"),
        (lambda raw: raw["prompts"][0].update(text="Why not {ten}?"), "unknown placeholder {ten}"),
        (lambda raw: raw["prompts"][0].update(colour="red"), "colour"),
        (lambda raw: raw["prompts"][0].pop("source"), "source"),
        (lambda raw: raw["prompts"].append(copy.deepcopy(raw["prompts"][0])), "appears more than once"),
        (
            lambda raw: raw.update(prompts=[p for p in raw["prompts"] if "exploring" not in p["flags"]]),
            "no prompt for the flag 'exploring'",
        ),
        (lambda raw: raw["prompts"][0].update(text=""), "text"),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message(change, message):
    with pytest.raises(PromptFileError) as refused:
        parse_prompts(broken(change), "mi_prompts.json")
    assert str(refused.value).startswith("mi_prompts.json: ")
    assert message in str(refused.value)


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "prompts.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(PromptFileError, match="prompts.json: not valid JSON"):
        load_prompts(path)


def test_why_not_lower_quotes_the_rating_and_a_lower_number():
    found = {
        p.id: p
        for p in prompts_for(motivation.LOW_CONFIDENCE, readiness=Readiness(importance=8, confidence=4))
    }
    assert "why it is a 4 and not a 1" in found["confidence-why-not-lower"].text
    assert "not a 10" not in found["confidence-why-not-lower"].text  # never "why not 10?" (CLINICAL.md)


def test_a_prompt_whose_numbers_are_missing_is_left_out():
    ids = {p.id for p in prompts_for(motivation.STALLED, readiness=None, limit=10)}
    assert "confidence-why-not-lower" not in ids
    assert "stalled-what-got-in-the-way" in ids  # the others still show
    zero = {p.id for p in prompts_for(motivation.LOW_CONFIDENCE, readiness=Readiness(3, 0), limit=10)}
    assert "confidence-why-not-lower" not in zero  # nothing lower than 0 to ask about


def test_prompts_for_the_stage_come_first():
    general = prompts_for(motivation.STALLED, readiness=Readiness(6, 6), limit=10)
    staged = prompts_for(motivation.STALLED, stage="contemplation", readiness=Readiness(6, 6), limit=10)
    assert staged[0].id in {"ambivalence-both-sides", "decisional-balance"}
    assert "decisional-balance" not in {p.id for p in general}  # stage-only prompts need their stage


def test_an_unknown_flag_has_no_prompts():
    assert prompts_for("sunny") == []


# --- stalled detection says why, and the cause picks the flag ---------------------------------------------
PLAN = GoalPlan(baseline=0, target=10, start=dt.date(2026, 1, 1), target_date=None)
DAY = dt.date(2026, 3, 1)


def _points(*values, last=DAY):
    return [Point(last - dt.timedelta(days=7 * (len(values) - 1 - i)), v) for i, v in enumerate(values)]


def test_no_movement_is_stalled_with_its_cause():
    status = goal_status(PLAN, _points(4, 4, 4), today=DAY)
    assert (status.key, status.cause) == (rules.STALLED, rules.NO_MOVEMENT)


def test_no_values_for_weeks_is_stalled_as_missed_checkins():
    status = goal_status(PLAN, _points(2, 5, last=DAY - dt.timedelta(days=30)), today=DAY)
    assert (status.key, status.cause) == (rules.STALLED, rules.NO_VALUES)


def test_falling_confidence_is_stalled_with_its_cause():
    status = goal_status(PLAN, _points(2, 4, 6), today=DAY, confidence=[7, 5, 3])
    assert (status.key, status.cause) == (rules.STALLED, rules.FALLING_CONFIDENCE)
