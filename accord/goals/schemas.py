"""Shapes of the goals API: what a caller sends and what Accord answers, each field documented.

Field names match the model and the goal builder's form, so a goal read from the API can be sent back as an
edit. Choice fields take the values listed in the OpenAPI document; an empty string means "not set".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.db import models
from ninja import Field
from pydantic import StringConstraints

from accord.api.base import Schema
from accord.api.schemas import PersonRef
from accord.goals import motivation
from accord.goals.models import (
    AchievementStatus,
    AgreementDecision,
    AgreementEvent,
    Direction,
    GasRating,
    Goal,
    GoalStep,
    LifeArea,
    LifecycleStatus,
    MeasureKind,
    Party,
    ReadinessRating,
    StageOfChange,
    ThemeKind,
)


def choice_or_blank(choices: type[models.TextChoices]) -> Any:
    """One of a model field's choice values, or "" for "not set" (one type, so an error names one field)."""
    return Literal[("", *choices.values)]


if TYPE_CHECKING:  # built at runtime from the choices; to the type checker they are strings
    LifeAreaOrBlank = str
    MeasureKindOrBlank = str
    DirectionOrBlank = str
    AchievementOrBlank = str
    PartyOrBlank = str
    StageOrBlank = str
else:
    LifeAreaOrBlank = choice_or_blank(LifeArea)
    MeasureKindOrBlank = choice_or_blank(MeasureKind)
    DirectionOrBlank = choice_or_blank(Direction)
    AchievementOrBlank = choice_or_blank(AchievementStatus)
    PartyOrBlank = choice_or_blank(Party)
    StageOrBlank = choice_or_blank(StageOfChange)

# Milestones before action steps, each in order ("milestone" sorts after "action", hence the minus).
STEP_ORDER = ("-kind", "position", "id")


# Strings with surrounding spaces removed, so "  " counts as empty.
StepText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=0, max_length=300)]
GasText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=0, max_length=500)]
Unit = Annotated[str, StringConstraints(strip_whitespace=True, min_length=0, max_length=60)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=0, max_length=500)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=0, max_length=300)]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, min_length=0, max_length=1000)]
Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Statement = Annotated[str, StringConstraints(strip_whitespace=True, min_length=0, max_length=1000)]
EditedStatement = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
ThemeText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
GoalText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
STEP_LIST: Any = Field(
    default_factory=list, max_length=30, description="In order. Blank entries are dropped."
)


# --- goal content (one version) ---------------------------------------------------------------------------


class GoalContentIn(Schema):
    """The content of a version. Leave a field out to keep it as it is (or empty, when proposing)."""

    life_area: LifeAreaOrBlank = ""
    theme_ids: list[int] = Field(
        default_factory=list,
        max_length=50,
        description="What the goal is for: ids of the client's needs, strengths and values (see /themes).",
    )
    measure_kind: MeasureKindOrBlank = Field("", description="How progress is tracked.")
    unit: Unit = Field("", description='What is counted, e.g. "walks".')
    baseline: float | None = Field(None, description="Where it is now, in the measure's unit.")
    target: float | None = Field(None, description="Where the client wants it to be.")
    direction: DirectionOrBlank = ""
    scale_min: float | None = Field(None, description="Lowest possible value, for a standard measure.")
    scale_max: float | None = Field(None, description="Highest possible value, for a standard measure.")
    target_date: date | None = None
    review_every_weeks: int | None = Field(None, ge=1, le=26)
    milestones: list[StepText] = STEP_LIST
    action_steps: list[StepText] = STEP_LIST
    gas_minus_2: GasText = Field("", description="GAS −2: much less than expected.")
    gas_minus_1: GasText = Field("", description="GAS −1: somewhat less than expected.")
    gas_0: GasText = Field("", description="GAS 0: the expected outcome (the goal).")
    gas_plus_1: GasText = Field("", description="GAS +1: somewhat more than expected.")
    gas_plus_2: GasText = Field("", description="GAS +2: much more than expected.")
    gas_baseline_level: int = Field(
        -1, ge=-2, le=2, description="The GAS level the client starts from; usually −1."
    )


class GoalProposeIn(GoalContentIn):
    words: Words = Field(
        ...,
        description="The goal in a sentence. A client's sentence is kept as their own words; "
        "without a statement it also becomes the first statement.",
    )
    statement: Statement = Field("", description="The shared goal statement, if it differs from the words.")


