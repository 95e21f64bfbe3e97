"""Check-in pages: the client's two-minute check-in with its draft, the thank-you with any new wins, the
timeline of wins, the rhythm and its private calendar feed, and the therapist's wins and rhythm pages.

Each view calls an access helper first, parses input with a form, calls one action and renders.
"""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.access import (
    client_required,
    get_client_for,
    get_own_client,
    nothing_to_show,
    therapist_required,
)
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.assessments.sections import due_measures
from accord.checkins import actions, ical
from accord.checkins.access import get_celebration_of, get_checkin_of
from accord.checkins.actions import CheckInData, CheckInError
from accord.checkins.forms import (
    CheckInForm,
    RecognitionForm,
    RhythmForm,
    draft_data,
    initial_from_draft,
)

CHECKIN_PAGE = "checkins/checkin.html"
RHYTHM_PAGE = "checkins/rhythm.html"
WINS_PER_PAGE = 30
CALENDAR_EVENTS = 12


def _render(request: AuthedHttpRequest, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- the check-in ---------------------------------------------------------------------------------------


def _checkin_form(client: Client, **kwargs) -> CheckInForm:
    return CheckInForm(goals=list(actions.checkin_goals(client)), **kwargs)


def _checkin_page(
    request: AuthedHttpRequest,
    client: Client,
    form: CheckInForm,
    *,
    status: int = 200,
    restored: bool = False,
):
    context = {
        "client": client,
        "form": form,
        "restored": restored,
        "due_measures": due_measures(client),
        "last_checkin": client.checkins.only("client_id", "submitted_at").first(),
    }
    return _render(request, CHECKIN_PAGE, context, status=status)


class _NotValid(Exception):
    """The check-in form has errors; it shows them."""


@require_http_methods(["GET", "POST"])
@client_required
def checkin(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    if request.method == "GET":
        draft = actions.draft_of(client)
        form = _checkin_form(client, initial=initial_from_draft(draft))
        return _checkin_page(request, client, form, restored=any(key != "idempotency_key" for key in draft))
    form = _checkin_form(client, data=request.POST)

    def parsed() -> CheckInData:
        if not form.is_valid():
            raise _NotValid
        return form.checkin_data()

    try:
        # The same form sent again is already saved: the action answers with that check-in.
        submitted = actions.submit_checkin(
            client, actor_of(request), parsed, request.POST.get("idempotency_key")
        )
    except _NotValid:
        # Keep what was typed as the draft as well, so leaving the page now loses nothing either.
        actions.save_draft(client, actor_of(request), draft_data(form, request.POST))
        return _checkin_page(request, client, form, status=400)
    except CheckInError as error:
        form.add_error(None, error.message)
        return _checkin_page(request, client, form, status=400)
    return redirect("checkin_done", checkin_id=submitted.checkin.pk)


IN_SESSION_PAGE = "checkins/therapist/checkin_in_session.html"


def _in_session_page(
    request: AuthedHttpRequest,
    client: Client,
    form: CheckInForm,
    *,
    status: int = 200,
    in_room_error: str = "",
) -> HttpResponse:
    context = {"client": client, "form": form, "in_room_error": in_room_error}
    return _render(request, IN_SESSION_PAGE, context, status=status)


@require_http_methods(["GET", "POST"])
@therapist_required
def checkin_in_session(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    """A check-in done together in session: the therapist records the client's own answers, with the tick
    that says the client gave them in the room. It is kept (and shown) as recorded in session."""
    client = get_client_for(request, client_id, write=request.method == "POST")
    if request.method == "GET":
        return _in_session_page(request, client, _checkin_form(client))
    form = _checkin_form(client, data=request.POST)
    if request.POST.get("in_room") != "1":
        form.is_valid()
        message = _("Tick the box to confirm %(name)s gave these answers in the room with you.") % {
            "name": client.display_name
        }
        return _in_session_page(request, client, form, status=400, in_room_error=message)

    def parsed() -> CheckInData:
        if not form.is_valid():
            raise _NotValid
        return form.checkin_data()

    try:
        actions.submit_checkin(
            client, actor_of(request), parsed, request.POST.get("idempotency_key"), in_session=True
        )
    except _NotValid:
        return _in_session_page(request, client, form, status=400)
    except CheckInError as error:
        form.add_error(None, error.message)
        return _in_session_page(request, client, form, status=400)
    messages.success(
        request,
        _("%(name)s's check-in is saved, as done together in session.") % {"name": client.display_name},
    )
    return redirect("client_review", client_id=client.pk)


@require_POST
@client_required
def checkin_draft(request: AuthedHttpRequest) -> HttpResponse:
    """Autosave (htmx, as the client types) and the "Save for later" button (without JavaScript)."""
    client = get_own_client(request)
    kept = draft_data(_checkin_form(client), request.POST)
    draft = actions.save_draft(client, actor_of(request), kept)
    if request.htmx:
        context = {"saved_at": draft.updated_at if draft else None, "client": client}
        return _render(request, f"{CHECKIN_PAGE}#draft-status", context)
    if draft is not None:
        messages.success(request, _("Saved. Your check-in will be waiting for you, just as you left it."))
    return redirect("client_home")


@require_GET
@client_required
def checkin_done(request: AuthedHttpRequest, checkin_id: int) -> HttpResponse:
    """Thank you, with the wins this check-in brought (and any others not seen yet)."""
    client = get_own_client(request)
    done = get_checkin_of(request, client, checkin_id)
    wins = list(
        client.celebrations.filter(
            Q(seen_by_client_at__isnull=True) | Q(created_at__gte=done.submitted_at)
        ).order_by("created_at", "pk")
    )
    actions.mark_seen_by_client([win.pk for win in wins])
    context = {"client": client, "checkin": done, "wins": wins, "goal_count": done.entries.count()}
    return _render(request, "checkins/done.html", context)


# --- wins -----------------------------------------------------------------------------------------------


def _wins_page(request: AuthedHttpRequest, client: Client):
    wins = client.celebrations.select_related("note_by").order_by("-created_at", "-pk")
    return Paginator(wins, WINS_PER_PAGE).get_page(request.GET.get("page"))


@require_GET
@client_required
def my_wins(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    page = _wins_page(request, client)
    actions.mark_seen_by_client([win.pk for win in page if win.seen_by_client_at is None])
    return _render(request, "checkins/wins.html", {"client": client, "page": page})


@require_GET
@therapist_required
def client_wins(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    page = _wins_page(request, client)
    context = {"client": client, "page": page, "new_ids": {w.pk for w in page if not w.seen_by_therapist_at}}
    actions.mark_seen_by_therapist(client, actor_of(request))
    return _render(request, "checkins/therapist/wins.html", context)


@require_POST
@therapist_required
def add_recognition(request: AuthedHttpRequest, client_id: int, celebration_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    celebration = get_celebration_of(request, client, celebration_id)
    form = RecognitionForm(request.POST)
    if form.is_valid():
        try:
            actions.add_recognition(celebration, actor_of(request), note=form.cleaned_data["note"])
        except CheckInError as error:
            form.add_error("note", error.message)
    if not form.is_valid():
        page = _wins_page(request, client)
        context = {"client": client, "page": page, "new_ids": set(), "note_form": form, "noted": celebration}
        return _render(request, "checkins/therapist/wins.html", context, status=400)
    messages.success(request, _("Your note is saved. %(name)s will see it with this win.") % {"name": client})
    return redirect(reverse("client_wins", args=[client.pk]) + f"#win-{celebration.pk}")


# --- the rhythm and the calendar ------------------------------------------------------------------------


def _rhythm_page(request, client, form, *, for_therapist: bool, calendar_link: str = "", status: int = 200):
    rhythm = actions.rhythm_for(client)
    context = {
        "client": client,
        "rhythm": rhythm,
        "form": form,
        "for_therapist": for_therapist,
        "upcoming": actions.upcoming(rhythm, 4),
        "zone": zoneinfo.ZoneInfo(rhythm.time_zone),
        "calendar_link": calendar_link,
    }
    return _render(request, RHYTHM_PAGE, context, status=status)


def _save_rhythm(request: AuthedHttpRequest, client: Client, *, for_therapist: bool):
    rhythm = actions.rhythm_for(client)
    form = RhythmForm(request.POST or None, instance=rhythm, for_therapist=for_therapist)
    if request.method == "POST":
        if form.is_valid():
            actions.set_rhythm(client, actor_of(request), form.cleaned_data)
            messages.success(request, _("Check-in times saved."))
            return None
        return _rhythm_page(request, client, form, for_therapist=for_therapist, status=400)
    return _rhythm_page(request, client, form, for_therapist=for_therapist)


@require_http_methods(["GET", "POST"])
@client_required
def my_rhythm(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    return _save_rhythm(request, client, for_therapist=False) or redirect("my_rhythm")


@require_http_methods(["GET", "POST"])
@therapist_required
def client_rhythm(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=request.method == "POST")
    return _save_rhythm(request, client, for_therapist=True) or redirect("client_rhythm", client_id=client.pk)


@require_POST
@client_required
def create_calendar_link(request: AuthedHttpRequest) -> HttpResponse:
    """The secret link is written into this response only: never into a message, the session or a log."""
    client = get_own_client(request)
    raw = actions.create_calendar_link(client, actor_of(request))
    link = request.build_absolute_uri(reverse("calendar_feed", args=[raw]))
    form = RhythmForm(instance=actions.rhythm_for(client))
    return _rhythm_page(request, client, form, for_therapist=False, calendar_link=link)


@require_POST
@client_required
def revoke_calendar_link(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    if actions.revoke_calendar_link(client, actor_of(request)):
        messages.success(
            request, _("The calendar link no longer works. Remove it from your calendar app too.")
        )
    return redirect("my_rhythm")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed. The secret in the address is the only credential; an unknown or revoked one is
    not found. Polling by calendar apps is not written to the audit trail: the feed holds times only."""
    rhythm = actions.rhythm_for_calendar_token(token)
    if rhythm is None:
        raise nothing_to_show()
    body = ical.calendar(
        actions.upcoming(rhythm, CALENDAR_EVENTS),
        uid_prefix=f"accord-checkin-{rhythm.pk}",
        summary=_("Accord check-in"),
        calendar_name=_("Accord check-ins"),
        url=request.build_absolute_uri(reverse("checkin")),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="accord-checkins.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
