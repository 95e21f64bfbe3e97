"""The client's own download (GDPR Art. 15/20): a zip of their data as a PDF, JSON and a FHIR Bundle."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord.accounts.access import client_required, get_own_client
from accord.accounts.actors import AuthedHttpRequest, actor_of
from accord.records import actions


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
