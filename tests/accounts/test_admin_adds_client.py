"""A practice admin adds or invites a client for one of the practice's therapists (issue 13, point 12)."""

import pytest
from django.core import mail
from django.urls import reverse

from accord.accounts.models import CareTeamMember, Client

pytestmark = pytest.mark.django_db

ADD = reverse("client_add")


def test_the_admin_sees_the_form_with_a_therapist_choice(cast, as_ada):
    response = as_ada.get(ADD)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="therapist"' in page
    assert "Tess" in page
    assert "Theo" not in page  # only the admin's own practice


def test_the_admin_invites_a_client_for_tess(cast, as_ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_ada.post(
            ADD, {"display_name": "Robin", "email": "robin@example.org", "therapist": cast.tess.pk}
        )
    robin = Client.objects.get(display_name="Robin")
    assert response.status_code == 302
    assert response["Location"] == reverse("practice_care_team", args=[robin.pk])
    assert robin.practice == cast.practice_a
    member = CareTeamMember.objects.get(client=robin)
    assert member.therapist == cast.tess and member.is_primary
    assert mail.outbox[-1].to == ["robin@example.org"]


def test_the_admin_must_choose_a_therapist(cast, as_ada):
    response = as_ada.post(ADD, {"display_name": "Robin", "email": ""})
    assert response.status_code == 200
    assert "Choose the client&#x27;s therapist." in response.content.decode()
    assert not Client.objects.filter(display_name="Robin").exists()


def test_the_admin_cannot_pick_another_practices_therapist(cast, as_ada):
    response = as_ada.post(ADD, {"display_name": "Robin", "therapist": cast.theo.pk})
    assert response.status_code == 200
    assert "Choose one of the therapists in the list." in response.content.decode()
    assert not Client.objects.filter(display_name="Robin").exists()


def test_a_therapist_still_adds_to_their_own_caseload_without_a_choice(cast, as_tess):
    assert 'name="therapist"' not in as_tess.get(ADD).content.decode()
    as_tess.post(ADD, {"display_name": "Robin", "therapist": cast.theo.pk})
    robin = Client.objects.get(display_name="Robin")
    assert CareTeamMember.objects.get(client=robin).therapist == cast.tess


def test_a_client_gets_404(as_cam):
    assert as_cam.get(ADD).status_code == 404


def test_wrong_method(as_ada):
    assert as_ada.put(ADD).status_code == 405


def test_the_practice_clients_page_links_to_it(as_ada):
    assert ADD in as_ada.get(reverse("practice_clients")).content.decode()
