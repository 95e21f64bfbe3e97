"""API test helpers: a browser-less client calling with a personal token."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from accord.accounts.models import ApiToken


class TokenClient:
    """Calls the API as a program would: a Bearer token, no cookies, no CSRF."""

    def __init__(self, raw_token: str):
        self.http = HttpClient()
        self.header = f"Bearer {raw_token}"

    def get(self, path: str, **params):
        return self.http.get(path, params, HTTP_AUTHORIZATION=self.header)

    def post(self, path: str, data=None):
        return self.http.post(
            path, data or {}, content_type="application/json", HTTP_AUTHORIZATION=self.header
        )


def token_client(user, name: str = "test token") -> TokenClient:
    _, raw = ApiToken.issue(user, name)
    return TokenClient(raw)


@pytest.fixture
def api_as(cast):
    """``api_as("tess")`` → a TokenClient carrying a fresh token of that member of the cast."""
    people = {
        "ada": cast.ada,
        "tess": cast.tess,
        "theo": cast.theo,
        "cam": cast.cam_user,
        "casey": cast.casey_user,
        "cleo": cast.cleo_user,
    }
    return lambda who: token_client(people[who])
