"""Denials are recorded for both sides (issue 12, point 8).

When someone of another practice tries a record of Riverside's, Riverside's admin sees on the audit page that
someone outside tried, and which record; never who, from where or from which practice. The attacker's own
practice keeps the full event. The page shows what a denial was about instead of "Access denied — —".
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.goals.actions import propose_goal

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit_trail")


def test_another_practices_attempt_shows_on_the_targeted_practices_audit_page(cast, as_theo, as_ada):
    assert as_theo.get(reverse("client_page", args=[cast.cam.pk])).status_code == 404
    outside = AuditEvent.objects.get(action="access.denied_outside")
    assert outside.practice == cast.practice_a and outside.client == cast.cam
    assert outside.actor is None and outside.actor_label == "" and outside.ip_address is None
    assert set(outside.detail) == {"what", "id"}
    # Theo's own practice keeps who and from where.
    own = AuditEvent.objects.get(action="access.denied", actor=cast.theo)
    assert own.practice == cast.practice_b and own.ip_address
    page = as_ada.get(TRAIL).content.decode()
    assert "Someone outside this practice" in page
    assert f"client #{cast.cam.pk}" in page
    assert "theo@hillside.example" not in page and "Hillside" not in page


def test_a_goal_of_another_practice_is_filed_under_the_goals_practice(cast, as_theo):
    goal = propose_goal(cast.cam, cast.cam_user, words="Walk to the park")
    assert as_theo.get(reverse("goal_page", args=[goal.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied_outside", practice=cast.practice_a).exists()


def test_a_denial_inside_the_practice_is_not_doubled(cast, as_casey):
    assert as_casey.get(reverse("client_page", args=[cast.cam.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=cast.casey_user).exists()
    assert not AuditEvent.objects.filter(action="access.denied_outside").exists()


def test_a_guess_at_a_record_that_does_not_exist_stays_with_the_guesser(cast, as_theo):
    assert as_theo.get(reverse("client_page", args=[999999])).status_code == 404
    assert not AuditEvent.objects.filter(action="access.denied_outside").exists()


def test_the_audit_page_says_what_a_denial_was_about(cast, as_casey, as_ada):
    as_casey.get(reverse("client_page", args=[cast.cam.pk]))
    page = as_ada.get(TRAIL).content.decode()
    assert f"page for therapist #/clients/{cast.cam.pk}/" in page
