"""The progress API's shapes (django-ninja schemas): what goes in and what comes out."""

from __future__ import annotations

import datetime as dt

from ninja import Field

from accord.api.base import Schema
from accord.goals.models import AchievementStatus
from accord.progress.forms import AUTOMATIC

STATUS_KEYS = "on_track, behind, stalled, achieved, too_early; paused (parked); or set_by_hand"


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
