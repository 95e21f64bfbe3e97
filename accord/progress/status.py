"""Progress status and divergence of goals, read from the database: the one place every page and the API get
them from (PRODUCT.md §6: one progress vocabulary, computed in one place).

The rules themselves are pure and live in ``accord.progress.rules``; this module feeds them. For any number
of goals it reads, in a fixed number of queries (the goals with each party's latest ratings, the agreement
dates and the check-in entries), each goal's plan and values, and answers a ``GoalProgress``: the series, the
expected path, the automatic status with its reason, the status the therapist set by hand (which always wins
and is never overwritten), and where client and therapist see the goal differently.

Which values a goal is judged on: its own measure when the agreed version has a measure with a baseline and
a target, else the client's 0–10 "towards the goal" from the check-ins (baseline 0, target 10); one value
per day, the day's last (``effective_points``), in the status, the series, the charts and every text. The
expected path runs from the baseline on the day that baseline and target were first agreed — a re-agreed
rewording or a new target date does not restart it; a changed baseline, target or measure does — to the
target on the target date.
docs/progress.md says all of this in plain words, with the thresholds (settings ``ACCORD_PROGRESS_*``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accord import dataversion
from accord.accounts.models import Client
from accord.checkins.models import GoalEntry, ProgressRating
from accord.goals.models import (
    TRACKED_LIFECYCLE,
    AchievementStatus,
    Direction,
    GasRating,
    Goal,
    GoalVersion,
    LifecycleStatus,
    MeasureKind,
    Party,
)
from accord.progress.agreed import (
    MEASURE,
    TOWARDS,
    AgreedVersion,
    _agreed_versions,
    plan_start,
)
from accord.progress.rules import (
    GAS_GAP,
    RATING_GAP,
    STATUS_LABELS,
    Divergence,
    GoalPlan,
    Point,
    ProgressRules,
    Reason,
    Status,
    divergence,
    effective_points,
    format_value,
    goal_status,
)

SET_BY_HAND = "set_by_hand"
PAUSED = "paused"

# The settings that hold each threshold, and how a setting's whole number becomes the rule's value.
RULE_SETTINGS = {
    "tolerance_fraction": ("ACCORD_PROGRESS_TOLERANCE_PERCENT", 100),
    "movement_fraction": ("ACCORD_PROGRESS_MOVEMENT_PERCENT", 100),
    "stalled_after_checkins": ("ACCORD_PROGRESS_STALLED_CHECKINS", 1),
    "stalled_after_days": ("ACCORD_PROGRESS_STALLED_DAYS", 1),
    "falling_confidence_checkins": ("ACCORD_PROGRESS_FALLING_CONFIDENCE", 1),
}


def progress_rules() -> ProgressRules:
    """The thresholds in force: each from its setting, else ``ProgressRules``' own default."""
    defaults = ProgressRules()
    values = {}
    for name, (setting, divisor) in RULE_SETTINGS.items():
        configured = getattr(settings, setting, None)
        values[name] = getattr(defaults, name) if configured is None else configured / divisor
    for name in ("stalled_after_checkins", "stalled_after_days", "falling_confidence_checkins"):
        values[name] = int(values[name])
    return ProgressRules(**values)


# --- what a page shows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalStatus:
    """The status a person sees, with its reason. ``automatic`` is what the data say, kept beside a status
    set by hand so the therapist can compare."""

    key: str  # on_track, behind, stalled, achieved, too_early — or paused, or set_by_hand
    label: str
    reason: str
    fhir: str  # FHIR Goal.achievementStatus code
    manual: bool
    automatic: Status

    @property
    def automatic_label(self) -> str:
        return _(STATUS_LABELS[self.automatic.key])


@dataclass(frozen=True)
class Entry:
    """One check-in answer for a goal, as the tables show it."""

    id: int
    on: dt.date
    value: float | None
    progress: int | None
    confidence: int | None
    helped: str
    got_in_the_way: str
    measure_kind: str
    in_session: bool = False  # done together in session, recorded by the therapist


