"""Check-in due times: the client's own zone, weekly rhythm, daylight-saving changes."""

import datetime as dt

from accord.checkins.schedule import Rhythm

UTC = dt.UTC


def london_sundays_at_six():
    return Rhythm(
        every_weeks=1,
        weekday=6,
        time_of_day=dt.time(18, 0),
        time_zone="Europe/London",
        starts_on=dt.date(2026, 3, 1),
    )


def test_due_time_is_local_wall_clock_across_the_spring_change():
    rhythm = london_sundays_at_six()
    due = list(rhythm.due_between(dt.datetime(2026, 3, 20, tzinfo=UTC), dt.datetime(2026, 4, 6, tzinfo=UTC)))
    # 22 March is GMT (18:00 UTC); 29 March and 5 April are BST (17:00 UTC). Always 18:00 in London.
    assert due == [
        dt.datetime(2026, 3, 22, 18, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 29, 17, 0, tzinfo=UTC),
        dt.datetime(2026, 4, 5, 17, 0, tzinfo=UTC),
    ]
    assert all(d.astimezone(rhythm.zone).hour == 18 for d in due)


def test_autumn_change_neither_duplicates_nor_skips_a_week():
    rhythm = Rhythm(1, 6, dt.time(1, 30), "America/New_York", dt.date(2026, 10, 1))
    due = list(
        rhythm.due_between(dt.datetime(2026, 10, 25, tzinfo=UTC), dt.datetime(2026, 11, 16, tzinfo=UTC))
    )
    # 1 November 01:30 happens twice in New York; it is still one check-in.
    assert [d.astimezone(rhythm.zone).date() for d in due] == [
        dt.date(2026, 10, 25),
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 8),
        dt.date(2026, 11, 15),
    ]


def test_fortnightly_rhythm_counts_from_the_first_day():
    rhythm = Rhythm(2, 0, dt.time(9, 0), "UTC", dt.date(2026, 1, 1))  # first Monday: 5 January
    due = list(rhythm.due_between(dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 2, 10, tzinfo=UTC)))
    assert [d.date() for d in due] == [dt.date(2026, 1, 5), dt.date(2026, 1, 19), dt.date(2026, 2, 2)]


def test_a_long_way_after_the_start_keeps_the_same_phase():
    rhythm = Rhythm(2, 0, dt.time(9, 0), "UTC", dt.date(2026, 1, 1))
    after = dt.datetime(2026, 12, 1, tzinfo=UTC)
    upcoming = rhythm.upcoming(after, 3)
    assert all((d.date() - dt.date(2026, 1, 5)).days % 14 == 0 for d in upcoming)
    assert upcoming[0] > after and upcoming == sorted(upcoming)
