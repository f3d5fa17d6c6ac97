"""The charts of the key figure pages, drawn here as SVG: women and men over the years for one
organisation (a line chart), and women and men for every organisation of a cohort in one year
(a dot plot, one compact row each, the country as a reference line). Both are images whose
values are in the table beside them; coordinates are unlocalised, labels are in the reader's
language."""

import math
from dataclasses import dataclass
from html import escape  # plain strings only; without the lazy wrapper (2,000 shapes)

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.numbers import format_number

from .rows import GenderRow, remembering_writer
from .svg import (
    BAND,
    COLOURS,
    DASHES,
    GRID,
    SECONDARY,
    TEXT,
    Axis,
    axis,
    element,
    group,
    marker,
    svg,
    text_width,
)


def series_names(divided: bool) -> tuple[str, ...]:
    return ("women", "men") if divided else ("total",)


def series_label(name: str) -> str:
    return {"women": _("Women"), "men": _("Men")}.get(name) or pgettext("gender", "Total")


@dataclass(frozen=True)
class LineChart:
    svg: SafeString
    years: list[int]
    axis: Axis


# Small enough a canvas that its 14-15 px text is still 11 px on a phone.
LINE_WIDTH, LINE_HEIGHT, LINE_TOP, LINE_BOTTOM = 480, 262, 22, 228
YEAR_SPACE = 46  # the width a year label needs, so that labels never run into each other
LABEL_GAP = 36  # the height of a direct label: the series' name over its latest value


