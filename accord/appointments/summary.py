"""The caseload's per-client summary row, kept current when the client's data change.

``refresh(client)`` recomputes one client's ``ClientSummary`` in five queries, however long the history, from
the same places every page reads (``accord.progress.status`` for statuses and divergence). The receivers below
run it, inside the writing action's transaction, when something the caseload shows or ranks by changes: a
check-in, a goal (proposed, changed, accepted, parked …), a GAS or progress rating by the therapist, a safety
alert raised or acknowledged, the check-in rhythm, a session. Inside an action (``accord.deferred.action``)
it runs once, as the action's last step, however many of those rows the action saved. A GET never writes
it. Missed check-ins grow with time alone, so the row keeps the first unanswered due instant and the view
counts from it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_save
from django.utils import timezone

from accord import deferred
from accord.accounts.models import Client
from accord.appointments.models import ClientSummary, Session, SessionState
from accord.assessments.models import SafetyAlert
from accord.checkins.actions import schedule_of
from accord.checkins.models import CheckIn, CheckInRhythm, ProgressRating
from accord.checkins.signals import checkin_stored
from accord.goals.models import (
    IN_PLAY_LIFECYCLE,
    OPEN_LIFECYCLE,
    GasRating,
    Goal,
    LifecycleStatus,
    Party,
)
from accord.progress import status
from accord.progress.rules import BEHIND, STALLED, falling_confidence

SPARK_POINTS = 8
TITLE_LENGTH = 48
PROPOSED = "proposed"


def _spark(progress: list[status.GoalProgress]) -> list[float]:
    """The client's 0–10 "towards the goal" values, one per day (the day's mean over goals), latest last."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for item in progress:
        for entry in item.entries:
            if entry.progress is not None:
                by_day[entry.on].append(entry.progress)
    days = sorted(by_day)[-SPARK_POINTS:]
    return [round(sum(by_day[d]) / len(by_day[d]), 1) for d in days]


def _unanswered_since(
    client: Client, rhythm: CheckInRhythm | None, last_checkin_at: dt.datetime | None, has_goals: bool
) -> tuple:
    """(first due instant with no check-in, period in days), or (None, 7) when nothing is expected."""
    if client.user_id is None or not has_goals:
        return None, 7
    if rhythm is None:
        return None, 7
    schedule = schedule_of(rhythm)
    period = dt.timedelta(weeks=schedule.every_weeks)
    first = schedule.due_at(schedule.first_day()) - dt.timedelta(seconds=1)
    anchor = first
    if last_checkin_at is not None:
        # A check-in within half a period before a due time counts for it (as the reminders do).
        anchor = max(first, last_checkin_at + period / 2)
    try:
        return schedule.next_due(anchor), period.days
    except StopIteration:  # pragma: no cover - a rhythm always has a next instant
        return None, period.days


def waits_for_therapist(goal: Goal) -> bool:
    """A proposal (or a changed version) the therapist has not accepted, and has not declined either."""
    return (
        goal.lifecycle_status in IN_PLAY_LIFECYCLE
        and Party.THERAPIST in goal.waiting_for()
        and goal.last_declined_by != Party.THERAPIST
    )


def _per_client(
    model, select: str, *, where: str = "", params: tuple = (), latest: str = "", field=None
) -> RawSQL:
    """A correlated subquery on ``model``'s rows of the outer query's client, written out as in
    ``status._latest``: compiling three ``Subquery`` annotations cost more than running the whole query
    (it runs once per write action). It names the client table, so it is for the outermost clients only.
    ``latest``: the column whose latest row answers (else ``select`` is an aggregate)."""
    name = connection.ops.quote_name
    rows, clients = name(model._meta.db_table), name(Client._meta.db_table)
    # Only names from the models' own metadata and fixed words go into the text; values are parameters.
    sql = f"SELECT {select} FROM {rows} WHERE {rows}.{name('client_id')} = {clients}.{name('id')}"  # noqa: S608  # nosec B608
    if where:
        sql += f" AND {rows}.{where}"
    if latest:
        sql += f" ORDER BY {rows}.{name(latest)} DESC LIMIT 1"
    output = field or model._meta.get_field(latest)
    return RawSQL(sql, list(params), output_field=output)  # noqa: S611  # nosec B611


def _client_rows(ids: list[int]) -> list[Client]:
    """The clients with their rhythm, last check-in, last held session and open safety alerts: one query,
    in id order (sorted here: an ORDER BY makes Django hash every selected column while compiling)."""
    name = connection.ops.quote_name
    last_checkin = _per_client(CheckIn, name("submitted_at"), latest="submitted_at")
    last_held = _per_client(
        Session,
        name("starts_at"),
        where=f"{name('state')} = %s",
        params=(SessionState.HELD.value,),
        latest="starts_at",
    )
    alerts = _per_client(
        SafetyAlert, "COUNT(*)", where=f"{name('acknowledged_at')} IS NULL", field=IntegerField()
    )
    rows = (
        Client.objects.filter(pk__in=ids)
        .select_related("rhythm")
        .annotate(last_checkin_at=last_checkin, last_held_at=last_held, open_alerts=alerts)
        .order_by()
    )
    return sorted(rows, key=lambda row: row.pk)


def _goals_of(client_ids: list[int]) -> dict[int, list[Goal]]:
    """Each client's goals, oldest first, with their versions and latest ratings: one query (sorted here,
    as ``_client_rows``)."""
    goals = (
        status.with_latest_ratings(Goal.objects.filter(client_id__in=client_ids))
        .select_related("agreed_version", "current_version")
        .order_by()
    )
    by_client: dict[int, list[Goal]] = defaultdict(list)
    for goal in sorted(goals, key=lambda goal: (goal.created_at, goal.pk)):
        by_client[goal.client_id].append(goal)
    return by_client


