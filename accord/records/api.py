"""The records API: a client's record as a FHIR R4 Bundle, and the FHIR import for practice admins."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accord.accounts.access import get_client_for, not_found
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import User
from accord.api.errors import ErrorOut, error_body
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


@router.get("/clients/{client_id}/export/pdf", response={200: None, **READ})
def export_client_pdf(request: AuthedHttpRequest, client_id: int):
    """The printable treatment plan (PDF): agreed goals in the client's words and as agreed, GAS levels,
    steps and milestones, measures with scores and change, the agreement record and progress charts. For the
    care team and the client; never the therapist-only formulation."""
    client = get_client_for(request, client_id)
    document = actions.export_plan_pdf(client, actor_of(request))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="treatment-plan-{client.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


class ImportReport(Schema):
    imported: list[dict[str, str]]
    skipped: list[dict[str, str]]


@router.post(
    "/import/fhir",
    response={200: ImportReport, 400: ErrorOut, **READ},
)
def import_fhir(request: AuthedHttpRequest, therapist: str = ""):
    """Practice admins: import a FHIR R4 Bundle (the request body) of Patients, Goals and GAS score
    Observations as clients of the practice, optionally on the caseload of the therapist with email
    ``therapist``. Answers what was imported and what was skipped and why; the same Bundle twice changes
    nothing. A malformed Bundle is refused (400) naming each resource and field, and nothing is saved."""
    user = request.user
    practice = user.practice
    if not user.is_practice_admin or practice is None:
        raise not_found(request, what="FHIR import", object_id="-")
    try:
        bundle = json.loads(request.body or b"null")
    except ValueError:
        return Status(
            400, error_body(_("The body is not JSON."), {"bundle": [_("Send a FHIR Bundle as JSON.")]})
        )
    member = None
    if therapist:
        member = User.objects.filter(email__iexact=therapist, practice=practice).first()
        if member is None or not member.is_therapist:
            return Status(
                400, error_body(_("No such therapist here."), {"therapist": [_("Not a therapist here.")]})
            )
    try:
        return actions.import_fhir(bundle, practice, therapist=member, actor=actor_of(request), via="api")
    except actions.ImportRefused as refused:
        return Status(
            400, error_body(_("The Bundle was refused; nothing was saved."), {"bundle": refused.problems})
        )
