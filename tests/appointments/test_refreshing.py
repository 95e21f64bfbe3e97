"""The summary rows kept current when only time passes, and filled in for clients from before they existed:
the worker's hourly round, `accord manage refresh_summaries`, and "not summarised yet" until then."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accord.appointments import caseload, ranking, refreshing
from accord.appointments.models import ClientSummary
from accord.goals.actions import propose_goal

pytestmark = pytest.mark.django_db


def _row(user, client):
    return next(r for r in caseload.caseload(user) if r.client.pk == client.pk)


def _age(client, days: float) -> None:
    ClientSummary.objects.filter(client=client).update(refreshed_at=timezone.now() - dt.timedelta(days=days))


def test_a_client_without_a_summary_reads_not_summarised_never_on_track(cast):
    ClientSummary.objects.filter(client=cast.cam).delete()
    row = _row(cast.tess, cast.cam)
    assert row.needs_attention
    assert [r.code for r in row.reasons] == [ranking.NOT_SUMMARISED]
    assert "not summarised yet" in row.reasons_text
    assert "on track" not in row.reasons_text


def test_the_hourly_round_refreshes_missing_and_day_old_rows_only(cast):
    ClientSummary.objects.filter(client=cast.cam).delete()
    propose_goal(cast.casey, cast.casey_user, words="", statement="Go back to choir")
    # Casey's row says something time has made untrue, and is a day old; Cam has none.
    ClientSummary.objects.filter(client=cast.casey).update(stalled_goals=3)
    _age(cast.casey, 1.5)
    stale = refreshing.stale_clients(timezone.now())
    assert stale[0] == cast.cam.pk and cast.casey.pk in stale
    fresh_before = ClientSummary.objects.exclude(client__in=[cast.cam, cast.casey]).values_list(
        "refreshed_at", flat=True
    )
    before = sorted(fresh_before)
    assert refreshing.refresh_stale() == len(stale)
    assert ClientSummary.objects.get(client=cast.casey).stalled_goals == 0
    assert ClientSummary.objects.get(client=cast.casey).waiting_for_therapist == 1
    assert _row(cast.tess, cast.cam).reasons_text == "on track"
    # Rows refreshed within the day are left alone; a second round finds nothing.
    assert sorted(fresh_before.all()) == before
    assert refreshing.stale_clients(timezone.now()) == []
    assert refreshing.refresh_stale() == 0


def test_a_round_skips_a_client_deleted_meanwhile(cast):
    assert refreshing.refresh_clients([cast.cam.pk, 10**9]) == 1


def test_refresh_summaries_command_is_idempotent(cast):
    ClientSummary.objects.all().delete()
    out = StringIO()
    call_command("refresh_summaries", stdout=out)
    count = ClientSummary.objects.count()
    assert count >= 2 and f"refreshed: {count}" in out.getvalue()
    first = {s.client_id: (s.stalled_goals, s.goals, s.spark) for s in ClientSummary.objects.all()}
    call_command("refresh_summaries", stdout=StringIO())
    assert ClientSummary.objects.count() == count
    assert {s.client_id: (s.stalled_goals, s.goals, s.spark) for s in ClientSummary.objects.all()} == first


def test_refresh_summaries_stale_only(cast):
    _age(cast.cam, 2)
    out = StringIO()
    call_command("refresh_summaries", "--stale-only", stdout=out)
    assert "refreshed: 1" in out.getvalue()


def test_the_worker_starts_the_summary_schedule():
    from accord.schedules import registered

    assert refreshing.SummarySchedule in registered()
    assert refreshing.SummarySchedule().interval == refreshing.CHECK_INTERVAL_SECONDS


def test_one_refresh_is_five_queries_however_much_history(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.appointments import summary
    from tests.checkins.checkin_support import agreed_goal, check_in, rhythm

    goal = agreed_goal(cast)
    rhythm(cast.cam)
    counts = []
    for _ in range(2):
        check_in(cast.cam, [goal], progress=6, confidence=8)
        check_in(cast.cam, [goal], progress=5, confidence=7)
        with CaptureQueriesContext(connection) as queries:
            summary.refresh(cast.cam)
        counts.append(len(queries.captured_queries))
    assert counts == [5, 5]
