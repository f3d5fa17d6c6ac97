"""The organisation's prefilled PowerPoint presentation for a meeting (16:9): title, team, the
self-assessment as a chart, the stakeholder grid drawn with shapes, and a slide per reflection
question. A pure builder: a dataclass in, the .pptx bytes out.

Call the builder inside `translation.override(...)` for the language of the document."""

import math
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from stakeholders.grid import HIGH_FROM, Quadrant, quadrant_for

from .slides import (
    BRAND,
    CONTENT_TOP,
    MARGIN,
    MUTED,
    PREVIOUS,
    SLIDE_WIDTH,
    WHITE,
    TeamMember,
    add_content_slide,
    add_empty_state,
    add_team_slide,
    add_textbox,
    add_title_slide,
    date_text,
    deck_bytes,
    new_deck,
    write_lines,
)

QUADRANT_FILLS = {
    Quadrant.MANAGE_CLOSELY: RGBColor(0xF3, 0xE3, 0xEE),
    Quadrant.KEEP_SATISFIED: RGBColor(0xE4, 0xEC, 0xF6),
    Quadrant.KEEP_INFORMED: RGBColor(0xE6, 0xF2, 0xE6),
    Quadrant.MONITOR: RGBColor(0xF1, 0xF1, 0xF1),
}
SCALE_LEVELS = (1, 2, 3)  # the stakeholder grid's influence and interest scale


# --- Data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartItem:
    number: int
    title: str
    score: int | None
    previous: int | None = None


@dataclass(frozen=True)
class ChecklistResult:
    occasion_label: str
    previous_label: str  # empty when there is nothing to compare with (BM1, no earlier one)
    status_label: str
    scale_max: int
    scale_legend: str
    items: tuple[ChartItem, ...]
    total: int | None
    previous_total: int | None
    movement: int | None

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_label)


@dataclass(frozen=True)
class GridStakeholder:
    number: int
    name: str
    influence: int
    interest: int


@dataclass(frozen=True)
class MeetingTemplate:
    organisation_name: str
    organisation_code: str
    meeting_title: str
    meeting_date: date
    host_name: str
    cohort_name: str
    team: tuple[TeamMember, ...]
    occasion_label: str  # empty when the meeting's step has no assessment occasion
    checklist: ChecklistResult | None  # None: no scored self-assessment for the occasion
    stakeholders_label: str  # the occasion of the analysis shown; empty when there is none
    stakeholders: tuple[GridStakeholder, ...]
    reflection_questions: tuple[str, ...]


# --- The prefilled presentation -------------------------------------------------------------


def build_meeting_template_pptx(data: MeetingTemplate) -> bytes:
    deck = new_deck()
    lines = [data.meeting_title, date_text(data.meeting_date)]
    if data.host_name:
        lines.append(_("Host: %(name)s") % {"name": data.host_name})
    lines.append(data.cohort_name)
    add_title_slide(deck, data.organisation_name, lines)
    add_team_slide(deck, data.team)
    _checklist_slide(deck, data)
    _stakeholder_slide(deck, data)
    count = len(data.reflection_questions)
    for number, question in enumerate(data.reflection_questions, start=1):
        _answer_slide(
            deck,
            _("Reflection question %(number)s of %(count)s") % {"number": number, "count": count},
            question,
        )
    if not data.reflection_questions:
        slide = add_content_slide(deck, _("Reflection questions"))
        add_empty_state(slide, _("This meeting has no reflection questions."))
    _answer_slide(
        deck,
        _("Improvement ideas"),
        _("What do we take home from the meeting? Which improvements do we want to try next?"),
    )
    return deck_bytes(deck)


