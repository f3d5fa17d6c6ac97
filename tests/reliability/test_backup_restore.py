"""Backup and restore: `manage.py backup` writes one archive with the database and the stored
files; `manage.py restore` puts it into an EMPTY database and file area and checks every table's
row count and every file's SHA-256 against the manifest.

On PostgreSQL (CI) the restore goes into a separate database created for the test and dropped
afterwards; on SQLite into a new database file. The restored data is then read back directly
(psycopg / sqlite3, not through the code under test) and compared with the source."""

import hashlib
import io
import json
import os
import sqlite3
import tarfile
from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from meetings import services as meeting_services
from meetings.models import EvaluationResponse, Material, Presentation
from portal.models import AuditEntry, GeneratedFile, Membership, User
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_targets = count(1)


@pytest.fixture
def files(settings, tmp_path):
    location = tmp_path / "files"
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        }
    }
    return location


@pytest.fixture
def portal_data(files):
    """A cohort with a meeting, two uploaded presentations, a material with a Swedish file
    name, a generated file and evaluation answers: rows in many tables and real files."""
    world = factories.world()
    meeting = factories.norr_bm1_meeting(
        world,
        datetime(2027, 4, 1, 9, 30, tzinfo=STOCKHOLM),
        ends=datetime(2027, 4, 1, 16, 0, tzinfo=STOCKHOLM),
    )
    for person, org in ((world.participant_a, world.org_a), (world.participant_b, world.org_b)):
        meeting_services.presentation_upload(
            meeting=meeting,
            organisation=org,
            uploaded=SimpleUploadedFile(f"{org.code}.pdf", b"%PDF-1.4 " + os.urandom(4096)),
            by=person,
            now=datetime(2027, 3, 1, 10, 0, tzinfo=STOCKHOLM),
        )
        meeting_services.evaluation_submit(
            meeting=meeting,
            by=person,
            overall=4,
            usefulness=4,
            arrangements=5,
            comment="Bra dag",
            now=meeting.ends_at + timedelta(hours=2),
        )
    Material.objects.create(
        meeting=meeting,
        title="Program",
        file=ContentFile("Välkommen till Luleå".encode(), name="program-åäö.txt"),
    )
    generated = GeneratedFile.objects.create(
        kind="meeting_template", fingerprint="backup-test", status=GeneratedFile.Status.READY
    )
    generated.file.save("mall.pptx", ContentFile(os.urandom(2048)))
    return world


