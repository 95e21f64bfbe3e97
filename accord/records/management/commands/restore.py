"""accord restore FILE [--force]: put a backup back, after checking its schema version."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accord.audit.models import Action
from accord.audit.recording import record
from accord.records.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `accord backup`. Refuses a backup of another schema version, and refuses to "
        "overwrite a database that has data unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup (.sqlite3 or .pgdump)")
        parser.add_argument("--force", action="store_true", help="replace the data in a database that has some")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            restore_backup(path, force=options["force"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        record(Action.BACKUP_RESTORED, kind="export", detail={"file": path.name})
        self.stdout.write(f"Restored {path.name}.")
