"""Where transactions are, and what a writer that cannot get the lock in time is told.

Requests run in autocommit (``ATOMIC_REQUESTS`` is off). Reads on SQLite read from WAL snapshots and never
take the write lock, so a page is never queued behind a writer while it reads and renders. Writes happen
in actions, each one ``transaction.atomic`` block (on SQLite ``BEGIN IMMEDIATE``: the lock is taken at the
start, so two writers queue instead of failing half-way). The few writes a read makes (its audit record,
marking messages as read, the session's activity timestamp at most once a minute) are single short
statements or their own small ``transaction.atomic`` block.

A write that cannot get the database's lock within SQLite's ``busy_timeout`` (or PostgreSQL's
``lock_timeout``) answers 503 with ``Retry-After`` instead of a 500; nothing was stored, and the page the
person typed in stays as it was (htmx does not swap on an error status; the check-in form also keeps its
draft on the server). See docs/performance.md, "Concurrency model".
"""

from __future__ import annotations

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 2
# What SQLite and PostgreSQL say when a lock was not granted in time.
_LOCK_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")


def is_lock_timeout(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and any(text in str(exc).lower() for text in _LOCK_MESSAGES)


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for the API, a short page (or nothing to swap, for htmx) otherwise."""
    detail = _("Accord is busy saving other changes. Nothing was lost: please try again in a moment.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": detail, "errors": {}}, status=503)
    else:
        response = HttpResponse(
            render_to_string("busy.html", {"detail": detail}, request=request), status=503
        )
        # htmx keeps the form as it is; the page's script says why (see accord.js).
        response["HX-Reswap"] = "none"
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    """A lock not granted in time answers 503 with Retry-After, not a 500.

    There is no request-wide transaction (``ATOMIC_REQUESTS`` is off): each action is one short
    ``transaction.atomic`` block, so the write lock is held only while an action writes, never while a page
    is rendered or a form is read. Last in MIDDLEWARE, so its ``process_exception`` is asked first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except OperationalError as exc:
            if is_lock_timeout(exc):
                return busy_response(request)
            raise

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_lock_timeout(exception):
            return busy_response(request)
        return None
