"""Session preparation journey: Tess opens her home and sees who needs attention and why, opens Cam's brief,
marks an agenda item discussed, adjusts the time split and prints the brief (print stylesheet). Axe on every
page; screenshots at 1280 and 390 px wide in tests/e2e/screenshots/."""

import re

import pytest

from accord.appointments.models import Session
from accord.dialogue import actions as dialogue
from accord.dialogue.models import AgendaItem
from accord.goals.actions import propose_goal
from tests.appointments.support import planned_session
from tests.checkins.checkin_support import agreed_goal, check_in
from tests.e2e.conftest import DESKTOP, PHONE, check_page, sign_in
from tests.factories import PASSWORD, make_cast

pytestmark = pytest.mark.django_db(transaction=True)


def test_tess_prepares_for_cam_from_her_caseload(new_page):
    cast = make_cast()
    goal = agreed_goal(cast)
    for confidence in (8, 6, 4):
        check_in(cast.cam, [goal], progress=5, confidence=confidence)
    propose_goal(cast.casey, cast.casey_user, words="", statement="Go back to choir on Tuesdays")
    dialogue.add_agenda_item(cast.cam, cast.cam_user, text="The weekend at my mum's", priority="high")
    dialogue.add_agenda_item(cast.cam, cast.cam_user, text="Sleep", priority="normal")
    session = planned_session(cast.cam, cast.tess, in_days=1)

    tess = new_page(DESKTOP)
    tess.set_default_timeout(90_000)  # a loaded CI machine: the first pages can be slow to come
    sign_in(tess, "tess@riverside.example", PASSWORD)
    tess.goto("/clients/")
    rows = tess.locator(".caseload__row")
    assert rows.first.locator(".caseload__name").inner_text() == "Cam"
    assert re.search(r"stalled|confidence falling", rows.first.locator(".caseload__reasons").inner_text())
    assert "proposal waiting for you" in rows.nth(1).inner_text()
    check_page(tess, "brief-01-caseload-1280")

    rows.first.get_by_role("link", name=re.compile("Brief")).click()
    tess.wait_for_url(re.compile(rf"/clients/{cast.cam.pk}/brief/$"))
    assert tess.get_by_role("heading", name="What changed").is_visible()
    assert tess.get_by_role("heading", name="Flags").is_visible()
    check_page(tess, "brief-02-brief-1280")
    # One screen at 1280×800 for a typical client.
    assert tess.evaluate("document.querySelector('.brief').getBoundingClientRect().bottom") < 1100

    tess.locator(".brief__agenda-item", has_text="The weekend").get_by_role("button").click()
    tess.wait_for_url(re.compile(rf"/clients/{cast.cam.pk}/brief/$"))
    assert AgendaItem.objects.get(text="The weekend at my mum's").discussed_at is not None
    assert tess.get_by_text("The weekend at my mum's").count() == 0

    tess.get_by_role("spinbutton", name="Agenda").fill("10")
    tess.get_by_role("spinbutton", name="Review of goals").fill("25")
    tess.get_by_role("spinbutton", name="Next steps").fill("15")
    tess.get_by_role("button", name="Save the split").click()
    tess.wait_for_url(re.compile(rf"/clients/{cast.cam.pk}/brief/$"))
    session.refresh_from_db()
    assert session.time_split == {"agenda": 10, "review": 25, "next": 15}
    assert Session.objects.filter(client=cast.cam).count() == 1

    # Print: the print stylesheet hides the site's chrome and the buttons, and fits one A4 page.
    tess.emulate_media(media="print")
    assert not tess.get_by_role("button", name="Save the split").is_visible()
    assert not tess.get_by_role("button", name="Print").is_visible()
    pdf = tess.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    tess.emulate_media(media="screen")

    phone = new_page(PHONE)
    phone.set_default_timeout(90_000)
    sign_in(phone, "tess@riverside.example", PASSWORD)
    phone.goto("/clients/")
    check_page(phone, "brief-03-caseload-390")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.goto(f"/clients/{cast.cam.pk}/brief/")
    check_page(phone, "brief-04-brief-390")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
