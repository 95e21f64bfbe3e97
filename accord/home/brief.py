"""The pre-session brief: what changed since the last held session, the flags with their reasons, the
client's agenda and a suggested time split, for one client — the page and ``GET /api/v1/clients/{id}/brief``.

"Since the last session" runs from the end of the client's last *held* session (its start plus its planned
length); before any session is held, from the intake being sent, else from when the client was added. Every
read is a fixed number of queries, however much history the client has: each list is bounded (the newest
``SHOWN`` items) and counted in the same query where it says "and N more".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DateTimeField, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.accounts.models import Client
from accord.appointments import ranking
from accord.appointments.caseload import counts_of
from accord.appointments.models import ClientSummary, Session, SessionState
from accord.appointments.summary import waits_for_therapist
from accord.assessments.models import Intake, SafetyAlert
from accord.assessments.sections import measure_histories
from accord.checkins.models import Celebration, CheckIn, GoalEntry
from accord.dialogue.models import AgendaItem, Message
from accord.goals import motivation
from accord.goals.models import IN_PLAY_LIFECYCLE, Goal, GoalStep, Party
from accord.goals.motivation_sections import (
    NOT_LOADED,
    BalanceView,
    Loaded,
    decisional_balances_by_goal,
    latest_readiness_by_goal,
)
from accord.goals.motivation_sections import prompts_for_flag as goal_prompts
from accord.progress import status
from accord.progress.rules import STALLED, falling_confidence

SHOWN = 10  # items per kind of change; beyond that the line says how many more

# Flag codes (the caseload's reason codes where they mean the same).
SAFETY = ranking.SAFETY
FLAG_STALLED = ranking.STALLED
DIVERGENCE = ranking.DIVERGENCE
MISSED = ranking.MISSED
FALLING = ranking.FALLING_CONFIDENCE
WAITING = ranking.WAITING


@dataclass(frozen=True)
class Prompt:
    """A motivational-interviewing prompt for a flagged goal (filled in by ``prompts_for_flag``)."""

    text: str
    source: str = ""
    source_full: str = ""


def prompts_for_flag(goal: Goal | None, flag: str, *, readiness: Loaded = NOT_LOADED) -> list[Prompt]:
    """THE place where the MI prompt that fits a flagged goal comes from (issue 10, point 4): the prompts of
    ``accord/goals/mi_prompts.json`` for the flag (stalled, missed check-ins, falling confidence, exploring,
    low confidence), those for the goal's stage of change first, with the client's latest readiness numbers
    filled in; each names its source (docs/motivation.md). Flags without MI prompts (a safety alert,
    divergence, a proposal waiting) have none. ``readiness``: the goal's latest rating (or None) when the
    caller loaded it for all goals at once (``latest_readiness_by_goal``), else one query."""
    if flag not in motivation.FLAGS:
        return []
    if goal is None:  # a client-wide flag (missed check-ins): the general prompts, without numbers
        return [
            Prompt(_(p.template), p.source, p.source_full)
            for p in motivation.prompts_for(flag)
            if not p.values
        ]
    return [Prompt(p.text, p.source, p.source_full) for p in goal_prompts(goal, flag, readiness=readiness)]


@dataclass
class GoalMotivation:
    """A goal's stage of change, exploring state and decisional balance, for the brief."""

    goal: Goal
    stage_label: str
    exploring: bool
    balance: BalanceView | None


@dataclass
class Change:
    kind: str  # checkin, step, win, goal, measure, messages, intake
    text: str
    at: dt.datetime | None
    url: str


@dataclass
class Flag:
    code: str
    text: str
    goal: Goal | None = None
    prompts: list[Prompt] = field(default_factory=list)

    @property
    def goal_title(self) -> str:
        return str(self.goal) if self.goal is not None else ""


@dataclass
class TimeSplit:
    agenda: int
    review: int
    next: int
    suggested: bool  # False when the therapist set it

    @property
    def total(self) -> int:
        return self.agenda + self.review + self.next


