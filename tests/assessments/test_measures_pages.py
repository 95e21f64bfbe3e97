"""Measures on the pages: the therapist assigns with a rhythm, the client sees what is due and answers it on
one screen, bad answers are refused item by item with nothing saved, and scores are shown with their band and
change since baseline — to the therapist with the convention named, to the client in plain words."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.assessments import catalogue
from accord.assessments.apps import check_instrument_definitions
from accord.assessments.models import MeasureAssignment, MeasureResponse, PracticeInstrument
from accord.audit.models import Action, AuditEvent
from tests.assessments.support import as_post, assign, gad7, phq9, respond


def take_url(key="phq9"):
    return reverse("take_measure", args=[key])


# --- the client answers ---------------------------------------------------------------------------------


def test_a_due_measure_shows_on_the_clients_home(cast, as_cam):
    assign(cast.cam, "phq9", by=cast.tess)
    assign(cast.cam, "gad7", by=cast.tess, due=timezone.localdate() + dt.timedelta(days=5))
    home = as_cam.get(reverse("client_home")).content.decode()
    assert take_url("phq9") in home
    assert take_url("gad7") not in home  # not due yet
    assert "A questionnaire is due: PHQ-9" in home


def test_the_phq9_page_has_the_exact_wording_in_fieldsets(cast, as_cam):
    assign(cast.cam, "phq9", by=cast.tess)
    page = as_cam.get(take_url())
    html = page.content.decode()
    instrument = catalogue.get_instrument("phq9")
    assert instrument.stem in html
    for item in instrument.items:
        assert item.text.replace("'", "&#x27;") in html or item.text in html
    for label in ("Not at all", "Several days", "More than half the days", "Nearly every day"):
        assert html.count(f'<span class="choice__value">{label}</span>') == 9
    assert html.count("<fieldset") == 10 and html.count("<legend") == 10
    assert 'name="idempotency_key"' in html


def test_answering_stores_the_score_and_shows_it_in_plain_words(cast, as_cam):
    respond(cast.cam, "phq9", phq9(17), by=cast.tess, when=timezone.now() - dt.timedelta(weeks=6))
    assign(cast.cam, "phq9", by=cast.tess)
    answers = dict(zip([f"q{n}" for n in range(1, 10)], [1, 1, 1, 1, 1, 1, 1, 1, 0], strict=True))

    done = as_cam.post(take_url(), as_post(answers, difficulty="1", idempotency_key="a1"))

    response = MeasureResponse.objects.filter(client=cast.cam).first()
    assert done.status_code == 302 and done["Location"] == reverse("my_measure_result", args=[response.pk])
    assert (response.total, response.band_key, response.entered_by) == (8, "mild", cast.cam_user)
    assert response.answers["difficulty"] == 1
    html = as_cam.get(done["Location"]).content.decode()
    assert "Your score: 8 out of 27" in html and "Mild" in html
    assert "that&#x27;s a real change" in html  # 17 → 8: a fall of 9 is reliable improvement
    assert "NHS Talking Therapies" not in html  # conventions are named for the therapist, not the client
    assert AuditEvent.objects.filter(action=Action.MEASURE_COMPLETED, client=cast.cam).exists()


def test_a_once_assignment_ends_and_a_rhythm_moves_on(cast, as_cam):
    assign(cast.cam, "phq9", by=cast.tess)
    assign(cast.cam, "gad7", by=cast.tess, every_weeks=2)
    as_cam.post(take_url("phq9"), as_post(phq9(3), idempotency_key="o1"))
    as_cam.post(take_url("gad7"), as_post(gad7(3), idempotency_key="o2"))
    assert not MeasureAssignment.objects.get(client=cast.cam, instrument_key="phq9").active
    repeating = MeasureAssignment.objects.get(client=cast.cam, instrument_key="gad7", active=True)
    assert repeating.next_due_on == timezone.localdate() + dt.timedelta(weeks=2)
    assert take_url("phq9") not in as_cam.get(reverse("client_home")).content.decode()


def test_missing_and_out_of_range_answers_are_refused_item_by_item_and_nothing_is_saved(cast, as_cam):
    assign(cast.cam, "phq9", by=cast.tess)
    answers = as_post(phq9(10), idempotency_key="bad")
    del answers["q3"]
    del answers["q7"]
    answers["q5"] = "7"

    page = as_cam.post(take_url(), answers)

    assert page.status_code == 200
    html = page.content.decode()
    assert '<p class="field-error" id="q3-error">Please answer this question.</p>' in html
    assert '<p class="field-error" id="q7-error">Please answer this question.</p>' in html
    assert '<p class="field-error" id="q5-error">Choose one of the answers shown.</p>' in html
    assert 'aria-describedby="q3-error"' in html
    assert "3 answers need attention" in html
    assert not MeasureResponse.objects.exists()
    assert MeasureAssignment.objects.get(client=cast.cam).active


def test_the_answers_given_are_kept_when_the_page_comes_back(cast, as_cam):
    assign(cast.cam, "phq9", by=cast.tess)
    answers = as_post(phq9(10), idempotency_key="keep")
    del answers["q9"]
    html = as_cam.post(take_url(), answers).content.decode()
    assert len(re.findall(r"<input[^>]*\bchecked\b[^>]*>", html)) == 8


def test_sending_twice_stores_one_response(cast, as_cam):
    assign(cast.cam, "phq9", by=cast.tess, every_weeks=2)
    form = as_post(phq9(6), idempotency_key="twice")
    first = as_cam.post(take_url(), form)
    second = as_cam.post(take_url(), form)
    assert MeasureResponse.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_measure_that_is_not_assigned_or_not_offered_is_not_found(cast, as_cam):
    assert as_cam.get(take_url("phq9")).status_code == 404
    assign(cast.cam, "gad7", by=cast.tess)
    PracticeInstrument.objects.create(practice=cast.practice_a, instrument_key="gad7", enabled=False)
    assert as_cam.get(take_url("gad7")).status_code == 404
    assert as_cam.get(take_url("intake")).status_code == 404
    assert as_cam.get(take_url("nosuch")).status_code == 404


def test_the_clients_measures_page_lists_due_and_past_scores(cast, as_cam):
    assign(cast.cam, "phq9", by=cast.tess)
    respond(cast.cam, "gad7", gad7(12), by=cast.tess, when=timezone.now() - dt.timedelta(weeks=4))
    respond(cast.cam, "gad7", gad7(11), by=cast.tess)
    html = as_cam.get(reverse("my_measures")).content.decode()
    assert take_url("phq9") in html
    assert "Latest score: 11 out of 21" in html
    assert "a little lower than when you started" in html


def test_client_measure_pages_refuse_other_people(cast, as_casey, as_tess, as_theo, client):
    assign(cast.cam, "phq9", by=cast.tess)
    response = respond(cast.cam, "phq9", phq9(4), by=cast.tess)
    result = reverse("my_measure_result", args=[response.pk])
    assert as_casey.get(result).status_code == 404  # another client's result
    assert as_casey.get(take_url()).status_code == 404  # not assigned to Casey
    for browser in (as_tess, as_theo):
        assert browser.get(result).status_code == 404
        assert browser.get(reverse("my_measures")).status_code == 404
    assert client.get(result).status_code == 302


def test_client_measure_pages_wrong_method(cast, as_cam):
    assign(cast.cam, "phq9", by=cast.tess)
    assert as_cam.post(reverse("my_measures")).status_code == 405
    assert as_cam.put(take_url()).status_code == 405
    response = respond(cast.cam, "phq9", phq9(4), by=cast.tess)
    assert as_cam.post(reverse("my_measure_result", args=[response.pk])).status_code == 405


# --- the therapist's side --------------------------------------------------------------------------------


def assessment_url(client):
    return reverse("client_assessment", args=[client.pk])


def test_scores_table_shows_band_change_and_the_convention(cast, as_tess):
    weeks_ago = [9, 6, 3, 0]
    for weeks, total in zip(weeks_ago, [17, 15, 12, 9], strict=True):
        respond(cast.cam, "phq9", phq9(total), by=cast.tess, when=timezone.now() - dt.timedelta(weeks=weeks))
    for weeks, total in zip(weeks_ago, [12, 11, 10, 9], strict=True):
        respond(cast.cam, "gad7", gad7(total), by=cast.tess, when=timezone.now() - dt.timedelta(weeks=weeks))

    html = as_tess.get(assessment_url(cast.cam)).content.decode()

    assert "Moderately severe" in html and "Baseline" in html
    assert "Reliable improvement" in html  # PHQ-9 17 → 9
    assert "−8" in html or "-8" in html
    assert "NHS Talking Therapies: reliable improvement = PHQ-9 falls by 6 or more" in html
    assert "caseness = GAD-7 of 8 or more" in html
    assert "Reliably improved" in html and "recovery = a case at the start" in html


def test_the_client_page_shows_latest_scores_and_links_to_the_assessment(cast, as_tess):
    respond(cast.cam, "phq9", phq9(12), by=cast.tess)
    html = as_tess.get(reverse("client_page", args=[cast.cam.pk])).content.decode()
    assert assessment_url(cast.cam) in html
    assert "12 / 27" in html and "Moderate" in html


def test_assigning_a_measure_with_a_rhythm(cast, as_tess):
    due = timezone.localdate() + dt.timedelta(days=3)
    answer = as_tess.post(
        reverse("client_measure_assign", args=[cast.cam.pk]),
        {"instrument": "gad7", "every_weeks": "4", "first_due_on": due.isoformat()},
    )
    assert answer.status_code == 302
    assignment = MeasureAssignment.objects.get(client=cast.cam)
    assert (assignment.instrument_key, assignment.every_weeks, assignment.next_due_on) == ("gad7", 4, due)
    assert assignment.assigned_by == cast.tess
    assert AuditEvent.objects.filter(action=Action.MEASURE_ASSIGNED, client=cast.cam).exists()

    as_tess.post(
        reverse("client_measure_assign", args=[cast.cam.pk]),
        {"instrument": "gad7", "every_weeks": "", "first_due_on": due.isoformat()},
    )
    running = MeasureAssignment.objects.get(client=cast.cam, active=True)
    assert running.every_weeks is None  # the new rhythm replaced the old one


def test_assigning_refuses_bad_input_next_to_the_field(cast, as_tess):
    PracticeInstrument.objects.create(practice=cast.practice_a, instrument_key="gad7", enabled=False)
    page = as_tess.post(
        reverse("client_measure_assign", args=[cast.cam.pk]),
        {"instrument": "gad7", "every_weeks": "5", "first_due_on": "not a date"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Select a valid choice" in html  # gad7 is turned off, and 5 weeks is not offered
    assert "Enter a valid date" in html
    assert 'aria-invalid="true"' in html
    assert not MeasureAssignment.objects.exists()


def test_stopping_an_assignment(cast, as_tess):
    assignment = assign(cast.cam, "phq9", by=cast.tess, every_weeks=2)
    url = reverse("client_measure_stop", args=[cast.cam.pk, assignment.pk])
    assert as_tess.post(url).status_code == 302
    assignment.refresh_from_db()
    assert not assignment.active
    assert as_tess.get(url).status_code == 405


def test_entering_a_measure_in_session(cast, as_tess):
    url = reverse("client_measure_enter", args=[cast.cam.pk, "gad7"])
    assert as_tess.get(url).status_code == 200
    bad = as_tess.post(url, as_post({"q1": 1}, idempotency_key="s1"))
    assert bad.status_code == 200 and "6 answers need attention" in bad.content.decode()
    assert not MeasureResponse.objects.exists()
    done = as_tess.post(url, as_post(gad7(10), idempotency_key="s2"))
    response = MeasureResponse.objects.get()
    assert done["Location"] == reverse("client_measure_response", args=[cast.cam.pk, response.pk])
    assert response.entered_by == cast.tess and response.band_key == "moderate"
    detail = as_tess.get(done["Location"]).content.decode()
    assert "10 / 21" in detail and "This is the baseline" in detail


def test_practice_admin_chooses_the_measures(cast, as_ada, as_tess):
    url = reverse("practice_measures")
    page = as_ada.get(url).content.decode()
    assert 'value="phq9"' in page and "Public domain" in page
    as_ada.post(url, {"enabled": ["phq9", "readiness"]})
    assert set(catalogue.enabled_measures(cast.practice_a)) == {"phq9", "readiness"}
    assert set(catalogue.enabled_measures(cast.practice_b)) == {
        "phq9",
        "gad7",
        "readiness",
        "session_checkin",
    }
    assert AuditEvent.objects.filter(action=Action.INSTRUMENTS_CHANGED).exists()
    assert (
        'value="gad7"'
        not in as_tess.get(assessment_url(cast.cam))
        .content.decode()
        .split("Assign a measure")[1]
        .split("</select>")[0]
    )
    bad = as_ada.post(url, {"enabled": ["srs"]})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    assert as_tess.get(url).status_code == 404
    assert as_ada.put(url).status_code == 405


@pytest.mark.parametrize("who", ["as_theo", "as_ada", "as_cam"])
def test_therapist_pages_refuse_everyone_else(cast, who, request):
    browser = request.getfixturevalue(who)
    response = respond(cast.cam, "phq9", phq9(4), by=cast.tess)
    assignment = assign(cast.cam, "gad7", by=cast.tess)
    for url in (
        assessment_url(cast.cam),
        reverse("client_measure_enter", args=[cast.cam.pk, "phq9"]),
        reverse("client_measure_response", args=[cast.cam.pk, response.pk]),
    ):
        assert browser.get(url).status_code == 404, url
    for url in (
        reverse("client_measure_assign", args=[cast.cam.pk]),
        reverse("client_measure_stop", args=[cast.cam.pk, assignment.pk]),
        reverse("client_formulation_save", args=[cast.cam.pk]),
    ):
        assert browser.post(url, {"instrument": "phq9", "text": "x"}).status_code == 404, url
    assignment.refresh_from_db()
    assert assignment.active


def test_a_response_is_only_found_under_its_own_client(cast, as_tess):
    response = respond(cast.cam, "phq9", phq9(4), by=cast.tess)
    assert (
        as_tess.get(reverse("client_measure_response", args=[cast.casey.pk, response.pk])).status_code == 404
    )


# --- query counts stay flat as scores grow --------------------------------------------------------------


def _history(client, by, count):
    start = timezone.now() - dt.timedelta(weeks=count)
    for week in range(count):
        when = start + dt.timedelta(weeks=week)
        respond(client, "phq9", phq9(week % 20), by=by, when=when)
        respond(client, "gad7", gad7(week % 15), by=by, when=when)


def _queries(browser, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "who, url_name, limit",
    [("as_tess", "client_assessment", 25), ("as_tess", "client_page", 34), ("as_cam", "my_measures", 12)],
)
def test_score_lists_do_not_grow_in_queries(cast, who, url_name, limit, request):
    browser = request.getfixturevalue(who)
    url = reverse(url_name, args=[cast.cam.pk]) if who == "as_tess" else reverse(url_name)
    _history(cast.cam, cast.tess, 3)
    few = _queries(browser, url)
    _history(cast.cam, cast.tess, 30)
    many = _queries(browser, url)
    assert few == many <= limit, (few, many)
    if url_name != "client_page":
        assert (
            browser.get(url).content.decode().count("/results/" if who == "as_cam" else "/responses/") >= 66
        )


# --- a practice's own instruments (ACCORD_INSTRUMENTS_DIR) -----------------------------------------------

OWN_INSTRUMENT = {
    "key": "sleep_check",
    "version": 1,
    "title": "Sleep check (a practice's own)",
    "short_title": "Sleep check",
    "description": "Two questions about sleep.",
    "licence": "Written by the practice for its own use.",
    "audience": "client",
    "validated": False,
    "items": [
        {
            "key": "nights",
            "kind": "scale",
            "scored": True,
            "text": "Good nights last week?",
            "min": 0,
            "max": 7,
        },
        {"key": "naps", "kind": "scale", "scored": True, "text": "Naps last week?", "min": 0, "max": 7},
    ],
    "scoring": {"method": "sum", "items": ["nights", "naps"], "min": 0, "max": 14, "better": "higher"},
}


@pytest.fixture
def own_instruments(settings, tmp_path):
    (tmp_path / "sleep_check.json").write_text(json.dumps(OWN_INSTRUMENT))
    settings.ACCORD_INSTRUMENTS_DIR = str(tmp_path)
    yield tmp_path
    catalogue._instruments.cache_clear()
    catalogue._versions.cache_clear()


def test_a_practices_own_instrument_starts_off_and_can_be_turned_on(cast, as_ada, as_tess, own_instruments):
    page = as_ada.get(reverse("practice_measures")).content.decode()
    assert 'value="sleep_check"' in page
    assert "sleep_check" not in catalogue.enabled_measures(cast.practice_a)
    as_ada.post(reverse("practice_measures"), {"enabled": ["phq9", "gad7", "sleep_check"]})
    url = reverse("client_measure_enter", args=[cast.cam.pk, "sleep_check"])
    done = as_tess.post(url, {"nights": "5", "naps": "1", "idempotency_key": "own"})
    assert done.status_code == 302
    response = MeasureResponse.objects.get(instrument_key="sleep_check")
    assert (response.total, response.max_total) == (6, 14)


def test_a_malformed_definition_is_reported_by_the_system_check(own_instruments):
    broken = dict(
        OWN_INSTRUMENT, key="broken_one", bands=[{"min": 0, "max": 3, "key": "low", "label": "Low"}]
    )
    (own_instruments / "broken.json").write_text(json.dumps(broken))
    catalogue._instruments.cache_clear()
    errors = check_instrument_definitions()
    assert [error.id for error in errors] == ["accord.assessments.E001"]
    assert "broken.json" in errors[0].msg and "bands" in errors[0].msg
