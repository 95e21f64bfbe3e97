"""The check-ins API: the client's rhythm, their check-ins and their wins (celebrations).

Every operation starts with ``get_client_for``: the client themself and their care team get in, anyone else
gets 404. Input runs through the same Django forms as the pages, so a value the page refuses is refused here
with the same message; changes go through ``accord.checkins.actions``, the same functions the pages use.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from ninja import Field, Router, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from accord.accounts.access import get_client_for
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.api.base import Schema
from accord.api.errors import ErrorOut, error_body
from accord.api.pagination import Pagination
from accord.checkins import actions
from accord.checkins.access import get_celebration_of
from accord.checkins.actions import CheckInData, CheckInError
from accord.checkins.forms import CheckInForm, RecognitionForm, RhythmForm
from accord.checkins.models import Celebration, CelebrationKind, CheckIn, GoalEntry

router = Router(tags=["check-ins"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 400: ErrorOut}
INVALID = "Some values are not valid."
UPCOMING = 4
# The form's names for a goal's lists → the names the caller sent.
API_NAMES = {"steps": "steps_done", "milestones": "milestones_reached"}


# --- shapes ---------------------------------------------------------------------------------------------


# A wall-clock time without an offset ("18:00:00"): JSON Schema's "time" format would require one.
WallClock = Annotated[dt.time, WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$"})]


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


class NoteIn(Schema):
    note: str


# --- helpers --------------------------------------------------------------------------------------------


class _NotValid(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("not valid")
        self.errors = errors


def _invalid(errors: dict[str, list[str]]) -> Status:
    return Status(422, error_body(INVALID, errors))


def _api_field(name: str) -> str:
    """``g12-value`` (the form's name) → ``goals.12.value`` (what the caller sent)."""
    if name.startswith("g") and "-" in name:
        goal_id, field = name[1:].split("-", 1)
        return f"goals.{goal_id}.{API_NAMES.get(field, field)}"
    return name


def _checkins(client: Client) -> QuerySet[CheckIn]:
    entries = GoalEntry.objects.prefetch_related("step_checks").order_by("goal_id", "pk")
    return CheckIn.objects.filter(client=client).prefetch_related(Prefetch("entries", queryset=entries))


def _form_data(payload: CheckInIn) -> MultiValueDict:
    data = MultiValueDict(
        {"idempotency_key": [payload.idempotency_key], "note": [payload.note], "agenda": [payload.agenda]}
    )
    for entry in payload.entries:
        prefix = f"g{entry.goal_id}"
        for name in ("value", "progress", "confidence"):
            value = getattr(entry, name)
            data[f"{prefix}-{name}"] = "" if value is None else str(value)
        data[f"{prefix}-helped"] = entry.helped
        data[f"{prefix}-got_in_the_way"] = entry.got_in_the_way
        data.setlist(f"{prefix}-steps", [str(pk) for pk in entry.steps_done])
        data.setlist(f"{prefix}-milestones", [str(pk) for pk in entry.milestones_reached])
    return data


# --- the rhythm -----------------------------------------------------------------------------------------


@router.get("/clients/{client_id}/rhythm", response={200: RhythmOut, **READ}, summary="A client's rhythm")
def get_rhythm(request: AuthedHttpRequest, client_id: int):
    """Made from the practice's defaults the first time it is asked for."""
    client = get_client_for(request, client_id)
    return actions.rhythm_for(client)


@router.patch("/clients/{client_id}/rhythm", response={200: RhythmOut, **WRITE}, summary="Change the rhythm")
def change_rhythm(request: AuthedHttpRequest, client_id: int, payload: RhythmIn):
    """Only the fields sent change. Changing the day or interval restarts the rhythm from today."""
    client = get_client_for(request, client_id, write=True)
    rhythm = actions.rhythm_for(client)
    for_therapist = client.user_id != request.user.pk
    changes = payload.model_dump(exclude_none=True)
    if for_therapist and "reminders_on" in changes:
        return Status(403, error_body("Only the client turns their reminders on or off."))
    current = {name: getattr(rhythm, name) for name in actions.RHYTHM_FIELDS}
    data = {**current, "time_of_day": rhythm.time_of_day.strftime("%H:%M"), **changes}
    form = RhythmForm(data, instance=rhythm, for_therapist=for_therapist)
    if not form.is_valid():
        return _invalid({name: [str(m) for m in messages] for name, messages in form.errors.items()})
    return actions.set_rhythm(client, actor_of(request), form.cleaned_data)


# --- check-ins ------------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/checkins", response={200: list[CheckInOut], **READ}, summary="A client's check-ins"
)
@paginate(Pagination)
def list_checkins(request: AuthedHttpRequest, client_id: int):
    """Newest first, each with its answer for every goal."""
    client = get_client_for(request, client_id)
    return _checkins(client).order_by("-submitted_at", "-pk")


