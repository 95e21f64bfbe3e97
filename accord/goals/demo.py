"""Demo goals: Cam's three goals in different states and Casey's first proposal (issue 3, point 9).

Everything is made through ``accord.goals.actions``, so the versions, the agreement trail and the audit
trail are the real ones. Each step of a story is then moved back to the day it stands for, so the history
reads like weeks of work rather than one second. Only the goal's own rows are moved (times of versions,
agreement events, ratings, ticks, themes); the audit trail keeps the true time it was written, since audit
events can never be changed.

Idempotent: a goal is recognised by its client and the client's own words, a theme by its words; whatever
exists already is left alone.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.utils import timezone

from accord.accounts.models import Client, User
from accord.demo import DemoPeople
from accord.goals import actions
from accord.goals.actions import RatingChange
from accord.goals.models import (
    AgreementEvent,
    ClientTheme,
    DecisionalBalance,
    Direction,
    GasRating,
    Goal,
    GoalStep,
    GoalVersion,
    LifeArea,
    MeasureKind,
    ReadinessRating,
    ThemeKind,
)

WALK_WORDS = "I want to stop hiding at home all weekend"
SLEEP_WORDS = "I want to stop scrolling until 2am and be in bed by midnight on work nights"
JOB_WORDS = "Look for a new job"
CASEY_WORDS = "I just want to feel less on edge around people"

# Cam's needs, strengths and values: (kind, words, who added it — "tess" or "cam", days ago).
CAM_THEMES = [
    (ThemeKind.NEED, "Feel less alone and stuck at weekends", "tess", 42),
    (ThemeKind.NEED, "Sleep better so work feels manageable", "cam", 41),
    (ThemeKind.STRENGTH, "Enjoys being outdoors once she's out", "tess", 42),
    (ThemeKind.STRENGTH, "Sticks with routines when work is busy", "tess", 42),
    (ThemeKind.VALUE, "Being healthy and active", "cam", 41),
    (ThemeKind.VALUE, "Being there for my sister", "cam", 41),
]


def seed_goals(people: DemoPeople) -> None:
    """The demo seed step (listed in ``accord.demo.SEED_STEPS``)."""
    clock = Backdater(since=timezone.now())
    themes = _cam_themes(people, clock)
    cam, tess = people.account_of(people.cam), people.tess
    if not _has_goal(people.cam, WALK_WORDS):
        _walking_goal(people.cam, cam, tess, themes, clock)
    if not _has_goal(people.cam, SLEEP_WORDS):
        _sleep_goal(people.cam, cam, themes, clock)
    if not _has_goal(people.cam, JOB_WORDS):
        _job_goal(people.cam, cam, clock)
    if not _has_goal(people.casey, CASEY_WORDS):
        _caseys_exploring_goal(people.casey, people.account_of(people.casey), tess, clock)


# Casey's decisional balance on her first goal, in her own words (issue 10).
CASEY_BALANCE = {
    "change_pros": "I could go to my friend's birthday without dreading it for a week.\n"
    "Maybe I'd sleep better after work.",
    "change_cons": "I'd have to actually be around people more, which is the scary part.\n"
    "What if I try and it doesn't get better?",
    "stay_pros": "Staying home is safe and I know what to expect.\nNo one can see me panic.",
    "stay_cons": "I keep missing things I'd actually enjoy.\nMy world is getting smaller and I hate that.",
}


def _caseys_exploring_goal(client: Client, casey: User, tess: User, clock: Backdater) -> None:
    """Casey's goal is in her own words and not ready to be made SMART: Tess and Casey agreed to explore it
    first (stage: contemplation); Casey rated her readiness and filled in a decisional balance."""
    goal = actions.propose_goal(client, casey, words=CASEY_WORDS)
    clock.stamp(goal, days_ago(6, hour=21))
    actions.set_exploring(goal, tess, exploring=True, comment="Let's talk it through before we shape it")
    actions.set_stage_of_change(goal, tess, "contemplation")
    clock.stamp(goal, days_ago(4, hour=15))
    actions.rate_readiness(goal, casey, importance=8, confidence=3)
    actions.save_decisional_balance(goal, casey, CASEY_BALANCE)
    clock.stamp(goal, days_ago(3, hour=20))
    DecisionalBalance.objects.filter(goal=goal).update(updated_at=days_ago(3, hour=20))


class Backdater:
    """Moves the rows a demo action just wrote back to the moment in the story they stand for.

    Rows written during this seed run carry a time at or after ``since``; once moved they are in the past,
    so each call touches only what the action before it wrote."""

    def __init__(self, since: datetime):
        self.since = since

    def stamp(self, goal: Goal, when: datetime) -> None:
        fresh = {"goal": goal}
        Goal.objects.filter(pk=goal.pk, created_at__gte=self.since).update(created_at=when)
        Goal.objects.filter(pk=goal.pk).update(updated_at=when)
        GoalVersion.objects.filter(created_at__gte=self.since, **fresh).update(created_at=when)
        AgreementEvent.objects.filter(at__gte=self.since, **fresh).update(at=when)
        GasRating.objects.filter(rated_at__gte=self.since, **fresh).update(rated_at=when)
        ReadinessRating.objects.filter(rated_at__gte=self.since, **fresh).update(rated_at=when)
        GoalStep.objects.filter(done_at__gte=self.since, **fresh).update(done_at=when)

    def stamp_theme(self, theme: ClientTheme, when: datetime) -> None:
        ClientTheme.objects.filter(pk=theme.pk, added_at__gte=self.since).update(added_at=when)


def days_ago(days: int, *, hour: int, minute: int = 0) -> datetime:
    moment = timezone.now() - timedelta(days=days)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


def end_of_month_after(months: int, today: date | None = None) -> date:
    """The last day of the month ``months`` after this one: a target date that stays ahead of the demo."""
    today = today or timezone.localdate()
    month_index = today.month - 1 + months
    year, month = today.year + month_index // 12, month_index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _has_goal(client: Client, words: str) -> bool:
    return Goal.objects.filter(client=client, client_words=words).exists()


def _cam_themes(people: DemoPeople, clock: Backdater) -> dict[str, ClientTheme]:
    """Cam's themes by their words, adding those that are missing."""
    authors = {"tess": people.tess, "cam": people.account_of(people.cam)}
    themes = {}
    for kind, text, author, days in CAM_THEMES:
        theme = ClientTheme.objects.filter(client=people.cam, kind=kind, text=text).first()
        if theme is None:
            theme = actions.add_theme(people.cam, authors[author], kind=kind, text=text)
            clock.stamp_theme(theme, days_ago(days, hour=10, minute=30))
        themes[text] = theme
    return themes


