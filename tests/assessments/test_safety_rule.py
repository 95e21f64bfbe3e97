"""The PHQ-9 item 9 safety rule (CLINICAL.md): any answer above 0 — whatever the total, by page or API —
alerts each care-team therapist at once with an email that holds no clinical content, shows the client the
practice's crisis resources, and keeps a visible flag until a therapist acknowledges it with a note."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accord.accounts.models import CareTeamMember
from accord.accounts.people import create_staff
from accord.assessments import catalogue
from accord.assessments.models import MeasureResponse, SafetyAlert
from accord.audit.models import Action, AuditEvent
from tests.assessments.support import Api, as_post, assign, phq9, respond
from tests.factories import PASSWORD

CRISIS_TEXT = "Call the Riverside crisis line on 0800 000 111, any time."

# Words that would tell a reader of the email who it is about or what they answered.
ITEM9_TEXT = catalogue.get_instrument("phq9").item("q9").text


@pytest.fixture
def second_therapist(cast):
    """Cam's care team has two therapists, so "each" is tested."""
    ravi = create_staff(
        cast.practice_a,
        email="ravi@riverside.example",
        full_name="Ravi Shah",
        role="therapist",
        password=PASSWORD,
    )
    CareTeamMember.objects.create(client=cast.cam, therapist=ravi)
    return ravi


@pytest.fixture
def cam_phq9_due(cast):
    cast.practice_a.crisis_text = CRISIS_TEXT
    cast.practice_a.save()
    return assign(cast.cam, "phq9", by=cast.tess)


def assert_no_clinical_content(message, cast, total: int) -> None:
    text = f"{message.subject}\n{message.body}"
    for forbidden in (
        "Cam",
        cast.cam.display_name,
        ITEM9_TEXT,
        "PHQ",
        "item",
        "score",
        "dead",
        "hurt",
        "suicid",
    ):
        assert forbidden.lower() not in text.lower(), forbidden
    assert str(total) not in text.replace(reverse("therapist_home"), "")
    assert "sign in" in text.lower()
    assert reverse("therapist_home") in message.body


def submit_page(as_cam, answers, key="k1"):
    url = reverse("take_measure", args=["phq9"])
    return as_cam.post(url, as_post(answers, idempotency_key=key), follow=True)


