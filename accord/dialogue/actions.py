"""Everything that changes the dialogue: each function writes, audits and (for messages) notifies.

The pages and the API call these and nothing else, so both behave the same. Callers have already passed
the access helper (``get_client_for``) for the client concerned; validation of what people typed lives in
``accord.dialogue.forms``.

Message emails carry only a link: no words of the message, no names, the same subject every time. They
are throttled to one email per recipient per hour (``EMAIL_INTERVAL``), so a burst of ten messages sends one
email; the unread counts in Accord say how many there are.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial
from typing import Any, TypeVar

from django.core.exceptions import BadRequest, PermissionDenied
from django.db import models, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accord import dataversion, replay
from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import Client, User
from accord.audit.models import Action
from accord.audit.recording import record
from accord.dialogue.models import (
    AgendaItem,
    GoalIdea,
    Message,
    MessageEmailNotice,
    MessageRevision,
    ReadMarker,
    Thread,
)
from accord.goals.actions import party_of, propose_goal
from accord.goals.models import Goal, Party
from accord.mail import send_templated

M = TypeVar("M", bound=models.Model)

EMAIL_INTERVAL = dt.timedelta(hours=1)


class DialogueError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _audit(action: str, actor: Actor, obj, client: Client, **detail) -> None:
    # Only ids and kinds: the words people write never go into the audit trail.
    record(action, actor=actor, obj=obj, client=client, detail=detail)


def _require_goal_of(client: Client, goal: Goal | None) -> None:
    if goal is not None and goal.client_id != client.pk:
        raise DialogueError(_("Choose one of this client's goals."), field="goal")


# --- Threads ----------------------------------------------------------------------------------------------


def general_thread(client: Client, actor: ActorLike | None = None) -> Thread:
    """The client's general thread, created the first time anyone opens the conversation."""
    user = None if actor is None else Actor.of(actor).user
    thread, _created = Thread.objects.get_or_create(client=client, goal=None, defaults={"created_by": user})
    return thread


@transaction.atomic
def goal_thread(client: Client, goal: Goal, actor: ActorLike) -> Thread:
    """The thread about ``goal``; there is at most one per goal, so starting it twice opens the same one."""
    _require_goal_of(client, goal)
    user = Actor.of(actor).user
    thread, _created = Thread.objects.get_or_create(client=client, goal=goal, defaults={"created_by": user})
    return thread


class SubmissionKeyReused(BadRequest):
    """A submission key names one submission: the same author sending it again for something else (another
    thread, another client) is refused (409 in the API), never answered with the first submission."""

    status_code = 409

    def __init__(self) -> None:
        super().__init__(_("This submission key was already used for something else; send a new one."))


def _made_with(
    by_this_person: QuerySet[M], submission_key: uuid.UUID | None, **target: Any
) -> QuerySet[M] | None:
    """What this person made with this one-time key for this ``target`` (keys are per person and target),
    or None without a key. The key already used by this person for another target is refused."""
    if submission_key is None:
        return None
    made = by_this_person.filter(submission_key=submission_key)
    earlier = made.first()
    if earlier is not None and any(getattr(earlier, f"{name}_id") != obj.pk for name, obj in target.items()):
        raise SubmissionKeyReused
    return made


# --- Messages ---------------------------------------------------------------------------------------------


@transaction.atomic
def post_message(
    thread: Thread, actor: ActorLike, *, body: str, submission_key: uuid.UUID | None = None
) -> Message:
    """Add a message and email the other party a link (after commit, at most once an hour).

    The same ``submission_key`` from the same person returns the first message (a double submit)."""
    actor = Actor.of(actor)
    user = actor.user
    client = thread.client
    made_with_key = _made_with(Message.objects.filter(author=user), submission_key, thread=thread)
    message, created = replay.once(
        made_with_key,
        lambda: Message.objects.create(
            thread=thread,
            author=user,
            author_party=party_of(user, client),
            body=body,
            submission_key=submission_key,
        ),
    )
    if not created:
        return message
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    _audit(Action.MESSAGE_SENT, actor, message, client, thread=thread.pk)
    if actor.site_url:  # in a request (the demo's history sends no emails)
        link = actor.absolute(reverse("dialogue_thread", args=[client.pk, thread.pk]))
        _notify_other_party(message, link)
    return message


@transaction.atomic
def edit_message(message: Message, actor: ActorLike, *, body: str) -> Message:
    """Only the author edits, and never silently: the words being replaced are kept as a revision."""
    actor = Actor.of(actor)
    user = actor.user
    if message.author_id != user.pk:
        raise PermissionDenied
    if body == message.body:
        return message
    MessageRevision.objects.create(
        message=message, body=message.body, written_at=message.edited_at or message.created_at
    )
    message.body = body
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "edited_at"])
    client = message.thread.client
    _audit(Action.MESSAGE_EDITED, actor, message, client, thread=message.thread_id)
    return message


def mark_read(thread: Thread, actor: ActorLike, *, up_to_id: int | None = None) -> ReadMarker:
    """Move the person's read marker forward to ``up_to_id`` (default: the thread's latest message).

    A marker never moves back, so opening an older page of a thread leaves newer messages read."""
    user = Actor.of(actor).user
    if up_to_id is None:
        up_to_id = thread.messages.aggregate(latest=Max("id"))["latest"] or 0
    now = timezone.now()
    marker, created = ReadMarker.objects.get_or_create(
        thread=thread, user=user, defaults={"last_read_message_id": up_to_id, "read_at": now}
    )
    if not created and up_to_id > marker.last_read_message_id:
        marker.last_read_message_id, marker.read_at = up_to_id, now
        marker.save(update_fields=["last_read_message_id", "read_at"])
    return marker


