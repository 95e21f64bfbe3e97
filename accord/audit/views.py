"""The practice admin's view of the audit trail: a filtered, paginated table and its CSV export."""

from __future__ import annotations

import csv
import json
import zoneinfo
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord.accounts.access import admin_required
from accord.accounts.actors import AuthedHttpRequest
from accord.audit.forms import AuditFilterForm
from accord.audit.models import Action, AuditEvent
from accord.audit.recording import record

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
    events = form.events().select_related("client")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    filter_query = request.GET.copy()
    filter_query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filter_query": filter_query.urlencode(),
        "time_zone_name": request.user.time_zone,
    }
    # Times show in the admin's own time zone; the CSV keeps UTC.
    with timezone.override(zoneinfo.ZoneInfo(request.user.time_zone)):
        return render(request, "accord/audit/trail.html", context)


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
