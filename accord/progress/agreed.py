"""The versions of a goal both parties agreed to, and where its expected path starts (``plan_start``).

Split from ``accord.progress.status``, which reads them for every goal it judges: the path starts when the
current baseline and target were first agreed, so a re-agreed rewording keeps it (docs/progress.md).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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


# One acceptance: (goal id, version id, party, when, version number, measure kind, baseline, target).
Acceptance = tuple[int, int, str, dt.datetime, int, str, float | None, float | None]


def _agreed_versions(goals: list[Goal], zone: zoneinfo.ZoneInfo) -> dict[int, list[AgreedVersion]]:
    """Each goal's versions that both parties accepted, oldest first, dated by the later acceptance. From
    the goals' agreement events when the page has loaded them (``events``, with versions), else one query:
    the acceptances themselves, counted here (a GROUP BY took longer to compile than to run)."""
    if all(hasattr(goal, "events") for goal in goals):
        return _agreed_versions_of_loaded(goals, zone)
    rows = (
        AgreementEvent.objects.filter(goal__in=goals, decision=AgreementDecision.ACCEPTED)
        .order_by()
        .values_list(
            "goal_id",
            "version_id",
            "party",
            "at",
            "version__number",
            "version__measure_kind",
            "version__baseline",
            "version__target",
        )
    )
    return _agreed_of(rows, zone)


def _agreed_versions_of_loaded(goals: list[Goal], zone: zoneinfo.ZoneInfo) -> dict[int, list[AgreedVersion]]:
    """As ``_agreed_versions``, from each goal's loaded ``events`` (no query)."""
    accepted = (
        (
            goal.pk,
            e.version_id,
            e.party,
            e.at,
            e.version.number,
            e.version.measure_kind,
            e.version.baseline,
            e.version.target,
        )
        for goal in goals
        for e in goal.events  # type: ignore[attr-defined]  # prefetched (to_attr) with their versions
        if e.decision == AgreementDecision.ACCEPTED
    )
    return _agreed_of(accepted, zone)


def _agreed_of(accepted: Iterable[Acceptance], zone: zoneinfo.ZoneInfo) -> dict[int, list[AgreedVersion]]:
    """The versions accepted by both parties, each dated by its last acceptance, by goal, oldest first."""
    slots: dict[tuple[int, int], list[Any]] = {}  # (goal, version) -> [last acceptance, parties, version]
    for goal_id, version_id, party, at, number, kind, baseline, target in accepted:
        slot = slots.setdefault((goal_id, version_id), [at, set(), (number, kind, baseline, target)])
        slot[0] = max(slot[0], at)
        slot[1].add(party)
    by_goal: dict[int, list[AgreedVersion]] = defaultdict(list)
    for (goal_id, _version), (last, parties, (number, kind, baseline, target)) in slots.items():
        if len(parties) >= 2:
            on = timezone.localdate(last, timezone=zone)
            by_goal[goal_id].append(AgreedVersion(number, on, kind, baseline, target))
    for versions in by_goal.values():
        versions.sort(key=lambda v: v.number)
    return dict(by_goal)


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
