"""Keeping the caseload's summary rows current when only time passes, and filling them in after an upgrade.

The actions refresh a client's ``ClientSummary`` whenever the client's data change (``summary``), but some
of what the row holds changes with the clock alone: a goal becomes stalled after enough quiet days, the
status rules judge "behind" against today. And clients created before the summary existed have no row.
So the worker refreshes, every hour, each client whose row is missing or older than ``MAX_AGE`` — each
row at least once a day, the work spread over the day's rounds — and ``accord manage refresh_summaries``
refreshes every client at once (idempotent; run after upgrading). Until a client's row exists the caseload
says "not summarised yet" rather than "on track" (``caseload.row_of``).

Both work ``BATCH_SIZE`` clients at a time: ``summary.build_many`` computes a batch's rows in five queries,
outside any transaction, and one short transaction writes them with an upsert, so the write lock is held for
a few statements per batch, never for the computing (docs/performance.md, "Concurrency model").
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Iterable, Iterator

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from accord import dataversion
from accord.accounts.models import Client
from accord.appointments import summary
from accord.appointments.models import ClientSummary
from accord.schedules import RepeatingSchedule, register

logger = logging.getLogger(__name__)

MAX_AGE = dt.timedelta(days=1)
CHECK_INTERVAL_SECONDS = 3600
BATCH = 500  # clients per round at most; the next round takes the rest
BATCH_SIZE = 250  # clients computed together (five queries) and written in one short transaction
UPDATED_FIELDS = [f.name for f in ClientSummary._meta.concrete_fields if f.name not in ("id", "client")]


def stale_clients(now: dt.datetime, *, limit: int | None = BATCH) -> list[int]:
    """Ids of clients whose summary is missing or older than ``MAX_AGE``, missing ones first."""
    ids = (
        Client.objects.filter(Q(summary__isnull=True) | Q(summary__refreshed_at__lt=now - MAX_AGE))
        .order_by(F("summary__refreshed_at").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)
    )
    return list(ids[:limit] if limit else ids)


def refresh_clients(ids: Iterable[int]) -> int:
    """Refresh the clients' summaries, ``BATCH_SIZE`` at a time; a client deleted meanwhile, or whose row an
    action rewrote meanwhile, is skipped. Returns how many rows were written."""
    done = 0
    for batch in _batches(ids, BATCH_SIZE):
        done += _refresh_batch(batch)
    return done


def refresh_stale(now: dt.datetime | None = None) -> int:
    return refresh_clients(stale_clients(now or timezone.now()))


def refresh_all() -> int:
    """Every client, in pk order; one query per batch finds the next batch's ids."""
    done, last = 0, 0
    while batch := list(
        Client.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE]
    ):
        done += _refresh_batch(batch)
        last = batch[-1]
    return done


def _batches(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    it = iter(ids)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _refresh_batch(ids: list[int]) -> int:
    """Compute the batch's rows outside any transaction (reads take no lock), then write them in one short
    transaction: the write lock is held for a few statements, not for the computing (docs/performance.md).

    An action rewrites a client's row in its own transaction whenever the client's data change, so a row whose
    ``refreshed_at`` moved between our first read and our write is newer than ours and is left alone; the rest
    of the batch is written with one upsert (and one insert for rows that did not exist)."""
    seen = dict(ClientSummary.objects.filter(client_id__in=ids).values_list("client_id", "refreshed_at"))
    rows = summary.build_many(ids)
    try:
        with transaction.atomic():
            return _write_unchanged(rows, seen)
    except IntegrityError:  # a client deleted during the write (PostgreSQL): do this batch one by one
        return _refresh_one_by_one(ids)


def _write_unchanged(rows: list[ClientSummary], seen: dict[int, dt.datetime]) -> int:
    ids = [row.client_id for row in rows]
    existing = set(Client.objects.filter(pk__in=ids).values_list("pk", flat=True))
    # Locks the existing rows on PostgreSQL (an action writing one finishes first, and we then see its time);
    # on SQLite the transaction already holds the write lock.
    now_seen = dict(
        ClientSummary.objects.select_for_update()
        .filter(client_id__in=ids)
        .values_list("client_id", "refreshed_at")
    )
    unchanged = [
        r for r in rows if r.client_id in existing and now_seen.get(r.client_id) == seen.get(r.client_id)
    ]
    updates = [r for r in unchanged if r.client_id in now_seen]
    inserts = [r for r in unchanged if r.client_id not in now_seen]
    if updates:
        ClientSummary.objects.bulk_create(
            updates, update_conflicts=True, unique_fields=["client"], update_fields=UPDATED_FIELDS
        )
    if inserts:  # an action that creates the same row meanwhile wins: its row is at least as new
        ClientSummary.objects.bulk_create(inserts, ignore_conflicts=True)
    # Bulk writes send no signal: the caseload shows these rows (one UPDATE for the batch).
    dataversion.bump_clients(Q(pk__in=[r.client_id for r in unchanged]))
    return len(unchanged)


def _refresh_one_by_one(ids: list[int]) -> int:
    done = 0
    for pk in ids:
        try:
            with transaction.atomic():
                client = Client.objects.filter(pk=pk).first()
                if client is None:
                    continue
                summary.refresh(client)
                dataversion.bump(pk)  # the refresh's UPDATE sends no signal; the caseload shows the row
                done += 1
        except IntegrityError:  # two workers created the same missing row: the other one's is as good
            continue
    return done


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
