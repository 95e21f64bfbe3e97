"""Forms render byte for byte as Django's templates would render them (accord/formrender.py writes that
markup in Python for speed): every kind of widget, bound and unbound, with errors, help text and escaping, and
whole pages full of forms rendered both ways."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from accord.formrender import CountedBoundField, FormRenderer
from tests.progress.progress_support import CALMER_PLAN, add_values, planned_goal


class TemplateRenderer(DjangoTemplates):
    """What the site rendered before: Django's form templates, with the same length counter."""

    bound_field_class = CountedBoundField


TEMPLATE_RENDERER = "tests.test_formrender.TemplateRenderer"


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, label="Name & <b>", help_text="Help <em>kept</em> as HTML")
    number = forms.IntegerField(
        min_value=0, max_value=10, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    decimal = forms.FloatField(required=False, initial=1.5)
    hidden = forms.CharField(widget=forms.HiddenInput, initial='a"b')
    agree = forms.BooleanField(required=False, label="Agree?")
    choice = forms.ChoiceField(choices=[("x", "X <1>"), ("y", mark_safe("<i>Y</i>"))], initial="y")
    grouped = forms.ChoiceField(choices=[("Group", [("a", "A"), ("b", "B")]), ("c", "C")], required=False)
    radio = forms.TypedChoiceField(
        choices=[("2", "+2 — much better"), ("0", "0 — the goal"), ("-2", "−2 — much worse")],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        required=False,
    )
    grouped_radio = forms.ChoiceField(
        choices=[("Group", [("a", "A"), ("b", "B")]), ("c", "C")], widget=forms.RadioSelect
    )
    many = forms.MultipleChoiceField(
        choices=[("1", "One"), ("2", "Two")], widget=forms.CheckboxSelectMultiple, required=False
    )
    words = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=100, required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    unlabelled = forms.CharField(label="", required=False)


BOUND = {
    "text": "x" * 30,
    "number": "11",
    "hidden": "<script>",
    "choice": "nope",
    "radio": "0",
    "many": ["2"],
    "words": "line & <line>",
    "when": "not a date",
    "email": "bad",
}


def rendered(form_class, data, renderer) -> list[str]:
    form = form_class(data, renderer=renderer, auto_id="id_%s")
    out = [str(form[name].as_field_group()) for name in form.fields]
    out += [str(form[name]) for name in form.fields]
    out += [str(form[name].label_tag()) + str(form[name].legend_tag()) for name in form.fields]
    out += [str(widget.tag()) + str(widget.tag(wrap_label=True)) for widget in form["radio"]]
    out += [str(form.non_field_errors()), str(form.errors.get("text", ""))]
    return out


@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "bound with errors"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_widget_renders_as_django_templates_render_it(data, language):
    with translation.override(language):
        assert rendered(EveryWidget, data, FormRenderer()) == rendered(EveryWidget, data, TemplateRenderer())


def test_an_unknown_template_still_goes_through_django():
    renderer = FormRenderer()
    assert not renderer._writes("django/forms/widgets/clearable_file_input.html")
    form = forms.Form(renderer=renderer)
    form.fields["upload"] = forms.FileField(required=False)
    assert 'type="file"' in str(form["upload"])


# --- whole pages --------------------------------------------------------------------------------------------


def without_tokens(html: str) -> str:
    return re.sub(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', "", html)


def both_ways(browser, method: str, url: str, data=None) -> tuple[str, str]:
    send = browser.get if method == "get" else browser.post
    fast = send(url, data or {}).content.decode()
    with override_settings(FORM_RENDERER=TEMPLATE_RENDERER):
        slow = send(url, data or {}).content.decode()
    return without_tokens(fast), without_tokens(slow)


@pytest.mark.django_db
def test_the_goal_page_and_review_read_the_same_as_with_djangos_templates(cast, as_tess, as_cam):
    goal = planned_goal(cast)
    add_values(goal, [0.5, 1, 1.5])
    planned_goal(cast, content=CALMER_PLAN)
    urls = [
        (as_tess, "get", reverse("goal_page", args=[goal.pk]), None),
        (as_cam, "get", reverse("goal_page", args=[goal.pk]), None),
        (as_tess, "get", reverse("client_review", args=[cast.cam.pk]), None),
        # refused input: the page again with the errors next to their fields
        (as_tess, "post", reverse("goal_readiness", args=[goal.pk]), {"importance": "11", "confidence": "x"}),
        (
            as_tess,
            "post",
            reverse("goal_review_record", args=[goal.pk]),
            {f"goal-{goal.pk}-therapist_progress": "99"},
        ),
        (as_tess, "post", reverse("goal_review_decide", args=[goal.pk]), {}),
    ]
    for browser, method, url, data in urls:
        fast, slow = both_ways(browser, method, url, data)
        assert "<form" in fast
        assert fast == slow, url
