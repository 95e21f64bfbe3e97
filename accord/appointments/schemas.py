"""The sessions API's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field

from accord.api.base import Schema

StateName = Literal["planned", "held", "cancelled", "missed"]


class SessionOut(Schema):
    id: int
    client_id: int
    starts_at: datetime = Field(..., description="UTC; the therapist chose it in their own time zone.")
    minutes: int
    state: StateName
    time_split: dict[str, int] = Field(..., description="The therapist's split in minutes, or {} if none.")
    created_at: datetime


class SessionIn(Schema):
    starts_at: str = Field(
        ...,
        max_length=40,
        description="ISO 8601; with an offset, that instant; without one, the therapist's local time.",
    )
    minutes: int | None = Field(None, ge=10, le=240, description="The practice's default when left out.")


class SessionStateIn(Schema):
    state: StateName


class TimeSplitIn(Schema):
    agenda: int = Field(..., ge=0, le=240)
    review: int = Field(..., ge=0, le=240)
    next: int = Field(..., ge=0, le=240)
