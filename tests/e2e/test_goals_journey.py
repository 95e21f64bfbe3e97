"""Goals journey: Cam proposes a goal in her own words on a phone; Tess shapes it in the builder with the
SMART coach into a measurable goal with milestones and GAS levels; Cam accepts the new version and both see
it agreed. Axe on every page; screenshots in tests/e2e/screenshots/."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from accord.goals.models import Goal
from tests.e2e.conftest import DESKTOP, PHONE, check_page, sign_in
from tests.factories import PASSWORD, make_cast

pytestmark = pytest.mark.django_db(transaction=True)

CAMS_WORDS = "I want to stop hiding at home at weekends"
STATEMENT = "Go for a 20-minute walk outside three times a week by the end of March"
GAS_LEVELS = {
    "+2 Much more than expected": "Five walks a week, some of them with a friend",
    "+1 Somewhat more than expected": "Four walks a week",
    "0 The expected outcome — the goal": "Three 20-minute walks outside a week",
    "−1 Somewhat less than expected": "A walk now and then, less than once a week",
    "−2 Much less than expected": "Staying in all weekend, no walks at all",
}


def end_of_march(today: date) -> date:
    """The 31 March the statement means: this year's while it is still ahead, otherwise next year's."""
    return date(today.year if today.month < 3 else today.year + 1, 3, 31)


def field(page, label: str):
    """The form control with exactly this label (Django adds a colon after a field's label)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def coach_status(page, criterion: str):
    return page.locator(f'#coach-panel [data-criterion="{criterion}"] .coach-row__status')


def settle(page) -> None:
    """Let htmx's debounced request (400 ms after typing) start, then finish."""
    page.wait_for_timeout(600)
    page.wait_for_load_state("networkidle")


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_cam_proposes_tess_shapes_it_with_the_coach_and_they_agree(new_page):
    cast = make_cast()

    # --- Cam, on her phone, says what she'd like to be different ----------------------------------------
    cam = new_page(PHONE)
    sign_in(cam, "cam@riverside.example", PASSWORD)
    cam.wait_for_url(re.compile(r"/me/$"))
    cam.goto("/me/goals/")
    expect(cam.get_by_role("heading", name="Your goals", level=1)).to_be_visible()
    expect(cam.get_by_text("No goals yet.")).to_be_visible()
    check_page(cam, "goals-01-my-goals-empty-phone")

    cam.locator("main").get_by_role("link", name="Suggest a goal").click()
    cam.wait_for_url(re.compile(r"/me/goals/new/$"))
    check_page(cam, "goals-02-suggest-a-goal-phone")
    cam.get_by_label("In your own words, what would you like to be different?").fill(CAMS_WORDS)
    cam.get_by_role("button", name="Save my goal").click()
    cam.wait_for_url(re.compile(r"/goals/\d+/$"))
    expect(cam.get_by_text("Thank you — your goal is saved in your own words.")).to_be_visible()
    expect(cam.get_by_text("Waiting for Tess to accept version 1.")).to_be_visible()
    check_page(cam, "goals-03-goal-proposed-phone")
    assert no_sideways_scrolling(cam)
    goal = Goal.objects.get(client=cast.cam)
    assert goal.client_words == CAMS_WORDS

    # --- Tess finds it waiting for her on Cam's page -----------------------------------------------------
    tess = new_page(DESKTOP)
    sign_in(tess, "tess@riverside.example", PASSWORD)
    tess.wait_for_url(re.compile(r"/clients/$"))
    tess.goto(f"/clients/{cast.cam.pk}/")
    goals = tess.locator("#goals")
    expect(goals.get_by_role("heading", name="Proposals and changes awaiting you")).to_be_visible()
    check_page(tess, "goals-04-client-page-awaiting-tess")
    goals.get_by_role("link", name=CAMS_WORDS).click()
    tess.wait_for_url(re.compile(rf"/goals/{goal.pk}/$"))
    expect(tess.get_by_text("Waiting for you to accept version 1.")).to_be_visible()
    check_page(tess, "goals-05-goal-page-therapist")

    # --- ...and shapes it in the builder, with the coach's help -------------------------------------------
    tess.get_by_role("link", name="Shape it in the builder").click()
    tess.wait_for_url(re.compile(rf"/goals/{goal.pk}/edit/$"))
    # Cam's words as they stand are not yet specific or time-bound.
    expect(coach_status(tess, "specific")).to_have_text("Not yet")
    expect(coach_status(tess, "time_bound")).to_have_text("Not yet")
    check_page(tess, "goals-06-builder")
    # Playwright's screenshot leaves empty style="" attributes on the inputs, which htmx's settle step would
    # copy onto swapped-in rows and the CSP would then report; a fresh copy of the page has none.
    tess.reload()

    field(tess, "The goal").fill(STATEMENT)
    settle(tess)
    for criterion in ("specific", "measurable", "time_bound"):
        expect(coach_status(tess, criterion)).to_have_text("Met")
    expect(tess.locator("#coach-status")).to_have_text(re.compile(r"Coach: \d of 5 met"))

    tess.get_by_label("Life area").select_option(label="Body, sleep and health")
    tess.get_by_label("How we'll track it").select_option(label="How many times a week")
    field(tess, "Unit").fill("walks")
    tess.get_by_label("Where it is now").fill("0")
    field(tess, "Target").fill("3")
    tess.get_by_label("Direction").select_option(label="Higher is better")
    tess.get_by_label("Target date").fill(end_of_march(date.today()).isoformat())
    tess.get_by_label("Review every (weeks)").fill("2")
    settle(tess)
    for criterion in ("specific", "measurable", "time_bound"):
        expect(coach_status(tess, criterion)).to_have_text("Met")

    field(tess, "Milestone 1").fill("A walk to the end of the road on Saturday")
    field(tess, "Milestone 2").fill("One 20-minute walk in a week")
    # "Add another" brings a third row without losing what was typed.
    tess.get_by_role("button", name="Add another milestone").click()
    expect(field(tess, "Milestone 3")).to_be_visible()
    expect(field(tess, "Milestone 1")).to_have_value("A walk to the end of the road on Saturday")
    field(tess, "Milestone 3").fill("Two walks a week for a fortnight")

    for label, description in GAS_LEVELS.items():
        field(tess, label).fill(description)
    tess.get_by_label("Why did you change it?").fill("Shaped together in session")
    settle(tess)
    check_page(tess, "goals-07-builder-filled")

    tess.get_by_role("button", name="Save as a new version").click()
    tess.wait_for_url(re.compile(rf"/goals/{goal.pk}/$"))
    expect(tess.get_by_text("Saved as version 2. Cam will be asked to accept it.")).to_be_visible()
    expect(tess.get_by_text("Waiting for Cam to accept version 2.")).to_be_visible()
    expect(tess.get_by_role("heading", name=STATEMENT, level=1)).to_be_visible()
    gas = tess.locator("#gas")
    for description in GAS_LEVELS.values():
        expect(gas.get_by_text(description, exact=True)).to_be_visible()
    expect(tess.locator("#steps").get_by_text("Two walks a week for a fortnight")).to_be_visible()
    check_page(tess, "goals-08-goal-v2-therapist")

    # --- Cam sees the new version waiting for her, and accepts it ------------------------------------------
    cam.reload()
    expect(cam.get_by_role("heading", name=STATEMENT, level=1)).to_be_visible()
    expect(cam.get_by_text("Waiting for you to accept version 2.")).to_be_visible()
    expect(cam.locator(".goal-head").get_by_text("Needs your answer")).to_be_visible()
    check_page(cam, "goals-09-goal-v2-waiting-for-cam-phone")
    assert no_sideways_scrolling(cam)
    cam.get_by_role("button", name="Accept version 2").click()
    cam.wait_for_url(re.compile(rf"/goals/{goal.pk}/$"))
    expect(cam.get_by_text("You both agree on this goal now.")).to_be_visible()
    expect(cam.get_by_text(re.compile(r"You both agreed version 2 on "))).to_be_visible()
    check_page(cam, "goals-10-agreed-phone")

    cam.goto("/me/goals/")
    agreed = cam.locator("section", has=cam.get_by_role("heading", name="Agreed goals"))
    expect(agreed.get_by_role("link", name=CAMS_WORDS)).to_be_visible()
    expect(agreed.get_by_text(STATEMENT)).to_be_visible()
    check_page(cam, "goals-11-my-goals-agreed-phone")

    # --- Tess sees it agreed too ---------------------------------------------------------------------------
    tess.reload()
    expect(tess.get_by_text(re.compile(r"You both agreed version 2 on "))).to_be_visible()
    expect(tess.locator(".goal-head").get_by_text("Agreed", exact=True)).to_be_visible()
    check_page(tess, "goals-12-agreed-therapist")
    goal.refresh_from_db()
    assert goal.is_agreed and goal.agreed_version.number == 2
