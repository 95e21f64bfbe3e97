"""A worker-side schedule: a thread that runs one small job now and then every ``interval`` seconds.

The worker runs one per job (the reminder scan, the daily housekeeping). A failing round — the database may be
restarting — is logged by its error's class only (no data from the job can reach the log) and tried again the
next round, so the schedule never ends by itself.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

from django.db import DatabaseError, close_old_connections, connection

logger = logging.getLogger(__name__)


class RepeatingSchedule(threading.Thread):
    def __init__(self, *, name: str, interval: float, job: Callable[[], object], what: str):
        super().__init__(name=name, daemon=True)
        self.interval = interval
        self.job = job
        self.what = what
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                self.job()
            except Exception as error:
                logger.warning("Could not queue %s (%s); trying again.", self.what, type(error).__name__)
            finally:
                with contextlib.suppress(DatabaseError):
                    connection.close()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()


# Schedules of apps above ``checkins`` (whose worker command starts them): each app registers a factory in
# its ``AppConfig.ready`` (as a lower app tells a higher one through a signal), and ``accord worker`` starts
# one of each beside the reminder scan and the housekeeping.
_registered: dict[str, Callable[[], RepeatingSchedule]] = {}


def register(name: str, factory: Callable[[], RepeatingSchedule]) -> None:
    _registered[name] = factory


def registered() -> list[Callable[[], RepeatingSchedule]]:
    return list(_registered.values())
