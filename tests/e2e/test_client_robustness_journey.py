"""Issue 13, points 6, 7, 9 and 13 in the browser: the safety exit really signs out, a double click sends
once, limits are counted not cut, errors are summarised with focus, words survive an idle sign-out, and no
page any role can reach logs a console error (the CSP included)."""

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from playwright.sync_api import expect

from accord.accounts.middleware import SESSION_LAST_SEEN_KEY
from accord.dialogue.actions import add_agenda_item, general_thread, post_message
from accord.dialogue.models import AgendaItem
from accord.goals.models import Goal
from tests.e2e.conftest import DESKTOP, check_page, sign_in
from tests.factories import PASSWORD, make_cast
from tests.goals.goal_pages_support import agreed_goal

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_PHONE = {"width": 360, "height": 740}
WEATHER = "https://www.bbc.co.uk/weather"


@pytest.fixture
def new_page(new_page):
    """The shared fixture, with patience for a busy 2-core CI machine."""

    def open_page(*args, **kwargs):
        page = new_page(*args, **kwargs)
        page.set_default_timeout(60_000)
        return page

    return open_page


def no_weather_site(page):
    """The tests run offline: the weather site is answered locally."""
    page.context.route(
        re.compile(r"https://www\.bbc\.co\.uk/.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>sunny"),
    )


def signed_out_by_the_beacon(page) -> bool:
    """The beacon that signs out is sent as the page is replaced and answered on its own: wait (a few seconds
    at most) until the server has ended the session, as it has long before a person could press Back."""
    for _ in range(50):
        answer = page.context.request.get("/me/", max_redirects=0)
        if answer.status == 302 and "/accounts/login/" in answer.headers.get("location", ""):
            return True
        page.wait_for_timeout(200)
    return False


def test_leaving_quickly_signs_out_so_back_shows_nothing_personal(new_page):
    cast = make_cast()
    add_agenda_item(cast.cam, cast.cam_user, text="The argument with my sister", priority="high")
    page = new_page(SMALL_PHONE)
    no_weather_site(page)
    sign_in(page, "cam@riverside.example", PASSWORD)
    page.goto(reverse("dialogue_agenda", args=[cast.cam.pk]))
    assert "The argument with my sister" in page.content()
    page.get_by_role("link", name=re.compile("Leave quickly")).click()
    page.wait_for_url(re.compile(r"bbc\.co\.uk"))
    assert signed_out_by_the_beacon(page)
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url
    assert "The argument with my sister" not in page.content()
    # The session is over: no page of Cam's opens any more.
    page.goto("/me/")
    assert "/accounts/login/" in page.url


def test_the_exit_works_while_the_idle_warning_is_open(new_page):
    cast = make_cast()
    page = new_page(SMALL_PHONE)
    no_weather_site(page)
    sign_in(page, "cam@riverside.example", PASSWORD)
    page.evaluate("document.getElementById('idle-warning').showModal()")
    dialog = page.locator("#idle-warning")
    dialog.get_by_role("link", name=re.compile("Leave quickly")).click()
    page.wait_for_url(re.compile(r"bbc\.co\.uk"))
    assert signed_out_by_the_beacon(page)
    page.goto("/me/")
    assert "/accounts/login/" in page.url
    assert cast.cam  # the cast is there; only the session ended


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/", "/no-such-page/"])
def test_the_exit_is_on_signed_out_pages(new_page, path):
    page = new_page(SMALL_PHONE)
    page.goto(path)
    expect(page.get_by_role("link", name=re.compile("Leave quickly"))).to_be_visible()
    check_page(page, "robust-exit" + path.replace("/", "-"))


def test_on_a_phone_the_exit_never_covers_a_heading(new_page):
    cast = make_cast()
    page = new_page(SMALL_PHONE)
    sign_in(page, "cam@riverside.example", PASSWORD)
    page.goto(reverse("dialogue_agenda", args=[cast.cam.pk]) + "#add")
    bar = page.locator(".exit-bar").bounding_box()
    heading = page.get_by_role("heading", name="Add something to talk about").bounding_box()
    assert heading["y"] >= bar["y"] + bar["height"] - 1, "the linked heading stops below the exit"
    page.evaluate("window.scrollTo(0, 0)")
    h1 = page.locator("h1").first.bounding_box()
    bar = page.locator(".exit-bar").bounding_box()
    assert h1["y"] >= bar["y"] + bar["height"], "the exit takes its own room above the page"
    page.mouse.wheel(0, 400)
    expect(page.get_by_role("link", name=re.compile("Leave quickly"))).to_be_in_viewport()


def test_a_double_click_on_add_makes_one_agenda_item(new_page):
    cast = make_cast()
    page = new_page(SMALL_PHONE)
    sign_in(page, "cam@riverside.example", PASSWORD)
    page.goto(reverse("dialogue_agenda", args=[cast.cam.pk]))
    page.get_by_label(re.compile("What do you want to talk about")).fill("Sleep")
    page.get_by_role("button", name="Add to the list").dblclick()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Added.")).to_be_visible()
    assert AgendaItem.objects.filter(client=cast.cam).count() == 1


