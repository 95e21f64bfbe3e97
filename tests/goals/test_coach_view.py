"""The SMART coach beside the builder: feedback per criterion as either party types, advisory only."""

from __future__ import annotations

import re
from html import unescape

import pytest

from accord.goals.actions import rate_readiness
from accord.goals.models import ClientTheme
from tests.goals.goal_pages_support import HTMX, cams_proposal, goal_url, is_sign_in_redirect

GOOD = "Go for a 20-minute walk three times a week for the next six weeks"
VAGUE = "Be happier"


def coach_url(goal) -> str:
    return goal_url(goal, "goal_coach")


def rows(html: str) -> dict[str, str]:
    """criterion → its status word, as the panel shows it in text (not only colour)."""
    found = re.findall(
        r'data-criterion="(\w+)">.*?class="coach-row__status">([^<]+)</span>', html, flags=re.DOTALL
    )
    return {criterion: unescape(status) for criterion, status in found}


@pytest.fixture
def proposal(cast):
    return cams_proposal(cast)


def test_a_good_goal_meets_specific_measurable_and_time_bound(as_tess, proposal):
    response = as_tess.post(coach_url(proposal), {"statement": GOOD}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # just the panel
    status = rows(html)
    assert status["specific"] == "Met"
    assert status["measurable"] == "Met"
    assert status["time_bound"] == "Met"
    assert status["achievable"] == "Can't tell yet"  # no confidence or structured measure yet
    assert "✓" in html and "?" in html


def test_a_vague_goal_is_told_what_to_add(as_cam, proposal):
    html = as_cam.post(coach_url(proposal), {"statement": VAGUE}, **HTMX).content.decode()
    status = rows(html)
    assert status["specific"] == "Not yet"
    assert status["measurable"] == "Not yet"
    assert status["time_bound"] == "Not yet"
    assert "✗" in html
    assert "Suggestions" in html


def test_the_panel_announces_its_summary_politely(as_tess, proposal):
    html = as_tess.post(coach_url(proposal), {"statement": GOOD}, **HTMX).content.decode()
    assert 'hx-swap-oob="innerHTML:#coach-status"' in html
    assert "Coach: 3 of 5 met" in html


def test_absolutes_are_flagged_as_unrealistic(as_tess, proposal):
    html = as_tess.post(
        coach_url(proposal), {"statement": "Never feel anxious again"}, **HTMX
    ).content.decode()
    assert "Is this realistic?" in html
    assert 'data-code="absolute_wording"' in html


def test_the_structured_fields_are_read_too(cast, as_tess, proposal):
    theme = ClientTheme.objects.create(client=cast.cam, kind="value", text="Being outdoors")
    rate_readiness(proposal, cast.cam_user, importance=9, confidence=4)
    data = {
        "statement": "Walk to the park",
        "measure_kind": "count_per_week",
        "baseline": "0",
        "target": "3",
        "direction": "increase",
        "target_date": "2031-01-31",
        "theme_ids": [str(theme.pk)],
    }
    html = as_tess.post(coach_url(proposal), data, **HTMX).content.decode()
    status = rows(html)
    assert status["measurable"] == "Met"
    assert status["relevant"] == "Met"
    assert status["time_bound"] == "Met"
    assert status["achievable"] == "Not yet"  # Cam's latest confidence is 4/10
    assert "smaller" in html


def test_half_typed_numbers_do_not_break_the_coach(as_cam, proposal):
    data = {"statement": GOOD, "baseline": "abc", "target": "3.", "target_date": "2031-02-3x"}
    assert as_cam.post(coach_url(proposal), data, **HTMX).status_code == 200


def test_a_minus_two_baseline_is_mentioned(as_tess, proposal):
    html = as_tess.post(
        coach_url(proposal), {"statement": GOOD, "gas_baseline_level": "-2"}, **HTMX
    ).content.decode()
    assert 'data-code="gas_baseline_low"' in html


def test_without_javascript_the_coach_answers_a_full_page(as_cam, proposal):
    response = as_cam.post(coach_url(proposal), {"statement": VAGUE})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert "Suggestions only — you decide." in page
    assert rows(page)["specific"] == "Not yet"


def test_the_builders_check_button_shows_the_panel_with_the_input_kept(as_tess, proposal):
    data = {"statement": GOOD, "gas_baseline_level": "-1", "_action": "coach", "based_on": "1"}
    response = as_tess.post(goal_url(proposal, "goal_edit"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The coach has looked at what you wrote" in page
    assert GOOD in page and rows(page)["specific"] == "Met"
    assert proposal.versions.count() == 1  # advice never saves


def test_the_builder_opens_with_the_saved_version_already_coached(as_tess, proposal):
    page = as_tess.get(goal_url(proposal, "goal_edit")).content.decode()
    # "I want to get out of the house more": no number, no time frame.
    assert rows(page)["time_bound"] == "Not yet"


@pytest.mark.parametrize("browser", ["as_casey", "as_theo", "as_ada", "as_cleo"])
def test_only_the_goals_own_people_can_ask_the_coach(browser, request, proposal):
    response = request.getfixturevalue(browser).post(coach_url(proposal), {"statement": GOOD}, **HTMX)
    assert response.status_code == 404


def test_coach_needs_sign_in_and_post(client, as_tess, proposal):
    assert is_sign_in_redirect(client.post(coach_url(proposal), {"statement": GOOD}))
    assert as_tess.get(coach_url(proposal)).status_code == 405


def test_a_big_change_without_milestones_suggests_some(as_tess, proposal):
    data = {
        "statement": GOOD,
        "measure_kind": "rating_0_10",
        "baseline": "2",
        "target": "7",
        "target_date": "2031-01-01",
    }
    html = as_tess.post(coach_url(proposal), data, **HTMX).content.decode()
    assert "That&#x27;s a big change" in html
    with_milestones = {**data, "milestones": ["Get to 4 by the spring"]}
    html = as_tess.post(coach_url(proposal), with_milestones, **HTMX).content.decode()
    assert "big change" not in html


# --- issue 13: the coach beside a goal being proposed ----------------------------------------------------

PROPOSE = "/me/goals/new/"


def test_the_coach_is_on_the_page_where_the_client_proposes_a_goal(as_cam):
    page = as_cam.get(PROPOSE).content.decode()
    assert 'id="coach"' in page and "SMART coach" in page
    assert set(rows(page)) == {"specific", "measurable", "achievable", "relevant", "time_bound"}
    assert "Note it as a goal idea instead" in page  # the other path, and how it differs


def test_the_coach_answers_as_the_client_types_and_saves_nothing(as_cam, cast):
    from accord.goals.models import Goal

    response = as_cam.post(PROPOSE, {"words": GOOD, "_action": "coach"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert rows(html)["time_bound"] == "Met"
    assert not Goal.objects.filter(client=cast.cam).exists()


def test_without_javascript_the_coach_button_shows_the_page_with_the_words_kept(as_cam, cast):
    from accord.goals.models import Goal

    response = as_cam.post(PROPOSE, {"words": VAGUE, "_action": "coach"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The coach has looked at what you wrote" in page and VAGUE in page
    assert rows(page)["specific"] == "Not yet"
    assert not Goal.objects.filter(client=cast.cam).exists()


def test_saving_the_proposal_still_saves_it(as_cam, cast):
    from accord.goals.models import Goal

    response = as_cam.post(PROPOSE, {"words": GOOD})
    assert response.status_code == 302
    assert Goal.objects.get(client=cast.cam).client_words == GOOD


def test_the_therapist_proposing_sees_the_coach_too(as_tess, cast):
    page = as_tess.get(f"/clients/{cast.cam.pk}/goals/new/").content.decode()
    assert 'id="coach"' in page
