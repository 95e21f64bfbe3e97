"""The caseload's and the audit trail's rows are written in Python (for speed, docs/performance.md): they
escape every value, show times in the reader's own time zone, and the audit trail's filter form, rendered
once when no filter is set, still shows each filter as chosen and its errors."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone as dj_timezone

from accord.audit.models import Action
from accord.audit.recording import record
from tests.appointments.support import planned_session
from tests.checkins.checkin_support import agreed_goal, check_in

pytestmark = pytest.mark.django_db

HOSTILE = '<b onmouseover="x">Cam & "Co"</b>'


def _audit_form(response) -> str:
    html = response.content.decode()
    start = html.index('class="card" novalidate')
    return html[start : html.index("</form>", start)]


def test_a_caseload_row_escapes_the_name_and_shows_dates_in_the_therapists_zone(cast, as_tess):
    cast.cam.display_name = HOSTILE
    cast.cam.save()
    cast.tess.time_zone = "Pacific/Auckland"
    cast.tess.save()
    goal = agreed_goal(cast)
    check_in(cast.cam, [goal], at=dj_timezone.now() - dt.timedelta(days=2), progress=4)
    check_in(cast.cam, [goal], progress=6)
    session = planned_session(cast.cam, cast.tess, in_days=2)
    html = as_tess.get(reverse("therapist_home")).content.decode()
    assert (
        HOSTILE not in html
        and "&lt;b onmouseover=&quot;x&quot;&gt;Cam &amp; &quot;Co&quot;&lt;/b&gt;" in html
    )
    auckland = session.starts_at.astimezone(zoneinfo.ZoneInfo("Pacific/Auckland"))
    assert f'<time datetime="{auckland.isoformat()}">' in html
    assert f'<time datetime="{session.starts_at.astimezone(dt.UTC).isoformat()}">' not in html
    assert f'href="{reverse("client_page", args=[cast.cam.pk])}"' in html
    assert f'href="{reverse("client_brief", args=[cast.cam.pk])}"' in html
    assert re.search(r'class="sparkline"[^>]*aria-label="[^"]*latest 6\.0"', html)


def test_an_audit_row_escapes_what_it_shows(cast, as_ada):
    cast.cam.display_name = HOSTILE
    cast.cam.save()
    record(Action.CLIENT_VIEWED, actor=cast.tess, client=cast.cam, detail={"what": "<i>x</i>", "id": 3})
    html = as_ada.get(reverse("audit_trail")).content.decode()
    assert HOSTILE not in html and "&lt;i&gt;x&lt;/i&gt; #3" in html
    assert "&lt;b onmouseover=&quot;x&quot;&gt;Cam &amp; &quot;Co&quot;&lt;/b&gt;" in html


def test_the_audit_filters_show_each_choice_after_the_unfiltered_form_was_reused(cast, as_ada):
    url = reverse("audit_trail")
    plain = _audit_form(as_ada.get(url))
    assert _audit_form(as_ada.get(url)) == plain
    chosen = _audit_form(as_ada.get(url, {"action": Action.CLIENT_VIEWED, "who": "tess"}))
    assert f'<option value="{Action.CLIENT_VIEWED}" selected>' in chosen and 'value="tess"' in chosen
    refused = _audit_form(as_ada.get(url, {"date_from": "2026-05-02", "date_to": "2026-05-01"}))
    assert "The end date is before the start date." in refused
    # And the unfiltered form afterwards is the plain one again, nothing carried over.
    assert _audit_form(as_ada.get(url)) == plain
    assert f'<option value="{Action.CLIENT_VIEWED}" selected>' not in plain
