"""GAS T-score against the published examples (CLINICAL.md) and the properties the formula must keep."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from accord.goals.gas import (
    DEFAULT_RHO,
    GAS_LEVELS,
    LEVEL_LABELS,
    LEVEL_LOINC,
    T_SCORE_FORMULA,
    GasGoal,
    explain_t_score,
    gas_weight,
    t_score,
)

levels = st.sampled_from(GAS_LEVELS)
positive_weights = st.one_of(st.integers(1, 9), st.floats(0.1, 9, allow_nan=False))
weights = st.one_of(st.integers(0, 9), st.floats(0, 9, allow_nan=False))
goal_lists = st.lists(st.builds(GasGoal, level=levels, weight=weights), min_size=1, max_size=8)


def goals(levels_, weights_=None):
    weights_ = weights_ or [1] * len(levels_)
    return [GasGoal(level, weight) for level, weight in zip(levels_, weights_, strict=True)]


# --- published examples -------------------------------------------------------------------------------------


def test_gasr_weighted_example_is_55():
    example = goals([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6])
    assert round(t_score(example), 2) == 55.00


def test_three_unweighted_goals_at_plus_one_plus_one_zero_is_59_13():
    assert round(t_score(goals([1, 1, 0])), 2) == 59.13


def test_unweighted_flag_ignores_weights():
    example = goals([1, 1, 0], [9, 1, 4])
    assert round(t_score(example, weighted=False), 2) == 59.13


@pytest.mark.parametrize("level", GAS_LEVELS)
@pytest.mark.parametrize("weight", [1, 4, 9, 0.5])
def test_one_goal_gives_50_plus_10x(level, weight):
    assert t_score([GasGoal(level, weight)]) == pytest.approx(50 + 10 * level)


def test_no_goals_or_no_levels_gives_none():
    assert t_score([]) is None
    assert t_score([GasGoal(None, 3), GasGoal(None)]) is None


# --- explanation --------------------------------------------------------------------------------------------


def test_explanation_shows_every_number_of_the_worked_example():
    example = goals([-2, 0, -1, 2, 0, 1], [3, 5, 1, 4, 2, 6]) + [GasGoal(None, 9)]
    explained = explain_t_score(example)
    assert explained.sum_wx == 7
    assert explained.sum_w_squared == 91
    assert explained.sum_w_all_squared == 441
    assert explained.denominator == pytest.approx(14)
    assert explained.t_score == pytest.approx(55)
    assert explained.rho == DEFAULT_RHO
    assert explained.left_out == (6,)
    assert [(g.index, g.level, g.weight) for g in explained.goals][:2] == [(0, -2, 3), (1, 0, 5)]
    assert explained.weights_fell_back_to_one is False
    assert explained.formula == T_SCORE_FORMULA
    assert explained.to_dict()["goals"][0] == {"index": 0, "level": -2, "weight": 3}


def test_explanation_says_when_zero_weights_fell_back_to_one():
    explained = explain_t_score(goals([1, 1, 0], [0, 0, 0]))
    assert explained.weights_fell_back_to_one is True
    assert [g.weight for g in explained.goals] == [1, 1, 1]


def test_explanation_of_nothing_scored_has_no_t():
    explained = explain_t_score([GasGoal(None)])
    assert explained.t_score is None
    assert explained.goals == ()
    assert explained.left_out == (0,)


# --- validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [3, -3, 0.5, True, "1", math.nan])
def test_bad_level_raises(level):
    with pytest.raises(ValueError):
        GasGoal(level)


@pytest.mark.parametrize("weight", [-1, -0.01, math.nan, math.inf, "2", None])
def test_bad_weight_raises(weight):
    with pytest.raises(ValueError):
        GasGoal(0, weight)


def test_bad_level_on_a_duck_typed_goal_raises_in_t_score():
    class Row:  # e.g. a model instance that skipped validation
        level = 5
        weight = 1

    with pytest.raises(ValueError):
        t_score([Row()])


@pytest.mark.parametrize("rho", [-0.1, 1.5])
def test_bad_rho_raises(rho):
    with pytest.raises(ValueError):
        t_score(goals([0]), rho=rho)


@given(st.integers().filter(lambda n: n not in GAS_LEVELS))
def test_any_integer_outside_minus_two_to_two_raises(level):
    with pytest.raises(ValueError):
        GasGoal(level)


# --- weights ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "difficulty", "expected"),
    [(3, 3, 9), (2, 3, 6), (0, 3, 0), (1, 1, 1), (None, 3, 1), (2, None, 1), (None, None, 1)],
)
def test_gas_weight_is_importance_times_difficulty_and_missing_gives_one(importance, difficulty, expected):
    assert gas_weight(importance, difficulty) == expected


@pytest.mark.parametrize(("importance", "difficulty"), [(4, 1), (-1, 2), (1, 7), (True, 2)])
def test_gas_weight_rejects_ratings_outside_0_to_3(importance, difficulty):
    with pytest.raises(ValueError):
        gas_weight(importance, difficulty)


def test_labels_and_loinc_codes_cover_every_level():
    assert set(LEVEL_LOINC) == set(GAS_LEVELS) == set(LEVEL_LABELS)
    assert LEVEL_LOINC[0] == "LA34481-4"
    assert LEVEL_LOINC[-2] == "LA34484-8"


# --- properties ---------------------------------------------------------------------------------------------


@given(st.lists(weights, min_size=1, max_size=8), st.sampled_from([0.0, 0.3, 0.5, 1.0]))
def test_all_goals_at_expected_level_gives_50(ws, rho):
    assert t_score([GasGoal(0, w) for w in ws], rho=rho) == pytest.approx(50)


@given(st.lists(st.tuples(levels, positive_weights), min_size=1, max_size=8), st.data())
def test_raising_one_goal_never_lowers_t(pairs, data):
    index = data.draw(st.integers(0, len(pairs) - 1))
    level, weight = pairs[index]
    assume(level < 2)
    raised = list(pairs)
    raised[index] = (data.draw(st.integers(level + 1, 2)), weight)
    before = t_score([GasGoal(lv, w) for lv, w in pairs])
    after = t_score([GasGoal(lv, w) for lv, w in raised])
    assert after > before


@given(st.lists(levels, min_size=1, max_size=8))
def test_zero_weights_are_treated_as_ones(lvls):
    assert t_score(goals(lvls, [0] * len(lvls))) == pytest.approx(t_score(goals(lvls)))


@given(goal_lists, st.data())
def test_goal_without_level_is_left_out(goal_list, data):
    position = data.draw(st.integers(0, len(goal_list)))
    with_missing = [*goal_list[:position], GasGoal(None, data.draw(weights)), *goal_list[position:]]
    assert t_score(with_missing) == t_score(goal_list)


@given(goal_lists)
def test_t_stays_within_the_bounds_the_formula_allows(goal_list):
    # With ρ ≥ 0 the denominator is at least √((1−ρ)Σw²+ρΣw²) = √Σw² ≥ Σ|w|/√n, so |T−50| ≤ 20·√n.
    t = t_score(goal_list)
    assert abs(t - 50) <= 20 * math.sqrt(len(goal_list)) + 1e-9


@given(goal_lists)
def test_unweighted_equals_weighted_with_all_ones(goal_list):
    ones = [GasGoal(g.level, 1) for g in goal_list]
    assert t_score(goal_list, weighted=False) == pytest.approx(t_score(ones))
