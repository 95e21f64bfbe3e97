"""Check-in journey on a phone: Cam checks in on one screen (the draft survives a reload), ticks a milestone
and sees the celebration — still, under reduced motion; Tess sees the win on Cam's page and adds a note that
Cam reads on the timeline. Axe on every page; screenshots in tests/e2e/screenshots/."""

import re

import pytest

from accord.checkins.models import Celebration, CheckIn
from accord.goals.models import GasRating, GoalStep
from tests.checkins.checkin_support import CALMER, agreed_goal, step
from tests.e2e.conftest import DESKTOP, PHONE, check_page, sign_in
from tests.factories import PASSWORD, make_cast

pytestmark = pytest.mark.django_db(transaction=True)


def test_cam_checks_in_on_a_phone_and_tess_recognises_the_win(new_page):
    cast = make_cast()
    walks = agreed_goal(cast)
    agreed_goal(cast, content=CALMER)
    corner = step(walks, GoalStep.Kind.MILESTONE)

    cam = new_page(PHONE, reduced_motion="reduce")
    sign_in(cam, "cam@riverside.example", PASSWORD)
    cam.get_by_role("link", name="Check in").first.click()
    cam.wait_for_url(re.compile(r"/me/checkin/$"))
    check_page(cam, "checkins-01-checkin-phone")
    assert cam.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Half-way through, the tab is reloaded: what was typed comes back from the draft (and the optional
    # part of the goal that holds it opens by itself).
    cam.get_by_label("How many times this week?").fill("2")
    cam.locator(f"#goal-{walks.pk} .checkin-more > summary").click()
    cam.get_by_label("What helped?").first.fill("My sister came along")
    cam.wait_for_selector("#draft-status .autosave__ok")
    cam.reload()
    assert cam.get_by_label("How many times this week?").input_value() == "2"
    assert cam.get_by_label("What helped?").first.input_value() == "My sister came along"

    progress = cam.get_by_label("How far towards this goal do you feel?")
    progress.nth(0).fill("6")
    progress.nth(1).fill("4")
    cam.get_by_label("Walk to the corner and back").check()
    cam.get_by_role("button", name="Send my check-in").click()
    cam.wait_for_url(re.compile(r"/me/checkins/\d+/$"))
    assert cam.get_by_role("heading", name="Something to celebrate!").is_visible()
    assert cam.get_by_text("Walk to the corner and back").is_visible()
    # Reduced motion: the burst is not shown at all, the message is.
    assert not cam.locator(".celebration__burst").is_visible()
    check_page(cam, "checkins-02-celebration-phone-reduced-motion")
    assert CheckIn.objects.filter(client=cast.cam).count() == 1
    assert Celebration.objects.get(client=cast.cam).key == f"step:{corner.pk}"

    tess = new_page(DESKTOP)
    sign_in(tess, "tess@riverside.example", PASSWORD)
    tess.goto(f"/clients/{cast.cam.pk}/")
    wins = tess.locator("#wins")
    assert (
        wins.get_by_text("1 new").is_visible()
        and wins.get_by_text("Walk to the corner and back").is_visible()
    )
    check_page(tess, "checkins-03-client-page-wins")
    wins.get_by_role("link", name=re.compile("All of Cam's wins")).click()
    tess.get_by_text("Add a note of recognition").first.click()
    tess.get_by_label("A note of recognition").first.fill("The first step out of the door is the hardest.")
    tess.get_by_role("button", name="Save note").first.click()
    tess.wait_for_load_state("networkidle")
    check_page(tess, "checkins-04-wins-noted")

    cam.goto("/me/wins/")
    assert cam.get_by_text("The first step out of the door is the hardest.").is_visible()
    check_page(cam, "checkins-05-timeline-phone")

    # In session, Tess opens the review: records both GAS levels for the walking goal and sees Cam's win.
    tess.goto(f"/clients/{cast.cam.pk}/review/")
    assert tess.get_by_role("heading", name="Review with Cam").is_visible()
    wins_card = tess.locator("section", has=tess.get_by_role("heading", name="Recent wins"))
    assert wins_card.get_by_text("Walk to the corner and back").is_visible()
    check_page(tess, "checkins-06-review")
    goal_card = tess.locator(f"#goal-{walks.pk}")
    goal_card.locator(f"#id_goal-{walks.pk}-client_level_2").check()  # 0: the expected outcome
    goal_card.locator(f"#id_goal-{walks.pk}-therapist_level_3").check()  # −1
    goal_card.get_by_label("Your rating of progress, 0–10").fill("5")
    goal_card.get_by_role("button", name="Record for this goal").click()
    tess.wait_for_load_state("networkidle")
    check_page(tess, "checkins-07-review-recorded")
    levels = dict(GasRating.objects.filter(goal=walks).values_list("party", "level"))
    assert levels == {"client": 0, "therapist": -1}
