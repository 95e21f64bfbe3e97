"""Reading a Spanish statement: the context the criteria judge, and what makes an action specific."""

from __future__ import annotations

import re
from datetime import date

from accord.goals.smart.es.lexicon import (
    CESSATION,
    EVENT_PHRASE,
    FEELING_WORDS,
    MEDICATION_CHANGE,
    OCCASION,
    ONE_OFF_VERBS,
    VAGUE_PHRASES,
    WISH_WORDS,
)
from accord.goals.smart.es.readers import (
    CLOCK_TIME,
    _is_action,
    find_absolutes,
    find_actions,
    find_frequencies,
    find_measures,
    find_time_frames,
    fold,
    lemma,
)
from accord.goals.smart.results import GoalFields, _Context
from accord.goals.smart.specific import SpecificReading
from accord.goals.smart.text import _shown


def spanish_context(text: str, fields: GoalFields) -> _Context:
    shown = _shown(text)
    today = fields.today or date.today()
    return _Context(
        text=fold(shown),
        shown=shown,
        fields=fields,
        today=today,
        start=fields.start_date or today,
        actions=find_actions(shown),
        measures=find_measures(shown),
        frames=find_time_frames(shown, today),
        absolutes=find_absolutes(shown),
    )


def _one_off_act(folded: str) -> bool:
    """A definite act done once, with its object: 'llamar a mi hermana', 'firmar los papeles'."""
    words = re.findall(r"[a-z]+", folded)
    return any(lemma(w) in ONE_OFF_VERBS and _is_action(words, i) for i, w in enumerate(words[:-1]))


def detail(ctx: _Context) -> str | None:
    """What makes an action specific (see the English specific.detail): a measure, all-or-nothing wording, an
    occasion or trigger, or a one-off act, event or stop — unless the goal only wishes for more or less."""
    if ctx.measures:
        return "measure"
    if ctx.absolutes:
        return "absolute"
    if OCCASION.search(ctx.text):
        return "occasion"
    if WISH_WORDS.search(ctx.text):
        return None
    if EVENT_PHRASE.search(ctx.text) or _one_off_act(ctx.text) or CESSATION.search(ctx.text):
        return "one_off"
    return "one_off" if MEDICATION_CHANGE.search(ctx.text) else None


def _first_vague(ctx: _Context) -> str | None:
    """The first vague phrase or feeling, quoted as written ("Ser más feliz", "triste")."""
    for phrase in VAGUE_PHRASES:
        m = re.search(r"\b" + r"\s+".join(phrase.split()) + r"\b", ctx.text)
        if m:
            return ctx.shown[m.start() : m.end()]
    m = next((m for m in re.finditer(r"[a-z]+", ctx.text) if m.group(0) in FEELING_WORDS), None)
    return ctx.shown[m.start() : m.end()] if m else None


def specific_reading(ctx: _Context) -> SpecificReading:
    words = re.findall(r"[a-z]+", ctx.text)
    return SpecificReading(
        detail=detail(ctx),
        feeling_named=any(w in FEELING_WORDS for w in words),
        vague=_first_vague(ctx),
    )


def recurring_phrases(ctx: _Context) -> list[str]:
    """Frequencies and clock times, which say how often or when in the day but not by when."""
    clock = [ctx.shown[m.start() : m.end()] for m in CLOCK_TIME.finditer(ctx.text)]
    return [f.text for f in find_frequencies(ctx.shown)] + clock
