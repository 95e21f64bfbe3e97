"""Access to check-in records, built on ``accord.accounts.access``.

Every lookup starts from a client the caller may see (``get_client_for`` / ``get_own_client``, which 404
and audit outsiders); check-ins and wins are then looked up only among that client's own.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from accord.accounts.models import Client
from accord.audit.models import Action
from accord.audit.recording import record
from accord.checkins.models import Celebration, CheckIn


def not_found(request: HttpRequest, *, what: str, object_id) -> Http404:
    record(Action.ACCESS_DENIED, request=request, detail={"what": what, "id": str(object_id)})
    return Http404()


def get_checkin_of(request: HttpRequest, client: Client, checkin_id: int) -> CheckIn:
    checkin = CheckIn.objects.filter(client=client, pk=checkin_id).first()
    if checkin is None:
        raise not_found(request, what="check-in", object_id=checkin_id)
    checkin.client = client
    return checkin


def get_celebration_of(request: HttpRequest, client: Client, celebration_id: int) -> Celebration:
    celebration = Celebration.objects.filter(client=client, pk=celebration_id).first()
    if celebration is None:
        raise not_found(request, what="celebration", object_id=celebration_id)
    celebration.client = client
    return celebration
