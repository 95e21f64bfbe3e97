"""A task the real worker runs in the database-restart test: it sends one email to a test address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_probe_email(number: int) -> int:
    send_mail(
        f"probe {number}", "The worker is alive.", settings.DEFAULT_FROM_EMAIL, ["probe@example.invalid"]
    )
    return number
