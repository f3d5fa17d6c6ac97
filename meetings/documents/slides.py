"""What the PowerPoint builders share: the 16:9 deck, the colours, and slides with a title, a
table or the team. Text goes in through python-pptx as plain text, so a name such as
"<script>" stays literal text."""

import io
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

BRAND = RGBColor(0x4B, 0x1F, 0x6F)
INK = RGBColor(0x1B, 0x1B, 0x1F)
MUTED = RGBColor(0x4A, 0x4A, 0x55)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
PREVIOUS = RGBColor(0xA7, 0xA3, 0xB0)
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
CONTENT_TOP = Inches(1.45)
TITLE_SLIDE, TITLE_ONLY = 0, 5  # layouts of python-pptx's default template


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str


def new_deck() -> Presentation:
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    return deck


def deck_bytes(deck) -> bytes:
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


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


def add_accent_bar(slide) -> None:
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, SLIDE_WIDTH, Inches(0.18))
    bar.fill.solid()
    bar.fill.fore_color.rgb = BRAND
    bar.line.fill.background()


def add_content_slide(deck, title: str):
    """A slide with its title in the title placeholder (screen readers and the outline view
    find it there), placed for 16:9."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    add_accent_bar(slide)
    heading = slide.shapes.title
    heading.left, heading.top = MARGIN, Inches(0.4)
    heading.width, heading.height = SLIDE_WIDTH - 2 * MARGIN, Inches(0.9)
    frame = write_lines(heading.text_frame, [title], size=30, bold=True, color=BRAND)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    return slide


def add_title_slide(deck, title: str, lines: list[str]):
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    add_accent_bar(slide)
    heading, subtitle = slide.shapes.title, slide.placeholders[1]
    heading.left, heading.top = MARGIN, Inches(2.0)
    heading.width, heading.height = SLIDE_WIDTH - 2 * MARGIN, Inches(1.6)
    write_lines(heading.text_frame, [title], size=40, bold=True, color=BRAND)
    heading.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    subtitle.left, subtitle.top = MARGIN, Inches(3.8)
    subtitle.width, subtitle.height = SLIDE_WIDTH - 2 * MARGIN, Inches(2.4)
    frame = write_lines(subtitle.text_frame, lines, size=22, color=INK)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
    if frame.paragraphs:
        style_paragraph(frame.paragraphs[0], size=24, bold=True)
    return slide


def add_empty_state(slide, text: str, top=None) -> None:
    add_textbox(
        slide,
        MARGIN,
        top or Inches(2.6),
        SLIDE_WIDTH - 2 * MARGIN,
        Inches(1.0),
        [text],
        size=22,
        italic=True,
        color=MUTED,
    )


def add_table(slide, header: list[str], rows: list[list[str]], *, top=None, widths=None, size=14):
    """A plain table; header row bold. Empty cells are left for the organisation to fill in."""
    top = top or CONTENT_TOP
    width = SLIDE_WIDTH - 2 * MARGIN
    row_height = Inches(0.42 if size >= 14 else 0.34)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), MARGIN, top, width, row_height * (len(rows) + 1)
    )
    table = shape.table
    if widths:
        for index, share in enumerate(widths):
            table.columns[index].width = Emu(int(width * share))
    for row_index, values in enumerate([header, *rows]):
        for column, value in enumerate(values):
            cell = table.cell(row_index, column)
            cell.text = value
            if row_index == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = BRAND
            for paragraph in cell.text_frame.paragraphs:
                style_paragraph(
                    paragraph,
                    size=size,
                    bold=row_index == 0,
                    color=WHITE if row_index == 0 else INK,
                )
    return table


def add_team_slide(deck, team: tuple[TeamMember, ...]) -> None:
    slide = add_content_slide(deck, _("Our team"))
    if not team:
        add_empty_state(slide, _("No team members have been registered yet."))
        return
    size = 14 if len(team) <= 10 else 11
    add_table(
        slide,
        [_("Name"), _("Role")],
        [[member.name, member.role] for member in team],
        widths=[0.6, 0.4],
        size=size,
    )


def date_text(value: date) -> str:
    return date_format(value, "j F Y")
