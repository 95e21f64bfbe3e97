"""Specific: observable actions and events, and the specific verdict."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from accord.goals.smart.feedback import _quote
from accord.goals.smart.i18n import _
from accord.goals.smart.lexicon import (
    ACTION_VERBS,
    EVENT_PHRASE,
    FEELING_WORDS,
    FIGURATIVE_PHRASES,
    IRREGULAR_FORMS,
    MEDICATION_CHANGE,
    NAMED_SCORE,
    OBSERVABLE_PHRASES,
    OCCASION,
    ONE_OFF_VERBS,
    POSSESSIVES,
    VAGUE_PHRASES,
    WISH_WORDS,
)
from accord.goals.smart.results import Criterion, _Context
from accord.goals.smart.text import _normalise, _shown

# --- Specific: observable actions ---------------------------------------------------------------------------

# Words that look like verb forms but here are nouns ("team meetings" is not someone meeting someone).
_NOT_ACTIONS = frozenset({"meeting", "meetings", "evening", "evenings", "morning", "mornings", "feelings"})


def _stems(word: str) -> Iterator[str]:
    """Candidate base forms: walking → walk, practising → practise, running → run, tidied → tidy."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            yield from (stem, stem + "e")
            if len(stem) >= 3 and stem[-1] == stem[-2]:
                yield stem[:-1]
            if stem.endswith("i"):
                yield stem[:-1] + "y"


def _lemma(word: str) -> str:
    if word in ACTION_VERBS or word in _NOT_ACTIONS:
        return word
    if word in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[word]
    return next((stem for stem in _stems(word) if stem in ACTION_VERBS), word)


def _is_action(words: list[str], i: int) -> bool:
    word = words[i]
    if _lemma(word) not in ACTION_VERBS:
        return False
    if i > 0 and words[i - 1] in POSSESSIVES and not word.endswith("ing"):
        return False  # "improve my sleep": a broad area, not something done
    # "stay calm", "sleep better", "eat healthy": the verb only carries a feeling or a judgement
    return not (i + 1 < len(words) and words[i + 1] in FEELING_WORDS)


def find_actions(text: str) -> list[str]:
    """Observable actions and events, quoted as written: 'walk', 'calling', 'panic attacks', 'PHQ-9'."""
    lowered = FIGURATIVE_PHRASES.sub(lambda m: " " * len(m.group(0)), _normalise(text))
    tokens = list(re.finditer(r"[a-z]+", lowered))
    words = [t.group(0) for t in tokens]
    spans = [t.span() for i, t in enumerate(tokens) if _is_action(words, i)]
    spans += [m.span() for pattern in (OBSERVABLE_PHRASES, NAMED_SCORE) for m in pattern.finditer(lowered)]
    shown = _shown(text)
    return [shown[start:end] for start, end in sorted(set(spans))]


def _first_vague(lowered: str) -> str | None:
    words = " ".join(re.findall(r"[a-z]+", lowered))
    for phrase in VAGUE_PHRASES:
        if re.search(rf"\b{phrase}\b", words):
            return phrase
    return next((w for w in words.split() if w in FEELING_WORDS), None)


CESSATION = re.compile(r"\b(?:stop|quit|give up|cut out|no more|be off|come off)\b")


def _one_off_act(lowered: str) -> bool:
    """A definite act done once, with its object: 'call my sister', 'book a GP appointment'."""
    tokens = re.findall(r"[a-z']+", lowered)
    return any(_lemma(w) in ONE_OFF_VERBS and _is_action(tokens, i) for i, w in enumerate(tokens[:-1]))


def detail(ctx: _Context) -> str | None:
    """What makes an action specific, or None: how much / how often / how long, when (a recurring occasion
    or a trigger), all-or-nothing wording (which says how often: every time), or a definite one-off act,
    event or stop — unless the goal only wishes for more, less or new."""
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
    if MEDICATION_CHANGE.search(ctx.text):
        return "one_off"
    return None


@dataclass(frozen=True)
class SpecificReading:
    """What one language's reader found for Specific: the detail that makes an action specific, whether a
    feeling is named, and the first vague word to quote."""

    detail: str | None
    feeling_named: bool
    vague: str | None


def english_reading(ctx: _Context) -> SpecificReading:
    feeling = any(w in FEELING_WORDS for w in re.findall(r"[a-z]+", ctx.text))
    return SpecificReading(detail(ctx), feeling, _first_vague(ctx.text))


def _judge_specific(
    ctx: _Context, example: tuple[str, str], reading: SpecificReading | None = None
) -> Criterion:
    if not ctx.has_text:
        return Criterion(None, [_("Write the goal in your own words and I'll look at it.")])
    reading = reading or english_reading(ctx)
    short_example = example[0]
    if ctx.actions and reading.detail:
        if ctx.cautious:  # unsafe pace, medication, weight, eating or self-harm: no praise (see warnings)
            return Criterion(
                True, [_("Names what you'll do: %(actions)s.") % dict(actions=_quote(ctx.actions))]
            )
        feedback = [_("Clear and concrete: %(actions)s.") % dict(actions=_quote(ctx.actions))]
        if reading.feeling_named:
            feedback.append(_("Naming the feeling too is good — it says why this matters."))
        return Criterion(True, feedback)
    if ctx.actions:
        first = _(
            "%(actions)s names an activity or a wish, but not what exactly, how much, how often or when."
        ) % dict(actions=_quote(ctx.actions, 1))
        how = _("Add how often or how much, or the occasion — e.g. '%(example)s'.") % dict(
            example=short_example
        )
        return Criterion(False, [first, how])
    vague = reading.vague
    first = (
        _("“%(word)s” is hard for anyone else to see happen.") % dict(word=vague)
        if vague
        else _("I can't find something you'll do, or something that will happen, that someone could see.")
    )
    return Criterion(
        False,
        [
            first,
            _("Say what you'll do that someone could see — e.g. '%(example)s'.")
            % dict(example=short_example),
        ],
    )
