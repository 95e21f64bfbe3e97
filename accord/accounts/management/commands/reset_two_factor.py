"""`accord manage reset_two_factor EMAIL`: for a staff member who lost their authenticator and their recovery
codes. Removes their two-factor methods and ends their sessions; at their next sign-in (with their password)
they set up a new authenticator. Recorded in the audit trail. Check who is asking before running it
(docs/runbook.md)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accord.accounts.actions import end_sessions_of
from accord.accounts.models import User
from accord.audit.models import Action
from accord.audit.recording import record


class Command(BaseCommand):
    help = "Remove a person's two-factor methods (lost authenticator) and sign them out everywhere."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the sign-in email of the person whose authenticator was lost")

    def handle(self, *args, **options) -> None:
        try:
            user = User.objects.get(email__iexact=options["email"].strip())
        except User.DoesNotExist:
            raise CommandError("No account has that email address. Nothing was changed.") from None
        with transaction.atomic():
            removed, _ = Authenticator.objects.filter(user=user).delete()
            ended = end_sessions_of(user)
            record(
                Action.MFA_CHANGED,
                actor=None,
                obj=user,
                practice=user.practice,
                detail={"reset_by": "operator", "methods_removed": removed},
            )
        self.stdout.write(
            f"Removed {removed} two-factor method(s) and ended {ended} session(s) of account {user.pk}. "
            "At the next sign-in they set up a new authenticator."
        )
