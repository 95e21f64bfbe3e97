"""The goal-awaiting-you email (issue 13, point 11): link-only, sent when a goal waits for the client's
agreement, and the client can turn it off on their account page."""

import pytest
from django.core import mail
from django.urls import reverse

from accord.accounts.actors import Actor
from accord.audit.models import AuditEvent
from accord.goals.actions import accept_goal, propose_goal, revise_goal

pytestmark = pytest.mark.django_db

SITE = "https://accord.example.org"


def tess(cast) -> Actor:
    return Actor(user=cast.tess, site_url=SITE)


def test_the_therapists_proposal_emails_the_client_a_link_only(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        goal = propose_goal(cast.cam, tess(cast), words="Walk by the river three mornings a week")
    [email] = mail.outbox
    assert email.to == ["cam@riverside.example"]
    assert f"{SITE}{reverse('goal_page', args=[goal.pk])}" in email.body
    assert "river" not in email.body and "river" not in email.subject
    assert "Cam" not in email.body


def test_a_new_version_by_the_therapist_emails_again(cast, django_capture_on_commit_callbacks):
    goal = propose_goal(cast.cam, cast.cam_user, words="Sleep more")
    accept_goal(goal, cast.tess, version_number=1)
    with django_capture_on_commit_callbacks(execute=True):
        revise_goal(goal, tess(cast), {"statement": "Sleep by 11pm on weeknights"}, based_on=1)
    assert len(mail.outbox) == 1


def test_the_clients_own_proposal_sends_the_client_nothing(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        propose_goal(cast.cam, Actor(user=cast.cam_user, site_url=SITE), words="Sleep more")
    assert mail.outbox == []


def test_a_client_who_turned_it_off_gets_none(cast, as_cam, django_capture_on_commit_callbacks):
    response = as_cam.post(reverse("account_email_preferences"), {})
    assert response.status_code == 302
    cast.cam.refresh_from_db()
    assert cast.cam.email_when_goal_waits is False
    assert AuditEvent.objects.filter(action="client.updated", client=cast.cam).exists()
    with django_capture_on_commit_callbacks(execute=True):
        propose_goal(cast.cam, tess(cast), words="Walk")
    assert mail.outbox == []


def test_the_account_page_offers_the_choice_to_clients_only(cast, as_cam, as_tess):
    page = as_cam.get(reverse("account_page")).content.decode()
    assert 'name="email_when_goal_waits"' in page and "checked" in page
    assert 'name="email_when_goal_waits"' not in as_tess.get(reverse("account_page")).content.decode()


def test_turning_it_back_on(cast, as_cam):
    cast.cam.email_when_goal_waits = False
    cast.cam.save()
    as_cam.post(reverse("account_email_preferences"), {"email_when_goal_waits": "on"})
    cast.cam.refresh_from_db()
    assert cast.cam.email_when_goal_waits is True


def test_email_preferences_are_the_clients_own(as_tess, as_cam):
    assert as_tess.post(reverse("account_email_preferences"), {}).status_code == 404
    assert as_cam.get(reverse("account_email_preferences")).status_code == 405
