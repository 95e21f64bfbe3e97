"""The assessment API: the same rules as the pages, one error shape naming each item, pagination on every
list, and every operation inside the access guard (other client, other practice, admin, anonymous)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accord.assessments.models import Intake, MeasureAssignment, MeasureResponse, PracticeInstrument
from accord.goals.models import ClientTheme
from tests.assessments.support import Api, assign, gad7, phq9, respond


@pytest.fixture
def cam_api(cast):
    return Api(cast.cam_user)


@pytest.fixture
def tess_api(cast):
    return Api(cast.tess)


def responses_path(client) -> str:
    return f"/clients/{client.pk}/measure-responses"


# --- instruments ----------------------------------------------------------------------------------------


def test_instruments_lists_what_the_practice_offers_with_items_and_bands(cast, cam_api):
    listed = cam_api.get("/instruments").json()
    keys = [item["key"] for item in listed["items"]]
    assert keys == ["phq9", "gad7", "readiness", "session_checkin"]
    assert listed["count"] == 4
    phq = next(item for item in listed["items"] if item["key"] == "phq9")
    assert phq["items"][8]["text"].startswith("Thoughts that you would be better off dead")
    assert [band["key"] for band in phq["bands"]][-1] == "severe"
    assert phq["flags"][0]["severity"] == "safety"
    PracticeInstrument.objects.create(practice=cast.practice_a, instrument_key="gad7", enabled=False)
    assert "gad7" not in [item["key"] for item in cam_api.get("/instruments").json()["items"]]
    assert cam_api.get("/intake-questions").json()["key"] == "intake"
    assert Api().get("/instruments").status_code == 401


# --- measure responses ----------------------------------------------------------------------------------


def test_a_client_records_an_assigned_measure(cast, cam_api):
    assign(cast.cam, "gad7", by=cast.tess)
    answer = cam_api.post(responses_path(cast.cam), {"instrument": "gad7", "answers": gad7(10)})
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert (data["total"], data["band"], data["safety_flag"], data["crisis_resources"]) == (
        10,
        {"key": "moderate", "label": "Moderate"},
        False,
        None,
    )
    assert data["source"] == "api" and data["entered_by"]["id"] == cast.cam_user.pk
    assert not MeasureAssignment.objects.get(client=cast.cam).active


def test_incomplete_or_out_of_range_answers_are_refused_per_item_and_nothing_is_saved(cast, cam_api):
    assign(cast.cam, "phq9", by=cast.tess)
    answers = phq9(10)
    del answers["q2"]
    answers["q4"] = 5
    answers["q6"] = True
    answers["extra"] = 1
    answer = cam_api.post(responses_path(cast.cam), {"instrument": "phq9", "answers": answers})
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"] == "Some answers need attention."
    assert body["errors"] == {
        "answers.q2": ["Please answer this question."],
        "answers.q4": ["Choose one of the answers shown."],
        "answers.q6": ["Choose one of the answers shown."],
        "answers.extra": ["This question is not part of this questionnaire."],
    }
    assert not MeasureResponse.objects.exists()
    assert MeasureAssignment.objects.get(client=cast.cam).active


def test_malformed_bodies_name_the_field(cast, cam_api):
    assign(cast.cam, "phq9", by=cast.tess)
    missing = cam_api.post(responses_path(cast.cam), {"instrument": "phq9"})
    assert missing.status_code == 422 and "answers" in missing.json()["errors"]
    unknown = cam_api.post(responses_path(cast.cam), {"instrument": "srs", "answers": {}})
    assert unknown.status_code == 422 and "instrument" in unknown.json()["errors"]
    intake = cam_api.post(responses_path(cast.cam), {"instrument": "intake", "answers": {}})
    assert intake.status_code == 422
    assert not MeasureResponse.objects.exists()


def test_a_client_cannot_answer_a_measure_not_assigned_to_them(cast, cam_api):
    answer = cam_api.post(responses_path(cast.cam), {"instrument": "phq9", "answers": phq9(3)})
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"instrument": ["This questionnaire is not assigned to you."]}


def test_a_therapist_enters_any_offered_measure(cast, tess_api):
    answer = tess_api.post(
        responses_path(cast.cam), {"instrument": "readiness", "answers": {"importance": 8, "confidence": 4}}
    )
    assert answer.status_code == 201
    assert answer.json()["answers"] == {"importance": 8, "confidence": 4}
    assert answer.json()["total"] is None


def test_the_same_idempotency_key_returns_the_first_response(cast, cam_api):
    assign(cast.cam, "phq9", by=cast.tess)
    body = {"instrument": "phq9", "answers": phq9(4), "idempotency_key": "retry-1"}
    first = cam_api.post(responses_path(cast.cam), body)
    again = cam_api.post(responses_path(cast.cam), body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert MeasureResponse.objects.count() == 1


def test_lists_page_and_filter_and_one_response_reads(cast, cam_api, tess_api):
    for total in (3, 6, 9):
        respond(cast.cam, "phq9", phq9(total), by=cast.tess)
    respond(cast.cam, "gad7", gad7(5), by=cast.tess)
    listed = cam_api.get(responses_path(cast.cam), limit=2).json()
    assert listed["count"] == 4 and len(listed["items"]) == 2
    only_phq = tess_api.get(responses_path(cast.cam), instrument="phq9").json()
    assert only_phq["count"] == 3
    one = only_phq["items"][0]["id"]
    assert cam_api.get(f"{responses_path(cast.cam)}/{one}").json()["id"] == one
    assert cam_api.get(f"{responses_path(cast.casey)}/{one}").status_code == 404


def test_histories_give_change_since_baseline_by_the_named_convention(cast, tess_api):
    for weeks, total in ((9, 17), (6, 15), (3, 12), (0, 9)):
        respond(cast.cam, "phq9", phq9(total), by=cast.tess, when=timezone.now() - dt.timedelta(weeks=weeks))
    history = tess_api.get(f"/clients/{cast.cam.pk}/measure-histories").json()["items"][0]
    assert history["instrument"] == "phq9"
    assert history["convention"].startswith("NHS Talking Therapies: reliable improvement = PHQ-9 falls by 6")
    scores = history["scores"]
    assert [s["total"] for s in scores] == [17, 15, 12, 9]
    assert scores[0]["change_since_baseline"] is None
    assert (scores[-1]["change_since_baseline"], scores[-1]["reliable_change"], scores[-1]["case"]) == (
        -8,
        "improvement",
        False,
    )


# --- assignments and what is due --------------------------------------------------------------------------


def test_therapists_assign_and_stop_and_clients_see_what_is_due(cast, tess_api, cam_api):
    path = f"/clients/{cast.cam.pk}/measure-assignments"
    made = tess_api.post(path, {"instrument": "phq9", "every_weeks": 2})
    assert made.status_code == 201
    assert made.json()["next_due_on"] == timezone.localdate().isoformat()
    later = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    assert tess_api.post(path, {"instrument": "gad7", "first_due_on": later}).status_code == 201
    assert cam_api.get(path).json()["count"] == 2
    due = cam_api.get(f"/clients/{cast.cam.pk}/due-measures").json()
    assert [item["instrument"] for item in due["items"]] == ["phq9"]

    stopped = tess_api.post(f"{path}/{made.json()['id']}/stop")
    assert stopped.status_code == 200 and stopped.json()["active"] is False
    assert tess_api.post(f"{path}/{made.json()['id']}/stop").status_code == 400
    assert cam_api.get(path, active="false").json()["count"] == 1


def test_assignment_input_is_checked(cast, tess_api, cam_api):
    path = f"/clients/{cast.cam.pk}/measure-assignments"
    assert tess_api.post(path, {"instrument": "phq9", "every_weeks": 0}).json()["errors"].keys() == {
        "every_weeks"
    }
    refused = tess_api.post(path, {"instrument": "srs"})
    assert refused.status_code == 400 and "instrument" in refused.json()["errors"]
    assert cam_api.post(path, {"instrument": "phq9"}).status_code == 404  # clients do not assign
    assert not MeasureAssignment.objects.exists()


# --- intake ---------------------------------------------------------------------------------------------


def test_the_client_answers_the_intake_as_they_go_and_sends_it(cast, cam_api, tess_api):
    path = f"/clients/{cast.cam.pk}/intake"
    assert cam_api.get(path).json()["answers"] == {}
    saved = cam_api.patch(path, {"answers": {"hopes": "Calmer mornings", "values": ["Music"]}})
    assert saved.status_code == 200 and saved.json()["submitted_at"] is None
    draft = tess_api.get(path).json()
    assert draft["answers"] == {} and draft["started_at"] is not None  # drafts stay the client's
    cleared = cam_api.patch(path, {"answers": {"hopes": ""}})
    assert "hopes" not in cleared.json()["answers"]
    sent = cam_api.patch(path, {"answers": {"strengths": ["Patient"]}, "submit": True})
    assert sent.json()["submitted_at"] is not None
    assert set(ClientTheme.objects.filter(client=cast.cam).values_list("text", flat=True)) == {
        "Music",
        "Patient",
    }
    assert tess_api.get(path).json()["answers"] == {"values": ["Music"], "strengths": ["Patient"]}


def test_bad_intake_answers_are_refused_and_nothing_saved(cast, cam_api):
    path = f"/clients/{cast.cam.pk}/intake"
    answer = cam_api.patch(path, {"answers": {"hopes": "Fine", "confidence": 11, "nosuch": "x"}})
    assert answer.status_code == 422
    assert answer.json()["errors"] == {
        "answers.confidence": ["Choose a number from 0 to 10."],
        "answers.nosuch": ["This question is not part of this questionnaire."],
    }
    assert not Intake.objects.exists()


def test_only_the_client_writes_their_intake(cast, tess_api):
    answer = tess_api.patch(f"/clients/{cast.cam.pk}/intake", {"answers": {"hopes": "x"}})
    assert answer.status_code == 403
    assert not Intake.objects.exists()


# --- the formulation ------------------------------------------------------------------------------------


def test_therapists_read_and_write_the_formulation_with_versions(cast, tess_api):
    path = f"/clients/{cast.cam.pk}/formulation"
    assert tess_api.get(path).json() == {"text": "", "written_at": None, "written_by": None, "versions": 0}
    saved = tess_api.put(path, {"text": "Low mood maintained by withdrawal."})
    assert saved.status_code == 200 and saved.json()["versions"] == 1
    tess_api.put(path, {"text": "Low mood maintained by withdrawal."})
    assert tess_api.get(path).json()["versions"] == 1  # unchanged text adds no version
    tess_api.put(path, {"text": "Revised."})
    assert tess_api.get(path).json()["versions"] == 2
    assert tess_api.put(path, {"text": ""}).status_code == 422


# --- the access guard for every operation ---------------------------------------------------------------


def operations(cast, ids):
    cam = cast.cam.pk
    return [
        ("get", f"/clients/{cam}/measure-responses", None),
        ("post", f"/clients/{cam}/measure-responses", {"instrument": "phq9", "answers": phq9(2)}),
        ("get", f"/clients/{cam}/measure-responses/{ids['response']}", None),
        ("get", f"/clients/{cam}/measure-histories", None),
        ("get", f"/clients/{cam}/measure-assignments", None),
        ("post", f"/clients/{cam}/measure-assignments", {"instrument": "gad7"}),
        ("post", f"/clients/{cam}/measure-assignments/{ids['assignment']}/stop", {}),
        ("get", f"/clients/{cam}/due-measures", None),
        ("get", f"/clients/{cam}/intake", None),
        ("patch", f"/clients/{cam}/intake", {"answers": {"hopes": "x"}}),
        ("get", f"/clients/{cam}/formulation", None),
        ("put", f"/clients/{cam}/formulation", {"text": "x"}),
        ("post", f"/safety-alerts/{ids['alert']}/acknowledge", {"note": "x"}),
    ]


@pytest.fixture
def cam_records(cast):
    assignment = assign(cast.cam, "phq9", by=cast.tess, every_weeks=2)
    response = respond(cast.cam, "phq9", phq9(2, item9=1), by=cast.tess)
    return {"assignment": assignment.pk, "response": response.pk, "alert": response.safety_alert.pk}


def _call(api, method, path, body):
    if method == "get":
        return api.get(path)
    return getattr(api, method)(path, body)


@pytest.mark.parametrize("who", ["theo", "cleo_user", "casey_user", "ada"])
def test_every_operation_is_not_found_for_outsiders(cast, cam_records, who):
    api = Api(getattr(cast, who))
    for method, path, body in operations(cast, cam_records):
        answer = _call(api, method, path, body)
        assert answer.status_code == 404, (who, method, path, answer.content)
        assert answer.json() == {"detail": "Not found.", "errors": {}}
    assert MeasureResponse.objects.count() == 1 and Intake.objects.count() == 0


def test_every_operation_needs_authentication(cast, cam_records):
    for method, path, body in operations(cast, cam_records):
        answer = _call(Api(), method, path, body)
        assert answer.status_code == 401, (method, path)
    for path in ("/instruments", "/intake-questions", "/safety-alerts"):
        assert Api().get(path).status_code == 401


def test_a_revoked_token_is_refused(cast, cam_records):
    api = Api(cast.tess)
    cast.tess.api_tokens.update(revoked_at=timezone.now())
    assert api.get(f"/clients/{cast.cam.pk}/measure-responses").status_code == 401


def test_every_operation_is_in_the_openapi_document(cast, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/instruments",
        "/api/v1/intake-questions",
        "/api/v1/clients/{client_id}/measure-responses",
        "/api/v1/clients/{client_id}/measure-responses/{response_id}",
        "/api/v1/clients/{client_id}/measure-histories",
        "/api/v1/clients/{client_id}/measure-assignments",
        "/api/v1/clients/{client_id}/measure-assignments/{assignment_id}/stop",
        "/api/v1/clients/{client_id}/due-measures",
        "/api/v1/clients/{client_id}/intake",
        "/api/v1/clients/{client_id}/formulation",
        "/api/v1/safety-alerts",
        "/api/v1/safety-alerts/{alert_id}/acknowledge",
    ):
        assert path in paths, path
