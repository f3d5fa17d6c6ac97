"""The board's table rows, written here rather than by the template language: one row per
invited organisation (311 in a national round), each with a dozen values, costs about a
millisecond in a template loop and a few microseconds here. The markup is the design
system's table and tag; meetings/templates/meetings/board.html has the rest of the table."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

SENTINEL = 987654321  # stands for a presentation's id in a link reversed once


@register.simple_tag
def board_rows(board, detail_url: str) -> str:
    download = reverse("presentation_download", args=[SENTINEL])
    tags: dict[int, str] = {}

    def tag(value) -> str:
        if id(value) not in tags:
            tags[id(value)] = format_html(
                '<strong class="govuk-tag govuk-tag--{}">{}</strong>', value.colour, value.text
            )
        return tags[id(value)]

    download_text = _("Download")
    rows = []
    for line in board.lines:
        row, organisation = line.row, line.row.organisation
        cluster = (
            format_html('<td class="govuk-table__cell">{}</td>', row.cluster_name)
            if board.clusters
            else ""
        )
        cells = "".join(
            format_html('<td class="govuk-table__cell">{}</td>', tag(cell)) for cell in line.cells
        )
        extra = ""
        if row.extension:
            extra += format_html(
                '<br><span class="app-board-table__note">{}</span>', row.extension.reason
            )
        if row.final:
            extra += format_html(
                ' <a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
                download.replace(str(SENTINEL), str(row.final.pk)),
                download_text,
                row.final.original_name,
            )
        rows.append(
            format_html(
                '<tr class="govuk-table__row" data-filter-text="{}">'
                '<th scope="row" class="govuk-table__header">'
                '<a class="govuk-link" href="{}?for={}#org-{}">{}</a></th>{}'
                '<td class="govuk-table__cell">{} <span class="app-board-table__note">{}</span></td>'
                '{}<td class="govuk-table__cell">{}{}</td>{}</tr>',
                line.filter_text,
                detail_url,
                organisation.code,
                organisation.code,
                organisation.name,
                cluster,
                tag(line.readiness),
                line.progress,
                mark_safe(cells),  # noqa: S308 - each cell built by format_html above
                tag(line.presentation),
                mark_safe(extra),  # noqa: S308 - built by format_html above
                format_html(
                    '<td class="govuk-table__cell app-board-table__movement">{}</td>', line.movement
                )
                if board.shows_movement
                else "",
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row built by format_html