class GoalEditIn(GoalContentIn):
    """Only the fields sent change; every change makes a new version that the other party must accept."""

    statement: EditedStatement = ""
    reason: Reason = Field("", description="Why it changed, shown in the history.")
    version: int | None = Field(
        None,
        description="The version number the edit is based on. If the goal has changed since, the edit is "
        "refused with 409 so nobody overwrites a change they have not seen.",
    )
    client_words: Comment | None = Field(
        None, description="The client's own words. Only the client may change them; no new version."
    )


class GoalVersionOut(Schema):
    number: int
    created_by: PersonRef | None
    created_by_party: Party
    created_at: datetime
    reason: str
    statement: str
    life_area: LifeAreaOrBlank
    theme_ids: list[int]
    measure_kind: MeasureKindOrBlank
    unit: str
    baseline: float | None
    target: float | None
    direction: DirectionOrBlank
    scale_min: float | None
    scale_max: float | None
    target_date: date | None
    review_every_weeks: int | None
    milestones: list[str]
    action_steps: list[str]
    gas_minus_2: str
    gas_minus_1: str
    gas_0: str
    gas_plus_1: str
    gas_plus_2: str
    gas_baseline_level: int


# --- steps, ratings ---------------------------------------------------------------------------------------


class StepOut(Schema):
    id: int
    kind: GoalStep.Kind
    position: int
    text: str
    is_current: bool = Field(..., description="False once a later version dropped the step.")
    done: bool
    done_at: datetime | None
    done_by: PersonRef | None

    @staticmethod
    def resolve_done(step: GoalStep) -> bool:
        return step.done_at is not None


class TickIn(Schema):
    done: bool = Field(..., description="true to tick the step, false to untick it.")


class GasRatingIn(Schema):
    level: int = Field(..., ge=-2, le=2, description="The GAS level reached, −2 to +2.")
    note: Note = ""
    in_session: bool = Field(
        False,
        description="Therapist only: this is the client's own level, given together in session; it is "
        "kept as the client's rating, marked as recorded by you in session.",
    )


class GasRatingOut(Schema):
    id: int
    party: Party = Field(..., description="Whose rating this is; both parties' ratings are kept apart.")
    level: int
    note: str
    version: int = Field(..., description="The agreed version the rating was made against.")
    rated_by: PersonRef | None
    rated_at: datetime
    in_session: bool = Field(..., description="The client's level, recorded by the therapist in session.")

    @staticmethod
    def resolve_version(rating: GasRating) -> int:
        return rating.version.number


class RatingsIn(Schema):
    importance: int | None = Field(
        None, ge=0, le=3, description="Your own rating of how important the goal is (0–3)."
    )
    difficulty: int | None = Field(
        None, ge=0, le=3, description="How difficult the goal is (0–3). The therapist's rating only."
    )


class RatingsOut(Schema):
    client_importance: int | None
    therapist_importance: int | None
    therapist_difficulty: int | None
    gas_weight: int = Field(
        ..., description="Client importance × therapist difficulty; 1 if either is missing."
    )


class ReadinessIn(Schema):
    importance: int = Field(..., ge=0, le=10, description="How important the goal is to the client, 0–10.")
    confidence: int = Field(
        ..., ge=0, le=10, description="How confident the client is that they could do it, 0–10."
    )


class ReadinessOut(Schema):
    id: int
    importance: int
    confidence: int
    scale_min: int
    scale_max: int
    rated_by: PersonRef | None
    rated_at: datetime


# --- the goal -----------------------------------------------------------------------------------------------


class LatestGasOut(Schema):
    client: GasRatingOut | None
    therapist: GasRatingOut | None


