"""Everything that changes an assessment: each function writes, audits and sends any notice.

Pages and the API call these and nothing else, so a response that arrives by the API meets exactly the
same rules — scoring, the item-9 safety rule, idempotency — as one sent from a page.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import replay
from accord.accounts.models import Client, Practice, User
from accord.assessments import catalogue
from accord.assessments.emails import send_safety_alert_email
from accord.assessments.models import (
    Intake,
    MeasureAssignment,
    MeasureResponse,
    PracticeInstrument,
    SafetyAlert,
    TherapistFormulation,
)
from accord.assessments.registry import Instrument
from accord.assessments.scoring import AnswerError, score_response, validate_answers
from accord.audit.models import Action
from accord.audit.recording import record
from accord.checkins import celebrations
from accord.goals.models import ClientTheme

# A need, strength or value becomes a goal link; longer text would be cut, so it is refused instead.
THEME_MAX_LENGTH = 200
# Measures asked at the start of therapy (CLINICAL.md) when nobody has assigned them yet.
INTAKE_MEASURES = (catalogue.PHQ9_KEY, catalogue.GAD7_KEY)


class AssessmentActionError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str = "__all__"):
        super().__init__(message)
        self.message = message
        self.field = field


def client_today(client: Client) -> dt.date:
    """Today's date where the client lives: "due today" means their today."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(client.time_zone))


def _acting_user(request: HttpRequest | None, user: User | None) -> User:
    """Who acts: ``user`` when given (the demo, commands), else the request's signed-in person."""
    if user is not None:
        return user
    if request is None or not isinstance(request.user, User):
        raise TypeError("An assessment action needs a signed-in request or a user.")
    return request.user


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


# --- measures -----------------------------------------------------------------------------------------


def may_answer(user, client: Client, instrument_key: str) -> bool:
    """A care-team therapist may enter any measure the practice offers (in session); a client may complete
    the measures assigned to them."""
    if instrument_key not in catalogue.enabled_measures(client.practice):
        return False
    if user.is_therapist:
        return True
    return client.measure_assignments.active().filter(instrument_key=instrument_key).exists()


def _made_with(client: Client, idempotency_key: str) -> QuerySet[MeasureResponse]:
    return MeasureResponse.objects.filter(client=client, idempotency_key=idempotency_key)


def response_with_key(client: Client, idempotency_key: str) -> MeasureResponse | None:
    """The response an earlier submit of the same form stored, if any (a page asks before anything else,
    so a form sent twice shows the first result even if the measure is no longer assigned)."""
    return replay.earlier(_made_with(client, idempotency_key)) if idempotency_key else None


def record_response(
    request: HttpRequest | None,
    client: Client,
    instrument: Instrument,
    answers: Mapping[str, object],
    *,
    idempotency_key: str,
    source: str,
    user=None,
    completed_at: dt.datetime | None = None,
    notify: bool = True,
) -> tuple[MeasureResponse, bool]:
    """Score and store one response, apply the safety rule and move the assignment on.

    Returns ``(response, created)``; a key already used for this client returns the earlier response, so a
    double submit stores one row. Raises ``AnswerError`` naming every item that needs attention, or
    ``AssessmentActionError`` when the caller may not answer this measure; then nothing is stored.
    """
    user = _acting_user(request, user)
    made_with_key = _made_with(client, idempotency_key)
    earlier = replay.earlier(made_with_key)
    if earlier is not None:
        return earlier, False
    if not may_answer(user, client, instrument.key):
        raise AssessmentActionError(_("This questionnaire is not assigned to you."), field="instrument")
    scored = score_response(instrument, answers)
    response, created = replay.once(
        made_with_key,
        lambda: MeasureResponse.objects.create(
            client=client,
            instrument_key=instrument.key,
            instrument_version=instrument.version,
            answers={key: _jsonable(value) for key, value in scored.answers.items()},
            total=scored.total,
            max_total=scored.max_total,
            band_key=scored.band_key or "",
            band_label=scored.band_label or "",
            flags=[
                {"key": f.key, "item": f.item, "answer": f.answer, "severity": f.severity}
                for f in scored.flags
            ],
            completed_at=completed_at or timezone.now(),
            entered_by=user,
            source=source,
            idempotency_key=idempotency_key,
        ),
    )
    if not created:
        return response, False
    detail = {"instrument": instrument.key, "source": source}
    record(Action.MEASURE_COMPLETED, request=request, actor=user, obj=response, client=client, detail=detail)
    if scored.has_safety_flag:
        raise_safety_alert(request, response, user=user, notify=notify)
    _move_assignment_on(client, instrument.key, response.completed_at)
    celebrations.on_measure_recorded(response)
    return response, True


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def raise_safety_alert(
    request: HttpRequest | None, response: MeasureResponse, *, user=None, notify: bool = True
) -> SafetyAlert:
    """The item-9 rule: an open alert the care team sees in Accord, and an email to each of them that
    says only "please sign in"."""
    alert = SafetyAlert.objects.create(
        response=response, client=response.client, raised_at=response.completed_at
    )
    record(Action.SAFETY_ALERT_RAISED, request=request, actor=user, obj=alert, client=response.client)
    if notify:
        link = reverse("therapist_home")
        if request is not None:
            link = request.build_absolute_uri(link)
        for member in response.client.care_team.select_related("therapist"):
            if member.therapist.is_active:
                transaction.on_commit(
                    lambda user_id=member.therapist_id: send_safety_alert_email.enqueue(
                        user_id=user_id, link=link
                    )
                )
    return alert


