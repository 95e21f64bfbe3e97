"""Ratings and motivation: goal attainment levels (GAS), importance and difficulty, readiness, the stage
of change, exploring a goal before it is shaped, the decisional balance, and the client's themes."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accord import deferred
from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import Client
from accord.audit.models import Action
from accord.audit.recording import record
from accord.goals import signals
from accord.goals.actions.base import (
    GoalActionError,
    audit,
    log_event,
    party_of,
    require_in_session,
    require_not_closed,
    who,
)
from accord.goals.models import (
    AgreementDecision,
    ClientTheme,
    DecisionalBalance,
    GasRating,
    Goal,
    LifecycleStatus,
    Party,
    ReadinessRating,
    StageOfChange,
)


@deferred.action()
def rate_gas(
    goal: Goal, actor: ActorLike, *, level: int, note: str = "", in_session: bool = False
) -> GasRating:
    """Each party rates the level the goal has reached. ``in_session``: the therapist records the client's
    own rating, given together in session (kept as the client's, marked as recorded in session)."""
    if level not in (-2, -1, 0, 1, 2):
        raise GoalActionError(_("Choose a level from −2 to +2."), field="level")
    if goal.agreed_version is None:
        raise GoalActionError(_("Rate progress once you have agreed the goal together."), field="level")
    party = party_of(actor, goal.client)
    if in_session:
        require_in_session(goal, actor, agreed_in_room=True)
        party = Party.CLIENT
    rating = GasRating.objects.create(
        goal=goal,
        version=goal.agreed_version,
        party=party,
        rated_by=who(actor),
        level=level,
        note=note.strip(),
        in_session=in_session,
    )
    audit(Action.GOAL_GAS_RATED, actor, goal, party=rating.party, in_session=in_session)
    signals.gas_rated.send(sender=GasRating, rating=rating)
    return rating


@dataclass
class RatingChange:
    importance: int | None = None  # 0–3, the rater's own
    difficulty: int | None = None  # 0–3, therapist only


@deferred.action()
def rate_goal(goal: Goal, actor: ActorLike, change: RatingChange) -> None:
    """Each party's importance (and the therapist's difficulty) is stored apart, never averaged."""
    party = party_of(actor, goal.client)
    if change.difficulty is not None and party != Party.THERAPIST:
        raise GoalActionError(_("Difficulty is the therapist's rating."), field="difficulty")
    for value, field in ((change.importance, "importance"), (change.difficulty, "difficulty")):
        if value is not None and value not in (0, 1, 2, 3):
            raise GoalActionError(_("Choose 0, 1, 2 or 3."), field=field)
    if change.importance is not None:
        setattr(goal, f"{party}_importance", change.importance)
    if change.difficulty is not None:
        goal.therapist_difficulty = change.difficulty
    goal.save()
    audit(Action.GOAL_RATED, actor, goal, party=party)


@deferred.action()
def rate_readiness(goal: Goal, actor: ActorLike, *, importance: int, confidence: int) -> ReadinessRating:
    for value, field in ((importance, "importance"), (confidence, "confidence")):
        if not 0 <= value <= 10:
            raise GoalActionError(_("Choose a number from 0 to 10."), field=field)
    rating = ReadinessRating.objects.create(
        goal=goal, importance=importance, confidence=confidence, rated_by=who(actor)
    )
    audit(Action.GOAL_RATED, actor, goal, readiness=True)
    return rating


# --- motivation: stage of change, exploring, decisional balance --------------------------------------------
@deferred.action()
def set_stage_of_change(goal: Goal, actor: ActorLike, stage: str) -> None:
    """The therapist's label for where the client stands towards this change; "" clears it."""
    if party_of(actor, goal.client) != Party.THERAPIST:
        raise GoalActionError(_("The stage of change is the therapist's choice."), field="stage")
    if stage and stage not in StageOfChange.values:
        raise GoalActionError(_("Choose a stage of change."), field="stage")
    require_not_closed(goal)
    if goal.stage_of_change == stage:
        return
    goal.stage_of_change = stage
    goal.save(update_fields=["stage_of_change", "updated_at"])
    audit(Action.GOAL_STAGE_SET, actor, goal, stage=stage or None)


def may_explore(goal: Goal) -> bool:
    """Only a goal never agreed and still on the table (proposed or declined) can be explored."""
    return (
        not goal.exploring
        and goal.agreed_version_id is None
        and goal.lifecycle_status in (LifecycleStatus.PROPOSED, LifecycleStatus.REJECTED)
    )


@deferred.action()
def set_exploring(goal: Goal, actor: ActorLike, *, exploring: bool, comment: str = "") -> None:
    """Either party sets a goal to *exploring* (not yet SMART, not yet agreed: nobody is asked to accept it
    and it is never checked in on) or marks it ready to shape, when the usual agreement resumes."""
    party = party_of(actor, goal.client)
    if exploring:
        if not may_explore(goal):
            raise GoalActionError(_("Only a goal that has never been agreed can be explored."))
        goal.exploring = True
        decision = AgreementDecision.EXPLORING
    else:
        if not goal.exploring:
            raise GoalActionError(_("This goal is not being explored."))
        goal.exploring = False
        decision = AgreementDecision.SHAPING
    goal.save(update_fields=["exploring", "updated_at"])
    log_event(goal, party, who(actor), decision, comment.strip())
    audit(Action.GOAL_EXPLORING_SET, actor, goal, exploring=exploring)


@deferred.action()
def save_decisional_balance(
    goal: Goal, actor: ActorLike, answers: dict[str, str], *, in_session: bool = False
) -> DecisionalBalance:
    """The client fills in (or changes) their decisional balance; the therapist only with them in session
    (``in_session``). Only the four fields are kept; what is not sent stays as it was."""
    require_not_closed(goal)
    if party_of(actor, goal.client) == Party.THERAPIST and not in_session:
        raise GoalActionError(
            _("The decisional balance is the client's. Tick the box if you are filling it in together."),
            field="in_room",
        )
    balance, _created = DecisionalBalance.objects.get_or_create(goal=goal)
    changed = []
    for name in DecisionalBalance.FIELDS:
        if name in answers and answers[name] is not None:
            value = answers[name].strip()
            if value != getattr(balance, name):
                setattr(balance, name, value)
                changed.append(name)
    balance.updated_by = who(actor)
    balance.save()
    goal.decisional_balance = balance  # a goal loaded with its balance reads the new one
    # Which boxes changed, never what they say (client data stays out of the audit detail).
    audit(Action.GOAL_BALANCE_SAVED, actor, goal, fields=changed, in_session=in_session)
    return balance


@deferred.action()
def add_theme(client: Client, actor: ActorLike, *, kind: str, text: str) -> ClientTheme:
    text = (text or "").strip()
    if not text:
        raise GoalActionError(_("Write a few words."), field="text")
    theme, _created = ClientTheme.objects.get_or_create(
        client=client, kind=kind, text=text[:200], defaults={"added_by": who(actor)}
    )
    record(Action.THEME_ADDED, actor=Actor.of(actor), obj=theme, client=client)
    return theme
