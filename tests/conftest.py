"""Shared fixtures: the fixed cast and signed-in test clients for each of its people."""

from __future__ import annotations

import pytest
from django.test import Client as BrowserClient

from tests.factories import Cast, make_cast
from tests.log_scan import scan_logs


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    """Tests run without 2FA enforcement unless a test turns it on, with mail kept in memory."""
    settings.ACCORD_REQUIRE_2FA = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs():
    """Fails a test that logged a cast member's email address or name (tests/log_scan.py)."""
    yield from scan_logs()


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


def signed_in(user) -> BrowserClient:
    browser = BrowserClient()
    browser.force_login(user)
    return browser


@pytest.fixture
def as_tess(cast):
    return signed_in(cast.tess)


@pytest.fixture
def as_theo(cast):
    return signed_in(cast.theo)


@pytest.fixture
def as_ada(cast):
    return signed_in(cast.ada)


@pytest.fixture
def as_cam(cast):
    return signed_in(cast.cam_user)


@pytest.fixture
def as_casey(cast):
    return signed_in(cast.casey_user)


@pytest.fixture
def as_cleo(cast):
    return signed_in(cast.cleo_user)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` use PostgreSQL-only features; on SQLite they are skipped, saying why."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://… (see README)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
