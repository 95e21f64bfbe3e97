"""The demo seed: the people the README promises, isolation between practices, and idempotency."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.accounts.models import Client, Role, User
from accord.demo import DEMO_PASSWORD, demo_banner, demo_sign_ins, seed_demo


def row_counts() -> dict[str, int]:
    """Rows in every table, so a later seed step that forgets idempotency fails here too."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    seed_demo()
    first = row_counts()
    seed_demo()
    assert row_counts() == first
    assert first["accounts.Practice"] == 2


@pytest.mark.django_db
def test_everyone_in_the_banner_signs_in_with_the_demo_password():
    seed_demo()
    for email, _who, _practice in demo_sign_ins():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD), email
        assert user.emailaddress_set.get().verified


@pytest.mark.django_db
def test_the_people_the_readme_promises():
    people = seed_demo()
    assert people.riverside.name == "Riverside Counselling"
    assert people.hillside.name == "Hillside Therapy"
    assert people.ada.role == Role.ADMIN and people.ada.practice == people.riverside
    assert people.tess.full_name == "Tess Morgan" and people.tess.role == Role.THERAPIST
    assert people.theo.practice == people.hillside
    assert people.cam.user.email == "cam@riverside.example"
    assert people.casey.user.email == "casey@riverside.example"
    assert people.cleo.user.email == "cleo@hillside.example"
    assert people.jordan.user is None  # in session only


@pytest.mark.django_db
def test_care_teams_keep_each_therapist_to_their_own_clients():
    people = seed_demo()
    assert set(Client.objects.visible_to(people.tess)) == {people.cam, people.casey, people.jordan}
    assert set(Client.objects.visible_to(people.ravi)) == {people.casey, people.robin}
    assert set(Client.objects.visible_to(people.theo)) == {people.cleo}
    assert people.casey.primary_therapist() == people.tess


@pytest.mark.django_db
def test_casey_reads_accord_in_spanish_and_her_therapists_in_english():
    people = seed_demo()
    assert people.account_of(people.casey).language == "es"
    assert people.tess.language == "en" and people.ravi.language == "en"
    assert people.account_of(people.cam).language == "en"
    assert "casey@riverside.example" in demo_banner("http://x") and "in Spanish" in demo_banner("http://x")


@pytest.mark.django_db
def test_time_zones_and_crisis_text_fit_each_practice():
    people = seed_demo()
    assert people.tess.time_zone == "Europe/London"
    assert people.cam.time_zone == "Europe/London"
    assert people.cam.user.time_zone == "Europe/London"
    assert people.theo.time_zone == "America/New_York"
    assert people.cleo.time_zone == "America/New_York"
    assert "Samaritans: 116 123" in people.riverside.crisis_text
    assert "988" in people.hillside.crisis_text


def test_the_demo_password_is_long_enough_for_staff(settings):
    assert len(DEMO_PASSWORD) >= settings.STAFF_MIN_PASSWORD_LENGTH


def test_banner_shows_the_address_the_password_and_every_sign_in():
    banner = demo_banner("http://127.0.0.1:8123/")
    assert "http://127.0.0.1:8123/" in banner
    assert DEMO_PASSWORD in banner
    for email in [
        "ada@riverside.example",
        "tess@riverside.example",
        "cam@riverside.example",
        "casey@riverside.example",
        "theo@hillside.example",
        "cleo@hillside.example",
    ]:
        assert email in banner
    assert banner.index("tess@riverside.example") < banner.index("Hillside Therapy")


@pytest.mark.django_db
def test_seed_command_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_command_seeds_in_demo_mode(settings, capsys):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    assert User.objects.filter(email="tess@riverside.example").exists()
    assert DEMO_PASSWORD in capsys.readouterr().out


@pytest.mark.django_db
def test_the_demo_worker_has_a_reminder_to_send_into_the_outbox(mailoutbox):
    from accord.checkins.reminders import send_due_reminders

    seed_demo()
    assert send_due_reminders() == 1
    (reminder,) = mailoutbox
    assert reminder.to == ["robin@riverside.example"]
    assert "reading" not in reminder.body.lower() and "Robin" not in reminder.body
    assert send_due_reminders() == 0  # exactly once
