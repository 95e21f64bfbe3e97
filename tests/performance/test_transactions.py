"""Reads never take the write lock; a write that cannot get the lock in time answers 503, never a 500, and
loses nothing (docs/performance.md, "Concurrency model")."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.audit.models import Action, AuditEvent
from accord.checkins.models import CheckIn, CheckInDraft
from accord.dialogue.models import Message
from tests.api.conftest import token_client
from tests.checkins.checkin_support import agreed_goal, posted

sqlite_only = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="SQLite's write lock; PostgreSQL locks rows, not the database"
)
HTMX = {"HTTP_HX_REQUEST": "true"}


def begins(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].upper().startswith(("BEGIN", "SAVEPOINT"))]


@contextmanager
def write_lock_held_elsewhere(busy_ms: int = 50):
    """Another process's writer holds SQLite's write lock; this connection waits ``busy_ms`` at most."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {before}")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_page_view_opens_no_write_transaction(cast, as_tess):
    url = reverse("client_page", args=[cast.cam.pk])
    as_tess.get(url)  # the first view may start the conversation's thread: a write of its own
    with CaptureQueriesContext(connection) as queries:
        response = as_tess.get(url)
    assert response.status_code == 200
    assert begins(queries.captured_queries) == []
    # Its audit record is written all the same (in autocommit: its own one-statement transaction).
    assert AuditEvent.objects.filter(action=Action.CLIENT_VIEWED, client=cast.cam).count() == 2


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_read_that_writes_nothing_is_served_while_a_writer_holds_the_lock(cast, as_tess):
    api = token_client(cast.tess)
    api.get("/api/v1/me")  # a token's first use notes when it was used (then at most once a minute)
    with write_lock_held_elsewhere():
        assert api.get("/api/v1/me").status_code == 200
        assert as_tess.get(reverse("account_page")).status_code == 200


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_an_api_write_that_cannot_get_the_lock_answers_503_with_retry_after(cast):
    api = token_client(cast.cam_user)
    thread = api.get(f"/api/v1/clients/{cast.cam.pk}/threads").json()["items"][0]
    path = f"/api/v1/clients/{cast.cam.pk}/threads/{thread['id']}/messages"
    with write_lock_held_elsewhere():
        response = api.post(path, {"body": "Can we talk about sleep?"})
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json() == {
        "detail": "Accord is busy saving other changes. Nothing was lost: please try again in a moment.",
        "errors": {},
    }
    assert not Message.objects.exists()
    # Sent again once the lock is free, it is stored.
    assert api.post(path, {"body": "Can we talk about sleep?"}).status_code == 201


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_check_in_that_cannot_get_the_lock_answers_a_503_page_and_the_draft_survives(cast, as_cam):
    walks = agreed_goal(cast)
    data = posted(walks, value="4", helped="My sister came along")
    assert as_cam.post(reverse("checkin_draft"), data, **HTMX).status_code == 200
    with write_lock_held_elsewhere():
        page = as_cam.post(reverse("checkin"), data)
        swap = as_cam.post(reverse("checkin"), data, **HTMX)
    assert page.status_code == 503 and page["Retry-After"] == "2"
    assert "Nothing was lost" in page.content.decode()
    assert swap.status_code == 503 and swap["HX-Reswap"] == "none"  # htmx leaves the form as typed
    assert not CheckIn.objects.exists()
    assert CheckInDraft.objects.get(client=cast.cam).data[f"g{walks.pk}-helped"] == "My sister came along"
    assert 'value="My sister came along"' in as_cam.get(reverse("checkin")).content.decode()


@pytest.mark.django_db
def test_a_check_in_that_fails_half_way_stores_nothing(cast, as_cam, monkeypatch):
    """No request-wide transaction any more: the action is the transaction, and it is all or nothing."""
    from accord.checkins import actions

    walks = agreed_goal(cast)

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "record", fail)  # the audit record comes after the check-in is written
    as_cam.raise_request_exception = False
    response = as_cam.post(reverse("checkin"), posted(walks, value="4"))
    assert response.status_code == 500
    assert not CheckIn.objects.exists()
