"""The demo goals: Cam's three goals in three states, Casey's unSMART first proposal, and idempotency."""

from datetime import date

import pytest
from django.utils import timezone

from accord.demo import load_people, seed_demo, seed_people
from accord.goals.demo import (
    CASEY_WORDS,
    JOB_WORDS,
    SLEEP_WORDS,
    WALK_WORDS,
    end_of_month_after,
    seed_goals,
)
from accord.goals.models import AgreementEvent, ClientTheme, Goal, LifecycleStatus, Party
from accord.goals.sections import client_t_scores
from tests.sharing import rolled_back_after_module


def _seed_the_goals():
    seed_people()
    people = load_people()
    seed_goals(people)
    return people


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """The demo's goals, seeded once for this module (tests/sharing.py)."""
    yield from rolled_back_after_module(django_db_blocker, _seed_the_goals)


@pytest.fixture
def people(_seeded, db):
    return _seeded


def test_cams_walking_goal_is_agreed_with_a_ticked_milestone_and_ratings_over_time(people):
    goal = Goal.objects.get(client=people.cam, client_words=WALK_WORDS)
    assert goal.is_agreed
    assert goal.lifecycle_status == LifecycleStatus.ACTIVE
    version = goal.current_version
    assert version.number == 2
    assert version.statement.startswith("Go for a walk outside at least 3 times a week")
    assert (version.measure_kind, version.baseline, version.target) == ("count_per_week", 0, 3)
    assert all(version.gas_descriptions().values())
    assert (goal.client_importance, goal.therapist_difficulty) == (3, 2)
    assert goal.readiness.get().importance == 8
    ticked = goal.steps.filter(done_at__isnull=False, kind="milestone")
    assert [step.text for step in ticked] == ["Walk to the end of the road and back"]
    parties = list(goal.gas_ratings.values_list("party", flat=True))
    assert parties.count(Party.CLIENT) == 2 and parties.count(Party.THERAPIST) == 2
    assert goal.created_at < goal.gas_ratings.first().rated_at < goal.gas_ratings.last().rated_at
    assert (timezone.now() - goal.created_at).days >= 30
    linked = ClientTheme.objects.filter(pk__in=version.theme_ids)
    assert {theme.kind for theme in linked} == {"need", "strength", "value"}


def test_the_walking_goal_counts_towards_cams_t_score(people):
    scores = client_t_scores(people.cam)
    assert len(scores.goals) == 1
    assert scores.by_party["client"].baseline.t_score == pytest.approx(40.0)
    assert scores.by_party["client"].now.t_score == pytest.approx(50.0)


def test_cams_sleep_goal_waits_for_the_therapist(people):
    goal = Goal.objects.get(client=people.cam, client_words=SLEEP_WORDS)
    assert goal.waiting_for() == [Party.THERAPIST]
    assert goal.current_version.number == 2
    assert goal.current_version.created_by == people.cam.user
    assert goal.current_version.reason


def test_cams_job_goal_is_parked_with_her_comment(people):
    goal = Goal.objects.get(client=people.cam, client_words=JOB_WORDS)
    assert goal.lifecycle_status == LifecycleStatus.ON_HOLD
    park = AgreementEvent.objects.get(goal=goal, decision="parked")
    assert (park.party, park.comment) == (Party.CLIENT, "not now — after the move")


def test_caseys_goal_is_in_her_own_words_and_not_yet_smart(people):
    from accord.goals.smart import analyse

    goal = Goal.objects.get(client=people.casey)
    assert goal.client_words == CASEY_WORDS
    assert goal.lifecycle_status == LifecycleStatus.PROPOSED
    result = analyse(goal.current_version.statement).to_dict()
    assert result["criteria"]["measurable"]["met"] is False
    assert result["criteria"]["time_bound"]["met"] is False


def test_caseys_goal_is_exploring_with_a_decisional_balance(people):
    from accord.goals.motivation_sections import motivation_for_goal

    goal = Goal.objects.get(client=people.casey)
    assert goal.exploring and goal.waiting_for() == [] and goal.stage_of_change == "contemplation"
    found = motivation_for_goal(goal)
    assert not found["balance"].is_empty and "smaller" in found["balance"].stay_cons
    assert {flag.code for flag in found["flags"]} == {"exploring", "low_confidence"}


@pytest.mark.django_db
def test_the_demo_goals_are_seeded_once():
    seed_demo()
    counts = Goal.objects.count(), AgreementEvent.objects.count(), ClientTheme.objects.count()
    seed_demo()
    assert (Goal.objects.count(), AgreementEvent.objects.count(), ClientTheme.objects.count()) == counts
    # Later seed steps may add goals of their own (the check-ins story adds one); these four are this step's.
    own_words = [WALK_WORDS, SLEEP_WORDS, JOB_WORDS, CASEY_WORDS]
    assert Goal.objects.filter(client_words__in=own_words).count() == 4


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2026, 11, 27), date(2027, 3, 31)), (date(2026, 1, 31), date(2026, 5, 31))],
)
def test_the_target_date_is_the_end_of_a_month_ahead(today, expected):
    assert end_of_month_after(4, today) == expected
