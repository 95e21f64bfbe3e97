"""Safety: paces that would be unsafe or impossible (weight, debt, running, symptom scores, medication),
goals put as what to stop feeling, and topics that get a gentle note rather than praise.

The limits are coaching heuristics, named so the docs can quote them; they start a conversation, they never
judge a plan clinically. Amounts are read with a small conversion table: the units are exact by definition
(1 lb = 0.45359237 kg, 1 stone = 14 lb), so a units library would add start-up time and nothing else
(docs/decisions.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from accord.goals.smart.feedback import format_day
from accord.goals.smart.i18n import _, gettext_noop
from accord.goals.smart.lexicon import (
    DIFFICULT_FEELINGS,
    ELIMINATE_FEELING,
    MAX_SCALE_FRACTION_PER_WEEK,
    MEDICATION_CHANGE,
    MEDICATION_STOP,
    NEGATED_START,
    NUMBER,
    PRESCRIBER,
    SENSITIVE_TOPICS,
    parse_number,
)
from accord.goals.smart.results import SmartWarning, _Context

# Weight: health services advise losing about 0.5–1 kg (1–2 lb) a week; faster than 1 kg a week, sustained,
# is flagged.
MAX_WEIGHT_LOSS_KG_PER_WEEK = 1.0
KG_PER_UNIT = {"kg": 1.0, "kilo": 1.0, "kilogram": 1.0, "lb": 0.45359237, "pound": 0.45359237}
KG_PER_UNIT["stone"] = KG_PER_UNIT["st"] = 14 * KG_PER_UNIT["lb"]
# Debt: clearing 1,000 or more at over 500 a week (any currency) is more than most budgets allow.
MIN_DEBT_CHECKED = 1000.0
MAX_DEBT_REPAYMENT_PER_WEEK = 500.0
# Running from no running: beginner plans take about this many weeks (couch-to-5k is nine).
MIN_WEEKS_FROM_NO_RUNNING = {"5k": 8, "10k": 10, "half marathon": 12, "marathon": 16, "ultra": 24}
# Stopping a medicine within this many days, without the prescriber, is flagged as unsafe.
MEDICATION_STOP_DAYS = 28
# Symptom bands as a share of a questionnaire's range (PHQ-9: severe 20–27, minimal 0–4), for "from severe
# to minimal" wording; the pace limit is the standard-score one (MAX_SCALE_FRACTION_PER_WEEK).
BAND_SHARE = {"severe": 0.85, "moderately severe": 0.65, "moderate": 0.45, "mild": 0.25, "minimal": 0.1}

UNSAFE_PACE = "unsafe_pace"

_WEIGHT_LOSS = re.compile(
    rf"\b(?:lose|losing|lost|drop|dropping|shed|shedding|get rid of)\s+(?:about\s+|around\s+|over\s+|"
    rf"at least\s+|another\s+)?(?P<n>{NUMBER}(?:\s+and\s+a\s+half)?|half\s+a|a|an)\s*"
    r"(?P<u>kgs?|kilos?|kilograms?|lbs?|pounds?|st|stones?)\b"
)
_MONEY = re.compile(
    r"(?:[£$€]\s?(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<k>k\b|thousand\b)?|(?P<n2>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<k2>k|thousand)?\s*(?:pounds|dollars|euros|quid)\b)"
    r"(?!\s*(?:a|an|per|each|every)\s+(?:day|week|fortnight|month|year|payday)\b)"
)
_DEBT = re.compile(r"\b(?:debts?|loans?|overdraft|credit cards?|arrears|owe|borrowed)\b")
_REPAY = re.compile(
    r"\b(?:pay(?:ing)? (?:off|back)|clear|clearing|repay|repaying|get out of|be out of|debt[- ]free)\b"
)
_RACE = re.compile(
    r"\b(?P<r>half[- ]marathon|ultra(?:[- ]?marathon)?|marathon|10\s?k(?:m)?|5\s?k(?:m)?)\b"
    r"(?!\s*(?:steps|a day))"
)
_NO_RUNNING = re.compile(
    r"\b(?:never (?:run|ran|been a runner|exercised|done any)|no (?:running|exercise)|"
    r"not (?:a runner|running)|"
    r"haven't (?:run|exercised)|don't (?:run|exercise)|couch|from scratch|non-runner|beginner|from nothing|"
    r"from zero)\b"
)
_SEVERITY = re.compile(
    r"\bfrom\s+(?:a\s+|being\s+)?(?P<a>severe|moderately severe|moderate)\b[^.;]{0,40}?"
    r"\bto\s+(?:a\s+|being\s+)?"
    r"(?P<b>minimal|none|nothing|normal|mild|no\s+[a-z]+)\b"
)


def _english_race(race: str) -> str:
    race = re.sub(r"[\s-]+", " ", race)
    if race.startswith("ultra"):
        return "ultra"
    return re.sub(r"\s?km?$", "k", race) if race[0].isdigit() else race


def _english_amount(words: str) -> float | None:
    amount = 0.5 if words.startswith("half") else parse_number(words.replace(" and a half", ""))
    if amount is None:
        return None
    return amount + (0.5 if "and a half" in words else 0.0)


@dataclass(frozen=True)
class SafetyLexicon:
    """One language's patterns for the safety checks; the limits and the messages are shared."""

    weight_loss: re.Pattern[str]
    money: re.Pattern[str]
    debt: re.Pattern[str]
    repay: re.Pattern[str]
    race: re.Pattern[str]
    no_running: re.Pattern[str]
    severity: re.Pattern[str]
    medication_change: re.Pattern[str]
    medication_stop: str
    prescriber: re.Pattern[str]
    eliminate_feeling: re.Pattern[str]
    difficult_feelings: str
    softened: re.Pattern[str]  # "not feel *so* angry": a goal to feel it less
    negated_start: re.Pattern[str]
    sensitive_topics: dict[str, re.Pattern[str]]
    race_key: Callable[[str], str]  # the race as MIN_WEEKS_FROM_NO_RUNNING names it
    amount: Callable[[str], float | None]  # "half a", "3 and a half", "medio"
    units: dict[str, str]  # weight unit word → kg / lb / stone
    bands: dict[str, str]  # symptom band word → BAND_SHARE's name
    thousands: str  # the thousands separator in amounts of money
    turn_round: str  # an example of a goal turned round into what to do
    # English examples are msgids (translated into the person's language); another language's are built in it
    examples_in_catalogue: bool = False


