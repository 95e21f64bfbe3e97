"""Forms of the records pages: the erasure confirmation and the outcome report's period."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.records.actions import ERASURE_REASON_MAX


class EraseClientForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this client being erased?"),
        help_text=_(
            "Kept in the audit trail as the reason. Do not write the client's name or anything about their "
            "health: the record of the erasure must not hold personal data."
        ),
        max_length=ERASURE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that everything listed above is deleted now and cannot be brought back."),
        required=True,
    )


class OutcomesForm(forms.Form):
    """Which periods the outcome report covers: months or quarters, from one month to another."""

    period = forms.ChoiceField(
        label=_("Per"),
        choices=[("quarter", _("Quarter")), ("month", _("Month"))],
        initial="quarter",
        required=False,
    )
    start = forms.DateField(
        label=_("From (month)"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}),
    )
    end = forms.DateField(
        label=_("To (month)"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def clean(self):
        data = super().clean() or {}
        today = timezone.now().date()
        data["period"] = data.get("period") or "quarter"
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or dt.date(data["end"].year - 1, data["end"].month, 1)
        if data["start"] > data["end"]:
            raise forms.ValidationError(_("The first month must come before the last."))
        return data
