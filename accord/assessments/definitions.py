"""What an instrument definition holds, once loaded: immutable values the rest of Accord reads.

The JSON file format and its checks are in ``definition_files``; loading and the registry in ``registry``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.utils.translation import get_language

KINDS = ("choice", "scale", "text", "list")
SEVERITIES = ("safety", "warning", "info")
AUDIENCES = ("client", "therapist")
# Intake answers that goals can later link to ("Relevant" in SMART): PRODUCT.md §2.1.
CATEGORIES = ("strength", "need", "value")
SCORING_METHODS = ("sum", "none")

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
EQUALITY_OPERATORS = ("==", "!=")


class InstrumentDefinitionError(ValueError):
    """A definition file is unreadable or malformed. The message names the file and the field."""

    def __init__(self, source: str, field_path: str, problem: str) -> None:
        self.source = source
        self.field = field_path
        self.problem = problem
        super().__init__(f"{source}: {field_path}: {problem}" if field_path else f"{source}: {problem}")


def is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true must not count as 1


# --- the definitions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One answer to a choice item, or an anchor label on a scale."""

    value: int | str
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    kind: str  # one of KINDS
    scored: bool = False
    required: bool = False
    options: tuple[Option, ...] = ()
    min: int | None = None  # scale items only
    max: int | None = None
    anchors: tuple[Option, ...] = ()
    help: str = ""
    category: str | None = None  # one of CATEGORIES, for intake lists

    @property
    def values(self) -> tuple[int | str, ...]:
        return tuple(option.value for option in self.options)

    @property
    def is_numeric(self) -> bool:
        """True when answers are integers, so they can be summed and compared with < and >."""
        return self.kind == "scale" or (
            self.kind == "choice" and all(is_whole_number(v) for v in self.values)
        )

    def lowest(self) -> int:
        if self.min is not None:
            return self.min
        return min(int(value) for value in self.values)

    def highest(self) -> int:
        if self.max is not None:
            return self.max
        return max(int(value) for value in self.values)

    def label_for(self, value: int | str) -> str:
        return next((option.label for option in self.options if option.value == value), "")


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    key: str
    label: str

    def covers(self, total: int) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class Rule:
    op: str  # one of OPERATORS
    value: int | str

    def matches(self, answer: int | str) -> bool:
        return OPERATORS[self.op](answer, self.value)


@dataclass(frozen=True)
class Flag:
    key: str
    item: str
    rule: Rule
    severity: str  # one of SEVERITIES
    message: str  # for the therapist
    note: str = ""  # context the UI shows with the flag, e.g. "item 9 is a screen, not a risk assessment"


@dataclass(frozen=True)
class Scoring:
    method: str  # "sum" or "none" (answers are kept side by side, as in the readiness ruler)
    items: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    lower_is_better: bool = True


@dataclass(frozen=True)
class Loinc:
    panel: str | None = None
    total: str | None = None
    items: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    title: str
    short_title: str
    description: str
    licence: str
    audience: str
    validated: bool
    items: tuple[Item, ...]
    scoring: Scoring
    bands: tuple[Band, ...] = ()
    flags: tuple[Flag, ...] = ()
    loinc: Loinc | None = None
    recall_period: str | None = None
    stem: str = ""
    language: str = "en"  # of the wording; never translated by Accord (docs/languages.md)
    source: str = field(default="", compare=False)  # the file it came from, for messages
    client_description: str = ""  # what a client reads; the description when empty

    @property
    def for_client(self) -> str:
        """The description in the words a client reads (no instrument notes: those are the therapist's)."""
        return self.client_description or self.description

    @property
    def in_another_language(self) -> bool:
        """The page is in a language this instrument's wording is not. The wording is shown as it is, with
        a note: a validated questionnaire is only valid in its published words, never a home-made
        translation (PHQ-9 and GAD-7 stay in English until the published Spanish wording is checked)."""
        return (get_language() or "en").split("-")[0] != self.language

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"{self.key} has no item {key!r}")

    def band_for(self, total: int) -> Band | None:
        return next((band for band in self.bands if band.covers(total)), None)
