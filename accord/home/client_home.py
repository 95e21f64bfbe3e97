"""The client's home on a phone: what needs them now first, then each goal's status in one plain line.

Issue 13: the first screen at 360×740 shows the client's next action and every active goal; the whole home
fits in two screens for a client with three goals. Everything else is one link away. The order of what
needs the client is fixed, most urgent first: a check-in (a half-done one first), a goal waiting for their
answer, new messages, the intake, a questionnaire due, new wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accord.accounts.models import Client
from accord.goals.models import Goal, LifecycleStatus, Party
from accord.progress.status import GoalProgress, progress_of_loaded

# The words a client reads for each status (the therapist's side keeps the shorter labels and reasons).
CLIENT_STATUS = {
    "on_track": gettext_lazy("On track"),
    "behind": gettext_lazy("A bit slower than planned"),
    "stalled": gettext_lazy("No change for a while"),
    "achieved": gettext_lazy("Reached"),
    "too_early": gettext_lazy("Too early to tell"),
    "paused": gettext_lazy("Paused for now"),
}


@dataclass
class NextStep:
    """One thing that needs the client now: a sentence and the one link that does it."""

    key: str
    text: str
    action: str
    url_name: str
    url_args: tuple = ()
    primary: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


@dataclass
class GoalLine:
    goal: Goal
    title: str
    status: str
    latest: str = ""


@dataclass
class ClientHome:
    next_steps: list[NextStep] = field(default_factory=list)
    goals: list[GoalLine] = field(default_factory=list)
    other_goals: int = 0  # proposed, parked, waiting for the therapist: on "Your goals"


def goal_title(goal: Goal) -> str:
    """The goal as the client knows it: their own words, else the agreed (or current) statement."""
    version = goal.agreed_version or goal.current_version
    return goal.client_words or (version.statement if version else "")


def needs_answer(goal: Goal) -> bool:
    """The current version waits for the client's acceptance (and the client has not declined it)."""
    return Party.CLIENT in goal.waiting_for() and goal.last_declined_by != Party.CLIENT


def status_words(progress: GoalProgress) -> str:
    key = progress.status.key
    if key in CLIENT_STATUS:
        return str(CLIENT_STATUS[key])
    return progress.status.label  # set by the therapist: the FHIR label, already plain ("In progress")


def latest_words(progress: GoalProgress) -> str:
    latest = progress.latest
    if latest is None:
        return _("no check-in yet")
    value = f"{progress.latest_text} {progress.unit}".strip()
    return _("latest %(value)s") % {"value": value}


def goal_lines(client: Client, goals: list[Goal]) -> tuple[list[GoalLine], int]:
    """Each active, agreed goal with its status and latest value (two queries for any number of goals)."""
    active = [g for g in goals if g.lifecycle_status == LifecycleStatus.ACTIVE and g.agreed_version_id]
    lines = [
        GoalLine(goal=p.goal, title=goal_title(p.goal), status=status_words(p), latest=latest_words(p))
        for p in progress_of_loaded(active, client)
    ]
    others = sum(1 for g in goals if g.is_open and g not in active)
    return lines, others


def next_steps(
    client: Client,
    goals: list[Goal],
    *,
    checkins: dict[str, Any],
    assessment: dict[str, Any],
    unread: int,
) -> list[NextStep]:
    steps: list[NextStep] = []
    if checkins["has_goals"]:
        if checkins["has_draft"]:
            steps.append(
                NextStep(
                    "checkin",
                    _("Your check-in is half done and waiting for you."),
                    _("Finish your check-in"),
                    "checkin",
                )
            )
        else:
            steps.append(
                NextStep(
                    "checkin",
                    _("A couple of minutes on how your goals are going."),
                    _("Check in now"),
                    "checkin",
                )
            )
    for goal in goals:
        if needs_answer(goal):
            steps.append(
                NextStep(
                    "goal",
                    _("A goal is waiting for your answer: “%(title)s”.") % {"title": goal_title(goal)},
                    _("Look at it"),
                    "goal_page",
                    (goal.pk,),
                )
            )
    if unread:
        steps.append(
            NextStep(
                "messages",
                ngettext("You have %(count)d new message.", "You have %(count)d new messages.", unread)
                % {"count": unread},
                _("Read it") if unread == 1 else _("Read them"),
                "dialogue_conversation",
                (client.pk,),
            )
        )
    intake = assessment["intake"]
    if intake is None or not intake.is_submitted:
        steps.append(
            NextStep(
                "intake",
                _("A few questions to help you and your therapist get started."),
                _("Continue the questions") if assessment["answered"] else _("Start the questions"),
                "intake",
            )
        )
    for due in assessment["due"]:
        steps.append(
            NextStep(
                "measure",
                _("A questionnaire is due: %(title)s.") % {"title": due.instrument.short_title},
                _("Start it"),
                "take_measure",
                (due.instrument.key,),
            )
        )
    if checkins["new_wins"]:
        steps.append(
            NextStep(
                "wins",
                ngettext(
                    "You have a new win to look at.",
                    "You have %(count)d new wins to look at.",
                    checkins["new_wins"],
                )
                % {"count": checkins["new_wins"]},
                _("See your wins"),
                "my_wins",
            )
        )
    if steps:
        steps[0].primary = True
    return steps


def client_home(
    client: Client,
    goals: list[Goal],
    *,
    checkins: dict[str, Any],
    assessment: dict[str, Any],
    unread: int,
) -> ClientHome:
    lines, others = goal_lines(client, goals)
    return ClientHome(
        next_steps=next_steps(client, goals, checkins=checkins, assessment=assessment, unread=unread),
        goals=lines,
        other_goals=others,
    )
