"""A check-in keeps the goal's stored (FHIR) achievement status in step, but never over a hand-set one."""

import datetime as dt

from django.utils import timezone

from accord.goals.models import Goal
from tests.checkins.checkin_support import agreed_goal, check_in


def test_a_check_in_that_reaches_the_target_stores_achieved(cast):
    goal = agreed_goal(cast)
    check_in(cast.cam, [goal], value=goal.current_version.target, progress=10, confidence=9)
    assert Goal.objects.get(pk=goal.pk).achievement_status == "achieved"


def test_a_status_set_by_hand_is_kept(cast):
    goal = agreed_goal(cast)
    Goal.objects.filter(pk=goal.pk).update(achievement_status="not-attainable", achievement_set_by_hand=True)
    check_in(
        cast.cam,
        [goal],
        value=goal.current_version.target,
        progress=10,
        confidence=9,
        at=timezone.now() - dt.timedelta(days=1),
    )
    assert Goal.objects.get(pk=goal.pk).achievement_status == "not-attainable"
