"""The heatmap cells of one comparison row as a tag: the comparison shows every organisation
(311 rows of ten items), and a template loop per cell was most of the page's time."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def score_cells(row) -> str:
    # Only whole numbers and the fixed level names (none, low, mid, top) go in: nothing to
    # escape, so the cells are joined directly rather than through format_html per cell.
    return mark_safe(  # noqa: S308
        "".join(
            f'<td class="num score score-{level}">{"–" if value is None else int(value)}</td>'
            for value, level in row.score_cells
        )
    )
