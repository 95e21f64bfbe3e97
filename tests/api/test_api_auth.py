"""Who may call the API: a valid personal token or Accord's own signed-in session, nobody else."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client as HttpClient
from django.utils import timezone
from ninja.errors import HttpError

from accord.accounts.models import ApiToken
from accord.api.auth import session_auth
from tests.api.conftest import TokenClient, token_client

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
PROTECTED = ["/api/v1/me", "/api/v1/clients", "/api/v1/clients/1"]


def assert_401_json(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("path", PROTECTED)
def test_no_credentials_is_401_json(client, path):
    assert_401_json(client.get(path))


@pytest.mark.parametrize(
    "header",
    ["Bearer acc_not-a-real-token", "Bearer ", "Token abc", "Basic dGVzczpwYXNz", "acc_whatever"],
)
def test_bad_token_is_401_json(cast, header):
    assert_401_json(HttpClient().get(ME, HTTP_AUTHORIZATION=header))


def test_a_valid_token_authenticates_as_its_owner(cast):
    response = token_client(cast.theo).get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == "theo@hillside.example"


def test_bearer_scheme_is_case_insensitive(cast):
    _, raw = ApiToken.issue(cast.tess, "x")
    assert HttpClient().get(ME, HTTP_AUTHORIZATION=f"bearer {raw}").status_code == 200


def test_revoked_token_is_401(cast):
    token, raw = ApiToken.issue(cast.tess, "x")
    token.revoked_at = timezone.now()
    token.save()
    assert_401_json(TokenClient(raw).get(ME))


def test_token_of_a_deactivated_person_is_401(cast):
    caller = token_client(cast.tess)
    cast.tess.is_active = False
    cast.tess.save()
    assert_401_json(caller.get(ME))


def test_last_used_is_noted_at_most_once_a_minute(cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    token, raw = ApiToken.issue(cast.tess, "x")
    caller = TokenClient(raw)
    caller.get(ME)
    token.refresh_from_db()
    first = token.last_used_at
    assert first == timezone.now()
    time_machine.shift(30)
    caller.get(ME)
    token.refresh_from_db()
    assert token.last_used_at == first
    time_machine.shift(31)
    caller.get(ME)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_the_session_works_for_accords_own_pages(as_cam):
    response = as_cam.get(ME)
    assert response.status_code == 200
    assert response.json()["role"] == "client"


def test_session_writes_need_the_csrf_token(rf, cast):
    request = rf.post("/api/v1/anything")
    request.user = cast.tess
    with pytest.raises(HttpError) as refused:
        session_auth(request)
    assert refused.value.status_code == 403


def test_session_writes_with_the_csrf_token_pass(rf, cast):
    token = "a" * 32
    request = rf.post("/api/v1/anything", HTTP_X_CSRFTOKEN=token)
    request.COOKIES["csrftoken"] = token
    request.user = cast.tess
    assert session_auth(request) == cast.tess


def test_without_a_session_there_is_no_csrf_error_only_401(rf):
    request = rf.post("/api/v1/anything")
    request.user = AnonymousUser()
    assert session_auth(request) is None  # ninja then answers 401


def test_token_calls_need_no_csrf_token(cast):
    caller = token_client(cast.tess)
    response = caller.post(ME)
    assert response.status_code == 405


def test_idle_session_is_401_json(cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    browser = HttpClient()
    browser.force_login(cast.tess)
    assert browser.get(ME).status_code == 200
    time_machine.shift(16 * 60)
    response = browser.get(ME)
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_api_session_use_counts_as_activity(cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    browser = HttpClient()
    browser.force_login(cast.tess)
    for _ in range(3):
        time_machine.shift(14 * 60)
        assert browser.get(ME).status_code == 200