def _fresh_target(tmp_path):
    """A new, empty database of the same kind as the test database: (url, reader, cleanup)."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / f"restored-{next(_targets)}.sqlite3"

        def read(sql):
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        return f"sqlite:///{path}", read, lambda: None

    import psycopg

    params = {
        "user": source.get("USER") or None,
        "password": source.get("PASSWORD") or None,
        "host": source.get("HOST") or None,
        "port": source.get("PORT") or None,
    }
    name = f"{source['NAME']}_restore_{os.getpid()}_{next(_targets)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def read(sql):
        with psycopg.connect(dbname=name, **params) as db:
            return db.execute(sql).fetchall()

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user = f"{source.get('USER') or ''}" + (
        f":{source['PASSWORD']}" if source.get("PASSWORD") else ""
    )
    host = f"{source.get('HOST') or 'localhost'}:{source.get('PORT') or 5432}"
    return f"postgres://{user}@{host}/{name}", read, drop


@pytest.fixture
def targets(tmp_path):
    made = []

    def make():
        target = _fresh_target(tmp_path)
        made.append(target)
        return target

    yield make
    for _url, _read, drop in made:
        drop()


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_into_an_empty_database_matches_row_counts_and_checksums(
    portal_data, files, tmp_path, targets
):
    archive = tmp_path / "backup.tar"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Backup written to" in out.getvalue()

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    dump = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert dump in names and manifest["database"]["dump"] == dump
    # The manifest counts what the source holds, table by table, and every stored file.
    assert manifest["tables"]["portal_user"] == User.objects.count() == 8
    assert manifest["tables"]["meetings_presentation"] == 2
    assert manifest["tables"]["portal_membership"] == Membership.objects.count()
    source_files = sorted(
        str(path.relative_to(files)) for path in files.rglob("*") if path.is_file()
    )
    assert sorted(manifest["files"]) == source_files and len(source_files) == 4
    for presentation in Presentation.objects.all():
        assert manifest["files"][presentation.file.name]["sha256"] == presentation.sha256
        assert f"files/{presentation.file.name}" in names

    url, read, _drop = targets()
    restored_files = tmp_path / "restored-files"
    report = io.StringIO()
    call_command(
        "restore",
        str(archive),
        database_url=url,
        files_dir=str(restored_files),
        stdout=report,
    )
    text = report.getvalue()
    assert "DIFFERS" not in text
    assert f"{len(manifest['tables'])} tables and 4 files match the manifest" in text
    assert "portal_user" in text and "meetings_presentation" in text

    # Read the restored database directly and compare with the source.
    assert read("SELECT email FROM portal_user ORDER BY email") == [
        (email,) for email in User.objects.order_by("email").values_list("email", flat=True)
    ]
    for table, model in (
        ("meetings_presentation", Presentation),
        ("meetings_evaluationresponse", EvaluationResponse),
        ("portal_auditentry", AuditEntry),
        ("portal_membership", Membership),
    ):
        assert read(f"SELECT COUNT(*) FROM {table}") == [(model.objects.count(),)], table  # noqa: S608
    assert read("SELECT sha256 FROM meetings_presentation ORDER BY sha256") == [
        (sha,) for sha in Presentation.objects.order_by("sha256").values_list("sha256", flat=True)
    ]
    # Every file is back, byte for byte.
    for name in source_files:
        assert _sha256(restored_files / name) == _sha256(files / name), name
    material = Material.objects.get()
    assert (restored_files / material.file.name).read_text() == "Välkommen till Luleå"


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(
    portal_data, files, tmp_path, targets
):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    url, read, _drop = targets()
    call_command(
        "restore",
        str(archive),
        database_url=url,
        files_dir=str(tmp_path / "r"),
        stdout=io.StringIO(),
    )
    User.objects.create_user(email="ny@example.org")  # the source moves on; the target does not
    users_before = read("SELECT COUNT(*) FROM portal_user")

    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command(
            "restore",
            str(archive),
            database_url=url,
            files_dir=str(tmp_path / "r2"),
            stdout=io.StringIO(),
        )
    assert read("SELECT COUNT(*) FROM portal_user") == users_before
    assert not (tmp_path / "r2").exists() or not any((tmp_path / "r2").iterdir())

    # The live database (the default one) is never overwritten by accident either.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert User.objects.filter(email="ny@example.org").exists()


def test_restore_reports_a_difference_from_the_manifest(portal_data, files, tmp_path, targets):
    """The check is real: an archive whose manifest disagrees with its content fails the
    restore with the differing lines shown."""
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["tables"]["portal_user"] += 1
                first_file = sorted(manifest["files"])[0]
                manifest["files"][first_file]["sha256"] = "0" * 64
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    url, _read, _drop = targets()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 of .* checks differ"):
        call_command(
            "restore", str(tampered), database_url=url, files_dir=str(tmp_path / "r"), stdout=out
        )
    differing = [line for line in out.getvalue().splitlines() if "DIFFERS" in line]
    assert len(differing) == 2
    assert any("portal_user" in line for line in differing)
    assert any(first_file in line for line in differing)


def test_an_archive_with_an_unsafe_file_name_is_refused(portal_data, files, tmp_path, targets):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive, "a") as tar:
        evil = tarfile.TarInfo("files/../../escaped.txt")
        evil.size = 4
        tar.addfile(evil, io.BytesIO(b"evil"))
    url, _read, _drop = targets()
    with pytest.raises(CommandError, match="unsafe file name"):
        call_command(
            "restore",
            str(archive),
            database_url=url,
            files_dir=str(tmp_path / "r" / "deep"),
            stdout=io.StringIO(),
        )
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "r" / "escaped.txt").exists()
