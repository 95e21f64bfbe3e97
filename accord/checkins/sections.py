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
from accord.accounts.sections import count_per_client, loaded_or_none
from accord.checkins import actions
from accord.checkins.models import CheckIn, CheckInDraft, CheckInRhythm
from accord.goals.models import Goal, LifecycleStatus

# Wins shown on the therapist's client page; the rest are one link away.
WINS_ON_CLIENT_PAGE = 5


def therapist_wins_context(request: HttpRequest, client: Client) -> dict:
    """For the therapist's client page (one line in its view): the latest wins, new ones marked."""
    recent = list(client.celebrations.order_by("-created_at", "-pk")[:WINS_ON_CLIENT_PAGE])
    new_ids = {win.pk for win in recent if not win.seen_by_therapist_at}
    # Every view marks all new wins seen, so new ones are always the latest: when none of the latest is
    # new, none is, and nothing is written. Otherwise the marking counts them.
    new_count = actions.mark_seen_by_therapist(client, actor_of(request)) if new_ids else 0
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


CLIENT_PAGE_RELATED = ("rhythm",)


def client_page_facts() -> dict:
    """Annotations for the client page's one query of facts about the client (``accord.home``), with
    ``CLIENT_PAGE_RELATED`` selected: the last check-in and how many in the last four weeks."""
    four_weeks_ago = timezone.now() - dt.timedelta(weeks=4)
    last = CheckIn.objects.filter(client=OuterRef("pk")).order_by("-submitted_at", "-id")
    return {
        "last_checkin_at": Subquery(last.values("submitted_at")[:1]),
        "checkins_four_weeks": count_per_client(
            CheckIn.objects.filter(client=OuterRef("pk"), submitted_at__gte=four_weeks_ago)
        ),
    }


def therapist_checkins_context(
    client: Client, goals: list[Goal] | None = None, facts: Client | None = None
) -> dict:
    """For the therapist's client page: the rhythm, the next due check-in and how regular they have been.
    ``goals``: all the client's goals when the page has loaded them (saves asking if any is checked in on);
    ``facts``: the client with ``client_page_facts`` (saves three queries)."""
    if facts is None:
        rhythm = CheckInRhythm.objects.filter(client=client).first()
        four_weeks_ago = timezone.now() - dt.timedelta(weeks=4)
        last = client.checkins.only("client_id", "submitted_at").first()
        last_at = last.submitted_at if last else None
        recent = client.checkins.filter(submitted_at__gte=four_weeks_ago).count()
    else:
        rhythm = loaded_or_none(facts, "rhythm")
        last_at, recent = facts.last_checkin_at, facts.checkins_four_weeks  # type: ignore[attr-defined]
    rhythm = rhythm or actions.default_rhythm(client)
    return {
        "checkins_overview": {
            "rhythm": rhythm,
            "next_due": actions.next_due(rhythm),
            "last_checkin_at": last_at,
            "last_four_weeks": recent,
            "has_goals": actions.checkin_goals(client).exists()
            if goals is None
            else has_checkin_goals(goals),
        }
    }
