"""Issue 11 point 1: a response that raises a safety alert brings no celebration and no upbeat copy, through
the page, the API and the actions; the therapist may mark the improvement once the alert is acknowledged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.assessments import actions
from accord.assessments.models import MeasureResponse, SafetyAlert
from accord.assessments.scoring import SAFETY_HEADLINE
from accord.audit.models import Action, AuditEvent
from accord.checkins.models import Celebration, CelebrationKind
from tests.assessments.support import Api, as_post, assign, phq9, respond

pytestmark = pytest.mark.django_db

UPBEAT = ("real change", "Reliable improvement")


@pytest.fixture
def baseline_18(cast):
    """Cam's PHQ-9 baseline of 18, three weeks ago, and the PHQ-9 due again."""
    respond(cast.cam, "phq9", phq9(18), by=cast.tess, when=timezone.now() - dt.timedelta(weeks=3))
    assign(cast.cam, "phq9", by=cast.tess, every_weeks=2)


def wins(client):
    return Celebration.objects.filter(client=client, kind=CelebrationKind.MEASURE_IMPROVED)


def test_page_18_then_10_with_item_9_is_an_alert_and_no_win(cast, as_cam, baseline_18):
    page = as_cam.post(
        reverse("take_measure", args=["phq9"]), as_post(phq9(10, item9=2), idempotency_key="k1"), follow=True
    )
    html = page.content.decode()
    assert "Please reach out for support now" in html  # the crisis message
    assert SafetyAlert.objects.filter(client=cast.cam).count() == 1
    assert not wins(cast.cam).exists()
    for words in UPBEAT:
        assert words not in html
    assert SAFETY_HEADLINE in html
    # The client's list of questionnaires says nothing upbeat either.
    listing = as_cam.get(reverse("my_measures")).content.decode()
    assert "real change" not in listing


def test_api_18_then_10_with_item_9_is_an_alert_and_no_win(cast, baseline_18):
    api = Api(cast.cam_user)
    body = {"instrument": "phq9", "answers": phq9(10, item9=2)}
    answer = api.post(f"/clients/{cast.cam.pk}/measure-responses", body)
    assert answer.status_code == 201, answer.content
    assert answer.json()["safety_flag"] is True
    assert api.get(f"/clients/{cast.cam.pk}/celebrations").json()["items"] == []
    assert not wins(cast.cam).exists()


def test_the_same_improvement_without_item_9_is_celebrated(cast, as_cam, baseline_18):
    page = as_cam.post(
        reverse("take_measure", args=["phq9"]), as_post(phq9(10), idempotency_key="k1"), follow=True
    )
    assert wins(cast.cam).count() == 1
    assert "real change" in page.content.decode()


def test_action_with_item_9_records_no_win(cast, baseline_18):
    respond(cast.cam, "phq9", phq9(10, item9=2), by=cast.tess)
    assert not wins(cast.cam).exists()


@pytest.fixture
def flagged_improvement(cast, baseline_18):
    return respond(cast.cam, "phq9", phq9(10, item9=2), by=cast.tess)


def mark_url(cast, response):
    return reverse("client_measure_mark_improvement", args=[cast.cam.pk, response.pk])


def test_the_therapist_marks_it_after_acknowledging_the_alert(cast, as_tess, flagged_improvement):
    detail = reverse("client_measure_response", args=[cast.cam.pk, flagged_improvement.pk])
    page = as_tess.get(detail).content.decode()
    assert "Improvement not celebrated" in page and "once the safety alert is acknowledged" in page
    # Not before the alert is acknowledged.
    as_tess.post(mark_url(cast, flagged_improvement))
    assert not wins(cast.cam).exists()

    as_tess.post(
        reverse("client_alert", args=[cast.cam.pk, flagged_improvement.safety_alert.pk]),
        {"note": "Called Cam; safety plan reviewed."},
    )
    assert "Mark this improvement for the client" in as_tess.get(detail).content.decode()
    answer = as_tess.post(mark_url(cast, flagged_improvement), follow=True)
    assert answer.status_code == 200
    (win,) = wins(cast.cam)
    assert win.key == "measure:phq9:reliable_improvement"
    event = AuditEvent.objects.get(action=Action.MEASURE_IMPROVEMENT_MARKED)
    assert event.client == cast.cam and event.actor == cast.tess
    # Once only.
    as_tess.post(mark_url(cast, flagged_improvement))
    assert wins(cast.cam).count() == 1
    assert AuditEvent.objects.filter(action=Action.MEASURE_IMPROVEMENT_MARKED).count() == 1
    assert "Mark this improvement for the client" not in as_tess.get(detail).content.decode()


def test_nothing_to_mark_without_a_reliable_improvement(cast, as_tess):
    respond(cast.cam, "phq9", phq9(12), by=cast.tess, when=timezone.now() - dt.timedelta(weeks=3))
    response = respond(cast.cam, "phq9", phq9(10, item9=1), by=cast.tess)
    SafetyAlert.objects.filter(response=response).update(acknowledged_at=timezone.now())
    assert not actions.may_mark_improvement(MeasureResponse.objects.get(pk=response.pk))
    as_tess.post(mark_url(cast, response))
    assert not wins(cast.cam).exists()


def test_only_the_care_team_marks(cast, as_cam, as_theo, client, flagged_improvement):
    SafetyAlert.objects.filter(response=flagged_improvement).update(acknowledged_at=timezone.now())
    url = mark_url(cast, flagged_improvement)
    assert as_cam.post(url).status_code in (403, 404)
    assert as_theo.post(url).status_code in (403, 404)
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not wins(cast.cam).exists()


def test_marking_is_a_post(cast, as_tess, flagged_improvement):
    assert as_tess.get(mark_url(cast, flagged_improvement)).status_code == 405


def test_another_clients_response_is_not_found(cast, as_tess, flagged_improvement):
    url = reverse("client_measure_mark_improvement", args=[cast.casey.pk, flagged_improvement.pk])
    assert as_tess.post(url).status_code == 404


def api_mark(api, cast, response):
    return api.post(f"/clients/{cast.cam.pk}/measure-responses/{response.pk}/mark-improvement")


def test_api_the_therapist_marks_it_after_acknowledging_the_alert(cast, flagged_improvement):
    tess = Api(cast.tess)
    refused = api_mark(tess, cast, flagged_improvement)
    assert refused.status_code == 400 and "not acknowledged" in refused.json()["detail"]
    alert = flagged_improvement.safety_alert
    assert tess.post(f"/safety-alerts/{alert.pk}/acknowledge", {"note": "Called Cam."}).status_code == 200
    marked = api_mark(tess, cast, flagged_improvement)
    assert marked.status_code == 201, marked.content
    assert marked.json()["title"] == "PHQ-9"
    (listed,) = Api(cast.cam_user).get(f"/clients/{cast.cam.pk}/celebrations").json()["items"]
    assert listed["id"] == marked.json()["celebration_id"]
    assert AuditEvent.objects.filter(action=Action.MEASURE_IMPROVEMENT_MARKED).count() == 1
    assert api_mark(tess, cast, flagged_improvement).status_code == 400  # once only


def test_api_only_the_care_team_marks(cast, flagged_improvement):
    SafetyAlert.objects.filter(response=flagged_improvement).update(acknowledged_at=timezone.now())
    for user in (cast.cam_user, cast.theo):
        assert api_mark(Api(user), cast, flagged_improvement).status_code in (403, 404)
    assert api_mark(Api(), cast, flagged_improvement).status_code == 401
    assert not wins(cast.cam).exists()
