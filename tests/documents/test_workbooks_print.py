"""Every workbook the portal generates reads well in a spreadsheet and prints well: one named
font, columns as wide as their words, rows as tall as their wrapped text, frozen headings, a
landscape A4 print one page wide with the headings on every page, no formula without its
result. The checklist workbook and the comparison are printed with LibreOffice and checked."""

import io
import os
import shutil
import subprocess
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from django.utils import translation
from openpyxl import load_workbook

from checklists import selectors
from checklists.documents import build_assessment_workbook_xlsx, build_comparison_xlsx
from checklists.reports import comparison_report_data
from portal.models import Enrolment
from portal.registry import known_organisations
from stakeholders import selectors as stakeholder_selectors
from stakeholders.documents import build_analysis_xlsx
from stakeholders.models import AnalysisVersion
from tests.checklists.comparison_data import national_round

from .conftest import A_BM1, A_BM2

pytestmark = pytest.mark.django_db

LONG_TEXT = (
    "Kommunstyrelsens ordförande vill se en plan för jämställdhetsintegrering i budgeten, "
    "och förvaltningscheferna behöver stöd för att följa upp arbetet i verksamheterna.\n"
    "Nästa steg: en dragning på ledningsgruppens möte i Östersund."
)


def _assessment(document_world) -> bytes:
    world = document_world.world
    enrolment = Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort)
    return build_assessment_workbook_xlsx(selectors.workbook_data(enrolment))


def _comparison_of_three(document_world) -> bytes:
    world = document_world.world
    parameters = {
        "cohort": world.cohort.pk,
        "cluster": world.cluster.pk,
        "occasion": "BM2",
        "base": "BM1",
        "drafts": "1",
    }
    return build_comparison_xlsx(comparison_report_data(parameters))


def _comparison_of_forty(document_world) -> bytes:
    """The forty organisations with the longest names in the registry."""
    registry = known_organisations()
    codes = sorted(registry, key=lambda code: -len(registry[code].name))[:40]
    cohort = national_round("Omgång 2027–2028 (fyrtio organisationer)", codes=codes)
    parameters = {"cohort": cohort.pk, "occasion": "BM2", "base": "BM1", "drafts": "1"}
    return build_comparison_xlsx(comparison_report_data(parameters))


def _stakeholder_analysis(document_world) -> bytes:
    """Organisation A's analysis, its rows filled with long texts to wrap."""
    version = AnalysisVersion.objects.get(analysis__organisation=document_world.org_a)
    data = stakeholder_selectors.analysis_document(version)
    rows = [
        replace(
            row,
            interest_in_work=LONG_TEXT,
            benefit=LONG_TEXT[:120],
            key_message="Jämställdhet är en del av styrningen.",
            next_action="Boka ett möte",
            next_action_on=date(2031, 5, 4),
        )
        for row in data.rows
    ]
    return build_analysis_xlsx(replace(data, rows=rows))


BUILDERS = {
    "assessment": _assessment,
    "comparison of three": _comparison_of_three,
    "comparison of forty": _comparison_of_forty,
    "stakeholder analysis": _stakeholder_analysis,
}


@pytest.fixture(params=list(BUILDERS))
def workbook(request, document_world):
    with translation.override("sv"):
        return BUILDERS[request.param](document_world)


def sheets_of(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets


def filled_cells(ws):
    return [cell for row in ws.iter_rows() for cell in row if cell.value is not None]


def merged_coordinates(ws) -> set[str]:
    return {
        f"{ws.cell(row=row, column=column).coordinate}"
        for cells in ws.merged_cells.ranges
        for row, column in cells.cells
    }


def test_every_sheet_prints_landscape_one_page_wide_with_its_headings_on_every_page(workbook):
    for ws in sheets_of(workbook):
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), ws.title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
        assert ws.freeze_panes, ws.title
        assert ws.oddHeader.center.text and "&P" in ws.oddFooter.right.text
        assert ws.page_margins.left == 0.5 and ws.page_margins.top == 0.75


