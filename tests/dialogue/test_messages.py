"""Messages between a client and their care team: threads, plain text shown safely, edits that keep the
original, read state both ways, and email notices that carry only a link."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.dialogue import actions
from accord.dialogue.models import (
    MESSAGE_MAX_LENGTH,
    Message,
    MessageEmailNotice,
    MessageRevision,
    Thread,
    unread_count,
)
from accord.goals.actions import propose_goal
from tests.dialogue.helpers import say, thread_url

SUBJECT = "You have a new message in Accord"


# --- Sending and reading ------------------------------------------------------------------------------


def test_the_conversation_starts_with_a_general_thread_and_counts_what_is_new(cast, as_tess, cam_general):
    say(cam_general, cast.cam_user, "Hello")
    say(cam_general, cast.cam_user, "Are you there?")
    response = as_tess.get(reverse("dialogue_conversation", args=[cast.cam.pk]))
    assert response.status_code == 200
    assert "General conversation" in response.text
    assert "2 new" in response.text
    assert Thread.objects.filter(client=cast.cam).count() == 1


def test_a_client_sends_a_message_and_sees_it_in_the_thread(cast, as_cam, cam_general):
    response = as_cam.post(thread_url(cam_general), {"body": "  I had a hard week.  "})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#message-{message.pk}")
    assert message.body == "I had a hard week."
    assert message.author == cast.cam_user
    assert message.author_party == "client"
    page = as_cam.get(thread_url(cam_general)).text
    assert "I had a hard week." in page
    assert "Not read yet" in page


def test_the_client_sees_when_the_therapist_has_read_the_message(cast, as_cam, as_tess, cam_general):
    say(cam_general, cast.cam_user, "I had a hard week.")
    assert "Not read yet" in as_cam.get(thread_url(cam_general)).text
    as_tess.get(thread_url(cam_general))
    page = as_cam.get(thread_url(cam_general)).text
    assert "Read by Tess" in page
    assert "Not read yet" not in page


def test_messages_are_shown_as_text_never_as_html(cast, as_tess, cam_general):
    say(cam_general, cast.cam_user, '<script>alert("hi")</script>\n<b>bold?</b>')
    page = as_tess.get(thread_url(cam_general)).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;<br>&lt;b&gt;bold?&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write your message first."),
        ("   \n  ", "Write your message first."),
        ("x" * (MESSAGE_MAX_LENGTH + 1), f"at most {MESSAGE_MAX_LENGTH} characters"),
    ],
)
def test_an_empty_or_overlong_message_is_refused_next_to_the_field(cast, as_cam, cam_general, body, message):
    response = as_cam.post(thread_url(cam_general), {"body": body})
    assert response.status_code == 200
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'id="id_body_error"' in response.text
    assert not Message.objects.exists()
    if body.strip():
        assert body in response.text  # what they typed is still there


def test_a_double_submit_sends_one_message(cast, as_cam, cam_general):
    key = str(uuid.uuid4())
    as_cam.post(thread_url(cam_general), {"body": "Once", "submission_key": key})
    as_cam.post(thread_url(cam_general), {"body": "Once", "submission_key": key})
    assert Message.objects.count() == 1


def test_earlier_messages_are_a_link_away(cast, as_tess, cam_general, settings):
    for number in range(55):
        say(cam_general, cast.cam_user, f"Message number {number}.")
    page = as_tess.get(thread_url(cam_general)).text
    assert "Message number 54." in page
    assert "Message number 4." not in page
    assert "Show earlier messages" in page
    first_shown = Message.objects.order_by("pk")[5]
    earlier = as_tess.get(thread_url(cam_general), {"before": first_shown.pk}).text
    assert "Message number 4." in earlier
    assert "Message number 54." not in earlier


def test_thread_page_answers_405_to_other_methods(cast, as_cam, cam_general):
    assert as_cam.put(thread_url(cam_general)).status_code == 405
    assert as_cam.delete(thread_url(cam_general)).status_code == 405
    assert as_cam.get(reverse("dialogue_goal_thread", args=[cast.cam.pk])).status_code == 405


def test_a_thread_of_another_client_is_not_found_under_this_client(cast, as_tess):
    casey_thread = actions.general_thread(cast.casey)
    url = reverse("dialogue_thread", args=[cast.cam.pk, casey_thread.pk])
    assert as_tess.get(url).status_code == 404


# --- Goal threads ---------------------------------------------------------------------------------------


def test_a_goal_gets_its_own_thread_once(cast, as_cam, cam_goal):
    url = reverse("dialogue_goal_thread", args=[cast.cam.pk])
    first = as_cam.post(url, {"goal": cam_goal.pk})
    second = as_cam.post(url, {"goal": cam_goal.pk})
    thread = Thread.objects.get(goal=cam_goal)
    assert first["Location"] == second["Location"] == thread_url(thread)
    page = as_cam.get(thread_url(thread)).text
    assert "Walk to the park on Saturdays" in page


def test_goal_threads_follow_the_general_thread_latest_conversation_first(
    cast, as_cam, cam_general, cam_goal
):
    other_goal = propose_goal(cast.cam, cast.cam_user, words="Sleep before midnight")
    walk = actions.goal_thread(cast.cam, cam_goal, cast.cam_user)
    sleep = actions.goal_thread(cast.cam, other_goal, cast.cam_user)
    say(sleep, cast.cam_user, "Older")
    say(walk, cast.cam_user, "Newer")
    page = as_cam.get(reverse("dialogue_conversation", args=[cast.cam.pk])).text
    positions = [page.index(text) for text in ("General conversation", "Walk to the park", "Sleep before")]
    assert positions == sorted(positions)


def test_a_thread_cannot_be_opened_on_another_clients_goal(cast, as_cam):
    casey_goal = propose_goal(cast.casey, cast.casey_user, words="Casey's own goal")
    response = as_cam.post(reverse("dialogue_goal_thread", args=[cast.cam.pk]), {"goal": casey_goal.pk})
    assert response.status_code == 302
    assert not Thread.objects.filter(goal=casey_goal).exists()


# --- Edits keep the original ----------------------------------------------------------------------------


def edit_url(message) -> str:
    return reverse("dialogue_message", args=[message.thread.client_id, message.thread_id, message.pk])


def test_an_edit_keeps_the_original_words_for_both_parties(cast, as_cam, as_tess, cam_general):
    message = say(cam_general, cast.cam_user, "I walked once.")
    response = as_cam.post(edit_url(message), {"body": "I walked twice."})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body == "I walked twice."
    assert message.edited_at is not None
    revision = MessageRevision.objects.get(message=message)
    assert revision.body == "I walked once."
    tess_page = as_tess.get(thread_url(cam_general)).text
    assert "I walked twice." in tess_page
    assert "Edited" in tess_page
    assert "I walked once." in tess_page
    history = as_tess.get(edit_url(message)).text
    assert "Message history" in history
    assert "I walked once." in history


def test_each_edit_adds_to_the_history(cast, as_cam, cam_general):
    message = say(cam_general, cast.cam_user, "One")
    as_cam.post(edit_url(message), {"body": "Two"})
    as_cam.post(edit_url(message), {"body": "Three"})
    assert list(message.revisions.values_list("body", flat=True)) == ["One", "Two"]


def test_only_the_author_may_edit(cast, as_tess, cam_general):
    message = say(cam_general, cast.cam_user, "Mine")
    assert as_tess.post(edit_url(message), {"body": "Changed by Tess"}).status_code == 403
    message.refresh_from_db()
    assert message.body == "Mine"
    assert not MessageRevision.objects.exists()
    page = as_tess.get(edit_url(message)).text
    assert "<textarea" not in page


def test_an_empty_edit_is_refused_and_nothing_changes(cast, as_cam, cam_general):
    message = say(cam_general, cast.cam_user, "Keep me")
    response = as_cam.post(edit_url(message), {"body": "  "})
    assert response.status_code == 200
    assert "A message cannot be empty." in response.text
    message.refresh_from_db()
    assert message.body == "Keep me"
    assert not MessageRevision.objects.exists()


def test_saving_the_same_words_is_not_an_edit(cast, as_cam, cam_general):
    message = say(cam_general, cast.cam_user, "Same")
    as_cam.post(edit_url(message), {"body": "Same"})
    message.refresh_from_db()
    assert message.edited_at is None


def test_the_edit_page_answers_405_to_other_methods(cast, as_cam, cam_general):
    message = say(cam_general, cast.cam_user, "Mine")
    assert as_cam.delete(edit_url(message)).status_code == 405


# --- Unread counts --------------------------------------------------------------------------------------


def test_unread_counts_are_per_reader_and_ignore_ones_own_messages(cast, as_tess, cam_general, cam_goal):
    goal_thread = actions.goal_thread(cast.cam, cam_goal, cast.cam_user)
    say(cam_general, cast.cam_user, "One")
    say(goal_thread, cast.cam_user, "Two")
    say(cam_general, cast.tess, "Three")
    assert unread_count(cast.cam, cast.tess) == 2
    assert unread_count(cast.cam, cast.cam_user) == 1
    as_tess.get(thread_url(cam_general))
    assert unread_count(cast.cam, cast.tess) == 1
    assert unread_count(cast.cam, cast.cam_user) == 1  # Tess reading changes nothing for Cam
    say(cam_general, cast.cam_user, "Four")
    assert unread_count(cast.cam, cast.tess) == 2


def test_a_read_marker_never_moves_back(cast, cam_general):
    first = say(cam_general, cast.cam_user, "One")
    second = say(cam_general, cast.cam_user, "Two")
    actions.mark_read(cam_general, cast.tess, up_to_id=second.pk)
    marker = actions.mark_read(cam_general, cast.tess, up_to_id=first.pk)
    assert marker.last_read_message_id == second.pk


# --- Email notices --------------------------------------------------------------------------------------


def test_the_other_party_gets_an_email_with_only_a_link(
    cast, as_cam, cam_general, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_cam.post(thread_url(cam_general), {"body": "My sister and I argued about Mum again."})
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [cast.tess.email]
    assert email.subject == SUBJECT
    assert f"http://testserver{thread_url(cam_general)}" in email.body
    text = (email.subject + email.body).lower()
    for secret in ("sister", "argued", "mum", "cam", "tess", "riverside"):
        assert secret not in text


def test_a_therapists_message_emails_the_client(
    cast, as_tess, cam_general, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_tess.post(thread_url(cam_general), {"body": "See you Thursday."})
    assert [email.to for email in mail.outbox] == [[cast.cam_user.email]]
    assert "Thursday" not in mail.outbox[0].body


def test_a_burst_of_messages_sends_one_email_an_hour(
    cast, as_cam, cam_general, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            as_cam.post(thread_url(cam_general), {"body": f"Message {number}"})
    assert len(mail.outbox) == 1
    notice = MessageEmailNotice.objects.get(recipient=cast.tess)
    MessageEmailNotice.objects.filter(pk=notice.pk).update(
        last_sent_at=notice.last_sent_at - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        as_cam.post(thread_url(cam_general), {"body": "An hour later"})
    assert len(mail.outbox) == 2


def test_a_refused_message_sends_no_email(cast, as_cam, cam_general, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_cam.post(thread_url(cam_general), {"body": ""})
    assert mail.outbox == []
    assert not MessageEmailNotice.objects.exists()


def test_a_client_without_a_sign_in_gets_no_email(cast, as_tess, django_capture_on_commit_callbacks):
    from tests.factories import make_client

    jordan = make_client(cast.tess, "Jordan", email=None)
    thread = actions.general_thread(jordan)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_tess.post(thread_url(thread), {"body": "Notes for our next session"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- Query counts do not grow with the conversation -----------------------------------------------------


def _queries(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def _grow(thread, cast, count: int) -> None:
    for number in range(count):
        author = cast.cam_user if number % 2 else cast.tess
        message = say(thread, author, f"Message {number}")
        if number % 5 == 0:
            actions.edit_message(message, author, body=f"Message {number}, edited")


@pytest.mark.parametrize("page", ["thread", "conversation"])
def test_message_pages_make_the_same_queries_for_10_and_100_messages(
    cast, as_tess, cam_general, cam_goal, page, django_assert_max_num_queries
):
    goal_thread = actions.goal_thread(cast.cam, cam_goal, cast.cam_user)
    url = (
        thread_url(cam_general) if page == "thread" else reverse("dialogue_conversation", args=[cast.cam.pk])
    )
    _grow(cam_general, cast, 10)
    _grow(goal_thread, cast, 10)
    as_tess.get(url)  # the first visit creates the read marker
    say(cam_general, cast.cam_user, "One more")
    small = _queries(as_tess, url)
    _grow(cam_general, cast, 90)
    _grow(goal_thread, cast, 90)
    with django_assert_max_num_queries(small):
        assert as_tess.get(url).status_code == 200
