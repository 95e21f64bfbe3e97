"""Shaping a goal together live (issue 15): the shared draft behind two open builders, who is here, and
which field each person is in.

Every change goes through the database, so it works across any number of app servers with no sticky
sessions and no extra service (docs/decisions.md, "Live co-editing"). A browser sends each field's change
as the person types; it polls for the others' changes with the draft's revision as its ETag, which the
server answers "not modified" from one indexed read (``access.live_revision_if_visible``).

Nothing here is a version: a version is made only by the builder's save (``actions.edit_goal``), which
empties the draft (``start_afresh``), so agreement stays about versions exactly as before.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import User
from accord.goals.live_fields import LIVE_FIELDS, Value, merge
from accord.goals.models import DraftPresence, Goal, GoalDraft, Party

# How often the page asks for news, and sends "still here" while it is open and visible.
POLL_SECONDS = 1
HEARTBEAT_SECONDS = 15
# Someone not heard from for this long has left (a closed laptop sends no goodbye).
PRESENCE_SECONDS = 45
# Even with nothing new, a poll gets the whole state this often, so the ages of presences stay true.
REFRESH_SECONDS = 30
# A draft nobody has touched for this long is forgotten when someone opens the builder alone.
IDLE_DRAFT = dt.timedelta(minutes=30)
# Housekeeping drops drafts and presences older than this.
KEEP_FOR = dt.timedelta(days=1)


class LiveDraftRefused(Exception):
    """A change the draft cannot take: the goal is closed, or a newer version was saved meanwhile."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class FieldOutcome:
    """The answer to one field's change. Taken: ``value`` is what the draft now holds (the change, or a
    safe merge of it with ``by``'s change). Not taken: ``value`` is the other person's text, ``by`` them."""

    taken: bool
    value: Value
    rev: int
    by: str = ""


