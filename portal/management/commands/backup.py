"""Back up the database and the stored files together, into one archive."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from portal.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (.tar) with a database dump, every stored file and a manifest of row "
        "counts and SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            type=Path,
            help="The archive to write, or a directory for a dated name "
            "(default: the current directory)",
        )
        parser.add_argument("--database", default="default", help="Database alias to back up")

    def handle(self, *args, destination, database, **options):
        name = f"portal-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
        destination = destination or Path.cwd()
        if destination.is_dir():
            destination = destination / name
        try:
            manifest = backup_create(
                destination=destination,
                database=connections[database].settings_dict,
                storage=default_storage,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {destination}: {len(manifest['tables'])} tables, "
                f"{rows} rows, {len(manifest['files'])} files."
            )
        )
