"""Every write about sessions, the brief's time split and the digest opt-in: one function per use case, in
a short transaction, audited. Callers have passed an access helper for the client (or session) first; these
still refuse anyone but a therapist, since sessions are the therapist's record."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import Client, Role, hash_token, new_token
from accord.appointments import summary
from accord.appointments.models import DigestSubscription, Session, SessionCalendar, SessionState
from accord.audit.models import Action
from accord.audit.recording import record

SPLIT_PARTS = ("agenda", "review", "next")


class SessionError(Exception):
    """A change that cannot be made as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _therapist(actor: ActorLike) -> Actor:
    actor = Actor.of(actor)
    if not actor.is_therapist:
        raise SessionError(_("Sessions are planned and recorded by the therapist."))
    return actor


def therapist_zone(user) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")


def suggest_next(client: Client, user, *, now: dt.datetime | None = None) -> tuple[dt.datetime, int]:
    """The next session the "add next session" button offers: a week after the client's latest session, at
    the same time (moved on by weeks until it is in the future), else tomorrow at 10:00 in the therapist's
    zone; the practice's default length, or the latest session's."""
    now = now or timezone.now()
    zone = therapist_zone(user)
    latest = (
        Session.objects.filter(client=client).exclude(state=SessionState.CANCELLED).order_by("-starts_at")
    )
    last = latest.only("starts_at", "minutes").first()
    if last is None:
        day = now.astimezone(zone).date() + dt.timedelta(days=1)
        start = dt.datetime.combine(day, dt.time(10, 0), tzinfo=zone)
        return start, client.practice.default_session_minutes
    local = last.starts_at.astimezone(zone)
    start = local + dt.timedelta(weeks=1)
    while start <= now:
        start += dt.timedelta(weeks=1)
    # The same wall-clock time across a daylight-saving change.
    start = dt.datetime.combine(start.date(), local.time(), tzinfo=zone)
    return start, last.minutes


@transaction.atomic
def plan_session(
    client: Client, actor: ActorLike, *, starts_at: dt.datetime, minutes: int | None = None
) -> Session:
    """Plan a session with the client; a session at the very same time is not planned twice."""
    actor = _therapist(actor)
    if timezone.is_naive(starts_at):
        raise SessionError(_("Give the time with its time zone."), field="starts_at")
    starts_at = starts_at.astimezone(dt.UTC)
    minutes = minutes or client.practice.default_session_minutes
    if not 10 <= minutes <= 240:
        raise SessionError(_("A session lasts from 10 to 240 minutes."), field="minutes")
    same = Session.objects.filter(client=client, starts_at=starts_at, state=SessionState.PLANNED).first()
    if same is not None:
        return same
    session = Session.objects.create(
        client=client, therapist=actor.user, starts_at=starts_at, minutes=minutes, created_by=actor.user
    )
    record(Action.SESSION_PLANNED, actor=actor, obj=session, client=client)
    return session


@transaction.atomic
def set_state(session: Session, actor: ActorLike, state: str) -> Session:
    """Mark a session held, cancelled or missed (or planned again). A session marked held closes "since last
    session" for the next brief; one in the future cannot be held yet."""
    actor = _therapist(actor)
    if state not in SessionState.values:
        raise SessionError(_("Choose planned, held, cancelled or missed."), field="state")
    if state in (SessionState.HELD, SessionState.MISSED) and session.starts_at > timezone.now():
        raise SessionError(_("A session can be marked held or missed once it has started."), field="state")
    if session.state == state:
        return session
    session.state, session.state_changed_at = state, timezone.now()
    session.save(update_fields=["state", "state_changed_at"])
    record(
        Action.SESSION_STATE_CHANGED, actor=actor, obj=session, client=session.client, detail={"state": state}
    )
    return session


@transaction.atomic
def set_time_split(session: Session, actor: ActorLike, split: dict[str, int]) -> Session:
    """The therapist's own split of the planned length (minutes for agenda, review of goals, next steps)."""
    actor = _therapist(actor)
    clean = {}
    for part in SPLIT_PARTS:
        value = split.get(part)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 240:
            raise SessionError(_("Give whole minutes from 0 to 240."), field=part)
        clean[part] = value
    if sum(clean.values()) > session.minutes:
        raise SessionError(
            _("The parts add up to more than the session's %(n)d minutes.") % {"n": session.minutes},
            field="agenda",
        )
    session.time_split = clean
    session.save(update_fields=["time_split"])
    record(Action.SESSION_SPLIT_CHANGED, actor=actor, obj=session, client=session.client)
    return session


@transaction.atomic
def set_digest(actor: ActorLike, *, enabled: bool) -> DigestSubscription:
    """A therapist turns their daily digest email on or off."""
    actor = _therapist(actor)
    subscription, _created = DigestSubscription.objects.update_or_create(
        user=actor.user, defaults={"enabled": enabled}
    )
    record(Action.DIGEST_CHANGED, actor=actor, detail={"enabled": enabled})
    return subscription


# --- the private sessions calendar ------------------------------------------------------------------------


@transaction.atomic
def create_calendar_link(actor: ActorLike) -> str:
    """A new secret for the therapist's sessions feed; any earlier link stops working. Returns the secret,
    which is stored only as a digest and shown once."""
    actor = _therapist(actor)
    raw = new_token()
    calendar, _created = SessionCalendar.objects.update_or_create(
        user=actor.user, defaults={"token_hash": hash_token(raw)}
    )
    record(Action.SESSION_CALENDAR_CREATED, actor=actor, obj=calendar)
    return raw


@transaction.atomic
def revoke_calendar_link(actor: ActorLike) -> bool:
    actor = _therapist(actor)
    changed = SessionCalendar.objects.filter(user=actor.user).exclude(token_hash="").update(token_hash="")
    if changed:
        record(Action.SESSION_CALENDAR_REVOKED, actor=actor)
    return bool(changed)


def therapist_for_calendar_token(raw: str):
    """The active therapist whose sessions feed this secret opens, or None (unknown, revoked, left)."""
    if not raw:
        return None
    calendar = (
        SessionCalendar.objects.select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True, user__role=Role.THERAPIST)
        .first()
    )
    return calendar.user if calendar is not None else None


def refresh_summaries(clients) -> int:
    """Recompute the summaries of ``clients`` (the demo, the daily digest, a command after an upgrade)."""
    done = 0
    for client in clients:
        summary.refresh(client)
        done += 1
    return done
