"""Issue 11 point 5: NHS Talking Therapies thresholds and GAS ρ are settings with documented defaults, and
the pages that explain a number show the value in force."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.assessments import catalogue
from accord.assessments.scoring import NHS_TALKING_THERAPIES
from accord.env import ConfigurationError, env_float
from accord.goals.actions import rate_gas
from tests.assessments.support import Api, phq9, respond
from tests.goals.goal_pages_support import agreed_goal

pytestmark = pytest.mark.django_db


def test_the_defaults_are_nhs_talking_therapies():
    convention = catalogue.change_convention()
    assert convention == NHS_TALKING_THERAPIES
    assert (dict(convention.reliable_change), dict(convention.caseness)) == (
        {"phq9": 6, "gad7": 4},
        {"phq9": 10, "gad7": 8},
    )


def test_changed_thresholds_are_used_and_not_credited_to_nhs_talking_therapies(settings):
    settings.ACCORD_RELIABLE_CHANGE = {"phq9": 5, "gad7": 4}
    convention = catalogue.change_convention()
    assert convention.reliable_change["phq9"] == 5
    assert convention.name == catalogue.CUSTOM_CONVENTION_NAME
    settings.ACCORD_CHANGE_CONVENTION_NAME = "Our service's thresholds"
    assert catalogue.change_convention().name == "Our service's thresholds"


def test_the_threshold_in_force_judges_and_is_shown_where_it_is_explained(cast, as_tess, settings):
    respond(cast.cam, "phq9", phq9(16), by=cast.tess, when=timezone.now() - dt.timedelta(weeks=4))
    response = respond(cast.cam, "phq9", phq9(11), by=cast.tess)
    url = reverse("client_measure_response", args=[cast.cam.pk, response.pk])
    page = as_tess.get(url).content.decode()
    assert "No reliable change" in page and "PHQ-9 falls by 6 or more" in page
    assert "NHS Talking Therapies" in page

    settings.ACCORD_RELIABLE_CHANGE = {"phq9": 5, "gad7": 4}
    settings.ACCORD_CASENESS = {"phq9": 12, "gad7": 8}
    page = as_tess.get(url).content.decode()
    assert "Reliable improvement" in page
    assert "PHQ-9 falls by 5 or more" in page and "caseness = PHQ-9 of 12 or more" in page
    assert "Thresholds set for this installation" in page
    body = Api(cast.tess).get(f"/clients/{cast.cam.pk}/measure-histories").json()
    assert "PHQ-9 falls by 5 or more" in str(body)


def two_goals_at_plus_one(cast):
    goals = [agreed_goal(cast), agreed_goal(cast)]
    for goal in goals:
        rate_gas(goal, cast.cam_user, level=1)


def t_for_two_at_plus_one(rho: float) -> float:
    return 50 + 10 * 2 / math.sqrt((1 - rho) * 2 + rho * 4)


def test_gas_rho_defaults_to_the_convention(cast, as_tess):
    two_goals_at_plus_one(cast)
    body = Api(cast.tess).get(f"/clients/{cast.cam.pk}/t-score").json()
    assert body["rho"] == 0.3
    assert body["client"]["now"]["t_score"] == pytest.approx(t_for_two_at_plus_one(0.3), abs=0.01)
    page = as_tess.get(reverse("client_goals", args=[cast.cam.pk])).content.decode()
    assert "ρ = 0.3" in page and "convention)." in page


def test_gas_rho_is_a_setting_shown_with_the_t_score(cast, as_tess, settings):
    settings.ACCORD_GAS_RHO = 0.5
    two_goals_at_plus_one(cast)
    body = Api(cast.tess).get(f"/clients/{cast.cam.pk}/t-score").json()
    assert body["rho"] == 0.5
    assert body["client"]["now"]["t_score"] == pytest.approx(t_for_two_at_plus_one(0.5), abs=0.01)
    page = as_tess.get(reverse("client_goals", args=[cast.cam.pk])).content.decode()
    assert "ρ = 0.5" in page and "set for this installation" in page


@pytest.mark.parametrize(("raw", "problem"), [("x", "a number"), ("1.5", "at most"), ("-0.1", "at least")])
def test_a_rho_the_settings_cannot_use_stops_with_the_variables_name(monkeypatch, raw, problem):
    monkeypatch.setenv("ACCORD_GAS_RHO", raw)
    with pytest.raises(ConfigurationError, match=f"ACCORD_GAS_RHO must be {problem}"):
        env_float("ACCORD_GAS_RHO", 0.3, minimum=0, maximum=0.99)


def test_a_rho_from_the_environment_is_read(monkeypatch):
    monkeypatch.setenv("ACCORD_GAS_RHO", "0.25")
    assert env_float("ACCORD_GAS_RHO", 0.3, minimum=0, maximum=0.99) == 0.25
