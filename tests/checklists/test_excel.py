"""The Excel round trip: export, import back, every kind of bad input, and safe exports."""

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from checklists import selectors, services
from checklists.documents import build_assessment_workbook_xlsx
from checklists.excel import WorkbookInvalid
from checklists.models import Assessment, ItemScore, Occasion
from portal.models import AuditEntry, Enrolment, PendingImport
from portal.staged_imports import (
    pending_import_changes,
    pending_import_confirm,
    pending_import_discard,
)

from .conftest import fill, start

pytestmark = pytest.mark.django_db

RISKY = {
    1: '=HYPERLINK("http://evil.example","klicka")',
    2: "+46 70 123 45 67",
    3: "-minus först",
    4: "@SUM(A1)",
    5: "\tTabb först",
}


@pytest.fixture
def filled(cohort_world, checklist):
    world = cohort_world
    bm1 = start(world)
    fill(bm1, [1, 2, 2, 1, 3, 2, 1, 1, 2, 1], world.participant_a, comments=RISKY)
    bm2 = start(world, occasion=Occasion.BM2)
    fill(bm2, [2, 2, 3, 2, 3, 2, 2, 1, 2, 1], world.participant_a, comments={6: "Bättre"})
    return world


def enrolment_of(world):
    return Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort)


def export(world) -> bytes:
    return build_assessment_workbook_xlsx(selectors.workbook_data(enrolment_of(world)))


def edited(content: bytes, edit) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def prepare(world, content: bytes, name: str = "checklista.xlsx"):
    return services.assessment_import_prepare(
        organisation=world.org_a,
        cohort=world.cohort,
        content=content,
        filename=name,
        by=world.participant_a,
    )


def problems_of(world, content: bytes) -> list[str]:
    with translation.override("en"), pytest.raises(WorkbookInvalid) as refused:
        prepare(world, content)
    return [str(problem) for problem in refused.value.problems]


def snapshot():
    return sorted(
        ItemScore.objects.values_list(
            "assessment__occasion", "item__number", "score", "comment", "revision"
        )
    )


def test_the_workbook_is_laid_out_like_the_checklist(filled):
    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(export(filled)))
    assert workbook.sheetnames == ["BM1", "BM2", "BM3", "Resultatkonferens"]
    ws = workbook["BM1"]
    assert ws["B2"].value == "Boden" and ws["B3"].value == "2582"
    assert ws["A5"].value == "Date" and ws["A2"].value == "Organisation"
    assert [ws.cell(row=r, column=9).value for r in (2, 3, 4)] == [
        "Not started",
        "Needs development",
        "In place",
    ]
    assert [ws.cell(row=r, column=5).value for r in range(8, 18)] == [1, 2, 2, 1, 3, 2, 1, 1, 2, 1]
    assert ws["C8"].value == "Political decision"
    assert ws["D18"].value == "Total score" and ws["E18"].value == "=SUM(E8:E17)"
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"1,2,3"'
    assert str(validation.sqref) == "E8:E17"
    assert workbook["BM3"]["E8"].value is None


def test_comments_that_look_like_formulas_are_exported_as_text(filled):
    workbook = load_workbook(io.BytesIO(export(filled)))
    ws = workbook["BM1"]
    for number, text in RISKY.items():
        cell = ws.cell(row=7 + number, column=6)
        assert cell.data_type == "s" and cell.value == text.strip()
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@"))
    # And nothing in the raw sheet XML is a formula except the sum.
    with zipfile.ZipFile(io.BytesIO(export(filled))) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert xml.count("<f>") == 1 and "SUM(E8:E17)" in xml


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1+1", "\r=1+1"])
def test_every_formula_trigger_is_written_as_text(text):
    from openpyxl import Workbook

    from portal.workbook_layout import put_cell

    workbook = Workbook()
    put_cell(workbook.active, 1, 1, text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True)


def test_a_workbook_exported_and_imported_back_unchanged_gives_zero_changes(filled):
    before = snapshot()
    pending = prepare(filled, export(filled))
    assert pending.payload == []
    assert pending_import_confirm(pending=pending, by=filled.participant_a) == 0
    assert snapshot() == before


def test_edited_scores_import_exactly_those_changes(filled):
    def edit(workbook):
        workbook["BM1"]["E9"] = 3  # item 2: 2 → 3
        workbook["BM1"]["F12"] = "Nytt mål i budgeten"  # item 5 comment
        workbook["BM3"]["E10"] = 2  # item 3 at BM3, not started before

    pending = prepare(filled, edited(export(filled), edit))
    changes = [
        (c.occasion, c.number, c.old_score, c.new_score, c.new_comment)
        for c in pending_import_changes(pending)
    ]
    assert changes == [
        ("BM1", 2, 2, 3, RISKY[2]),
        ("BM1", 5, 3, 3, "Nytt mål i budgeten"),
        ("BM3", 3, None, 2, ""),
    ]
    assert pending_import_confirm(pending=pending, by=filled.participant_a) == 3
    assert ItemScore.objects.get(assessment__occasion="BM1", item__number=2).score == 3
    assert Assessment.objects.get(occasion="BM3").scores.get().score == 2
    assert AuditEntry.objects.filter(action="assessment.import").count() == 3
    assert not PendingImport.objects.exists()


