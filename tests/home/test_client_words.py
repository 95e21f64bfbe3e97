"""Issue 13: no clinical jargon on client pages. Every page a client can open is fetched with data that
brings out the most (agreed goals with levels recorded by both, check-ins, a questionnaire) and its visible
text is scanned for terms that belong on the therapist's side. The one page that explains the working —
"How is this worked out?" — may use them, and is the only one excused."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accord.dialogue import actions as dialogue
from accord.goals.models import Party
from tests.assessments.support import assign
from tests.checkins.checkin_support import CALMER, agreed_goal, check_in
from tests.progress.progress_support import rate_gas

pytestmark = pytest.mark.django_db

# Therapist-only words: measurement theory, scale notes, the formula, the API's plumbing.
THERAPIST_ONLY = [
    "T-score",
    "GAS",
    "Goal Attainment Scaling",
    "ρ",
    "rho",
    "correlation",
    "Kiresuk",
    "Turner-Stokes",
    "importance × difficulty",
    "than expected",
    "unvalidated",
    "SRS",
    "Session Rating Scale",
    "Bearer",
    "Authorization",
    "FHIR",
    "achievementStatus",
    "reliable change",
    "cut-off",
]
EXPLAINER = "my_goals_explained"


class _VisibleText(HTMLParser):
    """The text a person reads: no scripts, styles or markup (attributes such as alt and aria-label too)."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in ("alt", "aria-label", "title", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def jargon_in(text: str) -> list[str]:
    found = []
    for term in THERAPIST_ONLY:
        pattern = rf"(?<![\w-]){re.escape(term)}(?![\w-])" if term.isalnum() else re.escape(term)
        if re.search(pattern, text):
            found.append(term)
    return found


def client_pages(cast) -> list[str]:
    """Every GET page a client has, with its ids filled in."""
    walks = agreed_goal(cast)
    calmer = agreed_goal(cast, content=CALMER)
    check_in(cast.cam, [walks, calmer], value=2, progress=6, confidence=7)
    for goal, level in ((walks, -1), (calmer, 0)):
        rate_gas(goal, Party.CLIENT, level)
        rate_gas(goal, Party.THERAPIST, level)
    dialogue.post_message(dialogue.general_thread(cast.cam), cast.tess, body="See you Tuesday")
    assign(cast.cam, "session_checkin", by=cast.tess)
    assign(cast.cam, "phq9", by=cast.tess)
    checkin = cast.cam.checkins.first()
    return [
        reverse("client_home"),
        reverse("checkin"),
        reverse("checkin_done", args=[checkin.pk]),
        reverse("my_wins"),
        reverse("my_rhythm"),
        reverse("my_progress"),
        reverse("my_goals"),
        reverse("my_goal_new"),
        reverse("goal_page", args=[walks.pk]),
        reverse("goal_page", args=[calmer.pk]),
        reverse("goal_edit", args=[walks.pk]),
        reverse("goal_changes", args=[walks.pk]),
        reverse("goal_progress", args=[walks.pk]),
        reverse("dialogue_conversation", args=[cast.cam.pk]),
        reverse("dialogue_my_agenda"),
        reverse("dialogue_ideas", args=[cast.cam.pk]),
        reverse("my_measures"),
        reverse("take_measure", args=["session_checkin"]),
        reverse("take_measure", args=["phq9"]),
        reverse("intake"),
        reverse("account_page"),
    ]


def test_the_scan_finds_jargon_and_reads_only_visible_text():
    assert jargon_in(visible_text("<p>Your GAS T-score is 50</p>")) == ["T-score", "GAS"]
    assert (
        jargon_in(visible_text('<p class="gas-level">A bit less than we hoped</p><script>GAS</script>')) == []
    )
    assert jargon_in("a bit more than expected") == ["than expected"]


def test_no_client_page_uses_therapist_only_words(cast, as_cam):
    problems = {}
    for url in client_pages(cast):
        response = as_cam.get(url, follow=True)
        assert response.status_code == 200, url
        found = jargon_in(visible_text(response.content.decode()))
        if found:
            problems[url] = found
    assert problems == {}


def test_the_working_is_one_link_away_for_a_client_who_wants_it(cast, as_cam):
    client_pages(cast)
    page = as_cam.get(reverse("my_goals")).content.decode()
    assert reverse(EXPLAINER) in page
    explained = visible_text(as_cam.get(reverse(EXPLAINER)).content.decode())
    assert "T-score" in explained and "Kiresuk" in explained
