"""The progress API: a goal's series with its status and expected path, the status set by hand, the client's
GAS T-score over time, in-session reviews, and where client and therapist see goals differently.

Every operation starts with an access helper (``get_goal_for`` / ``get_client_for``): the client and their
care team get in, anyone else gets 404. Status, series and divergence come from ``accord.progress.status`` and
``accord.progress.series``, the same functions the pages use; writes go through ``review_actions``, and input
through the same forms as the pages, so a value the page refuses is refused here with the same message.
"""

from __future__ import annotations

from ninja import Router, Status
from ninja.pagination import paginate

from accord.accounts.access import get_client_for, nothing_to_show, require_therapist
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.api.errors import ErrorOut, error_body, invalid
from accord.api.pagination import Pagination
from accord.goals.access import check_goals_of, get_goal_for
from accord.goals.models import Goal, Party
from accord.goals.schemas import MotivationOut
from accord.progress import actions, charts, status
from accord.progress.actions import ReviewError
from accord.progress.forms import GoalReviewForm, StatusForm
from accord.progress.schemas import (
    GoalDivergenceOut,
    GoalProgressOut,
    GoalReviewIn,
    ReviewIn,
    ReviewOut,
    StatusIn,
    StatusOut,
    TScoreSeriesOut,
)
from accord.progress.sections import motivation_of
from accord.progress.series import TPoint, t_score_series
from accord.progress.status import GoalProgress, GoalStatus

router = Router(tags=["progress"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 400: ErrorOut}


# --- turning results into answers -----------------------------------------------------------------------


def _status(found: GoalStatus) -> dict:
    auto = found.automatic
    return {
        "key": found.key,
        "label": str(found.label),
        "reason": found.reason,
        "fhir": found.fhir,
        "set_by_hand": found.manual,
        "automatic": {"key": auto.key, "label": found.automatic_label, "reason": auto.reason},
    }


def _ratings(progress: GoalProgress) -> dict:
    return vars(progress.ratings)


def _divergences(progress: GoalProgress) -> list[dict]:
    return [vars(d) for d in progress.divergences]


def _progress(progress: GoalProgress) -> dict:
    version, plan = progress.version, progress.plan
    kind = version.measure_kind if progress.mode == status.MEASURE else charts.TOWARDS_KIND
    own = progress.mode == status.MEASURE
    low, high = charts.y_limits(
        kind,
        baseline=plan.baseline,
        target=plan.target,
        values=[p.value for p in progress.points],
        scale_min=version.scale_min if own else None,
        scale_max=version.scale_max if own else None,
    )
    return {
        "goal_id": progress.goal.pk,
        "plan": {
            "judged_on": progress.mode,
            "measure_kind": version.measure_kind,
            "unit": progress.unit,
            "baseline": plan.baseline,
            "target": plan.target,
            "lower_is_better": plan.lower_is_better,
            "start": plan.start,
            "target_date": plan.target_date,
            "y_range": [low, high],
        },
        "points": [vars(p) for p in progress.points],
        "expected_path": [vars(p) for p in progress.expected_path],
        "entries": [
            {"id": e.id, "on": e.on, "value": e.value, "progress": e.progress, "confidence": e.confidence}
            for e in progress.entries
        ],
        "status": _status(progress.status),
        "latest_ratings": _ratings(progress),
        "divergences": _divergences(progress),
    }


def _agreed_progress(goal: Goal) -> GoalProgress:
    progress = status.goal_progress(goal)
    if progress is None:
        raise nothing_to_show()  # no progress before agreement: nothing to show, whoever asks
    return progress


def _points(points: list[TPoint]) -> list[dict]:
    return [{"on": p.on, "t_score": p.t_score, "rated_goals": p.rated_goals} for p in points]


def _refused(error: ReviewError, field_prefix: str = "") -> Status:
    errors = {f"{field_prefix}{error.field}": [error.message]} if error.field else None
    return Status(400, error_body(error.message, errors))


# --- one goal -------------------------------------------------------------------------------------------


@router.get(
    "/goals/{goal_id}/progress", response={200: GoalProgressOut, **READ}, summary="A goal's progress series"
)
def goal_progress(request: AuthedHttpRequest, goal_id: int):
    """The values over time, the plan with its expected path, the status with its reason, each party's
    latest ratings and any divergence. 404 before the goal is agreed."""
    goal = get_goal_for(request, goal_id)
    return _progress(_agreed_progress(goal))


@router.get("/goals/{goal_id}/status", response={200: StatusOut, **READ}, summary="A goal's status")
def goal_status(request: AuthedHttpRequest, goal_id: int):
    """on track / behind / stalled / achieved / too early (paused while parked) — or the status the
    therapist set by hand — with the reason. 404 before the goal is agreed."""
    goal = get_goal_for(request, goal_id)
    return _status(_agreed_progress(goal).status)


@router.post(
    "/goals/{goal_id}/status",
    response={200: StatusOut, **WRITE},
    summary="Set the status by hand (therapist)",
)
def set_goal_status(request: AuthedHttpRequest, goal_id: int, payload: StatusIn):
    """Set a FHIR achievement status by hand, which Accord never overwrites, or send `automatic` to hand
    the goal back to the automatic status. The care team only (404 for the client, as for anyone else
    outside it)."""
    goal = get_goal_for(request, goal_id, write=True)
    require_therapist(request, what="goal status", object_id=goal_id)
    _agreed_progress(goal)
    form = StatusForm({"status-status": payload.status}, prefix="status")
    if not form.is_valid():
        return invalid({"status": [str(m) for m in form.errors["status"]]})
    try:
        actions.set_status(goal, actor_of(request), form.cleaned_data["status"])
    except ReviewError as error:
        return _refused(error)
    return _status(_agreed_progress(goal).status)


# --- a client -------------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/t-score-series",
    response={200: TScoreSeriesOut, **READ},
    summary="The client's GAS T-score over time",
)
def t_scores(request: AuthedHttpRequest, client_id: int):
    """At each date with a rating, T from each goal's latest level up to then, for each party apart."""
    client = get_client_for(request, client_id)
    series = t_score_series(client)
    return {
        "rho": series.rho,
        "goal_ids": [goal.pk for goal in series.goals],
        "baseline": series.baseline,
        "low": series.low,
        "high": series.high,
        "client": _points(series.by_party.get(Party.CLIENT, [])),
        "therapist": _points(series.by_party.get(Party.THERAPIST, [])),
    }


