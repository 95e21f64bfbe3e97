"""The motivation read side of goals: stage of change, exploring, motivational-interviewing prompts for a
flagged goal, the decisional balance, and each goal's latest readiness (docs/motivation.md).

Offered to other apps through ``accord.goals.sections``, which re-exports these names; kept apart so that
module stays short enough to hold in the head.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from accord.goals import motivation
from accord.goals.models import CLOSED_LIFECYCLE, DecisionalBalance, Goal, ReadinessRating


def latest_readiness(goal: Goal) -> ReadinessRating | None:
    return goal.readiness.order_by("-rated_at", "-id").first()


# --- motivation: stage of change, exploring, prompts, decisional balance ------------------------------------
@dataclass(frozen=True)
class PromptView:
    """One motivational-interviewing prompt as pages and the API show it."""

    id: str
    flag: str
    kind: str
    text: str
    source: str
    source_full: str

    def as_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "flag": self.flag,
            "kind": self.kind,
            "text": self.text,
            "source": self.source,
            "source_full": self.source_full,
        }


class _NotLoaded:
    """The caller has not loaded the latest readiness rating (``None`` means: loaded, there is none)."""


NOT_LOADED = _NotLoaded()
Loaded = ReadinessRating | None | _NotLoaded


def _readiness_of(goal: Goal, readiness: Loaded = NOT_LOADED) -> motivation.Readiness | None:
    rating = latest_readiness(goal) if isinstance(readiness, _NotLoaded) else readiness
    if rating is None:
        return None
    return motivation.Readiness(importance=rating.importance, confidence=rating.confidence)


def prompts_for_flag(
    goal: Goal, flag_code: str, *, readiness: Loaded = NOT_LOADED, limit: int = 3
) -> list[PromptView]:
    """The motivational-interviewing prompts that fit ``flag_code`` for this goal (``motivation.FLAGS``:
    stalled, falling_confidence, missed_checkins, exploring, low_confidence): those for the goal's stage of
    change first, with the client's latest readiness numbers filled in. An unknown code has none.
    ``readiness``: the latest rating (or None) when the caller loaded it (``latest_readiness_by_goal``);
    else one query."""
    if flag_code not in motivation.FLAGS:
        return []
    found = motivation.prompts_for(
        flag_code, stage=goal.stage_of_change, readiness=_readiness_of(goal, readiness), limit=limit
    )
    views = []
    for prompt in found:
        template = _(prompt.template)  # prompt texts are data; a catalogue may translate them
        text = template.format(**dict(prompt.values)) if prompt.values else template
        views.append(PromptView(prompt.id, flag_code, prompt.kind, text, prompt.source, prompt.source_full))
    return views


@dataclass
class BalanceView:
    """A goal's decisional balance: the four boxes, who last changed it, and when."""

    change_pros: str = ""
    change_cons: str = ""
    stay_pros: str = ""
    stay_cons: str = ""
    updated_at: Any = None
    updated_by: str = ""
    exists: bool = False

    @property
    def is_empty(self) -> bool:
        return not any((self.change_pros, self.change_cons, self.stay_pros, self.stay_cons))

    def as_json(self) -> dict[str, Any]:
        return {
            "change_pros": self.change_pros,
            "change_cons": self.change_cons,
            "stay_pros": self.stay_pros,
            "stay_cons": self.stay_cons,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "updated_by": self.updated_by,
        }


def decisional_balance_for(goal: Goal) -> BalanceView:
    """The goal's decisional balance (empty when none was filled in). One query, none when the goal was
    loaded with it."""
    if Goal.decisional_balance.is_cached(goal):  # loaded with the goal (``get_goal_for``)
        balance = getattr(goal, "decisional_balance", None)
    else:
        balance = DecisionalBalance.objects.filter(goal=goal).select_related("updated_by").first()
    return BalanceView() if balance is None else _balance_view(balance)


def decisional_balances_by_goal(goals: list[Goal]) -> dict[int, BalanceView]:
    """The decisional balances of these goals (only those filled in), in one query however many."""
    found = DecisionalBalance.objects.filter(goal__in=[g.pk for g in goals]).select_related("updated_by")
    return {balance.goal_id: _balance_view(balance) for balance in found}


def _balance_view(balance: DecisionalBalance) -> BalanceView:
    return BalanceView(
        change_pros=balance.change_pros,
        change_cons=balance.change_cons,
        stay_pros=balance.stay_pros,
        stay_cons=balance.stay_cons,
        updated_at=balance.updated_at,
        updated_by=balance.updated_by.get_short_name() if balance.updated_by else "",
        exists=True,
    )


@dataclass(frozen=True)
class GoalFlag:
    """A flag on a goal a therapist should look at, with its reason and the motivational-interviewing
    prompts that fit it (``accord/goals/mi_prompts.json``)."""

    code: str  # motivation.FLAGS
    reason: str
    prompts: list[PromptView]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "reason": self.reason, "prompts": [p.as_json() for p in self.prompts]}


def goal_flags_of_goal(goal: Goal, readiness: ReadinessRating | None) -> list[GoalFlag]:
    """The flags goals itself raises, with their prompts: a goal being explored; the latest readiness
    confidence below 7 (CLINICAL.md). Progress adds the stalled flags (``accord.progress.sections``)."""
    flags = []
    if goal.exploring:
        reason = _("Being explored: not yet made SMART, not yet agreed.")
        flags.append(
            GoalFlag(
                motivation.EXPLORING,
                reason,
                prompts_for_flag(goal, motivation.EXPLORING, readiness=readiness),
            )
        )
    if (
        readiness is not None
        and readiness.confidence < motivation.LOW_CONFIDENCE_BELOW
        and goal.lifecycle_status not in CLOSED_LIFECYCLE
    ):
        reason = _("Confidence %(c)s/10 at the latest readiness rating (below 7).") % {
            "c": readiness.confidence
        }
        code = motivation.LOW_CONFIDENCE
        flags.append(GoalFlag(code, reason, prompts_for_flag(goal, code, readiness=readiness)))
    return flags


def motivation_for_goal(goal: Goal, readiness: Loaded = NOT_LOADED) -> dict[str, Any]:
    """Everything about motivation on one goal, for the goal page, the review and the pre-session brief:
    the stage of change (code and label), whether it is being explored, the latest readiness, the flags
    goals raises with their prompts (``GoalFlag``), and the decisional balance (``BalanceView``). Two
    queries (one when ``readiness`` is given, even as None), whatever the history."""
    if isinstance(readiness, _NotLoaded):
        readiness = latest_readiness(goal)
    return {
        "stage": goal.stage_of_change,
        "stage_label": goal.get_stage_of_change_display() if goal.stage_of_change else "",
        "exploring": goal.exploring,
        "readiness": readiness,
        "flags": goal_flags_of_goal(goal, readiness),
        "balance": decisional_balance_for(goal),
    }


def latest_readiness_by_goal(goals: list[Goal]) -> dict[int, ReadinessRating]:
    """Each goal's latest readiness rating, in one query however many goals and ratings."""
    latest = ReadinessRating.objects.filter(goal=OuterRef("pk")).order_by("-rated_at", "-id").values("pk")[:1]
    ids = (
        Goal.objects.filter(pk__in=[g.pk for g in goals])
        .annotate(latest_id=Subquery(latest))
        .values_list("latest_id", flat=True)
    )
    return {r.goal_id: r for r in ReadinessRating.objects.filter(pk__in=Subquery(ids))}
