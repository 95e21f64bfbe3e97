"""The sessions API: a client's sessions, planning one, marking it held, cancelled or missed, and the
brief's time split. Therapists on the client's care team only (``get_client_for_therapist``); clients and
everyone else get 404. Input runs through the same forms as the pages, changes through the same actions."""

# No `from __future__ import annotations` here: ninja reads paginated operations' annotations at run time.
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from accord.accounts.access import get_client_for_therapist
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.api.errors import ErrorOut, form_errors, invalid
from accord.api.pagination import Pagination
from accord.appointments import actions
from accord.appointments.access import get_session_of
from accord.appointments.forms import SessionForm, SessionStateForm, TimeSplitForm
from accord.appointments.models import Session
from accord.appointments.schemas import SessionIn, SessionOut, SessionStateIn, TimeSplitIn

router = Router(tags=["sessions"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/clients/{client_id}/sessions", response={200: list[SessionOut], **READ}, summary="A client's sessions"
)
@paginate(Pagination)
def list_appointments(request: AuthedHttpRequest, client_id: int):
    """Newest first: planned, held, cancelled and missed."""
    client = get_client_for_therapist(request, client_id)
    return Session.objects.filter(client=client).order_by("-starts_at", "-pk")


@router.post("/clients/{client_id}/sessions", response={201: SessionOut, **READ}, summary="Plan a session")
def plan_appointment(request: AuthedHttpRequest, client_id: int, payload: SessionIn):
    client = get_client_for_therapist(request, client_id, write=True)
    data = {
        "starts_at": payload.starts_at,
        "minutes": payload.minutes or client.practice.default_session_minutes,
    }
    form = SessionForm(data, zone=request.user.time_zone)
    if not form.is_valid():
        return form_errors(form)
    if form.cleaned_data["starts_at"] is None:
        return invalid({"starts_at": [_("Give a date and time, e.g. 2026-03-05 14:00.")]})
    try:
        session = actions.plan_session(client, actor_of(request), **form.cleaned_data)
    except actions.SessionError as error:
        return invalid({error.field or "starts_at": [error.message]})
    return Status(201, session)


@router.post(
    "/clients/{client_id}/sessions/{session_id}/state",
    response={200: SessionOut, **READ},
    summary="Mark a session held, cancelled or missed",
)
def set_appointment_state(
    request: AuthedHttpRequest, client_id: int, session_id: int, payload: SessionStateIn
):
    client = get_client_for_therapist(request, client_id, write=True)
    session = get_session_of(request, client, session_id)
    form = SessionStateForm({"state": payload.state})
    if not form.is_valid():
        return form_errors(form)
    try:
        return actions.set_state(session, actor_of(request), form.cleaned_data["state"])
    except actions.SessionError as error:
        return invalid({error.field or "state": [error.message]})


@router.post(
    "/clients/{client_id}/sessions/{session_id}/split",
    response={200: SessionOut, **READ},
    summary="Adjust the session's time split",
)
def split_appointment(request: AuthedHttpRequest, client_id: int, session_id: int, payload: TimeSplitIn):
    client = get_client_for_therapist(request, client_id, write=True)
    session = get_session_of(request, client, session_id)
    form = TimeSplitForm(payload.dict())
    if not form.is_valid():
        return form_errors(form)
    try:
        return actions.set_time_split(session, actor_of(request), form.cleaned_data)
    except actions.SessionError as error:
        return invalid({error.field or "agenda": [error.message]})
