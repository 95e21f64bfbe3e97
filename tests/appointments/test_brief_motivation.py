"""The brief carries the MI prompts of each flag (from accord/goals/mi_prompts.json), and each goal's stage of
change, exploring state and decisional balance — on the page and in the API, at a flat query count."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.goals import actions
from accord.home.brief import build_brief, prompts_for_flag
from tests.appointments.support import planned_session
from tests.checkins.checkin_support import agreed_goal, check_in

BALANCE = {"change_pros": "Feel part of things", "stay_cons": "Weekends stay lonely"}


def _three_days(client, goals):
    now = dt.datetime.now(dt.UTC)
    for days in (2, 1, 0):
        check_in(client, goals, progress=5, value=1, confidence=6, at=now - dt.timedelta(days=days, hours=1))


def _exploring(cast, statement="Sing in a choir"):
    goal = actions.propose_goal(cast.cam, cast.cam_user, words=statement)
    actions.set_exploring(goal, cast.tess, exploring=True)
    actions.set_stage_of_change(goal, cast.tess, "contemplation")
    actions.save_decisional_balance(goal, cast.cam_user, BALANCE)
    goal.refresh_from_db()
    return goal


def test_a_stalled_flag_carries_prompts_with_their_source_and_the_readiness_numbers(cast):
    goal = agreed_goal(cast)
    actions.rate_readiness(goal, cast.cam_user, importance=7, confidence=5)
    _three_days(cast.cam, [goal])
    flag = next(f for f in build_brief(cast.cam, cast.tess).flags if f.code == "stalled")
    texts = " ".join(p.text for p in flag.prompts)
    assert flag.prompts and all(p.source for p in flag.prompts)
    assert "a 5 and not a 2" in texts or "a 7 rather than a 4" in texts


def test_flags_without_mi_prompts_have_none_and_client_wide_flags_get_the_general_ones(cast):
    assert prompts_for_flag(None, "safety_alert") == [] and prompts_for_flag(None, "divergence") == []
    missed = prompts_for_flag(None, "missed_checkins")
    assert missed and all("{" not in p.text for p in missed)


def test_an_exploring_goal_is_flagged_with_its_stage_and_decisional_balance(cast, as_tess):
    goal = _exploring(cast)
    brief = build_brief(cast.cam, cast.tess)
    flag = next(f for f in brief.flags if f.code == "exploring")
    assert flag.goal == goal and flag.prompts
    assert [m.goal for m in brief.motivation] == [goal]
    assert brief.motivation[0].stage_label == "Thinking about it" and brief.motivation[0].balance.stay_cons
    page = as_tess.get(reverse("client_brief", args=[cast.cam.pk])).content.decode()
    assert "Weekends stay lonely" in page and "Thinking about it" in page and "Janis &amp; Mann 1977" in page
    body = as_tess.get(f"/api/v1/clients/{cast.cam.pk}/brief").json()
    assert body["motivation"][0]["decisional_balance"]["stay_cons"] == "Weekends stay lonely"
    assert body["motivation"][0]["exploring"] and body["motivation"][0]["stage_of_change"] == "contemplation"
    exploring = next(f for f in body["flags"] if f["code"] == "exploring")
    assert exploring["prompts"][0]["source"] and exploring["prompts"][0]["source_full"]


def _count(browser, url) -> int:
    browser.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_brief_query_count_stays_flat_with_more_flagged_and_exploring_goals(cast, as_tess):
    planned_session(cast.cam, cast.tess)
    url = reverse("client_brief", args=[cast.cam.pk])
    first = agreed_goal(cast)
    _exploring(cast)
    _three_days(cast.cam, [first])
    few = _count(as_tess, url)
    more = [agreed_goal(cast) for _ in range(3)]
    for goal in more:
        actions.rate_readiness(goal, cast.cam_user, importance=6, confidence=4)
    _three_days(cast.cam, [first, *more])
    for n in range(3):
        _exploring(cast, f"Another idea {n}")
    assert _count(as_tess, url) == few
