"""Invitation links: they work once, expire after 7 days, and set up the right kind of account."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Client, Invitation, Role, User, hash_token
from accord.audit.models import Action, AuditEvent
from tests.accounts.conftest import invitation_path_from_last_email

GOOD_CLIENT_PASSWORD = "quiet river 42"  # 14 characters
GOOD_STAFF_PASSWORD = "maple lantern orbit 7"


@pytest.fixture
def client_invitation_path(cast, as_tess, commit_callbacks) -> str:
    """Tess invites Robin; the path of the emailed link."""
    with commit_callbacks():
        as_tess.post(reverse("client_add"), {"display_name": "Robin", "email": "robin@example.org"})
    return invitation_path_from_last_email()


@pytest.fixture
def therapist_invitation_path(cast, as_ada, commit_callbacks) -> str:
    with commit_callbacks():
        as_ada.post(
            reverse("practice_invite_therapist"),
            {"full_name": "Nia Newton", "email": "nia@riverside.example"},
        )
    return invitation_path_from_last_email()


def accept(browser, path: str, password: str, *, name: str = "Robin R", repeat: str | None = None):
    return browser.post(path, {"full_name": name, "password1": password, "password2": repeat or password})


def test_the_link_shows_the_form(client, client_invitation_path):
    response = client.get(client_invitation_path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "robin@example.org" in page
    assert 'value="Robin"' in page  # the name the therapist typed, offered back
    assert 'autocomplete="new-password"' in page
    assert "Riverside Counselling" in page


def test_only_the_digest_of_the_token_is_stored(client_invitation_path):
    raw = client_invitation_path.split("/")[2]
    assert not Invitation.objects.filter(token_hash=raw).exists()
    assert Invitation.objects.filter(token_hash=hash_token(raw)).exists()


def test_a_client_accepts_and_lands_on_their_home(cast, client, client_invitation_path):
    response = accept(client, client_invitation_path, GOOD_CLIENT_PASSWORD)
    assert response.status_code == 302
    robin_user = User.objects.get(email="robin@example.org")
    robin = Client.objects.get(display_name="Robin")
    assert robin.user == robin_user
    assert robin_user.role == Role.CLIENT and robin_user.practice == cast.practice_a
    assert robin_user.full_name == "Robin R"
    assert robin_user.check_password(GOOD_CLIENT_PASSWORD)
    assert EmailAddress.objects.get(user=robin_user).verified
    invitation = Invitation.objects.get(client=robin)
    assert invitation.accepted_at is not None
    home = client.get(response["Location"], follow=True)
    assert home.redirect_chain[-1][0] == reverse("client_home")
    assert "Hello Robin" in home.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.INVITATION_ACCEPTED, actor=robin_user, client=robin
    ).exists()
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, actor=robin_user).exists()


def test_the_link_works_only_once(client, client_invitation_path):
    accept(client, client_invitation_path, GOOD_CLIENT_PASSWORD)
    client.logout()
    again = client.get(client_invitation_path)
    assert again.status_code == 410
    assert "ask the person who invited you" in again.content.decode()
    replay = accept(client, client_invitation_path, "another long password")
    assert replay.status_code == 410
    assert User.objects.filter(email="robin@example.org").count() == 1


def test_the_link_expires_after_seven_days(client, client_invitation_path):
    with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=23)):
        assert client.get(client_invitation_path).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        assert client.get(client_invitation_path).status_code == 410
        assert accept(client, client_invitation_path, GOOD_CLIENT_PASSWORD).status_code == 410
    assert not User.objects.filter(email="robin@example.org").exists()


def test_a_revoked_link_is_gone(client, client_invitation_path):
    Invitation.objects.filter(email="robin@example.org").update(revoked_at=timezone.now())
    assert client.get(client_invitation_path).status_code == 410


def test_an_unknown_link_is_gone(client, db):
    response = client.get(reverse("invitation_accept", args=["made-up-token"]))
    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()


def test_client_passwords_need_ten_characters(client, client_invitation_path):
    response = accept(client, client_invitation_path, "short pw9")  # 9 characters
    assert response.status_code == 200
    page = response.content.decode()
    assert "at least 10 characters" in page
    assert 'aria-invalid="true"' in page
    assert 'value="Robin R"' in page  # what they typed is kept
    assert not User.objects.filter(email="robin@example.org").exists()
    assert accept(client, client_invitation_path, "tenchars!x").status_code == 302


def test_therapist_passwords_need_twelve_characters(cast, client, therapist_invitation_path):
    response = accept(client, therapist_invitation_path, "eleven char", name="Nia Newton")
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert (
        accept(client, therapist_invitation_path, GOOD_STAFF_PASSWORD, name="Nia Newton").status_code == 302
    )
    nia = User.objects.get(email="nia@riverside.example")
    assert nia.role == Role.THERAPIST and nia.practice == cast.practice_a
    assert client.get(reverse("home")).url == reverse("therapist_home")


def test_the_therapist_invitation_offers_the_typed_name(client, therapist_invitation_path):
    assert 'value="Nia Newton"' in client.get(therapist_invitation_path).content.decode()


def test_the_passwords_must_match(client, client_invitation_path):
    response = accept(client, client_invitation_path, GOOD_CLIENT_PASSWORD, repeat="something else 1")
    assert response.status_code == 200
    assert "not the same" in response.content.decode()
    assert not User.objects.filter(email="robin@example.org").exists()


def test_a_common_password_is_refused(client, client_invitation_path):
    response = accept(client, client_invitation_path, "password123")
    assert response.status_code == 200
    assert not User.objects.filter(email="robin@example.org").exists()


def test_a_name_is_required(client, client_invitation_path):
    response = accept(client, client_invitation_path, GOOD_CLIENT_PASSWORD, name="  ")
    assert response.status_code == 200
    assert not User.objects.filter(email="robin@example.org").exists()


def test_a_signed_in_person_is_asked_to_sign_out_first(as_cam, client_invitation_path):
    response = as_cam.get(client_invitation_path)
    assert response.status_code == 200
    assert "already signed in" in response.content.decode()
    accept(as_cam, client_invitation_path, GOOD_CLIENT_PASSWORD)
    assert not User.objects.filter(email="robin@example.org").exists()
    assert Invitation.objects.get(email="robin@example.org").is_usable


def test_wrong_method(client, client_invitation_path):
    assert client.put(client_invitation_path).status_code == 405
