"""The client's intake: one group of questions per screen, saved as they go (one answer at a time with htmx,
or a whole screen with the button), progress shown, review and send, corrections afterwards; the
therapist reads a summary and the strengths, needs and values become the client's themes for goals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.assessments.models import Intake, MeasureAssignment
from accord.audit.models import Action, AuditEvent
from accord.goals.models import ClientTheme

STEP_1 = {"what_brings_you": "Work stress and poor sleep.", "hopes": "Sleeping through most nights."}
STEP_2 = {"strengths": ["Stubborn in a good way", "Kind to friends", ""], "values": ["Family"]}


def step_url(number: int) -> str:
    return reverse("intake_step", args=[number])


def answers_of(client) -> dict:
    return Intake.objects.get(client=client).answers


def test_the_intake_starts_from_the_clients_home(cast, as_cam):
    home = as_cam.get(reverse("client_home")).content.decode()
    assert reverse("intake") in home
    overview = as_cam.get(reverse("intake")).content.decode()
    assert "0 of 10 questions answered" in overview
    assert step_url(1) in overview


def test_a_screen_saves_with_the_button_and_moves_on(cast, as_cam):
    answer = as_cam.post(step_url(1), STEP_1)
    assert answer.status_code == 302 and answer["Location"] == step_url(2)
    assert answers_of(cast.cam) == STEP_1
    page = as_cam.get(step_url(2)).content.decode()
    assert "Step 2 of 5" in page and "2 of 10 questions answered" in page


def test_lists_are_several_short_inputs_and_blank_lines_are_dropped(cast, as_cam):
    page = as_cam.get(step_url(2)).content.decode()
    assert page.count('name="strengths"') == 3
    as_cam.post(step_url(2), {**STEP_2, "stay": "1"})
    assert answers_of(cast.cam)["strengths"] == ["Stubborn in a good way", "Kind to friends"]
    again = as_cam.get(step_url(2)).content.decode()
    assert 'value="Kind to friends"' in again
    assert again.count('name="strengths"') == 3  # two filled and room for one more


def test_one_answer_autosaves_on_its_own(cast, as_cam):
    as_cam.post(step_url(1), STEP_1)
    saved = as_cam.post(
        reverse("intake_autosave", args=["hopes"]),
        {"hopes": "Fewer bad days", "what_brings_you": "ignored"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and "Saved" in saved.content.decode()
    assert "<html" not in saved.content.decode()  # only the little status, not a page
    assert answers_of(cast.cam) == {**STEP_1, "hopes": "Fewer bad days"}
    event = AuditEvent.objects.filter(action=Action.INTAKE_SAVED).first()
    assert event.detail == {"items": ["hopes"]}  # which question, never the answer


def test_the_autosave_refuses_a_bad_answer_and_keeps_the_old_one(cast, as_cam):
    as_cam.post(step_url(5), {"importance": "6"})
    refused = as_cam.post(reverse("intake_autosave", args=["importance"]), {"importance": "11"})
    assert "Choose a number from 0 to 10." in refused.content.decode()
    assert answers_of(cast.cam)["importance"] == 6


def test_a_screen_with_bad_answers_shows_each_message_and_saves_nothing(cast, as_cam):
    too_long = "x" * 201
    page = as_cam.post(step_url(2), {"strengths": ["Fine", too_long], "values": ["Family"]})
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        '<p class="field-error" id="strengths-error">Please keep each one under 200 characters.</p>' in html
    )
    assert f'value="{too_long}"' in html  # what they typed is still there
    assert not Intake.objects.filter(client=cast.cam).exists()

    page = as_cam.post(step_url(5), {"importance": "12", "confidence": "4"})
    assert (
        '<p class="field-error" id="importance-error">Choose a number from 0 to 10.</p>'
        in page.content.decode()
    )
    assert not Intake.objects.filter(client=cast.cam).exists()


def test_leaving_and_coming_back_continues_where_they_left_off(cast, as_cam):
    as_cam.post(step_url(1), STEP_1)
    as_cam.post(step_url(2), STEP_2)
    overview = as_cam.get(reverse("intake")).content.decode()
    assert "4 of 10 questions answered" in overview
    assert f'href="{step_url(3)}">Continue where I left off' in overview.replace("\n", "")


def test_review_and_send_makes_themes_and_asks_for_the_first_measures(cast, as_cam, as_tess):
    as_cam.post(step_url(1), STEP_1)
    as_cam.post(step_url(2), STEP_2)
    as_cam.post(step_url(3), {"challenges": ["Sleep", "Deadlines"], "supports": "My partner"})
    review = as_cam.get(reverse("intake_review")).content.decode()
    assert "Stubborn in a good way" in review and "Send to my care team" in review

    sent = as_cam.post(reverse("intake_review"))
    assert sent.status_code == 302
    intake = Intake.objects.get(client=cast.cam)
    assert intake.is_submitted
    themes = set(ClientTheme.objects.filter(client=cast.cam).values_list("kind", "text", "source"))
    assert themes == {
        ("strength", "Stubborn in a good way", "intake"),
        ("strength", "Kind to friends", "intake"),
        ("value", "Family", "intake"),
        ("need", "Sleep", "intake"),
        ("need", "Deadlines", "intake"),
    }
    assigned = set(
        MeasureAssignment.objects.filter(client=cast.cam, active=True).values_list(
            "instrument_key", flat=True
        )
    )
    assert assigned == {"phq9", "gad7"}
    assert AuditEvent.objects.filter(action=Action.INTAKE_SUBMITTED, client=cast.cam).count() == 1

    summary = as_tess.get(reverse("client_assessment", args=[cast.cam.pk])).content.decode()
    assert "Work stress and poor sleep." in summary and "Kind to friends" in summary
    client_page = as_tess.get(reverse("client_page", args=[cast.cam.pk])).content.decode()
    assert "Work stress and poor sleep." in client_page


def test_the_client_can_correct_answers_after_sending(cast, as_cam, as_tess):
    as_cam.post(step_url(2), STEP_2)
    as_cam.post(reverse("intake_review"))
    as_cam.post(step_url(2), {"strengths": ["Stubborn in a good way", "Good cook"], "values": ["Family"]})
    assert answers_of(cast.cam)["strengths"] == ["Stubborn in a good way", "Good cook"]
    assert ClientTheme.objects.filter(client=cast.cam, text="Good cook", source="intake").exists()
    # Themes are only added: a goal may already link to the old words.
    assert ClientTheme.objects.filter(client=cast.cam, text="Kind to friends").exists()
    review = as_cam.get(reverse("intake_review")).content.decode()
    assert "You sent these to your care team" in review and "Good cook" in review
    assert "Good cook" in as_tess.get(reverse("client_assessment", args=[cast.cam.pk])).content.decode()


def test_the_therapist_does_not_see_an_unsent_intake(cast, as_cam, as_tess):
    as_cam.post(step_url(1), STEP_1)
    page = as_tess.get(reverse("client_assessment", args=[cast.cam.pk])).content.decode()
    assert "Work stress" not in page and "not sent it yet" in page


def test_each_client_has_their_own_intake(cast, as_cam, as_casey):
    as_cam.post(step_url(1), STEP_1)
    assert "Work stress" not in as_casey.get(step_url(1)).content.decode()
    as_casey.post(reverse("intake_autosave", args=["hopes"]), {"hopes": "Casey's hope"})
    assert answers_of(cast.cam)["hopes"] == STEP_1["hopes"]
    assert answers_of(cast.casey) == {"hopes": "Casey's hope"}


@pytest.mark.parametrize("who", ["as_tess", "as_theo", "as_ada"])
def test_intake_pages_are_for_clients_only(cast, who, request):
    browser = request.getfixturevalue(who)
    for url in (reverse("intake"), step_url(1), reverse("intake_review")):
        assert browser.get(url).status_code == 404
    assert browser.post(reverse("intake_autosave", args=["hopes"]), {"hopes": "x"}).status_code == 404
    assert not Intake.objects.exists()


def test_anonymous_is_sent_to_sign_in(db, client):
    for url in (reverse("intake"), step_url(1), reverse("intake_review")):
        answer = client.get(url)
        assert answer.status_code == 302 and reverse("account_login") in answer["Location"]


def test_unknown_steps_and_questions_are_not_found(cast, as_cam):
    assert as_cam.get(step_url(6)).status_code == 404
    assert as_cam.get(step_url(0)).status_code == 404
    assert as_cam.post(reverse("intake_autosave", args=["nosuch"]), {"nosuch": "x"}).status_code == 404


def test_wrong_methods(cast, as_cam):
    assert as_cam.get(reverse("intake_autosave", args=["hopes"])).status_code == 405
    assert as_cam.post(reverse("intake")).status_code == 405
    assert as_cam.put(step_url(1)).status_code == 405
