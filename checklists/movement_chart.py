"""Slope charts of movement: an item's (or the total's) score at BM1, at the previous occasion
and now, as a small server-rendered SVG. Coordinates are worked out here and written
unlocalised (svg_number), so a Swedish page never writes "40,0"; the page puts a table with the
same numbers beside each chart, and the line's style (solid up, dashed down, dotted level) says
the direction without relying on colour."""

from dataclasses import dataclass

from portal.numbers import svg_number

from .movement import FELL, ROSE, SAME

WIDTH = 340
TOP = 22
PLOT_HEIGHT = 100
LEFT = 34
RIGHT = 34
LABEL_GAP = 18  # from the plot's bottom to the occasion labels
DASHES = {ROSE: "", FELL: "6 4", SAME: "2 3"}
COLOURS = {ROSE: "#00703c", FELL: "#d4351c", SAME: "#505a5f"}
NEUTRAL = "#505a5f"


@dataclass(frozen=True)
class SlopePoint:
    label: str  # the occasion
    value: int | None
    x: str
    y: str  # "" when not scored
    label_y: str
    value_y: str


@dataclass(frozen=True)
class SlopeChart:
    points: tuple[SlopePoint, ...]
    segments: tuple[tuple[str, str, str, str], ...]  # x1, y1, x2, y2 between scored points
    gridlines: tuple[tuple[int, str], ...]  # (value, y)
    direction: str | None
    width: int = WIDTH

    @property
    def height(self) -> int:
        return TOP + PLOT_HEIGHT + LABEL_GAP + 6

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def dash(self) -> str:
        return DASHES.get(self.direction or "", "")

    @property
    def colour(self) -> str:
        return COLOURS.get(self.direction or "", NEUTRAL)

    @property
    def axis_left(self) -> str:
        return svg_number(LEFT - 12)

    @property
    def axis_right(self) -> str:
        return svg_number(self.width - RIGHT + 12)


def _ticks(lowest: int, highest: int) -> list[int]:
    """Every value for a short scale; about five evenly spread for a total."""
    span = highest - lowest
    if span <= 5:  # noqa: PLR2004 - a scale short enough to show every step
        return list(range(lowest, highest + 1))
    step = max(1, round(span / 4))
    values = list(range(lowest, highest, step))
    return [*values, highest]


def slope_chart(
    values: list[tuple[str, int | None]], *, lowest: int, highest: int, direction: str | None
) -> SlopeChart:
    """The chart of `values` (occasion label, score or None) on a scale from lowest to highest."""
    span = max(highest - lowest, 1)

    def y_of(value: int) -> float:
        return TOP + (highest - value) / span * PLOT_HEIGHT

    step = (WIDTH - LEFT - RIGHT) / max(len(values) - 1, 1)
    points = []
    for index, (label, value) in enumerate(values):
        x = LEFT + index * step
        y = y_of(value) if value is not None else None
        points.append(
            SlopePoint(
                label=label,
                value=value,
                x=svg_number(x),
                y=svg_number(y) if y is not None else "",
                label_y=svg_number(TOP + PLOT_HEIGHT + LABEL_GAP),
                value_y=svg_number((y if y is not None else TOP + PLOT_HEIGHT) - 7),
            )
        )
    scored = [point for point in points if point.y]
    segments = tuple(
        (first.x, first.y, second.x, second.y)
        for first, second in zip(scored, scored[1:], strict=False)
    )
    gridlines = tuple((value, svg_number(y_of(value))) for value in _ticks(lowest, highest))
    return SlopeChart(
        points=tuple(points), segments=segments, gridlines=gridlines, direction=direction
    )