@dataclass
class Brief:
    client: Client
    session: Session | None
    since: dt.datetime
    since_kind: str  # session, intake, start
    changes: list[Change]
    flags: list[Flag]
    agenda: list[AgendaItem]
    split: TimeSplit
    minutes: int
    motivation: list[GoalMotivation] = field(default_factory=list)

    @property
    def since_text(self) -> str:
        when = formats.date_format(timezone.localtime(self.since), "SHORT_DATETIME_FORMAT")
        if self.since_kind == "session":
            return _("Since the last session (%(when)s)") % {"when": when}
        if self.since_kind == "intake":
            return _("Since the intake was sent (%(when)s); no session is marked held yet") % {"when": when}
        return _("Since %(name)s was added (%(when)s); no session is marked held yet") % {
            "name": self.client.display_name,
            "when": when,
        }

    @property
    def flags_by_goal(self) -> list[tuple[Goal | None, list[Flag]]]:
        grouped: dict[int | None, list[Flag]] = {}
        goals: dict[int | None, Goal | None] = {}
        for flag in self.flags:
            key = flag.goal.pk if flag.goal is not None else None
            grouped.setdefault(key, []).append(flag)
            goals[key] = flag.goal
        return [(goals[k], v) for k, v in grouped.items()]


# --- the time split ------------------------------------------------------------------------------------


