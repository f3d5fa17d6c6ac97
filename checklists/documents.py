"""Pure document builders: each takes a dataclass filled by a selector (selectors.py,
reports.py) and returns bytes; and their registration for building in the background."""

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.generation import BuildError, document_generator, register
from portal.models import Enrolment
from portal.pdf import html_to_pdf
from portal.workbook_layout import finish_sheet, put_cell, sheet_font, workbook_bytes

from . import excel
from .models import ChecklistVersion
from .reports import ChecklistReport, ComparisonSheet, checklist_report_data, comparison_report_data
from .scoring import signed
from .selectors import (
    AssessmentWorkbook,
    comparison_cohorts_for,
    enrolments_visible_to,
    version_data,
)

HEADER_FILL = PatternFill("solid", fgColor="E8E4EE")
BOLD = sheet_font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
COMMENT_WIDTH = 30  # room to write a comment in, even where none is written yet


# --- The organisation's workbook --------------------------------------------------------


def build_assessment_workbook_xlsx(data: AssessmentWorkbook) -> bytes:
    """One sheet per occasion laid out like SKR's checklist: header, scale legend, items with a
    score drop-down limited to the scale, a comment column and a sum row. The sum stays a
    formula, so the total follows the scores as they are filled in, stored with its result for
    readers that do not recalculate. Every sheet prints landscape, one page wide."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    scale_text = ", ".join(str(value) for value in data.scale.values)
    scale_list = ",".join(str(value) for value in data.scale.values)
    totals: dict[tuple[str, str], int] = {}
    for sheet in data.sheets:
        ws = workbook.create_sheet(sheet.name)
        title = _("Checklist for gender mainstreaming – %(occasion)s") % {
            "occasion": sheet.occasion_label
        }
        put_cell(ws, 1, 1, title).font = sheet_font(bold=True, size=14)
        header = [
            (_("Organisation"), data.organisation_name),
            (_("Code"), data.organisation_code),
            (_("Cohort"), data.cohort_name),
            (_("Date"), sheet.assessed_on),
            (_("Checklist"), data.version_name),
        ]
        for offset, (label, value) in enumerate(header):
            put_cell(ws, 2 + offset, 1, label).font = BOLD
            cell = put_cell(ws, 2 + offset, 2, value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
        put_cell(ws, 1, excel.LEGEND_COLUMN, _("Scale")).font = BOLD
        for offset, (value, label) in enumerate(data.scale.levels):
            put_cell(ws, 2 + offset, excel.LEGEND_COLUMN, value)
            put_cell(ws, 2 + offset, excel.LEGEND_COLUMN + 1, label)
        titles = [
            _("No."),
            _("Area"),
            _("Item"),
            _("Description"),
            _("Score (%(range)s)") % {"range": data.scale.range_text()},
            _("Comment"),
        ]
        for column, heading in enumerate(titles, start=1):
            cell = put_cell(ws, excel.HEADER_ROW, column, heading)
            cell.font, cell.fill = BOLD, HEADER_FILL
        for offset, (number, group, short_title, text) in enumerate(data.items):
            row = excel.FIRST_ITEM_ROW + offset
            score, comment = sheet.scores.get(number, (None, ""))
            put_cell(ws, row, excel.NUMBER_COLUMN, number).alignment = CENTRE
            put_cell(ws, row, 2, group)
            put_cell(ws, row, 3, short_title)
            put_cell(ws, row, 4, text).alignment = WRAP
            put_cell(ws, row, excel.SCORE_COLUMN, score).alignment = CENTRE
            put_cell(ws, row, excel.COMMENT_COLUMN, comment or None).alignment = WRAP
        last_row = excel.FIRST_ITEM_ROW + len(data.items) - 1
        score_letter = get_column_letter(excel.SCORE_COLUMN)
        sum_row = last_row + 1
        put_cell(ws, sum_row, 4, _("Total score")).font = BOLD
        total = ws.cell(
            row=sum_row,
            column=excel.SCORE_COLUMN,
            value=f"=SUM({score_letter}{excel.FIRST_ITEM_ROW}:{score_letter}{last_row})",
        )
        total.font, total.alignment = BOLD, CENTRE
        written = [
            ws.cell(row=row, column=excel.SCORE_COLUMN).value
            for row in range(excel.FIRST_ITEM_ROW, sum_row)
        ]
        totals[(ws.title, total.coordinate)] = sum(score for score in written if score is not None)
        validation = DataValidation(
            type="list",
            formula1=f'"{scale_list}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Score"),
            error=_("Choose a score on the scale: %(values)s.") % {"values": scale_text},
            showInputMessage=True,
            promptTitle=_("Score"),
            prompt=_("Choose %(values)s.") % {"values": scale_text},
        )
        validation.add(f"{score_letter}{excel.FIRST_ITEM_ROW}:{score_letter}{last_row}")
        ws.add_data_validation(validation)
        finish_sheet(
            ws,
            title=f"{title} – {data.organisation_name}",
            header_row=excel.HEADER_ROW,
            min_widths={excel.COMMENT_COLUMN: COMMENT_WIDTH},
        )
    return workbook_bytes(workbook, formula_results=totals)


# --- The comparison ----------------------------------------------------------------------


# The page's colours (GOV.UK's palette): the brand purple for headings, the heatmap's tints.
BRAND = "4B1F6F"
SCORE_FILLS = {"low": "F4D7D7", "mid": "FFEE80", "top": "CFE4DC"}
SCORE_TEXT = {"low": "651B1B", "mid": "7A3C1C", "top": "083D29"}
STATUS_FILLS = {"submitted": "CFE4DC", "draft": "FFEE80", None: "CECECE"}
READY_FILL = "CFE4DC"
NUMBER_FORMATS = {
    "score": "0",
    "total": "0",
    "movement": '+0;"\u2212"0;"\u00b1"0',
    "average": "0.0",
    "count": "0",
}
COLUMN_WIDTHS = {"score": 6, "total": 8, "movement": 12, "ready": 13, "status": 14}
HEADER_ROW = 5
# Wide enough for the longest name in the registry of organisations ("Region Jämtland
# Härjedalen"), so the column keeps its width whichever organisations are exported.
NAME_WIDTH = 28
INDENTED = Alignment(horizontal="left", indent=1)  # apart from the right-aligned movement


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


def build_comparison_xlsx(data: ComparisonSheet) -> bytes:
    """The comparison table exactly as shown (rows and their order), with the round, cluster and
    type on every row; the page's colours, the items' titles in the header (the full text as a
    note), frozen headings, a filter on the header row and a landscape print fitted to the
    page's width. The averages of every group on a second sheet."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = excel.safe_sheet_title(_("Comparison"))
    plain = sheet_font()
    header_font = sheet_font(bold=True, color="FFFFFF")
    put_cell(ws, 1, 1, data.title).font = sheet_font(size=14, bold=True, color=BRAND)
    for row, text in enumerate((data.subtitle, data.filters, data.legend), start=2):
        put_cell(ws, row, 1, text or None).font = plain
    kinds = [column.kind for column in data.columns]
    header_fill = _fill(BRAND)
    widths = {}
    for column, heading in enumerate(data.columns, start=1):
        cell = put_cell(ws, HEADER_ROW, column, heading.title)
        cell.font, cell.fill = header_font, header_fill
        vertical = heading.kind == "score"
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="bottom",
            horizontal="center" if vertical else "left",
            text_rotation=90 if vertical else 0,
        )
        if heading.note:
            cell.comment = Comment(heading.note, "Jämställdhetsportalen", width=320, height=160)
        if heading.kind in COLUMN_WIDTHS:
            widths[column] = COLUMN_WIDTHS[heading.kind]
    ws.row_dimensions[HEADER_ROW].height = 150
    # Style objects made once: building one per cell took most of the export's time.
    bold = sheet_font(bold=True)
    score_styles = {
        level: (sheet_font(bold=True, color=SCORE_TEXT[level]), _fill(fill))
        for level, fill in SCORE_FILLS.items()
    }
    status_fills = {status: _fill(fill) for status, fill in STATUS_FILLS.items()}
    ready_fill = _fill(READY_FILL)
    for offset, (values, (status, state)) in enumerate(
        zip(data.rows, data.row_states, strict=True), start=1
    ):
        row = HEADER_ROW + offset
        for column, (value, kind) in enumerate(zip(values, kinds, strict=True), start=1):
            font, fill = plain, None
            if kind == "score" and value is not None:
                level = "low" if value == data.lowest else "top" if value == data.highest else "mid"
                font, fill = score_styles[level]
            elif kind == "total":
                font = bold
            elif kind == "ready" and state == "ready":
                font, fill = bold, ready_fill
            elif kind == "status":
                fill = status_fills.get(status, status_fills[None])
            cell = put_cell(ws, row, column, value)
            cell.font = font
            if fill is not None:
                cell.fill = fill
            if kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[kind]
            elif kind in ("ready", "status"):
                cell.alignment = INDENTED
    last_row = HEADER_ROW + max(len(data.rows), 1)
    last_letter = get_column_letter(len(data.columns))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{last_row}"
    finish_sheet(
        ws,
        title=data.title,
        header_row=HEADER_ROW,
        freeze=ws.cell(row=HEADER_ROW + 1, column=2).coordinate,
        fixed_widths=widths,
        min_widths={1: NAME_WIDTH},
    )

    averages = workbook.create_sheet(excel.safe_sheet_title(_("Averages")))
    average_kinds = [heading.kind for heading in data.averages_columns]
    for column, heading in enumerate(data.averages_columns, start=1):
        cell = put_cell(averages, 1, column, heading.title)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    for offset, values in enumerate(data.averages, start=2):
        for column, (value, kind) in enumerate(zip(values, average_kinds, strict=True), start=1):
            cell = put_cell(averages, offset, column, value)
            cell.font = plain
            if kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[kind]
    finish_sheet(
        averages,
        title=f"{data.title} – {averages.title}",
        header_row=1,
        freeze="B2",
        min_widths={1: NAME_WIDTH},
    )
    return workbook_bytes(workbook)


