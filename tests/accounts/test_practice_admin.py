"""The practice admin's pages: dashboard, therapists, invitations, clients and care teams, deactivation,
settings."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from accord.accounts.models import CareTeamMember, Invitation, Practice, Role
from accord.audit.models import Action, AuditEvent
from tests.accounts.conftest import add_clients, queries_for
from tests.conftest import signed_in
from tests.factories import PASSWORD, make_therapist

PRACTICE_HOME = reverse("practice_home")
THERAPISTS = reverse("practice_therapists")
INVITE = reverse("practice_invite_therapist")
CLIENTS = reverse("practice_clients")
SETTINGS = reverse("practice_settings")
ADMIN_PAGES = [PRACTICE_HOME, THERAPISTS, INVITE, CLIENTS, SETTINGS]


def care_team_url(client) -> str:
    return reverse("practice_care_team", args=[client.pk])


def deactivate_url(user) -> str:
    return reverse("practice_deactivate", args=[user.pk])


def reactivate_url(user) -> str:
    return reverse("practice_reactivate", args=[user.pk])


@pytest.fixture
def tom(cast):
    """A second therapist at Riverside."""
    return make_therapist(cast.practice_a, email="tom@riverside.example", name="Tom Turner")


# --- who may use the admin pages ---------------------------------------------------------------------


@pytest.mark.parametrize("url", ADMIN_PAGES)
@pytest.mark.parametrize("who", ["as_tess", "as_cam", "as_theo", "as_cleo"])
def test_admin_pages_are_hidden_from_everyone_else(url, who, request):
    assert request.getfixturevalue(who).get(url).status_code == 404


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_send_anonymous_people_to_sign_in(url, client, cast):
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_render_for_the_admin(url, as_ada):
    response = as_ada.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", [PRACTICE_HOME, THERAPISTS, CLIENTS])
def test_read_only_admin_pages_refuse_posts(url, as_ada):
    assert as_ada.post(url).status_code == 405


# --- practice_home -----------------------------------------------------------------------------------


def test_practice_home_counts_and_recent_activity(cast, as_ada, as_tess):
    as_tess.get(reverse("client_page", args=[cast.cam.pk]))
    page = as_ada.get(PRACTICE_HOME).content.decode()
    assert "Riverside Counselling" in page
    assert "Client record viewed" in page
    assert "tess@riverside.example" in page
    assert "Hillside" not in page and "theo@hillside.example" not in page


def test_practice_home_query_count_is_flat(cast, as_ada, as_tess):
    few = queries_for(as_ada, PRACTICE_HOME)
    add_clients(cast.tess, 30)
    for _ in range(15):
        as_tess.get(reverse("client_page", args=[cast.cam.pk]))
    assert queries_for(as_ada, PRACTICE_HOME) == few


# --- therapists --------------------------------------------------------------------------------------


def test_therapists_lists_the_practice_staff(cast, as_ada, tom):
    Authenticator.objects.create(user=cast.tess, type=Authenticator.Type.TOTP, data={})
    page = as_ada.get(THERAPISTS).content.decode()
    assert "Tess Taylor" in page and "Tom Turner" in page and "Ada Admin" in page
    assert "Theo" not in page
    assert page.count("Not set up") == 2  # Ada and Tom; Tess has TOTP
    assert deactivate_url(cast.tess) in page
    assert deactivate_url(cast.ada) not in page  # no button to deactivate yourself


def test_therapists_shows_pending_invitations(cast, as_ada):
    as_ada.post(INVITE, {"full_name": "Nia Newton", "email": "nia@riverside.example"})
    page = as_ada.get(THERAPISTS).content.decode()
    assert "Nia Newton" in page and "nia@riverside.example" in page


def test_therapists_query_count_is_flat(cast, as_ada):
    few = queries_for(as_ada, THERAPISTS)
    for number in range(20):
        therapist = make_therapist(cast.practice_a, email=f"t{number}@riverside.example", name=f"T {number}")
        add_clients(therapist, 2, prefix=f"C{number}")
    assert queries_for(as_ada, THERAPISTS) == few


# --- invite_therapist --------------------------------------------------------------------------------


def test_invite_therapist(cast, as_ada, commit_callbacks):
    with commit_callbacks():
        response = as_ada.post(INVITE, {"full_name": "Nia Newton", "email": "Nia@Riverside.example"})
    assert response.status_code == 302 and response["Location"] == THERAPISTS
    invitation = Invitation.objects.get(email="nia@riverside.example")
    assert invitation.role == Role.THERAPIST and invitation.practice == cast.practice_a
    assert invitation.full_name == "Nia Newton" and invitation.is_usable
    assert mail.outbox[0].to == ["nia@riverside.example"]
    assert "join its team" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=Action.INVITATION_SENT, actor=cast.ada).exists()


def test_invite_therapist_bad_input(as_ada):
    response = as_ada.post(INVITE, {"full_name": "", "email": "tess@riverside.example"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('aria-invalid="true"') == 2
    assert "already has an Accord account" in page
    assert not Invitation.objects.exists()


def test_invite_therapist_wrong_method(as_ada):
    assert as_ada.put(INVITE).status_code == 405


# --- clients -----------------------------------------------------------------------------------------


def test_clients_lists_names_and_care_teams_only(cast, as_ada):
    page = as_ada.get(CLIENTS).content.decode()
    assert "Cam" in page and "Casey" in page and "Tess Taylor" in page
    assert "Cleo" not in page
    assert care_team_url(cast.cam) in page
    assert f'href="{reverse("client_page", args=[cast.cam.pk])}"' not in page


def test_clients_search_by_client_or_therapist(cast, as_ada, tom):
    add_clients(tom, 1, prefix="Toms")
    page = as_ada.get(CLIENTS, {"q": "casey"}).content.decode()
    assert "Casey" in page and ">Cam<" not in page
    page = as_ada.get(CLIENTS, {"q": "turner"}).content.decode()
    assert "Toms 000" in page and "Casey" not in page


def test_clients_sorting(cast, as_ada):
    descending = as_ada.get(CLIENTS, {"sort": "-name"}).content.decode()
    assert descending.index("Casey") < descending.index(">Cam<")
    ascending = as_ada.get(CLIENTS, {"sort": "nonsense"}).content.decode()
    assert ascending.index(">Cam<") < ascending.index("Casey")
    assert as_ada.get(CLIENTS, {"sort": "therapist"}).status_code == 200


def test_clients_htmx_returns_the_table_only(as_ada):
    response = as_ada.get(CLIENTS, {"q": "cam"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.strip().startswith('<div id="client-table">') and "<html" not in page


def test_clients_query_count_is_flat(cast, as_ada, tom):
    add_clients(cast.tess, 3)
    few = queries_for(as_ada, CLIENTS)
    add_clients(tom, 40, prefix="More")
    assert queries_for(as_ada, CLIENTS) == few
    assert queries_for(as_ada, CLIENTS + "?sort=therapist&q=e") <= few + 1


def test_admins_cannot_open_a_clients_clinical_page(cast, as_ada):
    assert as_ada.get(reverse("client_page", args=[cast.cam.pk])).status_code == 404


# --- care_team ---------------------------------------------------------------------------------------


def test_care_team_form_shows_the_practice_therapists(cast, as_ada, tom):
    page = as_ada.get(care_team_url(cast.cam)).content.decode()
    assert "Tess Taylor" in page and "Tom Turner" in page and "Theo" not in page


def test_reassign_a_client_to_another_therapist(cast, as_ada, tom):
    response = as_ada.post(care_team_url(cast.cam), {"members": [tom.pk], "primary": tom.pk})
    assert response.status_code == 302
    team = list(CareTeamMember.objects.filter(client=cast.cam))
    assert [(m.therapist, m.is_primary) for m in team] == [(tom, True)]
    event = AuditEvent.objects.get(action=Action.CLIENT_REASSIGNED)
    assert event.client == cast.cam and event.actor == cast.ada
    assert event.detail["added"] == [tom.pk] and event.detail["removed"] == [cast.tess.pk]
    # The care team decides who may open the client's page.
    assert signed_in(tom).get(reverse("client_page", args=[cast.cam.pk])).status_code == 200
    assert signed_in(cast.tess).get(reverse("client_page", args=[cast.cam.pk])).status_code == 404


def test_add_a_member_and_change_the_primary(cast, as_ada, tom):
    as_ada.post(care_team_url(cast.cam), {"members": [cast.tess.pk, tom.pk], "primary": tom.pk})
    team = {m.therapist: m.is_primary for m in CareTeamMember.objects.filter(client=cast.cam)}
    assert team == {cast.tess: False, tom: True}


@pytest.mark.parametrize(
    "data",
    [
        {"primary": "tess"},  # nobody on the team
        {"members": ["tess"]},  # no primary
        {"members": ["tess"], "primary": "tom"},  # primary not on the team
        {"members": ["theo"], "primary": "theo"},  # another practice's therapist
        {"members": ["ada"], "primary": "ada"},  # an admin is not a therapist
    ],
)
def test_care_team_bad_input_changes_nothing(cast, as_ada, tom, data):
    people = {"tess": cast.tess.pk, "tom": tom.pk, "theo": cast.theo.pk, "ada": cast.ada.pk}
    posted = {
        key: [people[v] for v in value] if isinstance(value, list) else people[value]
        for key, value in data.items()
    }
    response = as_ada.post(care_team_url(cast.cam), posted)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode() or "errorlist" in response.content.decode()
    team = [(m.therapist, m.is_primary) for m in CareTeamMember.objects.filter(client=cast.cam)]
    assert team == [(cast.tess, True)]
    assert not AuditEvent.objects.filter(action=Action.CLIENT_REASSIGNED).exists()


def test_care_team_of_another_practice_is_not_found(cast, as_ada):
    assert as_ada.get(care_team_url(cast.cleo)).status_code == 404
    assert as_ada.post(care_team_url(cast.cleo), {"members": [cast.theo.pk]}).status_code == 404


@pytest.mark.parametrize("who", ["as_tess", "as_cam", "as_theo"])
def test_care_team_is_for_admins_only(cast, who, request):
    browser = request.getfixturevalue(who)
    assert browser.get(care_team_url(cast.cam)).status_code == 404
    assert browser.post(care_team_url(cast.cam), {"members": [], "primary": ""}).status_code == 404


def test_care_team_anonymous_and_wrong_method(client, cast, as_ada):
    assert client.get(care_team_url(cast.cam)).status_code == 302
    assert as_ada.put(care_team_url(cast.cam)).status_code == 405


# --- deactivate / reactivate -------------------------------------------------------------------------


def test_deactivating_a_therapist_ends_their_sessions_at_once(cast, as_ada, as_tess):
    other_device = signed_in(cast.tess)
    assert as_tess.get(reverse("therapist_home")).status_code == 200
    response = as_ada.post(deactivate_url(cast.tess))
    assert response.status_code == 302 and response["Location"] == THERAPISTS
    cast.tess.refresh_from_db()
    assert not cast.tess.is_active and cast.tess.deactivated_at is not None
    for browser in (as_tess, other_device):
        after = browser.get(reverse("therapist_home"))
        assert after.status_code == 302 and reverse("account_login") in after["Location"]
    assert as_ada.get(PRACTICE_HOME).status_code == 200  # the admin's own session is untouched
    event = AuditEvent.objects.get(action=Action.USER_DEACTIVATED)
    assert event.actor == cast.ada and event.object_id == str(cast.tess.pk)
    assert event.detail["sessions_ended"] == 2


def test_a_deactivated_person_cannot_sign_in(cast, as_ada, client):
    as_ada.post(deactivate_url(cast.tess))
    client.post(reverse("account_login"), {"login": cast.tess.email, "password": PASSWORD})
    assert client.get(reverse("therapist_home")).status_code == 302
    assert (
        not AuditEvent.objects.filter(action=Action.SIGN_IN, actor=cast.tess)
        .exclude(ip_address=None)
        .exists()
    )


def test_deactivating_a_client_sign_in(cast, as_ada, as_cam):
    response = as_ada.post(deactivate_url(cast.cam_user))
    assert response["Location"] == CLIENTS
    assert as_cam.get(reverse("client_home")).status_code == 302
    assert AuditEvent.objects.get(action=Action.USER_DEACTIVATED).client == cast.cam


def test_reactivate(cast, as_ada):
    as_ada.post(deactivate_url(cast.tess))
    response = as_ada.post(reactivate_url(cast.tess))
    assert response.status_code == 302
    cast.tess.refresh_from_db()
    assert cast.tess.is_active and cast.tess.deactivated_at is None
    assert AuditEvent.objects.filter(action=Action.USER_REACTIVATED, actor=cast.ada).exists()
    assert reactivate_url(cast.tess) not in as_ada.get(THERAPISTS).content.decode()


def test_an_admin_cannot_deactivate_themselves(cast, as_ada):
    response = as_ada.post(deactivate_url(cast.ada), follow=True)
    assert "cannot deactivate your own account" in response.content.decode()
    cast.ada.refresh_from_db()
    assert cast.ada.is_active
    assert not AuditEvent.objects.filter(action=Action.USER_DEACTIVATED).exists()


def test_deactivate_needs_post(cast, as_ada):
    assert as_ada.get(deactivate_url(cast.tess)).status_code == 405
    assert as_ada.get(reactivate_url(cast.tess)).status_code == 405
    cast.tess.refresh_from_db()
    assert cast.tess.is_active


def test_deactivating_someone_of_another_practice_is_not_found(cast, as_ada):
    assert as_ada.post(deactivate_url(cast.theo)).status_code == 404
    cast.theo.refresh_from_db()
    assert cast.theo.is_active


@pytest.mark.parametrize("who", ["as_tess", "as_cam", "as_theo"])
def test_only_admins_deactivate(cast, who, request):
    assert request.getfixturevalue(who).post(deactivate_url(cast.casey_user)).status_code == 404
    cast.casey_user.refresh_from_db()
    assert cast.casey_user.is_active


def test_deactivate_anonymous(client, cast):
    assert client.post(deactivate_url(cast.tess)).status_code == 302
    cast.tess.refresh_from_db()
    assert cast.tess.is_active


# --- practice_settings -------------------------------------------------------------------------------


def settings_data(practice: Practice, **changes) -> dict:
    data = {
        "name": practice.name,
        "default_session_minutes": practice.default_session_minutes,
        "default_checkin_interval_weeks": practice.default_checkin_interval_weeks,
        "default_checkin_weekday": practice.default_checkin_weekday,
        "default_checkin_time": practice.default_checkin_time.strftime("%H:%M"),
        "crisis_text": str(practice.crisis_text),  # a fresh practice holds the lazy default
    }
    return data | changes


def test_change_practice_settings(cast, as_ada, as_cam):
    data = settings_data(
        cast.practice_a,
        name="Riverside Counselling & Co",
        default_checkin_weekday=2,
        crisis_text="Call Samaritans on 116 123.",
    )
    response = as_ada.post(SETTINGS, data)
    assert response.status_code == 302
    cast.practice_a.refresh_from_db()
    assert cast.practice_a.name == "Riverside Counselling & Co"
    assert cast.practice_a.default_checkin_weekday == 2
    event = AuditEvent.objects.get(action=Action.SETTINGS_CHANGED)
    assert event.detail == {"fields": ["crisis_text", "default_checkin_weekday", "name"]}
    assert "Samaritans" not in str(event.detail)
    assert "116 123" in as_cam.get(reverse("client_home")).content.decode()


def test_saving_unchanged_settings_records_nothing(cast, as_ada):
    as_ada.post(SETTINGS, settings_data(cast.practice_a))
    assert not AuditEvent.objects.filter(action=Action.SETTINGS_CHANGED).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"default_session_minutes": 5},
        {"default_checkin_interval_weeks": 0},
        {"default_checkin_weekday": 9},
        {"default_checkin_time": "25:00"},
        {"crisis_text": "   "},
        {"name": ""},
    ],
)
def test_bad_settings_change_nothing(cast, as_ada, changes):
    response = as_ada.post(SETTINGS, settings_data(cast.practice_a, name="Half saved") | changes)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    cast.practice_a.refresh_from_db()
    assert cast.practice_a.name == "Riverside Counselling"
    assert not AuditEvent.objects.filter(action=Action.SETTINGS_CHANGED).exists()


def test_settings_wrong_method(as_ada):
    assert as_ada.put(SETTINGS).status_code == 405


def test_settings_of_one_practice_only(cast, as_ada):
    as_ada.post(SETTINGS, settings_data(cast.practice_a, crisis_text="Riverside only."))
    cast.practice_b.refresh_from_db()
    assert cast.practice_b.crisis_text != "Riverside only."
