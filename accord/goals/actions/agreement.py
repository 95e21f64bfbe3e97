"""Proposing, revising and agreeing a goal, and its lifecycle: each function writes a new version or a
decision, records the agreement trail and audits. Milestones and action steps are ticked here too."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord import dataversion, deferred, replay
from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import Client, User
from accord.audit.models import Action
from accord.goals import emails, live, signals
from accord.goals.actions.base import (
    GoalActionError,
    audit,
    check_themes,
    log_event,
    party_of,
    require_current,
    require_in_session,
    require_not_closed,
    require_not_exploring,
    who,
)
from accord.goals.models import (
    FIRST_PROPOSED,
    MADE_THIS_VERSION,
    PROPOSED_THIS_GOAL,
    AgreementDecision,
    Goal,
    GoalStep,
    GoalVersion,
    LifecycleStatus,
    Party,
)

# The content fields a version carries; an edit copies the current version and changes some of them.
VERSION_FIELDS = (
    "statement",
    "life_area",
    "theme_ids",
    "measure_kind",
    "unit",
    "baseline",
    "target",
    "direction",
    "scale_min",
    "scale_max",
    "target_date",
    "review_every_weeks",
    "milestones",
    "action_steps",
    "gas_minus_2",
    "gas_minus_1",
    "gas_0",
    "gas_plus_1",
    "gas_plus_2",
    "gas_baseline_level",
)


def _set_accepted(goal: Goal, party: str, number: int | None) -> None:
    if party == Party.CLIENT:
        goal.client_accepted_number = number
    else:
        goal.therapist_accepted_number = number


def _mark_agreed_if_both(goal: Goal) -> bool:
    if goal.exploring or not goal.is_agreed:
        return False
    goal.agreed_version = goal.current_version
    if goal.lifecycle_status in (LifecycleStatus.PROPOSED, LifecycleStatus.REJECTED):
        goal.lifecycle_status = LifecycleStatus.ACTIVE
    return True


def _sync_steps(goal: Goal, version: GoalVersion) -> None:
    """Keep GoalStep rows in line with the version's lists; a step whose text survives keeps its tick."""
    existing = {(s.kind, s.text): s for s in goal.steps.all()}
    wanted = [(GoalStep.Kind.MILESTONE, t) for t in version.milestones] + [
        (GoalStep.Kind.ACTION, t) for t in version.action_steps
    ]
    positions: dict[str, int] = {}
    keep_ids = []
    for kind, text in wanted:
        positions[kind] = positions.get(kind, 0) + 1
        step = existing.get((kind, text))
        if step is None:
            step = GoalStep(goal=goal, kind=kind, text=text)
        step.position, step.is_current = positions[kind], True
        step.save()
        keep_ids.append(step.pk)
    if goal.steps.exclude(pk__in=keep_ids).update(is_current=False):
        dataversion.bump(goal.client_id)  # an UPDATE sends no signal


def _new_version(goal: Goal, user: User, party: str, content: dict[str, Any], reason: str) -> GoalVersion:
    number = (goal.current_version.number if goal.current_version else 0) + 1
    version = GoalVersion.objects.create(
        goal=goal, number=number, created_by=user, created_by_party=party, reason=reason, **content
    )
    goal.current_version = version
    _sync_steps(goal, version)
    return version


def _clean_lists(content: dict[str, Any]) -> dict[str, Any]:
    for key in ("milestones", "action_steps"):
        if key in content:
            content[key] = [text.strip() for text in content[key] or [] if text and text.strip()]
    return content


