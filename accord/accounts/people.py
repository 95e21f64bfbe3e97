"""Creating practices and people in one place, for the demo, the create_practice command and tests."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from accord.accounts.models import CareTeamMember, Client, Practice, Role, User


@transaction.atomic
def create_staff(practice: Practice, *, email: str, full_name: str, role: str, password: str | None) -> User:
    """A staff member with a verified email (they were invited to it or set up by the operator)."""
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, practice=practice, role=role
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@transaction.atomic
def create_client(
    practice: Practice,
    *,
    display_name: str,
    therapist: User,
    email: str | None = None,
    password: str | None = None,
    created_by: User | None = None,
) -> Client:
    """A client record on ``therapist``'s care team; with ``email`` and ``password`` it can sign in too."""
    user = None
    if email:
        user = User.objects.create_user(
            email=email, password=password, full_name=display_name, practice=practice, role=Role.CLIENT
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client.objects.create(
        practice=practice, user=user, display_name=display_name, created_by=created_by or therapist
    )
    CareTeamMember.objects.create(client=client, therapist=therapist, is_primary=True)
    return client
