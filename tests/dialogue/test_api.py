"""The dialogue API: threads, messages, read markers, the agenda and goal ideas, inside the access guard."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client as BrowserClient
from django.test.utils import CaptureQueriesContext

from accord.accounts.models import ApiToken
from accord.api.api import api
from accord.audit.models import Action, AuditEvent
from accord.dialogue import actions
from accord.dialogue.models import AgendaItem, GoalIdea, Message, MessageRevision, Thread
from accord.goals.actions import propose_goal
from accord.goals.models import Goal

API = "/api/v1"
JSON = "application/json"


def call(browser: BrowserClient, method: str, url: str, body: dict | None = None):
    if method == "get":
        return browser.get(f"{API}{url}")
    return getattr(browser, method)(f"{API}{url}", body or {}, content_type=JSON)


def errors_of(response) -> dict:
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body["errors"]


@pytest.fixture
def general(cast):
    return actions.general_thread(cast.cam)


# --- Threads and messages -------------------------------------------------------------------------------


def test_threads_list_the_general_thread_first_with_unread_counts(cast, as_tess, cam_goal):
    goal_thread = actions.goal_thread(cast.cam, cam_goal, cast.cam_user)
    actions.post_message(goal_thread, cast.cam_user, body="About the walk")
    response = call(as_tess, "get", f"/clients/{cast.cam.pk}/threads")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    general, about_goal = body["items"]
    assert (general["goal_id"], general["title"], general["unread_count"]) == (
        None,
        "General conversation",
        0,
    )
    assert (about_goal["goal_id"], about_goal["unread_count"]) == (cam_goal.pk, 1)
    assert about_goal["title"] == "Walk to the park on Saturdays"


def test_opening_a_goal_thread_twice_gives_the_same_thread(cast, as_cam, cam_goal):
    first = call(as_cam, "post", f"/clients/{cast.cam.pk}/threads", {"goal_id": cam_goal.pk})
    second = call(as_cam, "post", f"/clients/{cast.cam.pk}/threads", {"goal_id": cam_goal.pk})
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]


def test_a_goal_thread_needs_one_of_the_clients_goals(cast, as_cam):
    casey_goal = propose_goal(cast.casey, cast.casey_user, words="Casey's")
    response = call(as_cam, "post", f"/clients/{cast.cam.pk}/threads", {"goal_id": casey_goal.pk})
    assert response.status_code == 422
    assert "goal_id" in errors_of(response)
    assert not Thread.objects.filter(goal=casey_goal).exists()


def test_a_message_is_sent_and_listed_with_its_read_state(cast, as_cam, as_tess, general):
    url = f"/clients/{cast.cam.pk}/threads/{general.pk}/messages"
    sent = call(as_cam, "post", url, {"body": "<b>Hello</b>"})
    assert sent.status_code == 201
    message = sent.json()
    assert message["body"] == "<b>Hello</b>"  # stored and returned as the plain text it is
    assert message["author"]["id"] == cast.cam_user.pk
    assert (message["author_party"], message["read_by"], message["revisions"]) == ("client", [], [])
    read = call(as_tess, "post", f"/clients/{cast.cam.pk}/threads/{general.pk}/read", {})
    assert read.status_code == 200
    assert (read.json()["last_read_message_id"], read.json()["unread_count"]) == (message["id"], 0)
    listed = call(as_cam, "get", url).json()
    assert listed["count"] == 1
    assert [reader["name"] for reader in listed["items"][0]["read_by"]] == ["Tess Taylor"]


def test_listing_messages_does_not_mark_them_read(cast, as_tess, general):
    actions.post_message(general, cast.cam_user, body="Hello")
    call(as_tess, "get", f"/clients/{cast.cam.pk}/threads/{general.pk}/messages")
    threads = call(as_tess, "get", f"/clients/{cast.cam.pk}/threads").json()
    assert threads["items"][0]["unread_count"] == 1


def test_read_up_to_a_message_of_another_thread_is_refused(cast, as_tess, general, cam_goal):
    other = actions.goal_thread(cast.cam, cam_goal, cast.cam_user)
    elsewhere = actions.post_message(other, cast.cam_user, body="Elsewhere")
    response = call(
        as_tess, "post", f"/clients/{cast.cam.pk}/threads/{general.pk}/read", {"message_id": elsewhere.pk}
    )
    assert response.status_code == 422
    assert "message_id" in errors_of(response)


@pytest.mark.parametrize(
    ("body", "status"),
    [({"body": ""}, 422), ({"body": "   "}, 422), ({"body": "x" * 4001}, 422), ({}, 422), ({"body": 5}, 422)],
)
def test_a_bad_message_is_refused_naming_the_field(cast, as_cam, general, body, status):
    response = call(as_cam, "post", f"/clients/{cast.cam.pk}/threads/{general.pk}/messages", body)
    assert response.status_code == status
    assert "body" in errors_of(response)
    assert not Message.objects.exists()


def test_the_same_submission_key_sends_one_message(cast, as_cam, general):
    key = str(uuid.uuid4())
    url = f"/clients/{cast.cam.pk}/threads/{general.pk}/messages"
    first = call(as_cam, "post", url, {"body": "Once", "submission_key": key})
    second = call(as_cam, "post", url, {"body": "Once", "submission_key": key})
    assert first.json()["id"] == second.json()["id"]
    assert Message.objects.count() == 1


def test_an_api_message_emails_only_a_link(cast, as_cam, general, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call(
            as_cam, "post", f"/clients/{cast.cam.pk}/threads/{general.pk}/messages", {"body": "Panic at work"}
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "You have a new message in Accord"
    assert "Panic" not in mail.outbox[0].body


def test_an_edit_keeps_the_original(cast, as_cam, as_tess, general):
    message = actions.post_message(general, cast.cam_user, body="First words")
    response = call(
        as_cam, "patch", f"/clients/{cast.cam.pk}/messages/{message.pk}", {"body": "Second words"}
    )
    assert response.status_code == 200
    assert response.json()["body"] == "Second words"
    assert response.json()["edited_at"] is not None
    seen_by_tess = call(as_tess, "get", f"/clients/{cast.cam.pk}/threads/{general.pk}/messages").json()
    assert [revision["body"] for revision in seen_by_tess["items"][0]["revisions"]] == ["First words"]


def test_only_the_author_edits_a_message(cast, as_tess, general):
    message = actions.post_message(general, cast.cam_user, body="Mine")
    response = call(as_tess, "patch", f"/clients/{cast.cam.pk}/messages/{message.pk}", {"body": "Changed"})
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    message.refresh_from_db()
    assert message.body == "Mine"
    assert not MessageRevision.objects.exists()


def test_an_empty_edit_is_refused(cast, as_cam, general):
    message = actions.post_message(general, cast.cam_user, body="Mine")
    response = call(as_cam, "patch", f"/clients/{cast.cam.pk}/messages/{message.pk}", {"body": " "})
    assert response.status_code == 422
    assert "body" in errors_of(response)


# --- The agenda -----------------------------------------------------------------------------------------


def test_agenda_items_are_added_and_listed_in_priority_order(cast, as_cam, as_tess, cam_goal):
    url = f"/clients/{cast.cam.pk}/agenda"
    low = call(as_cam, "post", url, {"text": "Low", "priority": "low"})
    high = call(as_cam, "post", url, {"text": "High", "priority": "high", "goal_id": cam_goal.pk})
    normal = call(as_tess, "post", url, {"text": "Normal"})
    assert (low.status_code, high.status_code, normal.status_code) == (201, 201, 201)
    assert high.json()["goal_id"] == cam_goal.pk
    assert normal.json()["priority"] == "normal"
    assert normal.json()["added_by_party"] == "therapist"
    listed = call(as_tess, "get", url).json()
    assert [item["text"] for item in listed["items"]] == ["High", "Normal", "Low"]


def test_marking_discussed_moves_an_item_off_the_agenda(cast, as_tess):
    item = actions.add_agenda_item(cast.cam, cast.cam_user, text="Sleep", priority="normal")
    response = call(as_tess, "post", f"/clients/{cast.cam.pk}/agenda/{item.pk}/discussed")
    assert response.status_code == 200
    assert response.json()["discussed_by"]["id"] == cast.tess.pk
    assert call(as_tess, "get", f"/clients/{cast.cam.pk}/agenda").json()["count"] == 0
    discussed = call(as_tess, "get", f"/clients/{cast.cam.pk}/agenda?status=discussed").json()
    assert [entry["text"] for entry in discussed["items"]] == ["Sleep"]
    assert call(as_tess, "get", f"/clients/{cast.cam.pk}/agenda?status=all").json()["count"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "", "priority": "high"}, "text"),
        ({"text": "  ", "priority": "high"}, "text"),
        ({"text": "x" * 301}, "text"),
        ({"text": "Sleep", "priority": "urgent"}, "priority"),
        ({"text": "Sleep", "goal_id": 999999}, "goal_id"),
    ],
)
def test_a_bad_agenda_item_is_refused_naming_the_field(cast, as_cam, body, field):
    response = call(as_cam, "post", f"/clients/{cast.cam.pk}/agenda", body)
    assert response.status_code == 422
    assert field in errors_of(response)
    assert not AgendaItem.objects.exists()


def test_an_unknown_agenda_filter_is_refused(cast, as_cam):
    response = call(as_cam, "get", f"/clients/{cast.cam.pk}/agenda?status=later")
    assert response.status_code == 422
    assert "status" in errors_of(response)


# --- Goal ideas -----------------------------------------------------------------------------------------


def test_a_goal_idea_is_noted_and_turned_into_a_goal(cast, as_casey, as_tess):
    url = f"/clients/{cast.casey.pk}/goal-ideas"
    noted = call(as_casey, "post", url, {"text": "Stay for the whole team lunch"})
    assert noted.status_code == 201
    idea_id = noted.json()["id"]
    assert call(as_tess, "get", url).json()["items"][0]["text"] == "Stay for the whole team lunch"
    converted = call(as_tess, "post", f"{url}/{idea_id}/goal")
    assert converted.status_code == 201
    goal = Goal.objects.get(pk=converted.json()["goal_id"])
    assert goal.client_words == "Stay for the whole team lunch"
    assert converted.json()["idea"]["goal_id"] == goal.pk
    again = call(as_casey, "post", f"{url}/{idea_id}/goal")
    assert again.status_code == 409
    assert set(again.json()) == {"detail", "errors"}
    assert Goal.objects.count() == 1


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   "}, {"text": "x" * 301}, {}])
def test_a_bad_goal_idea_is_refused(cast, as_casey, body):
    response = call(as_casey, "post", f"/clients/{cast.casey.pk}/goal-ideas", body)
    assert response.status_code == 422
    assert "text" in errors_of(response)
    assert not GoalIdea.objects.exists()


# --- The access guard -----------------------------------------------------------------------------------

OPERATIONS = [
    ("get", "/clients/{client}/threads", None),
    ("post", "/clients/{client}/threads", {"goal_id": "{goal}"}),
    ("get", "/clients/{client}/threads/{thread}/messages", None),
    ("post", "/clients/{client}/threads/{thread}/messages", {"body": "Intruder"}),
    ("patch", "/clients/{client}/messages/{message}", {"body": "Intruder"}),
    ("post", "/clients/{client}/threads/{thread}/read", {}),
    ("get", "/clients/{client}/agenda", None),
    ("post", "/clients/{client}/agenda", {"text": "Intruder"}),
    ("post", "/clients/{client}/agenda/{item}/discussed", None),
    ("get", "/clients/{client}/goal-ideas", None),
    ("post", "/clients/{client}/goal-ideas", {"text": "Intruder"}),
    ("post", "/clients/{client}/goal-ideas/{idea}/goal", None),
]


@pytest.fixture
def cams(cast, cam_goal):
    thread = actions.general_thread(cast.cam)
    return {
        "client": cast.cam.pk,
        "goal": cam_goal.pk,
        "thread": thread.pk,
        "message": actions.post_message(thread, cast.cam_user, body="Private").pk,
        "item": actions.add_agenda_item(cast.cam, cast.cam_user, text="Private", priority="high").pk,
        "idea": actions.add_goal_idea(cast.cam, cast.cam_user, text="Private").pk,
    }


def _fill(template: str, ids: dict) -> str:
    return template.format(**ids)


def _body(body: dict | None, ids: dict) -> dict | None:
    if body is None:
        return None
    return {key: int(_fill(value, ids)) if value == "{goal}" else value for key, value in body.items()}


def _state() -> tuple:
    return (
        list(Message.objects.values_list("body", "edited_at")),
        list(AgendaItem.objects.values_list("text", "discussed_at")),
        list(GoalIdea.objects.values_list("text", "goal")),
        Thread.objects.count(),
        Goal.objects.count(),
    )


@pytest.mark.parametrize(("method", "template", "body"), OPERATIONS)
def test_anonymous_callers_get_401(cast, cams, method, template, body):
    response = call(BrowserClient(), method, _fill(template, cams), _body(body, cams))
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize("outsider", ["as_casey", "as_theo", "as_ada", "as_cleo"])
@pytest.mark.parametrize(("method", "template", "body"), OPERATIONS)
def test_outsiders_get_404_and_change_nothing(request, cast, cams, outsider, method, template, body):
    before = _state()
    response = call(request.getfixturevalue(outsider), method, _fill(template, cams), _body(body, cams))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}
    assert _state() == before
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).exists()


@pytest.mark.parametrize(("method", "template", "body"), [op for op in OPERATIONS if op[0] == "get"])
def test_the_client_and_her_therapist_read_every_list(request, cast, cams, method, template, body):
    for caller in ("as_cam", "as_tess"):
        response = call(request.getfixturevalue(caller), method, _fill(template, cams))
        assert response.status_code == 200
        assert set(response.json()) == {"items", "count"}


def test_an_api_token_acts_as_its_owner(cast, cams):
    _token, raw = ApiToken.issue(cast.cam_user, "phone")
    caller = BrowserClient(headers={"Authorization": f"Bearer {raw}"})
    response = call(caller, "post", f"/clients/{cast.cam.pk}/agenda", {"text": "From my phone"})
    assert response.status_code == 201
    assert response.json()["added_by"]["id"] == cast.cam_user.pk
    assert call(caller, "get", f"/clients/{cast.casey.pk}/agenda").status_code == 404


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("delete", "/clients/{client}/threads"),
        ("put", "/clients/{client}/threads/{thread}/messages"),
        ("get", "/clients/{client}/threads/{thread}/read"),
        ("delete", "/clients/{client}/agenda/{item}/discussed"),
        ("get", "/clients/{client}/goal-ideas/{idea}/goal"),
    ],
)
def test_wrong_methods_are_refused(cast, as_cam, cams, method, template):
    assert call(as_cam, method, _fill(template, cams)).status_code == 405


def test_every_dialogue_operation_is_in_the_openapi_document():
    paths = api.get_openapi_schema()["paths"]
    renames = {"{client}": "{client_id}", "{thread}": "{thread_id}", "{message}": "{message_id}"}
    renames |= {"{item}": "{item_id}", "{idea}": "{idea_id}"}
    for method, template, body in OPERATIONS:
        path = API + template
        for short, full in renames.items():
            path = path.replace(short, full)
        operation = paths[path][method]
        assert operation["tags"] == ["dialogue"]
        responses = {str(status): answer for status, answer in operation["responses"].items()}
        success = responses.get("200") or responses["201"]
        assert "$ref" in str(success["content"]["application/json"]["schema"]), path
        assert {"401", "404", "422"} <= set(responses), path
        if body:
            assert "requestBody" in operation, path


# --- Query counts ---------------------------------------------------------------------------------------


def _count(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert call(browser, "get", url).status_code == 200
    return len(captured)


def test_list_query_counts_do_not_grow_with_rows(cast, as_tess, general):
    urls = [
        f"/clients/{cast.cam.pk}/threads/{general.pk}/messages?limit=200",
        f"/clients/{cast.cam.pk}/agenda?status=all&limit=200",
        f"/clients/{cast.cam.pk}/goal-ideas?limit=200",
    ]

    def grow(count: int) -> None:
        for number in range(count):
            message = actions.post_message(general, cast.cam_user, body=f"M{number}")
            actions.edit_message(message, cast.cam_user, body=f"M{number}!")
            actions.add_agenda_item(cast.cam, cast.cam_user, text=f"A{number}", priority="low")
            actions.add_goal_idea(cast.cam, cast.cam_user, text=f"I{number}")
        actions.mark_read(general, cast.tess)

    grow(10)
    few = [_count(as_tess, url) for url in urls]
    grow(90)
    assert [_count(as_tess, url) for url in urls] == few
