"""The private iCalendar feed of a client's upcoming check-ins (RFC 5545), written by hand.

Each event says only "Accord check-in" and links to the check-in page: a calendar is often shared with or
seen by others, so nothing about goals or therapy goes into it. Times are written in UTC, one event per
check-in (no repeating rule), so each one falls at the client's own wall-clock time across daylight-saving
changes without needing a VTIMEZONE block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

UTC = dt.UTC
LINE_LIMIT = 75  # octets per line, not counting the CRLF (RFC 5545 §3.1)
EVENT_LENGTH = dt.timedelta(minutes=15)
REFRESH = "PT12H"


def escape_text(value: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines are escaped (§3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, each continuation starting with a space,
    never inside a multi-byte UTF-8 character (§3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_LIMIT - 1  # the leading space takes one octet
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    due_times: Iterable[dt.datetime],
    *,
    uid_prefix: str,
    summary: str,
    calendar_name: str,
    url: str,
    now: dt.datetime,
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Accord//Check-ins//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
        f"NAME:{escape_text(calendar_name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
    ]
    for due in due_times:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_prefix}-{stamp(due)}@accord",
            f"DTSTAMP:{stamp(now)}",
            f"DTSTART:{stamp(due)}",
            f"DTEND:{stamp(due + EVENT_LENGTH)}",
            f"SUMMARY:{escape_text(summary)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
