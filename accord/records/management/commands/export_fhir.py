"""accord manage export_fhir --client ID | --practice SLUG [--out FILE]: a FHIR R4 Bundle, checked first."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from accord.accounts.models import Client
from accord.records import actions
from accord.records.fhir_check import check_bundle
from accord.records.lookup import practice_by_slug


class Command(BaseCommand):
    help = "Export a client's record, or a practice's, as a FHIR R4 Bundle (JSON)."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--client", type=int, help="the client's id")
        which.add_argument(
            "--practice", help="the practice's id or name as a slug, e.g. riverside-counselling"
        )
        parser.add_argument("--out", help="write to this file (default: standard output)")

    def handle(self, *args, **options):
        if options["client"] is not None:
            client = Client.objects.filter(pk=options["client"]).first()
            if client is None:
                raise CommandError(f"No client {options['client']}.")
            bundle = actions.export_client_fhir(client, None, via="command")
        else:
            bundle = actions.export_practice_fhir(practice_by_slug(options["practice"]), None, via="command")
        problems = check_bundle(bundle)
        if problems:
            raise CommandError("The Bundle did not validate:\n" + "\n".join(problems))
        text = json.dumps(bundle, ensure_ascii=False, indent=2)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as out:
                out.write(text)
            self.stderr.write(f"Wrote {len(bundle['entry'])} resources to {options['out']}")
        else:
            sys.stdout.write(text + "\n")
