"""The account page (who I am, password, email, two-factor, API tokens) and the session keep-alive."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.accounts.access import get_own_api_token
from accord.accounts.forms_account import ApiTokenForm
from accord.accounts.middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY
from accord.api.actions import issue_api_token, revoke_api_token

TEMPLATE = "account/account_page.html"


def _render_account_page(
    request: HttpRequest, form: ApiTokenForm, *, new_token=None, new_token_raw: str = ""
) -> HttpResponse:
    user = request.user
    authenticator_types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    context = {
        "person": user,
        "practice": user.practice,
        "two_factor_on": Authenticator.Type.TOTP in authenticator_types,
        "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in authenticator_types,
        "tokens": user.api_tokens.filter(revoked_at__isnull=True),
        "form": form,
        "new_token": new_token,
        "new_token_raw": new_token_raw,
    }
    return render(request, TEMPLATE, context)


@require_GET
@login_required
def account_page(request: HttpRequest) -> HttpResponse:
    return _render_account_page(request, ApiTokenForm())


@require_POST
@login_required
def create_token(request: HttpRequest) -> HttpResponse:
    """The raw token is written into this response only: never into a URL, a message or the session."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_account_page(request, form)
    token, raw = issue_api_token(request, name=form.cleaned_data["name"])
    return _render_account_page(request, ApiTokenForm(), new_token=token, new_token_raw=raw)


@require_POST
@login_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_own_api_token(request, token_id)
    revoke_api_token(request, token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("account_page")


def seconds_left(request: HttpRequest) -> int:
    """Seconds until this session ends by itself: idle time-out or absolute lifetime, whichever is first."""
    now = time.time()
    last_seen = request.session.get(SESSION_LAST_SEEN_KEY, now)
    started = request.session.get(SESSION_STARTED_KEY, now)
    idle_end = last_seen + settings.IDLE_TIMEOUT_MINUTES * 60
    absolute_end = started + settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
    return max(0, int(min(idle_end, absolute_end) - now))


@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """For the idle warning: reading it does not count as activity (see middleware.PASSIVE_PATHS)."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False, "seconds_left": 0})
    return JsonResponse({"authenticated": True, "seconds_left": seconds_left(request)})


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": the middleware has already counted this request as activity.

    A script calls it, so a signed-out caller gets 401 rather than a redirect to the sign-in page (which
    a script would follow and take for success)."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("You are signed out."), "errors": {}}, status=401)
    return HttpResponse(status=204)
