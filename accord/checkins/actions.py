"""Everything that changes check-ins: the rhythm and its calendar link, drafts, submitting a check-in and
a therapist's note of recognition on a win. Each function writes, audits and triggers what follows.

Pages and the API call these and nothing else, so both behave the same. Callers have passed an access helper
for the client first; validation of what people typed lives in ``accord.checkins.forms``.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import dataversion, replay
from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import Client, hash_token, new_token
from accord.audit.models import Action
from accord.audit.recording import record
from accord.checkins import celebrations, signals
from accord.checkins.models import (
    Celebration,
    CheckIn,
    CheckInDraft,
    CheckInRhythm,
    GoalEntry,
    ProgressRating,
    StepCheck,
)
from accord.checkins.schedule import Rhythm
from accord.dialogue.actions import add_agenda_item
from accord.dialogue.models import Priority
from accord.goals.actions import tick_step
from accord.goals.models import Goal, GoalStep, LifecycleStatus, Party

# The agenda item a check-in adds gets a key made from the check-in's own, so a double submit adds one.
AGENDA_KEY_NAMESPACE = uuid.UUID("6f1c2b1e-4d1a-4c55-9a3e-0c8e53c7a001")


class CheckInError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None, *, forbidden: bool = False):
        super().__init__(message)
        self.message = message
        self.field = field
        # The person may not do this at all (the API answers 403), rather than asked for it wrongly (400).
        self.forbidden = forbidden


def client_today(client: Client) -> dt.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(client.time_zone))


# --- the rhythm -----------------------------------------------------------------------------------------


def default_rhythm(client: Client) -> CheckInRhythm:
    """The practice's default rhythm in the client's own time zone, starting today (not saved)."""
    practice = client.practice
    return CheckInRhythm(
        client=client,
        every_weeks=practice.default_checkin_interval_weeks,
        weekday=practice.default_checkin_weekday,
        time_of_day=practice.default_checkin_time,
        time_zone=client.time_zone,
        starts_on=client_today(client),
    )


def rhythm_for(client: Client) -> CheckInRhythm:
    """The client's rhythm, made from the practice's defaults the first time it is needed."""
    rhythm = CheckInRhythm.objects.filter(client=client).first()
    if rhythm is not None:
        return rhythm
    rhythm = default_rhythm(client)
    try:
        with transaction.atomic():
            rhythm.save()
    except IntegrityError:  # made by a parallel request a moment ago
        rhythm = CheckInRhythm.objects.get(client=client)
    return rhythm


def schedule_of(rhythm: CheckInRhythm) -> Rhythm:
    return Rhythm(
        every_weeks=rhythm.every_weeks,
        weekday=rhythm.weekday,
        time_of_day=rhythm.time_of_day,
        time_zone=rhythm.time_zone,
        starts_on=rhythm.starts_on,
    )


def ensure_rhythms() -> int:
    """Give every client who signs in a rhythm from their practice's defaults (for the reminder scan)."""
    missing = (
        Client.objects.filter(is_active=True, user__isnull=False, rhythm__isnull=True)
        .select_related("practice")
        .order_by("pk")
    )
    rhythms = [default_rhythm(client) for client in missing]
    CheckInRhythm.objects.bulk_create(rhythms, ignore_conflicts=True)
    dataversion.bump_many(rhythm.client_id for rhythm in rhythms)  # a bulk insert sends no signal
    return len(rhythms)


RHYTHM_FIELDS = ("every_weeks", "weekday", "time_of_day", "time_zone", "reminders_on")


@transaction.atomic
def set_rhythm(client: Client, actor: ActorLike, changes: dict[str, Any]) -> CheckInRhythm:
    """Either party changes the day, time, zone, interval or reminders. The phase restarts from today."""
    rhythm = rhythm_for(client)
    before = {name: getattr(rhythm, name) for name in RHYTHM_FIELDS}
    for name in RHYTHM_FIELDS:
        if name in changes:
            setattr(rhythm, name, changes[name])
    after = {name: getattr(rhythm, name) for name in RHYTHM_FIELDS}
    if after == before:
        return rhythm
    if after["every_weeks"] != before["every_weeks"] or after["weekday"] != before["weekday"]:
        rhythm.starts_on = timezone.localdate(timezone=zoneinfo.ZoneInfo(rhythm.time_zone))
    rhythm.save()
    changed = sorted(name for name in RHYTHM_FIELDS if after[name] != before[name])
    record(
        Action.RHYTHM_CHANGED,
        actor=actor,
        obj=rhythm,
        client=client,
        detail={"fields": changed},
    )
    return rhythm