ENGLISH = SafetyLexicon(
    weight_loss=_WEIGHT_LOSS,
    money=_MONEY,
    debt=_DEBT,
    repay=_REPAY,
    race=_RACE,
    no_running=_NO_RUNNING,
    severity=_SEVERITY,
    medication_change=MEDICATION_CHANGE,
    medication_stop=MEDICATION_STOP,
    prescriber=PRESCRIBER,
    eliminate_feeling=ELIMINATE_FEELING,
    difficult_feelings=DIFFICULT_FEELINGS,
    softened=re.compile(r"\b(?:so|as|too)\s+\w+$"),
    negated_start=NEGATED_START,
    sensitive_topics=SENSITIVE_TOPICS,
    race_key=_english_race,
    amount=_english_amount,
    units={"kilo": "kg", "kilogram": "kg", "kg": "kg", "lb": "lb", "pound": "pound"},
    bands={name: name for name in BAND_SHARE},
    thousands=",",
    turn_round=gettext_noop("when I notice I'm getting anxious, take five slow breaths and text a friend"),
    examples_in_catalogue=True,
)


@dataclass(frozen=True)
class SafetyReading:
    warnings: list[SmartWarning]
    cautious: bool  # no praise: the goal needs a safety conversation first


def goal_end(ctx: _Context) -> date | None:
    """The goal's last day: the target date, or the first time frame that bounds the goal."""
    if ctx.fields.target_date:
        return ctx.fields.target_date
    return next((f.ends_on for f in ctx.frames if f.bounds_the_goal and f.ends_on), None)


