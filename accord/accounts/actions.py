"""Side effects of the people pages: each function writes, records the audit event and sends any email.

Emails carry a link and nothing about anyone's therapy. They are sent only after the transaction commits,
so a rolled-back request never sends a link to an invitation that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import dataversion
from accord.accounts.actors import Actor, ActorLike
from accord.accounts.models import (
    ApiToken,
    CareTeamMember,
    Client,
    Invitation,
    Practice,
    Role,
    User,
    hash_token,
    new_token,
)
from accord.audit.models import Action
from accord.audit.recording import record
from accord.mail import send_templated

SESSION_USER_KEY = "_auth_user_id"


class AccountActionError(Exception):
    """A request that cannot be carried out as asked; the message is for the person who asked.
    ``nothing_to_do``: what was asked is already so (a page says it as information, not as an error)."""

    def __init__(self, message: str, *, nothing_to_do: bool = False):
        super().__init__(message)
        self.message = message
        self.nothing_to_do = nothing_to_do


# --- Invitations ----------------------------------------------------------------------------------------


def _issue_invitation(
    actor: Actor,
    *,
    email: str,
    role: str,
    full_name: str = "",
    client: Client | None = None,
    language: str = "",
) -> Invitation:
    """Create an invitation, audit it and email its link once the transaction has committed.
    ``language``: of the email and the new account; unsaid, the inviter's own."""
    inviter = actor.user
    practice_id = _practice_id(actor)
    raw_token = new_token()
    invitation = Invitation.objects.create(
        practice_id=practice_id,
        email=email,
        full_name=full_name,
        role=role,
        language=language or inviter.language,
        client=client,
        invited_by=inviter,
        token_hash=hash_token(raw_token),
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    record(Action.INVITATION_SENT, actor=actor, obj=invitation, client=client, detail={"role": role})
    if email_taken_elsewhere(email, practice_id):
        # The inviter is answered as usual; only the person learns, by email, why this link cannot work.
        transaction.on_commit(lambda: _send_existing_account_email(invitation))
        return invitation
    link = actor.absolute(reverse("invitation_accept", args=[raw_token]))
    transaction.on_commit(lambda: _send_invitation_email(invitation, link))
    return invitation


def _practice_id(actor: Actor) -> int:
    """The practice an invitation or a new client belongs to: the acting member's own."""
    if actor.practice_id is None:
        raise AccountActionError(_("Only a member of a practice invites people or adds clients."))
    return actor.practice_id


def email_taken_elsewhere(email: str, practice_id: int) -> bool:
    """An account (or a pending invitation) of *another* practice holds ``email``. One account per address,
    so this invitation cannot become an account; the inviting practice is never told (issue 12, point 7)."""
    return (
        User.objects.filter(email__iexact=email).exclude(practice_id=practice_id).exists()
        or Invitation.objects.usable().filter(email__iexact=email).exclude(practice_id=practice_id).exists()
    )


def _send_existing_account_email(invitation: Invitation) -> None:
    context = {
        "practice_name": invitation.practice.name,
        "is_staff_invitation": invitation.role != Role.CLIENT,
    }
    send_templated(
        to=invitation.email,
        language=invitation.language,
        subject="email/invitation_subject.txt",
        body="email/invitation_existing_account.txt",
        context=context,
    )


def _send_invitation_email(invitation: Invitation, link: str) -> None:
    context = {
        "practice_name": invitation.practice.name,
        "link": link,
        "valid_days": settings.INVITATION_VALID_DAYS,
        "is_staff_invitation": invitation.role != Role.CLIENT,
    }
    send_templated(
        to=invitation.email,
        language=invitation.language,
        subject="email/invitation_subject.txt",
        body="email/invitation.txt",
        context=context,
    )


def _revoke_pending_invitations(actor: Actor, client: Client) -> None:
    """A new link replaces any earlier one, so only the latest email can open the account."""
    for invitation in Invitation.objects.usable().filter(client=client):
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(Action.INVITATION_REVOKED, actor=actor, obj=invitation, client=client)


def invite_therapist(actor: ActorLike, *, full_name: str, email: str, language: str = "") -> Invitation:
    return _issue_invitation(
        Actor.of(actor), email=email, role=Role.THERAPIST, full_name=full_name, language=language
    )


def _create_client_record(actor: Actor, *, display_name: str, therapist: User | None = None) -> Client:
    """The signed-in therapist's new client, or (a practice admin adding one) ``therapist``'s."""
    therapist = therapist or actor.user
    if therapist.practice_id != actor.practice_id or therapist.role != Role.THERAPIST:
        raise PermissionDenied
    client = Client.objects.create(
        practice_id=_practice_id(actor), display_name=display_name, created_by=actor.user
    )
    CareTeamMember.objects.create(client=client, therapist=therapist, is_primary=True)
    record(Action.CLIENT_CREATED, actor=actor, obj=client, detail={"with_invitation": False})
    return client


def create_client_without_email(
    actor: ActorLike, *, display_name: str, therapist: User | None = None
) -> Client:
    """A client who uses Accord only in session with their therapist (no sign-in)."""
    return _create_client_record(Actor.of(actor), display_name=display_name, therapist=therapist)


def invite_client(
    actor: ActorLike, *, display_name: str, email: str, therapist: User | None = None, language: str = ""
) -> Client:
    """A new client on the signed-in therapist's (or the chosen ``therapist``'s) care team, with an
    invitation to set a password."""
    actor = Actor.of(actor)
    client = _create_client_record(actor, display_name=display_name, therapist=therapist)
    _issue_invitation(actor, email=email, role=Role.CLIENT, client=client, language=language)
    return client


def invite_existing_client(client: Client, actor: ActorLike, *, email: str, language: str = "") -> Invitation:
    """Invite a client who so far had no sign-in (in-session only, or whose earlier link ran out)."""
    if client.has_account:
        raise AccountActionError(
            _("%(name)s already signs in to Accord.") % {"name": client.display_name}, nothing_to_do=True
        )
    actor = Actor.of(actor)
    _revoke_pending_invitations(actor, client)
    return _issue_invitation(actor, email=email, role=Role.CLIENT, client=client, language=language)


def find_invitation(raw_token: str, *, for_update: bool = False) -> Invitation | None:
    invitations = Invitation.objects.select_related("practice", "client")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    return invitations.filter(token_hash=hash_token(raw_token)).first()


def accept_invitation(
    invitation: Invitation, *, full_name: str, password: str, ip_address: str | None = None
) -> User:
    """Create the invited person's account and use up the invitation (the page then signs them in).
    ``ip_address`` is the caller's, for the audit trail: nobody is signed in yet to carry it."""
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        full_name=full_name,
        practice_id=invitation.practice_id,
        role=invitation.role,
        language=invitation.language,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if invitation.client_id:
        Client.objects.filter(pk=invitation.client_id).update(user=user)
        dataversion.bump(invitation.client_id)  # an UPDATE sends no signal: the client now signs in
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(
        Action.INVITATION_ACCEPTED,
        actor=Actor(user=user, ip_address=ip_address),
        obj=invitation,
        client=invitation.client,
        detail={"role": invitation.role},
    )
    return user


# --- Care teams -----------------------------------------------------------------------------------------


def set_care_team(client: Client, actor: ActorLike, *, members: list[User], primary: User) -> None:
    """Replace a client's care team with ``members``, ``primary`` being the one primary therapist."""
    wanted = {member.pk for member in members} | {primary.pk}
    current = set(client.care_team.values_list("therapist_id", flat=True))
    client.care_team.exclude(therapist_id__in=wanted).delete()
    # Clear the old primary first: the database allows only one primary per client at any moment.
    client.care_team.update(is_primary=False)
    for therapist_id in wanted - current:
        CareTeamMember.objects.create(client=client, therapist_id=therapist_id)
    client.care_team.filter(therapist_id=primary.pk).update(is_primary=True)
    dataversion.bump(client.pk)  # the UPDATEs above send no signal
    record(
        Action.CLIENT_REASSIGNED,
        actor=Actor.of(actor),
        obj=client,
        detail={
            "primary": primary.pk,
            "members": sorted(wanted),
            "added": sorted(wanted - current),
            "removed": sorted(current - wanted),
        },
    )


# --- Deactivation ---------------------------------------------------------------------------------------


def end_sessions_of(user: User) -> int:
    """Delete every live session of ``user`` so they are signed out everywhere at once.

    Sessions are looked up by decoding each live one; deactivation is rare, so a scan is acceptable and
    needs no extra bookkeeping at sign-in.
    """
    user_id = str(user.pk)
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500)
        if str(session.get_decoded().get(SESSION_USER_KEY)) == user_id
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def _client_of(user: User) -> Client | None:
    return Client.objects.filter(user=user).first() if user.role == Role.CLIENT else None


