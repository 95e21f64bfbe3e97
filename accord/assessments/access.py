"""Access to assessment records, built on ``accord.accounts.access``.

Every lookup starts from a client the caller may see (``get_client_for`` / ``get_own_client``, which 404 and
audit outsiders) or from ``Client.objects.visible_to``; rows are then looked up only among that client's.
"""

from __future__ import annotations

from django.http import HttpRequest

from accord.accounts.access import get_client_for, get_under_client, not_found
from accord.accounts.actors import AuthedHttpRequest
from accord.accounts.models import Client
from accord.assessments.models import MeasureAssignment, MeasureResponse, SafetyAlert


def get_response_of(request: HttpRequest, client: Client, response_id: int) -> MeasureResponse:
    return get_under_client(
        request, client.measure_responses, response_id, client=client, what="measure response"
    )


def get_assignment_of(request: HttpRequest, client: Client, assignment_id: int) -> MeasureAssignment:
    return get_under_client(
        request, client.measure_assignments, assignment_id, client=client, what="measure assignment"
    )


def get_alert_of(request: HttpRequest, client: Client, alert_id: int) -> SafetyAlert:
    alerts = client.safety_alerts.select_related("response", "acknowledged_by")
    return get_under_client(request, alerts, alert_id, client=client, what="safety alert")


def get_alert_for_therapist(request: AuthedHttpRequest, alert_id: int, *, write: bool = False) -> SafetyAlert:
    """A safety alert on one of the caller's clients, looked up by its own id (the API's route)."""
    client_id = (
        SafetyAlert.objects.filter(pk=alert_id, client__in=Client.objects.visible_to(request.user))
        .values_list("client_id", flat=True)
        .first()
    )
    if client_id is None or not request.user.is_therapist:
        raise not_found(request, what="safety alert", object_id=alert_id)
    client = get_client_for(request, client_id, write=write)
    return get_alert_of(request, client, alert_id)