def test_confirm_refuses_items_changed_since_the_preview(filled):
    pending = prepare(filled, edited(export(filled), lambda wb: wb["BM1"].__setitem__("E9", 3)))
    bm1 = Assessment.objects.get(occasion="BM1")
    services.assessment_save_scores(
        assessment=bm1,
        changes=[services.ScoreChange(number=2, score=1, comment="", expected_revision=1)],
        by=filled.participant_a,
    )
    before = snapshot()
    with pytest.raises(services.StaleScores) as refused:
        pending_import_confirm(pending=pending, by=filled.participant_a)
    assert refused.value.conflicts[0].score == 1
    assert snapshot() == before


def test_confirming_and_discarding_a_checklist_import_are_audited(filled):
    edit = _set("BM1", "E9", 3)
    confirmed = prepare(filled, edited(export(filled), edit), name="bekräftad.xlsx")
    pending_import_confirm(pending=confirmed, by=filled.participant_a)
    discarded = prepare(filled, edited(export(filled), _set("BM1", "E10", 1)), name="ångrad.xlsx")
    pending_import_discard(pending=discarded, by=filled.participant_a)
    entries = AuditEntry.objects.filter(action__startswith="checklists.import_").order_by("pk")
    assert [(entry.action, entry.after["filename"]) for entry in entries] == [
        ("checklists.import_prepare", "bekräftad.xlsx"),
        ("checklists.import_confirm", "bekräftad.xlsx"),
        ("checklists.import_prepare", "ångrad.xlsx"),
        ("checklists.import_discard", "ångrad.xlsx"),
    ]
    assert entries[1].after["changed"] == 1
    assert {entry.object_id for entry in entries} == {str(filled.org_a.pk)}
    assert {entry.actor for entry in entries} == {filled.participant_a}
    assert not PendingImport.objects.exists()


def test_only_the_person_who_uploaded_may_confirm_or_discard(filled):
    pending = prepare(filled, edited(export(filled), _set("BM1", "E9", 3)))
    with pytest.raises(PermissionDenied):
        pending_import_confirm(pending=pending, by=filled.participant_b)
    with pytest.raises(PermissionDenied):
        pending_import_discard(pending=pending, by=filled.participant_b)
    assert PendingImport.objects.get() == pending


def _set(sheet: str, cell: str, value):
    def edit(workbook):
        workbook[sheet][cell] = value

    return edit


def _rename(workbook):
    workbook["BM2"].title = "BM 2"


def _delete_item_row(workbook):
    workbook["BM1"].delete_rows(9)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_set("BM1", "E8", 5), "Sheet BM1, row 8: The score 5 is outside the scale 1–3."),
        (_set("BM1", "E8", 0), "Sheet BM1, row 8: The score 0 is outside the scale 1–3."),
        (_set("BM1", "E9", 2.5), "Sheet BM1, row 9: The score 2.5 is not a whole number"),
        (_set("BM2", "E9", "ganska bra"), "Sheet BM2, row 9: The score “ganska bra” is text"),
        (_set("BM1", "E10", "=1+2"), "Sheet BM1, row 10: The score is a formula (=1+2)"),
        (_set("BM1", "A8", 99), "Sheet BM1, row 8: The checklist has no item 99."),
        (_set("BM1", "A8", "ett"), "Sheet BM1, row 8: “ett” in column A is not an item number."),
        (_set("BM1", "A9", 1), "Sheet BM1, row 9: Item 1 appears twice (also on row 8)."),
        (_delete_item_row, "Sheet BM1: Item 2 is missing from the sheet. Was its row deleted?"),
        (_rename, "Sheet BM 2: “BM 2” is not a sheet of the checklist"),
        (
            _set("BM1", "B3", "0180"),
            "Sheet BM1, row 3: The workbook is for the organisation with code “0180”",
        ),
        (_set("BM1", "F8", "=A1"), "Sheet BM1, row 8: The comment is a formula."),
        (_set("BM1", "F25", "lös kommentar"), "Sheet BM1, row 25: There is a score or comment"),
    ],
)
def test_bad_cells_are_refused_precisely_and_nothing_is_saved(filled, edit, expected):
    before = snapshot()
    problems = problems_of(filled, edited(export(filled), edit))
    assert any(problem.startswith(expected) for problem in problems), problems
    assert snapshot() == before and not PendingImport.objects.exists()


def test_every_problem_is_listed_at_once(filled):
    def edit(workbook):
        workbook["BM1"]["E8"] = 7
        workbook["BM2"]["E9"] = "x"
        workbook["BM3"]["E10"] = "=2"

    problems = problems_of(filled, edited(export(filled), edit))
    assert [p.split(":")[0] for p in problems] == [
        "Sheet BM1, row 8",
        "Sheet BM2, row 9",
        "Sheet BM3, row 10",
    ]


