"""The composed pages: each shows several domains at once, one section per domain app (its ``sections.py``).

The front door and each person's home (therapist, client, practice admin), the therapist's client page, and
adding or inviting a client (whose refused form re-renders the client page). Nothing imports this module.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord import dataversion, pagecache
from accord.accounts import actions
from accord.accounts.access import (
    admin_required,
    client_required,
    get_client_for,
    get_client_for_therapist,
    get_own_client,
    own_practice,
    role_required,
    therapist_required,
)
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.forms import AddClientForm, InviteClientForm
from accord.accounts.models import CareTeamMember, Client, Invitation, Role, User
from accord.accounts.paging import page_query, paged
from accord.accounts.sections import render_maybe_partial
from accord.appointments import caseload
from accord.appointments.models import DigestSubscription
from accord.assessments.sections import CLIENT_PAGE_RELATED as assessments_related
from accord.assessments.sections import client_home_context, client_page_context, therapist_home_context
from accord.assessments.sections import client_page_facts as assessments_facts
from accord.audit.models import AuditEvent
from accord.audit.recording import record_list_read
from accord.checkins.sections import CLIENT_PAGE_RELATED as checkins_related
from accord.checkins.sections import (
    client_next_steps_context,
    therapist_checkins_context,
    therapist_wins_context,
)
from accord.checkins.sections import client_page_facts as checkins_facts
from accord.dialogue.sections import client_page_facts as dialogue_facts
from accord.dialogue.sections import dialogue_section, new_messages_for
from accord.goals.sections import goals_for_home, therapist_goals_context
from accord.health import health_response
from accord.home import caseload_rows
from accord.home.brief import build_brief
from accord.home.client_home import client_home as build_client_home
from accord.progress.sections import goals_for_client_page, therapist_progress_context
from accord.progress.status import with_latest_ratings

HOME_TEMPLATE = "accord/therapist/home.html"


@require_GET
@therapist_required
def therapist_home(request: AuthedHttpRequest) -> HttpResponse:
    """The caseload, ranked by need with the reasons written out (docs/caseload.md). The ranking reads the
    stored per-client summaries: a fixed number of queries for 5 or 500 clients."""
    query = request.GET.get("q", "").strip()[:100]
    show = request.GET.get("show", caseload.ALL)
    if show not in caseload.FILTERS:
        show = caseload.ALL
    version = pagecache.versions_key(caseload.versions_of(request.user))
    response = pagecache.page(request, "caseload", version, lambda: _caseload(request, query, show))
    record_list_read(request, response.client_ids_shown, kind="client list")  # type: ignore[attr-defined]
    return response


def _caseload(request: AuthedHttpRequest, query: str, show: str) -> HttpResponse:
    rows = caseload.caseload(request.user, query=query, show=show)
    page = paged(request, rows)
    digest = DigestSubscription.objects.filter(user=request.user, enabled=True).exists()
    context = {
        "rows": page,
        "rows_html": caseload_rows.rows_html(page),
        "page": page,
        "page_query": page_query(request),
        "query": query,
        "show": show,
        "filters": list(caseload.FILTERS.items()),
        "digest_on": digest,
        **therapist_home_context(request.user),
    }
    response = render_maybe_partial(request, HOME_TEMPLATE, "client-results", context)
    response.client_ids_shown = [row.client.pk for row in page]  # type: ignore[attr-defined]  # audited
    return response


@require_GET
@therapist_required
def client_brief(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    """The pre-session brief: one screen (and one printed A4 page) to prepare the next session."""
    client = get_client_for_therapist(request, client_id)

    def build() -> HttpResponse:
        context = {"client": client, "brief": build_brief(client, request.user)}
        return render(request, "accord/therapist/brief.html", context)

    return pagecache.page(request, "brief", dataversion.token_of(client), build)


@require_http_methods(["GET", "POST"])
@role_required(Role.THERAPIST, Role.ADMIN)
def add_client(request: AuthedHttpRequest) -> HttpResponse:
    """A therapist adds a client to their own caseload; a practice admin adds one for a chosen therapist."""
    by_admin = request.user.role == Role.ADMIN
    form = AddClientForm(request.POST or None, practice=request.user.practice, choose_therapist=by_admin)
    if request.method == "POST" and form.is_valid():
        name, email = form.cleaned_data["display_name"], form.cleaned_data["email"]
        therapist = form.cleaned_data.get("therapist")
        if email:
            client = actions.invite_client(
                actor_of(request),
                display_name=name,
                email=email,
                therapist=therapist,
                language=form.cleaned_data.get("language", ""),
            )
            messages.success(request, _("%(name)s is added. The invitation is on its way.") % {"name": name})
        else:
            client = actions.create_client_without_email(
                actor_of(request), display_name=name, therapist=therapist
            )
            messages.success(request, _("%(name)s is added for in-session use.") % {"name": name})
        if by_admin:
            return redirect("practice_care_team", client_id=client.pk)
        return redirect("client_page", client_id=client.pk)
    back = "practice_clients" if by_admin else "therapist_home"
    return render(request, "accord/therapist/add_client.html", {"form": form, "back": back})


def client_page_facts(client: Client) -> Client:
    """One query for the small facts several sections of the client page need (rhythm, intake, last
    check-in, counts): each section says what it needs (``client_page_facts``, ``CLIENT_PAGE_RELATED``)."""
    return (
        Client.objects.select_related("practice", *checkins_related, *assessments_related)
        .annotate(**checkins_facts(), **assessments_facts(), **dialogue_facts())
        .get(pk=client.pk)
    )


def _client_page(request: AuthedHttpRequest, client: Client, invite_form: InviteClientForm | None = None):
    care_team = list(CareTeamMember.objects.filter(client=client).select_related("therapist"))
    # Only a client who does not sign in shows their invitation's state.
    latest_invitation = (
        None if client.user_id else Invitation.objects.filter(client=client).order_by("-created_at").first()
    )
    goals = goals_for_client_page(client)  # once, for the check-ins, goals and progress sections
    facts = client_page_facts(client)
    client.ideas_waiting = facts.ideas_waiting  # type: ignore[attr-defined]  # for the dialogue section
    client.practice = facts.practice  # the sessions card's default length, without another query
    context = {
        "client": client,
        "care_team": care_team,
        "latest_invitation": latest_invitation,
        "invite_form": invite_form
        or InviteClientForm(practice=client.practice),  # the care team's own practice
        **client_page_context(client, facts),
        **therapist_wins_context(request, client),
        **therapist_checkins_context(client, goals, facts),
        **dialogue_section(request, client),
        **therapist_goals_context(client, request.user, care_team, goals),
        **therapist_progress_context(client, goals),
    }
    return render(request, "accord/therapist/client_page.html", context)


@require_GET
@therapist_required
def client_page(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    return pagecache.page(
        request, "client page", dataversion.token_of(client), lambda: _client_page(request, client)
    )


@require_POST
@therapist_required
def invite_existing_client(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    form = InviteClientForm(request.POST, practice=request.user.practice)
    if not form.is_valid() and not client.has_account:
        return _client_page(request, client, invite_form=form)
    try:  # refused, as information, when the client signs in already
        actions.invite_existing_client(
            client,
            actor_of(request),
            email=form.cleaned_data.get("email", ""),
            language=form.cleaned_data.get("language", ""),
        )
    except actions.AccountActionError as refused:
        messages.info(request, refused.message)
        return redirect("client_page", client_id=client.pk)
    messages.success(request, _("An invitation is on its way to %(name)s.") % {"name": client.display_name})
    return redirect("client_page", client_id=client.pk)


@require_GET
@client_required
def client_home(request: AuthedHttpRequest) -> HttpResponse:
    """What needs the client now, then their goals, each with its status in one plain line
    (``accord.home.client_home``); the rest is one link away."""
    client = get_own_client(request)
    return pagecache.page(
        request, "client home", dataversion.token_of(client), lambda: _client_home(request, client)
    )


def _client_home(request: AuthedHttpRequest, client: Client) -> HttpResponse:
    goals = list(with_latest_ratings(goals_for_home(client)))
    checkins = client_next_steps_context(client, goals)
    assessment = client_home_context(client)["assessment"]
    home = build_client_home(
        client, goals, checkins=checkins, assessment=assessment, unread=new_messages_for(client, request.user)
    )
    context = {"client": client, "practice": client.practice, "home": home, "checkins_home": checkins}
    return render(request, "accord/client/home.html", context)


@require_GET
@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    role_homes: dict[str, str] = {
        Role.ADMIN: "practice_home",
        Role.THERAPIST: "therapist_home",
        Role.CLIENT: "client_home",
    }
    target = role_homes.get(request.user.role) if request.user.practice_id else None
    return redirect(target or "account_page")


@require_GET
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and `accord serve` smoke checks: no data, no session. Normally answered earlier,
    by accord.health's middleware (before host checks); this is the same answer should a request get here."""
    return health_response()


RECENT_EVENTS = 10


@require_GET
@admin_required
def practice_home(request: AuthedHttpRequest) -> HttpResponse:
    practice = own_practice(request)
    therapists = User.objects.filter(practice=practice, role=Role.THERAPIST)
    context = {
        "practice": practice,
        "therapist_count": therapists.filter(is_active=True).count(),
        "client_count": Client.objects.in_practice_of(request.user).filter(is_active=True).count(),
        "pending_invitation_count": Invitation.objects.usable().filter(practice=practice).count(),
        "recent_events": AuditEvent.objects.filter(practice=practice).select_related("client")[
            :RECENT_EVENTS
        ],
    }
    return render(request, "accord/practice/home.html", context)
