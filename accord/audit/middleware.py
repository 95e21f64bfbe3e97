"""Write the audit events that must survive the rollback of a failed request (see recording.py)."""

from django.http import HttpRequest, HttpResponse

from accord.audit.recording import DEFERRED_EVENTS_ATTR, write_deferred_events


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
            write_deferred_events(request, status)
