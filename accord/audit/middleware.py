"""Write the audit events that must survive the rollback of a failed request (see recording.py)."""

import logging

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse

from accord.audit.recording import DEFERRED_EVENTS_ATTR, write_deferred_events

logger = logging.getLogger(__name__)

BUSY = 503


class DeferredAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        setattr(request, DEFERRED_EVENTS_ATTR, [])
        status = None
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            self._write(request, status)

    @staticmethod
    def _write(request: HttpRequest, status: int | None) -> None:
        """A database still too busy to take the events must not turn the answer into a 500: after a 503
        ("busy, nothing was stored") the refused attempt is not written at all, and any other failure to
        write is logged (without personal data) rather than raised after the response was decided."""
        if status == BUSY:
            setattr(request, DEFERRED_EVENTS_ATTR, None)
            logger.warning(
                "Audit: a refused attempt was not recorded: the database was busy (%s)", request.path
            )
            return
        try:
            write_deferred_events(request, status)
        except OperationalError as exc:
            logger.error("Audit: events for a %s answer could not be written: %s", status, type(exc).__name__)
