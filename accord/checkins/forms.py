"""Forms for the check-in pages. All validation of what people type about check-ins lives here.

The check-in form is built from the client's own agreed, active goals: each goal's fields are named
``g<goal id>-<field>``, so a value posted for any other goal is not a field of the form and is ignored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accord.accounts.models import time_zone_choices
from accord.checkins.actions import CheckInData, GoalAnswer
from accord.checkins.celebrations import goal_title
from accord.checkins.models import CheckInRhythm
from accord.dialogue.models import AGENDA_TEXT_MAX_LENGTH
from accord.goals.models import Goal, GoalStep, MeasureKind

SHORT_TEXT = 300
MAX_EVERY_WEEKS = 8
NOTE_LENGTH = 2000
# The longest text a draft keeps for any one field: more than any field accepts, less than a flood.
DRAFT_VALUE_LENGTH = 2000

ZERO_TO_TEN_ERRORS = {
    "required": _("Choose a number from 0 to 10."),
    "invalid": _("Choose a whole number from 0 to 10."),
    "min_value": _("Choose a number from 0 to 10."),
    "max_value": _("Choose a number from 0 to 10."),
}


def zero_to_ten(label: str, *, required: bool, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10,
        help_text=help_text,
        error_messages=ZERO_TO_TEN_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "checkin-number"}),
    )


# --- the goal's own measure -----------------------------------------------------------------------------

VALUE_QUESTIONS = {
    MeasureKind.RATING: _("Your rating now, from 0 to 10"),
    MeasureKind.COUNT_DAY: _("How many times a day, lately?"),
    MeasureKind.COUNT_WEEK: _("How many times this week?"),
    MeasureKind.COUNT_MONTH: _("How many times in the last month?"),
    MeasureKind.MINUTES: _("How many minutes, lately?"),
    MeasureKind.YES_NO_DAY: _("On how many days this week?"),
    MeasureKind.STANDARD: _("Your latest score"),
}
# The widest sensible range of each kind; a goal's own scale, where it has one, narrows it.
VALUE_RANGES = {
    MeasureKind.RATING: (0, 10),
    MeasureKind.COUNT_DAY: (0, 1000),
    MeasureKind.COUNT_WEEK: (0, 1000),
    MeasureKind.COUNT_MONTH: (0, 10000),
    MeasureKind.MINUTES: (0, 100000),
    MeasureKind.YES_NO_DAY: (0, 7),
    MeasureKind.STANDARD: (0, 1000),
}
WHOLE_NUMBERS = (MeasureKind.RATING, MeasureKind.YES_NO_DAY)
# Kinds with a scale of their own; the others only need to be 0 or more.
BOUNDED = (MeasureKind.RATING, MeasureKind.YES_NO_DAY, MeasureKind.STANDARD)


def value_field(goal: Goal) -> forms.Field | None:
    """A number in the goal's own measure, or None when the goal has no measure (0–10 towards it instead)."""
    version = goal.agreed_version
    kind = version.measure_kind
    if kind not in VALUE_QUESTIONS:
        return None
    low, high = VALUE_RANGES[kind]
    if kind == MeasureKind.STANDARD and version.scale_min is not None and version.scale_max is not None:
        low, high = version.scale_min, version.scale_max
    between = _("Write a number from %(low)g to %(high)g.") % {"low": low, "high": high}
    messages = {
        "required": _("Write a number here — your best guess is fine."),
        "invalid": _("Write a number, like 3."),
        "min_value": between if kind in BOUNDED else _("Write a number, 0 or more."),
        "max_value": between
        if kind in BOUNDED
        else _("That is more than Accord can take: %(high)g at most.") % {"high": high},
    }
    whole = kind in WHOLE_NUMBERS
    field_class = forms.IntegerField if whole else forms.FloatField
    attrs = {"inputmode": "numeric" if whole else "decimal", "class": "checkin-number"}
    if not whole:
        attrs["step"] = "any"
    return field_class(
        label=VALUE_QUESTIONS[kind],
        required=False,  # answer what you can: a goal left blank is left out of the check-in
        min_value=low,
        max_value=high,
        error_messages=messages,
        widget=forms.NumberInput(attrs=attrs),
    )


