"""The assessment API: instruments, measure responses (with the item-9 safety rule), assignments, what is
due, the intake, safety alerts and the therapist's formulation.

Every operation starts with an access helper, which answers 404 to anyone outside the care team and audits
the call. Writes go through ``accord.assessments.actions`` — the same functions the pages use — so a
response sent here is scored, flagged and alerted on exactly as one sent from a page. Answers that are
missing or out of range are refused with 422 naming each item (``answers.q9``) and nothing is stored.
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from accord.accounts.access import get_client_for, get_client_for_therapist, require_therapist
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.api.errors import ErrorOut, error_body
from accord.api.pagination import Pagination
from accord.assessments import actions, catalogue
from accord.assessments import sections as summary
from accord.assessments.access import (
    get_alert_for_therapist,
    get_assignment_of,
    get_response_of,
)
from accord.assessments.models import ResponseSource, SafetyAlert
from accord.assessments.schemas import (
    AcknowledgeIn,
    AssignmentIn,
    AssignmentOut,
    FormulationIn,
    FormulationOut,
    InstrumentOut,
    IntakeOut,
    IntakePatchIn,
    MarkedImprovementOut,
    MeasureHistoryOut,
    MeasureResponseIn,
    MeasureResponseOut,
    SafetyAlertOut,
)
from accord.assessments.scoring import AnswerError
from accord.audit.recording import page_of, record_list_read

router = Router(tags=["assessments"])

AUTH = {401: ErrorOut, 403: ErrorOut}
READ = {**AUTH, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 400: ErrorOut}


def _refused(error: actions.AssessmentActionError) -> Status:
    if error.forbidden:
        return Status(403, error_body(error.message))
    return Status(400, error_body(error.message, {error.field: [error.message]}))


def _invalid_answers(error: AnswerError, prefix: str = "answers") -> Status:
    errors = {f"{prefix}.{key}": [_(message)] for key, message in error.errors.items()}
    return Status(422, error_body(_("Some answers need attention."), errors))


def _responses(client: Client):
    return client.measure_responses.select_related("entered_by", "client__practice")


# --- instruments --------------------------------------------------------------------------------------


@router.get(
    "/instruments", response={200: list[InstrumentOut], **AUTH, 422: ErrorOut}, summary="Measures offered"
)
@paginate(Pagination)
def list_instruments(request: AuthedHttpRequest):
    """The measures the caller's practice offers, with every item, answer option, band and flag, so a
    client program can show a questionnaire exactly as Accord does."""
    if request.user.practice_id is None:
        return []
    return list(catalogue.enabled_measures(request.user.practice).values())


# --- measure responses --------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/measure-responses",
    response={200: list[MeasureResponseOut], **READ},
    summary="A client's measure responses",
)
@paginate(Pagination)
def list_responses(request: AuthedHttpRequest, client_id: int, instrument: str | None = None):
    """Newest first. ``instrument`` keeps only one measure (e.g. ``phq9``)."""
    client = get_client_for(request, client_id)
    responses = _responses(client)
    if instrument:
        responses = responses.filter(instrument_key=instrument)
    return responses.order_by("-completed_at", "-pk")


@router.post(
    "/clients/{client_id}/measure-responses",
    response={201: MeasureResponseOut, 200: MeasureResponseOut, **WRITE},
    summary="Record a measure response",
)
def create_response(request: AuthedHttpRequest, client_id: int, payload: MeasureResponseIn):
    """Scores the answers and stores them. A client may answer the measures assigned to them; a
    therapist on the care team may enter any measure the practice offers.

    Any answer above 0 on PHQ-9 item 9 — whatever the total — opens a safety alert, emails each
    care-team therapist (a link only) and returns the practice's crisis resources in
    ``crisis_resources``. 422 names each item that is missing or out of range and nothing is stored. With
    an ``idempotency_key`` already used for this client, the first response is returned with 200.
    """
    client = get_client_for(request, client_id, write=True)
    instrument = catalogue.get_instrument(payload.instrument)
    if instrument is None or payload.instrument == catalogue.INTAKE_KEY:
        message = _("There is no measure with this key.")
        return Status(422, error_body(message, {"instrument": [message]}))
    try:
        response, created = actions.record_response(
            client,
            actor_of(request),
            instrument,
            payload.answers,
            idempotency_key=payload.idempotency_key or actions.new_idempotency_key(),
            source=ResponseSource.API,
        )
    except AnswerError as error:
        return _invalid_answers(error)
    except actions.AssessmentActionError as error:
        return _refused(error)
    return Status(201 if created else 200, _responses(client).get(pk=response.pk))


@router.get(
    "/clients/{client_id}/measure-responses/{response_id}",
    response={200: MeasureResponseOut, **READ},
    summary="One measure response",
)
def get_response(request: AuthedHttpRequest, client_id: int, response_id: int):
    client = get_client_for(request, client_id)
    get_response_of(request, client, response_id)
    return _responses(client).get(pk=response_id)


@router.get(
    "/clients/{client_id}/measure-histories",
    response={200: list[MeasureHistoryOut], **READ},
    summary="Scores over time, with change since baseline",
)
@paginate(Pagination)
def list_histories(request: AuthedHttpRequest, client_id: int):
    """One entry per summed measure the client has answered: each score with its band, the change since
    the first (baseline) score, reliable change and caseness by the named convention (NHS Talking
    Therapies unless the installation sets another)."""
    client = get_client_for(request, client_id)
    return [_history_out(history) for history in summary.measure_histories(client) if history.is_scored]


def _history_out(history: summary.MeasureHistory) -> dict:
    return {
        "instrument": history.instrument.key,
        "title": history.instrument.short_title,
        "convention": history.convention_note,
        "scores": [
            {
                "response_id": row.response.pk,
                "completed_at": row.response.completed_at,
                "total": row.response.total,
                "band": {"key": row.response.band_key, "label": row.response.band_label}
                if row.response.band_key
                else None,
                "change_since_baseline": row.change,
                "reliable_change": row.judgement,
                "case": row.case,
            }
            for row in history.rows
        ],
    }


# --- assignments and what is due ----------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/measure-assignments",
    response={200: list[AssignmentOut], **READ},
    summary="A client's assigned measures",
)
@paginate(Pagination)
def list_assignments(request: AuthedHttpRequest, client_id: int, active: bool | None = True):
    """Running assignments by default; ``active=false`` lists ended ones, and leaving it out of the
    query lists running ones only."""
    client = get_client_for(request, client_id)
    assignments = client.measure_assignments.select_related("assigned_by")
    if active is not None:
        assignments = assignments.filter(active=active)
    return assignments.order_by("next_due_on", "pk")


@router.post(
    "/clients/{client_id}/measure-assignments",
    response={201: AssignmentOut, **WRITE},
    summary="Assign a measure (therapists)",
)
def create_assignment(request: AuthedHttpRequest, client_id: int, payload: AssignmentIn):
    """Once (``every_weeks`` null) or every N weeks from ``first_due_on``. A new rhythm for a measure
    replaces the running one."""
    client = get_client_for_therapist(request, client_id, write=True)
    try:
        assignment = actions.assign_measure(
            client,
            actor_of(request),
            instrument_key=payload.instrument,
            every_weeks=payload.every_weeks,
            first_due_on=payload.first_due_on or actions.client_today(client),
        )
    except actions.AssessmentActionError as error:
        return _refused(error)
    return Status(201, client.measure_assignments.select_related("assigned_by").get(pk=assignment.pk))


@router.post(
    "/clients/{client_id}/measure-assignments/{assignment_id}/stop",
    response={200: AssignmentOut, **WRITE},
    summary="Stop an assignment (therapists)",
)
def stop_assignment(request: AuthedHttpRequest, client_id: int, assignment_id: int):
    client = get_client_for_therapist(request, client_id, write=True)
    assignment = get_assignment_of(request, client, assignment_id)
    try:
        actions.stop_assignment(assignment, actor_of(request))
    except actions.AssessmentActionError as error:
        return _refused(error)
    return client.measure_assignments.select_related("assigned_by").get(pk=assignment.pk)


@router.get(
    "/clients/{client_id}/due-measures",
    response={200: list[AssignmentOut], **READ},
    summary="Measures due now",
)
@paginate(Pagination)
def list_due(request: AuthedHttpRequest, client_id: int):
    """Assignments due today or earlier in the client's time zone, of measures the practice offers."""
    client = get_client_for(request, client_id)
    return [due.assignment for due in summary.due_measures(client)]


