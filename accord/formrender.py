"""How forms render: length limits as a counter, and Django's own form markup written in Python.

Length limits: a browser's ``maxlength`` truncates pasted text without a word (a 5,000-character goal became
999 characters). Every field with a ``max_length`` is rendered with ``data-max-length`` instead: ``accord.js``
shows "N of M characters" as the person types and says when it is too long, and the form itself refuses
over-long text with an error, keeping every word typed (the limit is checked in each app's ``forms.py``).

Speed (issue 9): Django renders each field, label, error list and every radio option through its own small
template, and on the goal page and the in-session review that was a quarter to a third of the page's time (a
five-level radio scale is seven template renders, each with includes). ``FormRenderer`` writes the same
templates' output with string formatting instead: byte for byte what ``django/forms/…`` templates give (the
templates are copied here as comments; tests/test_formrender.py renders every kind of widget and whole pages
both ways and compares). A template it does not know, or one overridden by an installed app, still goes
through Django's template.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import django
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData


class CountedBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        limit = getattr(self.field, "max_length", None)
        if limit is not None and not (widget or self.field.widget).is_hidden:
            attrs["maxlength"] = False  # the field set it on the widget; False leaves it out of the HTML
            attrs["data-max-length"] = limit
        return attrs


# --- what the template language does with a value ---------------------------------------------------------


def _out(value: Any) -> str:
    """``{{ value }}``: localised, made a string, then escaped unless already safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: not localised; a safe value stays as it is, the rest is escaped."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    # {% for name, value in attrs.items %}{% if value is not False %} {{ name }}{% if value is not True %}
    # ="{{ value|stringformat:'s' }}"{% endif %}{% endif %}{% endfor %}
    return "".join(
        f" {_out(name)}" if value is True else f' {_out(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


# --- widgets: each function returns the template's whole output, trailing newline included ------------------


def _input(widget: dict[str, Any]) -> str:
    # <input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}
    # value="{{ widget.value|stringformat:'s' }}"{% endif %}{% include attrs %}>\n
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] is not None else ""
    kind, name = _out(widget["type"]), _out(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>\n'


def _input_option(widget: dict[str, Any]) -> str:
    # {% if widget.wrap_label %}<label{% if widget.attrs.id %} for="{{ widget.attrs.id }}"{% endif %}>
    # {% endif %}{% include input %}{% if widget.wrap_label %} {{ widget.label }}</label>{% endif %}\n
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    id_ = widget["attrs"].get("id")
    label_for = f' for="{_out(id_)}"' if id_ else ""
    return f"<label{label_for}>{_input(widget)} {_out(widget['label'])}</label>\n"


def _multiple_input(widget: dict[str, Any]) -> str:
    # <div{% if id %} id="{{ id }}"{% endif %}{% if widget.attrs.class %} class="…"{% endif %}>{% for group,
    # options, index in widget.optgroups %}{% if group %}\n  <div><label>{{ group }}</label>{% endif %}{% for
    # option in options %}<div>\n    {% include option.template_name %}</div>{% endfor %}{% if group %}\n
    # </div>{% endif %}{% endfor %}\n</div>\n
    id_, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    id_attr = f' id="{_out(id_)}"' if id_ else ""
    class_attr = f' class="{_out(css)}"' if css else ""
    parts = [f"<div{id_attr}{class_attr}>"]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_out(group)}</label>")
        parts.extend(f"<div>\n    {_raw(option['template_name'], option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    # <textarea name="{{ widget.name }}"{% include attrs %}>\n{% if widget.value %}{{ widget.value }}
    # {% endif %}</textarea>\n
    value = _out(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'


def _select(widget: dict[str, Any]) -> str:
    # <select name="{{ widget.name }}"{% include attrs %}>{% for group_name, group_choices, group_index in
    # widget.optgroups %}{% if group_name %}\n  <optgroup label="{{ group_name }}">{% endif %}{% for option in
    # group_choices %}\n  {% include option.template_name %}{% endfor %}{% if group_name %}\n  </optgroup>
    # {% endif %}{% endfor %}\n</select>\n
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        parts.extend(f"\n  {_raw(option['template_name'], option)}" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _select_option(widget: dict[str, Any]) -> str:
    # <option value="{{ widget.value|stringformat:'s' }}"{% include attrs %}>{{ widget.label }}</option>\n
    value, label = _formatted(widget["value"]), _out(widget["label"])
    return f'<option value="{value}"{_attrs(widget["attrs"])}>{label}</option>\n'


def _included(inner: Callable[[dict[str, Any]], str]) -> Callable[[dict[str, Any]], str]:
    """A template that is ``{% include "inner" %}`` and a newline (text.html, radio.html, …)."""
    return lambda widget: inner(widget) + "\n"


WIDGETS = "django/forms/widgets/"
WIDGET_TEMPLATES: dict[str, Callable[[dict[str, Any]], str]] = {
    **{
        f"{WIDGETS}{kind}.html": _included(_input)
        for kind in (
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "checkbox",
            "date",
            "datetime",
            "time",
        )
    },
    f"{WIDGETS}input.html": _input,
    f"{WIDGETS}input_option.html": _input_option,
    f"{WIDGETS}radio_option.html": _included(_input_option),
    f"{WIDGETS}checkbox_option.html": _included(_input_option),
    f"{WIDGETS}multiple_input.html": _multiple_input,
    f"{WIDGETS}radio.html": _included(_multiple_input),
    f"{WIDGETS}checkbox_select.html": _included(_multiple_input),
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}select_option.html": _select_option,
}


def _raw(template_name: str, widget: dict[str, Any]) -> str:
    """An ``{% include %}`` of a widget template inside another: its output unstripped."""
    return WIDGET_TEMPLATES[template_name](widget)


# --- a field with its label, help and errors -------------------------------------------------------------


def _label(context: dict[str, Any]) -> str:
    # {% if use_tag %}<{{ tag }}{% include 'django/forms/attrs.html' %}>{{ label }}</{{ tag }}>{% else %}
    # {{ label }}{% endif %}\n
    if not context["use_tag"]:
        return _out(context["label"]) + "\n"
    tag = _out(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{_out(context['label'])}</{tag}>\n"


def _error_list(context: dict[str, Any]) -> str:
    # {% if errors %}<ul class="{{ error_class }}"{% if errors.field_id %} id="{{ errors.field_id }}_error"
    # {% endif %}>{% for error in errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_attr = f' id="{_out(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_out(error)}</li>" for error in errors)
    return f'<ul class="{_out(context["error_class"])}"{id_attr}>{items}</ul>'


def _field_group(context: dict[str, Any]) -> str:
    """django/forms/field.html, line by line."""
    field = context["field"]
    if field.use_fieldset:
        described = field.aria_describedby
        described_attr = f' aria-describedby="{_out(described)}"' if described else ""
        head = f"\n  <fieldset{described_attr}>\n  {field.legend_tag() if field.label else ''}\n"
    else:
        head = f"\n  {field.label_tag() if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        help_id = f' id="{_out(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    end = "</fieldset>" if field.use_fieldset else ""
    return f"{head}\n{help_text}\n{_out(field.errors)}\n{_out(field)}{end}\n"


TEMPLATES: dict[str, Callable[[dict[str, Any]], str]] = {
    "django/forms/field.html": _field_group,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
}
DJANGO_FORMS = Path(django.__file__).parent / "forms" / "templates"


class FormRenderer(DjangoTemplates):
    bound_field_class = CountedBoundField

    def __init__(self) -> None:
        super().__init__()
        self._written_here: dict[str, bool] = {}

    def render(self, template_name, context, request=None):
        if self._writes(template_name):
            write = TEMPLATES.get(template_name) or WIDGET_TEMPLATES[template_name]
            return write(context if template_name in TEMPLATES else context["widget"]).strip()
        return super().render(template_name, context, request)

    def _writes(self, template_name: str) -> bool:
        """Written here when known and when the template found is still Django's own (not overridden)."""
        if template_name not in self._written_here:
            known = template_name in TEMPLATES or template_name in WIDGET_TEMPLATES
            origin = self.get_template(template_name).origin.name if known else ""
            self._written_here[template_name] = known and Path(origin).is_relative_to(DJANGO_FORMS)
        return self._written_here[template_name]
