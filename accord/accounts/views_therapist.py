"""A therapist's pages: their clients, adding or inviting a client, and the client page shell."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts import actions
from accord.accounts.access import get_client_for, therapist_required
from accord.accounts.actors import AuthedHttpRequest
from accord.accounts.forms import AddClientForm, InviteClientForm
from accord.accounts.models import CareTeamMember, Client, Invitation
from accord.assessments.views import client_page_context, therapist_home_context
from accord.audit.recording import record_list_read
from accord.checkins.review_views import therapist_progress_context
from accord.checkins.views import therapist_checkins_context, therapist_wins_context
from accord.dialogue.views import dialogue_section
from accord.goals.pages import therapist_goals_context

HOME_TEMPLATE = "accord/therapist/home.html"


def with_sign_in_status(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Everything a list needs to show each client's sign-in status and care team, in a fixed number of
    queries however many clients there are (see templates/accord/partials/sign_in_status.html)."""
    return clients.select_related("user").annotate(
        has_pending_invitation=Exists(Invitation.objects.usable().filter(client=OuterRef("pk")))
    )


def with_care_team(clients: QuerySet[Client]) -> QuerySet[Client]:
    return clients.prefetch_related(
        Prefetch("care_team", queryset=CareTeamMember.objects.select_related("therapist"))
    )


def render_maybe_partial(
    request: AuthedHttpRequest, template: str, partial: str, context: dict
) -> HttpResponse:
    """The whole page, or for an htmx request just the named partial of the same template."""
    name = f"{template}#{partial}" if request.htmx else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@therapist_required
def therapist_home(request: AuthedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    clients = with_care_team(with_sign_in_status(Client.objects.visible_to(request.user)))
    if query:
        clients = clients.filter(display_name__icontains=query)
    context = {"clients": clients, "query": query, **therapist_home_context(request.user)}
    response = render_maybe_partial(request, HOME_TEMPLATE, "client-results", context)
    record_list_read(request, [client.pk for client in clients], kind="client list")
    return response


@require_http_methods(["GET", "POST"])
@therapist_required
def add_client(request: AuthedHttpRequest) -> HttpResponse:
    form = AddClientForm(request.POST or None, practice=request.user.practice)
    if request.method == "POST" and form.is_valid():
        name, email = form.cleaned_data["display_name"], form.cleaned_data["email"]
        if email:
            client = actions.invite_client(request, display_name=name, email=email)
            messages.success(request, _("%(name)s is added. The invitation is on its way.") % {"name": name})
        else:
            client = actions.create_client_without_email(request, display_name=name)
            messages.success(request, _("%(name)s is added for in-session use.") % {"name": name})
        return redirect("client_page", client_id=client.pk)
    return render(request, "accord/therapist/add_client.html", {"form": form})


def _client_page(request: AuthedHttpRequest, client: Client, invite_form: InviteClientForm | None = None):
    care_team = CareTeamMember.objects.filter(client=client).select_related("therapist")
    latest_invitation = Invitation.objects.filter(client=client).order_by("-created_at").first()
    context = {
        "client": client,
        "care_team": care_team,
        "latest_invitation": latest_invitation,
        "invite_form": invite_form or InviteClientForm(practice=request.user.practice),
        **client_page_context(client),
        **therapist_wins_context(request, client),
        **therapist_checkins_context(client),
        **dialogue_section(request, client),
        **therapist_goals_context(client, request.user),
        **therapist_progress_context(client),
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
    if client.has_account:
        messages.info(request, _("%(name)s already signs in to Accord.") % {"name": client.display_name})
        return redirect("client_page", client_id=client.pk)
    form = InviteClientForm(request.POST, practice=request.user.practice)
    if not form.is_valid():
        return _client_page(request, client, invite_form=form)
    actions.invite_existing_client(request, client, email=form.cleaned_data["email"])
    messages.success(request, _("An invitation is on its way to %(name)s.") % {"name": client.display_name})
    return redirect("client_page", client_id=client.pk)