# --- intake -------------------------------------------------------------------------------------------


def _intake_out(client: Client, user) -> dict:
    intake = actions.intake_of(client)
    if intake is not None and not intake.is_submitted and client.user_id != user.pk:
        # The care team reads the intake once the client sends it, as on the pages: drafts stay the client's.
        return {
            "instrument_version": intake.instrument_version,
            "answers": {},
            "started_at": intake.started_at,
            "updated_at": None,
            "submitted_at": None,
        }
    if intake is None:
        version = catalogue.intake_instrument().version
        return {
            "instrument_version": version,
            "answers": {},
            "started_at": None,
            "updated_at": None,
            "submitted_at": None,
        }
    return {
        "instrument_version": intake.instrument_version,
        "answers": intake.answers,
        "started_at": intake.started_at,
        "updated_at": intake.updated_at,
        "submitted_at": intake.submitted_at,
    }


@router.get("/clients/{client_id}/intake", response={200: IntakeOut, **READ}, summary="The client's intake")
def get_intake(request: AuthedHttpRequest, client_id: int):
    """The answers so far (empty before the client starts). The care team sees the answers once the
    client has sent the intake (``submitted_at``); until then only that it was started. ``GET
    /instruments`` does not list the intake; its questions are in ``GET /intake-questions``."""
    return _intake_out(get_client_for(request, client_id), request.user)


