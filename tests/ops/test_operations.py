"""Operations: the health probe, key rotation, site-URL checks, 2FA secrets at rest, housekeeping, static
files, and mail errors that never name a recipient (issue 16)."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from cryptography.fernet import Fernet
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client as BrowserClient
from django.utils import timezone

from accord import health
from accord.accounts import mfa
from accord.housekeeping import housekeeping, queue_housekeeping
from accord.logfilters import RedactPersonalData
from accord.mail import MailNotSent, SMTPBackend

# --- /healthz --------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3:8000", "[2001:db8::1]", "not-configured.example"])
def test_healthz_answers_a_probe_by_ip_address_without_a_traceback(host, caplog):
    response = BrowserClient().get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not [record for record in caplog.records if record.exc_info]


@pytest.mark.django_db
def test_healthz_says_database_unavailable_with_503_and_recovers(caplog):
    browser = BrowserClient()
    with mock.patch.object(health.connection, "cursor", side_effect=DatabaseError("connection refused")):
        down = browser.get("/healthz", HTTP_HOST="10.0.0.5")
    assert down.status_code == 503
    assert down.content == b"database unavailable"
    assert not [record for record in caplog.records if record.exc_info]
    assert browser.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert BrowserClient().get("/healthz").status_code == 200


def test_csrf_trusted_origins_include_the_site_url_with_its_port():
    from accord.env import site_origin

    assert site_origin("https://accord.example.org:8443") == ["https://accord.example.org:8443"]
    assert site_origin("https://accord.example.org") == ["https://accord.example.org"]
    assert site_origin("https://x.example # a comment") == []
    assert site_origin("accord.example.org") == []


# --- ACCORD_SITE_URL check and links ---------------------------------------------------------------------


def site_url_errors(settings, url: str) -> list[str]:
    settings.ACCORD_SITE_URL = url
    settings.ACCORD_SITE_URL_CONFIGURED = True
    return [
        message.msg for message in run_checks(include_deployment_checks=True) if message.id == "accord.E001"
    ]


@pytest.mark.parametrize(
    "url", ["https://accord.example.org", "https://accord.example.org:8443", "https://10.0.0.1:8443"]
)
def test_a_good_site_url_passes_the_deploy_check(settings, url):
    assert site_url_errors(settings, url) == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://accord.example.org   # links in reminder emails start with it", "space"),
        ("http://accord.example.org", "https://"),
        ("accord.example.org", "https://"),
        ("https://accord.example.org/accord", "no path"),
        ("https://accord.example.org:port", "survive"),
    ],
)
def test_a_bad_site_url_fails_the_deploy_check(settings, url, problem):
    errors = site_url_errors(settings, url)
    assert errors and problem in " ".join(errors)


@pytest.mark.django_db
@pytest.mark.django_db
def test_an_invitation_link_keeps_the_site_urls_port(settings, as_ada, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.urls import reverse

    settings.ACCORD_SITE_URL = "https://accord.example.org:8443"
    settings.ACCORD_SITE_URL_CONFIGURED = True
    with django_capture_on_commit_callbacks(execute=True):
        # The proxy passes on the host name without the port, as nginx's `Host $host` does.
        as_ada.post(
            reverse("practice_invite_therapist"),
            {"full_name": "Nia Newton", "email": "nia@riverside.example"},
            HTTP_HOST="localhost",
        )
    assert "https://accord.example.org:8443/invitations/" in mail.outbox[-1].body


def test_emailed_links_keep_the_site_urls_port(settings):
    settings.ACCORD_SITE_URL = "https://accord.example.org:8443"
    settings.ACCORD_SITE_URL_CONFIGURED = True
    from accord.links import absolute_url

    assert absolute_url("/invitations/abc/") == "https://accord.example.org:8443/invitations/abc/"
    request = mock.Mock()
    assert absolute_url("/x/", request) == "https://accord.example.org:8443/x/"
    request.build_absolute_uri.assert_not_called()


# --- secret key rotation ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_signed_with_the_old_key_survives_a_rotation(settings, cast):
    settings.SECRET_KEY = "old-key-" + "x" * 50
    browser = BrowserClient()
    browser.force_login(cast.tess)
    old_link = signing.dumps("reset", salt="test")
    settings.SECRET_KEY = "new-key-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    assert signing.loads(old_link, salt="test") == "reset"
    assert browser.get("/", follow=True).wsgi_request.user == cast.tess
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(signing.BadSignature):
        signing.loads(old_link, salt="test")


def test_key_fallbacks_and_the_trusted_origin_come_from_the_environment(monkeypatch):
    import importlib

    import accord.settings as accord_settings

    monkeypatch.setenv("ACCORD_SECRET_KEY_FALLBACKS", "first-old-key, second-old-key")
    monkeypatch.setenv("ACCORD_SITE_URL", "https://accord.example.org:8443/")
    try:
        reloaded = importlib.reload(accord_settings)
        assert reloaded.SECRET_KEY_FALLBACKS == ["first-old-key", "second-old-key"]
        assert reloaded.CSRF_TRUSTED_ORIGINS == ["https://accord.example.org:8443"]
        assert reloaded.ACCORD_SITE_URL == "https://accord.example.org:8443"
    finally:
        monkeypatch.delenv("ACCORD_SECRET_KEY_FALLBACKS")
        monkeypatch.delenv("ACCORD_SITE_URL")
        importlib.reload(accord_settings)


# --- 2FA secrets at rest ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_totp_secrets_are_stored_encrypted_and_keys_rotate(settings, cast):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ACCORD_MFA_KEYS = [old_key]
    secret = generate_totp_secret()
    TOTP.activate(cast.tess, secret)
    stored = Authenticator.objects.get(user=cast.tess).data["secret"]
    assert secret not in stored and stored.startswith("fernet:")
    assert mfa.decrypt(stored) == secret

    settings.ACCORD_MFA_KEYS = [new_key, old_key]
    call_command("rotate_mfa_keys", verbosity=0)
    settings.ACCORD_MFA_KEYS = [new_key]
    assert mfa.decrypt(Authenticator.objects.get(user=cast.tess).data["secret"]) == secret


@pytest.mark.django_db
def test_secrets_stored_in_plain_text_are_read_and_then_encrypted(settings, cast):
    secret = generate_totp_secret()
    Authenticator.objects.create(user=cast.tess, type=Authenticator.Type.TOTP, data={"secret": secret})
    assert mfa.decrypt(secret) == secret
    call_command("rotate_mfa_keys", verbosity=0)
    stored = Authenticator.objects.get(user=cast.tess).data["secret"]
    assert stored != secret and mfa.decrypt(stored) == secret


# --- housekeeping -----------------------------------------------------------------------------------------


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_housekeeping_is_queued_once_a_day_however_many_workers_ask(database_tasks):
    from django_tasks_db.models import DBTaskResult

    assert queue_housekeeping() is True
    assert queue_housekeeping() is False  # a second worker, the same day
    assert DBTaskResult.objects.filter(task_path=housekeeping.module_path).count() == 1
    assert queue_housekeeping(now=timezone.now() + dt.timedelta(days=1)) is True


@pytest.mark.django_db
def test_housekeeping_clears_expired_sessions_and_old_task_results(settings, database_tasks):
    from django_tasks_db.models import DBTaskResult

    settings.ACCORD_TASK_RESULT_RETENTION_DAYS = 7
    Session.objects.create(
        session_key="expired", session_data="", expire_date=timezone.now() - dt.timedelta(1)
    )
    Session.objects.create(
        session_key="current", session_data="", expire_date=timezone.now() + dt.timedelta(1)
    )
    old, recent = housekeeping.enqueue(), housekeeping.enqueue()
    DBTaskResult.objects.filter(id=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - dt.timedelta(days=8)
    )
    DBTaskResult.objects.filter(id=recent.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - dt.timedelta(days=6)
    )
    assert housekeeping.call() == {
        "task_results_pruned": 1,
        "live_drafts_pruned": 0,
        "live_presences_pruned": 0,
    }
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]
    assert [str(kept) for kept in DBTaskResult.objects.values_list("id", flat=True)] == [str(recent.id)]


# --- mail and logs never name a recipient ----------------------------------------------------------------


def test_smtp_refusals_are_replaced_by_an_error_that_names_nobody():
    backend = SMTPBackend(host="127.0.0.1", port=1)
    refused = smtplib.SMTPRecipientsRefused(
        {"cam@riverside.example": (550, b"5.1.1 <cam@riverside.example>")}
    )
    with (
        mock.patch("django.core.mail.backends.smtp.EmailBackend.send_messages", side_effect=refused),
        pytest.raises(MailNotSent) as raised,
    ):
        backend.send_messages([mock.Mock()])
    assert "cam@" not in str(raised.value) and "550" in str(raised.value)
    assert raised.value.__suppress_context__


def test_the_log_filter_redacts_addresses_in_messages_and_tracebacks():
    try:
        raise ValueError("could not send to cam@riverside.example")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "to %s", ("ada@riverside.example",), None)
        import sys

        record.exc_info = sys.exc_info()
    RedactPersonalData().filter(record)
    formatted = logging.Formatter().format(record)
    assert "@riverside.example" not in formatted
    assert "[email redacted]" in formatted and "ValueError" in formatted


# --- static files -----------------------------------------------------------------------------------------


def test_without_collectstatic_static_urls_are_the_plain_names(tmp_path):
    from accord.staticfiles import AccordStaticFilesStorage

    storage = AccordStaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("accord/accord.css") == "/static/accord/accord.css"


def test_the_log_scan_catches_a_name_in_a_log_line():
    from tests.log_scan import PersonalDataScanner

    scanner = PersonalDataScanner()
    logger = logging.getLogger("accord.test_scan")
    logger.addHandler(scanner)
    logger.propagate = False  # this one is meant to be caught, by this scanner only
    try:
        logger.warning("Nothing personal here, record 42.")
        logger.warning("Reminder for %s failed", "Casey")
    finally:
        logger.removeHandler(scanner)
        logger.propagate = True
    assert len(scanner.findings) == 1 and "Casey" in scanner.findings[0]


def test_the_version_is_the_same_everywhere_and_in_the_changelog():
    import tomllib
    from pathlib import Path

    import accord

    repo = Path(__file__).resolve().parents[2]
    version = tomllib.loads((repo / "pyproject.toml").read_text())["project"]["version"]
    assert accord.__version__ == version
    assert f"## [{version}]" in (repo / "CHANGELOG.md").read_text()
    for document in ("SECURITY.md", "docs/runbook.md", "docs/upgrading.md"):
        assert (repo / document).exists(), document


def test_the_worker_reconnects_after_a_database_error_instead_of_exiting(caplog, monkeypatch):
    from django.db import OperationalError

    from accord.checkins.management.commands import worker as worker_command

    calls = []

    def run_once_then_fail(self):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(worker_command.ReconnectingWorker.__bases__[0], "run", run_once_then_fail)
    monkeypatch.setattr(worker_command.time, "sleep", lambda seconds: None)
    worker = worker_command.ReconnectingWorker(
        queue_names=["default"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    worker.run()
    assert len(calls) == 3
    warnings = [record for record in caplog.records if "reconnecting" in record.getMessage()]
    assert len(warnings) == 2 and not any(record.exc_info for record in warnings)


def fake_django(failures: int, error: Exception):
    """A WSGI app that fails its first ``failures`` calls with ``error`` as Django would (signal + 500)."""
    from django.core.signals import got_request_exception

    calls = []

    def application(environ, start_response):
        calls.append(environ["REQUEST_METHOD"])
        if len(calls) <= failures:
            try:
                raise error
            except Exception:
                got_request_exception.send(sender=None, request=None)
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"error"]
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    return application, calls


@pytest.mark.parametrize(
    ("method", "error", "expected_status", "expected_calls"),
    [
        ("GET", "OperationalError", "200 OK", 2),
        ("HEAD", "InterfaceError", "200 OK", 2),
        ("POST", "OperationalError", "500 Internal Server Error", 1),
        ("GET", "ValueError", "500 Internal Server Error", 1),
    ],
)
def test_a_safe_request_cut_off_by_the_database_is_answered_again_once(
    method, error, expected_status, expected_calls
):
    import django.db

    from accord.retry import retry_safe_requests

    exception = getattr(django.db, error, ValueError)("connection lost")
    application, calls = fake_django(1, exception)
    statuses = []
    body = retry_safe_requests(application)(
        {"REQUEST_METHOD": method}, lambda s, h, e=None: statuses.append(s)
    )
    assert statuses == [expected_status]
    assert len(calls) == expected_calls
    assert list(body) == ([b"ok"] if expected_status.startswith("200") else [b"error"])


def test_a_request_is_retried_only_once():
    import django.db

    from accord.retry import retry_safe_requests

    application, calls = fake_django(5, django.db.OperationalError("down"))
    statuses = []
    retry_safe_requests(application)({"REQUEST_METHOD": "GET"}, lambda s, h, e=None: statuses.append(s))
    assert statuses == ["500 Internal Server Error"] and len(calls) == 2


def test_the_guides_env_file_works_for_the_shell_and_for_systemd_alike():
    """Every line of the env file in docs/deployment.md is NAME="value" or a comment on its own line."""
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "deployment.md").read_text()
    body = re.search(r"cat > /etc/accord/accord.env <<END\n(.*?)\nEND\n", guide, re.DOTALL).group(1)
    names = []
    for line in body.splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(r'([A-Z][A-Z0-9_]*)="([^"`\\]*)"', line)
        assert match, f'not NAME="value": {line}'
        value = re.sub(r"\$\(.*\)|\$[A-Z_]+", "", match.group(2))  # what the heredoc fills in
        assert "$" not in value and " #" not in value, line
        names.append(match.group(1))
    assert {"ACCORD_SECRET_KEY", "ACCORD_SITE_URL", "DATABASE_URL", "ACCORD_FROM_EMAIL"} <= set(names)
