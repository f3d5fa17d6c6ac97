"""Excel export and import, and the PDF: real files, reopened and read back."""

import io
import os
import shutil
import subprocess
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from portal.models import AuditEntry, PendingImport
from portal.staged_imports import PENDING_IMPORT_VALID, pending_import_confirm
from stakeholders import excel, services
from stakeholders.models import Stakeholder

from .conftest import row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def _export(client, analysis_world) -> bytes:
    response = client.get(analysis_world.url("stakeholder_export_xlsx"))
    assert response.status_code == 200
    return response.content


def _upload(client, analysis_world, content: bytes, name: str = "analys.xlsx"):
    return client.post(
        analysis_world.url("stakeholder_import"),
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
    )


def _edited(content: bytes, edit) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _snapshot():
    return list(Stakeholder.objects.order_by("pk").values())


def test_export_is_one_sheet_with_drop_downs_and_neutralised_text(client, analysis_world):
    world = analysis_world.world
    first = analysis_world.rows()[0]
    services.stakeholder_update(
        stakeholder=first, by=world.participant_a, key_message='=HYPERLINK("http://x")'
    )
    client.force_login(world.participant_a)
    workbook = load_workbook(io.BytesIO(_export(client, analysis_world)))
    assert len(workbook.sheetnames) == 1
    ws = workbook.active
    assert ws.cell(excel.CODE_ROW, excel.VALUE_COLUMN).value == world.org_a.code
    headers = [ws.cell(excel.HEADER_ROW, c).value for c in range(1, len(excel.COLUMNS) + 1)]
    assert headers[:3] == ["ID", "Stakeholder", "Category"]
    names = [ws.cell(r, 2).value for r in range(excel.FIRST_ROW, excel.FIRST_ROW + 3)]
    assert names == ["Kommunstyrelsen", "Lokala medier", "Föreningar i Öjebyn"]
    assert ws.cell(excel.FIRST_ROW, excel.column_of("category")).value == "Politicians"
    assert ws.cell(excel.FIRST_ROW, excel.column_of("owner")).value == "a@example.org"
    message = ws.cell(excel.FIRST_ROW, excel.column_of("key_message"))
    assert message.value == '=HYPERLINK("http://x")'
    assert message.data_type == "s" and message.quotePrefix
    validations = {
        str(v.sqref).split(":")[0]: (v.type, v.formula1) for v in ws.data_validations.dataValidation
    }
    category_cell = f"C{excel.FIRST_ROW}"
    assert validations[category_cell][0] == "list"
    assert (
        "Politicians" in validations[category_cell][1] and "Media" in validations[category_cell][1]
    )
    assert validations[f"F{excel.FIRST_ROW}"] == ("whole", "1")
    assert "a@example.org" in validations[f"N{excel.FIRST_ROW}"][1]
    assert {f"H{excel.FIRST_ROW}", f"I{excel.FIRST_ROW}", f"D{excel.FIRST_ROW}"} <= set(validations)


def test_export_then_import_unchanged_gives_zero_changes(client, analysis_world):
    client.force_login(analysis_world.world.participant_a)
    before = _snapshot()
    response = _upload(client, analysis_world, _export(client, analysis_world))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert 'data-change-count="0"' in preview.content.decode()
    pending = PendingImport.objects.get()
    result = pending_import_confirm(pending=pending, by=analysis_world.world.participant_a)
    assert result.count == 0
    assert _snapshot() == before


def test_text_that_starts_with_an_equals_sign_comes_back_as_text(client, analysis_world):
    # Free text is written as quoted text; only a value column refuses text starting with =.
    world = analysis_world.world
    first = analysis_world.rows()[0]
    services.stakeholder_update(
        stakeholder=first, by=world.participant_a, key_message='=HYPERLINK("http://x")'
    )
    client.force_login(world.participant_a)
    response = _upload(client, analysis_world, _export(client, analysis_world))
    assert response.status_code == 302
    assert 'data-change-count="0"' in client.get(response["Location"]).content.decode()


