"""The goal pages people read: each party's list, proposing a goal, the goal's page and its history.

Also the helpers the other goal views answer with (the goal page again, with a reason or a form's errors).
Each view starts with an access helper, parses input with a form, calls one function in ``actions`` and
renders. An htmx request gets the named partial of the same template; everything also works without JS.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accord import dataversion, pagecache
from accord.accounts.access import (
    client_required,
    get_client_for,
    get_own_client,
    party_required,
    therapist_required,
)
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.goals import actions
from accord.goals.access import client_of_goal_for, get_goal_for, goal_of_client
from accord.goals.actions import GoalActionError, party_of
from accord.goals.coach import coach_for_words
from accord.goals.forms import (
    AcceptForm,
    CloseForm,
    CommentForm,
    DeclineForm,
    DiffForm,
    ExploringForm,
    GasRatingForm,
    InSessionAgreementForm,
    ProposeGoalForm,
    RatingsForm,
    ReadinessForm,
    StageForm,
)
from accord.goals.models import (
    IN_PLAY_LIFECYCLE,
    AgreementEvent,
    ClientTheme,
    GasRating,
    Goal,
    GoalStep,
    LifecycleStatus,
    Party,
)
from accord.goals.motivation_sections import latest_readiness, motivation_for_goal
from accord.goals.sections import (
    agreement_sentences,
    diff_versions,
    goal_page_sections,
    goal_state_for,
    goals_overview,
    level_label,
    party_names,
)

GOAL_PAGE = "goals/goal_page.html"


def render_part(
    request: AuthedHttpRequest, template: str, context: dict, *, partial: str = "", status: int = 200
):
    """The whole page, or for an htmx request only the named partial of the same template."""
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def to_goal(goal: Goal, anchor: str = "") -> HttpResponse:
    return redirect(reverse("goal_page", args=[goal.pk]) + (f"#{anchor}" if anchor else ""))


# --- lists --------------------------------------------------------------------------------------------
@require_GET
@therapist_required
def client_goals(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    context = {"client": client, "goals_overview": goals_overview(client, request.user)}
    return render(request, "goals/client_goals.html", context)


@require_GET
@client_required
def my_goals(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    context = {"client": client, "goals_overview": goals_overview(client, request.user)}
    return render(request, "goals/my_goals.html", context)


@require_GET
@client_required
def my_goals_explained(request: AuthedHttpRequest) -> HttpResponse:
    """ "How is this worked out?": the levels, weights and formula behind "how far you've come overall",
    for a client who wants them (the only client page with the measurement's own terms; issue 13)."""
    client = get_own_client(request)
    context = {"client": client, "goals_overview": goals_overview(client, request.user)}
    return render(request, "goals/my_goals_explained.html", context)


# --- proposing ----------------------------------------------------------------------------------------
def _propose(request: AuthedHttpRequest, client: Client, *, cancel_url: str) -> HttpResponse:
    """Propose a goal in a sentence, with the SMART coach beside it as the words are typed (issue 13). The
    coach is asked by posting ``_action=coach`` (htmx as one types, or the button without JavaScript):
    nothing is saved then."""
    party = party_of(request.user, client)
    asks_coach = request.method == "POST" and request.POST.get("_action") == "coach"
    form = ProposeGoalForm(
        None if asks_coach else (request.POST or None), party=party, client_name=client.display_name
    )
    if asks_coach:
        form = ProposeGoalForm(
            initial={"words": request.POST.get("words", "")}, party=party, client_name=client.display_name
        )
    elif request.method == "POST" and form.is_valid():
        goal = actions.propose_goal(
            client,
            actor_of(request),
            words=form.cleaned_data["words"],
            submission_key=form.cleaned_data["submission_key"],
        )
        if party == Party.CLIENT:
            messages.success(request, _("Thank you — your goal is saved in your own words."))
        else:
            messages.success(request, _("Goal proposed. Shape it together in the builder when you're ready."))
        return to_goal(goal)
    status = 400 if form.is_bound else 200
    context = {
        "client": client,
        "form": form,
        "party": party,
        "cancel_url": cancel_url,
        "coach": coach_for_words(request.POST.get("words", "") if request.method == "POST" else ""),
        "coach_requested": asks_coach,
    }
    if asks_coach and request.htmx:
        return render_part(request, "goals/builder.html", context, partial="coach-panel")
    return render(request, "goals/propose.html", context, status=status)


@require_http_methods(["GET", "POST"])
@therapist_required
def propose_for_client(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, write=request.method == "POST")
    return _propose(request, client, cancel_url=reverse("client_goals", args=[client.pk]))


@require_http_methods(["GET", "POST"])
@client_required
def propose_my_goal(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    return _propose(request, client, cancel_url=reverse("my_goals"))


# --- the goal's page ----------------------------------------------------------------------------------
def _gas_levels(goal: Goal, latest: dict[str, GasRating], party: str = "") -> list[dict[str, Any]]:
    version = goal.version_now
    descriptions = version.gas_descriptions()
    return [
        {
            "level": level,
            "label": level_label(level, party),
            "description": descriptions[level],
            "is_baseline": level == version.gas_baseline_level,
            "client_latest": latest.get(Party.CLIENT) and latest[Party.CLIENT].level == level,
            "therapist_latest": latest.get(Party.THERAPIST) and latest[Party.THERAPIST].level == level,
        }
        for level in (2, 1, 0, -1, -2)
    ]


def permissions(goal: Goal, party: str) -> dict[str, bool]:
    status = goal.lifecycle_status
    deciding = status in (*IN_PLAY_LIFECYCLE, LifecycleStatus.REJECTED) and not goal.exploring
    closed = goal.is_closed
    return {
        "accept": deciding and not goal.accepted_by(party),
        # One declines what one has not accepted; an agreed goal is changed, parked or closed instead.
        "decline": deciding and not goal.accepted_by(party) and goal.last_declined_by != party,
        "park": actions.may_park(goal),
        "resume": status == LifecycleStatus.ON_HOLD,
        "withdraw": actions.may_withdraw(goal, party),
        "close": party == Party.THERAPIST and goal.is_open,
        "edit": not closed,
        "rate_gas": goal.agreed_version_id is not None and not closed,
        "tick": not closed,
        # The client's answer, recorded by the therapist in session (agreement in the room).
        "record_in_session": party == Party.THERAPIST
        and deciding
        and not goal.accepted_by(Party.CLIENT)
        and goal.last_declined_by != Party.CLIENT,
        "stage": party == Party.THERAPIST and not closed,
        "explore": actions.may_explore(goal),
        "stop_exploring": goal.exploring and not closed,
        "balance": not closed,
    }


def goal_page_context(request: AuthedHttpRequest, goal: Goal, **forms: Any) -> dict[str, Any]:
    party = party_of(request.user, goal.client)
    names = party_names(goal.client, party)
    events = list(AgreementEvent.objects.filter(goal=goal).select_related("user", "version"))
    goal.events = events  # type: ignore[attr-defined]  # the progress section dates the agreed versions from these
    ratings = list(GasRating.objects.filter(goal=goal).select_related("rated_by").order_by("rated_at", "id"))
    latest = {rating.party: rating for rating in ratings}
    steps = list(GoalStep.objects.filter(goal=goal, is_current=True).select_related("done_by"))
    version = goal.version_now
    themes = ClientTheme.objects.filter(client=goal.client, pk__in=version.theme_ids)
    readiness = latest_readiness(goal)
    context = {
        "goal": goal,
        "client": goal.client,
        "version": version,
        "party": party,
        "names": names,
        "sentences": agreement_sentences(goal, events, names, request.user.pk),
        "state": goal_state_for(goal, party),
        "can": permissions(goal, party),
        "milestones": [s for s in steps if s.kind == GoalStep.Kind.MILESTONE],
        "action_steps": [s for s in steps if s.kind == GoalStep.Kind.ACTION],
        "gas_levels": _gas_levels(goal, latest, party),
        "latest_client_rating": latest.get(Party.CLIENT),
        "latest_therapist_rating": latest.get(Party.THERAPIST),
        "recent_ratings": ratings[-6:][::-1],
        "themes": themes,
        "readiness": readiness,
        "versions": goal.versions.select_related("created_by").order_by("-number"),
        "events": events[::-1],
        "importance_client": goal.client_importance,
        "importance_therapist": goal.therapist_importance,
        "difficulty": goal.therapist_difficulty,
        "accept_form": AcceptForm(initial={"version": goal.current_number}),
        "decline_form": DeclineForm(),
        "park_form": CommentForm(prefix="park"),
        "withdraw_form": CommentForm(prefix="withdraw"),
        "close_form": CloseForm(),
        "gas_form": GasRatingForm(party=party),
        "ratings_form": RatingsForm(
            party=party,
            initial={
                "importance": goal.client_importance if party == Party.CLIENT else goal.therapist_importance,
                "difficulty": goal.therapist_difficulty,
            },
        ),
        "readiness_form": ReadinessForm(party=party, client_name=goal.client.display_name),
        "motivation": motivation_for_goal(goal, readiness),
        "stage_form": StageForm(initial={"stage": goal.stage_of_change}),
        "in_session_form": InSessionAgreementForm(
            initial={"version": goal.current_number}, client_name=goal.client.display_name
        ),
        "explore_form": ExploringForm(initial={"exploring": "1"}, prefix="explore"),
        "shape_form": ExploringForm(initial={"exploring": "0"}, prefix="shape"),
    }
    for section in goal_page_sections:
        context.update(section(request, goal))
    context.update(forms)
    return context


def show_goal(request: AuthedHttpRequest, goal: Goal, *, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, GOAL_PAGE, goal_page_context(request, goal, **forms), status=status)


@require_GET
@party_required
def goal_page(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    client = client_of_goal_for(request, goal_id)
    if client is None:  # not theirs, or no such goal: answered (and audited) as every goal view answers
        return show_goal(request, get_goal_for(request, goal_id))
    return pagecache.page(
        request,
        "goal page",
        dataversion.token_of(client),
        lambda: show_goal(request, goal_of_client(request, goal_id, client)),
    )


def refused(
    request: AuthedHttpRequest,
    goal: Goal,
    error: GoalActionError,
    *,
    status: int = 400,
    form_name: str = "",
    form: Any = None,
) -> HttpResponse:
    """Show the goal again with the reason the request could not be carried out: next to the field it
    concerns when that field is on the submitted form, otherwise at the top of the agreement panel."""
    forms = {form_name: form} if form is not None else {}
    if form is not None and error.field in form.fields:
        form.add_error(error.field, error.message)
        return show_goal(request, goal, status=status, **forms)
    return show_goal(request, goal, status=status, action_error=error.message, **forms)


# --- history ------------------------------------------------------------------------------------------
@require_GET
@party_required
def changes(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id)
    versions = {v.number: v for v in goal.versions.select_related("created_by").order_by("number")}
    form = DiffForm(request.GET, latest=goal.version_now.number)
    context = {"goal": goal, "client": goal.client, "versions": list(versions.values()), "form": form}
    if not form.is_valid():
        return render(request, "goals/changes.html", context, status=400)
    old, new = versions[form.cleaned_data["from_number"]], versions[form.cleaned_data["to_number"]]
    old.goal, new.goal = goal, goal  # diff_versions reads the client from the goal; it is loaded already
    context.update(old=old, new=new, field_changes=diff_versions(old, new))
    return render(request, "goals/changes.html", context)
