"""The read side of accounts that other apps' pages use: client lists with sign-in status and care team, and
the htmx whole-page-or-partial render every list page shares."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from accord.accounts.actors import AuthedHttpRequest
from accord.accounts.models import CareTeamMember, Client, Invitation


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
