"""One comparison row as a tag: the comparison shows every organisation (311 rows of some fifteen
cells), and a template loop per cell was most of the page's time; the same markup built here
takes a fraction of it."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from portal.numbers import format_number

from ..comparison import INCOMPLETE, NOT_READY, READY
from ..scoring import signed

register = template.Library()

CELL = "govuk-table__cell"
NUMERIC = "govuk-table__cell govuk-table__cell--numeric"
STATUS_TAGS = {
    "submitted": "govuk-tag--green",
    "draft": "govuk-tag--yellow",
    None: "govuk-tag--grey",
}


def _labels() -> dict:
    """The words of a row, translated once per page rather than per row."""
    return {
        "incomplete": gettext("incomplete"),
        READY: gettext("Yes"),
        NOT_READY: gettext("Not yet"),
        INCOMPLETE: gettext("Incomplete"),
        "submitted": gettext("Submitted"),
        "draft": gettext("Draft"),
        None: gettext("Not started"),
    }


@register.simple_tag
def comparison_rows(rows, data) -> str:
    """The rows of one group of the comparison table."""
    labels = _labels()
    show_cluster, with_movement = data.show_cluster, data.base is not None
    return mark_safe(  # noqa: S308 - every text below is escaped, the rest is fixed markup
        "\n".join(_row(row, labels, show_cluster, with_movement) for row in rows)
    )


def _row(row, labels: dict, show_cluster: bool, with_movement: bool) -> str:
    name = escape(row.organisation.name)
    cells = [f'<th scope="row" class="govuk-table__header">{name}</th>']
    if show_cluster:
        cells.append(f'<td class="{CELL}">{escape(row.cluster_label)}</td>')
    # Whole numbers and the fixed level names (none, low, mid, top) only: nothing to escape.
    cells.extend(
        f'<td class="{NUMERIC} app-score app-score--{level}">'
        f"{'–' if value is None else int(value)}</td>"
        for value, level in row.score_cells
    )
    if row.total is None:
        cells.append(f'<td class="{NUMERIC}">–</td>')
    else:
        note = (
            ""
            if row.complete
            else f' <span class="govuk-visually-hidden">({labels["incomplete"]})</span>'
        )
        cells.append(
            f'<td class="{NUMERIC}"><strong>{format_number(row.total)}</strong>{note}</td>'
        )
    if with_movement:
        cells.append(f'<td class="{NUMERIC}">{signed(row.movement)}</td>')
    if row.state == READY:
        cells.append(f'<td class="{CELL}"><strong>{labels[READY]}</strong></td>')
    elif row.state in (NOT_READY, INCOMPLETE):
        cells.append(f'<td class="{CELL}">{labels[row.state]}</td>')
    else:
        cells.append(f'<td class="{CELL}">–</td>')
    status = row.status if row.status in ("submitted", "draft") else None
    cells.append(
        f'<td class="{CELL}"><strong class="govuk-tag {STATUS_TAGS[status]}">'
        f"{labels[status]}</strong></td>"
    )
    return f'<tr class="govuk-table__row" data-filter-text="{name}">' + "".join(cells) + "</tr>"
