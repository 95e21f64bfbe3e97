"""Words Accord itself stores with a record (a version's "First proposed", a streak's title, the default
crisis text, the in-session prefix of a level) are written in the language of whoever acted; each is read
back in the reader's language. A person's own words are always shown as they wrote them."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from accord.accounts.models import DEFAULT_CRISIS_TEXT, Practice
from accord.checkins.models import Celebration, CelebrationKind
from accord.goals.actions import propose_goal
from accord.goals.models import FIRST_PROPOSED, GasRating, Party
from tests.i18n.support import spanish

pytestmark = pytest.mark.django_db


def test_a_version_proposed_in_english_reads_first_proposed_in_spanish(cast):
    goal = propose_goal(cast.cam, cast.cam_user, words="Walk more")
    version, event = goal.current_version, goal.agreement_events.get()
    assert version.reason == "First proposed"
    with translation.override("es"):
        assert version.reason_shown == spanish("First proposed") == str(FIRST_PROPOSED)
        assert event.comment_shown == spanish("Proposed this goal")
    with translation.override("en"):
        assert version.reason_shown == "First proposed"


def test_a_version_proposed_in_spanish_reads_in_english_and_a_persons_reason_as_written(cast):
    with translation.override("es"):
        goal = propose_goal(cast.cam, cast.cam_user, words="Caminar más")
    version = goal.current_version
    assert version.reason == spanish("First proposed")
    assert version.reason_shown == "First proposed"
    version.reason = "First proposed by my sister"
    assert version.reason_shown == "First proposed by my sister"


def test_the_default_crisis_text_follows_the_reader_and_a_practices_own_does_not():
    practice = Practice.objects.create(name="P")
    practice.refresh_from_db()
    english = practice.crisis_text
    assert english == str(DEFAULT_CRISIS_TEXT)
    in_spanish = spanish(english)
    with translation.override("es"):
        assert practice.crisis_text_shown == in_spanish
    practice.crisis_text = "Call Samaritans on 116 123."
    with translation.override("es"):
        assert practice.crisis_text_shown == "Call Samaritans on 116 123."


def test_a_streak_is_titled_in_the_readers_language(cast):
    win = Celebration(
        client=cast.cam, kind=CelebrationKind.STREAK, key="streak:1:8", title="8 check-ins in a row"
    )
    win.created_at = timezone.now()
    with translation.override("es"):
        assert win.title_shown == translation.ngettext(
            "%(n)d check-in in a row", "%(n)d check-ins in a row", 8
        ) % {"n": 8}
        assert "8" in win.title_shown and win.title_shown != win.title
    milestone = Celebration(client=cast.cam, kind=CelebrationKind.MILESTONE, key="step:1", title="Walk")
    assert milestone.title_shown == "Walk"


def test_the_in_session_prefix_is_left_to_the_line_that_already_says_it():
    rating = GasRating(party=Party.CLIENT, level=0, in_session=True)
    rating.note = "Said in session; recorded by Tess. She felt proud."
    assert rating.note_shown == "She felt proud."
    with translation.override("es"):
        rating.note = translation.gettext("Said in session; recorded by %(name)s.") % {"name": "Tess"}
    assert rating.note_shown == ""
    rating.in_session, rating.note = False, "Said in session; recorded by Tess."
    assert rating.note_shown == rating.note
