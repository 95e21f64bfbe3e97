"""The progress API: a goal's series with its status and expected path, the status set by hand, the client's
GAS T-score over time, in-session reviews, and where client and therapist see goals differently.

Every operation starts with an access helper (``get_goal_for`` / ``get_client_for``): the client and their
care team get in, anyone else gets 404. Status, series and divergence come from ``accord.checkins.status`` and
``accord.checkins.series``, the same functions the pages use; writes go through ``review_actions``, and input
through the same forms as the pages, so a value the page refuses is refused here with the same message.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Status
from ninja.pagination import paginate

from accord.accounts.access import get_client_for
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.api.base import Schema
from accord.api.errors import ErrorOut, error_body
from accord.api.pagination import Pagination
from accord.checkins import charts, review_actions, status
from accord.checkins.access import not_found
from accord.checkins.review_actions import ReviewError
from accord.checkins.review_forms import AUTOMATIC, GoalReviewForm, StatusForm
from accord.checkins.series import TPoint, t_score_series
from accord.checkins.status import GoalProgress, GoalStatus
from accord.goals.access import get_goal_for
from accord.goals.models import AchievementStatus, Goal, Party

router = Router(tags=["progress"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 400: ErrorOut}
INVALID = "Some values are not valid."
STATUS_KEYS = "on_track, behind, stalled, achieved, too_early; paused (parked); or set_by_hand"


# --- shapes ---------------------------------------------------------------------------------------------


class PointOut(Schema):
    on: dt.date
    value: float


class PlanOut(Schema):
    judged_on: str = Field(
        ...,
        description="`measure`: the goal's own measure; `towards`: the client's 0–10 towards a goal "
        "without a measure of its own (baseline 0, target 10).",
    )
    measure_kind: str
    unit: str
    baseline: float
    target: float
    lower_is_better: bool
    start: dt.date = Field(..., description="The day the agreed version was agreed: the path starts here.")
    target_date: dt.date | None
    y_range: list[float] = Field(..., description="[low, high]: the measure's own range, as charts draw it.")


class AutomaticOut(Schema):
    key: str
    label: str
    reason: str


class StatusOut(Schema):
    key: str = Field(..., description=STATUS_KEYS)
    label: str
    reason: str = Field(..., description="Why, in words a person reads next to the status.")
    fhir: str = Field(..., description="FHIR Goal.achievementStatus code; empty while paused.")
    set_by_hand: bool = Field(..., description="True when the therapist set it; Accord never overwrites it.")
    automatic: AutomaticOut = Field(..., description="What the check-ins alone say.")


class EntryOut(Schema):
    id: int
    on: dt.date
    value: float | None
    progress: int | None = Field(..., description="The client's 0–10 towards the goal.")
    confidence: int | None


class LatestRatingsOut(Schema):
    client_progress: int | None = Field(..., description="The client's latest 0–10.")
    therapist_progress: int | None
    client_gas: int | None = Field(..., description="The latest GAS level for the client's party.")
    therapist_gas: int | None


class DivergenceOut(Schema):
    kind: str = Field(..., description="`rating` (0–10, 3 or more apart) or `gas` (2 or more levels apart).")
    client_value: float
    therapist_value: float
    reason: str


class GoalProgressOut(Schema):
    goal_id: int
    plan: PlanOut
    points: list[PointOut] = Field(..., description="The values the goal is judged on, oldest first.")
    expected_path: list[PointOut] = Field(
        ..., description="Baseline at the start → target on the target date."
    )
    entries: list[EntryOut] = Field(..., description="Every check-in answer for the goal, oldest first.")
    status: StatusOut
    latest_ratings: LatestRatingsOut
    divergences: list[DivergenceOut]


class TPointOut(Schema):
    on: dt.date
    t_score: float
    rated_goals: int = Field(..., description="How many goals had a level by then.")


class TScoreSeriesOut(Schema):
    rho: float
    goal_ids: list[int] = Field(..., description="The agreed goals that count (active, parked or completed).")
    baseline: float | None = Field(..., description="T at the agreed starting levels.")
    low: float | None = Field(..., description="T with every goal at −2.")
    high: float | None = Field(..., description="T with every goal at +2.")
    client: list[TPointOut] = Field(..., description="From the client's ratings (including in session).")
    therapist: list[TPointOut]


class StatusIn(Schema):
    status: str = Field(
        ...,
        description=f"A FHIR achievement status ({', '.join(AchievementStatus.values)}) to set by hand, or "
        f"`{AUTOMATIC}` to let Accord work it out again.",
    )


class GoalReviewIn(Schema):
    goal_id: int
    client_level: int | None = Field(None, description="−2…+2, as the client gave it in session.")
    therapist_level: int | None = Field(None, description="−2…+2, the therapist's own.")
    therapist_progress: int | None = Field(None, description="0–10, the therapist's own.")
    note: str = ""


class ReviewIn(Schema):
    goals: list[GoalReviewIn] = Field(..., min_length=1)


class GasRatingOut(Schema):
    id: int
    goal_id: int
    party: str
    level: int
    rated_at: dt.datetime


class ProgressRatingOut(Schema):
    id: int
    goal_id: int
    party: str
    rating: int
    rated_at: dt.datetime


class ReviewOut(Schema):
    gas_ratings: list[GasRatingOut]
    progress_ratings: list[ProgressRatingOut]


class GoalDivergenceOut(Schema):
    goal_id: int
    statement: str
    latest_ratings: LatestRatingsOut
    divergences: list[DivergenceOut]


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
        raise Http404  # no progress before agreement: nothing to show, whoever asks
    return progress


def _points(points: list[TPoint]) -> list[dict]:
    return [{"on": p.on, "t_score": p.t_score, "rated_goals": p.rated_goals} for p in points]


def _refused(error: ReviewError, field_prefix: str = "") -> Status:
    errors = {f"{field_prefix}{error.field}": [error.message]} if error.field else None
    return Status(400, error_body(error.message, errors))


def _require_therapist(request: AuthedHttpRequest, what: str, object_id) -> None:
    """Reviews and statuses set by hand are the care team's: to the client these operations do not exist
    (404, audited, as for a therapist-only page), rather than a 403 that would only say "not you"."""
    if not request.user.is_therapist:
        raise not_found(request, what=what, object_id=object_id)


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
    _require_therapist(request, "goal status", goal_id)
    _agreed_progress(goal)
    form = StatusForm({"status-status": payload.status}, prefix="status")
    if not form.is_valid():
        return Status(422, error_body(INVALID, {"status": [str(m) for m in form.errors["status"]]}))
    try:
        review_actions.set_status(goal, actor_of(request), form.cleaned_data["status"])
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
    _require_therapist(request, "review", client_id)
    ids = [item.goal_id for item in payload.goals]
    goals = Goal.objects.filter(client=client, pk__in=ids).select_related("agreed_version")
    by_id = {goal.pk: goal for goal in goals}
    if set(ids) - set(by_id):
        raise Http404
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
        return Status(422, error_body(INVALID, errors))
    try:
        recorded = review_actions.record_review(actor_of(request), reviews)
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