def next_due(rhythm: CheckInRhythm, after: dt.datetime | None = None) -> dt.datetime:
    return schedule_of(rhythm).next_due(after or timezone.now())


def upcoming(rhythm: CheckInRhythm, count: int, after: dt.datetime | None = None) -> list[dt.datetime]:
    return schedule_of(rhythm).upcoming(after or timezone.now(), count)


# --- the private calendar link --------------------------------------------------------------------------


@transaction.atomic
def create_calendar_link(client: Client, actor: ActorLike) -> str:
    """A new secret for the client's calendar feed; any earlier link stops working. Returns the secret,
    which is stored only as a digest and shown once."""
    rhythm = rhythm_for(client)
    raw = new_token()
    rhythm.calendar_token_hash = hash_token(raw)
    rhythm.save(update_fields=["calendar_token_hash", "updated_at"])
    record(Action.CALENDAR_LINK_CREATED, actor=actor, obj=rhythm, client=client)
    return raw


@transaction.atomic
def revoke_calendar_link(client: Client, actor: ActorLike) -> bool:
    rhythm = rhythm_for(client)
    if not rhythm.calendar_token_hash:
        return False
    rhythm.calendar_token_hash = ""
    rhythm.save(update_fields=["calendar_token_hash", "updated_at"])
    record(Action.CALENDAR_LINK_REVOKED, actor=actor, obj=rhythm, client=client)
    return True


def rhythm_for_calendar_token(raw: str) -> CheckInRhythm | None:
    if not raw:
        return None
    return (
        CheckInRhythm.objects.select_related("client")
        .filter(calendar_token_hash=hash_token(raw), client__is_active=True)
        .first()
    )


# --- goals to check in on -------------------------------------------------------------------------------


def checkin_goals(client: Client) -> QuerySet[Goal]:
    """The client's agreed, active goals, oldest first, each with its agreed version and current steps."""
    from django.db.models import Prefetch

    steps = GoalStep.objects.filter(is_current=True).order_by("kind", "position", "pk")
    return (
        Goal.objects.filter(
            client=client, lifecycle_status=LifecycleStatus.ACTIVE, agreed_version__isnull=False
        )
        .select_related("agreed_version", "current_version")
        .prefetch_related(Prefetch("steps", queryset=steps, to_attr="current_steps"))
        .order_by("created_at", "pk")
    )


def has_goals_to_check_in_on() -> Exists:
    """For querysets of rhythms or clients: does the client have an agreed, active goal?"""
    return Exists(
        Goal.objects.filter(
            client_id=OuterRef("client_id"),
            lifecycle_status=LifecycleStatus.ACTIVE,
            agreed_version__isnull=False,
        )
    )


# --- drafts ---------------------------------------------------------------------------------------------


def draft_of(client: Client) -> dict[str, Any]:
    """What the client typed last time, unless that form has been sent since (then it is stale)."""
    draft = CheckInDraft.objects.filter(client=client).first()
    if draft is None:
        return {}
    if checkin_with_key(client, draft.data.get("idempotency_key")) is not None:
        draft.delete()
        return {}
    return dict(draft.data)


@transaction.atomic
def save_draft(client: Client, actor: ActorLike, data: dict[str, Any]) -> CheckInDraft | None:
    """Keep what the client has typed so far (already cleaned by ``forms.draft_data``). An autosave that
    arrives after its form was sent is ignored, so it cannot bring a sent check-in back as a draft."""
    if checkin_with_key(client, data.get("idempotency_key")) is not None:
        return None
    draft, _created = CheckInDraft.objects.update_or_create(client=client, defaults={"data": data})
    record(
        Action.CHECKIN_DRAFT_SAVED,
        actor=actor,
        obj=draft,
        client=client,
        detail={"fields": len(data)},
    )
    return draft


# --- submitting a check-in ------------------------------------------------------------------------------


@dataclass
class GoalAnswer:
    goal: Goal
    value: float | None = None
    progress: int | None = None
    confidence: int | None = None
    helped: str = ""
    got_in_the_way: str = ""
    steps_done: set[int] = field(default_factory=set)  # ids of action steps done since last time
    milestones_reached: set[int] = field(default_factory=set)  # ids of milestones to tick now


