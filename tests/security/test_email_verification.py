"""Email verification: a new sign-in address takes effect only once its link is opened, and an account
whose address was never confirmed is asked to confirm it before getting in."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.security.conftest import confirm_it_is_me, is_signed_in, sign_in

pytestmark = pytest.mark.django_db

NEW_EMAIL = "tess.taylor@riverside.example"


def confirmation_link() -> str:
    return next(line.strip() for line in mail.outbox[-1].body.splitlines() if "/confirm-email/" in line)


def test_email_page_shows_the_current_address(as_tess):
    response = as_tess.get(reverse("account_email"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "tess@riverside.example" in html
    assert '<label for="id_email"' in html
    assert "accord/accord.css" in html


def test_changing_email_takes_effect_only_after_the_link_is_opened(cast):
    browser, _ = sign_in("tess@riverside.example")
    confirm_it_is_me(browser)
    response = browser.post(reverse("account_email"), {"email": NEW_EMAIL, "action_add": ""})
    assert response.status_code == 302
    cast.tess.refresh_from_db()
    assert cast.tess.email == "tess@riverside.example"  # not yet
    assert mail.outbox[-1].to == [NEW_EMAIL]
    pending = browser.get(reverse("account_email")).content.decode()
    assert NEW_EMAIL in pending and "Not confirmed yet" in pending

    link = confirmation_link()
    for private in ("Riverside", "Tess Taylor", "Cam", "Casey"):
        assert private not in mail.outbox[-1].body
    confirm_page = browser.get(link)
    assert confirm_page.status_code == 200
    assert NEW_EMAIL in confirm_page.content.decode()
    browser.post(link)
    cast.tess.refresh_from_db()
    assert cast.tess.email == NEW_EMAIL
    assert EmailAddress.objects.get(user=cast.tess).email == NEW_EMAIL

    again, response = sign_in(NEW_EMAIL)
    assert is_signed_in(again)


def test_a_bad_address_is_refused_next_to_the_field(cast):
    browser, _ = sign_in("tess@riverside.example")
    confirm_it_is_me(browser)
    response = browser.post(reverse("account_email"), {"email": "not an email", "action_add": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert 'value="not an email"' in html
    assert not mail.outbox


def test_someone_elses_address_cannot_be_taken(cast):
    browser, _ = sign_in("tess@riverside.example")
    confirm_it_is_me(browser)
    browser.post(reverse("account_email"), {"email": "cam@riverside.example", "action_add": ""})
    # The page does not reveal that the address is in use (no account enumeration), and the link that
    # went to Cam's mailbox cannot hand Cam's address to Tess.
    assert mail.outbox[-1].to == ["cam@riverside.example"]
    confirm_page = browser.get(confirmation_link())
    assert "already used by another account" in confirm_page.content.decode()
    browser.post(confirmation_link())
    cast.tess.refresh_from_db()
    assert cast.tess.email == "tess@riverside.example"
    assert EmailAddress.objects.get(email="cam@riverside.example", verified=True).user == cast.cam_user


def test_an_unconfirmed_address_must_be_confirmed_before_signing_in(cast):
    EmailAddress.objects.filter(user=cast.cam_user).update(verified=False)
    browser, response = sign_in("cam@riverside.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_signed_in(browser)
    assert mail.outbox[-1].to == ["cam@riverside.example"]
    browser.post(confirmation_link())
    assert EmailAddress.objects.get(user=cast.cam_user).verified
    browser, response = sign_in("cam@riverside.example")
    assert is_signed_in(browser)


def test_an_expired_or_wrong_link_says_so(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    assert response.status_code == 200
    assert "expired or does not work" in response.content.decode()
