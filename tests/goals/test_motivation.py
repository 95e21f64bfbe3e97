"""Stage of change, exploring, the decisional balance and agreement in the room: actions, pages and API."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from accord.audit.models import Action, AuditEvent
from accord.checkins import actions as checkin_actions
from accord.checkins.actions import CheckInData, CheckInError, GoalAnswer
from accord.checkins.models import CheckIn
from accord.goals import actions, motivation
from accord.goals.actions import GoalActionError
from accord.goals.models import AgreementEvent, DecisionalBalance, GasRating, Goal, LifecycleStatus, Party
from accord.goals.motivation_sections import decisional_balance_for, motivation_for_goal
from accord.goals.sections import agreement_sentences, party_names
from accord.progress.sections import motivation_of
from tests.checkins.checkin_support import posted
from tests.goals.goal_pages_support import agreed_goal, cams_proposal, goal_url, is_sign_in_redirect

API = "/api/v1"
JSON = "application/json"
BALANCE = {
    "change_pros": "More energy for the kids",
    "change_cons": "It will feel awkward at first",
    "stay_pros": "Nothing new to face",
    "stay_cons": "Weekends stay lonely",
}


@pytest.fixture
def proposal(cast) -> Goal:
    """Tess's proposal for Cam, waiting for Cam."""
    return actions.propose_goal(cast.cam, cast.tess, words="", statement="Go to the Saturday choir")


def in_room(goal, **extra) -> dict:
    return {"version": goal.current_number, "decision": "accept", "in_room": "on", **extra}


# --- agreement in the room: the action ------------------------------------------------------------------
def test_the_therapist_records_the_clients_acceptance_in_session(cast, proposal):
    agreed = actions.record_in_session(
        proposal, cast.tess, decision="accept", version_number=1, agreed_in_room=True
    )
    proposal.refresh_from_db()
    assert agreed and proposal.is_agreed and proposal.lifecycle_status == LifecycleStatus.ACTIVE
    event = AgreementEvent.objects.filter(goal=proposal, party=Party.CLIENT).get()
    assert event.in_session and event.user == cast.tess
    audit = AuditEvent.objects.get(action=Action.GOAL_ACCEPTED_IN_SESSION)
    assert audit.actor == cast.tess and audit.detail["party"] == Party.CLIENT
    events = list(proposal.agreement_events.select_related("user", "version"))
    for viewer, user, expected in (
        (Party.THERAPIST, cast.tess, "Cam agreed in session, recorded by you."),
        (Party.CLIENT, cast.cam_user, "You agreed in session, recorded by Tess."),
    ):
        names = party_names(cast.cam, viewer)
        assert expected in agreement_sentences(proposal, events, names, user.pk)


def test_agreement_in_the_room_needs_the_tick_and_the_therapist(cast, proposal):
    with pytest.raises(GoalActionError) as refused:
        actions.record_in_session(
            proposal, cast.tess, decision="accept", version_number=1, agreed_in_room=False
        )
    assert refused.value.field == "in_room"
    with pytest.raises(GoalActionError, match="Only the therapist"):
        actions.record_in_session(
            proposal, cast.cam_user, decision="accept", version_number=1, agreed_in_room=True
        )
    proposal.refresh_from_db()
    assert not proposal.is_agreed and not AgreementEvent.objects.filter(in_session=True).exists()


def test_agreement_semantics_are_unchanged_both_accept_the_same_version(cast):
    goal = cams_proposal(cast)  # Cam's own words, accepted by Cam; waiting for Tess
    with pytest.raises(GoalActionError, match="already accepted"):
        actions.record_in_session(goal, cast.tess, decision="accept", version_number=1, agreed_in_room=True)
    actions.revise_goal(goal, cast.tess, {"statement": "Leave the house on Saturday mornings"})
    with pytest.raises(GoalActionError) as stale:
        actions.record_in_session(goal, cast.tess, decision="accept", version_number=1, agreed_in_room=True)
    assert stale.value.field == "version"
    assert actions.record_in_session(
        goal, cast.tess, decision="accept", version_number=2, agreed_in_room=True
    )


