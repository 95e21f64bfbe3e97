"""The records API: a client's record as a FHIR R4 Bundle, and the FHIR import for practice admins."""

from __future__ import annotations

from typing import Any

from ninja import Router

from accord.accounts.access import get_client_for
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.api.errors import ErrorOut
from accord.records import actions

router = Router(tags=["records"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/clients/{client_id}/export/fhir", response={200: dict[str, Any], **READ})
def export_client_fhir(request: AuthedHttpRequest, client_id: int):
    """The client's record as a FHIR R4 Bundle (type *collection*): Patient, Practitioner, CareTeam, CarePlan,
    Goal (with the GAS levels and each party's acceptance), Observation, Questionnaire and
    QuestionnaireResponse. For the care team and the client; the therapist-only formulation is never in it."""
    client = get_client_for(request, client_id)
    return actions.export_client_fhir(client, actor_of(request), via="api")