def _move_assignment_on(client: Client, instrument_key: str, completed_at: dt.datetime) -> None:
    assignment = client.measure_assignments.active().filter(instrument_key=instrument_key).first()
    if assignment is None:
        return
    if assignment.is_once:
        assignment.active, assignment.ended_at = False, completed_at
        assignment.save(update_fields=["active", "ended_at"])
        return
    completed_on = timezone.localdate(completed_at, timezone=zoneinfo.ZoneInfo(client.time_zone))
    assignment.next_due_on = completed_on + dt.timedelta(weeks=assignment.every_weeks)
    assignment.save(update_fields=["next_due_on"])


@transaction.atomic
def acknowledge_alert(request: HttpRequest, alert: SafetyAlert, *, note: str) -> SafetyAlert:
    """A therapist has followed up. The note is required; the first acknowledgement stands."""
    note = (note or "").strip()
    if not note:
        raise AssessmentActionError(_("Write what you did, for the record."), field="note")
    now = timezone.now()
    updated = SafetyAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=request.user, acknowledgement_note=note
    )
    if not updated:
        raise AssessmentActionError(_("This alert has already been acknowledged."))
    alert.refresh_from_db()
    record(Action.SAFETY_ALERT_ACKNOWLEDGED, request=request, obj=alert, client=alert.client)
    return alert


def may_mark_improvement(response: MeasureResponse) -> bool:
    """A reliable improvement held back because the response raised a safety alert can be marked for the
    client once the alert is acknowledged, and only if it is not celebrated yet."""
    alert = getattr(response, "safety_alert", None)
    if alert is None or alert.acknowledged_at is None:
        return False
    return celebrations.measure_improvement_to_mark(response)


@transaction.atomic
def mark_improvement(request: HttpRequest, response: MeasureResponse):
    """The therapist, having followed up a safety alert, marks the reliable improvement that Accord held
    back from celebrating beside it. Audited; the win appears for the client from now on."""
    if not may_mark_improvement(response):
        raise AssessmentActionError(
            _(
                "There is no reliable improvement to mark here, it is marked already, or its safety "
                "alert is not acknowledged yet."
            )
        )
    win = celebrations.mark_measure_improvement(response)
    if win is None:  # marked by someone else a moment ago
        raise AssessmentActionError(_("This improvement is marked already."))
    detail = {"instrument": response.instrument_key}
    record(
        Action.MEASURE_IMPROVEMENT_MARKED,
        request=request,
        obj=response,
        client=response.client,
        detail=detail,
    )
    return win


@transaction.atomic
def assign_measure(
    request: HttpRequest | None,
    client: Client,
    *,
    instrument_key: str,
    every_weeks: int | None,
    first_due_on: dt.date,
    user=None,
) -> MeasureAssignment:
    """Ask the client to complete a measure once or every N weeks. A new rhythm replaces a running one."""
    user = _acting_user(request, user)
    if instrument_key not in catalogue.enabled_measures(client.practice):
        raise AssessmentActionError(_("Your practice does not offer this measure."), field="instrument")
    for running in client.measure_assignments.active().filter(instrument_key=instrument_key):
        _end_assignment(request, running, user=user)
    assignment = MeasureAssignment.objects.create(
        client=client,
        instrument_key=instrument_key,
        every_weeks=every_weeks,
        next_due_on=first_due_on,
        assigned_by=user,
    )
    detail = {"instrument": instrument_key, "every_weeks": every_weeks}
    record(Action.MEASURE_ASSIGNED, request=request, actor=user, obj=assignment, client=client, detail=detail)
    return assignment


@transaction.atomic
def stop_assignment(request: HttpRequest, assignment: MeasureAssignment) -> MeasureAssignment:
    if not assignment.active:
        raise AssessmentActionError(_("This measure is no longer assigned."))
    _end_assignment(request, assignment, user=request.user)
    return assignment


def _end_assignment(request: HttpRequest | None, assignment: MeasureAssignment, *, user) -> None:
    assignment.active, assignment.ended_at = False, timezone.now()
    assignment.save(update_fields=["active", "ended_at"])
    detail = {"instrument": assignment.instrument_key}
    record(
        Action.MEASURE_UNASSIGNED,
        request=request,
        actor=user,
        obj=assignment,
        client=assignment.client,
        detail=detail,
    )


# --- intake -------------------------------------------------------------------------------------------


def intake_of(client: Client) -> Intake | None:
    return Intake.objects.filter(client=client).first()


