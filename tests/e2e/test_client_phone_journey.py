"""Issue 13 on a phone (360×740): the home's first screen holds the next step and every active goal; each
goal of the check-in fits one screen, a partial check-in is accepted and a double submit makes one; the
coach is beside a goal being proposed; and on every client page each link and button is at least 44 × 44 px.
Axe on every page; screenshots at 360×740 and 390×844 in tests/e2e/screenshots/."""

from __future__ import annotations

import re

import pytest

from accord.checkins.models import CheckIn, GoalEntry
from accord.dialogue import actions as dialogue
from accord.goals.models import Party
from tests.assessments.support import assign
from tests.checkins.checkin_support import CALMER, agreed_goal, check_in
from tests.e2e.conftest import PHONE, check_page, sign_in
from tests.factories import PASSWORD, make_cast
from tests.progress.progress_support import rate_gas

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_PHONE = {"width": 360, "height": 740}
TAP = 44
SLEEP = {"statement": "Sleep by eleven on weeknights", "milestones": [], "action_steps": []}

# Every link and button of a page, with its size where it is shown (hidden ones and the skip link aside).
TARGETS_JS = """() => [...document.querySelectorAll('a[href], button, summary, input[type=submit]')]
  .filter(el => el.offsetParent !== null && !el.classList.contains('skip-link')
                && !el.closest('dialog:not([open])'))
  .map(el => { const r = el.getBoundingClientRect();
               const text = el.innerText || el.value || el.getAttribute('aria-label') || '';
               return {text: text.trim().slice(0, 40),
                       width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10}; })"""


@pytest.fixture(autouse=True)
def _warm(live_server):
    """The first page a fresh server renders can take longer than a browser waits on a busy machine."""
    import urllib.request

    urllib.request.urlopen(live_server.url + "/accounts/login/", timeout=120).read()  # noqa: S310


def three_goals(cast):
    walks = agreed_goal(cast)
    calmer = agreed_goal(cast, content=CALMER)
    sleep = agreed_goal(cast, content=SLEEP)
    check_in(cast.cam, [walks, calmer], value=2, progress=6, confidence=7)
    return walks, calmer, sleep


def test_the_home_puts_the_next_step_and_every_goal_on_the_first_screen(new_page):
    cast = make_cast()
    goals = three_goals(cast)
    dialogue.post_message(dialogue.general_thread(cast.cam), cast.tess, body="See you Tuesday")
    cam = new_page(SMALL_PHONE)
    sign_in(cam, "cam@riverside.example", PASSWORD)
    cam.goto("/me/")
    check_page(cam, "phone-01-home-360")
    # The first screen ends where the bottom bar begins.
    first_screen = cam.locator(".bottom-nav").bounding_box()["y"]
    action = cam.get_by_role("link", name="Check in now")
    assert action.bounding_box()["y"] + action.bounding_box()["height"] <= first_screen
    for goal in goals:
        line = cam.locator(f'.goal-line:has(a[href="/goals/{goal.pk}/"])')
        box = line.bounding_box()
        assert box["y"] + box["height"] <= first_screen, f"goal {goal.pk} is below the first screen"
        assert re.search(r"(On track|slower|No change|Too early|Reached).*·", line.inner_text(), re.S)
    height = cam.evaluate("document.documentElement.scrollHeight")
    assert height <= 2 * SMALL_PHONE["height"], f"the home is {height}px tall"
    assert cam.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    cam.set_viewport_size(PHONE)
    check_page(cam, "phone-02-home-390")
    # Keyboard: the first tab stops reach the next step.
    for _ in range(12):
        cam.keyboard.press("Tab")
        if cam.evaluate("document.activeElement.textContent.trim()") == "Check in now":
            break
    else:
        pytest.fail("Check in now is not reached by the keyboard")


