"""Celebrations: each trigger fires exactly once, never for another client, never twice on re-saves; the
client keeps a timeline of wins and the therapist sees new ones and adds a note of recognition."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.assessments import actions as assessment_actions
from accord.assessments import catalogue
from accord.assessments.models import ResponseSource
from accord.checkins import celebrations
from accord.checkins.celebrations import celebrate, streak_at
from accord.checkins.models import Celebration, CelebrationKind
from accord.goals.actions import close_goal, rate_gas, tick_step
from accord.goals.models import GoalStep
from tests.assessments.support import phq9
from tests.checkins.checkin_support import agreed_goal, check_in, rhythm, step

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def wins(client, kind=None):
    found = Celebration.objects.filter(client=client)
    return found.filter(kind=kind) if kind else found


@pytest.fixture
def walks(cast):
    return agreed_goal(cast)


# --- each trigger, once -----------------------------------------------------------------------------------


def test_a_milestone_ticked_is_celebrated_once_however_often_it_is_ticked(cast, walks):
    corner = step(walks, GoalStep.Kind.MILESTONE)
    tick_step(corner, cast.cam_user, done=True)
    tick_step(corner, cast.cam_user, done=False)
    tick_step(corner, cast.tess, done=True)
    (win,) = wins(cast.cam)
    assert (win.kind, win.key, win.title, win.goal) == (
        CelebrationKind.MILESTONE,
        f"step:{corner.pk}",
        "Walk to the corner and back",
        walks,
    )
    assert not wins(cast.casey).exists() and not wins(cast.cleo).exists()


def test_an_action_step_ticked_is_not_a_milestone(cast, walks):
    tick_step(step(walks, GoalStep.Kind.ACTION), cast.cam_user, done=True)
    assert not wins(cast.cam).exists()


def test_reaching_the_target_in_a_check_in_is_celebrated_once(cast, walks):
    check_in(cast.cam, [walks], value=2, progress=6)
    assert not wins(cast.cam, CelebrationKind.TARGET).exists()
    first = check_in(cast.cam, [walks], value=3, progress=9)
    check_in(cast.cam, [walks], value=4, progress=10)
    (win,) = wins(cast.cam, CelebrationKind.TARGET)
    assert win.key == f"goal:{walks.pk}:target" and win in first.celebrations


def test_a_lower_is_better_target_is_reached_by_going_down(cast):
    goal = agreed_goal(
        cast,
        content={
            "statement": "Scroll for under 30 minutes after 11pm",
            "measure_kind": "minutes",
            "unit": "minutes",
            "baseline": 120.0,
            "target": 30.0,
            "direction": "decrease",
        },
    )
    check_in(cast.cam, [goal], value=90)
    assert not wins(cast.cam, CelebrationKind.TARGET).exists()
    check_in(cast.cam, [goal], value=25)
    assert wins(cast.cam, CelebrationKind.TARGET).count() == 1


def test_a_gas_level_at_or_above_expected_is_celebrated_the_first_time_only(cast, walks):
    rate_gas(walks, cast.cam_user, level=-1)
    assert not wins(cast.cam).exists()
    rate_gas(walks, cast.tess, level=0)
    rate_gas(walks, cast.cam_user, level=1)
    rate_gas(walks, cast.tess, level=0)
    (win,) = wins(cast.cam)
    assert (win.kind, win.key) == (CelebrationKind.GAS_EXPECTED, f"goal:{walks.pk}:gas_expected")


def test_a_completed_goal_is_celebrated_once_and_a_retired_one_not_at_all(cast, walks):
    other = agreed_goal(cast, content={"statement": "Call my sister every Sunday"})
    close_goal(walks, cast.tess, completed=True)
    close_goal(other, cast.tess, completed=False)
    (win,) = wins(cast.cam)
    assert (win.kind, win.key) == (CelebrationKind.GOAL_COMPLETED, f"goal:{walks.pk}:completed")


def test_a_reliable_improvement_on_a_measure_is_celebrated_once(cast):
    instrument = catalogue.get_instrument("phq9")

    def respond(total: int, days: int) -> None:
        assessment_actions.record_response(
            cast.cam,
            cast.tess,
            instrument,
            phq9(total),
            idempotency_key=f"phq9-{days}",
            source=ResponseSource.PAGE,
            completed_at=timezone.now() - dt.timedelta(days=60 - days),
        )

    respond(18, 0)  # the baseline
    respond(15, 14)  # better, but less than the 6 points NHS Talking Therapies call reliable
    assert not wins(cast.cam).exists()
    respond(11, 28)  # 7 points better than the baseline: reliable improvement
    respond(9, 42)
    (win,) = wins(cast.cam)
    assert (win.kind, win.key, win.title) == (
        CelebrationKind.MEASURE_IMPROVED,
        "measure:phq9:reliable_improvement",
        instrument.short_title,
    )
    assert not wins(cast.casey).exists()


# --- streaks ----------------------------------------------------------------------------------------------

SUNDAY = dt.datetime(2026, 3, 1, 18, 0, tzinfo=UTC)  # a London Sunday 18:00 (GMT)


def test_a_streak_of_four_weekly_check_ins_is_celebrated_and_again_at_eight(cast, walks, settings):
    settings.ACCORD_STREAK_LENGTH = 4
    rhythm(cast.cam, starts_on=dt.date(2026, 3, 1))
    for week in range(9):
        # Anywhere in the week around its due day counts: Saturday, Sunday night, Monday …
        moment = SUNDAY + dt.timedelta(weeks=week, hours=(-20, 2, 30)[week % 3])
        check_in(cast.cam, [walks], at=moment, value=1)
        if week == 1:
            check_in(cast.cam, [walks], at=moment + dt.timedelta(hours=1), value=1)  # twice in a week
    streaks = wins(cast.cam, CelebrationKind.STREAK).order_by("created_at")
    assert [win.title for win in streaks] == ["4 check-ins in a row", "8 check-ins in a row"]
    first_id = cast.cam.checkins.order_by("submitted_at").first().pk
    assert [win.key for win in streaks] == [f"streak:{first_id}:4", f"streak:{first_id}:8"]


def test_a_missed_week_starts_a_new_streak(cast, walks):
    rhythm(cast.cam, starts_on=dt.date(2026, 3, 1))
    for week in (0, 1, 2, 4, 5, 6, 7):  # week 3 missed
        check_in(cast.cam, [walks], at=SUNDAY + dt.timedelta(weeks=week), value=1)
    (win,) = wins(cast.cam, CelebrationKind.STREAK)
    restart = cast.cam.checkins.get(submitted_at=SUNDAY + dt.timedelta(weeks=4))
    assert win.key == f"streak:{restart.pk}:4"


def test_streak_length_counts_due_periods_across_a_clock_change():
    from accord.checkins.schedule import Rhythm

    london = Rhythm(1, 6, dt.time(18, 0), "Europe/London", dt.date(2026, 3, 1))
    # 22 March (GMT), 29 March and 5 April (BST) at 18:00 London time, plus one on the Monday after.
    moments = [
        dt.datetime(2026, 3, 22, 18, tzinfo=UTC),
        dt.datetime(2026, 3, 29, 17, tzinfo=UTC),
        dt.datetime(2026, 3, 30, 9, tzinfo=UTC),
        dt.datetime(2026, 4, 5, 17, tzinfo=UTC),
    ]
    assert streak_at(london, list(enumerate(moments, start=1))) == (3, 1)
    assert streak_at(london, []) == (0, None)


# --- once, and only for the goal's own client -------------------------------------------------------------


def test_celebrate_twice_records_one_win(cast):
    first = celebrate(cast.cam, CelebrationKind.STREAK, "streak:1:4", "4 check-ins in a row")
    again = celebrate(cast.cam, CelebrationKind.STREAK, "streak:1:4", "4 check-ins in a row")
    assert first is not None and again is None and wins(cast.cam).count() == 1
    # The same key for someone else is their own win.
    assert celebrate(cast.cleo, CelebrationKind.STREAK, "streak:1:4", "4 check-ins in a row") is not None


def test_a_lost_race_leaves_the_callers_transaction_usable(cast):
    celebrate(cast.cam, CelebrationKind.STREAK, "streak:1:4", "4 in a row")
    with transaction.atomic():
        # As if the other request inserted between our check and our insert.
        with mock.patch.object(celebrations.Celebration.objects, "filter") as looked_up:
            looked_up.return_value.exists.return_value = False
            assert celebrate(cast.cam, CelebrationKind.STREAK, "streak:1:4", "4 in a row") is None
        assert wins(cast.cam).count() == 1  # still usable after the refused insert


def test_a_goal_win_cannot_be_given_to_another_client(cast, walks):
    with pytest.raises(ValueError):
        celebrate(cast.casey, CelebrationKind.MILESTONE, "step:1", "Not theirs", goal=walks)


# --- the timeline and the therapist's note ---------------------------------------------------------------


def test_the_client_sees_their_wins_newest_first_and_never_anyone_elses(as_cam, cast, walks):
    tick_step(step(walks, GoalStep.Kind.MILESTONE, 1), cast.cam_user, done=True)
    tick_step(step(walks, GoalStep.Kind.MILESTONE, 2), cast.cam_user, done=True)
    cleos = agreed_goal(cast, client=cast.cleo)
    tick_step(step(cleos, GoalStep.Kind.MILESTONE, 1), cast.cleo_user, done=True)
    page = as_cam.get(reverse("my_wins")).content.decode()
    assert page.index("Walk to the park once") < page.index("Walk to the corner and back")
    assert page.count('class="win"') == 2
    assert not wins(cast.cam).filter(seen_by_client_at__isnull=True).exists()


def test_the_therapist_sees_new_wins_on_the_client_page_and_adds_a_note_the_client_sees(
    as_tess, as_cam, cast, walks
):
    tick_step(step(walks, GoalStep.Kind.MILESTONE), cast.cam_user, done=True)
    win = wins(cast.cam).get()
    client_page = as_tess.get(reverse("client_page", args=[cast.cam.pk])).content.decode()
    assert "Walk to the corner and back" in client_page and "1 new" in client_page
    assert "1 new" not in as_tess.get(reverse("client_page", args=[cast.cam.pk])).content.decode()

    url = reverse("client_win_note", args=[cast.cam.pk, win.pk])
    response = as_tess.post(url, {"note": "You did it — the first step out the door is the hardest."})
    assert response.status_code == 302
    win.refresh_from_db()
    assert (win.note_by, win.note_at is not None) == (cast.tess, True)
    timeline = as_cam.get(reverse("my_wins")).content.decode()
    assert "the first step out the door is the hardest" in timeline


def test_a_note_needs_words_and_keeps_nothing_half_done(as_tess, cast, walks):
    tick_step(step(walks, GoalStep.Kind.MILESTONE), cast.cam_user, done=True)
    win = wins(cast.cam).get()
    response = as_tess.post(reverse("client_win_note", args=[cast.cam.pk, win.pk]), {"note": "   "})
    assert response.status_code == 400
    assert "Write a few words first." in response.content.decode()
    win.refresh_from_db()
    assert win.therapist_note == ""


def test_only_the_care_team_sees_wins_and_notes_them(as_theo, as_cam, as_casey, client, cast, walks):
    tick_step(step(walks, GoalStep.Kind.MILESTONE), cast.cam_user, done=True)
    win = wins(cast.cam).get()
    note_url = reverse("client_win_note", args=[cast.cam.pk, win.pk])
    wins_url = reverse("client_wins", args=[cast.cam.pk])
    assert as_theo.get(wins_url).status_code == 404
    assert as_theo.post(note_url, {"note": "Hi"}).status_code == 404
    assert as_cam.post(note_url, {"note": "Well done me"}).status_code == 404
    assert as_casey.get(wins_url).status_code == 404
    assert client.post(note_url, {"note": "x"}).status_code == 302
    # A win of another client under this client's address is not found either.
    cleos = agreed_goal(cast, client=cast.cleo)
    tick_step(step(cleos, GoalStep.Kind.MILESTONE), cast.cleo_user, done=True)
    theirs = wins(cast.cleo).get()
    assert (
        as_theo.post(reverse("client_win_note", args=[cast.cleo.pk, win.pk]), {"note": "x"}).status_code
        == 404
    )
    assert theirs.therapist_note == ""


def test_wrong_methods_on_the_wins_pages(as_tess, cast, walks):
    assert as_tess.post(reverse("client_wins", args=[cast.cam.pk])).status_code == 405
    tick_step(step(walks, GoalStep.Kind.MILESTONE), cast.cam_user, done=True)
    win = wins(cast.cam).get()
    assert as_tess.get(reverse("client_win_note", args=[cast.cam.pk, win.pk])).status_code == 405


def _grow_wins(client, count: int) -> None:
    now = timezone.now()
    Celebration.objects.bulk_create(
        Celebration(
            client=client,
            kind=CelebrationKind.STREAK,
            key=f"streak:{client.pk}-{n}:4",
            title=f"Win {n}",
            created_at=now - dt.timedelta(hours=n),
            therapist_note="Well done" if n % 2 else "",
        )
        for n in range(len(Celebration.objects.filter(client=client)), count)
    )


def _queries(browser, url: str) -> int:
    browser.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def test_wins_pages_keep_their_query_count_as_wins_grow(as_cam, as_tess, cast):
    pages = [
        (as_cam, reverse("my_wins")),
        (as_tess, reverse("client_wins", args=[cast.cam.pk])),
        (as_tess, reverse("client_page", args=[cast.cam.pk])),
    ]
    _grow_wins(cast.cam, 10)
    few = [_queries(browser, url) for browser, url in pages]
    _grow_wins(cast.cam, 300)
    assert [_queries(browser, url) for browser, url in pages] == few
