"""Goal ideas: a sentence in someone's own words that becomes a proposed goal keeping those words."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from accord.dialogue import actions
from accord.dialogue.models import IDEA_TEXT_MAX_LENGTH, GoalIdea
from accord.goals.models import Goal, LifecycleStatus

CASEY_IDEA = "I'd like to get through the Friday team lunch without leaving early."


def ideas_url(client) -> str:
    return reverse("dialogue_ideas", args=[client.pk])


def convert_url(idea) -> str:
    return reverse("dialogue_idea_to_goal", args=[idea.client_id, idea.pk])


def goal_url(goal) -> str:
    try:
        return reverse("goal_page", args=[goal.pk])
    except NoReverseMatch:
        return ""


def test_a_client_notes_an_idea_in_her_own_words(cast, as_casey):
    response = as_casey.post(ideas_url(cast.casey), {"text": CASEY_IDEA})
    assert response.status_code == 302
    idea = GoalIdea.objects.get()
    assert (idea.text, idea.added_by, idea.added_by_party) == (CASEY_IDEA, cast.casey_user, "client")
    page = as_casey.get(ideas_url(cast.casey)).text
    assert "Friday team lunch" in page
    assert "Turn into a goal" in page


def test_a_client_turns_her_idea_into_a_goal_keeping_her_words(cast, as_casey):
    idea = actions.add_goal_idea(cast.casey, cast.casey_user, text=CASEY_IDEA)
    response = as_casey.post(convert_url(idea))
    goal = Goal.objects.get(client=cast.casey)
    assert response.status_code == 302
    assert response["Location"] in (goal_url(goal) or reverse("client_home"), reverse("client_home"))
    assert goal.client_words == CASEY_IDEA
    assert goal.current_version.statement == CASEY_IDEA
    assert goal.lifecycle_status == LifecycleStatus.PROPOSED
    idea.refresh_from_db()
    assert (idea.goal, idea.used_by) == (goal, cast.casey_user)
    assert idea.used_at is not None
    assert "Now a goal" in as_casey.get(ideas_url(cast.casey)).text


def test_the_therapist_turning_a_clients_idea_keeps_them_the_clients_words(cast, as_tess):
    idea = actions.add_goal_idea(cast.casey, cast.casey_user, text=CASEY_IDEA)
    response = as_tess.post(convert_url(idea))
    goal = Goal.objects.get(client=cast.casey)
    assert response["Location"] in (goal_url(goal), reverse("client_page", args=[cast.casey.pk]))
    assert goal.client_words == CASEY_IDEA
    assert goal.proposed_by == cast.tess


def test_a_therapists_idea_becomes_the_statement_not_the_clients_words(cast, as_cam):
    idea = actions.add_goal_idea(cast.cam, cast.tess, text="Try one evening a week without a screen")
    as_cam.post(convert_url(idea))
    goal = Goal.objects.get(client=cast.cam)
    assert goal.client_words == ""
    assert goal.current_version.statement == "Try one evening a week without a screen"


def test_an_idea_becomes_a_goal_only_once(cast, as_casey, as_tess):
    idea = actions.add_goal_idea(cast.casey, cast.casey_user, text=CASEY_IDEA)
    as_casey.post(convert_url(idea))
    response = as_tess.post(convert_url(idea))
    assert response["Location"] == ideas_url(cast.casey)
    assert Goal.objects.filter(client=cast.casey).count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write your idea in a sentence first."),
        ("  ", "Write your idea in a sentence first."),
        ("x" * (IDEA_TEXT_MAX_LENGTH + 1), "at most 300 characters"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(cast, as_casey, text, message):
    response = as_casey.post(ideas_url(cast.casey), {"text": text})
    assert response.status_code == 200
    assert message in response.text
    assert 'id="id_text_error"' in response.text
    assert not GoalIdea.objects.exists()


def test_wrong_methods_answer_405(cast, as_casey):
    idea = actions.add_goal_idea(cast.casey, cast.casey_user, text=CASEY_IDEA)
    assert as_casey.delete(ideas_url(cast.casey)).status_code == 405
    assert as_casey.get(convert_url(idea)).status_code == 405
    idea.refresh_from_db()
    assert idea.goal is None


def test_an_idea_of_another_client_is_not_found_here(cast, as_tess):
    idea = actions.add_goal_idea(cast.casey, cast.casey_user, text=CASEY_IDEA)
    url = reverse("dialogue_idea_to_goal", args=[cast.cam.pk, idea.pk])
    assert as_tess.post(url).status_code == 404
    assert not Goal.objects.exists()
