"""Assessment pages: the client's intake and measures, the therapist's assessment page, safety alerts and
the practice's choice of measures.

Each view calls an access helper first, parses input with a form, calls one action and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.access import (
    admin_required,
    client_required,
    get_client_for,
    get_own_client,
    not_found,
    therapist_required,
)
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.assessments import actions, catalogue
from accord.assessments import sections as summary
from accord.assessments.access import get_alert_of, get_assignment_of, get_response_of
from accord.assessments.forms import (
    AcknowledgeAlertForm,
    AssignMeasureForm,
    FormulationForm,
    IntakeAnswersForm,
    MeasureForm,
    PracticeMeasuresForm,
)
from accord.assessments.intake_steps import intake_steps
from accord.assessments.models import MeasureResponse, ResponseSource
from accord.assessments.registry import Instrument

# --- the client's intake ------------------------------------------------------------------------------


def _intake_context(client: Client) -> dict:
    instrument = catalogue.intake_instrument()
    intake = actions.intake_of(client)
    answers = intake.answers if intake else {}
    steps = intake_steps(instrument)
    answered = sum(step.answered(answers) for step in steps)
    return {
        "client": client,
        "instrument": instrument,
        "intake": intake,
        "answers": answers,
        "steps": [(step, step.answered(answers), step.is_done(answers)) for step in steps],
        "step_count": len(steps),
        "answered": answered,
        "question_count": len(instrument.items),
    }


def _first_open_step(context: dict) -> int:
    for step, _answered, done in context["steps"]:
        if not done:
            return step.number
    return 1


@require_GET
@client_required
def intake_overview(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    context = _intake_context(client)
    context["continue_step"] = _first_open_step(context)
    return render(request, "assessments/client/intake_overview.html", context)


@require_http_methods(["GET", "POST"])
@client_required
def intake_step(request: AuthedHttpRequest, step: int) -> HttpResponse:
    client = get_own_client(request)
    context = _intake_context(client)
    steps = intake_steps(context["instrument"])
    if not 1 <= step <= len(steps):
        raise not_found(request, what="intake step", object_id=step)
    current = steps[step - 1]
    form = IntakeAnswersForm(current.items, request.POST or None, answers=context["answers"])
    if request.method == "POST" and form.is_valid():
        actions.save_intake_answers(client, actor_of(request), form.raw_answers(), confirm=True)
        if "stay" in request.POST:
            return redirect("intake_step", step=step)
        if "back" in request.POST and step > 1:
            return redirect("intake_step", step=step - 1)
        if step < len(steps):
            return redirect("intake_step", step=step + 1)
        return redirect("intake_review")
    context.update(
        {
            "form": form,
            "step": current,
            "previous": step - 1,
            "is_last": step == len(steps),
            "step_has_list": any(item.kind == "list" for item in current.items),
        }
    )
    return render(request, "assessments/client/intake_step.html", context)


@require_POST
@client_required
def intake_autosave(request: AuthedHttpRequest, item_key: str) -> HttpResponse:
    """Save one answer as the client types (htmx). Answers the little "Saved" note beside the question."""
    client = get_own_client(request)
    item = next((i for i in catalogue.intake_instrument().items if i.key == item_key), None)
    if item is None:
        raise not_found(request, what="intake question", object_id=item_key)
    form = IntakeAnswersForm((item,), request.POST)
    saved = form.is_valid()
    if saved:
        actions.save_intake_answers(client, actor_of(request), form.raw_answers())
    context = {"saved": saved, "errors": form.errors.get(item_key, []), "item": item}
    response = render(request, "assessments/client/intake_step.html#autosave-status", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_http_methods(["GET", "POST"])
@client_required
def intake_review(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    if request.method == "POST":
        earlier = actions.intake_of(client)
        first_time = earlier is None or not earlier.is_submitted
        actions.submit_intake(client, actor_of(request))
        if first_time:
            messages.success(request, _("Thank you. Your answers are with your care team now."))
        else:
            messages.success(request, _("Your changes are saved and your care team can see them."))
        return redirect("intake_review")
    context = _intake_context(client)
    steps = intake_steps(context["instrument"])
    context["review"] = [(step, summary.answered_items_of(step.items, context["answers"])) for step in steps]
    context["due"] = summary.due_measures(client)
    return render(request, "assessments/client/intake_review.html", context)


# --- the client's measures ----------------------------------------------------------------------------


@require_GET
@client_required
def my_measures(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    context = {
        "client": client,
        "assigned": summary.assigned_measures(client),
        "histories": summary.measure_histories(client),
    }
    return render(request, "assessments/client/measures.html", context)


def _measure_form(request: AuthedHttpRequest, instrument: Instrument) -> MeasureForm:
    return MeasureForm(
        instrument, data=request.POST or None, initial={"idempotency_key": actions.new_idempotency_key()}
    )


def _answer_measure(request: AuthedHttpRequest, client: Client, instrument: Instrument, form: MeasureForm):
    """Store the response if the form is valid; ``None`` (with the errors on the form) if not."""
    if not form.is_valid():
        return None
    try:
        response, _created = actions.record_response(
            client,
            actor_of(request),
            instrument,
            form.answers(),
            idempotency_key=form.cleaned_data["idempotency_key"],
            source=ResponseSource.PAGE,
        )
    except actions.AnswerError as exc:  # the same rules as the form's; kept for safety
        for key, message in exc.errors.items():
            form.add_error(key if key in form.fields else None, _(message))
        return None
    except actions.AssessmentActionError as exc:
        raise not_found(request, what="measure", object_id=instrument.key) from exc
    return response


def _measure_to_answer(request: AuthedHttpRequest, client: Client, instrument_key: str) -> Instrument:
    instrument = catalogue.get_instrument(instrument_key)
    if instrument is None or not actions.may_answer(request.user, client, instrument_key):
        raise not_found(request, what="measure", object_id=instrument_key)
    return instrument


@require_http_methods(["GET", "POST"])
@client_required
def take_measure(request: AuthedHttpRequest, instrument_key: str) -> HttpResponse:
    client = get_own_client(request)
    earlier = actions.response_with_key(client, request.POST.get("idempotency_key", ""))
    if earlier is not None:  # sent twice: show the result of the first
        return redirect("my_measure_result", response_id=earlier.pk)
    instrument = _measure_to_answer(request, client, instrument_key)
    form = _measure_form(request, instrument)
    if request.method == "POST":
        response = _answer_measure(request, client, instrument, form)
        if response is not None:
            return redirect("my_measure_result", response_id=response.pk)
    context = {"client": client, "instrument": instrument, "form": form}
    return render(request, "assessments/client/take_measure.html", context)


@require_GET
@client_required
def my_measure_result(request: AuthedHttpRequest, response_id: int) -> HttpResponse:
    client = get_own_client(request)
    response = get_response_of(request, client, response_id)
    context = {"client": client, "practice": client.practice, **_result_context(client, response)}
    return render(request, "assessments/client/result.html", context)


def _result_context(client: Client, response: MeasureResponse) -> dict:
    instrument = catalogue.instrument_version(response.instrument_key, response.instrument_version)
    history = next(
        (h for h in summary.measure_histories(client) if h.instrument.key == response.instrument_key), None
    )
    row = next((r for r in history.rows if r.response.pk == response.pk), None) if history else None
    return {
        "response": response,
        "instrument": instrument,
        "history": history,
        "row": row,
        "is_latest": history is not None and history.latest.response.pk == response.pk,
        "answered": summary.answered_items(instrument, response.answers),
        "ratings": summary.ratings(instrument, response) if instrument.scoring.method != "sum" else [],
        "flag_texts": summary.flag_texts(instrument, response),
    }


# --- the therapist's assessment page ------------------------------------------------------------------


def _assessment_page(
    request: AuthedHttpRequest,
    client: Client,
    *,
    formulation_form: FormulationForm | None = None,
    assign_form: AssignMeasureForm | None = None,
) -> HttpResponse:
    histories = summary.measure_histories(client)
    formulations = list(client.formulations.select_related("written_by")[:20])
    latest = formulations[0] if formulations else None
    intake = actions.intake_of(client)
    offered = catalogue.enabled_measures(client.practice)
    context = {
        "client": client,
        "intake": intake,
        "intake_answers": summary.intake_summary(intake),
        "intake_flags": summary.intake_flags(intake),
        "histories": histories,
        "recovery": summary.recovery(histories),
        "recovery_note": summary.recovery_note(),
        "assigned": summary.assigned_measures(client, offered),
        "offered": offered,
        "alerts": list(client.safety_alerts.select_related("acknowledged_by", "response")),
        "formulation": latest,
        "earlier_formulations": formulations[1:],
        "formulation_form": formulation_form
        or FormulationForm(initial={"text": latest.text if latest else ""}),
        "assign_form": assign_form
        or AssignMeasureForm(offered, initial={"first_due_on": actions.client_today(client)}),
    }
    return render(request, "assessments/therapist/assessment.html", context)


@require_GET
@therapist_required
def assessment_page(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    return _assessment_page(request, client)


@require_POST
@therapist_required
def save_formulation(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    form = FormulationForm(request.POST)
    if not form.is_valid():
        return _assessment_page(request, client, formulation_form=form)
    if actions.save_formulation(client, actor_of(request), text=form.cleaned_data["text"]):
        messages.success(request, _("The assessment summary is saved."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect(reverse("client_assessment", args=[client.pk]) + "#formulation")


@require_POST
@therapist_required
def assign_measure(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    form = AssignMeasureForm(catalogue.enabled_measures(client.practice), request.POST)
    if not form.is_valid():
        return _assessment_page(request, client, assign_form=form)
    data = form.cleaned_data
    actions.assign_measure(
        client,
        actor_of(request),
        instrument_key=data["instrument"],
        every_weeks=data["every_weeks"],
        first_due_on=data["first_due_on"],
    )
    messages.success(request, _("The measure is assigned."))
    return redirect(reverse("client_assessment", args=[client.pk]) + "#measures")


@require_POST
@therapist_required
def stop_assignment(request: AuthedHttpRequest, client_id: int, assignment_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=True)
    assignment = get_assignment_of(request, client, assignment_id)
    try:
        actions.stop_assignment(assignment, actor_of(request))
        messages.success(request, _("The measure is no longer assigned."))
    except actions.AssessmentActionError as exc:
        messages.info(request, exc.message)
    return redirect(reverse("client_assessment", args=[client.pk]) + "#measures")


@require_http_methods(["GET", "POST"])
@therapist_required
def enter_measure(request: AuthedHttpRequest, client_id: int, instrument_key: str) -> HttpResponse:
    """A therapist fills in a measure with the client in session (for clients who do not sign in, too)."""
    client = get_client_for(request, client_id, write=request.method == "POST")
    earlier = actions.response_with_key(client, request.POST.get("idempotency_key", ""))
    if earlier is not None:  # sent twice: show the result of the first
        return redirect("client_measure_response", client_id=client.pk, response_id=earlier.pk)
    instrument = _measure_to_answer(request, client, instrument_key)
    form = _measure_form(request, instrument)
    if request.method == "POST":
        response = _answer_measure(request, client, instrument, form)
        if response is not None:
            return redirect("client_measure_response", client_id=client.pk, response_id=response.pk)
    context = {"client": client, "instrument": instrument, "form": form}
    return render(request, "assessments/therapist/enter_measure.html", context)


@require_GET
@therapist_required
def response_detail(request: AuthedHttpRequest, client_id: int, response_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    response = get_response_of(request, client, response_id)
    alert = getattr(response, "safety_alert", None)
    context = {
        "client": client,
        "practice": client.practice,
        "alert": alert,
        "ack_form": AcknowledgeAlertForm(),
        "may_mark_improvement": actions.may_mark_improvement(response),
        **_result_context(client, response),
    }
    return render(request, "assessments/therapist/response.html", context)


@require_POST
@therapist_required
def mark_improvement(request: AuthedHttpRequest, client_id: int, response_id: int) -> HttpResponse:
    """Mark for the client a reliable improvement that was held back because of a safety alert."""
    client = get_client_for(request, client_id, write=True)
    response = get_response_of(request, client, response_id)
    try:
        actions.mark_improvement(response, actor_of(request))
    except actions.AssessmentActionError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("Marked: the client sees this improvement among their wins."))
    return redirect("client_measure_response", client_id=client.pk, response_id=response.pk)


@require_http_methods(["GET", "POST"])
@therapist_required
def alert_page(request: AuthedHttpRequest, client_id: int, alert_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=request.method == "POST")
    alert = get_alert_of(request, client, alert_id)
    form = AcknowledgeAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.acknowledge_alert(alert, actor_of(request), note=form.cleaned_data["note"])
        except actions.AssessmentActionError as exc:
            messages.info(request, exc.message)
        else:
            messages.success(request, _("The alert is acknowledged. Your note is in the record."))
        return redirect("client_alert", client_id=client.pk, alert_id=alert.pk)
    instrument = catalogue.instrument_version(
        alert.response.instrument_key, alert.response.instrument_version
    )
    context = {
        "client": client,
        "alert": alert,
        "form": form,
        "instrument": instrument,
        "flag_texts": summary.flag_texts(instrument, alert.response),
    }
    return render(request, "assessments/therapist/alert.html", context)


# --- the practice's measures (admin) ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@admin_required
def practice_measures(request: AuthedHttpRequest) -> HttpResponse:
    practice = request.user.practice
    initial = {"enabled": list(catalogue.enabled_measures(practice))}
    form = PracticeMeasuresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if actions.set_practice_measures(practice, actor_of(request), enabled=form.cleaned_data["enabled"]):
            messages.success(request, _("The practice's measures are saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("practice_measures")
    context = {"form": form, "measures": catalogue.measures(), "instruments_dir": catalogue.instruments_dir()}
    return render(request, "assessments/practice/measures.html", context)