def _huge(content: bytes) -> bytes:
    def edit(workbook):
        workbook["BM2"].cell(row=1_000_000, column=1, value="x")

    return edited(content, edit)


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (lambda world: b"", "The file is empty."),
        (
            lambda world: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "This is an old-format Excel file (.xls).",
        ),
        (
            lambda world: "Nr;Poäng;Kommentar\n1;2;bra\n".encode(),
            "This is a text or CSV file, not an Excel workbook.",
        ),
        (lambda world: bytes(range(256)) * 8, "The file is not an Excel workbook (.xlsx)."),
        (lambda world: _zip_without_workbook(), "The file is a ZIP archive but not an Excel"),
        (lambda world: export(world)[:2000], "The file is damaged"),
        (
            lambda world: _huge(export(world)),
            "Sheet BM2: The sheet has 1 000 000 rows, far more than the 10 items",
        ),
    ],
)
def test_files_that_are_not_checklist_workbooks_are_refused(filled, content, expected):
    before = snapshot()
    problems = problems_of(filled, content(filled))
    assert problems[0].startswith(expected), problems
    assert snapshot() == before and not PendingImport.objects.exists()


def test_a_locked_occasion_with_changes_is_refused(filled):
    from .conftest import stockholm

    services.occasion_date_set(
        cohort=filled.cohort, cluster=None, occasion=Occasion.BM1, starts_at=stockholm(2020, 1, 1)
    )
    content = edited(export(filled), _set("BM1", "E8", 3))
    problems = problems_of(filled, content)
    assert problems == [
        "Sheet BM1: The assessment is locked because the meeting has started, so its changes "
        "cannot be imported. An organiser can reopen it."
    ]
    # An unchanged locked sheet is fine: other sheets still import.
    pending = prepare(filled, edited(export(filled), _set("BM2", "E8", 3)))
    assert [(c.occasion, c.number) for c in pending_import_changes(pending)] == [("BM2", 1)]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_a_workbook_saved_by_libreoffice_calc_imports(filled, tmp_path: Path):
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is needed in CI: install libreoffice-calc-nogui.")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui).")
    source = tmp_path / "in" / "checklista.xlsx"
    source.parent.mkdir()
    source.write_bytes(edited(export(filled), _set("BM2", "E10", 1)))
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = (out / "checklista.xlsx").read_bytes()
    assert converted != source.read_bytes()
    workbook = load_workbook(io.BytesIO(converted))
    assert workbook["BM1"]["E18"].value == "=SUM(E8:E17)"  # LibreOffice kept the formula
    pending = prepare(filled, converted)
    assert [
        (c.occasion, c.number, c.old_score, c.new_score) for c in pending_import_changes(pending)
    ] == [("BM2", 3, 3, 1)]


# --- Through the pages ---------------------------------------------------------------------


def test_download_import_preview_and_confirm_through_the_pages(client, filled):
    world = filled
    client.force_login(world.participant_a)
    client.cookies["django_language"] = "en"
    download = client.get(reverse("assessment_workbook", args=[world.cohort.pk, "2582"]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    content = edited(download.content, _set("BM1", "E8", 2))
    url = reverse("assessment_import", args=[world.cohort.pk, "2582"])
    response = client.post(url, {"file": _upload(content)})
    pending = PendingImport.objects.get()
    assert response.url == reverse("assessment_import_preview", args=[pending.token])
    preview = client.get(response.url).content.decode()
    assert "1 item will change." in preview and ">BM1</caption>" in preview
    # Another person cannot use the token.
    client.force_login(world.participant_b)
    assert client.post(response.url, {"action": "confirm"}).status_code == 404
    client.force_login(world.participant_a)
    done = client.post(response.url, {"action": "confirm"}, follow=True)
    assert "1 item(s) changed" in done.content.decode()
    assert ItemScore.objects.get(assessment__occasion="BM1", item__number=1).score == 2


def test_the_import_page_lists_problems_by_sheet_and_row(client, filled):
    client.force_login(filled.participant_a)
    client.cookies["django_language"] = "en"
    content = edited(export(filled), _set("BM2", "E11", "mycket"))
    response = client.post(
        reverse("assessment_import", args=[filled.cohort.pk, "2582"]), {"file": _upload(content)}
    )
    body = response.content.decode()
    assert response.status_code == 400
    cells = re.sub(r' class="[^"]*"', "", body)  # the table's cells, without the design's classes
    assert "<td>BM2</td><td>11</td><td>The score “mycket” is text" in cells
    assert "nothing was changed" in body and 'aria-invalid="true"' in body
    assert not PendingImport.objects.exists()


def test_only_members_may_import(client, filled):
    url = reverse("assessment_import", args=[filled.cohort.pk, "2582"])
    client.force_login(filled.mentor)  # reads Boden's assessments, cannot change them
    assert client.get(url).status_code == 404
    client.force_login(filled.participant_b)
    assert client.get(url).status_code == 404
    client.force_login(filled.participant_a)
    assert client.get(url).status_code == 200


def _upload(content: bytes, name: str = "checklista.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