def _days(ctx: _Context) -> int | None:
    end = goal_end(ctx)
    if end is None:
        return None
    return max((end - ctx.start).days, 1) if end >= ctx.start else None


def _unit(word: str, lex: SafetyLexicon) -> str:
    word = word.rstrip("s")
    return lex.units.get(word, word)


def _weight_warning(ctx: _Context, days: int, lex: SafetyLexicon) -> SmartWarning | None:
    m = lex.weight_loss.search(ctx.text)
    if not m:
        return None
    amount = lex.amount(m.group("n").strip())
    if amount is None:
        return None
    kg = amount * KG_PER_UNIT.get(_unit(m.group("u"), lex), 1.0)
    per_week = kg / (days / 7)
    if per_week <= MAX_WEIGHT_LOSS_KG_PER_WEEK:
        return None
    message = _(
        "Losing %(amount)s in %(days)s days is about %(rate).1f kg a week. Health services usually advise no "
        "more than 0.5–1 kg (1–2 lb) a week; faster than that can harm your health. Worth talking through "
        "with your therapist or GP, with a slower pace."
    )
    shown = ctx.shown[m.start("n") : m.end("u")]
    return SmartWarning(UNSAFE_PACE, message % dict(amount=shown, days=days, rate=per_week))


def _money(m: re.Match[str], thousands: str = ",") -> float | None:
    digits = (m.group("n") or m.group("n2") or "").replace(thousands, "").replace(",", ".")
    try:
        amount = float(digits)
    except ValueError:
        return None
    return amount * 1000 if (m.group("k") or m.group("k2")) else amount


def _debt_warning(ctx: _Context, days: int, lex: SafetyLexicon) -> SmartWarning | None:
    if not (lex.debt.search(ctx.text) and lex.repay.search(ctx.text)):
        return None
    amounts = [(a, m) for m in lex.money.finditer(ctx.text) if (a := _money(m, lex.thousands)) is not None]
    if not amounts:
        return None
    amount, m = max(amounts, key=lambda pair: pair[0])
    per_week = amount / (days / 7)
    if amount < MIN_DEBT_CHECKED or per_week <= MAX_DEBT_REPAYMENT_PER_WEEK:
        return None
    message = _(
        "Clearing %(amount)s in %(days)s days means paying about %(rate)s a week — more than most budgets "
        "allow. A free debt adviser can help plan a pace you can keep; a first step might be to book a call "
        "with one."
    )
    shown = ctx.shown[m.start() : m.end()].strip()
    return SmartWarning(UNSAFE_PACE, message % dict(amount=shown, days=days, rate=f"{per_week:,.0f}"))


def _race_warning(ctx: _Context, days: int, lex: SafetyLexicon) -> SmartWarning | None:
    m = lex.race.search(ctx.text)
    if not m or not lex.no_running.search(ctx.text):
        return None
    weeks = MIN_WEEKS_FROM_NO_RUNNING.get(lex.race_key(m.group("r")))
    if weeks is None or days / 7 >= weeks:
        return None
    message = _(
        "Going from no running to a %(race)s in %(days)s days is much faster than training plans allow "
        "(about %(weeks)s weeks for a beginner), and risks injury. A first milestone might be running "
        "for 20 minutes without stopping."
    )
    return SmartWarning(
        UNSAFE_PACE, message % dict(race=ctx.shown[m.start() : m.end()], days=days, weeks=weeks)
    )


def _severity_warning(ctx: _Context, days: int, lex: SafetyLexicon) -> SmartWarning | None:
    m = lex.severity.search(ctx.text)
    if not m:
        return None
    low = BAND_SHARE.get(lex.bands.get(m.group("b"), "minimal"), BAND_SHARE["minimal"])
    change = BAND_SHARE.get(lex.bands.get(m.group("a"), "severe"), BAND_SHARE["severe"]) - low
    if change / (days / 7) <= MAX_SCALE_FRACTION_PER_WEEK:
        return None
    message = _(
        "Going from %(start)s to %(end)s in %(days)s days is faster than scores on these questionnaires "
        "usually change. Milestones along the way make progress easier to see."
    )
    return SmartWarning("implausible_rate", message % dict(start=m.group("a"), end=m.group("b"), days=days))


