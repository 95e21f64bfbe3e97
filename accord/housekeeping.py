"""Housekeeping the worker does once a day: expired sessions and old task results go.

``accord worker`` checks every few minutes whether today's housekeeping has been queued; the first worker to
ask queues it, inside a transaction that serialises the question across workers (an advisory lock on
PostgreSQL; SQLite's write lock, which Accord takes at the start of every transaction), so it runs exactly
once a day however many workers there are. A task result's ``enqueued_at`` is the record that it was queued.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from accord.schedules import RepeatingSchedule

logger = logging.getLogger(__name__)

# Any fixed number: the advisory lock that makes "queue today's housekeeping" one question at a time.
ADVISORY_LOCK_KEY = 0x4143434F  # "ACCO"
CHECK_INTERVAL_SECONDS = 300


@task()
def housekeeping() -> dict:
    """Delete expired sessions, finished task results older than ACCORD_TASK_RESULT_RETENTION_DAYS, and
    live builder drafts and presences nobody has touched for a day (accord/goals/live.py)."""
    call_command("clearsessions", verbosity=0)
    from django_tasks_db.models import DBTaskResult

    from accord.goals import live

    cutoff = timezone.now() - dt.timedelta(days=settings.ACCORD_TASK_RESULT_RETENTION_DAYS)
    pruned, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return {"task_results_pruned": pruned, **live.prune()}


def start_of_day(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def queue_housekeeping(now: dt.datetime | None = None) -> bool:
    """Queue today's housekeeping unless some worker already has. Returns True when this call queued it."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        already = DBTaskResult.objects.filter(
            task_path=housekeeping.module_path, enqueued_at__gte=start_of_day(now)
        ).exists()
        if already:
            return False
        housekeeping.enqueue()
        return True


class HousekeepingSchedule(RepeatingSchedule):
    """Asks every ``interval`` seconds whether today's housekeeping is queued, and queues it if not."""

    def __init__(self, interval: float = CHECK_INTERVAL_SECONDS):
        super().__init__(
            name="accord-housekeeping-schedule",
            interval=interval,
            job=queue_housekeeping,
            what="the housekeeping",
        )
