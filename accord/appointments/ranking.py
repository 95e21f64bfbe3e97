"""The caseload's ranking rule: who needs attention first, and why, in words (docs/caseload.md).

Pure: no database. ``reasons_for`` turns a client's summary counts into reasons, most serious first;
``rank_key`` orders clients by those counts compared in the order of seriousness (a safety alert before any
number of stalled goals, and so on), then by the next session (soonest first), then by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A check-in counts as missed one day after it fell due (the client may be a little late).
MISSED_GRACE = dt.timedelta(days=1)
# Missed check-ins become a reason from this many on (one missed week is ordinary life).
MISSED_FROM = 2
MISSED_CAP = 12

# The reasons, most serious first: their order *is* the ranking rule.
SAFETY = "safety_alert"
# No summary row yet (a client from before the summary existed, until the worker or
# ``accord manage refresh_summaries`` writes one): unknown is not "on track".
NOT_SUMMARISED = "not_summarised"
STALLED = "stalled"
FALLING_CONFIDENCE = "falling_confidence"
WAITING = "proposal_waiting"
DIVERGENCE = "divergence"
MISSED = "missed_checkins"
BEHIND = "behind"
ORDER = (SAFETY, NOT_SUMMARISED, STALLED, FALLING_CONFIDENCE, WAITING, DIVERGENCE, MISSED, BEHIND)


@dataclass(frozen=True)
class Counts:
    safety_alerts_open: int = 0
    not_summarised: int = 0
    stalled_goals: int = 0
    falling_confidence_goals: int = 0
    waiting_for_therapist: int = 0
    diverging_goals: int = 0
    missed_checkins: int = 0
    behind_goals: int = 0

    def by_code(self) -> dict[str, int]:
        missed = self.missed_checkins if self.missed_checkins >= MISSED_FROM else 0
        return {
            SAFETY: self.safety_alerts_open,
            NOT_SUMMARISED: self.not_summarised,
            STALLED: self.stalled_goals,
            FALLING_CONFIDENCE: self.falling_confidence_goals,
            WAITING: self.waiting_for_therapist,
            DIVERGENCE: self.diverging_goals,
            MISSED: missed,
            BEHIND: self.behind_goals,
        }


@dataclass(frozen=True)
class Reason:
    code: str
    count: int
    text: str


def _text(code: str, n: int) -> str:
    if code == SAFETY:
        return ngettext("safety alert, unacknowledged", "%(n)d safety alerts, unacknowledged", n) % {"n": n}
    if code == NOT_SUMMARISED:
        return _("not summarised yet — open the client to see how they are doing")
    if code == STALLED:
        return ngettext("%(n)d goal stalled", "%(n)d goals stalled", n) % {"n": n}
    if code == FALLING_CONFIDENCE:
        return ngettext("confidence falling on %(n)d goal", "confidence falling on %(n)d goals", n) % {"n": n}
    if code == WAITING:
        return ngettext("%(n)d proposal waiting for you", "%(n)d proposals waiting for you", n) % {"n": n}
    if code == DIVERGENCE:
        return ngettext(
            "you and the client see %(n)d goal differently",
            "you and the client see %(n)d goals differently",
            n,
        ) % {"n": n}
    if code == MISSED:
        return ngettext("%(n)d check-in missed", "%(n)d check-ins missed", n) % {"n": n}
    return ngettext("%(n)d goal behind", "%(n)d goals behind", n) % {"n": n}


def reasons_for(counts: Counts) -> list[Reason]:
    """The client's reasons for attention, most serious first; empty means "on track"."""
    found = counts.by_code()
    return [Reason(code, found[code], _text(code, found[code])) for code in ORDER if found[code] > 0]


def on_track_text() -> str:
    return _("on track")


def rank_key(counts: Counts, next_session: dt.datetime | None, name: str) -> tuple:
    """Sort ascending by this key: more of a more serious reason first, then the sooner session, then name."""
    found = counts.by_code()
    seriousness = tuple(-found[code] for code in ORDER)
    no_session = next_session is None
    return (seriousness, no_session, next_session or dt.datetime.max.replace(tzinfo=dt.UTC), name.casefold())


def missed_checkins(unanswered_since: dt.datetime | None, every_days: int, now: dt.datetime) -> int:
    """How many check-ins have fallen due (and their grace day passed) since ``unanswered_since``, the first
    due instant without a check-in. Capped: after a dozen the number says nothing more."""
    if unanswered_since is None or every_days <= 0:
        return 0
    late = now - MISSED_GRACE - unanswered_since
    if late < dt.timedelta(0):
        return 0
    return min(late // dt.timedelta(days=every_days) + 1, MISSED_CAP)
