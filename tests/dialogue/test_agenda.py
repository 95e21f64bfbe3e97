"""The agenda: either party adds what they want to talk about next time; items carry over until marked
discussed; the therapist sees it on the client page and the client sees when the therapist has seen it."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.dialogue import actions
from accord.dialogue.models import AGENDA_TEXT_MAX_LENGTH, AgendaItem, Priority
from accord.dialogue.sections import dialogue_section
from accord.goals.actions import propose_goal


def agenda_url(client) -> str:
    return reverse("dialogue_agenda", args=[client.pk])


def discussed_url(item) -> str:
    return reverse("dialogue_agenda_discussed", args=[item.client_id, item.pk])


def add(client, user, text: str, priority: str = Priority.NORMAL, goal=None):
    return actions.add_agenda_item(client, user, text=text, priority=priority, goal=goal)


def test_a_client_adds_an_item_with_a_priority_and_a_goal(cast, as_cam, cam_goal):
    response = as_cam.post(
        agenda_url(cast.cam),
        {"text": "The argument with my sister on Sunday", "priority": "high", "goal": cam_goal.pk},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.text, item.priority, item.goal, item.added_by) == (
        "The argument with my sister on Sunday",
        "high",
        cam_goal,
        cast.cam_user,
    )
    assert item.added_by_party == "client"
    page = as_cam.get(agenda_url(cast.cam)).text
    assert "The argument with my sister on Sunday" in page
    assert "High priority" in page
    assert "Not seen by your therapist yet." in page


def test_the_therapist_adds_an_item_too(cast, as_tess):
    as_tess.post(agenda_url(cast.cam), {"text": "Review the sleep diary", "priority": "normal"})
    item = AgendaItem.objects.get()
    assert item.added_by_party == "therapist"
    assert item.goal is None


def test_items_are_in_priority_order_then_oldest_first(cast, as_tess):
    add(cast.cam, cast.cam_user, "Low one", Priority.LOW)
    add(cast.cam, cast.cam_user, "Normal one")
    add(cast.cam, cast.cam_user, "High one", Priority.HIGH)
    add(cast.cam, cast.tess, "Another normal")
    page = as_tess.get(agenda_url(cast.cam)).text
    positions = [page.index(text) for text in ("High one", "Normal one", "Another normal", "Low one")]
    assert positions == sorted(positions)


def test_the_client_sees_when_the_therapist_has_seen_an_item(cast, as_cam, as_tess):
    item = add(cast.cam, cast.cam_user, "Sleep")
    as_tess.get(agenda_url(cast.cam))
    item.refresh_from_db()
    assert item.seen_by == cast.tess
    assert item.seen_at is not None
    assert "Seen by Tess" in as_cam.get(agenda_url(cast.cam)).text


def test_the_client_looking_does_not_count_as_seen(cast, as_cam):
    item = add(cast.cam, cast.cam_user, "Sleep")
    as_cam.get(agenda_url(cast.cam))
    item.refresh_from_db()
    assert item.seen_at is None


def test_the_therapist_sees_the_agenda_on_the_client_page(cast, rf):
    add(cast.cam, cast.cam_user, "The argument with my sister on Sunday", Priority.HIGH)
    request = rf.get("/")
    request.user = cast.tess
    context = dialogue_section(request, cast.cam)["dialogue"]
    assert [item.text for item in context["agenda_items"]] == ["The argument with my sister on Sunday"]
    assert AgendaItem.objects.get().seen_by == cast.tess


def test_items_carry_over_until_either_party_marks_them_discussed(cast, as_cam, as_tess):
    item = add(cast.cam, cast.cam_user, "Sleep")
    for _visit in range(3):
        assert "Sleep" in as_tess.get(agenda_url(cast.cam)).text
    response = as_cam.post(discussed_url(item))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.discussed_by == cast.cam_user
    first_time = item.discussed_at
    as_tess.post(discussed_url(item))
    item.refresh_from_db()
    assert (item.discussed_by, item.discussed_at) == (cast.cam_user, first_time)  # who and when are kept
    page = as_tess.get(agenda_url(cast.cam)).text
    assert "Already discussed" in page
    assert "Cam marked it discussed" in page


def test_marking_discussed_returns_to_a_local_page_only(cast, as_tess):
    item = add(cast.cam, cast.cam_user, "Sleep")
    back = reverse("client_page", args=[cast.cam.pk])
    assert as_tess.post(discussed_url(item), {"next": back})["Location"] == back
    other = add(cast.cam, cast.cam_user, "Work")
    assert as_tess.post(discussed_url(other), {"next": "https://evil.example/"})["Location"] == agenda_url(
        cast.cam
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "", "priority": "high"}, "text", "Write a few words about what you want to talk about."),
        ({"text": "   ", "priority": "high"}, "text", "Write a few words about what you want to talk about."),
        ({"text": "x" * (AGENDA_TEXT_MAX_LENGTH + 1), "priority": "high"}, "text", "at most 300 characters"),
        ({"text": "Sleep", "priority": "urgent"}, "priority", "Choose high, normal or low."),
        (
            {"text": "Sleep", "priority": "high", "goal": "999999"},
            "goal",
            "Choose one of the goals in the list.",
        ),
    ],
)
def test_bad_input_is_refused_next_to_the_field(cast, as_cam, cam_goal, data, field, message):
    response = as_cam.post(agenda_url(cast.cam), data)
    assert response.status_code == 200
    assert message in response.text
    assert f'id="id_{field}_error"' in response.text
    assert not AgendaItem.objects.exists()


def test_a_goal_of_another_client_cannot_be_used(cast, as_cam, cam_goal):
    casey_goal = propose_goal(cast.casey, cast.casey_user, words="Casey's goal")
    response = as_cam.post(agenda_url(cast.cam), {"text": "Hm", "priority": "low", "goal": casey_goal.pk})
    assert "Choose one of the goals in the list." in response.text
    assert not AgendaItem.objects.exists()


def test_a_double_submit_adds_one_item(cast, as_cam):
    key = str(uuid.uuid4())
    for _ in range(2):
        as_cam.post(agenda_url(cast.cam), {"text": "Sleep", "priority": "normal", "submission_key": key})
    assert AgendaItem.objects.count() == 1


def test_wrong_methods_answer_405(cast, as_cam):
    item = add(cast.cam, cast.cam_user, "Sleep")
    assert as_cam.put(agenda_url(cast.cam)).status_code == 405
    assert as_cam.get(discussed_url(item)).status_code == 405


def test_an_item_of_another_client_is_not_found_here(cast, as_tess):
    casey_item = add(cast.casey, cast.casey_user, "Casey's")
    url = reverse("dialogue_agenda_discussed", args=[cast.cam.pk, casey_item.pk])
    assert as_tess.post(url).status_code == 404
    casey_item.refresh_from_db()
    assert casey_item.discussed_at is None


def _queries(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def _grow(cast, goal, count: int) -> None:
    for number in range(count):
        item = add(cast.cam, cast.cam_user if number % 2 else cast.tess, f"Topic {number}", goal=goal)
        if number % 3 == 0:
            actions.mark_discussed(item, cast.tess)


def test_the_agenda_makes_the_same_queries_for_10_and_100_items(
    cast, as_tess, cam_goal, django_assert_max_num_queries
):
    url = agenda_url(cast.cam)
    _grow(cast, cam_goal, 10)
    small = _queries(as_tess, url)
    _grow(cast, cam_goal, 90)
    with django_assert_max_num_queries(small):
        assert as_tess.get(url).status_code == 200
