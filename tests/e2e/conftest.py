"""Browser journeys: Playwright driving Debian's Chromium against the live test server.

They skip, saying why, when Chromium is not installed; CI installs it. Screenshots of every page visited go
to tests/e2e/screenshots/ (ignored by git) for people to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the tests
# themselves (reading the outbox, checking rows) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _plain_http_while_starting():
    """The live server speaks plain HTTP. Django's SecurityMiddleware reads the redirect and HSTS settings
    once, when the server builds its handler, so they are lifted only while it starts."""
    from django.conf import settings

    saved = settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS
    settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS = False, 0
    return saved


@pytest.fixture(scope="session")
def live_server(_plain_http_while_starting, live_server):
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS = _plain_http_while_starting
    return live_server


@pytest.fixture
def e2e_settings(settings):
    # The live server speaks plain HTTP on localhost, so cookies must not demand HTTPS here.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    return settings


@pytest.fixture
def new_page(browser, live_server, e2e_settings):
    """Open a fresh browser context (its own cookies) at a viewport; closed at the end of the test."""
    contexts = []

    def open_page(viewport=DESKTOP, reduced_motion: str = "no-preference"):
        context = browser.new_context(
            viewport=viewport, base_url=live_server.url, reduced_motion=reduced_motion
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.console_errors = errors  # type: ignore[attr-defined]
        return page

    yield open_page
    for context in contexts:
        context.close()


SETTLED = """() => Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null)))"""


def check_page(page, name: str) -> None:
    """Save a screenshot and fail on serious or critical accessibility problems or CSP errors."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(exist_ok=True)
    # Let finite animations end first: axe measured a celebration mid fade-in (partly transparent text) as
    # failing colour contrast when a loaded machine made it run late.
    page.evaluate(SETTLED)
    # caret="initial": otherwise Playwright leaves style="" on inputs, which htmx copies and the CSP reports.
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, caret="initial")
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, f"Accessibility problems on {name}:\n" + "\n".join(serious)
    csp_errors = [e for e in getattr(page, "console_errors", []) if re.search("Content.Security.Policy", e)]
    assert not csp_errors, f"CSP blocked something on {name}: {csp_errors}"


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("email", re.I)).fill(email)
    page.get_by_label(re.compile("^password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_load_state("networkidle")
