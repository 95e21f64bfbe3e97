"""Password rules by role, password change ending other sessions, and password reset by email."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client as BrowserClient
from django.urls import reverse

from accord.audit.models import Action, AuditEvent
from tests.factories import PASSWORD
from tests.security.conftest import is_signed_in, sign_in

pytestmark = pytest.mark.django_db

TESS = "tess@riverside.example"
NEW_PASSWORD = "another long passphrase"


@pytest.mark.parametrize("person", ["ada", "tess", "theo"])
def test_staff_need_twelve_characters(cast, person):
    staff = getattr(cast, person)
    with pytest.raises(ValidationError) as error:
        validate_password("elevenchars", user=staff)
    assert "at least 12 characters" in str(error.value)
    validate_password("twelve chars", user=staff)


def test_clients_need_ten_characters(cast):
    with pytest.raises(ValidationError) as error:
        validate_password("nine char", user=cast.cam_user)
    assert "at least 10 characters" in str(error.value)
    validate_password("ten chars!", user=cast.cam_user)


def test_without_a_known_person_the_staff_rule_applies():
    with pytest.raises(ValidationError):
        validate_password("elevenchars")


def change_password(browser, new1: str, new2: str | None = None, old: str = PASSWORD):
    return browser.post(
        reverse("account_change_password"),
        {"oldpassword": old, "password1": new1, "password2": new2 if new2 is not None else new1},
    )


def test_change_password_page_renders_in_accords_layout(as_tess):
    response = as_tess.get(reverse("account_change_password"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "accord/accord.css" in html
    for field in ("id_oldpassword", "id_password1", "id_password2"):
        assert f'<label for="{field}"' in html


def test_a_short_staff_password_is_refused_next_to_the_field(cast):
    browser, _ = sign_in(TESS)
    response = change_password(browser, "short pass")
    html = response.content.decode()
    assert response.status_code == 200
    assert "at least 12 characters" in html
    assert 'id="id_password1_error"' in html
    cast.tess.refresh_from_db()
    assert cast.tess.check_password(PASSWORD)


def test_password_change_keeps_this_session_and_ends_the_others(cast):
    here, _ = sign_in(TESS)
    elsewhere, _ = sign_in(TESS)
    response = change_password(here, NEW_PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert elsewhere.get(reverse("account_page"))["Location"].startswith(reverse("account_login"))
    assert AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED, actor=cast.tess).count() == 1


def reset_link(outbox_index: int = 0) -> str:
    body = mail.outbox[outbox_index].body
    return next(line.strip() for line in body.splitlines() if "/password/reset/key/" in line)


def test_password_reset_email_carries_only_a_link(cast, client):
    response = client.post(reverse("account_reset_password"), {"email": TESS})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [TESS]
    assert reset_link().startswith("http")
    for private in ("Cam", "Casey", "Riverside", "Tess Taylor", "therapist"):
        assert private not in message.body
        assert private not in message.subject


def test_password_reset_for_an_unknown_address_looks_the_same(client, cast):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@nowhere.example"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert "/password/reset/key/" not in "".join(m.body for m in mail.outbox)


def test_reset_link_works_once(cast, client):
    client.post(reverse("account_reset_password"), {"email": TESS})
    link = reset_link()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    cast.tess.refresh_from_db()
    assert cast.tess.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET, actor=cast.tess).count() == 1

    # Someone who finds the old email later, in another browser.
    again = BrowserClient().get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_password_reset_ends_every_session(cast, client):
    signed_in_elsewhere, _ = sign_in(TESS)
    client.post(reverse("account_reset_password"), {"email": TESS})
    form_page = client.get(reset_link(), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not is_signed_in(signed_in_elsewhere)


def test_reset_with_mismatched_passwords_keeps_the_old_one(cast, client):
    client.post(reverse("account_reset_password"), {"email": TESS})
    form_page = client.get(reset_link(), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": "different"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    cast.tess.refresh_from_db()
    assert cast.tess.check_password(PASSWORD)
