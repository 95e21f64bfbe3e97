"""The caseload's ranking rule (docs/caseload.md) over constructed caseloads: each reason, ties, nothing
flagged. Pure: no database."""

from __future__ import annotations

import datetime as dt

from accord.appointments import ranking
from accord.appointments.ranking import Counts, missed_checkins, rank_key, reasons_for

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
TOMORROW = NOW + dt.timedelta(days=1)
NEXT_WEEK = NOW + dt.timedelta(days=7)


def order(caseload: dict[str, tuple[Counts, dt.datetime | None]]) -> list[str]:
    return sorted(caseload, key=lambda name: rank_key(caseload[name][0], caseload[name][1], name))


def test_nothing_flagged_reads_on_track():
    assert reasons_for(Counts()) == []
    assert ranking.on_track_text() == "on track"


def test_each_reason_is_written_out_most_serious_first():
    counts = Counts(
        safety_alerts_open=1,
        not_summarised=1,
        stalled_goals=2,
        falling_confidence_goals=1,
        waiting_for_therapist=1,
        diverging_goals=1,
        missed_checkins=3,
        behind_goals=1,
    )
    reasons = reasons_for(counts)
    assert [r.code for r in reasons] == list(ranking.ORDER)
    assert [r.text for r in reasons] == [
        "safety alert, unacknowledged",
        "not summarised yet — open the client to see how they are doing",
        "2 goals stalled",
        "confidence falling on 1 goal",
        "1 proposal waiting for you",
        "you and the client see 1 goal differently",
        "3 check-ins missed",
        "1 goal behind",
    ]


def test_one_missed_check_in_is_not_a_reason():
    assert reasons_for(Counts(missed_checkins=1)) == []
    assert [r.code for r in reasons_for(Counts(missed_checkins=2))] == [ranking.MISSED]


def test_a_more_serious_reason_outranks_any_number_of_lesser_ones():
    caseload = {
        "Ana": (Counts(stalled_goals=1), None),
        "Ben": (Counts(safety_alerts_open=1), None),
        "Cy": (Counts(diverging_goals=3, missed_checkins=9, behind_goals=4), TOMORROW),
        "Di": (Counts(), TOMORROW),
    }
    assert order(caseload) == ["Ben", "Ana", "Cy", "Di"]


def test_more_of_the_same_reason_comes_first_then_the_next_reason_decides():
    caseload = {
        "Ana": (Counts(stalled_goals=1, behind_goals=2), None),
        "Ben": (Counts(stalled_goals=2), None),
        "Cy": (Counts(stalled_goals=1, waiting_for_therapist=1), None),
    }
    assert order(caseload) == ["Ben", "Cy", "Ana"]


def test_ties_go_to_the_sooner_session_then_the_name():
    caseload = {
        "Zoe": (Counts(stalled_goals=1), TOMORROW),
        "Abe": (Counts(stalled_goals=1), NEXT_WEEK),
        "Bea": (Counts(stalled_goals=1), None),
        "Amy": (Counts(stalled_goals=1), None),
    }
    assert order(caseload) == ["Zoe", "Abe", "Amy", "Bea"]


def test_missed_check_ins_count_whole_periods_after_a_grace_day():
    since = NOW - dt.timedelta(days=1)
    assert missed_checkins(None, 7, NOW) == 0
    assert missed_checkins(NOW, 7, NOW) == 0  # due just now: not missed yet
    assert missed_checkins(since, 7, NOW) == 1  # the grace day has passed
    assert missed_checkins(since - dt.timedelta(days=14), 7, NOW) == 3
    assert missed_checkins(since - dt.timedelta(days=700), 7, NOW) == ranking.MISSED_CAP


def test_a_client_with_no_summary_ranks_after_a_safety_alert_and_before_a_stalled_goal():
    unknown = rank_key(Counts(not_summarised=1), None, "B")
    assert (
        rank_key(Counts(safety_alerts_open=1), None, "C")
        < unknown
        < rank_key(Counts(stalled_goals=3), None, "A")
    )
