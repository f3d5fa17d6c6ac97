"""The distribution of totals in the comparison as a small SVG histogram, one panel per occasion
that has totals. Coordinates are worked out here and written unlocalised (svg_number): the
template never formats a coordinate, so a Swedish page never writes "40,0". The counts and
totals the chart shows are written here too, in the reader's language, once per chart rather
than through a template filter per bar."""

from collections import Counter
from dataclasses import dataclass

from portal.numbers import number_writer, svg_number
from portal.occasions import Occasion

LEFT = 8
RIGHT = 8
BIN = 14
TITLE = 16  # the panel's title line
HEADROOM = 14  # room for the count above the tallest bar
BARS = 40
GAP = 12
TICKS = 18


@dataclass(frozen=True)
class Bar:
    total: int
    count: int
    x: str
    y: str
    width: str
    height: str
    label_x: str
    label_y: str
    count_text: str  # the count and the total in the reader's language
    total_text: str


@dataclass(frozen=True)
class Panel:
    occasion: str
    totals: tuple[int, ...]
    bars: tuple[Bar, ...]
    title_y: str
    axis_y: str
    count_text: str = ""  # how many totals, in the reader's language

    @property
    def label(self) -> str:
        return Occasion(self.occasion).label

    @property
    def count(self) -> int:
        return len(self.totals)

    @property
    def minimum(self) -> int | None:
        return min(self.totals) if self.totals else None

    @property
    def maximum(self) -> int | None:
        return max(self.totals) if self.totals else None

    @property
    def median(self) -> float | None:
        if not self.totals:
            return None
        ordered, middle = sorted(self.totals), len(self.totals) // 2
        if len(ordered) % 2:
            return ordered[middle]
        return (ordered[middle - 1] + ordered[middle]) / 2

    @property
    def mean(self) -> float | None:
        return sum(self.totals) / len(self.totals) if self.totals else None


@dataclass(frozen=True)
class Distribution:
    panels: tuple[Panel, ...]  # the occasions with at least one total
    stats: tuple[Panel, ...]  # every occasion, for the table of figures
    width: int
    height: int
    axis_end: str
    ticks: tuple[tuple[str, str, str], ...]  # x, y, the value in the reader's language

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def width_text(self) -> str:
        return str(self.width)

    @property
    def height_text(self) -> str:
        return str(self.height)


def distribution_chart(
    totals_by_occasion: dict[str, list[int]], *, lowest: int, highest: int
) -> Distribution:
    write = number_writer(0)
    bins = highest - lowest + 1
    width = LEFT + bins * BIN + RIGHT
    panel_height = TITLE + HEADROOM + BARS + GAP
    stats, panels = [], []
    for occasion, totals in totals_by_occasion.items():
        top = len(panels) * panel_height
        counts = Counter(totals)
        tallest = max(counts.values(), default=0)
        bars = []
        for value, count in sorted(counts.items()):
            height = BARS * count / tallest
            x = LEFT + (value - lowest) * BIN + 1
            y = top + TITLE + HEADROOM + BARS - height
            bars.append(
                Bar(
                    total=value,
                    count=count,
                    x=svg_number(x),
                    y=svg_number(y),
                    width=svg_number(BIN - 2),
                    height=svg_number(height),
                    label_x=svg_number(x + (BIN - 2) / 2),
                    label_y=svg_number(y - 3),
                    count_text=write(count),
                    total_text=write(value),
                )
            )
        panel = Panel(
            occasion=occasion,
            totals=tuple(totals),
            bars=tuple(bars),
            title_y=svg_number(top + TITLE - 4),
            axis_y=svg_number(top + TITLE + HEADROOM + BARS),
            count_text=write(len(totals)),
        )
        stats.append(panel)
        if totals:
            panels.append(panel)
    height = len(panels) * panel_height + TICKS
    return Distribution(
        panels=tuple(panels),
        stats=tuple(stats),
        width=width,
        height=height,
        axis_end=svg_number(width - RIGHT),
        ticks=tuple(
            (
                svg_number(LEFT + (value - lowest) * BIN + BIN / 2),
                svg_number(height - 5),
                write(value),
            )
            for value in range(lowest, highest + 1)
            if (value - lowest) % 2 == 0
        ),
    )
