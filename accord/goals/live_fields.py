"""The rules of the live draft (issue 15) that need no database: which builder fields two people share while
they type, how long a typed value may be, and when two changes to one field can be merged.

A draft holds what is typed, not what is valid: the builder's save runs everything through
``GoalBuilderForm`` as before. The limits here only keep a draft bounded; they are twice the form's, so
someone typing past a limit (the counter says by how much) still shares what they typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Value = str | list[str]
Kind = Literal["text", "list"]

# A typed value may be this many times the form's own limit before the draft refuses it.
SLACK = 2


@dataclass(frozen=True)
class LiveField:
    kind: Kind
    max_chars: int  # of the text, or of each item of a list
    max_items: int = 0  # lists only


def _text(max_chars: int) -> LiveField:
    return LiveField("text", max_chars * SLACK)


def _list(max_chars: int, max_items: int) -> LiveField:
    return LiveField("list", max_chars * SLACK, max_items * SLACK)


# Every field of a goal version (``actions.VERSION_FIELDS``), by its name in the builder. Not shared: the
# client's own words (only the client writes them), each person's ratings, and the reason for a save.
LIVE_FIELDS: dict[str, LiveField] = {
    "statement": _text(1000),
    "life_area": _text(20),
    "theme_ids": _list(20, 50),
    "measure_kind": _text(20),
    "unit": _text(60),
    "baseline": _text(30),
    "target": _text(30),
    "direction": _text(10),
    "scale_min": _text(30),
    "scale_max": _text(30),
    "target_date": _text(10),
    "review_every_weeks": _text(10),
    "milestones": _list(300, 15),
    "action_steps": _list(300, 15),
    "gas_plus_2": _text(500),
    "gas_plus_1": _text(500),
    "gas_0": _text(500),
    "gas_minus_1": _text(500),
    "gas_minus_2": _text(500),
    "gas_baseline_level": _text(5),
}


def too_long(name: str, value: Value) -> bool:
    """Whether ``value`` is more than the draft keeps for field ``name`` (a known field)."""
    spec = LIVE_FIELDS[name]
    if spec.kind == "text":
        return not isinstance(value, str) or len(value) > spec.max_chars
    return (
        not isinstance(value, list)
        or len(value) > spec.max_items
        or any(len(item) > spec.max_chars for item in value)
    )


def typed_list(items: list[str]) -> list[str]:
    """A step or theme list as the draft keeps it: the rows with something in them, in order."""
    return [item for item in items if item.strip()]


def merge(kind: Kind, base: Value | None, mine: Value, theirs: Value) -> Value | None:
    """The value of a field that two people changed at once: ``base`` is what ``mine`` was typed on,
    ``theirs`` what the other person saved to the draft meanwhile. None when only a person can choose.

    Safe merges: the same change on both sides; one side that did not really change anything; and for
    lists (steps, themes), rows added or removed on either side, which never touch each other's rows."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    if kind == "list" and isinstance(base, list) and isinstance(mine, list) and isinstance(theirs, list):
        return merge_lists(base, mine, theirs)
    return None


def merge_lists(base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    """Their rows in their order, less the rows I removed, then the rows I added that they have not."""
    removed_by_me = [item for item in base if item not in mine]
    added_by_me = [item for item in mine if item not in base and item not in theirs]
    return [item for item in theirs if item not in removed_by_me] + added_by_me
