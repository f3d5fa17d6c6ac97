"""The results section of a BM3 presentation: one slide per key figure the organisation chose
(women and men over the years as a native line chart, the difference, the cluster and the
country, what the organisation reads in it), then its answers on statistics and analysis in
decisions, one question a slide; an empty state when no key figure is chosen yet."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.util import Inches, Pt

from checklists.models import Occasion
from portal.models import Organisation
from portal.numbers import format_number

from ..models import Meeting
from ..selectors.results_pack import ResultsFigure, ResultsPack, results_pack
from .answer_slides import AnswerItem, AnswerSection, answer_section_slides
from .master import CONTENT_BOTTOM
from .slides import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    add_content_slide,
    add_empty_state,
    add_section_slide,
    add_table,
    add_textbox,
    add_writing_box,
)

WOMEN = RGBColor(0x4B, 0x1F, 0x6F)  # the portal's purple
MEN = RGBColor(0x1D, 0x70, 0xB8)
CHART_WIDTH = Inches(7.4)
CHART_HEIGHT = Inches(3.6)
SIDE_LEFT = MARGIN + CHART_WIDTH + Inches(0.3)
SIDE_WIDTH = CONTENT_WIDTH - CHART_WIDTH - Inches(0.3)


@dataclass(frozen=True)
class ResultsSection:
    """Everything the results slides show, read up front."""

    pack: ResultsPack
    # The question set these slides answer in full: the deck does not repeat it elsewhere.
    question_sets: tuple[str, ...] = ("bm3_statistics",)

    def add_slides(self, deck) -> None:
        add_section_slide(
            deck,
            _("Results"),
            _("The key figures we chose, split by sex, and how we use statistics in decisions."),
        )
        if not self.pack.figures:
            slide = add_content_slide(deck, _("Our key figures"))
            add_empty_state(
                slide,
                _(
                    "No key figures have been chosen for the results pack yet: choose them on "
                    "the results pack page in the portal."
                ),
            )
        for figure in self.pack.figures:
            _figure_slide(deck, figure, self.pack.cluster_name)
        answer_section_slides(deck, _statistics_section(self.pack))


def section_for(meeting: Meeting, organisation: Organisation) -> ResultsSection | None:
    """The results section of a BM3 meeting's presentation; none for the other steps."""
    if meeting.step is None or meeting.step.occasion != Occasion.BM3:
        return None
    return ResultsSection(pack=results_pack(organisation=organisation, cohort=meeting.cohort))


def _number(value: float | None, decimals: int) -> str:
    return "–" if value is None else format_number(value, decimals)


def _trend_text(figure: ResultsFigure) -> str:
    trend = figure.trend
    if trend is None:
        return _(
            "There are not yet two years with values for both women and men, so there is no "
            "trend to describe."
        )
    values = {
        "first": format_number(trend.first, figure.decimals),
        "last": format_number(trend.last, figure.decimals),
        "first_year": trend.first_year,
        "last_year": trend.last_year,
    }
    if trend.direction == "narrower":
        return (
            _(
                "The difference has narrowed: from %(first)s in %(first_year)s to %(last)s in %(last_year)s."
            )
            % values
        )
    if trend.direction == "wider":
        return (
            _(
                "The difference has widened: from %(first)s in %(first_year)s to %(last)s in %(last_year)s."
            )
            % values
        )
    return _("The difference is the same in %(last_year)s as in %(first_year)s: %(last)s.") % values


def _chart(slide, figure: ResultsFigure) -> None:
    """Women and men over the years: a native line chart, no automatic title (the slide has
    one), a gap in the line where Kolada has no value."""
    data = CategoryChartData(number_format="0" if figure.decimals == 0 else "0.0")
    data.categories = [str(year.year) for year in figure.years]
    data.add_series(_("Women"), [year.women.value for year in figure.years])
    data.add_series(_("Men"), [year.men.value for year in figure.years])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, MARGIN, CONTENT_TOP, CHART_WIDTH, CHART_HEIGHT, data
    )
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(12)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xD8, 0xE4)
    axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(11)
    styles = ((WOMEN, XL_MARKER_STYLE.CIRCLE), (MEN, XL_MARKER_STYLE.SQUARE))
    for series, (colour, marker) in zip(chart.plots[0].series, styles, strict=True):
        series.smooth = False
        series.format.line.color.rgb = colour
        series.format.line.width = Pt(2.5)
        series.marker.style = marker
        series.marker.size = 8
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = colour


def _figure_slide(deck, figure: ResultsFigure, cluster_name: str) -> None:
    slide = add_content_slide(deck, figure.key_figure.title)
    if figure.years:
        _chart(slide, figure)
    else:
        add_empty_state(slide, _("Kolada has no values for the organisation yet."), CONTENT_TOP)
    latest = figure.latest
    rows = []
    if latest is not None:
        rows = [
            [_("Women"), _number(latest.women.value, figure.decimals)],
            [_("Men"), _number(latest.men.value, figure.decimals)],
            [_("Difference"), _number(latest.difference, figure.decimals)],
            [
                _("The cluster %(name)s") % {"name": cluster_name}
                if cluster_name
                else _("The cluster"),
                _number(latest.cluster, figure.decimals),
            ],
            [_("The country"), _number(latest.national, figure.decimals)],
        ]
        add_table(
            slide,
            [str(latest.year), _("Value")],
            rows,
            left=SIDE_LEFT,
            width=SIDE_WIDTH,
            widths=[0.62, 0.38],
            size=14,
            right_aligned=(1,),
        )
    add_textbox(
        slide,
        SIDE_LEFT,
        CONTENT_TOP + Inches(2.5),
        SIDE_WIDTH,
        Inches(1.1),
        [_trend_text(figure)],
        size=14,
    )
    note_top = CONTENT_TOP + CHART_HEIGHT + Inches(0.1)
    add_textbox(
        slide,
        MARGIN,
        note_top,
        CONTENT_WIDTH,
        Inches(0.35),
        [
            _("Source: Kolada")
            + ". "
            + _(
                "Difference: women − men; the cluster: the mean difference of its other "
                "organisations; the portal's own calculation."
            )
        ],
        size=11,
        color=MUTED,
    )
    box_top = note_top + Inches(0.45)
    box_height = CONTENT_BOTTOM - box_top
    if figure.comment:
        add_textbox(
            slide,
            MARGIN,
            box_top,
            CONTENT_WIDTH,
            box_height,
            [_("What the key figure shows us"), figure.comment],
            size=_comment_size(figure.comment),
        )
    else:
        add_writing_box(
            slide, MARGIN, box_top, CONTENT_WIDTH, box_height, _("What the key figure shows us")
        )


# (characters, points): the largest type at which a comment of up to so many characters fits
# the band under the chart (a comment may be 2,000 characters).
COMMENT_SIZES = ((300, 14), (700, 12), (1200, 10))


def _comment_size(text: str) -> int:
    return next((size for limit, size in COMMENT_SIZES if len(text) <= limit), 9)


def _statistics_section(pack: ResultsPack) -> AnswerSection:
    """The answers on statistics and analysis in decisions, one question a slide, in full."""
    sheet = pack.statistics
    return AnswerSection(
        code=sheet.question_set.code,
        title=sheet.question_set.title,
        items=tuple(
            AnswerItem(question=question.text, answer=question.answer, required=question.required)
            for question in sheet.questions
        ),
    )
