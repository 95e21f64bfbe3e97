"""The restore drill: seed a practice, back up, wipe, restore, compare every table's rows. It runs on the
database the tests use: SQLite by default, PostgreSQL (pg_dump / pg_restore) with DATABASE_URL=postgres://…"""

import shutil
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from accord.records.backup import code_migrations
from tests.factories import make_cast
from tests.records.support import full_record

pytestmark = pytest.mark.django_db(transaction=True)


def every_row() -> dict[str, list[tuple]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def record_code_migrations() -> None:
    """The test database is built from the models, not by migrating: record the code's migrations as applied,
    as `accord manage migrate` does for a real database."""
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = set(recorder.applied_migrations())
    for app, name in sorted(code_migrations() - applied):
        recorder.record_applied(app, name)


def test_restore_drill(tmp_path, capsys):
    if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip(f"no backup for {connection.vendor}")
    cast = make_cast()
    full_record(cast)
    record_code_migrations()
    call_command("backup", "--to", str(tmp_path))
    path = tmp_path / capsys.readouterr().out.strip().split("/")[-1]
    assert path.is_file()
    seeded = every_row()
    assert seeded["goals_goal"] and seeded["goals_gasrating"] and seeded["assessments_measureresponse"]

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(path))

    call_command("flush", "--no-input")
    assert every_row()["goals_goal"] == []
    call_command("restore", str(path))
    restored = every_row()
    for table, rows in seeded.items():
        if table == "audit_auditevent":  # the backup's and the restore's own events come after the copy
            rows = [row for row in rows if "records.backup_" not in repr(row)]
            restored[table] = [row for row in restored[table] if "records.backup_" not in repr(row)]
        assert restored[table] == rows, table


def test_restore_refuses_another_schema_version(tmp_path, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("edits the SQLite backup file")
    record_code_migrations()
    call_command("backup", "--to", str(tmp_path))
    path = tmp_path / capsys.readouterr().out.strip().split("/")[-1]
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(path, newer)
    with sqlite3.connect(newer) as db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('goals', '9999_from_the_future', '2030-01-01')"
        )
    with pytest.raises(CommandError, match="newer Accord"):
        call_command("restore", str(newer), "--force")
    older = tmp_path / "older.sqlite3"
    shutil.copy(path, older)
    with sqlite3.connect(older) as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'records'")
    with pytest.raises(CommandError, match="older Accord"):
        call_command("restore", str(older), "--force")
    with pytest.raises(CommandError, match="no such backup"):
        call_command("restore", str(tmp_path / "missing.sqlite3"))
