"""The goal builder: one page to shape a goal into a SMART goal together, saved as a new version."""

from __future__ import annotations

import pytest

from accord.audit.models import Action, AuditEvent
from accord.goals.actions import close_goal, revise_goal
from accord.goals.models import ClientTheme, GoalStep, ReadinessRating
from tests.goals.goal_pages_support import (
    HTMX,
    SMART_CONTENT,
    agreed_goal,
    cams_proposal,
    goal_url,
    is_sign_in_redirect,
)


def edit_url(goal) -> str:
    return goal_url(goal, "goal_edit")


def builder_data(goal, **changes) -> dict:
    """What the builder posts when nothing is touched, with ``changes`` applied."""
    version = goal.current_version
    data = {
        "based_on": version.number,
        "statement": version.statement,
        "life_area": version.life_area,
        "theme_ids": [str(pk) for pk in version.theme_ids],
        "measure_kind": version.measure_kind,
        "unit": version.unit,
        "baseline": "" if version.baseline is None else version.baseline,
        "target": "" if version.target is None else version.target,
        "direction": version.direction,
        "scale_min": "",
        "scale_max": "",
        "target_date": version.target_date.isoformat() if version.target_date else "",
        "review_every_weeks": version.review_every_weeks or "",
        "milestones": version.milestones + ["", ""],
        "action_steps": version.action_steps + [""],
        "gas_minus_2": version.gas_minus_2,
        "gas_minus_1": version.gas_minus_1,
        "gas_0": version.gas_0,
        "gas_plus_1": version.gas_plus_1,
        "gas_plus_2": version.gas_plus_2,
        "gas_baseline_level": version.gas_baseline_level,
        "importance": "",
        "difficulty": "",
        "readiness_importance": "",
        "readiness_confidence": "",
        "reason": "",
        "_action": "save",
    }
    if goal.client_words:
        data["client_words"] = goal.client_words
    data.update(changes)
    return data


@pytest.fixture
def proposal(cast):
    return cams_proposal(cast)


# --- showing the builder ------------------------------------------------------------------------------
def test_therapist_sees_the_clients_words_read_only(as_tess, proposal):
    page = as_tess.get(edit_url(proposal)).content.decode()
    assert 'name="client_words"' not in page
    assert "only Cam can change these" in page
    assert proposal.client_words in page
    assert 'name="difficulty"' in page


def test_client_can_edit_her_own_words_but_not_rate_difficulty(as_cam, proposal):
    page = as_cam.get(edit_url(proposal)).content.decode()
    assert 'name="client_words"' in page
    assert 'name="difficulty"' not in page
    assert "How confident are you that you could do it, from 0 to 10?" in page


def test_builder_has_every_part_and_the_coach(cast, as_tess):
    goal = agreed_goal(cast)
    page = as_tess.get(edit_url(goal)).content.decode()
    for part in ("Milestones", "Action steps between sessions", "Levels of progress (GAS)", "What it is for"):
        assert part in page
    assert 'value="Walk to the corner and back"' in page
    assert "SMART coach" in page and "Suggestions only — you decide." in page
    assert 'hx-trigger="input changed delay:400ms from:closest form"' in page
    assert "Check with the coach" in page


@pytest.mark.parametrize("browser", ["as_theo", "as_ada", "as_casey", "as_cleo"])
def test_outsiders_cannot_open_or_save_the_builder(browser, request, proposal):
    outsider = request.getfixturevalue(browser)
    assert outsider.get(edit_url(proposal)).status_code == 404
    assert outsider.post(edit_url(proposal), builder_data(proposal, statement="Hijacked")).status_code == 404
    assert proposal.versions.count() == 1


def test_builder_needs_sign_in_and_get_or_post(client, as_tess, proposal):
    assert is_sign_in_redirect(client.get(edit_url(proposal)))
    assert as_tess.put(edit_url(proposal)).status_code == 405


