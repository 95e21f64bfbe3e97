"""The SMART coach: reads a goal statement (and any structured fields) and says, per criterion, what is there
and what to add. Advisory only — it never blocks, never decides, and never raises on odd input.

English and Spanish, each with its own lexicon (es/ holds the Spanish one; language.py chooses: the active
Django language, or the statement's own when it is clearly the other). It works from curated word lists and
regular expressions, not a language model, so every judgement can be traced to a rule in this package.
docs/smart-coach.md describes the rules and how well they agree with hand-labelled corpora (smart_corpus.json,
smart_corpus_es.json; `python -m accord.goals.smart_report [--language es]`).

The package, one module per part:
- lexicon: settings, word lists, number words (the data the rules read); i18n: the translation marker;
- text: normalising, spans, frequencies, clock times (readers shared by the criteria);
- results: the inputs and outputs (GoalFields, Criterion, SmartResult) and the per-analysis context;
- time_bound, specific, measurable: one module per criterion, each with its readers and its verdict;
- feasibility: achievable and unrealistic (absolute wording, range, pace, confidence);
- feedback: text shared by the criteria (worked example, suggestions);
- analysis: analyse(), which reads the goal once and puts the verdicts together;
- language: which lexicon reads a statement; es/: the Spanish lexicon, readers, safety patterns and examples.
Every public name is re-exported here, so `from accord.goals.smart import ...` keeps working.
"""

from __future__ import annotations

from accord.goals.smart.analysis import analyse
from accord.goals.smart.feasibility import ABSOLUTES, find_absolutes
from accord.goals.smart.feedback import EXAMPLE_GOAL, MEASURE_LABELS, SUGGESTIONS
from accord.goals.smart.i18n import gettext_noop as _  # noqa: F401 (the marker; tests swap it)
from accord.goals.smart.lexicon import (
    ACTION_VERBS,
    COUNT_FLOOR,
    COUNT_KINDS,
    FEELING_WORDS,
    FIGURATIVE_PHRASES,
    IRREGULAR_FORMS,
    KNOWN_SCALES,
    MAX_DAYS_PER_WEEK_CHANGE_PER_WEEK,
    MAX_GROWTH_FACTOR_PER_WEEK,
    MAX_RATING_POINTS_PER_WEEK,
    MAX_SCALE_FRACTION_PER_WEEK,
    MAX_TEXT_CHARS,
    MEASURE_KINDS,
    MIN_CONFIDENCE,
    MIN_RELEVANT_IMPORTANCE,
    MINUTES_FLOOR,
    MINUTES_PER_DAY,
    NAMED_SCORE,
    NUMBER,
    NUMBER_WORD,
    OBSERVABLE_PHRASES,
    POSSESSIVES,
    VAGUE_AMOUNT,
    VAGUE_PHRASES,
    parse_number,
)
from accord.goals.smart.measurable import Duration, find_durations, find_measures
from accord.goals.smart.results import (
    CRITERIA,
    UNREALISTIC_CODES,
    Criterion,
    GoalFields,
    SmartResult,
    SmartWarning,
)
from accord.goals.smart.specific import find_actions
from accord.goals.smart.text import CLOCK_TIME, Frequency, Span, find_frequencies
from accord.goals.smart.time_bound import SEASONS, Resolver, TimeFrame, find_time_frames

__all__ = [
    "ACTION_VERBS",
    "COUNT_FLOOR",
    "COUNT_KINDS",
    "FEELING_WORDS",
    "FIGURATIVE_PHRASES",
    "IRREGULAR_FORMS",
    "KNOWN_SCALES",
    "MAX_DAYS_PER_WEEK_CHANGE_PER_WEEK",
    "MAX_GROWTH_FACTOR_PER_WEEK",
    "MAX_RATING_POINTS_PER_WEEK",
    "MAX_SCALE_FRACTION_PER_WEEK",
    "MAX_TEXT_CHARS",
    "MEASURE_KINDS",
    "MINUTES_FLOOR",
    "MINUTES_PER_DAY",
    "MIN_CONFIDENCE",
    "MIN_RELEVANT_IMPORTANCE",
    "NAMED_SCORE",
    "NUMBER",
    "NUMBER_WORD",
    "OBSERVABLE_PHRASES",
    "POSSESSIVES",
    "VAGUE_AMOUNT",
    "VAGUE_PHRASES",
    "parse_number",
    "CLOCK_TIME",
    "Frequency",
    "Span",
    "find_frequencies",
    "Resolver",
    "SEASONS",
    "TimeFrame",
    "find_time_frames",
    "find_actions",
    "Duration",
    "find_durations",
    "find_measures",
    "ABSOLUTES",
    "find_absolutes",
    "CRITERIA",
    "Criterion",
    "GoalFields",
    "SmartResult",
    "SmartWarning",
    "UNREALISTIC_CODES",
    "EXAMPLE_GOAL",
    "MEASURE_LABELS",
    "SUGGESTIONS",
    "analyse",
]
