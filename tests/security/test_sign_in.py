"""Signing in and out with email and password, and the audit trail of it."""

import pytest
from django.urls import reverse

from accord.accounts.models import User
from accord.audit.models import Action, AuditEvent
from tests.security.conftest import is_signed_in, sign_in

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_accords_own(client):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "accord/accord.css" in html
    assert 'name="login"' in html and 'type="password"' in html
    assert '<label for="id_login"' in html and '<label for="id_password"' in html
    assert reverse("account_reset_password") in html
    assert reverse("account_signup") not in html  # invitation only


def test_sign_in_with_email_and_password_lands_on_own_home(cast):
    browser, response = sign_in("tess@riverside.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_signed_in(browser)
    event = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert event.actor == cast.tess
    assert event.practice == cast.practice_a
    assert event.ip_address == "127.0.0.1"


def test_email_is_not_case_sensitive(cast):
    browser, response = sign_in("Tess@Riverside.example")
    assert response.status_code == 302
    assert is_signed_in(browser)


def test_sign_in_rotates_the_session_key(cast, client):
    client.get(reverse("account_login"))
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    sign_in("tess@riverside.example", browser=client)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-id"


def test_wrong_password_is_refused_audited_and_keeps_the_email(cast):
    browser, response = sign_in("tess@riverside.example", "not the password")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-errors"' in html
    assert 'value="tess@riverside.example"' in html
    assert not is_signed_in(browser)
    event = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert event.actor == cast.tess
    assert event.detail == {"known_account": True}
    assert "not the password" not in str(event.detail)


def test_failed_sign_in_for_unknown_email_is_audited_without_an_actor(cast):
    sign_in("nobody@nowhere.example", "whatever it is")
    event = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert event.actor is None
    assert event.detail == {"known_account": False}
    assert "nobody@nowhere.example" not in str(event.detail)


def test_empty_form_shows_errors_next_to_fields(cast):
    _, response = sign_in("", "")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert 'id="id_login_error"' in html


def test_deactivated_person_cannot_sign_in(cast):
    cast.tess.is_active = False
    cast.tess.save()
    browser, response = sign_in("tess@riverside.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert not is_signed_in(browser)
    assert "switched off" in browser.get(reverse("account_inactive")).content.decode()


def test_sign_out_is_a_post_and_is_audited(cast):
    browser, _ = sign_in("tess@riverside.example")
    assert browser.get(reverse("account_logout")).status_code == 200  # a confirmation page, no sign-out
    assert is_signed_in(browser)
    response = browser.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not is_signed_in(browser)
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT, actor=cast.tess).count() == 1


def test_signed_out_visitor_is_sent_to_sign_in(client, cast):
    response = client.get(reverse("account_page"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_signing_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a long enough password",
            "password2": "a long enough password",
        },
    )
    assert response.status_code == 200
    assert "invitation" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()
