"""Practice outcomes for supervisors and funders (issue 14.5), and the de-identified research extract.

Read-only. Everything is loaded in a fixed number of queries (one per kind of record, each returning plain
values), whatever the number of clients, then counted here. Who counts:

- **Clients**: the practice's *active* clients only. Deactivated clients are left out, erased ones no longer
  exist; neither reappears in a report or an extract.
- **Therapist**: each client counts for their primary therapist (the care team as it is now).
- **Period**: calendar month or quarter, in UTC.

The measures (see docs/records.md, "Practice outcomes", for each definition) and the NHS Talking Therapies
convention for PHQ-9 and GAD-7 change (CLINICAL.md; thresholds from ``ACCORD_*_RELIABLE_CHANGE`` and
``ACCORD_*_CASENESS`` through ``catalogue.change_convention``).

Small numbers are suppressed: any count below 5 shows as "<5", and so does any rate, median or mean
based on fewer than 5 clients or goals, or (for a rate) whose numerator is below 5.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import CareTeamMember, Client, Practice, Role, User
from accord.assessments.catalogue import change_convention
from accord.assessments.models import MeasureResponse
from accord.audit.models import Action, AuditEvent
from accord.checkins.models import CheckIn, CheckInRhythm, ProgressRating
from accord.goals.gas import GasGoal, gas_weight, t_score
from accord.goals.models import (
    TRACKED_LIFECYCLE,
    AchievementStatus,
    AgreementDecision,
    AgreementEvent,
    GasRating,
    Goal,
    Party,
)

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"
ACHIEVED = (AchievementStatus.ACHIEVED, AchievementStatus.SUSTAINING)
MAX_PERIODS = 24


# --- Periods ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day
    end: dt.date  # first day of the next period
    label: str

    def holds(self, moment: dt.datetime | dt.date) -> bool:
        day = moment.date() if isinstance(moment, dt.datetime) else moment
        return self.start <= day < self.end

    @property
    def end_moment(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time.min, tzinfo=dt.UTC)


def _next_month(day: dt.date, months: int = 1) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def periods(kind: str, first: dt.date, last: dt.date) -> list[Period]:
    """The months (``kind`` "month") or quarters ("quarter") from the one holding ``first`` to the one holding
    ``last``, at most ``MAX_PERIODS``."""
    step = 3 if kind == "quarter" else 1
    start = dt.date(first.year, first.month, 1)
    if step == 3:
        start = dt.date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
    found: list[Period] = []
    while start <= last and len(found) < MAX_PERIODS:
        end = _next_month(start, step)
        label = f"{start.year}-Q{(start.month - 1) // 3 + 1}" if step == 3 else f"{start:%Y-%m}"
        found.append(Period(start, end, label))
        start = end
    return found


# --- Suppression ------------------------------------------------------------------------------------------


def count_cell(value: int) -> int | str:
    return SUPPRESSED if value < SUPPRESS_BELOW else value


def rate_cell(numerator: int, denominator: int) -> str:
    """A percentage, or "<5" when it rests on fewer than 5 (numerator or denominator): 3 of 40 would
    otherwise give the 3 back. No denominator at all is "–"."""
    if denominator == 0:
        return "–"
    if denominator < SUPPRESS_BELOW or numerator < SUPPRESS_BELOW:
        return SUPPRESSED
    return f"{100 * numerator / denominator:.0f}%"


def summary_cell(values: list[float], how: str = "median", digits: int = 1) -> str:
    if not values:
        return "–"
    if len(values) < SUPPRESS_BELOW:
        return SUPPRESSED
    value = statistics.median(values) if how == "median" else statistics.fmean(values)
    return f"{value:.{digits}f}"


# --- What is loaded ---------------------------------------------------------------------------------------


@dataclass
class GoalFacts:
    id: int
    client_id: int
    proposed_at: dt.datetime
    agreed_at: dt.datetime | None
    achieved_at: dt.datetime | None
    tracked: bool
    baseline_level: int | None
    weight: int
    ratings: dict[str, list[tuple[dt.datetime, int]]] = field(default_factory=lambda: defaultdict(list))

    def level_by(self, party: str, moment: dt.datetime) -> int | None:
        levels = [level for at, level in self.ratings.get(party, []) if at < moment]
        return levels[-1] if levels else None


@dataclass
class ClientFacts:
    id: int
    therapist_id: int | None
    created_at: dt.datetime
    activity: list[dt.datetime] = field(default_factory=list)
    checkins: list[dt.datetime] = field(default_factory=list)
    scores: dict[str, list[tuple[dt.datetime, int]]] = field(default_factory=lambda: defaultdict(list))
    goals: list[GoalFacts] = field(default_factory=list)
    rhythm: tuple[int, dt.date] | None = None  # (every_weeks, starts_on)

    def seen_in(self, period: Period) -> bool:
        return any(period.holds(at) for at in self.activity)

    def scores_until(self, key: str, moment: dt.datetime) -> list[int]:
        return [total for at, total in self.scores.get(key, []) if at < moment]


def load(practice: Practice) -> tuple[list[User], dict[int, ClientFacts]]:
    """Every fact the report needs, in a fixed number of queries (10), for the practice's active clients."""
    therapists = list(User.objects.filter(practice=practice, role=Role.THERAPIST).order_by("full_name", "pk"))
    clients: dict[int, ClientFacts] = {
        pk: ClientFacts(pk, None, created)
        for pk, created in Client.objects.filter(practice=practice, is_active=True).values_list(
            "pk", "created_at"
        )
    }
    ids = list(clients)
    for client_id, therapist_id in CareTeamMember.objects.filter(
        client_id__in=ids, is_primary=True
    ).values_list("client_id", "therapist_id"):
        clients[client_id].therapist_id = therapist_id
    for client_id, at in CheckIn.objects.filter(client_id__in=ids).values_list("client_id", "submitted_at"):
        clients[client_id].checkins.append(at)
        clients[client_id].activity.append(at)
    for client_id, at in ProgressRating.objects.filter(
        goal__client_id__in=ids, party=Party.THERAPIST
    ).values_list("goal__client_id", "rated_at"):
        clients[client_id].activity.append(at)
    responses = MeasureResponse.objects.filter(client_id__in=ids, total__isnull=False).order_by(
        "completed_at", "pk"
    )
    for client_id, key, total, at in responses.values_list(
        "client_id", "instrument_key", "total", "completed_at"
    ):
        clients[client_id].activity.append(at)
        clients[client_id].scores[key].append((at, int(total or 0)))
    for client_id, every, starts in CheckInRhythm.objects.filter(client_id__in=ids).values_list(
        "client_id", "every_weeks", "starts_on"
    ):
        clients[client_id].rhythm = (every, starts)
    goals: dict[int, GoalFacts] = {}
    rows = Goal.objects.filter(client_id__in=ids).values_list(
        "pk",
        "client_id",
        "created_at",
        "lifecycle_status",
        "achievement_status",
        "updated_at",
        "agreed_version_id",
        "agreed_version__gas_baseline_level",
        "client_importance",
        "therapist_difficulty",
    )
    for (
        pk,
        client_id,
        created,
        lifecycle,
        achievement,
        updated,
        agreed,
        baseline,
        importance,
        difficulty,
    ) in rows:
        goals[pk] = GoalFacts(
            id=pk,
            client_id=client_id,
            proposed_at=created,
            agreed_at=None,
            achieved_at=updated if achievement in ACHIEVED else None,
            tracked=bool(agreed) and lifecycle in TRACKED_LIFECYCLE,
            baseline_level=baseline if agreed else None,
            weight=gas_weight(importance, difficulty),
        )
        clients[client_id].goals.append(goals[pk])
    # Agreement: the later of the two acceptances of the version that was agreed.
    agreements = (
        AgreementEvent.objects.filter(
            goal_id__in=goals, decision=AgreementDecision.ACCEPTED, version_id=F("goal__agreed_version_id")
        )
        .values("goal_id")
        .annotate(at=Max("at"))
    )
    for row in agreements:
        goals[row["goal_id"]].agreed_at = row["at"]
    # Achievement: when the goal was completed or its status set by hand (the audit trail keeps the time).
    completed = (
        AuditEvent.objects.filter(
            practice=practice,
            action__in=[Action.GOAL_COMPLETED, Action.GOAL_STATUS_SET],
            object_type="goals.goal",
            object_id__in=[str(pk) for pk in goals],
        )
        .values("object_id")
        .annotate(at=Max("at"))
    )
    for row in completed:
        goal = goals.get(int(row["object_id"]))
        if goal is not None and goal.achieved_at is not None:
            goal.achieved_at = row["at"]
    ratings = GasRating.objects.filter(goal_id__in=goals).order_by("rated_at", "pk")
    for goal_id, party, level, at in ratings.values_list("goal_id", "party", "level", "rated_at"):
        goals[goal_id].ratings[party].append((at, level))
        if party == Party.THERAPIST:
            clients[goals[goal_id].client_id].activity.append(at)
    return therapists, clients