def deactivate_user(member: User, actor: ActorLike) -> None:
    """Stop ``member`` signing in, everywhere at once. An admin cannot lock themself out."""
    if member.pk == actor.pk:
        raise AccountActionError(_("You cannot deactivate your own account. Ask another admin."))
    if not member.is_active:
        raise AccountActionError(_("%(name)s is already deactivated.") % {"name": member}, nothing_to_do=True)
    member.is_active = False
    member.deactivated_at = timezone.now()
    member.save(update_fields=["is_active", "deactivated_at"])
    ended = end_sessions_of(member)
    record(
        Action.USER_DEACTIVATED,
        actor=Actor.of(actor),
        obj=member,
        client=_client_of(member),
        detail={"role": member.role, "sessions_ended": ended},
    )


def reactivate_user(member: User, actor: ActorLike) -> None:
    if member.is_active:
        raise AccountActionError(_("%(name)s can already sign in.") % {"name": member}, nothing_to_do=True)
    member.is_active = True
    member.deactivated_at = None
    member.save(update_fields=["is_active", "deactivated_at"])
    record(
        Action.USER_REACTIVATED,
        actor=Actor.of(actor),
        obj=member,
        client=_client_of(member),
        detail={"role": member.role},
    )


# --- Practice settings ----------------------------------------------------------------------------------


