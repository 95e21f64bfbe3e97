"""Every page a Spanish-reading client or therapist opens in the demo is in Spanish: none of the catalogue's
English sentences is left on it (tests/i18n/english_left.py), in its text or in what a screen reader says.

The demo is the data: goals on track, stalled and too early to tell, wins, streaks, questionnaire scores,
motivational-interviewing prompts, a crisis text. People's own words stay as they wrote them (in English
here), and none of them is a sentence of the catalogue.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accord.demo import seed_demo
from tests.conftest import signed_in
from tests.i18n.english_left import english_on, english_sentences, readable_text
from tests.i18n.support import spanish

pytestmark = pytest.mark.django_db


def _in_spanish(user):
    user.language = "es"
    user.save(update_fields=["language"])
    return signed_in(user)


def _english_left(browser, urls: list[str]) -> str:
    """Each page with English left on it and what, one a line; empty when every page is in Spanish."""
    left = []
    for url in urls:
        response = browser.get(url, follow=True)
        assert response.status_code == 200, url
        found = english_on(response.content.decode())
        if found:
            left.append(f"{url}: {found}")
    return "\n".join(left)


def _goal_urls(goal) -> list[str]:
    return [
        reverse("goal_page", args=[goal.pk]),
        reverse("goal_progress", args=[goal.pk]),
        reverse("goal_changes", args=[goal.pk]),
    ]


def test_the_detector_finds_a_sentence_of_the_catalogue_and_not_spanish():
    assert "Two or more check-ins are needed to see a direction" in english_sentences()
    assert english_on("<p>Por qué: Two or more check-ins are needed to see a direction.</p>")
    assert english_on('<img alt="Two or more check-ins are needed to see a direction">')
    assert not english_on(
        "<p>Aún es pronto para saberlo</p><script>'Two or more check-ins are needed'</script>"
    )
    assert readable_text("<p>a <b>b</b></p>") == "a b"


def test_a_client_reading_spanish_meets_no_english_of_accords():
    people = seed_demo()
    browser = _in_spanish(people.account_of(people.cam))
    urls = [
        reverse("client_home"),
        reverse("my_goals"),
        reverse("my_goal_new"),
        reverse("my_goals_explained"),
        reverse("checkin"),
        reverse("my_progress"),
        reverse("my_wins"),
        reverse("my_rhythm"),
        reverse("my_measures"),
        reverse("dialogue_my_messages"),
        reverse("dialogue_my_agenda"),
        reverse("intake"),
        reverse("account_page"),
    ]
    for goal in people.cam.goals.all():
        urls += _goal_urls(goal)
    left = _english_left(browser, urls)
    assert not left, f"English left on Spanish pages:\n{left}"


def test_a_therapist_reading_spanish_meets_no_english_of_accords():
    people = seed_demo()
    browser = _in_spanish(people.tess)
    urls = [reverse("therapist_home")]
    for client in (people.cam, people.casey):
        for name in ("client_page", "client_brief", "client_review", "client_progress", "client_assessment"):
            urls.append(reverse(name, args=[client.pk]))
        urls += [reverse("client_goals", args=[client.pk]), reverse("client_goal_new", args=[client.pk])]
        for goal in client.goals.all():
            urls += [*_goal_urls(goal), reverse("goal_edit", args=[goal.pk])]
    left = _english_left(browser, urls)
    assert not left, f"English left on Spanish pages:\n{left}"


def test_a_client_reading_spanish_downloads_her_data_in_spanish():
    people = seed_demo()
    response = _in_spanish(people.account_of(people.cam)).get(reverse("records_my_data_export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    pages = PdfReader(io.BytesIO(archive.read("my-data.pdf"))).pages
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pages)
    readme = archive.read("README.txt").decode()
    assert english_on(text) == [] and english_on(readme) == []
    assert readme.startswith(spanish("Your data from Accord"))
    # The codes of the JSON (active, client, accepted) are words in the PDF.
    assert f"{spanish('Status')}: active" not in text and " client accepted " not in text
