"""Rendered pages about clients, cached until anything they show changes (docs/architecture.md).

The heavy pages (the therapist's client page, a goal's page, the in-session review, the pre-session brief, the
client's home and the caseload) cost 15–30 ms of CPU to build and are read far more often than the data under
them changes. Each is cached whole, under a key made of:

- the client's data version (``accord.dataversion``: a token every write about the client changes; for the
  caseload, the tokens of every client on it) — so a change is never hidden;
- who is reading (their id, role and own fields), the language, time zone and today's date where they are,
  the path with its query string and the htmx headers the page varies on;
- ``CODE_VERSION``.

Only what the reader was allowed to see is ever stored, and only after the view decided they may see it and
recorded the read in the audit trail (the views call the access helpers first, as before). A page is not
served from the cache, nor stored, when the request carries a flash message or a restored draft (they belong
to that one response), when it is not a GET, or when the response is not a plain 200 HTML page or carries a
form's one-time submission key (each copy of such a form needs its own).

The CSRF tokens in a page are the reader's session's: before storing, every token of this request is replaced
by a placeholder, and each response from the cache gets the current request's token.

The cache is per process (``CACHES["pages"]``, local memory, bounded): health data never leaves the process,
and restarting Accord (a deploy) empties it. Entries also expire after ``TTL_SECONDS``, which bounds how long
text that changes with the clock alone ("due in 2 hours") can lag.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.core.cache import caches
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils import timezone
from django.utils.translation import get_language

from accord.accounts.drafts import DRAFT_KEY

CACHE_ALIAS = "pages"
TTL_SECONDS = 120
# Change when what a cached page contains changes in a way a restart would not clear (never, with a
# per-process cache; kept so a shared cache could be used safely later).
CODE_VERSION = "1"
CSRF_PLACEHOLDER = b"\x00accord-csrf-token\x00"
_TOKEN_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# A form's one-time key (a double submit stores one row) must differ in every copy of a page, or a second
# tab's different words would be taken for a repeat of the first: a page carrying one is not cached.
_ONE_TIME_KEY = re.compile(rb'name="[\w-]*(?:submission_key|idempotency_key)"')
# Fields of the reader that never show on a page (and change on every sign-in).
_READER_FIELDS_NOT_SHOWN = frozenset({"password", "last_login"})
# What the responses a page view makes carry beyond their body, restored on a hit.
ATTRIBUTES_KEPT = ("client_ids_shown",)


def page(
    request: HttpRequest, name: str, version: str | None, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page ``build`` makes, from the cache while ``version`` (the data version of what it shows) holds.

    Call only after the access checks (and the audit record of the read) the page needs."""
    if version is None or not _cacheable_request(request):
        return build()
    key = _key(request, name, version)
    pages = caches[CACHE_ALIAS]
    entry = pages.get(key)
    if entry is not None:
        return _response_from(request, entry)
    response = build()
    if _cacheable_response(response) and not _ONE_TIME_KEY.search(response.content):
        pages.set(key, _entry_of(request, response), TTL_SECONDS)
    return response


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET":
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):  # counts without marking them shown
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.get(DRAFT_KEY))


def _cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )


def _key(request: HttpRequest, name: str, version: str) -> str:
    reader = request.user
    parts = [
        CODE_VERSION,
        name,
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        _fields_of(reader),
        get_language() or "",
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        version,
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _fields_of(reader: object) -> str:
    """The reader's own stored values (id, role, name, language …), as loaded for this request."""
    if not isinstance(reader, Model):
        return "anonymous"
    values = [
        f"{field.attname}={getattr(reader, field.attname)!r}"
        for field in reader._meta.concrete_fields
        if field.name not in _READER_FIELDS_NOT_SHOWN
    ]
    return "|".join(values)


def versions_key(pairs: list[tuple[int, str | None]]) -> str | None:
    """One version for a page showing many clients: their (id, token) pairs, or None if one has none."""
    if any(token is None for _pk, token in pairs):
        return None
    joined = ",".join(f"{pk}:{token}" for pk, token in sorted(pairs))
    return hashlib.sha256(joined.encode()).hexdigest()


# --- storing and serving ----------------------------------------------------------------------------------


def _entry_of(request: HttpRequest, response: HttpResponse) -> tuple:
    body = _without_csrf_tokens(response.content, request.META.get("CSRF_COOKIE", ""))
    headers = [(name, value) for name, value in response.items()]
    kept = {name: getattr(response, name) for name in ATTRIBUTES_KEPT if hasattr(response, name)}
    return (body, headers, kept)


def _response_from(request: HttpRequest, entry: tuple) -> HttpResponse:
    body, headers, kept = entry
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    for name, value in kept.items():
        setattr(response, name, value)
    return response


def _without_csrf_tokens(body: bytes, secret: str) -> bytes:
    """``body`` with every CSRF token of ``secret`` (each masked differently) replaced by the placeholder."""
    if len(secret) != CSRF_SECRET_LENGTH:
        return body

    def replace(match: re.Match[bytes]) -> bytes:
        token = match.group().decode()
        return CSRF_PLACEHOLDER if _unmasked(token) == secret else match.group()

    return _TOKEN_CANDIDATE.sub(replace, body)


def _unmasked(token: str) -> str:
    """The secret a masked CSRF token carries: its first half is the mask, the second the secret shifted by
    it, character by character (Django's masking, django/middleware/csrf.py)."""
    mask, shifted = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    chars = CSRF_ALLOWED_CHARS
    return "".join(chars[chars.index(s) - chars.index(m)] for s, m in zip(shifted, mask, strict=True))