# --- PDF reports --------------------------------------------------------------------------------

# The comparison's columns that hold numbers: right-aligned, the rest read from the left.
NUMBER_KINDS = frozenset({"score", "total", "movement", "count", "average"})


def build_checklist_report_pdf(data: ChecklistReport) -> bytes:
    """The report on one page for the usual ten items. The items table has a column for each
    occasion scored so far only: columns of dashes say nothing, and every cell costs time."""
    scored = [index for index, occasion in enumerate(data.occasions) if occasion.total is not None]
    context = {
        "data": data,
        "scored_occasions": [data.occasions[index] for index in scored],
        "item_rows": [(item, [item.scores[index] for index in scored]) for item in data.items],
    }
    return html_to_pdf(render_to_string("checklists/report_pdf.html", context))


def _pdf_cells(values: list, columns: list) -> list[tuple[str, bool]]:
    """Each value as shown in the PDF with whether it is a number (right-aligned): movement
    signed, an empty value as a dash."""
    cells = []
    for value, column in zip(values, columns, strict=True):
        if column.kind == "movement":
            text = signed(None if value is None else round(value))
        elif column.kind == "average" and value is not None:
            text = number_format(value, decimal_pos=1, use_l10n=True)
        else:
            text = "–" if value is None or value == "" else str(value)
        cells.append((text, column.kind in NUMBER_KINDS))
    return cells


