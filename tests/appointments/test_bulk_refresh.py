"""`accord manage refresh_summaries` and the worker's hourly round compute the summary rows in batches
(`summary.build_many`) and write each batch with one upsert in a short transaction: the rows say exactly what
the per-client refresh (what the actions run) writes, the query count does not grow with the clients in a
batch, and a row an action rewrote while the batch was being computed is left as the action wrote it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.accounts.models import Client
from accord.appointments import refreshing, summary
from accord.appointments.models import ClientSummary, Session, SessionState
from accord.goals.actions import propose_goal
from accord.goals.models import Goal, LifecycleStatus
from tests.assessments.support import phq9, respond
from tests.checkins.checkin_support import CALMER, agreed_goal, check_in, rhythm
from tests.factories import make_client

pytestmark = pytest.mark.django_db

COMPARED = [f.name for f in ClientSummary._meta.fields if f.name not in ("id", "client", "refreshed_at")]
DAY = dt.timedelta(days=1)


def _stored() -> dict[int, dict]:
    return {
        row.client_id: {name: getattr(row, name) for name in COMPARED} for row in ClientSummary.objects.all()
    }


def _one_by_one() -> dict[int, dict]:
    for client in Client.objects.order_by("pk"):
        summary.refresh(client)
    return _stored()


@pytest.fixture
def varied(cast):
    """Goals in every lifecycle state, check-ins going well and going badly, sessions held and not, a safety
    alert, a proposal waiting for the therapist, a client with no account, and two time zones."""
    now = timezone.now()
    walking = agreed_goal(cast)
    calmer = agreed_goal(cast, content=CALMER)
    rhythm(cast.cam)
    for days, progress, confidence in ((30, 6, 9), (20, 5, 7), (10, 3, 4), (2, 2, 2)):
        check_in(cast.cam, [walking, calmer], at=now - days * DAY, progress=progress, confidence=confidence)
    Session.objects.create(client=cast.cam, starts_at=now - 3 * DAY, minutes=50, state=SessionState.HELD)
    Session.objects.create(client=cast.cam, starts_at=now - DAY, minutes=50, state=SessionState.MISSED)
    Session.objects.create(client=cast.cam, starts_at=now + DAY, minutes=50, state=SessionState.PLANNED)
    # Casey: one goal in each lifecycle state (set directly: only what the summary reads of them matters).
    for lifecycle in LifecycleStatus:
        goal = agreed_goal(cast, cast.casey, content={**CALMER, "statement": f"Goal {lifecycle.label}"})
        Goal.objects.filter(pk=goal.pk).update(lifecycle_status=lifecycle)
    propose_goal(cast.casey, cast.casey_user, words="", statement="Go back to choir")
    # Cleo: another zone, an unacknowledged safety alert, a stalled goal (quiet for weeks).
    Client.objects.filter(pk=cast.cleo.pk).update(time_zone="America/New_York")
    cast.cleo.refresh_from_db()
    quiet = agreed_goal(cast, cast.cleo)
    check_in(cast.cleo, [quiet], at=now - 40 * DAY, progress=4, confidence=5)
    respond(cast.cleo, "phq9", phq9(10, item9=2), by=cast.theo)
    make_client(cast.tess, "Noor", email=None)
    return cast


def test_the_batched_refresh_writes_what_the_per_client_refresh_writes(varied, monkeypatch):
    expected = _one_by_one()
    assert len(expected) == Client.objects.count() == 4
    # Not a comparison of empty rows.
    assert any(v["safety_alerts_open"] for v in expected.values())
    assert any(v["stalled_goals"] for v in expected.values())
    assert any(v["waiting_for_therapist"] for v in expected.values())
    assert any(v["spark"] and v["last_held_session_at"] for v in expected.values())
    assert {badge["status"] for v in expected.values() for badge in v["goals"]} >= {"proposed", "paused"}

    ClientSummary.objects.all().delete()  # the rows are created
    assert refreshing.refresh_all() == 4
    assert _stored() == expected

    ClientSummary.objects.update(stalled_goals=9, goals=[], spark=[], safety_alerts_open=0)  # and updated
    monkeypatch.setattr(refreshing, "BATCH_SIZE", 3)  # across a batch boundary
    assert refreshing.refresh_all() == 4
    assert _stored() == expected

    ClientSummary.objects.filter(client=varied.cleo).delete()  # a mix of both in one batch
    ClientSummary.objects.filter(client=varied.cam).update(spark=[])
    assert refreshing.refresh_clients([varied.cleo.pk, varied.cam.pk, 10**9]) == 2
    assert _stored() == expected


def test_the_command_refreshes_every_client_in_batches(varied, monkeypatch):
    expected = _one_by_one()
    ClientSummary.objects.all().delete()
    monkeypatch.setattr(refreshing, "BATCH_SIZE", 2)
    out = StringIO()
    call_command("refresh_summaries", stdout=out)
    assert "refreshed: 4" in out.getvalue()
    assert _stored() == expected


def _clients_with_history(cast, numbers: range) -> None:
    for i in numbers:
        client = make_client(cast.tess, f"Client {i}", email=f"client{i}@riverside.example")
        goal = agreed_goal(cast, client)
        check_in(client, [goal], progress=5, confidence=6)


def _command_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        call_command("refresh_summaries", stdout=StringIO())
    return len(queries.captured_queries)


def test_the_commands_queries_do_not_grow_with_the_clients_in_a_batch(cast, monkeypatch):
    monkeypatch.setattr(refreshing, "BATCH_SIZE", 50)
    _clients_with_history(cast, range(2))
    few = _command_queries()
    _clients_with_history(cast, range(2, 8))
    assert Client.objects.count() == 11
    assert _command_queries() == few
    # Only the number of batches counts: the same queries again for each further batch.
    monkeypatch.setattr(refreshing, "BATCH_SIZE", 4)  # 11 clients: three batches
    three = _command_queries()
    monkeypatch.setattr(refreshing, "BATCH_SIZE", 6)  # two batches
    two = _command_queries()
    assert three - two == two - few > 0


def test_a_row_an_action_rewrote_meanwhile_is_left_as_the_action_wrote_it(cast, monkeypatch):
    """The batch is computed outside any transaction; an action that rewrites a row before the batch is
    written has the newer data, so the batch does not overwrite it with what it read before."""
    build_many = summary.build_many

    def an_action_meanwhile(ids):
        rows = build_many(ids)
        propose_goal(cast.casey, cast.casey_user, words="", statement="Go back to choir")  # refreshes Casey
        return rows

    monkeypatch.setattr(summary, "build_many", an_action_meanwhile)
    assert refreshing.refresh_clients([cast.cam.pk, cast.casey.pk]) == 1
    assert ClientSummary.objects.get(client=cast.casey).waiting_for_therapist == 1


def test_a_missing_row_an_action_created_meanwhile_is_kept(cast, monkeypatch):
    ClientSummary.objects.filter(client=cast.casey).delete()
    build_many = summary.build_many

    def an_action_meanwhile(ids):
        rows = build_many(ids)
        propose_goal(cast.casey, cast.casey_user, words="", statement="Go back to choir")
        return rows

    monkeypatch.setattr(summary, "build_many", an_action_meanwhile)
    assert refreshing.refresh_clients([cast.casey.pk]) == 0
    assert ClientSummary.objects.get(client=cast.casey).waiting_for_therapist == 1


def test_a_client_deleted_while_the_batch_was_computed_is_skipped(cast, monkeypatch):
    build_many = summary.build_many

    def a_deletion_meanwhile(ids):
        rows = build_many(ids)
        Client.objects.filter(pk=cast.cam.pk).delete()
        return rows

    ClientSummary.objects.filter(client=cast.cam).delete()
    monkeypatch.setattr(summary, "build_many", a_deletion_meanwhile)
    assert refreshing.refresh_clients([cast.cam.pk, cast.casey.pk]) == 1
    assert not ClientSummary.objects.filter(client_id=cast.cam.pk).exists()


def test_a_batch_whose_write_fails_on_a_deleted_client_is_done_one_by_one(cast, monkeypatch):
    """On PostgreSQL a client deleted between the batch's check and its commit fails the whole write; the
    batch is then refreshed one client at a time, as before, so the other clients still get their rows."""
    ClientSummary.objects.all().delete()

    def deleted_at_commit(rows, seen):
        raise IntegrityError("the client was deleted")

    monkeypatch.setattr(refreshing, "_write_unchanged", deleted_at_commit)
    assert refreshing.refresh_clients([cast.cam.pk, 10**9, cast.casey.pk]) == 2
    assert set(ClientSummary.objects.values_list("client_id", flat=True)) == {cast.cam.pk, cast.casey.pk}
