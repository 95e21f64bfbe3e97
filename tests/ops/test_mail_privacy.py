"""When the mail server refuses a recipient, no log line and no stored task result names them (issue 16,
point 4): the worker's reminder scan and a failing email task run against a real SMTP server that refuses
every recipient, and everything they logged or stored is searched for the address."""

from __future__ import annotations

import datetime as dt
import socketserver
import threading

import pytest
from django.core.management import call_command

from accord.checkins.models import Reminder
from accord.checkins.reminders import send_due_reminders
from tests.checkins.checkin_support import agreed_goal, rhythm
from tests.ops.tasks import send_probe_email

FIRST_DUE = dt.datetime(2026, 3, 1, 18, 0, tzinfo=dt.UTC)


class RefusingSMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP: greets, accepts the sender, refuses every recipient, repeating the address."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 refusing.example ESMTP")
        for raw in self.rfile:
            command = raw.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 refusing.example")
            elif verb == "MAIL":
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                address = command.partition(":")[2].strip()
                self.reply(f"550 5.1.1 {address}: Recipient address rejected: User unknown")
            elif verb == "RSET" or verb == "NOOP":
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Error: command not recognized")


@pytest.fixture
def refusing_mail_server(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), RefusingSMTPHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "accord.mail.SMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_a_refused_reminder_leaves_no_address_in_the_logs(cast, refusing_mail_server, caplog):
    agreed_goal(cast)
    rhythm(cast.cam, starts_on=dt.date(2026, 3, 1))
    caplog.set_level("DEBUG")
    for minutes in (1, 2):  # the first scan and a retry
        assert send_due_reminders(FIRST_DUE + dt.timedelta(minutes=minutes)) == 0
    assert Reminder.objects.get(client=cast.cam).sent_at is None  # still to be sent: the next scan retries
    assert "could not be sent" in caplog.text  # the failure is reported…
    assert cast.cam_user.email not in caplog.text  # …without the address
    assert "@" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_failing_email_task_in_the_worker_leaves_no_address_in_logs_or_results(
    settings, refusing_mail_server, caplog
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    caplog.set_level("DEBUG")
    send_probe_email.enqueue(1)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=2)
    result = DBTaskResult.objects.get(task_path=send_probe_email.module_path)
    assert result.status == "FAILED"
    assert "MailNotSent" in result.exception_class_path and "550" in result.traceback
    for text in (caplog.text, result.traceback, str(result.return_value)):
        assert "probe@example.invalid" not in text
