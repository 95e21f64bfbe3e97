"""Goal Attainment Scaling (GAS): levels, weights and the aggregate T-score.

Pure Python so it can be tested without Django and reused by the API, the exports and the charts.
Sources are in docs CLINICAL.md § GAS: Kiresuk & Sherman (1968) and Turner-Stokes (2009), using the
formula from the erratum (the one first printed was wrong).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Protocol


def _(message: str) -> str:
    """Mark a user-facing string for translation (stand-in for Django's gettext_noop)."""
    return message


GAS_LEVELS = (-2, -1, 0, 1, 2)

# ρ is the assumed correlation between one client's goals; 0.3 is the value Kiresuk & Sherman proposed
# and every published worked example uses. It is a convention, so callers can pass their own.
DEFAULT_RHO = 0.3

# HL7 PCO IG answer codes for each level, used on the Goal's GAS extension in FHIR exports.
LEVEL_LOINC = {2: "LA34479-8", 1: "LA34480-6", 0: "LA34481-4", -1: "LA34483-0", -2: "LA34484-8"}

LEVEL_LABELS = {
    2: _("Much more than expected"),
    1: _("Somewhat more than expected"),
    0: _("Expected outcome (the goal)"),
    -1: _("Somewhat less than expected"),
    -2: _("Much less than expected"),
}

# The same five levels in the words a client reads (issue 13): no "expected", no signs.
CLIENT_LEVEL_LABELS = {
    2: _("Much better than we hoped"),
    1: _("A bit better than we hoped"),
    0: _("Where we hoped — the goal"),
    -1: _("A bit less than we hoped"),
    -2: _("Much less than we hoped"),
}

# Importance (client) and difficulty (therapist) are each rated on this four-point scale.
RATING_LABELS = {0: _("Not at all"), 1: _("A little"), 2: _("Moderately"), 3: _("Very")}

T_SCORE_FORMULA = "T = 50 + 10·Σ(wᵢ·xᵢ) / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²)"


class GoalLike(Protocol):
    """Anything with a GAS level and a weight: a GasGoal, or a model row with the same attributes."""

    @property
    def level(self) -> int | None: ...

    @property
    def weight(self) -> float: ...


@dataclass(frozen=True)
class GasGoal:
    level: int | None
    weight: float = 1

    def __post_init__(self) -> None:
        _check_goal(self)


@dataclass(frozen=True)
class ScoredGoal:
    """One goal as it entered the sum: its position in the input, its level and the weight applied."""

    index: int
    level: int
    weight: float


@dataclass(frozen=True)
class TScoreExplanation:
    """Every number behind a T-score, so the UI can show how it was computed."""

    t_score: float | None
    rho: float
    weighted: bool
    weights_fell_back_to_one: bool
    goals: tuple[ScoredGoal, ...]
    left_out: tuple[int, ...]  # indexes of goals without a level
    sum_wx: float
    sum_w_squared: float  # Σwᵢ²
    sum_w_all_squared: float  # (Σwᵢ)²
    denominator: float
    formula: str = T_SCORE_FORMULA

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check_goal(goal: GoalLike) -> None:
    level, weight = goal.level, goal.weight
    # bool is an int subclass; True as a level is always a bug upstream, never a +1.
    if level is not None and (isinstance(level, bool) or level not in GAS_LEVELS):
        raise ValueError(f"GAS level must be one of {GAS_LEVELS} or None, got {level!r}")
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        raise ValueError(f"GAS weight must be a number, got {weight!r}")
    if not (math.isfinite(weight) and weight >= 0):
        raise ValueError(f"GAS weight must be a finite number ≥ 0, got {weight!r}")


def _check_rho(rho: float) -> None:
    if not (0 <= rho <= 1):
        raise ValueError(f"rho must be between 0 and 1, got {rho!r}")


def gas_weight(importance: int | None, difficulty: int | None) -> int:
    """Weight = client's importance × therapist's difficulty, each 0–3, so 0–9.

    If either rating is missing the goal gets weight 1, the unweighted default: a half-rated goal should
    count like an unweighted one rather than vanish (0) or guess at the missing rating.
    """
    if importance is None or difficulty is None:
        return 1
    for name, value in (("importance", importance), ("difficulty", difficulty)):
        if isinstance(value, bool) or value not in RATING_LABELS:
            raise ValueError(f"{name} must be 0, 1, 2 or 3, got {value!r}")
    return importance * difficulty


def _applied_weights(scored: list[tuple[int, GoalLike]], weighted: bool) -> tuple[list[float], bool]:
    """The weights that enter the formula, and whether they fell back to 1 because all were 0."""
    if not weighted:
        return [1.0] * len(scored), False
    weights = [float(goal.weight) for _index, goal in scored]
    # All-zero weights would divide by zero; CLINICAL.md says to score them as unweighted instead.
    # (Testing Σw² rather than each w also catches weights so tiny that their squares underflow to 0.)
    if weights and sum(w * w for w in weights) == 0:
        return [1.0] * len(weights), True
    return weights, False


def explain_t_score(
    goals: Iterable[GoalLike], rho: float = DEFAULT_RHO, weighted: bool = True
) -> TScoreExplanation:
    """Compute the GAS T-score and keep every intermediate number.

    Goals with no level are left out (not counted as 0: an unrated goal is unknown, not "as expected").
    """
    _check_rho(rho)
    goals = list(goals)
    for goal in goals:
        _check_goal(goal)
    scored = [(i, g) for i, g in enumerate(goals) if g.level is not None]
    left_out = tuple(i for i, g in enumerate(goals) if g.level is None)
    weights, fell_back = _applied_weights(scored, weighted)
    used = tuple(ScoredGoal(i, int(g.level or 0), w) for (i, g), w in zip(scored, weights, strict=True))
    sum_wx = sum(g.weight * g.level for g in used)
    sum_w2 = sum(g.weight**2 for g in used)
    sum_w_all2 = sum(g.weight for g in used) ** 2
    denominator = math.sqrt((1 - rho) * sum_w2 + rho * sum_w_all2)
    t = 50 + 10 * sum_wx / denominator if used else None
    return TScoreExplanation(
        t_score=t,
        rho=rho,
        weighted=weighted,
        weights_fell_back_to_one=fell_back,
        goals=used,
        left_out=left_out,
        sum_wx=sum_wx,
        sum_w_squared=sum_w2,
        sum_w_all_squared=sum_w_all2,
        denominator=denominator,
    )


def t_score(goals: Iterable[GoalLike], rho: float = DEFAULT_RHO, weighted: bool = True) -> float | None:
    """GAS T-score: 50 when every goal lands at its expected level; None when no goal has a level."""
    return explain_t_score(goals, rho=rho, weighted=weighted).t_score
