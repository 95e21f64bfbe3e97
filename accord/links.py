"""Absolute links for emails, built the same way whether a request or the worker sends them.

With ``ACCORD_SITE_URL`` set (every real installation), every link starts with it — scheme, host and port
exactly as configured, so a link to ``https://accord.example.org:8443`` keeps its port even when the proxy
passes on only the host name. Without it (tests, development) links follow the request, as Django does.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    if request is not None and not settings.ACCORD_SITE_URL_CONFIGURED:
        return request.build_absolute_uri(path)
    return settings.ACCORD_SITE_URL.rstrip("/") + path


def site_url_for(request: HttpRequest) -> str:
    """Where Accord lives, as links in emails sent while answering ``request`` start: scheme, host, port."""
    if settings.ACCORD_SITE_URL_CONFIGURED:
        return str(settings.ACCORD_SITE_URL).rstrip("/")
    return f"{request.scheme}://{request.get_host()}"