@dataclass
class CheckInData:
    answers: list[GoalAnswer] = field(default_factory=list)
    note: str = ""
    agenda: str = ""
    # The key as the form read it (a UUID, written the one way); empty: the key the caller passed.
    idempotency_key: str = ""


@dataclass
class Submitted:
    checkin: CheckIn
    created: bool
    celebrations: list[Celebration] = field(default_factory=list)


def checkin_with_key(client: Client, idempotency_key: str | None) -> CheckIn | None:
    """The check-in an earlier submit of the same form made, if any."""
    return replay.earlier(_made_with(client, idempotency_key))


def _made_with(client: Client, idempotency_key: str | None) -> QuerySet[CheckIn] | None:
    key = replay.clean_key(idempotency_key)
    return None if key is None else CheckIn.objects.filter(client=client, idempotency_key=key)


def submit_checkin(
    client: Client,
    actor: ActorLike | None,
    data: CheckInData | Callable[[], CheckInData],
    idempotency_key: str | None,
    *,
    at: dt.datetime | None = None,
    in_session: bool = False,
) -> Submitted:
    """Store one check-in with an entry per answered goal, in one transaction.

    The whole use case, in order: only the client checks in (their goals, their 0–10 ratings); the same
    ``idempotency_key`` again returns the check-in it made the first time, so a double submit (or a retried
    API call) creates one — even when the form would no longer be valid; only then is ``data`` read (pass a
    function to parse the form only when needed: whatever it raises reaches the caller). ``at`` dates a
    check-in recorded later than it happened (the demo's history); by default it is now."""
    if in_session:
        # Done together in session: the therapist (on the care team, checked by the caller's access
        # helper) records the client's own answers; the check-in says so.
        if actor is None or not getattr(actor, "is_therapist", False):
            raise CheckInError(
                _("Only the therapist records a check-in done together in session."), forbidden=True
            )
    elif actor is None or client.user_id != actor.pk:
        raise CheckInError(_("Check-ins are the client's own."), forbidden=True)
    earlier = checkin_with_key(client, idempotency_key)
    if earlier is not None:
        return Submitted(earlier, created=False)
    if callable(data):
        data = data()
    made_with_key = _made_with(client, data.idempotency_key or idempotency_key)
    if made_with_key is None:
        raise CheckInError(_("This form is out of date. Please reload the page."), field="idempotency_key")
    if not data.answers:
        raise CheckInError(_("There is nothing to check in on yet: no goal is agreed and active."))
    key = replay.clean_key(data.idempotency_key or idempotency_key) or ""
    won: list[Celebration] = []

    def store() -> CheckIn:
        checkin, wins = _store(client, Actor.of(actor), data, key, at or timezone.now(), in_session)
        won.extend(wins)
        return checkin

    checkin, created = replay.once(made_with_key, store)
    return Submitted(checkin, created=created, celebrations=won)


def _store(
    client: Client, actor: Actor, data: CheckInData, key: str, now: dt.datetime, in_session: bool = False
) -> tuple[CheckIn, list[Celebration]]:
    for answer in data.answers:
        if answer.goal.client_id != client.pk:
            raise CheckInError(_("This goal is not one of yours."), field="goal")
    rhythm = schedule_of(rhythm_for(client))
    checkin = CheckIn.objects.create(
        client=client,
        submitted_at=now,
        submitted_by=actor.user,
        due_at=celebrations.nearest_due(rhythm, now),
        note=data.note.strip(),
        idempotency_key=key,
        in_session=in_session,
    )
    won: list[Celebration | None] = []
    for answer in data.answers:
        entry = _record_answer(checkin, answer, actor, now)
        won.append(celebrations.on_entry_recorded(entry))
        won += _tick_milestones(answer, actor)
    if data.agenda.strip():
        _add_agenda_item(client, actor, data.agenda.strip(), key)
    if not in_session:  # the client's own draft stays theirs
        CheckInDraft.objects.filter(client=client).delete()
    record(
        Action.CHECKIN_SUBMITTED,
        actor=actor,
        obj=checkin,
        client=client,
        detail={"goals": len(data.answers), "in_session": in_session},
    )
    won.append(celebrations.on_checkin_submitted(checkin, rhythm))
    # Keep the stored FHIR achievement status in step with the new values (never over a hand-set one).
    local_day = timezone.localdate(now, timezone=zoneinfo.ZoneInfo(client.time_zone))
    signals.checkin_stored.send(sender=CheckIn, client=client, day=local_day)
    return checkin, [c for c in won if c is not None]


