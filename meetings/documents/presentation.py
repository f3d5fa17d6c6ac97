"""The organisation's prefilled PowerPoint presentation for a meeting (16:9): title, team, the
self-assessment as a chart, the stakeholder grid drawn with shapes, the organisation's answers
to the step's questions (each question with its answer, or a place to write it), and a slide per
reflection question. A pure builder: a dataclass in, the .pptx bytes out.

Call the builder inside `translation.override(...)` for the language of the document."""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from stakeholders.grid import HIGH_FROM, Quadrant, quadrant_for

from .analysis import SlideSection
from .answer_slides import AnswerSection, answer_section_slides
from .master import CONTENT_BOTTOM
from .slides import (
    BRAND,
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    SLIDE_WIDTH,
    WHITE,
    TeamMember,
    add_content_slide,
    add_empty_state,
    add_section_slide,
    add_table,
    add_team_slide,
    add_textbox,
    add_title_slide,
    add_writing_box,
    date_text,
    deck_bytes,
    footer_text,
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
# One colour per occasion shown, the earliest lightest, the latest in the portal's purple.
OCCASION_COLOURS = (RGBColor(0xC9, 0xC2, 0xD6), RGBColor(0x8E, 0x6B, 0xB5), BRAND)


# --- Data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartItem:
    number: int
    title: str


@dataclass(frozen=True)
class OccasionScores:
    """One occasion's scores, one per item in the items' order; `done` is False for the
    meeting's own occasion while it has no scores yet."""

    label: str
    scores: tuple[int | None, ...]
    total: int | None
    done: bool = True


@dataclass(frozen=True)
class ChecklistResult:
    occasion_label: str  # the meeting's occasion
    status_label: str  # of the meeting's occasion's assessment; empty when it is not done
    scale_max: int
    scale_legend: str
    items: tuple[ChartItem, ...]
    # Every occasion up to the meeting's, earliest first: those with scores in the same
    # checklist version, and the meeting's own (done or not) last.
    occasions: tuple[OccasionScores, ...]
    movement: int | None  # between the last two occasions with scores; None with one

    @property
    def done(self) -> tuple[OccasionScores, ...]:
        return tuple(occasion for occasion in self.occasions if occasion.done)

    @property
    def current(self) -> OccasionScores | None:
        last = self.occasions[-1]
        return last if last.done and last.label == self.occasion_label else None


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
    checklist: ChecklistResult | None  # None: no scores for the occasion or any before it
    stakeholders_label: str  # the occasion of the analysis shown; empty when there is none
    stakeholders: tuple[GridStakeholder, ...]
    reflection_questions: tuple[str, ...]
    answer_sections: tuple[AnswerSection, ...] = field(default_factory=tuple)
    # The analysis features' slides (movement, effort summaries, results, governance chain,
    # peers), each section drawing its own from data read up front (meetings.documents.analysis).
    analysis_sections: tuple[SlideSection, ...] = field(default_factory=tuple)


# --- The prefilled presentation -------------------------------------------------------------


def build_meeting_template_pptx(data: MeetingTemplate) -> bytes:
    deck = new_deck()
    lines = [data.meeting_title, date_text(data.meeting_date)]
    if data.host_name:
        lines.append(_("Host: %(name)s") % {"name": data.host_name})
    lines.append(data.cohort_name)
    add_title_slide(deck, data.organisation_name, lines)
    add_team_slide(deck, data.team)
    _checklist_slides(deck, data)
    _stakeholder_slide(deck, data)
    for analysis in data.analysis_sections:
        analysis.add_slides(deck)
    for section in data.answer_sections:
        answer_section_slides(deck, section)
    add_section_slide(
        deck,
        _("Reflection"),
        _("The questions we discuss at the meeting, and what we take home from it."),
    )
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
    footer = footer_text(data.organisation_name, data.meeting_title, date_text(data.meeting_date))
    return deck_bytes(deck, footer=footer)


def _answer_slide(deck, title: str, prompt: str) -> None:
    slide = add_content_slide(deck, title)
    add_textbox(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1.2), [prompt], size=22)
    top = Inches(2.8)
    add_writing_box(
        slide, MARGIN, top, CONTENT_WIDTH, CONTENT_BOTTOM - top, _("Write our answer here …")
    )


# --- The self-assessment: a chart, and the trajectory as a table ------------------------------


