"""The demo's check-in story: ten weeks of Cam's check-ins with one goal on track (two milestones
celebrated), one stalled and one where Cam and Tess see progress differently; idempotent."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from accord.checkins.demo import KEY_PREFIX, SISTER_WORDS, seed_checkins_story
from accord.checkins.models import Celebration, CheckIn, GoalEntry, ProgressRating
from accord.checkins.progress import ON_TRACK, STALLED
from accord.checkins.status import client_progress
from accord.demo import load_people, seed_people
from accord.goals.demo import SLEEP_WORDS, WALK_WORDS, seed_goals
from accord.goals.models import GasRating, Goal
from tests.sharing import rolled_back_after_module

pytestmark = pytest.mark.django_db


def _seed_the_story():
    seed_people()
    people = load_people()
    seed_goals(people)
    seed_checkins_story(people)
    return people


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    """The story, seeded once for this module (tests/conftest.py: rolled_back_after_module)."""
    yield from rolled_back_after_module(django_db_blocker, _seed_the_story)


def by_words(people, words):
    return next(p for p in client_progress(people.cam) if p.goal.client_words == words)


def test_ten_weeks_of_weekly_check_ins_in_date_order(people):
    checkins = list(CheckIn.objects.filter(client=people.cam).order_by("submitted_at"))
    assert len(checkins) == 10
    first, last = checkins[0].submitted_at, checkins[-1].submitted_at
    assert dt.timedelta(weeks=8) < last - first <= dt.timedelta(weeks=9, days=1)
    assert last < timezone.now()
    assert (timezone.now() - first).days <= 10 * 7
    gaps = [(b.submitted_at - a.submitted_at) for a, b in itertools.pairwise(checkins)]
    assert all(dt.timedelta(days=6) < gap < dt.timedelta(days=8) for gap in gaps)


def test_the_walking_goal_is_on_track_with_two_celebrated_milestones(people):
    walk = by_words(people, WALK_WORDS)
    assert walk.status.key == ON_TRACK
    assert [p.value for p in walk.points][-3:] == [3, 3, 2]
    milestones = Celebration.objects.filter(client=people.cam, goal=walk.goal, kind="milestone")
    assert milestones.count() == 2
    # Each win is dated when it happened, in the story's past, not when the demo was seeded.
    assert all((timezone.now() - win.created_at).days >= 1 for win in milestones)


def test_the_sister_goal_has_been_stalled_for_weeks(people):
    sister = by_words(people, SISTER_WORDS)
    assert sister.status.key == STALLED
    assert "No change over the last 3 check-ins" in sister.status.reason
    assert [p.value for p in sister.points][-4:] == [5, 5, 5, 5]
    assert any("argued" in entry.got_in_the_way for entry in sister.entries)


def test_cam_and_tess_see_the_sleep_goal_differently(people):
    sleep = by_words(people, SLEEP_WORDS)
    assert sleep.goal.is_agreed
    assert [d.kind for d in sleep.divergences] == ["rating"]
    assert (sleep.ratings.client_progress, sleep.ratings.therapist_progress) == (2, 7)
    others = [p for p in client_progress(people.cam) if p.goal.client_words != SLEEP_WORDS]
    assert not any(p.divergences for p in others)


def test_notes_are_in_cams_voice_and_ratings_come_from_both_parties(people):
    notes = GoalEntry.objects.filter(goal__client=people.cam).exclude(helped="", got_in_the_way="")
    assert notes.count() >= 10
    parties = set(ProgressRating.objects.filter(goal__client=people.cam).values_list("party", flat=True))
    assert parties == {"client", "therapist"}
    sister = Goal.objects.get(client=people.cam, client_words=SISTER_WORDS)
    told = GasRating.objects.filter(goal=sister, party="client")
    assert told.exists() and all(r.rated_by == people.tess and "Said in session" in r.note for r in told)


def test_seeding_twice_changes_nothing(people):
    counts = (
        CheckIn.objects.count(),
        GoalEntry.objects.count(),
        ProgressRating.objects.count(),
        GasRating.objects.count(),
        Celebration.objects.count(),
    )
    seed_checkins_story(people)
    assert counts == (
        CheckIn.objects.count(),
        GoalEntry.objects.count(),
        ProgressRating.objects.count(),
        GasRating.objects.count(),
        Celebration.objects.count(),
    )
    assert CheckIn.objects.filter(idempotency_key__startswith=KEY_PREFIX).count() == 10
