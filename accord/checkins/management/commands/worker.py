"""`accord worker`: django-tasks' database worker, plus the schedule that queues the reminder scan.

Takes every option of `db_worker` (`--batch`, `--queue-name`, …). With `--batch` no schedule thread is
started: one scan is queued and the worker works through the queue and returns.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from accord.checkins.tasks import ReminderSchedule, queue_scan


class Command(DatabaseWorkerCommand):
    help = "Run Accord's background worker: queued tasks, and a check-in reminder scan every minute."

    def handle(self, *args, **options) -> None:
        if options.get("batch"):
            queue_scan()
            super().handle(*args, **options)
            return
        schedule = ReminderSchedule()
        schedule.start()
        try:
            super().handle(*args, **options)
        finally:
            schedule.stop()
