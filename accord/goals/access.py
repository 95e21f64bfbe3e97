"""The access helper for goal pages: a goal is reachable exactly when its client's record is.

Ownership is decided once, by ``accord.accounts.access.get_client_for`` on the goal's client, so the rules
for goals can never drift from the rules for clients.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from accord.accounts.access import get_client_for
from accord.audit.models import Action
from accord.audit.recording import record
from accord.goals.models import Goal


def get_goal_for(request: HttpRequest, goal_id: int, *, write: bool = False) -> Goal:
    """The goal with its versions and client loaded, if ``request.user`` may open the goal's client.

    Anyone else gets the same 404 whether the goal exists or not, and the attempt is audited."""
    goal = (
        Goal.objects.select_related("current_version", "agreed_version", "proposed_by")
        .filter(pk=goal_id)
        .first()
    )
    if goal is None:
        record(Action.ACCESS_DENIED, request=request, detail={"what": "goal", "id": str(goal_id)})
        raise Http404
    # Raises Http404 (audited) for outsiders and records the read or write for everyone else.
    goal.client = get_client_for(request, goal.client_id, write=write)
    return goal
