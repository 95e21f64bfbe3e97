"""The runbook's commands: unlock a locked-out account, recover a staff member who lost their authenticator,
add a second admin."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from axes.models import AccessAttempt
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client as BrowserClient

from accord.accounts.models import Role, User
from accord.audit.models import Action, AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def failed_sign_ins(email: str, times: int) -> None:
    browser = BrowserClient()
    for _ in range(times):
        browser.post("/accounts/login/", {"login": email, "password": "wrong password entirely"})


def test_a_locked_out_account_is_unlocked_with_axes_reset_username(settings, cast):
    settings.AXES_FAILURE_LIMIT = 3
    failed_sign_ins("tess@riverside.example", 3)
    locked = BrowserClient().post(
        "/accounts/login/", {"login": "tess@riverside.example", "password": PASSWORD}
    )
    assert locked.status_code == 429
    call_command("axes_reset_username", "tess@riverside.example", verbosity=0)
    assert not AccessAttempt.objects.exists()
    unlocked = BrowserClient().post(
        "/accounts/login/", {"login": "tess@riverside.example", "password": PASSWORD}
    )
    assert unlocked.status_code == 302


def test_reset_two_factor_removes_the_authenticator_and_signs_the_person_out(cast, capsys):
    TOTP.activate(cast.ada, generate_totp_secret())
    browser = BrowserClient()
    browser.force_login(cast.ada)
    call_command("reset_two_factor", "ADA@riverside.example")
    assert not Authenticator.objects.filter(user=cast.ada).exists()
    assert browser.get("/").status_code == 302  # signed out
    event = AuditEvent.objects.get(action=Action.MFA_CHANGED)
    assert event.detail["reset_by"] == "operator" and event.actor is None
    assert "ada@" not in capsys.readouterr().out


def test_reset_two_factor_refuses_an_unknown_address(cast):
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_two_factor", "nobody@riverside.example")


def test_add_admin_gives_a_practice_a_second_admin(cast, monkeypatch):
    monkeypatch.setenv("NEW_ADMIN_PASSWORD", "a long admin passphrase 2026")
    call_command(
        "add_admin",
        "--practice",
        cast.practice_a.name,
        "--admin-email",
        "bea@riverside.example",
        "--admin-name",
        "Bea Moreau",
        "--password-from-env",
        "NEW_ADMIN_PASSWORD",
        verbosity=0,
    )
    bea = User.objects.get(email="bea@riverside.example")
    assert (bea.role, bea.practice) == (Role.ADMIN, cast.practice_a)
    assert AuditEvent.objects.filter(action=Action.ROLE_CHANGED, practice=cast.practice_a).exists()


def test_add_admin_refuses_an_unknown_practice(cast, monkeypatch):
    monkeypatch.setenv("NEW_ADMIN_PASSWORD", "a long admin passphrase 2026")
    with pytest.raises(CommandError, match="No single practice"):
        call_command(
            "add_admin",
            "--practice",
            "Nowhere",
            "--admin-email",
            "bea@riverside.example",
            "--admin-name",
            "Bea Moreau",
            "--password-from-env",
            "NEW_ADMIN_PASSWORD",
        )
    assert not User.objects.filter(email="bea@riverside.example").exists()
