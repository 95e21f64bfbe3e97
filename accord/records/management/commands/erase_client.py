"""accord manage erase_client --client ID --reason TEXT [--yes]: GDPR Art. 17 erasure of one client.

Without ``--yes`` it only lists what would be deleted and changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accord.accounts.models import Client
from accord.records import actions, erasure


class Command(BaseCommand):
    help = "Erase a client and everything of theirs (GDPR Art. 17); the audit trail keeps a stub."

    def add_arguments(self, parser):
        parser.add_argument("--client", type=int, required=True, help="the client's id")
        parser.add_argument("--reason", required=True, help="why (kept in the audit trail; no names)")
        parser.add_argument(
            "--yes", action="store_true", help="really erase (without it: list what would go, change nothing)"
        )

    def handle(self, *args, **options):
        client = Client.objects.select_related("user", "practice").filter(pk=options["client"]).first()
        if client is None:
            raise CommandError(f"No client {options['client']}.")
        if not options["reason"].strip():
            raise CommandError("Give a reason with --reason.")
        parts = erasure.inventory(client)
        for part in parts:
            if part.count:
                self.stdout.write(f"{part.count:6d}  {part.label}")
        if not options["yes"]:
            self.stdout.write(f"Nothing erased. Run again with --yes to erase client {client.pk}.")
            return
        try:
            actions.erase_client(client, None, reason=options["reason"], via="command")
        except actions.ErasureRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(f"Client {options['client']} erased; the audit trail keeps a stub.")
