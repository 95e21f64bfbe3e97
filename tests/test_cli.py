"""The `accord` command: serve's refusals, manage and worker pass-through, create_practice, a real demo."""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord import cli
from accord.accounts.models import Practice, Role, User
from accord.audit.models import Action, AuditEvent
from accord.demo import DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[1]
STRONG_PASSWORD = "a long admin passphrase 2026"


# --- serve refuses to start unsafely -------------------------------------------------------------------


@pytest.fixture
def production_env(monkeypatch):
    """An environment `accord serve` would accept; each test then breaks one thing."""
    monkeypatch.setenv("ACCORD_SECRET_KEY", "a-real-secret-key-for-this-test-only-0123456789")
    monkeypatch.delenv("ACCORD_DEBUG", raising=False)
    monkeypatch.delenv("ACCORD_DEMO", raising=False)
    return monkeypatch


def refusal(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == cli.EXIT_REFUSED
    return capsys.readouterr().err


def test_serve_refuses_without_a_secret_key(production_env, capsys):
    production_env.delenv("ACCORD_SECRET_KEY")
    message = refusal(capsys, ["serve"])
    assert "ACCORD_SECRET_KEY is not set" in message
    assert "secrets.token_urlsafe" in message  # tells how to make one


def test_serve_refuses_with_an_empty_secret_key(production_env, capsys):
    production_env.setenv("ACCORD_SECRET_KEY", "  ")
    assert "ACCORD_SECRET_KEY is not set" in refusal(capsys, ["serve"])


def test_serve_refuses_with_debug_on(production_env, capsys):
    production_env.setenv("ACCORD_DEBUG", "true")
    message = refusal(capsys, ["serve", "--port", "8123"])
    assert "ACCORD_DEBUG is on" in message
    assert "ACCORD_SECRET_KEY" not in message


def test_serve_refuses_a_debug_value_it_cannot_read(production_env, capsys):
    production_env.setenv("ACCORD_DEBUG", "maybe")
    assert "ACCORD_DEBUG must be true or false" in refusal(capsys, ["serve"])


def test_serve_refuses_in_demo_mode(production_env, capsys):
    production_env.setenv("ACCORD_DEMO", "1")
    assert "ACCORD_DEMO is on" in refusal(capsys, ["serve"])


def test_serve_names_every_problem_at_once(production_env, capsys):
    production_env.delenv("ACCORD_SECRET_KEY")
    production_env.setenv("ACCORD_DEBUG", "on")
    message = refusal(capsys, ["serve"])
    assert "ACCORD_SECRET_KEY" in message and "ACCORD_DEBUG" in message


def test_without_a_command_accord_shows_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2
    assert "demo" in capsys.readouterr().err


def address_seen(trusted: list[str], peer: str, forwarded: str | None) -> str:
    seen = {}

    def application(environ, start_response):
        seen["address"] = environ["REMOTE_ADDR"]

    environ = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    cli.client_address_from_proxy(application, trusted=trusted)(environ, None)
    return seen["address"]


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "expected"),
    [
        (["127.0.0.1", "::1"], "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        # The proxy appends the visitor's address; what the visitor wrote before it is not believed.
        (["127.0.0.1"], "127.0.0.1", "10.0.0.1, 203.0.113.9", "203.0.113.9"),
        (["10.0.0.0/8"], "10.1.2.3", "2001:db8::7", "2001:db8::7"),
        (["*"], "192.0.2.1", "203.0.113.9", "203.0.113.9"),
        # A visitor reaching the server directly cannot choose the address in the audit trail.
        (["127.0.0.1"], "198.51.100.4", "203.0.113.9", "198.51.100.4"),
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_behind_a_trusted_proxy_the_visitors_address_is_recorded(trusted, peer, forwarded, expected):
    assert address_seen(trusted, peer, forwarded) == expected


# --- manage and worker pass through to Django ----------------------------------------------------------


def test_manage_runs_a_django_command_with_its_arguments(capsys):
    cli.main(["manage", "check", "--tag", "models"])
    assert "System check identified no issues" in capsys.readouterr().out


def test_manage_reports_an_unknown_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["manage", "no_such_command"])
    assert exit_info.value.code == 1
    assert "Unknown command" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_database_task_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    # --batch: queue one reminder scan, work through the queue and return instead of waiting for more.
    cli.main(["worker", "--batch", "--no-startup-delay"])
    (scan,) = DBTaskResult.objects.all()
    assert (scan.task_path.rsplit(".", 1)[-1], scan.status) == ("send_due_reminders", "SUCCESSFUL")
    assert scan.return_value == 0  # nobody's check-in is due: no email went out


def test_the_demo_starts_the_worker_as_accord_worker(monkeypatch):
    started = []
    monkeypatch.setattr(subprocess, "Popen", lambda command: started.append(command))
    cli.start_worker_process()
    assert started == [[sys.executable, "-m", "accord.cli", "worker"]]


# --- create_practice ------------------------------------------------------------------------------------


def create_practice(monkeypatch, *extra: str, password: str = STRONG_PASSWORD) -> None:
    monkeypatch.setenv("NEW_ADMIN_PASSWORD", password)
    call_command(
        "create_practice",
        "--name",
        "Lakeside Psychology",
        "--admin-email",
        "Lee@Lakeside.example",
        "--admin-name",
        "Lee Park",
        "--password-from-env",
        "NEW_ADMIN_PASSWORD",
        *extra,
    )


@pytest.mark.django_db
def test_create_practice_makes_a_practice_and_its_first_admin(monkeypatch, capsys):
    create_practice(monkeypatch, "--time-zone", "Europe/Dublin")
    admin = User.objects.get(email="lee@lakeside.example")
    assert admin.practice.name == "Lakeside Psychology"
    assert admin.role == Role.ADMIN
    assert admin.full_name == "Lee Park"
    assert admin.time_zone == "Europe/Dublin"
    assert admin.check_password(STRONG_PASSWORD)
    assert admin.emailaddress_set.get().verified
    assert "lee@lakeside.example" in capsys.readouterr().out
    event = AuditEvent.objects.get(action=Action.ROLE_CHANGED)
    assert event.practice == admin.practice and event.object_id == str(admin.pk)


# transaction=True: Django closes the database connections after a command run from the command line.
@pytest.mark.django_db(transaction=True)
def test_create_practice_is_reachable_through_accord_manage(monkeypatch):
    monkeypatch.setenv("NEW_ADMIN_PASSWORD", STRONG_PASSWORD)
    cli.main(
        [
            "manage",
            "create_practice",
            "--name=Lakeside Psychology",
            "--admin-email=lee@lakeside.example",
            "--admin-name=Lee Park",
            "--password-from-env=NEW_ADMIN_PASSWORD",
        ]
    )
    assert Practice.objects.filter(name="Lakeside Psychology").exists()


@pytest.mark.django_db
def test_create_practice_refuses_an_email_already_in_use(monkeypatch, cast):
    with pytest.raises(CommandError, match="ada@riverside.example already exists. Nothing was created"):
        call_command(
            "create_practice",
            "--name=Second Riverside",
            "--admin-email=ADA@riverside.example",
            "--admin-name=Ada Again",
            "--password-from-env=NEW_ADMIN_PASSWORD",
        )
    assert not Practice.objects.filter(name="Second Riverside").exists()


@pytest.mark.django_db
def test_create_practice_refuses_a_short_password_and_creates_nothing(monkeypatch):
    with pytest.raises(CommandError, match="not strong enough: Use at least 12 characters"):
        create_practice(monkeypatch, password="short pass")
    assert not Practice.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--admin-email", "not-an-email", "is not an email address"),
        ("--time-zone", "Mars/Olympus", "is not a time zone"),
        ("--name", "   ", "--name is empty"),
    ],
)
def test_create_practice_names_the_bad_option(monkeypatch, option, value, message):
    with pytest.raises(CommandError, match=message):
        create_practice(monkeypatch, option, value)
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_create_practice_needs_the_password_variable_to_be_set(monkeypatch):
    monkeypatch.delenv("MISSING_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="MISSING_PASSWORD is empty or not set"):
        call_command(
            "create_practice",
            "--name=P",
            "--admin-email=p@p.example",
            "--admin-name=P",
            "--password-from-env=MISSING_PASSWORD",
        )


@pytest.mark.django_db
def test_create_practice_without_a_terminal_asks_for_the_variable(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="use --password-from-env"):
        call_command("create_practice", "--name=P", "--admin-email=p@p.example", "--admin-name=P")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
def test_create_practice_asks_for_the_password_twice(monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter([STRONG_PASSWORD, STRONG_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("create_practice", "--name=P", "--admin-email=p@p.example", "--admin-name=Pat Lee")
    assert User.objects.get(email="p@p.example").check_password(STRONG_PASSWORD)


@pytest.mark.django_db
def test_create_practice_stops_when_the_two_passwords_differ(monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter([STRONG_PASSWORD, STRONG_PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="The two passwords differ"):
        call_command("create_practice", "--name=P", "--admin-email=p@p.example", "--admin-name=Pat Lee")
    assert not User.objects.exists()


# --- the demo's own pieces ------------------------------------------------------------------------------


def test_demo_keeps_one_secret_key_readable_only_by_its_owner(tmp_path):
    key = cli.ensure_secret_key(tmp_path)
    assert len(key) >= 50
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert cli.ensure_secret_key(tmp_path) == key


def test_demo_environment_is_a_demo_with_mail_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("ACCORD_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("ACCORD_SITE_URL", raising=False)
    environment = cli.demo_environment(tmp_path, "127.0.0.1", 8123)
    assert environment["ACCORD_DEMO"] == "true"
    assert environment["ACCORD_DEBUG"] == "false"
    assert environment["ACCORD_DATA_DIR"] == str(tmp_path)
    assert environment["ACCORD_SECRET_KEY"] == (tmp_path / "secret_key").read_text()
    assert environment["ACCORD_EMAIL_BACKEND"].endswith("filebased.EmailBackend")
    assert environment["ACCORD_SITE_URL"] == "http://127.0.0.1:8123"  # reminder links lead to the demo
    assert "ACCORD_ALLOWED_HOSTS" not in environment  # the defaults cover this machine
    assert cli.demo_environment(tmp_path, "0.0.0.0", 8000)["ACCORD_ALLOWED_HOSTS"] == "*"


def test_demo_address():
    assert cli.demo_address("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert cli.demo_address("0.0.0.0", 9000) == "http://127.0.0.1:9000/"
    assert cli.demo_address("::1", 8000) == "http://[::1]:8000/"


# --- smart-check ----------------------------------------------------------------------------------------


SMART_GOAL = "I want to walk for 20 minutes three times a week by the end of June"


def test_smart_check_prints_the_analysis_as_json(capsys):
    pytest.importorskip("accord.goals.smart", reason="the SMART coach is not in this tree yet")
    cli.main(["smart-check", SMART_GOAL, "--json"])
    result = json.loads(capsys.readouterr().out)
    assert set(result["criteria"]) == {"specific", "measurable", "achievable", "relevant", "time_bound"}
    assert result["criteria"]["measurable"]["met"] is True


def test_smart_check_prints_a_readable_summary_per_criterion(capsys):
    pytest.importorskip("accord.goals.smart", reason="the SMART coach is not in this tree yet")
    cli.main(["smart-check", "I will always be completely calm"])
    printed = capsys.readouterr().out
    for label in ["Specific:", "Measurable:", "Achievable:", "Relevant:", "Time-bound:"]:
        assert label in printed
    assert "Worth a second look:" in printed  # "always", "completely"


# --- the demo, for real ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The README promises a first start in under a minute; CI runs other tests beside this one, hence the margin.
def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"accord demo exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a local URL)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"accord demo did not answer {url} within {timeout}s:\n{log.read_text()}")


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def sign_in(base: str, email: str, password: str):
    """Sign in through the real form, like a browser: fetch the CSRF token, post, follow redirects."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login_url = base + "accounts/login/"
    page = browser.open(login_url, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
    request = urllib.request.Request(login_url, data=form.encode(), headers={"Referer": login_url})  # noqa: S310
    return browser.open(request, timeout=10)


@pytest.mark.slow  # a real install: migrations, the seed and a server in a subprocess (~15 s)
@pytest.mark.e2e  # a real `accord demo` process: CI runs it, the local `-m "not e2e"` run does not
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the demo always runs on its own SQLite file; the SQLite run covers it",
)
def test_accord_demo_serves_the_seeded_practice(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    data_dir = tmp_path / "demo-data"
    log = tmp_path / "demo.log"
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("ACCORD_") and name != "DATABASE_URL"
    }
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), environment.get("PYTHONPATH")]))
    environment["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "accord.cli", "demo", "--port", str(port), "--data-dir", str(data_dir)]
    worker_pid = None
    with log.open("w") as output:
        demo = subprocess.Popen(  # noqa: S603
            command, cwd=tmp_path, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(base + "healthz", demo, log)
        with urllib.request.urlopen(base + "accounts/login/", timeout=10) as login_page:  # noqa: S310
            assert login_page.status == 200
            policy = login_page.headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy

        landing = sign_in(base, "tess@riverside.example", DEMO_PASSWORD)
        assert landing.status == 200
        assert urllib.parse.urlparse(landing.url).path == "/clients/"  # Tess's home: her clients
        assert "Cam" in landing.read().decode()

        printed = log.read_text()
        assert DEMO_PASSWORD in printed and "tess@riverside.example" in printed and base in printed
        assert stat.S_IMODE((data_dir / "secret_key").stat().st_mode) == 0o600
        assert (data_dir / "accord.sqlite3").exists()
        worker_pid = int(re.search(r"Background worker started \(pid (\d+)\)", printed).group(1))
        assert is_running(worker_pid)
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
    deadline = time.monotonic() + 10
    while worker_pid and is_running(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not is_running(worker_pid), "the worker outlived the demo"
