"""The governance chain as a server-rendered SVG diagram: six boxes joined by arrows, each box's
state told by its words, an icon and a pattern as well as by colour. Two layouts of the same
chain: wide (three boxes a row, the second row joined to the first by an elbow) and narrow (one
box under the other, for phones). Coordinates are worked out here and written unlocalised
(svg_number), so a Swedish page never writes "40,0"."""

import textwrap
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.numbers import svg_number

from .models import GovernanceLink
from .selectors.governance_chain import ChainLink, GovernanceChain

LINE = 18  # the height of a line of text
PAD = 10  # inside a box
BAND = 34  # the state band on a box's left: pattern and icon
TITLE_SIZE = 14
WIDE_BOX, WIDE_GAP, WIDE_ROW_GAP, WIDE_COLUMNS = 260, 46, 40, 3
NARROW_BOX, NARROW_GAP = 280, 34

STATE_STYLE = {
    GovernanceLink.State.INTEGRATED: "integrated",
    GovernanceLink.State.PARTLY: "partly",
    GovernanceLink.State.MISSING: "missing",
    "": "unmarked",
}


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Box:
    link: ChainLink
    style: str  # integrated / partly / missing / unmarked: the band's pattern and the icon
    x: str
    y: str
    width: str
    height: str
    band_width: str
    icon_x: str
    icon_y: str
    texts: tuple[Text, ...]


@dataclass(frozen=True)
class Diagram:
    layout: str  # wide or narrow
    width: str
    height: str
    boxes: tuple[Box, ...]
    arrows: tuple[str, ...]  # SVG path data, each ending in an arrow head (marker)
    title: str
    description: str


def _box_lines(link: ChainLink, compared: bool, chars: int) -> list[tuple[str, bool]]:
    lines = [(line, True) for line in textwrap.wrap(f"{link.number}. {link.label}", chars)]
    lines.append((link.state_label, False))
    if compared:
        lines.append((_("At BM1: %(state)s") % {"state": link.bm1_state_label}, False))
        lines.append(
            (
                _("Change: %(change)s") % {"change": link.change_label}
                if link.change
                else pgettext("governance chain", "Not revisited yet"),
                False,
            )
        )
    return lines


def _box(link: ChainLink, compared: bool, x: int, y: int, width: int, height: int, chars: int):
    texts = tuple(
        Text(svg_number(x + BAND + PAD), svg_number(y + PAD + LINE * (index + 1) - 4), text, bold)
        for index, (text, bold) in enumerate(_box_lines(link, compared, chars))
    )
    return Box(
        link=link,
        style=STATE_STYLE[link.state],
        x=svg_number(x),
        y=svg_number(y),
        width=svg_number(width),
        height=svg_number(height),
        band_width=svg_number(BAND),
        icon_x=svg_number(x + BAND / 2),
        icon_y=svg_number(y + height / 2),
        texts=texts,
    )


def _height(chain: GovernanceChain, chars: int) -> int:
    most = max(len(_box_lines(link, chain.compared, chars)) for link in chain.links)
    return most * LINE + 2 * PAD


def _describe(chain: GovernanceChain) -> tuple[str, str]:
    title = _("The governance chain at %(occasion)s") % {"occasion": chain.occasion}
    parts = []
    for link in chain.links:
        part = f"{link.label}: {link.state_label}"
        if chain.compared and link.change:
            part += " (%s)" % (
                _("at BM1: %(state)s, %(change)s")
                % {"state": link.bm1_state_label, "change": link.change_label.lower()}
            )
        parts.append(part)
    return title, "; ".join(parts) + "."


def wide_diagram(chain: GovernanceChain) -> Diagram:
    chars = 24
    height = _height(chain, chars)
    boxes, arrows = [], []
    for index, link in enumerate(chain.links):
        row, column = divmod(index, WIDE_COLUMNS)
        x = column * (WIDE_BOX + WIDE_GAP) + 2
        y = row * (height + WIDE_ROW_GAP) + 2
        boxes.append(_box(link, chain.compared, x, y, WIDE_BOX, height, chars))
        if index == 0:
            continue
        middle = y + height / 2
        if column:
            arrows.append(
                f"M{svg_number(x - WIDE_GAP + 2)} {svg_number(middle)}H{svg_number(x - 6)}"
            )
        else:
            # From the bottom of the row above's last box down and back to this box's top.
            above_x = (WIDE_COLUMNS - 1) * (WIDE_BOX + WIDE_GAP) + 2 + WIDE_BOX / 2
            turn = y - WIDE_ROW_GAP / 2
            arrows.append(
                f"M{svg_number(above_x)} {svg_number(y - WIDE_ROW_GAP + 2)}"
                f"V{svg_number(turn)}H{svg_number(x + WIDE_BOX / 2)}V{svg_number(y - 6)}"
            )
    rows = -(-len(chain.links) // WIDE_COLUMNS)
    title, description = _describe(chain)
    return Diagram(
        layout="wide",
        width=svg_number(WIDE_COLUMNS * WIDE_BOX + (WIDE_COLUMNS - 1) * WIDE_GAP + 4),
        height=svg_number(rows * height + (rows - 1) * WIDE_ROW_GAP + 4),
        boxes=tuple(boxes),
        arrows=tuple(arrows),
        title=title,
        description=description,
    )


def narrow_diagram(chain: GovernanceChain) -> Diagram:
    chars = 24
    height = _height(chain, chars)
    boxes, arrows = [], []
    for index, link in enumerate(chain.links):
        y = index * (height + NARROW_GAP) + 2
        boxes.append(_box(link, chain.compared, 2, y, NARROW_BOX, height, chars))
        if index:
            arrows.append(
                f"M{svg_number(2 + NARROW_BOX / 2)} {svg_number(y - NARROW_GAP + 2)}"
                f"V{svg_number(y - 6)}"
            )
    title, description = _describe(chain)
    count = len(chain.links)
    return Diagram(
        layout="narrow",
        width=svg_number(NARROW_BOX + 4),
        height=svg_number(count * height + (count - 1) * NARROW_GAP + 4),
        boxes=tuple(boxes),
        arrows=tuple(arrows),
        title=title,
        description=description,
    )
