"""The intake's questions grouped into short screens (one group per screen works best on a phone).

The grouping is presentation, so it lives here rather than in the definition file. A question that a newer
version of the intake adds and no group names is shown on the last screen, so nothing is ever left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.assessments.registry import Instrument, Item

GROUPS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (_("What brings you here"), ("what_brings_you", "hopes")),
    (_("Your strengths and what matters to you"), ("strengths", "values")),
    (_("What's hard, and who helps"), ("challenges", "supports")),
    (_("Therapy before"), ("previous_therapy", "previous_therapy_details")),
    (_("Ready for change"), ("importance", "confidence")),
)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    items: tuple[Item, ...]

    def answered(self, answers: dict) -> int:
        return sum(1 for item in self.items if answers.get(item.key) not in (None, "", []))

    def is_done(self, answers: dict) -> bool:
        return self.answered(answers) == len(self.items)


def intake_steps(instrument: Instrument) -> list[Step]:
    by_key = {item.key: item for item in instrument.items}
    grouped = [(title, [by_key[key] for key in keys if key in by_key]) for title, keys in GROUPS]
    named = {key for _title, keys in GROUPS for key in keys}
    leftovers = [item for item in instrument.items if item.key not in named]
    if leftovers:
        grouped[-1][1].extend(leftovers)
    groups = [(title, items) for title, items in grouped if items]
    return [Step(number, str(title), tuple(items)) for number, (title, items) in enumerate(groups, start=1)]