@deferred.action()
def propose_goal(
    client: Client,
    actor: ActorLike,
    *,
    words: str,
    statement: str = "",
    submission_key: uuid.UUID | None = None,
    **content: Any,
) -> Goal:
    """Either party proposes a goal in a sentence. It starts *proposed*, accepted by its proposer only.

    A client's sentence is kept as their own words; a therapist's becomes the first statement. The same
    ``submission_key`` from the same person returns the goal it first proposed (a double submit)."""
    check_themes(client, content.get("theme_ids"))
    words = (words or "").strip()
    if not words and not statement.strip():
        raise GoalActionError(_("Write the goal in a sentence first."), field="words")
    party = party_of(actor, client)
    made_with_key = (
        None
        if submission_key is None
        else Goal.objects.filter(proposed_by=who(actor), client=client, submission_key=submission_key)
    )
    goal, created = replay.once(
        made_with_key,
        lambda: Goal.objects.create(
            client=client,
            proposed_by=who(actor),
            proposed_by_party=party,
            client_words=words if party == Party.CLIENT else "",
            submission_key=submission_key,
        ),
    )
    if not created:
        return goal
    content = _clean_lists({"statement": (statement or words).strip(), **content})
    _new_version(goal, who(actor), party, content, reason=str(FIRST_PROPOSED))
    _set_accepted(goal, party, 1)
    goal.save()
    log_event(goal, party, who(actor), AgreementDecision.ACCEPTED, str(PROPOSED_THIS_GOAL))
    audit(Action.GOAL_PROPOSED, actor, goal, party=party)
    if party == Party.THERAPIST:
        emails.notify_client_if_waiting(goal, Actor.of(actor))
    return goal


@deferred.action()
def revise_goal(
    goal: Goal,
    actor: ActorLike,
    changes: dict[str, Any],
    *,
    based_on: int | None = None,
    reason: str = "",
) -> GoalVersion:
    """Any edit makes a new immutable version, accepted by its editor; the other party must accept again.
    ``based_on`` is the version the editor started from: an edit of an older one is refused."""
    require_current(goal, based_on)
    require_not_closed(goal)
    check_themes(goal.client, changes.get("theme_ids"))
    party = party_of(actor, goal.client)
    current = goal.current_version
    content = {field: getattr(current, field) for field in VERSION_FIELDS}
    content.update(_clean_lists({k: v for k, v in changes.items() if k in VERSION_FIELDS}))
    if content == {field: getattr(current, field) for field in VERSION_FIELDS}:
        raise GoalActionError(_("Nothing has changed, so no new version was made."))
    version = _new_version(goal, who(actor), party, content, reason=reason.strip())
    live.start_afresh(goal, version.number)  # what was typed together is in this version now
    _set_accepted(goal, party, version.number)
    goal.last_declined_by = ""
    if goal.lifecycle_status == LifecycleStatus.REJECTED:
        goal.lifecycle_status = LifecycleStatus.PROPOSED
    _mark_agreed_if_both(goal)
    goal.save()
    log_event(goal, party, who(actor), AgreementDecision.ACCEPTED, str(MADE_THIS_VERSION))
    audit(Action.GOAL_REVISED, actor, goal, version=version.number)
    if party == Party.THERAPIST:
        emails.notify_client_if_waiting(goal, Actor.of(actor))
    return version


@deferred.action()
def edit_goal(
    goal: Goal,
    actor: ActorLike,
    changes: dict[str, Any],
    *,
    client_words: str | None = None,
    based_on: int | None = None,
    reason: str = "",
) -> GoalVersion | None:
    """The builder's save and the API's edit: the client's own words (client only, no new version) and/or
    a new version with ``changes``. Refused as a whole when ``based_on`` is not the current version.
    Asking to change nothing at all is refused ("Nothing has changed")."""
    require_current(goal, based_on)
    check_themes(goal.client, changes.get("theme_ids"))
    if client_words is not None:
        update_client_words(goal, actor, client_words)
    if changes or client_words is None:
        return revise_goal(goal, actor, changes, based_on=based_on, reason=reason)
    return None


def update_client_words(goal: Goal, actor: ActorLike, words: str) -> None:
    """Only the client writes their own words."""
    if party_of(actor, goal.client) != Party.CLIENT:
        raise GoalActionError(_("Only the client can change their own words."), field="client_words")
    goal.client_words = words.strip()
    goal.save(update_fields=["client_words", "updated_at"])
    audit(Action.GOAL_REVISED, actor, goal, field="client_words")


def _still_on_the_table(goal: Goal) -> bool:
    """Open, or declined but kept to talk over: such a goal can still be parked or withdrawn."""
    return goal.is_open or goal.lifecycle_status == LifecycleStatus.REJECTED


