"""The cell of a key figure (a value, or Kolada's marker for a missing one) as a tag: the
cohort page shows three per organisation, and an include each cost more than the row itself."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag
def key_figure_cell(cell) -> str:
    if cell.missing:
        return format_html(
            '<abbr title="{}">{}</abbr><span class="visually-hidden"> ({})</span>',
            cell.status_label,
            cell.status or "–",
            cell.status_label,
        )
    return floatformat(cell.value, "-2")


SERIES_COLOURS = {"women": "#4b1f6f", "men": "#1d6b35"}


@register.simple_tag
def key_figure_bars(chart) -> str:
    """The bars of the cohort chart (two per organisation): coordinates written directly, the
    labels escaped; a template loop over some 600 bars was most of the page's time."""
    parts = []
    for bar in chart.bars:
        if bar["label"]:
            parts.append(
                format_html(
                    '<text x="0" y="{}" font-size="11" fill="#1b1b1f">{}</text>',
                    bar["text_y"],
                    Truncator(bar["label"]).chars(28),
                )
            )
        parts.append(
            f'<rect x="{bar["x"]}" y="{bar["y"]}" width="{floatformat(bar["width"], "1u")}" '
            f'height="{bar["height"]}" fill="{SERIES_COLOURS.get(bar["series"], "#4a4a55")}"/>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - numbers and escaped labels only
