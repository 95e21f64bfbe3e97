"""The goals' read side, for the goal pages and the apps above: plain-words agreement state, what changed
between versions, progress, lists, the client's GAS T-scores and their tables.

Everything here reads; nothing writes. Lists load their goals in a fixed number of queries however many
goals and versions there are (prefetches below), so the pages stay fast as a client's record grows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.db.models.fields import Field
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _

from accord.accounts.models import CareTeamMember, Client, short_name
from accord.goals.actions import VERSION_FIELDS, party_of
from accord.goals.gas import (
    CLIENT_LEVEL_LABELS,
    DEFAULT_RHO,
    LEVEL_LABELS,
    RATING_LABELS,
    T_SCORE_FORMULA,
    GasGoal,
    TScoreExplanation,
    explain_t_score,
)
from accord.goals.models import (
    CLOSED_LIFECYCLE,
    TRACKED_LIFECYCLE,
    AgreementDecision,
    AgreementEvent,
    ClientTheme,
    GasRating,
    Goal,
    GoalStep,
    GoalVersion,
    LifecycleStatus,
    Party,
)

# --- what changed between versions -------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


def _display(version: GoalVersion, name: str, themes: dict[int, str]) -> str:
    value = getattr(version, name)
    if name == "theme_ids":
        return ", ".join(themes.get(pk, _("(removed)")) for pk in value) or "—"
    if name in ("milestones", "action_steps"):
        return "\n".join(f"{i}. {text}" for i, text in enumerate(value, start=1)) or "—"
    display = getattr(version, f"get_{name}_display", None)
    if display is not None and value:
        return str(display())
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def field_label(name: str) -> str:
    if name == "theme_ids":
        return str(_("What it is for"))
    if name == "milestones":
        return str(_("Milestones"))
    if name == "action_steps":
        return str(_("Action steps"))
    model_field = GoalVersion._meta.get_field(name)
    label = model_field.verbose_name if isinstance(model_field, Field) else name
    return str(label).capitalize()


def diff_versions(old: GoalVersion, new: GoalVersion) -> list[FieldChange]:
    """The fields that differ between two versions of one goal, as readable text."""
    themes = dict(ClientTheme.objects.filter(client_id=old.goal.client_id).values_list("pk", "text"))
    return [
        FieldChange(name, field_label(name), _display(old, name, themes), _display(new, name, themes))
        for name in VERSION_FIELDS
        if getattr(old, name) != getattr(new, name)
    ]


# --- the client's GAS T-scores -----------------------------------------------------------------------


@dataclass
class PartyTScore:
    party: str
    baseline: TScoreExplanation
    now: TScoreExplanation
    rated_goals: int


@dataclass
class ClientTScores:
    rho: float
    goals: list[Goal] = field(default_factory=list)
    by_party: dict[str, PartyTScore] = field(default_factory=dict)

    @property
    def has_goals(self) -> bool:
        return bool(self.goals)


def _latest_levels(goals: list[Goal]) -> dict[tuple[int, str], int]:
    latest: dict[tuple[int, str], int] = {}
    for rating in GasRating.objects.filter(goal__in=goals).order_by("rated_at", "id"):
        latest[(rating.goal_id, rating.party)] = rating.level
    return latest


def _latest_loaded_levels(goals: list[Goal]) -> dict[tuple[int, str], int]:
    latest: dict[tuple[int, str], int] = {}
    for goal in goals:
        for rating in goal.ratings:  # type: ignore[attr-defined]  # prefetched oldest first (to_attr)
            latest[(goal.pk, rating.party)] = rating.level
    return latest


def gas_rho() -> float:
    """The assumed correlation between goals in the T-score: ``ACCORD_GAS_RHO`` (default 0.3, Kiresuk &
    Sherman's convention)."""
    return float(getattr(settings, "ACCORD_GAS_RHO", DEFAULT_RHO))


def client_t_scores(
    client: Client, rho: float | None = None, *, loaded: list[Goal] | None = None
) -> ClientTScores:
    """Baseline and current T for the client's and the therapist's ratings, with the numbers used (ρ from
    the setting unless given).

    ``loaded``: the client's goals as ``pages.goals_for_list`` loads them (versions joined, GAS ratings
    prefetched as ``ratings``), so a page that has them already does not load them again."""
    rho = gas_rho() if rho is None else rho
    if loaded is None:
        goals = list(
            Goal.objects.filter(
                client=client, agreed_version__isnull=False, lifecycle_status__in=TRACKED_LIFECYCLE
            )
            .select_related("agreed_version", "current_version")
            .order_by("created_at", "id")
        )
    else:
        goals = [g for g in loaded if g.agreed_version_id and g.lifecycle_status in TRACKED_LIFECYCLE]
        goals.sort(key=lambda g: (g.created_at, g.pk))
    result = ClientTScores(rho=rho, goals=goals)
    if not goals:
        return result
    latest = _latest_levels(goals) if loaded is None else _latest_loaded_levels(goals)
    baseline = explain_t_score(
        [GasGoal(g.version_agreed.gas_baseline_level, g.gas_weight) for g in goals], rho=rho
    )
    for party in (Party.CLIENT, Party.THERAPIST):
        levels = [latest.get((g.pk, party)) for g in goals]
        now = explain_t_score(
            [GasGoal(level, g.gas_weight) for level, g in zip(levels, goals, strict=True)], rho=rho
        )
        result.by_party[party] = PartyTScore(
            party=party, baseline=baseline, now=now, rated_goals=sum(level is not None for level in levels)
        )
    return result


# --- wording -------------------------------------------------------------------------------------------


def goal_state_for(goal: Goal, viewer_party: str) -> dict[str, Any]:
    """Who needs to act on the goal, phrased for the person looking at it."""
    waiting = goal.waiting_for()
    return {
        "agreed": goal.is_agreed,
        "waiting_for": waiting,
        "needs_me": viewer_party in waiting and goal.last_declined_by != viewer_party,
        "declined_by": goal.last_declined_by,
    }


def level_text(level: int | None) -> str:
    if level is None:
        return ""
    return f"{level:+d}" if level else "0"


def level_label(level: int | None, party: str = "") -> str:
    """The level in words: a client reads "a bit less than we hoped", a therapist the GAS label."""
    if level is None:
        return ""
    return _((CLIENT_LEVEL_LABELS if party == Party.CLIENT else LEVEL_LABELS)[level])


def rating_label(value: int | None) -> str:
    return _(RATING_LABELS[value]) if value is not None else _("Not rated")


@dataclass
class PartyNames:
    """How each side is named to the person looking: "you" for themself, a first name for the other."""

    viewer: str
    client_name: str
    therapist_name: str

    def of(self, party: str) -> str:
        if party == self.viewer:
            return _("you")
        return self.client_name if party == Party.CLIENT else self.therapist_name

    def of_event(self, event: AgreementEvent, viewer_user_id: int) -> str:
        if event.in_session:  # the client's own answer, recorded by the therapist in the room
            return in_session_name(self.client_name, event.user, viewer_user_id, self.therapist_name)
        if event.user_id == viewer_user_id:
            return _("You")
        if event.party == Party.CLIENT:
            return self.client_name
        return event.user.get_short_name() if event.user else self.therapist_name


def in_session_name(client_name: str, recorder, viewer_user_id: int, therapist_name: str = "") -> str:
    """ "Jordan (in session, recorded by Tess)": how a client's answer recorded by the therapist is shown."""
    if recorder is not None and recorder.pk == viewer_user_id:
        by = _("you")
    else:
        by = recorder.get_short_name() if recorder is not None else therapist_name
    return _("%(client)s (in session, recorded by %(recorder)s)") % {"client": client_name, "recorder": by}


def party_names(client: Client, viewer: str, care_team: list[CareTeamMember] | None = None) -> PartyNames:
    """``care_team``: the client's care team (with its therapists) when the page has loaded it already."""
    loaded = getattr(client, "primary_therapist_full_name", None)  # goals.access.client_of_goal_for
    if care_team is None and loaded:
        return PartyNames(viewer=viewer, client_name=client.display_name, therapist_name=short_name(loaded))
    if care_team is None:
        member = (
            CareTeamMember.objects.filter(client=client, is_primary=True).select_related("therapist").first()
        )
    else:  # in the care team's own order (primary first, then by when added), as the query above
        member = next((m for m in care_team if m.is_primary), None)
    therapist = member.therapist.get_short_name() if member else _("your therapist")
    return PartyNames(viewer=viewer, client_name=client.display_name, therapist_name=therapist)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _last(events: list[AgreementEvent], decision: str) -> AgreementEvent | None:
    matching = [event for event in events if event.decision == decision]
    return matching[-1] if matching else None


def _agreed_on(goal: Goal, events: list[AgreementEvent]) -> str:
    accepted = [
        event.at
        for event in events
        if event.decision == AgreementDecision.ACCEPTED and event.version_id == goal.agreed_version_id
    ]
    return _date(max(accepted)) if accepted else ""


def _client_acceptance_in_session(goal: Goal, events: list[AgreementEvent]) -> AgreementEvent | None:
    """The client's acceptance of the agreed version, when the therapist recorded it in session."""
    accepted = [
        event
        for event in events
        if event.decision == AgreementDecision.ACCEPTED
        and event.party == Party.CLIENT
        and event.version_id == goal.agreed_version_id
    ]
    return accepted[-1] if accepted and accepted[-1].in_session else None


def _closed_sentence(goal: Goal, events: list[AgreementEvent], names: PartyNames, viewer_id: int) -> str:
    if goal.lifecycle_status == LifecycleStatus.COMPLETED:
        event = _last(events, AgreementDecision.COMPLETED)
        return _("Completed on %(date)s.") % {"date": _date(event.at)} if event else _("Completed.")
    withdrawn = _last(events, AgreementDecision.WITHDRAWN)
    if withdrawn:
        return _("%(who)s withdrew this proposal on %(date)s.") % {
            "who": names.of_event(withdrawn, viewer_id),
            "date": _date(withdrawn.at),
        }
    retired = _last(events, AgreementDecision.CANCELLED)
    return _("Retired on %(date)s.") % {"date": _date(retired.at)} if retired else _("Retired.")


def _waiting_sentence(goal: Goal, waiting: list[str], names: PartyNames) -> str:
    number = goal.current_number
    if len(waiting) == 2:
        return _("Waiting for you both to accept version %(number)s.") % {"number": number}
    if waiting[0] == names.viewer:
        return _("Waiting for you to accept version %(number)s.") % {"number": number}
    return _("Waiting for %(name)s to accept version %(number)s.") % {
        "name": names.of(waiting[0]),
        "number": number,
    }


def agreement_sentences(
    goal: Goal, events: list[AgreementEvent], names: PartyNames, viewer_id: int
) -> list[str]:
    """Where the goal stands, in one or two plain sentences for the person looking at it."""
    status = goal.lifecycle_status
    if status in CLOSED_LIFECYCLE:
        return [_closed_sentence(goal, events, names, viewer_id)]
    sentences = []
    if status == LifecycleStatus.ON_HOLD:
        parked = _last(events, AgreementDecision.PARKED)
        sentences.append(
            _("%(who)s parked it (“not now”) on %(date)s. It's kept; either of you can take it up again.")
            % {"who": names.of_event(parked, viewer_id), "date": _date(parked.at)}
            if parked
            else _("Parked (“not now”). It's kept; either of you can take it up again.")
        )
        return sentences
    if goal.exploring:
        sentences.append(
            _(
                "Exploring: not yet made SMART and not yet agreed. Nobody is asked to accept it while you "
                "explore it."
            )
        )
        return sentences
    if goal.agreed_version_id:
        agreed = {"number": goal.version_agreed.number, "date": _agreed_on(goal, events)}
        sentences.append(_("You both agreed version %(number)s on %(date)s.") % agreed)
        in_room = _client_acceptance_in_session(goal, events)
        if in_room is not None:
            sentences.append(
                _("%(client)s agreed in session, recorded by %(recorder)s.")
                % {
                    "client": names.client_name if names.viewer != Party.CLIENT else _("You"),
                    "recorder": _("you")
                    if in_room.user_id == viewer_id
                    else (in_room.user.get_short_name() if in_room.user else names.therapist_name),
                }
            )
    if goal.last_declined_by:
        declined = _last(events, AgreementDecision.DECLINED)
        if declined:
            sentences.append(
                _("%(who)s declined version %(number)s: “%(comment)s”")
                % {
                    "who": names.of_event(declined, viewer_id),
                    "number": declined.version.number,
                    "comment": declined.comment,
                }
            )
    waiting = goal.waiting_for()
    if waiting:
        sentences.append(_waiting_sentence(goal, waiting, names))
    return sentences


# --- progress -----------------------------------------------------------------------------------------
@dataclass
class Progress:
    milestones_done: int = 0
    milestones_total: int = 0
    actions_done: int = 0
    actions_total: int = 0
    latest_level: dict[str, GasRating] = field(default_factory=dict)

    @property
    def client_level(self) -> GasRating | None:
        return self.latest_level.get(Party.CLIENT)

    @property
    def therapist_level(self) -> GasRating | None:
        return self.latest_level.get(Party.THERAPIST)

    @property
    def has_any(self) -> bool:
        return bool(self.milestones_total or self.actions_total or self.latest_level)


def progress_of(steps: list[GoalStep], ratings: list[GasRating]) -> Progress:
    progress = Progress()
    for step in steps:
        if not step.is_current:
            continue
        if step.kind == GoalStep.Kind.MILESTONE:
            progress.milestones_total += 1
            progress.milestones_done += step.done_at is not None
        else:
            progress.actions_total += 1
            progress.actions_done += step.done_at is not None
    for rating in ratings:  # in rating order, so the last one per party wins
        progress.latest_level[rating.party] = rating
    return progress


# --- lists --------------------------------------------------------------------------------------------
GAS_RATINGS = Prefetch(
    "gas_ratings", queryset=GasRating.objects.order_by("rated_at", "id"), to_attr="ratings"
)


def goals_for_list(client: Client, *, gas_ratings: bool = True) -> QuerySet[Goal]:
    """The client's goals with everything a card shows, in a fixed number of queries. Without
    ``gas_ratings`` the caller attaches them (``attach_gas_ratings``)."""
    goals = (
        Goal.objects.filter(client=client)
        .select_related("current_version", "agreed_version")
        .prefetch_related(
            Prefetch(
                "agreement_events",
                queryset=AgreementEvent.objects.select_related("user", "version").order_by("at", "id"),
                to_attr="events",
            ),
            Prefetch("steps", queryset=GoalStep.objects.filter(is_current=True), to_attr="current_steps"),
        )
        .order_by("created_at", "id")
    )
    return goals.prefetch_related(GAS_RATINGS) if gas_ratings else goals


def attach_gas_ratings(goals: list[Goal], rated: list[Goal]) -> None:
    """Each goal's GAS ratings (``ratings``, oldest first), asked for only for the goals in ``rated`` (those
    known to have any): no query when none has."""
    if rated:
        prefetch_related_objects(rated, GAS_RATINGS)
    for goal in goals:
        if goal not in rated:
            goal.ratings = []  # type: ignore[attr-defined]  # what the prefetch names ``ratings``


def goals_for_home(client: Client) -> QuerySet[Goal]:
    """The client's goals with their current and agreed versions, for the client's home (one query)."""
    return (
        Goal.objects.filter(client=client)
        .select_related("current_version", "agreed_version")
        .order_by("created_at", "id")
    )


@dataclass
class GoalCard:
    goal: Goal
    sentences: list[str]
    needs_me: bool
    progress: Progress

    @property
    def version(self) -> GoalVersion:
        return self.goal.version_now


@dataclass
class GoalsOverview:
    """A client's goals sorted for the person looking: what needs them first, closed ones last."""

    client: Client
    viewer: str
    names: PartyNames
    needs_me: list[GoalCard] = field(default_factory=list)
    declined: list[GoalCard] = field(default_factory=list)
    agreed: list[GoalCard] = field(default_factory=list)
    waiting_for_other: list[GoalCard] = field(default_factory=list)
    parked: list[GoalCard] = field(default_factory=list)
    closed: list[GoalCard] = field(default_factory=list)
    t_scores: ClientTScores | None = None
    t_table: dict[str, Any] | None = None
    goals: list[Goal] = field(default_factory=list)  # all of them, as loaded by goals_for_list

    @property
    def open_count(self) -> int:
        return len(self.needs_me) + len(self.declined) + len(self.agreed) + len(self.waiting_for_other)

    @property
    def is_empty(self) -> bool:
        return not (self.open_count or self.parked or self.closed)


def goals_overview(
    client: Client,
    user,
    care_team: list[CareTeamMember] | None = None,
    goals: list[Goal] | None = None,
) -> GoalsOverview:
    """``care_team`` and ``goals`` (from ``goals_for_list``) when the page has loaded them already."""
    viewer = party_of(user, client)
    overview = GoalsOverview(client=client, viewer=viewer, names=party_names(client, viewer, care_team))
    goals = list(goals_for_list(client)) if goals is None else goals
    overview.goals = goals
    for goal in goals:
        state = goal_state_for(goal, viewer)
        card = GoalCard(
            goal=goal,
            # events, current_steps and ratings: prefetched by goals_for_list (to_attr), unknown to the stubs.
            sentences=agreement_sentences(goal, goal.events, overview.names, user.pk),  # type: ignore[attr-defined]
            needs_me=state["needs_me"],
            progress=progress_of(goal.current_steps, goal.ratings),  # type: ignore[attr-defined]
        )
        _file(overview, card, state)
    overview.t_scores = client_t_scores(client, loaded=goals)
    overview.t_table = t_score_table(overview.t_scores, overview.names)
    return overview


def _file(overview: GoalsOverview, card: GoalCard, state: dict[str, Any]) -> None:
    status = card.goal.lifecycle_status
    if status in CLOSED_LIFECYCLE:
        overview.closed.append(card)
    elif status == LifecycleStatus.ON_HOLD:
        overview.parked.append(card)
    elif card.needs_me:
        overview.needs_me.append(card)
    elif card.goal.last_declined_by:
        # Declined: nobody is asked to accept; it's something to talk over, then change or withdraw.
        overview.declined.append(card)
    elif state["agreed"]:
        overview.agreed.append(card)
    else:
        overview.waiting_for_other.append(card)


def therapist_goals_context(
    client: Client, user, care_team: list[CareTeamMember] | None = None, goals: list[Goal] | None = None
) -> dict[str, Any]:
    """Context for goals/_therapist_goals_section.html on the therapist's client page (one line to add)."""
    return {"goals_overview": goals_overview(client, user, care_team, goals)}


# --- GAS T-score, explained ---------------------------------------------------------------------------
def t_score_table(scores: ClientTScores, names: PartyNames) -> dict[str, Any] | None:
    """Rows and sums for "How is this worked out?": each goal's weight and levels, and each party's sums."""
    if not scores.has_goals:
        return None
    client_now = scores.by_party[Party.CLIENT].now
    therapist_now = scores.by_party[Party.THERAPIST].now
    baseline = scores.by_party[Party.CLIENT].baseline
    by_index = {
        "baseline": {g.index: g for g in baseline.goals},
        Party.CLIENT: {g.index: g for g in client_now.goals},
        Party.THERAPIST: {g.index: g for g in therapist_now.goals},
    }
    rows = []
    for index, goal in enumerate(scores.goals):
        client_level = by_index[Party.CLIENT].get(index)
        therapist_level = by_index[Party.THERAPIST].get(index)
        rows.append(
            {
                "goal": goal,
                "statement": goal.version_agreed.statement,
                "importance": goal.client_importance,
                "difficulty": goal.therapist_difficulty,
                "weight": by_index["baseline"][index].weight,
                "baseline": level_text(goal.version_agreed.gas_baseline_level),
                "client": level_text(client_level.level) if client_level else "",
                "therapist": level_text(therapist_level.level) if therapist_level else "",
            }
        )
    return {
        "formula": T_SCORE_FORMULA,
        "rho": scores.rho,
        "rows": rows,
        "columns": [
            {"label": _("At the start"), "explanation": baseline},
            {"label": _("Now — %(name)s's ratings") % {"name": names.client_name}, "explanation": client_now},
            {
                "label": _("Now — %(name)s's ratings") % {"name": names.therapist_name},
                "explanation": therapist_now,
            },
        ],
        "weights_fell_back": baseline.weights_fell_back_to_one,
    }


# --- the goal page ------------------------------------------------------------------------------------
# Sections that apps above goals add to the goal page (each takes the request and the goal and returns
# template context); ``accord.progress`` appends its status and chart in its ``AppConfig.ready``.
goal_page_sections: list[Callable[[HttpRequest, Goal], dict[str, Any]]] = []
