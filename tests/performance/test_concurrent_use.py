"""Issue 9's short load run: `accord serve` on SQLite, 8 clients writing (check-ins and messages through the
API) and 8 therapists reading client pages for 10 s in CI (.ci/run sets ``LOAD_TEST_SECONDS=10``; 3 s by
default, so the local suite stays fast; set it higher to soak). No errors, no 5xx, and every write the server
acknowledged is there afterwards. The long version is `python bench/load.py` (docs/performance.md)."""

from __future__ import annotations

import os

import pytest

from bench.harness import free_port
from bench.load import run

SECONDS = float(os.environ.get("LOAD_TEST_SECONDS", "3"))


@pytest.mark.e2e  # a real `accord serve` under load: CI runs it, the local `-m "not e2e"` run does not
@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="SQLite's write lock; runs in the SQLite pass"
)
def test_eight_writers_and_eight_readers_on_sqlite_see_no_error_and_lose_nothing(tmp_path):
    log = (tmp_path / "server.log").open("w")
    tally, missing = run(
        writers=8, readers=8, seconds=SECONDS, data_dir=tmp_path, port=free_port(), database_url=None, log=log
    )
    log.close()
    assert tally.errors == []
    assert {status: n for status, n in tally.statuses.items() if status >= 500} == {}
    assert len(tally.acknowledged_checkins) > 0 and len(tally.acknowledged_messages) > 0
    assert tally.statuses[200] > 0  # the readers were served
    assert missing == []
