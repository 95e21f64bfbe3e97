"""A client with a record worth exporting: an agreed goal with GAS levels and both parties' ratings,
readiness, a progress rating, a PHQ-9 with its scores, a message, an agenda item and a formulation."""

from __future__ import annotations

from accord.assessments import catalogue
from accord.assessments.actions import record_response
from accord.assessments.models import TherapistFormulation
from accord.checkins.models import ProgressRating
from accord.goals import actions
from accord.goals.actions import RatingChange
from accord.goals.models import Goal

FORMULATION = "Private hypothesis: avoidance maintained by low mood (therapist only)"
CLIENT_WORDS = "I want to get out of the house more — café with Zoë"
STATEMENT = "Walk to the café twice a week by March"


def agreed_goal(cast, *, words: str = CLIENT_WORDS, statement: str = STATEMENT) -> Goal:
    goal = actions.propose_goal(cast.cam, cast.cam_user, words=words)
    actions.edit_goal(
        goal,
        cast.tess,
        {
            "statement": statement,
            "measure_kind": "count_per_week",
            "unit": "walks a week",
            "baseline": 0,
            "target": 2,
            "direction": "increase",
            "gas_minus_2": "No walks at all",
            "gas_minus_1": "One walk some weeks",
            "gas_0": "Two walks a week",
            "gas_plus_1": "Three walks a week",
            "gas_plus_2": "Four or more walks a week",
            "gas_baseline_level": -1,
        },
        based_on=1,
        reason="Made it measurable",
    )
    goal.refresh_from_db()
    actions.accept_goal(goal, cast.cam_user, version_number=goal.current_number)
    goal.refresh_from_db()
    if not goal.is_agreed:
        actions.accept_goal(goal, cast.tess, version_number=goal.current_number)
    goal.refresh_from_db()
    return goal


def full_record(cast) -> Goal:
    goal = agreed_goal(cast)
    actions.rate_goal(goal, cast.cam_user, RatingChange(importance=3))
    actions.rate_goal(goal, cast.tess, RatingChange(difficulty=2))
    actions.rate_gas(goal, cast.cam_user, level=1, note="Went three times")
    actions.rate_gas(goal, cast.tess, level=0)
    actions.rate_readiness(goal, cast.cam_user, importance=8, confidence=6)
    ProgressRating.objects.create(
        goal=goal, party="client", rating=6, rated_by=cast.cam_user, rated_at=goal.created_at
    )
    phq9 = catalogue.instrument_version("phq9", 1) or catalogue.get_instrument("phq9")
    answers = dict(zip(phq9.item_keys, [3, 3, 2, 2, 2, 2, 2, 1, 0, 1], strict=False))
    record_response(cast.cam, cast.tess, phq9, answers, idempotency_key="k1", source="page")
    TherapistFormulation.objects.create(client=cast.cam, text=FORMULATION, written_by=cast.tess)
    goal.refresh_from_db()
    return goal
