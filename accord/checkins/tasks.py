"""Background tasks of the check-ins (django-tasks) and the one-minute schedule that queues the reminder scan.

How reminders get scheduled: `accord worker` runs the ``worker`` management command, which starts
``ReminderSchedule`` — a daemon thread that queues ``send_due_reminders`` every minute — and then runs
django-tasks' own database worker in the same process, which picks the scan up like any other task. The
thread lives and dies with its worker. With several workers each queues its own scans; that is safe (the
scan is exactly-once by design, see ``accord.checkins.reminders``) and a scan is not queued while another
is still waiting, so the queue does not fill up while the workers are busy.
"""

from __future__ import annotations

import logging

from django_tasks import task

from accord.checkins import reminders
from accord.schedules import RepeatingSchedule

logger = logging.getLogger(__name__)

SCAN_INTERVAL_SECONDS = 60


@task()
def send_due_reminders() -> int:
    """Email every client whose check-in has come due; returns how many emails went out."""
    return reminders.send_due_reminders()


def scan_is_waiting() -> bool:
    """A scan already queued and not yet picked up (only the database backend can tell)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a dependency
        return False
    return DBTaskResult.objects.ready().filter(task_path=send_due_reminders.module_path).exists()


def queue_scan() -> bool:
    """Queue one reminder scan unless one is already waiting. Returns True when one was queued."""
    if scan_is_waiting():
        return False
    send_due_reminders.enqueue()
    return True


class ReminderSchedule(RepeatingSchedule):
    """Queues the reminder scan now and then every ``interval`` seconds, until stopped."""

    def __init__(self, interval: float = SCAN_INTERVAL_SECONDS):
        super().__init__(
            name="accord-reminder-schedule",
            interval=interval,
            job=queue_scan,
            what="the check-in reminder scan",
        )
