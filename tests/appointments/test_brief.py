"""The pre-session brief: "since the last session" boundaries (a minute either side, time zones, no held
session yet → since the intake), flags, agenda, time split; the page, the API, who may see it, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.appointments.models import Session, SessionState
from accord.assessments.models import Intake
from accord.audit.models import AuditEvent
from accord.dialogue import actions as dialogue
from accord.home.brief import build_brief, prompts_for_flag, since_of, suggest_split
from tests.appointments.support import held_session, planned_session
from tests.checkins.checkin_support import agreed_goal, check_in

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _checkin_lines(brief) -> list[str]:
    return [c.text for c in brief.changes if c.kind == "checkin"]


def test_a_check_in_a_minute_after_the_held_session_is_new_and_one_a_minute_before_is_not(cast):
    goal = agreed_goal(cast)
    start = timezone.now() - dt.timedelta(days=3)
    session = held_session(cast.cam, cast.tess, starts_at=start, minutes=50)
    end = session.ends_at
    check_in(cast.cam, [goal], at=end - dt.timedelta(minutes=1), progress=3, confidence=5)
    check_in(cast.cam, [goal], at=end + dt.timedelta(minutes=1), progress=7, confidence=8)
    brief = build_brief(cast.cam, cast.tess)
    assert brief.since == end and brief.since_kind == "session"
    lines = _checkin_lines(brief)
    assert len(lines) == 1 and "7/10 towards it" in lines[0] and "confidence 8/10" in lines[0]


def test_only_held_sessions_close_since_last_session(cast):
    start = timezone.now() - dt.timedelta(days=2)
    Session.objects.create(client=cast.cam, starts_at=start, minutes=50, state=SessionState.CANCELLED)
    Session.objects.create(client=cast.cam, starts_at=start, minutes=50, state=SessionState.MISSED)
    _since, kind = since_of(cast.cam, timezone.now())
    assert kind == "start"


def test_the_boundary_is_an_instant_whatever_the_time_zones(cast):
    """Tess in New York holds a session at 17:00 her time (22:00 UTC); Cam checks in from Tokyo. The brief
    compares instants, so Cam's 07:30 Tokyo check-in (22:30 UTC, during the session) is not new and her
    08:00 one (23:00 UTC, after it ended at 22:50 UTC) is."""
    cast.tess.time_zone = "America/New_York"
    cast.tess.save()
    cast.cam.time_zone = "Asia/Tokyo"
    cast.cam.save()
    goal = agreed_goal(cast)
    start = dt.datetime(2026, 1, 14, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    held_session(cast.cam, cast.tess, starts_at=start, minutes=50)
    check_in(cast.cam, [goal], at=dt.datetime(2026, 1, 14, 22, 30, tzinfo=UTC), progress=2)
    check_in(cast.cam, [goal], at=dt.datetime(2026, 1, 14, 23, 0, tzinfo=UTC), progress=9)
    brief = build_brief(cast.cam, cast.tess, now=dt.datetime(2026, 1, 20, tzinfo=UTC))
    assert brief.since == dt.datetime(2026, 1, 14, 22, 50, tzinfo=UTC)
    lines = _checkin_lines(brief)
    assert len(lines) == 1 and "9/10" in lines[0]


def test_before_any_held_session_the_brief_runs_from_the_intake(cast):
    goal = agreed_goal(cast)
    sent = timezone.now() - dt.timedelta(days=5)
    Intake.objects.create(client=cast.cam, instrument_version=1, submitted_at=sent)
    check_in(cast.cam, [goal], at=sent - dt.timedelta(minutes=1), progress=1)
    check_in(cast.cam, [goal], at=sent + dt.timedelta(minutes=1), progress=4)
    brief = build_brief(cast.cam, cast.tess)
    assert brief.since_kind == "intake" and brief.since == sent
    assert len(_checkin_lines(brief)) == 1
    assert "no session is marked held yet" in brief.since_text


def test_without_an_intake_it_runs_from_when_the_client_was_added(cast):
    brief = build_brief(cast.cam, cast.tess)
    assert brief.since_kind == "start" and brief.since == cast.cam.created_at


def test_flags_carry_their_reason_and_a_place_for_the_mi_prompt(cast):
    goal = agreed_goal(cast)
    for confidence in (8, 6, 4):
        check_in(cast.cam, [goal], progress=5, confidence=confidence)
    brief = build_brief(cast.cam, cast.tess)
    codes = {f.code for f in brief.flags}
    assert codes & {"stalled", "falling_confidence"}
    flag = next(f for f in brief.flags if f.goal is not None)
    assert flag.goal == goal and flag.prompts == prompts_for_flag(goal, flag.code)
    assert flag.prompts and all(p.source for p in flag.prompts)  # the MI prompts, each naming its source


def test_a_proposal_from_the_client_is_flagged_and_listed_as_changed(cast):
    from accord.goals.actions import propose_goal

    propose_goal(cast.cam, cast.cam_user, words="Sleep better", statement="Sleep by 11 most nights")
    brief = build_brief(cast.cam, cast.tess)
    assert any(f.code == "proposal_waiting" for f in brief.flags)
    assert any(c.kind == "goal" and "waiting for you" in c.text for c in brief.changes)


def test_the_suggested_split_fits_the_planned_length():
    split = suggest_split(50, agenda_items=2, flagged_goals=2, goals=3)
    assert (split.agenda, split.review, split.next) == (10, 20, 20) and split.total == 50
    crowded = suggest_split(30, agenda_items=9, flagged_goals=5, goals=5)
    assert crowded.total == 30 and crowded.next >= 10
    assert suggest_split(50, agenda_items=0, flagged_goals=0, goals=0).next == 50


def test_the_page_shows_the_sections_and_is_audited(cast, as_tess):
    goal = agreed_goal(cast)
    dialogue.add_agenda_item(cast.cam, cast.cam_user, text="Talk about the weekend", priority="high")
    check_in(cast.cam, [goal], progress=6, confidence=7)
    planned_session(cast.cam, cast.tess, in_days=1)
    response = as_tess.get(reverse("client_brief", args=[cast.cam.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("What changed", "Flags", "agenda", "Time split (50 minutes)"):
        assert heading in html
    assert "Talk about the weekend" in html and "6/10 towards it" in html
    assert AuditEvent.objects.filter(action="client.viewed", client=cast.cam, record_kind="brief").exists()


def test_marking_an_agenda_item_discussed_from_the_brief_returns_to_it(cast, as_tess):
    item = dialogue.add_agenda_item(cast.cam, cast.cam_user, text="The weekend", priority="normal")
    brief_url = reverse("client_brief", args=[cast.cam.pk])
    response = as_tess.post(
        reverse("dialogue_agenda_discussed", args=[cast.cam.pk, item.pk]), {"next": brief_url}
    )
    assert response.status_code == 302 and response.url == brief_url
    assert "The weekend" not in as_tess.get(brief_url).content.decode()


def test_the_api_gives_the_same_sections(cast, as_tess):
    agreed_goal(cast)
    planned_session(cast.cam, cast.tess, in_days=1)
    body = as_tess.get(f"/api/v1/clients/{cast.cam.pk}/brief").json()
    assert set(body) == {
        "client_id",
        "session",
        "since",
        "since_kind",
        "changes",
        "flags",
        "motivation",
        "agenda",
        "time_split",
    }
    assert body["time_split"]["minutes"] == 50 and body["session"]["minutes"] == 50


def test_clients_never_see_a_brief(cast, as_cam, as_casey, as_theo, as_ada, client):
    url = reverse("client_brief", args=[cast.cam.pk])
    for browser in (as_cam, as_casey, as_theo, as_ada):
        assert browser.get(url).status_code == 404
        assert browser.get(f"/api/v1/clients/{cast.cam.pk}/brief").status_code == 404
    assert client.get(url).status_code == 302
    assert client.get(f"/api/v1/clients/{cast.cam.pk}/brief").status_code == 401


def test_wrong_method(cast, as_tess):
    assert as_tess.post(reverse("client_brief", args=[cast.cam.pk])).status_code == 405


def _brief_queries(browser, url) -> int:
    browser.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_brief_query_count_is_flat_from_10_to_1000_check_ins(cast, as_tess):
    from accord.accounts.models import Client
    from tests.progress.progress_support import add_values, planned_goal

    Client.objects.filter(pk=cast.cam.pk).update(created_at=dt.datetime(2025, 1, 1, tzinfo=UTC))
    goal = planned_goal(cast)
    dialogue.add_agenda_item(cast.cam, cast.cam_user, text="One thing", priority="normal")
    planned_session(cast.cam, cast.tess)
    url = reverse("client_brief", args=[cast.cam.pk])
    add_values(goal, [1.0] * 10, every_days=1, progress=[5] * 10, confidence=[6] * 10)
    few = _brief_queries(as_tess, url)
    assert few <= 17  # with the session, the user, the audit record of the read and the MI section
    add_values(goal, [2.0] * 990, every_days=1, first_day=20, progress=[5] * 990, confidence=[6] * 990)
    assert _brief_queries(as_tess, url) == few
