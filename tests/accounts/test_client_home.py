"""The client's own home: warm, private, with the practice's crisis resources."""

from __future__ import annotations

import pytest
from django.urls import reverse

HOME = reverse("client_home")


def test_client_home_greets_and_explains(cast, as_cam):
    response = as_cam.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hello Cam" in page
    assert 'id="goals"' in page and "Your goals" in page  # the goals section (filled by accord.goals)
    assert "crisis line" in page
    assert reverse("account_page") in page
    assert "no-store" in response["Cache-Control"]


def test_client_home_shows_only_their_own_record(cast, as_cam):
    page = as_cam.get(HOME).content.decode()
    assert "Casey" not in page and "Cleo" not in page


def test_client_home_shows_the_practice_crisis_text(cast, as_cleo):
    cast.practice_b.crisis_text = "Call Hillside's line: 0800 000 000."
    cast.practice_b.save()
    cast.practice_a.crisis_text = "Riverside's own text"
    cast.practice_a.save()
    page = as_cleo.get(HOME).content.decode()
    assert "0800 000 000" in page
    assert "Riverside" not in page


def test_client_home_has_the_quick_exit_and_bottom_navigation(as_cam):
    page = as_cam.get(HOME).content.decode()
    assert "data-leave-quickly" in page
    assert 'class="bottom-nav"' in page


def test_client_home_wrong_method(as_cam):
    assert as_cam.post(HOME).status_code == 405


@pytest.mark.parametrize("who", ["as_tess", "as_ada", "as_theo"])
def test_client_home_is_only_for_clients(who, request):
    assert request.getfixturevalue(who).get(HOME).status_code == 404


def test_client_home_anonymous(client, cast):
    response = client.get(HOME)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_deactivated_client_record_is_not_shown(cast, as_cam):
    cast.cam.is_active = False
    cast.cam.save()
    assert as_cam.get(HOME).status_code == 404


# --- issue 13: the next step first, then each goal in one plain line ------------------------------------


def _home(as_cam) -> str:
    return as_cam.get(HOME).content.decode()


def _order(page: str, *texts: str) -> list[int]:
    return [page.index(text) for text in texts]


def test_a_new_client_is_asked_for_the_intake_first(cast, as_cam):

    page = _home(as_cam)
    assert "Next for you" in page
    assert "Start the questions" in page  # no intake yet: the one thing to do
    assert "Check in now" not in page  # nothing agreed to check in on


def test_the_next_steps_come_in_order_of_urgency(cast, as_cam):
    from accord.dialogue import actions as dialogue
    from accord.goals.actions import propose_goal
    from tests.checkins.checkin_support import agreed_goal

    agreed_goal(cast)
    waiting = propose_goal(cast.cam, cast.tess, words="", statement="Sleep by eleven on weeknights")
    dialogue.post_message(dialogue.general_thread(cast.cam), cast.tess, body="See you Tuesday")
    page = _home(as_cam)
    check_in, goal, message, intake = _order(
        page,
        "Check in now",
        "A goal is waiting for your answer",
        "You have 1 new message",
        "Start the questions",
    )
    assert check_in < goal < message < intake
    assert reverse("goal_page", args=[waiting.pk]) in page
    assert "See you Tuesday" not in page  # the home counts messages; it never shows them


def test_a_half_done_check_in_is_offered_first(cast, as_cam):
    from accord.checkins.models import CheckInDraft
    from tests.checkins.checkin_support import agreed_goal

    agreed_goal(cast)
    CheckInDraft.objects.create(client=cast.cam, data={"note": "half"})
    page = _home(as_cam)
    assert page.index("Finish your check-in") < page.index("Start the questions")


def test_each_active_goal_has_its_status_and_latest_value_in_one_line(cast, as_cam):
    from tests.checkins.checkin_support import CALMER, agreed_goal, check_in

    walks = agreed_goal(cast)
    calmer = agreed_goal(cast, content=CALMER)
    check_in(cast.cam, [walks], value=2, progress=5)
    page = _home(as_cam)
    assert reverse("goal_page", args=[walks.pk]) in page and reverse("goal_page", args=[calmer.pk]) in page
    assert "latest 2 walks" in page
    assert "no check-in yet" in page  # the calmer goal
    for jargon in ("T-score", "GAS", "than expected"):
        assert jargon not in page


def test_goals_still_in_the_works_are_counted_not_listed(cast, as_cam):
    from accord.goals.actions import propose_goal

    propose_goal(cast.cam, cast.cam_user, words="Read more books")
    page = _home(as_cam)
    assert "All your goals (and 1 more in the works)" in page


def test_the_home_does_not_write(cast, as_cam):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    as_cam.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        as_cam.get(HOME)
    sql = [q["sql"] for q in queries.captured_queries]
    writes = [s for s in sql if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