def _walking_goal(
    client: Client, cam: User, tess: User, themes: dict[str, ClientTheme], clock: Backdater
) -> None:
    """Agreed and under way: shaped into a SMART goal in session, a milestone ticked, rated over weeks."""
    goal = actions.propose_goal(client, cam, words=WALK_WORDS)
    clock.stamp(goal, days_ago(40, hour=19, minute=30))

    target_date = end_of_month_after(4)
    month = calendar.month_name[target_date.month]
    content = {
        "statement": (
            f"Go for a walk outside at least 3 times a week, 20 minutes or more, by the end of {month}"
        ),
        "life_area": LifeArea.DAILY_LIFE,
        "theme_ids": [
            themes["Feel less alone and stuck at weekends"].pk,
            themes["Enjoys being outdoors once she's out"].pk,
            themes["Being healthy and active"].pk,
        ],
        "measure_kind": MeasureKind.COUNT_WEEK,
        "unit": "walks of 20 minutes or more",
        "baseline": 0,
        "target": 3,
        "direction": Direction.INCREASE,
        "target_date": target_date,
        "review_every_weeks": 2,
        "milestones": [
            "Walk to the end of the road and back",
            "Walk to the park and back (about 20 minutes)",
            "Three walks in one week",
        ],
        "action_steps": [
            "Put shoes and coat by the door on Friday night",
            "Text my sister after each walk",
            "Note each walk in the weekly check-in",
        ],
        "gas_minus_2": "Not leaving the house at all at weekends, even for errands",
        "gas_minus_1": "No walks yet; out only for errands (where things are now)",
        "gas_0": "3 walks a week, 20 minutes or more",
        "gas_plus_1": "4 or 5 walks a week, 20 minutes or more",
        "gas_plus_2": "A walk most days, or walking with a friend or a group",
        "gas_baseline_level": -1,
    }
    reason = "Shaped together in session: a number, a time frame and small first steps"
    actions.revise_goal(goal, tess, content, reason=reason)
    actions.rate_goal(goal, tess, RatingChange(importance=2, difficulty=2))
    clock.stamp(goal, days_ago(35, hour=10, minute=20))

    actions.rate_goal(goal, cam, RatingChange(importance=3))
    actions.rate_readiness(goal, cam, importance=8, confidence=7)
    actions.accept_goal(goal, cam, version_number=goal.version_now.number)
    clock.stamp(goal, days_ago(35, hour=10, minute=45))

    first_milestone = goal.steps.get(kind=GoalStep.Kind.MILESTONE, position=1)
    actions.tick_step(first_milestone, cam, done=True)
    clock.stamp(goal, days_ago(33, hour=11, minute=15))
    shoes = goal.steps.get(kind=GoalStep.Kind.ACTION, position=1)
    actions.tick_step(shoes, cam, done=True)
    clock.stamp(goal, days_ago(31, hour=21))

    ratings = [
        (cam, -1, "Two short walks this week, not three yet", 28, 18),
        (tess, -1, "Two walks; the first milestone is done", 28, 10),
        (cam, 0, "Three walks! One was half an hour", 14, 19),
        (tess, 0, "Three walks a week for two weeks running", 7, 10),
    ]
    for rater, level, note, days, hour in ratings:
        actions.rate_gas(goal, rater, level=level, note=note)
        clock.stamp(goal, days_ago(days, hour=hour))


def _sleep_goal(client: Client, cam: User, themes: dict[str, ClientTheme], clock: Backdater) -> None:
    """Cam's own proposal, revised by her, waiting for Tess."""
    goal = actions.propose_goal(client, cam, words=SLEEP_WORDS)
    clock.stamp(goal, days_ago(12, hour=23, minute=40))
    content = {
        "statement": "Be in bed by midnight on at least 4 work nights a week",
        "life_area": LifeArea.HEALTH,
        "theme_ids": [themes["Sleep better so work feels manageable"].pk],
        "measure_kind": MeasureKind.YES_NO_DAY,
        "unit": "work nights in bed by midnight",
        "baseline": 1,
        "target": 4,
        "direction": Direction.INCREASE,
    }
    actions.revise_goal(goal, cam, content, reason="Every night felt like too much to start with")
    clock.stamp(goal, days_ago(9, hour=21, minute=10))


def _job_goal(client: Client, cam: User, clock: Backdater) -> None:
    """Proposed, then parked by Cam: kept for later, not lost."""
    goal = actions.propose_goal(client, cam, words=JOB_WORDS, life_area=LifeArea.WORK)
    clock.stamp(goal, days_ago(20, hour=20))
    actions.park_goal(goal, cam, comment="not now — after the move")
    clock.stamp(goal, days_ago(18, hour=9, minute=5))
