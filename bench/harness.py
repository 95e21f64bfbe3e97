"""Start `accord serve` on a database of its own, seed it, and talk to it like a browser or a script.

Standard library only, so the benchmark measures Accord and not a client library. Used by bench/measure.py,
bench/load.py and the concurrency test in CI (tests/performance/test_concurrent_use.py).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ACCORD = str(Path(sys.executable).with_name("accord"))
DEMO_PASSWORD = "accord-demo-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """`accord serve` as in production, but over plain HTTP on this machine and without required 2FA."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        ACCORD_DATA_DIR=str(data_dir),
        ACCORD_SECRET_KEY="bench-" + "x" * 50,
        ACCORD_REQUIRE_2FA="0",
        ACCORD_SSL_REDIRECT="0",
        ACCORD_SECURE_COOKIES="0",
        ACCORD_HSTS_SECONDS="0",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if "ACCORD_PAGE_CACHE" in os.environ:  # ACCORD_PAGE_CACHE=false measures the pages as built every time
        env["ACCORD_PAGE_CACHE"] = os.environ["ACCORD_PAGE_CACHE"]
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([ACCORD, "manage", *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"accord manage {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def seed(
    env: dict[str, str], *, clients: int, therapists: int, checkins: int, tokens_for: int
) -> dict[str, str]:
    """Migrate, seed the bench practice, and return {email: API token} for the first ``tokens_for`` people."""
    manage(env, "migrate", "-v0")
    out = manage(
        env,
        "seed_bench",
        f"--clients={clients}",
        f"--therapists={therapists}",
        f"--checkins-per-client={checkins}",
        f"--tokens-for={tokens_for}",
    )
    return dict(line.split(" ", 1) for line in out.split("\n") if line.strip())


@dataclass
class Server:
    process: subprocess.Popen
    base: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's worker processes (Linux /proc)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        return total


def start_server(env: dict[str, str], *, port: int, workers: int = 2, log=None) -> Server:
    process = subprocess.Popen(
        [ACCORD, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"accord serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(server.base + "/healthz", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    server.stop()
    raise RuntimeError("accord serve did not answer /healthz within 90 s")


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self):
        return json.loads(self.body)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Caller:
    """One person: an API token, or a browser session with cookies (and its CSRF token)."""

    def __init__(self, base: str, token: str | None = None):
        self.base = base
        self.token = token
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(
        self, method: str, path: str, data=None, *, form: bool = False, timeout: float = 60
    ) -> Response:
        headers = {}
        body = None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if data is not None:
            if form:
                body = urllib.parse.urlencode(data, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                body = json.dumps(data).encode()
                headers["Content-Type"] = "application/json"
        csrf = self.cookie("csrftoken")
        if csrf and method != "GET":
            headers["X-CSRFToken"] = csrf
        req = urllib.request.Request(self.base + path, data=body, headers=headers, method=method)
        try:
            with self.opener.open(req, timeout=timeout) as res:
                return Response(res.status, res.read(), dict(res.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read(), dict(error.headers or {}))

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data, *, form: bool = False) -> Response:
        return self.request("POST", path, data, form=form)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> None:
        """Through allauth's sign-in form, as a browser does."""
        page = self.get("/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if match is None:
            raise RuntimeError(f"no sign-in form ({page.status})")
        done = self.post(
            "/accounts/login/",
            {"login": email, "password": password, "csrfmiddlewaretoken": match.group(1).decode()},
            form=True,
        )
        if done.status != 302 or not self.cookie("sessionid"):
            raise RuntimeError(f"sign-in as {email} failed ({done.status})")