@router.get(
    "/clients/{client_id}/checkins/{checkin_id}", response={200: CheckInOut, **READ}, summary="One check-in"
)
def get_checkin(request: AuthedHttpRequest, client_id: int, checkin_id: int):
    client = get_client_for(request, client_id)
    checkin = _checkins(client).filter(pk=checkin_id).first()
    if checkin is None:
        raise Http404
    return checkin


@router.post(
    "/clients/{client_id}/checkins",
    response={200: SubmittedOut, 201: SubmittedOut, **WRITE},
    summary="Check in (the client)",
)
def submit_checkin(request: AuthedHttpRequest, client_id: int, payload: CheckInIn):
    """Answers 201 with the new check-in, or 200 with the one an earlier call with the same
    `idempotency_key` made. Entries for goals that are not this client's are not found (404); the same
    rules as the page apply to the values (422 naming `goals.<id>.<field>`)."""
    client = get_client_for(request, client_id, write=True)

    def parsed() -> CheckInData:
        form = CheckInForm(_form_data(payload), goals=list(actions.checkin_goals(client)))
        sent = {entry.goal_id for entry in payload.entries}
        if client.goals.filter(pk__in=sent).count() < len(sent):
            raise Http404  # someone else's goal, or none at all: the same answer either way
        if sent - {goal.pk for goal in form.goals}:
            raise _NotValid({"entries": ["Check in only on goals you have agreed and that are active."]})
        if not form.is_valid():
            raise _NotValid(
                {_api_field(name): [str(m) for m in errors] for name, errors in form.errors.items()}
            )
        return form.checkin_data()

    try:
        # The same key again answers 200 with the check-in it made: the action replays it.
        submitted = actions.submit_checkin(client, actor_of(request), parsed, payload.idempotency_key)
    except _NotValid as invalid:
        return _invalid(invalid.errors)
    except CheckInError as error:
        if error.forbidden:
            return Status(403, error_body(error.message))
        return Status(400, error_body(error.message, {error.field: [error.message]} if error.field else None))
    checkin = _checkins(client).get(pk=submitted.checkin.pk)
    checkin.new_celebrations = submitted.celebrations
    return Status(201 if submitted.created else 200, checkin)


# --- wins -----------------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/celebrations",
    response={200: list[CelebrationOut], **READ},
    summary="A client's wins",
)
@paginate(Pagination)
def list_celebrations(request: AuthedHttpRequest, client_id: int):
    """Newest first. Reading them here does not mark them seen."""
    client = get_client_for(request, client_id)
    return client.celebrations.order_by("-created_at", "-pk")


@router.put(
    "/clients/{client_id}/celebrations/{celebration_id}/note",
    response={200: CelebrationOut, **WRITE},
    summary="A note of recognition (the therapist)",
)
def note_celebration(request: AuthedHttpRequest, client_id: int, celebration_id: int, payload: NoteIn):
    """The therapist's personal note on a win; it replaces an earlier note. The client sees it."""
    client = get_client_for(request, client_id, write=True)
    celebration = get_celebration_of(request, client, celebration_id)
    if not request.user.is_therapist:
        return Status(403, error_body("Notes of recognition come from the therapist."))
    form = RecognitionForm({"note": payload.note})
    if not form.is_valid():
        return _invalid({name: [str(m) for m in messages] for name, messages in form.errors.items()})
    return actions.add_recognition(celebration, actor_of(request), note=form.cleaned_data["note"])
