"""The client's own download (GDPR Art. 15/20), erasure (Art. 17) and the practice outcome report."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.access import (
    admin_required,
    client_required,
    get_own_client,
    get_practice_client_for_admin,
)
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.accounts.models import Practice
from accord.records import actions, erasure
from accord.records.forms import EraseClientForm, OutcomesForm
from accord.records.outcomes import COLUMNS, RESEARCH_COLUMNS


@require_GET
@client_required
def my_data_export(request: AuthedHttpRequest) -> HttpResponse:
    client = get_own_client(request)
    archive = actions.export_own_data(client, actor_of(request))
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    # No name in the file name: it may end up in a shared downloads folder.
    response["Content-Disposition"] = f'attachment; filename="accord-my-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@admin_required
def erase_client(request: AuthedHttpRequest, client_id: int) -> HttpResponse:
    """Erasure (GDPR Art. 17): a confirmation page naming what will go and asking why; the POST erases."""
    client = get_practice_client_for_admin(request, client_id)
    form = EraseClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.erase_client(client, actor_of(request), reason=form.cleaned_data["reason"], via="page")
        return render(request, "accord/records/erased.html", {"client_id": client_id})
    context = {"client": client, "parts": erasure.inventory(client), "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "accord/records/erase_client.html", context, status=status)


def _practice(request: AuthedHttpRequest) -> Practice:
    practice = request.user.practice
    assert practice is not None  # admin_required lets in only members of a practice
    return practice


def _outcomes_request(request: AuthedHttpRequest) -> OutcomesForm:
    """Always bound: every field is optional, so no choice means the defaults (last twelve months)."""
    return OutcomesForm(request.GET)


@require_GET
@admin_required
def practice_outcomes(request: AuthedHttpRequest) -> HttpResponse:
    """Outcomes per period and therapist for supervisors and funders; small numbers suppressed."""
    form = _outcomes_request(request)
    if not form.is_valid():
        context = {"form": form, "rows": [], "columns": COLUMNS}
        return render(request, "accord/records/outcomes.html", context, status=400)
    data = form.cleaned_data
    rows = actions.practice_outcomes(
        _practice(request),
        actor_of(request),
        kind=data["period"],
        first=data["start"],
        last=data["end"],
        fmt="page",
    )
    context = {"form": form, "rows": rows, "columns": COLUMNS, "query": request.GET.urlencode()}
    return render(request, "accord/records/outcomes.html", context)


# A spreadsheet treats a cell starting with one of these as a formula; text cells get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def _csv_response(filename: str, header: list[str], rows: list[dict]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@admin_required
def practice_outcomes_csv(request: AuthedHttpRequest) -> HttpResponse:
    form = _outcomes_request(request)
    if not form.is_valid():
        return HttpResponse(status=400)
    data = form.cleaned_data
    rows = actions.practice_outcomes(
        _practice(request),
        actor_of(request),
        kind=data["period"],
        first=data["start"],
        last=data["end"],
        fmt="csv",
    )
    stamp = timezone.localdate().isoformat()
    return _csv_response(f"accord-outcomes-{stamp}.csv", [key for key, _label in COLUMNS], rows)


@require_GET
@admin_required
def research_csv(request: AuthedHttpRequest) -> HttpResponse:
    """De-identified rows, one per active client (records.outcomes.research_rows)."""
    rows = actions.research_extract(_practice(request), actor_of(request))
    stamp = timezone.localdate().isoformat()
    return _csv_response(f"accord-research-{stamp}.csv", RESEARCH_COLUMNS, rows)
