"""Backups and restores of the whole database (docs/runbook.md, "Backups").

SQLite: the online backup API (a consistent copy while Accord runs). PostgreSQL: ``pg_dump`` in its custom
format, restored with ``pg_restore``. A restore checks the backup's schema version (the migrations recorded
in it) against this code's, and refuses to overwrite a database that has data unless forced.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess  # nosec B404: pg_dump and pg_restore, with argument lists, never a shell
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader


class BackupError(RuntimeError):
    pass


def code_migrations() -> set[tuple[str, str]]:
    """Every migration this code ships (app label, name)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.disk_migrations)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    arguments = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools.")
    return found


def make_backup(folder: Path, *, now: dt.datetime | None = None) -> Path:
    """Write a backup of the database into ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S")
    if _is_postgres():
        target = folder / f"accord-{stamp}.pgdump"
        arguments, environment = _pg_environment()
        subprocess.run(  # nosec B603: fixed tool, argument list
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *arguments],
            check=True,
            env=environment,
            capture_output=True,
        )
        return target
    target = folder / f"accord-{stamp}.sqlite3"
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return target


def backup_migrations(path: Path) -> set[tuple[str, str]]:
    """The migrations recorded in a backup: its schema version."""
    if path.suffix == ".pgdump":
        listing = subprocess.run(  # nosec B603
            [_tool("pg_restore"), "--data-only", "--table=django_migrations", "--file=-", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found = set()
        copying = False
        for line in listing.splitlines():
            if line.startswith("COPY ") and "django_migrations" in line:
                copying = True
                continue
            if copying:
                if line == "\\.":
                    break
                parts = line.split("\t")
                found.add((parts[1], parts[2]))
        return found
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = source.execute("SELECT app, name FROM django_migrations").fetchall()
        finally:
            source.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an Accord SQLite backup ({error}).") from error
    return {(app, name) for app, name in rows}


def database_has_data() -> bool:
    tables = connection.introspection.table_names()
    if "django_migrations" not in tables:
        return False
    with connection.cursor() as cursor:
        for table in ("accounts_practice", "accounts_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # nosec B608
                if cursor.fetchone():
                    return True
    return False


def check_schema(path: Path) -> list[str]:
    """Why this code cannot take the backup as it is: migrations the code does not have, or lacks."""
    recorded = backup_migrations(path)
    ours = code_migrations()
    unknown = sorted(recorded - ours)
    missing = sorted(ours - recorded)
    problems = []
    if unknown:
        problems.append(
            "the backup was made by a newer Accord (migrations this code does not have: "
            + ", ".join(f"{app}.{name}" for app, name in unknown[:5])
            + "); restore it with that version"
        )
    if missing:
        problems.append(
            "the backup was made by an older Accord (it lacks: "
            + ", ".join(f"{app}.{name}" for app, name in missing[:5])
            + "); restore it with that version, then upgrade"
        )
    return problems


def restore_backup(path: Path, *, force: bool) -> None:
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file.")
    problems = check_schema(path)
    if problems:
        raise BackupError("Refused: " + "; ".join(problems) + ".")
    if database_has_data() and not force:
        raise BackupError(
            "Refused: the database already has data. Restoring replaces all of it; add --force to do so."
        )
    if _is_postgres():
        arguments, environment = _pg_environment()
        connection.close()
        subprocess.run(  # nosec B603
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *arguments, str(path)],
            check=True,
            env=environment,
            capture_output=True,
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
