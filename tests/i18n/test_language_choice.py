"""Each person's own language: chosen on the account page, for clients and staff apart, used on every page
they see signed in whatever their browser asks for; signed out, the browser's language or the switch."""

from __future__ import annotations

import pytest
from django.test import Client as Browser
from django.urls import reverse

from accord.accounts.models import User
from tests.conftest import signed_in
from tests.i18n.support import spanish

pytestmark = pytest.mark.django_db


def page_language(response) -> str:
    return response["Content-Language"]


def test_a_client_chooses_spanish_on_the_account_page(cast, as_casey):
    page = as_casey.get(reverse("account_page"))
    assert 'name="language"' in page.content.decode()

    answer = as_casey.post(reverse("account_language"), {"language": "es"})

    assert answer.status_code == 302 and answer["Location"] == reverse("account_page")
    assert User.objects.get(pk=cast.casey_user.pk).language == "es"
    after = as_casey.get(reverse("account_page"))
    assert page_language(after) == "es"
    assert '<html lang="es">' in after.content.decode()
    assert spanish("Your language is saved.") in after.content.decode()


def test_staff_and_clients_choose_apart(cast, as_tess, casey_in_spanish):
    """A therapist in English has a client in Spanish: each sees their own."""
    as_casey = signed_in(casey_in_spanish)
    assert page_language(as_casey.get(reverse("client_home"))) == "es"
    assert page_language(as_tess.get(reverse("therapist_home"))) == "en"
    assert page_language(as_tess.get(reverse("client_page", args=[cast.casey.pk]))) == "en"

    as_tess.post(reverse("account_language"), {"language": "es"})
    assert User.objects.get(pk=cast.tess.pk).language == "es"
    assert page_language(as_tess.get(reverse("therapist_home"))) == "es"
    assert User.objects.get(pk=cast.cam_user.pk).language == "en"  # nobody else's changes


def test_the_persons_language_wins_over_the_browsers(casey_in_spanish):
    browser = signed_in(casey_in_spanish)
    page = browser.get(reverse("client_home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert page_language(page) == "es"
    assert '<html lang="es">' in page.content.decode()


def test_an_unknown_language_is_refused(cast, as_casey):
    answer = as_casey.post(reverse("account_language"), {"language": "xx"}, follow=True)
    assert User.objects.get(pk=cast.casey_user.pk).language == "en"
    assert "Choose a language from the list." in answer.content.decode()


def test_choosing_needs_post_and_a_sign_in(cast, as_casey):
    assert as_casey.get(reverse("account_language")).status_code == 405
    anonymous = Browser().post(reverse("account_language"), {"language": "es"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert User.objects.get(pk=cast.casey_user.pk).language == "en"


def test_the_choice_is_csrf_checked(cast):
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(cast.casey_user)
    assert browser.post(reverse("account_language"), {"language": "es"}).status_code == 403
    assert User.objects.get(pk=cast.casey_user.pk).language == "en"


def test_the_sign_in_page_follows_the_browser(db):
    page = Browser().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert page.status_code == 200
    assert page_language(page) == "es"
    assert '<html lang="es">' in page.content.decode()
    assert page_language(Browser().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")) == "en"
    # A language Accord does not speak: English.
    assert page_language(Browser().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="de")) == "en"


def test_the_sign_in_page_offers_a_switch_that_keeps_the_page(db):
    login = reverse("account_login")
    page = Browser().get(login).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert f'name="next" value="{login}"' in page
    assert '<button type="submit" name="language" value="es"' in page  # a button: keyboard usable
    assert "csrfmiddlewaretoken" in page

    browser = Browser()
    answer = browser.post(reverse("set_language"), {"language": "es", "next": login})
    assert answer.status_code == 302 and answer["Location"] == login
    after = browser.get(login, HTTP_ACCEPT_LANGUAGE="en")  # the choice outlasts the browser's wish
    assert page_language(after) == "es"
    assert '<button type="submit" name="language" value="en"' in after.content.decode()


def test_the_switch_is_csrf_checked(db):
    browser = Browser(enforce_csrf_checks=True)
    answer = browser.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert answer.status_code == 403
    assert page_language(browser.get(reverse("account_login"))) == "en"


def test_the_switch_never_sends_anyone_elsewhere(db):
    answer = Browser().post(reverse("set_language"), {"language": "es", "next": "https://evil.example/"})
    assert answer.status_code in (204, 302)
    assert "evil.example" not in answer.get("Location", "")


def test_signed_in_pages_show_no_switch(as_casey):
    assert reverse("set_language") not in as_casey.get(reverse("client_home")).content.decode()


def test_the_password_reset_page_follows_the_browser_too(db):
    page = Browser().get(reverse("account_reset_password"), HTTP_ACCEPT_LANGUAGE="es")
    assert page_language(page) == "es"
    assert reverse("set_language") in page.content.decode()


def test_access_is_the_same_in_spanish(cast, casey_in_spanish):
    """Another client's pages stay a 404 whatever the language; so do therapists' pages."""
    browser = signed_in(casey_in_spanish)
    assert browser.get(reverse("client_page", args=[cast.cam.pk])).status_code == 404
    assert browser.get(reverse("therapist_home")).status_code == 404
    assert browser.get(reverse("client_home")).status_code == 200


def test_the_api_says_the_language(cast, casey_in_spanish):
    from tests.api.conftest import token_client

    me = token_client(casey_in_spanish).get("/api/v1/me").json()
    assert me["language"] == "es"
    assert token_client(cast.tess).get("/api/v1/me").json()["language"] == "en"
