"""Work an action does once at its end, however many of its writes asked for it.

A goal action saves its goal two or three times (created, given its first version, accepted …) and each save
asks for the client's caseload summary to be recomputed (``accord.appointments.summary``): five queries
each, the same result every time but the last. Inside :func:`action` such work is noted under a key
(``once_at_end``) and done once, as the action's last step inside its transaction, so what is stored when
the action commits is exactly what the per-save refreshes left behind. Outside an action (a script, the
admin, a receiver of someone else's save) the work is done at once, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

# The work noted by the actions running in this thread or task, by key; None when no action is running.
_pending: ContextVar[dict[Hashable, Callable[[], object]] | None] = ContextVar(
    "accord_deferred", default=None
)


def once_at_end(key: Hashable, work: Callable[[], object]) -> None:
    """Do ``work`` at the end of the running action (once per ``key``), or now when no action runs."""
    pending = _pending.get()
    if pending is None:
        work()
    else:
        pending[key] = work


def in_action() -> bool:
    """Whether an action is running here (its end-of-action work not yet done)."""
    return _pending.get() is not None


@contextmanager
def _collecting() -> Iterator[None]:
    if _pending.get() is not None:  # an action inside an action: the outer one does the work
        yield
        return
    pending: dict[Hashable, Callable[[], object]] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    # Only after a normal end (an exception skips this and rolls the transaction back): each piece of work
    # in the order first asked for; work that asks for more work does it at once.
    for work in pending.values():
        work()


@contextmanager
def action() -> Iterator[None]:
    """``transaction.atomic`` for an action whose end-of-action work (``once_at_end``) runs inside it."""
    with transaction.atomic(), _collecting():
        yield
