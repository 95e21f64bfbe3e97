"""Every sign-in page allauth serves is Accord's own: its layout, its stylesheet, no inline script."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.security.conftest import sign_in

pytestmark = pytest.mark.django_db


def assert_accord_page(response, heading: str):
    html = response.content.decode()
    assert response.status_code == 200
    assert "accord/accord.css" in html
    assert 'class="skip-link"' in html
    assert re.search(r"<h1>\s*" + re.escape(heading), html), heading
    assert " · Accord</title>" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("account_login", "Sign in"),
        ("account_reset_password", "Reset your password"),
        ("account_reset_password_done", "Check your email"),
        ("account_signup", "Accounts are by invitation"),
        ("account_email_verification_sent", "Confirm your email address"),
        ("account_inactive", "Account not active"),
        ("account_reset_password_from_key_done", "Password changed"),
    ],
)
def test_public_pages(client, name, heading):
    assert_accord_page(client.get(reverse(name)), heading)


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("account_logout", "Sign out"),
        ("account_change_password", "Change your password"),
        ("account_email", "Your email address"),
        ("mfa_index", "Two-step sign-in"),
        ("account_reauthenticate", "Confirm it is you"),
    ],
)
def test_signed_in_pages(as_cam, name, heading):
    assert_accord_page(as_cam.get(reverse(name)), heading)


def test_a_bad_reset_link_says_it_no_longer_works(client, cast):
    response = client.get(reverse("account_reset_password_from_key", args=["1", "not-a-key"]), follow=True)
    assert_accord_page(response, "This link no longer works")


def test_confirming_it_is_me_by_an_emailed_code(cast):
    browser, _ = sign_in("cam@riverside.example")
    page = browser.get(reverse("account_request_reauthentication_code"))
    assert_accord_page(page, "Confirm it is you")
    response = browser.post(
        reverse("account_request_reauthentication_code"), {"recipient": "cam@riverside.example"}
    )
    assert response.status_code == 302
    code_page = browser.get(response["Location"])
    assert_accord_page(code_page, "Enter the code")
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    confirmed = browser.post(reverse("account_confirm_reauthentication_code"), {"code": code})
    assert confirmed.status_code == 302
    assert browser.get(reverse("mfa_activate_totp")).status_code == 200
