"""Sessions as records, the caseload's per-client summary and the therapists' daily digest.

A ``Session`` is one meeting of a client with their therapist: planned, then held, cancelled or missed. The
last *held* session closes "since last session" for the brief. ``ClientSummary`` is one row per client that
the actions keep current when the client's data change (``accord.appointments.summary``), so the caseload
reads one row per client instead of scanning history on every view. ``DigestSubscription`` and ``DigestSent``
are the daily digest's opt-in and its exactly-once claim (``accord.appointments.digest``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Client

MINUTES_RANGE = [MinValueValidator(10), MaxValueValidator(240)]


class SessionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    MISSED = "missed", _("Missed")


class SessionQuerySet(models.QuerySet["Session"]):
    def planned(self) -> SessionQuerySet:
        return self.filter(state=SessionState.PLANNED)

    def held(self) -> SessionQuerySet:
        return self.filter(state=SessionState.HELD)


class Session(models.Model):
    """One session of a client with a therapist. ``starts_at`` is stored in UTC; the therapist chose it in
    their own time zone."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sessions")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(_("planned length (minutes)"), validators=MINUTES_RANGE)
    state = models.CharField(max_length=10, choices=SessionState.choices, default=SessionState.PLANNED)
    # The therapist's own split of the planned length, e.g. {"agenda": 15, "review": 20, "next": 15}; empty
    # until they adjust the suggestion in the brief.
    time_split = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["client", "state", "starts_at"])]

    def __str__(self) -> str:
        return f"Session #{self.pk} ({self.state})"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


class ClientSummary(models.Model):
    """What the caseload shows and ranks a client by, kept current by the actions (never written on a GET).

    The counts are the ranking rule's inputs (docs/caseload.md); ``goals`` holds each open goal's badge
    (id, short title, status key) and ``spark`` the client's recent 0–10 progress values, oldest first.
    """

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="summary")
    safety_alerts_open = models.PositiveSmallIntegerField(default=0)
    stalled_goals = models.PositiveSmallIntegerField(default=0)
    falling_confidence_goals = models.PositiveSmallIntegerField(default=0)
    waiting_for_therapist = models.PositiveSmallIntegerField(default=0)
    diverging_goals = models.PositiveSmallIntegerField(default=0)
    behind_goals = models.PositiveSmallIntegerField(default=0)
    # The first check-in instant that has no check-in yet (None: nothing to check in on, or up to date),
    # and the rhythm's period: the view counts missed check-ins from them without reading history.
    unanswered_since = models.DateTimeField(null=True, blank=True)
    checkin_every_days = models.PositiveSmallIntegerField(default=7)
    last_checkin_at = models.DateTimeField(null=True, blank=True)
    last_held_session_at = models.DateTimeField(null=True, blank=True)
    goals = models.JSONField(default=list, blank=True)
    spark = models.JSONField(default=list, blank=True)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Summary of client #{self.client_id}"


class DigestSubscription(models.Model):
    """A therapist's opt-in to the daily digest email (off unless they turn it on)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest")
    enabled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Digest for user #{self.user_id}: {'on' if self.enabled else 'off'}"


class DigestSent(models.Model):
    """One digest per therapist per local day: the unique constraint makes sending exactly-once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"Digest {self.user_id} {self.day}"


class SessionCalendar(models.Model):
    """A therapist's private iCalendar feed of their sessions: the secret in its address, kept only as a
    digest. Replacing it revokes the old link; revoking empties it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_calendar"
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Sessions calendar of user #{self.user_id}"
