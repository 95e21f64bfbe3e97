"""The goal pages: lists for each party, proposing, the goal's page, the builder with its coach, and the
decisions (accept, decline, park, take up again, withdraw, complete or retire), steps, GAS and ratings.

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
from accord.goals.access import get_goal_for, get_step_of
from accord.goals.actions import GoalActionError, RatingChange, party_of
from accord.goals.coach import coach_result
from accord.goals.forms import (
    AcceptForm,
    CloseForm,
    CommentForm,
    DecisionalBalanceForm,
    DeclineForm,
    DiffForm,
    ExploringForm,
    GasRatingForm,
    GoalBuilderForm,
    InSessionAgreementForm,
    ProposeGoalForm,
    RatingsForm,
    ReadinessForm,
    StageForm,
    ThemeForm,
    builder_initial,
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
from accord.goals.sections import (
    agreement_sentences,
    decisional_balance_for,
    goal_page_sections,
    goals_overview,
    latest_readiness,
    level_label,
    motivation_for_goal,
    party_names,
)
from accord.goals.summary import diff_versions, goal_state_for

BUILDER = "goals/builder.html"
GOAL_PAGE = "goals/goal_page.html"


def _render(
    request: AuthedHttpRequest, template: str, context: dict, *, partial: str = "", status: int = 200
):
    """The whole page, or for an htmx request only the named partial of the same template."""
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _to_goal(goal: Goal, anchor: str = "") -> HttpResponse:
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


# --- proposing ----------------------------------------------------------------------------------------
def _propose(request: AuthedHttpRequest, client: Client, *, cancel_url: str) -> HttpResponse:
    party = party_of(request.user, client)
    form = ProposeGoalForm(request.POST or None, party=party, client_name=client.display_name)
    if request.method == "POST" and form.is_valid():
        goal = actions.propose_goal(client, actor_of(request), words=form.cleaned_data["words"])
        if party == Party.CLIENT:
            messages.success(request, _("Thank you — your goal is saved in your own words."))
        else:
            messages.success(request, _("Goal proposed. Shape it together in the builder when you're ready."))
        return _to_goal(goal)
    status = 400 if form.is_bound else 200
    context = {"client": client, "form": form, "party": party, "cancel_url": cancel_url}
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
def _gas_levels(goal: Goal, latest: dict[str, GasRating]) -> list[dict[str, Any]]:
    version = goal.current_version
    descriptions = version.gas_descriptions()
    return [
        {
            "level": level,
            "label": level_label(level),
            "description": descriptions[level],
            "is_baseline": level == version.gas_baseline_level,
            "client_latest": latest.get(Party.CLIENT) and latest[Party.CLIENT].level == level,
            "therapist_latest": latest.get(Party.THERAPIST) and latest[Party.THERAPIST].level == level,
        }
        for level in (2, 1, 0, -1, -2)
    ]


def _permissions(goal: Goal, party: str) -> dict[str, bool]:
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
    ratings = list(GasRating.objects.filter(goal=goal).select_related("rated_by").order_by("rated_at", "id"))
    latest = {rating.party: rating for rating in ratings}
    steps = list(GoalStep.objects.filter(goal=goal, is_current=True).select_related("done_by"))
    version = goal.current_version
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
        "can": _permissions(goal, party),
        "milestones": [s for s in steps if s.kind == GoalStep.Kind.MILESTONE],
        "action_steps": [s for s in steps if s.kind == GoalStep.Kind.ACTION],
        "gas_levels": _gas_levels(goal, latest),
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
        "gas_form": GasRatingForm(),
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


def _goal_page(request: AuthedHttpRequest, goal: Goal, *, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, GOAL_PAGE, goal_page_context(request, goal, **forms), status=status)


@require_GET
@party_required
def goal_page(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id)
    return _goal_page(request, goal)


def _refused(
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
        return _goal_page(request, goal, status=status, **forms)
    return _goal_page(request, goal, status=status, action_error=error.message, **forms)


# --- decisions ----------------------------------------------------------------------------------------
@require_POST
@party_required
def accept(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _refused(request, goal, GoalActionError(_("Please read the goal and try again.")))
    try:
        agreed = actions.accept_goal(goal, actor_of(request), version_number=form.cleaned_data["version"])
    except GoalActionError as error:
        # A stale page (the goal changed meanwhile) is a conflict, not a mistake by the person.
        return _refused(request, goal, error, status=409 if error.field == "version" else 400)
    if agreed:
        messages.success(request, _("You both agree on this goal now."))
    else:
        messages.success(request, _("You accepted version %(number)s.") % {"number": goal.current_number})
    return _to_goal(goal)


@require_POST
@party_required
def decline(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _goal_page(request, goal, status=400, decline_form=form)
    try:
        actions.decline_goal(goal, actor_of(request), comment=form.cleaned_data["comment"])
    except GoalActionError as error:
        return _refused(request, goal, error, form_name="decline_form", form=form)
    messages.success(request, _("Declined. The goal is kept, so you can talk about it and change it."))
    return _to_goal(goal)


def _decide_with_comment(request: AuthedHttpRequest, goal: Goal, decision: str) -> HttpResponse:
    """Park or withdraw: an optional comment, one action, and the goal page again."""
    form = CommentForm(request.POST, prefix=decision)
    if not form.is_valid():
        return _goal_page(request, goal, status=400, **{f"{decision}_form": form})
    try:
        done = actions.decide(goal, actor_of(request), decision, comment=form.cleaned_data["comment"])
    except GoalActionError as error:
        return _refused(request, goal, error, form_name=f"{decision}_form", form=form)
    messages.success(request, done)
    return _to_goal(goal)


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
        return _refused(request, goal, error)
    messages.success(request, done)
    return _to_goal(goal)


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
        return _goal_page(request, goal, status=400, close_form=form)
    decision = "complete" if form.cleaned_data["outcome"] == "completed" else "retire"
    try:
        done = actions.decide(goal, actor_of(request), decision, comment=form.cleaned_data["comment"])
    except GoalActionError as error:
        return _refused(request, goal, error, form_name="close_form", form=form)
    messages.success(request, done)
    return _to_goal(goal)


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
        return _refused(request, goal, error)
    if request.htmx:
        context = {"step": step, "goal": goal, "can": _permissions(goal, party_of(request.user, goal.client))}
        return _render(request, GOAL_PAGE, context, partial="step")
    messages.success(request, _("Ticked off — well done.") if done else _("Marked as not done yet."))
    return _to_goal(goal, "steps")


@require_POST
@party_required
def rate_gas(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = GasRatingForm(request.POST)
    if not form.is_valid():
        return _goal_page(request, goal, status=400, gas_form=form)
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
        return _refused(request, goal, error)
    messages.success(request, _("Level recorded."))
    return _to_goal(goal, "gas")


@require_POST
@party_required
def rate(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    party = party_of(request.user, goal.client)
    form = RatingsForm(request.POST, party=party)
    if not form.is_valid():
        return _goal_page(request, goal, status=400, ratings_form=form)
    change = RatingChange(
        importance=form.cleaned_data["importance"], difficulty=form.cleaned_data.get("difficulty")
    )
    try:
        actions.rate_goal(goal, actor_of(request), change)
    except GoalActionError as error:
        return _refused(request, goal, error, form_name="ratings_form", form=form)
    messages.success(request, _("Rating saved."))
    return _to_goal(goal, "ratings")


@require_POST
@party_required
def rate_readiness(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = ReadinessForm(
        request.POST, party=party_of(request.user, goal.client), client_name=goal.client.display_name
    )
    if not form.is_valid():
        return _goal_page(request, goal, status=400, readiness_form=form)
    actions.rate_readiness(
        goal,
        actor_of(request),
        importance=form.cleaned_data["importance"],
        confidence=form.cleaned_data["confidence"],
    )
    messages.success(request, _("Thank you. Your answers are saved."))
    return _to_goal(goal, "readiness")


# --- agreement in the room and motivation ------------------------------------------------------------------
@require_POST
@therapist_required
def record_in_session(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    """The client's acceptance or decline of a version, given in the room, recorded by the therapist."""
    goal = get_goal_for(request, goal_id, write=True)
    form = InSessionAgreementForm(request.POST, client_name=goal.client.display_name)
    if not form.is_valid():
        return _goal_page(request, goal, status=400, in_session_form=form)
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
        return _refused(request, goal, error, status=status, form_name="in_session_form", form=form)
    name = goal.client.display_name
    if agreed:
        messages.success(
            request, _("Recorded: %(name)s agreed in session. You both agree now.") % {"name": name}
        )
    elif data["decision"] == "accept":
        messages.success(request, _("Recorded: %(name)s accepted this version in session.") % {"name": name})
    else:
        messages.success(request, _("Recorded: %(name)s declined this version in session.") % {"name": name})
    return _to_goal(goal, "agreement")


