"""Helpers for the sign-in tests: a real sign-in through allauth's form, and a cache emptied between tests
(allauth keeps rate limits and used TOTP codes there; axes keeps its counts in the database)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(email: str, password: str = PASSWORD, browser: BrowserClient | None = None):
    """POST allauth's sign-in form as a browser would; returns (browser, response)."""
    browser = browser or BrowserClient()
    response = browser.post(reverse("account_login"), {"login": email, "password": password})
    return browser, response


def is_signed_in(browser: BrowserClient) -> bool:
    response = browser.get(reverse("session_status"))
    return response.json()["authenticated"]


def confirm_it_is_me(browser: BrowserClient, password: str = PASSWORD):
    """allauth asks for the password again before changing sign-in settings ("Confirm it is you")."""
    response = browser.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
