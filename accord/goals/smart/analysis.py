"""analyse(): read the goal once, judge the five criteria, and collect warnings and suggestions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from accord.goals.smart.es.examples import worked_example as spanish_example
from accord.goals.smart.es.reading import recurring_phrases as spanish_recurring
from accord.goals.smart.es.reading import spanish_context
from accord.goals.smart.es.reading import specific_reading as spanish_specific
from accord.goals.smart.es.safety import SPANISH
from accord.goals.smart.es.safety import measure_from_text as spanish_measure
from accord.goals.smart.feasibility import (
    _Check,
    _feasibility_checks,
    _judge_achievable,
    _Measure,
    _measure_from_text,
    _text_checks,
    find_absolutes,
)
from accord.goals.smart.feedback import SUGGESTIONS, _quote, worked_example
from accord.goals.smart.i18n import _
from accord.goals.smart.language import reading_language
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
from accord.goals.smart.safety import ENGLISH, SafetyLexicon, read_safety
from accord.goals.smart.specific import SpecificReading, _judge_specific, find_actions
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
        "You rated how much this matters as %(n)s out of 3 — worth talking about what would make it "
        "matter more, or whether another goal matters more right now."
    )
    if links:
        feedback = [
            _("Linked to %(n)s of the needs, strengths or values from the assessment.") % dict(n=links)
        ]
        return Criterion(True, feedback + ([low_note % dict(n=importance)] if low else []))
    if importance is not None and not low:
        return Criterion(
            True, [_("You rated this as mattering to you (%(n)s out of 3).") % dict(n=importance)]
        )
    if low:
        return Criterion(False, [low_note % dict(n=importance)])
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
            "%(words)s sets an all-or-nothing bar: one slip would count as failing, which can be "
            "discouraging."
        )
        warnings["absolute_wording"] = SmartWarning(
            "absolute_wording", message % dict(words=_quote(ctx.absolutes))
        )
    for check in checks:
        if check.ok is False and check.code and check.code not in warnings:
            warnings[check.code] = SmartWarning(check.code, check.message)
    for warning in safety:
        warnings.setdefault(warning.code, warning)
    return list(warnings.values())


def _suggestions(
    criteria: dict[str, Criterion], warnings: list[SmartWarning], example: tuple[str, str], turn_round: str
) -> list[str]:
    suggestions = [
        _(SUGGESTIONS[w.code]) % dict(example=turn_round) for w in warnings if w.code in SUGGESTIONS
    ]
    if any(criteria[name].met is False for name in ("specific", "measurable", "time_bound")):
        suggestions.append(_(SUGGESTIONS["example"]) % dict(example=example[1]))
    return list(dict.fromkeys(suggestions))


NO_PRAISE_CODES = frozenset({"implausible_rate", "target_out_of_range", "unsafe_pace"})


def _read_as(corrections: list[tuple[str, str]]) -> list[str]:
    if not corrections:
        return []
    pairs = ", ".join(
        _("“%(written)s” as “%(meant)s”") % dict(written=w, meant=m) for w, m in corrections[:5]
    )
    return [_("I read %(pairs)s.") % dict(pairs=pairs)]


@dataclass(frozen=True)
class _Reading:
    """What one language's lexicon read: the context, the corrections made, and the language's own parts."""

    ctx: _Context
    corrections: list[tuple[str, str]]
    safety: SafetyLexicon
    text_measure: Callable[[str], _Measure | None]
    example: tuple[str, str]
    turn_round: str


def _read(text: str, fields: GoalFields, language: str | None) -> _Reading:
    shown = _shown(text if isinstance(text, str) else "")
    if reading_language(shown, language) == "es":
        ctx = spanish_context(shown, fields)
        # No Spanish word list ships (symspellpy bundles English only), so Spanish is read without correction.
        return _Reading(ctx, [], SPANISH, spanish_measure, spanish_example(ctx.text), SPANISH.turn_round)
    corrected, corrections = correct(shown)
    ctx = _context(corrected, fields)
    turn_round = _(ENGLISH.turn_round)
    return _Reading(ctx, corrections, ENGLISH, _measure_from_text, worked_example(ctx.text), turn_round)


def analyse(text: str, *, fields: GoalFields | None = None, language: str | None = None) -> SmartResult:
    """Read a goal statement and its structured fields; say per SMART criterion what's there and what to add.

    Each criterion's `met` is True, False, or None when it can't be judged from what was given. The result is
    advice for the client and therapist to discuss, never a gate. `language` ('en', 'es', 'es-ES' …) picks the
    lexicon; by default it is Django's active language, and a statement clearly in another supported language
    is read in that one (language.py).
    """
    reading = _read(text, _clean(fields or GoalFields()), language)
    ctx = reading.ctx
    safety = read_safety(ctx, reading.safety)
    feasibility = _feasibility_checks(ctx)
    warnings = _warnings(ctx, feasibility + _text_checks(ctx, reading.text_measure), safety.warnings)
    # never praise a goal whose pace or target can't (safely) be met, or that needs a safety conversation
    ctx = replace(ctx, cautious=safety.cautious or any(w.code in NO_PRAISE_CODES for w in warnings))
    words: SpecificReading | None = spanish_specific(ctx) if reading.safety is SPANISH else None
    specific = _judge_specific(ctx, reading.example, words)
    specific.feedback[:0] = _read_as(reading.corrections)
    criteria = {
        "specific": specific,
        "measurable": _judge_measurable(ctx),
        "achievable": _judge_achievable(ctx, feasibility),
        "relevant": _judge_relevant(ctx),
        "time_bound": _judge_time_bound(ctx, spanish_recurring(ctx) if reading.safety is SPANISH else None),
    }
    unrealistic = any(w.code in UNREALISTIC_CODES for w in warnings)
    suggestions = _suggestions(criteria, warnings, reading.example, reading.turn_round)
    return SmartResult(criteria, unrealistic, warnings, suggestions)
