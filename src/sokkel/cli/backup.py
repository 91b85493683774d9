"""``sokkel backup`` and ``sokkel restore``: a consistent copy of the database, and back.

SQLite is copied with its online backup API, safe while the site runs; PostgreSQL with
``pg_dump --format=custom``. A restore checks the file first (a backup, of the configured
database's vendor, undamaged), refuses to replace data unless asked to, replaces the whole
database in one transaction (SQLite: the backup API into the live file; PostgreSQL: the
script ``pg_restore --clean`` writes, run by ``psql --single-transaction``), and then
migrates a backup of an older schema.

The functions here do the work, return what they did and raise :class:`BackupError`; the
command functions at the end only print. Exit status 2: refused or failed, nothing changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SUFFIXES = {"sqlite": "sqlite3", "postgresql": "dump"}


class BackupError(Exception):
    """A backup or restore that could not be done; the database is unchanged."""


@dataclass(frozen=True)
class Contents:
    """What a database holds, in the figures a person recognises."""

    innovations: int
    users: int

    @property
    def is_empty(self) -> bool:
        return self.innovations == 0 and self.users == 0

    def __str__(self) -> str:
        return f"{_count(self.innovations, 'innovation')} and {_count(self.users, 'user')}"


class WouldReplaceData(BackupError):
    """The database holds data that a restore would replace, and replacing was not asked for."""

    def __init__(self, path: Path, contents: Contents) -> None:
        super().__init__(f"the database holds {contents}, which restoring {path} would replace")
        self.contents = contents


@dataclass(frozen=True)
class Backup:
    """A backup written: where, of which vendor's database, and its size in bytes."""

    path: Path
    vendor: str
    size: int


@dataclass(frozen=True)
class Restore:
    """A restore done: the file, what it replaced, and the migrations applied after it."""

    path: Path
    vendor: str
    replaced: Contents
    migrated: list[str]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _connection() -> Any:
    from django.db import connection

    if connection.vendor not in VENDOR_NAMES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection


def default_backup_path(vendor: str, now: dt.datetime | None = None) -> Path:
    """``<DATA_DIR>/backups/sokkel-<vendor>-<UTC time>.<sqlite3|dump>``; ``var/`` by default."""
    from django.conf import settings

    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.DATA_DIR) / "backups" / f"sokkel-{vendor}-{stamp}.{SUFFIXES[vendor]}"


# --- backing up ----------------------------------------------------------------------------


def _backup_sqlite(target: Path) -> None:
    """Copy the live database with SQLite's online backup API, as one self-contained file."""
    connection = _connection()
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # The live database runs in WAL mode; the copy needs no -wal file beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy the database: {error}") from error
    finally:
        copy.close()


def _backup_postgresql(target: Path) -> None:
    _run([_tool("pg_dump"), "--format=custom", f"--file={target}", *_pg_connection_args()])


_BACKUP_WRITERS: dict[str, Callable[[Path], None]] = {
    "sqlite": _backup_sqlite,
    "postgresql": _backup_postgresql,
}


