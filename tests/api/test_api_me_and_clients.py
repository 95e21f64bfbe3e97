"""GET /api/v1/me, /api/v1/clients and /api/v1/clients/{id}."""

import pytest

from accord.accounts.models import Client
from accord.accounts.people import create_client
from accord.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"detail", "errors"}


@pytest.mark.parametrize(
    ("who", "email", "role", "practice"),
    [
        ("tess", "tess@riverside.example", "therapist", "Riverside Counselling"),
        ("ada", "ada@riverside.example", "admin", "Riverside Counselling"),
        ("cam", "cam@riverside.example", "client", "Riverside Counselling"),
        ("cleo", "cleo@hillside.example", "client", "Hillside Therapy"),
    ],
)
def test_me(api_as, cast, who, email, role, practice):
    response = api_as(who).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "email", "name", "role", "language", "practice"}
    assert body["email"] == email
    assert body["language"] == "en"
    assert body["role"] == role
    assert body["practice"]["name"] == practice
    assert set(body["practice"]) == {"id", "name"}


def names(response) -> list[str]:
    return [item["display_name"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("tess", ["Cam", "Casey"]),
        ("theo", ["Cleo"]),
        ("cam", ["Cam"]),
        ("casey", ["Casey"]),
        ("cleo", ["Cleo"]),
        ("ada", []),  # admins see the practice's clients on the admin pages, not clinical records
    ],
)
def test_clients_list_shows_only_who_the_caller_may_see(api_as, who, expected):
    response = api_as(who).get("/api/v1/clients")
    assert response.status_code == 200
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


def test_client_items_have_a_stable_shape(api_as, cast):
    item = api_as("tess").get("/api/v1/clients").json()["items"][0]
    assert set(item) == {"id", "display_name", "time_zone", "has_account", "created_at", "primary_therapist"}
    assert item["primary_therapist"] == {"id": cast.tess.pk, "name": "Tess Taylor"}
    assert item["has_account"] is True


def test_clients_list_pages_with_limit_and_offset(api_as, cast):
    for i in range(5):
        create_client(cast.practice_a, display_name=f"Extra {i}", therapist=cast.tess)
    caller = api_as("tess")
    first = caller.get("/api/v1/clients", limit=3, offset=0).json()
    second = caller.get("/api/v1/clients", limit=3, offset=3).json()
    third = caller.get("/api/v1/clients", limit=3, offset=6).json()
    assert first["count"] == second["count"] == 7
    assert [c["display_name"] for c in first["items"]] == ["Cam", "Casey", "Extra 0"]
    assert [c["display_name"] for c in second["items"]] == ["Extra 1", "Extra 2", "Extra 3"]
    assert [c["display_name"] for c in third["items"]] == ["Extra 4"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_bad_paging_is_422_naming_the_field(api_as, params, field):
    response = api_as("tess").get("/api/v1/clients", **params)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0]


def test_clients_list_query_count_is_flat(api_as, cast, django_assert_max_num_queries):
    caller = api_as("tess")
    with django_assert_max_num_queries(10) as few:
        caller.get("/api/v1/clients")
    for i in range(40):
        create_client(cast.practice_a, display_name=f"Client {i}", therapist=cast.tess)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = caller.get("/api/v1/clients", limit=50)
    assert len(response.json()["items"]) == 42


def test_inactive_clients_are_not_listed(api_as, cast):
    Client.objects.filter(pk=cast.casey.pk).update(is_active=False)
    assert names(api_as("tess").get("/api/v1/clients")) == ["Cam"]


def test_client_detail_for_the_care_team_and_the_client(api_as, cast):
    for who in ("tess", "cam"):
        response = api_as(who).get(f"/api/v1/clients/{cast.cam.pk}")
        assert response.status_code == 200
        assert response.json()["display_name"] == "Cam"


def test_client_detail_read_is_audited(api_as, cast):
    api_as("tess").get(f"/api/v1/clients/{cast.cam.pk}")
    event = AuditEvent.objects.get(action=Action.CLIENT_VIEWED)
    assert (event.actor, event.client, event.practice) == (cast.tess, cast.cam, cast.practice_a)


@pytest.mark.parametrize(
    ("who", "whose"),
    [("theo", "cam"), ("cleo", "cam"), ("casey", "cam"), ("cam", "casey"), ("ada", "cam"), ("tess", "cleo")],
)
def test_client_detail_outside_the_care_team_is_404_json_and_audited(api_as, cast, who, whose):
    client = getattr(cast, whose)
    response = api_as(who).get(f"/api/v1/clients/{client.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count() == 1
    assert not AuditEvent.objects.filter(action=Action.CLIENT_VIEWED).exists()


def test_a_missing_client_looks_the_same_as_someone_elses(api_as):
    response = api_as("tess").get("/api/v1/clients/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_a_non_numeric_id_is_422_naming_the_field(api_as):
    response = api_as("tess").get("/api/v1/clients/abc")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["client_id"]


def test_wrong_method_is_405(api_as):
    assert api_as("tess").post("/api/v1/clients").status_code == 405
