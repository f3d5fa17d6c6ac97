"""Pure document builders: each takes a dataclass filled by a selector and returns bytes."""

import math
from html import escape

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.pdf import html_to_pdf
from portal.workbook_layout import finish_sheet, put_cell, sheet_font, workbook_bytes

from . import excel
from .grid import HIGH_FROM, Quadrant, quadrant_for
from .models import SCALE_MAX, SCALE_MIN, Stakeholder
from .selectors import AnalysisDocument, GridData

HEADER_FILL = PatternFill("solid", fgColor="E8E4EE")
BOLD = sheet_font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
XLSX_LIST_LIMIT = 255  # Excel refuses an in-cell list longer than this
TEXT_WIDTH = 20  # room to write in a free-text column, even where nothing is written yet
KEY_FONT = sheet_font(size=8, color="505A5F")  # the ID is for the import, not for reading


def column_header(name: str) -> str:
    if name == "key":
        return _("ID")
    return str(Stakeholder._meta.get_field(name).verbose_name).capitalize()


# --- Excel --------------------------------------------------------------------------------------


def _list_validation(labels: list[str]) -> DataValidation | None:
    formula = '"' + ",".join(labels) + '"'
    if not labels or len(formula) > XLSX_LIST_LIMIT:
        return None
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Choose from the list"),
        error=_("Choose one of the values in the list."),
    )


