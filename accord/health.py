"""`/healthz`: the probe load balancers and monitoring call, answered before anything else runs.

It comes first in the middleware, so it needs no host name (probes often use the server's IP address, which
ALLOWED_HOSTS rightly refuses for every other page), no session and no HTTPS redirect. It asks the database
one trivial question: 200 "ok" when it answers, 503 "database unavailable" when it does not (during a
restart or failover), and recovers by itself once the database is back. It never logs a traceback.
"""

from __future__ import annotations

import contextlib
import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def database_is_available() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # The class name only: a driver's message may carry a host name or user, never a traceback here.
        logger.warning("Health check: the database is unavailable (%s).", type(error).__name__)
        # A broken connection goes; the next request opens (or checks out) a new one.
        if not connection.in_atomic_block:
            with contextlib.suppress(DatabaseError):
                connection.close()
        return False
    return True


def health_response() -> HttpResponse:
    if database_is_available():
        response = HttpResponse("ok", content_type="text/plain")
    else:
        response = HttpResponse("database unavailable", content_type="text/plain", status=503)
        # The warning above says it once; Django's own flag keeps it from adding an ERROR line.
        response._has_been_logged = True  # type: ignore[attr-defined]
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
