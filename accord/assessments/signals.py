"""What an assessment action announces to the apps built on assessments, and what it asks of them.

``measure_recorded`` is a Django signal, sent inside the action's transaction; ``accord.checkins`` connects
its receiver in ``AppConfig.ready`` and records the win. ``held_back_wins`` is how the therapist's "mark the
improvement" action reaches the win that was held back beside a safety alert: ``accord.checkins`` (which
owns wins) fills it in, in the same ``ready``, since ``assessments`` sits below it and cannot import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.dispatch import Signal

measure_recorded = Signal()  # response: MeasureResponse, just stored


@dataclass
class HeldBackWins:
    to_mark: Callable[[Any], bool]  # a reliable improvement of this response, not celebrated yet?
    mark: Callable[[Any], Any]  # celebrate it now; None if it is no improvement or already celebrated


def _not_connected(response: Any) -> Any:
    raise RuntimeError("accord.checkins is not installed: nothing records wins.")


held_back_wins = HeldBackWins(to_mark=_not_connected, mark=_not_connected)
