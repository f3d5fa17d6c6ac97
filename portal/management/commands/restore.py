"""Restore a backup archive into an empty database and file area, and check it."""

from pathlib import Path

import dj_database_url
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from portal.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an EMPTY database and file area, then compare "
        "every table's row count and every file's SHA-256 with the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive written by `backup`")
        parser.add_argument("--database", default="default", help="Database alias to restore to")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead (e.g. a scratch database for a restore drill)",
        )
        parser.add_argument(
            "--files-dir",
            type=Path,
            help="Restore the files into this directory instead of the default storage",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the tables and files already there (the target is normally refused "
            "unless it is empty)",
        )

    def handle(self, *args, archive, database, database_url, files_dir, force, **options):
        if database_url:
            target = dj_database_url.parse(database_url)
        else:
            target = connections[database].settings_dict
            # The restore replaces the database under Django's feet: let go of it first.
            connections.close_all()
        storage = FileSystemStorage(location=files_dir) if files_dir else default_storage
        try:
            report = backup_restore(
                archive_path=archive, database=target, storage=storage, force=force
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        width = max((len(line.name) for line in report.comparisons), default=10)
        self.stdout.write(f"{'':6} {'name':{width}}  {'in archive':>20}  {'restored':>20}")
        for line in report.comparisons:
            expected, found = line.expected, line.found
            if line.kind == "file":
                expected = (expected or "–")[:16]
                found = (found or "missing")[:16]
            mark = "ok" if line.ok else "DIFFERS"
            self.stdout.write(
                f"{line.kind:6} {line.name:{width}}  {expected!s:>20}  {found!s:>20}  {mark}"
            )
        tables = sum(1 for line in report.comparisons if line.kind == "table")
        files = sum(1 for line in report.comparisons if line.kind == "file")
        if not report.ok:
            raise CommandError(
                f"The restore does not match the archive: {len(report.mismatches)} of "
                f"{len(report.comparisons)} checks differ."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and checked: {tables} tables and {files} files match the manifest."
            )
        )
