"""What every goal action uses: its error, which side is acting, the agreement trail and the audit record, and
the checks that refuse a change (a closed goal, a stale version, someone else's themes …)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import Client, User
from accord.audit.recording import record
from accord.goals.models import (
    AgreementEvent,
    ClientTheme,
    Goal,
    Party,
)


class GoalActionError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def party_of(user: ActorLike, client: Client) -> str:
    """Which side ``user`` is on for this client. Access helpers have already checked they may act."""
    return Party.CLIENT if client.user_id == user.pk else Party.THERAPIST


def audit(action: str, actor: ActorLike, goal: Goal, **detail: Any) -> None:
    record(action, actor=Actor.of(actor), obj=goal, client=goal.client, detail=detail)


def who(actor: ActorLike) -> User:
    return Actor.of(actor).user


def log_event(
    goal: Goal, party: str, user: User, decision: str, comment: str = "", *, in_session: bool = False
) -> None:
    AgreementEvent.objects.create(
        goal=goal,
        version=goal.version_now,
        party=party,
        user=user,
        decision=decision,
        comment=comment,
        in_session=in_session,
    )


def require_not_closed(goal: Goal) -> None:
    """A closed goal (``CLOSED_LIFECYCLE``) is not changed any more: a new goal is proposed instead."""
    if goal.is_closed:
        raise GoalActionError(_("This goal is closed. Propose a new goal instead."))


def require_current(goal: Goal, based_on: int | None) -> None:
    """A change made on a version that is no longer the current one is refused (a conflict: the API
    answers 409, the pages show what changed). ``None``: the caller did not say, so nothing to check."""
    if based_on is not None and based_on != goal.current_number:
        raise GoalActionError(
            _("The goal changed while you were looking at it. Please read the new version first."),
            field="version",
        )


def check_themes(client: Client, theme_ids: list[int] | None) -> None:
    """Links must point at this client's own needs, strengths and values."""
    if not theme_ids:
        return
    known = set(ClientTheme.objects.filter(client=client, pk__in=theme_ids).values_list("pk", flat=True))
    if set(theme_ids) - known:
        raise GoalActionError(_("Choose from this client's needs, strengths and values."), field="theme_ids")


def require_not_exploring(goal: Goal) -> None:
    if goal.exploring:
        raise GoalActionError(
            _("This goal is being explored. Mark it ready to shape before anyone accepts it."),
            field="exploring",
        )


def require_in_session(goal: Goal, actor: ActorLike, agreed_in_room: bool) -> None:
    """Recording the client's answer for them: the therapist only, and only with the tick that says the
    client gave it in the room."""
    if party_of(actor, goal.client) != Party.THERAPIST:
        raise GoalActionError(_("Only the therapist records the client's answer in session."))
    if not agreed_in_room:
        raise GoalActionError(
            _("Tick the box to confirm the client answered in the room with you."), field="in_room"
        )
