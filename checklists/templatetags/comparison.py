"""The heatmap cells of one comparison row as a tag: the comparison shows every organisation
(311 rows of ten items), and a template loop per cell was most of the page's time."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


@register.simple_tag
def comparison_row(row, with_movement) -> str:
    """One organisation's whole row. A template loop over 311 rows of some thirty nodes each was
    three quarters of the page's time; the same markup built here takes a fraction of it."""
    enrolment = row.enrolment
    placement = enrolment.cohort.name + (
        f" / {enrolment.cluster.name}" if enrolment.cluster else ""
    )
    total = "–" if row.total is None else str(row.total)
    if row.total is not None and not row.complete:
        total_cell = format_html(
            '<td class="num"><strong>{}</strong> <small>({})</small></td>',
            total,
            gettext("incomplete"),
        )
    else:
        total_cell = format_html('<td class="num"><strong>{}</strong></td>', total)
    movement_cell = ""
    if with_movement:
        movement = row.movement
        if movement is None:
            shown = "–"
        elif movement > 0:
            shown = f"+{movement}"
        elif movement == 0:
            shown = "±0"
        else:
            shown = str(movement)
        movement_cell = format_html('<td class="num">{}</td>', shown)
    readiness = row.readiness
    if readiness is None:
        ready_cell = mark_safe("<td>–</td>")  # noqa: S308 - a constant
    elif not readiness.complete:
        ready_cell = format_html("<td>{}</td>", gettext("Incomplete"))
    elif readiness.is_ready:
        ready_cell = format_html("<td><strong>{}</strong></td>", gettext("Yes"))
    else:
        ready_cell = format_html("<td>{}</td>", gettext("Not yet"))
    status = {"submitted": gettext("Submitted"), "draft": gettext("Draft")}.get(
        row.status, gettext("Not started")
    )
    return format_html(
        '<tr>\n      <th scope="row">{}</th>\n      <td>{}</td>\n      <td>{}</td>\n'
        "      {}\n      {}{}\n      {}\n      <td>{}</td>\n    </tr>",
        row.organisation.name,
        placement,
        row.kind_label,
        score_cells(row),
        total_cell,
        movement_cell,
        ready_cell,
        status,
    )