def test_the_check_in_fits_each_goal_on_a_screen_takes_a_partial_answer_once(new_page):
    cast = make_cast()
    walks, calmer, sleep = three_goals(cast)
    cam = new_page(SMALL_PHONE)
    sign_in(cam, "cam@riverside.example", PASSWORD)
    cam.goto("/me/checkin/")
    check_page(cam, "phone-03-checkin-360")
    for goal in (walks, calmer, sleep):
        height = cam.locator(f"#goal-{goal.pk}").bounding_box()["height"]
        assert height <= SMALL_PHONE["height"], f"goal {goal.pk} is {height}px tall"

    # Only the walking goal is answered: that is a check-in.
    cam.get_by_label("How many times this week?").fill("3")
    send = cam.get_by_role("button", name="Send my check-in")
    send.dblclick()
    cam.wait_for_url(re.compile(r"/me/checkins/\d+/$"))
    check_page(cam, "phone-04-checkin-done-360")
    assert CheckIn.objects.filter(client=cast.cam).count() == 2  # the earlier one, and this one
    latest = CheckIn.objects.filter(client=cast.cam).order_by("-submitted_at", "-pk").first()
    assert list(GoalEntry.objects.filter(checkin=latest).values_list("goal", flat=True)) == [walks.pk]


def test_nothing_answered_says_what_is_needed(new_page):
    cast = make_cast()
    three_goals(cast)
    cam = new_page(SMALL_PHONE)
    sign_in(cam, "cam@riverside.example", PASSWORD)
    cam.goto("/me/checkin/")
    cam.get_by_role("button", name="Send my check-in").click()
    cam.wait_for_load_state("networkidle")
    assert cam.get_by_text("Answer at least one goal before you send").first.is_visible()
    check_page(cam, "phone-05-checkin-nothing-answered")


def test_the_coach_is_beside_a_goal_being_proposed(new_page):
    cast = make_cast()
    cam = new_page(SMALL_PHONE)
    sign_in(cam, "cam@riverside.example", PASSWORD)
    cam.goto("/me/goals/new/")
    coach = cam.locator("#coach")
    assert coach.is_visible() and coach.get_by_text("0 of 5 met").is_visible()
    cam.get_by_label(re.compile("In your own words")).fill(
        "Go for a 20-minute walk three times a week for the next six weeks"
    )
    from playwright.sync_api import expect

    expect(cam.locator("#coach-panel .coach__summary")).not_to_have_text("0 of 5 met", timeout=15_000)
    assert coach.locator('[data-criterion="time_bound"]').get_by_text("Met").is_visible()
    check_page(cam, "phone-06-propose-with-coach-360")
    cam.get_by_role("button", name="Save my goal").click()
    cam.wait_for_url(re.compile(r"/goals/\d+/$"))
    assert cast.cam.goals.count() == 1


def test_every_link_and_button_of_every_client_page_is_big_enough_to_tap(new_page):
    cast = make_cast()
    walks, calmer, _sleep = three_goals(cast)
    for goal, level in ((walks, -1), (calmer, 0)):
        rate_gas(goal, Party.CLIENT, level)
        rate_gas(goal, Party.THERAPIST, level)
    dialogue.post_message(dialogue.general_thread(cast.cam), cast.tess, body="See you Tuesday")
    assign(cast.cam, "phq9", by=cast.tess)
    pages = [
        "/me/",
        "/me/checkin/",
        "/me/wins/",
        "/me/rhythm/",
        "/me/progress/",
        "/me/goals/",
        "/me/goals/new/",
        "/me/goals/how/",
        f"/goals/{walks.pk}/",
        f"/goals/{walks.pk}/edit/",
        f"/goals/{walks.pk}/changes/",
        f"/goals/{walks.pk}/progress/",
        f"/clients/{cast.cam.pk}/messages/",
        "/me/agenda/",
        f"/clients/{cast.cam.pk}/goal-ideas/",
        "/me/intake/",
        "/me/measures/",
        "/me/measures/phq9/answer/",
        "/account/",
    ]
    anonymous = new_page(SMALL_PHONE)
    anonymous.goto("/accounts/login/")
    small = {"/accounts/login/": small_targets(anonymous)}
    cam = new_page(SMALL_PHONE)
    sign_in(cam, "cam@riverside.example", PASSWORD)
    for url in pages:
        cam.goto(url)
        name = "phone-tap-" + (url.strip("/").replace("/", "-") or "home")
        check_page(cam, name)
        found = small_targets(cam)
        if found:
            small[cam.url] = found
    assert not any(small.values()), "Tap targets under 44 px:\n" + "\n".join(
        f"{url}: {found}" for url, found in small.items() if found
    )


def small_targets(page) -> list[dict]:
    targets = page.evaluate(TARGETS_JS)
    assert len(targets) >= 3, f"{page.url}: only {targets} found — is the scan looking?"
    return [t for t in targets if t["width"] < TAP - 0.5 or t["height"] < TAP - 0.5]