def _medication_warnings(ctx: _Context, days: int | None, lex: SafetyLexicon) -> list[SmartWarning]:
    m = lex.medication_change.search(ctx.text)
    if not m:
        return []
    if lex.prescriber.search(ctx.text):
        note = _(
            "Good that your prescriber is part of this: plan any change to your medication with them, at the "
            "pace they advise."
        )
        return [SmartWarning("medication_change", note)]
    note = _(
        "Changes to medication are best planned with whoever prescribes it (your GP or psychiatrist): "
        "stopping some medicines suddenly can cause withdrawal effects or bring symptoms back. A goal like "
        "'talk to my GP about a plan for my medication by %(date)s' keeps it safe."
    )
    soon = format_day(ctx.today + timedelta(days=14), ctx.today)
    found = [SmartWarning("medication_change", note % dict(date=soon))]
    stopping = re.fullmatch(lex.medication_stop, m.group("verb")) is not None
    if stopping and days is not None and days <= MEDICATION_STOP_DAYS:
        message = _(
            "Coming off medication within %(days)s days, without a plan from your prescriber, can be unsafe; "
            "most medicines are reduced gradually, over weeks or months."
        )
        found.append(SmartWarning(UNSAFE_PACE, message % dict(days=days)))
    return found


def _feeling_warnings(ctx: _Context, lex: SafetyLexicon) -> list[SmartWarning]:
    found = []
    eliminate = lex.eliminate_feeling.search(ctx.text)
    if eliminate and not lex.softened.search(ctx.text[: eliminate.end()]):
        feeling = re.search(lex.difficult_feelings + r"\b$", ctx.text[: eliminate.end()])
        word = feeling.group(0) if feeling else eliminate.group(0)
        message = _(
            "Feeling %(feeling)s at times is part of life for everyone, so a goal to stop it altogether "
            "can't be met. Aim for what you'll do when it shows up, or for it getting in the way less often."
        )
        found.append(SmartWarning("eliminate_feeling", message % dict(feeling=word)))
    if lex.negated_start.search(ctx.text.strip()) and not ctx.actions:
        message = _(
            "This says what you want to stop. Try turning it round: what will you do instead? For example, "
            "'%(example)s'."
        )
        example = _(lex.turn_round) if lex.examples_in_catalogue else lex.turn_round
        found.append(SmartWarning("negated_goal", message % dict(example=example)))
    return found


def _topic_warnings(ctx: _Context, lex: SafetyLexicon) -> list[SmartWarning]:
    topics = [name for name, pattern in lex.sensitive_topics.items() if pattern.search(ctx.text)]
    if "self_harm" in topics:
        message = _(
            "This goal touches on self-harm. Work on it together with your therapist, keep your safety plan "
            "to hand, and if you are at risk right now, use your practice's crisis contacts straight away."
        )
        return [SmartWarning("sensitive_topic", message)]
    if topics:
        message = _(
            "Goals about eating or weight can be hard going. Set the pace together with your therapist (and "
            "your GP if you see one), and aim for steady changes that look after your health."
        )
        return [SmartWarning("sensitive_topic", message)]
    return []


def read_safety(ctx: _Context, lex: SafetyLexicon = ENGLISH) -> SafetyReading:
    days = _days(ctx)
    warnings: list[SmartWarning] = []
    if days is not None:
        for check in (_weight_warning, _debt_warning, _race_warning, _severity_warning):
            warning = check(ctx, days, lex)
            if warning:
                warnings.append(warning)
    warnings += _medication_warnings(ctx, days, lex)
    warnings += _feeling_warnings(ctx, lex)
    warnings += _topic_warnings(ctx, lex)
    cautious = any(w.code in (UNSAFE_PACE, "medication_change", "sensitive_topic") for w in warnings)
    return SafetyReading(warnings, cautious)
