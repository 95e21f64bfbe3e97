"""The caller's own account and the clients they may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from accord.accounts.access import get_client_for
from accord.accounts.actors import AuthedHttpRequest
from accord.accounts.models import CareTeamMember, Client
from accord.api.errors import ErrorOut
from accord.api.pagination import Pagination
from accord.api.schemas import ClientOut, MeOut
from accord.audit.recording import page_of, record_list_read

router = Router(tags=["accounts"])

AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut}


def _with_care_team(clients: QuerySet[Client]) -> QuerySet[Client]:
    # One extra query for the whole page, however many clients are on it.
    return clients.prefetch_related(
        Prefetch("care_team", queryset=CareTeamMember.objects.select_related("therapist"))
    )


@router.get("/me", response={200: MeOut, **AUTH_ERRORS}, summary="The signed-in person")
def me(request: HttpRequest):
    return request.user


@router.get(
    "/clients", response={200: list[ClientOut], **AUTH_ERRORS, 422: ErrorOut}, summary="Clients I may see"
)
@paginate(Pagination)
def list_clients(request: HttpRequest):
    """A therapist sees the clients on their care teams, a client sees only themself; nobody sees other
    practices' clients. Ordered by name."""
    clients = Client.objects.visible_to(request.user).order_by("display_name", "pk")
    record_list_read(request, clients.values_list("pk", flat=True)[page_of(request)], kind="client list")
    return _with_care_team(clients)


@router.get(
    "/clients/{client_id}",
    response={200: ClientOut, **AUTH_ERRORS, 404: ErrorOut},
    summary="One client",
)
def get_client(request: AuthedHttpRequest, client_id: int):
    """404 for a client outside the caller's care team or practice. Each read is audited."""
    return get_client_for(request, client_id)