def check_intake_answers(answers: Mapping[str, object]) -> dict[str, Any]:
    """Validate some intake answers (any subset). Returns them cleaned for storage, with ``None`` for an
    answer that was cleared. Raises ``AnswerError`` naming each question that needs attention."""
    instrument = catalogue.intake_instrument()
    clean = validate_answers(instrument, answers)
    errors: dict[str, str] = {}
    for item in instrument.items:
        if item.kind == "list" and any(len(entry) > THEME_MAX_LENGTH for entry in clean.get(item.key, ())):
            errors[item.key] = _("Please keep each one under %(limit)s characters.") % {
                "limit": THEME_MAX_LENGTH
            }
    if errors:
        raise AnswerError(errors)
    return {key: _jsonable(clean[key]) if key in clean else None for key in answers}


@transaction.atomic
def save_intake_answers(
    request: HttpRequest | None,
    client: Client,
    answers: Mapping[str, object],
    *,
    user=None,
    confirm: bool = False,
) -> Intake:
    """Save some intake answers as the client goes. ``confirm`` marks an explicit save (a button, not an
    autosave): once the intake has been sent, an explicit save also brings new strengths, needs and
    values into the client's list for goals. Raises ``AnswerError``; then nothing is saved."""
    user = _acting_user(request, user)
    clean = check_intake_answers(answers)
    intake, _created = Intake.objects.select_for_update().get_or_create(
        client=client, defaults={"instrument_version": catalogue.intake_instrument().version}
    )
    for key, value in clean.items():
        if value is None:
            intake.answers.pop(key, None)
        else:
            intake.answers[key] = value
    intake.save()
    detail = {"items": sorted(clean)}
    record(Action.INTAKE_SAVED, request=request, actor=user, obj=intake, client=client, detail=detail)
    if confirm and intake.is_submitted:
        add_intake_themes(request, client, intake, user=user)
    return intake


@transaction.atomic
def submit_intake(request: HttpRequest | None, client: Client, *, user=None) -> Intake:
    """Send the intake to the care team. Its strengths, needs and values join the client's list for goals,
    and PHQ-9 and GAD-7 are asked once if nobody has assigned them yet."""
    user = _acting_user(request, user)
    intake, _created = Intake.objects.select_for_update().get_or_create(
        client=client, defaults={"instrument_version": catalogue.intake_instrument().version}
    )
    first_time = not intake.is_submitted
    if first_time:
        intake.submitted_at = timezone.now()
        intake.save(update_fields=["submitted_at", "updated_at"])
        record(Action.INTAKE_SUBMITTED, request=request, actor=user, obj=intake, client=client)
        _assign_intake_measures(request, client, user=user)
    add_intake_themes(request, client, intake, user=user)
    return intake


def add_intake_themes(
    request: HttpRequest | None, client: Client, intake: Intake, *, user
) -> list[ClientTheme]:
    """Each strength, need and value in the intake becomes a theme goals can link to. Themes are only
    added, never removed here: a goal may already link to one the client later reworded."""
    added = []
    for item in catalogue.intake_instrument().items:
        if item.category is None:
            continue
        for text in intake.answers.get(item.key, []):
            theme, created = ClientTheme.objects.get_or_create(
                client=client,
                kind=item.category,
                text=text[:THEME_MAX_LENGTH],
                defaults={"source": "intake", "added_by": user},
            )
            if created:
                record(Action.THEME_ADDED, request=request, actor=user, obj=theme, client=client)
                added.append(theme)
    return added


def _assign_intake_measures(request: HttpRequest | None, client: Client, *, user) -> None:
    offered = catalogue.enabled_measures(client.practice)
    for key in INTAKE_MEASURES:
        never_asked = not (
            client.measure_assignments.filter(instrument_key=key).exists()
            or client.measure_responses.filter(instrument_key=key).exists()
        )
        if key in offered and never_asked:
            assign_measure(
                request,
                client,
                instrument_key=key,
                every_weeks=None,
                first_due_on=client_today(client),
                user=user,
            )


# --- the therapist's formulation ----------------------------------------------------------------------


@transaction.atomic
def save_formulation(
    request: HttpRequest | None, client: Client, *, text: str, user=None
) -> TherapistFormulation | None:
    """Save a new version of the assessment summary; ``None`` when the text did not change."""
    user = _acting_user(request, user)
    text = text.strip()
    latest = client.formulations.first()
    if latest is not None and latest.text == text:
        return None
    formulation = TherapistFormulation.objects.create(client=client, text=text, written_by=user)
    record(Action.FORMULATION_SAVED, request=request, actor=user, obj=formulation, client=client)
    return formulation


# --- the practice's choice of measures ----------------------------------------------------------------


@transaction.atomic
def set_practice_measures(request: HttpRequest, practice: Practice, *, enabled: Iterable[str]) -> bool:
    """Turn measures on or off for the practice. Returns whether anything changed."""
    wanted = set(enabled)
    before = set(catalogue.enabled_measures(practice))
    if before == wanted:
        return False
    for key in catalogue.measures():
        PracticeInstrument.objects.update_or_create(
            practice=practice,
            instrument_key=key,
            defaults={"enabled": key in wanted, "changed_by": request.user},
        )
    detail = {"turned_on": sorted(wanted - before), "turned_off": sorted(before - wanted)}
    record(Action.INSTRUMENTS_CHANGED, request=request, obj=practice, detail=detail)
    return True
