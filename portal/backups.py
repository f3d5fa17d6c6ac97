"""Back up and restore the database and the stored files together, as one archive.

The archive is a plain tar file:

    manifest.json      what the archive holds: the database vendor, the row count of every
                       table and the size and SHA-256 of every stored file
    database.pgdump    PostgreSQL: pg_dump's custom format (restored with pg_restore)
    database.sqlite3   SQLite: a copy made with SQLite's online backup API
    files/...          every file of the default storage, under its storage name

The row counts are taken from the same snapshot as the dump (PostgreSQL: an exported snapshot
shared with pg_dump; SQLite: the copy itself), so a restore can be checked against them
exactly. A restore goes into an empty database and an empty file area only, unless forced,
and ends by comparing row counts and checksums with the manifest.

The functions take a database settings dict (a DATABASES entry) rather than a connection
alias, so a restore drill can target a scratch database without touching the live one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import psycopg
from django.core.files.base import File
from django.core.files.storage import Storage
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why in plain words."""


@dataclass
class Comparison:
    """One line of a restore's check: what the manifest says against what was found."""

    kind: str  # "table" or "file"
    name: str
    expected: Any
    found: Any

    @property
    def ok(self) -> bool:
        return self.expected == self.found


@dataclass
class RestoreReport:
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def mismatches(self) -> list[Comparison]:
        return [line for line in self.comparisons if not line.ok]

    @property
    def ok(self) -> bool:
        return not self.mismatches


# --- Databases ---------------------------------------------------------------------------


