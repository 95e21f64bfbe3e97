"""The account page and personal API tokens: create (shown once), list, revoke."""

import pytest
from django.urls import reverse

from accord.accounts.models import ApiToken, hash_token
from accord.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("browser", "name", "role", "practice"),
    [
        ("as_tess", "Tess Taylor", "Therapist", "Riverside Counselling"),
        ("as_ada", "Ada Admin", "Practice admin", "Riverside Counselling"),
        ("as_cam", "Cam", "Client", "Riverside Counselling"),
        ("as_theo", "Theo Thomas", "Therapist", "Hillside Therapy"),
    ],
)
def test_account_page_shows_who_i_am(request, browser, name, role, practice):
    response = request.getfixturevalue(browser).get(reverse("account_page"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (name, role, practice):
        assert text in html
    for url in ("account_change_password", "account_email", "mfa_index"):
        assert reverse(url) in html


def test_account_page_needs_sign_in(client):
    response = client.get(reverse("account_page"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_account_page_is_get_only(as_tess):
    assert as_tess.post(reverse("account_page")).status_code == 405


def test_creating_a_token_shows_it_once_and_stores_only_its_digest(cast, as_tess):
    response = as_tess.post(reverse("api_token_create"), {"name": "Clinic reports"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=cast.tess)
    raw = response.context["new_token_raw"]
    assert raw.startswith("acc_")
    assert raw in response.content.decode()
    assert token.token_hash == hash_token(raw)
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert "no-store" in response["Cache-Control"]

    later = as_tess.get(reverse("account_page")).content.decode()
    assert "Clinic reports" in later
    assert token.hint in later
    assert raw not in later
    event = AuditEvent.objects.get(action=Action.API_TOKEN_CREATED)
    assert event.actor == cast.tess and raw not in str(event.detail)


def test_the_new_token_works_on_the_api(as_tess, client):
    raw = as_tess.post(reverse("api_token_create"), {"name": "script"}).context["new_token_raw"]
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["email"] == "tess@riverside.example"


def test_a_token_needs_a_name(as_tess):
    response = as_tess.post(reverse("api_token_create"), {"name": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give the token a name." in html
    assert 'aria-invalid="true"' in html
    assert not ApiToken.objects.exists()


def test_a_too_long_name_is_refused_and_kept(as_tess):
    long_name = "x" * 101
    response = as_tess.post(reverse("api_token_create"), {"name": long_name})
    assert 'aria-invalid="true"' in response.content.decode()
    assert f'value="{long_name}"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_creating_a_token_is_post_only(as_tess):
    assert as_tess.get(reverse("api_token_create")).status_code == 405


def test_creating_a_token_needs_sign_in(client):
    response = client.post(reverse("api_token_create"), {"name": "x"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_revoking_my_token_stops_it(cast, as_tess, client):
    token, raw = ApiToken.issue(cast.tess, "old script")
    response = as_tess.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_page")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    page = as_tess.get(reverse("account_page")).content.decode()
    assert "no longer works" in page
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKED, actor=cast.tess).count() == 1


@pytest.mark.parametrize("browser", ["as_ada", "as_theo", "as_cam"])
def test_nobody_else_can_revoke_my_token(request, cast, browser):
    token, _ = ApiToken.issue(cast.tess, "mine")
    response = request.getfixturevalue(browser).post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).exists()


def test_revoking_twice_or_a_missing_token_is_not_found(cast, as_tess):
    token, _ = ApiToken.issue(cast.tess, "mine")
    as_tess.post(reverse("api_token_revoke", args=[token.pk]))
    assert as_tess.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert as_tess.post(reverse("api_token_revoke", args=[999999])).status_code == 404


def test_revoking_is_post_only_and_needs_sign_in(cast, as_tess, client):
    token, _ = ApiToken.issue(cast.tess, "mine")
    assert as_tess.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_only_my_live_tokens_are_listed(cast, as_tess):
    ApiToken.issue(cast.tess, "live one")
    revoked, _ = ApiToken.issue(cast.tess, "revoked one")
    as_tess.post(reverse("api_token_revoke", args=[revoked.pk]))
    ApiToken.issue(cast.theo, "theos token")
    html = as_tess.get(reverse("account_page")).content.decode()
    assert "live one" in html
    assert "revoked one" not in html.split("no longer works")[-1]
    assert "theos token" not in html


def test_account_page_query_count_does_not_grow_with_tokens(cast, as_tess, django_assert_max_num_queries):
    for i in range(3):
        ApiToken.issue(cast.tess, f"token {i}")
    with django_assert_max_num_queries(12) as few:
        as_tess.get(reverse("account_page"))
    for i in range(30):
        ApiToken.issue(cast.tess, f"more {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_tess.get(reverse("account_page"))
