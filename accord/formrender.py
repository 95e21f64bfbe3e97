"""Forms render their length limits as a counter, never as a silent cut.

A browser's ``maxlength`` truncates pasted text without a word (a 5,000-character goal became 999
characters). Every field with a ``max_length`` is rendered with ``data-max-length`` instead: ``accord.js``
shows "N of M characters" as the person types and says when it is too long, and the form itself refuses
over-long text with an error, keeping every word typed (the limit is checked in each app's ``forms.py``).
"""

from __future__ import annotations

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class CountedBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        limit = getattr(self.field, "max_length", None)
        if limit is not None and not (widget or self.field.widget).is_hidden:
            attrs["maxlength"] = False  # the field set it on the widget; False leaves it out of the HTML
            attrs["data-max-length"] = limit
        return attrs


class FormRenderer(DjangoTemplates):
    bound_field_class = CountedBoundField