def may_park(goal: Goal) -> bool:
    return _still_on_the_table(goal) and goal.lifecycle_status != LifecycleStatus.ON_HOLD


def may_withdraw(goal: Goal, party: str) -> bool:
    """The proposer may take back a proposal that was never agreed."""
    return goal.proposed_by_party == party and goal.agreed_version_id is None and _still_on_the_table(goal)


def _accept(goal: Goal, actor: ActorLike, party: str, version_number: int, *, in_session: bool) -> bool:
    require_not_closed(goal)
    if goal.lifecycle_status == LifecycleStatus.ON_HOLD:
        raise GoalActionError(_("This goal is parked. Take it up again before accepting it."))
    require_not_exploring(goal)
    require_current(goal, version_number)
    if goal.accepted_by(party):
        if in_session:
            raise GoalActionError(_("The client has already accepted this version."))
        raise GoalActionError(_("You have already accepted this version."))
    _set_accepted(goal, party, version_number)
    if goal.last_declined_by == party:
        goal.last_declined_by = ""
    agreed = _mark_agreed_if_both(goal)
    goal.save()
    log_event(goal, party, who(actor), AgreementDecision.ACCEPTED, in_session=in_session)
    action = Action.GOAL_ACCEPTED_IN_SESSION if in_session else Action.GOAL_ACCEPTED
    audit(action, actor, goal, version=version_number, agreed=agreed, party=party)
    return agreed


@deferred.action()
def accept_goal(goal: Goal, actor: ActorLike, *, version_number: int) -> bool:
    """Accept the version the person saw. Returns True when this made the goal agreed."""
    return _accept(goal, actor, party_of(actor, goal.client), version_number, in_session=False)


def _decline(goal: Goal, actor: ActorLike, party: str, comment: str, *, in_session: bool) -> None:
    require_not_closed(goal)
    require_not_exploring(goal)
    comment = (comment or "").strip()
    if not comment:
        raise GoalActionError(
            _("Say in a few words what doesn't fit, so you can talk about it."), field="comment"
        )
    _set_accepted(goal, party, None if goal.agreed_version is None else goal.agreed_version.number)
    goal.last_declined_by = party
    if goal.agreed_version is None:
        goal.lifecycle_status = LifecycleStatus.REJECTED
    goal.save()
    log_event(goal, party, who(actor), AgreementDecision.DECLINED, comment, in_session=in_session)
    action = Action.GOAL_DECLINED_IN_SESSION if in_session else Action.GOAL_DECLINED
    audit(action, actor, goal, version=goal.current_number, party=party)


@deferred.action()
def decline_goal(goal: Goal, actor: ActorLike, *, comment: str) -> None:
    """Decline the current version with a comment. The goal is kept; a new version can follow."""
    _decline(goal, actor, party_of(actor, goal.client), comment, in_session=False)


@deferred.action()
def record_in_session(
    goal: Goal,
    actor: ActorLike,
    *,
    decision: str,
    version_number: int,
    agreed_in_room: bool,
    comment: str = "",
) -> bool:
    """The therapist records the client's own acceptance (or decline) of a version, given in session. The
    client's side of the agreement is set exactly as if they had accepted themselves (both parties still
    accept the same version); the record says who recorded it and that it was in the room. Returns True
    when this made the goal agreed."""
    require_in_session(goal, actor, agreed_in_room)
    if decision == "accept":
        return _accept(goal, actor, Party.CLIENT, version_number, in_session=True)
    if decision == "decline":
        require_current(goal, version_number)
        if goal.last_declined_by == Party.CLIENT:
            raise GoalActionError(_("The client has already declined this version."))
        _decline(goal, actor, Party.CLIENT, comment, in_session=True)
        return False
    raise GoalActionError(_("Choose whether the client accepted or declined."), field="decision")


@deferred.action()
def park_goal(goal: Goal, actor: ActorLike, *, comment: str = "") -> None:
    """ "Not now": the goal is kept as it is and can be taken up again."""
    if not may_park(goal):
        raise GoalActionError(_("Only an open goal can be parked."))
    goal.status_before_parking = goal.lifecycle_status
    goal.lifecycle_status = LifecycleStatus.ON_HOLD
    goal.save()
    log_event(goal, party_of(actor, goal.client), who(actor), AgreementDecision.PARKED, comment.strip())
    audit(Action.GOAL_PARKED, actor, goal)


