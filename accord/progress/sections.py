"""The read side of progress that other apps' pages show: the goal page's status section (added to
``accord.goals.sections.goal_page_sections`` in ``ProgressConfig.ready``) and the client page's section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accord.accounts.models import Client
from accord.goals import motivation
from accord.goals.models import Goal
from accord.goals.motivation_sections import (
    NOT_LOADED,
    GoalFlag,
    Loaded,
    motivation_for_goal,
    prompts_for_flag,
)
from accord.goals.sections import attach_gas_ratings, goals_for_list
from accord.progress import rules, status
from accord.progress.forms import AUTOMATIC, StatusForm


def status_form(goal: Goal, back: str, data=None) -> StatusForm:
    current = goal.achievement_status if goal.achievement_set_by_hand else AUTOMATIC
    return StatusForm(data, prefix=f"status-{goal.pk}", initial={"status": current, "back": back})


# Why an automatic "stalled" status is stalled (``rules.Status.cause``) → the flag it raises.
STALLED_FLAGS = {
    rules.NO_MOVEMENT: motivation.STALLED,
    rules.NO_VALUES: motivation.MISSED_CHECKINS,
    rules.FALLING_CONFIDENCE: motivation.FALLING_CONFIDENCE,
}


def stalled_flag_code(progress: status.GoalProgress) -> str | None:
    """The flag a stalled goal raises — ``stalled`` (no movement over the last N check-ins),
    ``missed_checkins`` (no value for N days) or ``falling_confidence`` — judged on the automatic status
    (a status set by hand does not hide it); none while the goal is parked."""
    if progress.status.key == status.PAUSED or progress.status.automatic.key != rules.STALLED:
        return None
    return STALLED_FLAGS.get(progress.status.automatic.cause, motivation.STALLED)


def goal_flags(progress: status.GoalProgress, readiness: Loaded = NOT_LOADED) -> list[GoalFlag]:
    """The stalled flag of one agreed goal, if any, carrying its prompts. ``readiness``: the goal's latest
    readiness rating when the caller loaded it (``latest_readiness_by_goal``), else one query."""
    code = stalled_flag_code(progress)
    if code is None:
        return []
    prompts = prompts_for_flag(progress.goal, code, readiness=readiness)
    return [GoalFlag(code=code, reason=progress.status.automatic.reason, prompts=prompts)]


def motivation_of(goal: Goal, progress: status.GoalProgress | None = None) -> dict[str, Any]:
    """``goals.sections.motivation_for_goal`` with the stalled flag added (for an agreed goal): every flag
    on the goal with its prompts, the stage, exploring, readiness and the decisional balance. The
    pre-session brief, the goal page and ``GET /api/v1/goals/{id}/motivation`` read it here."""
    found = motivation_for_goal(goal)
    if progress is None and goal.agreed_version_id is not None:
        progress = status.goal_progress(goal)
    if progress is not None:
        found["flags"] = goal_flags(progress, found["readiness"]) + found["flags"]
    return found


def goal_page_progress_context(request: HttpRequest, goal: Goal) -> dict[str, Any]:
    """For the goal page (``checkins/progress_goal_section.html``): status, chart, divergence, and for the
    therapist the stalled flag with its prompts."""
    progress = status.progress_of_fresh_goal(goal)
    therapist = getattr(request.user, "is_therapist", False)
    return {
        "goal_progress": progress,
        "goal_status_form": status_form(goal, "goal"),
        "goal_flags": goal_flags(progress) if progress is not None and therapist else [],
    }


def goals_for_client_page(client: Client) -> list[Goal]:
    """The client's goals, loaded once for the client page's goals and progress sections (and the check-ins
    section's "has goals"): ``goals_for_list`` with each party's latest ratings."""
    goals = list(status.with_latest_ratings(goals_for_list(client, gas_ratings=False)))
    # GAS ratings only for goals that have any (the latest-rating annotations say which): none, no query.
    rated = [
        g
        for g in goals
        if getattr(g, "latest_client_gas", None) is not None
        or getattr(g, "latest_therapist_gas", None) is not None
    ]
    attach_gas_ratings(goals, rated)
    return goals


def therapist_progress_context(client: Client, goals: list[Goal] | None = None) -> dict[str, Any]:
    """For the therapist's client page (``checkins/progress_client_section.html``): each goal's status
    and any divergence between the client's and the therapist's ratings. ``goals``: from
    ``goals_for_client_page`` when the page has loaded them."""
    progress = (
        status.client_progress(client)
        if goals is None
        else status.progress_of_loaded(status.tracked_of_loaded(goals), client)
    )
    return {
        "progress_section": {
            "goals": progress,
            "diverging": [p for p in progress if p.divergences],
        }
    }
