"""The versions of a goal both parties agreed to, and where its expected path starts (``plan_start``).

Split from ``accord.progress.status``, which reads them for every goal it judges: the path starts when the
current baseline and target were first agreed, so a re-agreed rewording keeps it (docs/progress.md).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone

from accord.goals.models import AgreementDecision, AgreementEvent, Goal, GoalVersion

MEASURE = "measure"  # judged on the goal's own measure
TOWARDS = "towards"  # judged on the client's 0–10 towards the goal


@dataclass(frozen=True)
class AgreedVersion:
    """A version both parties accepted, with the day the second acceptance came and what its plan rests on."""

    number: int
    on: dt.date
    measure_kind: str
    baseline: float | None
    target: float | None

    def same_plan(self, other: AgreedVersion) -> bool:
        """The same measure, baseline and target: a rewording, new steps or a new date change none of them."""
        mine = (self.measure_kind, self.baseline, self.target) if self.judged_on == MEASURE else (TOWARDS,)
        theirs = (
            (other.measure_kind, other.baseline, other.target) if other.judged_on == MEASURE else (TOWARDS,)
        )
        return mine == theirs

    @property
    def judged_on(self) -> str:
        has_plan = self.measure_kind and self.baseline is not None and self.target is not None
        return MEASURE if has_plan else TOWARDS


def _agreed_versions(goals: list[Goal], zone: zoneinfo.ZoneInfo) -> dict[int, list[AgreedVersion]]:
    """Each goal's versions that both parties accepted, oldest first, dated by the later acceptance. From
    the goals' agreement events when the page has loaded them (``events``, with versions), else one query."""
    if all(hasattr(goal, "events") for goal in goals):
        return _agreed_versions_of_loaded(goals, zone)
    rows = (
        AgreementEvent.objects.filter(goal__in=goals, decision=AgreementDecision.ACCEPTED)
        .values(
            "goal_id",
            "version_id",
            "version__number",
            "version__measure_kind",
            "version__baseline",
            "version__target",
        )
        .annotate(last=Max("at"), parties=Count("party", distinct=True))
    )
    by_goal: dict[int, list[AgreedVersion]] = defaultdict(list)
    for row in rows:
        if row["parties"] < 2:
            continue
        by_goal[row["goal_id"]].append(
            AgreedVersion(
                number=row["version__number"],
                on=timezone.localdate(row["last"], timezone=zone),
                measure_kind=row["version__measure_kind"],
                baseline=row["version__baseline"],
                target=row["version__target"],
            )
        )
    for versions in by_goal.values():
        versions.sort(key=lambda v: v.number)
    return by_goal


def _agreed_versions_of_loaded(goals: list[Goal], zone: zoneinfo.ZoneInfo) -> dict[int, list[AgreedVersion]]:
    """As ``_agreed_versions``, from each goal's loaded ``events`` (no query)."""
    by_goal: dict[int, list[AgreedVersion]] = {}
    for goal in goals:
        accepted: dict[int, list[Any]] = {}  # version id -> [last acceptance, parties, version]
        for event in goal.events:  # type: ignore[attr-defined]  # prefetched (to_attr) with their versions
            if event.decision != AgreementDecision.ACCEPTED:
                continue
            slot = accepted.setdefault(event.version_id, [event.at, set(), event.version])
            slot[0] = max(slot[0], event.at)
            slot[1].add(event.party)
        versions = [
            AgreedVersion(
                number=version.number,
                on=timezone.localdate(last, timezone=zone),
                measure_kind=version.measure_kind,
                baseline=version.baseline,
                target=version.target,
            )
            for last, parties, version in accepted.values()
            if len(parties) >= 2
        ]
        if versions:
            by_goal[goal.pk] = sorted(versions, key=lambda v: v.number)
    return by_goal


def plan_start(
    version: GoalVersion, agreed: list[AgreedVersion], fallback: dt.date
) -> tuple[dt.date, dt.date]:
    """``(start of the expected path, day the current version was agreed)``.

    The path starts when the current baseline and target were first agreed: walking back through the
    agreed versions while each has the same measure, baseline and target as the current one. So a goal
    reworded and re-agreed keeps its start (a fall back to the baseline is then behind, never on track);
    only a changed baseline, target or measure starts a new path."""
    earlier = [v for v in agreed if v.number <= version.number]
    if not earlier or earlier[-1].number != version.number:
        return fallback, fallback
    current = earlier[-1]
    start = current.on
    for older in reversed(earlier[:-1]):
        if not older.same_plan(current):
            break
        start = older.on
    return start, current.on
