"""Every email goes out in its recipient's language, whoever sends it and in whatever language they work:
the worker (no request at all), a therapist in English inviting a client in Spanish, allauth's reset."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accord.accounts.models import Invitation, User
from accord.checkins.reminders import send_due_reminders
from accord.goals.emails import send_goal_waiting_email
from tests.checkins.checkin_support import agreed_goal, rhythm
from tests.i18n.support import spanish

pytestmark = pytest.mark.django_db

FIRST_DUE = dt.datetime(2026, 3, 1, 18, 0, tzinfo=dt.UTC)


def in_spanish(user: User) -> User:
    user.language = "es"
    user.save(update_fields=["language"])
    return user


def test_the_workers_reminder_is_in_the_clients_language(cast):
    in_spanish(cast.cam_user)
    agreed_goal(cast)
    rhythm(cast.cam, starts_on=dt.date(2026, 3, 1))

    assert send_due_reminders(FIRST_DUE + dt.timedelta(minutes=1)) == 1

    (email,) = mail.outbox
    assert email.subject == spanish("[Accord] Time for your check-in")
    assert spanish("It's time for your check-in. It takes a couple of minutes:") in email.body
    assert "/me/checkin/" in email.body  # the links are the same in every language
    assert translation.get_language() == "en"  # the worker's own language is left as it was


def test_the_reminder_to_an_english_client_stays_in_english(cast):
    agreed_goal(cast)
    rhythm(cast.cam, starts_on=dt.date(2026, 3, 1))
    with translation.override("es"):  # whatever language the sender happens to be in
        send_due_reminders(FIRST_DUE + dt.timedelta(minutes=1))
    assert mail.outbox[0].subject == "[Accord] Time for your check-in"


def test_a_therapist_in_english_invites_a_client_in_spanish(cast, as_tess, commit_callbacks):
    page = as_tess.get(reverse("client_add")).content.decode()
    assert '<option value="es"' in page and "Español" in page

    with commit_callbacks():
        as_tess.post(
            reverse("client_add"), {"display_name": "Rosa", "email": "rosa@example.org", "language": "es"}
        )

    (email,) = mail.outbox
    assert email.subject == spanish("[Accord] Your invitation")
    assert email.body.startswith(spanish("Hello,"))
    assert Invitation.objects.get(email="rosa@example.org").language == "es"


def test_the_invitation_is_in_the_inviters_language_unless_chosen(cast, as_tess, commit_callbacks):
    with commit_callbacks():
        as_tess.post(reverse("client_add"), {"display_name": "Rosa", "email": "rosa@example.org"})
    assert mail.outbox[0].subject == "[Accord] Your invitation"
    assert Invitation.objects.get(email="rosa@example.org").language == "en"


def test_the_invited_account_starts_in_the_invitations_language(cast, as_tess, commit_callbacks, client):
    from tests.accounts.conftest import invitation_path_from_last_email

    with commit_callbacks():
        as_tess.post(
            reverse("client_add"), {"display_name": "Rosa", "email": "rosa@example.org", "language": "es"}
        )
    path = invitation_path_from_last_email()
    password = "quiet river 42"
    client.post(path, {"full_name": "Rosa", "password1": password, "password2": password})
    rosa = User.objects.get(email="rosa@example.org")
    assert rosa.language == "es"
    assert client.get(reverse("client_home"))["Content-Language"] == "es"


def test_an_unknown_invitation_language_is_refused(cast, as_tess):
    answer = as_tess.post(
        reverse("client_add"), {"display_name": "Rosa", "email": "rosa@example.org", "language": "xx"}
    )
    assert answer.status_code == 200  # the form again, with the error
    assert not Invitation.objects.filter(email="rosa@example.org").exists()


def test_the_goal_waiting_email_is_in_the_clients_language(cast):
    in_spanish(cast.cam_user)
    send_goal_waiting_email.call(user_id=cast.cam_user.pk, link="https://accord.example.org/goals/1/")
    (email,) = mail.outbox
    assert email.subject == spanish("A goal is waiting for you in Accord")


def test_the_password_reset_email_is_in_the_account_holders_language(cast, client):
    in_spanish(cast.casey_user)
    client.post(
        reverse("account_reset_password"), {"email": cast.casey_user.email}, HTTP_ACCEPT_LANGUAGE="en"
    )
    client.post(reverse("account_reset_password"), {"email": cast.cam_user.email}, HTTP_ACCEPT_LANGUAGE="es")
    to_casey, to_cam = mail.outbox
    assert to_casey.subject == "[Accord] " + spanish("Reset your password")
    assert to_cam.subject == "[Accord] Reset your password"


def test_a_reset_for_an_unknown_address_follows_the_page(db, client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, HTTP_ACCEPT_LANGUAGE="es")
    assert all("[Accord]" in email.subject for email in mail.outbox)
    assert all(email.subject != "[Accord] Unknown Account" for email in mail.outbox)
