"""Foundation journey: Tess invites a client, the client joins, Ada sees it all in the audit trail."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import DESKTOP, PHONE, check_page, sign_in
from tests.factories import PASSWORD, make_cast

pytestmark = pytest.mark.django_db(transaction=True)


def invitation_link(live_server_url: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^\s]+/invitations/[^\s]+/", body)
    assert match, "the invitation email carries a link"
    # The email names the configured site; the journey follows the path on the live server.
    return live_server_url + "/invitations/" + match.group(0).split("/invitations/")[1]


def test_tess_invites_a_client_who_joins_and_ada_sees_it_in_the_audit_trail(new_page, live_server):
    make_cast()

    tess = new_page(DESKTOP)
    sign_in(tess, "tess@riverside.example", PASSWORD)
    tess.wait_for_url(re.compile(r"/clients/$"))
    check_page(tess, "foundation-01-therapist-home")

    tess.get_by_role("link", name="Add or invite a client").first.click()
    check_page(tess, "foundation-02-add-client")
    tess.get_by_label("Name the client goes by").fill("Robin")
    tess.get_by_label("Email address (optional)").fill("robin@example.org")
    tess.get_by_role("button", name="Add client").click()
    tess.wait_for_load_state("networkidle")
    assert tess.get_by_role("heading", name="Robin").first.is_visible()
    check_page(tess, "foundation-03-client-page")

    assert "robin@example.org" in mail.outbox[-1].to
    robin = new_page(PHONE)
    robin.goto(invitation_link(live_server.url))
    check_page(robin, "foundation-04-accept-invitation")
    robin.get_by_label("Choose a password").fill("a long walk by the river")
    robin.get_by_label("Type the password again").fill("a long walk by the river")
    robin.get_by_role("button", name="Create my account").click()
    robin.wait_for_url(re.compile(r"/me/$"))
    assert robin.get_by_role("link", name=re.compile("Leave quickly")).is_visible()
    check_page(robin, "foundation-05-client-home-phone")
    # No horizontal scrolling on a phone.
    assert robin.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The link works once.
    again = new_page(PHONE)
    response = again.goto(invitation_link(live_server.url))
    assert response.status == 410

    ada = new_page(DESKTOP)
    sign_in(ada, "ada@riverside.example", PASSWORD)
    ada.goto("/practice/audit/")
    check_page(ada, "foundation-06-audit-trail")
    page_text = ada.locator("main").inner_text()
    assert "Invitation sent" in page_text
    assert "Invitation accepted" in page_text
    assert "Signed in" in page_text


def test_keyboard_users_can_skip_to_the_content_and_sign_in(new_page):
    make_cast()
    page = new_page(DESKTOP)
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.get_by_label(re.compile("email", re.I)).focus()
    page.keyboard.type("tess@riverside.example")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/clients/$"))
    check_page(page, "foundation-07-signed-in-by-keyboard")
