"""``sokkel backup`` and ``sokkel restore`` on the database the suite runs on (SQLite or
PostgreSQL): the commands open their own sessions, so every test commits for real."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

import sokkel.cli.backup as backups
from sokkel.cli import main
from sokkel.cli.backup import BackupError, backup_database, database_contents, restore_database
from sokkel.cli.platform import unapplied_migrations
from sokkel.innovations import services
from sokkel.innovations.models import AuditEntry, Effect, Innovation
from sokkel.people.models import User
from sokkel.units.models import Sector

pytestmark = pytest.mark.django_db(transaction=True)

VENDOR = connection.vendor
OTHER_VENDOR = "postgresql" if VENDOR == "sqlite" else "sqlite"
HEADERS = {"sqlite": backups.SQLITE_HEADER, "postgresql": backups.PG_DUMP_HEADER}


def tell(by: Any, unit: Any, title: str) -> Innovation:
    return services.create_innovation(
        by=by,
        title=title,
        problem="Nattevakta visste ikke hvem som trengte tilsyn først.",
        what_we_did="Vi laget en felles oversikt på nettbrettet.",
        what_changed="Færre vekkede beboere og roligere netter.",
        units=[unit],
        sector=Sector.HEALTH_CARE,
        tags=["natt", "tilsyn"],
        publish=True,
    )


@pytest.fixture
def stories(alice: Any, home: Any, innovation: Innovation) -> list[Innovation]:
    """Two innovations told by alice, with effects and audit entries from the services."""
    second = tell(alice, home, "Nattlig tilsyn etter behov")
    services.add_effect(
        innovation,
        by=alice,
        kind="quantitative",
        name="Turer til sykehuset",
        unit="per måned",
        baseline=12,
        result=3,
        n=40,
    )
    services.add_effect(
        second, by=alice, kind="immaterial", name="Roligere netter", rating=4, description="Ja."
    )
    return [innovation, second]


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every innovation, effect, audit entry and user, as plain values in a stable order."""
    return {
        "innovations": list(Innovation.objects.order_by("pk").values_list("pk", "title", "slug")),
        "effects": list(
            Effect.objects.order_by("pk").values_list("pk", "innovation", "name", "result")
        ),
        "audit": list(
            AuditEntry.objects.order_by("pk").values_list(
                "pk", "innovation", "actor", "at", "action", "changes"
            )
        ),
        "users": list(User.objects.order_by("pk").values_list("pk", "email")),
    }


def test_a_restored_backup_holds_every_innovation_effect_and_audit_entry(
    stories: list[Innovation], alice: Any, home: Any, tmp_path: Path, capsys: Any
) -> None:
    before = snapshot()
    assert all(before.values()) and len(before["audit"]) == 3
    path = tmp_path / "sokkel.backup"

    assert main(["backup", str(path)]) == 0
    assert re.search(
        rf"database to {re.escape(str(path))} \(\d+(\.\d)? (kB|MB)\)", capsys.readouterr().out
    )

    # Life goes on: a story is deleted (its effects and log with it), another gets an
    # effect, a third is told.
    stories[0].delete()
    services.add_effect(
        stories[1], by=alice, kind="immaterial", name="Færre fall", rating=3, description="Ja."
    )
    tell(alice, home, "Fallforebygging om natta")
    assert snapshot() != before

    assert main(["restore", str(path), "--yes"]) == 0
    assert f"Restored {path}" in capsys.readouterr().out
    assert snapshot() == before
    # The restored database takes new stories, and their ids are new ones.
    newest = tell(alice, home, "Fallforebygging om natta")
    assert newest.pk > max(pk for pk, *_ in before["innovations"])


def test_restore_refuses_to_replace_data_without_yes(
    stories: list[Innovation], alice: Any, tmp_path: Path, capsys: Any
) -> None:
    path = backup_database(tmp_path / "sokkel.backup").path
    services.add_effect(
        stories[1], by=alice, kind="immaterial", name="Færre fall", rating=3, description="Ja."
    )
    now = snapshot()

    assert main(["restore", str(path)]) == 2
    error = capsys.readouterr().err
    assert f"the database holds 2 innovations and 1 user, which restoring {path}" in error
    assert "add --yes" in error
    assert snapshot() == now


