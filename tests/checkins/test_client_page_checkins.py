"""The check-ins card on the therapist's client page: the rhythm and how regular check-ins have been."""

import datetime as dt

from django.utils import timezone

from tests.checkins.checkin_support import agreed_goal, check_in, rhythm


def test_before_any_goal_the_card_says_when_check_ins_start(cast, as_tess):
    html = as_tess.get(f"/clients/{cast.cam.pk}/").content.decode()
    assert "Check-ins start once you have agreed a goal together." in html


def test_with_a_goal_and_no_check_in_it_shows_the_first_due_time(cast, as_tess):
    agreed_goal(cast)
    rhythm(cast.cam, weekday=6, time=dt.time(18, 0), zone="Europe/London")
    html = as_tess.get(f"/clients/{cast.cam.pk}/").content.decode()
    assert "Every week on Sunday at 18:00 (Europe/London)." in html
    assert "The first one is due Sunday" in html


def test_it_counts_the_check_ins_of_the_last_four_weeks(cast, as_tess):
    goal = agreed_goal(cast)
    now = timezone.now()
    for weeks_ago in (6, 3, 2, 1):
        check_in(cast.cam, [goal], at=now - dt.timedelta(weeks=weeks_ago), progress=5, confidence=7, value=1)
    html = as_tess.get(f"/clients/{cast.cam.pk}/").content.decode()
    assert "3 check-ins in the last four weeks." in html
