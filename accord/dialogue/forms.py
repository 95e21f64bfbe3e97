"""What people type into the dialogue pages (and the API, which runs the same forms): all rules live here.

Each form that creates something carries a one-time ``submission_key`` so a double submit (a double tap on
a slow phone) creates one row, not two.
"""

from __future__ import annotations

import uuid
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accord.accounts.models import Client
from accord.dialogue.models import (
    AGENDA_TEXT_MAX_LENGTH,
    IDEA_TEXT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    Priority,
)
from accord.goals.models import Goal


def goals_of(client: Client):
    """The client's open goals, for "tie this to a goal" choices."""
    return Goal.objects.filter(client=client).open().select_related("current_version").order_by("created_at")


class OnceForm(forms.Form):
    """A form whose submission creates one row however many times it is sent."""

    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


def _choose_from(field: forms.Field, choices: QuerySet[Goal]) -> None:
    """Narrow a goal field to ``choices`` (``self.fields`` is typed as plain Fields; this is a model one)."""
    cast(forms.ModelChoiceField, field).queryset = choices


def _strip_required(value: str, message: StrOrPromise) -> str:
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(message, code="required")
    return value


class MessageForm(OnceForm):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text. Your care team reads messages between sessions, not straight away."),
        error_messages={"required": _("Write your message first.")},
    )

    def __init__(self, *args, for_client: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_client:
            self.fields["body"].help_text = _(
                "Plain text. The client is emailed a link to it, never the message itself."
            )

    def clean_body(self) -> str:
        return _strip_required(self.cleaned_data["body"], _("Write your message first."))


class EditMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Both of you will see that it was edited, and what it said before."),
        error_messages={"required": _("A message cannot be empty.")},
    )

    def clean_body(self) -> str:
        return _strip_required(self.cleaned_data["body"], _("A message cannot be empty."))


class GoalThreadForm(forms.Form):
    goal = forms.ModelChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the goals in the list.")},
    )

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        _choose_from(self.fields["goal"], goals_of(client))


class AgendaItemForm(OnceForm):
    text = forms.CharField(
        label=_("What do you want to talk about?"),
        max_length=AGENDA_TEXT_MAX_LENGTH,
        strip=False,
        help_text=_("A few words are enough, for example “The argument with my sister”."),
        error_messages={"required": _("Write a few words about what you want to talk about.")},
    )
    priority = forms.ChoiceField(
        label=_("How important is it?"),
        choices=Priority.choices,
        initial=Priority.NORMAL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose high, normal or low.")},
    )
    goal = forms.ModelChoiceField(
        label=_("Is it about one of the goals? (optional)"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("Not about a particular goal"),
        error_messages={"invalid_choice": _("Choose one of the goals in the list.")},
    )

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        _choose_from(self.fields["goal"], goals_of(client))

    def clean_text(self) -> str:
        return _strip_required(
            self.cleaned_data["text"], _("Write a few words about what you want to talk about.")
        )


class GoalIdeaForm(OnceForm):
    text = forms.CharField(
        label=_("Your goal idea, in one sentence"),
        max_length=IDEA_TEXT_MAX_LENGTH,
        strip=False,
        help_text=_("In your own words. It doesn't need numbers or dates yet; you can shape it together."),
        error_messages={"required": _("Write your idea in a sentence first.")},
    )

    def clean_text(self) -> str:
        return _strip_required(self.cleaned_data["text"], _("Write your idea in a sentence first."))
