"""Errors a person can recover from (issue 13, point 13) and the safety exit's sign-out (point 9)."""

import time

import pytest
from django.test import Client as Browser
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from accord.accounts.drafts import DRAFT_KEY
from accord.accounts.middleware import SESSION_LAST_SEEN_KEY
from accord.dialogue.models import AgendaItem
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
LEAVE = reverse("leave_quickly")
KEEP = reverse("keep_draft")


# --- Accord's own error pages ---------------------------------------------------------------------------


def test_a_missing_page_is_accords_own_with_a_way_back_and_the_exit(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/"' in page and "data-leave-quickly" in page


def test_a_client_sees_the_exit_on_a_404_too(cast, as_cam):
    page = as_cam.get(f"/clients/{cast.cleo.pk}/agenda/").content.decode()
    assert "Page not found" in page and "data-leave-quickly" in page


def test_therapists_pages_have_no_exit(cast, as_tess):
    assert "data-leave-quickly" not in as_tess.get("/no/such/page/").content.decode()


def test_the_500_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and "data-leave-quickly" in page


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password/reset/"])
def test_the_exit_is_on_sign_in_and_password_reset(client, url):
    assert "data-leave-quickly" in client.get(url).content.decode()


# --- Leave quickly signs out ----------------------------------------------------------------------------


def test_leaving_quickly_signs_the_client_out(cast, as_cam):
    token = as_cam.get(reverse("client_home")).context["csrf_token"]
    as_cam.handler.enforce_csrf_checks = True
    response = as_cam.post(LEAVE, {"csrfmiddlewaretoken": token})
    assert response.status_code == 204
    assert response["Clear-Site-Data"] == '"cache"'
    assert as_cam.get(reverse("client_home")).status_code == 302  # Back finds the person signed out


def test_another_site_cannot_sign_a_person_out(cast):
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(cast.cam_user)
    assert browser.post(LEAVE).status_code == 403
    assert browser.get(reverse("client_home")).status_code == 200


def test_leaving_when_signed_out_is_harmless(client):
    assert client.post(LEAVE).status_code == 204


def test_leave_takes_only_post(as_cam):
    assert as_cam.get(LEAVE).status_code == 405


def test_pages_with_client_data_are_never_stored(cast, as_cam):
    assert "no-store" in as_cam.get(reverse("client_home"))["Cache-Control"]


# --- After an idle sign-out -----------------------------------------------------------------------------


def _go_idle(browser, settings):
    session = browser.session
    session[SESSION_LAST_SEEN_KEY] = time.time() - settings.IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()


def test_the_sign_in_page_after_a_time_out_does_not_loop(cast, as_cam, settings):
    _go_idle(as_cam, settings)
    response = as_cam.get(f"{LOGIN}?next=/me/goals/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/me/goals/"
    assert "next=%2Faccounts" not in response["Location"]
    assert as_cam.get(response["Location"]).status_code == 200


def test_a_page_after_a_time_out_comes_back_after_sign_in(cast, as_cam, settings):
    _go_idle(as_cam, settings)
    response = as_cam.get("/me/goals/?x=1")
    assert response["Location"] == f"{LOGIN}?next=%2Fme%2Fgoals%2F%3Fx%3D1"


def test_a_form_sent_after_the_time_out_keeps_its_words_for_the_same_person(cast, settings):
    agenda = reverse("dialogue_agenda", args=[cast.cam.pk])
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(cast.cam_user)
    token = browser.get(agenda).context["csrf_token"]
    _go_idle(browser, settings)
    response = browser.post(
        agenda,
        {"csrfmiddlewaretoken": token, "text": "The argument with my sister", "priority": "high"},
        headers={"referer": f"http://testserver{agenda}"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert not AgendaItem.objects.exists()  # nothing was done while signed out
    browser.force_login(cast.cam_user)
    page = browser.get(agenda).content.decode()
    assert 'id="accord-draft"' in page and "The argument with my sister" in page
    assert "csrfmiddlewaretoken" not in page.split('id="accord-draft"')[1].split("</script>")[0]
    # Handed over once.
    assert 'id="accord-draft"' not in browser.get(agenda).content.decode()


def test_a_kept_draft_is_not_shown_to_someone_else_signing_in(cast, settings):
    agenda = reverse("dialogue_agenda", args=[cast.cam.pk])
    browser = signed_in(cast.cam_user)
    browser.get(agenda)
    _go_idle(browser, settings)
    browser.post(agenda, {"text": "Private words", "priority": "high"})
    assert DRAFT_KEY in browser.session
    browser.force_login(cast.tess)
    assert "Private words" not in browser.get(agenda).content.decode()


def test_a_post_with_a_bad_token_is_not_kept(cast, settings):
    agenda = reverse("dialogue_agenda", args=[cast.cam.pk])
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(cast.cam_user)
    browser.get(agenda)
    _go_idle(browser, settings)
    browser.post(agenda, {"csrfmiddlewaretoken": "forged" * 6, "text": "Planted", "priority": "high"})
    assert DRAFT_KEY not in browser.session


def test_the_idle_warning_keeps_a_started_form(cast, as_cam):
    agenda = reverse("dialogue_agenda", args=[cast.cam.pk])
    response = as_cam.post(
        KEEP, {"accord_page": agenda, "accord_action": agenda, "text": "Half a thought", "password": "x"}
    )
    assert response.status_code == 204
    draft = as_cam.session[DRAFT_KEY]
    assert ["text", "Half a thought"] in draft["fields"]
    assert all(name != "password" for name, _value in draft["fields"])
    assert "Half a thought" in as_cam.get(agenda).content.decode()


def test_keep_draft_refuses_a_page_elsewhere(cast, as_cam):
    as_cam.post(KEEP, {"accord_page": "https://evil.example/", "accord_action": "/", "text": "x"})
    assert DRAFT_KEY not in as_cam.session


def test_keep_draft_signed_out_and_wrong_method(client, as_cam):
    assert client.post(KEEP, {"text": "x"}).status_code == 401
    assert as_cam.get(KEEP).status_code == 405


# --- The error summary ------------------------------------------------------------------------------------


def test_the_error_summary_names_and_links_each_field(cast, as_cam):
    agenda = reverse("dialogue_agenda", args=[cast.cam.pk])
    page = as_cam.post(agenda, {"text": "", "priority": "nonsense"}).content.decode()
    assert "data-error-summary" in page and 'tabindex="-1"' in page
    assert 'href="#id_text"' in page
    assert "Write a few words about what you want to talk about." in page
    assert 'href="#id_priority"' in page
