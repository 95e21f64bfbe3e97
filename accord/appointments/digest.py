"""The therapists' daily digest: one email a day, opt-in, with counts and a link and nothing clinical.

"3 clients need attention · 2 sessions tomorrow" and a link to the caseload: no names, no goals, no
reasons, since an email can be read over a shoulder or forwarded. Sent exactly once per therapist per day
by the worker, with the reminders' two steps (``accord.checkins.reminders``):

1. **Claim.** From ``DIGEST_HOUR`` in the therapist's own time zone, insert ``DigestSent(user, day)``; the
   unique constraint makes the insert a no-op for every worker but the first.
2. **Send.** Take one claimed, unsent row at a time with ``SELECT … FOR UPDATE SKIP LOCKED``, send and set
   ``sent_at`` in the same transaction. A claim from an earlier day that never went out is not sent late.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accord.accounts.models import Role, User
from accord.appointments import caseload
from accord.appointments.models import DigestSent, DigestSubscription
from accord.audit.models import Action
from accord.audit.recording import record
from accord.mail import send_templated
from accord.schedules import RepeatingSchedule, register

logger = logging.getLogger(__name__)

DIGEST_HOUR = 7  # local time from which the day's digest goes out
CHECK_INTERVAL_SECONDS = 300


def _zone(user: User) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(user.time_zone or "UTC")


def subscribers():
    return User.objects.filter(
        role=Role.THERAPIST, is_active=True, practice__isnull=False, digest__enabled=True
    ).order_by("pk")


def claim_digests(now: dt.datetime) -> int:
    """Step 1: one ``DigestSent`` row per subscribed therapist whose local day has reached the digest hour."""
    due = []
    for user in subscribers().iterator(chunk_size=500):
        local = now.astimezone(_zone(user))
        if local.hour >= DIGEST_HOUR:
            due.append(DigestSent(user=user, day=local.date()))
    DigestSent.objects.bulk_create(due, ignore_conflicts=True, batch_size=500)
    return len(due)


def content(user: User, now: dt.datetime) -> dict:
    """The digest's whole content: two counts and links. Nothing about any client."""
    rows = caseload.caseload(user, now=now)
    tomorrow = now.astimezone(_zone(user)).date() + dt.timedelta(days=1)
    base = settings.ACCORD_SITE_URL.rstrip("/")
    return {
        "attention": sum(1 for r in rows if r.needs_attention),
        "sessions_tomorrow": caseload.sessions_on(user, tomorrow, _zone(user)),
        "caseload_link": base + reverse("therapist_home") + "?show=attention",
        "settings_link": base + reverse("therapist_home") + "#digest",
    }


def _send(claim: DigestSent, now: dt.datetime) -> bool:
    user = claim.user
    subscribed = DigestSubscription.objects.filter(user=user, enabled=True).exists()
    if not user.is_active or not subscribed or claim.day != now.astimezone(_zone(user)).date():
        claim.sent_at = now  # closed without sending: not today's any more, or turned off meanwhile
        claim.save(update_fields=["sent_at"])
        return False
    context = content(user, now)
    send_templated(
        to=user.email,
        language=user.language,
        subject="appointments/email/digest_subject.txt",
        body="appointments/email/digest.txt",
        context=context,
    )
    claim.sent_at = now
    claim.save(update_fields=["sent_at"])
    record(Action.DIGEST_SENT, actor=None, obj=None, practice=user.practice, detail={"digest": claim.pk})
    return True


def deliver_claimed(now: dt.datetime) -> int:
    """Step 2: send each claimed digest that has not gone out, one row lock at a time."""
    sent, tried = 0, set[int]()
    while True:
        claim = None
        try:
            with transaction.atomic():
                claim = (
                    DigestSent.objects.filter(sent_at__isnull=True)
                    .exclude(pk__in=tried)
                    .select_for_update(skip_locked=True, of=("self",))
                    .select_related("user")
                    .order_by("pk")
                    .first()
                )
                if claim is None:
                    return sent
                tried.add(claim.pk)
                sent += _send(claim, now)
        except Exception:
            if claim is None:
                raise
            logger.warning("Daily digest %s could not be sent; will retry.", claim.pk, exc_info=True)


def send_digests(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    claim_digests(now)
    return deliver_claimed(now)


@task()
def send_daily_digests() -> int:
    return send_digests()


def queue_digests() -> bool:
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.ready().filter(task_path=send_daily_digests.module_path).exists():
        return False
    send_daily_digests.enqueue()
    return True


class DigestSchedule(RepeatingSchedule):
    def __init__(self, interval: float = CHECK_INTERVAL_SECONDS):
        super().__init__(
            name="accord-digest-schedule", interval=interval, job=queue_digests, what="the daily digest"
        )


def register_schedule() -> None:
    register("digest", DigestSchedule)
