"""Private iCalendar feeds (RFC 5545), written with the ``icalendar`` library: a client's upcoming check-ins
(here) and a therapist's sessions (``accord.appointments``).

Each event says only what it is ("Accord check-in", "Session") and links to the page: a calendar is often
shared with or seen by others, so nothing about goals, therapy or the client goes into it. Times are written
in UTC, one event per occurrence (no repeating rule), so each one falls at the right wall-clock time across
daylight-saving changes without needing a VTIMEZONE block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event, vDuration, vText
from icalendar.parser import Contentline

UTC = dt.UTC
EVENT_LENGTH = dt.timedelta(minutes=15)
REFRESH = dt.timedelta(hours=12)


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    url: str
    busy: bool = False  # a check-in leaves the time free; a session does not


def escape_text(value: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines are escaped (§3.3.11)."""
    return vText(value).to_ical().decode()


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets, each continuation starting with a space,
    never inside a multi-byte UTF-8 character (§3.1)."""
    return Contentline(line).to_ical().decode()


def feed(events: Iterable[FeedEvent], *, product: str, calendar_name: str, now: dt.datetime) -> bytes:
    """The whole feed, CRLF line ends, folded."""
    cal = Calendar()
    cal.add("prodid", f"-//Accord//{product}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    cal.add("name", calendar_name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    stamp = now.astimezone(UTC)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(UTC))
        event.add("dtend", item.ends_at.astimezone(UTC))
        event.add("summary", item.summary)
        event.add("url", item.url)
        event.add("transp", "OPAQUE" if item.busy else "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def calendar(
    due_times: Iterable[dt.datetime],
    *,
    uid_prefix: str,
    summary: str,
    calendar_name: str,
    url: str,
    now: dt.datetime,
) -> str:
    """The client's check-ins feed: one 15-minute, free-time event per due check-in."""
    events = (
        FeedEvent(
            uid=f"{uid_prefix}-{due.astimezone(UTC):%Y%m%dT%H%M%SZ}@accord",
            starts_at=due,
            ends_at=due + EVENT_LENGTH,
            summary=summary,
            url=url,
        )
        for due in due_times
    )
    return feed(events, product="Check-ins", calendar_name=calendar_name, now=now).decode()
