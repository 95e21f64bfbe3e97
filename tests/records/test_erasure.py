"""GDPR Art. 17 erasure: the confirmation page, the deletion in every app, the audit stub, access."""

from __future__ import annotations

import hashlib

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accord.accounts.models import ApiToken, Client, User
from accord.audit.models import Action, AuditEvent
from accord.checkins.actions import CheckInData, GoalAnswer, save_draft, submit_checkin
from accord.dialogue.actions import add_agenda_item, add_goal_idea, general_thread, mark_read, post_message
from accord.records import actions
from tests.conftest import signed_in
from tests.factories import make_admin
from tests.records.support import full_record

pytestmark = pytest.mark.django_db

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.q@riverside.example"


@pytest.fixture
def record(cast):
    """Cam, renamed to something no other row could contain by chance, with a record in every app."""
    Client.objects.filter(pk=cast.cam.pk).update(display_name=NAME)
    User.objects.filter(pk=cast.cam_user.pk).update(email=EMAIL, full_name=NAME)
    cast.cam.refresh_from_db()
    cast.cam.user.refresh_from_db()
    goal = full_record(cast)
    thread = general_thread(cast.cam, cast.tess)
    post_message(thread, cast.cam.user, body=f"Hello, it's {NAME}")
    post_message(thread, cast.tess, body="Hello back")
    mark_read(thread, cast.cam.user)
    add_agenda_item(cast.cam, cast.cam.user, text="Talk about the café", priority="normal")
    add_goal_idea(cast.cam, cast.tess, text="Evening class")
    save_draft(cast.cam, cast.cam.user, {"note": "half written"})
    submit_checkin(
        cast.cam, cast.cam.user, CheckInData(answers=[GoalAnswer(goal, value=2, progress=6)]), "ck1"
    )
    ApiToken.objects.create(
        user=cast.cam.user, name="phone", token_hash=hashlib.sha256(b"x").hexdigest(), hint="acc_x"
    )
    signed_in(cast.cam.user).get(reverse("client_home"))  # a stored session
    # What django-axes keeps of sign-ins (a failed one from an attacker guessing the address, too).
    AccessLog.objects.create(
        username=EMAIL, ip_address="203.0.113.9", user_agent="x", path_info="/accounts/login/"
    )
    AccessAttempt.objects.create(
        username=EMAIL.upper(), ip_address="203.0.113.9", user_agent="x", failures_since_start=1
    )
    return cast


def _rows_mentioning(client_id: int, user_id: int) -> list[str]:
    """Every row in every table that points at the client or their account, or holds their name or e-mail."""
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                target = getattr(field, "related_model", None)
                if target is Client:
                    ids = [client_id]
                elif target is User:
                    ids = [user_id]
                else:
                    ids = []
                column = connection.ops.quote_name(field.column)
                if ids:
                    cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = %s", ids)
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{field.column} = {ids[0]}")
                elif field.get_internal_type() in ("CharField", "TextField", "EmailField", "JSONField"):
                    for needle in (NAME, EMAIL, "Zephyrine"):
                        cursor.execute(
                            f"SELECT COUNT(*) FROM {table} WHERE LOWER(CAST({column} AS TEXT)) LIKE %s",
                            [f"%{needle.lower()}%"],
                        )
                        if cursor.fetchone()[0]:
                            found.append(f"{table}.{field.column} ~ {needle}")
    return found


def test_erasure_leaves_nothing_but_the_audit_stub(record):
    cast = record
    client_id, user_id = cast.cam.pk, cast.cam.user.pk
    assert _rows_mentioning(client_id, user_id)  # the scan does see the record before
    counts = actions.erase_client(cast.cam, cast.ada, reason=f"Asked by {NAME} in writing", via="test")
    assert (
        counts["goals"] == 1
        and counts["checkins"] == 1
        and counts["messages"] == 2
        and counts["account"] == 1
    )
    assert counts["sessions"] == 1 and counts["api_tokens"] == 1
    assert _rows_mentioning(client_id, user_id) == []
    stub = AuditEvent.objects.get(action=Action.CLIENT_ERASED)
    assert stub.actor == cast.ada and stub.client_id is None
    assert stub.detail["erased_client"] == client_id
    assert stub.detail["reason"] == "Asked by [client] in writing"
    # Earlier events about the client are stubs now: what, when, who (staff), the client's id.
    earlier = AuditEvent.objects.filter(detail__erased_client=client_id).exclude(pk=stub.pk)
    assert earlier.exists()
    assert all(set(e.detail) == {"erased_client"} for e in earlier)
    assert not AuditEvent.objects.filter(actor_id=user_id).exists()
    # Everyone else's data is untouched.
    assert Client.objects.filter(pk=cast.casey.pk).exists() and User.objects.filter(pk=cast.tess.pk).exists()


