"""The live draft's rules without a database (accord/goals/live_fields.py): what two changes to one field
at once become."""

from __future__ import annotations

import pytest

from accord.goals.actions import VERSION_FIELDS
from accord.goals.live_fields import LIVE_FIELDS, merge, too_long, typed_list


def test_every_field_of_a_version_is_shared_live_and_nothing_else():
    assert set(LIVE_FIELDS) == set(VERSION_FIELDS)


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged"),
    [
        ("", "walks", "walks", "walks"),  # the same change on both sides
        ("walks", "outings", "walks", "outings"),  # they changed nothing in the end
        ("walks", "walks", "outings", "outings"),  # I changed nothing
        ("", "outings", "walks", None),  # two different texts: a person chooses
        (None, "outings", "walks", None),  # what mine was typed on is not known
    ],
)
def test_text_merges_only_when_one_side_did_not_really_change_it(base, mine, theirs, merged):
    assert merge("text", base, mine, theirs) == merged


def test_rows_added_and_removed_on_both_sides_are_put_together():
    base = ["Walk to the corner", "Walk to the park"]
    mine = ["Walk to the park", "Walk with a friend"]  # removed the first, added one
    theirs = ["Walk to the corner", "Walk to the park", "Walk in the rain"]  # added one
    assert merge("list", base, mine, theirs) == ["Walk to the park", "Walk in the rain", "Walk with a friend"]


def test_limits_are_twice_the_forms_and_blank_rows_do_not_count():
    assert not too_long("statement", "x" * 2000)
    assert too_long("statement", "x" * 2001)
    assert too_long("statement", ["not", "text"])
    assert too_long("milestones", ["x"] * 31)
    assert too_long("milestones", "not a list")
    assert typed_list(["One", " ", "", "Two"]) == ["One", "Two"]
