"""Shaping a goal together live (issue 15): the shared draft behind two open builders, its poll, field
changes and their conflicts, who is here, and who may join. The browsers' side is in
tests/e2e/test_coedit_journey.py.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.accounts.middleware import SESSION_LAST_SEEN_KEY
from accord.audit.models import AuditEvent
from accord.goals import live
from accord.goals.actions import close_goal, revise_goal
from accord.goals.models import DraftPresence, GoalDraft
from tests.goals.goal_pages_support import agreed_goal, cams_proposal, goal_url
from tests.goals.test_goal_builder import builder_data

PASSIVE = {"HTTP_X_ACCORD_SCRIPT": "passive"}
ACTIVE = {"HTTP_X_ACCORD_SCRIPT": "active"}


@pytest.fixture
def goal(cast):
    return cams_proposal(cast)


def live_url(goal) -> str:
    return goal_url(goal, "goal_live")


def presence_url(goal) -> str:
    return goal_url(goal, "goal_live_presence")


def join(browser, goal, field: str = ""):
    return browser.post(presence_url(goal), {"action": "join", "field": field}, **PASSIVE)


def change(browser, goal, field: str, value, *, base_rev: int = 0, base=None, version: int | None = None):
    data = {"field": field, "value": value, "base_rev": base_rev, "version": version or goal.current_number}
    if base is not None:
        data["base"] = base
        data["has_base"] = "1"
    return browser.post(live_url(goal), data, **ACTIVE)


def poll(browser, goal, etag: str = ""):
    headers = {**PASSIVE, **({"HTTP_IF_NONE_MATCH": etag} if etag else {})}
    return browser.get(live_url(goal), **headers)


def denials(user) -> int:
    return AuditEvent.objects.filter(actor=user, action="access.denied").count()


# --- the builder joins ----------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["as_tess", "as_cam"])
def test_both_parties_builders_share_live_and_without_javascript_nothing_changes(who, request, goal):
    page = request.getfixturevalue(who).get(goal_url(goal, "goal_edit")).content.decode()
    assert f'data-live-url="{live_url(goal)}"' in page
    assert "accord/coedit.js" in page
    assert 'id="live-texts" type="application/json"' in page
    assert "<script>" not in page  # the CSP allows no inline script; the texts are data
    assert 'method="post"' in page and 'name="based_on" value="1"' in page  # the plain save is still there


# --- typing on one side, seen on the other ----------------------------------------------------------------
def test_what_tess_types_reaches_cams_poll_with_her_name_and_field(cast, as_tess, as_cam, goal):
    assert join(as_tess, goal, "statement").status_code == 200
    joined = join(as_cam, goal).json()
    assert [(p["name"], p["field"], p["me"]) for p in joined["present"]] == [
        ("Tess", "statement", False),
        ("Cam", "", True),
    ]
    response = change(as_tess, goal, "statement", "Walk three times a week")
    assert response.status_code == 200
    assert response.json()["value"] == "Walk three times a week"
    state = poll(as_cam, goal).json()
    assert state["fields"]["statement"] == {
        "value": "Walk three times a week",
        "rev": response.json()["rev"],
        "by": "Tess",
        "mine": False,
    }
    assert state["version"] == 1
    assert goal.versions.count() == 1  # nothing is a version until someone saves


def test_the_poll_answers_not_modified_from_one_query_until_something_changes(
    as_tess, as_cam, goal, django_assert_max_num_queries
):
    join(as_tess, goal)
    first = poll(as_cam, goal)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    with django_assert_max_num_queries(3):  # the session, the user and the draft's revision
        unchanged = poll(as_cam, goal, etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    change(as_tess, goal, "unit", "walks")
    changed = poll(as_cam, goal, etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["fields"]["unit"]["value"] == "walks"


def test_polling_writes_nothing_and_counts_as_no_activity(cast, as_cam, goal):
    session = as_cam.session
    session[SESSION_LAST_SEEN_KEY] = time.time() - 5 * 60
    session.save()
    seen = as_cam.session[SESSION_LAST_SEEN_KEY]
    assert poll(as_cam, goal).json()["fields"] == {}
    assert not GoalDraft.objects.exists()
    assert as_cam.session[SESSION_LAST_SEEN_KEY] == seen  # an open builder alone never keeps a session alive


def test_a_poll_after_the_session_ended_answers_json_not_the_sign_in_page(as_cam, goal, settings):
    session = as_cam.session
    session[SESSION_LAST_SEEN_KEY] = time.time() - settings.IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()
    response = poll(as_cam, goal)
    assert response.status_code == 401
    assert response.json()["detail"]


# --- the same field changed by both -------------------------------------------------------------------
def test_a_change_typed_on_an_older_revision_is_refused_with_the_others_text(cast, as_tess, as_cam, goal):
    taken = change(as_tess, goal, "statement", "Tess's wording").json()
    clash = change(as_cam, goal, "statement", "Cam's wording", base_rev=0, base="")
    assert clash.status_code == 409
    body = clash.json()
    assert body["code"] == "field" and body["field"] == "statement"
    assert body["theirs"] == "Tess's wording" and body["by"] == "Tess" and body["rev"] == taken["rev"]
    assert body["detail"] == "Tess changed this while you typed." and body["errors"] == {}
    assert GoalDraft.objects.get(goal=goal).values["statement"] == "Tess's wording"  # nothing lost
    # Cam keeps hers, knowingly: typed on Tess's revision now.
    kept = change(as_cam, goal, "statement", "Cam's wording", base_rev=body["rev"], base="Tess's wording")
    assert kept.status_code == 200
    assert poll(as_tess, goal).json()["fields"]["statement"]["by"] == "Cam"


def test_steps_added_by_both_at_once_are_merged(as_tess, as_cam, goal):
    change(as_tess, goal, "milestones", ["Walk to the corner"], base=[])
    merged = change(as_cam, goal, "milestones", ["Walk to the park"], base=[])
    assert merged.status_code == 200
    assert merged.json()["value"] == ["Walk to the corner", "Walk to the park"]
    assert merged.json()["by"] == "Tess"
    assert poll(as_tess, goal).json()["fields"]["milestones"]["value"] == [
        "Walk to the corner",
        "Walk to the park",
    ]


def test_the_same_text_typed_by_both_is_no_conflict(as_tess, as_cam, goal):
    change(as_tess, goal, "unit", "walks")
    assert change(as_cam, goal, "unit", "walks", base="").status_code == 200


# --- saving, agreement, closed goals ------------------------------------------------------------------
def test_saving_makes_the_version_and_the_draft_starts_afresh_on_it(cast, as_tess, as_cam, goal):
    join(as_cam, goal)
    change(as_cam, goal, "statement", "Walk three times a week")
    response = as_tess.post(
        goal_url(goal, "goal_edit"), builder_data(goal, statement="Walk three times a week")
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.current_number == 2
    assert goal.accepted_by("therapist") and not goal.accepted_by("client")  # agreement as before
    state = poll(as_cam, goal).json()
    assert state["version"] == 2 and state["fields"] == {}
    late = change(as_cam, goal, "statement", "More", base_rev=0, version=1)
    assert late.status_code == 409 and late.json()["code"] == "version"


def test_a_save_on_an_older_version_is_still_caught(cast, as_tess, as_cam, goal):
    revise_goal(goal, cast.cam_user, {"statement": "Cam's newer wording"})
    response = as_tess.post(goal_url(goal, "goal_edit"), builder_data(goal, based_on=1, statement="Tess's"))
    assert response.status_code == 409


def test_a_closed_goal_takes_no_live_changes(cast, as_tess):
    goal = agreed_goal(cast)
    close_goal(goal, cast.tess, completed=True)
    response = change(as_tess, goal, "statement", "Something else")
    assert response.status_code == 409 and response.json()["code"] == "closed"
    assert join(as_tess, goal).status_code == 409


# --- who is here ----------------------------------------------------------------------------------------
def test_moving_field_and_leaving_are_news_but_being_still_here_is_not(as_tess, as_cam, goal):
    join(as_tess, goal)
    revision = GoalDraft.objects.get(goal=goal).revision
    as_tess.post(presence_url(goal), {"action": "here", "field": ""}, **PASSIVE)
    assert GoalDraft.objects.get(goal=goal).revision == revision
    as_tess.post(presence_url(goal), {"action": "here", "field": "target"}, **PASSIVE)
    assert GoalDraft.objects.get(goal=goal).revision == revision + 1
    assert join(as_cam, goal).json()["present"][0]["field"] == "target"
    assert as_tess.post(presence_url(goal), {"action": "leave"}).status_code == 204
    assert [p["name"] for p in poll(as_cam, goal).json()["present"]] == ["Cam"]


def test_a_draft_left_alone_for_a_while_starts_afresh_but_not_while_someone_is_here(
    cast, as_tess, as_cam, goal
):
    change(as_tess, goal, "unit", "walks")
    join(as_tess, goal)
    join(as_cam, goal)  # Tess is here: Cam gets what she typed
    assert poll(as_cam, goal).json()["fields"]["unit"]["value"] == "walks"
    long_ago = timezone.now() - live.IDLE_DRAFT - dt.timedelta(minutes=1)
    GoalDraft.objects.filter(goal=goal).update(updated_at=long_ago)
    DraftPresence.objects.update(seen_at=long_ago)
    join(as_cam, goal)
    assert poll(as_cam, goal).json()["fields"] == {}


def test_housekeeping_forgets_old_drafts_and_presences(cast, as_tess, goal):
    join(as_tess, goal)
    other = agreed_goal(cast)
    join(as_tess, other)
    old = timezone.now() - live.KEEP_FOR - dt.timedelta(hours=1)
    GoalDraft.objects.filter(goal=goal).update(updated_at=old)
    DraftPresence.objects.filter(draft__goal=other).update(seen_at=old)
    assert live.prune() == {"live_drafts_pruned": 1, "live_presences_pruned": 2}
    assert list(GoalDraft.objects.values_list("goal", flat=True)) == [other.pk]


# --- who may join -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("outsider", ["as_casey", "as_theo", "as_cleo", "as_ada"])
def test_only_the_client_and_their_care_team_may_join(cast, request, outsider, goal):
    browser = request.getfixturevalue(outsider)
    user = {"as_casey": cast.casey_user, "as_theo": cast.theo, "as_cleo": cast.cleo_user, "as_ada": cast.ada}[
        outsider
    ]
    before = denials(user)
    for response in (poll(browser, goal), join(browser, goal), change(browser, goal, "statement", "Mine")):
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "errors": {}}
    assert denials(user) == before + 3
    assert not GoalDraft.objects.exists()


def test_anonymous_visitors_get_401(client, goal):
    for response in (client.get(live_url(goal)), client.post(presence_url(goal), {"action": "join"})):
        assert response.status_code == 401
        assert set(response.json()) == {"detail", "errors"}


def test_wrong_methods_are_refused_in_json(as_tess, goal):
    assert as_tess.put(live_url(goal)).status_code == 405
    refused = as_tess.get(presence_url(goal))
    assert refused.status_code == 405 and refused["Allow"] == "POST"
    assert refused.json()["errors"] == {}


def test_another_goal_id_is_404_and_audited(cast, as_tess):
    before = denials(cast.tess)
    assert as_tess.get(reverse("goal_live", args=[10**9])).status_code == 404
    assert denials(cast.tess) == before + 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"field": "client_words", "value": "x", "base_rev": 0, "version": 1}, "field"),
        ({"field": "reason", "value": "x", "base_rev": 0, "version": 1}, "field"),
        ({"field": "statement", "value": "x" * 2001, "base_rev": 0, "version": 1}, "field"),
        ({"field": "milestones", "value": ["x"] * 31, "base_rev": 0, "version": 1}, "field"),
        ({"field": "statement", "value": "x", "base_rev": -1, "version": 1}, "base_rev"),
        ({"field": "statement", "value": "x", "base_rev": "abc", "version": 1}, "base_rev"),
        ({"field": "statement", "value": "x", "base_rev": 0}, "version"),
    ],
)
def test_bad_changes_are_refused_with_the_field_named(as_cam, goal, data, field):
    response = as_cam.post(live_url(goal), data, **ACTIVE)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not GoalDraft.objects.filter(values__has_key="statement").exists()


def test_a_bad_presence_is_refused(as_cam, goal):
    response = as_cam.post(presence_url(goal), {"action": "dance"}, **PASSIVE)
    assert response.status_code == 422 and "action" in response.json()["errors"]
