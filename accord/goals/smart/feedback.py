"""Feedback text shared by the criteria: measure labels, the worked example, suggestions, quoting."""

from __future__ import annotations

import re
from datetime import date

from accord.goals.smart.i18n import _, gettext_noop

MEASURE_LABELS = {
    "rating_0_10": gettext_noop("a 0–10 rating"),
    "count_per_day": gettext_noop("a count per day"),
    "count_per_week": gettext_noop("a count per week"),
    "count_per_month": gettext_noop("a count per month"),
    "minutes": gettext_noop("minutes"),
    "yes_no_per_day": gettext_noop("yes or no each day"),
    "standard_score": gettext_noop("a questionnaire score"),
}

EXAMPLE_GOAL = gettext_noop("Go for a 20-minute walk three times a week for the next six weeks.")

SUGGESTIONS = {
    "absolute_wording": gettext_noop(
        "Swap all-or-nothing words for a level you could reach on most days — e.g. 'on 5 days "
        "out of 7' rather than 'always'."
    ),
    "implausible_rate": gettext_noop(
        "Split the change into milestones, or give it more time — e.g. aim for part of the "
        "way by the first review."
    ),
    "target_out_of_range": gettext_noop("Pick a target inside the measure's range."),
    "low_confidence": gettext_noop(
        "Make the first step smaller — something you'd rate at least 7 out of 10 for confidence."
    ),
    "example": gettext_noop("Putting it together might look like: '%(example)s'"),
    "unsafe_pace": gettext_noop(
        "Pick a pace that is safe to keep up — e.g. a first milestone by your next review, with the rest "
        "to follow."
    ),
    "eliminate_feeling": gettext_noop("Say what you'll do when the feeling shows up — e.g. '%(example)s'"),
    "negated_goal": gettext_noop("Say what you'll do instead — e.g. '%(example)s'"),
    "medication_change": gettext_noop(
        "Make the first step a conversation with your prescriber about a plan."
    ),
}

