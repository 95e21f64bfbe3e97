"""accord backup [--to DIR]: a consistent copy of the whole database (SQLite backup API or pg_dump)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accord.audit.models import Action
from accord.audit.recording import record
from accord.records.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database: SQLite with its online backup API, PostgreSQL with pg_dump (custom format)."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="folder for the backup (default: the data folder's backups/)")

    def handle(self, *args, **options):
        folder = Path(options["to"]) if options["to"] else Path(settings.DATA_DIR) / "backups"
        try:
            path = make_backup(folder)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        record(Action.BACKUP_MADE, kind="export", detail={"file": path.name})
        self.stdout.write(str(path))
