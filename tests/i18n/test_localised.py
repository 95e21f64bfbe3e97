"""Beyond the words: API errors in the caller's language, dates in Spanish order and words, questionnaires
kept in their published English wording with a note, and the PDF in the reader's language."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.template import Context, Template
from django.test import Client as Browser
from django.urls import reverse
from django.utils import formats, translation
from pypdf import PdfReader

from accord.assessments import catalogue
from tests.api.conftest import token_client
from tests.assessments.support import assign
from tests.conftest import signed_in
from tests.i18n.support import spanish

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 7)


# --- API errors -------------------------------------------------------------------------------------------


def test_api_errors_are_in_the_callers_language(cast, casey_in_spanish):
    not_yours = f"/api/v1/clients/{cast.cam.pk}"
    in_spanish = token_client(casey_in_spanish).get(not_yours)
    assert in_spanish.status_code == 404
    assert in_spanish.json() == {"detail": spanish("Not found."), "errors": {}}
    assert in_spanish["Content-Language"] == "es"
    in_english = token_client(cast.cam_user).get(f"/api/v1/clients/{cast.casey.pk}")
    assert in_english.json()["detail"] == "Not found."


def test_a_refused_value_is_explained_in_the_callers_language(cast, casey_in_spanish):
    answer = token_client(casey_in_spanish).get("/api/v1/clients?limit=-1")
    assert answer.status_code == 422
    assert answer.json()["detail"] == spanish("Some values are not valid.")
    assert "limit" in answer.json()["errors"]  # the field names stay what a program reads


def test_the_browser_session_calls_the_api_in_the_persons_language(cast, casey_in_spanish):
    answer = signed_in(casey_in_spanish).get(f"/api/v1/clients/{cast.cam.pk}")
    assert answer.json()["detail"] == spanish("Not found.")


def test_a_signed_out_caller_gets_the_browsers_language(db):
    answer = Browser().get("/api/v1/nothing-here", HTTP_ACCEPT_LANGUAGE="es")
    assert answer.status_code == 404
    assert answer.json()["detail"] == spanish("There is no such API endpoint. See /api/v1/docs.")


# --- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "english", "in_spanish"),
    [
        ("DATE_FORMAT", "7 December 2026", "7 de diciembre de 2026"),
        ("SHORT_DATE_FORMAT", "7 Dec 2026", "7 dic 2026"),
        ("MONTH_DAY_FORMAT", "7 December", "7 de diciembre"),
        ("WEEKDAY_FORMAT", "Monday 7 December", "lunes 7 de diciembre"),
    ],
)
def test_dates_follow_the_language(name, english, in_spanish):
    assert formats.date_format(DAY, name) == english
    with translation.override("es"):
        assert formats.date_format(DAY, name) == in_spanish
        assert Template(f'{{{{ day|date:"{name}" }}}}').render(Context({"day": DAY})) == in_spanish


def test_times_and_numbers_follow_the_language():
    moment = dt.datetime(2026, 12, 7, 18, 30)
    with translation.override("es"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "7 de diciembre de 2026, 18:30"
        assert formats.number_format(2.5) == "2,5"
    assert formats.date_format(moment, "DATETIME_FORMAT") == "7 December 2026, 18:30"
    assert formats.number_format(2.5) == "2.5"


def test_a_page_shows_its_dates_in_spanish(cast, as_tess, commit_callbacks):
    """An invitation page (signed out, a Spanish browser) gives its expiry date the Spanish way."""
    with commit_callbacks():
        as_tess.post(reverse("client_add"), {"display_name": "Rosa", "email": "rosa@example.org"})
    from tests.accounts.conftest import invitation_path_from_last_email

    page = Browser().get(invitation_path_from_last_email(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert " de 2026" in page or " de 2027" in page
    assert any(month in page for month in ("diciembre", "enero"))


# --- questionnaires ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["phq9", "gad7"])
def test_validated_questionnaires_keep_their_published_english_wording_with_a_note(
    cast, casey_in_spanish, key
):
    assign(cast.casey, key, by=cast.tess)
    page = signed_in(casey_in_spanish).get(reverse("take_measure", args=[key])).content.decode()
    instrument = catalogue.get_instrument(key)
    assert instrument.items[0].text in page  # word for word, in English
    note = spanish(
        "This questionnaire is shown in English because its published wording in your language has not yet "
        "been checked word for word, and a translation of our own could change what it measures."
    )
    assert note.startswith("Este cuestionario se muestra en inglés porque")
    assert note in page


def test_no_note_in_english(cast, as_casey):
    assign(cast.casey, "phq9", by=cast.tess)
    page = as_casey.get(reverse("take_measure", args=["phq9"])).content.decode()
    assert "shown in English" not in page


# --- PDF --------------------------------------------------------------------------------------------------


def test_the_plan_pdf_is_in_the_readers_language(cast, as_tess):
    tess_in_spanish = cast.tess
    tess_in_spanish.language = "es"
    tess_in_spanish.save(update_fields=["language"])
    answer = signed_in(tess_in_spanish).get(f"/api/v1/clients/{cast.cam.pk}/export/pdf")
    assert answer.status_code == 200
    reader = PdfReader(io.BytesIO(answer.content))
    text = "".join(page.extract_text() for page in reader.pages)
    months = (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    )
    assert any(f" de {month} de " in text for month in months)  # the printed date, the Spanish way
    assert reader.metadata is not None