@pytest.mark.parametrize("total", [1, 27])
def test_item_9_by_page_alerts_emails_and_shows_crisis_resources(
    cast, as_cam, cam_phq9_due, second_therapist, total, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit_page(as_cam, phq9(total, item9=1 if total == 1 else 3))

    response = MeasureResponse.objects.get(client=cast.cam)
    assert response.total == total
    alert = SafetyAlert.objects.get(client=cast.cam)
    assert alert.response == response and alert.is_open
    html = page.content.decode()
    assert CRISIS_TEXT in html
    assert "Please reach out for support now" in html
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["ravi@riverside.example", "tess@riverside.example"]
    for message in mail.outbox:
        assert_no_clinical_content(message, cast, total)
    assert AuditEvent.objects.filter(action=Action.SAFETY_ALERT_RAISED, client=cast.cam).count() == 1


@pytest.mark.parametrize("total", [1, 27])
def test_item_9_by_api_alerts_emails_and_returns_crisis_resources(
    cast, cam_phq9_due, second_therapist, total, django_capture_on_commit_callbacks
):
    api = Api(cast.cam_user)
    body = {"instrument": "phq9", "answers": phq9(total, item9=1 if total == 1 else 3)}
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.post(f"/clients/{cast.cam.pk}/measure-responses", body)

    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["total"] == total
    assert data["safety_flag"] is True
    assert data["crisis_resources"] == CRISIS_TEXT
    assert SafetyAlert.objects.filter(client=cast.cam, acknowledged_at__isnull=True).count() == 1
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert_no_clinical_content(message, cast, total)


def test_item_9_entered_by_the_therapist_in_session_also_alerts(
    cast, as_tess, django_capture_on_commit_callbacks
):
    url = reverse("client_measure_enter", args=[cast.cam.pk, "phq9"])
    with django_capture_on_commit_callbacks(execute=True):
        page = as_tess.post(url, as_post(phq9(5, item9=2), idempotency_key="s1"), follow=True)
    assert SafetyAlert.objects.filter(client=cast.cam).count() == 1
    html = page.content.decode()
    assert "Item 9 is a screen, not a risk assessment" in html
    assert [m.to for m in mail.outbox] == [["tess@riverside.example"]]


def test_item_9_at_zero_raises_nothing_even_with_a_high_total(
    cast, as_cam, cam_phq9_due, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit_page(as_cam, phq9(24, item9=0))
    assert MeasureResponse.objects.get(client=cast.cam).total == 24
    assert not SafetyAlert.objects.exists()
    assert mail.outbox == []
    assert "Please reach out for support now" not in page.content.decode()


def test_no_email_when_the_response_is_refused(
    cast, as_cam, cam_phq9_due, django_capture_on_commit_callbacks
):
    answers = phq9(1, item9=1)
    del answers["q3"]
    with django_capture_on_commit_callbacks(execute=True):
        page = submit_page(as_cam, answers)
    assert page.status_code == 200
    assert not MeasureResponse.objects.exists() and not SafetyAlert.objects.exists()
    assert mail.outbox == []


def test_inactive_therapists_are_not_emailed(
    cast, cam_phq9_due, second_therapist, as_cam, django_capture_on_commit_callbacks
):
    second_therapist.is_active = False
    second_therapist.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit_page(as_cam, phq9(1, item9=1))
    assert [m.to for m in mail.outbox] == [["tess@riverside.example"]]


# --- the flag stays visible until acknowledged --------------------------------------------------------


@pytest.fixture
def open_alert(cast):
    assign(cast.cam, "phq9", by=cast.tess)
    response = respond(cast.cam, "phq9", phq9(3, item9=1), by=cast.cam_user)
    return response.safety_alert


def test_the_flag_shows_on_the_therapists_pages_until_acknowledged(cast, as_tess, open_alert):
    alert_url = reverse("client_alert", args=[cast.cam.pk, open_alert.pk])
    for url in (reverse("therapist_home"), reverse("client_page", args=[cast.cam.pk])):
        assert alert_url in as_tess.get(url).content.decode(), url
    assert "Safety alert" in as_tess.get(reverse("client_assessment", args=[cast.cam.pk])).content.decode()

    as_tess.post(alert_url, {"note": "Called Cam; risk assessment done; safety plan agreed."})

    for url in (reverse("therapist_home"), reverse("client_page", args=[cast.cam.pk])):
        assert alert_url not in as_tess.get(url).content.decode(), url


def test_acknowledging_needs_a_note_and_is_audited(cast, as_tess, open_alert):
    url = reverse("client_alert", args=[cast.cam.pk, open_alert.pk])

    refused = as_tess.post(url, {"note": "  "})
    assert refused.status_code == 200
    assert "Write what you did, for the record." in refused.content.decode()
    assert 'aria-invalid="true"' in refused.content.decode()
    open_alert.refresh_from_db()
    assert open_alert.is_open

    done = as_tess.post(url, {"note": "Phoned Cam the same evening; no current plan; safety plan reviewed."})
    assert done.status_code == 302
    open_alert.refresh_from_db()
    assert not open_alert.is_open
    assert open_alert.acknowledged_by == cast.tess
    assert open_alert.acknowledgement_note.startswith("Phoned Cam")
    event = AuditEvent.objects.get(action=Action.SAFETY_ALERT_ACKNOWLEDGED)
    assert event.actor == cast.tess and event.client == cast.cam
    assert "Phoned" not in str(event.detail)  # the note is clinical; the trail keeps only that it happened


def test_a_second_acknowledgement_does_not_overwrite_the_first(cast, as_tess, open_alert):
    url = reverse("client_alert", args=[cast.cam.pk, open_alert.pk])
    as_tess.post(url, {"note": "First note."})
    page = as_tess.post(url, {"note": "Second note."}, follow=True)
    open_alert.refresh_from_db()
    assert open_alert.acknowledgement_note == "First note."
    assert "already been acknowledged" in page.content.decode()


@pytest.mark.parametrize("who", ["as_theo", "as_ada", "as_cam", "as_casey"])
def test_only_the_care_team_can_see_or_acknowledge(cast, open_alert, who, request):
    browser = request.getfixturevalue(who)
    url = reverse("client_alert", args=[cast.cam.pk, open_alert.pk])
    assert browser.get(url).status_code == 404
    assert browser.post(url, {"note": "Not mine to close."}).status_code == 404
    open_alert.refresh_from_db()
    assert open_alert.is_open


def test_anonymous_is_sent_to_sign_in(cast, client, open_alert):
    url = reverse("client_alert", args=[cast.cam.pk, open_alert.pk])
    answer = client.post(url, {"note": "x"})
    assert answer.status_code == 302 and reverse("account_login") in answer["Location"]


def test_an_alert_of_another_client_is_not_found_under_this_client(cast, as_tess, open_alert):
    url = reverse("client_alert", args=[cast.casey.pk, open_alert.pk])
    assert as_tess.get(url).status_code == 404


def test_wrong_method(cast, as_tess, open_alert):
    assert as_tess.put(reverse("client_alert", args=[cast.cam.pk, open_alert.pk])).status_code == 405


# --- the same through the API -------------------------------------------------------------------------


def test_api_acknowledgement_needs_a_note_is_audited_and_happens_once(cast, open_alert):
    api = Api(cast.tess)
    path = f"/safety-alerts/{open_alert.pk}/acknowledge"

    missing = api.post(path, {})
    assert missing.status_code == 422
    assert "note" in missing.json()["errors"]
    blank = api.post(path, {"note": "   "})
    assert blank.status_code == 400 and "note" in blank.json()["errors"]

    done = api.post(path, {"note": "Called; safe; plan agreed."})
    assert done.status_code == 200
    assert done.json()["acknowledged_by"]["name"] == cast.tess.full_name
    assert AuditEvent.objects.filter(action=Action.SAFETY_ALERT_ACKNOWLEDGED, client=cast.cam).count() == 1

    again = api.post(path, {"note": "Again."})
    assert again.status_code == 400


@pytest.mark.parametrize("who", ["theo", "ada", "cam_user"])
def test_api_acknowledgement_is_for_the_care_team_only(cast, open_alert, who):
    answer = Api(getattr(cast, who)).post(f"/safety-alerts/{open_alert.pk}/acknowledge", {"note": "x"})
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not found.", "errors": {}}


def test_api_lists_open_alerts_for_the_care_team_only(cast, open_alert):
    listed = Api(cast.tess).get("/safety-alerts", open="true").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == open_alert.pk
    assert Api(cast.theo).get("/safety-alerts").json() == {"items": [], "count": 0}
    assert Api(cast.cam_user).get("/safety-alerts").status_code == 404
    assert Api().get("/safety-alerts").status_code == 401
