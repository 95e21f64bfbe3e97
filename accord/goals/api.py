"""The goals API: propose, edit (a new version each time), agree, park, close; versions and what changed;
milestones and action steps; GAS and readiness ratings; the client's T-score and themes; the SMART coach.

Every operation starts with an access helper (``get_client_for`` / ``get_goal_for``), which answers 404 to
anyone outside the care team, whether the thing exists or not, and audits the call. Changes go through
``accord.goals.actions`` — the same functions the pages use — so the API and the pages behave alike. A
refused action answers 400 (409 when the goal changed since the caller read it) naming the field.
"""

from enum import Enum
from typing import Any

from django.db.models import QuerySet
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.accounts.access import get_client_for
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.api.errors import ErrorOut, error_body
from accord.api.pagination import Pagination
from accord.goals import actions
from accord.goals.access import get_goal_for, get_step_of, get_version_of
from accord.goals.actions import GoalActionError, RatingChange
from accord.goals.gas import T_SCORE_FORMULA, TScoreExplanation
from accord.goals.models import (
    ClientTheme,
    GasRating,
    Goal,
    LifecycleStatus,
    Party,
    ReadinessRating,
    ThemeKind,
)
from accord.goals.motivation_sections import decisional_balance_for
from accord.goals.schemas import (
    STEP_ORDER,
    AcceptIn,
    BalanceIn,
    BalanceOut,
    ClientTScoreOut,
    CommentIn,
    DeclineIn,
    DiffOut,
    ExploringIn,
    GasRatingIn,
    GasRatingOut,
    GoalDetailOut,
    GoalEditIn,
    GoalOut,
    GoalProposeIn,
    GoalVersionOut,
    InSessionIn,
    RatingsIn,
    RatingsOut,
    ReadinessIn,
    ReadinessOut,
    SmartCheckIn,
    SmartCheckOut,
    StageIn,
    StepOut,
    ThemeIn,
    ThemeOut,
    TickIn,
)
from accord.goals.sections import client_t_scores, diff_versions
from accord.goals.smart import GoalFields, analyse

router = Router(tags=["goals"])

AUTH = {401: ErrorOut, 403: ErrorOut}
READ = {**AUTH, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 400: ErrorOut, 409: ErrorOut}

# What a goal in an answer shows beside itself, loaded with it in one query.
GOAL_RELATED = ("current_version__created_by", "agreed_version", "proposed_by")


def _refused(error: GoalActionError) -> Status:
    """A stale version is a conflict (409): the caller must read the goal again. Anything else is 400."""
    status = 409 if error.field == "version" else 400
    return Status(status, error_body(error.message, {error.field: [error.message]} if error.field else None))


def _fresh(goal: Goal) -> Goal:
    """The goal as it is now, after an action."""
    fresh = Goal.objects.select_related(*GOAL_RELATED).get(pk=goal.pk)
    fresh.client = goal.client
    return fresh


def _content(payload: GoalProposeIn | GoalEditIn, *, exclude: set[str]) -> dict[str, Any]:
    """The version fields the caller sent, as the model stores them."""
    return payload.dict(exclude_unset=True, exclude=exclude)


# --- goals of a client -------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/goals",
    response={200: list[GoalOut], **READ},
    summary="A client's goals",
)
@paginate(Pagination)
def list_goals(
    request: AuthedHttpRequest,
    client_id: int,
    status: LifecycleStatus | None = None,
    waiting_for: Party | None = None,
):
    """Oldest first. ``status`` keeps only goals in that lifecycle status (FHIR values; ``on-hold`` is
    parked, ``rejected`` declined, ``cancelled`` withdrawn or retired). ``waiting_for`` keeps only open
    goals whose current version that party has not accepted yet (and has not declined)."""
    client = get_client_for(request, client_id)
    goals = Goal.objects.filter(client=client).select_related(*GOAL_RELATED)
    if status:
        goals = goals.filter(lifecycle_status=status)
    if waiting_for:
        goals = goals.awaiting(waiting_for)
    return goals.order_by("created_at", "id")


