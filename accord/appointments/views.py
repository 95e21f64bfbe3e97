"""The session buttons on the client page, the review and the brief (POST only), and the digest opt-in.
Each answers with a redirect back to the page it came from (one of a fixed few, never a typed address)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.accounts.access import get_client_for_therapist, nothing_to_show, therapist_required
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.appointments import actions
from accord.appointments.access import get_session_of
from accord.appointments.forms import SessionForm, SessionStateForm, TimeSplitForm
from accord.appointments.models import Session, SessionState
from accord.checkins import ical

BACK = {"client": "client_page", "review": "client_review", "brief": "client_brief"}


def _back(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    target = BACK.get(request.POST.get("back", ""), "client_page")
    return redirect(target, client_id=client_id)


def _say_errors(request: AuthedHttpRequest, form) -> None:
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)


@require_POST
@therapist_required
def add_appointment(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_therapist(request, client_id, write=True)
    form = SessionForm(request.POST, zone=request.user.time_zone)
    if not form.is_valid():
        _say_errors(request, form)
        return _back(request, client.pk)
    starts_at, minutes = form.cleaned_data["starts_at"], form.cleaned_data["minutes"]
    if starts_at is None:  # the one-tap button: a week after the latest session, same time and length
        starts_at, suggested_minutes = actions.suggest_next(client, request.user)
        minutes = minutes or suggested_minutes
    try:
        actions.plan_session(client, actor_of(request), starts_at=starts_at, minutes=minutes)
    except actions.SessionError as error:
        messages.error(request, error.message)
        return _back(request, client.pk)
    messages.success(request, _("The next session is planned."))
    return _back(request, client.pk)


@require_POST
@therapist_required
def appointment_state(request: AuthedHttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = get_client_for_therapist(request, client_id, write=True)
    session = get_session_of(request, client, session_id)
    form = SessionStateForm(request.POST)
    if not form.is_valid():
        _say_errors(request, form)
        return _back(request, client.pk)
    try:
        actions.set_state(session, actor_of(request), form.cleaned_data["state"])
    except actions.SessionError as error:
        messages.error(request, error.message)
        return _back(request, client.pk)
    messages.success(request, _("The session is marked %(state)s.") % {"state": session.get_state_display()})
    return _back(request, client.pk)


@require_POST
@therapist_required
def appointment_split(request: AuthedHttpRequest, client_id: int, session_id: int) -> HttpResponse:
    client = get_client_for_therapist(request, client_id, write=True)
    session = get_session_of(request, client, session_id)
    form = TimeSplitForm(request.POST)
    if not form.is_valid():
        _say_errors(request, form)
        return redirect("client_brief", client_id=client.pk)
    try:
        actions.set_time_split(session, actor_of(request), form.cleaned_data)
    except actions.SessionError as error:
        messages.error(request, error.message)
        return redirect("client_brief", client_id=client.pk)
    messages.success(request, _("Your time split is saved."))
    return redirect("client_brief", client_id=client.pk)


@require_POST
@therapist_required
def digest_settings(request: AuthedHttpRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    actions.set_digest(actor_of(request), enabled=enabled)
    messages.success(
        request,
        _("The daily digest is on: one short email each morning, with a link and no client details.")
        if enabled
        else _("The daily digest is off."),
    )
    return redirect("therapist_home")


# --- the private sessions calendar ------------------------------------------------------------------------

CALENDAR_PAST = dt.timedelta(days=30)
CALENDAR_AHEAD = dt.timedelta(days=180)
CALENDAR_EVENTS = 300


@require_POST
@therapist_required
def sessions_calendar_create(request: AuthedHttpRequest) -> HttpResponse:
    """The secret link is written into this response only: never into a message, the session or a log."""
    raw = actions.create_calendar_link(actor_of(request))
    link = request.build_absolute_uri(reverse("sessions_calendar_feed", args=[raw]))
    return render(request, "appointments/calendar_link.html", {"calendar_link": link})


@require_POST
@therapist_required
def sessions_calendar_revoke(request: AuthedHttpRequest) -> HttpResponse:
    if actions.revoke_calendar_link(actor_of(request)):
        messages.success(
            request, _("The sessions calendar link no longer works. Remove it from your calendar app too.")
        )
    return redirect("therapist_home")


@require_GET
def sessions_calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The therapist's private feed of their clients' planned and held sessions. The secret in the address is
    the only credential; an unknown or revoked one, or a therapist who has left, is not found. Each event says
    "Session" and links to the brief: no name, nothing clinical. Not audited per poll: times only."""
    therapist = actions.therapist_for_calendar_token(token)
    if therapist is None:
        raise nothing_to_show()
    now = timezone.now()
    sessions = (
        Session.objects.filter(
            client__in=Client.objects.visible_to(therapist),
            state__in=[SessionState.PLANNED, SessionState.HELD],
            starts_at__gte=now - CALENDAR_PAST,
            starts_at__lte=now + CALENDAR_AHEAD,
        )
        .only("pk", "client_id", "starts_at", "minutes")
        .order_by("starts_at", "pk")[:CALENDAR_EVENTS]
    )
    events = [
        ical.FeedEvent(
            uid=f"accord-session-{session.pk}@accord",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=_("Session"),
            url=request.build_absolute_uri(reverse("client_brief", args=[session.client_id])),
            busy=True,
        )
        for session in sessions
    ]
    body = ical.feed(events, product="Sessions", calendar_name=_("Accord sessions"), now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="accord-sessions.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
