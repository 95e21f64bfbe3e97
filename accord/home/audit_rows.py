"""The audit trail's table rows, written in Python: 50 rows of six cells were most of the page's time as
template nodes (a variable lookup, an escape and a filter per cell). The markup is the template's, as it was;
times are in the active time zone (the view sets the admin's own). And the filter form's fields, rendered once
per language while no filter is set (``fields_html``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from accord.audit.models import AuditEvent
from accord.home.forms import AuditFilterForm

DASH = "—"
# Only the columns the table shows (and the client's name): a client row is wide.
COLUMNS = (
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "record_kind",
    "ip_address",
    "detail",
    "client__display_name",
)

ROW = (
    '\n      <tr data-event="{}">\n'
    '        <td><time datetime="{}">{}</time></td>\n'
    "        <td>{}</td>\n"
    "        <td>{}{}</td>\n"
    "        <td>{}</td>\n"
    "        <td>{}</td>\n"
    "        <td>{}</td>\n"
    "      </tr>"
)


def _who(event: AuditEvent) -> str:
    if event.action == "access.denied_outside":
        return gettext("Someone outside this practice")
    return event.actor_label or DASH


def _kind(event: AuditEvent) -> SafeString | str:
    if not event.record_kind:
        return ""
    return format_html(' <span class="muted small">({})</span>', event.record_kind_label)


def _cells(event: AuditEvent) -> tuple:
    at = timezone.localtime(event.at)
    return (
        event.pk,
        at.isoformat(),
        at.strftime("%Y-%m-%d %H:%M:%S"),
        _who(event),
        event.action_label,
        _kind(event),
        event.client.display_name if event.client_id and event.client else DASH,
        event.target_label or DASH,
        event.ip_address or DASH,
    )


def rows_html(events: Iterable[AuditEvent]) -> SafeString:
    """The ``<tr>`` of each event, every value escaped (``format_html``)."""
    return format_html_join("", ROW, (_cells(event) for event in events))


# --- the filter form's fields -------------------------------------------------------------------------------

SEARCH_FIELDS, CHOICE_FIELDS = ("who", "about"), ("action", "kind", "date_from", "date_to")
# The unfiltered page's fields, rendered once per language: with no filter given they are the same for
# everyone (labels, ~100 empty choices), and they were a third of the page's time.
_unfiltered: dict[tuple[str, tuple[str, ...]], SafeString] = {}


def fields_html(form: AuditFilterForm, names: tuple[str, ...]) -> SafeString:
    """The named fields as ``accord/partials/field.html`` writes them (cached when no filter is set)."""
    unfiltered = not any(form.data.get(name) for name in form.fields)
    key = (get_language() or "", names)
    if unfiltered and key in _unfiltered:
        return _unfiltered[key]
    html = render_to_string("accord/audit/_fields.html", {"fields": [form[name] for name in names]})
    if unfiltered:
        _unfiltered[key] = html
    return html
