"""Measurable: durations, counts, quantities and scores, and the measurable verdict."""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.goals.smart.feedback import MEASURE_LABELS, _quote
from accord.goals.smart.i18n import _
from accord.goals.smart.lexicon import (
    EACH_OCCASION,
    MEASURE_KINDS,
    NAMED_SCORE,
    NUMBER,
    NUMBER_WORD,
    UNIT_MINUTES,
    parse_number,
)
from accord.goals.smart.results import Criterion, GoalFields, _Context
from accord.goals.smart.text import CLOCK_TIME, Span, _normalise, _overlaps, _shown, find_frequencies
from accord.goals.smart.time_bound import _raw_time_frames

# --- durations and clock times ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """How long: `amount` `unit`s, and the same in minutes."""

    text: str
    amount: float
    unit: str
    minutes: float
    span: Span


_DURATION_UNIT = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|years?)"


def _unit(word: str) -> str:
    word = word.rstrip("s")
    return {"min": "minute", "hr": "hour"}.get(word, word)


def _duration_amount(m: re.Match[str]) -> float | None:
    groups = m.groupdict()
    if groups.get("n") is not None:
        amount = parse_number(groups["n"])
    else:  # "half an hour", "a quarter of an hour", "an hour", "a whole week"
        amount = {"half": 0.5, "quarter": 0.25}.get(m.group(0).split()[0], 1.0)
    return amount + 0.5 if amount is not None and groups.get("half") else amount


_DURATION_RULES = [
    re.compile(rf"\b(?P<n>{NUMBER})(?P<half>\s+and\s+a\s+half)?[\s-]*(?P<u>{_DURATION_UNIT})\b"),
    re.compile(r"\bhalf\s+(?:an?\s+)?(?P<u>hour|day|minute)\b"),
    re.compile(r"\bquarter\s+of\s+an?\s+(?P<u>hour)\b"),
    re.compile(r"\ban\s+(?P<u>hour)\b(?P<half>\s+and\s+a\s+half)?"),
    re.compile(r"\ba\s+(?:whole|full)\s+(?P<u>day|week|fortnight|month|year)\b"),
]


def find_durations(text: str) -> list[Duration]:
    """Durations of an activity: 'for 20 minutes', '20-minute', 'half an hour', 'an hour', '2 hours',
    'a whole week'. Periods for the goal as a whole ('for the next six weeks') are time frames, not durations,
    and 'five days a week' is a frequency, so neither is listed here."""
    shown, lowered = _shown(text), _normalise(text)
    taken = [f.span for f in find_frequencies(text)] + [s for s, _rule in _raw_time_frames(lowered)]
    found: list[Duration] = []
    for pattern in _DURATION_RULES:
        for m in pattern.finditer(lowered):
            amount = _duration_amount(m)
            if amount is None or _overlaps(m.span(), taken):
                continue
            unit = _unit(m.group("u"))
            minutes = amount * UNIT_MINUTES[unit]
            found.append(Duration(shown[m.start() : m.end()], amount, unit, minutes, m.span()))
            taken.append(m.span())
    return sorted(found, key=lambda d: d.span)


# --- Measurable: numbers, frequencies, durations, scores ----------------------------------------------------

_COUNT = re.compile(rf"\b\d+(?:[.,]\d+)?(?![\d.,]|\s*(?:st|nd|rd|th)\b)|\b(?:{NUMBER_WORD})(?![a-z])")
_QUANTITY = re.compile(
    r"\b(?:in half|half|double|zero|all (?:of )?(?:my|the|your|our|his|her|their)\b"
    r"(?!\s+(?:time|day|night|week|month|year|while|way)\b))|\d\s?%|\b(?:half[- ])?marathon\b"
)
# How far ahead, each time: "a week before each deadline", "two days before it is due".
_LEAD_TIME = re.compile(rf"\b(?:{NUMBER}|a|an)\s+(?:days?|weeks?|hours?)\s+(?:before|ahead|early|earlier)\b")
_NOT_A_COUNT = re.compile(r"\b(?:no|any|some|every|the)\s+one\b|\bone\s+(?:day|of these|another)\b")


def find_measures(text: str) -> list[str]:
    """Phrases that say how much, how often or how long: frequencies, durations, clock times ('by 11pm' can be
    checked each night), named scores, quantities ('half', '100%') and counts — outside dates and time
    frames, so '3 March' or 'in 3 months' is not a count."""
    lowered = _normalise(text)
    spans = [f.span for f in find_frequencies(text)] + [d.span for d in find_durations(text)]
    spans += [m.span() for pattern in (CLOCK_TIME, NAMED_SCORE) for m in pattern.finditer(lowered)]
    # a recurring occasion says how often ("before each deadline"), a lead time how far ahead
    spans += [m.span() for pattern in (EACH_OCCASION, _LEAD_TIME) for m in pattern.finditer(lowered)]
    taken = spans + [s for s, _rule in _raw_time_frames(lowered)]
    vague_ones = [m.span() for m in _NOT_A_COUNT.finditer(lowered)]
    for pattern in (_QUANTITY, _COUNT):
        for m in pattern.finditer(lowered):
            if not _overlaps(m.span(), taken + vague_ones):
                spans.append(m.span())
                taken.append(m.span())
    shown = _shown(text)
    return [shown[start:end] for start, end in sorted(spans)]


def _structured_measurable(fields: GoalFields) -> Criterion | None:
    if fields.measure_kind not in MEASURE_KINDS or fields.baseline is None or fields.target is None:
        return None
    unit = f" ({fields.unit})" if fields.unit else ""
    message = _("Measured as %(kind)s%(unit)s: from %(baseline)g to %(target)g.")
    label = _(MEASURE_LABELS[fields.measure_kind])
    feedback = [message % dict(kind=label, baseline=fields.baseline, target=fields.target, unit=unit)]
    return Criterion(True, feedback + _direction_feedback(fields))


def _direction_feedback(fields: GoalFields) -> list[str]:
    if fields.baseline is None or fields.target is None:
        return []
    going_up = fields.target > fields.baseline
    if (fields.direction == "increase" and not going_up) or (fields.direction == "decrease" and going_up):
        return [_("The target and the direction disagree — check which way you want this to move.")]
    return []


def _judge_measurable(ctx: _Context) -> Criterion:
    structured = _structured_measurable(ctx.fields)
    if structured:
        return structured
    feedback = []
    if ctx.fields.measure_kind and ctx.fields.measure_kind not in MEASURE_KINDS:
        feedback.append(_("“%(kind)s” isn't a kind of measure I know.") % dict(kind=ctx.fields.measure_kind))
    elif ctx.fields.measure_kind:
        feedback.append(
            _(
                "You picked a measure — add where things are now (baseline) and where you'd like "
                "them to be (target)."
            )
        )
    if ctx.measures:
        return Criterion(
            True, [_("How you'll know: %(found)s.") % dict(found=_quote(ctx.measures)), *feedback]
        )
    if not ctx.has_text and not ctx.fields.measure_kind:
        return Criterion(None, [_("Add how much or how often, in the goal or as a measure.")])
    if ctx.absolutes:
        feedback.append(
            _("All-or-nothing words like “%(word)s” are hard to track; a number you can count works better.")
            % dict(word=ctx.absolutes[0])
        )
    feedback.append(
        _(
            "Add how much or how often — e.g. 'three times a week', 'for 20 minutes' or 'from 7 to 4 "
            "out of 10'."
        )
    )
    return Criterion(False, feedback)