def test_a_long_goal_is_counted_and_refused_with_every_word_kept(new_page):
    make_cast()
    page = new_page(SMALL_PHONE)
    sign_in(page, "cam@riverside.example", PASSWORD)
    page.goto(reverse("my_goal_new"))
    box = page.locator("textarea[name=words]")
    box.fill("Walk by the river")
    counter = page.locator("#id_words-count")
    expect(counter).to_have_text("17 of 1,000 characters")
    long_words = "I want to walk by the river every morning. " * 117
    box.fill(long_words)
    expect(counter).to_contain_text("characters too many")
    assert box.input_value() == long_words  # the browser cut nothing
    page.get_by_role("button", name=re.compile("Save my goal")).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("textarea[name=words]").input_value().strip() == long_words.strip()
    assert not Goal.objects.exists()
    # The summary names the field, links it, and has focus.
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement")
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#id_words"
    check_page(page, "robust-goal-too-long")


def test_words_typed_when_the_session_ended_come_back_after_sign_in(new_page):
    cast = make_cast()
    page = new_page(SMALL_PHONE)
    sign_in(page, "cam@riverside.example", PASSWORD)
    agenda = reverse("dialogue_agenda", args=[cast.cam.pk])
    page.goto(agenda)
    page.get_by_label(re.compile("What do you want to talk about")).fill("What I wrote before I went idle")
    # The idle time-out passes on the server.
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[SESSION_LAST_SEEN_KEY] = time.time() - 60 * 60
    session.save()
    page.get_by_role("button", name="Add to the list").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert "next=%2Faccounts" not in page.url
    page.get_by_label(re.compile("email", re.I)).fill("cam@riverside.example")
    page.get_by_label(re.compile("^password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(re.escape(agenda)))
    field = page.get_by_label(re.compile("What do you want to talk about"))
    expect(field).to_have_value("What I wrote before I went idle")
    expect(page.get_by_text(re.compile("What you typed is back in the form"))).to_be_visible()
    assert not AgendaItem.objects.exists()
    page.get_by_role("button", name="Add to the list").click()
    page.wait_for_load_state("networkidle")
    assert AgendaItem.objects.filter(text="What I wrote before I went idle").count() == 1


def test_adding_a_milestone_row_logs_no_console_error(new_page):
    cast = make_cast()
    goal = agreed_goal(cast)
    page = new_page(DESKTOP)
    sign_in(page, "tess@riverside.example", PASSWORD)
    page.goto(reverse("goal_edit", args=[goal.pk]))
    page.locator("#id_milestones_1").click()
    page.get_by_role("button", name="+ Add another milestone").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="+ Add another milestone").click()
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []


# --- Every page each role can reach, with no console error -------------------------------------------

SKIP = re.compile(r"(logout|/leave/|export|\.csv|\.ics|\.pdf|\.png|\.svg|/api/|/static/|mailto:|/calendar/)")
MAX_PAGES = 60


def crawl(page, start: str) -> dict[str, list[str]]:
    """Visit every same-site page reachable by links from ``start`` (GET only), noting console errors."""
    seen: set[str] = set()
    queue = [start]
    problems: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        page.console_errors.clear()
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        if page.console_errors:
            problems[url] = list(page.console_errors)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))"):
            if not href.startswith("/") or href.startswith("//") or SKIP.search(href):
                continue
            href = href.split("#")[0]
            if href and href not in seen:
                queue.append(href)
    return problems


@pytest.mark.parametrize(
    "email, start",
    [
        ("cam@riverside.example", "/me/"),
        ("tess@riverside.example", "/clients/"),
        ("ada@riverside.example", "/practice/"),
    ],
)
def test_no_page_a_role_can_reach_logs_a_console_error(new_page, email, start):
    cast = make_cast()
    goal = agreed_goal(cast)
    add_agenda_item(cast.cam, cast.cam_user, text="Sleep", priority="high")
    post_message(general_thread(cast.cam, cast.cam_user), cast.tess, body="See you Tuesday")
    assert goal.pk
    page = new_page(DESKTOP)
    sign_in(page, email, PASSWORD)
    problems = crawl(page, start)
    assert not problems, "Console errors:\n" + "\n".join(
        f"{url}: {errors}" for url, errors in problems.items()
    )


def test_signed_out_pages_log_no_console_error(new_page):
    page = new_page(SMALL_PHONE)
    for path in ("/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.goto("/no-such-page/")
    page.wait_for_load_state("networkidle")
    # The 404 page's own status is reported by the browser; nothing else may be.
    assert [e for e in page.console_errors if "status of 404" not in e] == []


def test_the_new_messages_divider_passes_colour_contrast(new_page):
    cast = make_cast()
    thread = general_thread(cast.cam, cast.cam_user)
    post_message(thread, cast.tess, body="See you Tuesday")
    page = new_page(SMALL_PHONE)
    sign_in(page, "cam@riverside.example", PASSWORD)
    page.goto(reverse("dialogue_thread", args=[cast.cam.pk, thread.pk]))
    expect(page.locator(".chat__divider")).to_be_visible()
    check_page(page, "robust-thread-new-divider")  # axe: no serious colour-contrast problem
