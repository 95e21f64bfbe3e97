"""Demo progress (issue 5, point 9): ten weeks of Cam's check-ins telling a believable story.

- **Walking** (agreed five weeks ago in the goals demo) is *on track*: one walk, then two, then three a week,
  dipping to two in a busy week; two milestones celebrated (the first ticked in the goals demo, the second
  from a check-in) and the target reached once.
- **Calling her sister** (agreed at the start of therapy, ten weeks ago) is *stalled*: Sunday calls built up,
  then an argument about their mum's birthday, and no change for the last four check-ins.
- **Sleep** (Cam's own proposal, waiting for Tess in the goals demo) is accepted by Tess in last week's
  session; Cam's first check-in on it rates her progress 2/10 while Tess, reading three nights in bed by
  midnight where there was one, rates it 7/10: a *divergence* to talk about.

Everything goes through the real actions (check-ins with ``accord.checkins.actions.submit_checkin``, reviews
with ``review_actions``, goals with ``accord.goals.actions``), so entries, ratings, celebrations and audit
events are the real ones; rows are then moved back to the moment in the story they stand for (the audit trail
keeps the true time it was written). Idempotent: the check-ins carry fixed keys, and if the story's first
check-in exists the step does nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from accord.accounts.models import Client, User, Weekday
from accord.checkins.actions import CheckInData, GoalAnswer, checkin_goals, submit_checkin
from accord.checkins.models import Celebration, CelebrationKind, CheckIn, CheckInRhythm, ProgressRating
from accord.demo import DemoPeople
from accord.goals import actions as goal_actions
from accord.goals.actions import RatingChange
from accord.goals.demo import SLEEP_WORDS, WALK_WORDS, Backdater, end_of_month_after
from accord.goals.models import Direction, GasRating, Goal, GoalStep, LifeArea, MeasureKind
from accord.progress import actions as review_actions
from accord.progress.actions import GoalReview

KEY_PREFIX = "demo-story-week-"
SISTER_WORDS = "Call my sister once a week"
WEEKS = 10

SISTER_GOAL = {
    "statement": "Call my sister once a week and feel closer to her: from 3 to 7 out of 10",
    "life_area": LifeArea.RELATIONSHIPS,
    "measure_kind": MeasureKind.RATING,
    "unit": "out of 10, how close I feel to my sister",
    "baseline": 3,
    "target": 7,
    "direction": Direction.INCREASE,
    "review_every_weeks": 2,
    "milestones": ["Text her to ask how the kids are", "A ten-minute call", "Call on three Sundays running"],
    "action_steps": ["Put a reminder in my phone for Sunday at 6pm"],
    "gas_minus_2": "No contact with my sister at all",
    "gas_minus_1": "Texts now and then, no calls (where things are now)",
    "gas_0": "A phone call with my sister most weeks",
    "gas_plus_1": "A call every week, and we talk about more than the kids",
    "gas_plus_2": "A call every week and we meet up once a month",
    "gas_baseline_level": -1,
}


@dataclass
class Answer:
    value: float
    progress: int
    confidence: int
    helped: str = ""
    got_in_the_way: str = ""
    steps: tuple[int, ...] = ()  # positions of action steps done
    milestone: int | None = None  # position of a milestone reached this week


@dataclass
class Week:
    sister: Answer
    walk: Answer | None = None
    sleep: Answer | None = None
    note: str = ""
    late: bool = False  # checked in on Monday morning instead of Sunday evening


# Oldest first. Walking joins once it is agreed (five weeks ago), sleep once Tess accepts it (last week).
STORY = [
    Week(Answer(3, 2, 6, got_in_the_way="I kept putting it off — what would I even say?")),
    Week(
        Answer(
            4, 3, 6, helped="Texted her about the kids' school play. She replied straight away.", milestone=1
        )
    ),
    Week(
        Answer(4, 3, 6, got_in_the_way="Called but she was busy with the kids. I didn't call back."),
        late=True,
    ),
    Week(
        Answer(5, 4, 7, helped="We talked for twenty minutes on Sunday. It was nice, actually.", steps=(1,))
    ),
    Week(Answer(5, 5, 7, helped="Another Sunday call. The phone reminder helps.", steps=(1,))),
    Week(
        Answer(6, 6, 7, helped="Long call — she asked me over for lunch.", steps=(1,)),
        walk=Answer(
            1, 2, 6, got_in_the_way="Rained all weekend. Got to the end of the road once.", steps=(1, 2)
        ),
    ),
    Week(
        Answer(5, 5, 6, got_in_the_way="We argued about Mum's birthday plans. I've gone quiet."),
        walk=Answer(2, 4, 7, helped="Made it to the park and back on Saturday!", steps=(1, 3), milestone=2),
        note="A rough week with my sister, but the walks are helping.",
    ),
    Week(
        Answer(5, 6, 5, got_in_the_way="Haven't called since the argument. We text, so it's fine really."),
        walk=Answer(3, 6, 7, helped="Three walks! One was half an hour. Felt proud.", steps=(1, 3)),
    ),
    Week(
        Answer(5, 6, 5, got_in_the_way="Texting every day. Calling feels like too much right now."),
        walk=Answer(3, 6, 8, helped="Three again, a different way through the park.", steps=(1, 2, 3)),
    ),
    Week(
        Answer(5, 6, 4, got_in_the_way="Still no call. I don't know how to start."),
        walk=Answer(2, 5, 7, got_in_the_way="Busy week at work — only two, both short.", steps=(1, 3)),
        sleep=Answer(
            3,
            2,
            5,
            helped="Charging my phone in the kitchen worked on the nights I did it.",
            got_in_the_way="Phone in bed again most nights. Three nights isn't much.",
        ),
        note="Work is mad this week.",
    ),
]

# Tess's sessions, in days ago at 10:05: her 0–10 for walking, and the sister goal's levels and 0–10.
SESSIONS = [
    (28, {"walk": 4, "sister": (0, -1, 5)}),
    (7, {"walk": 7, "sister": (0, -1, 4)}),
]
TESS_SLEEP_RATING = 7  # Cam says 2/10: five points apart


def seed_checkins_story(people: DemoPeople) -> None:
    """The demo seed step (listed in ``accord.demo.SEED_STEPS``, after the goals)."""
    cam, tess = people.cam, people.tess
    if CheckIn.objects.filter(client=cam, idempotency_key__startswith=KEY_PREFIX).exists():
        return
    walk = Goal.objects.filter(client=cam, client_words=WALK_WORDS).first()
    sleep = Goal.objects.filter(client=cam, client_words=SLEEP_WORDS).first()
    if walk is None or sleep is None:
        return  # the goals demo did not run: there is no story to tell
    story = Story(cam, tess, zoneinfo.ZoneInfo(cam.time_zone))
    story.rhythm()
    sister = story.sister_goal()
    story.accept_sleep(sleep)
    story.tell(walk=walk, sister=sister, sleep=sleep)
    date_earlier_wins(cam)


class Story:
    def __init__(self, cam: Client, tess: User, zone: zoneinfo.ZoneInfo):
        self.cam, self.tess, self.zone = cam, tess, zone
        self.clock = Backdater(since=timezone.now())
        self.now = timezone.now()
        self.today = timezone.localdate(self.now, timezone=zone)
        # The story's check-ins fall on Sundays; the latest on the last Sunday before today.
        back = (self.today.weekday() - Weekday.SUNDAY) % 7 or 7
        self.last_sunday = self.today - dt.timedelta(days=back)
        self.first_sunday = self.last_sunday - dt.timedelta(weeks=WEEKS - 1)

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.zone)
        return min(moment, self.now - dt.timedelta(minutes=10))

    def days_ago(self, days: int, hour: int, minute: int = 0) -> dt.datetime:
        return self.at(self.today - dt.timedelta(days=days), hour, minute)

    def rhythm(self) -> None:
        """Sundays at 18:00 in Cam's zone since the first check-in, so streaks count from the start."""
        CheckInRhythm.objects.update_or_create(
            client=self.cam,
            defaults={
                "weekday": Weekday.SUNDAY,
                "time_of_day": dt.time(18, 0),
                "time_zone": self.cam.time_zone,
                "starts_on": self.first_sunday - dt.timedelta(days=1),
                "every_weeks": 1,
            },
        )

    def sister_goal(self) -> Goal:
        goal = Goal.objects.filter(client=self.cam, client_words=SISTER_WORDS).first()
        if goal is not None:
            return goal
        cam_user = self.cam.user
        if cam_user is None:
            raise RuntimeError("The demo's Cam has an account.")
        content = {**SISTER_GOAL, "target_date": end_of_month_after(2, self.today)}
        goal = goal_actions.propose_goal(self.cam, cam_user, words=SISTER_WORDS)
        self.clock.stamp(goal, self.at(self.first_sunday - dt.timedelta(days=3), 10, 20))
        goal_actions.revise_goal(
            goal, self.tess, content, reason="Made measurable together in our first session"
        )
        goal_actions.rate_goal(goal, self.tess, RatingChange(importance=2, difficulty=2))
        goal_actions.rate_goal(goal, cam_user, RatingChange(importance=3))
        goal_actions.accept_goal(goal, cam_user, version_number=goal.version_now.number)
        self.clock.stamp(goal, self.at(self.first_sunday - dt.timedelta(days=3), 10, 45))
        goal.refresh_from_db()
        return goal

    def accept_sleep(self, sleep: Goal) -> None:
        """Tess accepts Cam's sleep goal in last week's session."""
        if not sleep.is_agreed:
            goal_actions.accept_goal(sleep, self.tess, version_number=sleep.version_now.number)
            self.clock.stamp(sleep, self.days_ago(7, 10, 10))
        self.sleep_agreed_at = self.days_ago(7, 10, 10)

    def tell(self, *, walk: Goal, sister: Goal, sleep: Goal) -> None:
        events = [(self.checkin_time(index, week), "checkin", index) for index, week in enumerate(STORY)]
        events += [(self.days_ago(days, 10, 5), "session", days) for days, _ratings in SESSIONS]
        latest_checkin = self.checkin_time(len(STORY) - 1, STORY[-1])
        events.append((self.at(latest_checkin.date() + dt.timedelta(days=1), 9, 30), "sleep_rating", 0))
        goals = {"walk": walk, "sister": sister, "sleep": sleep}
        for when, kind, ref in sorted(events):
            if kind == "checkin":
                self.check_in(ref, STORY[ref], when, goals)
            elif kind == "session":
                self.session(dict(SESSIONS)[ref], when, goals)
            else:
                self.review(when, [GoalReview(goal=sleep, therapist_progress=TESS_SLEEP_RATING)])

    def checkin_time(self, index: int, week: Week) -> dt.datetime:
        sunday = self.first_sunday + dt.timedelta(weeks=index)
        if week.late:
            return self.at(sunday + dt.timedelta(days=1), 8, 15)
        return self.at(sunday, 18 + index % 3, 10 + 7 * index % 40)

    def check_in(self, index: int, week: Week, when: dt.datetime, goals: dict[str, Goal]) -> None:
        current = {goal.pk: goal for goal in checkin_goals(self.cam)}
        answers = []
        for name, answer in (("sister", week.sister), ("walk", week.walk), ("sleep", week.sleep)):
            goal = current.get(goals[name].pk)
            if answer is None or goal is None:
                continue
            answers.append(self.answer(goal, answer))
        data = CheckInData(answers=answers, note=week.note)
        submit_checkin(self.cam, self.cam.user, data, f"{KEY_PREFIX}{index + 1}", at=when)
        # A milestone ticked from the check-in is dated by the tick's own clock: move it to the check-in.
        GoalStep.objects.filter(goal__client=self.cam, done_at__gte=self.clock.since).update(done_at=when)
        Celebration.objects.filter(client=self.cam, created_at__gte=self.clock.since).update(created_at=when)

    def answer(self, goal: Goal, answer: Answer) -> GoalAnswer:
        steps = goal.current_steps  # type: ignore[attr-defined]  # prefetched (to_attr) by goals_for_list
        by_position = {(s.kind, s.position): s.pk for s in steps}
        milestone = by_position.get((GoalStep.Kind.MILESTONE, answer.milestone))
        return GoalAnswer(
            goal=goal,
            value=answer.value,
            progress=answer.progress,
            confidence=answer.confidence,
            helped=answer.helped,
            got_in_the_way=answer.got_in_the_way,
            steps_done={by_position[(GoalStep.Kind.ACTION, p)] for p in answer.steps},
            milestones_reached={milestone} if milestone else set(),
        )

    def session(self, ratings: dict, when: dt.datetime, goals: dict[str, Goal]) -> None:
        client_level, therapist_level, progress = ratings["sister"]
        reviews = [
            GoalReview(goal=self.fresh(goals["walk"]), therapist_progress=ratings["walk"]),
            GoalReview(
                goal=self.fresh(goals["sister"]),
                client_level=client_level,
                therapist_level=therapist_level,
                therapist_progress=progress,
            ),
        ]
        self.review(when, reviews)

    def review(self, when: dt.datetime, reviews: list[GoalReview]) -> None:
        for review in reviews:
            review.goal = self.fresh(review.goal)
        review_actions.record_review(self.tess, reviews)
        since = self.clock.since
        GasRating.objects.filter(goal__client=self.cam, rated_at__gte=since).update(rated_at=when)
        ProgressRating.objects.filter(goal__client=self.cam, rated_at__gte=since).update(rated_at=when)
        Celebration.objects.filter(client=self.cam, created_at__gte=since).update(created_at=when)

    def fresh(self, goal: Goal) -> Goal:
        goal = Goal.objects.select_related("agreed_version", "current_version").get(pk=goal.pk)
        goal.client = self.cam
        return goal


def date_earlier_wins(client: Client) -> None:
    """Wins from earlier demo steps were written when the seed ran, after the rows that caused them were
    moved back in time; date them by the tick or rating that earned them."""
    for win in Celebration.objects.filter(client=client, kind=CelebrationKind.MILESTONE):
        step_id = int(win.key.split(":")[1])
        done_at = GoalStep.objects.filter(pk=step_id).values_list("done_at", flat=True).first()
        if done_at and done_at < win.created_at:
            Celebration.objects.filter(pk=win.pk).update(created_at=done_at)
    for win in Celebration.objects.filter(
        client=client, kind=CelebrationKind.GAS_EXPECTED, goal__isnull=False
    ):
        if win.goal_id is None:  # filtered out above; the type does not know
            continue
        first = (
            GasRating.objects.filter(goal_id=win.goal_id, level__gte=0)
            .order_by("rated_at")
            .values_list("rated_at", flat=True)
            .first()
        )
        if first and first < win.created_at:
            Celebration.objects.filter(pk=win.pk).update(created_at=first)