MONTH_NAMES = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
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
        gettext_noop("when the urge comes, use one step from my safety plan first"),
        gettext_noop(
            "When the urge comes, use one step from my safety plan first (like holding ice or texting "
            "someone I trust), and go over how it went with my therapist each week for the next six weeks."
        ),
    ),
    (
        "medication",
        re.compile(
            r"antidepressant|antipsychotic|medication|meds\b|tablets|pills|\bdose|sertraline|fluoxetine"
        ),
        gettext_noop("talk to my GP about a plan for my medication at my next appointment"),
        gettext_noop(
            "Book an appointment with my GP in the next two weeks to talk about a plan for my medication."
        ),
    ),
    (
        "eating",
        re.compile(
            r"\beat|\bate\b|meals?|breakfast|lunch|dinner|snack|food|binge|purg|weigh|weight|calorie|diet"
        ),
        gettext_noop("have breakfast, lunch and an evening meal at regular times"),
        gettext_noop(
            "Have breakfast, lunch and an evening meal at regular times on most days for the next four "
            "weeks, and talk over how it's going with my therapist each week."
        ),
    ),
    (
        "going_out",
        re.compile(
            r"hiding|hide|stay(?:ing)? in\b|out of the house|leave the house|at home|go(?:ing)? out|isolat"
        ),
        gettext_noop("leave the house for a 20-minute walk on Saturday and Sunday"),
        gettext_noop("Leave the house for a 20-minute walk on Saturday and Sunday for the next four weeks."),
    ),
    (
        "mood",
        re.compile(r"anxi|worr|sad|stress|panic|angry|anger|low mood|depress|lonely|guilt|scared|upset|fear"),
        gettext_noop("when I notice I'm getting anxious, take five slow breaths and text a friend"),
        gettext_noop(
            "When I notice I'm getting anxious, take five slow breaths and text a friend, on most days for "
            "the next four weeks."
        ),
    ),
    (
        "sleep",
        re.compile(r"sleep|bed\b|bedtime|tired|insomnia|wake|nap"),
        gettext_noop("be in bed with the lights off by 11pm on weeknights"),
        gettext_noop("Be in bed with the lights off by 11pm on five nights a week for the next four weeks."),
    ),
    (
        "screen",
        re.compile(r"phone|screen|social media|netflix|youtube|gaming|games|tiktok|instagram|scroll"),
        gettext_noop("leave my phone in the kitchen from 10pm"),
        gettext_noop("Leave my phone in the kitchen from 10pm on weeknights for the next four weeks."),
    ),
    (
        "drinking",
        re.compile(r"drink|alcohol|wine|beer|pub|units|smok|cigarette|vap|gambl"),
        gettext_noop("have at least three alcohol-free days a week"),
        gettext_noop("Have at least three alcohol-free days a week for the next six weeks."),
    ),
    (
        "money",
        re.compile(r"debt|loan|overdraft|credit card|money|savings?|save\b|budget|bills?|£|\$|€"),
        gettext_noop("put £20 towards the credit card every payday"),
        gettext_noop(
            "Put £20 towards the credit card every payday for the next six months, and check the "
            "balance monthly."
        ),
    ),
    (
        "job",
        re.compile(r"\bjobs?\b|career|\bcv\b|employ|interview"),
        gettext_noop("apply for two jobs a week"),
        gettext_noop(
            "Apply for two jobs a week and ask one person about openings, until the end of next month."
        ),
    ),
    (
        "work_study",
        re.compile(
            r"job|work|boss|manager|career|cv\b|exam|revis|essay|study|deadline|assignment|course|school|uni"
        ),
        gettext_noop("spend 25 minutes on the next assignment before lunch on weekdays"),
        gettext_noop(
            "Spend 25 minutes on the next assignment before lunch on weekdays until the end of term."
        ),
    ),
    (
        "social",
        re.compile(
            r"friend|family|sister|brother|mum|dad|mother|father|partner|people|social|call|text|visit|meet"
        ),
        gettext_noop("message or call one friend twice a week"),
        gettext_noop("Message or call one friend twice a week for the next six weeks."),
    ),
    (
        "home",
        re.compile(r"tidy|clean|housework|kitchen|washing|laundry|chores|hoover|cook|garden"),
        gettext_noop("tidy the kitchen for 10 minutes after dinner on weekdays"),
        gettext_noop("Tidy the kitchen for 10 minutes after dinner on weekdays for the next four weeks."),
    ),
)
DEFAULT_EXAMPLE = (gettext_noop("go for a 20-minute walk"), EXAMPLE_GOAL)
# Activities the example can name in the goal's own words: "do more painting" → "Paint for 20 minutes …".
ACTIVITY_EXAMPLES = {
    "walk": gettext_noop("go for a 20-minute walk"),
    "run": gettext_noop("go for a 15-minute run"),
    "running": gettext_noop("go for a 15-minute run"),
    "jog": gettext_noop("go for a 15-minute jog"),
    "swim": gettext_noop("swim for 20 minutes"),
    "swimming": gettext_noop("swim for 20 minutes"),
    "cycl": gettext_noop("cycle for 20 minutes"),
    "exercis": gettext_noop("do 20 minutes of exercise"),
    "gym": gettext_noop("go to the gym for 30 minutes"),
    "yoga": gettext_noop("do 15 minutes of yoga"),
    "football": gettext_noop("play football for an hour"),
    "garden": gettext_noop("spend 30 minutes in the garden"),
    "paint": gettext_noop("paint for 30 minutes"),
    "draw": gettext_noop("draw for 20 minutes"),
    "read": gettext_noop("read for 15 minutes"),
    "bak": gettext_noop("bake something"),
    "cook": gettext_noop("cook a meal from scratch"),
    "guitar": gettext_noop("practise the guitar for 20 minutes"),
    "piano": gettext_noop("practise the piano for 20 minutes"),
    "meditat": gettext_noop("meditate for 10 minutes"),
    "knit": gettext_noop("knit for 20 minutes"),
    "danc": gettext_noop("dance for 20 minutes"),
    "sing": gettext_noop("sing for 20 minutes"),
}


def worked_example(lowered: str) -> tuple[str, str]:
    """(a short example of something to do, a full example goal) in the goal's life area and words, in the
    person's language (the catalogue's translation of the English example)."""
    for word, short in ACTIVITY_EXAMPLES.items():
        if re.search(rf"\b{word}(?:s|es|ing|ed|e)?\b", lowered):
            full = _("%(activity)s three times a week for the next six weeks.") % dict(activity=_(short))
            return _(short), full[:1].upper() + full[1:]
    for _area, pattern, short, full in EXAMPLES:
        if pattern.search(lowered):
            return _(short), _(full)
    return _(DEFAULT_EXAMPLE[0]), _(DEFAULT_EXAMPLE[1])


def _quote(phrases: list[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(phrases))[:limit]
    return ", ".join(f"“{p}”" for p in unique)