@dataclass(frozen=True)
class LatestRatings:
    client_progress: int | None = None
    therapist_progress: int | None = None
    client_gas: int | None = None
    therapist_gas: int | None = None


@dataclass
class GoalProgress:
    goal: Goal
    version: GoalVersion  # the agreed version: its measure, baseline, target and date are the plan
    mode: str  # MEASURE or TOWARDS
    agreed_on: dt.date  # the day the current version was agreed (the plan's start may be earlier)
    plan: GoalPlan
    entries: list[Entry]
    points: list[Point]
    confidence: list[float]
    status: GoalStatus
    ratings: LatestRatings
    divergences: list[Divergence] = field(default_factory=list)

    @property
    def latest(self) -> Point | None:
        """The effective latest value (the last day's last value): the one the status, chart and text use."""
        return self.points[-1] if self.points else None

    @property
    def latest_text(self) -> str:
        return format_value(self.latest.value) if self.latest else ""

    @property
    def expected_path(self) -> list[Point]:
        """The straight line from the baseline at the plan's start to the target on the target date."""
        plan = self.plan
        if plan.target_date is None or plan.target_date <= plan.start:
            return []
        return [Point(plan.start, plan.baseline), Point(plan.target_date, plan.target)]

    @property
    def unit(self) -> str:
        if self.mode == TOWARDS:
            return _("out of 10")
        if self.version.measure_kind == MeasureKind.YES_NO_DAY:
            return self.version.unit or _("days a week")
        return self.version.unit

    @property
    def measure_label(self) -> str:
        if self.mode == TOWARDS:
            return _("Progress towards the goal, 0–10")
        return str(self.version.get_measure_kind_display())

    @property
    def entries_newest_first(self) -> list[Entry]:
        return list(reversed(self.entries))

    @property
    def noted_entries(self) -> list[Entry]:
        """Answers with words in them, newest first: shown as text, never drawn."""
        return [e for e in reversed(self.entries) if e.helped or e.got_in_the_way]


# --- building it from the database ----------------------------------------------------------------------


def _latest(model, party: str, column: str) -> RawSQL:
    """The goal's latest ``column`` by ``party``, as a correlated subquery written out: the same SQL the ORM
    wrote from ``Subquery(...)``, without building and compiling four querysets per page (≈ 2 ms of Python
    on the client page and the client's home). It names the goal table, so ``with_latest_ratings`` is for a
    query's outermost goals, never one used inside another query."""
    name = connection.ops.quote_name
    rows, goals = name(model._meta.db_table), name(Goal._meta.db_table)
    # Only names from the models' own metadata go into the text; the one value is a parameter.
    where = f"WHERE {rows}.{name('goal_id')} = {goals}.{name('id')} AND {rows}.{name('party')} = %s"
    order = f"ORDER BY {rows}.{name('rated_at')} DESC, {rows}.{name('id')} DESC"
    sql = f"SELECT {rows}.{name(column)} FROM {rows} {where} {order} LIMIT 1"  # noqa: S608  # nosec B608
    return RawSQL(sql, [party], output_field=model._meta.get_field(column))  # noqa: S611  # nosec B611


