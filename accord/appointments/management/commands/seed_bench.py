"""`accord manage seed_bench --clients N --therapists T --checkins-per-client K`: the benchmark's practice.

Here, in appointments (not checkins), because the bench practice comes with its caseload summary rows.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from accord import bench


class Command(BaseCommand):
    help = "Add a practice full of made-up data for the benchmark (see bench/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=1000)
        parser.add_argument("--therapists", type=int, default=5)
        parser.add_argument("--checkins-per-client", type=int, default=20)
        parser.add_argument(
            "--tokens-for",
            type=int,
            default=0,
            help="issue API tokens for the first N therapists and clients and print them (benchmark only)",
        )

    def handle(self, *args, clients, therapists, checkins_per_client, tokens_for, **options):
        started = time.monotonic()
        try:
            seeded = bench.seed(
                clients=clients,
                therapists=therapists,
                checkins_per_client=checkins_per_client,
                tokens_for=tokens_for,
                progress=lambda message: self.stderr.write(message),
            )
        except bench.BenchError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(
            f"{seeded.practice.name}: {seeded.therapists} therapists, {seeded.clients} clients, "
            f"{seeded.checkins} check-ins in {time.monotonic() - started:.0f} s. "
            f"Sign in as {bench.therapist_email(1)} with the demo password."
        )
        for email, raw in seeded.tokens.items():
            self.stdout.write(f"{email} {raw}")
