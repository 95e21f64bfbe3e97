"""Access to check-in records, built on ``accord.accounts.access``.

Every lookup starts from a client the caller may see (``get_client_for`` / ``get_own_client``, which 404
and audit outsiders); check-ins and wins are then looked up only among that client's own.
"""

from __future__ import annotations

from django.http import HttpRequest

from accord.accounts.access import get_under_client
from accord.accounts.models import Client
from accord.checkins.models import Celebration, CheckIn


def get_checkin_of(request: HttpRequest, client: Client, checkin_id: int) -> CheckIn:
    return get_under_client(request, CheckIn, checkin_id, client=client, what="check-in")


def get_celebration_of(request: HttpRequest, client: Client, celebration_id: int) -> Celebration:
    return get_under_client(request, Celebration, celebration_id, client=client, what="celebration")
