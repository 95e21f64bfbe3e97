"""`accord manage seed_demo`: add the demo practices and people (what `accord demo` does before serving).

Every demo account shares one published password, so the command refuses to run outside demo or debug mode
unless told `--force` (a real installation must never get these accounts by accident).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.demo import demo_banner, seed_demo


class Command(BaseCommand):
    help = "Add the demo practices and people; running it again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even with ACCORD_DEMO and ACCORD_DEBUG off (the accounts have a public password)",
        )

    def handle(self, *args, **options) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG or options["force"]):
            raise CommandError(
                "The demo accounts share a published password; seed them only into a demo "
                "(ACCORD_DEMO=true) or pass --force."
            )
        seed_demo()
        self.stdout.write(demo_banner("your Accord address"))
