"""Load Kolada's JSON answers from files (offline), or fetch the KPIs in use from the API."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.keyfigures.client import KoladaError
from portal.keyfigures.imports import (
    key_figure_values_import,
    key_figures_refresh,
    kolada_json_load,
)
from portal.models import KoladaImport


class Command(BaseCommand):
    help = "Import key figures from Kolada JSON files (v3 shape), or fetch them with --fetch."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="Kolada JSON files")
        parser.add_argument(
            "--fetch", action="store_true", help="Fetch the KPIs in use from Kolada's API"
        )

    def handle(self, *args, files, fetch, **options):
        if not files and not fetch:
            raise CommandError("Give one or more Kolada JSON files, or --fetch.")
        results = []
        try:
            for path in files:
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
                results.append(
                    (
                        path.name,
                        key_figure_values_import(
                            payload=kolada_json_load(path.read_bytes()),
                            source=KoladaImport.Source.COMMAND,
                            filename=path.name,
                        ),
                    )
                )
            if fetch:
                results.append(("Kolada API", key_figures_refresh()))
        except ValidationError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(error.messages)) from error
        except KoladaError as error:
            raise CommandError(f"Kolada could not be reached: {error}") from error
        for name, result in results:
            if result is None:
                self.stdout.write(f"{name}: no key figures are in use")
                continue
            self.stdout.write(
                f"{name}: {result.created} new, {result.revised} revised, "
                f"{result.unchanged} unchanged, {result.deleted} deleted"
            )
            if result.ignored_codes:
                self.stdout.write(
                    f"{name}: ignored codes not enrolled: {', '.join(result.ignored_codes)}"
                )
