"""The caseload, read: one row per client from the stored summaries, ranked by ``appointments.ranking``.

One query for all the therapist's clients (each with its summary and next planned session), whatever the
caseload's size or history; ranking, filtering and the sparkline are plain Python over those rows. The home
page, ``GET /api/v1/caseload`` and the daily digest all read it here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Client
from accord.appointments import ranking
from accord.appointments.models import ClientSummary, Session, SessionState
from accord.progress.rules import STATUS_LABELS

ALL, ATTENTION, THIS_WEEK = "all", "attention", "week"
FILTERS = {
    ATTENTION: _("Needs attention"),
    THIS_WEEK: _("Session this week"),
    ALL: _("All"),
}
BADGE_LABELS = {
    **STATUS_LABELS,
    "paused": _("Paused"),
    "set_by_hand": _("Set by hand"),
    "proposed": _("Awaiting agreement"),
    "exploring": _("Exploring"),
    "rejected": _("Declined"),
    "on-hold": _("Paused"),
}
SPARK_WIDTH, SPARK_HEIGHT = 80, 20


@dataclass
class Badge:
    goal_id: int
    title: str
    status: str

    @property
    def label(self) -> str:
        # The progress statuses come from accord.progress.rules (pure Python, no Django): marked there,
        # translated here, or a Spanish reader sees "Stalled" next to "En pausa".
        return gettext(str(BADGE_LABELS.get(self.status, self.status)))


@dataclass
class CaseloadRow:
    client: Client
    reasons: list[ranking.Reason]
    next_session: dt.datetime | None
    last_checkin_at: dt.datetime | None
    badges: list[Badge] = field(default_factory=list)
    spark: list[float] = field(default_factory=list)
    key: tuple = ()

    @property
    def needs_attention(self) -> bool:
        return bool(self.reasons)

    @property
    def reasons_text(self) -> str:
        return " · ".join(r.text for r in self.reasons) if self.reasons else ranking.on_track_text()

    @property
    def spark_points(self) -> str:
        """The sparkline as SVG polyline points, on the 0–10 scale's full height (never a zoomed slice)."""
        if len(self.spark) < 2:
            return ""
        step = SPARK_WIDTH / (len(self.spark) - 1)
        return " ".join(
            f"{i * step:.1f},{SPARK_HEIGHT - value * SPARK_HEIGHT / 10:.1f}"
            for i, value in enumerate(self.spark)
        )

    @property
    def spark_latest(self) -> float | None:
        return self.spark[-1] if self.spark else None


def counts_of(summary: ClientSummary | None, now: dt.datetime) -> ranking.Counts:
    if summary is None:
        return ranking.Counts(not_summarised=1)
    return ranking.Counts(
        safety_alerts_open=summary.safety_alerts_open,
        stalled_goals=summary.stalled_goals,
        falling_confidence_goals=summary.falling_confidence_goals,
        waiting_for_therapist=summary.waiting_for_therapist,
        diverging_goals=summary.diverging_goals,
        missed_checkins=ranking.missed_checkins(summary.unanswered_since, summary.checkin_every_days, now),
        behind_goals=summary.behind_goals,
    )


def _clients(user, now: dt.datetime, query: str) -> QuerySet[Client]:
    upcoming = Session.objects.filter(
        client_id=OuterRef("pk"), state=SessionState.PLANNED, starts_at__gte=now
    ).order_by("starts_at")
    clients = (
        Client.objects.visible_to(user)
        .select_related("summary")
        .annotate(next_session_at=Subquery(upcoming.values("starts_at")[:1]))
    )
    if query:
        clients = clients.filter(display_name__icontains=query)
    return clients


def versions_of(user) -> list[tuple[int, str | None]]:
    """(client id, data version) of every client on the caseload, in one query: the key under which the
    caseload page is cached (``accord.pagecache``); a change to any of them changes the key."""
    return list(Client.objects.visible_to(user).values_list("pk", "data_version__token"))


def row_of(client: Client, now: dt.datetime) -> CaseloadRow:
    summary = getattr(client, "summary", None)
    counts = counts_of(summary, now)
    next_session = client.next_session_at  # type: ignore[attr-defined]
    return CaseloadRow(
        client=client,
        reasons=ranking.reasons_for(counts),
        next_session=next_session,
        last_checkin_at=summary.last_checkin_at if summary else None,
        badges=[Badge(b["id"], b["title"], b["status"]) for b in (summary.goals if summary else [])],
        spark=list(summary.spark) if summary else [],
        key=ranking.rank_key(counts, next_session, client.display_name),
    )


def caseload(user, *, query: str = "", show: str = ALL, now: dt.datetime | None = None) -> list[CaseloadRow]:
    """The therapist's clients in rank order, narrowed by ``show`` (all, attention, week) and by name."""
    now = now or timezone.now()
    rows = sorted((row_of(c, now) for c in _clients(user, now, query)), key=lambda r: r.key)
    if show == ATTENTION:
        rows = [r for r in rows if r.needs_attention]
    elif show == THIS_WEEK:
        week_end = now + dt.timedelta(days=7)
        rows = [r for r in rows if r.next_session is not None and r.next_session < week_end]
    return rows


def sessions_on(user, day: dt.date, zone) -> int:
    """How many planned sessions the therapist's clients have on ``day`` (in ``zone``)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return Session.objects.filter(
        client__in=Client.objects.visible_to(user),
        state=SessionState.PLANNED,
        starts_at__gte=start,
        starts_at__lt=end,
    ).count()
