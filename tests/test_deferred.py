"""An action's end-of-action work (accord/deferred.py): the caseload summary is refreshed once per action,
inside its transaction, and stays current (tests/appointments covers what the caseload then shows)."""

from __future__ import annotations

from unittest import mock

import pytest

from accord import deferred
from accord.appointments import summary
from accord.appointments.models import ClientSummary
from accord.goals.actions import accept_goal, propose_goal, revise_goal


def test_work_outside_an_action_is_done_at_once():
    done = []
    deferred.once_at_end("k", lambda: done.append(1))
    assert done == [1]


@pytest.mark.django_db
def test_work_inside_an_action_is_done_once_per_key_at_its_end():
    done = []
    with deferred.action():
        deferred.once_at_end("a", lambda: done.append("a1"))
        deferred.once_at_end("b", lambda: done.append("b"))
        with deferred.action():  # an action inside an action: the outer one does the work
            deferred.once_at_end("a", lambda: done.append("a2"))
        assert done == []
    assert done == ["a2", "b"]


@pytest.mark.django_db
def test_work_of_a_failed_action_is_not_done():
    done = []
    with pytest.raises(ValueError), deferred.action():
        deferred.once_at_end("a", lambda: done.append("a"))
        raise ValueError
    assert done == []
    deferred.once_at_end("b", lambda: done.append("b"))  # and no action is left open
    assert done == ["b"]


def test_proposing_a_goal_refreshes_the_clients_summary_once(cast):
    with mock.patch.object(summary, "refresh", wraps=summary.refresh) as refresh:
        propose_goal(cast.cam, cast.cam_user, words="Walk to the park")
    assert [call.args for call in refresh.call_args_list] == [(cast.cam.pk,)]


def test_the_summary_shows_the_goal_after_each_action(cast):
    goal = propose_goal(cast.cam, cast.cam_user, words="Walk to the park")
    assert ClientSummary.objects.get(client=cast.cam).goals[0]["status"] == "proposed"
    revise_goal(goal, cast.tess, {"statement": "Walk to the park twice a week"}, reason="SMART")
    goal.refresh_from_db()
    accept_goal(goal, cast.cam_user, version_number=2)
    row = ClientSummary.objects.get(client=cast.cam)
    assert row.goals[0]["title"] == "Walk to the park twice a week"
    assert row.goals[0]["status"] != "proposed"
