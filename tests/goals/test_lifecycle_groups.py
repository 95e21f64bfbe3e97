"""A goal's lifecycle statuses are grouped once (accord.goals.models): open, closed, or set aside."""

from accord.goals.models import (
    CLOSED_LIFECYCLE,
    IN_PLAY_LIFECYCLE,
    OPEN_LIFECYCLE,
    SET_ASIDE_LIFECYCLE,
    TRACKED_LIFECYCLE,
    Goal,
    LifecycleStatus,
)


def test_every_status_is_in_exactly_one_group():
    groups = (OPEN_LIFECYCLE, CLOSED_LIFECYCLE, SET_ASIDE_LIFECYCLE)
    for status in LifecycleStatus:
        assert sum(status in group for group in groups) == 1, status


def test_declined_is_neither_open_nor_closed():
    declined = Goal(lifecycle_status=LifecycleStatus.REJECTED)
    assert not declined.is_open and not declined.is_closed


def test_the_narrower_groups_sit_inside_the_wider_ones():
    assert set(IN_PLAY_LIFECYCLE) <= set(OPEN_LIFECYCLE)
    assert not set(TRACKED_LIFECYCLE) & set(SET_ASIDE_LIFECYCLE)
