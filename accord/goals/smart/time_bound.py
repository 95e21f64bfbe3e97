"""Time-bound: dates, deadlines and periods for the goal as a whole, and the time-bound verdict."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from accord.goals.smart.feedback import _quote, format_day
from accord.goals.smart.i18n import _
from accord.goals.smart.lexicon import NUMBER, UNIT_MINUTES, VAGUE_AMOUNT, parse_number
from accord.goals.smart.results import Criterion, _Context
from accord.goals.smart.text import (
    _WEEKDAY,
    CLOCK_TIME,
    Span,
    _normalise,
    _overlaps,
    _shown,
    find_frequencies,
)

# --- time frames --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeFrame:
    """A date, deadline or period for the goal as a whole.

    kind: "deadline" (by/before/until …), "period" (for the next six weeks, this term), "date" (3 March,
    tomorrow), "event" (by my birthday: a real deadline whose date the coach can't know), or "start"
    (from next Monday — a start alone doesn't say when the goal ends, so it doesn't make a goal time-bound).
    ends_on is the estimated last day (for a start: the first day), or None when it can't be estimated.
    """

    text: str
    kind: str
    ends_on: date | None
    span: Span

    @property
    def bounds_the_goal(self) -> bool:
        return self.kind != "start"


_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_START_WORDS = frozenset({"from", "starting", "beginning", "since", "after"})
_DEADLINE_WORDS = frozenset({"by", "before", "until", "till", "til", "through", "to"})
# Meteorological seasons, northern hemisphere: (start month, day), (end month, day). Winter ends in February.
SEASONS = {
    "spring": ((3, 1), (5, 31)),
    "summer": ((6, 1), (8, 31)),
    "autumn": ((9, 1), (11, 30)),
    "fall": ((9, 1), (11, 30)),
    "winter": ((12, 1), (2, 28)),
}

Resolver = Callable[[re.Match[str], date, str], date | None]


def _month_number(word: str) -> int:
    return _MONTH_KEYS.index(word[:3]) + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_date(base: date, month: int, day: int, year: str | None = None) -> date:
    """The date with this month and day on or after base (or in the given year)."""
    if year:
        return date(int(year), month, day)
    candidate = date(base.year, month, day)
    return candidate if candidate >= base else date(base.year + 1, month, day)


def _season_bounds(name: str, year: int) -> tuple[date, date]:
    (sm, sd), (em, _ed) = SEASONS[name]
    end = _month_end(year + 1, 2) if name == "winter" else _month_end(year, em)
    return date(year, sm, sd), end


def _season(name: str, base: date, by: bool, following: bool = False) -> date:
    """End of the next such season; with by=True the day before it starts (or its end if it's under way)."""
    for year in range(base.year - 1, base.year + 2):
        start, end = _season_bounds(name, year)
        if end >= base and not (following and start <= base):
            return start - timedelta(days=1) if by and start > base else end
    return _season_bounds(name, base.year + 1)[1]


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, (b, c) = year % 19, divmod(year, 100)
    (d, e), f = divmod(b, 4), (b + 8) // 25
    h = (19 * a + b - d - (b - f + 1) // 3 + 15) % 30
    (i, k) = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _holiday(name: str, base: date, before: bool) -> date | None:
    if name in ("christmas", "xmas"):
        day = _next_date(base, 12, 25)
    elif name == "easter":
        day = _easter(base.year) if _easter(base.year) >= base else _easter(base.year + 1)
    elif name == "new year":
        return date(base.year + 1, 1, 1)
    else:  # half-term dates differ between schools
        return None
    return day - timedelta(days=1) if before else day


def _end_of(unit: str, base: date, following: bool = False) -> date | None:
    unit = " ".join(unit.split())
    if unit in ("week", "weekend"):
        return base + timedelta(days=6 - base.weekday() + 7 * following)
    if unit == "month":
        shifted = _add_months(base.replace(day=1), int(following))
        return _month_end(shifted.year, shifted.month)
    if unit == "year":
        return date(base.year + following, 12, 31)
    if unit in SEASONS:
        return _season(unit, base, by=False, following=following)
    if re.fullmatch(_MONTH, unit):
        month = _month_number(unit)
        return _month_end(base.year if month >= base.month else base.year + 1, month)
    return None  # term, semester, school year: dates vary by institution


def _r_iso(m: re.Match[str], base: date, kind: str) -> date | None:
    return date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))


def _r_unknown(m: re.Match[str], base: date, kind: str) -> date | None:
    return None


def _r_end_of(m: re.Match[str], base: date, kind: str) -> date | None:
    return _end_of(m.group("u"), base, following="next" in (m.group("q") or ""))


def _r_day_month(m: re.Match[str], base: date, kind: str) -> date | None:
    return _next_date(base, _month_number(m.group("mo")), int(m.group("d")), m.group("y"))


def _r_month(m: re.Match[str], base: date, kind: str) -> date | None:
    month = _month_number(m.group("mo"))
    year = int(m.group("y")) if m.groupdict().get("y") else (base.year + (month < base.month))
    part = m.groupdict().get("part") or ""
    if kind == "start" or part.startswith(("start", "beginning")):
        return date(year, month, 1)
    if part.startswith(("mid", "middle", "early")):  # an estimate: the middle of the month
        return date(year, month, 15)
    if m.groupdict().get("prep") == "before":
        return date(year, month, 1) - timedelta(days=1)
    return _month_end(year, month)


def _r_season(m: re.Match[str], base: date, kind: str) -> date | None:
    name = " ".join(m.group("s").replace("-", " ").split())
    before = m.group("prep") in ("before", "by", "until", "till")
    if name in SEASONS and not m.group("tail"):
        return _season(name, base, by=before, following=m.group("prep") == "next")
    if name in SEASONS:  # "the summer holidays", "summer term": take the season's end
        return _season(name, base, by=False)
    return _holiday(name, base, before=m.group("prep") == "before")


def _r_this_next(m: re.Match[str], base: date, kind: str) -> date | None:
    return _end_of(m.group("u"), base, following="next" in m.group("q"))


def _r_weekday(m: re.Match[str], base: date, kind: str) -> date | None:
    ahead = (_WEEKDAYS.index(m.group("wd")) - base.weekday()) % 7
    return base + timedelta(days=ahead or (7 if m.group("prep") == "next" else 0))


def _r_day_word(m: re.Match[str], base: date, kind: str) -> date | None:
    return base + timedelta(days=1) if m.group(0) == "tomorrow" else base


def _r_relative(m: re.Match[str], base: date, kind: str) -> date | None:
    words = re.sub(r"\b(?:next|coming|following)\b", "", m.group("q")).strip()
    amount = parse_number(words) if words else 1.0
    if amount is None:
        return None  # "a few weeks": a period, but no end date to estimate
    unit = m.group("u")
    if unit in ("month", "year") and amount == int(amount):
        return _add_months(base, int(amount) * (12 if unit == "year" else 1))
    return base + timedelta(minutes=amount * UNIT_MINUTES[unit])


_PERIOD_UNIT = (
    r"(?:week|weekend|month|year|term|semester|quarter|summer|spring|autumn|fall|winter|"
    r"school\s+year|academic\s+year)"
)
_EVENT = (
    r"(?:birthday|wedding|exams?|graduation|holidays?|vacation|trip|anniversary|due date|driving test|test|"
    r"interview|operation|surgery|move|appointment|review)"
)
_RELATIVE_AMOUNT = rf"(?:(?:next|coming|following)\s+)?(?:(?:{NUMBER}|{VAGUE_AMOUNT}|a|an)\s+)?"

# "for the next six weeks", "within 3 months", "in a week" — but not "for 5 days a week" (a frequency).
_RELATIVE_PERIOD = re.compile(
    rf"\b(?:within|in|over|during|for|across|throughout)\s+(?:the\s+)?(?P<q>{_RELATIVE_AMOUNT})"
    r"(?:whole\s+|full\s+)?(?P<u>day|week|fortnight|month|year)s?\b(?!\s+(?:a|an|per|each|every|out of)\s)"
)

# Order matters: earlier rules claim their text first (a full date before the month name inside it).
_TIME_FRAME_RULES: list[tuple[re.Pattern[str], str, Resolver]] = [
    (re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"), "date", _r_iso),
    (re.compile(r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"), "date", _r_unknown),  # day/month order is ambiguous
    (
        re.compile(
            rf"\b(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<q>this\s+|next\s+)?(?P<u>{_PERIOD_UNIT}|{_MONTH})\b"
        ),
        "deadline",
        _r_end_of,
    ),
    (
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mo>{_MONTH})\b(?:,?\s+(?P<y>\d{{4}}))?"
        ),
        "date",
        _r_day_month,
    ),
    (
        re.compile(rf"\b(?P<mo>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<y>\d{{4}}))?"),
        "date",
        _r_day_month,
    ),
    (re.compile(rf"\bfrom\s+{_MONTH}\s+(?:to|until|till|through)\s+(?P<mo>{_MONTH})\b"), "range", _r_month),
    (
        re.compile(
            rf"\b(?P<prep>by|in|during|until|till|before|through|throughout|over|from|since|after)\s+"
            rf"(?:the\s+)?(?:month\s+of\s+|(?P<part>mid|early|late|middle of|start of|beginning of)[\s-]+)?"
            rf"(?P<mo>{_MONTH})\b(?:\s+(?P<y>\d{{4}}))?"
        ),
        "period",
        _r_month,
    ),
    (
        re.compile(
            r"\b(?P<prep>by|before|until|till|during|over|in|for|this|next|through|throughout|after|since|"
            r"from|at)"
            r"\s+(?:the\s+)?(?P<s>summer|winter|spring|autumn|fall|christmas|xmas|easter|new year|"
            r"half[- ]term)(?:'s)?(?P<tail>\s+(?:holidays?|break|term|day|eve))?\b"
        ),
        "period",
        _r_season,
    ),
    (
        re.compile(
            rf"\b(?P<prep>by|before|until|till|in time for|ahead of|after|during|over|through|"
            rf"throughout)\s+(?:my|our|the|his|her|their|"
            rf"your)\s+(?:[a-z0-9']+\s+){{0,2}}?{_EVENT}\b"
        ),
        "event",
        _r_unknown,
    ),
    # before "this/next month": "over the next month" is a month from now, "by next month" the calendar month
    (_RELATIVE_PERIOD, "period", _r_relative),
    (
        re.compile(rf"\b(?P<q>this|next|the\s+coming|coming)\s+(?P<u>{_PERIOD_UNIT})\b"),
        "period",
        _r_this_next,
    ),
    (
        re.compile(
            rf"\b(?P<prep>by|on|this|next|before|until|till|from|coming)\s+(?P<wd>{_WEEKDAY})\b"
            r"(?!\s+(?:mornings|afternoons|evenings|nights)\b)"
            rf"(?!s?\s*,\s*{_WEEKDAY}|s?\s+and\s+{_WEEKDAY})"
        ),
        "date",
        _r_weekday,
    ),
    (re.compile(r"\b(?:today|tonight|tomorrow)\b"), "date", _r_day_word),
    (
        re.compile(
            rf"\b(?P<q>{NUMBER}|a|an)\s+(?P<u>day|week|fortnight|month|year)s?\s+from\s+(?:now|today)\b"
        ),
        "period",
        _r_relative,
    ),
]


def _raw_time_frames(lowered: str) -> list[tuple[Span, int]]:
    """(span, rule index) of every time-frame phrase, earlier rules winning overlaps."""
    found: list[tuple[Span, int]] = []
    for index, (pattern, _kind, _resolve) in enumerate(_TIME_FRAME_RULES):
        for m in pattern.finditer(lowered):
            if pattern is _RELATIVE_PERIOD and not m.group("q").strip():
                continue  # "for the week", "during the day": no amount and no "next", so not a period
            if not _overlaps(m.span(), [span for span, _i in found]):
                found.append((m.span(), index))
    return sorted(found)


def _lead_word(lowered: str, span: Span) -> str:
    """The preposition that governs a phrase: its own first word, or the word just before it."""
    first = re.match(r"[a-z]+", lowered[span[0] : span[1]])
    if first and first.group(0) in _START_WORDS | _DEADLINE_WORDS:
        return first.group(0)
    before = re.search(r"([a-z]+)[^a-z]*$", lowered[max(0, span[0] - 30) : span[0]])
    return before.group(1) if before else ""


def _frame_kind(default: str, lead: str) -> str:
    if default == "range":  # "from September to December" starts with "from" but is a whole period
        return "period"
    if lead in _START_WORDS:
        return "start"
    if lead in _DEADLINE_WORDS and default in ("date", "period"):
        return "deadline"
    return default


def find_time_frames(text: str, today: date) -> list[TimeFrame]:
    """Dates, deadlines and periods with an estimated end date where possible.

    A relative period ("for six weeks") counts from the latest start mentioned before it ("from 3 April"),
    or from today. Times of day ("by 11pm") and recurrences ("every Sunday") are not time frames.
    """
    shown, lowered = _shown(text), _normalise(text)
    frames: list[TimeFrame] = []
    base = today
    for span, index in _raw_time_frames(lowered):
        pattern, default, resolve = _TIME_FRAME_RULES[index]
        m = pattern.match(lowered, *span)
        kind = _frame_kind(default, _lead_word(lowered, span))
        ends_on = _safely(resolve, m, base, kind) if m else None
        frames.append(TimeFrame(shown[span[0] : span[1]], kind, ends_on, span))
        if kind == "start" and ends_on:
            base = ends_on
    return frames


def _safely(resolve: Resolver, m: re.Match[str], base: date, kind: str) -> date | None:
    """Impossible dates (31 February, year 10000) leave the phrase a time frame with no known end."""
    try:
        return resolve(m, base, kind)
    except (ValueError, OverflowError):
        return None


def _judge_time_bound(ctx: _Context, recurring: list[str] | None = None) -> Criterion:
    """`recurring`: the statement's frequencies and clock times, as its language's readers found them
    (the English readers' by default)."""
    target_date = ctx.fields.target_date
    if target_date:
        feedback = [_("Target date: %(date)s.") % dict(date=format_day(target_date, ctx.today))]
        if target_date <= ctx.start:
            feedback.append(_("That date isn't after the start — pick one ahead."))
        return Criterion(True, feedback)
    bounding = [f for f in ctx.frames if f.bounds_the_goal]
    if bounding:
        return Criterion(True, _time_frame_feedback(bounding[0], ctx.today))
    if not ctx.has_text:
        return Criterion(None, [_("Add a target date, or a time frame in the goal.")])
    return Criterion(False, _missing_time_frame_feedback(ctx, recurring))


def _time_frame_feedback(frame: TimeFrame, today: date) -> list[str]:
    feedback = [_("Time frame: “%(phrase)s”.") % dict(phrase=frame.text)]
    if frame.ends_on:
        feedback.append(
            _("That's around %(date)s — add it as the target date so progress can be charted against it.")
            % dict(date=format_day(frame.ends_on, today))
        )
    else:
        feedback.append(_("Add the date as the target date so progress can be charted against it."))
    return feedback


def _missing_time_frame_feedback(ctx: _Context, recurring: list[str] | None = None) -> list[str]:
    feedback = []
    starts = [f.text for f in ctx.frames if not f.bounds_the_goal]
    if recurring is None:
        clock = [ctx.shown[m.start() : m.end()] for m in CLOCK_TIME.finditer(ctx.text)]
        recurring = [f.text for f in find_frequencies(ctx.shown)] + clock
    if starts:
        feedback.append(
            _("%(phrase)s says when you'll start, not how long you'll keep going.")
            % dict(phrase=_quote(starts, 1))
        )
    elif recurring:
        feedback.append(
            _("%(phrase)s says how often or what time of day, not by when.")
            % dict(phrase=_quote(recurring, 1))
        )
    feedback.append(
        _(
            "Add a date or a period for the goal as a whole — e.g. 'by the end of April' or 'for the "
            "next six weeks'."
        )
    )
    return feedback
