"""What the PowerPoint builders share: the deck on the portal's master (master.py), slides with
a title, a table, a place to write or the team, and the footer with organisation, meeting,
date and slide number. Text goes in through python-pptx as plain text, so a name such as
"<script>" stays literal text."""

import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import ImageFont
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.util import Emu, Inches, Pt

from .master import (
    BRAND_HEX,
    BRAND_LIGHT_HEX,
    CONTENT_LAYOUT,
    CONTENT_TOP,
    FONT,
    INK_HEX,
    MARGIN,
    MUTED_HEX,
    SECTION_LAYOUT,
    SLIDE_WIDTH,
    TITLE_LAYOUT,
    designed_deck,
    document_language,
    mark_language,
    slide_number_paragraph,
)

BRAND = RGBColor.from_string(BRAND_HEX)
INK = RGBColor.from_string(INK_HEX)
MUTED = RGBColor.from_string(MUTED_HEX)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
PREVIOUS = RGBColor(0xA7, 0xA3, 0xB0)
ROW_FILLS = (WHITE, RGBColor(0xF4, 0xF2, 0xF7))  # banded body rows
SECTION_FOOTER = RGBColor.from_string(BRAND_LIGHT_HEX)  # the footer on a purple slide
WRITE_FILL = RGBColor(0xFB, 0xF9, 0xFE)  # places where the organisation writes
WRITE_LINE = RGBColor(0x8E, 0x6B, 0xB5)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
CELL_MARGIN = Inches(0.1)  # python-pptx's (and PowerPoint's) left and right cell margin
SMALLEST_TABLE_SIZE = 8
BREAKABLE_SPACE = re.compile(r"[ \t\n\v]+")  # not the no-break spaces


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str


def new_deck():
    return designed_deck()


