"""A database restart (every connection of the app terminated, as a restart or failover does) costs at most
the requests in flight: `accord serve` answers every later request without a 5xx, `/healthz` recovers by
itself, and `accord worker` keeps running and sending (issue 16, point 1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connections

from tests.ops.helpers import free_port, http_get, wait_for_health

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[2]
ALIAS = "restart_test"
LOAD_SECONDS = 6
GRACE_SECONDS = 1.0  # requests in flight at the moment of the restart may fail


def close_everything() -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()


def admin_sql(sql: str, params: list | None = None):
    """On the maintenance database, so no session holds the databases being copied or dropped."""
    default = connections["default"].settings_dict
    with psycopg.connect(
        host=default["HOST"],
        port=default["PORT"] or 5432,
        user=default["USER"],
        password=default["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        return admin.execute(sql, params).fetchall() if params is not None else admin.execute(sql)


@pytest.fixture
def own_database(transactional_db, django_db_blocker):
    """A copy of the migrated test database that the servers and the test reach under ALIAS."""
    default = connections["default"].settings_dict
    name = f"accord_restart_{os.getpid()}"
    with django_db_blocker.unblock():
        close_everything()
        admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{default["NAME"]}"')
        connections.settings[ALIAS] = {**default, "NAME": name}
    url = f"postgres://{default['USER']}@{default['HOST']}:{default['PORT']}/{name}"
    try:
        yield url
    finally:
        with django_db_blocker.unblock():
            connections[ALIAS].close()
            if hasattr(connections[ALIAS], "close_pool"):
                connections[ALIAS].close_pool()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def enqueue_probe(number: int) -> None:
    from django_tasks_db.models import DBTaskResult

    from tests.ops.tasks import send_probe_email

    DBTaskResult.objects.using(ALIAS).create(
        id=str(uuid.uuid4()),
        args_kwargs={"args": [number], "kwargs": {}},
        priority=send_probe_email.priority,
        task_path=send_probe_email.module_path,
        queue_name=send_probe_email.queue_name,
        run_after=None,
        backend_name="default",
    )


def wait_for_emails(outbox: Path, count: int, worker, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if outbox.exists() and len(list(outbox.iterdir())) >= count:
            return
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log.read_text()}")
        time.sleep(0.2)
    pytest.fail(f"the worker sent fewer than {count} emails within {timeout}s:\n{log.read_text()}")


def terminate_app_connections(database: str) -> int:
    return admin_sql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        [database],
    )[0][0]


def start(command: list[str], environment: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "accord.cli", *command],
            env=environment,
            cwd=log.parent,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_database_restart_fails_at_most_the_requests_in_flight(tmp_path, own_database, django_db_blocker):
    port = free_port()
    environment = {name: value for name, value in os.environ.items() if not name.startswith("ACCORD_")}
    environment.update(
        DATABASE_URL=own_database,
        PYTHONPATH=str(REPO),
        ACCORD_SECRET_KEY="a-secret-key-for-the-database-restart-test-0123456789",
        ACCORD_DATA_DIR=str(tmp_path / "data"),
        ACCORD_ALLOWED_HOSTS="127.0.0.1",
        ACCORD_BEHIND_PROXY="false",
        ACCORD_SSL_REDIRECT="false",
        ACCORD_SITE_URL="https://accord.example.org",
        ACCORD_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    )
    outbox = tmp_path / "data" / "outbox"
    server_log, worker_log = tmp_path / "serve.log", tmp_path / "worker.log"
    server = start(["serve", "--port", str(port), "--workers", "2"], environment, server_log)
    worker = start(["worker", "--interval", "0.2"], environment, worker_log)
    try:
        wait_for_health(port, server, server_log)
        for _ in range(8):  # every server process holds pooled connections by now
            assert http_get(port, "/accounts/login/").status == 200
        with django_db_blocker.unblock():
            enqueue_probe(1)
            wait_for_emails(outbox, 1, worker, worker_log)

            database = connections.settings[ALIAS]["NAME"]
            assert terminate_app_connections(database) >= 2  # the servers' and the worker's
            restarted = time.monotonic()
            answers = []
            while time.monotonic() - restarted < LOAD_SECONDS:
                for path in ("/accounts/login/", "/healthz"):
                    try:
                        status = http_get(port, path, timeout=10).status
                    except OSError as error:
                        status = f"no answer ({type(error).__name__})"
                    answers.append((round(time.monotonic() - restarted, 2), path, status))

            late_failures = [
                answer
                for answer in answers
                if answer[0] > GRACE_SECONDS and not (isinstance(answer[2], int) and answer[2] < 500)
            ]
            assert not late_failures, f"{late_failures}\n{server_log.read_text()}"
            assert http_get(port, "/healthz").body == "ok"

            connections[ALIAS].close()  # the test's own connection was terminated too
            enqueue_probe(2)
            wait_for_emails(outbox, 2, worker, worker_log)
        assert worker.poll() is None, "the worker exited after the database restart"
    finally:
        stop(server)
        stop(worker)
    logs = server_log.read_text() + worker_log.read_text()
    assert "Traceback" not in logs, logs