@router.post(
    "/clients/{client_id}/goals",
    response={201: GoalDetailOut, **WRITE},
    summary="Propose a goal",
)
def propose_goal(request: AuthedHttpRequest, client_id: int, payload: GoalProposeIn):
    """Either party proposes a goal in a sentence, optionally with more of its content. It starts
    *proposed*, accepted by the proposer only; the other party is asked to accept it."""
    client = get_client_for(request, client_id, write=True)
    content = _content(payload, exclude={"words", "statement"})
    try:
        goal = actions.propose_goal(
            client,
            actor_of(request),
            words=payload.words,
            statement=payload.statement,
            **content,
        )
    except GoalActionError as error:
        return _refused(error)
    return Status(201, _fresh(goal))


# --- one goal ---------------------------------------------------------------------------------------------


@router.get("/goals/{goal_id}", response={200: GoalDetailOut, **READ}, summary="One goal")
def get_goal(request: AuthedHttpRequest, goal_id: int):
    """The current version and where agreement stands: who accepted which version, who still needs to
    act, steps, and each party's latest GAS rating."""
    return get_goal_for(request, goal_id)


@router.patch("/goals/{goal_id}", response={200: GoalDetailOut, **WRITE}, summary="Edit a goal")
def edit_goal(request: AuthedHttpRequest, goal_id: int, payload: GoalEditIn):
    """Send only what changes. Any change to the content makes a new immutable version, accepted by its
    editor; the other party is asked to accept again. ``client_words`` changes the client's own words
    (client only) without a new version. 400 if nothing changed or the goal is closed; 409 if ``version``
    is not the current one."""
    goal = get_goal_for(request, goal_id, write=True)
    changes = _content(payload, exclude={"reason", "version", "client_words"})
    try:
        actions.edit_goal(
            goal,
            actor_of(request),
            changes,
            client_words=payload.client_words,
            based_on=payload.version,
            reason=payload.reason,
        )
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.post("/goals/{goal_id}/accept", response={200: GoalDetailOut, **WRITE}, summary="Accept a version")
def accept_goal(request: AuthedHttpRequest, goal_id: int, payload: AcceptIn):
    """Accept the version you read. When both parties have accepted the same version the goal is agreed
    (``agreed`` is true and ``lifecycle_status`` becomes ``active``)."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.accept_goal(goal, actor_of(request), version_number=payload.version)
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.post("/goals/{goal_id}/decline", response={200: GoalDetailOut, **WRITE}, summary="Decline a version")
def decline_goal(request: AuthedHttpRequest, goal_id: int, payload: DeclineIn):
    """Say this version does not fit, with a comment. The goal is kept, and a new version can follow."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.decline_goal(goal, actor_of(request), comment=payload.comment)
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.post(
    "/goals/{goal_id}/in-session",
    response={200: GoalDetailOut, **WRITE},
    summary="Record the client's answer, given in session",
)
def record_in_session(request: AuthedHttpRequest, goal_id: int, payload: InSessionIn):
    """Therapist only: record the client's own acceptance (or decline, with a comment) of a version, given in
    the room with you. ``in_room`` must be true. The client's side is set as if they had accepted
    themselves — the goal is agreed when both accepted the same version — and the record (and
    ``client_accepted_in_session``) says you recorded it in session. 409 if ``version`` is not current."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.record_in_session(
            goal,
            actor_of(request),
            decision=payload.decision,
            version_number=payload.version,
            agreed_in_room=payload.in_room,
            comment=payload.comment,
        )
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.put("/goals/{goal_id}/stage", response={200: GoalDetailOut, **WRITE}, summary="Stage of change")
def set_stage(request: AuthedHttpRequest, goal_id: int, payload: StageIn):
    """Therapist only: the stage of change you see for this goal (precontemplation, contemplation,
    preparation, action, maintenance), or "" to clear it. A label, not a score."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.set_stage_of_change(goal, actor_of(request), payload.stage)
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.post(
    "/goals/{goal_id}/exploring", response={200: GoalDetailOut, **WRITE}, summary="Explore it, or shape it"
)
def set_exploring(request: AuthedHttpRequest, goal_id: int, payload: ExploringIn):
    """``exploring: true`` puts a never-agreed goal in *exploring*: nobody is asked to accept it and it is
    not checked in on. ``false`` marks it ready to shape; the usual agreement resumes."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.set_exploring(goal, actor_of(request), exploring=payload.exploring, comment=payload.comment)
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.get("/goals/{goal_id}/balance", response={200: BalanceOut, **READ}, summary="Decisional balance")
def get_balance(request: AuthedHttpRequest, goal_id: int):
    """The client's decisional balance for this goal (four boxes; empty strings when not filled in)."""
    goal = get_goal_for(request, goal_id)
    return decisional_balance_for(goal).as_json()