def test_restore_into_an_empty_database_needs_no_yes(
    stories: list[Innovation], tmp_path: Path
) -> None:
    before = snapshot()
    path = backup_database(tmp_path / "sokkel.backup").path
    Innovation.objects.all().delete()
    User.objects.all().delete()
    assert database_contents().is_empty

    restored = restore_database(path)

    assert restored.replaced.is_empty and restored.migrated == []
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (None, "{path}: no such file"),
        (b"Dear diary,\n", "{path} is not a Sokkel backup"),
        (HEADERS[OTHER_VENDOR] + bytes(100), "{path} is a {other} backup, but the configured"),
    ],
    ids=["missing", "not-a-backup", "other-vendor"],
)
def test_restore_refuses_a_file_that_is_no_backup_of_this_database(
    stories: list[Innovation], tmp_path: Path, capsys: Any, content: bytes | None, complaint: str
) -> None:
    path = tmp_path / "sokkel.backup"
    if content is not None:
        path.write_bytes(content)
    now = snapshot()

    assert main(["restore", str(path), "--yes"]) == 2
    other = backups.VENDOR_NAMES[OTHER_VENDOR]
    assert complaint.format(path=path, other=other) in capsys.readouterr().err
    assert snapshot() == now


def test_restore_refuses_a_damaged_backup(
    stories: list[Innovation], tmp_path: Path, capsys: Any
) -> None:
    whole = backup_database(tmp_path / "whole.backup").path.read_bytes()
    path = tmp_path / "half.backup"
    path.write_bytes(whole[: len(whole) // 2])
    now = snapshot()

    assert main(["restore", str(path), "--yes"]) == 2
    assert str(path) in capsys.readouterr().err
    assert snapshot() == now


@pytest.mark.skipif(VENDOR != "sqlite", reason="a SQLite database that is not Sokkel's")
def test_restore_refuses_a_sqlite_database_that_is_not_sokkels(
    stories: list[Innovation], tmp_path: Path
) -> None:
    path = tmp_path / "notes.sqlite3"
    with closing(sqlite3.connect(path)) as notes:
        notes.execute("CREATE TABLE notes (text TEXT)")

    with pytest.raises(BackupError, match="is a SQLite database, but not a Sokkel backup"):
        restore_database(path, replace=True)


def test_restoring_an_older_backup_migrates_it(
    stories: list[Innovation], tmp_path: Path, capsys: Any
) -> None:
    # A backup from before adoptions had effects (a table with a foreign key to adoptions,
    # which PostgreSQL's restore must drop before it can replace the adoptions table).
    path = tmp_path / "older.backup"
    try:
        call_command("migrate", "spread", "0001", verbosity=0)
        backup_database(path)
        call_command("migrate", verbosity=0)
        before = snapshot()

        assert main(["restore", str(path), "--yes"]) == 0

        assert (
            "The backup's schema was older: applied 1 migration (spread.0002_adoption_effects)."
            in capsys.readouterr().out
        )
        assert unapplied_migrations() == []
        assert "spread_adoptioneffect" in connection.introspection.table_names()
        assert snapshot() == before
    finally:
        call_command("migrate", verbosity=0)  # whatever happened, leave the schema whole


def test_backup_names_its_file_after_the_database_and_the_time(
    db: None, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path

    made = backup_database()

    assert made.path.parent == tmp_path / "backups"
    suffix = backups.SUFFIXES[VENDOR]
    assert re.fullmatch(rf"sokkel-{VENDOR}-\d{{8}}T\d{{6}}Z\.{suffix}", made.path.name)
    assert made.size == made.path.stat().st_size > 0
    assert made.path.read_bytes().startswith(HEADERS[VENDOR])


def test_a_failed_backup_leaves_nothing_half_written(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    def half_then_fail(partial: Path) -> None:
        partial.write_bytes(b"half a backup")
        raise BackupError("the disk is full")

    monkeypatch.setitem(backups._BACKUP_WRITERS, VENDOR, half_then_fail)
    yesterdays = tmp_path / "sokkel.backup"
    yesterdays.write_bytes(b"yesterday's backup")

    assert main(["backup", str(yesterdays)]) == 2

    assert "sokkel backup: the disk is full" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [yesterdays]
    assert yesterdays.read_bytes() == b"yesterday's backup"


def test_backup_into_a_place_that_is_no_directory_says_so(
    db: None, tmp_path: Path, capsys: Any
) -> None:
    blocker = tmp_path / "backups"
    blocker.write_text("a file, not a directory")

    assert main(["backup", str(blocker / "sokkel.backup")]) == 2

    assert f"cannot write to {blocker}: not a directory" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [blocker]


@pytest.mark.skipif(VENDOR != "postgresql", reason="SQLite needs no client programs")
def test_backup_without_pg_dump_says_what_to_install(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(BackupError, match="pg_dump not found on PATH; install PostgreSQL's"):
        backup_database(tmp_path / "sokkel.dump")
    assert list(tmp_path.iterdir()) == []
