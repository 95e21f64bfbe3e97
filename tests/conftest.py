"""Shared fixtures: the fixed cast and signed-in test clients for each of its people."""

from __future__ import annotations

import copy
import itertools

import pytest
from django.core.cache import caches
from django.test import Client as BrowserClient
from django.utils import translation

from tests.factories import Cast, make_cast
from tests.log_scan import no_personal_data_logged, scan_logs
from tests.sharing import FAST_AND_QUIET, commits, rolled_back_after_module

# Modules with a test that commits (``transaction=True``, ``transactional_db``, ``live_server``): their tests
# build the cast each for itself, as a module transaction held open under a committing test would break it.
_MODULES_THAT_COMMIT: set[str] = set()


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


@pytest.fixture(scope="session")
def _outboxes(tmp_path_factory):
    """Where a test that switches to the file email backend finds its mail: a folder of its own, made by
    the backend when it first writes (no folder per test otherwise)."""
    return tmp_path_factory.mktemp("outboxes"), itertools.count()


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, _outboxes):
    for name, value in FAST_AND_QUIET.items():
        setattr(settings, name, copy.deepcopy(value))
    folder, numbers = _outboxes
    settings.EMAIL_FILE_PATH = folder / str(next(numbers))
    # LocaleMiddleware leaves the last request's language on the thread: each test starts in English.
    translation.activate(settings.LANGUAGE_CODE)
    # The page cache is on, as in production, but each test starts with it empty (accord/pagecache.py).
    caches["pages"].clear()


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


@pytest.fixture(scope="session", autouse=True)
def _static_files_listed_once():
    """WhiteNoise lists every static file (and stats it) each time a test client builds its middleware,
    which every test with a browser does: list them once per process and settings instead.
    """
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    list_files = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[str, dict] = {}

    def add_files_from_finders(self):
        key = repr(
            (settings.STATIC_URL, settings.STATICFILES_DIRS, settings.INSTALLED_APPS, settings.DEBUG)
            + (self.max_age, self.allow_all_origins, self.charset, self.add_headers_function, self.index_file)
        )
        if key not in listed:
            before = dict(self.files)
            list_files(self)
            listed[key] = {url: found for url, found in self.files.items() if before.get(url) is not found}
        self.files.update(listed[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders
    yield
    WhiteNoiseMiddleware.add_files_from_finders = list_files


@pytest.fixture(scope="module")
def demo_people(django_db_setup, django_db_blocker):
    """The demo practice (accord.demo), seeded once for the tests of a module that read it."""
    from accord.demo import seed_demo

    yield from rolled_back_after_module(django_db_blocker, seed_demo)


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs():
    """Fails a test that logged a cast member's email address or name (tests/log_scan.py)."""
    yield from scan_logs()


@pytest.fixture(scope="module")
def _cast_of_module(request, django_db_setup, django_db_blocker):
    """The fixed cast, built once for the tests of a module (``rolled_back_after_module``), or ``None`` in a
    module whose tests commit. Building it (eight people, each client's caseload summary) was most of the
    setup of most tests (docs/performance.md, "Test suite speed")."""
    if request.module.__name__ in _MODULES_THAT_COMMIT or _test_transaction_open(request):
        yield None
        return
    yield from rolled_back_after_module(django_db_blocker, no_personal_data_logged(make_cast))


def _test_transaction_open(request) -> bool:
    """Whether the test asking has its database transaction open already: the cast was asked for from
    inside the test (``request.getfixturevalue("as_ada")``), too late to open the module's transaction
    around the test's, so this module's tests build the cast each for itself."""
    # Fixtures are set up widest scope first, so a module fixture set up in the usual order sees none of the
    # test's own (pytest-django's marker fixture, which opens the test's transaction, is one of them).
    started = request._pyfuncitem.funcargs
    return bool({"_django_db_marker", "db", "transactional_db"} & set(started))


@pytest.fixture
def cast(_cast_of_module, db) -> Cast:
    """The fixed cast (tests/factories.py), in the database for this test alone, as fresh Python objects.

    The rows are the module's (each test runs in its own savepoint, so what a test writes is undone after
    it); the objects are a deep copy for each test, as Django's ``setUpTestData`` gives, so a test that
    changes an attribute or fills a cache on one of them leaves the next test's copy as it was built.
    """
    if _cast_of_module is None:
        return make_cast()
    return copy.deepcopy(_cast_of_module)


def signed_in(user) -> BrowserClient:
    """A browser signed in as ``user``, without the sign-in record django-axes keeps for real sign-ins.

    What ``Client.force_login`` does (Django's ``login()`` with its signals: ``last_login``, the audit record,
    the session's start; then the session saved and its cookie set), minus the empty session a new client's
    ``.session`` saves first and ``login()`` then replaces: 9 queries instead of 16, about half the time, in
    most of the suite's tests.
    """
    from importlib import import_module
    from unittest import mock

    from axes.handlers.proxy import AxesProxyHandler
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest

    browser = BrowserClient()
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    backend = browser._get_backend()
    user.backend = backend
    with mock.patch.object(AxesProxyHandler, "user_logged_in"):
        login(request, user, backend)
    request.session.save()
    browser._set_login_cookies(request)
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
    """Tests marked ``postgres`` use PostgreSQL-only features; on SQLite they are skipped, saying why.
    Also notes the modules with a test that commits (``_MODULES_THAT_COMMIT``)."""
    from django.db import connection

    _MODULES_THAT_COMMIT.update(item.module.__name__ for item in items if commits(item))
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://… (see README)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