def build_comparison_pdf(data: ComparisonSheet) -> bytes:
    context = {
        "data": data,
        "header": [(c.short_title, c.kind in NUMBER_KINDS) for c in data.columns],
        "rows": [_pdf_cells(row, data.columns) for row in data.rows],
        "averages_header": [(c.short_title, c.kind in NUMBER_KINDS) for c in data.averages_columns],
        "averages": [_pdf_cells(row, data.averages_columns) for row in data.averages],
    }
    return html_to_pdf(render_to_string("checklists/comparison_pdf.html", context))


# --- The blank checklist, to print and fill in by hand ------------------------------------------


@dataclass(frozen=True)
class BlankItem:
    number: int
    title: str
    text: str


@dataclass(frozen=True)
class BlankGroup:
    title: str  # "" for items outside any group
    items: tuple[BlankItem, ...]


@dataclass(frozen=True)
class BlankChecklist:
    version_name: str
    scale: tuple[tuple[int, str], ...]  # (value, label), lowest first
    groups: tuple[BlankGroup, ...]

    @property
    def item_count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def blank_checklist_data(version: ChecklistVersion) -> BlankChecklist:
    """Every item of the version with its text, in its group, and the version's scale: what a
    team needs to assess on paper (two queries)."""
    data = version_data(version)
    groups: list[BlankGroup] = []
    for title, items in groupby(
        data.items, key=lambda item: item.group.title if item.group else ""
    ):
        groups.append(
            BlankGroup(
                title=title,
                items=tuple(BlankItem(item.number, item.short_title, item.text) for item in items),
            )
        )
    return BlankChecklist(version_name=version.name, scale=data.scale.levels, groups=tuple(groups))


