"""One comparison row as a tag: the comparison shows every organisation (311 rows of some fifteen
cells), and a template loop per cell was most of the page's time; the same markup built here
takes a fraction of it."""

from html import escape  # Django's escape without its lazy-string wrapper: 311 rows

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from portal.numbers import number_writer

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
    writer = _Writer(_labels(), show_cluster=data.show_cluster, with_movement=data.base is not None)
    return mark_safe(  # noqa: S308 - every text below is escaped, the rest is fixed markup
        "\n".join(writer.row(row) for row in rows)
    )


class _Writer:
    """Writes the rows of one table. The cells repeat a few values (a score and its level, a
    total, a status), so each cell's markup is built once per page and then reused."""

    def __init__(self, labels: dict, *, show_cluster: bool, with_movement: bool):
        self.labels = labels
        self.show_cluster, self.with_movement = show_cluster, with_movement
        self.write_number = number_writer(0)
        self.score_cells: dict = {}
        self.total_cells: dict = {}
        self.ready_cells = {
            READY: f'<td class="{CELL}"><strong>{labels[READY]}</strong></td>',
            NOT_READY: f'<td class="{CELL}">{labels[NOT_READY]}</td>',
            INCOMPLETE: f'<td class="{CELL}">{labels[INCOMPLETE]}</td>',
        }
        self.status_cells = {
            status: f'<td class="{CELL}"><strong class="govuk-tag {tag}">'
            f"{labels[status]}</strong></td>"
            for status, tag in STATUS_TAGS.items()
        }

    def score_cell(self, value, level: str) -> str:
        # Whole numbers and the fixed level names (none, low, mid, top) only: nothing to escape.
        return (
            f'<td class="{NUMERIC} app-score app-score--{level}">'
            f"{'–' if value is None else int(value)}</td>"
        )

    def total_cell(self, total, complete: bool) -> str:
        if total is None:
            return f'<td class="{NUMERIC}">–</td>'
        note = (
            ""
            if complete
            else f' <span class="govuk-visually-hidden">({self.labels["incomplete"]})</span>'
        )
        return f'<td class="{NUMERIC}"><strong>{self.write_number(total)}</strong>{note}</td>'

    def row(self, row) -> str:
        name = escape(row.organisation.name)
        cells = [f'<th scope="row" class="govuk-table__header">{name}</th>']
        if self.show_cluster:
            cells.append(f'<td class="{CELL}">{escape(row.cluster_label)}</td>')
        score_cells, level_of = self.score_cells, row.level_of
        for value in row.scores:
            level = "none" if value is None else level_of.get(value, "mid")
            cell = score_cells.get((value, level))
            if cell is None:
                cell = score_cells[(value, level)] = self.score_cell(value, level)
            cells.append(cell)
        key = (row.total, row.complete)
        cell = self.total_cells.get(key)
        if cell is None:
            cell = self.total_cells[key] = self.total_cell(*key)
        cells.append(cell)
        if self.with_movement:
            cells.append(f'<td class="{NUMERIC}">{signed(row.movement)}</td>')
        cells.append(self.ready_cells.get(row.state, f'<td class="{CELL}">–</td>'))
        status = row.status if row.status in ("submitted", "draft") else None
        cells.append(self.status_cells[status])
        return f'<tr class="govuk-table__row" data-filter-text="{name}">' + "".join(cells) + "</tr>"


SUMMARY_CELL = '  <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>\n'


@register.simple_tag
def comparison_summary_row(group, data) -> str:
    """One row of the summary table (the whole round, the rows shown, a cluster, a type)."""
    whole, one_decimal = number_writer(0), number_writer(1)
    chosen = group.chosen
    hidden = (
        f' <span class="govuk-visually-hidden">({escape(gettext("chosen"))})</span>'
        if chosen
        else ""
    )
    counts = (group.organisations, group.submitted, group.not_submitted, group.missing)
    cells = [SUMMARY_CELL.format(whole(value)) for value in (*counts, group.ready)]
    cells.append(SUMMARY_CELL.format(one_decimal(group.total_average) or "–"))
    movement = (
        '<td class="govuk-table__cell govuk-table__cell--numeric">'
        f"{one_decimal(group.movement_average) or '–'}</td>"
        if data.base
        else ""
    )
    return mark_safe(  # noqa: S308 - the label is escaped, the rest are numbers
        f'<tr class="govuk-table__row{" app-comparison-summary__chosen" if chosen else ""}">\n'
        f'  <th scope="row" class="govuk-table__header">{escape(group.label)}{hidden}</th>\n'
        + "".join(cells)
        + f"  {movement}\n</tr>\n"
    )


ARROWS = {
    "ascending": '<span class="app-comparison__arrow" aria-hidden="true">▲</span>',
    "descending": '<span class="app-comparison__arrow" aria-hidden="true">▼</span>',
}


@register.simple_tag
def comparison_sort_header(header, css: str, vertical: bool = False) -> str:
    """A column heading of the comparison table: a link that sorts by the column."""
    sort = f' aria-sort="{escape(header.state)}"' if header.state else ""
    label = escape(str(header.label))
    if vertical:
        label = f'<span class="app-comparison__vertical">{label}</span>'
    return mark_safe(  # noqa: S308 - every text is escaped
        f'<th scope="col" class="govuk-table__header {escape(css)}"{sort}>'
        f'<a class="govuk-link app-comparison__sort" href="{escape(header.url)}">'
        f"{label}{ARROWS.get(header.state, '')}</a></th>\n"
    )
