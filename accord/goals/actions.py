"""Everything that changes a goal: each function writes, records the agreement trail and audits.

Views and the API call these and nothing else, so the page and the API behave the same.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import replay
from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import Client, User
from accord.audit.models import Action
from accord.audit.recording import record
from accord.goals import emails, live, signals
from accord.goals.models import (
    FIRST_PROPOSED,
    MADE_THIS_VERSION,
    PROPOSED_THIS_GOAL,
    AgreementDecision,
    AgreementEvent,
    ClientTheme,
    DecisionalBalance,
    GasRating,
    Goal,
    GoalStep,
    GoalVersion,
    LifecycleStatus,
    Party,
    ReadinessRating,
    StageOfChange,
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


class GoalActionError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def party_of(user: ActorLike, client: Client) -> str:
    """Which side ``user`` is on for this client. Access helpers have already checked they may act."""
    return Party.CLIENT if client.user_id == user.pk else Party.THERAPIST


def _audit(action: str, actor: ActorLike, goal: Goal, **detail: Any) -> None:
    record(action, actor=Actor.of(actor), obj=goal, client=goal.client, detail=detail)


def _who(actor: ActorLike) -> User:
    return Actor.of(actor).user


def _log(
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
    goal.steps.exclude(pk__in=keep_ids).update(is_current=False)


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


@transaction.atomic
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
        else Goal.objects.filter(proposed_by=_who(actor), client=client, submission_key=submission_key)
    )
    goal, created = replay.once(
        made_with_key,
        lambda: Goal.objects.create(
            client=client,
            proposed_by=_who(actor),
            proposed_by_party=party,
            client_words=words if party == Party.CLIENT else "",
            submission_key=submission_key,
        ),
    )
    if not created:
        return goal
    content = _clean_lists({"statement": (statement or words).strip(), **content})
    _new_version(goal, _who(actor), party, content, reason=str(FIRST_PROPOSED))
    _set_accepted(goal, party, 1)
    goal.save()
    _log(goal, party, _who(actor), AgreementDecision.ACCEPTED, str(PROPOSED_THIS_GOAL))
    _audit(Action.GOAL_PROPOSED, actor, goal, party=party)
    if party == Party.THERAPIST:
        emails.notify_client_if_waiting(goal, Actor.of(actor))
    return goal


@transaction.atomic
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
    version = _new_version(goal, _who(actor), party, content, reason=reason.strip())
    live.start_afresh(goal, version.number)  # what was typed together is in this version now
    _set_accepted(goal, party, version.number)
    goal.last_declined_by = ""
    if goal.lifecycle_status == LifecycleStatus.REJECTED:
        goal.lifecycle_status = LifecycleStatus.PROPOSED
    _mark_agreed_if_both(goal)
    goal.save()
    _log(goal, party, _who(actor), AgreementDecision.ACCEPTED, str(MADE_THIS_VERSION))
    _audit(Action.GOAL_REVISED, actor, goal, version=version.number)
    if party == Party.THERAPIST:
        emails.notify_client_if_waiting(goal, Actor.of(actor))
    return version


@transaction.atomic
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
    _audit(Action.GOAL_REVISED, actor, goal, field="client_words")


def _still_on_the_table(goal: Goal) -> bool:
    """Open, or declined but kept to talk over: such a goal can still be parked or withdrawn."""
    return goal.is_open or goal.lifecycle_status == LifecycleStatus.REJECTED


def may_park(goal: Goal) -> bool:
    return _still_on_the_table(goal) and goal.lifecycle_status != LifecycleStatus.ON_HOLD


def may_withdraw(goal: Goal, party: str) -> bool:
    """The proposer may take back a proposal that was never agreed."""
    return goal.proposed_by_party == party and goal.agreed_version_id is None and _still_on_the_table(goal)


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
    _log(goal, party, _who(actor), AgreementDecision.ACCEPTED, in_session=in_session)
    action = Action.GOAL_ACCEPTED_IN_SESSION if in_session else Action.GOAL_ACCEPTED
    _audit(action, actor, goal, version=version_number, agreed=agreed, party=party)
    return agreed


@transaction.atomic
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
    _log(goal, party, _who(actor), AgreementDecision.DECLINED, comment, in_session=in_session)
    action = Action.GOAL_DECLINED_IN_SESSION if in_session else Action.GOAL_DECLINED
    _audit(action, actor, goal, version=goal.current_number, party=party)


@transaction.atomic
def decline_goal(goal: Goal, actor: ActorLike, *, comment: str) -> None:
    """Decline the current version with a comment. The goal is kept; a new version can follow."""
    _decline(goal, actor, party_of(actor, goal.client), comment, in_session=False)


def require_in_session(goal: Goal, actor: ActorLike, agreed_in_room: bool) -> None:
    """Recording the client's answer for them: the therapist only, and only with the tick that says the
    client gave it in the room."""
    if party_of(actor, goal.client) != Party.THERAPIST:
        raise GoalActionError(_("Only the therapist records the client's answer in session."))
    if not agreed_in_room:
        raise GoalActionError(
            _("Tick the box to confirm the client answered in the room with you."), field="in_room"
        )


@transaction.atomic
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


@transaction.atomic
def park_goal(goal: Goal, actor: ActorLike, *, comment: str = "") -> None:
    """ "Not now": the goal is kept as it is and can be taken up again."""
    if not may_park(goal):
        raise GoalActionError(_("Only an open goal can be parked."))
    goal.status_before_parking = goal.lifecycle_status
    goal.lifecycle_status = LifecycleStatus.ON_HOLD
    goal.save()
    _log(goal, party_of(actor, goal.client), _who(actor), AgreementDecision.PARKED, comment.strip())
    _audit(Action.GOAL_PARKED, actor, goal)


@transaction.atomic
def resume_goal(goal: Goal, actor: ActorLike) -> None:
    if goal.lifecycle_status != LifecycleStatus.ON_HOLD:
        raise GoalActionError(_("This goal is not parked."))
    goal.lifecycle_status = goal.status_before_parking or LifecycleStatus.PROPOSED
    goal.status_before_parking = ""
    goal.save()
    _log(goal, party_of(actor, goal.client), _who(actor), AgreementDecision.RESUMED)
    _audit(Action.GOAL_RESUMED, actor, goal)


@transaction.atomic
def withdraw_goal(goal: Goal, actor: ActorLike, *, comment: str = "") -> None:
    """The proposer takes back a proposal that was never agreed."""
    party = party_of(actor, goal.client)
    if not may_withdraw(goal, party):
        raise GoalActionError(_("Only the person who proposed a goal can withdraw it, before it is agreed."))
    goal.lifecycle_status = LifecycleStatus.CANCELLED
    goal.save()
    _log(goal, party, _who(actor), AgreementDecision.WITHDRAWN, comment.strip())
    _audit(Action.GOAL_WITHDRAWN, actor, goal)


@transaction.atomic
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
    _log(goal, Party.THERAPIST, _who(actor), decision, comment.strip())
    _audit(Action.GOAL_COMPLETED if completed else Action.GOAL_CANCELLED, actor, goal)
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


@transaction.atomic
def tick_step(step: GoalStep, actor: ActorLike, *, done: bool) -> GoalStep:
    """Either party ticks (or unticks) a milestone or action step; who and when are kept."""
    if not step.is_current:
        raise GoalActionError(_("This step is no longer part of the goal."))
    step.done_at, step.done_by = (timezone.now(), _who(actor)) if done else (None, None)
    step.save(update_fields=["done_at", "done_by"])
    _audit(Action.GOAL_STEP_TICKED, actor, step.goal, step=step.pk, kind=step.kind, done=done)
    signals.step_ticked.send(sender=GoalStep, step=step)
    return step


@transaction.atomic
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
        rated_by=_who(actor),
        level=level,
        note=note.strip(),
        in_session=in_session,
    )
    _audit(Action.GOAL_GAS_RATED, actor, goal, party=rating.party, in_session=in_session)
    signals.gas_rated.send(sender=GasRating, rating=rating)
    return rating


@dataclass
class RatingChange:
    importance: int | None = None  # 0–3, the rater's own
    difficulty: int | None = None  # 0–3, therapist only


@transaction.atomic
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
    _audit(Action.GOAL_RATED, actor, goal, party=party)


@transaction.atomic
def rate_readiness(goal: Goal, actor: ActorLike, *, importance: int, confidence: int) -> ReadinessRating:
    for value, field in ((importance, "importance"), (confidence, "confidence")):
        if not 0 <= value <= 10:
            raise GoalActionError(_("Choose a number from 0 to 10."), field=field)
    rating = ReadinessRating.objects.create(
        goal=goal, importance=importance, confidence=confidence, rated_by=_who(actor)
    )
    _audit(Action.GOAL_RATED, actor, goal, readiness=True)
    return rating


# --- motivation: stage of change, exploring, decisional balance --------------------------------------------
@transaction.atomic
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
    _audit(Action.GOAL_STAGE_SET, actor, goal, stage=stage or None)


def may_explore(goal: Goal) -> bool:
    """Only a goal never agreed and still on the table (proposed or declined) can be explored."""
    return (
        not goal.exploring
        and goal.agreed_version_id is None
        and goal.lifecycle_status in (LifecycleStatus.PROPOSED, LifecycleStatus.REJECTED)
    )


@transaction.atomic
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
    _log(goal, party, _who(actor), decision, comment.strip())
    _audit(Action.GOAL_EXPLORING_SET, actor, goal, exploring=exploring)


@transaction.atomic
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
    balance.updated_by = _who(actor)
    balance.save()
    goal.decisional_balance = balance  # a goal loaded with its balance reads the new one
    # Which boxes changed, never what they say (client data stays out of the audit detail).
    _audit(Action.GOAL_BALANCE_SAVED, actor, goal, fields=changed, in_session=in_session)
    return balance


@transaction.atomic
def add_theme(client: Client, actor: ActorLike, *, kind: str, text: str) -> ClientTheme:
    text = (text or "").strip()
    if not text:
        raise GoalActionError(_("Write a few words."), field="text")
    theme, _created = ClientTheme.objects.get_or_create(
        client=client, kind=kind, text=text[:200], defaults={"added_by": _who(actor)}
    )
    record(Action.THEME_ADDED, actor=Actor.of(actor), obj=theme, client=client)
    return theme
