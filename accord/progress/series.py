"""Series over time for the progress pages and the API: the client's GAS T-score, and measure scores.

The T-score at each date is computed from each goal's latest level up to that date, for each party apart
(the client's ratings, including those the therapist recorded for the client in session, and the therapist's
own), with the goals' current weights and the same formula and ρ as everywhere else (``accord.goals.gas``;
ρ from ``ACCORD_GAS_RHO``).
A goal counts from its first rating; before that it is left out, not counted as "expected".
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone

from accord.accounts.models import Client
from accord.goals.gas import GasGoal, t_score
from accord.goals.models import TRACKED_LIFECYCLE, GasRating, Goal, Party
from accord.goals.sections import gas_rho


@dataclass(frozen=True)
class TPoint:
    on: dt.date
    t_score: float
    rated_goals: int


@dataclass
class TScoreSeries:
    goals: list[Goal]
    rho: float
    baseline: float | None = None  # T at the agreed starting levels
    low: float | None = None  # T with every goal at −2: the bottom of the range for these goals
    high: float | None = None  # …and with every goal at +2
    by_party: dict[str, list[TPoint]] = field(default_factory=dict)

    @property
    def has_points(self) -> bool:
        return any(self.by_party.values())

    def rows(self) -> list[dict]:
        """One row per date with either party's T on it, oldest first, for the table beside the chart."""
        dates = sorted({p.on for points in self.by_party.values() for p in points})
        lookup = {party: {p.on: p for p in points} for party, points in self.by_party.items()}
        return [
            {
                "on": day,
                "client": lookup.get(Party.CLIENT, {}).get(day),
                "therapist": lookup.get(Party.THERAPIST, {}).get(day),
            }
            for day in dates
        ]


def scored_goals(client: Client) -> list[Goal]:
    return list(
        Goal.objects.filter(
            client=client, agreed_version__isnull=False, lifecycle_status__in=TRACKED_LIFECYCLE
        )
        .select_related("agreed_version")
        .order_by("created_at", "id")
    )


def t_score_series(client: Client, rho: float | None = None) -> TScoreSeries:
    """Two queries, however many ratings. ρ from the setting (``ACCORD_GAS_RHO``) unless given."""
    rho = gas_rho() if rho is None else rho
    goals = scored_goals(client)
    series = TScoreSeries(goals=goals, rho=rho)
    if not goals:
        return series
    weights = {goal.pk: goal.gas_weight for goal in goals}
    starting = [GasGoal(g.agreed_version.gas_baseline_level, weights[g.pk]) for g in goals]
    series.baseline = t_score(starting, rho)
    series.low = t_score([GasGoal(-2, weights[g.pk]) for g in goals], rho)
    series.high = t_score([GasGoal(2, weights[g.pk]) for g in goals], rho)
    ratings = (
        GasRating.objects.filter(goal__in=goals)
        .order_by("rated_at", "id")
        .values_list("goal_id", "party", "level", "rated_at")
    )
    zone = zoneinfo.ZoneInfo(client.time_zone)
    latest: dict[str, dict[int, int]] = {Party.CLIENT: {}, Party.THERAPIST: {}}
    series.by_party = {Party.CLIENT: [], Party.THERAPIST: []}
    for goal_id, party, level, rated_at in ratings:
        latest[party][goal_id] = level
        levels = latest[party]
        value = t_score([GasGoal(levels[pk], weights[pk]) for pk in weights if pk in levels], rho)
        point = TPoint(timezone.localdate(rated_at, timezone=zone), value, len(levels))
        points = series.by_party[party]
        if points and points[-1].on == point.on:
            points[-1] = point  # the day's last rating stands for the day
        else:
            points.append(point)
    return series
