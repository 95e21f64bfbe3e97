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

from accord.accounts import actions
from accord.accounts.access import (
    admin_required,
    client_required,
    get_client_for,
    get_own_client,
    own_practice,
    therapist_required,
)
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.forms import AddClientForm, InviteClientForm
from accord.accounts.models import CareTeamMember, Client, Invitation, Role, User
from accord.accounts.paging import page_query, paged
from accord.accounts.sections import render_maybe_partial, with_care_team, with_sign_in_status
from accord.assessments.sections import client_home_context, client_page_context, therapist_home_context
from accord.audit.models import AuditEvent
from accord.audit.recording import record_list_read
from accord.checkins.sections import (
    client_home_checkin_context,
    therapist_checkins_context,
    therapist_wins_context,
)
from accord.dialogue.sections import dialogue_section
from accord.goals.sections import client_goals_context, goals_for_list, therapist_goals_context
from accord.health import health_response
from accord.progress.sections import goals_for_client_page, therapist_progress_context

HOME_TEMPLATE = "accord/therapist/home.html"


@require_GET
@therapist_required
def therapist_home(request: AuthedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    clients = with_care_team(with_sign_in_status(Client.objects.visible_to(request.user)))
    if query:
        clients = clients.filter(display_name__icontains=query)
    page = paged(request, clients)
    context = {
        "clients": page,
        "page": page,
        "page_query": page_query(request),
        "query": query,
        **therapist_home_context(request.user),
    }
    response = render_maybe_partial(request, HOME_TEMPLATE, "client-results", context)
    record_list_read(request, [client.pk for client in page], kind="client list")
    return response


@require_http_methods(["GET", "POST"])
@therapist_required
def add_client(request: AuthedHttpRequest) -> HttpResponse:
    form = AddClientForm(request.POST or None, practice=request.user.practice)
    if request.method == "POST" and form.is_valid():
        name, email = form.cleaned_data["display_name"], form.cleaned_data["email"]
        if email:
            client = actions.invite_client(actor_of(request), display_name=name, email=email)
            messages.success(request, _("%(name)s is added. The invitation is on its way.") % {"name": name})
        else:
            client = actions.create_client_without_email(actor_of(request), display_name=name)
            messages.success(request, _("%(name)s is added for in-session use.") % {"name": name})
        return redirect("client_page", client_id=client.pk)
    return render(request, "accord/therapist/add_client.html", {"form": form})


def _client_page(request: AuthedHttpRequest, client: Client, invite_form: InviteClientForm | None = None):
    care_team = list(CareTeamMember.objects.filter(client=client).select_related("therapist"))
    latest_invitation = Invitation.objects.filter(client=client).order_by("-created_at").first()
    goals = goals_for_client_page(client)  # once, for the check-ins, goals and progress sections
    context = {
        "client": client,
        "care_team": care_team,
        "latest_invitation": latest_invitation,
        "invite_form": invite_form
        or InviteClientForm(practice=client.practice),  # the care team's own practice
        **client_page_context(client),
        **therapist_wins_context(request, client),
        **therapist_checkins_context(client, goals),
        **dialogue_section(request, client),
        **therapist_goals_context(client, request.user, care_team, goals),
        **therapist_progress_context(client, goals),
    }
    return render(request, "accord/therapist/client_page.html", context)


@require_GET
@therapist_required
def client_page(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    return _client_page(request, client)


@require_POST
@therapist_required
def invite_existing_client(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    form = InviteClientForm(request.POST, practice=request.user.practice)
    if not form.is_valid() and not client.has_account:
        return _client_page(request, client, invite_form=form)
    try:  # refused, as information, when the client signs in already
        actions.invite_existing_client(client, actor_of(request), email=form.cleaned_data.get("email", ""))
    except actions.AccountActionError as refused:
        messages.info(request, refused.message)
        return redirect("client_page", client_id=client.pk)
    messages.success(request, _("An invitation is on its way to %(name)s.") % {"name": client.display_name})
    return redirect("client_page", client_id=client.pk)


@require_GET
@client_required
def client_home(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    care_team = list(client.care_team.select_related("therapist"))  # once, for the header and the goals
    goals = list(goals_for_list(client))  # once, for the check-ins and goals sections
    context = {
        "client": client,
        "practice": client.practice,
        "primary_therapist": next((member.therapist for member in care_team if member.is_primary), None),
        **client_home_context(client),
        **client_home_checkin_context(client, goals),
        **dialogue_section(request, client),
        **client_goals_context(client, request.user, care_team, goals),
    }
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
