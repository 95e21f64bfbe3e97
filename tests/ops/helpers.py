"""Small HTTP and process helpers for the tests that run `accord serve` and `accord worker` for real."""

from __future__ import annotations

import http.client
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[str] = field(default_factory=list)


def http_get(port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 30) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return Answer(
            status=response.status,
            body=response.read().decode(errors="replace"),
            headers={name.lower(): value for name, value in response.getheaders()},
            cookies=response.headers.get_all("Set-Cookie") or [],
        )
    finally:
        connection.close()


def wait_for_health(port: int, process, log: Path, timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if http_get(port, "/healthz", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"the server did not answer /healthz within {timeout}s:\n{log.read_text()}")