def test_every_cell_is_in_one_named_font(workbook):
    for ws in sheets_of(workbook):
        assert {cell.font.name for cell in filled_cells(ws)} == {"Arial"}, ws.title


def test_no_formula_is_without_its_stored_result(workbook):
    formulas = load_workbook(io.BytesIO(workbook)).worksheets
    results = load_workbook(io.BytesIO(workbook), data_only=True).worksheets
    for ws, stored in zip(formulas, results, strict=True):
        for cell in filled_cells(ws):
            if cell.data_type == "f":
                assert stored[cell.coordinate].value is not None, (ws.title, cell.coordinate)
            else:
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")) or (
                    cell.quotePrefix
                ), (ws.title, cell.coordinate)


def test_the_checklist_total_is_stored_with_its_formula(document_world):
    content = _assessment(document_world)
    stored = load_workbook(io.BytesIO(content), data_only=True)
    assert [stored[name]["E18"].value for name in ("BM1", "BM2", "BM3")] == [
        sum(A_BM1),
        sum(A_BM2),
        0,
    ]
    assert load_workbook(io.BytesIO(content))["BM1"]["E18"].value == "=SUM(E8:E17)"


def test_every_column_is_as_wide_as_its_longest_word(workbook):
    """Text that cannot run on into the next cell (it has a neighbour, or it is in the table)
    must not be cut inside a word: "Organi" for "Organisation" was the fault."""
    for ws in sheets_of(workbook):
        header_row = int(ws.print_title_rows.split(":")[0].strip("$"))
        merged = merged_coordinates(ws)
        for cell in filled_cells(ws):
            if cell.coordinate in merged or cell.alignment.textRotation or cell.data_type == "f":
                continue
            neighbour = ws.cell(row=cell.row, column=cell.column + 1).value
            if cell.row < header_row and neighbour is None:
                continue  # a title or note, shown across the empty cells to its right
            # A character per width unit at 10 pt, more than an average Arial one takes.
            longest = max(len(word) for word in str(cell.value).split() or [""])
            needed = longest * cell.font.size / 10
            width = ws.column_dimensions[cell.column_letter].width
            assert width >= needed, (ws.title, cell.coordinate, cell.value, width)


def test_rows_with_wrapped_text_are_as_tall_as_their_lines(workbook):
    for ws in sheets_of(workbook):
        for cell in filled_cells(ws):
            if not cell.alignment.wrap_text or cell.alignment.textRotation:
                continue
            height = ws.row_dimensions[cell.row].height
            assert height, (ws.title, cell.coordinate)
            width = ws.column_dimensions[cell.column_letter].width
            # At least the lines the text needs at a full character per width unit (an
            # average Arial character takes less), ten points a line.
            lines = sum(
                len(textwrap.wrap(paragraph, width=int(width))) or 1
                for paragraph in str(cell.value).splitlines()
            )
            if cell.coordinate not in merged_coordinates(ws):
                assert height >= 10 * lines, (ws.title, cell.coordinate, height, lines)


def test_the_stakeholder_columns_stay_as_the_import_reads_them(document_world):
    ws = sheets_of(_stakeholder_analysis(document_world))[0]
    assert ws.freeze_panes == "C6" and ws.print_title_rows == "$5:$5"
    assert ws.row_dimensions[4].height >= 2 * 12  # the hint, merged over ten columns, wraps
    assert ws["E6"].alignment.wrap_text and ws.row_dimensions[6].height >= 4 * 12


# --- Printed with LibreOffice ---------------------------------------------------------------


def print_with_libreoffice(content: bytes, folder: Path) -> Path:
    program = shutil.which("soffice")
    calc = program and (Path(os.path.realpath(program)).parent / "libsclo.so").exists()
    if not calc:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice Calc must be installed in CI")
        pytest.skip("needs LibreOffice Calc (libreoffice-calc-nogui)")
    source = folder / "workbook.xlsx"
    source.write_bytes(content)
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    printed = folder / "workbook.pdf"
    assert result.returncode == 0 and printed.exists(), result.stdout + result.stderr
    return printed


