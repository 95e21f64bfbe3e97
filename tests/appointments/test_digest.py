"""The therapists' daily digest: opt-in, once a day however often the worker asks, from 07:00 in the
therapist's own zone, and link-only: counts and a link, never a name, goal or reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from accord.appointments import actions, digest
from accord.appointments.models import DigestSent, DigestSubscription
from accord.goals.actions import propose_goal
from tests.appointments.support import planned_session
from tests.assessments.support import phq9, respond

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def subscribed(cast):
    actions.set_digest(cast.tess, enabled=True)
    return cast.tess


def test_the_digest_is_off_until_the_therapist_turns_it_on(cast, as_tess):
    assert digest.send_digests(dt.datetime.now(UTC).replace(hour=9)) == 0
    response = as_tess.post(reverse("digest_settings"), {"enabled": "1"})
    assert response.status_code == 302
    assert DigestSubscription.objects.get(user=cast.tess).enabled
    as_tess.post(reverse("digest_settings"), {"enabled": "0"})
    assert not DigestSubscription.objects.get(user=cast.tess).enabled


def test_clients_and_admins_cannot_turn_it_on(cast, as_cam, as_ada):
    assert as_cam.post(reverse("digest_settings"), {"enabled": "1"}).status_code == 404
    assert as_ada.post(reverse("digest_settings"), {"enabled": "1"}).status_code == 404
    assert not DigestSubscription.objects.exists()


def test_wrong_method(cast, as_tess):
    assert as_tess.get(reverse("digest_settings")).status_code == 405


def test_sent_exactly_once_a_day_however_often_the_worker_asks(subscribed, cast):
    morning = dt.datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert digest.send_digests(morning) == 1
    assert digest.send_digests(morning + dt.timedelta(hours=3)) == 0
    assert digest.send_digests(morning + dt.timedelta(hours=12)) == 0
    assert len(mail.outbox) == 1 and DigestSent.objects.count() == 1
    assert digest.send_digests(morning + dt.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_not_before_seven_in_the_therapists_own_zone(subscribed, cast):
    cast.tess.time_zone = "America/New_York"
    cast.tess.save()
    # 09:00 UTC is 04:00 in New York: too early.
    assert digest.send_digests(dt.datetime(2026, 3, 4, 9, 0, tzinfo=UTC)) == 0
    assert digest.send_digests(dt.datetime(2026, 3, 4, 12, 30, tzinfo=UTC)) == 1


def test_a_claim_from_an_earlier_day_is_not_sent_late(subscribed, cast):
    DigestSent.objects.create(user=cast.tess, day=dt.date(2026, 3, 3))
    assert digest.deliver_claimed(dt.datetime(2026, 3, 4, 9, 0, tzinfo=UTC)) == 0
    assert not mail.outbox


def test_the_digest_has_counts_and_a_link_and_no_clinical_content(subscribed, cast):
    propose_goal(
        cast.cam, cast.cam_user, words="Stop drinking on weekdays", statement="Stop drinking on weekdays"
    )
    respond(cast.casey, "phq9", phq9(12, item9=1), by=cast.tess)
    planned_session(cast.cam, cast.tess, in_days=1)
    now = dt.datetime.now(UTC)
    if now.hour < digest.DIGEST_HOUR:
        now = now.replace(hour=digest.DIGEST_HOUR + 1)
    assert digest.send_digests(now) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert "2 clients need attention" in message.body
    assert "/clients/?show=attention" in message.body
    for secret in ("Cam", "Casey", "drinking", "safety", "alert", "PHQ", "stalled", "goal"):
        assert secret not in text, secret
