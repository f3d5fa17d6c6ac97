"""Pure document builders: each takes a dataclass filled by a selector (selectors.py,
reports.py) and returns bytes; and their registration for building in the background."""

import io
from datetime import date

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.generation import BuildError, document_generator, register
from portal.models import Enrolment
from portal.pdf import html_to_pdf
from portal.workbooks import put_cell

from . import excel
from .reports import ChecklistReport, ComparisonSheet, checklist_report_data, comparison_report_data
from .selectors import AssessmentWorkbook, comparison_cohorts_for, enrolments_visible_to

HEADER_FILL = PatternFill("solid", fgColor="E8E4EE")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


# --- The organisation's workbook --------------------------------------------------------


def build_assessment_workbook_xlsx(data: AssessmentWorkbook) -> bytes:
    """One sheet per occasion laid out like SKR's checklist: header, scale legend, items with a
    score drop-down limited to the scale, a comment column and a sum row with a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    scale_text = ", ".join(str(value) for value in data.scale.values)
    scale_list = ",".join(str(value) for value in data.scale.values)
    for sheet in data.sheets:
        ws = workbook.create_sheet(sheet.name)
        put_cell(
            ws,
            1,
            1,
            _("Checklist for gender mainstreaming – %(occasion)s")
            % {"occasion": sheet.occasion_label},
        ).font = Font(bold=True, size=14)
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
        for column, title in enumerate(titles, start=1):
            cell = put_cell(ws, excel.HEADER_ROW, column, title)
            cell.font, cell.fill = BOLD, HEADER_FILL
        for offset, (number, group, short_title, text) in enumerate(data.items):
            row = excel.FIRST_ITEM_ROW + offset
            score, comment = sheet.scores.get(number, (None, ""))
            put_cell(ws, row, excel.NUMBER_COLUMN, number)
            put_cell(ws, row, 2, group)
            put_cell(ws, row, 3, short_title)
            put_cell(ws, row, 4, text).alignment = WRAP
            put_cell(ws, row, excel.SCORE_COLUMN, score)
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
        total.font = BOLD
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
        for column, width in zip("ABCDEF", (6, 22, 32, 60, 12, 50), strict=True):
            ws.column_dimensions[column].width = width
        ws.column_dimensions[get_column_letter(excel.LEGEND_COLUMN + 1)].width = 24
        ws.freeze_panes = ws.cell(row=excel.FIRST_ITEM_ROW, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The comparison ----------------------------------------------------------------------


def build_comparison_xlsx(data: ComparisonSheet) -> bytes:
    """The comparison table exactly as shown (rows, columns and order), averages on a second
    sheet."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = excel.safe_sheet_title(_("Comparison"))
    put_cell(ws, 1, 1, data.title).font = Font(bold=True, size=14)
    put_cell(ws, 2, 1, data.subtitle)
    _table(ws, 4, data.columns, data.rows)
    ws.freeze_panes = ws.cell(row=5, column=2)
    ws.column_dimensions["A"].width = 28
    averages = workbook.create_sheet(excel.safe_sheet_title(_("Averages")))
    _table(averages, 1, data.averages_columns, data.averages)
    averages.column_dimensions["A"].width = 32
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table(ws, first_row: int, columns: list[str], rows: list[list]) -> None:
    for column, title in enumerate(columns, start=1):
        cell = put_cell(ws, first_row, column, title)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            put_cell(ws, first_row + offset, column, value)


# --- PDF reports --------------------------------------------------------------------------------


def build_checklist_report_pdf(data: ChecklistReport) -> bytes:
    return html_to_pdf(render_to_string("checklists/report_pdf.html", {"data": data}))


def build_comparison_pdf(data: ComparisonSheet) -> bytes:
    return html_to_pdf(render_to_string("checklists/comparison_pdf.html", {"data": data}))


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
            kind="comparison_report",
            collect=_collect_comparison,
            build=build_comparison_pdf,
            filename=lambda data: "jamforelse.pdf",
            content_type="application/pdf",
            can_access=_comparison_access,
        )
    )