@router.put(
    "/goals/{goal_id}/balance", response={200: BalanceOut, **WRITE}, summary="Fill in the decisional balance"
)
def put_balance(request: AuthedHttpRequest, goal_id: int, payload: BalanceIn):
    """The client fills in or changes their decisional balance; boxes not sent stay as they were. A
    therapist only together with the client in session (``in_room: true``; 400 otherwise)."""
    goal = get_goal_for(request, goal_id, write=True)
    answers = payload.dict(exclude={"in_room"}, exclude_none=True)
    try:
        actions.save_decisional_balance(goal, actor_of(request), answers, in_session=payload.in_room)
    except GoalActionError as error:
        return _refused(error)
    return decisional_balance_for(goal).as_json()


@router.post("/goals/{goal_id}/park", response={200: GoalDetailOut, **WRITE}, summary="Park a goal")
def park_goal(request: AuthedHttpRequest, goal_id: int, payload: CommentIn | None = None):
    """Not now: the goal is kept as it is (``on-hold``) and can be taken up again."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.park_goal(goal, actor_of(request), comment=payload.comment if payload else "")
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.post(
    "/goals/{goal_id}/resume", response={200: GoalDetailOut, **WRITE}, summary="Take a parked goal up"
)
def resume_goal(request: AuthedHttpRequest, goal_id: int):
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.resume_goal(goal, actor_of(request))
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.post(
    "/goals/{goal_id}/withdraw", response={200: GoalDetailOut, **WRITE}, summary="Withdraw a proposal"
)
def withdraw_goal(request: AuthedHttpRequest, goal_id: int, payload: CommentIn | None = None):
    """The person who proposed a goal takes it back, before it is agreed."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.withdraw_goal(goal, actor_of(request), comment=payload.comment if payload else "")
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


def _close(request: AuthedHttpRequest, goal_id: int, payload: CommentIn | None, *, completed: bool):
    goal = get_goal_for(request, goal_id, write=True)
    try:
        actions.close_goal(
            goal, actor_of(request), completed=completed, comment=payload.comment if payload else ""
        )
    except GoalActionError as error:
        return _refused(error)
    return _fresh(goal)


@router.post("/goals/{goal_id}/complete", response={200: GoalDetailOut, **WRITE}, summary="Complete a goal")
def complete_goal(request: AuthedHttpRequest, goal_id: int, payload: CommentIn | None = None):
    """The goal was reached (``completed``, achievement ``achieved``). Recorded by the therapist."""
    return _close(request, goal_id, payload, completed=True)


@router.post("/goals/{goal_id}/cancel", response={200: GoalDetailOut, **WRITE}, summary="Retire a goal")
def cancel_goal(request: AuthedHttpRequest, goal_id: int, payload: CommentIn | None = None):
    """The goal is no longer being worked on (``cancelled``). Recorded by the therapist."""
    return _close(request, goal_id, payload, completed=False)


# --- versions -----------------------------------------------------------------------------------------------


@router.get(
    "/goals/{goal_id}/versions", response={200: list[GoalVersionOut], **READ}, summary="A goal's history"
)
@paginate(Pagination)
def list_versions(request: AuthedHttpRequest, goal_id: int):
    """Every version, oldest first. Versions never change; corrections are new versions."""
    goal = get_goal_for(request, goal_id)
    return goal.versions.select_related("created_by").order_by("number")


@router.get(
    "/goals/{goal_id}/versions/{number}", response={200: GoalVersionOut, **READ}, summary="One version"
)
def get_version(request: AuthedHttpRequest, goal_id: int, number: int):
    return get_version_of(request, get_goal_for(request, goal_id), number)


