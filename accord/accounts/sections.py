"""The read side of accounts that other apps' pages use: client lists with sign-in status and care team, and
the htmx whole-page-or-partial render every list page shares."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
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


def count_per_client(rows: QuerySet) -> Coalesce:
    """An annotation for a ``Client`` query: how many of ``rows`` (filtered by ``client=OuterRef("pk")``)
    there are, in the client's own query."""
    counted = rows.order_by().values("client").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def loaded_or_none(obj, name: str):
    """A one-to-one loaded with ``select_related`` (no query), or None when there is none."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


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
