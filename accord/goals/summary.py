"""Read-side helpers for goals: what changed between versions, and the client's GAS T-scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from accord.accounts.models import Client
from accord.goals.actions import VERSION_FIELDS
from accord.goals.gas import DEFAULT_RHO, GasGoal, TScoreExplanation, explain_t_score
from accord.goals.models import (
    TRACKED_LIFECYCLE,
    ClientTheme,
    GasRating,
    Goal,
    GoalVersion,
    Party,
)

# Goals that count towards the aggregate T-score: agreed, and being worked on or finished.


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
    return str(GoalVersion._meta.get_field(name).verbose_name).capitalize()


def diff_versions(old: GoalVersion, new: GoalVersion) -> list[FieldChange]:
    """The fields that differ between two versions of one goal, as readable text."""
    themes = dict(ClientTheme.objects.filter(client_id=old.goal.client_id).values_list("pk", "text"))
    return [
        FieldChange(name, field_label(name), _display(old, name, themes), _display(new, name, themes))
        for name in VERSION_FIELDS
        if getattr(old, name) != getattr(new, name)
    ]


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


def gas_rho() -> float:
    """The assumed correlation between goals in the T-score: ``ACCORD_GAS_RHO`` (default 0.3, Kiresuk &
    Sherman's convention)."""
    return float(getattr(settings, "ACCORD_GAS_RHO", DEFAULT_RHO))


def client_t_scores(client: Client, rho: float | None = None) -> ClientTScores:
    """Baseline and current T for the client's and the therapist's ratings, with the numbers used (ρ from
    the setting unless given)."""
    rho = gas_rho() if rho is None else rho
    goals = list(
        Goal.objects.filter(
            client=client, agreed_version__isnull=False, lifecycle_status__in=TRACKED_LIFECYCLE
        )
        .select_related("agreed_version", "current_version")
        .order_by("created_at", "id")
    )
    result = ClientTScores(rho=rho, goals=goals)
    if not goals:
        return result
    latest = _latest_levels(goals)
    baseline = explain_t_score(
        [GasGoal(g.agreed_version.gas_baseline_level, g.gas_weight) for g in goals], rho=rho
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


def goal_state_for(goal: Goal, viewer_party: str) -> dict[str, Any]:
    """Who needs to act on the goal, phrased for the person looking at it."""
    waiting = goal.waiting_for()
    return {
        "agreed": goal.is_agreed,
        "waiting_for": waiting,
        "needs_me": viewer_party in waiting and goal.last_declined_by != viewer_party,
        "declined_by": goal.last_declined_by,
    }
