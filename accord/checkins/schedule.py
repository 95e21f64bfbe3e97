"""When check-ins fall due: a weekly rhythm in the client's own time zone, turned into UTC instants.

Pure Python. The day and the wall-clock time stay fixed in the client's zone, so 18:00 on Sunday stays
18:00 on Sunday across a daylight-saving change (its UTC instant moves by an hour instead).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = dt.UTC


@dataclass(frozen=True)
class Rhythm:
    every_weeks: int
    weekday: int  # Monday = 0
    time_of_day: dt.time
    time_zone: str
    starts_on: dt.date

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def first_day(self) -> dt.date:
        return self.starts_on + dt.timedelta(days=(self.weekday - self.starts_on.weekday()) % 7)

    def due_at(self, day: dt.date) -> dt.datetime:
        """The UTC instant of the check-in on local ``day``."""
        local = dt.datetime.combine(day, self.time_of_day, tzinfo=self.zone)
        # Round-tripping through UTC normalises a wall-clock time that a spring-forward gap skipped.
        return local.astimezone(UTC)

    def due_between(self, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
        """Due instants in [start, end), oldest first."""
        step = dt.timedelta(weeks=self.every_weeks)
        day = self.first_day()
        local_start = start.astimezone(self.zone).date()
        if day < local_start - step:
            skip = (local_start - day).days // step.days - 1
            day += step * max(skip, 0)
        while True:
            instant = self.due_at(day)
            if instant >= end:
                return
            if instant >= start:
                yield instant
            day += step

    def next_due(self, after: dt.datetime) -> dt.datetime:
        return next(self.due_between(after, after + dt.timedelta(weeks=self.every_weeks + 1)))

    def upcoming(self, after: dt.datetime, count: int) -> list[dt.datetime]:
        found: list[dt.datetime] = []
        cursor = after
        while len(found) < count:
            cursor = self.next_due(cursor)
            found.append(cursor)
            cursor += dt.timedelta(seconds=1)
        return found