def _checklist_slides(deck, data: MeetingTemplate) -> None:
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
    _chart(slide, result)
    lines = [_summary_line(result), result.scale_legend]
    if result.current is None:
        lines.insert(0, _not_done_line(result))
    add_textbox(
        slide,
        MARGIN,
        Inches(6.0),
        CONTENT_WIDTH,
        CONTENT_BOTTOM - Inches(6.0),
        lines,
        size=13,
        color=MUTED,
    )
    if len(result.done) > 1:
        _trajectory_slide(deck, result)


def _not_done_line(result: ChecklistResult) -> str:
    return _("%(occasion)s is not done yet; shown are %(earlier)s.") % {
        "occasion": result.occasion_label,
        "earlier": _and_list([occasion.label for occasion in result.done]),
    }


def _and_list(labels: list[str]) -> str:
    if len(labels) < 2:
        return "".join(labels)
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def _chart(slide, result: ChecklistResult) -> None:
    """A native clustered column chart, one series per occasion with scores, earliest first;
    no automatic title (the slide has one)."""
    shown = result.done
    chart_data = CategoryChartData(number_format="0")
    chart_data.categories = [f"{item.number}. {item.title}" for item in result.items]
    for occasion in shown:
        chart_data.add_series(occasion.label, occasion.scores)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        CONTENT_TOP - Inches(0.1),
        CONTENT_WIDTH,
        Inches(4.6),
        chart_data,
    )
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(11)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, result.scale_max, 1
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xD8, 0xE4)
    axis.format.line.fill.background()
    axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(9 if len(result.items) > 8 else 11)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -5
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(10)
    plot.data_labels.number_format = "0"
    plot.data_labels.number_format_is_linked = False
    colours = OCCASION_COLOURS[-len(shown) :]
    for series, colour in zip(plot.series, colours, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour


def _trajectory_slide(deck, result: ChecklistResult) -> None:
    """Item by item and in total, every occasion so far side by side; an occasion not done yet
    keeps its column, with a dash and a note."""
    labels = [occasion.label for occasion in result.occasions]
    slide = add_content_slide(
        deck, _("Self-assessment %(occasion)s") % {"occasion": " → ".join(labels)}
    )
    rows = [
        [f"{item.number}. {item.title}"]
        + [_score(occasion.scores[index]) for occasion in result.occasions]
        for index, item in enumerate(result.items)
    ]
    rows.append([_("Total")] + [_score(occasion.total) for occasion in result.occasions])
    size = 13 if len(rows) <= 12 else 10
    add_table(
        slide,
        [_("Item"), *labels],
        rows,
        widths=[0.64] + [0.36 / len(labels)] * len(labels),
        size=size,
        right_aligned=tuple(range(1, len(labels) + 1)),
    )
    notes = [
        _("%(occasion)s is not done yet.") % {"occasion": occasion.label}
        for occasion in result.occasions
        if not occasion.done
    ]
    add_textbox(
        slide,
        MARGIN,
        Inches(6.35),
        CONTENT_WIDTH,
        CONTENT_BOTTOM - Inches(6.35),
        [" ".join([*notes, result.scale_legend])],
        size=12,
        color=MUTED,
    )


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


def _summary_line(result: ChecklistResult) -> str:
    """The totals, latest first, with the movement since the previous occasion and the
    status of the meeting's own assessment."""
    done = list(reversed(result.done))
    latest = done[0]
    line = _("Total %(occasion)s: %(total)s") % {
        "occasion": latest.label,
        "total": _score(latest.total),
    }
    for earlier in done[1:]:
        line += " · " + _("%(occasion)s: %(total)s") % {
            "occasion": earlier.label,
            "total": _score(earlier.total),
        }
    if result.movement is not None:
        sign = "+" if result.movement > 0 else ("±" if result.movement == 0 else "−")
        line += " · " + _("movement %(movement)s") % {"movement": f"{sign}{abs(result.movement)}"}
    if result.status_label:
        line += " · " + _("status: %(status)s") % {"status": result.status_label}
    return line


# --- The stakeholder grid, drawn with shapes --------------------------------------------------


GRID_LEFT, GRID_TOP = Inches(1.25), Inches(1.5)
CELL_WIDTH, CELL_HEIGHT = Inches(2.2), Inches(1.5)
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
