"""Forms for the goal pages. All input validation for goals lives here; ``actions`` enforces the rules.

Labels differ for the two parties where the words matter: a client is spoken to warmly and directly
("In your own words…"), a therapist in working terms.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.goals.actions import VERSION_FIELDS
from accord.goals.gas import RATING_LABELS
from accord.goals.live_fields import LIVE_FIELDS, too_long, typed_list
from accord.goals.models import (
    ClientTheme,
    DecisionalBalance,
    Direction,
    GoalVersion,
    LifeArea,
    MeasureKind,
    Party,
    StageOfChange,
    ThemeKind,
)

MAX_STEPS = 12
# Text rather than type=number, so whatever was typed (even "abc") is shown back next to its error.
NUMBER = {"inputmode": "decimal", "autocomplete": "off"}
STEP_MAX_CHARS = 300
# Empty rows shown under the steps already written, so one more can be added without JavaScript.
SPARE_STEP_ROWS = 2

GAS_LEVEL_CHOICES = [
    (2, _("+2 Much more than expected")),
    (1, _("+1 Somewhat more than expected")),
    (0, _("0 The expected outcome — the goal")),
    (-1, _("−1 Somewhat less than expected")),
    (-2, _("−2 Much less than expected")),
]
CLIENT_GAS_LEVEL_CHOICES = [
    (2, _("Much better than we hoped")),
    (1, _("A bit better than we hoped")),
    (0, _("Where we hoped — the goal")),
    (-1, _("A bit less than we hoped")),
    (-2, _("Much less than we hoped")),
]


ZERO_TO_THREE_CHOICES = [("", _("Not rated"))] + [(value, _(label)) for value, label in RATING_LABELS.items()]


def _blank(choices) -> list[tuple[str, Any]]:
    return [("", _("Not chosen yet")), *choices]


class StepListWidget(forms.Widget):
    """Several text inputs with one name; the template draws them (see goals/_builder_steps.html)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class StepListField(forms.Field):
    """An ordered list of short texts; empty rows are dropped, so spare inputs cost nothing."""

    widget = StepListWidget

    def to_python(self, value) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            value = value.splitlines()
        return [text.strip() for text in value if text and text.strip()]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > MAX_STEPS:
            raise forms.ValidationError(
                _("Keep it to %(max)d steps or fewer; split the goal if it needs more."),
                code="too_many",
                params={"max": MAX_STEPS},
            )
        for text in value:
            if len(text) > STEP_MAX_CHARS:
                raise forms.ValidationError(
                    _("Keep each step under %(max)d characters."),
                    code="too_long",
                    params={"max": STEP_MAX_CHARS},
                )


