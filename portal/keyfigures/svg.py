"""The small drawing kit of the key figure charts: SVG elements with coordinates written
unlocalised (a decimal point in every language, or "40,0" would be read as 40 and 0), text
escaped, and an axis of round numbers around the data."""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.numbers import decimals_of, format_number, svg_number

TEXT = "#0b0c0c"
SECONDARY = "#484949"
GRID = "#d8d8dc"
BAND = "#f3f2f1"
# Women and men differ by more than colour everywhere: circles on a solid line for women,
# squares on a dashed line for men, and their names written next to the marks.
COLOURS = {"women": "#5b2a86", "men": "#a84a00", "total": "#0b0c0c"}
DASHES = {"men": "7 4"}


def _attribute(name: str, value) -> str:
    name = name.rstrip("_").replace("_", "-")
    if isinstance(value, float):
        return f'{name}="{svg_number(value)}"'
    if isinstance(value, int):
        return f'{name}="{value}"'
    return f'{name}="{escape(value)}"'


def element(tag: str, text: str | None = None, /, **attributes) -> str:
    """One SVG element; float attributes are coordinates (one decimal, a decimal point),
    other values and the text are escaped."""
    opening = " ".join([tag, *(_attribute(k, v) for k, v in attributes.items() if v is not None)])
    if text is None:
        return f"<{opening}/>"
    return f"<{opening}>{escape(text)}</{tag}>"


def group(parts: list[str], title: str = "", **attributes) -> str:
    opening = " ".join(["g", *(_attribute(k, v) for k, v in attributes.items())])
    heading = element("title", title) if title else ""
    return f"<{opening}>{heading}{''.join(parts)}</g>"


def marker(series: str, x: float, y: float, size: float = 4.5) -> str:
    """Women a circle, men a square, the total a diamond: told apart in black and white.
    (Written directly: the dot plot draws some 600 of them.)"""
    colour = COLOURS[series]
    if series == "women":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}" stroke="#ffffff"/>'
        )
    if series == "men":
        side = size * 1.8
        return (
            f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" '
            f'height="{side:.1f}" fill="{colour}" stroke="#ffffff"/>'
        )
    reach = size * 1.3
    return (
        f'<polygon points="{x:.1f},{y - reach:.1f} {x + reach:.1f},{y:.1f} {x:.1f},'
        f'{y + reach:.1f} {x - reach:.1f},{y:.1f}" fill="{colour}" stroke="#ffffff"/>'
    )


def svg(parts: list[str], *, width: int, height: int, label_id: str, label: str, **extra) -> str:
    """The whole figure: a labelled image whose numbers are in the table next to it."""
    attributes = " ".join(_attribute(k, v) for k, v in extra.items())
    return mark_safe(  # noqa: S308 - every part is built by element() and escaped there
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{escape(label_id)}" '
        f'focusable="false" {attributes}>'
        f"{element('title', label, id=label_id)}{''.join(parts)}</svg>"
    )


@dataclass(frozen=True)
class Axis:
    """A scale of round numbers around the data: its ends, its ticks, and how to write them."""

    low: float
    high: float
    ticks: list[float]
    decimals: int

    def position(self, value: float, start: float, end: float) -> float:
        """Where `value` lies between the coordinates `start` (low) and `end` (high)."""
        return start + (end - start) * (value - self.low) / (self.high - self.low)

    def label(self, value: float) -> str:
        return format_number(value, self.decimals)


def _round_step(span: float, count: int) -> float:
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude * 1.0000001)


def axis(values: list[float], *, ticks: int = 4) -> Axis:
    """From a little below the lowest value to a little above the highest, on round ticks:
    not from zero, so that women and men lie apart when both are far from it. It does not
    cross zero when the data do not."""
    low, high = min(values), max(values)
    pad = (abs(low) * 0.1 or 1.0) if math.isclose(low, high) else (high - low) * 0.08
    padded_low, padded_high = low - pad, high + pad
    if low >= 0 > padded_low:
        padded_low = 0.0
    if high <= 0 < padded_high:
        padded_high = 0.0
    step = _round_step(padded_high - padded_low, ticks)
    start = math.floor(padded_low / step + 1e-9) * step
    end = math.ceil(padded_high / step - 1e-9) * step
    count = round((end - start) / step)
    marks = [round(start + index * step, 10) for index in range(count + 1)]
    return Axis(low=marks[0], high=marks[-1], ticks=marks, decimals=decimals_of(marks, most=4))


def text_width(text: str, size: float) -> float:
    """A generous guess of the width of `text` in the portal's sans-serif font."""
    return len(text) * size * 0.58
