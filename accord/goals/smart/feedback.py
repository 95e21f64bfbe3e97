"""Feedback text shared by the criteria: measure labels, the worked example, suggestions, quoting."""

from __future__ import annotations

import re
from datetime import date

from accord.goals.smart.i18n import _

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
    "example": _("Putting it together might look like: '%(example)s'"),
    "unsafe_pace": _(
        "Pick a pace that is safe to keep up — e.g. a first milestone by your next review, with the rest "
        "to follow."
    ),
    "eliminate_feeling": _("Say what you'll do when the feeling shows up — e.g. '%(example)s'"),
    "negated_goal": _("Say what you'll do instead — e.g. '%(example)s'"),
    "medication_change": _("Make the first step a conversation with your prescriber about a plan."),
}

MONTH_NAMES = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)


def format_day(day: date, today: date | None = None) -> str:
    """A date as people write it: "21 December", with the year when it isn't this year ("3 March 2027")."""
    name = _(MONTH_NAMES[day.month - 1])
    if today is not None and day.year == today.year:
        return _("%(day)s %(month)s") % dict(day=day.day, month=name)
    return _("%(day)s %(month)s %(year)s") % dict(day=day.day, month=name, year=day.year)


# The worked example follows the goal's life area and words: (area, pattern, short example, full example).
# The first area whose words appear wins; the order puts safety-sensitive areas first.
EXAMPLES: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    (
        "self_harm",
        re.compile(r"self[- ]?harm|harm(?:ing)? myself|hurt(?:ing)? myself|cut(?:ting)? myself|urges?"),
        _("when the urge comes, use one step from my safety plan first"),
        _(
            "When the urge comes, use one step from my safety plan first (like holding ice or texting "
            "someone I trust), and go over how it went with my therapist each week for the next six weeks."
        ),
    ),
    (
        "medication",
        re.compile(
            r"antidepressant|antipsychotic|medication|meds\b|tablets|pills|\bdose|sertraline|fluoxetine"
        ),
        _("talk to my GP about a plan for my medication at my next appointment"),
        _("Book an appointment with my GP in the next two weeks to talk about a plan for my medication."),
    ),
    (
        "eating",
        re.compile(
            r"\beat|\bate\b|meals?|breakfast|lunch|dinner|snack|food|binge|purg|weigh|weight|calorie|diet"
        ),
        _("have breakfast, lunch and an evening meal at regular times"),
        _(
            "Have breakfast, lunch and an evening meal at regular times on most days for the next four "
            "weeks, and talk over how it's going with my therapist each week."
        ),
    ),
    (
        "going_out",
        re.compile(
            r"hiding|hide|stay(?:ing)? in\b|out of the house|leave the house|at home|go(?:ing)? out|isolat"
        ),
        _("leave the house for a 20-minute walk on Saturday and Sunday"),
        _("Leave the house for a 20-minute walk on Saturday and Sunday for the next four weeks."),
    ),
    (
        "mood",
        re.compile(r"anxi|worr|sad|stress|panic|angry|anger|low mood|depress|lonely|guilt|scared|upset|fear"),
        _("when I notice I'm getting anxious, take five slow breaths and text a friend"),
        _(
            "When I notice I'm getting anxious, take five slow breaths and text a friend, on most days for "
            "the next four weeks."
        ),
    ),
    (
        "sleep",
        re.compile(r"sleep|bed\b|bedtime|tired|insomnia|wake|nap"),
        _("be in bed with the lights off by 11pm on weeknights"),
        _("Be in bed with the lights off by 11pm on five nights a week for the next four weeks."),
    ),
    (
        "screen",
        re.compile(r"phone|screen|social media|netflix|youtube|gaming|games|tiktok|instagram|scroll"),
        _("leave my phone in the kitchen from 10pm"),
        _("Leave my phone in the kitchen from 10pm on weeknights for the next four weeks."),
    ),
    (
        "drinking",
        re.compile(r"drink|alcohol|wine|beer|pub|units|smok|cigarette|vap|gambl"),
        _("have at least three alcohol-free days a week"),
        _("Have at least three alcohol-free days a week for the next six weeks."),
    ),
    (
        "money",
        re.compile(r"debt|loan|overdraft|credit card|money|savings?|save\b|budget|bills?|£|\$|€"),
        _("put £20 towards the credit card every payday"),
        _(
            "Put £20 towards the credit card every payday for the next six months, and check the "
            "balance monthly."
        ),
    ),
    (
        "job",
        re.compile(r"\bjobs?\b|career|\bcv\b|employ|interview"),
        _("apply for two jobs a week"),
        _("Apply for two jobs a week and ask one person about openings, until the end of next month."),
    ),
    (
        "work_study",
        re.compile(
            r"job|work|boss|manager|career|cv\b|exam|revis|essay|study|deadline|assignment|course|school|uni"
        ),
        _("spend 25 minutes on the next assignment before lunch on weekdays"),
        _("Spend 25 minutes on the next assignment before lunch on weekdays until the end of term."),
    ),
    (
        "social",
        re.compile(
            r"friend|family|sister|brother|mum|dad|mother|father|partner|people|social|call|text|visit|meet"
        ),
        _("message or call one friend twice a week"),
        _("Message or call one friend twice a week for the next six weeks."),
    ),
    (
        "home",
        re.compile(r"tidy|clean|housework|kitchen|washing|laundry|chores|hoover|cook|garden"),
        _("tidy the kitchen for 10 minutes after dinner on weekdays"),
        _("Tidy the kitchen for 10 minutes after dinner on weekdays for the next four weeks."),
    ),
)
DEFAULT_EXAMPLE = (_("go for a 20-minute walk"), EXAMPLE_GOAL)
# Activities the example can name in the goal's own words: "do more painting" → "Paint for 20 minutes …".
ACTIVITY_EXAMPLES = {
    "walk": _("go for a 20-minute walk"),
    "run": _("go for a 15-minute run"),
    "running": _("go for a 15-minute run"),
    "jog": _("go for a 15-minute jog"),
    "swim": _("swim for 20 minutes"),
    "swimming": _("swim for 20 minutes"),
    "cycl": _("cycle for 20 minutes"),
    "exercis": _("do 20 minutes of exercise"),
    "gym": _("go to the gym for 30 minutes"),
    "yoga": _("do 15 minutes of yoga"),
    "football": _("play football for an hour"),
    "garden": _("spend 30 minutes in the garden"),
    "paint": _("paint for 30 minutes"),
    "draw": _("draw for 20 minutes"),
    "read": _("read for 15 minutes"),
    "bak": _("bake something"),
    "cook": _("cook a meal from scratch"),
    "guitar": _("practise the guitar for 20 minutes"),
    "piano": _("practise the piano for 20 minutes"),
    "meditat": _("meditate for 10 minutes"),
    "knit": _("knit for 20 minutes"),
    "danc": _("dance for 20 minutes"),
    "sing": _("sing for 20 minutes"),
}


def worked_example(lowered: str) -> tuple[str, str]:
    """(a short example of something to do, a full example goal) in the goal's life area and words."""
    for word, short in ACTIVITY_EXAMPLES.items():
        if re.search(rf"\b{word}(?:s|es|ing|ed|e)?\b", lowered):
            full = _("%(activity)s three times a week for the next six weeks.") % dict(activity=short)
            return short, full[:1].upper() + full[1:]
    for _area, pattern, short, full in EXAMPLES:
        if pattern.search(lowered):
            return short, full
    return DEFAULT_EXAMPLE


def _quote(phrases: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(phrases))[:limit]
    return ", ".join(f"“{p}”" for p in unique)
