"""Creating and revoking personal API tokens: each writes the token and its audit event together."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from accord.accounts.models import ApiToken
from accord.audit.models import Action
from accord.audit.recording import record


def issue_api_token(request: HttpRequest, *, name: str) -> tuple[ApiToken, str]:
    """A new token for the signed-in person; the raw secret is returned once and never stored."""
    token, raw = ApiToken.issue(request.user, name)
    record(Action.API_TOKEN_CREATED, request=request, obj=token, detail={"hint": token.hint})
    return token, raw


def revoke_api_token(request: HttpRequest, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(Action.API_TOKEN_REVOKED, request=request, obj=token, detail={"hint": token.hint})
