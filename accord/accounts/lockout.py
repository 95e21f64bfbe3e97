"""django-axes wired to allauth's sign-in form: which account a failed sign-in counts against, and the
page a locked-out person sees."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LOCKED_OUT_STATUS = 429


def account_key(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """The email a sign-in aimed at, lower-cased so "Tess@…" and "tess@…" count as one account.

    allauth's form field is called ``login`` but allauth hands it to ``authenticate()`` as ``email``;
    axes looks in both places depending on where it is called from, so this answers for both.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return str(value or "").strip().lower()


def lockout_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    context = {"minutes": lockout_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "account/locked_out.html", context, status=LOCKED_OUT_STATUS)
