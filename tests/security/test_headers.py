"""Security headers on every HTML page, and no caching of anything a signed-in person sees."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["account_login", "account_reset_password", "account_reset_password_done", "account_signup"]
SIGNED_IN_PAGES = ["account_page", "account_change_password", "account_email", "mfa_index", "therapist_home"]


def directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def assert_secure_html_headers(response):
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "'unsafe-inline'" not in policy.get("style-src", "")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def assert_no_store(response):
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_have_the_security_headers(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_secure_html_headers(response)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_have_the_security_headers_and_are_not_stored(as_tess, name):
    response = as_tess.get(reverse(name))
    assert response.status_code == 200
    assert_secure_html_headers(response)
    assert_no_store(response)


def test_the_lockout_page_has_the_security_headers(cast, client, settings):
    settings.AXES_FAILURE_LIMIT = 1
    response = client.post(reverse("account_login"), {"login": "tess@riverside.example", "password": "wrong"})
    assert response.status_code == 429
    assert_secure_html_headers(response)


def test_api_responses_are_not_stored(as_tess, client):
    assert_no_store(as_tess.get("/api/v1/me"))
    assert_no_store(client.get("/api/v1/me"))
    assert_no_store(as_tess.get("/api/v1/clients"))


def test_pages_have_no_inline_script_or_style(as_tess, client):
    pages = [client.get(reverse(name)) for name in PUBLIC_PAGES]
    pages += [as_tess.get(reverse(name)) for name in SIGNED_IN_PAGES]
    for response in pages:
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert " style=" not in html
        assert "<style" not in html