def test_import_previews_then_confirms_added_changed_and_removed(client, analysis_world):
    client.force_login(analysis_world.world.participant_a)
    content = _export(client, analysis_world)

    def edit(ws):
        ws.cell(excel.FIRST_ROW + 1, excel.column_of("interest")).value = 3  # Lokala medier
        ws.delete_rows(excel.FIRST_ROW + 2)  # Föreningar i Öjebyn
        new = excel.FIRST_ROW + 2
        for name, value in {
            "name": "Ungdomsrådet",
            "category": "Residents and users",
            "placement": "External",
            "influence": 1,
            "interest": 3,
            "attitude": "Positive",
            "role": "Take part",
            "owner": "A@example.org",
        }.items():
            ws.cell(new, excel.column_of(name)).value = value

    response = _upload(client, analysis_world, _edited(content, edit))
    assert response.status_code == 302
    assert Stakeholder.objects.count() == 3  # nothing changed before the confirmation
    body = client.get(response["Location"]).content.decode()
    assert 'data-change-count="3"' in body
    assert "Ungdomsrådet" in body and "Föreningar i Öjebyn" in body and "Lokala medier" in body
    response = client.post(response["Location"], {"action": "confirm"})
    assert response.status_code == 302
    rows = analysis_world.rows()
    assert [r.name for r in rows] == ["Kommunstyrelsen", "Lokala medier", "Ungdomsrådet"]
    assert rows[1].interest == 3 and rows[2].owner == analysis_world.world.participant_a
    assert not PendingImport.objects.exists()


def _prepared(analysis_world, content: bytes):
    return services.analysis_import_prepare(
        version=analysis_world.version,
        content=content,
        filename="analys.xlsx",
        by=analysis_world.world.participant_a,
    )


def test_a_stakeholder_preview_expires_like_every_staged_import(client, analysis_world):
    # Stakeholder previews used to wait forever; every staged import now expires after 2 h.
    client.force_login(analysis_world.world.participant_a)
    content = _sheet_with(client, analysis_world, "interest", 3)
    pending = _prepared(analysis_world, content)
    assert pending.expires_at == pending.created_at + PENDING_IMPORT_VALID
    before = _snapshot()
    later = timezone.now() + PENDING_IMPORT_VALID
    with time_machine.travel(later, tick=False):
        with pytest.raises(ValidationError, match="expired"):
            pending_import_confirm(pending=pending, by=analysis_world.world.participant_a)
        preview = reverse("stakeholder_import_preview", args=[pending.token])
        response = client.post(preview, {"action": "confirm"}, follow=True)
    assert response.redirect_chain[-1][0] == analysis_world.url("stakeholder_import")
    assert "The preview has expired" in response.content.decode()
    assert _snapshot() == before


def test_an_analysis_changed_since_the_preview_is_not_imported(client, analysis_world):
    world = analysis_world.world
    client.force_login(world.participant_a)
    pending = _prepared(analysis_world, _sheet_with(client, analysis_world, "interest", 3))
    services.stakeholder_update(
        stakeholder=analysis_world.rows()[0], by=world.participant_a, channel="Nyhetsbrev"
    )
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        pending_import_confirm(pending=pending, by=world.participant_a)
    assert refused.value.code == "stale"
    assert _snapshot() == before


def test_preparing_and_discarding_a_stakeholder_import_are_audited(client, analysis_world):
    client.force_login(analysis_world.world.participant_a)
    pending = _prepared(analysis_world, _export(client, analysis_world))
    response = client.post(
        reverse("stakeholder_import_preview", args=[pending.token]), {"action": "cancel"}
    )
    assert response.status_code == 302 and not PendingImport.objects.exists()
    entries = {
        entry.action: entry
        for entry in AuditEntry.objects.filter(action__startswith="stakeholders.import_")
    }
    assert set(entries) == {"stakeholders.import_prepare", "stakeholders.import_discard"}
    discard = entries["stakeholders.import_discard"]
    assert discard.actor == analysis_world.world.participant_a
    assert discard.object_type == "stakeholders.analysisversion"
    assert discard.object_id == str(analysis_world.version.pk)
    assert discard.after == {"filename": "analys.xlsx"}


