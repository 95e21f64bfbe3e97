"""The access helper for goal pages: a goal is reachable exactly when its client's record is.

Ownership is decided once, by ``accord.accounts.access.get_client_for`` on the goal's client, so the rules
for goals can never drift from the rules for clients.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest

from accord.accounts.access import admit_client, get_client_for, get_under_client, not_found
from accord.accounts.actors import AuthedHttpRequest
from accord.accounts.models import CareTeamMember, Client
from accord.goals.models import Goal, GoalStep, GoalVersion

# What the goal page reads of the goal itself, in the goal's own query.
GOAL_PAGE_RELATED = ("current_version", "agreed_version", "proposed_by", "decisional_balance__updated_by")


def get_goal_for(request: AuthedHttpRequest, goal_id: int, *, write: bool = False) -> Goal:
    """The goal with its versions and client loaded, if ``request.user`` may open the goal's client.

    Anyone else gets the same 404 whether the goal exists or not, and the attempt is audited."""
    rows = (
        Goal.objects.select_related(
            "current_version",
            "agreed_version",
            "proposed_by",
            "client__practice",
            "client__user",
            "client__data_version",  # the page cache's key (accord/pagecache.py)
            "decisional_balance__updated_by",  # the goal page's motivation section, without a query
        )
        .filter(pk=goal_id, client__in=Client.objects.visible_to(request.user))
        .order_by()  # one row at most: an ORDER BY would only make Django hash the ~100 selected columns
    )
    goal = next(iter(rows[:1]), None)
    if goal is not None:  # one query with the client, found by the same rule as ``get_client_for``
        goal.client = admit_client(request, goal.client, write=write)
        return goal
    # Not one of theirs (or none): the same answers and audit as before, through ``get_client_for``.
    goal = (
        Goal.objects.select_related("current_version", "agreed_version", "proposed_by")
        .filter(pk=goal_id)
        .first()
    )
    if goal is None:
        raise not_found(request, what="goal", object_id=goal_id)
    # Raises Http404 (audited) for outsiders and records the read or write for everyone else.
    goal.client = get_client_for(request, goal.client_id, write=write)
    return goal


def client_of_goal_for(request: AuthedHttpRequest, goal_id: int) -> Client | None:
    """For the goal page: the goal's client, if ``request.user`` may open it (the rule of ``get_client_for``),
    with its practice, account, data version (the page cache's key) and primary therapist's name (for
    ``goals.sections.party_names``), and the read recorded. ``None`` for anyone else: the caller then asks
    ``get_goal_for``, which answers them exactly as before (an audited 404).

    Its own query rather than ``get_goal_for``'s: PostgreSQL took longer to plan that ten-table join than to
    run it, and a page served from the cache needs only this (docs/performance.md, "Round four")."""
    primary = CareTeamMember.objects.filter(client=OuterRef("pk"), is_primary=True)
    primary_name = primary.values("therapist__full_name")
    rows = (
        Client.objects.visible_to(request.user)
        .select_related("practice", "user", "data_version")
        .annotate(primary_therapist_full_name=Subquery(primary_name[:1]))
        .filter(goals__pk=goal_id)
        .order_by()
    )
    client = next(iter(rows[:1]), None)
    return admit_client(request, client) if client is not None else None


def goal_of_client(request: AuthedHttpRequest, goal_id: int, client: Client) -> Goal:
    """The goal ``goal_id`` of ``client`` (from ``client_of_goal_for``), with what the goal page reads."""
    goal = (
        Goal.objects.select_related(*GOAL_PAGE_RELATED).filter(pk=goal_id, client=client).order_by().first()
    )
    if goal is None:  # gone since the client was found
        raise not_found(request, what="goal", object_id=goal_id)
    goal.client = client
    return goal


def live_revision_if_visible(request: AuthedHttpRequest, goal_id: int) -> tuple[bool, int]:
    """For the live builder's poll (``goals/live.py``), in one query: whether ``request.user`` may open the
    goal (by the same rule as ``get_goal_for``) and its draft's revision (0 with no draft). Nothing is
    audited: a caller that may not see the goal goes on to ``get_goal_for``, which refuses and audits, and a
    caller that may gets only "nothing new" from this, or the draft through ``get_goal_for``."""
    found = list(
        Goal.objects.filter(pk=goal_id, client__in=Client.objects.visible_to(request.user)).values_list(
            "live_draft__revision", flat=True
        )[:1]
    )
    return (True, found[0] or 0) if found else (False, 0)


def get_step_of(request: HttpRequest, goal: Goal, step_id: int) -> GoalStep:
    """One of the goal's steps (``goal`` from ``get_goal_for``); any other id is an audited 404."""
    return get_under_client(
        request, goal.steps, step_id, client=goal.client, via="goal__client", what="goal step"
    )


def get_version_of(request: HttpRequest, goal: Goal, number: int) -> GoalVersion:
    """The goal's version ``number`` (``goal`` from ``get_goal_for``); any other is an audited 404."""
    version = goal.versions.select_related("created_by").filter(number=number).first()
    if version is None:
        raise not_found(request, what="goal version", object_id=f"{goal.pk}/{number}")
    return version


def check_goals_of(request: HttpRequest, client: Client, goal_ids: set[int]) -> None:
    """Every id in ``goal_ids`` is one of ``client``'s goals; if not, an audited 404 (someone else's goal or
    none at all read the same)."""
    missing = goal_ids - set(client.goals.filter(pk__in=goal_ids).values_list("pk", flat=True))
    if missing:
        raise not_found(request, what="goal", object_id=",".join(str(pk) for pk in sorted(missing)))
