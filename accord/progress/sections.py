"""The read side of progress that other apps' pages show: the goal page's status section (added to
``accord.goals.sections.goal_page_sections`` in ``ProgressConfig.ready``) and the client page's section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accord.accounts.models import Client
from accord.goals.models import Goal
from accord.goals.sections import attach_gas_ratings, goals_for_list
from accord.progress import status
from accord.progress.forms import AUTOMATIC, StatusForm


def status_form(goal: Goal, back: str, data=None) -> StatusForm:
    current = goal.achievement_status if goal.achievement_set_by_hand else AUTOMATIC
    return StatusForm(data, prefix=f"status-{goal.pk}", initial={"status": current, "back": back})


def goal_page_progress_context(request: HttpRequest, goal: Goal) -> dict[str, Any]:
    """For the goal page (``checkins/progress_goal_section.html``): status, chart, divergence."""
    return {
        "goal_progress": status.goal_progress(goal),
        "goal_status_form": status_form(goal, "goal"),
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
