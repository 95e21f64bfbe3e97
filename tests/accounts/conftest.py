"""Helpers shared by the people-page tests."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.accounts.people import create_client

INVITATION_LINK = re.compile(r"http://testserver(/invitations/[^/\s]+/)")


def queries_for(browser, url: str) -> int:
    """How many SQL queries one GET of ``url`` takes (it must succeed)."""
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200
    return len(captured)


def add_clients(therapist, count: int, prefix: str = "Client") -> None:
    for number in range(count):
        create_client(therapist.practice, display_name=f"{prefix} {number:03d}", therapist=therapist)


def invitation_path_from_last_email() -> str:
    """The accept link in the most recent email, as a path for the test browser."""
    match = INVITATION_LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.fixture
def commit_callbacks(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (emails) as if the request's transaction had committed."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture
