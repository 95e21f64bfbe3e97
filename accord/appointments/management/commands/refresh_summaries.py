"""`accord manage refresh_summaries`: recompute every client's caseload summary now (or only the stale ones).

Idempotent and safe beside running servers and workers: the rows are computed 250 clients at a time outside
any transaction and each batch is written in one short transaction (``accord.appointments.refreshing``); a
row an action rewrote meanwhile is left as the action wrote it. Run it once after upgrading to a version that
adds or changes the summary (docs/upgrading.md); the worker keeps the rows current by itself afterwards.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from accord.appointments import refreshing


class Command(BaseCommand):
    help = "Recompute the caseload summary of every client (idempotent; run after upgrading)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--stale-only",
            action="store_true",
            help="Only clients with no summary yet or one older than a day (what the worker does hourly).",
        )

    def handle(self, *args, **options) -> None:
        if options["stale_only"]:
            done = refreshing.refresh_clients(refreshing.stale_clients(timezone.now(), limit=None))
        else:
            done = refreshing.refresh_all()
        if options["verbosity"] > 0:
            self.stdout.write(f"Caseload summaries refreshed: {done}")
