"""The SMART coach without a browser: `POST /api/v1/smart-check` and `accord smart-check "TEXT" [--json]`.

Both answer exactly the documented shape (issue 3): criteria → {met, feedback} for the five criteria,
``unrealistic``, ``warnings`` as {code, message}, ``suggestions``.
"""

import json
from datetime import date

import pytest
from django.test import Client as BrowserClient

from accord import cli
from accord.accounts.models import ApiToken
from accord.goals.smart import GoalFields, analyse

URL = "/api/v1/smart-check"
JSON = "application/json"
GOOD = "Go for a 20-minute walk three times a week for the next six weeks"
VAGUE = "I just want to feel less on edge around people"
CRITERIA = {"specific", "measurable", "achievable", "relevant", "time_bound"}


def assert_documented_shape(body: dict) -> None:
    assert set(body) == {"criteria", "unrealistic", "warnings", "suggestions"}
    assert set(body["criteria"]) == CRITERIA
    for criterion in body["criteria"].values():
        assert set(criterion) == {"met", "feedback"}
        assert criterion["met"] in (True, False, None)
        assert all(isinstance(line, str) for line in criterion["feedback"])
    assert isinstance(body["unrealistic"], bool)
    for warning in body["warnings"]:
        assert set(warning) == {"code", "message"}
    assert all(isinstance(line, str) for line in body["suggestions"])


def check(browser: BrowserClient, body: dict):
    return browser.post(URL, body, content_type=JSON)


@pytest.mark.parametrize("text", [GOOD, VAGUE])
def test_the_answer_is_exactly_the_coachs_documented_result(as_cam, text):
    response = check(as_cam, {"text": text})
    assert response.status_code == 200
    body = response.json()
    assert_documented_shape(body)
    assert body == analyse(text).to_dict()


def test_a_good_goal_meets_the_criteria_the_text_can_show(as_tess):
    criteria = check(as_tess, {"text": GOOD}).json()["criteria"]
    assert criteria["specific"]["met"] is True
    assert criteria["measurable"]["met"] is True
    assert criteria["time_bound"]["met"] is True
    assert criteria["achievable"]["met"] is None  # nothing to judge it by yet


def test_a_vague_goal_gets_feedback_on_what_to_add(as_casey):
    body = check(as_casey, {"text": VAGUE}).json()
    assert body["criteria"]["specific"]["met"] is False
    assert body["criteria"]["measurable"]["met"] is False
    assert body["criteria"]["time_bound"]["met"] is False
    assert body["criteria"]["measurable"]["feedback"]
    assert body["suggestions"]


def test_structured_fields_are_read_with_the_text(as_tess):
    fields = {
        "measure_kind": "count_per_week",
        "baseline": 0,
        "target": 3,
        "direction": "increase",
        "target_date": "2031-03-31",
        "client_confidence": 4,
        "client_importance": 3,
        "linked_needs_count": 1,
    }
    response = check(as_tess, {"text": "Walk three times a week", **fields})
    assert response.status_code == 200
    body = response.json()
    assert body["criteria"]["achievable"]["met"] is False
    assert body["criteria"]["relevant"]["met"] is True
    assert "low_confidence" in {warning["code"] for warning in body["warnings"]}
    expected = analyse(
        "Walk three times a week",
        fields=GoalFields(
            measure_kind="count_per_week",
            baseline=0,
            target=3,
            direction="increase",
            target_date=date(2031, 3, 31),
            client_confidence=4,
            client_importance=3,
            linked_needs_count=1,
        ),
    )
    assert body == expected.to_dict()


def test_unrealistic_wording_is_flagged(as_cam):
    body = check(as_cam, {"text": "Never feel anxious again, completely, by Friday"}).json()
    assert body["unrealistic"] is True
    assert_documented_shape(body)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "Walk", "measure_kind": "steps"}, "measure_kind"),
        ({"text": "Walk", "client_confidence": 11}, "client_confidence"),
        ({"text": "Walk", "client_importance": 4}, "client_importance"),
        ({"text": "Walk", "target_date": "soon"}, "target_date"),
        ({"text": "Walk", "linked_needs_count": -1}, "linked_needs_count"),
    ],
)
def test_bad_input_is_refused_naming_the_field(as_cam, body, field):
    response = check(as_cam, body)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert field in response.json()["errors"]


def test_anonymous_callers_get_401(db):
    response = check(BrowserClient(), {"text": GOOD})
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_an_api_token_may_call_it(cast):
    _token, raw = ApiToken.issue(cast.theo, "coach")
    caller = BrowserClient(headers={"Authorization": f"Bearer {raw}"})
    response = caller.post(URL, {"text": GOOD}, content_type=JSON)
    assert response.status_code == 200
    assert_documented_shape(response.json())


def test_only_post_is_allowed(as_cam):
    assert as_cam.get(URL).status_code == 405


# --- the command line -------------------------------------------------------------------------------------


def test_the_cli_prints_exactly_the_result_as_json(capsys):
    cli.main(["smart-check", VAGUE, "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert_documented_shape(printed)
    assert printed == analyse(VAGUE).to_dict()


def test_the_cli_prints_every_criterion_and_its_feedback_readably(capsys):
    cli.main(["smart-check", VAGUE])
    out = capsys.readouterr().out
    for name in ("Specific", "Measurable", "Achievable", "Relevant", "Time-bound"):
        assert name in out
    for criterion in analyse(VAGUE).to_dict()["criteria"].values():
        for line in criterion["feedback"]:
            assert line in out
