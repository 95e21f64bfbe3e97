"""Marking the coach's user-facing strings for translation."""

from __future__ import annotations

import sys


def gettext_noop(message: str) -> str:
    """A stand-in for Django's gettext_noop: the coach is plain Python and Django translates at the edges."""
    return message


def _(message: str) -> str:
    """Mark a user-facing string for translation. Every module of the package calls the package's `_` through
    here, so there is one marker to replace (a test swaps `accord.goals.smart._` to prove every line
    is marked)."""
    package = sys.modules.get("accord.goals.smart")
    marker = getattr(package, "_", None)
    return marker(message) if marker is not None and marker is not _ else message
