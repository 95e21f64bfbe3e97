"""The demo seed: idempotency, the command, the banner; these tests seed an empty database on their own. What
the seeded demo holds is in test_demo_practice.py, whose tests share one seeding (``demo_people``)."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.accounts.models import User
from accord.demo import DEMO_PASSWORD, demo_banner, seed_demo


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
