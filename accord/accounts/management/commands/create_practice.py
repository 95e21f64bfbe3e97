"""`accord manage create_practice`: a practice and its first admin, for a real installation.

    export ADMIN_PASSWORD='…'   # or leave out --password-from-env to be asked twice
    accord manage create_practice --name "Riverside Counselling" \\
        --admin-email ada@riverside.example --admin-name "Ada Okafor" \\
        --password-from-env ADMIN_PASSWORD --time-zone Europe/London

The admin's email counts as verified: the operator vouches for it. From there the admin invites therapists.
"""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from accord.accounts.models import Practice, Role, User, validate_time_zone
from accord.accounts.people import create_staff
from accord.audit.models import Action
from accord.audit.recording import record


class Command(BaseCommand):
    help = "Create a practice and its first practice admin (with a verified email address)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="the practice's name")
        parser.add_argument("--admin-email", required=True, help="the admin's email; they sign in with it")
        parser.add_argument("--admin-name", required=True, help="the admin's full name")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="read the admin's password from this environment variable instead of asking for it",
        )
        parser.add_argument("--time-zone", default="UTC", help="the admin's time zone (default: UTC)")

    def handle(self, *args, **options) -> None:
        name = options["name"].strip()
        email = User.objects.normalize_email(options["admin_email"].strip()).lower()
        full_name = options["admin_name"].strip()
        time_zone = options["time_zone"]
        self.check_details(name, email, full_name, time_zone)
        password = self.password(options["password_from_env"], email=email, full_name=full_name)

        with transaction.atomic():
            practice = Practice.objects.create(name=name)
            admin = create_staff(
                practice, email=email, full_name=full_name, role=Role.ADMIN, password=password
            )
            admin.time_zone = time_zone
            admin.save(update_fields=["time_zone"])
            record(Action.ROLE_CHANGED, actor=None, obj=admin, practice=practice, detail={"role": Role.ADMIN})
        self.stdout.write(
            self.style.SUCCESS(f"Created practice “{practice.name}” with admin {admin.email}. ")
            + "They can sign in now and invite the practice's therapists."
        )

    def check_details(self, name: str, email: str, full_name: str, time_zone: str) -> None:
        if not name:
            raise CommandError("--name is empty: give the practice a name.")
        if not full_name:
            raise CommandError("--admin-name is empty: give the admin's full name.")
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"--admin-email {email!r} is not an email address.") from None
        try:
            validate_time_zone(time_zone)
        except ValidationError:
            raise CommandError(f"--time-zone {time_zone!r} is not a time zone like Europe/London.") from None
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"A user with the email {email} already exists. Nothing was created.")

    def password(self, variable: str | None, *, email: str, full_name: str) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
        else:
            password = self.ask_for_password()
        try:
            validate_password(password, user=User(email=email, full_name=full_name, role=Role.ADMIN))
        except ValidationError as error:
            raise CommandError("The password is not strong enough: " + " ".join(error.messages)) from None
        return password

    def ask_for_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("No terminal to ask for a password: use --password-from-env VARIABLE.")
        first = getpass.getpass("Password for the admin: ")
        if first != getpass.getpass("The same password again: "):
            raise CommandError("The two passwords differ. Nothing was created.")
        return first