def test_the_clients_decline_recorded_in_session_needs_a_comment(cast, proposal):
    with pytest.raises(GoalActionError) as refused:
        actions.record_in_session(
            proposal, cast.tess, decision="decline", version_number=1, agreed_in_room=True
        )
    assert refused.value.field == "comment"
    actions.record_in_session(
        proposal, cast.tess, decision="decline", version_number=1, agreed_in_room=True, comment="Too loud"
    )
    proposal.refresh_from_db()
    assert proposal.last_declined_by == Party.CLIENT and proposal.lifecycle_status == LifecycleStatus.REJECTED
    assert AuditEvent.objects.filter(action=Action.GOAL_DECLINED_IN_SESSION).count() == 1
    events = list(proposal.agreement_events.select_related("user", "version"))
    sentences = agreement_sentences(proposal, events, party_names(cast.cam, Party.THERAPIST), cast.tess.pk)
    assert any("Cam (in session, recorded by you) declined version 1" in s for s in sentences)


def test_a_gas_rating_given_in_session_is_the_clients_recorded_by_the_therapist(cast):
    goal = agreed_goal(cast)
    rating = actions.rate_gas(goal, cast.tess, level=0, in_session=True)
    assert (rating.party, rating.rated_by, rating.in_session) == (Party.CLIENT, cast.tess, True)
    assert AuditEvent.objects.get(action=Action.GOAL_GAS_RATED).detail["in_session"] is True
    with pytest.raises(GoalActionError):
        actions.rate_gas(goal, cast.cam_user, level=0, in_session=True)


def test_a_checkin_done_together_in_session(cast):
    goal = agreed_goal(cast)
    data = CheckInData(answers=[GoalAnswer(goal=goal, value=2, progress=5, confidence=6)])
    with pytest.raises(CheckInError):  # not without saying it was in session
        checkin_actions.submit_checkin(cast.cam, cast.tess, data, str(uuid.uuid4()))
    submitted = checkin_actions.submit_checkin(cast.cam, cast.tess, data, str(uuid.uuid4()), in_session=True)
    checkin = submitted.checkin
    assert checkin.in_session and checkin.submitted_by == cast.tess
    assert AuditEvent.objects.get(action=Action.CHECKIN_SUBMITTED).detail["in_session"] is True
    with pytest.raises(CheckInError):  # a client cannot claim a session
        checkin_actions.submit_checkin(cast.casey, cast.casey_user, data, str(uuid.uuid4()), in_session=True)


# --- exploring ------------------------------------------------------------------------------------------
def test_an_exploring_goal_is_not_agreed_asked_for_or_checked_in_on(cast, proposal):
    actions.set_exploring(proposal, cast.cam_user, exploring=True, comment="Not sure yet")
    proposal.refresh_from_db()
    assert proposal.exploring and proposal.is_open and not proposal.is_in_play
    assert proposal.waiting_for() == [] and not proposal.is_agreed
    assert not Goal.objects.awaiting(Party.CLIENT).filter(pk=proposal.pk).exists()
    assert not checkin_actions.checkin_goals(cast.cam).filter(pk=proposal.pk).exists()
    with pytest.raises(GoalActionError) as refused:
        actions.accept_goal(proposal, cast.cam_user, version_number=1)
    assert refused.value.field == "exploring"
    assert AuditEvent.objects.filter(action=Action.GOAL_EXPLORING_SET).count() == 1
    actions.set_exploring(proposal, cast.tess, exploring=False)
    proposal.refresh_from_db()
    assert proposal.waiting_for() == [Party.CLIENT]
    assert actions.accept_goal(proposal, cast.cam_user, version_number=1)


def test_an_exploring_goal_stays_out_of_progress(cast, proposal):
    actions.set_exploring(proposal, cast.tess, exploring=True)
    actions.revise_goal(proposal, cast.tess, {"statement": "Sing once a month"})  # an edit does not agree it
    proposal.refresh_from_db()
    assert proposal.agreed_version is None
    from accord.progress import status

    assert proposal not in status.tracked_goals(cast.cam)


def test_only_a_never_agreed_goal_can_be_explored(cast):
    goal = agreed_goal(cast)
    with pytest.raises(GoalActionError, match="never been agreed"):
        actions.set_exploring(goal, cast.tess, exploring=True)
    with pytest.raises(GoalActionError, match="not being explored"):
        actions.set_exploring(goal, cast.tess, exploring=False)


# --- stage of change and the decisional balance -----------------------------------------------------------
def test_the_stage_of_change_is_the_therapists_audited_choice(cast, proposal):
    actions.set_stage_of_change(proposal, cast.tess, "contemplation")
    proposal.refresh_from_db()
    assert proposal.stage_of_change == "contemplation"
    assert AuditEvent.objects.get(action=Action.GOAL_STAGE_SET).detail["stage"] == "contemplation"
    with pytest.raises(GoalActionError):
        actions.set_stage_of_change(proposal, cast.cam_user, "action")
    with pytest.raises(GoalActionError):
        actions.set_stage_of_change(proposal, cast.tess, "denial")
    actions.set_stage_of_change(proposal, cast.tess, "")
    proposal.refresh_from_db()
    assert proposal.stage_of_change == ""


