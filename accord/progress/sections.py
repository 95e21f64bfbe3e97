"""The read side of progress that other apps' pages show: the goal page's status section (added to
``accord.goals.sections.goal_page_sections`` in ``ProgressConfig.ready``) and the client page's section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accord.accounts.models import Client
from accord.goals.models import Goal
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


def therapist_progress_context(client: Client) -> dict[str, Any]:
    """For the therapist's client page (``checkins/progress_client_section.html``): each goal's status
    and any divergence between the client's and the therapist's ratings."""
    goals = status.client_progress(client)
    return {
        "progress_section": {
            "goals": goals,
            "diverging": [p for p in goals if p.divergences],
        }
    }