def _answer_slide(deck, title: str, prompt: str) -> None:
    slide = add_content_slide(deck, title)
    add_textbox(
        slide, MARGIN, CONTENT_TOP, SLIDE_WIDTH - 2 * MARGIN, Inches(1.2), [prompt], size=22
    )
    box = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE,
        MARGIN,
        Inches(2.85),
        SLIDE_WIDTH - 2 * MARGIN,
        Inches(4.1),
    )
    box.adjustments[0] = 0.04
    box.fill.solid()
    box.fill.fore_color.rgb = WHITE
    box.line.color.rgb = PREVIOUS
    frame = write_lines(box.text_frame, [_("Our answer:")], size=16, italic=True, color=MUTED)
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def _checklist_slide(deck, data: MeetingTemplate) -> None:
    result = data.checklist
    if not data.occasion_label:
        slide = add_content_slide(deck, _("Self-assessment"))
        add_empty_state(slide, _("This meeting has no self-assessment occasion."))
        return
    slide = add_content_slide(
        deck, _("Self-assessment %(occasion)s") % {"occasion": data.occasion_label}
    )
    if result is None:
        add_empty_state(
            slide, _("No self-assessment for %(occasion)s yet.") % {"occasion": data.occasion_label}
        )
        return
    chart_data = CategoryChartData(number_format="0")
    chart_data.categories = [f"{item.number}. {item.title}" for item in result.items]
    if result.has_previous:
        chart_data.add_series(result.previous_label, [item.previous for item in result.items])
    chart_data.add_series(result.occasion_label, [item.score for item in result.items])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        CONTENT_TOP - Inches(0.1),
        SLIDE_WIDTH - 2 * MARGIN,
        Inches(4.9),
        chart_data,
    )
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, result.scale_max, 1
    axis.has_major_gridlines = True
    axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(9 if len(result.items) > 8 else 11)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(10)
    plot.data_labels.number_format = "0"
    plot.data_labels.number_format_is_linked = False
    colours = [PREVIOUS, BRAND] if result.has_previous else [BRAND]
    for series, colour in zip(plot.series, colours, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour
    add_textbox(
        slide,
        MARGIN,
        Inches(6.35),
        SLIDE_WIDTH - 2 * MARGIN,
        Inches(0.9),
        [_summary_line(result), result.scale_legend],
        size=13,
        color=MUTED,
    )


def _summary_line(result: ChecklistResult) -> str:
    total = "–" if result.total is None else str(result.total)
    line = _("Total %(occasion)s: %(total)s") % {"occasion": result.occasion_label, "total": total}
    if result.has_previous:
        line += " · " + _("%(occasion)s: %(total)s") % {
            "occasion": result.previous_label,
            "total": "–" if result.previous_total is None else result.previous_total,
        }
        if result.movement is not None:
            sign = "+" if result.movement > 0 else ("±" if result.movement == 0 else "−")
            line += " · " + _("movement %(movement)s") % {
                "movement": f"{sign}{abs(result.movement)}"
            }
    line += " · " + _("status: %(status)s") % {"status": result.status_label}
    return line


# --- The stakeholder grid, drawn with shapes --------------------------------------------------


GRID_LEFT, GRID_TOP = Inches(1.25), Inches(1.5)
CELL_WIDTH, CELL_HEIGHT = Inches(2.2), Inches(1.6)
POINT = Inches(0.4)


def _cell_origin(influence: int, interest: int) -> tuple[int, int]:
    left = GRID_LEFT + (interest - SCALE_LEVELS[0]) * CELL_WIDTH
    top = GRID_TOP + (SCALE_LEVELS[-1] - influence) * CELL_HEIGHT
    return int(left), int(top)


def _spots(count: int, left: int, top: int) -> list[tuple[int, int]]:
    """Top-left corners for `count` points spread over a cell below its quadrant label."""
    columns = max(1, math.ceil(math.sqrt(count * CELL_WIDTH / CELL_HEIGHT)))
    rows = max(1, math.ceil(count / columns))
    step_x = CELL_WIDTH / (columns + 1)
    usable = CELL_HEIGHT - Inches(0.35)
    step_y = usable / (rows + 1)
    return [
        (
            int(left + step_x * (index % columns + 1) - POINT / 2),
            int(top + Inches(0.35) + step_y * (index // columns + 1) - POINT / 2),
        )
        for index in range(count)
    ]


def _stakeholder_slide(deck, data: MeetingTemplate) -> None:
    title = _("Stakeholder analysis")
    if data.stakeholders_label:
        title = _("Stakeholder analysis %(occasion)s") % {"occasion": data.stakeholders_label}
    slide = add_content_slide(deck, title)
    low, top_level = SCALE_LEVELS[0], SCALE_LEVELS[-1]
    regions = {
        Quadrant.MANAGE_CLOSELY: (HIGH_FROM, top_level, HIGH_FROM, top_level),
        Quadrant.KEEP_SATISFIED: (HIGH_FROM, top_level, low, HIGH_FROM - 1),
        Quadrant.KEEP_INFORMED: (low, HIGH_FROM - 1, HIGH_FROM, top_level),
        Quadrant.MONITOR: (low, HIGH_FROM - 1, low, HIGH_FROM - 1),
    }
    for quadrant, (influence_low, influence_high, interest_low, interest_high) in regions.items():
        left, top = _cell_origin(influence_high, interest_low)
        region = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            left,
            top,
            CELL_WIDTH * (interest_high - interest_low + 1),
            CELL_HEIGHT * (influence_high - influence_low + 1),
        )
        region.fill.solid()
        region.fill.fore_color.rgb = QUADRANT_FILLS[quadrant]
        region.line.color.rgb = MUTED
        region.name = f"Quadrant {quadrant.value}"
        frame = write_lines(region.text_frame, [str(quadrant.label)], size=13, bold=True)
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    levels = {1: _("low"), 2: _("medium"), 3: _("high")}
    for level in SCALE_LEVELS:
        left, top = _cell_origin(level, low)
        add_textbox(
            slide,
            Inches(0.45),
            top + CELL_HEIGHT // 2 - Inches(0.2),
            Inches(0.8),
            Inches(0.4),
            [f"{level} {levels[level]}"],
            size=10,
            color=MUTED,
        )
        left, top = _cell_origin(low, level)
        add_textbox(
            slide,
            left,
            GRID_TOP + 3 * CELL_HEIGHT + Inches(0.02),
            CELL_WIDTH,
            Inches(0.3),
            [f"{level} {levels[level]}"],
            size=10,
            color=MUTED,
        ).text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    add_textbox(
        slide,
        GRID_LEFT,
        GRID_TOP + 3 * CELL_HEIGHT + Inches(0.3),
        3 * CELL_WIDTH,
        Inches(0.35),
        [_("Interest") + " →"],
        size=13,
        bold=True,
    ).text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    axis = add_textbox(
        slide,
        Inches(-1.1),
        GRID_TOP + int(1.5 * CELL_HEIGHT) - Inches(0.2),
        Inches(2.6),
        Inches(0.4),
        [_("Influence") + " →"],
        size=13,
        bold=True,
    )
    axis.rotation = 270
    axis.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER

    legend_left = GRID_LEFT + 3 * CELL_WIDTH + Inches(0.35)
    legend_width = SLIDE_WIDTH - legend_left - MARGIN
    if not data.stakeholders:
        add_textbox(
            slide,
            legend_left,
            GRID_TOP,
            legend_width,
            Inches(1.5),
            [_("No stakeholder analysis yet.")],
            size=18,
            italic=True,
            color=MUTED,
        )
        return
    by_cell: dict[tuple[int, int], list[GridStakeholder]] = {}
    for point in data.stakeholders:
        by_cell.setdefault((point.influence, point.interest), []).append(point)
    for (influence, interest), points in sorted(by_cell.items()):
        left, top = _cell_origin(influence, interest)
        for point, (x, y) in zip(points, _spots(len(points), left, top), strict=True):
            dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, x, y, POINT, POINT)
            dot.fill.solid()
            dot.fill.fore_color.rgb = BRAND
            dot.line.fill.background()
            dot.name = f"Stakeholder {point.number}"
            frame = write_lines(
                dot.text_frame, [str(point.number)], size=10, bold=True, color=WHITE
            )
            frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
            frame.word_wrap = False
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    count = len(data.stakeholders)
    size = 14 if count <= 12 else (11 if count <= 20 else 8)
    lines = [
        f"{point.number}. {point.name} ({quadrant_for(point.influence, point.interest).label})"
        for point in data.stakeholders
    ]
    add_textbox(
        slide,
        legend_left,
        GRID_TOP,
        legend_width,
        3 * CELL_HEIGHT,
        lines,
        size=size,
    )
