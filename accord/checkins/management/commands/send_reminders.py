"""`accord manage send_reminders`: one reminder scan, now, in this process (for cron or by hand).

Safe beside running workers and when run twice: each due check-in gets one email (accord.checkins.reminders).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from accord.checkins.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Email every client whose check-in has come due and who has not had a reminder for it."

    def handle(self, *args, **options) -> None:
        sent = send_due_reminders()
        if options["verbosity"] > 0:
            self.stdout.write(f"Check-in reminders sent: {sent}")
