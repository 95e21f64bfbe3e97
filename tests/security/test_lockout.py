"""Lockout after settings.AXES_FAILURE_LIMIT failed sign-ins on one account (django-axes + allauth)."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accord.audit.models import Action, AuditEvent
from tests.security.conftest import is_signed_in, sign_in

pytestmark = pytest.mark.django_db

TESS = "tess@riverside.example"


def fail_until_locked(email: str = TESS):
    """Fail one less than the limit (each shows the form again), then once more (the lock)."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _, response = sign_in(email, "wrong password")
        assert response.status_code == 200
        assert "locked" not in response.content.decode().lower()
    _, response = sign_in(email, "wrong password")
    return response


def test_the_limit_is_ten_by_default():
    assert settings.AXES_FAILURE_LIMIT == 10


def test_account_locks_at_the_limit_with_a_clear_message(cast):
    response = fail_until_locked()
    assert response.status_code == 429
    html = response.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert "Too many failed sign-ins for this account" in html
    assert f"locked for {minutes} minutes" in html
    assert reverse("account_reset_password") in html
    assert "accord/accord.css" in html  # Accord's own page, not a bare error


def test_the_right_password_does_not_open_a_locked_account(cast):
    fail_until_locked()
    browser, response = sign_in(TESS)
    assert response.status_code == 429
    assert not is_signed_in(browser)


def test_lockout_is_audited_against_the_account(cast):
    fail_until_locked()
    locked = AuditEvent.objects.filter(action=Action.LOCKED_OUT)
    assert locked.count() == 1
    assert locked.get().actor == cast.tess
    assert AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED, actor=cast.tess).count() == (
        settings.AXES_FAILURE_LIMIT
    )


def test_lock_is_per_account_not_per_address(cast):
    fail_until_locked()
    browser, response = sign_in("cam@riverside.example")
    assert response.status_code == 302
    assert is_signed_in(browser)


def test_email_case_does_not_dodge_the_count(cast):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(TESS.upper() if i % 2 else TESS, "wrong password")
    _, response = sign_in("Tess@Riverside.Example", "wrong password")
    assert response.status_code == 429


def test_a_success_before_the_limit_resets_the_count(cast):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(TESS, "wrong password")
    browser, response = sign_in(TESS)
    assert response.status_code == 302
    browser.post(reverse("account_logout"))
    _, response = sign_in(TESS, "wrong password")
    assert response.status_code == 200


def test_the_lock_ends_after_the_cool_off_time(cast, time_machine):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    fail_until_locked()
    time_machine.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 60)
    browser, response = sign_in(TESS)
    assert response.status_code == 302
    assert is_signed_in(browser)


def test_resetting_the_password_by_email_lifts_the_lock(cast, client):
    fail_until_locked()
    client.post(reverse("account_reset_password"), {"email": TESS})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/key/" in line)
    response = client.get(link.strip(), follow=True)
    new_password = "a brand new long password"
    client.post(response.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    browser, response = sign_in(TESS, new_password)
    assert response.status_code == 302
    assert is_signed_in(browser)
