"""Adding someone whose address has an account in another practice reveals nothing (issue 12, point 7).

The practice gets the same answer as for any new address; the person alone is told by email why the link
cannot make a second account. Inside one practice, a taken address is still refused with a reason.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accord.accounts.models import Client, Invitation

pytestmark = pytest.mark.django_db

ADD = reverse("client_add")


def test_adding_another_practices_client_answers_as_for_anyone(
    cast, as_tess, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = as_tess.post(ADD, {"display_name": "Cleo?", "email": "CLEO@hillside.example"}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        new = as_tess.post(ADD, {"display_name": "Nobody", "email": "nobody@example.org"}, follow=True)
    page = known.content.decode()
    assert "already has" not in page
    assert known.redirect_chain[-1][1] == new.redirect_chain[-1][1] == 302
    added = Client.objects.get(display_name="Cleo?", practice=cast.practice_a)
    assert Invitation.objects.get(client=added).email == "cleo@hillside.example"
    assert "Invited" in page  # the same badge as for any invitation
    # Cleo is told, and gets no link that could not work; Theo's practice is not involved.
    to_cleo = [m for m in mail.outbox if m.to == ["cleo@hillside.example"]]
    assert len(to_cleo) == 1
    assert "already has an Accord account" in to_cleo[0].body and "/invitations/" not in to_cleo[0].body
    assert "Hillside" not in to_cleo[0].body
    assert cast.cleo.practice == cast.practice_b and cast.cleo.user.practice == cast.practice_b


def test_inviting_an_in_session_client_with_another_practices_address_reveals_nothing(cast, as_tess):
    from accord.accounts.people import create_client

    kit = create_client(cast.practice_a, display_name="Kit", therapist=cast.tess)
    response = as_tess.post(reverse("client_invite", args=[kit.pk]), {"email": "theo@hillside.example"})
    assert response.status_code == 302
    assert Invitation.objects.filter(client=kit).exists()


def test_the_admin_inviting_another_practices_therapist_reveals_nothing(cast, as_ada):
    response = as_ada.post(
        reverse("practice_invite_therapist"), {"full_name": "Theo", "email": "theo@hillside.example"}
    )
    assert response.status_code == 302
    assert "already has" not in as_ada.get(reverse("practice_therapists")).content.decode()


def test_an_address_taken_in_the_same_practice_is_still_refused(cast, as_tess):
    response = as_tess.post(ADD, {"display_name": "Cam again", "email": "cam@riverside.example"})
    assert response.status_code == 200
    assert "already has an Accord account" in response.content.decode()
