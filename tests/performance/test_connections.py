"""The database connection settings docs/performance.md states: SQLite's pragmas, PostgreSQL's pool, and no
request-wide transaction."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


def pragma(name: str):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's pragmas")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_full_sync():
    assert pragma("journal_mode") == "wal"  # readers read while one writer writes
    assert pragma("busy_timeout") == 5000  # a writer waits up to 5 s for the lock, then 503
    assert pragma("synchronous") == 2  # FULL: a committed write survives a power cut
    assert pragma("foreign_keys") == 1
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"  # a write transaction takes the lock when it starts
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] is None  # one connection per thread, kept


@pytest.mark.postgres
def test_postgresql_uses_psycopgs_pool_at_read_committed():
    dbs = settings.DATABASES["default"]
    assert dbs["OPTIONS"]["pool"]["max_size"] >= 4
    assert dbs["CONN_MAX_AGE"] == 0  # Django's rule with a pool
    with connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        assert cursor.fetchone()[0] == "read committed"


def test_no_request_wide_transaction():
    """Reads never wait for the write lock: actions are the transactions (accord/transactions.py)."""
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is False
    assert settings.MIDDLEWARE[-1] == "accord.transactions.BusyDatabaseMiddleware"
