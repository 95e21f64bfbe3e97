"""The audit trail says what was read (issue 12, point 6).

Every event names the kind of record read or written; list reads name which clients' data left; a refused
change is recorded as an attempt, not a write; the admin's page filters by kind; and every URL and API
operation of the access guard's list has a kind in the vocabulary.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.audit.vocabulary import RECORD_KINDS, kind_for_name
from accord.goals.actions import propose_goal
from tests.api.conftest import token_client
from tests.test_access_guard import API, PAGES

pytestmark = pytest.mark.django_db


def _reads(**filters):
    return AuditEvent.objects.filter(action__in=["client.viewed", "data.read"], **filters)


def test_reading_the_formulation_can_be_told_from_reading_a_goal(cast):
    goal = propose_goal(cast.cam, cast.cam_user, words="Walk to the park")
    tess = token_client(cast.tess)
    AuditEvent_count = AuditEvent.objects.count()
    assert tess.get(f"/api/v1/clients/{cast.cam.pk}/formulation").status_code in (200, 404)
    assert tess.get(f"/api/v1/goals/{goal.pk}").status_code == 200
    kinds = set(AuditEvent.objects.order_by("pk")[AuditEvent_count:].values_list("record_kind", flat=True))
    assert {"formulation", "goal"} <= kinds


def test_list_reads_record_which_clients_data_left(cast):
    token_client(cast.tess).get("/api/v1/clients")
    event = _reads(actor=cast.tess, record_kind="client list").get()
    assert event.detail["clients"] == sorted([cast.cam.pk, cast.casey.pk])


def test_the_therapists_client_list_page_records_its_clients(cast, as_tess):
    as_tess.get(reverse("therapist_home"))
    event = _reads(actor=cast.tess, record_kind="client list").get()
    assert set(event.detail["clients"]) == {cast.cam.pk, cast.casey.pk}


def test_the_safety_alert_list_records_its_clients(cast):
    token_client(cast.tess).get("/api/v1/safety-alerts")
    # No alert yet: nothing left, so nothing is recorded.
    assert not _reads(actor=cast.tess, record_kind="safety alert").exists()


def test_a_refused_write_is_an_attempt_not_a_write(cast):
    tess = token_client(cast.tess)
    # Valid in shape, refused by the rules (a theme that is not Cam's): 422 after the access check.
    response = tess.post(f"/api/v1/clients/{cast.cam.pk}/goals", {"words": "Walk", "theme_ids": [999999]})
    assert response.status_code in (400, 422)
    assert AuditEvent.objects.filter(action="data.write_refused", client=cast.cam).exists()
    assert not AuditEvent.objects.filter(action="data.written", client=cast.cam).exists()


def test_an_accepted_write_is_a_write(cast):
    tess = token_client(cast.tess)
    assert tess.post(f"/api/v1/clients/{cast.cam.pk}/goals", {"words": "Walk more"}).status_code == 201
    assert AuditEvent.objects.filter(action="data.written", client=cast.cam, record_kind="goal").exists()


def test_the_audit_page_filters_by_kind(cast, as_ada, as_tess):
    goal = propose_goal(cast.cam, cast.cam_user, words="Walk to the park")
    as_tess.get(reverse("goal_page", args=[goal.pk]))
    as_tess.get(reverse("client_page", args=[cast.cam.pk]))
    page = as_ada.get(reverse("audit_trail"), {"kind": "goal"})
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert rows and all(event.record_kind == "goal" for event in rows)


def test_every_url_and_api_operation_has_a_kind_in_the_vocabulary():
    missing = [name for name in [*PAGES, *API] if kind_for_name(name) not in RECORD_KINDS]
    assert not missing, f"Give these a kind in accord/audit/vocabulary.py: {missing}"


def test_a_read_names_the_record_asked_for_as_well_as_the_client(cast, as_cam):
    """The messages of one thread: the event names the client and the thread it was about."""
    from accord.dialogue.actions import general_thread

    thread = general_thread(cast.cam)
    last = AuditEvent.objects.order_by("pk").last()
    response = as_cam.get(reverse("dialogue_thread", args=[cast.cam.pk, thread.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(pk__gt=last.pk if last else 0, record_kind="messages").first()
    assert event is not None and event.client_id == cast.cam.pk
    assert event.detail["record_ids"] == {"thread_id": str(thread.pk)}