def build_blank_checklist_pdf(data: BlankChecklist) -> bytes:
    return html_to_pdf(render_to_string("checklists/blank_pdf.html", {"data": data}))


# --- Generators (built in the background, see portal.generation) -----------------------------------


def _enrolment_for(parameters: dict) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(
            cohort_id=parameters["cohort"], organisation_id=parameters["organisation"]
        )
        .select_related("organisation", "cohort")
        .first()
    )
    if enrolment is None:
        raise BuildError(_("The organisation no longer takes part in this cohort."))
    return enrolment


def _collect_report(parameters: dict) -> ChecklistReport:
    data = checklist_report_data(_enrolment_for(parameters))
    if data is None:
        raise BuildError(_("No checklist version has been set up yet."))
    return data


def _report_access(user, parameters: dict) -> bool:
    try:
        return (
            enrolments_visible_to(user)
            .filter(
                cohort_id=int(parameters.get("cohort")),
                organisation_id=int(parameters.get("organisation")),
            )
            .exists()
        )
    except (TypeError, ValueError):
        return False


def _collect_comparison(parameters: dict) -> ComparisonSheet:
    data = comparison_report_data(parameters)
    if data is None:
        raise BuildError(_("No checklist version has been set up yet."))
    return data


def _comparison_access(user, parameters: dict) -> bool:
    try:
        return comparison_cohorts_for(user).filter(pk=int(parameters.get("cohort"))).exists()
    except (TypeError, ValueError):
        return False


def _collect_blank(parameters: dict) -> BlankChecklist:
    version = ChecklistVersion.objects.filter(pk=parameters["version"]).first()
    if version is None:
        raise BuildError(_("The checklist version no longer exists."))
    return blank_checklist_data(version)


def _blank_access(user, parameters: dict) -> bool:
    """The checklist's questions are the programme's shared material: anyone signed in."""
    return bool(user.is_authenticated and user.is_active)


def register_generators() -> None:
    register(
        document_generator(
            kind="checklist_report",
            collect=_collect_report,
            build=build_checklist_report_pdf,
            filename=lambda data: f"sjalvskattning-{slugify(data.organisation_name)}.pdf",
            content_type="application/pdf",
            can_access=_report_access,
        )
    )
    register(
        document_generator(
            kind="blank_checklist",
            collect=_collect_blank,
            build=build_blank_checklist_pdf,
            filename=lambda data: f"{slugify(data.version_name) or 'checklista'}.pdf",
            content_type="application/pdf",
            can_access=_blank_access,
        )
    )
    register(
        document_generator(
            kind="comparison_report",
            collect=_collect_comparison,
            build=build_comparison_pdf,
            filename=lambda data: "jamforelse.pdf",
            content_type="application/pdf",
            can_access=_comparison_access,
        )
    )