def update_practice_settings(practice: Practice, actor: ActorLike, *, changes: dict[str, Any]) -> list[str]:
    """Save the changed settings; the audit event names the fields, never their (free-text) values."""
    for field, value in changes.items():
        setattr(practice, field, value)
    changed = sorted(changes)
    if changed:
        practice.save(update_fields=changed)
        record(Action.SETTINGS_CHANGED, actor=Actor.of(actor), obj=practice, detail={"fields": changed})
    return changed


def issue_api_token(actor: ActorLike, *, name: str) -> tuple[ApiToken, str]:
    """A new token for the signed-in person; the raw secret is returned once and never stored."""
    actor = Actor.of(actor)
    token, raw = ApiToken.issue(actor.user, name)
    record(Action.API_TOKEN_CREATED, actor=actor, obj=token, detail={"hint": token.hint})
    return token, raw


def revoke_api_token(token: ApiToken, actor: ActorLike) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(Action.API_TOKEN_REVOKED, actor=Actor.of(actor), obj=token, detail={"hint": token.hint})


def set_language(actor: ActorLike, *, language: str) -> None:
    """The person's own language, from their account page. A preference about how Accord speaks to
    them, not a change to anyone's record: not in the audit trail (a client's email choices are)."""
    user = Actor.of(actor).user
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def set_email_preferences(actor: ActorLike, client: Client, *, email_when_goal_waits: bool) -> None:
    """The client's own choice of emails, from their account page."""
    if client.email_when_goal_waits == email_when_goal_waits:
        return
    client.email_when_goal_waits = email_when_goal_waits
    client.save(update_fields=["email_when_goal_waits"])
    record(
        Action.CLIENT_UPDATED,
        actor=Actor.of(actor),
        obj=client,
        client=client,
        detail={"email_when_goal_waits": email_when_goal_waits},
    )