class GoalOut(Schema):
    id: int
    client_id: int
    proposed_by: PersonRef | None
    proposed_by_party: Party
    client_words: str = Field(..., description="The client's own words, never overwritten by others' edits.")
    lifecycle_status: LifecycleStatus = Field(..., description="FHIR Goal.lifecycleStatus.")
    achievement_status: AchievementOrBlank = Field(..., description="FHIR Goal.achievementStatus.")
    current_version: GoalVersionOut
    client_accepted_version: int | None = Field(..., description="The version the client last accepted.")
    therapist_accepted_version: int | None = Field(
        ..., description="The version the therapist last accepted."
    )
    agreed_version: int | None = Field(..., description="The last version both accepted.")
    agreed: bool = Field(..., description="Both parties have accepted the current version.")
    waiting_for: list[Party] = Field(..., description="Who still needs to accept the current version.")
    last_declined_by: PartyOrBlank
    exploring: bool = Field(
        ...,
        description="Being explored: not yet SMART, not yet agreed; nobody is asked to accept it and it is "
        "never checked in on. Exported to FHIR as lifecycleStatus proposed.",
    )
    stage_of_change: StageOrBlank = Field(..., description="The therapist's label (Prochaska & DiClemente).")
    client_importance: int | None
    therapist_importance: int | None
    therapist_difficulty: int | None
    gas_weight: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_client_accepted_version(goal: Goal) -> int | None:
        return goal.client_accepted_number

    @staticmethod
    def resolve_therapist_accepted_version(goal: Goal) -> int | None:
        return goal.therapist_accepted_number

    @staticmethod
    def resolve_agreed_version(goal: Goal) -> int | None:
        return goal.agreed_version.number if goal.agreed_version else None

    @staticmethod
    def resolve_agreed(goal: Goal) -> bool:
        return goal.is_agreed

    @staticmethod
    def resolve_waiting_for(goal: Goal) -> list[str]:
        return goal.waiting_for()


class GoalDetailOut(GoalOut):
    steps: list[StepOut] = Field(..., description="Current milestones and action steps, in order.")
    latest_gas: LatestGasOut = Field(..., description="Each party's most recent GAS rating.")
    latest_readiness: ReadinessOut | None
    client_accepted_in_session: InSessionOut | None = Field(
        ...,
        description="When the client's acceptance of the current version was recorded by the therapist "
        "in session (agreement in the room): who recorded it and when; null otherwise.",
    )

    @staticmethod
    def resolve_client_accepted_in_session(goal: Goal) -> dict[str, Any] | None:
        if goal.client_accepted_number is None or goal.client_accepted_number != goal.current_number:
            return None
        event = (
            AgreementEvent.objects.filter(
                goal=goal,
                party=Party.CLIENT,
                decision=AgreementDecision.ACCEPTED,
                version=goal.current_version,
            )
            .select_related("user")
            .order_by("at", "id")
            .last()
        )
        if event is None or not event.in_session:
            return None
        return {"recorded_by": event.user, "at": event.at, "version": goal.current_number}

    @staticmethod
    def resolve_steps(goal: Goal) -> list[GoalStep]:
        return list(goal.steps.filter(is_current=True).select_related("done_by").order_by(*STEP_ORDER))

    @staticmethod
    def resolve_latest_gas(goal: Goal) -> dict[str, GasRating | None]:
        latest: dict[str, GasRating | None] = {Party.CLIENT: None, Party.THERAPIST: None}
        for rating in goal.gas_ratings.select_related("version", "rated_by").order_by("rated_at", "id"):
            latest[rating.party] = rating
        return latest

    @staticmethod
    def resolve_latest_readiness(goal: Goal) -> ReadinessRating | None:
        return goal.readiness.select_related("rated_by").order_by("rated_at", "id").last()


class InSessionOut(Schema):
    recorded_by: PersonRef | None = Field(..., description="The therapist who recorded it.")
    at: datetime
    version: int


class InSessionIn(Schema):
    decision: Literal["accept", "decline"] = Field(..., description="What the client decided, in the room.")
    version: int = Field(..., description="The version the client decided on. 409 if the goal changed since.")
    in_room: bool = Field(
        ...,
        description="Must be true: you confirm the client gave this answer in the room with you. 400 if not.",
    )
    comment: Comment = Field("", description="What doesn't fit, in the client's words. Required to decline.")


class StageIn(Schema):
    stage: StageOrBlank = Field(..., description="A stage of change, or empty to clear it. Therapist only.")


class ExploringIn(Schema):
    exploring: bool = Field(..., description="True: explore it first. False: ready to shape and agree.")
    comment: Comment = ""


BalanceText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


class BalanceIn(Schema):
    change_pros: BalanceText | None = Field(None, description="Good things about changing.")
    change_cons: BalanceText | None = Field(None, description="Not so good things about changing.")
    stay_pros: BalanceText | None = Field(None, description="Good things about staying the same.")
    stay_cons: BalanceText | None = Field(None, description="Not so good things about staying the same.")
    in_room: bool = Field(
        False,
        description="Therapist only, and required for them: filled in together with the client, in session.",
    )


class BalanceOut(Schema):
    change_pros: str
    change_cons: str
    stay_pros: str
    stay_cons: str
    updated_at: datetime | None
    updated_by: str = Field(..., description="The short name of who last changed it; empty if never.")


