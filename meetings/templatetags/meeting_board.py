"""The board's table rows, written here rather than by the template language: one row per
invited organisation (311 in a national round), each with a dozen values, costs about a
millisecond in a template loop and a few microseconds here. The markup is the design
system's table and tag; meetings/templates/meetings/board.html has the rest of the table.

The rows are joined as plain strings, each value escaped once (as format_html would): a
tag's markup is written once per distinct tag, not once per cell."""

import html

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

SENTINEL = 987654321  # stands for a presentation's id in a link reversed once


def _escape(value) -> str:
    """conditional_escape without its lazy-string wrapper: marked-safe text as it is, any
    other value escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.simple_tag
def board_rows(board, detail_url: str) -> str:
    download_before, download_after = _escape(
        reverse("presentation_download", args=[SENTINEL])
    ).split(str(SENTINEL))
    detail = _escape(detail_url)
    cells: dict[int, str] = {}  # a tag's cell, by the tag's identity
    tags: dict[int, str] = {}

    def tag(value) -> str:
        markup = tags.get(id(value))
        if markup is None:
            markup = tags[id(value)] = (
                f'<strong class="govuk-tag govuk-tag--{_escape(value.colour)}">'
                f"{_escape(value.text)}</strong>"
            )
        return markup

    def cell(value) -> str:
        markup = cells.get(id(value))
        if markup is None:
            markup = cells[id(value)] = f'<td class="govuk-table__cell">{tag(value)}</td>'
        return markup

    download_text = _escape(_("Download"))
    rows = []
    for line in board.lines:
        row, organisation = line.row, line.row.organisation
        code = _escape(organisation.code)
        cluster = (
            f'<td class="govuk-table__cell">{_escape(row.cluster_name)}</td>'
            if board.clusters
            else ""
        )
        extra = ""
        if row.extension:
            extra += (
                f'<br><span class="app-board-table__note">{_escape(row.extension.reason)}</span>'
            )
        if final := row.final:
            extra += (
                f' <a class="govuk-link" href="{download_before}{final.pk}{download_after}">'
                f'{download_text}<span class="govuk-visually-hidden"> '
                f"{_escape(final.original_name)}</span></a>"
            )
        movement = (
            f'<td class="govuk-table__cell app-board-table__movement">{_escape(line.movement)}</td>'
            if board.shows_movement
            else ""
        )
        rows.append(
            f'<tr class="govuk-table__row" data-filter-text="{_escape(line.filter_text)}">'
            '<th scope="row" class="govuk-table__header">'
            f'<a class="govuk-link" href="{detail}?for={code}#org-{code}">'
            f"{_escape(organisation.name)}</a></th>{cluster}"
            f'<td class="govuk-table__cell">{tag(line.readiness)} '
            f'<span class="app-board-table__note">{_escape(line.progress)}</span></td>'
            f"{''.join(map(cell, line.cells))}"
            f'<td class="govuk-table__cell">{tag(line.presentation)}{extra}</td>{movement}</tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above


@register.simple_tag
def organisation_options(organisations) -> str:
    """The extension form's datalist: an option per invited organisation (hundreds)."""
    return mark_safe(  # noqa: S308 - every name escaped
        "".join(
            f'<option value="{_escape(organisation.name)}"></option>'
            for organisation in organisations
        )
    )
