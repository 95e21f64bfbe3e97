"""Idempotency keys: a form or an API call sent twice makes one thing.

Every action that creates something from a one-time key (a check-in, a questionnaire response, a message,
an agenda item, a goal idea) goes through :func:`once`: the thing an earlier call with the same key made is
returned as it is; otherwise it is created in a savepoint, and if a parallel call with the same key stored
it a moment earlier (the unique constraint on the key fires) that one is returned instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models

from accord import deferred

M = TypeVar("M", bound=models.Model)

# Longer keys are not ours: the key columns hold 64 characters.
MAX_KEY_LENGTH = 64


def clean_key(key: object) -> str | None:
    """A usable text key, or None when none (or one too long to be ours) was sent."""
    text = str(key).strip() if key is not None else ""
    return text if text and len(text) <= MAX_KEY_LENGTH else None


def earlier(made_with_key: models.QuerySet[M] | None) -> M | None:
    """What an earlier call with the same key made, if any (``None`` when the caller sent no key)."""
    return None if made_with_key is None else made_with_key.first()


def once(made_with_key: models.QuerySet[M] | None, create: Callable[[], M]) -> tuple[M, bool]:
    """``(thing, created)``: the earlier thing with this key, or a new one from ``create``.

    ``made_with_key`` finds what this key made (``None`` when no key was sent: then ``create`` always
    runs). ``create`` must store the key on what it makes, under a unique constraint."""
    found = earlier(made_with_key)
    if found is not None:
        return found, False
    if made_with_key is None:
        return create(), True
    try:
        # An action: what its writes ask to be done once (the caseload summary, the data version) is done
        # once, at its end (accord/deferred.py).
        with deferred.action():
            return create(), True
    except IntegrityError:
        # The same form arrived twice at the same moment and the other request stored it.
        found = made_with_key.first()
        if found is None:
            raise
        return found, False