def backup_database(path: Path | None = None) -> Backup:
    """Write a consistent backup of the configured database.

    The backup is written to a temporary file beside ``path`` and renamed at the end, so a
    backup that fails leaves nothing half written.

    Parameters
    ----------
    path
        The file to write (replaced if it exists); by default :func:`default_backup_path`.

    Raises
    ------
    BackupError
        The directory cannot be written to, ``pg_dump`` is missing or failed, or SQLite could
        not copy the database.
    """
    vendor = _connection().vendor
    path = path or default_backup_path(vendor)
    if path.parent.exists() and not path.parent.is_dir():
        raise BackupError(f"cannot write to {path.parent}: not a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise BackupError(f"cannot write to {path.parent}: {error.strerror}") from error
    os.close(handle)
    partial = Path(name)
    try:
        _BACKUP_WRITERS[vendor](partial)
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(path=path, vendor=vendor, size=path.stat().st_size)


# --- checking a backup ---------------------------------------------------------------------


def backup_vendor(path: Path) -> str:
    """The vendor a backup file is of (``"sqlite"`` or ``"postgresql"``), from its header.

    Raises
    ------
    BackupError
        The file does not exist, cannot be read or is neither kind of backup.
    """
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError as error:
        raise BackupError(f"{path}: no such file") from error
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror}") from error
    if header == SQLITE_HEADER:
        return "sqlite"
    if header.startswith(PG_DUMP_HEADER):
        return "postgresql"
    raise BackupError(
        f"{path} is not a Sokkel backup: neither a SQLite database nor a pg_dump archive"
    )


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _check_sqlite_backup(path: Path) -> None:
    try:
        backup = _read_only(path)
        try:
            problems = [row[0] for row in backup.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
        finally:
            backup.close()
    except sqlite3.Error as error:
        raise BackupError(f"{path} is damaged: {error}") from error
    if problems != ["ok"]:
        raise BackupError(f"{path} is damaged: {problems[0]}")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is a SQLite database, but not a Sokkel backup")


def _pg_backup_tables(path: Path) -> set[str]:
    """The tables in a pg_dump archive, from its table of contents."""
    listing = _run([_tool("pg_restore"), "--list", str(path)], what=str(path))
    # A TOC line: "215; 1259 16390 TABLE public django_migrations postgres".
    tables = {
        fields[5]
        for line in listing.splitlines()
        if not line.startswith(";")
        and len(fields := line.split()) > 5
        and fields[3] == "TABLE"
        and fields[4] != "DATA"
    }
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is a pg_dump archive, but not a Sokkel backup")
    return tables


def database_contents() -> Contents:
    """How many innovations and users the configured database holds (0 before migrating)."""
    from sokkel.innovations.models import Innovation
    from sokkel.people.models import User

    tables = set(_connection().introspection.table_names())

    def count(model: Any) -> int:
        return model.objects.count() if model._meta.db_table in tables else 0

    return Contents(innovations=count(Innovation), users=count(User))


# --- restoring -----------------------------------------------------------------------------


def _restore_sqlite(path: Path) -> None:
    """Copy the backup into the live database with the backup API, in one transaction."""
    connection = _connection()
    connection.ensure_connection()
    backup = _read_only(path)
    try:
        backup.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore {path}: {error}") from error
    finally:
        backup.close()


def _restore_postgresql(path: Path, backup_tables: set[str]) -> None:
    """Replace the database with the archive's content, in one transaction.

    ``pg_restore --clean`` drops only what the archive holds; tables the database has and
    the archive lacks (made by migrations newer than the backup) are dropped in the same
    transaction, or the archive's tables could not be dropped and migrating again would
    fail. So ``pg_restore`` writes the script and ``psql`` runs it, after those drops.
    """
    connection = _connection()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        live = connection.introspection.get_table_list(cursor)
    newer = sorted(
        info.name for info in live if info.type == "t" and info.name not in backup_tables
    )
    connection.close()  # an open session would hold locks the drops wait for
    drop = ["--command", f"DROP TABLE {', '.join(map(quote, newer))} CASCADE"] if newer else []
    with tempfile.TemporaryDirectory(prefix="sokkel-restore-") as scratch:
        script = Path(scratch) / "restore.sql"
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--file={script}",
                str(path),
            ],
            what=str(path),
        )
        _run(
            [
                _tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                *_pg_connection_args(),
                *drop,
                f"--file={script}",
            ],
            what=str(path),
        )


def restore_database(path: Path, *, replace: bool = False) -> Restore:
    """Replace the configured database with a backup, then migrate it if it is older.

    Parameters
    ----------
    path
        A file written by :func:`backup_database` (or ``pg_dump --format=custom``).
    replace
        Go ahead when the database already holds innovations or users.

    Raises
    ------
    WouldReplaceData
        The database holds data and ``replace`` is false.
    BackupError
        The file is missing, not a backup, a backup of the other vendor's database, damaged,
        or the restore failed; the database is unchanged.
    """
    connection = _connection()
    vendor = connection.vendor
    found = backup_vendor(path)
    if found != vendor:
        raise BackupError(
            f"{path} is a {VENDOR_NAMES[found]} backup, but the configured database is "
            f"{VENDOR_NAMES[vendor]}"
        )
    if vendor == "sqlite":
        _check_sqlite_backup(path)
    else:
        _tool("psql")  # missing: say so before anything else
        backup_tables = _pg_backup_tables(path)
    contents = database_contents()
    if not contents.is_empty and not replace:
        raise WouldReplaceData(path, contents)
    if vendor == "sqlite":
        _restore_sqlite(path)
    else:
        _restore_postgresql(path, backup_tables)
    connection.close()  # the next query sees the restored schema from a fresh session
    return Restore(path=path, vendor=vendor, replaced=contents, migrated=_migrate())


