"""A GET cut off by a lost database connection is answered again, once, instead of with a 500.

When PostgreSQL restarts, the requests being answered at that moment lose their connection. For a GET or
HEAD (which change nothing) `retry_safe_requests` runs the request a second time: the failed response is
closed, which returns the broken connection (Django discards it) and the retry gets a checked, fresh one. A
request is retried only when it failed with a database connection error (``OperationalError`` or
``InterfaceError``), never for other errors and never for POST, PUT, PATCH or DELETE.
"""

from __future__ import annotations

import threading

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError

SAFE_METHODS = {"GET", "HEAD"}
_state = threading.local()


def _note_connection_error(sender, request=None, **kwargs) -> None:
    import sys

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) or isinstance(
        getattr(error, "__cause__", None), OperationalError | InterfaceError
    ):
        _state.connection_lost = True


got_request_exception.connect(_note_connection_error, dispatch_uid="accord.retry")


def retry_safe_requests(application):
    def wsgi(environ, start_response):
        if environ.get("REQUEST_METHOD") not in SAFE_METHODS:
            return application(environ, start_response)
        _state.connection_lost = False
        captured = {}

        def hold(status, headers, exc_info=None):
            captured["args"] = (status, headers, exc_info)
            return lambda data: None

        response = application(environ, hold)
        if _state.connection_lost and captured["args"][0].startswith("500"):
            _state.connection_lost = False
            if hasattr(response, "close"):
                response.close()  # request_finished: the broken connection goes
            return application(environ, start_response)
        start_response(*captured["args"])
        return response

    return wsgi
