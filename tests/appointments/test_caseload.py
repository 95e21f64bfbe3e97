"""The caseload that triages: the summary row kept current by the actions, the ranking on the page and in
the API, filters and search, who may see it, and a query count flat from 5 to 500 clients."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import CareTeamMember, Client
from accord.appointments import caseload
from accord.appointments.models import ClientSummary
from accord.assessments.models import SafetyAlert
from accord.goals.actions import propose_goal
from accord.progress import actions as review
from accord.progress.actions import GoalReview
from tests.appointments.support import planned_session
from tests.assessments.support import phq9, respond
from tests.checkins.checkin_support import agreed_goal, check_in

pytestmark = pytest.mark.django_db


def _row(user, client):
    return next(r for r in caseload.caseload(user) if r.client.pk == client.pk)


def test_a_new_client_reads_on_track(cast):
    row = _row(cast.tess, cast.cam)
    assert row.reasons == [] and row.reasons_text == "on track"


def test_the_summary_follows_each_kind_of_change(cast):
    goal = agreed_goal(cast)
    check_in(cast.cam, [goal], progress=6, confidence=8)
    summary = ClientSummary.objects.get(client=cast.cam)
    assert summary.last_checkin_at is not None and summary.spark == [6.0]
    assert summary.goals[0]["id"] == goal.pk
    # A proposal from the client waits for the therapist.
    propose_goal(cast.cam, cast.cam_user, words="Sleep better", statement="Sleep by 11")
    assert ClientSummary.objects.get(client=cast.cam).waiting_for_therapist == 1
    # A divergence: the therapist rates progress far from the client's 6.
    review.record_review(cast.tess, [GoalReview(goal=goal, therapist_progress=1)])
    assert ClientSummary.objects.get(client=cast.cam).diverging_goals == 1
    # A safety alert, then its acknowledgement.
    respond(cast.cam, "phq9", phq9(12, item9=1), by=cast.tess)
    assert ClientSummary.objects.get(client=cast.cam).safety_alerts_open == 1
    alert = SafetyAlert.objects.get(client=cast.cam)
    alert.acknowledged_at = timezone.now()
    alert.save()
    assert ClientSummary.objects.get(client=cast.cam).safety_alerts_open == 0


def test_the_caseload_ranks_by_need_with_the_reasons_written_out(cast):
    propose_goal(cast.casey, cast.casey_user, words="", statement="Go back to choir")
    respond(cast.cam, "phq9", phq9(12, item9=1), by=cast.tess)
    rows = caseload.caseload(cast.tess)
    assert [r.client.display_name for r in rows] == ["Cam", "Casey"]
    assert rows[0].reasons_text == "safety alert, unacknowledged"
    assert rows[1].reasons_text == "1 proposal waiting for you"


def test_missed_check_ins_count_from_the_rhythm_without_reading_history(cast):
    from tests.checkins.checkin_support import rhythm

    goal = agreed_goal(cast)
    rhythm(cast.cam, starts_on=timezone.localdate() - dt.timedelta(days=30), zone="UTC")
    check_in(cast.cam, [goal], at=timezone.now() - dt.timedelta(days=29), progress=5)
    row = _row(cast.tess, cast.cam)
    assert any(r.code == "missed_checkins" and r.count >= 3 for r in row.reasons)


def test_filters_and_search(cast, as_tess):
    propose_goal(cast.cam, cast.cam_user, words="", statement="Something")
    planned_session(cast.casey, cast.tess, in_days=2)
    attention = as_tess.get(reverse("therapist_home") + "?show=attention").content.decode()
    assert "Cam" in attention and ">Casey<" not in attention
    week = as_tess.get(reverse("therapist_home") + "?show=week").content.decode()
    assert ">Casey<" in week and ">Cam<" not in week
    found = as_tess.get(reverse("therapist_home") + "?q=cas").content.decode()
    assert ">Casey<" in found and ">Cam<" not in found
    assert as_tess.get(reverse("therapist_home") + "?show=nonsense").status_code == 200


def test_the_page_shows_reasons_badges_next_session_and_sparkline(cast, as_tess):
    goal = agreed_goal(cast)
    check_in(cast.cam, [goal], at=timezone.now() - dt.timedelta(days=2), progress=4)
    check_in(cast.cam, [goal], progress=6)
    planned_session(cast.cam, cast.tess, in_days=1)
    html = as_tess.get(reverse("therapist_home")).content.decode()
    assert "on track" in html and 'class="sparkline"' in html and "badge--" in html
    assert "How the order is decided" in html


def test_the_api_lists_clients_in_rank_order_with_reasons(cast, as_tess):
    respond(cast.casey, "phq9", phq9(12, item9=1), by=cast.tess)
    body = as_tess.get("/api/v1/caseload").json()
    assert [r["display_name"] for r in body] == ["Casey", "Cam"]
    assert body[0]["reasons"] == [{"code": "safety_alert", "text": "safety alert, unacknowledged"}]
    assert body[1]["reasons"] == [] and set(body[1]) >= {"next_session", "last_checkin", "goals", "progress"}


def test_clients_admins_and_strangers_never_see_a_caseload(cast, as_cam, as_ada, client):
    assert as_cam.get(reverse("therapist_home")).status_code == 404
    assert as_ada.get(reverse("therapist_home")).status_code == 404
    assert as_cam.get("/api/v1/caseload").status_code == 404
    assert client.get("/api/v1/caseload").status_code == 401
    assert client.get(reverse("therapist_home")).status_code == 302


def test_another_practices_clients_are_not_in_it(cast, as_theo):
    names = [r["display_name"] for r in as_theo.get("/api/v1/caseload").json()]
    assert names == ["Cleo"]


def _grow_caseload(cast, n: int) -> None:
    """``n`` more clients for Tess, each with a summary row that has something to rank by."""
    made = Client.objects.bulk_create(
        [Client(practice=cast.practice_a, display_name=f"Client {i:03d}") for i in range(n)]
    )
    CareTeamMember.objects.bulk_create(
        [CareTeamMember(client=c, therapist=cast.tess, is_primary=True) for c in made]
    )
    ClientSummary.objects.bulk_create(
        [
            ClientSummary(
                client=c,
                stalled_goals=i % 3,
                diverging_goals=i % 2,
                goals=[{"id": i, "title": "A goal", "status": "stalled"}],
                spark=[3.0, 4.0, 5.0],
                refreshed_at=timezone.now(),
            )
            for i, c in enumerate(made)
        ]
    )


def _queries(browser, url) -> int:
    browser.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("url", [reverse("therapist_home"), "/api/v1/caseload"])
def test_the_caseload_query_count_is_flat_from_5_to_500_clients_and_within_budget(cast, as_tess, url):
    _grow_caseload(cast, 3)
    five = _queries(as_tess, url)
    _grow_caseload(cast, 495)
    assert _queries(as_tess, url) == five
    assert five <= 10, five
