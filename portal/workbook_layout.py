"""Writing the portal's workbooks: cells that stay text, one named font, columns and rows sized
to their content, print setup (landscape, one page wide, headings on every page) and saving
with each formula's stored result, so that every reader shows the same figures."""

import io
import re
import textwrap
import zipfile
from copy import copy
from datetime import date, datetime
from functools import cache

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

# --- Writing cells ------------------------------------------------------------------------------

# Text starting with one of these would run as a formula when the file is opened.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def put_cell(ws, row: int, column: int, value):
    """Write a value so that text is always text: text starting with =, +, -, @ (or a tab or
    carriage return) is stored as a plain string marked as quoted, never as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


# --- Finishing a sheet: fonts, widths, heights, print ------------------------------------------

# One font for every cell. Arial, because Calc has it (or its metric twin, Liberation Sans) where
# Calibri is often missing, and a font without a name is drawn in Calc's serif default.
FONT_NAME = "Arial"
FONT_SIZE = 10
# Column widths are in digits of the default font (Calibri 11). A lower-case letter of Arial 10
# takes about 0.75 of one (Calc fits 69 characters of Swedish prose in 50), a digit or capital
# a little over one, bold a tenth more; a cell keeps about a unit and a half of padding.
# Counted generously, so that a word does not break nor a line get cut where Calc draws Arial
# with a wider font.
CHARACTER_WIDTH = 0.9
WIDE_CHARACTER_WIDTH = 1.1
BOLD_FACTOR = 1.1
CELL_PADDING = 1.5
MIN_WIDTH = 4
MAX_WIDTH = 50
# Points per line of text, as a factor of the font size (Excel: 12.75 pt rows for Arial 10).
LINE_HEIGHT = 1.25
ROW_PADDING = 3
MAX_HEADER_FOOTER = 120  # Excel allows 255 characters for a header and its codes together


@cache
def sheet_font(*, size: int = FONT_SIZE, bold: bool = False, color: str | None = None) -> Font:
    """The house font. One object per style: building a Font per cell is slow."""
    return Font(name=FONT_NAME, size=size, bold=bold, color=color)


def finish_sheet(
    ws,
    *,
    title: str,
    header_row: int,
    freeze: str | None = None,
    fixed_widths: dict[int, float] | None = None,
    min_widths: dict[int, float] | None = None,
    max_width: float = MAX_WIDTH,
) -> None:
    """Make a built sheet readable on screen and on paper, the same way for every workbook:
    openpyxl neither sizes columns and rows nor sets up printing, so without this wrapped text
    overlaps in Calc, labels are cut, and a sheet prints across many pages.

    ``header_row`` is the table's heading: frozen (below it, or at ``freeze``) and repeated on
    every printed page; its texts wrap, so only their longest word widens a column. Above it, a
    text with an empty cell to its right (a title, a note, the value after a label) runs on over
    that cell, as a spreadsheet shows it, and does not size its column. ``fixed_widths`` (by
    column number) are kept as given."""
    _name_fonts(ws)
    widths = _fit_columns(
        ws,
        header_row=header_row,
        fixed=fixed_widths or {},
        minimum=min_widths or {},
        maximum=max_width,
    )
    _fit_rows(ws, widths)
    ws.freeze_panes = freeze or ws.cell(row=header_row + 1, column=1).coordinate
    _print_setup(ws, title=title, header_row=header_row)


def _name_fonts(ws) -> None:
    """Every cell in the house font. A font of another name (openpyxl's default Calibri 11, or
    a Font made without a name) takes the house font at the house size, keeping bold, italic
    and colour."""
    named: dict[Font, Font] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.font.name == FONT_NAME:
                continue
            font = copy(cell.font)
            if font not in named:
                replacement = copy(font)
                replacement.name, replacement.size = FONT_NAME, FONT_SIZE
                named[font] = replacement
            cell.font = named[font]


def _text_of(cell) -> str:
    """The text a cell shows, near enough to measure it."""
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        return "00000"  # a formula shows its result, a number here
    if isinstance(value, datetime | date):
        return "0000-00-00"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _units_per_character(cell) -> float:
    """The width of an average character of the cell's font, in column width units."""
    font = cell.font
    bold = BOLD_FACTOR if font.bold else 1.0
    return CHARACTER_WIDTH * (font.size or FONT_SIZE) / FONT_SIZE * bold


def _units(text: str, per_character: float) -> float:
    """The width of a line of text, in column width units."""
    wide = sum(1 for character in text if character.isdigit() or character.isupper())
    return per_character * (len(text) - wide + wide * WIDE_CHARACTER_WIDTH / CHARACTER_WIDTH)


def _runs_on(ws, cell, header_row: int) -> bool:
    """Text above the table that a spreadsheet shows across the empty cell to its right."""
    return (
        cell.row < header_row
        and cell.column < ws.max_column
        and ws.cell(row=cell.row, column=cell.column + 1).value is None
    )


def _merged_cells(ws) -> set[str]:
    return {
        get_column_letter(column) + str(row)
        for cells in ws.merged_cells.ranges
        for row, column in cells.cells
    }


