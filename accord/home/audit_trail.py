"""The practice admin's view of the audit trail: a filtered, paginated table and its CSV export."""

from __future__ import annotations

import csv
import json
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord.accounts.access import admin_required
from accord.accounts.actors import AuthedHttpRequest
from accord.audit.models import Action, AuditEvent
from accord.audit.recording import record
from accord.home import audit_rows
from accord.home.forms import AuditFilterForm

PAGE_SIZE = 50
CSV_COLUMNS = [
    "time_utc",
    "actor",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "practice_id",
    "ip_address",
    "detail",
    "record_kind",
]
# A spreadsheet treats a cell starting with one of these as a formula; prefix it so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@require_GET
@admin_required
def audit_trail(request: AuthedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET, admin=request.user)
    events = form.events().select_related("client").only(*audit_rows.COLUMNS)
    page = keyset_page(events, after=request.GET.get("after"), before=request.GET.get("before"))
    filter_query = request.GET.copy()
    for cursor in ("page", "after", "before"):
        filter_query.pop(cursor, None)
    context = {
        "form": form,
        "page": page,
        "filter_query": filter_query.urlencode(),
        "time_zone_name": request.user.time_zone,
    }
    # Times show in the admin's own time zone; the CSV keeps UTC.
    with timezone.override(zoneinfo.ZoneInfo(request.user.time_zone)):
        context["rows"] = audit_rows.rows_html(page.object_list)
        context["search_fields"] = audit_rows.fields_html(form, audit_rows.SEARCH_FIELDS)
        context["choice_fields"] = audit_rows.fields_html(form, audit_rows.CHOICE_FIELDS)
        return render(request, "accord/audit/trail.html", context)


@dataclass
class KeysetPage:
    """One page of events, newest first, and the ids to continue from (no count: at a million events
    counting them costs more than showing them)."""

    object_list: list[AuditEvent]
    newer: int | None  # link with ?before=<newer>
    older: int | None  # link with ?after=<older>

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def keyset_page(
    events: QuerySet[AuditEvent], *, after: str | None, before: str | None, size: int = PAGE_SIZE
) -> KeysetPage:
    """Seek from the event named by ``after`` (older ones) or ``before`` (newer ones) along (at, id), which
    the indexes on (practice, …, -at) serve, instead of OFFSET over every event before the page."""
    cursor, newer_side = _event_id(after), False
    if cursor is None:
        cursor, newer_side = _event_id(before), True
    anchor = events.filter(pk=cursor).values_list("at", flat=True).first() if cursor else None
    if anchor is None:
        rows = list(events[: size + 1])
        return KeysetPage(rows[:size], None, rows[size - 1].pk if len(rows) > size else None)
    if not newer_side:
        rows = list(events.filter(Q(at__lt=anchor) | Q(at=anchor, pk__lt=cursor))[: size + 1])
        return KeysetPage(
            rows[:size], rows[0].pk if rows else None, rows[size - 1].pk if len(rows) > size else None
        )
    rows = list(
        events.filter(Q(at__gt=anchor) | Q(at=anchor, pk__gt=cursor)).order_by("at", "id")[: size + 1]
    )
    more_newer = len(rows) > size
    rows = rows[:size][::-1]
    return KeysetPage(rows, rows[0].pk if rows and more_newer else None, rows[-1].pk if rows else None)


def _event_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@require_GET
@admin_required
def audit_export(request: AuthedHttpRequest) -> StreamingHttpResponse:
    form = AuditFilterForm(request.GET, admin=request.user)
    events = form.events()
    record(Action.AUDIT_EXPORTED, request=request, detail={"filters": form.applied()})
    filename = f"accord-audit-{timezone.now():%Y%m%d-%H%M%S}.csv"
    response = StreamingHttpResponse(csv_rows(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    """csv.writer wants a file; this one hands each written line straight back."""

    def write(self, value: str) -> str:
        return value


def csv_rows(events) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events.iterator(chunk_size=1000):
        yield writer.writerow([_safe_cell(value) for value in _csv_values(event)])


def _csv_values(event: AuditEvent) -> list[str]:
    return [
        event.at.astimezone(zoneinfo.ZoneInfo("UTC")).isoformat(),
        event.actor_label,
        event.action,
        event.object_type,
        event.object_id,
        str(event.client_id or ""),
        str(event.practice_id or ""),
        event.ip_address or "",
        json.dumps(event.detail, sort_keys=True, ensure_ascii=False),
        event.record_kind,
    ]


def _safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
