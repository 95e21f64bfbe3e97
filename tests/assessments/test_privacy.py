"""The therapist's formulation (and their acknowledgement notes) never reach the client — not on any page
the client can open, not in any API answer to the client's token — and every assessment page refuses the
wrong people: another client, another practice, the practice admin, anonymous visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.assessments import actions
from accord.assessments.catalogue import intake_instrument
from accord.assessments.intake_steps import intake_steps
from tests.assessments.support import Api, assign, phq9, respond

FORMULATION = "Formulation-secret: avoidant coping maintained by shame (therapist only)"
ACK_NOTE = "Ack-secret: risk assessment completed by phone"


@pytest.fixture
def cam_record(cast, as_cam):
    """Cam with everything a client can see, and the therapist-only text in place."""
    as_cam.post(reverse("intake_step", args=[1]), {"what_brings_you": "Stress", "hopes": "Calm"})
    as_cam.post(reverse("intake_review"))
    actions.save_formulation(cast.cam, cast.tess, text=FORMULATION)
    assign(cast.cam, "phq9", by=cast.tess, every_weeks=2)
    assign(cast.cam, "readiness", by=cast.tess)
    response = respond(cast.cam, "phq9", phq9(4, item9=1), by=cast.cam_user)
    alert = response.safety_alert
    actions.acknowledge_alert(alert, cast.tess, note=ACK_NOTE)
    return {"response": response.pk}


def client_pages(cam_record) -> list[str]:
    steps = range(1, len(intake_steps(intake_instrument())) + 1)
    return [
        reverse("client_home"),
        reverse("intake"),
        *[reverse("intake_step", args=[n]) for n in steps],
        reverse("intake_review"),
        reverse("my_measures"),
        reverse("take_measure", args=["phq9"]),
        reverse("take_measure", args=["readiness"]),
        reverse("my_measure_result", args=[cam_record["response"]]),
        reverse("account_page"),
    ]


def test_the_formulation_is_on_the_therapists_page(cast, as_tess, cam_record):
    page = as_tess.get(reverse("client_assessment", args=[cast.cam.pk])).content.decode()
    assert FORMULATION in page and "Only your care team sees this" in page


def test_no_client_facing_page_shows_therapist_only_text(cast, as_cam, cam_record):
    for url in client_pages(cam_record):
        page = as_cam.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert "Formulation-secret" not in html, url
        assert "Ack-secret" not in html, url
        assert "Assessment summary" not in html, url


def test_no_api_answer_to_the_clients_token_holds_therapist_only_text(cast, cam_record):
    api = Api(cast.cam_user)
    cam = cast.cam.pk
    reads = [
        "/me",
        f"/clients/{cam}",
        "/instruments",
        "/intake-questions",
        f"/clients/{cam}/measure-responses",
        f"/clients/{cam}/measure-responses/{cam_record['response']}",
        f"/clients/{cam}/measure-histories",
        f"/clients/{cam}/measure-assignments",
        f"/clients/{cam}/due-measures",
        f"/clients/{cam}/intake",
    ]
    for path in reads:
        answer = api.get(path)
        assert answer.status_code == 200, path
        assert "Formulation-secret" not in answer.content.decode(), path
        assert "Ack-secret" not in answer.content.decode(), path
    patched = api.patch(f"/clients/{cam}/intake", {"answers": {"hopes": "Calmer"}})
    assert "Formulation-secret" not in patched.content.decode()
    assert api.get(f"/clients/{cam}/formulation").status_code == 404
    assert api.put(f"/clients/{cam}/formulation", {"text": "mine now"}).status_code == 404
    assert api.get("/safety-alerts").status_code == 404


def test_no_schema_offered_to_clients_carries_the_formulation(cast, client):
    document = client.get("/api/v1/openapi.json").json()
    for path, methods in document["paths"].items():
        if "formulation" in path:
            continue
        assert "FormulationOut" not in str(methods), path


# --- the access matrix for every assessment page --------------------------------------------------------


@pytest.fixture
def ids(cast):
    assignment = assign(cast.cam, "gad7", by=cast.tess, every_weeks=2)
    response = respond(cast.cam, "phq9", phq9(2, item9=1), by=cast.tess)
    return {"assignment": assignment.pk, "response": response.pk, "alert": response.safety_alert.pk}


def therapist_urls(cast, ids) -> list[tuple[str, str]]:
    cam = cast.cam.pk
    return [
        ("get", reverse("client_assessment", args=[cam])),
        ("post", reverse("client_formulation_save", args=[cam])),
        ("post", reverse("client_measure_assign", args=[cam])),
        ("post", reverse("client_measure_stop", args=[cam, ids["assignment"]])),
        ("get", reverse("client_measure_enter", args=[cam, "phq9"])),
        ("post", reverse("client_measure_enter", args=[cam, "phq9"])),
        ("get", reverse("client_measure_response", args=[cam, ids["response"]])),
        ("get", reverse("client_alert", args=[cam, ids["alert"]])),
        ("post", reverse("client_alert", args=[cam, ids["alert"]])),
    ]


def client_urls(ids) -> list[tuple[str, str]]:
    return [
        ("get", reverse("intake")),
        ("get", reverse("intake_step", args=[1])),
        ("post", reverse("intake_step", args=[1])),
        ("post", reverse("intake_autosave", args=["hopes"])),
        ("get", reverse("intake_review")),
        ("post", reverse("intake_review")),
        ("get", reverse("my_measures")),
        ("get", reverse("take_measure", args=["gad7"])),
        ("get", reverse("my_measure_result", args=[ids["response"]])),
    ]


FORM = {"text": "x", "note": "x", "instrument": "gad7", "first_due_on": "2030-01-01", "hopes": "x"}


@pytest.mark.parametrize("who", ["as_theo", "as_ada", "as_cam", "as_casey", "as_cleo"])
def test_therapist_pages_are_not_found_for_anyone_off_the_care_team(cast, ids, who, request):
    browser = request.getfixturevalue(who)
    for method, url in therapist_urls(cast, ids):
        assert getattr(browser, method)(url, FORM).status_code == 404, (who, method, url)


@pytest.mark.parametrize("who", ["as_tess", "as_theo", "as_ada"])
def test_client_pages_are_not_found_for_staff(cast, ids, who, request):
    browser = request.getfixturevalue(who)
    for method, url in client_urls(ids):
        assert getattr(browser, method)(url, FORM).status_code == 404, (who, method, url)


def test_another_client_cannot_open_cams_result_or_measures(cast, ids, as_casey, as_cleo):
    result = reverse("my_measure_result", args=[ids["response"]])
    for browser in (as_casey, as_cleo):
        assert browser.get(result).status_code == 404
        assert browser.get(reverse("take_measure", args=["gad7"])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(cast, ids, client):
    urls = therapist_urls(cast, ids) + client_urls(ids) + [("get", reverse("practice_measures"))]
    for method, url in urls:
        answer = getattr(client, method)(url, FORM)
        assert answer.status_code == 302 and reverse("account_login") in answer["Location"], (method, url)


@pytest.mark.parametrize("who", ["as_tess", "as_cam", "as_theo"])
def test_the_practice_measures_page_is_for_admins_only(cast, who, request):
    browser = request.getfixturevalue(who)
    assert browser.get(reverse("practice_measures")).status_code == 404
    assert browser.post(reverse("practice_measures"), {"enabled": ["phq9"]}).status_code == 404
