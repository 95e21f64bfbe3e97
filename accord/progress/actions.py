"""What the in-session review changes: each party's GAS level and the therapist's 0–10 progress rating, and
the achievement status the therapist sets by hand (or hands back to Accord).

Each function writes, audits and triggers what follows (a celebration, the stored automatic status) in one
transaction. Callers have passed an access helper for the goal's client first; these functions still refuse
anyone but a therapist, because a review is recorded by the therapist in session. Pausing, completing,
retiring and ticking milestones go through ``accord.goals.actions`` like everywhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.actors import Actor, ActorLike
from accord.audit.models import Action
from accord.audit.recording import record
from accord.checkins import celebrations
from accord.checkins.models import ProgressRating
from accord.goals.models import SAID_IN_SESSION, AchievementStatus, GasRating, Goal, Party
from accord.progress import status

GAS_LEVELS = (-2, -1, 0, 1, 2)
# The choice that hands a goal's status back to Accord (see ``set_status``).
AUTOMATIC = "automatic"
NOTE_LENGTH = 500


class ReviewError(Exception):
    """A review that cannot be recorded as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class GoalReview:
    """What was recorded for one goal in session. ``client_level`` is the level the client gave, said out
    loud and typed in by the therapist; it is stored as the client's rating, with who recorded it."""

    goal: Goal
    client_level: int | None = None
    therapist_level: int | None = None
    therapist_progress: int | None = None
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self.client_level is None and self.therapist_level is None and self.therapist_progress is None


@dataclass
class Recorded:
    gas_ratings: list[GasRating]
    progress_ratings: list[ProgressRating]


def _require_therapist(user) -> None:
    if not getattr(user, "is_therapist", False):
        raise ReviewError(_("A review is recorded by the therapist, in session."))


def _check(review: GoalReview) -> None:
    goal = review.goal
    if goal.agreed_version_id is None:
        raise ReviewError(_("Rate progress once you have agreed the goal together."), field="goal")
    if not goal.is_open:
        raise ReviewError(_("This goal is closed."), field="goal")
    for name in ("client_level", "therapist_level"):
        level = getattr(review, name)
        if level is not None and (isinstance(level, bool) or level not in GAS_LEVELS):
            raise ReviewError(_("Choose a level from −2 to +2."), field=name)
    progress = review.therapist_progress
    if progress is not None and (isinstance(progress, bool) or not 0 <= progress <= 10):
        raise ReviewError(_("Choose a number from 0 to 10."), field="therapist_progress")
    if len(review.note) > NOTE_LENGTH:
        raise ReviewError(_("Keep the note under %(n)d characters.") % {"n": NOTE_LENGTH}, field="note")


@transaction.atomic
def record_review(actor: ActorLike, reviews: list[GoalReview]) -> Recorded:
    """Record each goal's ratings from the session. All or nothing: one refused goal stores none."""
    actor = Actor.of(actor)
    user = actor.user
    _require_therapist(user)
    reviews = [r for r in reviews if not r.is_empty]
    if not reviews:
        raise ReviewError(_("Record at least one level or rating first."))
    for review in reviews:
        _check(review)
    recorded = Recorded(gas_ratings=[], progress_ratings=[])
    now = timezone.now()
    for review in reviews:
        _record_one(actor, review, now, recorded)
    for review in reviews:
        status.store_automatic_status([p for p in [status.goal_progress(review.goal)] if p])
    return recorded


def _record_one(actor: Actor, review: GoalReview, now: dt.datetime, recorded: Recorded) -> None:
    user = actor.user
    goal, note = review.goal, review.note.strip()
    said_in_session = _(SAID_IN_SESSION) % {"name": user.get_short_name()}
    levels = ((Party.CLIENT, review.client_level), (Party.THERAPIST, review.therapist_level))
    for party, level in levels:
        if level is None:
            continue
        text = " ".join(part for part in (said_in_session if party == Party.CLIENT else "", note) if part)
        rating = GasRating.objects.create(
            goal=goal,
            version=goal.version_agreed,
            party=party,
            rated_by=user,
            level=level,
            note=text[:500],
            in_session=party == Party.CLIENT,
        )
        recorded.gas_ratings.append(rating)
        _audit(Action.GOAL_GAS_RATED, actor, goal, party=party, in_session=True)
        celebrations.on_gas_rated(rating)
    if review.therapist_progress is not None:
        progress = ProgressRating.objects.create(
            goal=goal, party=Party.THERAPIST, rating=review.therapist_progress, rated_by=user, rated_at=now
        )
        recorded.progress_ratings.append(progress)
        _audit(Action.GOAL_PROGRESS_RATED, actor, goal, party=Party.THERAPIST)


def _audit(action: str, actor: Actor, goal: Goal, **detail: object) -> None:
    record(action, actor=actor, obj=goal, client=goal.client, detail=detail)


# --- the achievement status, by hand --------------------------------------------------------------------


def set_status(goal: Goal, actor: ActorLike, choice: str) -> Goal:
    """The status form's one choice, from the page or the API: ``AUTOMATIC`` hands the goal back to Accord,
    anything else is a FHIR achievement status set by hand."""
    actor = Actor.of(actor)
    if choice == AUTOMATIC:
        return let_accord_decide(goal, actor)
    return set_status_by_hand(goal, actor, choice)


@transaction.atomic
def set_status_by_hand(goal: Goal, actor: ActorLike, code: str) -> Goal:
    """The therapist's own status for the goal, from FHIR's achievement value set. Accord keeps it until the
    therapist hands the goal back with ``let_accord_decide``."""
    actor = Actor.of(actor)
    user = actor.user
    _require_therapist(user)
    if code not in AchievementStatus.values:
        raise ReviewError(_("Choose one of the statuses listed."), field="status")
    goal.achievement_status, goal.achievement_set_by_hand = code, True
    goal.save(update_fields=["achievement_status", "achievement_set_by_hand", "updated_at"])
    _audit(Action.GOAL_STATUS_SET, actor, goal, status=code)
    return goal


@transaction.atomic
def let_accord_decide(goal: Goal, actor: ActorLike) -> Goal:
    """Clear the status set by hand: from now on the goal shows (and stores) the automatic status."""
    actor = Actor.of(actor)
    user = actor.user
    _require_therapist(user)
    goal.achievement_set_by_hand = False
    goal.save(update_fields=["achievement_set_by_hand", "updated_at"])
    progress = status.goal_progress(goal)
    goal.achievement_status = progress.status.fhir if progress else ""
    goal.save(update_fields=["achievement_status"])
    _audit(Action.GOAL_STATUS_CLEARED, actor, goal)
    return goal