# --- Per client -------------------------------------------------------------------------------------------


def t_change(client: ClientFacts, party: str, moment: dt.datetime) -> float | None:
    """GAS T-score now (the party's latest ratings before ``moment``) minus at baseline, over the client's
    agreed goals in work or finished; None until the party has rated one."""
    tracked = [g for g in client.goals if g.tracked and g.baseline_level is not None]
    levels = [g.level_by(party, moment) for g in tracked]
    if not any(level is not None for level in levels):
        return None
    baseline = t_score([GasGoal(g.baseline_level, g.weight) for g in tracked])
    latest = t_score([GasGoal(level, g.weight) for level, g in zip(levels, tracked, strict=True)])
    if baseline is None or latest is None:
        return None
    return latest - baseline


@dataclass(frozen=True)
class Change:
    """First and latest PHQ-9 and GAD-7 before a moment, judged by the NHS Talking Therapies convention."""

    phq9: tuple[int, int] | None
    gad7: tuple[int, int] | None
    reliable: dict[str, int]
    caseness: dict[str, int]

    def improved(self, key: str) -> bool | None:
        pair = getattr(self, key)
        if pair is None:
            return None
        return pair[0] - pair[1] >= self.reliable[key]

    def deteriorated(self, key: str) -> bool:
        pair = getattr(self, key)
        return pair is not None and pair[1] - pair[0] >= self.reliable[key]

    @property
    def paired(self) -> bool:
        return self.phq9 is not None and self.gad7 is not None

    @property
    def case_at_start(self) -> bool | None:
        if not self.paired:
            return None
        assert self.phq9 is not None and self.gad7 is not None
        return self.phq9[0] >= self.caseness["phq9"] or self.gad7[0] >= self.caseness["gad7"]

    @property
    def recovered(self) -> bool | None:
        """From caseness (on either) at the first pair to below caseness on both at the latest."""
        if not self.case_at_start:
            return None
        assert self.phq9 is not None and self.gad7 is not None
        return self.phq9[1] < self.caseness["phq9"] and self.gad7[1] < self.caseness["gad7"]

    @property
    def reliably_improved(self) -> bool | None:
        """Reliable improvement on at least one of the two and reliable deterioration on neither."""
        if not self.paired:
            return None
        either = bool(self.improved("phq9")) or bool(self.improved("gad7"))
        return either and not (self.deteriorated("phq9") or self.deteriorated("gad7"))

    @property
    def reliably_recovered(self) -> bool | None:
        if self.recovered is None:
            return None
        return bool(self.recovered and self.reliably_improved)


