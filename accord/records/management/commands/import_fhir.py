"""accord manage import_fhir FILE --practice SLUG [--therapist EMAIL]: Patients, Goals and GAS scores."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from accord.accounts.models import User
from accord.records import actions
from accord.records.lookup import practice_by_slug


class Command(BaseCommand):
    help = "Import a FHIR R4 Bundle (Patient, Goal, GAS score Observations) into a practice."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the Bundle, as JSON")
        parser.add_argument("--practice", required=True, help="the practice's id or name as a slug")
        parser.add_argument("--therapist", help="email of the therapist whose caseload the clients join")

    def handle(self, *args, **options):
        practice = practice_by_slug(options["practice"])
        therapist = None
        if options["therapist"]:
            therapist = User.objects.filter(email__iexact=options["therapist"], practice=practice).first()
            if therapist is None or not therapist.is_therapist:
                raise CommandError("--therapist: no therapist with that email in this practice.")
        try:
            with open(options["file"], encoding="utf-8") as source:
                bundle = json.load(source)
        except (OSError, ValueError) as error:
            raise CommandError(f"{options['file']}: not a readable JSON file ({error})") from error
        try:
            report = actions.import_fhir(bundle, practice, therapist=therapist, actor=None, via="command")
        except actions.ImportRefused as refused:
            raise CommandError("Refused, nothing saved:\n" + "\n".join(refused.problems)) from refused
        for line in report["imported"]:
            self.stdout.write(f"imported {line['resource']} as {line['as']}")
        for line in report["skipped"]:
            self.stdout.write(f"skipped  {line['resource']}: {line['why']}")
        self.stdout.write(f"{len(report['imported'])} imported, {len(report['skipped'])} skipped")