@deferred.action()
def resume_goal(goal: Goal, actor: ActorLike) -> None:
    if goal.lifecycle_status != LifecycleStatus.ON_HOLD:
        raise GoalActionError(_("This goal is not parked."))
    goal.lifecycle_status = goal.status_before_parking or LifecycleStatus.PROPOSED
    goal.status_before_parking = ""
    goal.save()
    log_event(goal, party_of(actor, goal.client), who(actor), AgreementDecision.RESUMED)
    audit(Action.GOAL_RESUMED, actor, goal)


@deferred.action()
def withdraw_goal(goal: Goal, actor: ActorLike, *, comment: str = "") -> None:
    """The proposer takes back a proposal that was never agreed."""
    party = party_of(actor, goal.client)
    if not may_withdraw(goal, party):
        raise GoalActionError(_("Only the person who proposed a goal can withdraw it, before it is agreed."))
    goal.lifecycle_status = LifecycleStatus.CANCELLED
    goal.save()
    log_event(goal, party, who(actor), AgreementDecision.WITHDRAWN, comment.strip())
    audit(Action.GOAL_WITHDRAWN, actor, goal)


@deferred.action()
def close_goal(goal: Goal, actor: ActorLike, *, completed: bool, comment: str = "") -> None:
    """Complete (reached) or retire (cancel) an agreed goal — decided together, recorded by the therapist."""
    if party_of(actor, goal.client) != Party.THERAPIST:
        raise GoalActionError(_("Completing or retiring a goal is recorded by the therapist, in session."))
    if not goal.is_open:
        raise GoalActionError(_("This goal is already closed."))
    goal.lifecycle_status = LifecycleStatus.COMPLETED if completed else LifecycleStatus.CANCELLED
    if completed:
        goal.achievement_status, goal.achievement_set_by_hand = "achieved", True
    goal.save()
    decision = AgreementDecision.COMPLETED if completed else AgreementDecision.CANCELLED
    log_event(goal, Party.THERAPIST, who(actor), decision, comment.strip())
    audit(Action.GOAL_COMPLETED if completed else Action.GOAL_CANCELLED, actor, goal)
    if completed:
        signals.goal_completed.send(sender=Goal, goal=goal)


# The decisions on a goal that pages offer by name, and the words that confirm each one. The goal page and
# the in-session review both go through ``decide``, so they do and say the same.
DECISIONS = ("park", "resume", "withdraw", "complete", "retire")


def decide(goal: Goal, actor: ActorLike, decision: str, *, comment: str = "") -> str:
    """Park, take up again, withdraw, complete or retire; returns the sentence that confirms it."""
    if decision == "park":
        park_goal(goal, actor, comment=comment)
        return _("Parked. It's kept here for when the time is right.")
    if decision == "resume":
        resume_goal(goal, actor)
        return _("The goal is taken up again.")
    if decision == "withdraw":
        withdraw_goal(goal, actor, comment=comment)
        return _("The proposal is withdrawn.")
    if decision in ("complete", "retire"):
        completed = decision == "complete"
        close_goal(goal, actor, completed=completed, comment=comment)
        return _("Goal completed. Well done, both of you.") if completed else _("Goal retired.")
    raise GoalActionError(_("Choose what you decided."), field="decision")


@deferred.action()
def tick_step(step: GoalStep, actor: ActorLike, *, done: bool) -> GoalStep:
    """Either party ticks (or unticks) a milestone or action step; who and when are kept."""
    if not step.is_current:
        raise GoalActionError(_("This step is no longer part of the goal."))
    step.done_at, step.done_by = (timezone.now(), who(actor)) if done else (None, None)
    step.save(update_fields=["done_at", "done_by"])
    audit(Action.GOAL_STEP_TICKED, actor, step.goal, step=step.pk, kind=step.kind, done=done)
    signals.step_ticked.send(sender=GoalStep, step=step)
    return step
