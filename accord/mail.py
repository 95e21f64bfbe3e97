"""Sending email in the recipient's language, without leaking who it was for.

``send_templated`` renders a subject and a body template in the recipient's own language (``User.language``,
or an invitation's), whoever or whatever sends it: a request in another language, or the worker, which has
no request at all.

smtplib's exceptions carry the recipients' addresses (``SMTPRecipientsRefused({'cam@…': (550, b'…')})``)
and the server's reply, which often repeats the address. A task that fails with one of them would put the
address in the worker's log and in the task's stored traceback, on every retry. ``SMTPBackend`` replaces
such an exception with ``MailNotSent``, which says what went wrong (the reply code) and nothing about whom.
"""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.smtp import EmailBackend
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    *, to: str, language: str, subject: str, body: str, context: dict[str, Any] | None = None
) -> None:
    """Render ``subject`` and ``body`` (template names) in ``language`` and send them to ``to``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject_text = " ".join(render_to_string(subject, context).split())
        body_text = render_to_string(body, context)
    send_mail(subject_text, body_text, settings.DEFAULT_FROM_EMAIL, [to])


class MailNotSent(Exception):
    """The mail server did not take a message; the message names no recipient."""


def reply_codes(error: smtplib.SMTPException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _reply in error.recipients.values()})
        return ", ".join(codes) or "unknown"
    code = getattr(error, "smtp_code", None)
    return str(code) if code is not None else "none"


class SMTPBackend(EmailBackend):
    """Django's SMTP backend with scrubbed errors."""

    def open(self):
        try:
            return super().open()
        except (smtplib.SMTPException, OSError) as error:
            raise MailNotSent(f"Could not connect to the mail server ({type(error).__name__}).") from None

    def send_messages(self, email_messages):
        try:
            return super().send_messages(email_messages)
        except smtplib.SMTPException as error:
            raise MailNotSent(
                f"The mail server refused the message ({type(error).__name__}, "
                f"reply code {reply_codes(error)})."
            ) from None
