"""Idle log-off, the absolute session lifetime, session status / keep-alive, and deactivation."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client as BrowserClient
from django.urls import reverse

from accord.audit.models import Action, AuditEvent
from tests.factories import PASSWORD
from tests.security.conftest import is_signed_in, sign_in

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
IDLE = settings.IDLE_TIMEOUT_MINUTES * 60


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def tess_browser(cast, clock):
    browser, _ = sign_in("tess@riverside.example")
    return browser


def test_idle_time_out_is_fifteen_minutes_by_default():
    assert settings.IDLE_TIMEOUT_MINUTES == 15


def test_activity_within_the_idle_time_keeps_the_session(tess_browser, clock):
    for _ in range(4):
        clock.shift(IDLE - 30)
        assert tess_browser.get(reverse("account_page")).status_code == 200


def test_idle_session_is_signed_out_and_audited(tess_browser, clock, cast):
    clock.shift(IDLE + 1)
    response = tess_browser.get(reverse("account_page"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Faccount%2F"
    assert not is_signed_in(tess_browser)
    event = AuditEvent.objects.get(action=Action.SESSION_EXPIRED)
    assert event.actor == cast.tess
    assert event.detail == {"reason": "idle"}
    page = tess_browser.get(response["Location"])
    assert "You were signed out to keep your information safe" in page.content.decode()


def test_session_ends_twelve_hours_after_sign_in_however_active(tess_browser, clock):
    assert dt.timedelta(hours=12) == settings.SESSION_ABSOLUTE_LIFETIME
    elapsed = 0
    step = IDLE - 60
    while elapsed + step < 12 * 3600:
        clock.shift(step)
        elapsed += step
        assert tess_browser.get(reverse("account_page")).status_code == 200
    clock.shift(12 * 3600 - elapsed + 1)
    response = tess_browser.get(reverse("account_page"))
    assert response.status_code == 302
    assert AuditEvent.objects.get(action=Action.SESSION_EXPIRED).detail == {"reason": "absolute"}


def test_session_status_does_not_count_as_activity(tess_browser, clock):
    clock.shift(IDLE - 120)
    status = tess_browser.get(reverse("session_status")).json()
    assert status == {"authenticated": True, "seconds_left": 120}
    clock.shift(100)
    assert tess_browser.get(reverse("session_status")).json() == {"authenticated": True, "seconds_left": 20}
    clock.shift(21)
    response = tess_browser.get(reverse("session_status"))
    assert response.status_code == 401
    assert response.json()["detail"]


def test_session_status_reports_the_absolute_end_when_it_comes_first(tess_browser, clock):
    active_until = 12 * 3600 - 300  # five minutes before the absolute end, active all day
    elapsed = 0
    while elapsed < active_until:
        step = min(IDLE - 60, active_until - elapsed)
        clock.shift(step)
        elapsed += step
        tess_browser.get(reverse("account_page"))
    assert tess_browser.get(reverse("session_status")).json() == {"authenticated": True, "seconds_left": 300}


def test_session_status_when_signed_out(client):
    response = client.get(reverse("session_status"))
    assert response.status_code == 200
    assert response.json() == {"authenticated": False, "seconds_left": 0}


def test_session_status_is_get_only(tess_browser):
    assert tess_browser.post(reverse("session_status")).status_code == 405


def test_keep_alive_refreshes_activity(tess_browser, clock):
    clock.shift(IDLE - 30)
    response = tess_browser.post(reverse("session_keep_alive"))
    assert response.status_code == 204
    clock.shift(IDLE - 30)
    assert tess_browser.get(reverse("session_status")).json()["authenticated"] is True


def test_keep_alive_needs_post_and_a_csrf_token(cast, clock):
    browser = BrowserClient(enforce_csrf_checks=True)
    sign_in_page = browser.get(reverse("account_login"))
    token = sign_in_page.cookies["csrftoken"].value
    browser.post(
        reverse("account_login"),
        {"login": "tess@riverside.example", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert browser.get(reverse("session_keep_alive")).status_code == 405
    assert browser.post(reverse("session_keep_alive")).status_code == 403
    token = browser.cookies["csrftoken"].value
    assert browser.post(reverse("session_keep_alive"), HTTP_X_CSRFTOKEN=token).status_code == 204


def test_keep_alive_after_the_session_ended_answers_401_not_a_redirect(tess_browser, clock, client):
    clock.shift(IDLE + 1)
    response = tess_browser.post(reverse("session_keep_alive"))
    assert response.status_code == 401
    assert client.post(reverse("session_keep_alive")).status_code == 401


def test_deactivated_persons_open_session_ends_on_the_next_request(tess_browser, cast):
    assert tess_browser.get(reverse("account_page")).status_code == 200
    cast.tess.is_active = False
    cast.tess.save(update_fields=["is_active"])
    response = tess_browser.get(reverse("account_page"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not is_signed_in(tess_browser)


def test_activity_is_written_to_the_session_at_most_once_a_minute(tess_browser, clock):
    """Each write of the activity time is a database write; a page view within the minute makes none."""
    from accord.accounts.middleware import SESSION_LAST_SEEN_KEY

    signed_in_at = tess_browser.session[SESSION_LAST_SEEN_KEY]
    clock.shift(30)
    assert tess_browser.get(reverse("account_page")).status_code == 200
    assert tess_browser.session[SESSION_LAST_SEEN_KEY] == signed_in_at
    clock.shift(31)
    assert tess_browser.get(reverse("account_page")).status_code == 200
    assert tess_browser.session[SESSION_LAST_SEEN_KEY] == signed_in_at + 61


def test_keep_alive_counts_even_within_the_minute(tess_browser, clock):
    from accord.accounts.middleware import SESSION_LAST_SEEN_KEY

    signed_in_at = tess_browser.session[SESSION_LAST_SEEN_KEY]
    clock.shift(10)
    assert tess_browser.post(reverse("session_keep_alive")).status_code == 204
    assert tess_browser.session[SESSION_LAST_SEEN_KEY] == signed_in_at + 10
