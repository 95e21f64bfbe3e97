"""A therapist's home, adding or inviting a client, and the client page shell."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accord.accounts.models import CareTeamMember, Client, Invitation, Role
from accord.accounts.people import create_client
from accord.audit.models import Action, AuditEvent
from tests.accounts.conftest import add_clients, queries_for
from tests.factories import make_therapist

HOME = reverse("therapist_home")
ADD = reverse("client_add")


def client_url(client) -> str:
    return reverse("client_page", args=[client.pk])


def invite_url(client) -> str:
    return reverse("client_invite", args=[client.pk])


def in_session_client(therapist, name: str = "Kit") -> Client:
    return create_client(therapist.practice, display_name=name, therapist=therapist)


# --- therapist_home ----------------------------------------------------------------------------------


def test_home_lists_only_my_clients(as_tess):
    response = as_tess.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cam" in page and "Casey" in page
    assert "Cleo" not in page
    assert "Add or invite a client" in page
    assert "no-store" in response["Cache-Control"]


def test_home_search_filters_by_name(as_tess):
    page = as_tess.get(HOME, {"q": "cas"}).content.decode()
    assert "Casey" in page
    assert ">Cam<" not in page


def test_home_search_without_match_says_so(as_tess):
    page = as_tess.get(HOME, {"q": "nobody"}).content.decode()
    assert "name matches “nobody”" in page


def test_home_search_cannot_reach_other_practices(cast, as_tess):
    page = as_tess.get(HOME, {"q": "Cleo"}).content.decode()
    assert client_url(cast.cleo) not in page
    assert "name matches" in page


def test_htmx_search_returns_only_the_results_partial(as_tess):
    response = as_tess.get(HOME, {"q": "cam"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.strip().startswith('<div id="client-results">')
    assert "<html" not in page
    assert "Cam" in page
    assert "HX-Request" in response["Vary"]


def test_home_empty_state_for_a_new_therapist(cast, client):
    newcomer = make_therapist(cast.practice_a, email="nia@riverside.example", name="Nia New")
    client.force_login(newcomer)
    page = client.get(HOME).content.decode()
    assert "No clients yet" in page
    assert ADD in page


def test_home_wrong_method(as_tess):
    assert as_tess.post(HOME).status_code == 405


@pytest.mark.parametrize("who", ["as_ada", "as_cam"])
def test_home_is_not_for_admins_or_clients(who, request):
    assert request.getfixturevalue(who).get(HOME).status_code == 404


def test_home_sends_anonymous_people_to_sign_in(client, cast):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_home_query_count_does_not_grow_with_clients(cast, as_tess):
    add_clients(cast.tess, 3)
    few = queries_for(as_tess, HOME)
    add_clients(cast.tess, 45, prefix="More")
    many = queries_for(as_tess, HOME)
    assert many == few
    assert many <= 11  # including the audit event that records which clients the list showed


# --- add_client --------------------------------------------------------------------------------------


def test_add_client_form_renders(as_tess):
    response = as_tess.get(ADD)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="display_name"' in page and 'name="email"' in page


def test_add_client_without_email_is_in_session_only(cast, as_tess):
    response = as_tess.post(ADD, {"display_name": "Kit", "email": ""})
    kit = Client.objects.get(display_name="Kit")
    assert response.status_code == 302
    assert response["Location"] == client_url(kit)
    assert kit.user is None and kit.practice == cast.practice_a
    assert CareTeamMember.objects.get(client=kit).therapist == cast.tess
    assert CareTeamMember.objects.get(client=kit).is_primary
    assert not Invitation.objects.filter(client=kit).exists()
    assert AuditEvent.objects.filter(action=Action.CLIENT_CREATED, client=kit, actor=cast.tess).exists()
    assert mail.outbox == []


def test_add_client_with_email_sends_a_single_use_invitation(cast, as_tess, commit_callbacks):
    with commit_callbacks():
        as_tess.post(ADD, {"display_name": "Robin Private", "email": "Robin@Example.org"})
    robin = Client.objects.get(display_name="Robin Private")
    invitation = Invitation.objects.get(client=robin)
    assert invitation.email == "robin@example.org"
    assert invitation.role == Role.CLIENT and invitation.is_usable
    assert 6.9 < (invitation.expires_at - invitation.created_at).total_seconds() / 86400 <= 7
    assert [m.to for m in mail.outbox] == [["robin@example.org"]]
    body = mail.outbox[0].body
    assert "/invitations/" in body
    # The email is only a link: no client name, no therapist name.
    assert "Robin" not in body and "Tess" not in body
    assert AuditEvent.objects.filter(action=Action.INVITATION_SENT, client=robin).exists()


def test_add_client_bad_input_keeps_what_was_typed(as_tess):
    response = as_tess.post(ADD, {"display_name": "   ", "email": "not-an-email"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert "not-an-email" in page
    assert not Client.objects.filter(display_name="").exists()
    assert Client.objects.count() == 3


def test_add_client_refuses_an_email_that_already_has_an_account(as_tess):
    response = as_tess.post(ADD, {"display_name": "Cam again", "email": "CAM@riverside.example"})
    assert response.status_code == 200
    assert "already has an Accord account" in response.content.decode()
    assert not Client.objects.filter(display_name="Cam again").exists()


def test_add_client_wrong_method(as_tess):
    assert as_tess.put(ADD).status_code == 405


@pytest.mark.parametrize("who", ["as_cam"])
def test_add_client_is_not_for_clients(who, request):
    # A practice admin may add a client for a therapist: tests/accounts/test_admin_adds_client.py
    browser = request.getfixturevalue(who)
    assert browser.get(ADD).status_code == 404
    assert browser.post(ADD, {"display_name": "Sneaky"}).status_code == 404
    assert not Client.objects.filter(display_name="Sneaky").exists()


def test_add_client_anonymous(client, cast):
    assert client.post(ADD, {"display_name": "Sneaky"}).status_code == 302
    assert not Client.objects.filter(display_name="Sneaky").exists()


# --- client_page -------------------------------------------------------------------------------------


def test_client_page_shows_the_shell(cast, as_tess):
    response = as_tess.get(client_url(cast.cam))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Cam</h1>" in page
    for section in ("Care team", "Goals", "Assessment", "Check-ins"):
        assert section in page
    assert "Tess Taylor" in page and "Primary" in page
    assert "Signs in" in page
    assert "no-store" in response["Cache-Control"]


def test_client_page_read_is_audited(cast, as_tess):
    as_tess.get(client_url(cast.cam))
    event = AuditEvent.objects.filter(action=Action.CLIENT_VIEWED).latest("id")
    assert event.actor == cast.tess and event.client == cast.cam and event.practice == cast.practice_a


def test_in_session_client_page_offers_an_invitation(cast, as_tess):
    kit = in_session_client(cast.tess)
    page = as_tess.get(client_url(kit)).content.decode()
    assert "In session only" in page
    assert invite_url(kit) in page
    assert "Send invitation" in page


def test_invited_client_page_shows_invited(cast, as_tess, commit_callbacks):
    with commit_callbacks():
        as_tess.post(ADD, {"display_name": "Robin", "email": "robin@example.org"})
    robin = Client.objects.get(display_name="Robin")
    assert "Invited" in as_tess.get(client_url(robin)).content.decode()


@pytest.mark.parametrize("who", ["as_theo", "as_ada", "as_cam", "as_casey"])
def test_client_page_is_hidden_from_everyone_else(cast, who, request):
    response = request.getfixturevalue(who).get(client_url(cast.cam))
    assert response.status_code == 404


def test_a_refused_read_is_audited_as_a_denial(cast, as_theo):
    as_theo.get(client_url(cast.cam))
    denial = AuditEvent.objects.get(action=Action.ACCESS_DENIED, actor=cast.theo)
    assert denial.detail["id"] == str(cast.cam.pk)
    assert not AuditEvent.objects.filter(action=Action.CLIENT_VIEWED, actor=cast.theo).exists()


def test_client_page_unknown_id(as_tess):
    assert as_tess.get(reverse("client_page", args=[999999])).status_code == 404


def test_client_page_wrong_method(cast, as_tess):
    assert as_tess.post(client_url(cast.cam)).status_code == 405


def test_client_page_anonymous(client, cast):
    response = client.get(client_url(cast.cam))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- invite_existing_client --------------------------------------------------------------------------


def test_invite_existing_in_session_client(cast, as_tess, commit_callbacks):
    kit = in_session_client(cast.tess)
    with commit_callbacks():
        response = as_tess.post(invite_url(kit), {"email": "kit@example.org"})
    assert response.status_code == 302 and response["Location"] == client_url(kit)
    invitation = Invitation.objects.get(client=kit)
    assert invitation.email == "kit@example.org" and invitation.is_usable
    assert mail.outbox[0].to == ["kit@example.org"]
    assert AuditEvent.objects.filter(action=Action.INVITATION_SENT, client=kit, actor=cast.tess).exists()


def test_a_new_invitation_replaces_the_old_link(cast, as_tess, commit_callbacks):
    kit = in_session_client(cast.tess)
    with commit_callbacks():
        as_tess.post(invite_url(kit), {"email": "kit@example.org"})
        as_tess.post(invite_url(kit), {"email": "kit.new@example.org"})
    first, second = Invitation.objects.filter(client=kit).order_by("created_at", "id")
    first.refresh_from_db()
    assert first.revoked_at is not None and second.is_usable
    assert AuditEvent.objects.filter(action=Action.INVITATION_REVOKED, client=kit).count() == 1


def test_invite_existing_bad_email_rerenders_the_page(cast, as_tess):
    kit = in_session_client(cast.tess)
    response = as_tess.post(invite_url(kit), {"email": "kit at example"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "kit at example" in page
    assert not Invitation.objects.filter(client=kit).exists()


def test_invite_existing_client_who_already_signs_in(cast, as_tess):
    response = as_tess.post(invite_url(cast.cam), {"email": "other@example.org"})
    assert response.status_code == 302
    assert not Invitation.objects.filter(client=cast.cam).exists()


def test_invite_existing_wrong_method(cast, as_tess):
    assert as_tess.get(invite_url(in_session_client(cast.tess))).status_code == 405


@pytest.mark.parametrize("who", ["as_theo", "as_ada", "as_cam"])
def test_invite_existing_is_hidden_from_everyone_else(cast, who, request):
    kit = in_session_client(cast.tess)
    response = request.getfixturevalue(who).post(invite_url(kit), {"email": "kit@example.org"})
    assert response.status_code == 404
    assert not Invitation.objects.filter(client=kit).exists()


def test_invite_existing_anonymous(client, cast):
    kit = in_session_client(cast.tess)
    assert client.post(invite_url(kit), {"email": "kit@example.org"}).status_code == 302
    assert not Invitation.objects.filter(client=kit).exists()
