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

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

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

EMAIL_INTERVAL = dt.timedelta(hours=1)


class DialogueError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _audit(action: str, request, obj, client: Client, user, **detail) -> None:
    # Only ids and kinds: the words people write never go into the audit trail.
    record(action, request=request, actor=user, obj=obj, client=client, detail=detail)


class SubmissionKeyReused(BadRequest):
    """A submission key names one submission: the same author sending it again for something else (another
    thread, another client) is refused, never answered with the first submission."""

    status_code = 409

    def __init__(self) -> None:
        super().__init__(_("This submission key was already used for something else; send a new one."))


def _earlier(model, user, submission_key: uuid.UUID | None, author_field: str = "added_by", **target):
    """The author's earlier submission with this key, if it was for the same target; else None or refused."""
    if submission_key is None:
        return None
    earlier = model.objects.filter(**{author_field: user}, submission_key=submission_key).first()
    if earlier is None:
        return None
    if any(getattr(earlier, f"{name}_id") != value.pk for name, value in target.items()):
        raise SubmissionKeyReused
    return earlier


def _require_goal_of(client: Client, goal: Goal | None) -> None:
    if goal is not None and goal.client_id != client.pk:
        raise DialogueError(_("Choose one of this client's goals."), field="goal")


# --- Threads ----------------------------------------------------------------------------------------------


def general_thread(client: Client, user=None) -> Thread:
    """The client's general thread, created the first time anyone opens the conversation."""
    thread, _created = Thread.objects.get_or_create(client=client, goal=None, defaults={"created_by": user})
    return thread


@transaction.atomic
def goal_thread(client: Client, goal: Goal, user) -> Thread:
    """The thread about ``goal``; there is at most one per goal, so starting it twice opens the same one."""
    _require_goal_of(client, goal)
    thread, _created = Thread.objects.get_or_create(client=client, goal=goal, defaults={"created_by": user})
    return thread


# --- Messages ---------------------------------------------------------------------------------------------


@transaction.atomic
def post_message(
    thread: Thread, user, *, body: str, submission_key: uuid.UUID | None = None, request=None
) -> Message:
    """Add a message and email the other party a link (after commit, at most once an hour).

    The same ``submission_key`` from the same person returns the first message (a double submit)."""
    earlier = _earlier(Message, user, submission_key, author_field="author", thread=thread)
    if earlier is not None:
        return earlier
    client = thread.client
    message = Message.objects.create(
        thread=thread,
        author=user,
        author_party=party_of(user, client),
        body=body,
        submission_key=submission_key,
    )
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    _audit(Action.MESSAGE_SENT, request, message, client, user, thread=thread.pk)
    if request is not None:
        link = request.build_absolute_uri(reverse("dialogue_thread", args=[client.pk, thread.pk]))
        _notify_other_party(message, link)
    return message


@transaction.atomic
def edit_message(message: Message, user, *, body: str, request=None) -> Message:
    """Only the author edits, and never silently: the words being replaced are kept as a revision."""
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
    _audit(Action.MESSAGE_EDITED, request, message, client, user, thread=message.thread_id)
    return message


def mark_read(thread: Thread, user, *, up_to_id: int | None = None) -> ReadMarker:
    """Move ``user``'s read marker forward to ``up_to_id`` (default: the thread's latest message).

    A marker never moves back, so opening an older page of a thread leaves newer messages read."""
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
    if client.user_id and client.user.is_active:
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
            transaction.on_commit(
                lambda user_id=recipient.pk: send_new_message_email.enqueue(user_id=user_id, link=link)
            )


@task()
def send_new_message_email(*, user_id: int, link: str) -> None:
    """The email that says only that there is a message, and where to read it."""
    recipient = User.objects.filter(pk=user_id, is_active=True).first()
    if recipient is None:
        return
    subject = render_to_string("dialogue/email/new_message_subject.txt").strip()
    body = render_to_string("dialogue/email/new_message.txt", {"link": link})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])


# --- The agenda -------------------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    client: Client,
    user,
    *,
    text: str,
    priority: str,
    goal: Goal | None = None,
    submission_key: uuid.UUID | None = None,
    request=None,
) -> AgendaItem:
    earlier = _earlier(AgendaItem, user, submission_key, client=client)
    if earlier is not None:
        return earlier
    _require_goal_of(client, goal)
    item = AgendaItem.objects.create(
        client=client,
        goal=goal,
        text=text,
        priority=priority,
        added_by=user,
        added_by_party=party_of(user, client),
        submission_key=submission_key,
    )
    _audit(Action.AGENDA_ITEM_ADDED, request, item, client, user, priority=priority, goal=goal and goal.pk)
    return item


def note_agenda_seen(client: Client, user) -> int:
    """A therapist on the care team has the open agenda in front of them: stamp what they had not seen.

    The client reads "Seen by Tess" from this. Only the first therapist to see an item is kept."""
    if party_of(user, client) != Party.THERAPIST:
        return 0
    return AgendaItem.objects.filter(client=client, discussed_at__isnull=True, seen_at__isnull=True).update(
        seen_at=timezone.now(), seen_by=user
    )


@transaction.atomic
def mark_discussed(item: AgendaItem, user, *, request=None) -> AgendaItem:
    """Either party marks an item discussed; the first who and when are kept (a second mark is a no-op)."""
    if item.discussed_at is not None:
        return item
    item.discussed_at, item.discussed_by = timezone.now(), user
    item.save(update_fields=["discussed_at", "discussed_by"])
    _audit(Action.AGENDA_ITEM_DISCUSSED, request, item, item.client, user)
    return item


# --- Goal ideas -------------------------------------------------------------------------------------------


@transaction.atomic
def add_goal_idea(
    client: Client, user, *, text: str, submission_key: uuid.UUID | None = None, request=None
) -> GoalIdea:
    earlier = _earlier(GoalIdea, user, submission_key, client=client)
    if earlier is not None:
        return earlier
    idea = GoalIdea.objects.create(
        client=client,
        text=text,
        added_by=user,
        added_by_party=party_of(user, client),
        submission_key=submission_key,
    )
    _audit(Action.GOAL_IDEA_ADDED, request, idea, client, user)
    return idea


@transaction.atomic
def turn_idea_into_goal(idea: GoalIdea, user, *, request=None) -> Goal:
    """Propose a goal through the goals builder, keeping the idea's words, and link the idea to it.

    The words stay whose they are: a client's idea becomes the goal's *client's own words* even when the
    therapist turns it into a goal; a therapist's idea becomes the first statement only."""
    idea = GoalIdea.objects.select_for_update().select_related("client").get(pk=idea.pk)
    if idea.used_at is not None:
        raise DialogueError(_("This idea is already a goal."))
    client = idea.client
    if idea.added_by_party == Party.CLIENT:
        goal = propose_goal(client, user, words=idea.text, request=request)
        if goal.client_words != idea.text:
            # propose_goal keeps words as the client's only when the client proposes; these are hers.
            goal.client_words = idea.text
            goal.save(update_fields=["client_words", "updated_at"])
    else:
        goal = propose_goal(client, user, words="", statement=idea.text, request=request)
    idea.goal, idea.used_at, idea.used_by = goal, timezone.now(), user
    idea.save(update_fields=["goal", "used_at", "used_by"])
    _audit(Action.GOAL_IDEA_USED, request, idea, client, user, goal=goal.pk)
    return goal