@router.get("/intake-questions", response={200: InstrumentOut, **AUTH}, summary="The intake's questions")
def get_intake_questions(request: AuthedHttpRequest):
    return catalogue.intake_instrument()


@router.patch("/clients/{client_id}/intake", response={200: IntakeOut, **WRITE}, summary="Answer the intake")
def patch_intake(request: AuthedHttpRequest, client_id: int, payload: IntakePatchIn):
    """The client saves answers as they go (only those that change) and sends the intake with
    ``submit``. Only the client writes their intake (a therapist gets 403). 422 names each answer that is
    not allowed; then nothing is saved."""
    client = get_client_for(request, client_id, write=True)
    actor = actor_of(request)
    try:
        if payload.answers:
            actions.save_intake_answers(client, actor, payload.answers, confirm=True)
        if payload.submit:
            actions.submit_intake(client, actor)
    except AnswerError as error:
        return _invalid_answers(error)
    except actions.AssessmentActionError as error:
        return _refused(error)
    return _intake_out(client, request.user)


# --- safety alerts (therapists) -----------------------------------------------------------------------


@router.get(
    "/safety-alerts", response={200: list[SafetyAlertOut], **READ}, summary="Safety alerts (therapists)"
)
@paginate(Pagination)
def list_alerts(request: AuthedHttpRequest, open: bool | None = None):
    """Alerts on the caller's clients: open ones first (oldest first), then acknowledged ones.
    ``open=true`` keeps only the unacknowledged ones, ``open=false`` only the acknowledged ones."""
    require_therapist(request, what="safety alerts", object_id="-")
    alerts = SafetyAlert.objects.filter(client__in=Client.objects.visible_to(request.user)).select_related(
        "acknowledged_by"
    )
    if open is not None:
        alerts = alerts.filter(acknowledged_at__isnull=open)
    alerts = alerts.order_by(F("acknowledged_at").desc(nulls_first=True), "raised_at", "pk")
    record_list_read(
        request, alerts.values_list("client_id", flat=True)[page_of(request)], kind="safety alert"
    )
    return alerts


@router.post(
    "/clients/{client_id}/measure-responses/{response_id}/mark-improvement",
    response={201: MarkedImprovementOut, **WRITE},
    summary="Mark a held-back reliable improvement for the client (therapists)",
)
def mark_improvement(request: AuthedHttpRequest, client_id: int, response_id: int):
    """A response that raised a safety alert brings the client no celebration, even when it is a reliable
    improvement. Once the alert is acknowledged, a therapist on the care team may mark the improvement: the
    client then sees it among their wins. Audited. 400 when there is nothing to mark (no reliable
    improvement, the alert still open, or marked already)."""
    client = get_client_for_therapist(request, client_id, write=True)
    response = get_response_of(request, client, response_id)
    try:
        win = actions.mark_improvement(response, actor_of(request))
    except actions.AssessmentActionError as error:
        return _refused(error)
    return Status(201, {"celebration_id": win.pk, "title": win.title, "created_at": win.created_at})


@router.post(
    "/safety-alerts/{alert_id}/acknowledge",
    response={200: SafetyAlertOut, **WRITE},
    summary="Acknowledge a safety alert (therapists)",
)
def acknowledge_alert(request: AuthedHttpRequest, alert_id: int, payload: AcknowledgeIn):
    """Closes the flag, with a note of what you did (required). Audited. 400 if already acknowledged."""
    alert = get_alert_for_therapist(request, alert_id, write=True)
    try:
        actions.acknowledge_alert(alert, actor_of(request), note=payload.note)
    except actions.AssessmentActionError as error:
        return _refused(error)
    return SafetyAlert.objects.select_related("acknowledged_by").get(pk=alert.pk)


# --- the formulation (therapists only) ----------------------------------------------------------------


def _formulation_out(client: Client) -> dict:
    versions = list(client.formulations.select_related("written_by")[:1])
    latest = versions[0] if versions else None
    return {
        "text": latest.text if latest else "",
        "written_at": latest.written_at if latest else None,
        "written_by": latest.written_by if latest else None,
        "versions": client.formulations.count(),
    }


@router.get(
    "/clients/{client_id}/formulation",
    response={200: FormulationOut, **READ},
    summary="The assessment summary (therapists only)",
)
def get_formulation(request: AuthedHttpRequest, client_id: int):
    """Only the client's care team can read it; anyone else, the client included, gets 404."""
    return _formulation_out(get_client_for_therapist(request, client_id))


@router.put(
    "/clients/{client_id}/formulation",
    response={200: FormulationOut, **WRITE},
    summary="Save the assessment summary (therapists only)",
)
def put_formulation(request: AuthedHttpRequest, client_id: int, payload: FormulationIn):
    """Saves a new version (earlier versions are kept) when the text changed."""
    client = get_client_for_therapist(request, client_id, write=True)
    actions.save_formulation(client, actor_of(request), text=payload.text)
    return _formulation_out(client)
