"""The demo's dialogue: messages between Cam and Tess, the agenda for next time and Casey's goal idea."""

from __future__ import annotations

import pytest
from django.core import mail

from accord.demo import seed_demo
from accord.dialogue.demo import CASEY_IDEA, WALK_GOAL_WORDS, seed_dialogue
from accord.dialogue.models import AgendaItem, GoalIdea, Message, Thread, unread_count

pytestmark = pytest.mark.django_db


def _dialogue_rows() -> tuple[int, ...]:
    return (
        Thread.objects.count(),
        Message.objects.count(),
        AgendaItem.objects.count(),
        GoalIdea.objects.count(),
    )


def test_the_demo_has_a_conversation_with_read_state_on_both_sides():
    people = seed_demo()
    general = Thread.objects.get(client=people.cam, goal=None)
    assert general.messages.filter(author=people.tess).exists()
    assert general.messages.filter(author=people.cam.user).exists()
    assert general.messages.filter(revisions__isnull=False).exists()  # an edit, with its history
    # Tess has one of Cam's messages to read; Cam has one of Tess's.
    assert unread_count(people.cam, people.tess) == 1
    assert unread_count(people.cam, people.cam.user) == 1
    assert mail.outbox == []


def test_the_demo_ties_a_thread_to_cams_walking_goal(demo_people):
    people = demo_people
    thread = Thread.objects.get(client=people.cam, goal__client_words=WALK_GOAL_WORDS)
    assert thread.messages.count() == 3


def test_the_demo_agenda_has_cams_and_tesss_items(demo_people):
    people = demo_people
    open_items = {item.text: item for item in AgendaItem.objects.filter(client=people.cam).still_open()}
    assert open_items["The argument with my sister on Sunday"].priority == "high"
    assert open_items["The argument with my sister on Sunday"].seen_by == people.tess
    assert open_items["Whether walking is helping my sleep"].priority == "normal"
    assert open_items["Whether walking is helping my sleep"].seen_at is None
    assert any(item.added_by == people.tess for item in open_items.values())
    assert AgendaItem.objects.filter(client=people.cam).discussed().exists()


def test_casey_has_a_goal_idea(demo_people):
    people = demo_people
    idea = GoalIdea.objects.get(client=people.casey)
    assert (idea.text, idea.added_by, idea.goal) == (CASEY_IDEA, people.casey.user, None)


def test_seeding_the_dialogue_again_changes_nothing():
    people = seed_demo()
    before = _dialogue_rows()
    seed_dialogue(people)
    seed_dialogue()
    assert _dialogue_rows() == before