def test_the_command_lists_first_and_erases_only_with_yes(record, capsys):
    cast = record
    call_command("erase_client", client=cast.cam.pk, reason="Request by e-mail")
    assert "goals" in capsys.readouterr().out
    assert Client.objects.filter(pk=cast.cam.pk).exists()
    call_command("erase_client", client=cast.cam.pk, reason="Request by e-mail", yes=True)
    assert not Client.objects.filter(pk=cast.cam.pk).exists()
    stub = AuditEvent.objects.get(action=Action.CLIENT_ERASED)
    assert stub.actor is None and stub.detail["via"] == "command"


def test_confirmation_page_names_what_will_go(record):
    url = reverse("records_erase_client", args=[record.cam.pk])
    response = signed_in(record.ada).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert NAME in text and "goal versions" in text and "messages" in text and "check-ins" in text
    assert "backup" in text.lower()
    assert Client.objects.filter(pk=record.cam.pk).exists()  # a GET changes nothing


def test_post_needs_reason_and_confirmation(record):
    url = reverse("records_erase_client", args=[record.cam.pk])
    browser = signed_in(record.ada)
    assert browser.post(url, {"reason": "asked"}).status_code == 400
    assert browser.post(url, {"confirm": "on"}).status_code == 400
    assert Client.objects.filter(pk=record.cam.pk).exists()
    response = browser.post(url, {"reason": "asked", "confirm": "on"})
    assert response.status_code == 200
    assert not Client.objects.filter(pk=record.cam.pk).exists()


def test_wrong_method(cast):
    url = reverse("records_erase_client", args=[cast.cam.pk])
    assert signed_in(cast.ada).put(url).status_code == 405
    assert Client.objects.filter(pk=cast.cam.pk).exists()


@pytest.mark.parametrize("who", ["tess", "cam", "other_admin"])
def test_others_get_an_audited_404(cast, who):
    user = {"tess": cast.tess, "cam": cast.cam.user}.get(who) or make_admin(
        cast.practice_b, email="hal@hillside.example", name="Hal Admin"
    )
    url = reverse("records_erase_client", args=[cast.cam.pk])
    browser = signed_in(user)
    assert browser.get(url).status_code == 404
    assert browser.post(url, {"reason": "x", "confirm": "on"}).status_code == 404
    assert Client.objects.filter(pk=cast.cam.pk).exists()
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED, actor=user).exists()


def test_anonymous_is_sent_to_sign_in(cast):
    from django.test import Client as Browser

    response = Browser().post(
        reverse("records_erase_client", args=[cast.cam.pk]), {"reason": "x", "confirm": "on"}
    )
    assert response.status_code == 302
    assert Client.objects.filter(pk=cast.cam.pk).exists()


def test_action_refuses_therapist_and_other_practice(cast):
    with pytest.raises(actions.ErasureRefused):
        actions.erase_client(cast.cam, cast.tess, reason="x", via="test")
    other = make_admin(cast.practice_b, email="hal@hillside.example", name="Hal Admin")
    with pytest.raises(actions.ErasureRefused):
        actions.erase_client(cast.cam, other, reason="x", via="test")
    with pytest.raises(actions.ErasureRefused):
        actions.erase_client(cast.cam, cast.ada, reason="  ", via="test")
    assert Client.objects.filter(pk=cast.cam.pk).exists()


def test_an_erased_client_is_in_no_export_or_report(record):
    from accord.records import fhir_export
    from accord.records.outcomes import research_rows

    cast = record
    client_id = cast.cam.pk
    actions.erase_client(cast.cam, cast.ada, reason="asked", via="test")
    bundle = str(fhir_export.practice_bundle(cast.practice_a))
    assert f"patient-{client_id}'" not in bundle and NAME not in bundle and EMAIL not in bundle
    assert len(research_rows(cast.practice_a)) == 1  # Casey only
    response = signed_in(cast.ada).get(reverse("audit_export"))
    trail = b"".join(response.streaming_content).decode()
    assert NAME not in trail and EMAIL not in trail and "Zephyrine" not in trail
    assert "client.erased" in trail


def test_every_model_pointing_at_a_client_or_account_is_covered(cast):
    """A model added later with a foreign key to Client must be in records/erasure.py's list (or go by
    cascade); one that protects a User row would stop the account's deletion."""
    from django.db import models

    from accord.records.erasure import _parts

    listed = {rows.model for _key, _label, rows in _parts(cast.cam)}
    missing = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            on_delete = getattr(getattr(field, "remote_field", None), "on_delete", None)
            if (
                target is Client
                and model is not AuditEvent
                and model not in listed
                and on_delete is not models.CASCADE
            ):
                missing.append(f"{model._meta.label}.{field.name}")
            protects = on_delete in (models.PROTECT, models.RESTRICT)
            if target is User and model is not AuditEvent and protects and model not in listed:
                missing.append(f"{model._meta.label}.{field.name}")
    assert not missing, f"Add to accord/records/erasure.py: {missing}"
