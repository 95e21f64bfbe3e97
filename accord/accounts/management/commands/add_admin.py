"""`accord manage add_admin`: another practice admin for an existing practice (e.g. a second admin, so the
practice is never locked out when one admin is away or has lost their authenticator).

    accord manage add_admin --practice "Riverside Counselling" \\
        --admin-email bea@riverside.example --admin-name "Bea Moreau" --password-from-env ADMIN_PASSWORD
"""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from accord.accounts.management.commands.create_practice import Command as CreatePracticeCommand
from accord.accounts.models import Practice, Role
from accord.accounts.people import create_staff
from accord.audit.models import Action
from accord.audit.recording import record


class Command(CreatePracticeCommand):
    help = "Add a practice admin (with a verified email address) to an existing practice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practice", required=True, help="the practice's name, exactly as created")
        parser.add_argument(
            "--admin-email", required=True, help="the new admin's email; they sign in with it"
        )
        parser.add_argument("--admin-name", required=True, help="the new admin's full name")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="read the admin's password from this environment variable instead of asking for it",
        )
        parser.add_argument("--time-zone", default="UTC", help="the admin's time zone (default: UTC)")

    def handle(self, *args, **options) -> None:
        practices = list(Practice.objects.filter(name=options["practice"].strip()))
        if len(practices) != 1:
            raise CommandError(
                f"No single practice is called {options['practice']!r} "
                f"({len(practices)} found). Nothing was created."
            )
        practice = practices[0]
        email = options["admin_email"].strip().lower()
        full_name = options["admin_name"].strip()
        self.check_details(practice.name, email, full_name, options["time_zone"])
        password = self.password(options["password_from_env"], email=email, full_name=full_name)
        with transaction.atomic():
            admin = create_staff(
                practice, email=email, full_name=full_name, role=Role.ADMIN, password=password
            )
            admin.time_zone = options["time_zone"]
            admin.save(update_fields=["time_zone"])
            record(Action.ROLE_CHANGED, actor=None, obj=admin, practice=practice, detail={"role": Role.ADMIN})
        self.stdout.write(self.style.SUCCESS(f"Added admin {admin.email} to “{practice.name}”."))