def _sheet_with(client, analysis_world, column: str, value) -> bytes:
    def edit(ws):
        ws.cell(excel.FIRST_ROW + 1, excel.column_of(column)).value = value

    return _edited(_export(client, analysis_world), edit)


def _formula_sheet(client, analysis_world) -> bytes:
    return _sheet_with(client, analysis_world, "influence", "=1+1")


def _oversized_sheet(client, analysis_world) -> bytes:
    def edit(ws):
        ws.cell(20000, 2).value = "Långt ner"

    return _edited(_export(client, analysis_world), edit)


def _nameless_row(client, analysis_world) -> bytes:
    return _sheet_with(client, analysis_world, "name", None)


def _other_org_owner(client, analysis_world) -> bytes:
    return _sheet_with(client, analysis_world, "owner", "b@example.org")


def _empty_workbook(client, analysis_world) -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda c, w: _sheet_with(c, w, "influence", 4), "Row 7: Influence must be a whole number"),
        (lambda c, w: _sheet_with(c, w, "interest", 0), "Row 7: Interest must be a whole number"),
        (lambda c, w: _sheet_with(c, w, "category", "Utomjordingar"), "Row 7: Category"),
        (_other_org_owner, "Row 7: the owner b@example.org is not a member"),
        (_nameless_row, "Row 7: the row has no stakeholder name"),
        (lambda c, w: b"name;category\nKommunstyrelsen;x\n", "not an Excel workbook"),
        (lambda c, w: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old-format Excel file"),
        (lambda c, w: b"", "The submitted file is empty"),
        (_formula_sheet, "Row 7: Influence holds a formula (=1+1)"),
        (_oversized_sheet, "The sheet has 20000 rows"),
        (_empty_workbook, "organisation with code"),
    ],
)
def test_bad_workbooks_are_refused_by_row_and_nothing_is_saved(
    client, analysis_world, make, message
):
    client.force_login(analysis_world.world.participant_a)
    content = make(client, analysis_world)
    before = _snapshot()
    response = _upload(client, analysis_world, content)
    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert message in body
    assert _snapshot() == before and not PendingImport.objects.exists()


def test_a_zip_bomb_member_is_refused_before_openpyxl_reads_it(client, analysis_world):
    client.force_login(analysis_world.world.participant_a)
    content = _export(client, analysis_world)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/padding.xml", b" " * (excel.MAX_UNCOMPRESSED_MEMBER_BYTES + 1))
    response = _upload(client, analysis_world, buffer.getvalue())
    assert response.status_code == 400 and "far more data" in response.content.decode()


def test_the_mentor_cannot_import(client, analysis_world):
    client.force_login(analysis_world.world.mentor)
    assert client.get(analysis_world.url("stakeholder_import")).status_code == 404


@pytest.mark.skipif(
    not shutil.which("pdftotext") and not os.environ.get("CI"),
    reason="needs poppler-utils (pdftotext); `make test` installs it and CI always has it",
)
def test_the_pdf_opens_and_names_every_stakeholder(client, analysis_world, tmp_path):
    world = analysis_world.world
    services.stakeholder_add(
        version=analysis_world.version,
        by=world.participant_a,
        **row("Äldreomsorgens brukarråd", influence=1, interest=3),
    )
    client.force_login(world.mentor)
    response = client.get(analysis_world.url("stakeholder_export_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "analys.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Pages:" in info.stdout
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # names wrapped inside a table cell
    for name in [r.name for r in analysis_world.rows()]:
        assert name in text, name
    assert "Manage closely" in text and "Boden" in text
