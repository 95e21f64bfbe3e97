"""The safety-alert email. It says only that something needs review and where to sign in: no name, no
score, no question, no answer (CLINICAL.md item-9 rule; emails carry only a link)."""

from __future__ import annotations

from django_tasks import task

from accord.accounts.models import User
from accord.mail import send_templated


@task()
def send_safety_alert_email(*, user_id: int, link: str) -> None:
    recipient = User.objects.filter(pk=user_id, is_active=True).first()
    if recipient is None:
        return
    send_templated(
        to=recipient.email,
        language=recipient.language,
        subject="assessments/email/safety_alert_subject.txt",
        body="assessments/email/safety_alert.txt",
        context={"link": link},
    )
