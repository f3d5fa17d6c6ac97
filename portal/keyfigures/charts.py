"""The charts of the key figure pages, as coordinates for SVG drawn in the templates: women and
men over the years for one organisation, and bars across a cohort for one year."""

from dataclasses import dataclass

from .rows import GenderRow


@dataclass(frozen=True)
class LineChart:
    """Women and men over the years, as coordinates for an SVG drawn in the template."""

    width: int
    height: int
    women_points: str
    men_points: str
    total_points: str
    years: list[tuple[float, int]]
    low: float
    high: float


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 560, 200, 40


def _points(series: list[tuple[int, float | None]], x_of, y_of) -> str:
    return " ".join(
        f"{x_of(i):.1f},{y_of(v):.1f}" for i, (_y, v) in enumerate(series) if v is not None
    )


def line_chart(rows: list[GenderRow], divided: bool) -> LineChart | None:
    series = {
        "women": [(int(row.label), row.women.value) for row in rows],
        "men": [(int(row.label), row.men.value) for row in rows],
        "total": [(int(row.label), row.total.value) for row in rows],
    }
    numbers = [v for key in series for _y, v in series[key] if v is not None]
    if not numbers:
        return None
    low, high = min(0.0, min(numbers)), max(numbers)
    span = (high - low) or 1.0
    steps = max(len(rows) - 1, 1)
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD

    def x_of(index: int) -> float:
        return CHART_PAD + inner_w * index / steps

    def y_of(value: float) -> float:
        return CHART_PAD + inner_h * (1 - (value - low) / span)

    return LineChart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        women_points=_points(series["women"], x_of, y_of) if divided else "",
        men_points=_points(series["men"], x_of, y_of) if divided else "",
        total_points="" if divided else _points(series["total"], x_of, y_of),
        years=[(x_of(index), int(row.label)) for index, row in enumerate(rows)],
        low=low,
        high=high,
    )


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[dict]
    high: float


def bar_chart(rows: list[GenderRow], divided: bool) -> BarChart | None:
    series = ("women", "men") if divided else ("total",)
    numbers = [getattr(row, name).value for row in rows for name in series]
    numbers = [abs(number) for number in numbers if number is not None]
    if not numbers:
        return None
    high = max(numbers) or 1.0
    label_w, bar_h, width = 190, 12, 560
    bars, y = [], 10
    for row in rows:
        for index, name in enumerate(series):
            value = getattr(row, name).value
            bars.append(
                {
                    "series": name,
                    "label": row.label if index == 0 else "",
                    "x": label_w,
                    "y": y,
                    "width": 0 if value is None else (width - label_w - 10) * abs(value) / high,
                    "height": bar_h,
                    "text_y": y + bar_h - 2,
                }
            )
            y += bar_h + 1
        y += 8
    return BarChart(width=width, height=y + 10, bars=bars, high=high)
