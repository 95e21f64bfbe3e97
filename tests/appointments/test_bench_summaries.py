"""`accord manage seed_bench` leaves every client it makes with its caseload summary row, built in bulk, and
each row says what the per-client refresh (what the actions and the worker run) would have written."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accord import bench
from accord.accounts.models import Client, User
from accord.appointments import caseload, summary
from accord.appointments.models import ClientSummary

pytestmark = pytest.mark.django_db

COMPARED = [f.name for f in ClientSummary._meta.fields if f.name not in ("id", "client", "refreshed_at")]


def _values(row: ClientSummary) -> dict:
    return {name: getattr(row, name) for name in COMPARED}


def test_seed_bench_fills_every_summary_row_as_the_per_client_refresh_would():
    call_command("seed_bench", clients=7, therapists=2, checkins_per_client=6, stdout=None)
    clients = list(Client.objects.filter(practice__name=bench.PRACTICE_NAME).order_by("pk"))
    assert len(clients) == 7
    stored = {row.client_id: _values(row) for row in ClientSummary.objects.filter(client__in=clients)}
    assert set(stored) == {c.pk for c in clients}
    for client in clients:
        assert stored[client.pk] == _values(summary.refresh(client)), client.display_name
    # Some rows say more than "on track", so the comparison above is not of empty rows.
    assert any(v["goals"] and v["spark"] for v in stored.values())


def test_the_seeded_caseload_has_no_client_waiting_to_be_summarised():
    call_command("seed_bench", clients=4, therapists=1, checkins_per_client=2, stdout=None)
    therapist = User.objects.get(email=bench.therapist_email(1))
    rows = caseload.caseload(therapist)
    assert len(rows) == 4
    assert all("not summarised yet" not in row.reasons_text for row in rows)


def test_build_many_of_no_clients_or_unknown_ids_is_empty():
    assert summary.build_many([]) == []
    assert summary.build_many([10**9]) == []
