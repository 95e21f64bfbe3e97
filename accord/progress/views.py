"""The in-session review (therapist, with the client on a shared screen), the progress pages (both parties),
the charts they show, and the progress parts of other apps' pages (the goal page, the therapist's client
page).

Each view calls an access helper first, parses input with a form, calls one action and renders. Charts are
separate SVG images (see ``_svg``): a page's Content-Security-Policy forbids the inline styles matplotlib
writes, while an image document has its own policy.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord import dataversion, pagecache
from accord.accounts.access import (
    client_required,
    get_client_for,
    get_own_client,
    nothing_to_show,
    party_required,
    therapist_required,
)
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Client
from accord.assessments.sections import measure_histories
from accord.checkins.models import Celebration, CheckInRhythm
from accord.goals import actions as goal_actions
from accord.goals.access import get_goal_for, get_step_of
from accord.goals.actions import GoalActionError, party_of
from accord.goals.gas import CLIENT_LEVEL_LABELS, LEVEL_LABELS
from accord.goals.models import Goal, GoalStep, LifecycleStatus, Party
from accord.goals.motivation_sections import GoalFlag, goal_flags_of_goal, latest_readiness_by_goal
from accord.goals.sections import PartyNames, party_names
from accord.progress import actions, charts, status
from accord.progress.actions import ReviewError
from accord.progress.forms import DecisionForm, GoalReviewForm, StatusForm, level_text
from accord.progress.sections import goal_flags
from accord.progress.sections import status_form as _status_form
from accord.progress.series import t_score_series
from accord.progress.status import GoalProgress

REVIEW_PAGE = "checkins/review.html"
GOAL_PROGRESS_PAGE = "checkins/progress_goal.html"
CLIENT_PROGRESS_PAGE = "checkins/progress_client.html"
# The review shows the latest few values beside each chart; the goal's progress page shows them all.
REVIEW_TABLE_ROWS = 6
NOTES_SHOWN = 3
WINS_SHOWN = 5
# An image document has its own policy: no scripts, nothing loaded, matplotlib's inline styles allowed.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


# --- helpers shared by the pages ------------------------------------------------------------------------


def rhythm_weeks(client: Client) -> int:
    weeks = CheckInRhythm.objects.filter(client=client).values_list("every_weeks", flat=True).first()
    return weeks or client.practice.default_checkin_interval_weeks


def chart_url(goal: Goal) -> str:
    return reverse("goal_progress_chart", args=[goal.pk])


def chart_size(request: AuthedHttpRequest) -> str:
    """``?size=narrow`` asks for the phone drawing; anything else gets the wide one."""
    return "narrow" if request.GET.get("size") == "narrow" else "wide"


def _svg(body: str) -> HttpResponse:
    """An SVG image. NoStoreMiddleware adds the no-store cache headers every signed-in response gets."""
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = SVG_POLICY
    response["Content-Disposition"] = 'inline; filename="chart.svg"'
    return response


@dataclass
class GasRow:
    level: int
    text: str
    label: str
    description: str
    is_baseline: bool
    client_latest: bool
    therapist_latest: bool


def gas_rows(progress: GoalProgress, viewer: str = "") -> list[GasRow]:
    version = progress.version
    descriptions = version.gas_descriptions()
    return [
        GasRow(
            level=level,
            text=level_text(level),
            label=_((CLIENT_LEVEL_LABELS if viewer == Party.CLIENT else LEVEL_LABELS)[level]),
            description=descriptions[level],
            is_baseline=level == version.gas_baseline_level,
            client_latest=progress.ratings.client_gas == level,
            therapist_latest=progress.ratings.therapist_gas == level,
        )
        for level in (2, 1, 0, -1, -2)
    ]


def _steps_by_goal(goals: list[Goal]) -> dict[int, list[GoalStep]]:
    steps: dict[int, list[GoalStep]] = {goal.pk: [] for goal in goals}
    rows = GoalStep.objects.filter(goal__in=goals, is_current=True).select_related("done_by")
    for step in rows.order_by("kind", "position", "id"):
        steps[step.goal_id].append(step)
    return steps


# --- the in-session review ------------------------------------------------------------------------------


@dataclass
class ReviewItem:
    progress: GoalProgress
    form: GoalReviewForm
    status_form: StatusForm
    decision_form: DecisionForm
    steps: list[GoalStep] = field(default_factory=list)
    gas: list[GasRow] = field(default_factory=list)
    flags: list[GoalFlag] = field(default_factory=list)  # the stalled flag and low confidence, with prompts

    @property
    def goal(self) -> Goal:
        return self.progress.goal

    @property
    def milestones(self) -> list[GoalStep]:
        return [s for s in self.steps if s.kind == GoalStep.Kind.MILESTONE]

    @property
    def action_steps(self) -> list[GoalStep]:
        return [s for s in self.steps if s.kind == GoalStep.Kind.ACTION]

    @property
    def recent_entries(self):
        return list(reversed(self.progress.entries[-REVIEW_TABLE_ROWS:]))

    @property
    def recent_notes(self):
        return self.progress.noted_entries[:NOTES_SHOWN]

    @property
    def anchor(self) -> str:
        return f"goal-{self.goal.pk}"

    @property
    def has_gas_words(self) -> bool:
        return any(row.description for row in self.gas)

    @property
    def is_paused(self) -> bool:
        return self.goal.lifecycle_status == LifecycleStatus.ON_HOLD


def _review_page(
    request: AuthedHttpRequest, client: Client, *, bound: dict[str, Any] | None = None, status_code: int = 200
) -> HttpResponse:
    """The whole review; ``bound`` holds a refused form ({"goal": id, "form"|"status_form"|…: form})."""
    bound = bound or {}
    open_goals = status.progress_for(
        Goal.objects.filter(
            client=client, lifecycle_status__in=(LifecycleStatus.ACTIVE, LifecycleStatus.ON_HOLD)
        ),
        client,
    )
    steps = _steps_by_goal([p.goal for p in open_goals])
    readiness = latest_readiness_by_goal([p.goal for p in open_goals])
    items = []
    for progress in open_goals:
        goal = progress.goal
        forms = bound if bound.get("goal") == goal.pk else {}
        items.append(
            ReviewItem(
                progress=progress,
                form=forms.get("form") or GoalReviewForm(goal=goal, client_name=client.display_name),
                status_form=forms.get("status_form") or _status_form(goal, "review"),
                decision_form=forms.get("decision_form") or DecisionForm(prefix=f"decide-{goal.pk}"),
                steps=steps[goal.pk],
                gas=gas_rows(progress),
                flags=goal_flags(progress, readiness.get(goal.pk))
                + goal_flags_of_goal(goal, readiness.get(goal.pk)),
            )
        )
    context = {
        "client": client,
        "items": items,
        "names": party_names(client, Party.THERAPIST),
        "diverging": [item for item in items if item.progress.divergences],
        "wins": list(Celebration.objects.filter(client=client).order_by("-created_at", "-pk")[:WINS_SHOWN]),
        "bound_goal": bound.get("goal"),
    }
    return render(request, REVIEW_PAGE, context, status=status_code)


def _back_to_review(goal: Goal) -> HttpResponse:
    return redirect(reverse("client_review", args=[goal.client_id]) + f"#goal-{goal.pk}")


@require_GET
@therapist_required
def review(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    version = dataversion.token_of(client)
    return pagecache.page(request, "review", version, lambda: _review_page(request, client))


@require_POST
@therapist_required
def record_review(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    form = GoalReviewForm(request.POST, goal=goal, client_name=goal.client.display_name)
    if form.is_valid():
        try:
            actions.record_review(actor_of(request), [form.review()])
        except ReviewError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    if not form.is_valid():
        return _review_page(request, goal.client, bound={"goal": goal.pk, "form": form}, status_code=400)
    messages.success(request, _("Recorded for this goal."))
    return _back_to_review(goal)


@require_POST
@therapist_required
def set_status(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    """Set the status by hand, or hand it back to Accord; then back to where the form was."""
    goal = get_goal_for(request, goal_id, write=True)
    form = StatusForm(request.POST, prefix=f"status-{goal.pk}")
    if form.is_valid():
        try:
            actions.set_status(goal, actor_of(request), form.cleaned_data["status"])
        except ReviewError as error:
            form.add_error("status", error.message)
    back = form.cleaned_data.get("back", "")
    if not form.is_valid():
        if back == "review":
            return _review_page(
                request, goal.client, bound={"goal": goal.pk, "status_form": form}, status_code=400
            )
        return _goal_progress_page(request, goal, status_form=form, status_code=400)
    messages.success(request, _("Status saved."))
    if back == "review":
        return _back_to_review(goal)
    if back == "goal":
        return redirect(reverse("goal_page", args=[goal.pk]) + "#progress")
    return redirect("goal_progress", goal_id=goal.pk)


@require_POST
@therapist_required
def decide(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    """Pause, complete, retire or take up again, in session."""
    goal = get_goal_for(request, goal_id, write=True)
    form = DecisionForm(request.POST, prefix=f"decide-{goal.pk}")
    done = ""
    if form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            # The same action and the same words as the goal page's buttons.
            done = goal_actions.decide(goal, actor_of(request), decision, comment=comment)
        except GoalActionError as error:
            form.add_error("decision", error.message)
    if not form.is_valid():
        bound = {"goal": goal.pk, "decision_form": form}
        return _review_page(request, goal.client, bound=bound, status_code=400)
    messages.success(request, done)
    return _back_to_review(goal)


@require_POST
@therapist_required
def tick(request: AuthedHttpRequest, goal_id: int, step_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id, write=True)
    step = get_step_of(request, goal, step_id)
    step.goal = goal
    try:
        goal_actions.tick_step(step, actor_of(request), done=request.POST.get("done") == "1")
    except GoalActionError as error:
        messages.error(request, error.message)
        return _back_to_review(goal)
    messages.success(request, _("Ticked off — well done.") if step.done_at else _("Marked as not done yet."))
    return _back_to_review(goal)


# --- progress pages -------------------------------------------------------------------------------------


def _goal_progress_page(
    request: AuthedHttpRequest, goal: Goal, *, status_form: StatusForm | None = None, status_code: int = 200
) -> HttpResponse:
    viewer = party_of(request.user, goal.client)
    progress = status.goal_progress(goal)
    context = {
        "goal": goal,
        "client": goal.client,
        "viewer": viewer,
        "names": party_names(goal.client, viewer),
        "progress": progress,
        "gas": gas_rows(progress, viewer) if progress else [],
        "status_form": status_form or _status_form(goal, "progress"),
    }
    return render(request, GOAL_PROGRESS_PAGE, context, status=status_code)


@require_GET
@party_required
def goal_progress(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id)
    return _goal_progress_page(request, goal)


@require_GET
@party_required
def goal_progress_chart(request: AuthedHttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request, goal_id)
    progress = status.goal_progress(goal)
    if progress is None:
        raise nothing_to_show()
    spec = charts.goal_chart(
        progress, every_weeks=rhythm_weeks(goal.client), today=status.client_today(goal.client)
    )
    return _svg(charts.cached_svg(f"goal:{goal.pk}", spec, chart_size(request)))


def _scored_histories(client: Client) -> list:
    return [history for history in measure_histories(client) if history.is_scored]


def _client_progress_page(request: AuthedHttpRequest, client: Client, viewer: str) -> HttpResponse:
    context = {
        "client": client,
        "viewer": viewer,
        "names": party_names(client, viewer),
        "goals": status.client_progress(client),
        "t_series": t_score_series(client),
        "histories": _scored_histories(client),
    }
    return render(request, CLIENT_PROGRESS_PAGE, context)


@require_GET
@therapist_required
def client_progress(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    return _client_progress_page(request, client, Party.THERAPIST)


@require_GET
@client_required
def my_progress(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    return _client_progress_page(request, client, Party.CLIENT)


def _viewer_names(request: AuthedHttpRequest, client: Client) -> PartyNames:
    return party_names(client, party_of(request.user, client))


@require_GET
@party_required
def t_score_chart(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id)
    series = t_score_series(client)
    if not series.has_points:
        raise nothing_to_show()
    names = _viewer_names(request, client)
    spec = charts.t_score_chart(series, party_names={p: _possessive_name(names, p) for p in Party.values})
    return _svg(charts.cached_svg(f"t-score:{client.pk}", spec, chart_size(request)))


def _possessive_name(names: PartyNames, party: str) -> str:
    return names.client_name if party == Party.CLIENT else names.therapist_name


@require_GET
@party_required
def measure_chart(request: AuthedHttpRequest, client_id: int, key: str) -> HttpResponse:
    client = get_client_for(request, client_id)
    history = next((h for h in _scored_histories(client) if h.instrument.key == key), None)
    if history is None:
        raise nothing_to_show()
    spec = charts.measure_chart(history, zone=zoneinfo.ZoneInfo(client.time_zone))
    return _svg(charts.cached_svg(f"measure:{client.pk}:{key}", spec, chart_size(request)))


# --- the progress parts of other pages (one line in each of their views) ------------------------------
