"""Forms for the intake, measures, assignments, the formulation, alerts and the practice's measures.

Questionnaire answers are checked by the registry's own rules (``scoring.validate_answers``), so a page and
the API refuse exactly the same answers with the same message next to each question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django import forms
from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accord.assessments import catalogue
from accord.assessments.actions import check_intake_answers
from accord.assessments.registry import Instrument, Item, Option
from accord.assessments.scoring import AnswerError, validate_answers

IDEMPOTENCY_KEY_LENGTH = 64


def _answer_field(item: Item) -> forms.Field:
    # The fields only carry the raw answer; the registry's rules judge it in the form's clean().
    if item.kind == "list":
        return forms.Field(required=False, widget=forms.SelectMultiple)
    return forms.CharField(required=False, strip=False)


@dataclass
class Question:
    """One question ready for the template: what was answered and what is wrong with it."""

    item: Item
    value: str | int | list[str] | None  # as posted (a list item's several inputs) or as stored
    errors: list[str]
    number: int

    @property
    def choices(self) -> tuple[Option, ...]:
        """Options of a choice item, or every point of a scale with its anchor label (if any)."""
        if self.item.kind == "choice":
            return self.item.options
        if self.item.kind == "scale":
            anchors = {option.value: option.label for option in self.item.anchors}
            return tuple(
                Option(value, anchors.get(value, ""))
                for value in range(self.item.lowest(), self.item.highest() + 1)
            )
        return ()

    @property
    def selected(self) -> str:
        return "" if self.value is None else str(self.value)

    @property
    def entries(self) -> list[str]:
        """A list answer's entries, plus room for more (several short inputs)."""
        filled = [str(entry) for entry in self.value] if isinstance(self.value, list | tuple) else []
        return filled + [""] * max(3 - len(filled), 1)


class AnswersForm(forms.Form):
    """Answers to some items of an instrument; subclasses decide how they are checked."""

    def __init__(self, instrument: Instrument, items: tuple[Item, ...] | None = None, *args, **kwargs):
        self.instrument = instrument
        self.items = items if items is not None else instrument.items
        self.initial_answers: dict = kwargs.pop("answers", None) or {}
        super().__init__(*args, **kwargs)
        for item in self.items:
            self.fields[item.key] = _answer_field(item)

    def raw_answers(self) -> dict[str, object]:
        return {item.key: self.cleaned_data.get(item.key) for item in self.items}

    def check(self, answers: dict[str, object]) -> None:
        """The registry's rules for a whole questionnaire; the intake, answered in steps, has its own."""
        validate_answers(self.instrument, answers)

    def clean(self):
        cleaned = super().clean()
        try:
            self.check(self.raw_answers())
        except AnswerError as exc:
            for key, message in exc.errors.items():
                self.add_error(key if key in self.fields else None, gettext(message))
        return cleaned

    def questions(self) -> list[Question]:
        numbers = {item.key: index for index, item in enumerate(self.instrument.items, start=1)}
        found = []
        for item in self.items:
            if self.is_bound:
                data = cast(QueryDict, self.data)  # bound to request.POST: list answers are several inputs
                value = data.getlist(item.key) if item.kind == "list" else data.get(item.key)
            else:
                value = self.initial_answers.get(item.key)
            errors = [str(error) for error in self.errors.get(item.key, [])] if self.is_bound else []
            found.append(Question(item, value, errors, numbers[item.key]))
        return found


class MeasureForm(AnswersForm):
    """A whole questionnaire on one screen, sent once (the idempotency key makes a double submit one row)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=IDEMPOTENCY_KEY_LENGTH)

    def answers(self) -> dict[str, object]:
        return self.raw_answers()


class IntakeAnswersForm(AnswersForm):
    """Some intake questions (a step, or the one answer an autosave sends); nothing is required."""

    def __init__(self, items: tuple[Item, ...], *args, **kwargs):
        super().__init__(catalogue.intake_instrument(), items, *args, **kwargs)

    def raw_answers(self) -> dict[str, object]:
        answers = super().raw_answers()
        for item in self.items:
            if item.kind == "list":
                entries = answers[item.key]
                entries = (
                    entries if isinstance(entries, list | tuple) else [] if entries is None else [entries]
                )
                answers[item.key] = [str(entry).strip() for entry in entries if str(entry).strip()]
        return answers

    def check(self, answers):
        check_intake_answers(answers)


def _every(weeks: int) -> str:
    # One plural message with the check-in rhythm's (checkins/forms.py): "Every week" is also its singular.
    return ngettext("Every week", "Every %(n)d weeks", weeks) % {"n": weeks}


RHYTHM_CHOICES = [
    ("", _("Once")),
    # Lazy: the list is made once, at import, and read in each person's language.
    *((str(n), lazy(_every, str)(n)) for n in (1, 2, 3, 4, 6, 8, 12)),
]


class AssignMeasureForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Measure"))
    every_weeks = forms.TypedChoiceField(
        label=_("How often"),
        choices=RHYTHM_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    first_due_on = forms.DateField(
        label=_("First due on"),
        # ISO whatever the language: a date input reads no other form (Spanish would give 07/12/2026).
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, offered: dict[str, Instrument], *args, **kwargs):
        """``offered``: the measures the client's practice offers (``catalogue.enabled_measures``)."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["instrument"]).choices = [
            (key, instrument.short_title) for key, instrument in offered.items()
        ]


class FormulationForm(forms.Form):
    text = forms.CharField(
        label=_("Assessment summary and formulation"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Only your care team sees this. Each save keeps the earlier version."),
    )


class AcknowledgeAlertForm(forms.Form):
    note = forms.CharField(
        label=_("What did you do?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required. For example: called the client, completed a risk assessment, agreed a safety plan. "
            "The note is kept in the client's record for the care team."
        ),
        error_messages={"required": _("Write what you did, for the record.")},
    )


class PracticeMeasuresForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label=_("Measures your therapists can assign"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled"].choices = [
            (key, f"{instrument.short_title} — {instrument.title}")
            for key, instrument in catalogue.measures().items()
        ]
