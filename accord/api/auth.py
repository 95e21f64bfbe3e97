"""Who is calling: a personal API token (``Authorization: Bearer acc_…``) or Accord's own browser session.

A token carries exactly its owner's rights: it authenticates as the owner (``request.user``), so every
access helper and audit record treats the call as theirs. Revoked tokens and tokens of deactivated people
are refused with 401.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer

from accord.accounts.middleware import activate_language_of, has_two_factor, session_has_two_factor
from accord.accounts.models import ApiToken, hash_token

# Writing last_used_at on every call would turn each read into a write; once a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)

TWO_FACTOR_REQUIRED = _("Set up two-factor sign-in before using the API.")


def require_two_factor_if_needed(user, request: HttpRequest | None = None) -> None:
    """Staff must have TOTP when the practice requires it, whether they call with a token or a session
    (``request``: its session remembers the answer for a minute)."""
    if not (settings.ACCORD_REQUIRE_2FA and user.is_practice_staff):
        return
    if not (session_has_two_factor(request) if request is not None else has_two_factor(user)):
        raise AuthorizationError(message=str(TWO_FACTOR_REQUIRED))


def note_token_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class ApiTokenAuth(HttpBearer):
    """A personal API token, created and revoked on the account page."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token:
            return None
        found = (
            ApiToken.objects.active()
            .select_related("user", "user__practice")
            .filter(token_hash=hash_token(token))
            .first()
        )
        if found is None:
            return None
        note_token_used(found)
        request.user = found.user
        activate_language_of(request, found.user)  # the answer, errors too, in the caller's language
        require_two_factor_if_needed(found.user)
        return found.user


class SessionAuth(APIKeyCookie):
    """Accord's own pages calling the API with the signed-in browser session (CSRF-checked).

    Unlike ninja's ``django_auth`` it checks CSRF only when there is a signed-in session, so a caller
    with no credentials at all gets 401, not a CSRF error.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        if not user.is_authenticated:
            return None
        # The session path is already guarded by RequireTwoFactorMiddleware; this keeps the rule in one
        # place for both ways in.
        require_two_factor_if_needed(user, request)
        return user


api_token_auth = ApiTokenAuth()
session_auth = SessionAuth()
