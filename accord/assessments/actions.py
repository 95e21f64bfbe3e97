"""Everything that changes an assessment: each function writes, audits and sends any notice.

Pages and the API call these and nothing else, so a response that arrives by the API meets exactly the
same rules — scoring, the item-9 safety rule, idempotency — as one sent from a page.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import dataversion, replay
from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import Client, Practice
from accord.assessments import catalogue, signals
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
from accord.goals.models import ClientTheme

# A need, strength or value becomes a goal link; longer text would be cut, so it is refused instead.
THEME_MAX_LENGTH = 200
# Measures asked at the start of therapy (CLINICAL.md) when nobody has assigned them yet.
INTAKE_MEASURES = (catalogue.PHQ9_KEY, catalogue.GAD7_KEY)


class AssessmentActionError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked."""

    def __init__(self, message: str, field: str = "__all__", *, forbidden: bool = False):
        super().__init__(message)
        self.message = message
        self.field = field
        # The person may not do this at all (the API answers 403), rather than asked for it wrongly (400).
        self.forbidden = forbidden


def client_today(client: Client) -> dt.date:
    """Today's date where the client lives: "due today" means their today."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(client.time_zone))


def _audit(action: str, actor: Actor, obj: Any, client: Client, detail: dict[str, Any] | None = None) -> None:
    record(action, actor=actor, obj=obj, client=client, detail=detail)


def _require_the_client(client: Client, actor: Actor) -> None:
    """Only the client answers their intake (their therapist reads it)."""
    if client.user_id is None or client.user_id != actor.pk:
        raise AssessmentActionError(_("Only the client answers their intake."), forbidden=True)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


# --- measures -----------------------------------------------------------------------------------------


def may_answer(actor: ActorLike, client: Client, instrument_key: str) -> bool:
    """A care-team therapist may enter any measure the practice offers (in session); a client may complete
    the measures assigned to them."""
    if instrument_key not in catalogue.enabled_measures(client.practice):
        return False
    if actor.is_therapist:
        return True
    return client.measure_assignments.active().filter(instrument_key=instrument_key).exists()


def _made_with(client: Client, idempotency_key: str) -> QuerySet[MeasureResponse]:
    return MeasureResponse.objects.filter(client=client, idempotency_key=idempotency_key)


def response_with_key(client: Client, idempotency_key: str) -> MeasureResponse | None:
    """The response an earlier submit of the same form stored, if any (a page asks before anything else,
    so a form sent twice shows the first result even if the measure is no longer assigned)."""
    return replay.earlier(_made_with(client, idempotency_key)) if idempotency_key else None


def record_response(
    client: Client,
    actor: ActorLike,
    instrument: Instrument,
    answers: Mapping[str, object],
    *,
    idempotency_key: str,
    source: str,
    completed_at: dt.datetime | None = None,
    notify: bool = True,
) -> tuple[MeasureResponse, bool]:
    """Score and store one response, apply the safety rule and move the assignment on.

    Returns ``(response, created)``; a key already used for this client returns the earlier response, so a
    double submit stores one row. Raises ``AnswerError`` naming every item that needs attention, or
    ``AssessmentActionError`` when the caller may not answer this measure; then nothing is stored.
    """
    actor = Actor.of(actor)
    made_with_key = _made_with(client, idempotency_key)
    earlier = replay.earlier(made_with_key)
    if earlier is not None:
        return earlier, False
    if not may_answer(actor, client, instrument.key):
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
            entered_by=actor.user,
            source=source,
            idempotency_key=idempotency_key,
        ),
    )
    if not created:
        return response, False
    detail = {"instrument": instrument.key, "source": source}
    _audit(Action.MEASURE_COMPLETED, actor, response, client, detail)
    if scored.has_safety_flag:
        raise_safety_alert(response, actor, notify=notify)
    _move_assignment_on(client, instrument.key, response.completed_at)
    signals.measure_recorded.send(sender=MeasureResponse, response=response)
    return response, True


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def raise_safety_alert(response: MeasureResponse, actor: ActorLike, *, notify: bool = True) -> SafetyAlert:
    """The item-9 rule: an open alert the care team sees in Accord, and an email to each of them that
    says only "please sign in"."""
    alert = SafetyAlert.objects.create(
        response=response, client=response.client, raised_at=response.completed_at
    )
    actor = Actor.of(actor)
    _audit(Action.SAFETY_ALERT_RAISED, actor, alert, response.client)
    if notify:
        link = actor.absolute(reverse("therapist_home"))
        for member in response.client.care_team.select_related("therapist"):
            if member.therapist.is_active:
                transaction.on_commit(
                    partial(send_safety_alert_email.enqueue, user_id=member.therapist_id, link=link)
                )
    return alert


def _move_assignment_on(client: Client, instrument_key: str, completed_at: dt.datetime) -> None:
    assignment = client.measure_assignments.active().filter(instrument_key=instrument_key).first()
    if assignment is None:
        return
    if assignment.every_weeks is None:  # asked once
        assignment.active, assignment.ended_at = False, completed_at
        assignment.save(update_fields=["active", "ended_at"])
        return
    completed_on = timezone.localdate(completed_at, timezone=zoneinfo.ZoneInfo(client.time_zone))
    assignment.next_due_on = completed_on + dt.timedelta(weeks=assignment.every_weeks)
    assignment.save(update_fields=["next_due_on"])


@transaction.atomic
def acknowledge_alert(alert: SafetyAlert, actor: ActorLike, *, note: str) -> SafetyAlert:
    """A therapist has followed up. The note is required; the first acknowledgement stands."""
    note = (note or "").strip()
    if not note:
        raise AssessmentActionError(_("Write what you did, for the record."), field="note")
    actor = Actor.of(actor)
    now = timezone.now()
    updated = SafetyAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=actor.user, acknowledgement_note=note
    )
    if not updated:
        raise AssessmentActionError(_("This alert has already been acknowledged."))
    dataversion.bump(alert.client_id)  # an UPDATE sends no signal
    alert.refresh_from_db()
    _audit(Action.SAFETY_ALERT_ACKNOWLEDGED, actor, alert, alert.client)
    return alert


def may_mark_improvement(response: MeasureResponse) -> bool:
    """A reliable improvement held back because the response raised a safety alert can be marked for the
    client once the alert is acknowledged, and only if it is not celebrated yet."""
    alert = getattr(response, "safety_alert", None)
    if alert is None or alert.acknowledged_at is None:
        return False
    return signals.held_back_wins.to_mark(response)


@transaction.atomic
def mark_improvement(response: MeasureResponse, actor: ActorLike) -> Any:
    """The therapist, having followed up a safety alert, marks the reliable improvement that Accord held
    back from celebrating beside it. Audited; the win appears for the client from now on."""
    if not may_mark_improvement(response):
        raise AssessmentActionError(
            _(
                "There is no reliable improvement to mark here, it is marked already, or its safety "
                "alert is not acknowledged yet."
            )
        )
    win = signals.held_back_wins.mark(response)
    if win is None:  # marked by someone else a moment ago
        raise AssessmentActionError(_("This improvement is marked already."))
    detail = {"instrument": response.instrument_key}
    _audit(Action.MEASURE_IMPROVEMENT_MARKED, Actor.of(actor), response, response.client, detail)
    return win


@transaction.atomic
def assign_measure(
    client: Client,
    actor: ActorLike,
    *,
    instrument_key: str,
    every_weeks: int | None,
    first_due_on: dt.date,
) -> MeasureAssignment:
    """Ask the client to complete a measure once or every N weeks. A new rhythm replaces a running one."""
    actor = Actor.of(actor)
    if instrument_key not in catalogue.enabled_measures(client.practice):
        raise AssessmentActionError(_("Your practice does not offer this measure."), field="instrument")
    for running in client.measure_assignments.active().filter(instrument_key=instrument_key):
        _end_assignment(running, actor)
    assignment = MeasureAssignment.objects.create(
        client=client,
        instrument_key=instrument_key,
        every_weeks=every_weeks,
        next_due_on=first_due_on,
        assigned_by=actor.user,
    )
    detail = {"instrument": instrument_key, "every_weeks": every_weeks}
    _audit(Action.MEASURE_ASSIGNED, actor, assignment, client, detail)
    return assignment


@transaction.atomic
def stop_assignment(assignment: MeasureAssignment, actor: ActorLike) -> MeasureAssignment:
    if not assignment.active:
        raise AssessmentActionError(_("This measure is no longer assigned."))
    _end_assignment(assignment, Actor.of(actor))
    return assignment


def _end_assignment(assignment: MeasureAssignment, actor: Actor) -> None:
    assignment.active, assignment.ended_at = False, timezone.now()
    assignment.save(update_fields=["active", "ended_at"])
    detail = {"instrument": assignment.instrument_key}
    _audit(Action.MEASURE_UNASSIGNED, actor, assignment, assignment.client, detail)


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
        entries = clean.get(item.key, ())
        if (
            item.kind == "list"
            and isinstance(entries, tuple)
            and any(len(e) > THEME_MAX_LENGTH for e in entries)
        ):
            errors[item.key] = _("Please keep each one under %(limit)s characters.") % {
                "limit": THEME_MAX_LENGTH
            }
    if errors:
        raise AnswerError(errors)
    return {key: _jsonable(clean[key]) if key in clean else None for key in answers}


@transaction.atomic
def save_intake_answers(
    client: Client,
    actor: ActorLike,
    answers: Mapping[str, object],
    *,
    confirm: bool = False,
) -> Intake:
    """Save some intake answers as the client goes. ``confirm`` marks an explicit save (a button, not an
    autosave): once the intake has been sent, an explicit save also brings new strengths, needs and
    values into the client's list for goals. Raises ``AnswerError`` (then nothing is saved), or a forbidden
    ``AssessmentActionError`` when someone other than the client tries."""
    actor = Actor.of(actor)
    _require_the_client(client, actor)
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
    _audit(Action.INTAKE_SAVED, actor, intake, client, detail)
    if confirm and intake.is_submitted:
        add_intake_themes(client, intake, actor)
    return intake


@transaction.atomic
def submit_intake(client: Client, actor: ActorLike) -> Intake:
    """Send the intake to the care team. Its strengths, needs and values join the client's list for goals,
    and PHQ-9 and GAD-7 are asked once if nobody has assigned them yet. Only the client sends it."""
    actor = Actor.of(actor)
    _require_the_client(client, actor)
    intake, _created = Intake.objects.select_for_update().get_or_create(
        client=client, defaults={"instrument_version": catalogue.intake_instrument().version}
    )
    first_time = not intake.is_submitted
    if first_time:
        intake.submitted_at = timezone.now()
        intake.save(update_fields=["submitted_at", "updated_at"])
        _audit(Action.INTAKE_SUBMITTED, actor, intake, client)
        _assign_intake_measures(client, actor)
    add_intake_themes(client, intake, actor)
    return intake


def add_intake_themes(client: Client, intake: Intake, actor: Actor) -> list[ClientTheme]:
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
                defaults={"source": "intake", "added_by": actor.user},
            )
            if created:
                _audit(Action.THEME_ADDED, actor, theme, client)
                added.append(theme)
    return added


def _assign_intake_measures(client: Client, actor: Actor) -> None:
    offered = catalogue.enabled_measures(client.practice)
    for key in INTAKE_MEASURES:
        never_asked = not (
            client.measure_assignments.filter(instrument_key=key).exists()
            or client.measure_responses.filter(instrument_key=key).exists()
        )
        if key in offered and never_asked:
            assign_measure(
                client, actor, instrument_key=key, every_weeks=None, first_due_on=client_today(client)
            )


# --- the therapist's formulation ----------------------------------------------------------------------


@transaction.atomic
def save_formulation(client: Client, actor: ActorLike, *, text: str) -> TherapistFormulation | None:
    """Save a new version of the assessment summary; ``None`` when the text did not change."""
    actor = Actor.of(actor)
    text = text.strip()
    latest = client.formulations.first()
    if latest is not None and latest.text == text:
        return None
    formulation = TherapistFormulation.objects.create(client=client, text=text, written_by=actor.user)
    _audit(Action.FORMULATION_SAVED, actor, formulation, client)
    return formulation


# --- the practice's choice of measures ----------------------------------------------------------------


@transaction.atomic
def set_practice_measures(practice: Practice, actor: ActorLike, *, enabled: Iterable[str]) -> bool:
    """Turn measures on or off for the practice. Returns whether anything changed."""
    actor = Actor.of(actor)
    wanted = set(enabled)
    before = set(catalogue.enabled_measures(practice))
    if before == wanted:
        return False
    for key in catalogue.measures():
        PracticeInstrument.objects.update_or_create(
            practice=practice,
            instrument_key=key,
            defaults={"enabled": key in wanted, "changed_by": actor.user},
        )
    detail = {"turned_on": sorted(wanted - before), "turned_off": sorted(before - wanted)}
    record(Action.INSTRUMENTS_CHANGED, actor=actor, obj=practice, detail=detail)
    return True
