"""The governance chain (styrkedjan) in the prefilled presentation of a BM1 or BM3 meeting: the
six links drawn as boxes joined by arrows, each box's state in words as well as in its colour
and border, at BM3 with the change since BM1; then the evidence, owners and roles as a table.
An empty state when the chain has not been described. Everything is read up front
(section_for); drawing makes no query."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Inches, Pt

from portal.models import Organisation

from ..models import GovernanceLink, Meeting
from ..selectors.governance_chain import GovernanceChain, governance_chain
from .slides import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    INK,
    MARGIN,
    add_content_slide,
    add_empty_state,
    add_table,
    add_textbox,
    longest_word_width,
    style_paragraph,
)

COLUMNS = 3
BOX_GAP = Inches(0.6)  # room for the arrow between two boxes
ROW_GAP = Inches(0.55)  # room for the elbow from the first row to the second
BOX_TOP = CONTENT_TOP + Inches(0.1)
BOX_PADDING = Inches(0.08)
# (fill, line, dashed) per state: colour is never alone, the state is also written in the box
# and a missing or unmarked link has a dashed border.
STATE_LOOK = {
    GovernanceLink.State.INTEGRATED: ("E1F2E8", "00703C", False),
    GovernanceLink.State.PARTLY: ("FFF1E0", "B35200", False),
    GovernanceLink.State.MISSING: ("FBE3E0", "D4351C", True),
    "": ("F3F2F1", "505A5F", True),
}


@dataclass(frozen=True)
class GovernanceChainSection:
    chain: GovernanceChain

    def add_slides(self, deck) -> None:
        title = _("The governance chain at %(occasion)s") % {"occasion": self.chain.occasion}
        slide = add_content_slide(deck, title)
        if not self.chain.filled:
            add_empty_state(
                slide,
                _(
                    "The governance chain has not been described yet. Mark its links in the "
                    "portal, and the chain is drawn here."
                ),
            )
            return
        _draw_chain(slide, self.chain)
        _evidence_slide(deck, self.chain)


def section_for(meeting: Meeting, organisation: Organisation) -> GovernanceChainSection | None:
    """The chain of the organisation in the meeting's cohort, for BM1 and BM3 meetings."""
    occasion = meeting.step.occasion
    if occasion not in GovernanceLink.OCCASIONS:
        return None
    return GovernanceChainSection(
        chain=governance_chain(
            organisation_id=organisation.pk, cohort_id=meeting.cohort_id, occasion=occasion
        )
    )


def _box_size(chain: GovernanceChain, width: int) -> int:
    """The largest type (18 down to 10 points) at which every word of the boxes fits a box."""
    words = [f"{link.number}. {link.label}" for link in chain.links]
    inner = width - 2 * BOX_PADDING - Inches(0.1)
    for size in range(18, 9, -1):
        if all(longest_word_width(text, size, bold=True) <= inner for text in words):
            return size
    return 10


def _box_lines(link, compared: bool) -> list[tuple[str, bool]]:
    lines = [(f"{link.number}. {link.label}", True), (link.state_label, True)]
    if compared:
        lines.append((_("At BM1: %(state)s") % {"state": link.bm1_state_label}, False))
        lines.append(
            (
                link.change_label
                if link.change
                else pgettext("governance chain", "Not revisited yet"),
                False,
            )
        )
    return lines


def _arrow(slide, left, top, width, height) -> None:
    arrow = slide.shapes.add_shape(MSO_SHAPE.RIGHT_ARROW, left, top, width, height)
    arrow.name = "Arrow"
    arrow.fill.solid()
    arrow.fill.fore_color.rgb = INK
    arrow.line.fill.background()
    arrow.shadow.inherit = False


