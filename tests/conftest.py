"""Shared fixtures: the fixed cast and signed-in test clients for each of its people."""

from __future__ import annotations

import copy

import pytest
from django.test import Client as BrowserClient

from tests.factories import Cast, make_cast


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Build each test database straight from the models instead of replaying every migration.

    Replaying the ~65 migrations (ours and the libraries') took most of each xdist worker's start-up; the
    tables come out the same, which ``test_no_pending_migrations`` and the CLI's fresh-install test (which
    runs the real migrations) keep honest. No migration of ours seeds data, so nothing is lost.
    """
    from django.conf import settings

    for database in settings.DATABASES.values():
        database.setdefault("TEST", {})["MIGRATE"] = False


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    """Tests run without 2FA enforcement unless a test turns it on, with mail kept in memory."""
    settings.ACCORD_REQUIRE_2FA = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"


@pytest.fixture(scope="session", autouse=True)
def _openapi_document_built_once():
    """The OpenAPI document takes seconds to build and never changes while the tests run: build it once.

    Every caller (the ``/api/v1/openapi.json`` view included) gets its own deep copy to read or change.
    """
    from ninja import NinjaAPI

    build = NinjaAPI.get_openapi_schema
    built: dict[tuple[int, str | None, str], dict] = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        key = (id(self), path_prefix, repr(sorted((path_params or {}).items())))
        if key not in built:
            built[key] = dict(build(self, path_prefix=path_prefix, path_params=path_params))
        return copy.deepcopy(built[key])

    NinjaAPI.get_openapi_schema = get_openapi_schema
    yield
    NinjaAPI.get_openapi_schema = build


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