def _migrate() -> list[str]:
    """Apply the migrations a restored backup lacks; the ones applied."""
    from django.core.management import call_command

    from sokkel.cli.platform import unapplied_migrations

    missing = unapplied_migrations()
    if missing:
        call_command("migrate", interactive=False, verbosity=0)
    return missing


# --- PostgreSQL's client programs ----------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} not found on PATH; install PostgreSQL's client programs "
            "(e.g. apt-get install postgresql-client)"
        )
    return found


def _pg_connection_args() -> list[str]:
    database = _connection().settings_dict
    options = [("--host", database["HOST"]), ("--port", database["PORT"])]
    options += [("--username", database["USER"]), ("--dbname", database["NAME"])]
    return [f"{option}={value}" for option, value in options if value]


def _run(command: list[str], *, what: str = "") -> str:
    """Run one of PostgreSQL's client programs; its output, or its complaint as an error."""
    password = _connection().settings_dict["PASSWORD"]
    # The password reaches the child only, never its command line.
    env = {**os.environ, "PGPASSWORD": password} if password else None
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        program = Path(command[0]).name
        complaint = done.stderr.strip().splitlines()[-3:] or [f"exit status {done.returncode}"]
        where = f" on {what}" if what else ""
        raise BackupError(f"{program} failed{where}: {' '.join(complaint)}")
    return done.stdout


# --- the commands --------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:
    backup_parser = subparsers.add_parser(
        "backup",
        help="write a consistent backup of the database (safe while the site runs)",
        description=(
            "Back up the configured database: SQLite with its online backup API, PostgreSQL "
            "with pg_dump --format=custom. Written to a temporary file and renamed at the "
            "end, so a failed backup leaves nothing half written."
        ),
    )
    backup_parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="the file to write (default: var/backups/sokkel-<vendor>-<UTC time>.<suffix>)",
    )
    backup_parser.set_defaults(func=backup)

    restore_parser = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (sokkel restore FILE --yes)",
        description=(
            "Replace the configured database with a backup made by `sokkel backup`, in one "
            "transaction, then apply the migrations an older backup lacks. The file is "
            "checked first: a backup of the same kind of database, undamaged."
        ),
    )
    restore_parser.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    restore_parser.add_argument(
        "--yes", action="store_true", help="replace the data the database holds now"
    )
    restore_parser.set_defaults(func=restore)


def _size(size: float) -> str:
    """``1234567`` → ``1.2 MB`` (SI units)."""
    units = ["bytes", "kB", "MB", "GB", "TB"]
    while size >= 1000 and len(units) > 1:
        size /= 1000
        units.pop(0)
    return f"{size:.0f} bytes" if units[0] == "bytes" else f"{size:.1f} {units[0]}"


def backup(args: argparse.Namespace) -> int:
    """Back up the database and print where to, and how large."""
    from sokkel.cli.platform import setup_django

    setup_django()
    try:
        made = backup_database(args.file)
    except BackupError as error:
        print(f"sokkel backup: {error}", file=sys.stderr)
        return 2
    print(f"Backed up the {VENDOR_NAMES[made.vendor]} database to {made.path} ({_size(made.size)})")
    return 0


def restore(args: argparse.Namespace) -> int:
    """Restore a backup; without ``--yes`` only into a database that holds no data."""
    from sokkel.cli.platform import setup_django

    setup_django()
    try:
        done = restore_database(args.file, replace=args.yes)
    except WouldReplaceData as error:
        print(f"sokkel restore: {error}; add --yes to go ahead", file=sys.stderr)
        return 2
    except BackupError as error:
        print(f"sokkel restore: {error}", file=sys.stderr)
        return 2
    print(f"Restored {done.path} into the {VENDOR_NAMES[done.vendor]} database", end="")
    print(f" (it held {done.replaced})." if not done.replaced.is_empty else ".")
    if done.migrated:
        print(
            f"The backup's schema was older: applied {_count(len(done.migrated), 'migration')} "
            f"({', '.join(done.migrated)})."
        )
    return 0