def change_for(client: ClientFacts, moment: dt.datetime) -> Change:
    convention = change_convention()

    def pair(key: str) -> tuple[int, int] | None:
        totals = client.scores_until(key, moment)
        return (totals[0], totals[-1]) if len(totals) >= 2 else None

    return Change(
        phq9=pair("phq9"),
        gad7=pair("gad7"),
        reliable=dict(convention.reliable_change),
        caseness=dict(convention.caseness),
    )


def regularity(client: ClientFacts, period: Period, today: dt.date) -> float | None:
    """Check-ins made in the period ÷ check-ins the rhythm asked for in the part of it the client was with
    the practice (capped at 1); None when none were asked for."""
    if client.rhythm is None:
        return None
    every_weeks, starts_on = client.rhythm
    first = max(period.start, starts_on, client.created_at.date())
    last = min(period.end, today + dt.timedelta(days=1))
    days = (last - first).days
    expected = days / (7 * max(every_weeks, 1))
    if expected < 1:
        return None
    made = sum(1 for at in client.checkins if period.holds(at))
    return min(made / math.floor(expected), 1.0)


# --- The report -------------------------------------------------------------------------------------------

COLUMNS = [
    ("period", _("Period")),
    ("therapist", _("Therapist")),
    ("clients_seen", _("Clients seen")),
    ("goals_agreed", _("Goals agreed")),
    ("median_days_to_agree", _("Median days from proposal to agreement")),
    ("goals_achieved", _("Goals achieved")),
    ("gas_t_change_client", _("Mean GAS T-score change, client's ratings")),
    ("gas_t_change_therapist", _("Mean GAS T-score change, therapist's ratings")),
    ("phq9_reliable_improvement", _("PHQ-9 reliable improvement")),
    ("gad7_reliable_improvement", _("GAD-7 reliable improvement")),
    ("reliable_improvement", _("Reliable improvement (PHQ-9 and GAD-7)")),
    ("recovery", _("Recovery")),
    ("reliable_recovery", _("Reliable recovery")),
    ("checkin_regularity", _("Median check-in regularity")),
]


