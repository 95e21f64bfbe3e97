"""The safety-alert email. It says only that something needs review and where to sign in: no name, no
score, no question, no answer (CLINICAL.md item-9 rule; emails carry only a link)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from accord.accounts.models import User


@task()
def send_safety_alert_email(*, user_id: int, link: str) -> None:
    recipient = User.objects.filter(pk=user_id, is_active=True).first()
    if recipient is None:
        return
    subject = render_to_string("assessments/email/safety_alert_subject.txt").strip()
    body = render_to_string("assessments/email/safety_alert.txt", {"link": link})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