def suggest_split(minutes: int, *, agenda_items: int, flagged_goals: int, goals: int) -> TimeSplit:
    """A starting point, not a rule: 5 minutes per agenda item (up to half the session), 10 per flagged goal
    (at least 10 when there are goals), and the rest — at least 10 minutes — for next steps; shrunk to fit
    the planned length, agenda first kept."""
    next_steps = min(10, minutes)
    room = minutes - next_steps
    agenda = min(5 * agenda_items, minutes // 2, room)
    review_wanted = 10 * flagged_goals if flagged_goals else (10 if goals else 0)
    review = min(review_wanted, room - agenda)
    next_steps = minutes - agenda - review
    return TimeSplit(agenda=agenda, review=review, next=next_steps, suggested=True)


# --- "since" ---------------------------------------------------------------------------------------------


@dataclass
class _Loaded:
    """What the brief reads about the client besides the lists: two queries in all (``_load``)."""

    held: Session | None
    upcoming: Session | None
    summary: ClientSummary | None
    open_alerts: int
    intake_submitted_at: dt.datetime | None
    intake_updated_at: dt.datetime | None
    new_messages: int
    since: dt.datetime
    since_kind: str


def _sessions(client: Client, now: dt.datetime) -> tuple[Session | None, Session | None]:
    """The last held session (that has started by ``now``) and the session the brief is for — the next
    planned one that has not ended yet — in one query."""
    latest_held = (
        Session.objects.filter(client=client, state=SessionState.HELD, starts_at__lte=now)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    earliest = now - dt.timedelta(hours=4)
    rows = Session.objects.filter(client=client).filter(
        Q(state=SessionState.HELD, starts_at=Subquery(latest_held))
        | Q(state=SessionState.PLANNED, starts_at__gte=earliest)
    )
    held, upcoming = None, None
    for session in rows.order_by("starts_at", "pk")[:4]:
        if session.state == SessionState.HELD:
            held = session
        elif upcoming is None and session.ends_at >= now:
            upcoming = session
    return held, upcoming


def _load(client: Client, reader, now: dt.datetime) -> _Loaded:
    held, upcoming = _sessions(client, now)
    intake = Intake.objects.filter(client=OuterRef("pk"))
    if held is not None:
        since_at: Any = Value(held.ends_at, output_field=DateTimeField())
    else:
        since_at = Coalesce(Subquery(intake.values("submitted_at")[:1]), F("created_at"))
    messages = (
        Message.objects.filter(
            thread__client=OuterRef("pk"), created_at__gt=OuterRef("since_at"), author_party=Party.CLIENT
        )
        .exclude(author=reader)
        .order_by()
        .values("thread__client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    alerts = (
        SafetyAlert.objects.open()
        .filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    row = (
        Client.objects.filter(pk=client.pk)
        .select_related("summary")
        .annotate(
            since_at=since_at,
            intake_submitted_at=Subquery(intake.values("submitted_at")[:1]),
            intake_updated_at=Subquery(intake.values("updated_at")[:1]),
            open_alerts=Coalesce(Subquery(alerts), 0),
            new_messages=Coalesce(Subquery(messages), 0),
        )
        .get()
    )
    if held is not None:
        since, since_kind = held.ends_at, "session"
    elif row.intake_submitted_at is not None:  # type: ignore[attr-defined]
        since, since_kind = row.intake_submitted_at, "intake"  # type: ignore[attr-defined]
    else:
        since, since_kind = client.created_at, "start"
    return _Loaded(
        held=held,
        upcoming=upcoming,
        summary=getattr(row, "summary", None),
        open_alerts=row.open_alerts,  # type: ignore[attr-defined]
        intake_submitted_at=row.intake_submitted_at,  # type: ignore[attr-defined]
        intake_updated_at=row.intake_updated_at,  # type: ignore[attr-defined]
        new_messages=row.new_messages,  # type: ignore[attr-defined]
        since=since,
        since_kind=since_kind,
    )


def since_of(client: Client, now: dt.datetime) -> tuple[dt.datetime, str]:
    """When "since the last session" starts, and what it starts from (session, intake, start)."""
    held, _upcoming = _sessions(client, now)
    if held is not None:
        return held.ends_at, "session"
    intake = Intake.objects.filter(client=client, submitted_at__isnull=False).only("submitted_at").first()
    if intake is not None and intake.submitted_at is not None:  # filtered so; the type does not know
        return intake.submitted_at, "intake"
    return client.created_at, "start"


def upcoming_session(client: Client, now: dt.datetime) -> Session | None:
    """The session the brief is for: the next planned one that has not ended yet."""
    return _sessions(client, now)[1]


# --- what changed --------------------------------------------------------------------------------------


def _date(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_WEEKDAY_FORMAT")


def _checkin_changes(client: Client, since: dt.datetime) -> list[Change]:
    entries = Prefetch("entries", queryset=GoalEntry.objects.select_related("goal__current_version"))
    checkins = list(
        CheckIn.objects.filter(client=client, submitted_at__gt=since)
        .order_by("-submitted_at")
        .prefetch_related(entries)[:SHOWN]
    )
    changes = []
    for checkin in checkins:
        parts = []
        for entry in checkin.entries.all():
            values = []
            if entry.value is not None:
                values.append(status.format_value(entry.value))
            if entry.progress is not None:
                values.append(_("%(n)d/10 towards it") % {"n": entry.progress})
            if entry.confidence is not None:
                values.append(_("confidence %(n)d/10") % {"n": entry.confidence})
            parts.append(f"{Truncator(str(entry.goal)).chars(40)}: {', '.join(values) or '—'}")
        text = _("Check-in %(date)s — %(values)s") % {
            "date": _date(checkin.submitted_at),
            "values": "; ".join(parts) or _("no goal answers"),
        }
        changes.append(
            Change("checkin", text, checkin.submitted_at, reverse("client_page", args=[client.pk]))
        )
    return changes


def _step_changes(client: Client, since: dt.datetime) -> list[Change]:
    steps = (
        GoalStep.objects.filter(goal__client=client, done_at__gt=since, is_current=True)
        .select_related("goal")
        .order_by("-done_at")[:SHOWN]
    )
    return [
        Change(
            "step",
            (
                _("Milestone reached: %(text)s")
                if step.kind == GoalStep.Kind.MILESTONE
                else _("Step done: %(text)s")
            )
            % {"text": step.text},
            step.done_at,
            reverse("goal_page", args=[step.goal_id]),
        )
        for step in steps
    ]


def _win_changes(client: Client, since: dt.datetime) -> list[Change]:
    wins = Celebration.objects.filter(client=client, created_at__gt=since).order_by("-created_at")[:SHOWN]
    return [
        Change(
            "win",
            _("New win: %(title)s") % {"title": win.title},
            win.created_at,
            reverse("client_wins", args=[client.pk]),
        )
        for win in wins
    ]


def _goal_changes(goals: list[Goal], since: dt.datetime) -> list[Change]:
    changes = []
    for goal in goals:
        version = goal.current_version
        if goal.lifecycle_status not in IN_PLAY_LIFECYCLE or version is None or goal.is_agreed:
            continue
        if version.created_at <= since:
            continue
        waiting = goal.waiting_for()
        who = _("you") if Party.THERAPIST in waiting else _("the client")
        text = (
            _("New goal waiting for %(who)s: %(goal)s")
            if version.number == 1
            else _("Changed goal (version %(n)d) waiting for %(who)s: %(goal)s")
        ) % {"who": who, "goal": version.statement[:80], "n": version.number}
        changes.append(Change("goal", text, version.created_at, reverse("goal_page", args=[goal.pk])))
    return changes


def _measure_changes(client: Client, since: dt.datetime) -> list[Change]:
    changes = []
    for history in measure_histories(client):
        for row in history.rows:
            response = row.response
            if response.completed_at <= since:
                continue
            score = f"{response.total}/{response.max_total}" if response.total is not None else ""
            judgement = f" — {row.judgement_label}" if row.judgement else ""
            text = f"{history.instrument.short_title}: {score}{judgement}"
            changes.append(
                Change("measure", text, response.completed_at, reverse("client_assessment", args=[client.pk]))
            )
    return changes[-SHOWN:]


def _message_changes(client: Client, count: int) -> list[Change]:
    if not count:
        return []
    text = ngettext("%(n)d new message from the client", "%(n)d new messages from the client", count) % {
        "n": count
    }
    return [Change("messages", text, None, reverse("dialogue_conversation", args=[client.pk]))]


def _intake_changes(client: Client, loaded: _Loaded) -> list[Change]:
    since, updated, submitted = loaded.since, loaded.intake_updated_at, loaded.intake_submitted_at
    if updated is None or updated <= since:
        return []
    text = _("Intake sent") if submitted and submitted > since else _("Intake answers changed")
    return [Change("intake", text, updated, reverse("client_assessment", args=[client.pk]))]


# --- flags -----------------------------------------------------------------------------------------------


def _flags(
    client: Client, goals: list[Goal], progress: list[status.GoalProgress], loaded: _Loaded, now: dt.datetime
) -> list[Flag]:
    flags: list[Flag] = []
    alerts = loaded.open_alerts  # counted live: a safety alert is never read from a derived row
    if alerts:
        flags.append(
            Flag(
                SAFETY,
                ngettext(
                    "An open safety alert, not acknowledged yet",
                    "%(n)d open safety alerts, not acknowledged yet",
                    alerts,
                )
                % {"n": alerts},
            )
        )
    missed = counts_of(loaded.summary, now).missed_checkins
    if missed >= ranking.MISSED_FROM:
        flags.append(
            Flag(MISSED, ngettext("%(n)d check-in missed", "%(n)d check-ins missed", missed) % {"n": missed})
        )
    rules = status.progress_rules()
    for item in progress:
        goal = item.goal
        judged = item.status.automatic.key if item.status.manual else item.status.key
        if judged == STALLED:
            flags.append(Flag(FLAG_STALLED, _("Stalled: %(reason)s") % {"reason": item.status.reason}, goal))
        recent = falling_confidence(item.confidence, rules.falling_confidence_checkins)
        if judged != STALLED and recent is not None:
            flags.append(
                Flag(
                    FALLING,
                    _("Confidence falling: %(values)s")
                    % {"values": " → ".join(status.format_value(v) for v in recent)},
                    goal,
                )
            )
        for found in item.divergences:
            flags.append(Flag(DIVERGENCE, found.reason, goal))
    for goal in goals:
        if waits_for_therapist(goal):
            flags.append(Flag(WAITING, _("A proposal is waiting for your agreement"), goal))
    for goal in goals:
        if goal.exploring:
            flags.append(Flag(motivation.EXPLORING, _("Being explored: not yet SMART, not yet agreed"), goal))
    flagged = [flag.goal for flag in flags if flag.goal is not None]
    readiness = latest_readiness_by_goal(flagged) if flagged else {}
    for flag in flags:
        known = readiness.get(flag.goal.pk) if flag.goal is not None else None
        flag.prompts = prompts_for_flag(flag.goal, flag.code, readiness=known)
    return flags


def _motivation(goals: list[Goal]) -> list[GoalMotivation]:
    """Each goal with a stage of change, in exploring, or with a decisional balance: one query in all."""
    balances = decisional_balances_by_goal(goals) if goals else {}
    return [
        GoalMotivation(
            goal=goal,
            stage_label=goal.get_stage_of_change_display() if goal.stage_of_change else "",
            exploring=goal.exploring,
            balance=balances.get(goal.pk),
        )
        for goal in goals
        if goal.stage_of_change or goal.exploring or goal.pk in balances
    ]


# --- the brief -------------------------------------------------------------------------------------------


def build_brief(client: Client, reader, *, now: dt.datetime | None = None) -> Brief:
    """The brief in a fixed number of queries (15 for the page, with the session, user and audit ones),
    however much history the client has (tests/appointments/test_brief.py)."""
    now = now or timezone.now()
    loaded = _load(client, reader, now)
    since, since_kind, session = loaded.since, loaded.since_kind, loaded.upcoming
    # The client's goals once, for the changes, the flags and their progress.
    all_goals = list(
        status.with_latest_ratings(Goal.objects.filter(client=client))
        .select_related("agreed_version", "current_version")
        .order_by("created_at", "id")
    )
    goals = [g for g in all_goals if g.lifecycle_status in IN_PLAY_LIFECYCLE]
    progress = status.progress_of_loaded(status.tracked_of_loaded(all_goals), client)
    changes = (
        _checkin_changes(client, since)
        + _step_changes(client, since)
        + _win_changes(client, since)
        + _goal_changes(goals, since)
        + _measure_changes(client, since)
        + _message_changes(client, loaded.new_messages)
        + _intake_changes(client, loaded)
    )
    flags = _flags(client, goals, progress, loaded, now)
    agenda = list(
        AgendaItem.objects.filter(client=client)
        .still_open()
        .in_agenda_order()
        .select_related("goal__current_version")[:SHOWN]
    )
    minutes = session.minutes if session else client.practice.default_session_minutes
    flagged_goals = len({f.goal.pk for f in flags if f.goal is not None})
    if session and session.time_split:
        split = TimeSplit(
            suggested=False, **{k: session.time_split.get(k, 0) for k in ("agenda", "review", "next")}
        )
    else:
        split = suggest_split(
            minutes, agenda_items=len(agenda), flagged_goals=flagged_goals, goals=len(goals)
        )
    return Brief(
        client, session, since, since_kind, changes, flags, agenda, split, minutes, _motivation(goals)
    )


def brief_json(brief: Brief) -> dict[str, Any]:
    """The API's shape of the brief: the same sections as the page."""
    session = brief.session
    return {
        "client_id": brief.client.pk,
        "session": None
        if session is None
        else {
            "id": session.pk,
            "starts_at": session.starts_at,
            "minutes": session.minutes,
            "state": session.state,
        },
        "since": brief.since,
        "since_kind": brief.since_kind,
        "changes": [{"kind": c.kind, "text": c.text, "at": c.at, "url": c.url} for c in brief.changes],
        "flags": [
            {
                "code": f.code,
                "text": f.text,
                "goal_id": f.goal.pk if f.goal is not None else None,
                "prompts": [
                    {"text": p.text, "source": p.source, "source_full": p.source_full} for p in f.prompts
                ],
            }
            for f in brief.flags
        ],
        "motivation": [
            {
                "goal_id": m.goal.pk,
                "stage_of_change": m.goal.stage_of_change,
                "exploring": m.exploring,
                "decisional_balance": m.balance.as_json() if m.balance is not None else None,
            }
            for m in brief.motivation
        ],
        "agenda": [
            {"id": item.pk, "text": item.text, "priority": item.priority, "goal_id": item.goal_id}
            for item in brief.agenda
        ],
        "time_split": {
            "agenda": brief.split.agenda,
            "review": brief.split.review,
            "next": brief.split.next,
            "suggested": brief.split.suggested,
            "minutes": brief.minutes,
        },
    }