def _row(period: Period, label: str, group: list[ClientFacts], today: dt.date) -> dict[str, Any]:
    seen = [c for c in group if c.seen_in(period)]
    goals = [g for c in group for g in c.goals]
    agreed = [g for g in goals if g.agreed_at is not None and period.holds(g.agreed_at)]
    achieved = [g for g in goals if g.achieved_at is not None and period.holds(g.achieved_at)]
    days = [(g.agreed_at - g.proposed_at).total_seconds() / 86400 for g in agreed if g.agreed_at]
    moment = period.end_moment
    t_client = [v for c in seen if (v := t_change(c, Party.CLIENT, moment)) is not None]
    t_therapist = [v for c in seen if (v := t_change(c, Party.THERAPIST, moment)) is not None]
    changes = [change_for(c, moment) for c in seen]

    def rate(judged: Iterable[bool | None]) -> str:
        known = [j for j in judged if j is not None]
        return rate_cell(sum(known), len(known))

    regular = [r * 100 for c in seen if (r := regularity(c, period, today)) is not None]
    return {
        "period": period.label,
        "therapist": label,
        "clients_seen": count_cell(len(seen)),
        "goals_agreed": count_cell(len(agreed)),
        "median_days_to_agree": summary_cell(days),
        "goals_achieved": count_cell(len(achieved)),
        "gas_t_change_client": summary_cell(t_client, "mean"),
        "gas_t_change_therapist": summary_cell(t_therapist, "mean"),
        "phq9_reliable_improvement": rate(c.improved("phq9") for c in changes),
        "gad7_reliable_improvement": rate(c.improved("gad7") for c in changes),
        "reliable_improvement": rate(c.reliably_improved for c in changes),
        "recovery": rate(c.recovered for c in changes),
        "reliable_recovery": rate(c.reliably_recovered for c in changes),
        "checkin_regularity": summary_cell(regular, "median", 0)
        + ("%" if len(regular) >= SUPPRESS_BELOW else ""),
    }


ALL_THERAPISTS = _("All therapists")


