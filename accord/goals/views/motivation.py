"""The goal views for motivation and agreement in the room: the client's answer recorded in session, the
stage of change, exploring, and the decisional balance (docs/motivation.md)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.accounts.access import party_required, therapist_required
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.goals import actions
from accord.goals.access import get_goal_for
from accord.goals.actions import GoalActionError, party_of
from accord.goals.forms import DecisionalBalanceForm, ExploringForm, InSessionAgreementForm, StageForm
from accord.goals.models import Goal, Party
from accord.goals.motivation_sections import decisional_balance_for
from accord.goals.views.pages import refused, show_goal, to_goal


# --- agreement in the room and motivation ------------------------------------------------------------------
@require_POST
@therapist_required
def record_in_session(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    """The client's acceptance or decline of a version, given in the room, recorded by the therapist."""
    goal = get_goal_for(request, goal_id, write=True)
    form = InSessionAgreementForm(request.POST, client_name=goal.client.display_name)
    if not form.is_valid():
        return show_goal(request, goal, status=400, in_session_form=form)
    data = form.cleaned_data
    try:
        agreed = actions.record_in_session(
            goal,
            actor_of(request),
            decision=data["decision"],
            version_number=data["version"],
            agreed_in_room=data["in_room"],
            comment=data["comment"],
        )
    except GoalActionError as error:
        status = 409 if error.field == "version" else 400
        return refused(request, goal, error, status=status, form_name="in_session_form", form=form)
    name = goal.client.display_name
    if agreed:
        messages.success(
            request, _("Recorded: %(name)s agreed in session. You both agree now.") % {"name": name}
        )
    elif data["decision"] == "accept":
        messages.success(request, _("Recorded: %(name)s accepted this version in session.") % {"name": name})
    else:
        messages.success(request, _("Recorded: %(name)s declined this version in session.") % {"name": name})
    return to_goal(goal, "agreement")


@require_POST
@therapist_required
def set_stage(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = StageForm(request.POST)
    if not form.is_valid():
        return show_goal(request, goal, status=400, stage_form=form)
    try:
        actions.set_stage_of_change(goal, actor_of(request), form.cleaned_data["stage"])
    except GoalActionError as error:
        return refused(request, goal, error, form_name="stage_form", form=form)
    messages.success(request, _("Stage of change saved."))
    return to_goal(goal, "motivation")


@require_POST
@party_required
def set_exploring(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    prefix = "explore" if request.POST.get("explore-exploring") is not None else "shape"
    form = ExploringForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return refused(request, goal, GoalActionError(_("Please try again from the goal's page.")))
    exploring = form.cleaned_data["exploring"]
    try:
        actions.set_exploring(
            goal, actor_of(request), exploring=exploring, comment=form.cleaned_data["comment"]
        )
    except GoalActionError as error:
        return refused(request, goal, error)
    if exploring:
        messages.success(request, _("This goal is now being explored. Nobody is asked to accept it yet."))
    else:
        messages.success(request, _("Ready to shape: change it in the builder, then accept it together."))
    return to_goal(goal, "agreement")


BALANCE_PAGE = "goals/balance.html"


def _balance_page(
    request: AuthedHttpRequest, goal: Goal, form: DecisionalBalanceForm, *, status: int = 200, error: str = ""
) -> HttpResponse:
    party = party_of(request.user, goal.client)
    context = {
        "goal": goal,
        "client": goal.client,
        "version": goal.current_version,
        "party": party,
        "form": form,
        "balance": decisional_balance_for(goal),
        "can_edit": not goal.is_closed,
        "action_error": error,
    }
    return render(request, BALANCE_PAGE, context, status=status)


@require_http_methods(["GET", "POST"])
@party_required
def balance(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    """The decisional balance: the client fills it in; the therapist reads it, or fills it in with them."""
    goal = get_goal_for(request, goal_id, write=request.method == "POST")
    party = party_of(request.user, goal.client)
    if request.method == "GET":
        current = decisional_balance_for(goal)
        initial = {
            name: getattr(current, name) for name in ("change_pros", "change_cons", "stay_pros", "stay_cons")
        }
        return _balance_page(request, goal, DecisionalBalanceForm(initial=initial, party=party))
    form = DecisionalBalanceForm(request.POST, party=party)
    if not form.is_valid():
        return _balance_page(request, goal, form, status=400)
    try:
        actions.save_decisional_balance(
            goal, actor_of(request), form.answers(), in_session=bool(form.cleaned_data.get("in_room"))
        )
    except GoalActionError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
            return _balance_page(request, goal, form, status=400)
        return _balance_page(request, goal, form, status=400, error=error.message)
    messages.success(
        request, _("Your decisional balance is saved.") if party == Party.CLIENT else _("Saved.")
    )
    return redirect(reverse("goal_balance", args=[goal.pk]))
