"""analyse(): read the goal once, judge the five criteria, and collect warnings and suggestions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from accord.goals.smart.feasibility import (
    _Check,
    _feasibility_checks,
    _judge_achievable,
    _text_checks,
    find_absolutes,
)
from accord.goals.smart.feedback import SUGGESTIONS, _quote, worked_example
from accord.goals.smart.i18n import _
from accord.goals.smart.lexicon import MIN_RELEVANT_IMPORTANCE
from accord.goals.smart.measurable import _judge_measurable, find_measures
from accord.goals.smart.results import (
    UNREALISTIC_CODES,
    Criterion,
    GoalFields,
    SmartResult,
    SmartWarning,
    _clean,
    _Context,
)
from accord.goals.smart.safety import read_safety
from accord.goals.smart.specific import _judge_specific, find_actions
from accord.goals.smart.spelling import correct
from accord.goals.smart.text import _normalise, _shown
from accord.goals.smart.time_bound import _judge_time_bound, find_time_frames


def _context(text: str, fields: GoalFields) -> _Context:
    shown = _shown(text if isinstance(text, str) else "")
    today = fields.today or date.today()
    return _Context(
        text=_normalise(shown),
        shown=shown,
        fields=fields,
        today=today,
        start=fields.start_date or today,
        actions=find_actions(shown),
        measures=find_measures(shown),
        frames=find_time_frames(shown, today),
        absolutes=find_absolutes(shown),
    )


def _judge_relevant(ctx: _Context) -> Criterion:
    links, importance = ctx.fields.linked_needs_count, ctx.fields.client_importance
    low = importance is not None and importance < MIN_RELEVANT_IMPORTANCE
    low_note = _(
        "You rated how much this matters as {n} out of 3 — worth talking about what would make it "
        "matter more, or whether another goal matters more right now."
    )
    if links:
        feedback = [_("Linked to {n} of the needs, strengths or values from the assessment.").format(n=links)]
        return Criterion(True, feedback + ([low_note.format(n=importance)] if low else []))
    if importance is not None and not low:
        return Criterion(True, [_("You rated this as mattering to you ({n} out of 3).").format(n=importance)])
    if low:
        return Criterion(False, [low_note.format(n=importance)])
    return Criterion(
        None,
        [
            _(
                "Link it to a need, strength or value from the assessment, or rate how much it "
                "matters to you (0–3)."
            )
        ],
    )


# --- warnings, suggestions, analyse -------------------------------------------------------------------------


def _warnings(ctx: _Context, checks: list[_Check], safety: list[SmartWarning]) -> list[SmartWarning]:
    warnings: dict[str, SmartWarning] = {}
    if ctx.absolutes:
        message = _(
            "{words} sets an all-or-nothing bar: one slip would count as failing, which can be discouraging."
        )
        warnings["absolute_wording"] = SmartWarning(
            "absolute_wording", message.format(words=_quote(ctx.absolutes))
        )
    for check in checks:
        if check.ok is False and check.code and check.code not in warnings:
            warnings[check.code] = SmartWarning(check.code, check.message)
    for warning in safety:
        warnings.setdefault(warning.code, warning)
    return list(warnings.values())


def _suggestions(
    criteria: dict[str, Criterion], warnings: list[SmartWarning], example: tuple[str, str]
) -> list[str]:
    turn_round = _("when I notice I'm getting anxious, take five slow breaths and text a friend")
    suggestions = [SUGGESTIONS[w.code].format(example=turn_round) for w in warnings if w.code in SUGGESTIONS]
    if any(criteria[name].met is False for name in ("specific", "measurable", "time_bound")):
        suggestions.append(SUGGESTIONS["example"].format(example=example[1]))
    return list(dict.fromkeys(suggestions))


NO_PRAISE_CODES = frozenset({"implausible_rate", "target_out_of_range", "unsafe_pace"})


def _read_as(corrections: list[tuple[str, str]]) -> list[str]:
    if not corrections:
        return []
    pairs = ", ".join(_("“{written}” as “{meant}”").format(written=w, meant=m) for w, m in corrections[:5])
    return [_("I read {pairs}.").format(pairs=pairs)]


def analyse(text: str, *, fields: GoalFields | None = None) -> SmartResult:
    """Read a goal statement and its structured fields; say per SMART criterion what's there and what to add.

    Each criterion's `met` is True, False, or None when it can't be judged from what was given. The result is
    advice for the client and therapist to discuss, never a gate.
    """
    corrected, corrections = correct(_shown(text if isinstance(text, str) else ""))
    ctx = _context(corrected, _clean(fields or GoalFields()))
    safety = read_safety(ctx)
    feasibility = _feasibility_checks(ctx)
    warnings = _warnings(ctx, feasibility + _text_checks(ctx), safety.warnings)
    # never praise a goal whose pace or target can't (safely) be met, or that needs a safety conversation
    ctx = replace(ctx, cautious=safety.cautious or any(w.code in NO_PRAISE_CODES for w in warnings))
    example = worked_example(ctx.text)
    specific = _judge_specific(ctx, example)
    specific.feedback[:0] = _read_as(corrections)
    criteria = {
        "specific": specific,
        "measurable": _judge_measurable(ctx),
        "achievable": _judge_achievable(ctx, feasibility),
        "relevant": _judge_relevant(ctx),
        "time_bound": _judge_time_bound(ctx),
    }
    unrealistic = any(w.code in UNREALISTIC_CODES for w in warnings)
    return SmartResult(criteria, unrealistic, warnings, _suggestions(criteria, warnings, example))
