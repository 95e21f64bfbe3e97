"""Keeping the caseload's summary rows current when only time passes, and filling them in after an upgrade.

The actions refresh a client's ``ClientSummary`` whenever the client's data change (``summary``), but some
of what the row holds changes with the clock alone: a goal becomes stalled after enough quiet days, the
status rules judge "behind" against today. And clients created before the summary existed have no row.
So the worker refreshes, every hour, each client whose row is missing or older than ``MAX_AGE`` — each
row at least once a day, the work spread over the day's rounds — and ``accord manage refresh_summaries``
refreshes every client at once (idempotent; run after upgrading). Until a client's row exists the caseload
says "not summarised yet" rather than "on track" (``caseload.row_of``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from accord.accounts.models import Client
from accord.appointments import summary
from accord.schedules import RepeatingSchedule, register

logger = logging.getLogger(__name__)

MAX_AGE = dt.timedelta(days=1)
CHECK_INTERVAL_SECONDS = 3600
BATCH = 500  # clients per round at most; the next round takes the rest


def stale_clients(now: dt.datetime, *, limit: int | None = BATCH) -> list[int]:
    """Ids of clients whose summary is missing or older than ``MAX_AGE``, missing ones first."""
    ids = (
        Client.objects.filter(Q(summary__isnull=True) | Q(summary__refreshed_at__lt=now - MAX_AGE))
        .order_by(F("summary__refreshed_at").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)
    )
    return list(ids[:limit] if limit else ids)


def refresh_clients(ids: Iterable[int]) -> int:
    """Refresh each client's summary in its own short transaction; a client deleted meanwhile, or refreshed
    by another worker at the same moment, is skipped. Returns how many rows were written."""
    done = 0
    for pk in ids:
        try:
            with transaction.atomic():
                client = Client.objects.filter(pk=pk).first()
                if client is None:
                    continue
                summary.refresh(client)
                done += 1
        except IntegrityError:  # two workers created the same missing row: the other one's is as good
            continue
    return done


def refresh_stale(now: dt.datetime | None = None) -> int:
    return refresh_clients(stale_clients(now or timezone.now()))


def refresh_all() -> int:
    ids = Client.objects.order_by("pk").values_list("pk", flat=True)
    return refresh_clients(ids.iterator(chunk_size=500))


@task()
def refresh_stale_summaries() -> int:
    return refresh_stale()


def queue_refresh() -> bool:
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.ready().filter(task_path=refresh_stale_summaries.module_path).exists():
        return False
    refresh_stale_summaries.enqueue()
    return True


class SummarySchedule(RepeatingSchedule):
    def __init__(self, interval: float = CHECK_INTERVAL_SECONDS):
        super().__init__(
            name="accord-summary-schedule",
            interval=interval,
            job=queue_refresh,
            what="the caseload summaries' refresh",
        )


def register_schedule() -> None:
    register("summaries", SummarySchedule)
