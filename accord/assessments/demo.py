"""Demo assessments (issue 4, point 10): Cam's intake and ten weeks of PHQ-9 and GAD-7 with one reliable
improvement, Casey's half-done intake, and Cleo's PHQ-9 with a positive item 9 awaiting acknowledgement.

Everything goes through ``accord.assessments.actions``, so scoring, flags, assignments, themes and the audit
trail are the real ones; only the times are set back to the weeks they stand for. No email is sent for
Cleo's alert (the demo has nobody to read it). Idempotent: each response carries a fixed idempotency key,
and an intake or formulation that exists is left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from accord.accounts.models import Client, User
from accord.assessments import actions, catalogue
from accord.assessments.models import Intake, MeasureAssignment, ResponseSource, TherapistFormulation
from accord.demo import DemoPeople

# (days ago, PHQ-9 total, GAD-7 total): the intake baseline and three later scores. PHQ-9 falls by 8
# (reliable improvement: 6 or more) and leaves caseness; GAD-7 falls by 3 (no reliable change yet).
CAM_SCORES = [(70, 17, 12), (49, 15, 11), (28, 12, 10), (7, 9, 9)]

CAM_INTAKE = {
    "what_brings_you": "I've felt flat and stuck for months. Weekends are the worst: I don't leave the flat.",
    "hopes": "I'd get out more, sleep properly and feel like myself at work again.",
    "strengths": ["Sticks with routines when work is busy", "Good with my sister's kids"],
    "challenges": ["Sleep better so work feels manageable", "Getting out of the flat at weekends"],
    "values": ["Being healthy and active", "Being there for my sister"],
    "supports": "My sister, and my running club (though I haven't been for a while).",
    "previous_therapy": "yes",
    "previous_therapy_details": "CBT at university. The worksheets helped; being rushed didn't.",
    "importance": 8,
    "confidence": 5,
}

CASEY_INTAKE = {
    "what_brings_you": "I get so tense around people that I've started avoiding friends.",
    "hopes": "To go to things without planning my escape the whole time.",
    "strengths": ["I'm a good listener", "I keep trying"],
    "values": ["Friendship", "Being kind"],
    "challenges": ["Crowded places", "Talking in meetings"],
}

CAM_FORMULATION = (
    "Low mood with behavioural withdrawal, worst at weekends; sleep disrupted by late-night phone use. "
    "Maintaining cycle: tiredness → cancelling plans → isolation → lower mood. Strengths: routine at work, "
    "close to her sister, past benefit from structured CBT. Plan: behavioural activation (weekend walks), "
    "sleep routine; review PHQ-9/GAD-7 every 3 weeks."
)


def seed_assessments(people: DemoPeople) -> None:
    """The demo seed step (listed in ``accord.demo.SEED_STEPS``)."""
    _cam(people.cam, people.tess)
    _casey(people.casey)
    _cleo(people.cleo, people.theo)


def _ago(days: int, hour: int = 18) -> datetime:
    return (timezone.now() - timedelta(days=days)).replace(hour=hour, minute=15, second=0, microsecond=0)


def _cam(cam: Client, tess: User) -> None:
    if not Intake.objects.filter(client=cam).exists():
        actions.save_intake_answers(cam, _signed_in(cam), CAM_INTAKE)
        actions.submit_intake(cam, _signed_in(cam))
        Intake.objects.filter(client=cam).update(
            started_at=_ago(72), updated_at=_ago(71), submitted_at=_ago(71)
        )
    if not cam.measure_responses.exists():
        _cam_scores(cam, tess)
    if not cam.formulations.exists():
        formulation = actions.save_formulation(cam, tess, text=CAM_FORMULATION)
        TherapistFormulation.objects.filter(pk=formulation.pk).update(written_at=_ago(69, hour=12))


def _cam_scores(cam: Client, tess: User) -> None:
    """Every 3 weeks since the intake; the intake's one-off assignments become a rhythm."""
    for key in (catalogue.PHQ9_KEY, catalogue.GAD7_KEY):
        actions.assign_measure(cam, tess, instrument_key=key, every_weeks=3, first_due_on=_ago(70).date())
    for number, (days, phq, gad) in enumerate(CAM_SCORES, start=1):
        for key, total in ((catalogue.PHQ9_KEY, phq), (catalogue.GAD7_KEY, gad)):
            _respond(
                cam, key, answers_for(key, total), f"demo-cam-{key}-{number}", _ago(days), _signed_in(cam)
            )
    actions.assign_measure(
        cam, tess, instrument_key="session_checkin", every_weeks=None, first_due_on=timezone.localdate()
    )
    MeasureAssignment.objects.filter(client=cam).update(assigned_at=_ago(71, hour=11))


def _casey(casey: Client) -> None:
    if not Intake.objects.filter(client=casey).exists():
        actions.save_intake_answers(casey, _signed_in(casey), CASEY_INTAKE)
        Intake.objects.filter(client=casey).update(started_at=_ago(3, hour=21), updated_at=_ago(3, hour=21))


def _cleo(cleo: Client, theo: User) -> None:
    key = "demo-cleo-phq9-1"
    if cleo.measure_responses.filter(idempotency_key=key).exists():
        return
    actions.assign_measure(
        cleo, theo, instrument_key=catalogue.PHQ9_KEY, every_weeks=2, first_due_on=_ago(2).date()
    )
    answers = answers_for(catalogue.PHQ9_KEY, 13)
    answers["q9"] = 1  # "Several days": the safety rule applies whatever the total
    _respond(cleo, catalogue.PHQ9_KEY, answers, key, _ago(2, hour=22), _signed_in(cleo), notify=False)


def _signed_in(client: Client) -> User:
    """The demo's clients who answer for themselves all have an account."""
    if client.user is None:
        raise RuntimeError(f"The demo client {client.pk} has no account.")
    return client.user


def _respond(
    client: Client,
    key: str,
    answers: dict[str, object],
    idempotency_key: str,
    when: datetime,
    user: User,
    notify: bool = True,
) -> None:
    instrument = catalogue.get_instrument(key)
    if instrument is None:
        raise RuntimeError(f"The demo answers an unknown measure: {key}")
    actions.record_response(
        client,
        user,
        instrument,
        answers,
        idempotency_key=idempotency_key,
        source=ResponseSource.DEMO,
        completed_at=when,
        notify=notify,
    )


def answers_for(key: str, total: int) -> dict[str, int]:
    """Plausible answers adding up to ``total``, with PHQ-9 item 9 left at 0 (the caller may set it)."""
    instrument = catalogue.get_instrument(key)
    fillable = [item.key for item in instrument.scored_items if item.key != "q9"]
    answers = {item.key: 0 for item in instrument.scored_items}
    remaining = total
    while remaining:
        for item_key in fillable:
            if remaining and answers[item_key] < 3:
                answers[item_key] += 1
                remaining -= 1
    return answers
