"""A GET never writes (beyond the short audit record of the read): the pages a therapist and a client open
most — the caseload, the brief, the client page, the review, the goal page and its decisional balance, the
client's home and the practice's outcomes — change no row of client data when viewed again."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.performance.test_query_budgets import grow

pytestmark = pytest.mark.django_db

# The audit record of a read, and the session's own row (its activity is noted at most once a minute).
ALLOWED = {"audit_auditevent", "django_session"}


def written_tables(browser, url: str) -> set[str]:
    browser.get(url)  # the first view may note the session or create the general thread
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200, url
    tables = set()
    for query in queries.captured_queries:
        found = re.match(r"^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+\"?(\w+)\"?", query["sql"], re.I)
        if found:
            tables.add(found.group(1))
    return tables - ALLOWED


def test_viewing_the_busiest_pages_again_writes_nothing_but_the_audit_record(cast, as_tess, as_cam, as_ada):
    goal = grow(cast, cast.cam)[0]
    pages = [
        (as_tess, reverse("therapist_home")),
        (as_tess, reverse("client_brief", args=[cast.cam.pk])),
        (as_tess, reverse("client_page", args=[cast.cam.pk])),
        (as_tess, reverse("client_review", args=[cast.cam.pk])),
        (as_tess, reverse("goal_page", args=[goal.pk])),
        (as_cam, reverse("goal_balance", args=[goal.pk])),
        (as_cam, reverse("client_home")),
        (as_ada, reverse("records_outcomes")),
    ]
    for browser, url in pages:
        assert written_tables(browser, url) == set(), url