class ProposeGoalForm(forms.Form):
    # One goal however many times the form is sent (a double tap on a slow phone).
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    words = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the goal in a sentence first.")},
    )

    def __init__(self, *args, party: str, client_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        field = self.fields["words"]
        if party == Party.CLIENT:
            field.label = _("In your own words, what would you like to be different?")
            field.help_text = _(
                "A sentence is plenty. It doesn't need to be perfect — you can shape it together later."
            )
        else:
            field.label = _("The goal, in a sentence")
            # Django renders help texts as HTML: the name (written by people) must be escaped.
            field.help_text = format_html(
                gettext(
                    "{name} keeps their own words in a field of their own; you can shape the goal together "
                    "in the builder."
                ),
                name=client_name or _("The client"),
            )

    def clean_words(self) -> str:
        words = self.cleaned_data["words"].strip()
        if not words:
            raise forms.ValidationError(_("Write the goal in a sentence first."), code="required")
        return words


def _gas_description(label) -> forms.CharField:
    """One of the five GAS level descriptions: optional, short, a small text area."""
    return forms.CharField(
        label=label, max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalBuilderForm(forms.Form):
    """Everything a new version carries, plus the client's own words and each party's ratings.

    ``based_on`` is the version number the page showed, so an edit made on top of someone else's newer
    version is caught instead of silently replacing it."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    statement = forms.CharField(
        label=_("The goal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What will be different, how you'll know, and by when."),
        error_messages={"required": _("Write the goal in a sentence.")},
    )
    client_words = forms.CharField(
        label=_("In your own words"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only you can change these. They stay as you wrote them, whatever else changes."),
    )
    life_area = forms.ChoiceField(label=_("Life area"), choices=_blank(LifeArea.choices), required=False)
    theme_ids = forms.TypedMultipleChoiceField(
        label=_("What it is for"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The needs, strengths or values this goal serves."),
    )
    measure_kind = forms.ChoiceField(
        label=_("How we'll track it"), choices=_blank(MeasureKind.choices), required=False
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=60,
        required=False,
        help_text=_("For example: walks, minutes, hours of sleep, PHQ-9 score."),
    )
    baseline = forms.FloatField(
        label=_("Where it is now"), required=False, widget=forms.TextInput(attrs=NUMBER)
    )
    target = forms.FloatField(label=_("Target"), required=False, widget=forms.TextInput(attrs=NUMBER))
    direction = forms.ChoiceField(label=_("Direction"), choices=_blank(Direction.choices), required=False)
    scale_min = forms.FloatField(
        label=_("Lowest possible score"),
        required=False,
        help_text=_("For a standard measure, e.g. 0."),
        widget=forms.TextInput(attrs=NUMBER),
    )
    scale_max = forms.FloatField(
        label=_("Highest possible score"),
        required=False,
        help_text=_("For a standard measure, e.g. 27."),
        widget=forms.TextInput(attrs=NUMBER),
    )
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    review_every_weeks = forms.IntegerField(
        label=_("Review every (weeks)"), required=False, min_value=1, max_value=26
    )
    milestones = StepListField(label=_("Milestones"), required=False)
    action_steps = StepListField(label=_("Action steps between sessions"), required=False)
    gas_plus_2 = _gas_description(_("+2 Much more than expected"))
    gas_plus_1 = _gas_description(_("+1 Somewhat more than expected"))
    gas_0 = _gas_description(_("0 The expected outcome — the goal"))
    gas_minus_1 = _gas_description(_("−1 Somewhat less than expected"))
    gas_minus_2 = _gas_description(_("−2 Much less than expected"))
    gas_baseline_level = forms.TypedChoiceField(
        label=_("Where things are at the start"),
        choices=[(level, label) for level, label in GAS_LEVEL_CHOICES],
        coerce=int,
        initial=-1,
        help_text=_("Usually −1, which leaves room below to record things getting worse."),
    )
    importance = forms.TypedChoiceField(
        choices=ZERO_TO_THREE_CHOICES, coerce=int, empty_value=None, required=False
    )
    difficulty = forms.TypedChoiceField(
        label=_("How difficult is this goal? (your rating)"),
        choices=ZERO_TO_THREE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    readiness_importance = forms.IntegerField(min_value=0, max_value=10, required=False)
    readiness_confidence = forms.IntegerField(min_value=0, max_value=10, required=False)
    reason = forms.CharField(
        label=_("Why did you change it?"),
        max_length=300,
        required=False,
        help_text=_("Optional. Shown in the goal's history."),
    )

    def __init__(self, *args, party: str, themes: list[ClientTheme], client_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.party = party
        # self.fields is typed as plain Fields; this one is declared a multiple choice above.
        cast(forms.MultipleChoiceField, self.fields["theme_ids"]).choices = [(t.pk, t.text) for t in themes]
        self.theme_kinds = {theme.pk: theme.get_kind_display() for theme in themes}
        self._label_ratings_for(party, client_name)
        if party != Party.CLIENT:
            # The client's own words are theirs alone; the therapist sees them read-only.
            del self.fields["client_words"]
            names = {"name": client_name}
            self.fields["readiness_importance"].label = (
                _("%(name)s: how important is it to make this change, from 0 to 10?") % names
            )
            self.fields["readiness_confidence"].label = (
                _("%(name)s: how confident that they could do it, from 0 to 10?") % names
            )
        else:
            del self.fields["difficulty"]
            self._label_levels_for_client()

    def _label_levels_for_client(self) -> None:
        """The five levels in a client's words (issue 13); the therapist keeps GAS's own labels."""
        for name, (_level, label) in zip(
            ("gas_plus_2", "gas_plus_1", "gas_0", "gas_minus_1", "gas_minus_2"),
            CLIENT_GAS_LEVEL_CHOICES,
            strict=True,
        ):
            self.fields[name].label = label
        baseline = cast(forms.ChoiceField, self.fields["gas_baseline_level"])
        baseline.choices = CLIENT_GAS_LEVEL_CHOICES
        baseline.help_text = _(
            "Usually “a bit less than we hoped”, which leaves room to record things getting worse."
        )

    def _label_ratings_for(self, party: str, client_name: str) -> None:
        importance = self.fields["importance"]
        if party == Party.CLIENT:
            importance.label = _("How much does this goal matter to you?")
            self.fields["readiness_importance"].label = _(
                "How important is it to you to make this change, from 0 to 10?"
            )
            self.fields["readiness_confidence"].label = _(
                "How confident are you that you could do it, from 0 to 10?"
            )
        else:
            importance.label = _("How important is this goal? (your rating)")
            importance.help_text = format_html(
                gettext("Kept apart from {name}'s own rating; never averaged."), name=client_name
            )

    def clean_statement(self) -> str:
        statement = self.cleaned_data["statement"].strip()
        if not statement:
            raise forms.ValidationError(_("Write the goal in a sentence."), code="required")
        return statement

    def clean_theme_ids(self) -> list[int]:
        return sorted(self.cleaned_data["theme_ids"])

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        if low is not None and high is not None and low >= high:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        importance, confidence = cleaned.get("readiness_importance"), cleaned.get("readiness_confidence")
        if (importance is None) != (confidence is None):
            missing = "readiness_confidence" if confidence is None else "readiness_importance"
            self.add_error(missing, _("Answer both readiness questions, or neither."))
        return cleaned

    def version_content(self) -> dict[str, Any]:
        """The cleaned values of the fields a goal version carries."""
        return {name: self.cleaned_data[name] for name in VERSION_FIELDS}

    @property
    def posted(self) -> QueryDict | None:
        """What was posted, when bound: the builder is only ever bound to request.POST or a copy of it."""
        return cast(QueryDict, self.data) if self.is_bound else None

    # --- drawing the step lists -------------------------------------------------------------------------
    def step_rows(self, name: str, extra: int = 0) -> list[dict[str, Any]]:
        """The inputs to draw: what was written (or posted) plus spare empty rows. When a row was asked
        for ("add another"), the first empty one gets the focus."""
        posted = self.posted
        if posted is not None:
            written = [text for text in posted.getlist(name) if text.strip()]
        else:
            written = list(self.initial.get(name) or [])
        texts = written + [""] * (SPARE_STEP_ROWS + extra)
        return [
            {"number": i, "value": text, "focus": bool(extra) and i == len(written) + 1}
            for i, text in enumerate(texts, start=1)
        ]


def _plain(value: Any) -> Any:
    """3.0 → 3, so a whole number shows as it was typed."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def builder_initial(version: GoalVersion, *, client_words: str, ratings: dict[str, Any]) -> dict[str, Any]:
    initial = {name: _plain(getattr(version, name)) for name in VERSION_FIELDS}
    initial.update(based_on=version.number, client_words=client_words, **ratings)
    return initial


class DeclineForm(forms.Form):
    comment = forms.CharField(
        label=_("What doesn't fit?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A few words, so you can talk about it."),
        error_messages={"required": _("Say in a few words what doesn't fit, so you can talk about it.")},
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False)


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("completed", _("Completed — reached")), ("retired", _("Retired — no longer a goal"))]
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False)


class GasRatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Where is it now?"),
        choices=GAS_LEVEL_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a level from −2 to +2."),
            "invalid_choice": _("Choose a level from −2 to +2."),
        },
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)
    # The therapist records the client's own level, given together in session.
    in_session = forms.BooleanField(label=_("This is the client's level, given in session"), required=False)

    def __init__(self, *args, party: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if party == Party.CLIENT:
            level = cast(forms.ChoiceField, self.fields["level"])
            level.choices = CLIENT_GAS_LEVEL_CHOICES


class RatingsForm(forms.Form):
    importance = forms.TypedChoiceField(
        label=_("Importance"), choices=ZERO_TO_THREE_CHOICES, coerce=int, empty_value=None, required=False
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"), choices=ZERO_TO_THREE_CHOICES, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, party: str, **kwargs):
        super().__init__(*args, **kwargs)
        if party == Party.CLIENT:
            del self.fields["difficulty"]
            self.fields["importance"].label = _("How much does this goal matter to you?")
        else:
            self.fields["importance"].label = _("How important is it? (your rating)")
            self.fields["difficulty"].label = _("How difficult is it? (your rating)")


class ReadinessForm(forms.Form):
    """The client's readiness ruler. A therapist may record the client's answers in session."""

    importance = forms.IntegerField(
        label=_("How important is it to you to make this change?"),
        min_value=0,
        max_value=10,
        help_text=_("0 = not at all, 10 = extremely."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    confidence = forms.IntegerField(
        label=_("How confident are you that you could do it?"),
        min_value=0,
        max_value=10,
        help_text=_("0 = not at all, 10 = extremely."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, party: str, client_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        if party != Party.CLIENT:
            names = {"name": client_name}
            self.fields["importance"].label = _("%(name)s: how important is it to make this change?") % names
            self.fields["confidence"].label = _("%(name)s: how confident that they could do it?") % names


class ThemeForm(forms.Form):
    theme_kind = forms.ChoiceField(label=_("Kind"), choices=ThemeKind.choices, initial=ThemeKind.NEED)
    theme_text = forms.CharField(label=_("In a few words"), max_length=200, required=False)

    def clean_theme_text(self) -> str:
        text = self.cleaned_data["theme_text"].strip()
        if not text:
            raise forms.ValidationError(_("Write a few words."), code="required")
        return text


class DiffForm(forms.Form):
    from_number = forms.IntegerField(label=_("From version"), min_value=1)
    to_number = forms.IntegerField(label=_("To version"), min_value=1)

    def __init__(self, data, *, latest: int, **kwargs):
        # ?from=1&to=3 in the address; "from" is a Python keyword, so the fields carry longer names.
        bound = {"from_number": data.get("from", max(latest - 1, 1)), "to_number": data.get("to", latest)}
        super().__init__(bound, **kwargs)
        self.latest = latest

    def clean(self):
        cleaned = super().clean()
        for name in ("from_number", "to_number"):
            number = cleaned.get(name)
            if number is not None and number > self.latest:
                self.add_error(name, _("There is no version %(number)d yet.") % {"number": number})
        return cleaned


# --- motivation and agreement in the room ---------------------------------------------------------------
IN_ROOM_REQUIRED = _("Tick the box to confirm the client answered in the room with you.")


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage of change"),
        choices=[("", _("Not chosen"))] + list(StageOfChange.choices),
        required=False,
        help_text=_("Your label for where they stand towards this change — not a score."),
    )


class ExploringForm(forms.Form):
    exploring = forms.TypedChoiceField(
        choices=[("1", _("Explore it first")), ("0", _("Ready to shape"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False)


class InSessionAgreementForm(forms.Form):
    """The therapist records the client's own answer to a version, given in the room."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(
        label=_("What did the client decide?"),
        choices=[("accept", _("Accepted this version")), ("decline", _("Declined this version"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the client accepted or declined.")},
    )
    comment = forms.CharField(
        label=_("What doesn't fit, in their words (needed to decline)"), max_length=1000, required=False
    )
    in_room = forms.BooleanField(
        label=_("The client agreed to this in the room with me"),
        error_messages={"required": IN_ROOM_REQUIRED},
    )

    def __init__(self, *args: Any, client_name: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        if client_name:
            self.fields["in_room"].label = gettext(
                "%(name)s gave this answer in the room with me, in session"
            ) % {"name": client_name}
            self.fields["decision"].label = gettext("What did %(name)s decide?") % {"name": client_name}


def _balance_box(label) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionalBalanceForm(forms.Form):
    """The four boxes of a decisional balance. The therapist fills it in only with the client, in session
    (``in_room``)."""

    change_pros = _balance_box(_("Good things about changing"))
    change_cons = _balance_box(_("Not so good things about changing"))
    stay_pros = _balance_box(_("Good things about staying the same"))
    stay_cons = _balance_box(_("Not so good things about staying the same"))
    in_room = forms.BooleanField(label=_("We are filling this in together, in session"), required=False)

    def __init__(self, *args: Any, party: str = Party.CLIENT, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if party != Party.THERAPIST:
            del self.fields["in_room"]

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in DecisionalBalance.FIELDS}


class LiveChangeForm(forms.Form):
    """One field's change in the live draft (``goals/live.py``): what is typed now, the field revision it
    was typed on, and (for a safe merge) the value it was typed on. Lists come as repeated values."""

    field = forms.ChoiceField(choices=[(name, name) for name in LIVE_FIELDS])
    version = forms.IntegerField(min_value=1)
    base_rev = forms.IntegerField(min_value=0)

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("field")
        if name is None:
            return cleaned
        data = cast(QueryDict, self.data)
        if LIVE_FIELDS[name].kind == "list":
            cleaned["value"] = typed_list(data.getlist("value"))
            cleaned["base"] = typed_list(data.getlist("base")) if "has_base" in data else None
        else:
            cleaned["value"] = data.get("value", "")
            cleaned["base"] = data.get("base") if "base" in data else None
        if too_long(name, cleaned["value"]) or (
            cleaned["base"] is not None and too_long(name, cleaned["base"])
        ):
            self.add_error("field", _("That is more than a draft keeps for this field."))
        return cleaned


class LivePresenceForm(forms.Form):
    """Someone arriving at the builder, still there (every few seconds), moving to a field, or leaving."""

    action = forms.ChoiceField(choices=[(step, step) for step in ("join", "here", "leave")])
    field = forms.ChoiceField(choices=[("", "")] + [(name, name) for name in LIVE_FIELDS], required=False)