def test_the_client_fills_in_the_balance_the_therapist_only_in_session(cast, proposal):
    actions.save_decisional_balance(proposal, cast.cam_user, BALANCE)
    assert decisional_balance_for(proposal).stay_cons == "Weekends stay lonely"
    audit = AuditEvent.objects.get(action=Action.GOAL_BALANCE_SAVED)
    assert "Weekends" not in str(audit.detail) and set(audit.detail["fields"]) == set(BALANCE)
    with pytest.raises(GoalActionError) as refused:
        actions.save_decisional_balance(proposal, cast.tess, {"change_pros": "x"})
    assert refused.value.field == "in_room"
    actions.save_decisional_balance(
        proposal, cast.tess, {"change_pros": "Feeling part of something"}, in_session=True
    )
    balance = DecisionalBalance.objects.get(goal=proposal)
    assert balance.change_pros == "Feeling part of something" and balance.stay_pros == "Nothing new to face"


def test_motivation_for_goal_reads_everything_the_brief_needs(cast, proposal):
    actions.set_exploring(proposal, cast.tess, exploring=True)
    actions.set_stage_of_change(proposal, cast.tess, "contemplation")
    actions.rate_readiness(proposal, cast.cam_user, importance=6, confidence=3)
    actions.save_decisional_balance(proposal, cast.cam_user, BALANCE)
    proposal.refresh_from_db()
    found = motivation_for_goal(proposal)
    assert found["stage"] == "contemplation" and found["exploring"]
    codes = [flag.code for flag in found["flags"]]
    assert codes == [motivation.EXPLORING, motivation.LOW_CONFIDENCE]
    assert all(flag.prompts and flag.reason for flag in found["flags"])
    assert all(p.source for flag in found["flags"] for p in flag.prompts)
    assert found["balance"].change_pros == BALANCE["change_pros"]


def _stalled_goal(cast) -> Goal:
    goal = agreed_goal(cast)
    today = dt.datetime.now(dt.UTC)
    for days in (14, 7, 0):
        data = CheckInData(answers=[GoalAnswer(goal=goal, value=1, progress=3, confidence=5)])
        checkin_actions.submit_checkin(
            cast.cam, cast.cam_user, data, str(uuid.uuid4()), at=today - dt.timedelta(days=days, hours=1)
        )
    goal.refresh_from_db()
    return goal


def test_a_stalled_goal_raises_a_flag_that_carries_prompts(cast, as_tess, as_cam):
    goal = _stalled_goal(cast)
    flags = motivation_of(goal)["flags"]
    assert flags[0].code == motivation.STALLED and "No change over the last 3 check-ins" in flags[0].reason
    assert flags[0].prompts
    page = as_tess.get(goal_url(goal)).content.decode()
    assert "Stalled: ideas for the conversation" in page and "Miller &amp; Rollnick 2013" in page
    assert "Stalled: ideas for the conversation" not in as_cam.get(goal_url(goal)).content.decode()


# --- pages ------------------------------------------------------------------------------------------------
def test_in_session_page_happy_path_and_shown_as_such(cast, proposal, as_tess, as_cam):
    response = as_tess.post(reverse("goal_in_session", args=[proposal.pk]), in_room(proposal))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.is_agreed
    assert "Cam agreed in session, recorded by you." in as_tess.get(goal_url(proposal)).content.decode()
    client_page = as_cam.get(goal_url(proposal)).content.decode()
    assert "You agreed in session, recorded by Tess." in client_page
    assert "Cam (in session, recorded by Tess)" in client_page  # the history says who recorded it


def test_in_session_page_refusals(cast, proposal, as_tess, as_cam, as_theo, as_casey, client):
    url = reverse("goal_in_session", args=[proposal.pk])
    assert as_tess.get(url).status_code == 405
    response = as_tess.post(url, in_room(proposal, in_room=""))
    assert response.status_code == 400 and "in the room with me" in response.content.decode()
    assert as_tess.post(url, in_room(proposal, version="9")).status_code == 409
    assert as_cam.post(url, in_room(proposal)).status_code == 404  # therapist only
    assert as_theo.post(url, in_room(proposal)).status_code == 404  # another practice
    assert is_sign_in_redirect(client.post(url, in_room(proposal)))
    casey_goal = actions.propose_goal(cast.casey, cast.tess, words="", statement="Sleep by 11")
    assert (
        as_casey.post(reverse("goal_in_session", args=[proposal.pk]), in_room(casey_goal)).status_code == 404
    )
    proposal.refresh_from_db()
    assert not proposal.is_agreed