def _record_answer(checkin: CheckIn, answer: GoalAnswer, actor: Actor, now: dt.datetime) -> GoalEntry:
    goal = answer.goal
    entry = GoalEntry.objects.create(
        checkin=checkin,
        goal=goal,
        version=goal.version_agreed,
        recorded_on=timezone.localdate(now, timezone=zoneinfo.ZoneInfo(checkin.client.time_zone)),
        value=answer.value,
        progress=answer.progress,
        confidence=answer.confidence,
        helped=answer.helped.strip(),
        got_in_the_way=answer.got_in_the_way.strip(),
    )
    entry.goal, entry.checkin = goal, checkin
    action_steps = [s for s in _current_steps(goal) if s.kind == GoalStep.Kind.ACTION]
    StepCheck.objects.bulk_create(
        [StepCheck(entry=entry, step=step, done=step.pk in answer.steps_done) for step in action_steps]
    )
    if answer.progress is not None:
        ProgressRating.objects.create(
            goal=goal, party=Party.CLIENT, rating=answer.progress, rated_by=actor.user, rated_at=now
        )
    return entry


def _current_steps(goal: Goal) -> list[GoalStep]:
    steps = getattr(goal, "current_steps", None)
    if steps is None:
        steps = list(goal.steps.filter(is_current=True).order_by("kind", "position", "pk"))
    return steps


def _tick_milestones(answer: GoalAnswer, actor: Actor) -> list[Celebration | None]:
    """Milestones the client says they reached are ticked on the goal itself (who and when kept)."""
    won = []
    for step in _current_steps(answer.goal):
        if step.kind != GoalStep.Kind.MILESTONE or step.pk not in answer.milestones_reached or step.done_at:
            continue
        wins = Celebration.objects.filter(client_id=answer.goal.client_id, key=f"step:{step.pk}")
        celebrated_before = wins.exists()
        step.goal = answer.goal
        tick_step(step, actor, done=True)
        if not celebrated_before:
            won.append(wins.first())
    return won


def _add_agenda_item(client: Client, actor: Actor, text: str, key: str) -> None:
    """ "Anything for next time" joins the agenda for the next session (accord.dialogue)."""
    add_agenda_item(
        client,
        actor,
        text=text,
        priority=Priority.NORMAL,
        submission_key=uuid.uuid5(AGENDA_KEY_NAMESPACE, f"{client.pk}:{key}"),
    )


# --- wins -----------------------------------------------------------------------------------------------


def mark_seen_by_client(celebration_ids: list[int]) -> int:
    if not celebration_ids:
        return 0
    seen = Celebration.objects.filter(pk__in=celebration_ids, seen_by_client_at__isnull=True)
    clients = set(seen.values_list("client_id", flat=True))
    changed = seen.update(seen_by_client_at=timezone.now())
    dataversion.bump_many(clients)  # an UPDATE sends no signal; the wins no longer read "new"
    return changed


def mark_seen_by_therapist(client: Client, actor: ActorLike) -> int:
    """A therapist on the care team has the client's wins in front of them."""
    if not actor.is_therapist:
        return 0
    seen = Celebration.objects.filter(client=client, seen_by_therapist_at__isnull=True).update(
        seen_by_therapist_at=timezone.now()
    )
    if seen:  # an UPDATE sends no signal; the wins no longer read "new"
        dataversion.bump(client.pk)
    return seen


@transaction.atomic
def add_recognition(celebration: Celebration, actor: ActorLike, *, note: str) -> Celebration:
    """The therapist's personal note on a win, which the client sees on their timeline. A new note replaces
    the earlier one."""
    if not actor.is_therapist:
        raise CheckInError(_("Notes of recognition come from the therapist."), field="note")
    note = (note or "").strip()
    if not note:
        raise CheckInError(_("Write a few words first."), field="note")
    celebration.therapist_note, celebration.note_by, celebration.note_at = (
        note,
        Actor.of(actor).user,
        timezone.now(),
    )
    celebration.save(update_fields=["therapist_note", "note_by", "note_at"])
    record(
        Action.CELEBRATION_NOTED,
        actor=actor,
        obj=celebration,
        client=celebration.client,
        detail={"kind": celebration.kind},
    )
    return celebration
