"""Project-wide guards: no pending migrations, every argument-free page renders, configuration documented."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client as BrowserClient
from django.urls import URLPattern, URLResolver, get_resolver

REPO = Path(__file__).resolve().parents[1]

# The JSON API has its own guard and schema tests.
SKIPPED_PREFIXES = ("api/",)
# Pages from django-allauth: they must never fail, but several are steps of a flow (a pending sign-in, a
# re-authentication) that answer a redirect to anyone arriving without that flow, so none is required to
# answer 200 here. Accord's own pages are.
ALLAUTH_PREFIX = "accounts/"
ROLES = ["anonymous", "ada", "tess", "theo", "cam", "cleo"]
SIGN_IN_PATH = "/accounts/login/"


@pytest.mark.django_db
def test_no_pending_migrations():
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{output.getvalue()}")


def _routes(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        route = prefix + _route_text(entry)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route, entry


def _route_text(entry: URLPattern | URLResolver) -> str:
    text = str(entry.pattern)
    return text.removeprefix("^").removesuffix("$") if text.startswith("^") else text


def argument_free_pages() -> list[tuple[str, str]]:
    """(path, name) for every URL pattern that takes no argument, outside the API."""
    pages = []
    for route, pattern in _routes(get_resolver().url_patterns):
        takes_arguments = "<" in route or "(" in route or "\\" in route
        if takes_arguments or route.startswith(SKIPPED_PREFIXES):
            continue
        pages.append(("/" + route, pattern.name or route))
    return pages


def browser_for(role: str, cast) -> BrowserClient:
    browser = BrowserClient()
    people = {
        "ada": cast.ada,
        "tess": cast.tess,
        "theo": cast.theo,
        "cam": cast.cam_user,
        "cleo": cast.cleo_user,
    }
    if role in people:
        browser.force_login(people[role])
    return browser


def fetch(path: str, browser: BrowserClient) -> tuple[int, str] | str:
    """(status, redirect target), or the exception a view raised (the test client re-raises errors)."""
    try:
        response = browser.get(path)
    except Exception as error:  # collected and reported with the page and role
        return f"{type(error).__name__}: {error}"
    return response.status_code, response.get("Location", "")


def opens_for_someone(answers: dict[str, tuple[int, str] | str]) -> bool:
    """Someone signed in gets the page, or is sent on to a page of their own (not to sign-in); or it is
    an action that only accepts POST (405 to every GET)."""
    signed_in = [answer for role, answer in answers.items() if role != "anonymous"]
    if all(status == 405 for status, _target in signed_in):
        return True
    return any(
        status == 200 or (300 <= status < 400 and not target.startswith(SIGN_IN_PATH))
        for status, target in signed_in
    )


def test_the_page_list_finds_the_pages_it_should():
    paths = {path for path, _name in argument_free_pages()}
    assert {"/", "/healthz", "/accounts/login/", "/clients/", "/me/", "/practice/"} <= paths
    assert not any(path.startswith("/api/") for path in paths)


@pytest.mark.django_db
def test_every_argument_free_page_renders_without_error_for_every_role(cast):
    pages = argument_free_pages()
    # One browser per role for all pages (a GET never signs anyone out), as a person would click around.
    browsers = {role: browser_for(role, cast) for role in ROLES}
    answers = {path: {role: fetch(path, browsers[role]) for role in ROLES} for path, _name in pages}
    failures = [
        f"{path} ({name}) as {role}: {answer}"
        for path, name in pages
        for role, answer in answers[path].items()
        if isinstance(answer, str) or answer[0] >= 500
    ]
    assert not failures, "Pages that fail:\n" + "\n".join(failures)

    # Allauth's flow steps may turn away anyone who arrives outside the flow; Accord's own pages may not.
    unused = [
        f"{path}: {answers[path]}"
        for path, _name in pages
        if not path.startswith("/" + ALLAUTH_PREFIX) and not opens_for_someone(answers[path])
    ]
    assert not unused, "Pages nobody can open:\n" + "\n".join(unused)


def test_every_setting_from_the_environment_is_documented():
    settings_source = (REPO / "accord" / "settings.py").read_text()
    variables = set(
        re.findall(r"""env_(?:str|bool|int|float|list)\(\s*["']([A-Z0-9_]+)["']""", settings_source)
    )
    assert {"DATABASE_URL", "ACCORD_SECRET_KEY", "ACCORD_DEBUG"} <= variables
    documented = (REPO / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in variables if f"`{name}`" not in documented)
    assert not missing, f"Add these to docs/configuration.md: {', '.join(missing)}"


def test_ci_installs_and_tests_the_way_the_readme_says():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    install = 'pip install -e ".[test]"'
    assert install in readme and install in ci
    assert "set -euo pipefail" in ci
