"""The initial assessment: intake answers, scored measures with the item-9 safety rule, and the therapist's
formulation.

Instrument definitions are data (``registry.py``); these models keep what people answered. A measure
response is immutable: a correction is a new response. The formulation is therapist-only and is never read
by a client-facing page, API operation or export (``tests/assessments/test_privacy.py``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Client, Practice


class ImmutableRowError(RuntimeError):
    """Raised on an attempt to change a stored measure response or formulation version."""


class PracticeInstrument(models.Model):
    """A practice's choice to offer (or not) one instrument. No row means the default (catalogue.py)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="instrument_choices")
    instrument_key = models.CharField(max_length=50)
    enabled = models.BooleanField(default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "instrument_key"], name="practice_instrument_unique")
        ]

    def __str__(self) -> str:
        return f"{self.instrument_key}: {'on' if self.enabled else 'off'}"


class MeasureAssignmentQuerySet(models.QuerySet["MeasureAssignment"]):
    def active(self) -> MeasureAssignmentQuerySet:
        return self.filter(active=True)

    def due_on(self, day: dt.date) -> MeasureAssignmentQuerySet:
        return self.active().filter(next_due_on__lte=day)


class MeasureAssignment(models.Model):
    """A measure the therapist asked the client to complete: once, or every N weeks."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="measure_assignments")
    instrument_key = models.CharField(max_length=50)
    # Empty means once: the assignment ends when the client has completed it.
    every_weeks = models.PositiveSmallIntegerField(
        _("repeat every (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    next_due_on = models.DateField(_("next due"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MeasureAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["next_due_on", "instrument_key"]
        constraints = [
            # One running rhythm per measure: a second one would ask the client twice.
            models.UniqueConstraint(
                fields=["client", "instrument_key"],
                condition=Q(active=True),
                name="measure_assignment_one_active",
            )
        ]
        indexes = [models.Index(fields=["client", "active", "next_due_on"])]

    def __str__(self) -> str:
        return f"{self.instrument_key} for client #{self.client_id}"

    @property
    def is_once(self) -> bool:
        return self.every_weeks is None


class ResponseSource(models.TextChoices):
    PAGE = "page", _("Web page")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")


class MeasureResponseQuerySet(models.QuerySet["MeasureResponse"]):
    def update(self, **kwargs):
        raise ImmutableRowError("Measure responses cannot be changed; record a new response instead.")

    def bulk_update(self, *args, **kwargs):
        raise ImmutableRowError("Measure responses cannot be changed; record a new response instead.")

    def in_time_order(self) -> MeasureResponseQuerySet:
        return self.order_by("completed_at", "pk")


class MeasureResponse(models.Model):
    """One completed questionnaire, scored when it arrived. Never edited: a correction is a new row."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="measure_responses")
    instrument_key = models.CharField(max_length=50)
    instrument_version = models.PositiveSmallIntegerField()
    answers = models.JSONField()
    total = models.SmallIntegerField(null=True, blank=True)
    max_total = models.SmallIntegerField(null=True, blank=True)
    band_key = models.CharField(max_length=50, blank=True)
    band_label = models.CharField(max_length=100, blank=True)
    # The flags raised: [{"key", "item", "answer", "severity"}]. Messages come from the definition.
    flags = models.JSONField(default=list, blank=True)
    completed_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=ResponseSource.choices, default=ResponseSource.PAGE)
    # A form or API call sent twice with the same key creates one response.
    idempotency_key = models.CharField(max_length=64)

    objects = MeasureResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "idempotency_key"], name="measure_response_idempotency_key"
            )
        ]
        indexes = [models.Index(fields=["client", "instrument_key", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.instrument_key} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRowError("Measure responses cannot be changed; record a new response instead.")
        super().save(*args, **kwargs)

    @property
    def has_safety_flag(self) -> bool:
        return any(flag.get("severity") == "safety" for flag in self.flags)


class SafetyAlertQuerySet(models.QuerySet["SafetyAlert"]):
    def open(self) -> SafetyAlertQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class SafetyAlert(models.Model):
    """Raised by a safety flag (PHQ-9 item 9 above 0); stays open until a therapist acknowledges it with a
    note. The row says only that a response needs review; the answer itself stays on the response."""

    response = models.OneToOneField(MeasureResponse, on_delete=models.CASCADE, related_name="safety_alert")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="safety_alerts")
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement_note = models.TextField(_("what you did"), blank=True, max_length=2000)

    objects = SafetyAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["client", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"Safety alert #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


class Intake(models.Model):
    """The client's intake answers, saved one answer at a time as they go, until they send it."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="intake")
    instrument_version = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Intake of client #{self.client_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class TherapistFormulation(models.Model):
    """One version of the therapist's assessment summary. Therapist-only: never shown to the client.

    Each save adds a version, so nobody can rewrite what was written before without a trace."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="formulations")
    text = models.TextField(max_length=20000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["client", "-written_at"])]

    def __str__(self) -> str:
        return f"Formulation #{self.pk} of client #{self.client_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRowError("Formulation versions cannot be changed; save a new version instead.")
        super().save(*args, **kwargs)
