"""The cells and rows of the key figure tables, written in Python: the cohort page has three to
six cells for each of some 300 organisations, and a template include per row or cell cost more
than the rest of the page. Numbers are in the reader's language with the measure's fixed
decimals; Kolada's markers are words with what Kolada means by them."""

import html

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.keyfigures.rows import RATIO_DECIMALS, Cell, GenderRow, remembering_writer

register = template.Library()

NUMERIC = "govuk-table__cell govuk-table__cell--numeric"


def _marker(cell: Cell, explain: bool) -> str:
    explanation = escape(cell.status_explanation)
    hidden = f'<span class="govuk-visually-hidden"> ({explanation})</span>' if explain else ""
    return (
        f'<span class="app-kf-marker" title="{explanation}">{escape(cell.status_label)}</span>'
        f"{hidden}"
    )


class _Writer:
    """How one table writes its cells: the measure's decimals, the ratio's, the language."""

    def __init__(self, decimals: int, explain: bool):
        self.value = remembering_writer(decimals)
        self.ratio = remembering_writer(RATIO_DECIMALS)
        self.explain = explain
        no_value = _("No value")
        self.none = (
            f'<span aria-hidden="true">–</span>'
            f'<span class="govuk-visually-hidden">{escape(no_value)}</span>'
        )

    def cells(self, row: GenderRow, divided: bool) -> str:
        contents = [
            _marker(cell, self.explain) if cell.missing else self.value(cell.value)
            for cell in row.cells(divided)
        ]
        if divided:
            ratio, difference = row.ratio, row.difference
            contents.append(self.none if ratio is None else self.ratio(ratio))
            contents.append(self.none if difference is None else self.value(difference))
        return "".join(f'<td class="{NUMERIC}">{content}</td>' for content in contents)


@register.simple_tag
def key_figure_cells(row: GenderRow, divided: bool, decimals: int) -> SafeString:
    """The value cells of one year's row on the organisation page (markers explained)."""
    return mark_safe(_Writer(decimals, explain=True).cells(row, divided))  # noqa: S308 - escaped


@register.simple_tag
def key_figure_national_row(comparison, with_cluster: bool) -> SafeString:
    """The country's row, the reference at the top of the cohort table (in its head, so the
    search box never hides it and it is not counted as an organisation)."""
    national = comparison.national
    if national is None:
        return mark_safe("")
    reference = _("Reference")
    return mark_safe(  # noqa: S308 - every text is escaped
        f'<tr class="govuk-table__row app-kf-national">'
        f'<th scope="row" class="govuk-table__header">{escape(national.label)} '
        f'<strong class="govuk-tag govuk-tag--grey app-kf-national__tag">'
        f"{escape(reference)}</strong></th>"
        + ('<td class="govuk-table__cell"></td>' if with_cluster else "")
        + _Writer(comparison.decimals, explain=False).cells(
            national, comparison.key_figure.divided_by_gender
        )
        + "</tr>"
    )


@register.simple_tag
def key_figure_cohort_rows(comparison, with_cluster: bool) -> SafeString:
    """The body of the cohort table, one row per organisation; each row carries the text the
    table's search box looks in."""
    divided = comparison.key_figure.divided_by_gender
    writer = _Writer(comparison.decimals, explain=False)
    lines = []
    for row in comparison.rows:
        cluster = (
            f'<td class="govuk-table__cell">{html.escape(row.cluster)}</td>' if with_cluster else ""
        )
        label = html.escape(row.label)  # a plain string: without the lazy wrapper, 311 rows
        lines.append(
            f'<tr class="govuk-table__row" data-filter-text="{label} {row.code}">'
            f'<th scope="row" class="govuk-table__header">{label}</th>'
            f"{cluster}{writer.cells(row, divided)}</tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every text is escaped above