def pages_of(printed: Path) -> list[tuple[float, float, str, list]]:
    """(width, height, text, characters) of every page."""
    with pdfplumber.open(printed) as pdf:
        return [
            (page.width, page.height, page.extract_text() or "", page.chars) for page in pdf.pages
        ]


def assert_on_the_page(pages) -> None:
    for number, (width, height, _text, characters) in enumerate(pages, start=1):
        assert width > height, f"page {number} is not landscape"
        for char in characters:
            inside = char["x0"] >= 0 and char["x1"] <= width
            assert inside and char["top"] >= 0 and char["bottom"] <= height, (number, char)


def test_the_checklist_workbook_prints_one_landscape_page_per_occasion(document_world, tmp_path):
    """Before: sixteen portrait pages, each sheet's columns split over four."""
    with translation.override("sv"):
        content = _assessment(document_world)
    pages = pages_of(print_with_libreoffice(content, tmp_path))
    assert len(pages) == 4
    assert_on_the_page(pages)
    for (_w, _h, text, _c), occasion in zip(pages, ("BM1", "BM2", "BM3", "Resultat"), strict=True):
        assert f"Checklista för jämställdhetsintegrering – {occasion}" in text
        # The whole row of headings, and the item texts beside them, on the one page.
        for heading in ("Nr", "Område", "Moment", "Beskrivning", "Poäng", "Kommentar"):
            assert heading in text, (occasion, heading)
        assert "Fullmäktige har fattat ett formellt beslut" in text
        assert "Summa poäng" in text and "Organisation" in text
    assert "Sida 2 av 4" in pages[1][2]
    assert f"Summa poäng {sum(A_BM1)}" in pages[0][2]


def test_the_comparison_of_forty_prints_one_page_wide_with_its_headings_on_every_page(
    document_world, tmp_path
):
    with translation.override("sv"):
        content = _comparison_of_forty(document_world)
    pages = pages_of(print_with_libreoffice(content, tmp_path))
    assert 2 <= len(pages) <= 4
    assert_on_the_page(pages)
    comparison = [text for _w, _h, text, _c in pages if "Region" in text and "Status" in text]
    assert len(comparison) >= 2, "forty organisations fill more than one page"
    for text in comparison:
        assert "Organisation" in text and "Kluster" in text and "Summa" in text
    assert "Region Jämtland Härjedalen" in "".join(comparison)
    assert "Medelvärden" in pages[-1][2] and "Hela omgången" in pages[-1][2]


def test_the_comparison_of_three_prints_on_a_page_and_its_averages_on_another(
    document_world, tmp_path
):
    with translation.override("sv"):
        content = _comparison_of_three(document_world)
    pages = pages_of(print_with_libreoffice(content, tmp_path))
    assert len(pages) == 2
    assert_on_the_page(pages)
    assert all(name in pages[0][2] for name in ("Boden", "Luleå", "Piteå"))
    assert "Eskilstuna" not in pages[0][2]


def test_an_ampersand_in_the_title_prints_as_itself_in_the_page_header():
    from openpyxl import Workbook

    from portal.workbook_layout import finish_sheet, put_cell, workbook_bytes

    book = Workbook()
    put_cell(book.active, 1, 1, "Namn")
    finish_sheet(book.active, title="Örebro, Växjö & Luleå", header_row=1)
    ws = sheets_of(workbook_bytes(book))[0]
    assert ws.oddHeader.center.text == "Örebro, Växjö && Luleå"  # && prints one &


def test_a_stored_result_needs_its_formula():
    from openpyxl import Workbook

    from portal.workbook_layout import workbook_bytes

    book = Workbook()
    book.active["A1"] = 3
    with pytest.raises(ValueError, match="no formula in A1"):
        workbook_bytes(book, formula_results={(book.active.title, "A1"): 3})
