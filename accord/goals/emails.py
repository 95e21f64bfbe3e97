"""The goal-awaiting-you email: a goal now waits for the client's agreement (the therapist proposed it or
made a new version). Link-only like every Accord email: no goal, no name, nothing typed. The client turns it
off on their account page (``Client.email_when_goal_waits``)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from accord.accounts.actors import Actor
from accord.accounts.models import User
from accord.goals.models import Goal, Party
from accord.mail import send_templated


def notify_client_if_waiting(goal: Goal, actor: Actor) -> None:
    """After the therapist's proposal or new version: email the client a link once the change commits."""
    client = goal.client
    if not actor.site_url or Party.CLIENT not in goal.waiting_for():  # no request (the demo's history)
        return
    if not client.email_when_goal_waits or client.user_id is None or not client.is_active:
        return
    link = actor.absolute(reverse("goal_page", args=[goal.pk]))
    user_id = client.user_id
    transaction.on_commit(lambda: send_goal_waiting_email.enqueue(user_id=user_id, link=link))


@task()
def send_goal_waiting_email(*, user_id: int, link: str) -> None:
    recipient = User.objects.filter(pk=user_id, is_active=True).first()
    if recipient is None:
        return
    send_templated(
        to=recipient.email,
        language=recipient.language,
        subject="goals/email/goal_waiting_subject.txt",
        body="goals/email/goal_waiting.txt",
        context={"link": link},
    )
