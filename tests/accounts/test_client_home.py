"""The client's own home: warm, private, with the practice's crisis resources."""

from __future__ import annotations

import pytest
from django.urls import reverse

HOME = reverse("client_home")


def test_client_home_greets_and_explains(cast, as_cam):
    response = as_cam.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hello Cam" in page
    assert 'id="goals"' in page and "Your goals" in page  # the goals section (filled by accord.goals)
    assert "crisis line" in page
    assert reverse("account_page") in page
    assert "no-store" in response["Cache-Control"]


def test_client_home_shows_only_their_own_record(cast, as_cam):
    page = as_cam.get(HOME).content.decode()
    assert "Casey" not in page and "Cleo" not in page


def test_client_home_shows_the_practice_crisis_text(cast, as_cleo):
    cast.practice_b.crisis_text = "Call Hillside's line: 0800 000 000."
    cast.practice_b.save()
    cast.practice_a.crisis_text = "Riverside's own text"
    cast.practice_a.save()
    page = as_cleo.get(HOME).content.decode()
    assert "0800 000 000" in page
    assert "Riverside" not in page


def test_client_home_has_the_quick_exit_and_bottom_navigation(as_cam):
    page = as_cam.get(HOME).content.decode()
    assert "data-leave-quickly" in page
    assert 'class="bottom-nav"' in page


def test_client_home_wrong_method(as_cam):
    assert as_cam.post(HOME).status_code == 405


@pytest.mark.parametrize("who", ["as_tess", "as_ada", "as_theo"])
def test_client_home_is_only_for_clients(who, request):
    assert request.getfixturevalue(who).get(HOME).status_code == 404


def test_client_home_anonymous(client, cast):
    response = client.get(HOME)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_deactivated_client_record_is_not_shown(cast, as_cam):
    cast.cam.is_active = False
    cast.cam.save()
    assert as_cam.get(HOME).status_code == 404
