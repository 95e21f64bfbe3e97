"""Check-ins between sessions, in-session reviews, reminders and celebrations.

Times are stored in UTC; the rhythm's day and time are in the client's own time zone, so a daylight-saving
change moves neither (``accord.checkins.schedule`` turns the rhythm into UTC instants).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accord.accounts.models import Client, Weekday, validate_time_zone
from accord.goals.models import Goal, GoalStep, GoalVersion, Party

ZERO_TO_TEN = [MinValueValidator(0), MaxValueValidator(10)]


class CheckInRhythm(models.Model):
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="rhythm")
    every_weeks = models.PositiveSmallIntegerField(
        _("every (weeks)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices, default=Weekday.SUNDAY)
    time_of_day = models.TimeField(_("time"), default=dt.time(18, 0))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    starts_on = models.DateField(_("starting"))
    reminders_on = models.BooleanField(_("email me a reminder"), default=True)
    # The private calendar link's secret, stored as a digest; replacing it revokes the old link.
    calendar_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"every {self.every_weeks} week(s) on {self.get_weekday_display()} at {self.time_of_day:%H:%M}"


class CheckIn(models.Model):
    """One between-session check-in by the client, submitted once (idempotency key)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="checkins")
    submitted_at = models.DateTimeField(db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("anything else"), blank=True, max_length=2000)
    idempotency_key = models.CharField(max_length=64)
    # Done together in session: the therapist recorded the client's answers (``submitted_by``).
    in_session = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "idempotency_key"], name="checkin_idempotent_per_client"
            )
        ]
        indexes = [models.Index(fields=["client", "-submitted_at"])]

    def __str__(self) -> str:
        return f"Check-in #{self.pk}"


class GoalEntry(models.Model):
    """A check-in's answer for one goal: a value in the goal's measure and/or a 0–10 towards it."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="entries")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="entries")
    version = models.ForeignKey(GoalVersion, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(db_index=True)
    value = models.FloatField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(null=True, blank=True, validators=ZERO_TO_TEN)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True, validators=ZERO_TO_TEN)
    helped = models.TextField(_("what helped"), blank=True, max_length=1000)
    got_in_the_way = models.TextField(_("what got in the way"), blank=True, max_length=1000)

    class Meta:
        ordering = ["recorded_on", "id"]
        indexes = [models.Index(fields=["goal", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.goal_id} on {self.recorded_on}"


class StepCheck(models.Model):
    entry = models.ForeignKey(GoalEntry, on_delete=models.CASCADE, related_name="step_checks")
    step = models.ForeignKey(GoalStep, on_delete=models.CASCADE, related_name="+")
    done = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.step_id}: {'done' if self.done else 'not done'}"


class CheckInDraft(models.Model):
    """What the client has typed so far, saved as they go so a closed tab loses nothing."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="checkin_draft")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Draft for client {self.client_id}"


class ProgressRating(models.Model):
    """A 0–10 rating of progress towards a goal by one party (the client's come from check-ins)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress_ratings")
    party = models.CharField(max_length=10, choices=Party.choices)
    rating = models.PositiveSmallIntegerField(validators=ZERO_TO_TEN)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["rated_at", "id"]
        indexes = [models.Index(fields=["goal", "party", "-rated_at"])]

    def __str__(self) -> str:
        return f"{self.party} {self.rating}/10"


class Reminder(models.Model):
    """One reminder per client per due check-in: the unique constraint makes sending exactly-once."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="reminders")
    due_at = models.DateTimeField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_at"]
        constraints = [models.UniqueConstraint(fields=["client", "due_at"], name="reminder_once_per_due")]

    def __str__(self) -> str:
        return f"Reminder {self.client_id} {self.due_at:%Y-%m-%d %H:%M}"


class CelebrationKind(models.TextChoices):
    MILESTONE = "milestone", _("Milestone reached")
    TARGET = "target", _("Target reached")
    GAS_EXPECTED = "gas_expected", _("Expected level reached")
    STREAK = "streak", _("Check-in streak")
    MEASURE_IMPROVED = "measure_improved", _("Reliable improvement")
    GOAL_COMPLETED = "goal_completed", _("Goal completed")


def streak_title(length: int) -> str:
    """A streak's title, in the active language."""
    return ngettext("%(n)d check-in in a row", "%(n)d check-ins in a row", length) % {"n": length}


class Celebration(models.Model):
    """A win. ``key`` names the event so that each one is celebrated exactly once."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="celebrations")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="celebrations"
    )
    kind = models.CharField(max_length=20, choices=CelebrationKind.choices)
    key = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(db_index=True)
    seen_by_client_at = models.DateTimeField(null=True, blank=True)
    seen_by_therapist_at = models.DateTimeField(null=True, blank=True)
    therapist_note = models.TextField(_("a note of recognition"), blank=True, max_length=1000)
    note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["client", "kind", "key"], name="celebration_once")]

    def __str__(self) -> str:
        return self.title

    @property
    def title_shown(self) -> str:
        """The title in the reader's language where Accord wrote it: a streak's ("8 check-ins in a row") is
        stored in the language of whoever submitted the check-in, so it is written again from the key
        (``streak:<first id>:<n>``). Other titles are the client's own words (a goal, a milestone) or a
        questionnaire's name, shown as they are."""
        if self.kind == CelebrationKind.STREAK:
            length = self.key.rsplit(":", 1)[-1]
            if length.isdigit():
                return streak_title(int(length))
        return self.title