def vendor_of(database: dict) -> str:
    engine = database["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _pg_environment(database: dict) -> dict[str, str]:
    """libpq's variables for pg_dump/pg_restore, so no password is ever on a command line."""
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _pg_connect(database: dict, **options):
    return psycopg.connect(
        dbname=database["NAME"],
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        **options,
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in rows]


def _count_rows(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - quoted name
        counts[table] = cursor.fetchone()[0]
    return counts


def database_row_counts(database: dict) -> dict[str, int]:
    """The row count of every table of a database (empty when it has no tables)."""
    if vendor_of(database) == "postgresql":
        with _pg_connect(database) as connection, connection.cursor() as cursor:
            return _count_rows(cursor, _pg_tables(cursor))
    path = database["NAME"]
    if not Path(path).exists():
        return {}
    connection = sqlite3.connect(path)
    try:
        return _count_rows(connection.cursor(), _sqlite_tables(connection))
    finally:
        connection.close()


def _dump_postgresql(database: dict, target: Path) -> dict[str, int]:
    """pg_dump in custom format, and the row counts of the very snapshot it dumped."""
    with _pg_connect(database) as connection:
        connection.isolation_level = 3  # REPEATABLE READ: one snapshot for counts and dump
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_rows(cursor, _pg_tables(cursor))
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                database,
            )
        connection.rollback()
    return counts


def _dump_sqlite(database: dict, target: Path) -> dict[str, int]:
    source = sqlite3.connect(database["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        return _count_rows(copy.cursor(), _sqlite_tables(copy))
    finally:
        copy.close()
        source.close()


def _run(command: list[str], database: dict) -> None:
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            command, env=_pg_environment(database), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} was not found: install PostgreSQL's client tools."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


# --- Files -------------------------------------------------------------------------------


def storage_names(storage: Storage, directory: str = "") -> list[str]:
    """Every file name in a storage, found by walking its directories."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}/{name}" if directory else name for name in files]
    for sub in directories:
        names.extend(storage_names(storage, f"{directory}/{sub}" if directory else sub))
    return sorted(names)


def _sha256(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def storage_checksums(storage: Storage) -> dict[str, dict[str, Any]]:
    checksums = {}
    for name in storage_names(storage):
        with storage.open(name, "rb") as stream:
            sha256, size = _sha256(stream)
        checksums[name] = {"sha256": sha256, "size": size}
    return checksums


# --- Backup ------------------------------------------------------------------------------


def backup_create(*, destination: Path, database: dict, storage: Storage) -> dict[str, Any]:
    """Write one archive with the database dump, every stored file and the manifest.

    Written to a temporary name beside the destination and renamed at the end, so a failed or
    interrupted backup never leaves a half archive under the real name."""
    vendor = vendor_of(database)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        counts = (_dump_postgresql if vendor == "postgresql" else _dump_sqlite)(database, dump)
        partial = destination.with_name(destination.name + ".partial")
        files: dict[str, dict[str, Any]] = {}
        try:
            with tarfile.open(partial, "w") as archive:
                archive.add(dump, arcname=dump.name)
                for name in storage_names(storage):
                    with storage.open(name, "rb") as stream:
                        sha256, size = _sha256(stream)
                        stream.seek(0)
                        member = tarfile.TarInfo(FILES_PREFIX + name)
                        member.size = size
                        member.mtime = int(timezone.now().timestamp())
                        archive.addfile(member, stream)
                    files[name] = {"sha256": sha256, "size": size}
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "database": {"vendor": vendor, "dump": dump.name},
                    "tables": counts,
                    "files": files,
                }
                payload = json.dumps(manifest, indent=2, sort_keys=True).encode()
                member = tarfile.TarInfo(MANIFEST)
                member.size = len(payload)
                member.mtime = int(timezone.now().timestamp())
                archive.addfile(member, io.BytesIO(payload))
            partial.replace(destination)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# --- Restore -----------------------------------------------------------------------------


def manifest_read(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        stream = archive.extractfile(MANIFEST)
    except KeyError as exc:
        raise BackupError("The archive has no manifest.json: it is not a portal backup.") from exc
    manifest = json.load(stream)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds an unsafe file name: {name!r}.")
    return str(path)


def backup_restore(
    *, archive_path: Path, database: dict, storage: Storage, force: bool = False
) -> RestoreReport:
    """Restore an archive into an empty database and file area, then check it.

    Refuses a database that has any table, or a storage that holds any file, unless forced
    (then the database's tables are dropped first and stored files of the same name are
    replaced). Returns the comparison of row counts and checksums with the manifest."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path}: no such file.")
    vendor = vendor_of(database)
    with tarfile.open(archive_path, "r") as archive:
        manifest = manifest_read(archive)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"The archive holds a {manifest['database']['vendor']} database; "
                f"the target is {vendor}."
            )
        file_members = [
            (_safe_name(member.name[len(FILES_PREFIX) :]), member)
            for member in archive.getmembers()
            if member.isfile() and member.name.startswith(FILES_PREFIX)
        ]
        existing_tables = database_row_counts(database)
        existing_files = storage_names(storage)
        if (existing_tables or existing_files) and not force:
            raise BackupError(
                "The target is not empty "
                f"({len(existing_tables)} tables, {len(existing_files)} stored files). "
                "Restore into an empty database and file area, or use --force to replace "
                "what is there."
            )
        with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
            dump_name = manifest["database"]["dump"]
            try:
                archive.extract(dump_name, work, filter="data")
            except KeyError as exc:
                raise BackupError(f"The archive has no {dump_name}.") from exc
            dump = Path(work) / dump_name
            if vendor == "postgresql":
                _restore_postgresql(dump, database, drop_first=bool(existing_tables))
            else:
                _restore_sqlite(dump, database)
        for name, member in file_members:
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"The storage stored {name!r} as {saved!r}.")
    return backup_verify(manifest=manifest, database=database, storage=storage)


def _restore_postgresql(dump: Path, database: dict, *, drop_first: bool) -> None:
    if drop_first:
        with _pg_connect(database, autocommit=True) as connection, connection.cursor() as cursor:
            for table in _pg_tables(cursor):
                cursor.execute(f"DROP TABLE IF EXISTS {_quote(table)} CASCADE")
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        database,
    )


def _restore_sqlite(dump: Path, database: dict) -> None:
    """Copy the archived database over the target with the backup API: page by page, as one
    unit, so the target is never a mix of old and new."""
    Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    target = sqlite3.connect(database["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def backup_verify(*, manifest: dict, database: dict, storage: Storage) -> RestoreReport:
    """Compare a database and storage with a manifest: every table's rows, every file's hash."""
    report = RestoreReport()
    counts = database_row_counts(database)
    for table in sorted(set(manifest["tables"]) | set(counts)):
        report.comparisons.append(
            Comparison("table", table, manifest["tables"].get(table), counts.get(table))
        )
    found = storage_checksums(storage)
    for name, expected in sorted(manifest["files"].items()):
        actual = found.get(name)
        report.comparisons.append(
            Comparison("file", name, expected["sha256"], actual["sha256"] if actual else None)
        )
    return report
