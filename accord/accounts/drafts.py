"""What a person typed when their session ended, kept across sign-in so nothing they wrote is lost.

Two ways in, one way out:

- A form posted after the idle time-out (the page was left open, the person comes back and presses
  "Send"): ``SessionLifetimeMiddleware`` signs them out as before, but first keeps the posted fields here
  (only if the form's CSRF token is valid, so another site cannot plant words in someone's form).
- The idle warning's own sign-out: ``accord.js`` posts the form the person had started to
  ``/account/keep-draft/`` just before it leaves the page.

Either way the draft lives in the server-side session (never in the browser's storage, which a shared
device would keep), tied to the person who typed it, for an hour at most. After signing in again the person
is sent back to the page they were on; the first full page view of that page hands the draft to the page
(``restored_draft`` in the template context) and forgets it, and ``accord.js`` puts the words back into the
form, saying so. The person checks it and sends it again; a form's one-time key is kept, so a draft that had
in fact been saved is not saved twice. Passwords and the CSRF token are never kept.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

DRAFT_KEY = "accord_draft"
KEEP_DRAFT_PATH = "/account/keep-draft/"
PAGE_FIELD, ACTION_FIELD = "accord_page", "accord_action"
DRAFT_LIFETIME_SECONDS = 60 * 60
# Enough for every form Accord has (a long message is 5,000 characters); a bigger post is not kept.
MAX_DRAFT_CHARACTERS = 60_000
NEVER_KEPT = ("csrfmiddlewaretoken", PAGE_FIELD, ACTION_FIELD)


def csrf_ok(request: HttpRequest) -> bool:
    """Whether the post carries a valid CSRF token (asked before the view, which never runs here)."""

    def view(_request):  # pragma: no cover - never called
        return None

    return CsrfViewMiddleware(view).process_view(request, view, (), {}) is None


def _local_path(request: HttpRequest, url: str) -> str | None:
    if not url or not url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return None
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def draft_from_post(request: HttpRequest, user_id: int) -> dict[str, Any] | None:
    """The fields of this post worth keeping for ``user_id``, or None (nothing typed, bad token, too big)."""
    if request.method != "POST" or not csrf_ok(request):
        return None
    fields = [
        [name, value]
        for name, values in request.POST.lists()
        if name not in NEVER_KEPT and "password" not in name.lower()
        for value in values
    ]
    if not fields or sum(len(name) + len(value) for name, value in fields) > MAX_DRAFT_CHARACTERS:
        return None
    if request.path == KEEP_DRAFT_PATH:
        page = _local_path(request, request.POST.get(PAGE_FIELD, ""))
        action = _local_path(request, request.POST.get(ACTION_FIELD, ""))
    else:
        # The form's own page (the referrer) is where the person goes back to; the address it posts to may
        # answer POST only.
        action = request.path
        page = _local_path(request, request.headers.get("referer", "")) or action
    if page is None or action is None:
        return None
    return {
        "user": user_id,
        "page": page,
        "action": urlsplit(action).path,
        "fields": fields,
        "at": time.time(),
    }


def keep(request: HttpRequest, draft: dict[str, Any] | None) -> None:
    if draft is not None:
        request.session[DRAFT_KEY] = draft


def page_to_return_to(request: HttpRequest) -> str | None:
    draft = request.session.get(DRAFT_KEY)
    return draft["page"] if draft else None


def take(request: HttpRequest) -> dict[str, Any] | None:
    """The kept draft for this page and this person, handed over once; a stale one is dropped."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated or DRAFT_KEY not in session:
        return None
    draft = session[DRAFT_KEY]
    if draft.get("user") != user.pk or time.time() - draft.get("at", 0) > DRAFT_LIFETIME_SECONDS:
        del session[DRAFT_KEY]
        return None
    if urlsplit(draft["page"]).path != request.path or request.method != "GET":
        return None
    del session[DRAFT_KEY]
    return {
        "action": draft["action"],
        "fields": draft["fields"],
        "notice": _(
            "You were signed out before this was sent. What you typed is back in the form: check it and "
            "send it again."
        ),
    }
