"""Forms for the in-session review and the status set by hand. All validation of what is typed there lives
here; the API runs its input through the same forms, so both refuse the same values with the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accord.goals.gas import LEVEL_LABELS
from accord.goals.models import AchievementStatus, Goal
from accord.progress.actions import AUTOMATIC, NOTE_LENGTH, GoalReview

# Where the status form sends the therapist back to: a fixed list, never a URL taken from the request.
BACK_TO = (("review", "review"), ("goal", "goal"), ("progress", "progress"))

LEVEL_ERRORS = {"invalid_choice": _("Choose a level from −2 to +2.")}
PROGRESS_ERRORS = {
    "invalid": _("Choose a whole number from 0 to 10."),
    "min_value": _("Choose a number from 0 to 10."),
    "max_value": _("Choose a number from 0 to 10."),
}


def level_text(level: int) -> str:
    """+2, +1, 0, −1, −2, with a real minus sign."""
    return f"+{level}" if level > 0 else ("0" if level == 0 else f"−{-level}")


def level_choices(goal: Goal) -> list[tuple[str, str]]:
    """+2 … −2, each with the words agreed for that level on this goal (or the standard label)."""
    descriptions = goal.agreed_version.gas_descriptions() if goal.agreed_version is not None else {}
    return [
        (str(level), f"{level_text(level)} — {descriptions.get(level) or gettext(LEVEL_LABELS[level])}")
        for level in (2, 1, 0, -1, -2)
    ]


def _level_field(label: StrOrPromise, goal: Goal) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=level_choices(goal),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages=LEVEL_ERRORS,
    )


class GoalReviewForm(forms.Form):
    """One goal's part of the review: the level each party gives, the therapist's 0–10, and a note."""

    def __init__(self, *args, goal: Goal, client_name: str, **kwargs):
        kwargs.setdefault("prefix", f"goal-{goal.pk}")
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.fields["client_level"] = _level_field(
            _("The level %(name)s gives") % {"name": client_name}, goal
        )
        self.fields["therapist_level"] = _level_field(_("The level you give"), goal)
        self.fields["therapist_progress"] = forms.IntegerField(
            label=_("Your rating of progress, 0–10"),
            help_text=_("0 = no progress at all, 10 = the goal reached. Kept apart from the client's."),
            required=False,
            min_value=0,
            max_value=10,
            error_messages=PROGRESS_ERRORS,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
        self.fields["note"] = forms.CharField(
            label=_("A note with the levels (optional)"),
            required=False,
            max_length=NOTE_LENGTH - 100,
            widget=forms.TextInput,
        )

    def clean(self):
        data = super().clean()
        if not self.errors and all(
            data.get(name) is None for name in ("client_level", "therapist_level", "therapist_progress")
        ):
            raise forms.ValidationError(_("Record at least one level or rating first."), code="empty")
        return data

    def review(self) -> GoalReview:
        data = self.cleaned_data
        return GoalReview(
            goal=self.goal,
            client_level=data["client_level"],
            therapist_level=data["therapist_level"],
            therapist_progress=data["therapist_progress"],
            note=data["note"],
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("The status shown on every page"),
        choices=[(AUTOMATIC, _("Let Accord work it out from the check-ins")), *AchievementStatus.choices],
        error_messages={"invalid_choice": _("Choose one of the statuses listed.")},
    )
    back = forms.ChoiceField(choices=BACK_TO, required=False, widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    """Pause, complete or retire a goal in session (or take a paused one up again)."""

    decision = forms.ChoiceField(
        label=_("What did you decide?"),
        choices=[
            ("park", _("Pause it (park it for now)")),
            ("complete", _("Complete it: the goal is reached")),
            ("retire", _("Retire it: no longer a goal")),
            ("resume", _("Take it up again")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose what you decided."),
            "required": _("Choose what you decided."),
        },
    )
    comment = forms.CharField(label=_("A comment (optional)"), required=False, max_length=1000)
