"""Shapes of the assessment API. Each field is documented in the OpenAPI document.

There is deliberately no schema that carries the therapist's formulation to anything a client can call:
``FormulationOut`` is used only by the therapist-only operations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field

from accord.api.base import Schema
from accord.api.schemas import PersonRef

# --- instruments --------------------------------------------------------------------------------------


class OptionOut(Schema):
    value: int | str
    label: str


class ItemOut(Schema):
    key: str
    text: str
    kind: str = Field(..., description="choice, scale, text or list")
    required: bool
    scored: bool
    options: list[OptionOut] = Field(..., description="The answers a choice item allows.")
    min: int | None = Field(None, description="Lowest answer of a scale item.")
    max: int | None = Field(None, description="Highest answer of a scale item.")
    anchors: list[OptionOut] = Field(..., description="Labels for some points of a scale item.")
    help: str
    category: str | None = Field(None, description="strength, need or value (intake lists)")


class BandOut(Schema):
    min: int
    max: int
    key: str
    label: str


class FlagDefinitionOut(Schema):
    key: str
    item: str
    severity: str = Field(..., description="safety, warning or info")
    message: str = Field(..., description="What the flag means, for the therapist.")
    note: str


class ScoringOut(Schema):
    method: str = Field(..., description="sum (a total score) or none (answers kept side by side)")
    min: int | None
    max: int | None
    better: str = Field(..., description="lower or higher")


class InstrumentOut(Schema):
    key: str
    version: int
    title: str
    short_title: str
    description: str
    licence: str
    validated: bool
    recall_period: str | None
    stem: str
    items: list[ItemOut]
    scoring: ScoringOut
    bands: list[BandOut]
    flags: list[FlagDefinitionOut]

    @staticmethod
    def resolve_scoring(instrument) -> dict[str, Any]:
        scoring = instrument.scoring
        return {
            "method": scoring.method,
            "min": scoring.min,
            "max": scoring.max,
            "better": "lower" if scoring.lower_is_better else "higher",
        }

    @staticmethod
    def resolve_flags(instrument) -> list[dict[str, Any]]:
        return [
            {"key": f.key, "item": f.item, "severity": f.severity, "message": f.message, "note": f.note}
            for f in instrument.flags
        ]


# --- measure responses --------------------------------------------------------------------------------


class MeasureResponseIn(Schema):
    instrument: str = Field(..., description="The instrument's key, e.g. phq9.", max_length=50)
    answers: dict[str, Any] = Field(
        ...,
        description="Item key → answer: an option value for choice items, a whole number for scales, text, "
        "or a list of short texts. Every required item must be answered.",
    )
    idempotency_key: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Send the same key again (e.g. after a timeout) and you get the first response back "
        "instead of a second one.",
    )


class BandRef(Schema):
    key: str
    label: str


class RaisedFlagOut(Schema):
    key: str
    item: str
    severity: str


class MeasureResponseOut(Schema):
    id: int
    client_id: int
    instrument: str = Field(..., alias="instrument_key")
    instrument_version: int
    answers: dict[str, Any]
    total: int | None = Field(None, description="The total score, for summed instruments.")
    max_total: int | None
    band: BandRef | None = Field(None, description="The severity band of the total.")
    flags: list[RaisedFlagOut]
    safety_flag: bool = Field(
        ..., description="True when a safety flag was raised (PHQ-9 item 9 above 0, whatever the total)."
    )
    crisis_resources: str | None = Field(
        None, description="The practice's crisis resources, present whenever safety_flag is true."
    )
    completed_at: dt.datetime
    source: str = Field(..., description="page, api or demo")
    entered_by: PersonRef | None

    @staticmethod
    def resolve_band(response) -> dict[str, str] | None:
        return {"key": response.band_key, "label": response.band_label} if response.band_key else None

    @staticmethod
    def resolve_safety_flag(response) -> bool:
        return response.has_safety_flag

    @staticmethod
    def resolve_crisis_resources(response) -> str | None:
        return response.client.practice.crisis_text_shown if response.has_safety_flag else None


class ScoreOut(Schema):
    response_id: int
    completed_at: dt.datetime
    total: int | None
    band: BandRef | None
    change_since_baseline: int | None = Field(None, description="Points since the first response.")
    reliable_change: str | None = Field(
        None, description="improvement, deterioration or no_reliable_change, by the named convention."
    )
    case: bool | None = Field(None, description="At or above the convention's caseness cut-off.")


class MeasureHistoryOut(Schema):
    instrument: str
    title: str
    convention: str = Field(..., description="The convention and thresholds the judgements use.")
    scores: list[ScoreOut] = Field(..., description="Oldest first; the first is the baseline.")


# --- assignments --------------------------------------------------------------------------------------


class AssignmentIn(Schema):
    instrument: str = Field(..., max_length=50)
    every_weeks: int | None = Field(None, ge=1, le=26, description="Repeat every N weeks; null for once.")
    first_due_on: dt.date | None = Field(None, description="Defaults to today in the client's time zone.")


class AssignmentOut(Schema):
    id: int
    client_id: int
    instrument: str = Field(..., alias="instrument_key")
    every_weeks: int | None
    next_due_on: dt.date
    active: bool
    assigned_at: dt.datetime
    assigned_by: PersonRef | None


# --- intake -------------------------------------------------------------------------------------------


class IntakeOut(Schema):
    instrument_version: int
    answers: dict[str, Any]
    started_at: dt.datetime | None
    updated_at: dt.datetime | None
    submitted_at: dt.datetime | None


class IntakePatchIn(Schema):
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description='Only the answers that change; an empty answer ("", [] or null) clears it.',
    )
    submit: bool = Field(False, description="Send the intake to the care team (again, after changes).")


# --- safety alerts ------------------------------------------------------------------------------------


class MarkedImprovementOut(Schema):
    celebration_id: int = Field(..., description="The client's new win (see GET /clients/{id}/celebrations).")
    title: str = Field(..., description="The measure, e.g. PHQ-9.")
    created_at: dt.datetime = Field(..., description="When it was marked: the client sees it from now.")


class SafetyAlertOut(Schema):
    id: int
    client_id: int
    response_id: int
    raised_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by: PersonRef | None
    acknowledgement_note: str


class AcknowledgeIn(Schema):
    note: str = Field(..., min_length=1, max_length=2000, description="What you did. Required.")


# --- the formulation (therapists only) ----------------------------------------------------------------


class FormulationOut(Schema):
    text: str
    written_at: dt.datetime | None
    written_by: PersonRef | None
    versions: int = Field(..., description="How many versions have been saved.")


class FormulationIn(Schema):
    text: str = Field(..., min_length=1, max_length=20000)