def _segments(points: list[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive years with a value: a gap in the data is a gap in the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def _spread(positions: dict[str, float], gap: float, low: float, high: float) -> dict:
    """Direct labels at the ends of the lines, moved apart when they would overlap."""
    if len(positions) != 2:
        return positions
    (first, a), (second, b) = sorted(positions.items(), key=lambda item: item[1])
    if b - a < gap:
        middle = min(max((a + b) / 2, low + gap / 2), high - gap / 2)
        a, b = middle - gap / 2, middle + gap / 2
    return {first: a, second: b}


def line_chart(
    rows: list[GenderRow], divided: bool, *, decimals: int, label_id: str, label: str
) -> LineChart | None:
    """Women and men (or the total) over the years, on an axis around the data."""
    names = series_names(divided)
    years = [int(row.label) for row in rows]
    values = {name: [getattr(row, name).value for row in rows] for name in names}
    present = [value for name in names for value in values[name] if value is not None]
    if not present:
        return None
    scale = axis(present)
    tick_labels = [scale.label(tick) for tick in scale.ticks]
    left = 8 + max(text_width(text, 14) for text in tick_labels)
    ends: dict[str, tuple[int, float]] = {}
    for name in names:
        pairs = zip(years, values[name], strict=True)
        latest = [(year, value) for year, value in pairs if value is not None]
        if latest:
            ends[name] = latest[-1]
    end_labels = {
        # the year too when the line stops before the last year of the chart
        name: (
            series_label(name),
            format_number(value, decimals)
            if year == years[-1]
            else f"{format_number(value, decimals)} ({year})",
        )
        for name, (year, value) in ends.items()
    }
    widest = max(text_width(text, 15) for pair in end_labels.values() for text in pair)
    right = LINE_WIDTH - 6 - widest
    plot_left, plot_right = left + 18, right - 12

    def x_of(year: int) -> float:
        if years[0] == years[-1]:
            return (plot_left + plot_right) / 2
        return plot_left + (plot_right - plot_left) * (year - years[0]) / (years[-1] - years[0])

    def y_of(value: float) -> float:
        return scale.position(value, LINE_BOTTOM, LINE_TOP)

    parts = []
    for tick, text in zip(scale.ticks, tick_labels, strict=True):
        y = y_of(tick)
        parts.append(element("line", x1=left + 6, y1=y, x2=right - 4, y2=y, stroke=GRID))
        parts.append(
            element("text", text, x=left, y=y + 5, font_size=14, text_anchor="end", fill=SECONDARY)
        )
    parts.append(
        element("line", x1=left + 6, y1=LINE_BOTTOM, x2=right - 4, y2=LINE_BOTTOM, stroke=TEXT)
    )
    every = max(1, math.ceil(len(years) / max(1, (plot_right - plot_left) // YEAR_SPACE + 1)))
    labelled = set(range(len(years) - 1, -1, -every))  # the latest year always
    for index, year in enumerate(years):
        x = x_of(year)
        parts.append(element("line", x1=x, y1=LINE_BOTTOM, x2=x, y2=LINE_BOTTOM + 5, stroke=TEXT))
        if index in labelled:
            parts.append(
                element(
                    "text",
                    str(year),
                    x=x,
                    y=LINE_BOTTOM + 22,
                    font_size=14,
                    text_anchor="middle",
                    fill=TEXT,
                    class_="app-kf-year",
                )
            )
    label_y = {}
    for name in names:
        points = [(x_of(year), value) for year, value in zip(years, values[name], strict=True)]
        for run in _segments(points):
            parts.append(
                element(
                    "polyline",
                    points=" ".join(f"{x:.1f},{y_of(value):.1f}" for x, value in run),
                    fill="none",
                    stroke=COLOURS[name],
                    stroke_width=2.5,
                    stroke_dasharray=DASHES.get(name),
                )
            )
        for year, (x, value) in zip(years, points, strict=True):
            if value is not None:
                tip = f"{series_label(name)} {year}: {format_number(value, decimals)}"
                parts.append(group([marker(name, x, y_of(value))], tip))
        if name in ends:
            label_y[name] = y_of(ends[name][1])
    for name, y in _spread(label_y, LABEL_GAP, LINE_TOP, LINE_BOTTOM).items():
        title, value = end_labels[name]
        x = plot_right + 10
        parts.append(
            element(
                "text",
                title,
                x=x,
                y=y - 2,
                font_size=15,
                fill=COLOURS[name],
                font_weight="bold",
                class_=f"app-kf-label-{name}",
            )
        )
        parts.append(
            element(
                "text",
                value,
                x=x,
                y=y + 15,
                font_size=14,
                fill=COLOURS[name],
                class_=f"app-kf-value-{name}",
            )
        )
    return LineChart(
        svg=svg(parts, width=LINE_WIDTH, height=LINE_HEIGHT, label_id=label_id, label=label),
        years=years,
        axis=scale,
    )


@dataclass(frozen=True)
class DotPlot:
    svg: SafeString
    axis: Axis
    height: int
    reference_drawn: bool


DOT_WIDTH, NAME_END, PLOT_LEFT, PLOT_RIGHT = 640, 178, 192, 624
ROW_HEIGHT, HEAD = 12, 62
NAME_LENGTH = 28


def _comparable(reference: float, values: list[float]) -> bool:
    """Whether the country's value belongs on the organisations' scale: a rate does, a count
    such as the population (millions beside thousands) does not, or every dot would be
    squeezed into one corner."""
    low, high = min(values), max(values)
    reach = max(high - low, abs(high) * 0.25, abs(low) * 0.25)
    return low - reach <= reference <= high + reach


def _legend(names: tuple[str, ...], national: str, line: bool) -> list[str]:
    parts, x = [], PLOT_LEFT - 180
    for name in names:
        parts.append(marker(name, x + 5, 14))
        text = series_label(name)
        parts.append(element("text", text, x=x + 14, y=18.5, font_size=13, fill=TEXT))
        x += 30 + text_width(text, 13)
    if line:
        parts.append(
            element("line", x1=x, y1=14, x2=x + 22, y2=14, stroke=TEXT, stroke_dasharray="3 3")
        )
        x += 28
    if national:
        parts.append(element("text", national, x=x, y=18.5, font_size=13, fill=TEXT))
    return parts


def dot_plot(
    rows: list[GenderRow],
    national: GenderRow | None,
    divided: bool,
    *,
    decimals: int,
    label_id: str,
    label: str,
    described_by: str,
) -> DotPlot | None:
    """One compact row per organisation: a circle for women and a square for men joined by a
    line (the gap), or a diamond for the total; the country's total as a dashed line."""
    names = series_names(divided)
    values = [getattr(row, name).value for row in rows for name in names]
    present = [value for value in values if value is not None]
    reference = national.total.value if national else None
    off_scale = reference is not None and present and not _comparable(reference, present)
    if reference is not None and not off_scale:
        present.append(reference)
    if not present:
        return None
    scale = axis(present, ticks=5)
    write = remembering_writer(decimals)
    bottom = HEAD + ROW_HEIGHT * len(rows)
    long = len(rows) > 20  # the scale again at the foot, for a chart taller than a screen
    height = bottom + (30 if long else 8)

    def x_of(value: float) -> float:
        return scale.position(value, PLOT_LEFT, PLOT_RIGHT)

    national_text = ""
    if reference is not None:
        national_text = (
            _("%(country)s %(value)s (off the scale)") if off_scale else _("%(country)s %(value)s")
        ) % {"country": national.label, "value": format_number(reference, decimals)}
    drawn = reference is not None and not off_scale
    parts = _legend(names, national_text, drawn)
    for tick in scale.ticks:
        x, text = x_of(tick), scale.label(tick)
        parts.append(element("line", x1=x, y1=HEAD - 6, x2=x, y2=bottom, stroke=GRID))
        for y in (HEAD - 12, bottom + 18) if long else (HEAD - 12,):
            parts.append(
                element("text", text, x=x, y=y, font_size=12, text_anchor="middle", fill=SECONDARY)
            )
    for y in (HEAD - 6, bottom):
        parts.append(element("line", x1=PLOT_LEFT, y1=y, x2=PLOT_RIGHT, y2=y, stroke=SECONDARY))
    labels = {name: series_label(name) for name in names}
    for index, row in enumerate(rows):
        parts.append(_dot_row(row, labels, HEAD + index * ROW_HEIGHT, index, x_of, write))
    if drawn:
        x = x_of(reference)
        parts.append(
            element(
                "line",
                x1=x,
                y1=HEAD - 6,
                x2=x,
                y2=bottom,
                stroke=TEXT,
                stroke_width=1.5,
                stroke_dasharray="3 3",
                class_="app-kf-reference",
            )
        )
    return DotPlot(
        svg=svg(
            parts,
            width=DOT_WIDTH,
            height=height,
            label_id=label_id,
            label=label,
            aria_describedby=described_by,
        ),
        axis=scale,
        height=height,
        reference_drawn=drawn,
    )


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"


def _dot_row(row: GenderRow, labels: dict[str, str], top: int, index: int, x_of, write) -> str:
    """One organisation's row, written directly: a chart of 311 rows draws some 2,000 shapes."""
    middle = top + ROW_HEIGHT / 2
    label = escape(row.label)
    short = label if len(row.label) <= NAME_LENGTH else escape(_short(row.label))
    parts = [f"<g><title>{label}: "]
    cells = [(name, getattr(row, name)) for name in labels]
    parts.append(
        escape(
            "; ".join(
                f"{labels[name]} {cell.status_label if cell.missing else write(cell.value)}"
                for name, cell in cells
            )
        )
    )
    parts.append("</title>")
    if index % 2 == 0:
        parts.append(
            f'<rect x="0" y="{top}" width="{DOT_WIDTH}" height="{ROW_HEIGHT}" fill="{BAND}"/>'
        )
    parts.append(
        f'<text x="{NAME_END}" y="{middle + 4:.1f}" font-size="11" text-anchor="end" '
        f'fill="{TEXT}">{short}</text>'
    )
    shown = [(name, x_of(cell.value)) for name, cell in cells if cell.value is not None]
    if len(shown) == 2:
        parts.append(
            f'<line x1="{shown[0][1]:.1f}" y1="{middle:.1f}" x2="{shown[1][1]:.1f}" '
            f'y2="{middle:.1f}" stroke="{SECONDARY}"/>'
        )
    parts.extend(marker(name, x, middle, size=3.6) for name, x in shown)
    if not shown:
        parts.append(
            f'<text x="{PLOT_LEFT + 4}" y="{middle + 4:.1f}" font-size="10" fill="{SECONDARY}" '
            f'font-style="italic">{escape(cells[0][1].status_label)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
