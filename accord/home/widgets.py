"""A ``<select>`` rendered in Python: the same HTML as Django's widget templates, without a template render
per option (the audit trail's "What" menu has ~100 options; its templates were most of the page's time)."""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: ``False`` leaves an attribute out, ``True`` writes its name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


class QuickSelect(forms.Select):
    """A plain (not grouped) select, with exactly the markup of ``django/forms/widgets/select.html``."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        context = self.get_context(name, value, attrs)["widget"]
        lines = [f'<select name="{conditional_escape(context["name"])}"{_attrs(context["attrs"])}>']
        for group_name, options, _index in context["optgroups"]:
            if group_name:  # not used by our menus; keep Django's own rendering for it
                return super().render(name, value, attrs, renderer)
            for option in options:  # select_option.html ends with a newline
                lines.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
        lines.append("\n</select>")
        return mark_safe("".join(lines))  # noqa: S308  # nosec B308 B703 - every value above is escaped
