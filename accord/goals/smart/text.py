"""Shared readers: normalising text, spans, frequencies and clock times."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from accord.goals.smart.lexicon import MAX_TEXT_CHARS, NUMBER, parse_number

# --- spans: a small helper so that each stretch of text is read once ----------------------------------------

Span = tuple[int, int]


def _overlaps(span: Span, taken: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _shown(text: str) -> str:
    """The part of the text that is analysed; phrases are quoted back from it in the writer's own case."""
    return text[:MAX_TEXT_CHARS]


def _normalise(text: str) -> str:
    """Lower-case with straight quotes and dashes, cut like _shown(), so offsets match it one-to-one."""
    text = text[:MAX_TEXT_CHARS]
    table = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "})
    lowered = text.translate(table).lower()
    # A few characters change length when lower-cased (e.g. 'İ'); fall back to ASCII-safe casefolding of
    # each character so offsets stay aligned with the original.
    if len(lowered) != len(text):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text.translate(table))
    return lowered


# --- frequencies --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frequency:
    """How often: `times` per `per` (e.g. 3 per week). times/per are None when the phrase gives no number
    or no period ("twice" on its own is a count with no period)."""

    text: str
    times: float | None
    per: str | None
    span: Span


_PERIOD = r"(?:day|night|morning|afternoon|evening|week|fortnight|month|year)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PER_OF_DAYPART = {"night": "day", "morning": "day", "afternoon": "day", "evening": "day"}


def _per(word: str) -> str:
    if re.fullmatch(_WEEKDAY, word) or word in ("weekend", "weekday", "weeknight"):
        return "week"
    return _PER_OF_DAYPART.get(word, word)


def _freq_times_per(m: re.Match[str]) -> tuple[float | None, str | None]:
    return parse_number(m.group("n")), _per(m.group("p"))


def _freq_every(m: re.Match[str]) -> tuple[float | None, str | None]:
    unit = _per(m.group("p"))
    if m.group("other"):
        return 1.0, f"2 {unit}s"
    count = parse_number(m.group("n")) if m.group("n") else None
    return (1.0, f"{count:g} {unit}s") if count and count != 1 else (1.0, unit)


def _freq_on_days(m: re.Match[str]) -> tuple[float | None, str | None]:
    days = m.group("d")
    return {"weekdays": 5.0, "weeknights": 5.0, "weekends": 2.0}.get(days, 1.0), "week"


def _freq_adverb(m: re.Match[str]) -> tuple[float | None, str | None]:
    word = m.group(0).replace(" ", "")
    per = {"daily": "day", "nightly": "day", "everyday": "day", "weekly": "week", "fortnightly": "fortnight"}
    per |= {"monthly": "month", "yearly": "year", "annually": "year"}
    return 1.0, per[word]


def _freq_count(m: re.Match[str]) -> tuple[float | None, str | None]:
    return parse_number(m.group("n")), None


_FREQUENCY_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[float | None, str | None]]]] = [
    (
        re.compile(
            rf"\b(?P<n>(?:{NUMBER})\s*(?:x|times?)|once|twice|thrice)\s+(?:a|an|per|each|every)\s+"
            rf"(?P<p>{_PERIOD})\b"
        ),
        _freq_times_per,
    ),
    (
        re.compile(
            rf"\b(?P<n>{NUMBER})\s+(?:days?|nights?|evenings?|mornings?|afternoons?|weekdays?|sessions?)"
            rf"\s+(?:a|an|per|each|every|in a|out of every)\s+(?P<p>week|fortnight|month)\b"
        ),
        _freq_times_per,
    ),
    (
        re.compile(rf"\b(?P<n>{NUMBER})\s+(?:days?|nights?)\s+out\s+of\s+(?:7|seven)\b(?P<p>)"),
        lambda m: (parse_number(m.group("n")), "week"),
    ),
    (
        re.compile(
            rf"\b(?:every|each)\s+(?:single\s+)?(?P<other>other\s+)?(?:(?P<n>{NUMBER})\s+)?"
            rf"(?P<p>{_PERIOD}|weekday|weeknight|weekend|{_WEEKDAY})s?\b"
        ),
        _freq_every,
    ),
    (re.compile(rf"\b(?:on|at)\s+(?P<d>weekdays|weekends|weeknights|{_WEEKDAY}s)\b"), _freq_on_days),
    # "on Monday, Wednesday and Friday": a list of days is a weekly pattern
    (
        re.compile(rf"\bon\s+(?P<d>{_WEEKDAY}(?:s)?(?:\s*,\s*{_WEEKDAY}s?)*\s+and\s+{_WEEKDAY}s?)\b"),
        lambda m: (float(len(re.findall(_WEEKDAY, m.group("d")))), "week"),
    ),
    (re.compile(rf"\bon\s+(?P<d>{_WEEKDAY})\s+(?:mornings|afternoons|evenings|nights)\b"), _freq_on_days),
    (
        re.compile(r"\b(?:daily|nightly|weekly|fortnightly|monthly|yearly|annually|every ?day)\b"),
        _freq_adverb,
    ),
    (re.compile(rf"\b(?P<n>once|twice|thrice|(?:{NUMBER})\s*(?:x|times))(?![a-z])"), _freq_count),
]


def find_frequencies(text: str) -> list[Frequency]:
    """Frequencies and counts of times: 'three times a week', 'every morning', 'daily', 'on Saturdays',
    'every other weekend', '3x a week', 'twice'."""
    shown, lowered = _shown(text), _normalise(text)
    found: list[Frequency] = []
    for pattern, read in _FREQUENCY_RULES:
        for m in pattern.finditer(lowered):
            if not _overlaps(m.span(), [f.span for f in found]):
                times, per = read(m)
                found.append(Frequency(shown[m.start() : m.end()], times, per, m.span()))
    return sorted(found, key=lambda f: f.span)


CLOCK_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b(?:midnight|midday|noon)\b|\b\d{1,2}:\d{2}\b|"
    r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*o'clock\b"
)