def unit_of(goal: Goal) -> str:
    version = goal.agreed_version
    if version.measure_kind == MeasureKind.YES_NO_DAY:
        return str(_("days"))
    return version.unit


def step_choices(goal: Goal, kind: str, *, open_only: bool = False) -> list[tuple[str, str]]:
    steps = getattr(goal, "current_steps", None)
    if steps is None:
        steps = list(goal.steps.filter(is_current=True).order_by("kind", "position", "pk"))
    return [
        (str(step.pk), step.text) for step in steps if step.kind == kind and not (open_only and step.done_at)
    ]


@dataclass
class GoalSection:
    """One goal's part of the check-in form, for the template."""

    goal: Goal
    prefix: str
    form: forms.Form
    unit: str
    title: str

    def __getattr__(self, name: str):
        key = f"{self.prefix}-{name}"
        if key in self.form.fields:
            return self.form[key]
        raise AttributeError(name)

    @property
    def has_errors(self) -> bool:
        return any(name.startswith(self.prefix + "-") for name in self.form.errors)

    @property
    def has_more(self) -> bool:
        """Whether the optional part ("more about this goal") holds anything typed or wrong: then it opens."""
        names = ["confidence", "helped", "got_in_the_way"]
        if f"{self.prefix}-value" in self.form.fields:
            names.append("progress")  # the goal's own number comes first; the 0–10 is then optional extra
        for name in names:
            key = f"{self.prefix}-{name}"
            if key in self.form.errors:
                return True
            bound = self.form[key] if key in self.form.fields else None
            if bound is not None and str(bound.value() or "").strip():
                return True
        return False


class CheckInForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    agenda = forms.CharField(
        label=_("Anything you want to talk about next time?"),
        required=False,
        max_length=AGENDA_TEXT_MAX_LENGTH,
        help_text=_("It goes on the agenda for your next session."),
    )
    note = forms.CharField(
        label=_("Anything else your therapist should know?"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, goals: list[Goal], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        self.goal_sections = [self._add_goal(goal) for goal in self.goals]

    def _add_goal(self, goal: Goal) -> GoalSection:
        prefix = f"g{goal.pk}"
        value = value_field(goal)
        fields: dict[str, forms.Field] = {}
        if value is not None:
            fields["value"] = value
        fields["progress"] = zero_to_ten(
            _("How far towards this goal do you feel?"),
            required=False,
            help_text=_("0 = not started, 10 = there."),
        )
        fields["confidence"] = zero_to_ten(
            _("How confident are you that you can keep going?"),
            required=False,
            help_text=_("0 = not at all, 10 = completely."),
        )
        actions = step_choices(goal, GoalStep.Kind.ACTION)
        if actions:
            fields["steps"] = forms.MultipleChoiceField(
                label=_("Your action steps — which did you do?"),
                choices=actions,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        open_milestones = step_choices(goal, GoalStep.Kind.MILESTONE, open_only=True)
        if open_milestones:
            milestones = forms.MultipleChoiceField(
                label=_("Did you reach a milestone?"),
                # Any current milestone is accepted (one ticked by the therapist meanwhile is no error),
                # but only the open ones are offered.
                choices=step_choices(goal, GoalStep.Kind.MILESTONE),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            milestones.widget.choices = open_milestones
            fields["milestones"] = milestones
        fields["helped"] = forms.CharField(label=_("What helped?"), required=False, max_length=SHORT_TEXT)
        fields["got_in_the_way"] = forms.CharField(
            label=_("What got in the way?"), required=False, max_length=SHORT_TEXT
        )
        title = goal_title(goal)
        for name, field in fields.items():
            # The error summary names the goal too: every goal's section asks the same questions.
            field.summary_label = f"{title} — {field.label}"  # type: ignore[attr-defined]
            self.fields[f"{prefix}-{name}"] = field
        return GoalSection(goal=goal, prefix=prefix, form=self, unit=unit_of(goal), title=title)

    NOTHING_ANSWERED = _(
        "Answer at least one goal before you send: one number, a tick or a few words about any goal "
        "is enough."
    )

    def answered(self, section: GoalSection) -> bool:
        """Whether the client said anything about this goal (a goal left blank is left out)."""
        data = self.cleaned_data
        return any(
            data.get(f"{section.prefix}-{name}") not in (None, "", [])
            for name in ("value", "progress", "confidence", "helped", "got_in_the_way", "steps", "milestones")
        )

    def clean(self):
        cleaned = super().clean()
        if self.goal_sections and not self._errors and not any(map(self.answered, self.goal_sections)):
            raise forms.ValidationError(self.NOTHING_ANSWERED, code="nothing_answered")
        return cleaned

    def checkin_data(self) -> CheckInData:
        data = self.cleaned_data
        answers = []
        for section in self.goal_sections:
            if not self.answered(section):
                continue
            p = section.prefix
            answers.append(
                GoalAnswer(
                    goal=section.goal,
                    value=data.get(f"{p}-value"),
                    progress=data.get(f"{p}-progress"),
                    confidence=data.get(f"{p}-confidence"),
                    helped=data.get(f"{p}-helped", ""),
                    got_in_the_way=data.get(f"{p}-got_in_the_way", ""),
                    steps_done={int(pk) for pk in data.get(f"{p}-steps", [])},
                    milestones_reached={int(pk) for pk in data.get(f"{p}-milestones", [])},
                )
            )
        return CheckInData(
            answers=answers,
            note=data.get("note", ""),
            agenda=data.get("agenda", ""),
            idempotency_key=str(data["idempotency_key"]),
        )


def draft_data(form: CheckInForm, posted) -> dict[str, Any]:
    """What to keep of a half-filled form: every field of the form exactly as typed (even a value the form
    would refuse, so nothing is lost), lists only with choices the form offers, nothing else."""
    kept: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            offered = {str(value) for value, _label in field.choices}
            chosen = [value for value in posted.getlist(name) if value in offered]
            if chosen:
                kept[name] = chosen
            continue
        value = (posted.get(name) or "")[:DRAFT_VALUE_LENGTH]
        if value.strip():
            kept[name] = value
    if "idempotency_key" in kept and not _is_uuid(kept["idempotency_key"]):
        del kept["idempotency_key"]
    return kept


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def initial_from_draft(draft: dict[str, Any]) -> dict[str, Any]:
    initial = dict(draft)
    initial.setdefault("idempotency_key", str(uuid.uuid4()))
    return initial


# --- rhythm and wins ------------------------------------------------------------------------------------


def rhythm_time_zones() -> list[tuple[str, str]]:
    """Every named zone, with UTC first (a new client's zone until someone chooses)."""
    return [("UTC", "UTC"), *time_zone_choices()]


class RhythmForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=rhythm_time_zones)

    class Meta:
        model = CheckInRhythm
        fields = ["weekday", "time_of_day", "every_weeks", "time_zone", "reminders_on"]
        labels = {
            "weekday": _("Day"),
            "time_of_day": _("Time"),
            "every_weeks": _("How often"),
            "reminders_on": _("Email me a reminder when it's time"),
        }
        help_texts = {
            "time_of_day": _("In the time zone below. Daylight-saving changes don't move it."),
            "reminders_on": _("The email has only a link — never anything about your goals."),
        }
        widgets = {
            "time_of_day": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, for_therapist: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["every_weeks"].widget = forms.Select(
            choices=[
                (n, ngettext("Every week", "Every %(n)d weeks", n) % {"n": n})
                for n in range(1, MAX_EVERY_WEEKS + 1)
            ]
        )
        if for_therapist:
            # The reminder goes to the client's own inbox: only the client turns it on or off.
            del self.fields["reminders_on"]
            self.fields["time_of_day"].help_text = _("In the client's time zone below.")


class RecognitionForm(forms.Form):
    note = forms.CharField(
        label=_("A note of recognition"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The client sees it beside this win."),
        error_messages={"required": _("Write a few words first.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
