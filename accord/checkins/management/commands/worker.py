"""`accord worker`: django-tasks' database worker, plus the schedules that queue the reminder scan (every
minute) and the daily housekeeping (accord.housekeeping).

Takes every option of `db_worker` (`--batch`, `--queue-name`, …). With `--batch` no schedule thread is
started: one scan is queued and the worker works through the queue and returns.

The worker survives a database restart: when the database goes away it waits and reconnects instead of
exiting (django-tasks' own loop would end on the first lost connection), so reminders carry on by themselves.
"""

from __future__ import annotations

import contextlib
import logging
import time

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from accord.checkins.tasks import ReminderSchedule, queue_scan
from accord.housekeeping import HousekeepingSchedule
from accord.schedules import RepeatingSchedule, registered

logger = logging.getLogger("accord.worker")

RECONNECT_FIRST_DELAY = 0.5
RECONNECT_MAX_DELAY = 15.0


def close_all_quietly() -> None:
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


class ReconnectingWorker(db_worker.Worker):
    """django-tasks' worker loop, restarted (with a growing pause, up to 15 s) after a database error."""

    def run(self) -> None:
        delay = RECONNECT_FIRST_DELAY
        while self.running:
            try:
                super().run()
                return
            except DatabaseError as error:
                # The class name only: no traceback, no driver message (they can hold connection details).
                logger.warning(
                    "The database is unavailable (%s); reconnecting in %.1f s.", type(error).__name__, delay
                )
                close_all_quietly()
                time.sleep(delay)
                delay = min(delay * 2, RECONNECT_MAX_DELAY)
                self.startup_delay = False


class Command(DatabaseWorkerCommand):
    help = (
        "Run Accord's background worker: queued tasks, a check-in reminder scan every minute and daily "
        "housekeeping."
    )

    def handle(self, *args, **options) -> None:
        # db_worker's handle builds its Worker by this module-level name; ours reconnects after a restart.
        original = db_worker.Worker
        db_worker.Worker = ReconnectingWorker  # type: ignore[misc]  # a module attribute, patched on purpose
        try:
            self.run_worker(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]

    def run_worker(self, *args, **options) -> None:
        if options.get("batch"):
            queue_scan()
            super().handle(*args, **options)
            return
        schedules: list[RepeatingSchedule] = [
            ReminderSchedule(),
            HousekeepingSchedule(),
            *(make() for make in registered()),  # e.g. the daily digest (accord.appointments.digest)
        ]
        for schedule in schedules:
            schedule.start()
        try:
            super().handle(*args, **options)
        finally:
            for schedule in schedules:
                schedule.stop()
