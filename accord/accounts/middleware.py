"""Session lifetime, two-factor enforcement and no-store caching for signed-in pages."""

from __future__ import annotations

import contextlib
import time
import zoneinfo
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from accord.accounts import drafts
from accord.audit.models import Action
from accord.audit.recording import record

SESSION_STARTED_KEY = "accord_started_at"
SESSION_LAST_SEEN_KEY = "accord_last_seen_at"
# The activity timestamp is written at most this often: each write is a session save (a database write), and
# an idle timeout counted in minutes does not need a finer clock.
LAST_SEEN_RESOLUTION_SECONDS = 60
# Requests that must not count as activity, or the idle warning's own poll would keep a session alive.
PASSIVE_PATHS = ("/account/session-status/",)
# Called by scripts, not people: they get a JSON 401 instead of a redirect to the sign-in page (a script
# would follow the redirect and take the sign-in page for success).
KEEP_ALIVE_PATH = "/account/keep-alive/"  # "Stay signed in" always counts, however recent the last write
SCRIPT_PATHS = (
    "/api/",
    "/account/session-status/",
    KEEP_ALIVE_PATH,
    drafts.KEEP_DRAFT_PATH,
    "/account/leave/",
)
# A page's own script marks the requests it makes with this header: "passive" for those it sends by itself
# (the live builder's poll and "still here"), which are no activity, and "active" for what the person did
# (a field typed into). Either way an ended session answers it in JSON, as for SCRIPT_PATHS.
SCRIPT_HEADER = "X-Accord-Script"


def is_passive(request: HttpRequest) -> bool:
    return request.path in PASSIVE_PATHS or request.headers.get(SCRIPT_HEADER) == "passive"


def is_script(request: HttpRequest) -> bool:
    return request.path.startswith(SCRIPT_PATHS) or SCRIPT_HEADER in request.headers


# When the session last found the staff member's TOTP in place: asked again after this long, not on every
# request (removing TOTP in this session forgets it at once: accounts/signals.py).
TWO_FACTOR_CHECKED_KEY = "accord_2fa_checked_at"
TWO_FACTOR_RECHECK_SECONDS = 60


def mark_session_started(request: HttpRequest) -> None:
    now = time.time()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_LAST_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    """Sign out after ``ACCORD_IDLE_TIMEOUT_MINUTES`` without activity and 12 hours after sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                return self._end_session(request, expired)
            if not is_passive(request):
                now = time.time()
                last_seen = request.session.get(SESSION_LAST_SEEN_KEY, 0)
                if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS or request.path == KEEP_ALIVE_PATH:
                    request.session[SESSION_LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> str | None:
        now = time.time()
        started = request.session.get(SESSION_STARTED_KEY)
        last_seen = request.session.get(SESSION_LAST_SEEN_KEY)
        if started is None or last_seen is None:
            # A session from before this middleware existed: start counting now.
            mark_session_started(request)
            return None
        if now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
            return "absolute"
        if now - last_seen > settings.IDLE_TIMEOUT_MINUTES * 60:
            return "idle"
        return None

    def _end_session(self, request: HttpRequest, reason: str) -> HttpResponse:
        record(Action.SESSION_EXPIRED, request=request, detail={"reason": reason})
        # A form sent after the time-out keeps what was typed across sign-in (accord/accounts/drafts.py).
        user_id = request.user.pk  # a session that ends belongs to someone signed in
        draft = drafts.draft_from_post(request, user_id) if user_id is not None else None
        logout(request)
        drafts.keep(request, draft)
        if request.path == drafts.KEEP_DRAFT_PATH and draft is not None:
            return HttpResponse(status=204)
        if is_script(request):
            return JsonResponse(
                {"detail": _("Your session has ended. Sign in again."), "errors": {}}, status=401
            )
        messages.info(request, _("You were signed out to keep your information safe. Please sign in again."))
        return redirect(after_sign_out(request, draft))


def after_sign_out(request: HttpRequest, draft: dict | None = None) -> str:
    """Where a request that found its session ended goes: the sign-in page, then back where the person was.

    A sign-in, sign-out or password page is shown again as asked (now signed out), never named as the page
    to come back to: that was the ``?next=/accounts/login/`` loop."""
    if request.path.startswith("/accounts/"):
        return request.get_full_path() if request.method == "GET" else reverse(settings.LOGIN_URL)
    login_url = reverse(settings.LOGIN_URL)
    if draft is not None:
        back_to = draft["page"]
    elif request.method == "GET":
        back_to = request.get_full_path()
    else:
        return login_url
    return f"{login_url}?{urlencode({'next': back_to})}"


def has_two_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_has_two_factor(request: HttpRequest) -> bool:
    """``has_two_factor`` of the signed-in user, asked at most once a minute per session while the answer
    is yes (a query on every staff request otherwise)."""
    now = time.time()
    if now - request.session.get(TWO_FACTOR_CHECKED_KEY, 0) < TWO_FACTOR_RECHECK_SECONDS:
        return True
    if has_two_factor(request.user):
        request.session[TWO_FACTOR_CHECKED_KEY] = now
        return True
    return False


class RequireTwoFactorMiddleware:
    """With ``ACCORD_REQUIRE_2FA`` on, staff must set up TOTP before they can use anything else."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/account/session-status/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.ACCORD_REQUIRE_2FA
            and user.is_authenticated
            and getattr(user, "is_practice_staff", False)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not session_has_two_factor(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Set up two-factor sign-in before using the API."), "errors": {}}, status=403
                )
            messages.warning(request, _("Your practice requires two-factor sign-in. Please set it up now."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a signed-in person sees may linger in a shared computer's cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response


class UserTimeZoneMiddleware:
    """Show times in the signed-in person's own time zone (they are stored in UTC)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
        timezone.deactivate()
        # An unknown zone name shows UTC rather than failing the page.
        with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
            if zone:
                timezone.activate(zoneinfo.ZoneInfo(zone))
        return self.get_response(request)


def activate_language_of(request: HttpRequest, user) -> None:
    """Pages and messages for ``user`` in their own language from here on (also the API's token sign-in)."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()  # as LocaleMiddleware sets it


class UserLanguageMiddleware:
    """A signed-in person sees Accord in the language chosen on their account page, not the browser's.

    Signed out, ``LocaleMiddleware`` (before this one) has already chosen from the switch's cookie or
    ``Accept-Language``. The language chosen here, or by the API's token sign-in during the view, lasts
    for this request only: the thread goes back to the previous one after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with translation.override(translation.get_language()):
            if request.user.is_authenticated:
                activate_language_of(request, request.user)
            response = self.get_response(request)
            # LocaleMiddleware keeps a Content-Language already set (it would name the browser's choice).
            response.headers.setdefault("Content-Language", translation.get_language())
        return response
