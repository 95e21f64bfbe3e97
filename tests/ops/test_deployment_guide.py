"""docs/deployment.md, followed literally on a fresh PostgreSQL database, so the guide cannot drift.

The blocks marked ``<!-- deployment-test -->`` run in one bash shell, in order, as the guide says to run
them (as root, in one shell). The only changes are the ones a test machine needs, listed in ``rewrite``:
unique role and database names, temporary folders instead of /etc and /srv, this virtualenv's `accord`,
psql and the ``accord`` user without sudo, and a free port. Then the block marked ``serve`` starts the server
and the practice's first admin signs in through it, as the proxy would pass the request on.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import urllib.parse
from pathlib import Path

import dj_database_url
import pytest

from tests.ops.helpers import free_port, http_get, wait_for_health

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "deployment.md"
ADMIN_PASSWORD = "a long admin passphrase 2026"
SITE = "accord.example.org"
MARKER = re.compile(r"<!-- deployment-test(?:: (?P<name>\w+))? -->\n```sh\n(?P<body>.*?)```", re.DOTALL)


def guide_blocks() -> tuple[list[str], str]:
    setup, serve = [], None
    for match in MARKER.finditer(GUIDE.read_text()):
        if match["name"] == "serve":
            serve = match["body"]
        else:
            setup.append(match["body"])
    assert len(setup) >= 4 and serve, "docs/deployment.md lost its marked blocks"
    return setup, serve


def rewrite(script: str, *, suffix: str, root: Path, port: int, pg: dict) -> str:
    venv_bin = Path(sys.executable).parent
    replacements = [
        ("accord_owner", f"accord_owner_{suffix}"),
        ("accord_app", f"accord_app_{suffix}"),
        ("accord_db", f"accord_db_{suffix}"),
        ("/srv/accord/venv/bin/", f"{venv_bin}/"),
        ("/etc/accord", str(root / "etc")),
        ("/srv/accord", str(root / "srv")),
        ("sudo -u postgres psql", "psql"),
        ("sudo -u accord --preserve-env=ADMIN_PASSWORD ", ""),
        ("sudo -u accord ", ""),
        (" -o accord -g accord", ""),
        (" -g accord", ""),
        ("127.0.0.1:5432", f"{pg['HOST']}:{pg['PORT']}"),
        ("--port 8000", f"--port {port} --workers 1"),
    ]
    for old, new in replacements:
        script = script.replace(old, new)
    assert "sudo" not in script, script
    return script


def systemd_environment_file(path: Path) -> dict[str, str]:
    """What systemd's EnvironmentFile= makes of the file (comments only at a line's start; quotes removed)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        name, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        values[name.strip()] = value
    return values


def shell_environment_file(path: Path) -> dict[str, str]:
    """What `set -a; . FILE; set +a` makes of it."""
    names = systemd_environment_file(path)
    output = subprocess.run(  # noqa: S603
        [
            "bash",
            "-c",
            'set -a; . "$1"; set +a; for n in "${@:2}"; do printf "%s=%s\\0" "$n" "${!n}"; done',
            "-",
        ]
        + [str(path), *names],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ["PATH"]},
    ).stdout
    return dict(item.split("=", 1) for item in output.split("\0") if item)


def psql(pg: dict, *args: str, database: str = "postgres", check: bool = True, user: str | None = None):
    return subprocess.run(  # noqa: S603
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg["HOST"], "-p", str(pg["PORT"]), "-d", database]
        + ["-U", user or pg["USER"], *args],
        capture_output=True,
        text=True,
        check=check,
    )


@pytest.fixture
def fresh_cluster_names():
    pg = dj_database_url.parse(os.environ["DATABASE_URL"])
    suffix = f"guide{os.getpid()}"
    yield pg, suffix
    psql(pg, "-c", f'DROP DATABASE IF EXISTS "accord_db_{suffix}" WITH (FORCE)', check=False)
    for role in (f"accord_app_{suffix}", f"accord_owner_{suffix}"):
        psql(pg, "-c", f'DROP ROLE IF EXISTS "{role}"', check=False)


def sign_in(port: int, email: str, password: str) -> http.client.HTTPResponse:
    """The login form through the server as the TLS proxy would pass it on (Host, X-Forwarded-Proto)."""
    proxy_headers = {"Host": SITE, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    page = http_get(port, "/accounts/login/", proxy_headers)
    assert page.status == 200, page.status
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
    cookies = "; ".join(cookie.split(";")[0] for cookie in page.cookies)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            **proxy_headers,
            "Cookie": cookies,
            "Referer": f"https://{SITE}/accounts/login/",
            "Origin": f"https://{SITE}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    return connection.getresponse()


def test_the_deployment_guide_works_as_written(tmp_path, fresh_cluster_names):
    pg, suffix = fresh_cluster_names
    port = free_port()
    setup, serve = guide_blocks()
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(("ACCORD_", "PG"))
    }
    environment.pop("DATABASE_URL", None)
    # The browser journeys' conftest sets this for Playwright in the test process; a real server never has it
    # (check --deploy rightly refuses it).
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.update(
        ADMIN_PASSWORD=ADMIN_PASSWORD,
        PGHOST=pg["HOST"],
        PGPORT=str(pg["PORT"]),
        PGUSER=pg["USER"],
        PYTHONPATH=str(REPO),
    )
    script = rewrite("\n".join(setup), suffix=suffix, root=tmp_path, port=port, pg=pg)
    done = subprocess.run(  # noqa: S603
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
    )
    assert done.returncode == 0, (
        f"the guide's commands failed:\n{script}\n--- output ---\n{done.stdout}{done.stderr}"
    )
    assert "System check identified no issues" in done.stdout + done.stderr  # `check --deploy`

    # One env file, read the same by the shell and by systemd; the migration URL stays out of it.
    env_file = tmp_path / "etc" / "accord.env"
    assert shell_environment_file(env_file) == systemd_environment_file(env_file)
    settings_seen = systemd_environment_file(env_file)
    assert settings_seen["ACCORD_SITE_URL"] == f"https://{SITE}"
    assert "accord_owner" not in env_file.read_text()
    assert oct(env_file.stat().st_mode & 0o777) == "0o640"
    assert oct((tmp_path / "etc" / "migrate.env").stat().st_mode & 0o777) == "0o600"

    # The app role reads and writes but may not rewrite the audit trail, and owns no table.
    app = f"accord_app_{suffix}"
    database = f"accord_db_{suffix}"
    denied = psql(pg, "-c", "UPDATE audit_auditevent SET id = id", database=database, user=app, check=False)
    assert "permission denied" in denied.stderr
    allowed = psql(pg, "-At", "-c", "SELECT count(*) FROM accounts_practice", database=database, user=app)
    assert allowed.stdout.strip() == "1"

    server_script = rewrite(serve, suffix=suffix, root=tmp_path, port=port, pg=pg)
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            ["bash", "-c", server_script],
            env=environment,
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_health(port, server, log)
        response = sign_in(port, "ada@riverside.example", ADMIN_PASSWORD)
        location = response.getheader("Location", "")
        assert response.status == 302, (response.status, log.read_text())
        assert "/accounts/login/" not in location  # signed in: on to two-factor set-up
        assert any(header.startswith("sessionid=") for header in response.headers.get_all("Set-Cookie"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