def deck_bytes(deck, *, footer: str) -> bytes:
    """The finished deck: the footer and slide number on every slide of a layout that has them,
    every text marked with the document's language."""
    section = deck.slide_layouts[SECTION_LAYOUT]
    for number, slide in enumerate(deck.slides, start=1):
        colour = SECTION_FOOTER if slide.slide_layout == section else MUTED
        _add_footer(slide, footer, number, colour)
    mark_language(deck, document_language())
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def footer_text(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _add_footer(slide, text: str, number: int, colour: RGBColor) -> None:
    """python-pptx leaves a layout's footer and number out of a new slide (as PowerPoint does
    until one ticks "Header and footer"); copy them in with the footer text and the number as a
    slide-number field, which PowerPoint and Impress keep right when slides are reordered."""
    for layout_placeholder in slide.slide_layout.placeholders:
        kind = layout_placeholder.placeholder_format.type
        if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        slide.shapes.clone_placeholder(layout_placeholder)
        placeholder = slide.placeholders[layout_placeholder.placeholder_format.idx]
        if kind == PP_PLACEHOLDER.FOOTER:
            # Styled on the slide too: Impress draws a slide's footer without the layout's style.
            frame = write_lines(placeholder.text_frame, [text], size=10, color=colour)
            frame.paragraphs[0].alignment = PP_ALIGN.LEFT
            frame.paragraphs[0].runs[0].font.name = FONT
        else:
            placeholder.text_frame.clear()  # makes the text body the field goes into
            body = placeholder.element.txBody
            for paragraph in body.p_lst:
                body.remove(paragraph)
            body.append(parse_xml(slide_number_paragraph(number)))


def style_paragraph(paragraph, *, size: int, bold: bool = False, color=INK, italic: bool = False):
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.color.rgb = color


def write_lines(
    frame, lines, *, size: int = 18, bold: bool = False, color=INK, italic: bool = False
):
    """Replace a text frame's text with one paragraph per line."""
    frame.clear()
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        style_paragraph(paragraph, size=size, bold=bold, color=color, italic=italic)
    return frame


def add_textbox(slide, left, top, width, height, lines, **style):
    box = slide.shapes.add_textbox(left, top, width, height)
    write_lines(box.text_frame, lines, **style)
    return box


def add_content_slide(deck, title: str):
    """A slide of the content layout, its title in the title placeholder (screen readers and the
    outline view find it there), placed and styled by the master."""
    slide = deck.slides.add_slide(deck.slide_layouts[CONTENT_LAYOUT])
    slide.shapes.title.text_frame.text = title
    return slide


def add_section_slide(deck, title: str, text: str = ""):
    slide = deck.slides.add_slide(deck.slide_layouts[SECTION_LAYOUT])
    slide.shapes.title.text_frame.text = title
    body = slide.placeholders[1]
    if text:
        body.text_frame.text = text
    else:
        body.element.getparent().remove(body.element)
    return slide


def add_title_slide(deck, title: str, lines: list[str]):
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    slide.shapes.title.text_frame.text = title
    frame = slide.placeholders[1].text_frame
    frame.text = "\n".join(lines)
    if frame.paragraphs:
        for run in frame.paragraphs[0].runs:
            run.font.bold = True
            run.font.size = Pt(26)
    return slide


def add_empty_state(slide, text: str, top=None) -> None:
    add_textbox(
        slide,
        MARGIN,
        top or Inches(2.6),
        CONTENT_WIDTH,
        Inches(1.0),
        [text],
        size=22,
        italic=True,
        color=MUTED,
    )


def add_writing_box(slide, left, top, width, height, hint: str):
    """A place for the organisation's own answer: a light box with a dashed border and a hint
    in its corner, so it reads as a form field rather than as finished text."""
    box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
    box.name = "Answer box"
    box.adjustments[0] = 0.03
    box.fill.solid()
    box.fill.fore_color.rgb = WRITE_FILL
    box.line.color.rgb = WRITE_LINE
    box.line.width = Pt(1.25)
    box.line.dash_style = MSO_LINE.DASH
    box.shadow.inherit = False
    frame = write_lines(box.text_frame, [hint], size=14, italic=True, color=MUTED)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = Inches(0.2)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    return box


# --- Tables whose columns fit their words ------------------------------------------------------


@cache
def _font(bold: bool):
    """A wide sans (DejaVu Sans, LibreOffice's fallback) measures every word at least as wide
    as Arial or Calibri draw it; without it, Pillow's own font with a margin."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", 100), 1.0
    except OSError:
        return ImageFont.load_default(100), 1.15


def text_width(text: str, size: float, *, bold: bool = False) -> int:
    """The width of `text` at `size` points, in EMU."""
    font, factor = _font(bold)
    return int(font.getlength(text) * factor * size / 100 * 12700)


def longest_word_width(text: str, size: float, *, bold: bool = False) -> int:
    """The widest stretch a line cannot break in: no-break spaces (in "13 512", "82,4 %")
    join their neighbours into one word."""
    words = BREAKABLE_SPACE.split(text)
    return max((text_width(word, size, bold=bold) for word in words), default=0)


def fit_columns(
    header: list[str], rows: list[list[str]], width: int, shares: list[float], size: int
) -> tuple[int, list[int]]:
    """The largest font size (from `size` down) and column widths at which every column is as
    wide as its longest word, header in bold; the room left goes by `shares`. A word is never
    broken: the table shrinks its type instead."""
    for candidate in range(size, SMALLEST_TABLE_SIZE - 1, -1):
        needs = [
            max(
                longest_word_width(header[column], candidate, bold=True),
                *(longest_word_width(row[column], candidate) for row in rows),
            )
            + 2 * CELL_MARGIN
            for column in range(len(header))
        ]
        if sum(needs) <= width:
            return candidate, _spread(needs, shares, width)
    return SMALLEST_TABLE_SIZE, _spread(needs, shares, width)


def _spread(needs: list[int], shares: list[float], width: int) -> list[int]:
    """Widths by share, each at least its need: columns whose share is too small get their
    need, the others split what is left in proportion to their shares."""
    fixed: dict[int, int] = {}
    while True:
        free = [index for index in range(len(needs)) if index not in fixed]
        room = width - sum(fixed.values())
        share_sum = sum(shares[index] for index in free) or 1
        widths = {index: int(room * shares[index] / share_sum) for index in free}
        short = {index: needs[index] for index in free if widths[index] < needs[index]}
        if not short or len(short) == len(free):
            widths.update(short)
            widths.update(fixed)
            return [widths[index] for index in range(len(needs))]
        fixed.update(short)


def add_table(
    slide,
    header: list[str],
    rows: list[list[str]],
    *,
    top=None,
    widths=None,
    size=14,
    left=None,
    width=None,
    writable_hint: str = "",
    right_aligned: tuple[int, ...] = (),
):
    """A table whose columns fit their longest words; header row in the portal's purple. Empty
    cells are places for the organisation to write: light, with `writable_hint` if given."""
    top = top or CONTENT_TOP
    width = width or CONTENT_WIDTH
    shares = widths or [1 / len(header)] * len(header)
    size, column_widths = fit_columns(header, rows, width, shares, size)
    row_height = Pt(size * 2.0)
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(header),
        left or MARGIN,
        top,
        sum(column_widths),
        row_height * (len(rows) + 1),
    )
    shape.name = "Table"
    table = shape.table
    table.first_row, table.horz_banding = True, False
    for index, column_width in enumerate(column_widths):
        table.columns[index].width = Emu(column_width)
    for row_index, values in enumerate([header, *rows]):
        table.rows[row_index].height = row_height
        for column, value in enumerate(values):
            cell = table.cell(row_index, column)
            _fill_cell(cell, value, row_index, size, writable_hint)
            if column in right_aligned:
                cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    return table


def _fill_cell(cell, value: str, row_index: int, size: int, hint: str) -> None:
    header = row_index == 0
    writable = not header and not value
    cell.text = hint if writable and hint else value
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    cell.fill.solid()
    if header:
        cell.fill.fore_color.rgb = BRAND
    else:
        cell.fill.fore_color.rgb = WRITE_FILL if writable else ROW_FILLS[row_index % 2]
    if writable:
        _dashed_border(cell)
    for paragraph in cell.text_frame.paragraphs:
        style_paragraph(
            paragraph,
            size=size,
            bold=header,
            italic=writable,
            color=WHITE if header else (MUTED if writable else INK),
        )


def _dashed_border(cell) -> None:
    """A thin dashed frame round a cell to write in (python-pptx has no cell borders; the
    lines go first in the cell's properties, before its fill)."""
    properties = cell._tc.get_or_add_tcPr()
    for side in ("a:lnB", "a:lnT", "a:lnR", "a:lnL"):
        properties.insert(
            0,
            parse_xml(
                f'<{side} xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                f'w="9525"><a:solidFill><a:srgbClr val="{WRITE_LINE}"/></a:solidFill>'
                f'<a:prstDash val="dash"/></{side}>'
            ),
        )


# --- The team ----------------------------------------------------------------------------------


def _team_size(count: int) -> int:
    """Larger type for a small team, so the table reads from the back of the room."""
    for limit, size in ((6, 20), (9, 16), (14, 13)):
        if count <= limit:
            return size
    return 11


def add_team_slide(deck, team: tuple[TeamMember, ...]) -> None:
    """The team as a table as wide as its names and roles, not stretched over the slide."""
    slide = add_content_slide(deck, _("Our team"))
    if not team:
        add_empty_state(slide, _("No team members have been registered yet."))
        return
    size = _team_size(len(team))
    header = [_("Name"), _("Role")]
    rows = [[member.name, member.role] for member in team]
    needs = [
        max(
            text_width(header[column], size, bold=True),
            *(text_width(r[column], size) for r in rows),
        )
        + 2 * CELL_MARGIN
        + Inches(0.3)
        for column in range(2)
    ]
    add_table(
        slide,
        header,
        rows,
        widths=[need / sum(needs) for need in needs],
        size=size,
        width=min(sum(needs), CONTENT_WIDTH),
    )


def date_text(value: date) -> str:
    return date_format(value, "j F Y")