def build_analysis_xlsx(data: AnalysisDocument) -> bytes:
    """One row per stakeholder, with drop-downs for the choices, laid out to be filled in and
    uploaded again; printed landscape, one page wide, the headings on every page."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Stakeholder analysis")[:31]
    title = _("Stakeholder analysis – %(organisation)s – %(cohort)s") % {
        "organisation": data.organisation_name,
        "cohort": data.cohort_name,
    }
    put_cell(ws, excel.TITLE_ROW, 1, title).font = sheet_font(bold=True, size=14)
    put_cell(ws, excel.CODE_ROW, 1, _("Organisation code")).font = BOLD
    put_cell(ws, excel.CODE_ROW, excel.VALUE_COLUMN, data.organisation_code)
    put_cell(ws, excel.OCCASION_ROW, 1, _("Occasion")).font = BOLD
    put_cell(ws, excel.OCCASION_ROW, excel.VALUE_COLUMN, data.occasion_label)
    put_cell(
        ws,
        excel.HINT_ROW,
        1,
        _(
            "One row per stakeholder. Keep the ID of existing rows and leave it empty for new "
            "ones; delete a row to remove the stakeholder. Influence and interest: 1 low, "
            "2 medium, 3 high. Owner: the e-mail address of a team member. Date: YYYY-MM-DD."
        ),
    )
    ws.merge_cells(start_row=excel.HINT_ROW, start_column=1, end_row=excel.HINT_ROW, end_column=10)
    ws.cell(row=excel.HINT_ROW, column=1).alignment = WRAP
    for column, (name, _kind) in enumerate(excel.COLUMNS, start=1):
        cell = put_cell(ws, excel.HEADER_ROW, column, column_header(name))
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    for row_number, row in enumerate(data.rows, start=excel.FIRST_ROW):
        values = {
            "key": row.key,
            "name": row.name,
            "category": excel.choice_label(row.category),
            "placement": excel.choice_label(row.placement),
            "interest_in_work": row.interest_in_work,
            "influence": row.influence,
            "interest": row.interest,
            "attitude": excel.choice_label(row.attitude),
            "role": excel.choice_label(row.role),
            "benefit": row.benefit,
            "conflicts": row.conflicts,
            "key_message": row.key_message,
            "channel": row.channel,
            "owner": row.owner_email,
            "next_action": row.next_action,
            "next_action_on": row.next_action_on,
        }
        for column, (name, kind) in enumerate(excel.COLUMNS, start=1):
            cell = put_cell(ws, row_number, column, values[name])
            cell.alignment = WRAP
            if kind == "date":
                cell.number_format = "yyyy-mm-dd"
            elif kind == "key":
                cell.font = KEY_FONT
    last_row = excel.MAX_ROWS

    def cells_of(name: str) -> str:
        letter = get_column_letter(excel.column_of(name))
        return f"{letter}{excel.FIRST_ROW}:{letter}{last_row}"

    for name, choices in excel.CHOICES.items():
        validation = _list_validation([excel.choice_label(label) for label in choices.labels])
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(cells_of(name))
    for name in ("influence", "interest"):
        validation = DataValidation(
            type="whole",
            operator="between",
            formula1=str(SCALE_MIN),
            formula2=str(SCALE_MAX),
            allow_blank=False,
            showErrorMessage=True,
            errorTitle=_("1, 2 or 3"),
            error=_("Type 1 (low), 2 (medium) or 3 (high)."),
        )
        ws.add_data_validation(validation)
        validation.add(cells_of(name))
    owners = _list_validation(data.member_emails)
    if owners is not None:
        ws.add_data_validation(owners)
        owners.add(cells_of("owner"))
    finish_sheet(
        ws,
        title=title,
        header_row=excel.HEADER_ROW,
        freeze=ws.cell(row=excel.FIRST_ROW, column=3).coordinate,
        min_widths={
            column: TEXT_WIDTH
            for column, (_name, kind) in enumerate(excel.COLUMNS, start=1)
            if kind == "text"
        },
        max_width=TEXT_WIDTH * 1.5,
    )
    return workbook_bytes(workbook)


# --- The grid as SVG --------------------------------------------------------------------------------

CELL_WIDTH, CELL_HEIGHT = 170, 130
LEFT, TOP, RIGHT, BOTTOM = 90, 20, 20, 70
QUADRANT_FILLS = {
    Quadrant.MANAGE_CLOSELY: "#f3e3ee",
    Quadrant.KEEP_SATISFIED: "#e4ecf6",
    Quadrant.KEEP_INFORMED: "#e6f2e6",
    Quadrant.MONITOR: "#f1f1f1",
}
POINT_FILL = "#5b2a6e"  # white numbers on it contrast 10:1


def _cell_origin(influence: int, interest: int) -> tuple[float, float]:
    x = LEFT + (interest - SCALE_MIN) * CELL_WIDTH
    y = TOP + (SCALE_MAX - influence) * CELL_HEIGHT
    return x, y


def _spots(count: int, x: float, y: float) -> list[tuple[float, float, float]]:
    """Centres and radius for `count` points spread over a cell without overlapping."""
    columns = max(1, math.ceil(math.sqrt(count * CELL_WIDTH / CELL_HEIGHT)))
    rows = max(1, math.ceil(count / columns))
    step_x = CELL_WIDTH / (columns + 1)
    step_y = (CELL_HEIGHT - 22) / (rows + 1)
    radius = max(4.0, min(12.0, min(step_x, step_y) / 2 - 1))
    return [
        (x + step_x * (index % columns + 1), y + 22 + step_y * (index // columns + 1), radius)
        for index in range(count)
    ]


def build_grid_svg(data: GridData) -> bytes:
    """The influence/interest grid: quadrants shaded, every stakeholder a numbered point named
    in its <title>; the page shows the same placement as a table beside it."""
    width = LEFT + 3 * CELL_WIDTH + RIGHT
    height = TOP + 3 * CELL_HEIGHT + BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="stakeholder-grid" '
        f'aria-labelledby="grid-title grid-desc" font-family="DejaVu Sans, Arial, sans-serif">',
        f'<title id="grid-title">{escape(data.title)}</title>',
        f'<desc id="grid-desc">{escape(data.description)}</desc>',
    ]
    for influence in range(SCALE_MIN, SCALE_MAX + 1):
        for interest in range(SCALE_MIN, SCALE_MAX + 1):
            x, y = _cell_origin(influence, interest)
            fill = QUADRANT_FILLS[quadrant_for(influence, interest)]
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" '
                f'fill="{fill}" stroke="#ffffff" stroke-width="2"/>'
            )
    # Quadrant borders and names, at the top left of each quadrant.
    low, high = SCALE_MIN, HIGH_FROM
    regions = {
        Quadrant.MANAGE_CLOSELY: (high, SCALE_MAX, high, SCALE_MAX),
        Quadrant.KEEP_SATISFIED: (high, SCALE_MAX, low, high - 1),
        Quadrant.KEEP_INFORMED: (low, high - 1, high, SCALE_MAX),
        Quadrant.MONITOR: (low, high - 1, low, high - 1),
    }
    for quadrant, (influence_low, influence_high, interest_low, interest_high) in regions.items():
        x, y = _cell_origin(influence_high, interest_low)
        region_width = (interest_high - interest_low + 1) * CELL_WIDTH
        region_height = (influence_high - influence_low + 1) * CELL_HEIGHT
        parts.append(
            f'<rect x="{x}" y="{y}" width="{region_width}" height="{region_height}" '
            f'fill="none" stroke="#444444" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{x + 8}" y="{y + 17}" font-size="13" font-weight="bold" '
            f'fill="#222222">{escape(data.quadrant_labels[quadrant.value])}</text>'
        )
    # Axes.
    for level in range(SCALE_MIN, SCALE_MAX + 1):
        label = escape(f"{level} {data.level_labels[level]}")
        x, y = _cell_origin(level, SCALE_MIN)
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + CELL_HEIGHT / 2}" font-size="12" '
            f'text-anchor="end" fill="#222222">{label}</text>'
        )
        x, y = _cell_origin(SCALE_MIN, level)
        parts.append(
            f'<text x="{x + CELL_WIDTH / 2}" y="{TOP + 3 * CELL_HEIGHT + 18}" font-size="12" '
            f'text-anchor="middle" fill="#222222">{label}</text>'
        )
    parts.append(
        f'<text x="{LEFT + 1.5 * CELL_WIDTH}" y="{height - 18}" font-size="14" '
        f'font-weight="bold" text-anchor="middle" fill="#222222">'
        f"{escape(data.axis_interest)} →</text>"
    )
    middle_y = TOP + 1.5 * CELL_HEIGHT
    parts.append(
        f'<text x="18" y="{middle_y}" font-size="14" font-weight="bold" text-anchor="middle" '
        f'fill="#222222" transform="rotate(-90 18 {middle_y})">'
        f"{escape(data.axis_influence)} →</text>"
    )
    by_cell: dict[tuple[int, int], list] = {}
    for point in data.points:
        by_cell.setdefault((point.influence, point.interest), []).append(point)
    for (influence, interest), points in sorted(by_cell.items()):
        x, y = _cell_origin(influence, interest)
        for point, (cx, cy, radius) in zip(points, _spots(len(points), x, y), strict=True):
            name = escape(f"{point.number}. {point.name} ({point.quadrant_label})")
            parts.append(
                f'<g class="grid-point" data-number="{point.number}"><title>{name}</title>'
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{POINT_FILL}"/>'
                f'<text x="{cx:.1f}" y="{cy + radius * 0.35:.1f}" font-size="{radius:.1f}" '
                f'text-anchor="middle" fill="#ffffff">{point.number}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts).encode()


# --- PDF -------------------------------------------------------------------------------------------


def build_analysis_pdf(data: AnalysisDocument) -> bytes:
    html = render_to_string(
        "stakeholders/analysis_pdf.html",
        {"data": data, "grid_svg": build_grid_svg(data.grid).decode()},
    )
    return html_to_pdf(html)
