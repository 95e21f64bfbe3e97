"""The check-in rhythm (practice default, the client's own zone, either party may change it) and the private
calendar feed (valid iCalendar, times only, revocable, unknown or revoked → 404)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accord.accounts.models import Weekday, hash_token
from accord.audit.models import Action, AuditEvent
from accord.checkins import actions, ical
from accord.checkins.models import CheckInRhythm
from tests.checkins.checkin_support import agreed_goal, rhythm

pytestmark = pytest.mark.django_db
UTC = dt.UTC
MY_RHYTHM = reverse("my_rhythm")


def rhythm_post(**changes) -> dict[str, str]:
    data = {
        "weekday": str(Weekday.WEDNESDAY),
        "time_of_day": "19:30",
        "every_weeks": "1",
        "time_zone": "Europe/London",
        "reminders_on": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- the rhythm -------------------------------------------------------------------------------------------


def test_a_client_starts_with_the_practices_default_in_their_own_zone(cast):
    practice = cast.practice_a
    practice.default_checkin_weekday = Weekday.TUESDAY
    practice.default_checkin_time = dt.time(8, 15)
    practice.default_checkin_interval_weeks = 2
    practice.save()
    cast.cam.time_zone = "America/New_York"
    cast.cam.save()
    made = actions.rhythm_for(cast.cam)
    assert (made.weekday, made.time_of_day, made.every_weeks, made.time_zone) == (
        Weekday.TUESDAY,
        dt.time(8, 15),
        2,
        "America/New_York",
    )
    assert actions.rhythm_for(cast.cam).pk == made.pk  # made once


def test_the_client_sets_day_time_and_zone_and_sees_the_next_check_ins(as_cam, cast):
    assert as_cam.get(MY_RHYTHM).status_code == 200
    response = as_cam.post(MY_RHYTHM, rhythm_post())
    assert response.status_code == 302
    saved = CheckInRhythm.objects.get(client=cast.cam)
    assert (saved.weekday, saved.time_of_day, saved.time_zone) == (
        Weekday.WEDNESDAY,
        dt.time(19, 30),
        "Europe/London",
    )
    page = as_cam.get(MY_RHYTHM).content.decode()
    assert page.count("Wednesday") >= 4 and "19:30" in page
    assert AuditEvent.objects.filter(action=Action.RHYTHM_CHANGED, client=cast.cam).exists()


def test_upcoming_check_ins_stay_at_the_local_time_across_a_clock_change(cast):
    rhythm(cast.cam, weekday=6, time=dt.time(18, 0), zone="Europe/London", starts_on=dt.date(2026, 3, 1))
    upcoming = actions.upcoming(
        CheckInRhythm.objects.get(client=cast.cam), 3, dt.datetime(2026, 3, 20, tzinfo=UTC)
    )
    assert [moment.hour for moment in upcoming] == [18, 17, 17]  # UTC; 18:00 in London each time


def test_the_client_turns_reminders_off(as_cam, cast):
    as_cam.post(MY_RHYTHM, rhythm_post(reminders_on=None))
    assert CheckInRhythm.objects.get(client=cast.cam).reminders_on is False


def test_bad_rhythm_input_is_refused_at_the_field_and_kept(as_cam, cast):
    response = as_cam.post(MY_RHYTHM, rhythm_post(time_zone="Mars/Olympus", time_of_day="25:99"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_time_zone_error"' in page and 'id="id_time_of_day_error"' in page
    assert 'value="25:99"' in page
    assert CheckInRhythm.objects.get(client=cast.cam).time_zone == "UTC"


def test_the_therapist_sets_the_clients_rhythm_but_not_their_reminders(as_tess, cast):
    url = reverse("client_rhythm", args=[cast.cam.pk])
    page = as_tess.get(url).content.decode()
    assert "Cam" in page and 'name="reminders_on"' not in page
    response = as_tess.post(url, rhythm_post(reminders_on=None, weekday=str(Weekday.FRIDAY)))
    assert response.status_code == 302
    saved = CheckInRhythm.objects.get(client=cast.cam)
    assert saved.weekday == Weekday.FRIDAY and saved.reminders_on is True


def test_the_rhythm_pages_are_only_for_the_care_team_and_the_client(as_theo, as_cam, as_ada, client, cast):
    url = reverse("client_rhythm", args=[cast.cam.pk])
    assert as_theo.get(url).status_code == 404
    assert as_theo.post(url, rhythm_post()).status_code == 404
    assert as_cam.get(url).status_code == 404
    assert as_ada.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_wrong_methods_on_the_rhythm_pages(as_cam, as_tess, cast):
    assert as_cam.put(MY_RHYTHM).status_code == 405
    assert as_tess.delete(reverse("client_rhythm", args=[cast.cam.pk])).status_code == 405
    assert as_cam.get(reverse("my_calendar_create")).status_code == 405
    assert as_cam.get(reverse("my_calendar_revoke")).status_code == 405


# --- the calendar feed ------------------------------------------------------------------------------------


def make_link(browser) -> str:
    page = browser.post(reverse("my_calendar_create")).content.decode()
    return re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', page).group(1)


def test_the_calendar_feed_is_valid_icalendar_with_nothing_clinical(as_cam, cast, client):
    agreed_goal(cast)
    rhythm(cast.cam, weekday=6, time=dt.time(18, 0), zone="Europe/London", starts_on=dt.date(2026, 3, 1))
    link = make_link(as_cam)
    response = client.get(link)  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()

    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "\n" not in body.replace("\r\n", "")  # every line ends in CRLF
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events = body.count("BEGIN:VEVENT")
    assert events == 12 == body.count("END:VEVENT") == body.count("SUMMARY:Accord check-in")
    assert len({line for line in lines if line.startswith("UID:")}) == events
    # Each start is at 18:00 London time, whatever the season.
    for line in lines:
        if line.startswith("DTSTART:"):
            start = dt.datetime.strptime(line[8:], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            local = start.astimezone(ZoneInfo("Europe/London"))
            assert (local.weekday(), local.hour, local.minute) == (6, 18, 0)
    for private in ("Walk", "park", "Cam", "Riverside", "Tess"):
        assert private not in body
    assert "X-PUBLISHED-TTL:PT12H" in lines and "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines


def test_a_new_link_replaces_the_old_and_a_revoked_link_is_not_found(as_cam, cast, client):
    first = make_link(as_cam)
    second = make_link(as_cam)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    as_cam.post(reverse("my_calendar_revoke"))
    assert client.get(second).status_code == 404
    assert CheckInRhythm.objects.get(client=cast.cam).calendar_token_hash == ""
    assert AuditEvent.objects.filter(action=Action.CALENDAR_LINK_REVOKED, client=cast.cam).count() == 1


def test_an_unknown_link_is_not_found_and_the_secret_is_kept_only_as_a_digest(as_cam, cast, client):
    assert client.get(reverse("calendar_feed", args=["not-a-real-token"])).status_code == 404
    link = make_link(as_cam)
    raw = link.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CheckInRhythm.objects.get(client=cast.cam).calendar_token_hash
    assert stored == hash_token(raw) and raw not in stored
    # The link is shown once: the page afterwards does not carry it.
    assert raw not in as_cam.get(MY_RHYTHM).content.decode()


def test_a_deactivated_clients_feed_stops(as_cam, cast, client):
    link = make_link(as_cam)
    cast.cam.is_active = False
    cast.cam.save()
    assert client.get(link).status_code == 404


def test_only_the_client_makes_calendar_links(as_tess, cast):
    assert as_tess.post(reverse("my_calendar_create")).status_code == 404


def test_folding_splits_long_lines_without_breaking_characters():
    line = "SUMMARY:" + "Café check-in ✓ " * 10
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_text_values_are_escaped():
    assert ical.escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
