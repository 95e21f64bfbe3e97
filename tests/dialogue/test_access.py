"""Who may open Cam's dialogue: Cam and her care team (Tess). Anyone else gets 404 — another client of
the same therapist (Casey), a therapist or client of another practice (Theo, Cleo), the practice admin
(Ada) — and someone not signed in is sent to sign in. Nothing changes for any of them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client as BrowserClient
from django.urls import reverse

from accord.dialogue import actions
from accord.dialogue.models import AgendaItem, GoalIdea, Message, Thread
from tests.conftest import signed_in

OUTSIDERS = ["casey", "theo", "ada", "cleo"]


def browser_for(role: str, cast) -> BrowserClient:
    if role == "anonymous":
        return BrowserClient()
    users = {
        "casey": cast.casey_user,
        "theo": cast.theo,
        "ada": cast.ada,
        "cleo": cast.cleo_user,
        "cam": cast.cam_user,
        "tess": cast.tess,
    }
    return signed_in(users[role])


@pytest.fixture
def cams_dialogue(cast, cam_goal):
    thread = actions.general_thread(cast.cam)
    message = actions.post_message(thread, cast.cam_user, body="Private words")
    item = actions.add_agenda_item(cast.cam, cast.cam_user, text="Private topic", priority="high")
    idea = actions.add_goal_idea(cast.cam, cast.cam_user, text="Private idea")
    return {"thread": thread, "message": message, "item": item, "idea": idea, "goal": cam_goal}


def pages(cast, d) -> list[tuple[str, str, dict]]:
    cam = cast.cam.pk
    return [
        ("get", reverse("dialogue_conversation", args=[cam]), {}),
        ("post", reverse("dialogue_goal_thread", args=[cam]), {"goal": d["goal"].pk}),
        ("get", reverse("dialogue_thread", args=[cam, d["thread"].pk]), {}),
        ("post", reverse("dialogue_thread", args=[cam, d["thread"].pk]), {"body": "Intruder"}),
        ("get", reverse("dialogue_message", args=[cam, d["thread"].pk, d["message"].pk]), {}),
        (
            "post",
            reverse("dialogue_message", args=[cam, d["thread"].pk, d["message"].pk]),
            {"body": "Changed"},
        ),
        ("get", reverse("dialogue_agenda", args=[cam]), {}),
        ("post", reverse("dialogue_agenda", args=[cam]), {"text": "Intruder", "priority": "high"}),
        ("post", reverse("dialogue_agenda_discussed", args=[cam, d["item"].pk]), {}),
        ("get", reverse("dialogue_ideas", args=[cam]), {}),
        ("post", reverse("dialogue_ideas", args=[cam]), {"text": "Intruder"}),
        ("post", reverse("dialogue_idea_to_goal", args=[cam, d["idea"].pk]), {}),
    ]


def _unchanged(d) -> None:
    assert Thread.objects.count() == 1
    assert list(Message.objects.values_list("body", flat=True)) == ["Private words"]
    assert list(AgendaItem.objects.values_list("text", "discussed_at")) == [("Private topic", None)]
    assert list(GoalIdea.objects.values_list("text", "goal")) == [("Private idea", None)]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_on_every_dialogue_page_and_change_nothing(cast, cams_dialogue, role):
    browser = browser_for(role, cast)
    for method, url, data in pages(cast, cams_dialogue):
        response = getattr(browser, method)(url, data)
        assert response.status_code == 404, (role, method, url)
        assert "Private" not in response.text
    _unchanged(cams_dialogue)


def test_anonymous_visitors_are_sent_to_sign_in(cast, cams_dialogue):
    browser = BrowserClient()
    sign_in = reverse(settings.LOGIN_URL)
    for method, url, data in pages(cast, cams_dialogue):
        response = getattr(browser, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(sign_in)
    _unchanged(cams_dialogue)


@pytest.mark.parametrize("role", ["cam", "tess"])
def test_the_client_and_her_therapist_can_read_every_page(cast, cams_dialogue, role):
    browser = browser_for(role, cast)
    for method, url, _data in pages(cast, cams_dialogue):
        if method == "get":
            assert browser.get(url).status_code == 200, url


def test_the_clients_shortcuts_lead_to_her_own_pages(cast, as_cam):
    agenda = as_cam.get(reverse("dialogue_my_agenda"))
    assert agenda["Location"] == reverse("dialogue_agenda", args=[cast.cam.pk]) + "#add"
    messages = as_cam.get(reverse("dialogue_my_messages"))
    assert messages["Location"] == reverse("dialogue_conversation", args=[cast.cam.pk])


@pytest.mark.parametrize("role", ["tess", "ada", "theo"])
def test_the_shortcuts_are_for_clients_only(cast, role):
    browser = browser_for(role, cast)
    assert browser.get(reverse("dialogue_my_agenda")).status_code == 404
    assert browser.get(reverse("dialogue_my_messages")).status_code == 404


def test_the_shortcuts_send_anonymous_visitors_to_sign_in(cast):
    response = BrowserClient().get(reverse("dialogue_my_agenda"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_the_shortcuts_answer_405_to_posts(cast, as_cam):
    assert as_cam.post(reverse("dialogue_my_agenda")).status_code == 405
    assert as_cam.post(reverse("dialogue_my_messages")).status_code == 405