@router.get("/goals/{goal_id}/diff", response={200: DiffOut, **READ}, summary="What changed")
def diff_goal(
    request: AuthedHttpRequest,
    goal_id: int,
    from_version: int = Query(..., alias="from", description="The earlier version number."),
    to_version: int = Query(..., alias="to", description="The later version number."),
):
    """The fields that differ between two versions, as readable text."""
    goal = get_goal_for(request, goal_id)
    old, new = get_version_of(request, goal, from_version), get_version_of(request, goal, to_version)
    return {"from_version": old.number, "to_version": new.number, "changes": diff_versions(old, new)}


# --- milestones and action steps ---------------------------------------------------------------------------


@router.get(
    "/goals/{goal_id}/steps", response={200: list[StepOut], **READ}, summary="Milestones and action steps"
)
@paginate(Pagination)
def list_steps(request: AuthedHttpRequest, goal_id: int, include_dropped: bool = False):
    """Milestones first, then action steps, each in order. ``include_dropped`` adds steps an earlier
    version had (with their ticks)."""
    goal = get_goal_for(request, goal_id)
    steps = goal.steps.select_related("done_by").order_by(*STEP_ORDER)
    return steps if include_dropped else steps.filter(is_current=True)


@router.post("/goals/{goal_id}/steps/{step_id}/tick", response={200: StepOut, **WRITE}, summary="Tick a step")
def tick_step(request: AuthedHttpRequest, goal_id: int, step_id: int, payload: TickIn):
    """Either party ticks (or unticks) a milestone or action step; who and when are kept."""
    goal = get_goal_for(request, goal_id, write=True)
    step = get_step_of(request, goal, step_id)
    try:
        return actions.tick_step(step, actor_of(request), done=payload.done)
    except GoalActionError as error:
        return _refused(error)


# --- ratings ------------------------------------------------------------------------------------------------


@router.get("/goals/{goal_id}/gas-ratings", response={200: list[GasRatingOut], **READ}, summary="GAS ratings")
@paginate(Pagination)
def list_gas_ratings(request: AuthedHttpRequest, goal_id: int):
    """Both parties' GAS ratings, oldest first, each with the agreed version it was made against."""
    goal = get_goal_for(request, goal_id)
    return goal.gas_ratings.select_related("version", "rated_by").order_by("rated_at", "id")


@router.post(
    "/goals/{goal_id}/gas-ratings", response={201: GasRatingOut, **WRITE}, summary="Rate the GAS level"
)
def rate_gas(request: AuthedHttpRequest, goal_id: int, payload: GasRatingIn):
    """Record the level the goal has reached (−2…+2) as you see it. Only for agreed goals."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        rating = actions.rate_gas(
            goal, actor_of(request), level=payload.level, note=payload.note, in_session=payload.in_session
        )
    except GoalActionError as error:
        return _refused(error)
    return Status(201, GasRating.objects.select_related("version", "rated_by").get(pk=rating.pk))


@router.put(
    "/goals/{goal_id}/ratings", response={200: RatingsOut, **WRITE}, summary="Importance and difficulty"
)
def rate_goal(request: AuthedHttpRequest, goal_id: int, payload: RatingsIn):
    """Your own importance rating (0–3) and, for the therapist, the difficulty (0–3). Each party's is kept
    apart; the GAS weight is the client's importance × the therapist's difficulty."""
    goal = get_goal_for(request, goal_id, write=True)
    change = RatingChange(importance=payload.importance, difficulty=payload.difficulty)
    try:
        actions.rate_goal(goal, actor_of(request), change)
    except GoalActionError as error:
        return _refused(error)
    return goal


@router.get(
    "/goals/{goal_id}/readiness", response={200: list[ReadinessOut], **READ}, summary="Readiness ratings"
)
@paginate(Pagination)
def list_readiness(request: AuthedHttpRequest, goal_id: int):
    goal = get_goal_for(request, goal_id)
    return goal.readiness.select_related("rated_by").order_by("rated_at", "id")


@router.post("/goals/{goal_id}/readiness", response={201: ReadinessOut, **WRITE}, summary="Rate readiness")
def rate_readiness(request: AuthedHttpRequest, goal_id: int, payload: ReadinessIn):
    """The client's readiness ruler for this goal: importance and confidence, 0–10 each."""
    goal = get_goal_for(request, goal_id, write=True)
    try:
        rating = actions.rate_readiness(
            goal, actor_of(request), importance=payload.importance, confidence=payload.confidence
        )
    except GoalActionError as error:
        return _refused(error)
    return Status(201, ReadinessRating.objects.select_related("rated_by").get(pk=rating.pk))