def refresh(client: Client | int) -> ClientSummary:
    """Recompute and store the client's summary in five queries, however much history there is."""
    pk = client.pk if isinstance(client, Client) else client
    (row,) = _client_rows([pk])
    all_goals = _goals_of([pk])[pk]
    progress = status.progress_of_loaded(status.tracked_of_loaded(all_goals), row)
    values = _values(row, all_goals, progress)
    # One UPDATE; the INSERT only the first time (no savepoint, no read-before-write).
    if not ClientSummary.objects.filter(client_id=row.pk).update(**values):
        return ClientSummary.objects.create(client=row, **values)
    return ClientSummary(client=row, **values)


def build_many(client_ids: list[int]) -> list[ClientSummary]:
    """The summaries of many clients, not saved (for ``bulk_create``): the same values as ``refresh`` gives
    each, in five queries for the whole batch instead of five per client. Keep batches to a few hundred."""
    rows = _client_rows(client_ids)
    goals = _goals_of(client_ids)
    tracked = {row.pk: status.tracked_of_loaded(goals.get(row.pk, [])) for row in rows}
    progress = status.progress_of_many(rows, tracked)
    return [
        ClientSummary(client=row, **_values(row, goals.get(row.pk, []), progress.get(row.pk, [])))
        for row in rows
    ]


def _store_first(client: Client) -> ClientSummary:
    """The summary of a client inserted a moment ago, outside an action: no goal, check-in, session, alert
    or rhythm can point at a row that did not exist before, so its values are known without a query."""
    row = copy.copy(client)  # the caller's instance is left without the annotations
    row.last_checkin_at, row.last_held_at, row.open_alerts = None, None, 0  # type: ignore[attr-defined]
    return ClientSummary.objects.create(client=client, **_values(row, [], []))


def _values(client: Client, all_goals: list[Goal], progress: list[status.GoalProgress]) -> dict:
    """The summary row's values from the client's row (``_client_rows``), goals and their progress."""
    rules = status.progress_rules()
    by_goal = {p.goal.pk: p for p in progress}
    open_goals = [g for g in all_goals if g.lifecycle_status in OPEN_LIFECYCLE]
    badges, stalled, falling, behind, diverging, waiting = [], 0, 0, 0, 0, 0
    for goal in open_goals:
        item = by_goal.get(goal.pk)
        waiting += waits_for_therapist(goal)
        if item is None:
            key = PROPOSED if goal.lifecycle_status == LifecycleStatus.PROPOSED else goal.lifecycle_status
        else:
            key = item.status.key
            judged = item.status.automatic.key if item.status.manual else item.status.key
            if judged == STALLED:
                stalled += 1
            elif judged == BEHIND:
                behind += 1
            # As in the brief: a stalled goal's flag already says its confidence fell (the status rule).
            if (
                judged != STALLED
                and goal.lifecycle_status == LifecycleStatus.ACTIVE
                and falling_confidence(item.confidence, rules.falling_confidence_checkins)
            ):
                falling += 1
            diverging += bool(item.divergences)
        title = str(goal)
        badges.append({"id": goal.pk, "title": title[:TITLE_LENGTH], "status": key})
    last_checkin_at = client.last_checkin_at  # type: ignore[attr-defined]
    has_goals = any(
        g.lifecycle_status == LifecycleStatus.ACTIVE and g.agreed_version_id is not None for g in open_goals
    )
    rhythm = getattr(client, "rhythm", None) if has_goals else None  # nothing is due without goals
    unanswered, every_days = _unanswered_since(client, rhythm, last_checkin_at, has_goals)
    return {
        "safety_alerts_open": client.open_alerts,  # type: ignore[attr-defined]
        "stalled_goals": stalled,
        "falling_confidence_goals": falling,
        "waiting_for_therapist": waiting,
        "diverging_goals": diverging,
        "behind_goals": behind,
        "unanswered_since": unanswered,
        "checkin_every_days": every_days,
        "last_checkin_at": last_checkin_at,
        "last_held_session_at": client.last_held_at,  # type: ignore[attr-defined]
        "goals": badges,
        "spark": _spark(progress),
        "refreshed_at": timezone.now(),
    }


# --- keeping it current -----------------------------------------------------------------------------------


def refresh_at_end(client_id: int) -> None:
    """Refresh the client's summary at the end of the running action (once), or now outside one."""
    deferred.once_at_end(("client summary", client_id), lambda: refresh(client_id))


def _on_checkin(sender, *, client: Client, **kwargs) -> None:
    refresh_at_end(client.pk)


def _on_row(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    if isinstance(instance, ProgressRating) and instance.party != Party.THERAPIST:
        return  # the client's come with a check-in, which refreshes once at its end
    client_id = instance.goal.client_id if isinstance(instance, GasRating | ProgressRating) else None
    refresh_at_end(client_id or instance.client_id)


def _on_client(sender, instance: Client, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    if deferred.in_action():  # the action may give the client goals, a rhythm … before it ends
        refresh_at_end(instance.pk)
    else:
        _store_first(instance)


def connect_receivers() -> None:
    post_save.connect(_on_client, sender=Client, dispatch_uid="appointments.summary.client")
    checkin_stored.connect(_on_checkin, dispatch_uid="appointments.summary.checkin")
    for model in (Goal, SafetyAlert, GasRating, ProgressRating, CheckInRhythm, Session):
        post_save.connect(_on_row, sender=model, dispatch_uid=f"appointments.summary.{model.__name__}")
