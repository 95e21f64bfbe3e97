"""The practice admin's audit trail: browse, filter, page through and download; nobody else can."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import Action, AuditEvent
from accord.audit.recording import record

TRAIL = reverse("audit_trail")
EXPORT = reverse("audit_export")


def client_page(client) -> str:
    return reverse("client_page", args=[client.pk])


def csv_of(response) -> list[dict]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def table_of(response) -> str:
    """The events table only (the filter form's menus also list people's names)."""
    page = response.content.decode()
    return page.split("<table", 1)[1].split("</table>", 1)[0] if "<table" in page else ""


def rows_of(response) -> int:
    return table_of(response).count("data-event=")


def event_ids(response) -> list[int]:
    return [int(i) for i in re.findall(r'data-event="(\d+)"', table_of(response))]


def queries_for(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def activity(cast, as_tess, as_theo):
    """Tess opens Cam and Casey; Theo, at the other practice, opens Cleo."""
    as_tess.get(client_page(cast.cam))
    as_tess.get(client_page(cast.casey))
    as_theo.get(client_page(cast.cleo))


# --- the trail page ----------------------------------------------------------------------------------


def test_the_trail_shows_this_practice_newest_first(cast, as_ada, activity):
    response = as_ada.get(TRAIL)
    assert response.status_code == 200
    table = table_of(response)
    assert "tess@riverside.example" in table
    assert "theo@hillside.example" not in response.content.decode()
    assert "Cleo" not in response.content.decode()
    assert table.index("Casey") < table.index(">Cam<")  # Casey was opened last
    assert "no-store" in response["Cache-Control"]


def test_filter_by_user(cast, as_ada, activity, as_cam):
    table = table_of(as_ada.get(TRAIL, {"user": cast.cam_user.pk}))
    assert "cam@riverside.example" in table
    assert "tess@riverside.example" not in table


def test_filter_by_client(cast, as_ada, activity):
    response = as_ada.get(TRAIL, {"client": cast.casey.pk, "action": Action.CLIENT_VIEWED})
    assert rows_of(response) == 1
    assert "Casey" in table_of(response) and ">Cam<" not in table_of(response)


def test_people_are_found_by_a_search_not_a_menu_of_everyone(cast, as_ada, activity, as_cam):
    page = as_ada.get(TRAIL).content.decode()
    filters = page.split("<table", 1)[0]
    # Two short fixed menus (what happened, kind of record); no menu of people or clients.
    assert filters.count("<select") == 2
    assert '<select name="user"' not in filters and '<select name="client"' not in filters
    assert "Casey" not in page.split("<table", 1)[0]
    by_email = as_ada.get(TRAIL, {"who": "tess@river"})
    assert rows_of(by_email) >= 2 and "cam@riverside.example" not in table_of(by_email)
    by_name = as_ada.get(TRAIL, {"who": "taylor"})
    assert event_ids(by_name) == event_ids(by_email)
    about = as_ada.get(TRAIL, {"about": "case", "action": Action.CLIENT_VIEWED})
    assert rows_of(about) == 1 and "Casey" in table_of(about)
    # Another practice's people are never matched.
    assert "No entries match" in as_ada.get(TRAIL, {"who": "theo"}).content.decode()
    assert "No entries match" in as_ada.get(TRAIL, {"about": "cleo"}).content.decode()


def test_filter_by_action(cast, as_ada, activity):
    assert rows_of(as_ada.get(TRAIL, {"action": Action.CLIENT_VIEWED})) == 2


def test_filter_by_dates(cast, as_ada, activity):
    today = timezone.now().date()
    assert "No entries match" in as_ada.get(TRAIL, {"date_to": today - dt.timedelta(days=1)}).content.decode()
    assert (
        "No entries match" in as_ada.get(TRAIL, {"date_from": today + dt.timedelta(days=1)}).content.decode()
    )
    assert "tess@riverside.example" in table_of(as_ada.get(TRAIL, {"date_from": today, "date_to": today}))


def test_a_filter_of_another_practice_is_refused(cast, as_ada, activity):
    response = as_ada.get(TRAIL, {"client": cast.cleo.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert">About client: Select a valid choice' in page
    assert "Cleo" not in page


def test_bad_dates_are_explained(as_ada, cast):
    page = as_ada.get(TRAIL, {"date_from": "2026-05-02", "date_to": "2026-05-01"}).content.decode()
    assert "end date is before the start date" in page
    assert "not-a-date" in as_ada.get(TRAIL, {"date_from": "not-a-date"}).content.decode()


def older_link(response) -> str | None:
    match = re.search(r'href="\?([^"]*after=\d+)"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


def newer_link(response) -> str | None:
    match = re.search(r'href="\?([^"]*before=\d+)"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


def test_the_trail_pages_by_fifty_from_the_last_entry_seen_without_counting(cast, as_ada):
    for _ in range(120):
        record(Action.CLIENT_VIEWED, actor=cast.tess, obj=cast.cam)
    ids = list(AuditEvent.objects.filter(action=Action.CLIENT_VIEWED).values_list("pk", flat=True))
    first = as_ada.get(TRAIL, {"action": Action.CLIENT_VIEWED})
    assert rows_of(first) == 50 and newer_link(first) is None
    assert f"action={Action.CLIENT_VIEWED}" in older_link(first)  # page links keep the filters
    second = as_ada.get(f"{TRAIL}?{older_link(first)}")
    third = as_ada.get(f"{TRAIL}?{older_link(second)}")
    assert rows_of(second) == 50 and rows_of(third) == 20 and older_link(third) is None
    shown = [event_ids(page) for page in (first, second, third)]
    assert sum(shown, []) == ids  # every entry once, newest first
    back = as_ada.get(f"{TRAIL}?{newer_link(third)}")
    assert event_ids(back) == shown[1]
    assert event_ids(as_ada.get(f"{TRAIL}?{newer_link(back)}")) == shown[0]
    for junk in ("999999", "x", "-1", "9" * 40):
        assert as_ada.get(TRAIL, {"after": junk}).status_code == 200
        assert as_ada.get(TRAIL, {"before": junk}).status_code == 200
    assert "entries" not in first.content.decode().split("<table", 1)[0]  # no count of everything


def test_the_trail_query_count_is_flat(cast, as_ada):
    for _ in range(5):
        record(Action.CLIENT_VIEWED, actor=cast.tess, obj=cast.cam)
    few = queries_for(as_ada, TRAIL)
    for _ in range(200):
        record(Action.CLIENT_VIEWED, actor=cast.tess, obj=cast.casey)
    assert queries_for(as_ada, TRAIL) == few
    assert few <= 12


@pytest.mark.parametrize("url", [TRAIL, EXPORT])
@pytest.mark.parametrize("who", ["as_tess", "as_cam", "as_theo", "as_cleo"])
def test_nobody_but_the_admin_sees_the_trail(url, who, request):
    assert request.getfixturevalue(who).get(url).status_code == 404


@pytest.mark.parametrize("url", [TRAIL, EXPORT])
def test_anonymous_people_are_sent_to_sign_in(url, client, cast):
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("url", [TRAIL, EXPORT])
def test_the_trail_is_read_only(url, as_ada):
    assert as_ada.post(url).status_code == 405


# --- the CSV export ----------------------------------------------------------------------------------


def test_export_columns_and_rows(cast, as_ada, activity):
    response = as_ada.get(EXPORT, {"action": Action.CLIENT_VIEWED})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="accord-audit-')
    rows = csv_of(response)
    assert list(rows[0]) == [
        "time_utc",
        "actor",
        "action",
        "object_type",
        "object_id",
        "client_id",
        "practice_id",
        "ip_address",
        "detail",
        "record_kind",
    ]
    assert [row["client_id"] for row in rows] == [str(cast.casey.pk), str(cast.cam.pk)]
    first = rows[0]
    assert first["actor"] == "tess@riverside.example"
    assert first["action"] == "client.viewed"
    assert first["object_type"] == "accounts.client"
    assert first["practice_id"] == str(cast.practice_a.pk)
    assert first["ip_address"] == "127.0.0.1"
    assert dt.datetime.fromisoformat(first["time_utc"]).utcoffset() == dt.timedelta(0)
    assert json.loads(first["detail"]) == {}


def test_export_keeps_to_the_practice(cast, as_ada, activity):
    rows = csv_of(as_ada.get(EXPORT))
    assert {row["practice_id"] for row in rows} == {str(cast.practice_a.pk)}
    assert "theo@hillside.example" not in {row["actor"] for row in rows}


def test_the_export_is_audited(cast, as_ada):
    as_ada.get(EXPORT, {"client": cast.cam.pk})
    event = AuditEvent.objects.get(action=Action.AUDIT_EXPORTED)
    assert event.actor == cast.ada and event.practice == cast.practice_a
    assert event.detail == {"filters": {"client": str(cast.cam.pk)}}


def test_export_cells_cannot_become_spreadsheet_formulas(cast, as_ada):
    record(Action.SIGN_IN_FAILED, practice=cast.practice_a, detail={"note": "x"})
    AuditEvent.objects.create(action="=HYPERLINK(1)", practice=cast.practice_a, actor_label="@evil")
    rows = csv_of(as_ada.get(EXPORT))
    crafted = next(row for row in rows if "HYPERLINK" in row["action"])
    assert crafted["action"].startswith("'=") and crafted["actor"].startswith("'@")


def test_the_admin_cannot_change_the_trail(cast, as_ada, activity):
    """The trail page offers no way to edit or delete, and the export does not alter rows."""
    before = set(AuditEvent.objects.values_list("id", "action", "actor_label", "object_id"))
    page = as_ada.get(TRAIL).content.decode()
    assert 'method="post"' not in page.split("<main", 1)[1].split("</main>", 1)[0]
    csv_of(as_ada.get(EXPORT))
    assert before <= set(AuditEvent.objects.values_list("id", "action", "actor_label", "object_id"))
