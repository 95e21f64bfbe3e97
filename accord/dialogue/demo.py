"""Demo dialogue: a few messages between Cam and Tess (one thread about Cam's walking goal), Cam's and
Tess's agenda for the next session, and a goal idea from Casey.

Made through ``accord.dialogue.actions`` (with no request, so no emails go out), then moved back to the
moment in the story each row stands for. Idempotent: a thread that already has messages, an agenda item or
an idea with the same words is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accord.accounts.models import Client
from accord.demo import DemoPeople, load_people
from accord.dialogue import actions
from accord.dialogue.models import (
    AgendaItem,
    GoalIdea,
    Message,
    MessageRevision,
    Priority,
    ReadMarker,
    Thread,
)
from accord.goals.models import Goal

# The goals demo's words for Cam's walking and sleep goals (accord/goals/demo.py).
WALK_GOAL_WORDS = "I want to stop hiding at home all weekend"
SLEEP_GOAL_WORDS = "I want to stop scrolling until 2am and be in bed by midnight on work nights"


@dataclass(frozen=True)
class DemoMessage:
    by: str  # "cam" or "tess"
    days: int
    hour: int
    minute: int
    body: str
    edited_from: str = ""  # the words before an edit, to show the kept history


GENERAL_MESSAGES = [
    DemoMessage(
        "cam",
        3,
        20,
        14,
        "Hi Tess, just a heads up that this week has been rough. Sunday with my sister didn't go well. "
        "I'd like to talk about it on Thursday if that's ok.",
    ),
    DemoMessage(
        "tess",
        2,
        9,
        5,
        "Thanks for letting me know, Cam. Of course, I've put it at the top for Thursday and we'll start "
        "there. Go easy on yourself this week.",
    ),
    DemoMessage(
        "cam",
        1,
        19,
        30,
        "Thanks. I still went for my walk on Monday, even though I didn't feel like it.\n"
        "Small thing, but it helped.",
        edited_from="Thanks. I still went for my walk on Monday.",
    ),
]

WALK_MESSAGES = [
    DemoMessage(
        "tess",
        6,
        10,
        0,
        "How did the Saturday walk to the park go? No pressure if it didn't happen: it's useful to know "
        "either way.",
    ),
    DemoMessage(
        "cam", 5, 18, 45, "I made it to the park gate and back, about 15 minutes. Raining, but I went!"
    ),
    DemoMessage("tess", 5, 20, 10, "That's a real step. Let's look at what made it possible on Thursday."),
]

# (who, words, priority, goal words or "", days ago, seen by Tess, discussed days ago or None)
AGENDA = [
    ("cam", "The argument with my sister on Sunday", Priority.HIGH, "", 3, True, None),
    ("cam", "Whether walking is helping my sleep", Priority.NORMAL, SLEEP_GOAL_WORDS, 1, False, None),
    ("tess", "Check in on the new bedtime routine", Priority.NORMAL, SLEEP_GOAL_WORDS, 2, True, None),
    ("cam", "Whether to tell my manager I'm seeing someone", Priority.LOW, "", 16, True, 10),
]

CASEY_IDEA = "I'd like to get through the Friday team lunch without making an excuse to leave early."


def seed_dialogue(people: DemoPeople | None = None) -> None:
    """The demo seed step (listed in ``accord.demo.SEED_STEPS``)."""
    people = people or load_people()
    cam, tess = people.cam.user, people.tess
    authors = {"cam": cam, "tess": tess}
    general = actions.general_thread(people.cam, tess)
    _seed_thread(general, GENERAL_MESSAGES, authors, tess_read_all=False, cam_read_all=True)
    walk_goal = _goal(people.cam, WALK_GOAL_WORDS)
    if walk_goal is not None:
        walk_thread = actions.goal_thread(people.cam, walk_goal, tess)
        _seed_thread(walk_thread, WALK_MESSAGES, authors, tess_read_all=True, cam_read_all=False)
    _seed_agenda(people.cam, authors)
    _seed_casey_idea(people.casey)


def _moment(days: int, hour: int, minute: int = 0) -> datetime:
    moment = timezone.now() - timedelta(days=days)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _goal(client: Client, words: str) -> Goal | None:
    return Goal.objects.filter(client=client, client_words=words).first()


def _seed_thread(
    thread: Thread, script: list[DemoMessage], authors: dict, *, tess_read_all: bool, cam_read_all
):
    """Write the thread's messages, unless it has some already, and leave each side's read state.

    Tess has read all but Cam's latest message in the general thread; Cam has Tess's latest goal-thread
    message still to read, so both sides see an unread count and a "Read by"."""
    if thread.messages.exists():
        return
    written = [_write(thread, line, authors) for line in script]
    Thread.objects.filter(pk=thread.pk).update(last_message_at=written[-1].created_at)
    for who, read_all in (("tess", tess_read_all), ("cam", cam_read_all)):
        up_to = written[-1] if read_all else written[-2]
        actions.mark_read(thread, authors[who], up_to_id=up_to.pk)
        ReadMarker.objects.filter(thread=thread, user=authors[who]).update(
            read_at=up_to.created_at + timedelta(minutes=40)
        )


def _write(thread: Thread, line: DemoMessage, authors: dict) -> Message:
    when = _moment(line.days, line.hour, line.minute)
    author = authors[line.by]
    message = actions.post_message(thread, author, body=line.edited_from or line.body)
    if line.edited_from:
        actions.edit_message(message, author, body=line.body)
        edited = when + timedelta(minutes=6)
        MessageRevision.objects.filter(message=message).update(written_at=when, replaced_at=edited)
        Message.objects.filter(pk=message.pk).update(edited_at=edited)
    Message.objects.filter(pk=message.pk).update(created_at=when)
    message.refresh_from_db()
    return message


def _seed_agenda(cam_client: Client, authors: dict) -> None:
    for who, text, priority, goal_words, days, seen, discussed_days in AGENDA:
        if AgendaItem.objects.filter(client=cam_client, text=text).exists():
            continue
        goal = _goal(cam_client, goal_words) if goal_words else None
        item = actions.add_agenda_item(cam_client, authors[who], text=text, priority=priority, goal=goal)
        added = _moment(days, 18, 30)
        stamps = {"added_at": added}
        if seen:
            stamps.update(seen_at=added + timedelta(hours=14), seen_by=authors["tess"])
        if discussed_days is not None:
            stamps.update(discussed_at=_moment(discussed_days, 15), discussed_by=authors["tess"])
        AgendaItem.objects.filter(pk=item.pk).update(**stamps)


def _seed_casey_idea(casey: Client) -> None:
    if GoalIdea.objects.filter(client=casey, text=CASEY_IDEA).exists():
        return
    if casey.user is None:
        raise RuntimeError("The demo's Casey has an account.")
    idea = actions.add_goal_idea(casey, casey.user, text=CASEY_IDEA)
    GoalIdea.objects.filter(pk=idea.pk).update(added_at=_moment(2, 21, 15))
