"""Divergence from the database: each party's latest 0–10 progress rating (3 or more apart) and latest GAS
level (2 or more apart), flagged on the goal, the therapist's client page, the review and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.goals.models import Party
from accord.progress import status
from tests.checkins.checkin_support import check_in
from tests.progress.progress_support import planned_goal, rate_gas, rate_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def walks(cast):
    return planned_goal(cast)


def divergences(goal):
    return status.goal_progress(goal).divergences


def test_no_ratings_no_divergence(walks):
    assert divergences(walks) == []


@pytest.mark.parametrize(("client", "therapist", "flagged"), [(3, 6, True), (7, 4, True), (4, 6, False)])
def test_progress_ratings_three_or_more_apart_are_flagged(walks, client, therapist, flagged):
    rate_progress(walks, Party.CLIENT, client)
    rate_progress(walks, Party.THERAPIST, therapist)
    found = divergences(walks)
    assert bool(found) is flagged
    if flagged:
        assert found[0].kind == "rating"
        assert (found[0].client_value, found[0].therapist_value) == (client, therapist)


@pytest.mark.parametrize(("client", "therapist", "flagged"), [(-1, 1, True), (2, 0, True), (0, 1, False)])
def test_gas_levels_two_or_more_apart_are_flagged(walks, client, therapist, flagged):
    rate_gas(walks, Party.CLIENT, client)
    rate_gas(walks, Party.THERAPIST, therapist)
    assert [d.kind for d in divergences(walks)] == (["gas"] if flagged else [])


def test_only_each_partys_latest_rating_counts(walks):
    earlier = timezone.now() - dt.timedelta(days=14)
    rate_progress(walks, Party.CLIENT, 2, at=earlier)
    rate_progress(walks, Party.THERAPIST, 8, at=earlier)
    rate_progress(walks, Party.CLIENT, 6)
    assert divergences(walks) == []
    rate_gas(walks, Party.CLIENT, -2)
    rate_gas(walks, Party.THERAPIST, 0)
    rate_gas(walks, Party.CLIENT, -1)
    assert divergences(walks) == []


def test_the_clients_rating_comes_from_check_ins(cast, walks):
    check_in(cast.cam, [walks], value=1, progress=2)
    rate_progress(walks, Party.THERAPIST, 7)
    found = divergences(walks)
    assert found and "2/10 by the client and 7/10 by the therapist" in found[0].reason


def test_another_goals_ratings_never_count(cast, walks):
    other = planned_goal(cast)
    rate_progress(other, Party.CLIENT, 0)
    rate_progress(walks, Party.THERAPIST, 9)
    assert divergences(walks) == []


def test_the_goal_page_flags_it_for_both_parties(cast, walks, as_tess, as_cam):
    rate_progress(walks, Party.CLIENT, 2)
    rate_progress(walks, Party.THERAPIST, 7)
    url = reverse("goal_page", args=[walks.pk])
    therapist_view = as_tess.get(url).content.decode()
    assert (
        "Seen differently" in therapist_view
        and "Cam rated progress 2/10 and you rated it 7/10" in therapist_view
    )
    client_view = as_cam.get(url).content.decode()
    assert "you rated your progress 2/10 and Tess rated it 7/10" in client_view


def test_the_therapists_client_page_and_review_flag_it(cast, walks, as_tess):
    rate_gas(walks, Party.CLIENT, 2)
    rate_gas(walks, Party.THERAPIST, -1)
    page = as_tess.get(reverse("client_page", args=[cast.cam.pk])).content.decode()
    assert "On 1 goal you and Cam see progress differently" in page
    assert "GAS level +2 from the client and -1 from the therapist" in page
    review = as_tess.get(reverse("client_review", args=[cast.cam.pk])).content.decode()
    assert "Seen differently" in review and "(2 or more levels apart)" in review


def test_the_api_lists_only_diverging_goals(cast, walks, as_tess, as_cam):
    calm = planned_goal(cast)
    rate_progress(walks, Party.CLIENT, 1)
    rate_progress(walks, Party.THERAPIST, 5)
    rate_progress(calm, Party.CLIENT, 5)
    rate_progress(calm, Party.THERAPIST, 5)
    for browser in (as_tess, as_cam):
        answer = browser.get(f"/api/v1/clients/{cast.cam.pk}/divergence").json()
        assert answer["count"] == 1
        item = answer["items"][0]
        assert item["goal_id"] == walks.pk
        assert item["latest_ratings"]["client_progress"] == 1
        assert item["divergences"][0]["kind"] == "rating"


def test_the_divergence_api_is_not_found_outside_the_care_team(cast, walks, as_theo, as_casey, client):
    url = f"/api/v1/clients/{cast.cam.pk}/divergence"
    assert as_theo.get(url).status_code == 404
    assert as_casey.get(url).status_code == 404
    assert client.get(url).status_code == 401