# --- the client's T-score and themes ---------------------------------------------------------------------


def _explanation(explained: TScoreExplanation, goals: list[Goal]) -> dict[str, Any]:
    """Turn the positions the scorer uses into goal ids a caller can match."""
    return {
        **explained.to_dict(),
        "goals": [
            {"goal_id": goals[g.index].pk, "level": g.level, "weight": g.weight} for g in explained.goals
        ],
        "left_out_goal_ids": [goals[index].pk for index in explained.left_out],
    }


@router.get("/clients/{client_id}/t-score", response={200: ClientTScoreOut, **READ}, summary="GAS T-score")
def client_t_score(request: AuthedHttpRequest, client_id: int):
    """The aggregate GAS T-score of the client's agreed goals, at baseline and now, from the client's and
    from the therapist's ratings, with every number used: T = 50 + 10·Σ(wᵢ·xᵢ) / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²)."""
    client = get_client_for(request, client_id)
    scores = client_t_scores(client)
    by_party = {
        party: {
            "baseline": _explanation(score.baseline, scores.goals),
            "now": _explanation(score.now, scores.goals),
            "rated_goals": score.rated_goals,
        }
        for party, score in scores.by_party.items()
    }
    return {
        "client_id": client.pk,
        "rho": scores.rho,
        "formula": T_SCORE_FORMULA,
        "goals": [
            {
                "id": goal.pk,
                "statement": goal.version_agreed.statement,
                "baseline_level": goal.version_agreed.gas_baseline_level,
                "client_importance": goal.client_importance,
                "therapist_difficulty": goal.therapist_difficulty,
                "weight": goal.gas_weight,
            }
            for goal in scores.goals
        ],
        "client": by_party.get("client"),
        "therapist": by_party.get("therapist"),
    }


def _themes(client: Client) -> QuerySet[ClientTheme]:
    return ClientTheme.objects.filter(client=client).select_related("added_by").order_by("kind", "text", "id")


@router.get(
    "/clients/{client_id}/themes",
    response={200: list[ThemeOut], **READ},
    summary="Needs, strengths and values",
)
@paginate(Pagination)
def list_themes(request: AuthedHttpRequest, client_id: int, kind: ThemeKind | None = None):
    """What the client's goals can be for. ``kind`` keeps only needs, strengths or values."""
    themes = _themes(get_client_for(request, client_id))
    return themes.filter(kind=kind) if kind else themes


@router.post(
    "/clients/{client_id}/themes",
    response={201: ThemeOut, **WRITE},
    summary="Add a need, strength or value",
)
def add_theme(request: AuthedHttpRequest, client_id: int, payload: ThemeIn):
    """Either party adds one. Adding the same words again returns the one already there."""
    client = get_client_for(request, client_id, write=True)
    try:
        theme = actions.add_theme(client, actor_of(request), kind=payload.kind, text=payload.text)
    except GoalActionError as error:
        return _refused(error)
    return Status(201, _themes(client).get(pk=theme.pk))


# --- the SMART coach ----------------------------------------------------------------------------------------


@router.post("/smart-check", response={200: SmartCheckOut, **AUTH, 422: ErrorOut}, summary="SMART check")
def smart_check(request: AuthedHttpRequest, payload: SmartCheckIn):
    """The SMART coach on a goal statement and any structured fields: per criterion whether it is met
    (``null`` when it cannot be judged from what was given) and what to add, plus warnings about
    unrealistic expectations. Advisory only; nothing is stored."""
    given = payload.dict(exclude={"text"}, exclude_none=True)
    # The coach compares plain strings, so choices go in as their values.
    fields = GoalFields(**{name: v.value if isinstance(v, Enum) else v for name, v in given.items()})
    return analyse(payload.text, fields=fields).to_dict()