@require_POST
@therapist_required
def set_stage(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = StageForm(request.POST)
    if not form.is_valid():
        return _goal_page(request, goal, status=400, stage_form=form)
    try:
        actions.set_stage_of_change(goal, actor_of(request), form.cleaned_data["stage"])
    except GoalActionError as error:
        return _refused(request, goal, error, form_name="stage_form", form=form)
    messages.success(request, _("Stage of change saved."))
    return _to_goal(goal, "motivation")


@require_POST
@party_required
def set_exploring(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    prefix = "explore" if request.POST.get("explore-exploring") is not None else "shape"
    form = ExploringForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _refused(request, goal, GoalActionError(_("Please try again from the goal's page.")))
    exploring = form.cleaned_data["exploring"]
    try:
        actions.set_exploring(
            goal, actor_of(request), exploring=exploring, comment=form.cleaned_data["comment"]
        )
    except GoalActionError as error:
        return _refused(request, goal, error)
    if exploring:
        messages.success(request, _("This goal is now being explored. Nobody is asked to accept it yet."))
    else:
        messages.success(request, _("Ready to shape: change it in the builder, then accept it together."))
    return _to_goal(goal, "agreement")


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


# --- history ------------------------------------------------------------------------------------------
@require_GET
@party_required
def changes(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id)
    versions = {v.number: v for v in goal.versions.select_related("created_by").order_by("number")}
    form = DiffForm(request.GET, latest=goal.current_number)
    context = {"goal": goal, "client": goal.client, "versions": list(versions.values()), "form": form}
    if not form.is_valid():
        return render(request, "goals/changes.html", context, status=400)
    old, new = versions[form.cleaned_data["from_number"]], versions[form.cleaned_data["to_number"]]
    old.goal, new.goal = goal, goal  # diff_versions reads the client from the goal; it is loaded already
    context.update(old=old, new=new, field_changes=diff_versions(old, new))
    return render(request, "goals/changes.html", context)


# --- the builder and its coach ------------------------------------------------------------------------
def _ratings_initial(goal: Goal, party: str) -> dict[str, Any]:
    readiness = latest_readiness(goal)
    return {
        "importance": goal.client_importance if party == Party.CLIENT else goal.therapist_importance,
        "difficulty": goal.therapist_difficulty,
        "readiness_importance": readiness.importance if readiness else None,
        "readiness_confidence": readiness.confidence if readiness else None,
    }


def _builder_form(request: AuthedHttpRequest, goal: Goal, party: str, data=None) -> GoalBuilderForm:
    themes = list(ClientTheme.objects.filter(client=goal.client))
    initial = builder_initial(
        goal.current_version, client_words=goal.client_words, ratings=_ratings_initial(goal, party)
    )
    return GoalBuilderForm(
        data, initial=initial, party=party, themes=themes, client_name=goal.client.display_name
    )


def _builder(
    request: AuthedHttpRequest,
    goal: Goal,
    form: GoalBuilderForm,
    *,
    status: int = 200,
    partial: str = "",
    **extra: Any,
) -> HttpResponse:
    party = form.party
    extra_rows = extra.pop("extra_rows", {})
    context = {
        "goal": goal,
        "client": goal.client,
        "version": goal.current_version,
        "party": party,
        "form": form,
        "theme_form": extra.pop("theme_form", None) or ThemeForm(),
        "coach": coach_result(goal, form.data if form.is_bound else None, party),
        "closed": goal.is_closed,
        "milestone_rows": form.step_rows("milestones", extra_rows.get("milestones", 0)),
        "action_step_rows": form.step_rows("action_steps", extra_rows.get("action_steps", 0)),
        "baseline_level": _chosen_baseline_level(form),
        **extra,
    }
    return _render(request, BUILDER, context, partial=partial, status=status)


def _chosen_baseline_level(form: GoalBuilderForm) -> int | None:
    value = form["gas_baseline_level"].value()
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
@party_required
def build(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=request.method == "POST")
    party = party_of(request.user, goal.client)
    if request.method == "GET":
        return _builder(request, goal, _builder_form(request, goal, party))
    try:
        actions.require_not_closed(goal)
    except GoalActionError as error:
        messages.error(request, error.message)
        return _to_goal(goal)
    form = _builder_form(request, goal, party, data=request.POST)
    step = request.POST.get("_action", "save")
    if step == "coach":
        # The no-JavaScript way to ask the coach: the same page again, with the panel filled in.
        return _builder(request, goal, form, coach_requested=True)
    if step == "add_theme":
        return _builder_add_theme(request, goal, form)
    if step in ("more_milestones", "more_action_steps"):
        name = step.removeprefix("more_")
        return _builder(request, goal, form, partial=f"steps-{name}", extra_rows={name: 1})
    return _builder_save(request, goal, form)


def _builder_add_theme(request: AuthedHttpRequest, goal: Goal, form: GoalBuilderForm) -> HttpResponse:
    """The builder's "add a need, strength or value": add it and tick it, keeping everything else as typed
    (unsaved). htmx gets only the themes fieldset back — as 200 even with an error, since htmx swaps only
    successful answers."""
    theme_form = ThemeForm(request.POST)
    if not theme_form.is_valid():
        status = 200 if request.htmx else 400
        return _builder(request, goal, form, status=status, partial="themes", theme_form=theme_form)
    theme = actions.add_theme(
        goal.client,
        actor_of(request),
        kind=theme_form.cleaned_data["theme_kind"],
        text=theme_form.cleaned_data["theme_text"],
    )
    data = request.POST.copy()
    data.appendlist("theme_ids", str(theme.pk))
    data["theme_text"] = ""
    form = _builder_form(request, goal, form.party, data=data)
    return _builder(request, goal, form, partial="themes", theme_added=theme)


def _builder_save(request: AuthedHttpRequest, goal: Goal, form: GoalBuilderForm) -> HttpResponse:
    if not form.is_valid():
        return _builder(request, goal, form, status=400)
    based_on = form.cleaned_data["based_on"]
    try:
        actions.require_current(goal, based_on)
    except GoalActionError:
        # Someone saved a newer version meanwhile. Keep this person's input, show what changed, and let the
        # next save build on the newest version.
        data = request.POST.copy()
        data["based_on"] = str(goal.current_number)
        form = _builder_form(request, goal, form.party, data=data)
        return _builder(request, goal, form, status=409, stale_from=based_on)
    saved = _save_builder_parts(request, goal, form)
    if saved is None:
        return _builder(request, goal, form, status=400)
    if not saved:
        messages.info(request, _("Nothing has changed, so no new version was made."))
        return _builder(request, goal, _builder_form(request, goal, form.party))
    return _to_goal(goal)


def _save_builder_parts(request: AuthedHttpRequest, goal: Goal, form: GoalBuilderForm) -> list[str] | None:
    """Save what changed: a new version, the client's own words, ratings. Returns what was saved, or None
    when the goal refused the change (the form then carries the reason)."""
    saved: list[str] = []
    current = goal.current_version
    cleaned = form.cleaned_data
    changes = {
        name: value for name, value in form.version_content().items() if getattr(current, name) != value
    }
    words = cleaned.get("client_words") if "client_words" in form.fields else None
    words = words if words is not None and words != goal.client_words else None
    if changes or words is not None:
        try:
            version = actions.edit_goal(
                goal,
                actor_of(request),
                changes,
                client_words=words,
                based_on=cleaned["based_on"],
                reason=cleaned["reason"],
            )
        except GoalActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return None
        if version is not None:
            saved.append("version")
            messages.success(request, _version_saved_message(goal, version.number, form.party))
        if words is not None:
            saved.append("words")
            messages.success(request, _("Your own words are saved."))
    if _save_ratings(request, goal, form):
        saved.append("ratings")
        if "version" not in saved:
            messages.success(request, _("Ratings saved."))
    return saved


def _save_ratings(request: AuthedHttpRequest, goal: Goal, form: GoalBuilderForm) -> bool:
    cleaned, party = form.cleaned_data, form.party
    initial = _ratings_initial(goal, party)
    changed = False
    importance, difficulty = cleaned["importance"], cleaned.get("difficulty")
    change = RatingChange(
        importance=importance if importance != initial["importance"] else None,
        difficulty=difficulty if party == Party.THERAPIST and difficulty != initial["difficulty"] else None,
    )
    if change.importance is not None or change.difficulty is not None:
        actions.rate_goal(goal, actor_of(request), change)
        changed = True
    readiness = (cleaned["readiness_importance"], cleaned["readiness_confidence"])
    if None not in readiness and readiness != (
        initial["readiness_importance"],
        initial["readiness_confidence"],
    ):
        actions.rate_readiness(goal, actor_of(request), importance=readiness[0], confidence=readiness[1])
        changed = True
    return changed


def _version_saved_message(goal: Goal, number: int, party: str) -> str:
    if goal.is_agreed:
        return _("Saved as version %(number)s. You both agree on it.") % {"number": number}
    other = Party.THERAPIST if party == Party.CLIENT else Party.CLIENT
    name = party_names(goal.client, party).of(other)
    return _("Saved as version %(number)s. %(name)s will be asked to accept it.") % {
        "number": number,
        "name": name[:1].upper() + name[1:],
    }


@require_POST
@party_required
def coach(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    """The coach's panel for what is typed in the builder right now. Advisory: nothing is saved."""
    goal = get_goal_for(request, goal_id)
    party = party_of(request.user, goal.client)
    context = {"goal": goal, "client": goal.client, "coach": coach_result(goal, request.POST, party)}
    if request.htmx:
        return _render(request, BUILDER, context, partial="coach-panel")
    return render(request, "goals/coach_page.html", context)
