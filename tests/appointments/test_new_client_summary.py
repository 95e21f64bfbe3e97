"""A new client's caseload summary row: created outside an action it is written at once without reading
anything (nothing can point at a row inserted a moment ago), and it says what a full refresh says; created
inside an action it is refreshed at the action's end, with whatever the action added."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord import deferred
from accord.appointments import summary
from accord.appointments.models import ClientSummary
from accord.goals.actions import propose_goal
from tests.factories import make_client

pytestmark = pytest.mark.django_db

COMPARED = [f.name for f in ClientSummary._meta.fields if f.name not in ("id", "client", "refreshed_at")]


def _values(row: ClientSummary) -> dict:
    return {name: getattr(row, name) for name in COMPARED}


def test_a_client_created_outside_an_action_has_the_summary_a_refresh_gives(cast):
    with CaptureQueriesContext(connection) as queries:
        client = make_client(cast.tess, name="Noa", email="noa@riverside.example")
    read = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "accounts_client" in q["sql"]]
    assert read == []  # the summary did not read the client's goals, check-ins, sessions or alerts back
    first = _values(ClientSummary.objects.get(client=client))
    assert first["goals"] == [] and first["last_checkin_at"] is None and first["safety_alerts_open"] == 0
    assert _values(summary.refresh(client)) == first


def test_a_client_without_an_account_gets_its_summary_too(cast):
    client = make_client(cast.tess, name="In session only", email=None)
    row = ClientSummary.objects.get(client=client)
    assert _values(row) == _values(summary.refresh(client))


def test_a_client_created_inside_an_action_is_summarised_at_its_end_with_what_the_action_added(cast):
    with deferred.action():
        assert deferred.in_action()
        client = make_client(cast.tess, name="Noa", email="noa@riverside.example")
        assert not ClientSummary.objects.filter(client=client).exists()
        propose_goal(client, cast.tess, words="Walk to the park")
    assert not deferred.in_action()
    row = ClientSummary.objects.get(client=client)
    assert [badge["status"] for badge in row.goals] == ["proposed"]
    assert _values(row) == _values(summary.refresh(client))
