"""Assessment journey: Casey, new to therapy, fills in the intake on her phone (an answer survives a reload),
sends it and answers the PHQ-9 that is then due, with item 9 "Several days": she sees her practice's
crisis resources at once. Tess is emailed a bare sign-in link, sees the safety alert on her home and on
Casey's page, acknowledges it with a note, and the alert is gone. Axe on every page; screenshots in
tests/e2e/screenshots/."""

import re
from urllib.parse import parse_qs

import pytest
from django.core import mail
from playwright.sync_api import expect

from accord.assessments.models import SafetyAlert
from tests.e2e.conftest import DESKTOP, PHONE, check_page, sign_in
from tests.factories import PASSWORD, make_cast

pytestmark = pytest.mark.django_db(transaction=True)

WHAT_BRINGS_YOU = "I have been feeling flat since the move and want my evenings back."
ACK_NOTE = "Called Casey the same day, completed a risk assessment and agreed a safety plan."


def no_horizontal_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def question(page, text: str):
    """A radio or list question: a fieldset whose legend is the question."""
    return page.get_by_role("group", name=re.compile(re.escape(text)))


def wait_until_saved(page, item_key: str) -> None:
    """Each answer is saved on its own (htmx) as she goes; the note beside the question says so."""
    page.locator(f"#saved-{item_key}").get_by_text("Saved").wait_for()


def saves(response, item_key: str, text: str) -> bool:
    """Whether this is the autosave that stores ``text`` as the answer to ``item_key``."""
    request = response.request
    if request.method != "POST" or not request.url.endswith(f"/me/intake/answers/{item_key}/"):
        return False
    return parse_qs(request.post_data or "").get(item_key) == [text]


def write(page, field, text: str, item_key: str) -> None:
    # Leaving the field saves it, as it would for someone who pastes an answer and moves on.
    field.fill(text)
    field.press("Tab")
    wait_until_saved(page, item_key)


def choose(page, group, option: str, item_key: str) -> None:
    group.get_by_role("radio", name=option, exact=True).check()
    wait_until_saved(page, item_key)


def save_step(page, button: str = "Save and continue") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("networkidle")


def complete_the_intake(casey) -> None:
    # The home lists the getting-started questions among the next steps (issue 13's phone home).
    casey.locator('.next-steps a[href="/me/intake/"]').first.click()
    casey.wait_for_url(re.compile(r"/me/intake/$"))
    check_page(casey, "assessment-02-intake-overview-phone")
    casey.get_by_role("link", name="Start", exact=True).click()
    casey.wait_for_url(re.compile(r"/me/intake/1/$"))
    casey.wait_for_load_state("networkidle")
    check_page(casey, "assessment-03-intake-step-1-phone")
    assert no_horizontal_scrolling(casey)

    # The answer is saved as she types (htmx, on keyup); a reload of the step brings it back.
    # Wait for the save of the whole answer: a pause while typing may have saved part of it already.
    with casey.expect_response(lambda r: saves(r, "what_brings_you", WHAT_BRINGS_YOU)) as autosave:
        casey.get_by_label("What brings you to therapy right now?").press_sequentially(
            WHAT_BRINGS_YOU, delay=5
        )
    assert autosave.value.ok
    wait_until_saved(casey, "what_brings_you")
    casey.reload()
    casey.wait_for_load_state("networkidle")
    assert casey.get_by_label("What brings you to therapy right now?").input_value() == WHAT_BRINGS_YOU
    hopes = casey.get_by_label("If therapy goes well, what would you like to be different?")
    write(casey, hopes, "Going out with friends again.", "hopes")
    save_step(casey)

    casey.wait_for_url(re.compile(r"/me/intake/2/$"))
    check_page(casey, "assessment-04-intake-step-2-phone")
    strengths = question(casey, "What are some of your strengths").get_by_label("Answer 1")
    write(casey, strengths, "Stubborn in a good way", "strengths")
    values = question(casey, "What matters most to you in life?").get_by_label("Answer 1")
    write(casey, values, "My family", "values")
    save_step(casey)

    casey.wait_for_url(re.compile(r"/me/intake/3/$"))
    check_page(casey, "assessment-05-intake-step-3-phone")
    hardest = question(casey, "What feels hardest for you at the moment?").get_by_label("Answer 1")
    write(casey, hardest, "Getting up in the morning", "challenges")
    write(casey, casey.get_by_label("Who or what supports you?"), "My sister and the dog.", "supports")
    save_step(casey)

    casey.wait_for_url(re.compile(r"/me/intake/4/$"))
    check_page(casey, "assessment-06-intake-step-4-phone")
    choose(casey, question(casey, "Have you had therapy or counselling before?"), "No", "previous_therapy")
    save_step(casey)

    casey.wait_for_url(re.compile(r"/me/intake/5/$"))
    check_page(casey, "assessment-07-intake-step-5-phone")
    choose(casey, question(casey, "How important is it to you to make changes"), "8", "importance")
    choose(casey, question(casey, "how confident are you that you could?"), "6", "confidence")
    assert no_horizontal_scrolling(casey)
    save_step(casey, "Save and review")

    casey.wait_for_url(re.compile(r"/me/intake/review/$"))
    assert casey.get_by_role("heading", name="Review and send").is_visible()
    assert casey.get_by_text(WHAT_BRINGS_YOU).is_visible()
    check_page(casey, "assessment-08-intake-review-phone")
    casey.get_by_role("button", name="Send to my care team").click()
    # The page comes back at the same address, so wait for what it says rather than for the URL.
    expect(casey.get_by_text("Thank you. Your answers are with your care team now.")).to_be_visible()
    casey.wait_for_load_state("networkidle")
    check_page(casey, "assessment-09-intake-sent-phone")