# --- saving -------------------------------------------------------------------------------------------
def test_saving_makes_a_new_version_and_asks_the_other_party(cast, as_tess, proposal):
    data = builder_data(
        proposal,
        statement="Leave the house for a 20-minute walk three times a week by 30 June",
        measure_kind="count_per_week",
        unit="walks",
        baseline="0",
        target="3",
        direction="increase",
        target_date="2030-06-30",
        milestones=["Walk to the corner", "", "Walk to the park"],
        action_steps=["Shoes by the door"],
        gas_0="Three walks a week",
        reason="Made it concrete together",
        difficulty="2",
        importance="3",
    )
    response = as_tess.post(edit_url(proposal), data)
    assert response.status_code == 302 and response["Location"] == goal_url(proposal)
    proposal.refresh_from_db()
    version = proposal.current_version
    assert version.number == 2 and version.reason == "Made it concrete together"
    assert version.target == 3.0 and version.milestones == ["Walk to the corner", "Walk to the park"]
    assert proposal.waiting_for() == ["client"]
    assert proposal.client_words == "I want to get out of the house more"
    assert (proposal.therapist_difficulty, proposal.therapist_importance) == (2, 3)
    assert list(proposal.steps.filter(kind=GoalStep.Kind.MILESTONE).values_list("text", flat=True)) == [
        "Walk to the corner",
        "Walk to the park",
    ]
    assert AuditEvent.objects.filter(action=Action.GOAL_REVISED, client=cast.cam).exists()
    page = as_tess.get(goal_url(proposal)).content.decode()
    assert "Saved as version 2. Cam will be asked to accept it." in page
    assert "Waiting for Cam to accept version 2." in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target", "abc", "Enter a number."),
        ("baseline", "lots", "Enter a number."),
        ("target_date", "next spring", "Enter a valid date."),
        ("review_every_weeks", "0", "greater than or equal to 1"),
        ("gas_baseline_level", "5", "Select a valid choice."),
        ("statement", "   ", "Write the goal in a sentence."),
        ("milestones", ["x" * 301], "Keep each step under 300 characters."),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_lost(as_tess, proposal, field, value, message):
    data = builder_data(proposal, **{field: value}, unit="walks per week", gas_0="My own level 0 words")
    response = as_tess.post(edit_url(proposal), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert "My own level 0 words" in page and 'value="walks per week"' in page
    if field in ("target", "baseline"):
        assert f'value="{value}"' in page  # what was typed is shown back, not dropped
    assert proposal.versions.count() == 1


def test_scale_must_run_upwards(as_tess, proposal):
    response = as_tess.post(edit_url(proposal), builder_data(proposal, scale_min="27", scale_max="0"))
    assert response.status_code == 400
    assert "The highest score must be above the lowest." in response.content.decode()


def test_saving_without_changes_is_a_friendly_no_op(as_tess, proposal):
    response = as_tess.post(edit_url(proposal), builder_data(proposal))
    assert response.status_code == 200
    assert "Nothing has changed, so no new version was made." in response.content.decode()
    assert proposal.versions.count() == 1


def test_the_therapist_cannot_change_the_clients_words(as_tess, proposal):
    as_tess.post(edit_url(proposal), builder_data(proposal, client_words="Overwritten", statement="New"))
    proposal.refresh_from_db()
    assert proposal.client_words == "I want to get out of the house more"


def test_the_client_changes_only_her_own_words_without_a_new_version(as_cam, proposal):
    response = as_cam.post(edit_url(proposal), builder_data(proposal, client_words="Get outside more often"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.client_words == "Get outside more often"
    assert proposal.versions.count() == 1


def test_the_client_records_her_readiness_in_the_builder(as_cam, proposal):
    data = builder_data(proposal, readiness_importance="9", readiness_confidence="5", importance="3")
    assert as_cam.post(edit_url(proposal), data).status_code == 302
    rating = ReadinessRating.objects.get(goal=proposal)
    assert (rating.importance, rating.confidence) == (9, 5)
    proposal.refresh_from_db()
    assert proposal.client_importance == 3 and proposal.versions.count() == 1


def test_half_a_readiness_answer_is_refused(as_cam, proposal):
    response = as_cam.post(edit_url(proposal), builder_data(proposal, readiness_importance="9"))
    assert response.status_code == 400
    assert "Answer both readiness questions, or neither." in response.content.decode()
    assert not ReadinessRating.objects.exists()


def test_an_edit_on_top_of_a_newer_version_is_caught(cast, as_cam, proposal):
    revise_goal(proposal, cast.tess, {"statement": "Tess's newer wording"})
    data = builder_data(proposal, based_on=1, statement="Cam's wording")
    response = as_cam.post(edit_url(proposal), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "A newer version (2) was saved while you were editing version 1." in page
    assert "Cam&#x27;s wording" in page or "Cam's wording" in page
    assert 'name="based_on" value="2"' in page  # saving again now builds on the newest version
    assert proposal.versions.count() == 2


def test_a_closed_goal_cannot_be_changed(cast, as_tess):
    goal = agreed_goal(cast)
    close_goal(goal, cast.tess, completed=True)
    response = as_tess.post(edit_url(goal), builder_data(goal, statement="Something else"))
    assert response.status_code == 302
    assert goal.versions.count() == 1
    assert "This goal is closed" in as_tess.get(edit_url(goal)).content.decode()


def test_a_minus_two_baseline_is_warned_about(as_tess, proposal):
    response = as_tess.post(
        edit_url(proposal), builder_data(proposal, gas_baseline_level="-2", _action="coach")
    )
    assert "A −2 baseline leaves no room to record things getting worse." in response.content.decode()


# --- the inline parts: themes and "add another" -------------------------------------------------------
def test_adding_a_theme_without_javascript_keeps_the_unsaved_input(cast, as_cam, proposal):
    data = builder_data(
        proposal,
        statement="Unsaved new wording",
        _action="add_theme",
        theme_kind="value",
        theme_text="Being outdoors",
    )
    response = as_cam.post(edit_url(proposal), data)
    assert response.status_code == 200
    theme = ClientTheme.objects.get(client=cast.cam)
    page = response.content.decode()
    assert "Unsaved new wording" in page
    assert f'value="{theme.pk}"' in page and "checked" in page
    assert proposal.versions.count() == 1
    assert AuditEvent.objects.filter(action=Action.THEME_ADDED).exists()


def test_adding_a_theme_with_htmx_returns_the_ticked_list(cast, as_tess, proposal):
    rest = ClientTheme.objects.create(client=cast.cam, kind="need", text="Rest")
    data = builder_data(
        proposal,
        _action="add_theme",
        theme_kind="strength",
        theme_text="Loves dogs",
        theme_ids=[str(rest.pk)],
    )
    response = as_tess.post(edit_url(proposal), data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith('<fieldset class="builder__part" id="themes">')
    added = ClientTheme.objects.get(text="Loves dogs")
    assert html.count("checked") == 2  # the one already ticked, and the new one
    assert f'value="{added.pk}"' in html and "Added “Loves dogs” and ticked it." in html
    assert proposal.versions.count() == 1


def test_an_empty_theme_is_refused_next_to_its_field(as_tess, proposal):
    data = builder_data(proposal, _action="add_theme", theme_kind="need", theme_text=" ")
    response = as_tess.post(edit_url(proposal), data, **HTMX)
    html = response.content.decode()
    assert "Write a few words." in html and 'aria-invalid="true"' in html
    assert not ClientTheme.objects.exists()
    assert as_tess.post(edit_url(proposal), data).status_code == 400  # without JS: the whole page


def test_only_the_goals_own_people_add_themes(cast, as_casey, as_theo, client, proposal):
    data = builder_data(proposal, _action="add_theme", theme_kind="need", theme_text="Sneaky")
    assert as_casey.post(edit_url(proposal), data).status_code == 404
    assert as_theo.post(edit_url(proposal), data, **HTMX).status_code == 404
    assert is_sign_in_redirect(client.post(edit_url(proposal), data))
    assert not ClientTheme.objects.exists()


def test_another_milestone_row_without_javascript(as_tess, proposal):
    data = builder_data(proposal, milestones=["First", "Second", "Third"], _action="more_milestones")
    page = as_tess.post(edit_url(proposal), data).content.decode()
    assert page.count('name="milestones"') == 6  # three written, two spare, one asked for
    assert 'value="Third"' in page and "autofocus" in page
    assert proposal.versions.count() == 1


def test_another_action_step_row_with_htmx_returns_only_that_list(as_tess, proposal):
    data = builder_data(proposal, action_steps=["One"], _action="more_action_steps")
    html = as_tess.post(edit_url(proposal), data, **HTMX).content.decode()
    assert html.strip().startswith('<fieldset class="builder__part" id="steps-action_steps"')
    assert html.count('name="action_steps"') == 4
    assert "<html" not in html


def test_the_builder_is_reachable_from_the_goal_page(cast, as_cam):
    goal = agreed_goal(cast)
    assert edit_url(goal) in as_cam.get(goal_url(goal)).content.decode()
    assert SMART_CONTENT["statement"] in as_cam.get(edit_url(goal)).content.decode()