def with_latest_ratings(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Each goal with each party's latest 0–10 progress rating and GAS level, in the goals' own query."""
    return goals.annotate(
        latest_client_progress=_latest(ProgressRating, Party.CLIENT, "rating"),
        latest_therapist_progress=_latest(ProgressRating, Party.THERAPIST, "rating"),
        latest_client_gas=_latest(GasRating, Party.CLIENT, "level"),
        latest_therapist_gas=_latest(GasRating, Party.THERAPIST, "level"),
    )


def client_today(client: Client) -> dt.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(client.time_zone))


def _entries(goals: list[Goal]) -> dict[int, list[Entry]]:
    rows = (
        GoalEntry.objects.filter(goal__in=goals)
        .order_by("recorded_on", "id")
        .values_list(
            "goal_id",
            "id",
            "recorded_on",
            "value",
            "progress",
            "confidence",
            "helped",
            "got_in_the_way",
            "version__measure_kind",
            "checkin__in_session",
        )
    )
    by_goal: dict[int, list[Entry]] = defaultdict(list)
    for goal_id, pk, on, value, progress, confidence, helped, in_the_way, kind, in_session in rows:
        by_goal[goal_id].append(
            Entry(pk, on, value, progress, confidence, helped, in_the_way, kind, bool(in_session))
        )
    return by_goal


def lower_is_better(version: GoalVersion) -> bool:
    if version.direction:
        return version.direction == Direction.DECREASE
    return version.baseline is not None and version.target is not None and version.target < version.baseline


def judged_on(version: GoalVersion) -> str:
    has_plan = version.measure_kind and version.baseline is not None and version.target is not None
    return MEASURE if has_plan else TOWARDS


def scale_range(version: GoalVersion) -> float | None:
    """The measure's own range, when it has one (what a "keep it at" goal's tolerance is a share of)."""
    if (
        version.scale_min is not None
        and version.scale_max is not None
        and version.scale_max > version.scale_min
    ):
        return version.scale_max - version.scale_min
    if version.measure_kind == MeasureKind.RATING:
        return 10.0
    if version.measure_kind == MeasureKind.YES_NO_DAY:
        return 7.0
    return None


_BETTER_SIDE: dict[str, str] = {Direction.INCREASE: "higher", Direction.DECREASE: "lower"}


def plan_of(version: GoalVersion, start: dt.date) -> GoalPlan:
    """The plan a goal is judged against; ``start`` is where its expected path begins (``plan_start``)."""
    if version.measure_kind and version.baseline is not None and version.target is not None:  # MEASURE
        better = _BETTER_SIDE.get(version.direction, "")
        return GoalPlan(
            baseline=version.baseline,
            target=version.target,
            start=start,
            target_date=version.target_date,
            lower_is_better=lower_is_better(version),
            scale_range=scale_range(version),
            better_side=better,
        )
    return GoalPlan(baseline=0, target=10, start=start, target_date=version.target_date)


def points_of(version: GoalVersion, entries: list[Entry]) -> list[Point]:
    """The values the goal is judged on, oldest first, one per day (the day's last: ``effective_points``).
    Values in another measure (from before a new version changed how the goal is tracked) are left out
    rather than mixed in."""
    if judged_on(version) == MEASURE:
        return effective_points(
            [
                Point(e.on, e.value)
                for e in entries
                if e.value is not None and e.measure_kind == version.measure_kind
            ]
        )
    return effective_points([Point(e.on, float(e.progress)) for e in entries if e.progress is not None])


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def readable(status: Status) -> Status:
    """The reason in the reader's language: the rules write English, dates as ISO 8601 (2026-03-01) and
    numbers with a decimal point; people read their own words, dates (1 mar 2026) and decimals (0,56)."""

    def local(match: re.Match) -> str:
        return formats.date_format(dt.date(*map(int, match.groups())), "SHORT_DATE_FORMAT")

    return Status(
        status.key, ISO_DATE.sub(local, in_reader_language(status.reason)), status.fhir_code, status.cause
    )


def in_reader_language(text: str) -> str:
    """A reason of accord.progress.rules in the active language, its decimals written the reader's way."""
    if not isinstance(text, Reason):
        return text
    point = str(formats.get_format("DECIMAL_SEPARATOR"))
    values = {k: DECIMAL_POINT.sub(point, v) if isinstance(v, str) else v for k, v in text.values.items()}
    return _(text.message) % values


def status_of(goal: Goal, automatic: Status) -> GoalStatus:
    """The status to show: the therapist's, when set by hand, else the automatic one ("paused" while the
    goal is parked)."""
    if goal.achievement_set_by_hand and goal.achievement_status:
        chosen = AchievementStatus(goal.achievement_status)
        return GoalStatus(
            key=SET_BY_HAND,
            label=str(chosen.label),
            reason=_("Set by the therapist. Accord does not change a status set by hand."),
            fhir=chosen.value,
            manual=True,
            automatic=automatic,
        )
    if goal.lifecycle_status == LifecycleStatus.ON_HOLD:
        # FHIR keeps "on hold" in the lifecycle status; there is no achievement to judge while it waits.
        return GoalStatus(
            key=PAUSED,
            label=_("Paused"),
            reason=_("Parked for now: Accord does not judge progress while a goal waits."),
            fhir="",
            manual=False,
            automatic=automatic,
        )
    return GoalStatus(
        key=automatic.key,
        label=_(automatic.label),
        reason=automatic.reason,
        fhir=automatic.fhir,
        manual=False,
        automatic=automatic,
    )


def divergences_of(ratings: LatestRatings) -> list[Divergence]:
    found = divergence(
        client_rating=ratings.client_progress,
        therapist_rating=ratings.therapist_progress,
        client_gas=ratings.client_gas,
        therapist_gas=ratings.therapist_gas,
        rating_gap=RATING_GAP,
        gas_gap=GAS_GAP,
    )
    return [dataclasses.replace(d, reason=in_reader_language(d.reason)) for d in found]


def progress_for(
    goals: QuerySet[Goal], client: Client, *, today: dt.date | None = None
) -> list[GoalProgress]:
    """Progress of each agreed goal in ``goals`` (all of one client), in three queries however many goals
    and check-ins there are."""
    loaded = (
        with_latest_ratings(goals.filter(agreed_version__isnull=False))
        .select_related("agreed_version", "current_version")
        .order_by()  # sorted here: compiling an ORDER BY hashes each of the ~70 selected columns
    )
    return progress_of_loaded(sorted(loaded, key=lambda g: (g.created_at, g.pk)), client, today=today)


def progress_of_loaded(
    goals: list[Goal], client: Client, *, today: dt.date | None = None
) -> list[GoalProgress]:
    """As ``progress_for``, of goals already loaded (agreed ones only, oldest first, each with its agreed and
    current versions and the ``with_latest_ratings`` annotations): two queries."""
    if not goals:
        return []
    zone = zoneinfo.ZoneInfo(client.time_zone)
    today = today or client_today(client)
    rules = progress_rules()
    agreed = _agreed_versions(goals, zone)
    entries = _entries(goals)
    return [
        _progress(goal, agreed.get(goal.pk, []), entries.get(goal.pk, []), today, rules, zone)
        for goal in goals
    ]


def progress_of_many(clients: list[Client], goals: dict[int, list[Goal]]) -> dict[int, list[GoalProgress]]:
    """``progress_of_loaded`` for many clients at once (``goals``: each client's, keyed by client id): the
    entries in one query and the agreed versions in one per time zone, instead of two per client."""
    everything = [goal for client in clients for goal in goals.get(client.pk, [])]
    if not everything:
        return {}
    rules = progress_rules()
    entries = _entries(everything)
    agreed: dict[int, list[AgreedVersion]] = {}
    for zone_name in {client.time_zone for client in clients}:
        in_zone = [g for c in clients if c.time_zone == zone_name for g in goals.get(c.pk, [])]
        if in_zone:
            agreed.update(_agreed_versions(in_zone, zoneinfo.ZoneInfo(zone_name)))
    progress: dict[int, list[GoalProgress]] = {}
    for client in clients:
        zone, today = zoneinfo.ZoneInfo(client.time_zone), client_today(client)
        progress[client.pk] = [
            _progress(goal, agreed.get(goal.pk, []), entries.get(goal.pk, []), today, rules, zone)
            for goal in goals.get(client.pk, [])
        ]
    return progress


def _progress(goal, agreed, entries, today, rules, zone) -> GoalProgress:
    version = goal.agreed_version
    fallback = timezone.localdate(version.created_at, timezone=zone)
    start, agreed_on = plan_start(version, agreed, fallback)
    plan = plan_of(version, start)
    points = points_of(version, entries)
    confidence = [float(e.confidence) for e in entries if e.confidence is not None]
    automatic = readable(goal_status(plan, points, today=today, confidence=confidence, rules=rules))
    ratings = LatestRatings(
        client_progress=goal.latest_client_progress,
        therapist_progress=goal.latest_therapist_progress,
        client_gas=goal.latest_client_gas,
        therapist_gas=goal.latest_therapist_gas,
    )
    return GoalProgress(
        goal=goal,
        version=version,
        mode=judged_on(version),
        agreed_on=agreed_on,
        plan=plan,
        entries=entries,
        points=points,
        confidence=confidence,
        status=status_of(goal, automatic),
        ratings=ratings,
        divergences=divergences_of(ratings),
    )


def tracked_goals(client: Client) -> QuerySet[Goal]:
    return Goal.objects.filter(client=client, lifecycle_status__in=TRACKED_LIFECYCLE)


def tracked_of_loaded(goals: list[Goal]) -> list[Goal]:
    """``tracked_goals`` that are agreed, picked out of the client's goals already loaded in date order."""
    return [g for g in goals if g.lifecycle_status in TRACKED_LIFECYCLE and g.agreed_version_id is not None]


def client_progress(client: Client, *, today: dt.date | None = None) -> list[GoalProgress]:
    """Every agreed goal of the client that is worked on, parked or finished, oldest first."""
    return progress_for(tracked_goals(client), client, today=today)


def goal_progress(goal: Goal, *, today: dt.date | None = None) -> GoalProgress | None:
    """One goal's progress, or None before it is agreed."""
    if goal.agreed_version_id is None:
        return None
    loaded = list(
        with_latest_ratings(Goal.objects.filter(pk=goal.pk))
        .select_related("agreed_version", "current_version")
        .order_by()  # one row: no ORDER BY to compile
    )
    if not loaded:
        return None
    if hasattr(goal, "events"):  # loaded by the goal page: saves dating the agreed versions again
        loaded[0].events = goal.events  # type: ignore[attr-defined]
    found = progress_of_loaded(loaded, goal.client, today=today)
    found[0].goal.client = goal.client
    return found[0]


LATEST_RATINGS = (
    "latest_client_progress",
    "latest_therapist_progress",
    "latest_client_gas",
    "latest_therapist_gas",
)


def progress_of_fresh_goal(goal: Goal, *, today: dt.date | None = None) -> GoalProgress | None:
    """As ``goal_progress``, of a goal this request has just loaded with its client and its agreed and
    current versions (``goals.access.get_goal_for``): only the latest ratings are asked for, as four values,
    instead of loading the goal and its versions again (the goal page; issue 9)."""
    if goal.agreed_version_id is None:
        return None
    rows = with_latest_ratings(Goal.objects.filter(pk=goal.pk)).values(*LATEST_RATINGS).order_by()
    latest = next(iter(rows[:1]), None)
    if latest is None:
        return None
    for name, value in latest.items():
        setattr(goal, name, value)
    return progress_of_loaded([goal], goal.client, today=today)[0]


def statuses_by_goal(client: Client, *, today: dt.date | None = None) -> dict[int, GoalStatus]:
    """For lists of goals: each tracked goal's status by id (see the ``goal_status`` template filter)."""
    return {p.goal.pk: p.status for p in client_progress(client, today=today)}


# --- keeping the stored FHIR status in step -------------------------------------------------------------


def store_automatic_status(progress: Iterable[GoalProgress]) -> int:
    """Write each goal's automatic status into ``Goal.achievement_status`` (what exports read), except where
    the therapist set it by hand: the filter on the flag makes sure a status set by hand is never
    overwritten, even by a write that raced with the therapist's. Returns how many goals changed."""
    changed = 0
    for item in progress:
        if item.status.manual or not item.status.fhir:
            continue
        updated = (
            Goal.objects.filter(pk=item.goal.pk, achievement_set_by_hand=False)
            .exclude(achievement_status=item.status.fhir)
            .update(achievement_status=item.status.fhir)
        )
        if updated:  # an UPDATE sends no signal
            dataversion.bump(item.goal.client_id)
        changed += updated
    return changed


def refresh_after_checkin(sender, *, client: Client, day: dt.date, **kwargs) -> None:
    """Receiver of ``accord.checkins.signals.checkin_stored``: keep the stored FHIR achievement status in step
    with the new values (never over a hand-set one)."""
    store_automatic_status(client_progress(client, today=day))
