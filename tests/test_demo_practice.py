"""The seeded demo practice: the people the README promises, isolation between practices, languages, time
zones and a reminder for the worker to send. The tests share one seeding per module (``demo_people``,
tests/sharing.py), each in its own savepoint; the tests of seeding itself are in test_demo.py."""

import pytest

from accord.accounts.models import Client, Role, User
from accord.demo import DEMO_PASSWORD, demo_banner, demo_sign_ins


@pytest.mark.django_db
def test_everyone_in_the_banner_signs_in_with_the_demo_password(demo_people):
    for email, _who, _practice in demo_sign_ins():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD), email
        assert user.emailaddress_set.get().verified


@pytest.mark.django_db
def test_the_people_the_readme_promises(demo_people):
    people = demo_people
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
def test_care_teams_keep_each_therapist_to_their_own_clients(demo_people):
    people = demo_people
    assert set(Client.objects.visible_to(people.tess)) == {people.cam, people.casey, people.jordan}
    assert set(Client.objects.visible_to(people.ravi)) == {people.casey, people.robin}
    assert set(Client.objects.visible_to(people.theo)) == {people.cleo}
    assert people.casey.primary_therapist() == people.tess


@pytest.mark.django_db
def test_casey_reads_accord_in_spanish_and_her_therapists_in_english(demo_people):
    people = demo_people
    assert people.account_of(people.casey).language == "es"
    assert people.tess.language == "en" and people.ravi.language == "en"
    assert people.account_of(people.cam).language == "en"
    assert "casey@riverside.example" in demo_banner("http://x") and "in Spanish" in demo_banner("http://x")


@pytest.mark.django_db
def test_time_zones_and_crisis_text_fit_each_practice(demo_people):
    people = demo_people
    assert people.tess.time_zone == "Europe/London"
    assert people.cam.time_zone == "Europe/London"
    assert people.cam.user.time_zone == "Europe/London"
    assert people.theo.time_zone == "America/New_York"
    assert people.cleo.time_zone == "America/New_York"
    assert "Samaritans: 116 123" in people.riverside.crisis_text
    assert "988" in people.hillside.crisis_text


@pytest.mark.django_db
def test_the_demo_worker_has_a_reminder_to_send_into_the_outbox(demo_people, mailoutbox):
    from accord.checkins.reminders import send_due_reminders

    assert send_due_reminders() == 1
    (reminder,) = mailoutbox
    assert reminder.to == ["robin@riverside.example"]
    assert "reading" not in reminder.body.lower() and "Robin" not in reminder.body
    assert send_due_reminders() == 0  # exactly once
