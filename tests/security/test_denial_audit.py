"""A denied access is audited even though ATOMIC_REQUESTS rolls back the failed request."""

import pytest
from django.urls import reverse

from accord.accounts.models import ApiToken
from accord.audit.models import Action, AuditEvent
from tests.conftest import signed_in
from tests.factories import make_cast


@pytest.mark.django_db(transaction=True)  # real commits and rollbacks, as in production
def test_denial_survives_the_rollback_of_the_request():
    cast = make_cast()
    token, _ = ApiToken.issue(cast.tess, "mine")
    response = signed_in(cast.theo).post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    denial = AuditEvent.objects.get(action=Action.ACCESS_DENIED)
    assert denial.actor == cast.theo
    assert denial.detail == {"what": "API token", "id": str(token.pk)}
