"""A caseload and a practice's client list show fifty people a page, whatever the size of the practice; the
search still finds anyone; the query count does not grow with the list."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import CareTeamMember, Client
from accord.appointments.models import ClientSummary

pytestmark = pytest.mark.django_db


def many_clients(cast, start: int, n: int) -> None:
    """``n`` more clients of Tess (no sign-in), made in bulk."""
    Client.objects.bulk_create(
        [
            Client(practice=cast.practice_a, display_name=f"Zed {i:03d}", created_by=cast.tess)
            for i in range(start, start + n)
        ]
    )
    made = list(Client.objects.filter(display_name__startswith="Zed ", care_team__isnull=True))
    CareTeamMember.objects.bulk_create(
        [CareTeamMember(client=c, therapist=cast.tess, is_primary=True) for c in made]
    )
    # Bulk creation skips the summary receiver: write the (empty) rows the worker's round would, so they
    # read "on track" rather than "not summarised yet" and keep their place by name.
    ClientSummary.objects.bulk_create(
        [ClientSummary(client=c, refreshed_at=timezone.now()) for c in made], ignore_conflicts=True
    )


def names(html: str) -> list[str]:
    return re.findall(r"Zed \d{3}", html)


def queries(browser, url, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize(("who", "url_name"), [("as_tess", "therapist_home"), ("as_ada", "practice_clients")])
def test_a_long_list_shows_fifty_a_page_and_its_queries_do_not_grow(who, url_name, cast, request):
    browser = request.getfixturevalue(who)
    url = reverse(url_name)
    many_clients(cast, 0, 10)
    few, _ = queries(browser, url)
    many_clients(cast, 10, 110)
    count, first = queries(browser, url)
    assert count == few
    assert len(set(names(first))) == 50 - 2  # Cam and Casey come first by name
    assert "Page 1 of 3" in first and 'rel="next"' in first
    _, third = queries(browser, url, page=3)
    assert len(set(names(third))) == 22 and 'rel="next"' not in third
    every = set()
    for page in (1, 2, 3):
        every |= set(names(queries(browser, url, page=page)[1]))
    assert len(every) == 120  # nobody missed, nobody twice
    assert queries(browser, url, page="x")[0] == few  # a bad page number shows the first page
    # The search still finds anyone, on its own page; paging keeps the search.
    _, found = queries(browser, url, q="Zed 10")
    assert sorted(set(names(found))) == [f"Zed {i}" for i in range(100, 110)]
    _, searched = queries(browser, url, q="Zed")
    assert "q=Zed&amp;page=2" in searched
