"""The audit trail's filters, shared by the page and the CSV export."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Client, User
from accord.audit.models import Action, AuditEvent
from accord.audit.vocabulary import RECORD_KINDS
from accord.home.widgets import QuickSelect

# At most this many people match one search (a search this broad narrows little anyway).
SEARCH_MATCH_LIMIT = 200


class AuditFilterForm(forms.Form):
    # People are found by a search, not picked from a menu of everyone in the practice (thousands of
    # options). The exact ``user`` and ``client`` ids stay for links to one person's entries.
    who = forms.CharField(
        label=_("Who (name or email)"),
        required=False,
        max_length=100,
        widget=forms.TextInput({"type": "search"}),
    )
    about = forms.CharField(
        label=_("About client (name)"),
        required=False,
        max_length=100,
        widget=forms.TextInput({"type": "search"}),
    )
    user = forms.ModelChoiceField(
        label=_("Who"), queryset=User.objects.none(), required=False, widget=forms.HiddenInput
    )
    client = forms.ModelChoiceField(
        label=_("About client"), queryset=Client.objects.none(), required=False, widget=forms.HiddenInput
    )
    action = forms.ChoiceField(label=_("What"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Kind of record"), required=False, widget=QuickSelect)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, admin: User, **kwargs):
        super().__init__(*args, **kwargs)
        if admin.practice_id is None:
            raise ValueError("The audit trail is a practice's; this admin belongs to none.")
        self.practice_id: int = admin.practice_id
        self.time_zone = zoneinfo.ZoneInfo(admin.time_zone)
        # self.fields is typed as plain Fields; these are the model and plain choice fields declared above.
        people = User.objects.filter(practice_id=self.practice_id).only("full_name", "email")
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = people
        clients = Client.objects.filter(practice_id=self.practice_id).only("display_name")
        cast(forms.ModelChoiceField, self.fields["client"]).queryset = clients
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("Anything")), *Action.choices]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("Any kind")), *RECORD_KINDS.items()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def _matching_people(self, text: str) -> list[int]:
        people = User.objects.filter(practice_id=self.practice_id).filter(
            Q(email__icontains=text) | Q(full_name__icontains=text)
        )
        return list(people.values_list("pk", flat=True)[:SEARCH_MATCH_LIMIT])

    def _matching_clients(self, text: str) -> list[int]:
        clients = Client.objects.filter(practice_id=self.practice_id, display_name__icontains=text)
        return list(clients.values_list("pk", flat=True)[:SEARCH_MATCH_LIMIT])

    def _day_start(self, day: dt.date) -> dt.datetime:
        """Dates are the admin's own calendar days, in their time zone."""
        return dt.datetime.combine(day, dt.time.min, tzinfo=self.time_zone)

    def events(self) -> QuerySet[AuditEvent]:
        """The practice's events matching the filters, newest first. A filter that does not validate is
        left out (its error shows next to it) rather than emptying the table."""
        events = AuditEvent.objects.filter(practice_id=self.practice_id)
        self.is_valid()
        filters = getattr(self, "cleaned_data", {})
        if filters.get("user"):
            events = events.filter(actor=filters["user"])
        if filters.get("client"):
            events = events.filter(client=filters["client"])
        if filters.get("who"):
            events = events.filter(actor_id__in=self._matching_people(filters["who"]))
        if filters.get("about"):
            events = events.filter(client_id__in=self._matching_clients(filters["about"]))
        if filters.get("action"):
            events = events.filter(action=filters["action"])
        if filters.get("kind"):
            events = events.filter(record_kind=filters["kind"])
        if filters.get("date_from"):
            events = events.filter(at__gte=self._day_start(filters["date_from"]))
        if filters.get("date_to"):
            events = events.filter(at__lt=self._day_start(filters["date_to"] + dt.timedelta(days=1)))
        return events.order_by("-at", "-id")

    def applied(self) -> dict:
        """The filters in effect, for the export's own audit event (ids only, no names)."""
        self.is_valid()
        return {
            name: str(value.pk if hasattr(value, "pk") else value)
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value
        }