def _fit_columns(ws, *, header_row, fixed, minimum, maximum) -> dict[int, float]:
    """Each column as wide as its longest line (a heading: its longest word) up to ``maximum``,
    but never narrower than its longest word (up to MAX_WIDTH), so that no word breaks; text
    longer than its column wraps. Returns the width of every column."""
    merged = _merged_cells(ws)
    lines: dict[int, float] = {}
    words: dict[int, float] = {}
    measured = []
    for row in ws.iter_rows():
        for cell in row:
            text = _text_of(cell)
            if not text.strip() or cell.coordinate in merged or _runs_on(ws, cell, header_row):
                continue
            per_character = _units_per_character(cell)
            word = max(_units(piece, per_character) for piece in text.split())
            line = max(_units(piece, per_character) for piece in text.splitlines())
            measured.append((cell, line))
            if cell.alignment.textRotation:
                continue
            column = cell.column
            lines[column] = max(lines.get(column, 0), word if cell.row == header_row else line)
            words[column] = max(words.get(column, 0), word)
    widths = {}
    for column in range(1, ws.max_column + 1):
        if column in fixed:
            width = fixed[column]
        else:
            longest_word = min(MAX_WIDTH, words.get(column, 0) + CELL_PADDING)
            width = min(maximum, lines.get(column, 0) + CELL_PADDING)
            width = max(minimum.get(column, MIN_WIDTH), longest_word, width)
        widths[column] = round(width, 1)
        ws.column_dimensions[get_column_letter(column)].width = widths[column]
    for cell, line in measured:
        if line + CELL_PADDING > widths[cell.column]:
            _wrap(cell)
    return widths


def _wrap(cell) -> None:
    """Text wraps in its column (a number or a formula's result never does)."""
    if cell.data_type != "s" or not isinstance(cell.value, str) or cell.alignment.wrap_text:
        return
    alignment = copy(cell.alignment)
    alignment.wrap_text, alignment.vertical = True, alignment.vertical or "top"
    cell.alignment = alignment


def _lines(text: str, characters: int) -> int:
    """How many lines a wrapped cell takes: each paragraph wrapped at word boundaries as
    Calc and Excel wrap it, long words broken."""
    return sum(
        max(1, len(textwrap.wrap(paragraph, width=characters, break_long_words=True)))
        for paragraph in text.splitlines() or [""]
    )


def _fit_rows(ws, widths: dict[int, float]) -> None:
    """Rows with wrapped text as tall as their tallest cell (openpyxl sets no height, and Calc
    draws the lines over the next row); a height the builder set is kept when larger. A row of
    more than one line reads from the top: its cells without a vertical alignment align there."""
    spans = {}
    for cells in ws.merged_cells.ranges:
        spans[(cells.min_row, cells.min_col)] = sum(
            widths.get(column, MIN_WIDTH) for column in range(cells.min_col, cells.max_col + 1)
        )
    for row in ws.iter_rows():
        points = 0.0
        for cell in row:
            text = _text_of(cell)
            if not text or not cell.alignment.wrap_text or cell.alignment.textRotation:
                continue
            width = spans.get((cell.row, cell.column), widths.get(cell.column, MIN_WIDTH))
            characters = max(1, int((width - CELL_PADDING) / _units_per_character(cell)))
            size = cell.font.size or FONT_SIZE
            points = max(points, _lines(text, characters) * size * LINE_HEIGHT + ROW_PADDING)
        if points:
            dimension = ws.row_dimensions[row[0].row]
            dimension.height = max(dimension.height or 0, round(points, 1))
            _align_to_top(row)


def _align_to_top(cells) -> None:
    for cell in cells:
        if cell.value is not None and cell.alignment.vertical is None:
            alignment = copy(cell.alignment)
            alignment.vertical = "top"
            cell.alignment = alignment


def _header_footer_text(text: str) -> str:
    """Text for a printed header: & starts a code there, so a literal one is doubled."""
    return text[:MAX_HEADER_FOOTER].replace("&", "&&")


def _print_setup(ws, *, title: str, header_row: int) -> None:
    """Landscape A4, fitted to one page wide (as many pages down as needed), the heading row on
    every page, the title in the page header and the page number in the footer."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins = PageMargins(
        left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3
    )
    ws.oddHeader.center.text = _header_footer_text(title)
    ws.oddHeader.center.font = f"{FONT_NAME},Bold"
    ws.oddHeader.center.size = FONT_SIZE
    ws.oddFooter.left.text = _header_footer_text(ws.title)
    ws.oddFooter.right.text = _("Page &P of &N")
    for part in (ws.oddFooter.left, ws.oddFooter.right):
        part.font, part.size = f"{FONT_NAME},Regular", FONT_SIZE - 1


# --- Saving, with each formula's result ----------------------------------------------------------


def workbook_bytes(workbook, *, formula_results: dict[tuple[str, str], float] | None = None):
    """The saved workbook. openpyxl writes a formula without its result, so a reader that
    does not recalculate (a viewer, a script, Calc trusting the file) shows an empty cell:
    the results the builder computed, by (sheet title, cell), are stored with their formulas."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not formula_results:
        return buffer.getvalue()
    by_part: dict[str, dict[str, float]] = {}
    for (sheet, coordinate), result in formula_results.items():
        by_part.setdefault(workbook[sheet].path.lstrip("/"), {})[coordinate] = result
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            content = source.read(member)
            if member.filename in by_part:
                content = _store_results(content.decode(), by_part[member.filename]).encode()
            archive.writestr(member, content)
    return target.getvalue()


def _store_results(xml: str, results: dict[str, float]) -> str:
    for coordinate, result in results.items():
        pattern = re.compile(rf'(<c r="{coordinate}"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v></v>)')
        xml, found = pattern.subn(rf"\g<1><v>{result}</v>", xml)
        if found != 1:
            raise ValueError(f"no formula in {coordinate} to store its result in")
    return xml
