"""`accord serve` as an operator runs it: listens on 127.0.0.1 by default, serves collected, hashed,
compressed static files with a far-future cache, and answers a health probe addressed by IP without a
traceback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from accord import cli
from tests.ops.helpers import free_port, http_get, wait_for_health

REPO = Path(__file__).resolve().parents[2]
YEAR_OR_MORE = re.compile(r"max-age=(\d+)")


def test_serve_listens_on_this_machine_only_unless_asked():
    parser = cli.build_parser()
    assert parser.parse_args(["serve"]).host == "127.0.0.1"
    assert parser.parse_args(["serve", "--host", "0.0.0.0"]).host == "0.0.0.0"  # noqa: S104


@pytest.mark.e2e  # a real `accord serve`: CI runs it, the local `-m "not e2e"` run does not
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="static files and probes do not depend on the database; the SQLite run covers it",
)
def test_serve_sends_hashed_compressed_static_files_cached_for_a_year(tmp_path):
    port = free_port()
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("ACCORD_") and name != "DATABASE_URL"
    }
    environment.update(
        PYTHONPATH=str(REPO),
        ACCORD_SECRET_KEY="a-secret-key-for-the-serve-test-only-0123456789abcdef",
        ACCORD_DATA_DIR=str(tmp_path / "data"),
        ACCORD_BEHIND_PROXY="false",
        ACCORD_SSL_REDIRECT="false",
    )
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "accord.cli", "serve", "--port", str(port), "--workers", "1"],
            env=environment,
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_health(port, server, log)
        assert "Listening at: http://127.0.0.1:" in log.read_text()
        probe = http_get(port, "/healthz", {"Host": "10.20.30.40:8000"})
        assert (probe.status, probe.body) == (200, "ok")

        page = http_get(port, "/accounts/login/", {"Host": "localhost"})
        stylesheet = re.search(r'href="(/static/accord/accord\.[0-9a-f]{12}\.css)"', page.body)
        assert stylesheet, page.body[:2000]
        css = http_get(port, stylesheet.group(1), {"Accept-Encoding": "gzip"})
        assert css.status == 200
        assert css.headers.get("content-encoding") == "gzip"
        cache = css.headers["cache-control"]
        assert "immutable" in cache and int(YEAR_OR_MORE.search(cache).group(1)) >= 365 * 24 * 3600
        assert (tmp_path / "data" / "static" / "staticfiles.json").exists()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text()