class PromptOut(Schema):
    id: str
    flag: str = Field(..., description="Why it is shown: " + ", ".join(motivation.FLAGS) + ".")
    kind: str = Field(..., description="question, reflection or exercise.")
    text: str
    source: str = Field(..., description="The source, short (e.g. Miller & Rollnick 2013).")
    source_full: str


class FlagOut(Schema):
    code: str
    reason: str
    prompts: list[PromptOut]


class MotivationOut(Schema):
    stage_of_change: StageOrBlank
    exploring: bool
    flags: list[FlagOut] = Field(
        ...,
        description="Each flag on the goal (stalled, missed check-ins, falling or low confidence, "
        "exploring) with the motivational-interviewing prompts that fit it.",
    )
    decisional_balance: BalanceOut


class CommentIn(Schema):
    comment: Comment = ""


class DeclineIn(Schema):
    comment: Comment = Field(..., description="What doesn't fit, so you can talk about it. Required.")


class AcceptIn(Schema):
    version: int = Field(
        ..., description="The version number you read and accept. 409 if the goal changed since."
    )


class FieldChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class DiffOut(Schema):
    from_version: int
    to_version: int
    changes: list[FieldChangeOut]


# --- the client's themes and T-score --------------------------------------------------------------------


class ThemeIn(Schema):
    kind: ThemeKind
    text: ThemeText


class ThemeOut(Schema):
    id: int
    kind: ThemeKind
    text: str
    source: str = Field(..., description='"manual", or where it came from (e.g. the intake).')
    added_by: PersonRef | None
    added_at: datetime


class ScoredGoalOut(Schema):
    goal_id: int
    level: int
    weight: float


class TScoreOut(Schema):
    """Every number behind one T-score."""

    t_score: float | None = Field(..., description="None when no goal has a level.")
    rho: float
    weighted: bool
    weights_fell_back_to_one: bool = Field(..., description="All weights were 0, so each counted as 1.")
    goals: list[ScoredGoalOut] = Field(
        ..., description="The goals that entered the sum, with level and weight."
    )
    left_out_goal_ids: list[int] = Field(..., description="Goals without a level, left out of the sum.")
    sum_wx: float
    sum_w_squared: float
    sum_w_all_squared: float
    denominator: float
    formula: str


class PartyTScoreOut(Schema):
    baseline: TScoreOut
    now: TScoreOut = Field(..., description="From each goal's latest rating by this party.")
    rated_goals: int


class TScoreGoalOut(Schema):
    id: int
    statement: str
    baseline_level: int
    client_importance: int | None
    therapist_difficulty: int | None
    weight: int


class ClientTScoreOut(Schema):
    client_id: int
    rho: float = Field(
        ...,
        description="The assumed correlation between goals: the setting ACCORD_GAS_RHO (by default 0.3, "
        "Kiresuk & Sherman's convention).",
    )
    formula: str
    goals: list[TScoreGoalOut] = Field(..., description="Agreed goals that count towards the score.")
    client: PartyTScoreOut | None = Field(..., description="From the client's ratings.")
    therapist: PartyTScoreOut | None = Field(..., description="From the therapist's ratings.")


# --- the SMART coach ---------------------------------------------------------------------------------------


class SmartCheckIn(Schema):
    text: GoalText = Field(..., description="The goal statement.")
    measure_kind: MeasureKind | None = None
    unit: str | None = Field(None, max_length=60)
    baseline: float | None = None
    target: float | None = None
    direction: Direction | None = None
    scale_min: float | None = None
    scale_max: float | None = None
    target_date: date | None = None
    client_confidence: int | None = Field(None, ge=0, le=10, description="Readiness ruler confidence, 0–10.")
    client_importance: int | None = Field(None, ge=0, le=3, description="The client's importance, 0–3.")
    linked_needs_count: int | None = Field(
        None, ge=0, description="How many needs, strengths or values the goal is linked to."
    )


class CriterionOut(Schema):
    met: bool | None = Field(..., description="null when it cannot be judged from what was given.")
    feedback: list[str]


class CriteriaOut(Schema):
    specific: CriterionOut
    measurable: CriterionOut
    achievable: CriterionOut
    relevant: CriterionOut
    time_bound: CriterionOut


class WarningOut(Schema):
    code: str
    message: str


class SmartCheckOut(Schema):
    criteria: CriteriaOut
    unrealistic: bool
    warnings: list[WarningOut]
    suggestions: list[str]
