"""The read side of check-ins that other apps' pages show (accord.home composes them).

Each function returns the template context of one section; it may mark wins as seen, as looking at them does.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from accord.accounts.actors import actor_of
from accord.accounts.models import Client
from accord.checkins import actions
from accord.checkins.models import CheckInDraft, CheckInRhythm
from accord.goals.models import Goal, LifecycleStatus

# Wins shown on the therapist's client page; the rest are one link away.
WINS_ON_CLIENT_PAGE = 5


def therapist_wins_context(request: HttpRequest, client: Client) -> dict:
    """For the therapist's client page (one line in its view): the latest wins, new ones marked."""
    recent = list(client.celebrations.order_by("-created_at", "-pk")[:WINS_ON_CLIENT_PAGE])
    new_count = client.celebrations.filter(seen_by_therapist_at__isnull=True).count()
    new_ids = {win.pk for win in recent if not win.seen_by_therapist_at}
    actions.mark_seen_by_therapist(client, actor_of(request))
    return {"wins": {"recent": recent, "new_count": new_count, "new_ids": new_ids}}


def client_next_steps_context(client: Client, goals: list[Goal]) -> dict:
    """For the client's home "next for you" (issue 13): whether there is anything to check in on, a waiting
    draft, new wins and when the next check-in is due — in two queries (the rhythm; the draft and wins)."""
    rhythm = CheckInRhythm.objects.filter(client=client).first() or actions.default_rhythm(client)
    unseen = client.celebrations.filter(seen_by_client_at__isnull=True).order_by().values("client_id")
    flags = (
        Client.objects.filter(pk=client.pk)
        .annotate(
            has_draft=Exists(CheckInDraft.objects.filter(client=OuterRef("pk"))),
            new_wins=Coalesce(Subquery(unseen.annotate(n=Func("id", function="COUNT")).values("n")[:1]), 0),
        )
        .values("has_draft", "new_wins")
        .get()
    )
    return {
        "has_goals": has_checkin_goals(goals),
        "next_due": actions.next_due(rhythm),
        "zone": rhythm.time_zone,
        "has_draft": flags["has_draft"],
        "new_wins": flags["new_wins"],
    }


def has_checkin_goals(goals: list[Goal]) -> bool:
    """Whether any of the client's (loaded) goals is one ``actions.checkin_goals`` returns: agreed, active."""
    return any(
        g.lifecycle_status == LifecycleStatus.ACTIVE and g.agreed_version_id is not None for g in goals
    )


def therapist_checkins_context(client: Client, goals: list[Goal] | None = None) -> dict:
    """For the therapist's client page: the rhythm, the next due check-in and how regular they have been.
    ``goals``: all the client's goals when the page has loaded them (saves asking if any is checked in on)."""
    rhythm = CheckInRhythm.objects.filter(client=client).first() or actions.default_rhythm(client)
    four_weeks_ago = timezone.now() - dt.timedelta(weeks=4)
    return {
        "checkins_overview": {
            "rhythm": rhythm,
            "next_due": actions.next_due(rhythm),
            "last_checkin": client.checkins.only("client_id", "submitted_at").first(),
            "last_four_weeks": client.checkins.filter(submitted_at__gte=four_weeks_ago).count(),
            "has_goals": actions.checkin_goals(client).exists()
            if goals is None
            else has_checkin_goals(goals),
        }
    }
