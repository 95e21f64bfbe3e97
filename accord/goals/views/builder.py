"""The goal builder (a new version of the goal, the client's own words, ratings, themes) and its coach.

A save names the version it was based on; when someone saved a newer one meanwhile, the person's input is
kept and shown against the newest version (409), and their next save builds on it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.accounts.access import party_required
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.goals import actions
from accord.goals.access import get_goal_for
from accord.goals.actions import GoalActionError, RatingChange, party_of
from accord.goals.coach import coach_result
from accord.goals.forms import GoalBuilderForm, ThemeForm, builder_initial
from accord.goals.models import ClientTheme, Goal, Party
from accord.goals.motivation_sections import latest_readiness
from accord.goals.sections import party_names
from accord.goals.views.live import builder_live_context
from accord.goals.views.pages import render_part, to_goal

BUILDER = "goals/builder.html"


# --- the builder and its coach ------------------------------------------------------------------------
def _ratings_initial(goal: Goal, party: str) -> dict[str, Any]:
    readiness = latest_readiness(goal)
    return {
        "importance": goal.client_importance if party == Party.CLIENT else goal.therapist_importance,
        "difficulty": goal.therapist_difficulty,
        "readiness_importance": readiness.importance if readiness else None,
        "readiness_confidence": readiness.confidence if readiness else None,
    }


def _builder_form(
    request: AuthedHttpRequest, goal: Goal, party: str, data: QueryDict | None = None
) -> GoalBuilderForm:
    themes = list(ClientTheme.objects.filter(client=goal.client))
    initial = builder_initial(
        goal.version_now, client_words=goal.client_words, ratings=_ratings_initial(goal, party)
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
        "coach": coach_result(goal, form.posted, party),
        "closed": goal.is_closed,
        "milestone_rows": form.step_rows("milestones", extra_rows.get("milestones", 0)),
        "action_step_rows": form.step_rows("action_steps", extra_rows.get("action_steps", 0)),
        "baseline_level": _chosen_baseline_level(form),
        "live": builder_live_context(),
        **extra,
    }
    return render_part(request, BUILDER, context, partial=partial, status=status)


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
        return to_goal(goal)
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
    return to_goal(goal)


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
        return render_part(request, BUILDER, context, partial="coach-panel")
    return render(request, "goals/coach_page.html", context)