def answer_the_phq9(casey) -> None:
    # Sending the intake asks the PHQ-9 (and GAD-7) once, due today.
    casey.get_by_role("region", name="Next: short questionnaires").get_by_role(
        "link", name="Start PHQ-9"
    ).click()
    casey.wait_for_url(re.compile(r"/me/measures/phq9/answer/$"))
    check_page(casey, "assessment-10-phq9-phone")
    assert no_horizontal_scrolling(casey)
    for number in range(1, 9):
        casey.get_by_role("group", name=re.compile(rf"^{number}\. ")).get_by_role(
            "radio", name="Not at all", exact=True
        ).check()
    casey.get_by_role("group", name=re.compile(r"^9\. ")).get_by_role(
        "radio", name="Several days", exact=True
    ).check()
    casey.get_by_role("button", name="Send my answers").click()
    casey.wait_for_url(re.compile(r"/me/measures/results/\d+/$"))
    casey.wait_for_load_state("networkidle")


def test_casey_flags_item_9_and_tess_acknowledges_the_alert(new_page):
    cast = make_cast()
    casey_client = cast.casey

    casey = new_page(PHONE)
    sign_in(casey, "casey@riverside.example", PASSWORD)
    casey.wait_for_url(re.compile(r"/me/$"))
    check_page(casey, "assessment-01-client-home-phone")
    complete_the_intake(casey)
    answer_the_phq9(casey)

    # The crisis resources are on the result page at once, not after the therapist has looked.
    crisis = casey.get_by_role("alert").filter(has_text="Please reach out for support now")
    assert crisis.is_visible()
    assert crisis.get_by_text(str(casey_client.practice.crisis_text)).is_visible()
    assert casey.get_by_text("We have let your care team know.").is_visible()
    check_page(casey, "assessment-11-phq9-result-crisis-phone")
    assert no_horizontal_scrolling(casey)

    # Tess's email says only "please sign in": no name, measure, question or score.
    alert = SafetyAlert.objects.get(client=casey_client)
    alert_mails = [m for m in mail.outbox if "tess@riverside.example" in m.to and "review" in m.subject]
    assert len(alert_mails) == 1
    words = (alert_mails[0].subject + "\n" + alert_mails[0].body).lower()
    for clinical in (
        "phq",
        "casey",
        "score",
        "item 9",
        "several days",
        "/27",
        "out of 27",
        "better off dead",
    ):
        assert clinical not in words, f"the alert email mentions {clinical!r}"
    assert "/clients/" in alert_mails[0].body

    tess = new_page(DESKTOP)
    sign_in(tess, "tess@riverside.example", PASSWORD)
    tess.wait_for_url(re.compile(r"/clients/$"))
    home_alerts = tess.get_by_role("region", name="A safety alert needs your review")
    assert home_alerts.is_visible()
    assert home_alerts.get_by_role("link", name="Review and acknowledge — Casey").is_visible()
    check_page(tess, "assessment-12-therapist-home-alert")

    tess.goto(f"/clients/{casey_client.pk}/")
    tess.wait_for_load_state("networkidle")
    page_alerts = tess.get_by_role("region", name="A safety alert needs your review")
    assert page_alerts.is_visible()
    check_page(tess, "assessment-13-client-page-alert")
    page_alerts.get_by_role("link", name="Review and acknowledge").click()
    tess.wait_for_url(re.compile(rf"/clients/{casey_client.pk}/alerts/{alert.pk}/$"))
    assert tess.get_by_role("heading", name="Safety alert: Casey").is_visible()
    check_page(tess, "assessment-14-alert-open")

    tess.get_by_label("What did you do?").fill(ACK_NOTE)
    tess.get_by_role("button", name="Acknowledge with this note").click()
    expect(tess.get_by_text("The alert is acknowledged. Your note is in the record.")).to_be_visible()
    tess.wait_for_load_state("networkidle")
    assert tess.get_by_text(ACK_NOTE).is_visible()
    check_page(tess, "assessment-15-alert-acknowledged")
    alert.refresh_from_db()
    assert alert.acknowledged_by == cast.tess and alert.acknowledgement_note == ACK_NOTE

    # Acknowledged, the flag is gone from her home and from Casey's page.
    tess.goto("/clients/")
    tess.wait_for_load_state("networkidle")
    assert tess.get_by_role("region", name="A safety alert needs your review").count() == 0
    assert tess.get_by_text("Safety alert", exact=True).count() == 0
    check_page(tess, "assessment-16-therapist-home-no-alert")
    tess.goto(f"/clients/{casey_client.pk}/")
    tess.wait_for_load_state("networkidle")
    assert tess.get_by_role("region", name="A safety alert needs your review").count() == 0
    assert tess.get_by_text("A safety alert is open").count() == 0
    check_page(tess, "assessment-17-client-page-no-alert")
