"""The goal's decisions (accept, decline, park, take up again, withdraw, complete or retire) and what is
recorded on an agreed goal (steps ticked, GAS levels, importance and readiness ratings).

Each answers with the goal page: again with the reason when the action refuses, else a redirect to it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.accounts.access import party_required, therapist_required
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.goals import actions
from accord.goals.access import get_goal_for, get_step_of
from accord.goals.actions import GoalActionError, RatingChange, party_of
from accord.goals.forms import (
    AcceptForm,
    CloseForm,
    CommentForm,
    DeclineForm,
    GasRatingForm,
    RatingsForm,
    ReadinessForm,
)
from accord.goals.models import Goal
from accord.goals.views.pages import GOAL_PAGE, permissions, refused, render_part, show_goal, to_goal


# --- decisions ----------------------------------------------------------------------------------------
@require_POST
@party_required
def accept(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return refused(request, goal, GoalActionError(_("Please read the goal and try again.")))
    try:
        agreed = actions.accept_goal(goal, actor_of(request), version_number=form.cleaned_data["version"])
    except GoalActionError as error:
        # A stale page (the goal changed meanwhile) is a conflict, not a mistake by the person.
        return refused(request, goal, error, status=409 if error.field == "version" else 400)
    if agreed:
        messages.success(request, _("You both agree on this goal now."))
    else:
        messages.success(request, _("You accepted version %(number)s.") % {"number": goal.current_number})
    return to_goal(goal)


@require_POST
@party_required
def decline(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return show_goal(request, goal, status=400, decline_form=form)
    try:
        actions.decline_goal(goal, actor_of(request), comment=form.cleaned_data["comment"])
    except GoalActionError as error:
        return refused(request, goal, error, form_name="decline_form", form=form)
    messages.success(request, _("Declined. The goal is kept, so you can talk about it and change it."))
    return to_goal(goal)


def _decide_with_comment(request: AuthedHttpRequest, goal: Goal, decision: str) -> HttpResponse:
    """Park or withdraw: an optional comment, one action, and the goal page again."""
    form = CommentForm(request.POST, prefix=decision)
    if not form.is_valid():
        return show_goal(request, goal, status=400, **{f"{decision}_form": form})
    try:
        done = actions.decide(goal, actor_of(request), decision, comment=form.cleaned_data["comment"])
    except GoalActionError as error:
        return refused(request, goal, error, form_name=f"{decision}_form", form=form)
    messages.success(request, done)
    return to_goal(goal)


@require_POST
@party_required
def park(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    return _decide_with_comment(request, goal, "park")


@require_POST
@party_required
def resume(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    try:
        done = actions.decide(goal, actor_of(request), "resume")
    except GoalActionError as error:
        return refused(request, goal, error)
    messages.success(request, done)
    return to_goal(goal)


@require_POST
@party_required
def withdraw(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    return _decide_with_comment(request, goal, "withdraw")


@require_POST
@therapist_required
def close(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return show_goal(request, goal, status=400, close_form=form)
    decision = "complete" if form.cleaned_data["outcome"] == "completed" else "retire"
    try:
        done = actions.decide(goal, actor_of(request), decision, comment=form.cleaned_data["comment"])
    except GoalActionError as error:
        return refused(request, goal, error, form_name="close_form", form=form)
    messages.success(request, done)
    return to_goal(goal)


# --- steps, GAS and ratings ---------------------------------------------------------------------------
@require_POST
@party_required
def tick_step(request: AuthedHttpRequest, goal_id: int, step_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    step = get_step_of(request, goal, step_id)
    done = request.POST.get("done") == "1"
    try:
        step = actions.tick_step(step, actor_of(request), done=done)
    except GoalActionError as error:
        return refused(request, goal, error)
    if request.htmx:
        context = {"step": step, "goal": goal, "can": permissions(goal, party_of(request.user, goal.client))}
        return render_part(request, GOAL_PAGE, context, partial="step")
    messages.success(request, _("Ticked off — well done.") if done else _("Marked as not done yet."))
    return to_goal(goal, "steps")


@require_POST
@party_required
def rate_gas(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = GasRatingForm(request.POST, party=party_of(request.user, goal.client))
    if not form.is_valid():
        return show_goal(request, goal, status=400, gas_form=form)
    try:
        actions.rate_gas(
            goal,
            actor_of(request),
            level=form.cleaned_data["level"],
            note=form.cleaned_data["note"],
            in_session=form.cleaned_data["in_session"],
        )
    except GoalActionError as error:
        # Shown at the top: before agreement the level form itself is not on the page.
        return refused(request, goal, error)
    messages.success(request, _("Level recorded."))
    return to_goal(goal, "gas")


@require_POST
@party_required
def rate(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    party = party_of(request.user, goal.client)
    form = RatingsForm(request.POST, party=party)
    if not form.is_valid():
        return show_goal(request, goal, status=400, ratings_form=form)
    change = RatingChange(
        importance=form.cleaned_data["importance"], difficulty=form.cleaned_data.get("difficulty")
    )
    try:
        actions.rate_goal(goal, actor_of(request), change)
    except GoalActionError as error:
        return refused(request, goal, error, form_name="ratings_form", form=form)
    messages.success(request, _("Rating saved."))
    return to_goal(goal, "ratings")


@require_POST
@party_required
def rate_readiness(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = ReadinessForm(
        request.POST, party=party_of(request.user, goal.client), client_name=goal.client.display_name
    )
    if not form.is_valid():
        return show_goal(request, goal, status=400, readiness_form=form)
    actions.rate_readiness(
        goal,
        actor_of(request),
        importance=form.cleaned_data["importance"],
        confidence=form.cleaned_data["confidence"],
    )
    messages.success(request, _("Thank you. Your answers are saved."))
    return to_goal(goal, "readiness")
