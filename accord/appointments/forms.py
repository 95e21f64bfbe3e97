"""What a therapist may type about a session: its date and time (in their own zone), length and state, and
the brief's time split. The API runs its payload through the same forms."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accord.appointments.models import SessionState

MINUTES = {"min_value": 10, "max_value": 240}


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,  # left empty: a week after the latest session (``actions.suggest_next``)
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": _("Give a date and time, e.g. 2026-03-05 14:00.")},
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), required=False, **MINUTES)

    def __init__(self, *args, zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(zone or "UTC")

    def clean_starts_at(self) -> dt.datetime | None:
        value = self.cleaned_data["starts_at"]
        if value is None:
            return None
        raw = self.data.get("starts_at")
        given = parse_datetime(raw) if isinstance(raw, str) else None
        if given is not None and timezone.is_aware(given):
            return given  # an instant with its offset (the API): taken as it is
        # The browser sends the wall-clock time the therapist chose; it is in their own zone.
        if timezone.is_naive(value):
            return value.replace(tzinfo=self.zone)
        local = timezone.make_naive(value, timezone.get_current_timezone())
        return local.replace(tzinfo=self.zone)


class SessionStateForm(forms.Form):
    state = forms.ChoiceField(label=_("What happened"), choices=SessionState.choices)


class TimeSplitForm(forms.Form):
    agenda = forms.IntegerField(label=_("The client's agenda (minutes)"), min_value=0, max_value=240)
    review = forms.IntegerField(label=_("Reviewing goals (minutes)"), min_value=0, max_value=240)
    next = forms.IntegerField(label=_("Next steps (minutes)"), min_value=0, max_value=240)
