"""The check-ins API: the client's rhythm, their check-ins and their wins (celebrations).

Every operation starts with ``get_client_for``: the client themself and their care team get in, anyone else
gets 404. Input runs through the same Django forms as the pages, so a value the page refuses is refused here
with the same message; changes go through ``accord.checkins.actions``, the same functions the pages use.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from accord.accounts.access import get_client_for, get_under_client
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.api.errors import ErrorOut, error_body, form_errors, invalid
from accord.api.pagination import Pagination
from accord.checkins import actions
from accord.checkins.access import get_celebration_of
from accord.checkins.actions import CheckInData, CheckInError
from accord.checkins.forms import CheckInForm, RecognitionForm, RhythmForm
from accord.checkins.models import CheckIn, GoalEntry
from accord.checkins.schemas import (
    CelebrationOut,
    CheckInIn,
    CheckInOut,
    NoteIn,
    RhythmIn,
    RhythmOut,
    SubmittedOut,
)
from accord.goals.access import check_goals_of

router = Router(tags=["check-ins"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 400: ErrorOut}
# The form's names for a goal's lists → the names the caller sent.
API_NAMES = {"steps": "steps_done", "milestones": "milestones_reached"}


# --- helpers --------------------------------------------------------------------------------------------


class _NotValid(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("not valid")
        self.errors = errors


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
        return Status(403, error_body(_("Only the client turns their reminders on or off.")))
    current = {name: getattr(rhythm, name) for name in actions.RHYTHM_FIELDS}
    data = {**current, "time_of_day": rhythm.time_of_day.strftime("%H:%M"), **changes}
    form = RhythmForm(data, instance=rhythm, for_therapist=for_therapist)
    if not form.is_valid():
        return form_errors(form)
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
    checkin = get_under_client(request, _checkins(client), checkin_id, client=client, what="check-in")
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
        check_goals_of(request, client, sent)  # someone else's goal, or none at all: the same answer
        if sent - {goal.pk for goal in form.goals}:
            raise _NotValid({"entries": [_("Check in only on goals you have agreed and that are active.")]})
        if not form.is_valid():
            raise _NotValid(
                {_api_field(name): [str(m) for m in errors] for name, errors in form.errors.items()}
            )
        return form.checkin_data()

    try:
        # The same key again answers 200 with the check-in it made: the action replays it.
        submitted = actions.submit_checkin(
            client, actor_of(request), parsed, payload.idempotency_key, in_session=payload.in_session
        )
    except _NotValid as refused:
        return invalid(refused.errors)
    except CheckInError as error:
        if error.forbidden:
            return Status(403, error_body(error.message))
        return Status(400, error_body(error.message, {error.field: [error.message]} if error.field else None))
    checkin = _checkins(client).get(pk=submitted.checkin.pk)
    checkin.new_celebrations = submitted.celebrations  # type: ignore[attr-defined]  # for CheckInOut
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
        return Status(403, error_body(_("Notes of recognition come from the therapist.")))
    form = RecognitionForm({"note": payload.note})
    if not form.is_valid():
        return form_errors(form)
    return actions.add_recognition(celebration, actor_of(request), note=form.cleaned_data["note"])