@router.get(
    "/clients/{client_id}/divergence",
    response={200: list[GoalDivergenceOut], **READ},
    summary="Where client and therapist see goals differently",
)
@paginate(Pagination)
def client_divergence(request: AuthedHttpRequest, client_id: int):
    """The agreed goals whose latest 0–10 ratings are 3 or more apart, or whose latest GAS levels are 2 or
    more apart, oldest goal first."""
    client = get_client_for(request, client_id)
    return [
        {
            "goal_id": p.goal.pk,
            "statement": p.version.statement,
            "latest_ratings": _ratings(p),
            "divergences": _divergences(p),
        }
        for p in status.client_progress(client)
        if p.divergences
    ]


@router.post(
    "/clients/{client_id}/reviews",
    response={201: ReviewOut, **WRITE},
    summary="Record an in-session review (therapist)",
)
def record_review(request: AuthedHttpRequest, client_id: int, payload: ReviewIn):
    """Per goal: the level the client gives (stored as the client's, recorded by the therapist), the
    therapist's level and the therapist's 0–10. All or nothing. The care team only (404 for the client).
    Goals that are not this client's are not found (404); refused values answer 422 naming
    `goals.<index>.<field>`."""
    client = get_client_for(request, client_id, write=True)
    require_therapist(request, what="review", object_id=client_id)
    ids = [item.goal_id for item in payload.goals]
    check_goals_of(request, client, set(ids))
    goals = Goal.objects.filter(client=client, pk__in=ids).select_related("agreed_version")
    by_id = {goal.pk: goal for goal in goals}
    reviews, errors = [], {}
    for index, item in enumerate(payload.goals):
        goal = by_id[item.goal_id]
        goal.client = client
        form = GoalReviewForm(_form_data(goal, item), goal=goal, client_name=client.display_name)
        if form.is_valid():
            reviews.append(form.review())
        for name, messages in form.errors.items():
            field = "" if name == "__all__" else f".{name}"
            errors[f"goals.{index}{field}"] = [str(m) for m in messages]
    if errors:
        return invalid(errors)
    try:
        recorded = actions.record_review(actor_of(request), reviews)
    except ReviewError as error:
        return _refused(error)
    return Status(201, vars(recorded))


def _form_data(goal: Goal, item: GoalReviewIn) -> dict[str, str]:
    prefix = f"goal-{goal.pk}"
    values = {
        "client_level": item.client_level,
        "therapist_level": item.therapist_level,
        "therapist_progress": item.therapist_progress,
        "note": item.note,
    }
    return {f"{prefix}-{name}": "" if value is None else str(value) for name, value in values.items()}


# --- motivation ------------------------------------------------------------------------------------------


@router.get(
    "/goals/{goal_id}/motivation",
    response={200: MotivationOut, **READ},
    summary="Stage of change, flags with MI prompts, decisional balance",
)
def goal_motivation(request: AuthedHttpRequest, goal_id: int):
    """Therapist only. The goal's stage of change, whether it is being explored, every flag on it (stalled,
    missed check-ins, falling confidence, confidence below 7, exploring) with the motivational-interviewing
    prompts that fit, each naming its source, and the client's decisional balance."""
    require_therapist(request, what="goal motivation", object_id=goal_id)
    goal = get_goal_for(request, goal_id)
    found = motivation_of(goal)
    return {
        "stage_of_change": found["stage"],
        "exploring": found["exploring"],
        "flags": [flag.as_json() for flag in found["flags"]],
        "decisional_balance": found["balance"].as_json(),
    }