def _recipients(message: Message) -> list[User]:
    """The other party: the care team's therapists for a client's message, the client for a therapist's."""
    client = message.thread.client
    if message.author_party == Party.CLIENT:
        team = client.care_team.select_related("therapist")
        return [member.therapist for member in team if member.therapist.is_active]
    if client.user is not None and client.user.is_active:
        return [client.user]
    return []


def _claim_email_slot(recipient: User, now: dt.datetime) -> bool:
    """True if ``recipient`` may be emailed now (nothing sent in the last hour); records the send.

    Runs inside the message's transaction, so a rolled-back message does not use up the hour."""
    updated = MessageEmailNotice.objects.filter(
        recipient=recipient, last_sent_at__lte=now - EMAIL_INTERVAL
    ).update(last_sent_at=now)
    if updated:
        return True
    _notice, created = MessageEmailNotice.objects.get_or_create(
        recipient=recipient, defaults={"last_sent_at": now}
    )
    return created


def _notify_other_party(message: Message, link: str) -> None:
    now = timezone.now()
    for recipient in _recipients(message):
        if _claim_email_slot(recipient, now):
            transaction.on_commit(partial(send_new_message_email.enqueue, user_id=recipient.pk, link=link))


@task()
def send_new_message_email(*, user_id: int, link: str) -> None:
    """The email that says only that there is a message, and where to read it."""
    recipient = User.objects.filter(pk=user_id, is_active=True).first()
    if recipient is None:
        return
    send_templated(
        to=recipient.email,
        language=recipient.language,
        subject="dialogue/email/new_message_subject.txt",
        body="dialogue/email/new_message.txt",
        context={"link": link},
    )


# --- The agenda -------------------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    client: Client,
    actor: ActorLike,
    *,
    text: str,
    priority: str,
    goal: Goal | None = None,
    submission_key: uuid.UUID | None = None,
) -> AgendaItem:
    actor = Actor.of(actor)
    user = actor.user
    made_with_key = _made_with(AgendaItem.objects.filter(added_by=user), submission_key, client=client)
    earlier = replay.earlier(made_with_key)
    if earlier is not None:
        return earlier
    _require_goal_of(client, goal)
    item, created = replay.once(
        made_with_key,
        lambda: AgendaItem.objects.create(
            client=client,
            goal=goal,
            text=text,
            priority=priority,
            added_by=user,
            added_by_party=party_of(user, client),
            submission_key=submission_key,
        ),
    )
    if not created:
        return item
    _audit(Action.AGENDA_ITEM_ADDED, actor, item, client, priority=priority, goal=goal and goal.pk)
    return item


def note_agenda_seen(client: Client, actor: ActorLike) -> int:
    """A therapist on the care team has the open agenda in front of them: stamp what they had not seen.

    The client reads "Seen by Tess" from this. Only the first therapist to see an item is kept."""
    user = Actor.of(actor).user
    if party_of(user, client) != Party.THERAPIST:
        return 0
    seen = AgendaItem.objects.filter(client=client, discussed_at__isnull=True, seen_at__isnull=True).update(
        seen_at=timezone.now(), seen_by=user
    )
    if seen:  # an UPDATE sends no signal: the client's pages say "Seen by Tess" now
        dataversion.bump(client.pk)
    return seen


@transaction.atomic
def mark_discussed(item: AgendaItem, actor: ActorLike) -> AgendaItem:
    """Either party marks an item discussed; the first who and when are kept (a second mark is a no-op)."""
    actor = Actor.of(actor)
    user = actor.user
    if item.discussed_at is not None:
        return item
    item.discussed_at, item.discussed_by = timezone.now(), user
    item.save(update_fields=["discussed_at", "discussed_by"])
    _audit(Action.AGENDA_ITEM_DISCUSSED, actor, item, item.client)
    return item


# --- Goal ideas -------------------------------------------------------------------------------------------


@transaction.atomic
def add_goal_idea(
    client: Client, actor: ActorLike, *, text: str, submission_key: uuid.UUID | None = None
) -> GoalIdea:
    actor = Actor.of(actor)
    user = actor.user
    made_with_key = _made_with(GoalIdea.objects.filter(added_by=user), submission_key, client=client)
    idea, created = replay.once(
        made_with_key,
        lambda: GoalIdea.objects.create(
            client=client,
            text=text,
            added_by=user,
            added_by_party=party_of(user, client),
            submission_key=submission_key,
        ),
    )
    if not created:
        return idea
    _audit(Action.GOAL_IDEA_ADDED, actor, idea, client)
    return idea


@transaction.atomic
def turn_idea_into_goal(idea: GoalIdea, actor: ActorLike) -> Goal:
    """Propose a goal through the goals builder, keeping the idea's words, and link the idea to it.

    The words stay whose they are: a client's idea becomes the goal's *client's own words* even when the
    therapist turns it into a goal; a therapist's idea becomes the first statement only."""
    actor = Actor.of(actor)
    user = actor.user
    idea = GoalIdea.objects.select_for_update().select_related("client").get(pk=idea.pk)
    if idea.used_at is not None:
        raise DialogueError(_("This idea is already a goal."))
    client = idea.client
    if idea.added_by_party == Party.CLIENT:
        goal = propose_goal(client, actor, words=idea.text)
        if goal.client_words != idea.text:
            # propose_goal keeps words as the client's only when the client proposes; these are hers.
            goal.client_words = idea.text
            goal.save(update_fields=["client_words", "updated_at"])
    else:
        goal = propose_goal(client, actor, words="", statement=idea.text)
    idea.goal, idea.used_at, idea.used_by = goal, timezone.now(), user
    idea.save(update_fields=["goal", "used_at", "used_by"])
    _audit(Action.GOAL_IDEA_USED, actor, idea, client, goal=goal.pk)
    return goal