def test_stage_page(cast, proposal, as_tess, as_cam, as_theo, client):
    url = reverse("goal_stage", args=[proposal.pk])
    assert as_tess.post(url, {"stage": "preparation"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage_of_change == "preparation"
    assert "Getting ready" in as_cam.get(goal_url(proposal)).content.decode()  # shown to both
    assert as_tess.get(url).status_code == 405
    assert as_tess.post(url, {"stage": "denial"}).status_code == 400
    assert as_cam.post(url, {"stage": "action"}).status_code == 404
    assert as_theo.post(url, {"stage": "action"}).status_code == 404
    assert is_sign_in_redirect(client.post(url, {"stage": "action"}))


def test_exploring_page(cast, proposal, as_tess, as_cam, as_casey, as_theo, client):
    url = reverse("goal_exploring", args=[proposal.pk])
    assert as_cam.post(url, {"explore-exploring": "1", "explore-comment": ""}).status_code == 302
    for browser in (as_cam, as_tess):
        page = browser.get(goal_url(proposal)).content.decode()
        assert "Exploring · not yet agreed" in page and "Accept version" not in page
    assert as_tess.get(url).status_code == 405
    assert as_tess.post(url, {"explore-exploring": "1"}).status_code == 400  # already exploring
    assert as_tess.post(url, {"shape-exploring": "maybe"}).status_code == 400
    assert as_casey.post(url, {"shape-exploring": "0"}).status_code == 404
    assert as_theo.post(url, {"shape-exploring": "0"}).status_code == 404
    assert is_sign_in_redirect(client.post(url, {"shape-exploring": "0"}))
    assert as_tess.post(url, {"shape-exploring": "0"}).status_code == 302
    proposal.refresh_from_db()
    assert not proposal.exploring


def test_balance_page(cast, proposal, as_tess, as_cam, as_casey, as_theo, client):
    url = reverse("goal_balance", args=[proposal.pk])
    assert as_cam.get(url).status_code == 200
    assert as_cam.post(url, BALANCE).status_code == 302
    therapist_view = as_tess.get(url).content.decode()
    assert "Weekends stay lonely" in therapist_view and "in session" in therapist_view
    assert as_tess.post(url, {**BALANCE, "stay_cons": "x"}).status_code == 400  # not without the tick
    assert as_tess.post(url, {**BALANCE, "in_room": "on"}).status_code == 302
    assert as_cam.post(url, {**BALANCE, "change_pros": "x" * 1001}).status_code == 400
    assert as_cam.put(url).status_code == 405
    assert as_casey.get(url).status_code == 404
    assert as_theo.get(url).status_code == 404
    assert is_sign_in_redirect(client.get(url))
    assert "Weekends stay lonely" in as_tess.get(goal_url(proposal)).content.decode()


def test_gas_level_given_in_session_on_the_goal_page(cast, as_tess):
    goal = agreed_goal(cast)
    response = as_tess.post(reverse("goal_gas_rate", args=[goal.pk]), {"level": "1", "in_session": "on"})
    assert response.status_code == 302
    rating = GasRating.objects.get(goal=goal)
    assert rating.party == Party.CLIENT and rating.in_session
    assert "Cam (in session, recorded by you)" in as_tess.get(goal_url(goal)).content.decode()


def test_checkin_in_session_page(cast, as_tess, as_cam, as_theo, client):
    goal = agreed_goal(cast)
    url = reverse("client_checkin_in_session", args=[cast.cam.pk])
    assert as_tess.get(url).status_code == 200
    response = as_tess.post(url, posted(goal))
    assert response.status_code == 400 and "in the room with you" in response.content.decode()
    assert (
        as_tess.post(url, {**posted(goal), "in_room": "1", f"g{goal.pk}-progress": "11"}).status_code == 400
    )
    assert as_tess.post(url, {**posted(goal), "in_room": "1"}).status_code == 302
    checkin = CheckIn.objects.get(client=cast.cam)
    assert checkin.in_session and checkin.submitted_by == cast.tess
    assert as_tess.put(url).status_code == 405
    assert as_cam.get(url).status_code == 404
    assert as_theo.get(url).status_code == 404
    assert is_sign_in_redirect(client.get(url))
    review = as_tess.get(reverse("client_review", args=[cast.cam.pk])).content.decode()
    assert "in session" in review


# --- API --------------------------------------------------------------------------------------------------
def test_api_agreement_in_the_room(cast, proposal, as_tess, as_cam, as_theo, client):
    url = f"{API}/goals/{proposal.pk}/in-session"
    body = {"decision": "accept", "version": 1, "in_room": True}
    assert as_tess.post(url, {**body, "in_room": False}, content_type=JSON).status_code == 400
    assert as_tess.post(url, {**body, "version": 3}, content_type=JSON).status_code == 409
    assert as_tess.post(url, {**body, "decision": "maybe"}, content_type=JSON).status_code == 422
    assert as_cam.post(url, body, content_type=JSON).status_code == 400  # the client accepts for themselves
    assert as_theo.post(url, body, content_type=JSON).status_code == 404
    assert client.post(url, body, content_type=JSON).status_code == 401
    response = as_tess.post(url, body, content_type=JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["agreed"] and data["client_accepted_in_session"]["recorded_by"]["name"]
    assert as_tess.get(f"{API}/goals/{proposal.pk}").json()["client_accepted_in_session"]["version"] == 1


def test_api_stage_exploring_and_balance(cast, proposal, as_tess, as_cam, as_theo, client):
    goal_api = f"{API}/goals/{proposal.pk}"
    assert (
        as_tess.put(f"{goal_api}/stage", {"stage": "contemplation"}, content_type=JSON).json()[
            "stage_of_change"
        ]
        == "contemplation"
    )
    assert as_tess.put(f"{goal_api}/stage", {"stage": "denial"}, content_type=JSON).status_code == 422
    assert as_cam.put(f"{goal_api}/stage", {"stage": "action"}, content_type=JSON).status_code == 400
    explored = as_cam.post(f"{goal_api}/exploring", {"exploring": True}, content_type=JSON).json()
    assert explored["exploring"] and explored["waiting_for"] == [] and not explored["agreed"]
    assert as_cam.post(f"{goal_api}/exploring", {"exploring": True}, content_type=JSON).status_code == 400
    assert (
        as_cam.put(f"{goal_api}/balance", BALANCE, content_type=JSON).json()["stay_pros"]
        == BALANCE["stay_pros"]
    )
    assert as_tess.put(f"{goal_api}/balance", {"stay_pros": "x"}, content_type=JSON).status_code == 400
    assert (
        as_tess.put(f"{goal_api}/balance", {"stay_pros": "y", "in_room": True}, content_type=JSON).json()[
            "stay_pros"
        ]
        == "y"
    )
    assert as_tess.get(f"{goal_api}/balance").json()["change_pros"] == BALANCE["change_pros"]
    assert as_cam.put(f"{goal_api}/balance", {"stay_pros": "x" * 1001}, content_type=JSON).status_code == 422
    for browser, code in ((as_theo, 404), (client, 401)):
        assert browser.get(f"{goal_api}/balance").status_code == code
        assert browser.put(f"{goal_api}/stage", {"stage": ""}, content_type=JSON).status_code == code
    motivation_json = as_tess.get(f"{goal_api}/motivation").json()
    assert motivation_json["exploring"] and motivation_json["stage_of_change"] == "contemplation"
    assert motivation_json["flags"][0]["code"] == "exploring" and motivation_json["flags"][0]["prompts"]
    assert motivation_json["decisional_balance"]["stay_cons"] == BALANCE["stay_cons"]
    assert as_cam.get(f"{goal_api}/motivation").status_code == 404  # the therapist's prompts
    assert as_theo.get(f"{goal_api}/motivation").status_code == 404


def test_api_gas_and_checkin_in_session(cast, as_tess, as_cam):
    goal = agreed_goal(cast)
    rated = as_tess.post(
        f"{API}/goals/{goal.pk}/gas-ratings", {"level": 1, "in_session": True}, content_type=JSON
    )
    assert rated.status_code == 201 and rated.json()["party"] == "client" and rated.json()["in_session"]
    body = {
        "idempotency_key": str(uuid.uuid4()),
        "entries": [{"goal_id": goal.pk, "value": 2, "progress": 5}],
    }
    assert as_tess.post(f"{API}/clients/{cast.cam.pk}/checkins", body, content_type=JSON).status_code == 403
    body["in_session"] = True
    made = as_tess.post(f"{API}/clients/{cast.cam.pk}/checkins", body, content_type=JSON)
    assert made.status_code == 201, made.json()
    assert CheckIn.objects.get(client=cast.cam).in_session
    body = {**body, "idempotency_key": str(uuid.uuid4())}
    assert as_cam.post(f"{API}/clients/{cast.cam.pk}/checkins", body, content_type=JSON).status_code == 403