def etag(revision: int | None, now: float | None = None) -> str:
    """The poll's ETag: the draft's revision and the current refresh window (``REFRESH_SECONDS``)."""
    window = int((now if now is not None else time.time()) // REFRESH_SECONDS)
    return f'"{revision or 0}.{window}"'


# --- reading ------------------------------------------------------------------------------------------
def state(goal: Goal, viewer: User) -> dict[str, Any]:
    """What a builder needs to show the others' typing: each field changed live (its value, revision and
    who changed it), who is here and in which field. ``goal`` comes from ``access.get_goal_for``."""
    draft = GoalDraft.objects.filter(goal=goal).first()
    if draft is None:
        return {"revision": 0, "version": goal.current_number, "fields": {}, "present": []}
    now = timezone.now()
    here = draft.presences.filter(seen_at__gte=now - dt.timedelta(seconds=PRESENCE_SECONDS))
    return {
        "revision": draft.revision,
        "version": draft.based_on,
        "fields": {
            name: {
                "value": value,
                "rev": draft.changes.get(name, {}).get("rev", 0),
                "by": draft.changes.get(name, {}).get("name", ""),
                "mine": draft.changes.get(name, {}).get("by") == viewer.pk,
            }
            for name, value in draft.values.items()
        },
        "present": [
            {
                "name": _name(goal, presence.user, presence.party),
                "party": presence.party,
                "field": presence.field,
                "age": round((now - presence.seen_at).total_seconds()),
                "me": presence.user_id == viewer.pk,
            }
            for presence in here.select_related("user")
        ],
    }


def _name(goal: Goal, user: User, party: str) -> str:
    """How the others see this person: the client by the name the record uses, a therapist by first name."""
    return goal.client.display_name if party == Party.CLIENT else user.get_short_name()


# --- writing ------------------------------------------------------------------------------------------
@transaction.atomic
def join(goal: Goal, actor: ActorLike, *, field: str = "") -> None:
    """Someone opened the builder. A draft left behind from a version since replaced, or untouched for a
    while with nobody here, starts afresh from the current version."""
    user = Actor.of(actor).user
    _refuse_if_closed(goal)
    draft = _locked_draft(goal)
    now = timezone.now()
    others_here = (
        draft.presences.exclude(user=user)
        .filter(seen_at__gte=now - dt.timedelta(seconds=PRESENCE_SECONDS))
        .exists()
    )
    if draft.based_on != goal.current_number or (not others_here and draft.updated_at < now - IDLE_DRAFT):
        _empty(draft, goal.current_number)
    _mark_here(draft, goal, user, field, now)
    _bump(draft)


@transaction.atomic
def still_here(goal: Goal, actor: ActorLike, *, field: str = "") -> None:
    """The page is still open (and in ``field``). Only a move to another field, or coming back after
    being counted as gone, is news for the others; the time alone is not."""
    user = Actor.of(actor).user
    _refuse_if_closed(goal)
    draft = _locked_draft(goal)
    presence = DraftPresence.objects.filter(draft=draft, user=user).first()
    now = timezone.now()
    was_gone = presence is None or presence.seen_at < now - dt.timedelta(seconds=PRESENCE_SECONDS)
    _mark_here(draft, goal, user, field, now)
    if was_gone or presence is None or presence.field != field:
        _bump(draft)


@transaction.atomic
def leave(goal: Goal, actor: ActorLike) -> None:
    """The page was closed or left: the others see at once that this person has gone."""
    user = Actor.of(actor).user
    draft = GoalDraft.objects.select_for_update().filter(goal=goal).first()
    if draft is not None and DraftPresence.objects.filter(draft=draft, user=user).delete()[0]:
        _bump(draft)


@transaction.atomic
def change_field(
    goal: Goal,
    actor: ActorLike,
    name: str,
    value: Value,
    *,
    version: int,
    base_rev: int,
    base: Value | None = None,
) -> FieldOutcome:
    """Put what ``actor`` typed into field ``name`` of the draft. ``base_rev`` is the field's revision the
    typing started from: if someone changed the field since, the two are merged where that is safe
    (``live_fields.merge``), and otherwise nothing changes and the answer carries the other person's text
    for the typist to choose. ``version`` is the version the page is changing."""
    user = Actor.of(actor).user
    _refuse_if_closed(goal)
    draft = _locked_draft(goal)
    if version != goal.current_number or draft.based_on != version:
        raise LiveDraftRefused(
            _("A newer version was saved while you were typing. Open it to carry on."), code="version"
        )
    now = timezone.now()
    last = draft.changes.get(name, {})
    merged_with = ""
    if base_rev != last.get("rev", 0):
        merged = merge(LIVE_FIELDS[name].kind, base, value, draft.values[name])
        if merged is None:
            _mark_here(draft, goal, user, name, now)
            return FieldOutcome(taken=False, value=draft.values[name], rev=last["rev"], by=last["name"])
        value, merged_with = merged, last["name"]
    party = Party.CLIENT if goal.client.user_id == user.pk else Party.THERAPIST
    draft.revision += 1
    draft.values[name] = value
    draft.changes[name] = {"rev": draft.revision, "by": user.pk, "name": _name(goal, user, party)}
    draft.save()
    _mark_here(draft, goal, user, name, now)
    return FieldOutcome(taken=True, value=value, rev=draft.revision, by=merged_with)


def start_afresh(goal: Goal, number: int) -> None:
    """A version was saved: the draft (if any) now sits on version ``number`` with nothing typed on it.
    Called inside the save's transaction; the builders still open see the new version and stop."""
    draft = GoalDraft.objects.select_for_update().filter(goal=goal).first()
    if draft is not None:
        _empty(draft, number)
        _bump(draft)


def prune(now: dt.datetime | None = None) -> dict[str, int]:
    """Housekeeping: forget drafts nobody has touched for a day, and presences long gone."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    presences = DraftPresence.objects.filter(seen_at__lt=cutoff).delete()[0]
    _total, by_model = GoalDraft.objects.filter(updated_at__lt=cutoff).delete()
    presences += by_model.get(DraftPresence._meta.label, 0)
    return {"live_drafts_pruned": by_model.get(GoalDraft._meta.label, 0), "live_presences_pruned": presences}


# --- the parts ----------------------------------------------------------------------------------------
def _refuse_if_closed(goal: Goal) -> None:
    if goal.is_closed:
        raise LiveDraftRefused(_("This goal is closed, so it can't be changed."), code="closed")


def _locked_draft(goal: Goal) -> GoalDraft:
    """The goal's draft, locked for this transaction; made (on the current version) if there is none."""
    draft = GoalDraft.objects.select_for_update().filter(goal=goal).first()
    if draft is None:
        made, _created = GoalDraft.objects.get_or_create(
            goal=goal, defaults={"based_on": goal.current_number}
        )
        draft = GoalDraft.objects.select_for_update().get(pk=made.pk)
    return draft


def _empty(draft: GoalDraft, number: int | None) -> None:
    draft.based_on = number or 0
    draft.values = {}
    draft.changes = {}


def _bump(draft: GoalDraft) -> None:
    draft.revision += 1
    draft.save()


def _mark_here(draft: GoalDraft, goal: Goal, user: User, field: str, now: dt.datetime) -> None:
    party = Party.CLIENT if goal.client.user_id == user.pk else Party.THERAPIST
    DraftPresence.objects.update_or_create(
        draft=draft, user=user, defaults={"party": party, "field": field, "seen_at": now}
    )
