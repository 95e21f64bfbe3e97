"""Practice outcomes (issue 14.5): each measure from constructed data, suppression, access, CSV shapes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.accounts.models import Client
from accord.assessments.models import MeasureResponse
from accord.audit.models import Action, AuditEvent
from accord.checkins.models import CheckIn, CheckInRhythm
from accord.goals import actions as goal_actions
from accord.records import outcomes
from tests.conftest import signed_in
from tests.factories import make_admin, make_client
from tests.records.support import agreed_goal

pytestmark = pytest.mark.django_db

JAN = dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)
FEB = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)
APR = dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC)
_keys = itertools.count()


def score(client, key, total, at):
    MeasureResponse.objects.create(
        client=client,
        instrument_key=key,
        instrument_version=1,
        answers={},
        total=total,
        completed_at=at,
        idempotency_key=f"k{next(_keys)}",
    )


def clients(cast, n, prefix="Client"):
    return [make_client(cast.tess, f"{prefix} {i}", None) for i in range(n)]


def row(rows, period, therapist="All therapists"):
    return next(r for r in rows if r["period"] == period and r["therapist"] == therapist)


def report(cast, kind="month", first=dt.date(2026, 1, 1), last=dt.date(2026, 4, 1)):
    return outcomes.practice_outcomes(cast.practice_a, kind, first, last)


# --- Suppression --------------------------------------------------------------------------------------------


def test_suppression_rule():
    assert outcomes.count_cell(4) == "<5" and outcomes.count_cell(0) == "<5" and outcomes.count_cell(5) == 5
    assert outcomes.rate_cell(5, 10) == "50%"
    assert outcomes.rate_cell(3, 40) == "<5"  # 3 of 40 would give the 3 back
    assert outcomes.rate_cell(4, 4) == "<5"
    assert outcomes.rate_cell(0, 0) == "–"
    assert outcomes.summary_cell([1, 2, 3, 4]) == "<5" and outcomes.summary_cell([1, 2, 3, 4, 5]) == "3.0"


def test_periods_months_and_quarters():
    assert [p.label for p in outcomes.periods("quarter", dt.date(2025, 11, 5), dt.date(2026, 4, 1))] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    months = outcomes.periods("month", dt.date(2025, 12, 1), dt.date(2026, 2, 28))
    assert [p.label for p in months] == ["2025-12", "2026-01", "2026-02"]
    assert months[0].end == dt.date(2026, 1, 1)


# --- Each measure -------------------------------------------------------------------------------------------


def test_clients_seen_and_reliable_improvement_recovery(cast):
    group = clients(cast, 6)
    for client in group:  # at caseness on PHQ-9 (≥10) at the start
        score(client, "phq9", 18, JAN)
        score(client, "gad7", 9, JAN)
    # Five fall by 10 on PHQ-9 and below caseness on both: recovery, reliable improvement, reliable recovery.
    for i, client in enumerate(group[:5]):
        score(client, "phq9", 8, FEB)
        score(client, "gad7", 5 if i < 2 else 6, FEB)  # −4 (reliable) for two, −3 for three
    score(group[5], "phq9", 13, FEB)  # −5: not reliable, still a case
    score(group[5], "gad7", 9, FEB)
    rows = report(cast)
    jan, feb = row(rows, "2026-01"), row(rows, "2026-02")
    assert jan["clients_seen"] == 6
    assert jan["recovery"] == "–"  # one score each so far: no pairs
    assert feb["clients_seen"] == 6
    assert feb["phq9_reliable_improvement"] == "83%"  # 5 of 6
    assert feb["reliable_improvement"] == "83%"
    assert feb["recovery"] == "83%" and feb["reliable_recovery"] == "83%"
    assert feb["gad7_reliable_improvement"] == "<5"  # 2 of 6 fell by ≥ 4: 2 is suppressed
    assert row(rows, "2026-03")["clients_seen"] == "<5"  # nobody seen in March
    tess = row(rows, "2026-02", cast.tess.full_name)
    assert tess["clients_seen"] == 6


def test_recovery_needs_caseness_and_reliable_recovery_needs_reliable_change(cast):
    convention = {"reliable": {"phq9": 6, "gad7": 4}, "caseness": {"phq9": 10, "gad7": 8}}
    recovered_not_reliably = outcomes.Change(phq9=(11, 9), gad7=(8, 7), **convention)
    assert recovered_not_reliably.case_at_start and recovered_not_reliably.recovered
    assert not recovered_not_reliably.reliably_improved and recovered_not_reliably.reliably_recovered is False
    not_a_case = outcomes.Change(phq9=(9, 2), gad7=(7, 1), **convention)
    assert not_a_case.case_at_start is False and not_a_case.recovered is None
    assert not_a_case.reliably_improved  # improvement counts without caseness
    mixed = outcomes.Change(phq9=(20, 10), gad7=(5, 10), **convention)  # GAD-7 reliably worse
    assert mixed.improved("phq9") and not mixed.reliably_improved
    only_phq = outcomes.Change(phq9=(20, 10), gad7=None, **convention)
    assert only_phq.improved("phq9") and only_phq.recovered is None


def test_thresholds_come_from_the_settings(cast, settings):
    settings.ACCORD_RELIABLE_CHANGE = {"phq9": 3, "gad7": 4}
    group = clients(cast, 5)
    for client in group:
        score(client, "phq9", 12, JAN)
        score(client, "phq9", 8, FEB)  # −4: reliable only with the lower threshold
    assert row(report(cast), "2026-02")["phq9_reliable_improvement"] == "100%"


def test_goals_agreed_days_achieved_and_t_score_change(cast):
    goals = [agreed_goal(cast) for _ in range(5)]
    now = dt.datetime.now(dt.UTC)
    for days, goal in zip([1, 2, 3, 10, 30], goals, strict=True):  # proposed days before the agreement
        type(goal).objects.filter(pk=goal.pk).update(created_at=now - dt.timedelta(days=days))
    for goal in goals:
        goal_actions.rate_gas(goal, cast.cam_user, level=1)  # baseline −1 → +1
        goal_actions.rate_gas(goal, cast.tess, level=0)
    rows = outcomes.practice_outcomes(cast.practice_a, "month", dt.date.today(), dt.date.today())
    this_month = rows[0]
    assert this_month["goals_agreed"] == 5
    assert this_month["median_days_to_agree"] == "3.0"
    assert this_month["clients_seen"] == "<5"  # one client (Cam), seen through the therapist's ratings
    _therapists, facts = outcomes.load(cast.practice_a)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    cam = facts[cast.cam.pk]
    # Five equal goals from −1 to +1 (client) and to 0 (therapist): T from baseline.
    baseline = 50 + 10 * (-5) / ((0.7 * 5 + 0.3 * 25) ** 0.5)
    assert outcomes.t_change(cam, "client", later) == pytest.approx(
        50 + 10 * 5 / ((0.7 * 5 + 0.3 * 25) ** 0.5) - baseline
    )
    assert outcomes.t_change(cam, "therapist", later) == pytest.approx(50 - baseline)
    for goal in goals:
        goal.refresh_from_db()
        goal_actions.close_goal(goal, cast.tess, completed=True)
    rows = outcomes.practice_outcomes(cast.practice_a, "month", dt.date.today(), dt.date.today())
    assert rows[0]["goals_achieved"] == 5


def test_checkin_regularity(cast):
    group = clients(cast, 5)
    for client in group:
        CheckInRhythm.objects.update_or_create(
            client=client, defaults={"every_weeks": 1, "starts_on": dt.date(2025, 1, 1)}
        )
        Client.objects.filter(pk=client.pk).update(created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        for week in range(2):  # two of the four weeks February asks for
            CheckIn.objects.create(
                client=client, submitted_at=FEB + dt.timedelta(weeks=week), idempotency_key=f"c{next(_keys)}"
            )
    assert row(report(cast), "2026-02")["checkin_regularity"] == "50%"


def test_deactivated_clients_are_left_out(cast):
    group = clients(cast, 5)
    for client in group:
        score(client, "phq9", 12, JAN)
    assert row(report(cast), "2026-01")["clients_seen"] == 5
    Client.objects.filter(pk=group[0].pk).update(is_active=False)
    assert row(report(cast), "2026-01")["clients_seen"] == "<5"
    assert (
        len(outcomes.research_rows(cast.practice_a))
        == Client.objects.filter(practice=cast.practice_a, is_active=True).count()
    )


def test_query_count_is_flat_with_clients(cast):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            report(cast)
            outcomes.research_rows(cast.practice_a)
        return len(captured)

    for client in clients(cast, 2, "A"):
        score(client, "phq9", 12, JAN)
    few = queries()
    for client in clients(cast, 8, "B"):
        score(client, "phq9", 12, JAN)
        score(client, "gad7", 9, FEB)
        CheckIn.objects.create(client=client, submitted_at=FEB, idempotency_key=f"c{next(_keys)}")
    assert queries() == few


# --- Pages and CSVs ----------------------------------------------------------------------------------------


def test_page_for_the_practice_admin(cast):
    response = signed_in(cast.ada).get(
        reverse("records_outcomes"), {"period": "month", "start": "2026-01", "end": "2026-03"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "2026-02" in text and cast.tess.full_name in text and "&lt;5" in text
    assert AuditEvent.objects.filter(action=Action.DATA_READ, actor=cast.ada).exists()


def test_page_defaults_and_bad_input(cast):
    browser = signed_in(cast.ada)
    assert browser.get(reverse("records_outcomes")).status_code == 200
    assert browser.get(reverse("records_outcomes"), {"start": "2026-05", "end": "2026-01"}).status_code == 400
    assert browser.get(reverse("records_outcomes"), {"period": "decade"}).status_code == 400
    assert browser.get(reverse("records_outcomes_csv"), {"start": "nonsense"}).status_code == 400


@pytest.mark.parametrize("name", ["records_outcomes", "records_outcomes_csv", "records_research_csv"])
def test_only_admins_of_the_practice(cast, name):
    url = reverse(name)
    other_admin = make_admin(cast.practice_b, email="hal@hillside.example", name="Hal Admin")
    for user in (cast.tess, cast.cam_user, cast.theo):
        assert signed_in(user).get(url).status_code == 404
    assert signed_in(cast.ada).post(url).status_code == 405
    from django.test import Client as Browser

    assert Browser().get(url).status_code == 302
    # Another practice's admin sees their own practice only: none of Riverside's therapists.
    response = signed_in(other_admin).get(url)
    assert response.status_code == 200
    assert cast.tess.full_name.encode() not in response.content


def test_outcomes_csv_shape(cast):
    for client in clients(cast, 5):
        score(client, "phq9", 12, JAN)
    response = signed_in(cast.ada).get(
        reverse("records_outcomes_csv"), {"period": "quarter", "start": "2026-01", "end": "2026-06"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [key for key, _label in outcomes.COLUMNS]
    assert [(r["period"], r["therapist"]) for r in rows] == [
        ("2026-Q1", "All therapists"),
        ("2026-Q1", cast.tess.full_name),
        ("2026-Q2", "All therapists"),
        ("2026-Q2", cast.tess.full_name),
    ]
    assert rows[0]["clients_seen"] == "5" and rows[2]["clients_seen"] == "<5"
    assert AuditEvent.objects.filter(action=Action.RECORDS_EXPORTED, detail__format="outcomes csv").exists()


def test_research_csv_is_de_identified(cast):
    goal = agreed_goal(cast)
    goal_actions.rate_gas(goal, cast.cam_user, level=1)
    score(cast.cam, "phq9", 18, JAN)
    score(cast.cam, "phq9", 8, FEB)
    browser = signed_in(cast.ada)
    first = list(csv.DictReader(io.StringIO(browser.get(reverse("records_research_csv")).content.decode())))
    second = list(csv.DictReader(io.StringIO(browser.get(reverse("records_research_csv")).content.decode())))
    assert list(first[0]) == outcomes.RESEARCH_COLUMNS
    assert len(first) == 2  # Cam and Casey (Cleo is another practice's)
    text = str(first)
    for private in ("Cam", "Casey", cast.tess.full_name, "café", "@", str(cast.cam.pk) + ","):
        assert private not in text
    cam = next(r for r in first if r["phq9_first"] == "18")
    assert (
        cam["phq9_latest"] == "8"
        and cam["phq9_first_month"] == "2026-01"
        and cam["phq9_latest_month"] == "2026-02"
    )
    assert (
        cam["goals_agreed"] == "1"
        and cam["gas_t_latest_client"] == "60.00"
        and cam["gas_t_baseline"] == "40.00"
    )
    # Pseudonyms are fresh in each export, and the same therapist keeps one within it.
    assert {r["client"] for r in first}.isdisjoint({r["client"] for r in second})
    assert len({r["therapist"] for r in first}) == 1
    assert all(len(r["first_month"]) == 7 for r in first)


def test_page_query_count_is_flat_with_clients(cast):
    browser = signed_in(cast.ada)
    url = reverse("records_outcomes")
    params = {"period": "month", "start": "2026-01", "end": "2026-03"}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(url, params).status_code == 200
        return len(captured)

    queries()  # warm the session and caches
    few = queries()
    for client in clients(cast, 10):
        score(client, "phq9", 12, JAN)
        score(client, "phq9", 4, FEB)
        CheckIn.objects.create(client=client, submitted_at=FEB, idempotency_key=f"c{next(_keys)}")
    assert queries() == few


def test_csv_cells_never_start_a_formula():
    from accord.records.views import _cell

    assert _cell("=1+1 Tess") == "'=1+1 Tess" and _cell("@sum") == "'@sum"
    assert _cell("-3.5") == "-3.5" and _cell("<5") == "<5" and _cell(12) == "12"