def _elbow(slide, start, end) -> None:
    """From the bottom of the first row's last box down and back to the second row's first:
    an elbow connector glued to both boxes, with an arrow head (python-pptx sets no line ends,
    so the head goes into the line's XML)."""
    connector = slide.shapes.add_connector(MSO_CONNECTOR.ELBOW, 0, 0, 0, 0)
    connector.begin_connect(start, 2)
    connector.end_connect(end, 0)
    connector.name = "Arrow"
    connector.line.color.rgb = INK
    connector.line.width = Pt(2.25)
    connector.line._get_or_add_ln().append(
        parse_xml(f'<a:tailEnd {nsdecls("a")} type="triangle" w="med" len="med"/>')
    )


def _draw_chain(slide, chain: GovernanceChain) -> None:
    """Three boxes a row, two rows: room for whole Swedish words at a size read from the back
    of the room."""
    width = int((CONTENT_WIDTH - BOX_GAP * (COLUMNS - 1)) / COLUMNS)
    height = Inches(1.75 if chain.compared else 1.3)
    size = _box_size(chain, width)
    boxes = []
    for index, link in enumerate(chain.links):
        row, column = divmod(index, COLUMNS)
        left = MARGIN + column * (width + BOX_GAP)
        top = BOX_TOP + row * (height + ROW_GAP)
        fill, line, dashed = STATE_LOOK[link.state]
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        box.name = f"Link {link.number}: {link.link}"
        box.adjustments[0] = 0.06
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string(fill)
        box.line.color.rgb = RGBColor.from_string(line)
        box.line.width = Pt(2.25)
        if dashed:
            box.line.dash_style = MSO_LINE.DASH
        box.shadow.inherit = False
        frame = box.text_frame
        frame.clear()
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = BOX_PADDING
        frame.margin_top = Inches(0.1)
        for line_index, (text, bold) in enumerate(_box_lines(link, chain.compared)):
            paragraph = frame.paragraphs[0] if line_index == 0 else frame.add_paragraph()
            paragraph.text = text
            paragraph.alignment = PP_ALIGN.LEFT
            style_paragraph(paragraph, size=size, bold=bold, color=INK)
        if column:
            _arrow(
                slide,
                left - BOX_GAP + Inches(0.08),
                top + height / 2 - Inches(0.16),
                BOX_GAP - Inches(0.16),
                Inches(0.32),
            )
        elif index:
            _elbow(slide, boxes[-1], box)
        boxes.append(box)
    rows = -(-len(chain.links) // COLUMNS)
    counts = " · ".join(f"{count.label}: {count.count}" for count in chain.counts)
    lines = [counts]
    if chain.compared:
        better = sum(link.change == "better" for link in chain.links)
        worse = sum(link.change == "worse" for link in chain.links)
        lines.append(
            _("Since BM1: %(better)s links better, %(worse)s worse, %(revisited)s of 6 revisited.")
            % {"better": better, "worse": worse, "revisited": chain.revisited}
        )
    add_textbox(
        slide,
        MARGIN,
        BOX_TOP + rows * height + (rows - 1) * ROW_GAP + Inches(0.2),
        CONTENT_WIDTH,
        Inches(0.8),
        lines,
        size=16,
    )


def _evidence_slide(deck, chain: GovernanceChain) -> None:
    slide = add_content_slide(
        deck, _("The governance chain at %(occasion)s: evidence") % {"occasion": chain.occasion}
    )
    header = [
        pgettext("governance chain", "Link"),
        pgettext("governance chain", "Gender perspective"),
    ]
    if chain.compared:
        header.append(pgettext("governance chain", "Change since BM1"))
    header += [
        pgettext("governance chain", "Evidence"),
        pgettext("governance chain", "Responsible"),
    ]
    rows = []
    for link in chain.links:
        row = [link.label, link.state_label]
        if chain.compared:
            row.append(
                link.change_label
                if link.change
                else pgettext("governance chain", "Not revisited yet")
            )
        row += [link.evidence or "–", link.owner or "–"]
        rows.append(row)
    shares = [0.17, 0.13, 0.12, 0.43, 0.15] if chain.compared else [0.18, 0.14, 0.5, 0.18]
    longest = max((len(link.evidence) for link in chain.links), default=0)
    size = 12 if longest > 160 else 14
    add_table(slide, header, rows, widths=shares, size=size)
