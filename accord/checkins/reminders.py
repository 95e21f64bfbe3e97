"""Check-in reminders by email: exactly once per due check-in, with a link and nothing else.

The scan (``send_due_reminders``) runs every minute in the background worker (``accord.checkins.tasks``) and
is safe to run anywhere, any number of times, at the same moment:

1. **Claim.** For each client whose latest due instant has passed (and is less than ``LATE_LIMIT`` ago),
   who has something to check in on, has not checked in for it yet and has no reminder for it yet, insert a
   ``Reminder(client, due_at)``. The unique constraint on those two makes the insert a no-op for every
   worker but the first (``INSERT … ON CONFLICT DO NOTHING``).
2. **Send.** Take one claimed, unsent reminder at a time with ``SELECT … FOR UPDATE SKIP LOCKED`` (so a
   second worker passes over the row the first is sending), send the email and set ``sent_at`` in the same
   transaction. After a crash or restart, a claimed reminder without ``sent_at`` is simply sent by the next
   scan; one with ``sent_at`` never again. (On SQLite, write transactions already run one at a time.)

The due instants come from the client's rhythm in their own time zone (``accord.checkins.schedule``), so a
daylight-saving change moves the UTC instant, never the wall-clock time, and adds or drops no reminder.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import Action
from accord.audit.recording import record
from accord.checkins.actions import ensure_rhythms, has_goals_to_check_in_on, schedule_of
from accord.checkins.models import CheckIn, CheckInRhythm, Reminder
from accord.checkins.schedule import Rhythm
from accord.mail import send_templated

logger = logging.getLogger(__name__)

# A reminder that could not go out within this long after its due time is not sent late: by then it
# would arrive in the middle of the next day and confuse more than it helps.
LATE_LIMIT = dt.timedelta(hours=12)


def site_url(path: str) -> str:
    return settings.ACCORD_SITE_URL.rstrip("/") + path


def latest_due(schedule: Rhythm, now: dt.datetime) -> dt.datetime | None:
    """The last due instant at or before ``now``."""
    period = dt.timedelta(weeks=schedule.every_weeks)
    found = list(
        schedule.due_between(now - period - dt.timedelta(days=1), now + dt.timedelta(microseconds=1))
    )
    return found[-1] if found else None


def _rhythms_to_consider():
    last_checkin = CheckIn.objects.filter(client_id=OuterRef("client_id")).order_by("-submitted_at")
    last_reminder = Reminder.objects.filter(client_id=OuterRef("client_id")).order_by("-due_at")
    return (
        CheckInRhythm.objects.filter(reminders_on=True, client__is_active=True, client__user__is_active=True)
        .filter(has_goals_to_check_in_on())
        .annotate(
            last_checkin_at=Subquery(last_checkin.values("submitted_at")[:1]),
            last_reminder_due=Subquery(last_reminder.values("due_at")[:1]),
        )
        .order_by("pk")
    )


def reminders_due(now: dt.datetime) -> list[Reminder]:
    """Unsaved reminders for every client whose check-in is due now and who has not had one for it."""
    due = []
    for rhythm in _rhythms_to_consider().iterator(chunk_size=2000):
        schedule = schedule_of(rhythm)
        due_at = latest_due(schedule, now)
        if due_at is None or due_at < now - LATE_LIMIT:
            continue
        # A check-in or a reminder within half a period before the due time already counts for it (this
        # also keeps a rhythm moved by an hour from sending a second reminder for the same check-in).
        counts_from = due_at - dt.timedelta(weeks=schedule.every_weeks) / 2
        if rhythm.last_reminder_due is not None and rhythm.last_reminder_due > counts_from:
            continue
        if rhythm.last_checkin_at is not None and rhythm.last_checkin_at >= counts_from:
            continue
        due.append(Reminder(client_id=rhythm.client_id, due_at=due_at))
    return due


def claim_due_reminders(now: dt.datetime) -> int:
    """Step 1: one ``Reminder`` row per client and due instant; a row that exists already is left alone."""
    due = reminders_due(now)
    Reminder.objects.bulk_create(due, ignore_conflicts=True, batch_size=500)
    return len(due)


def _next_unsent(now: dt.datetime, tried: set[int]) -> Reminder | None:
    return (
        Reminder.objects.filter(sent_at__isnull=True, due_at__gte=now - LATE_LIMIT)
        .exclude(pk__in=tried)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("due_at", "pk")
        .first()
    )


def _send(reminder: Reminder, now: dt.datetime) -> bool:
    client = reminder.client
    user = client.user
    if user is None or not user.is_active or not client.is_active:
        return False
    context = {
        "checkin_link": site_url(reverse("checkin")),
        "settings_link": site_url(reverse("my_rhythm")),
    }
    send_templated(
        to=user.email,
        language=user.language,
        subject="checkins/email/reminder_subject.txt",
        body="checkins/email/reminder.txt",
        context=context,
    )
    reminder.sent_at = now
    reminder.save(update_fields=["sent_at"])
    record(Action.CHECKIN_REMINDER_SENT, obj=reminder, client=client, detail={"reminder": reminder.pk})
    return True


def deliver_claimed_reminders(now: dt.datetime) -> int:
    """Step 2: send each claimed reminder that has not gone out, one row lock at a time."""
    sent, tried = 0, set[int]()
    while True:
        reminder = None
        try:
            with transaction.atomic():
                reminder = _next_unsent(now, tried)
                if reminder is None:
                    return sent
                tried.add(reminder.pk)
                sent += _send(reminder, now)
        except Exception:
            if reminder is None:
                raise  # the database itself failed: let the task fail and the next scan start afresh
            # The mail server refused or was away: the row stays unsent and the next scan tries again.
            # Only the row's id is logged, never who it was for.
            logger.warning("Check-in reminder %s could not be sent; will retry.", reminder.pk, exc_info=True)


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """The whole scan: give new clients a rhythm, claim what is due, send what is claimed. Returns the number
    of emails sent."""
    now = now or timezone.now()
    ensure_rhythms()
    claim_due_reminders(now)
    return deliver_claimed_reminders(now)
