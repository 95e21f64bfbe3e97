"""The SMART coach: reads a goal statement (and any structured fields) and says, per criterion, what is there
and what to add. Advisory only — it never blocks, never decides, and never raises on odd input.

English only, stdlib only. It works from curated word lists and regular expressions, not a language model,
so every judgement can be traced to a rule in this file. docs/smart-coach.md describes the rules and how
well they agree with a hand-labelled corpus (smart_corpus.json; `python -m accord.goals.smart_report`).
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any


def _(message: str) -> str:
    """Mark a user-facing string for translation (a stand-in for Django's gettext_noop)."""
    return message


def _word_list(block: str) -> list[str]:
    return block.split()


def _words(block: str) -> frozenset[str]:
    return frozenset(_word_list(block))


# --- settings (named so the docs and the UI can say which convention was used) ------------------------------

MEASURE_KINDS = (
    "rating_0_10",
    "count_per_day",
    "count_per_week",
    "count_per_month",
    "minutes",
    "yes_no_per_day",
    "standard_score",
)
COUNT_KINDS = ("count_per_day", "count_per_week", "count_per_month")

# Readiness ruler convention (CLINICAL.md): below 7/10 confidence, make the step smaller.
MIN_CONFIDENCE = 7
# GAS importance is 0–3; 2 ("moderately") or more counts as mattering to the client.
MIN_RELEVANT_IMPORTANCE = 2

# Plausible weekly change, per kind of measure. These are coaching heuristics, not clinical facts: they flag
# plans that would need unusually fast change so the pair can talk about milestones. Conservative on purpose.
# A 0–10 self-rating moving more than 1.5 points a week, every week, is faster than goal-based outcome data
# usually show (reliable change on GBO is ~2.5 points over a whole course).
MAX_RATING_POINTS_PER_WEEK = 1.5
# Standard scores: about 2 points a week on PHQ-9's 0–27 range (a reliable improvement of 6 points in three
# weeks), scaled by range for other instruments.
MAX_SCALE_FRACTION_PER_WEEK = 2 / 27
# Counts and minutes: doubling (or halving) every week, sustained, is about as fast as habits tend to move.
MAX_GROWTH_FACTOR_PER_WEEK = 2.0
# Counts start from at least 1 and minutes from at least 15, so that 0 → 1 walk, or 0 → 20 minutes in one
# week, is not called implausible (any growth from zero is infinite).
COUNT_FLOOR = 1.0
MINUTES_FLOOR = 15.0
# Yes/no per day, as days per week: two more (or fewer) days each week.
MAX_DAYS_PER_WEEK_CHANGE_PER_WEEK = 2.0
MINUTES_PER_DAY = 24 * 60

# Instrument ranges the coach knows by name (CLINICAL.md); others need scale_min / scale_max.
KNOWN_SCALES = {"phq9": (0.0, 27.0), "gad7": (0.0, 21.0)}

# Goal statements are sentences; longer text is cut here so the coach stays fast on anything pasted in.
MAX_TEXT_CHARS = 5000

# --- lexicons -----------------------------------------------------------------------------------------------

# Verbs whose doing someone else could see. Lemmas; _lemma() maps walks/walking/walked to walk.
ACTION_VERBS = _words(
    """
    walk run jog swim cycle bike hike dance sing paint draw knit garden climb stretch exercise
    train lift call ring phone text message email write read speak talk chat ask tell say reply
    respond answer shout go attend visit meet see join volunteer leave arrive apply submit book
    schedule register enrol enroll sleep nap wake eat cook bake drink smoke vape quit gamble
    meditate practise practice breathe pray study revise finish send post share invite hug thank
    listen tidy clean wash shower brush floss shop buy pay save spend budget sell take put turn
    switch open sign plan check limit count log record track sit stand stay lose weigh play drive
    ride travel move cut skip avoid find pass argue fight cry binge purge cancel complete use hold
    hand wear
    """
)

IRREGULAR_FORMS = {
    "went": "go",
    "gone": "go",
    "goes": "go",
    "ran": "run",
    "swam": "swim",
    "slept": "sleep",
    "ate": "eat",
    "eaten": "eat",
    "drank": "drink",
    "drunk": "drink",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "told": "tell",
    "said": "say",
    "left": "leave",
    "spent": "spend",
    "took": "take",
    "taken": "take",
    "met": "meet",
    "saw": "see",
    "seen": "see",
    "woke": "wake",
    "rode": "ride",
    "drove": "drive",
    "sold": "sell",
    "bought": "buy",
    "paid": "pay",
    "sat": "sit",
    "stood": "stand",
    "found": "find",
    "lost": "lose",
    "felt": "feel",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "been": "be",
    "being": "be",
}

# Feelings and traits: fine to name, but on their own nobody can see them happen.
FEELING_WORDS = _words(
    """
    happy happier happiness sad calm calmer relaxed positive negative confident confidence anxious
    anxiety stressed stress worried worry lonely connected motivated motivation productive
    assertive better good strong stronger focused safe okay ok fine free healthy healthier fit
    fitter organised organized mindful grateful content peaceful peace balanced balance irritable
    angry anger depressed low hopeful self-esteem esteem mood emotions emotional worthy secure
    comfortable energetic lazy patient kind
    """
)

# Verbs and phrases that name a wish, not an action: they drive the "say what you'll do" feedback.
VAGUE_PHRASES = (
    "work on",
    "get better",
    "deal with",
    "cope with",
    "cope",
    "improve",
    "understand",
    "try to",
    "manage",
    "handle",
    "learn to",
    "sort out",
    "get over",
    "reconnect",
    "let go",
    "focus on",
    "become",
    "be more",
    "be less",
    "be a",
    "be the",
    "feel",
    "be",
)

# Phrases in which an action verb is only a figure of speech ("take care of myself", "go easy on myself").
FIGURATIVE_PHRASES = re.compile(
    r"\b(?:take (?:care|it easy|time|things|a break from life)|go (?:easy|with the flow)|let go|"
    r"see (?:if|how|whether)|find (?:peace|happiness|myself|balance|meaning|purpose)|"
    r"pass (?:the time)|move on)\b"
)

POSSESSIVES = frozenset({"my", "your", "his", "her", "our", "their"})

# Things that happen, or places one goes, which make a statement concrete even without an action verb.
OBSERVABLE_PHRASES = re.compile(
    r"\b(?:in bed|out of bed|get up|wake up|panic attacks?|arguments?|rows with|conversations?|"
    r"screen time|social media|self[- ]?harm\w*|harm(?:ing)? myself|hurt(?:ing)? myself|be late|on time|"
    r"cigarettes?|smoking|alcohol|diary|journal|the gym|the supermarket|the pool|the library|the park|"
    r"blood pressure|blood sugar|out of the house|get out|get dressed|look(?:ing)? for|search(?:ing)? for|"
    r"get (?:a|an) (?!\d)[a-z]{3,}\b)"
)

# Named standard measures: a score on one of these is an observable event and a measure.
NAMED_SCORE = re.compile(
    r"\b(?:phq[- ]?9|phq|gad[- ]?7|gad|core[- ]?10|core[- ]?om|wemwbs|pcl[- ]?5|k[- ]?10|dass[- ]?21)\b"
)

# --- number words -------------------------------------------------------------------------------------------

_NUMBER_NAMES = _word_list(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty
    """
)
_SMALL_NUMBERS = {word: n for n, word in enumerate(_NUMBER_NAMES)}
_TENS = {
    word: 10 * n
    for n, word in enumerate(_word_list("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_SPECIAL_NUMBERS = {
    "a": 1.0,
    "an": 1.0,
    "once": 1.0,
    "twice": 2.0,
    "thrice": 3.0,
    "half": 0.5,
    "a half": 0.5,
    "a couple": 2.0,
    "couple": 2.0,
    "a dozen": 12.0,
    "dozen": 12.0,
    "hundred": 100.0,
    "a hundred": 100.0,
    "a thousand": 1000.0,
    "thousand": 1000.0,
}

_UNIT_WORDS = "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)
NUMBER_WORD = (
    rf"(?:(?:{_TEN_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_UNIT_WORDS}|"
    r"(?:a |one )?hundred|a dozen|dozen|a couple(?: of)?|couple of)"
)
NUMBER = rf"(?:\d+(?:\.\d+)?|{NUMBER_WORD})"
# Vague amounts ("a few weeks") still name a period, but no end date can be estimated from them.
VAGUE_AMOUNT = r"(?:a few|few|several|some)"


def parse_number(word_or_digits: str) -> float | None:
    """'20' → 20, 'twenty-one' → 21, 'a couple of' → 2, 'half' → 0.5, 'twice' → 2, 'three times' → 3."""
    text = re.sub(r"\s+", " ", word_or_digits.strip().lower().replace("-", " "))
    text = re.sub(r" of$", "", text)
    times = re.fullmatch(r"(.+?) ?times?|(\d+(?:\.\d+)?) ?x", text)  # "three times", "3x"
    if times and (times.group(1) or "") not in ("a", "an"):
        return parse_number(times.group(1) or times.group(2))
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if text in _SPECIAL_NUMBERS:
        return _SPECIAL_NUMBERS[text]
    if text in _SMALL_NUMBERS or text in _TENS:
        return float(_SMALL_NUMBERS.get(text, _TENS.get(text, 0)))
    return _parse_compound(text)


def _parse_compound(text: str) -> float | None:
    """'twenty one' → 21, 'three hundred' → 300; anything else → None."""
    parts = text.split(" ")
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _SMALL_NUMBERS and _SMALL_NUMBERS[parts[1]] < 10:
        return float(_TENS[parts[0]] + _SMALL_NUMBERS[parts[1]])
    if len(parts) == 2 and parts[1] == "hundred":
        head = parse_number(parts[0])
        return head * 100 if head is not None else None
    return None


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


# --- durations and clock times ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """How long: `amount` `unit`s, and the same in minutes."""

    text: str
    amount: float
    unit: str
    minutes: float
    span: Span


_UNIT_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "fortnight": 20160}
_UNIT_MINUTES |= {"month": 43830, "year": 525960}  # a month is 30.44 days, a year 365.25
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

CLOCK_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b(?:midnight|midday|noon)\b|\b\d{1,2}:\d{2}\b|"
    r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*o'clock\b"
)


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
            minutes = amount * _UNIT_MINUTES[unit]
            found.append(Duration(shown[m.start() : m.end()], amount, unit, minutes, m.span()))
            taken.append(m.span())
    return sorted(found, key=lambda d: d.span)


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
    return base + timedelta(minutes=amount * _UNIT_MINUTES[unit])


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
            rf"your)\s+(?:[a-z']+\s+){{0,2}}?{_EVENT}\b"
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


# --- absolute wording ---------------------------------------------------------------------------------------

ABSOLUTES = re.compile(
    r"\b(?:never|always|completely|totally|entirely|perfect(?:ly|ion)?|flawless(?:ly)?|in every situation|"
    r"every single|all the time|at all times|ever again|at everything|no more\b[^.;!?]{0,60}?\bever|"
    r"(?:do not|don't|not) ever|without fail|without exception|no matter what)\b|"
    r"\b(?:100|a hundred|one hundred)\s?(?:%|per\s?cent\b)"
)
# These flip when negated: "not all the time" or "doesn't have to be perfect" is the opposite of
# perfectionism. "never", "ever again" and "without fail" stay absolute whatever comes before them.
_NEGATABLE = re.compile(
    r"always|complete|total|entire|perfect|flawless|all the time|at all|every single|"
    r"in every|at everything|100|a hundred|one hundred"
)
_NEGATIONS = frozenset({"not", "t", "no", "less"})
# "I always skip breakfast", "something I have never managed": describing today, not the outcome wanted.
_DESCRIBING = frozenset({"i", "have", "has", "had", "ve", "m", "am", "usually"})


def _clause_before(lowered: str, start: int) -> list[str]:
    clause = re.split(r"[.,;:!?]", lowered[max(0, start - 80) : start])[-1]
    return re.findall(r"[a-z]+", clause)


def _is_absolute(lowered: str, m: re.Match[str]) -> bool:
    words = _clause_before(lowered, m.start())
    if words and words[-1] in _DESCRIBING:
        return False
    negatable = _NEGATABLE.match(m.group(0))
    return not (negatable and _NEGATIONS.intersection(words[-4:]))


def find_absolutes(text: str) -> list[str]:
    """All-or-nothing wording about the outcome wanted: never, always, completely, perfect, 100%,
    every single, all the time, in every situation, ever again, no more … ever, without fail."""
    shown, lowered = _shown(text), _normalise(text)
    return [shown[m.start() : m.end()] for m in ABSOLUTES.finditer(lowered) if _is_absolute(lowered, m)]


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


# --- Measurable: numbers, frequencies, durations, scores ----------------------------------------------------

_COUNT = re.compile(rf"\b\d+(?:[.,]\d+)?(?![\d.,]|\s*(?:st|nd|rd|th)\b)|\b(?:{NUMBER_WORD})(?![a-z])")
_QUANTITY = re.compile(
    r"\b(?:in half|half|double|zero|all (?:of )?(?:my|the|your|our|his|her|their)\b"
    r"(?!\s+(?:time|day|night|week|month|year|while|way)\b))|\d\s?%"
)
_NOT_A_COUNT = re.compile(r"\b(?:no|any|some|every|the)\s+one\b|\bone\s+(?:day|of these|another)\b")


def find_measures(text: str) -> list[str]:
    """Phrases that say how much, how often or how long: frequencies, durations, clock times ('by 11pm' can be
    checked each night), named scores, quantities ('half', '100%') and counts — outside dates and time
    frames, so '3 March' or 'in 3 months' is not a count."""
    lowered = _normalise(text)
    spans = [f.span for f in find_frequencies(text)] + [d.span for d in find_durations(text)]
    spans += [m.span() for pattern in (CLOCK_TIME, NAMED_SCORE) for m in pattern.finditer(lowered)]
    taken = spans + [s for s, _rule in _raw_time_frames(lowered)]
    vague_ones = [m.span() for m in _NOT_A_COUNT.finditer(lowered)]
    for pattern in (_QUANTITY, _COUNT):
        for m in pattern.finditer(lowered):
            if not _overlaps(m.span(), taken + vague_ones):
                spans.append(m.span())
                taken.append(m.span())
    shown = _shown(text)
    return [shown[start:end] for start, end in sorted(spans)]


# --- structured measure checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Measure:
    kind: str
    baseline: float | None
    target: float | None
    scale: tuple[float, float] | None


@dataclass(frozen=True)
class _Check:
    ok: bool | None
    code: str | None = None
    message: str = ""


def _scale_from_name(name: str | None) -> tuple[float, float] | None:
    return KNOWN_SCALES.get(re.sub(r"[^a-z0-9]", "", (name or "").lower()))


def _target_range(measure: _Measure) -> tuple[float, float | None] | None:
    ranges: dict[str, tuple[float, float | None]] = {
        "rating_0_10": (0.0, 10.0),
        "yes_no_per_day": (0.0, 7.0),  # days per week, or a fraction 0–1 of days
        "minutes": (0.0, float(MINUTES_PER_DAY)),
    }
    if measure.kind in COUNT_KINDS:
        return (0.0, None)
    if measure.kind == "standard_score":
        return measure.scale
    return ranges.get(measure.kind)


def _check_range(measure: _Measure | None) -> _Check:
    bounds = _target_range(measure) if measure and measure.target is not None else None
    if measure is None or measure.target is None or bounds is None:
        return _Check(None)
    low, high = bounds
    if measure.target >= low and (high is None or measure.target <= high):
        return _Check(True)
    limits = f"{low:g}–{high:g}" if high is not None else _("{low:g} or more").format(low=low)
    message = _("The target {target:g} is outside this measure's range ({limits}).")
    return _Check(False, "target_out_of_range", message.format(target=measure.target, limits=limits))


def _growth_ok(baseline: float, target: float, weeks: float, floor: float) -> bool | None:
    if target == 0 and baseline > 0:
        return None  # stopping outright (a quit date) is a recognised plan; the therapist judges it
    low, high = sorted((max(baseline, floor), max(target, floor)))
    # Compared as logs: the weekly factor (high/low)^(1/weeks) overflows for huge values over a few days.
    return math.log(high / low) / weeks <= math.log(MAX_GROWTH_FACTOR_PER_WEEK)


def _as_days_per_week(value: float) -> float:
    return value * 7 if 0 < value < 1 else value


def _rate_ok(measure: _Measure, weeks: float) -> bool | None:
    baseline, target = measure.baseline, measure.target
    if baseline is None or target is None:
        return None
    change = abs(target - baseline) / weeks
    if measure.kind == "rating_0_10":
        return change <= MAX_RATING_POINTS_PER_WEEK
    if measure.kind == "standard_score" and measure.scale:
        return change <= MAX_SCALE_FRACTION_PER_WEEK * (measure.scale[1] - measure.scale[0])
    if measure.kind in COUNT_KINDS or measure.kind == "minutes":
        floor = MINUTES_FLOOR if measure.kind == "minutes" else COUNT_FLOOR
        return _growth_ok(baseline, target, weeks, floor)
    if measure.kind == "yes_no_per_day":
        days = abs(_as_days_per_week(target) - _as_days_per_week(baseline))
        return days / weeks <= MAX_DAYS_PER_WEEK_CHANGE_PER_WEEK
    return None


def _check_rate(measure: _Measure | None, start: date, end: date | None) -> _Check:
    if measure is None or end is None or end <= start:
        return _Check(None)
    days = (end - start).days
    ok = _rate_ok(measure, days / 7)
    if ok is not False:
        return _Check(ok)
    message = _(
        "Going from {baseline:g} to {target:g} in {days} days is faster than change on this kind of "
        "measure usually happens."
    )
    return _Check(
        False, "implausible_rate", message.format(baseline=measure.baseline, target=measure.target, days=days)
    )


def _check_confidence(confidence: float | None) -> _Check:
    if confidence is None:
        return _Check(None)
    if not 0 <= confidence <= 10:
        return _Check(
            None, message=_("Confidence is rated from 0 to 10, so {n:g} was left out.").format(n=confidence)
        )
    if confidence >= MIN_CONFIDENCE:
        return _Check(
            True, message=_("Confidence {n:g}/10 — a good sign this is doable.").format(n=confidence)
        )
    message = _("Confidence is {n:g}/10. Below {floor}, a smaller first step usually works better.")
    return _Check(False, "low_confidence", message.format(n=confidence, floor=MIN_CONFIDENCE))


_FROM_TO = re.compile(
    rf"\bfrom\s+(?P<a>{NUMBER})(?:\s*(?:/|out of)\s*10)?\s+(?:down\s+|up\s+)?to\s+"
    rf"(?:below\s+|under\s+|less than\s+|above\s+|over\s+)?(?P<b>{NUMBER})\b"
)


def _measure_from_text(lowered: str) -> _Measure | None:
    """'PHQ-9 from 18 to 9' or 'from 8 to 4 out of 10': enough to check the target and the pace."""
    change = _FROM_TO.search(lowered)
    if not change:
        return None
    score = NAMED_SCORE.search(lowered)
    if score and _scale_from_name(score.group(0)):
        kind, scale = "standard_score", _scale_from_name(score.group(0))
    elif re.search(r"out of 10|/10|\brat(?:e|ing)\b", lowered):
        kind, scale = "rating_0_10", None
    else:
        return None
    return _Measure(kind, parse_number(change.group("a")), parse_number(change.group("b")), scale)


# --- fields, results ----------------------------------------------------------------------------------------


@dataclass
class GoalFields:
    """The structured parts of a goal, all optional. `today` pins "now" for deterministic tests."""

    measure_kind: str | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    direction: str | None = None  # "increase" | "decrease"
    scale_min: float | None = None
    scale_max: float | None = None
    target_date: date | None = None
    start_date: date | None = None  # defaults to today
    client_confidence: float | None = None  # 0–10
    client_importance: int | None = None  # 0–3
    linked_needs_count: int = 0
    today: date | None = None


@dataclass
class Criterion:
    met: bool | None
    feedback: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SmartWarning:
    code: str
    message: str


@dataclass
class SmartResult:
    criteria: dict[str, Criterion]
    unrealistic: bool
    warnings: list[SmartWarning]
    suggestions: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "criteria": {
                name: {"met": c.met, "feedback": list(c.feedback)} for name, c in self.criteria.items()
            },
            "unrealistic": self.unrealistic,
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
            "suggestions": list(self.suggestions),
        }


CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
UNREALISTIC_CODES = frozenset({"absolute_wording", "implausible_rate", "target_out_of_range"})

MEASURE_LABELS = {
    "rating_0_10": _("a 0–10 rating"),
    "count_per_day": _("a count per day"),
    "count_per_week": _("a count per week"),
    "count_per_month": _("a count per month"),
    "minutes": _("minutes"),
    "yes_no_per_day": _("yes or no each day"),
    "standard_score": _("a questionnaire score"),
}

EXAMPLE_GOAL = _("Go for a 20-minute walk three times a week for the next six weeks.")

SUGGESTIONS = {
    "absolute_wording": _(
        "Swap all-or-nothing words for a level you could reach on most days — e.g. 'on 5 days "
        "out of 7' rather than 'always'."
    ),
    "implausible_rate": _(
        "Split the change into milestones, or give it more time — e.g. aim for part of the "
        "way by the first review."
    ),
    "target_out_of_range": _("Pick a target inside the measure's range."),
    "low_confidence": _(
        "Make the first step smaller — something you'd rate at least 7 out of 10 for confidence."
    ),
    "example": _("Putting it together might look like: '{example}'"),
}


def _quote(phrases: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(phrases))[:limit]
    return ", ".join(f"“{p}”" for p in unique)


@dataclass(frozen=True)
class _Context:
    """Everything read from the text and fields, computed once per analysis."""

    text: str  # lower-cased, for matching
    shown: str  # as written, for quoting back
    fields: GoalFields
    today: date
    start: date
    actions: list[str]
    measures: list[str]
    frames: list[TimeFrame]
    absolutes: list[str]

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())


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


def _structured_measure(fields: GoalFields) -> _Measure | None:
    if fields.measure_kind not in MEASURE_KINDS:
        return None
    given = (fields.scale_min, fields.scale_max)
    scale = given if given[0] is not None and given[1] is not None else _scale_from_name(fields.unit)
    return _Measure(fields.measure_kind, fields.baseline, fields.target, scale)  # type: ignore[arg-type]


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):  # a datetime can't be compared with a date, so keep its day
        return value.date()
    return value if isinstance(value, date) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _clean(fields: GoalFields) -> GoalFields:
    """Leave out values the coach can't use (wrong type, NaN, a scale whose minimum isn't below its maximum),
    so odd input gets advice rather than an error."""
    numbers = {
        name: _finite(getattr(fields, name))
        for name in ("baseline", "target", "scale_min", "scale_max", "client_confidence")
    }
    low, high = numbers["scale_min"], numbers["scale_max"]
    if low is None or high is None or low >= high:
        numbers["scale_min"] = numbers["scale_max"] = None
    importance, links = fields.client_importance, fields.linked_needs_count
    return replace(
        fields,
        baseline=numbers["baseline"],
        target=numbers["target"],
        scale_min=numbers["scale_min"],
        scale_max=numbers["scale_max"],
        client_confidence=numbers["client_confidence"],
        measure_kind=_text(fields.measure_kind),
        unit=_text(fields.unit),
        direction=_text(fields.direction),
        target_date=_day(fields.target_date),
        start_date=_day(fields.start_date),
        today=_day(fields.today),
        client_importance=importance
        if importance in (0, 1, 2, 3) and not isinstance(importance, bool)
        else None,
        linked_needs_count=links
        if isinstance(links, int) and not isinstance(links, bool) and links > 0
        else 0,
    )


# --- the five criteria --------------------------------------------------------------------------------------


def _judge_specific(ctx: _Context) -> Criterion:
    if not ctx.has_text:
        return Criterion(None, [_("Write the goal in your own words and I'll look at it.")])
    if ctx.actions:
        feedback = [_("Clear and concrete: {actions}.").format(actions=_quote(ctx.actions))]
        if any(w in FEELING_WORDS for w in re.findall(r"[a-z]+", ctx.text)):
            feedback.append(_("Naming the feeling too is good — it says why this matters."))
        return Criterion(True, feedback)
    vague = _first_vague(ctx.text)
    first = (
        _("“{word}” is hard for anyone else to see happen.").format(word=vague)
        if vague
        else _("I can't find something you'll do, or something that will happen, that someone could see.")
    )
    return Criterion(
        False, [first, _("Say what you'll do that someone could see — e.g. 'go for a 20-minute walk'.")]
    )


def _structured_measurable(fields: GoalFields) -> Criterion | None:
    if fields.measure_kind not in MEASURE_KINDS or fields.baseline is None or fields.target is None:
        return None
    unit = f" ({fields.unit})" if fields.unit else ""
    message = _("Measured as {kind}{unit}: from {baseline:g} to {target:g}.")
    label = MEASURE_LABELS[fields.measure_kind]
    feedback = [message.format(kind=label, baseline=fields.baseline, target=fields.target, unit=unit)]
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
        feedback.append(_("“{kind}” isn't a kind of measure I know.").format(kind=ctx.fields.measure_kind))
    elif ctx.fields.measure_kind:
        feedback.append(
            _(
                "You picked a measure — add where things are now (baseline) and where you'd like "
                "them to be (target)."
            )
        )
    if ctx.measures:
        return Criterion(True, [_("How you'll know: {found}.").format(found=_quote(ctx.measures)), *feedback])
    if not ctx.has_text and not ctx.fields.measure_kind:
        return Criterion(None, [_("Add how much or how often, in the goal or as a measure.")])
    if ctx.absolutes:
        feedback.append(
            _(
                "All-or-nothing words like “{word}” are hard to track; a number you can count works better."
            ).format(word=ctx.absolutes[0])
        )
    feedback.append(
        _(
            "Add how much or how often — e.g. 'three times a week', 'for 20 minutes' or 'from 7 to 4 "
            "out of 10'."
        )
    )
    return Criterion(False, feedback)


def _judge_achievable(ctx: _Context, checks: list[_Check]) -> Criterion:
    judged = [c for c in checks if c.ok is not None]
    feedback = [c.message for c in checks if c.message]
    if not judged:
        hint = _(
            "I can judge this once there's a confidence rating (0–10), or a measure with a target and a "
            "target date."
        )
        return Criterion(None, [*feedback, hint])
    return Criterion(all(c.ok for c in judged), feedback)


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


def _judge_time_bound(ctx: _Context) -> Criterion:
    target_date = ctx.fields.target_date
    if target_date:
        feedback = [_("Target date: {date}.").format(date=target_date.isoformat())]
        if target_date <= ctx.start:
            feedback.append(_("That date isn't after the start — pick one ahead."))
        return Criterion(True, feedback)
    bounding = [f for f in ctx.frames if f.bounds_the_goal]
    if bounding:
        return Criterion(True, _time_frame_feedback(bounding[0]))
    if not ctx.has_text:
        return Criterion(None, [_("Add a target date, or a time frame in the goal.")])
    return Criterion(False, _missing_time_frame_feedback(ctx))


def _time_frame_feedback(frame: TimeFrame) -> list[str]:
    feedback = [_("Time frame: “{phrase}”.").format(phrase=frame.text)]
    if frame.ends_on:
        feedback.append(
            _(
                "That's around {date} — add it as the target date so progress can be charted against it."
            ).format(date=frame.ends_on.isoformat())
        )
    else:
        feedback.append(_("Add the date as the target date so progress can be charted against it."))
    return feedback


def _missing_time_frame_feedback(ctx: _Context) -> list[str]:
    feedback = []
    starts = [f.text for f in ctx.frames if not f.bounds_the_goal]
    clock = [ctx.shown[m.start() : m.end()] for m in CLOCK_TIME.finditer(ctx.text)]
    recurring = [f.text for f in find_frequencies(ctx.shown)] + clock
    if starts:
        feedback.append(
            _("{phrase} says when you'll start, not how long you'll keep going.").format(
                phrase=_quote(starts, 1)
            )
        )
    elif recurring:
        feedback.append(
            _("{phrase} says how often or what time of day, not by when.").format(phrase=_quote(recurring, 1))
        )
    feedback.append(
        _(
            "Add a date or a period for the goal as a whole — e.g. 'by the end of April' or 'for the "
            "next six weeks'."
        )
    )
    return feedback


# --- warnings, suggestions, analyse -------------------------------------------------------------------------


def _feasibility_checks(ctx: _Context) -> list[_Check]:
    """Achievable is judged from the structured fields only: text alone is too thin to call it doable."""
    measure = _structured_measure(ctx.fields)
    return [
        _check_confidence(ctx.fields.client_confidence),
        _check_range(measure),
        _check_rate(measure, ctx.start, ctx.fields.target_date),
    ]


def _text_checks(ctx: _Context) -> list[_Check]:
    """The pace and range read from the text ('PHQ-9 from 18 to 9 in 2 weeks') — used for warnings only."""
    measure = _measure_from_text(ctx.text)
    ends = [f.ends_on for f in ctx.frames if f.bounds_the_goal and f.ends_on]
    end = ctx.fields.target_date or (ends[0] if ends else None)
    return [_check_range(measure), _check_rate(measure, ctx.start, end)]


def _warnings(ctx: _Context, checks: list[_Check]) -> list[SmartWarning]:
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
    return list(warnings.values())


def _suggestions(criteria: dict[str, Criterion], warnings: list[SmartWarning]) -> list[str]:
    suggestions = [SUGGESTIONS[w.code] for w in warnings if w.code in SUGGESTIONS]
    if any(criteria[name].met is False for name in ("specific", "measurable", "time_bound")):
        suggestions.append(SUGGESTIONS["example"].format(example=EXAMPLE_GOAL))
    return list(dict.fromkeys(suggestions))


def analyse(text: str, *, fields: GoalFields | None = None) -> SmartResult:
    """Read a goal statement and its structured fields; say per SMART criterion what's there and what to add.

    Each criterion's `met` is True, False, or None when it can't be judged from what was given. The result is
    advice for the client and therapist to discuss, never a gate.
    """
    ctx = _context(text, _clean(fields or GoalFields()))
    feasibility = _feasibility_checks(ctx)
    criteria = {
        "specific": _judge_specific(ctx),
        "measurable": _judge_measurable(ctx),
        "achievable": _judge_achievable(ctx, feasibility),
        "relevant": _judge_relevant(ctx),
        "time_bound": _judge_time_bound(ctx),
    }
    warnings = _warnings(ctx, feasibility + _text_checks(ctx))
    unrealistic = any(w.code in UNREALISTIC_CODES for w in warnings)
    return SmartResult(criteria, unrealistic, warnings, _suggestions(criteria, warnings))
