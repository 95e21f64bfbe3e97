"""Every client form makes one thing however often it is sent (issue 13, point 6), and a length limit is
shown and enforced with the text kept, never cut off (point 7)."""

import re

import pytest
from django.urls import reverse

from accord.dialogue.models import AgendaItem, GoalIdea, Message
from accord.goals.models import Goal

pytestmark = pytest.mark.django_db


def rendered_key(page: str, name: str = "submission_key") -> str:
    match = re.search(rf'name="{name}" value="([0-9a-f-]{{36}})"', page)
    assert match, f"the form carries its one-time {name}"
    return match.group(1)


def test_the_agenda_form_sent_twice_adds_one_item(cast, as_cam):
    url = reverse("dialogue_agenda", args=[cast.cam.pk])
    key = rendered_key(as_cam.get(url).content.decode())
    for _ in range(2):
        assert (
            as_cam.post(url, {"text": "Sleep", "priority": "high", "submission_key": key}).status_code == 302
        )
    assert AgendaItem.objects.filter(client=cast.cam).count() == 1


def test_the_goal_idea_form_sent_twice_adds_one_idea(cast, as_cam):
    url = reverse("dialogue_ideas", args=[cast.cam.pk])
    key = rendered_key(as_cam.get(url).content.decode())
    for _ in range(2):
        as_cam.post(url, {"text": "Walk more", "submission_key": key})
    assert GoalIdea.objects.filter(client=cast.cam).count() == 1


def test_the_goal_proposal_sent_twice_proposes_one_goal(cast, as_cam):
    url = reverse("my_goal_new")
    key = rendered_key(as_cam.get(url).content.decode())
    first = as_cam.post(url, {"words": "Sleep before midnight", "submission_key": key})
    second = as_cam.post(url, {"words": "Sleep before midnight", "submission_key": key})
    assert Goal.objects.filter(client=cast.cam).count() == 1
    assert first["Location"] == second["Location"]  # both land on the one goal


def test_the_same_key_from_the_therapist_is_a_proposal_of_their_own(cast, as_cam, as_tess):
    key = rendered_key(as_cam.get(reverse("my_goal_new")).content.decode())
    as_cam.post(reverse("my_goal_new"), {"words": "Mine", "submission_key": key})
    as_tess.post(reverse("client_goal_new", args=[cast.cam.pk]), {"words": "Theirs", "submission_key": key})
    assert Goal.objects.filter(client=cast.cam).count() == 2


def test_new_forms_get_new_keys(cast, as_cam):
    url = reverse("my_goal_new")
    assert rendered_key(as_cam.get(url).content.decode()) != rendered_key(as_cam.get(url).content.decode())


# --- Limits: shown, counted, refused with the text kept ---------------------------------------------------


@pytest.mark.parametrize(
    "url_name, field, limit",
    [("my_goal_new", "words", 1000), ("dialogue_agenda", "text", None), ("dialogue_ideas", "text", None)],
)
def test_fields_carry_their_limit_for_the_counter_and_no_silent_maxlength(
    cast, as_cam, url_name, field, limit
):
    url = reverse(url_name) if url_name == "my_goal_new" else reverse(url_name, args=[cast.cam.pk])
    page = as_cam.get(url).content.decode()
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', page).group(0)
    assert "maxlength" not in tag
    found = re.search(r'data-max-length="(\d+)"', tag)
    assert found and (limit is None or int(found.group(1)) == limit)


def test_a_5000_character_goal_is_refused_and_every_word_kept(cast, as_cam):
    words = "I want to walk by the river every morning. " * 117  # 5,031 characters
    response = as_cam.post(reverse("my_goal_new"), {"words": words})
    assert response.status_code == 400
    page = response.content.decode()
    assert words.strip() in page  # nothing cut off: it is all still in the form
    assert "at most 1000 characters" in page
    assert not Goal.objects.filter(client=cast.cam).exists()


def test_a_long_message_is_refused_and_kept(cast, as_cam):
    from accord.dialogue.actions import general_thread
    from accord.dialogue.models import MESSAGE_MAX_LENGTH

    thread = general_thread(cast.cam, cast.cam_user)
    url = reverse("dialogue_thread", args=[cast.cam.pk, thread.pk])
    body = "x" * (MESSAGE_MAX_LENGTH + 1)
    response = as_cam.post(url, {"body": body})
    assert response.status_code == 200
    assert body in response.content.decode()
    assert not Message.objects.filter(thread=thread).exists()