def practice_outcomes(practice: Practice, kind: str, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """One row per period and therapist (and one for the whole practice per period), every cell suppressed
    as the module says."""
    therapists, clients = load(practice)
    today = timezone.now().date()
    by_therapist: dict[int | None, list[ClientFacts]] = defaultdict(list)
    for client in clients.values():
        by_therapist[client.therapist_id].append(client)
    rows = []
    for period in periods(kind, first, last):
        rows.append(_row(period, str(ALL_THERAPISTS), list(clients.values()), today))
        for therapist in therapists:
            rows.append(_row(period, therapist.full_name, by_therapist.get(therapist.pk, []), today))
    return rows


# --- Research extract -------------------------------------------------------------------------------------

RESEARCH_COLUMNS = [
    "client",
    "therapist",
    "first_month",
    "goals_proposed",
    "goals_agreed",
    "goals_achieved",
    "median_days_to_agree",
    "gas_t_baseline",
    "gas_t_latest_client",
    "gas_t_latest_therapist",
    "phq9_first",
    "phq9_first_month",
    "phq9_latest",
    "phq9_latest_month",
    "gad7_first",
    "gad7_first_month",
    "gad7_latest",
    "gad7_latest_month",
    "caseness_at_start",
    "reliable_improvement",
    "recovery",
    "reliable_recovery",
    "checkins",
]


def _month(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m}" if moment else ""


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def research_rows(practice: Practice) -> list[dict[str, Any]]:
    """One de-identified row per active client: no names, no free text, no Accord ids (pseudonyms drawn at
    random for this export only, the same client keeping one across the rows), dates coarsened to the month,
    rows in random order."""
    therapists, clients = load(practice)
    pseudonym: dict[tuple[str, int | None], str] = {}

    def alias(kind: str, pk: int | None) -> str:
        if pk is None:
            return ""
        if (kind, pk) not in pseudonym:
            pseudonym[(kind, pk)] = f"{kind[0]}-{secrets.token_hex(6)}"
        return pseudonym[(kind, pk)]

    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows = []
    for client in clients.values():
        goals = client.goals
        agreed = [g for g in goals if g.agreed_at is not None]
        tracked = [g for g in goals if g.tracked and g.baseline_level is not None]
        baseline = t_score([GasGoal(g.baseline_level, g.weight) for g in tracked]) if tracked else None
        latest = {}
        for party in (Party.CLIENT, Party.THERAPIST):
            levels = [g.level_by(party, far) for g in tracked]
            latest[party] = t_score([GasGoal(lv, g.weight) for lv, g in zip(levels, tracked, strict=True)])
        change = change_for(client, far)
        scores = {key: client.scores.get(key, []) for key in ("phq9", "gad7")}
        days = [(g.agreed_at - g.proposed_at).total_seconds() / 86400 for g in agreed if g.agreed_at]
        row: dict[str, Any] = {
            "client": alias("client", client.id),
            "therapist": alias("therapist", client.therapist_id),
            "first_month": _month(client.created_at),
            "goals_proposed": len(goals),
            "goals_agreed": len(agreed),
            "goals_achieved": sum(1 for g in goals if g.achieved_at is not None),
            "median_days_to_agree": f"{statistics.median(days):.1f}" if days else "",
            "gas_t_baseline": f"{baseline:.2f}" if baseline is not None else "",
            "gas_t_latest_client": f"{latest[Party.CLIENT]:.2f}" if latest[Party.CLIENT] is not None else "",
            "gas_t_latest_therapist": f"{latest[Party.THERAPIST]:.2f}"
            if latest[Party.THERAPIST] is not None
            else "",
            "caseness_at_start": _flag(change.case_at_start),
            "reliable_improvement": _flag(change.reliably_improved),
            "recovery": _flag(change.recovered),
            "reliable_recovery": _flag(change.reliably_recovered),
            "checkins": len(client.checkins),
        }
        for key, series in scores.items():
            row[f"{key}_first"] = series[0][1] if series else ""
            row[f"{key}_first_month"] = _month(series[0][0]) if series else ""
            row[f"{key}_latest"] = series[-1][1] if len(series) > 1 else ""
            row[f"{key}_latest_month"] = _month(series[-1][0]) if len(series) > 1 else ""
        rows.append(row)
    random.SystemRandom().shuffle(rows)
    return rows
