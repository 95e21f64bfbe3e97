"""The check-ins API's shapes (django-ninja schemas): what goes in and what comes out."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field
from pydantic import WithJsonSchema

from accord.api.base import Schema
from accord.checkins import actions
from accord.checkins.models import Celebration, CelebrationKind, CheckIn, GoalEntry

UPCOMING = 4


class RhythmOut(Schema):
    every_weeks: int = Field(..., description="A check-in every this many weeks (1–8).")
    weekday: int = Field(..., description="Day of the week, Monday = 0 … Sunday = 6, in `time_zone`.")
    # A wall-clock time without an offset ("18:00:00"): JSON Schema's "time" format would require one.
    time_of_day: Annotated[
        dt.time, WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$"})
    ] = Field(..., description="Wall-clock time in `time_zone`, HH:MM:SS.")
    time_zone: str = Field(..., description="IANA time zone, e.g. Europe/London.")
    starts_on: dt.date
    reminders_on: bool = Field(..., description="Whether the client gets an email (a link only) when due.")
    has_calendar_link: bool = Field(..., description="Whether a private calendar link is in use.")
    upcoming: list[dt.datetime] = Field(..., description="The next due instants, in UTC.")

    @staticmethod
    def resolve_has_calendar_link(rhythm) -> bool:
        return bool(rhythm.calendar_token_hash)

    @staticmethod
    def resolve_upcoming(rhythm) -> list[dt.datetime]:
        return actions.upcoming(rhythm, UPCOMING)


class RhythmIn(Schema):
    every_weeks: int | None = Field(None, description="1–8.")
    weekday: int | None = Field(None, description="Monday = 0 … Sunday = 6.")
    time_of_day: str | None = Field(None, description="HH:MM, in the time zone.")
    time_zone: str | None = Field(None, description="IANA time zone name.")
    reminders_on: bool | None = Field(None, description="Only the client may change this.")


class StepCheckOut(Schema):
    step_id: int
    done: bool


class EntryOut(Schema):
    goal_id: int
    version_id: int = Field(..., description="The agreed version of the goal the answer was given for.")
    recorded_on: dt.date = Field(..., description="The date in the client's time zone.")
    value: float | None = Field(..., description="In the goal's own measure; null for goals without one.")
    progress: int | None = Field(..., description="0–10 towards the goal, the client's own rating.")
    confidence: int | None = Field(..., description="0–10.")
    helped: str
    got_in_the_way: str
    steps: list[StepCheckOut] = Field(..., description="Each action step of the goal, done or not.")

    @staticmethod
    def resolve_steps(entry: GoalEntry) -> list[dict[str, Any]]:
        return [{"step_id": check.step_id, "done": check.done} for check in entry.step_checks.all()]


class CheckInOut(Schema):
    id: int
    submitted_at: dt.datetime
    due_at: dt.datetime | None = Field(..., description="The due check-in this one counts for.")
    note: str
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(checkin: CheckIn) -> list[GoalEntry]:
        return list(checkin.entries.all())


class CelebrationOut(Schema):
    id: int
    kind: str = Field(..., description=", ".join(CelebrationKind.values))
    kind_label: str
    title: str = Field(..., description="What was achieved, in the client's words where there are some.")
    goal_id: int | None
    created_at: dt.datetime = Field(..., description="When the win happened.")
    seen_by_client: bool
    therapist_note: str = Field(..., description="The therapist's note of recognition; empty if none.")
    note_at: dt.datetime | None

    @staticmethod
    def resolve_kind_label(celebration: Celebration) -> str:
        return str(celebration.get_kind_display())

    @staticmethod
    def resolve_seen_by_client(celebration: Celebration) -> bool:
        return celebration.seen_by_client_at is not None


class SubmittedOut(CheckInOut):
    celebrations: list[CelebrationOut] = Field(..., description="Wins this check-in brought (new only).")

    @staticmethod
    def resolve_celebrations(checkin: CheckIn) -> list[Celebration]:
        return getattr(checkin, "new_celebrations", [])


class EntryIn(Schema):
    goal_id: int = Field(..., description="One of the client's agreed, active goals.")
    value: float | None = Field(None, description="In the goal's own measure (required when it has one).")
    progress: int | None = Field(None, description="0–10 towards the goal (required without a measure).")
    confidence: int | None = Field(None, description="0–10.")
    helped: str = ""
    got_in_the_way: str = ""
    steps_done: list[int] = Field([], description="Ids of the goal's action steps done.")
    milestones_reached: list[int] = Field([], description="Ids of the goal's milestones reached now.")


class CheckInIn(Schema):
    idempotency_key: str = Field(
        ..., description="A UUID the caller makes once per check-in; sending it again returns that check-in."
    )
    entries: list[EntryIn] = Field(..., description="One per agreed, active goal of the client.")
    note: str = ""
    agenda: str = Field("", description="Something to talk about next session; added to the agenda.")
    in_session: bool = Field(
        False,
        description="Therapist only: a check-in done together in session — the client's own answers, "
        "recorded by you, and marked as such. A client's own check-in leaves it false.",
    )


class NoteIn(Schema):
    note: str
