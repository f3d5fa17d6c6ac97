"""Pure document builders: each takes a dataclass filled by a selector and returns bytes."""

import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.workbooks import put_cell

from . import excel
from .scoring import Scale

HEADER_FILL = PatternFill("solid", fgColor="E8E4EE")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


# --- The organisation's workbook --------------------------------------------------------


@dataclass
class WorkbookSheet:
    name: str
    occasion_label: str
    assessed_on: date | None
    scores: dict[int, tuple[int | None, str]] = field(default_factory=dict)


@dataclass
class AssessmentWorkbook:
    organisation_name: str
    organisation_code: str
    cohort_name: str
    version_name: str
    scale: Scale
    # (number, group title, short title, text)
    items: list[tuple[int, str, str, str]]
    sheets: list[WorkbookSheet]
    created_on: date


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


@dataclass
class ComparisonSheet:
    title: str
    subtitle: str
    columns: list[str]
    rows: list[list]
    averages_columns: list[str]
    averages: list[list]


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


def comparison_sheet(data, filters) -> ComparisonSheet:
    """The rows and columns of the comparison table, as shown on the page."""
    columns = [_("Organisation"), _("Cohort"), _("Cluster"), _("Type")]
    columns += [str(number) for number in data.data.item_numbers]
    columns += [_("Total")]
    if data.base:
        columns += [_("Movement since %(occasion)s") % {"occasion": data.base_label}]
    columns += [_("Ready"), _("Status")]
    rows = []
    for row in data.rows:
        values = [
            row.organisation.name,
            row.enrolment.cohort.name,
            row.enrolment.cluster.name if row.enrolment.cluster else "",
            row.organisation.get_kind_display(),
            *row.scores,
            row.total,
        ]
        if data.base:
            values.append(row.movement)
        values.append(readiness_label(row))
        values.append(status_label(row.status))
        rows.append(values)
    averages_columns = [_("Group"), _("Complete assessments")]
    averages_columns += [str(number) for number in data.data.item_numbers]
    averages_columns += [_("Average total"), _("Average movement"), _("Ready")]
    averages = []
    for group in [*data.cohort_averages, *data.kind_averages]:
        averages.append(
            [
                group.label,
                group.count,
                *group.item_averages,
                group.total_average,
                group.movement_average,
                group.ready_count,
            ]
        )
    return ComparisonSheet(
        title=_("Comparison: %(occasion)s") % {"occasion": data.occasion_label},
        subtitle=data.data.version.name,
        columns=columns,
        rows=rows,
        averages_columns=averages_columns,
        averages=averages,
    )


def readiness_label(row) -> str:
    if row.readiness is None:
        return "–"
    if not row.readiness.complete:
        return str(_("Incomplete"))
    return str(_("Yes")) if row.readiness.is_ready else str(_("Not yet"))


def status_label(status: str | None) -> str:
    from .models import Assessment

    if status is None:
        return str(_("Not started"))
    return str(Assessment.Status(status).label)


# --- PDF reports --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportOccasion:
    label: str
    status: str
    assessed_on: date | None
    total: int | None
    movement: int | None  # the total movement since the previous occasion


@dataclass(frozen=True)
class ReportItem:
    number: int
    group: str
    title: str
    scores: tuple[int | None, ...]  # one per occasion, in order
    movement: int | None  # from the first scored occasion to the last


@dataclass(frozen=True)
class ChecklistReport:
    organisation_name: str
    organisation_code: str
    cohort_name: str
    version_name: str
    scale_legend: str
    occasions: tuple[ReportOccasion, ...]
    items: tuple[ReportItem, ...]
    readiness: str  # the readiness rule at the latest assessed occasion, or empty
    movement: int | None  # the total movement from the first assessed occasion to the last

    @property
    def has_scores(self) -> bool:
        return any(occasion.total is not None for occasion in self.occasions)


def build_checklist_report_pdf(data: ChecklistReport) -> bytes:
    from django.template.loader import render_to_string

    from portal.pdf import html_to_pdf

    return html_to_pdf(render_to_string("checklists/report_pdf.html", {"data": data}))


def build_comparison_pdf(data: ComparisonSheet) -> bytes:
    from django.template.loader import render_to_string

    from portal.pdf import html_to_pdf

    return html_to_pdf(render_to_string("checklists/comparison_pdf.html", {"data": data}))


def _first_to_last(values: list[int | None]) -> int | None:
    scored = [value for value in values if value is not None]
    return scored[-1] - scored[0] if len(scored) > 1 else None


def _readiness_text(rule) -> str:
    if not rule.complete:
        return _("Incomplete")
    return _("Yes") if rule.is_ready else _("Not yet")


def checklist_report_data(enrolment) -> ChecklistReport | None:
    """The organisation's assessments of every occasion, read up front (no version: None)."""
    from .models import OCCASION_ORDER, Occasion
    from .scoring import readiness, total, total_movement
    from .selectors import (
        assessments_by_occasion,
        score_states_by_occasion,
        version_data,
        workbook_version,
    )

    version = workbook_version(organisation=enrolment.organisation, cohort=enrolment.cohort)
    if version is None:
        return None
    data = version_data(version)
    states = score_states_by_occasion(organisation=enrolment.organisation, cohort=enrolment.cohort)
    assessments = assessments_by_occasion(
        organisation=enrolment.organisation, cohort=enrolment.cohort
    )
    scores = {
        occasion: {number: state.score for number, state in states.get(occasion, {}).items()}
        for occasion in OCCASION_ORDER
    }
    occasions, previous, latest = [], None, None
    for occasion in OCCASION_ORDER:
        assessment = assessments.get(occasion)
        current = scores[occasion]
        occasion_total = total(current.values())
        occasions.append(
            ReportOccasion(
                label=str(Occasion(occasion).label),
                status=str(assessment.get_status_display()) if assessment else _("Not started"),
                assessed_on=assessment.assessed_on if assessment else None,
                total=occasion_total,
                movement=total_movement(current, scores[previous])
                if previous and occasion_total is not None
                else None,
            )
        )
        if occasion_total is not None:
            previous = latest = occasion
    items = tuple(
        ReportItem(
            number=item.number,
            group=item.group.title if item.group else "",
            title=item.short_title,
            scores=tuple(scores[occasion].get(item.number) for occasion in OCCASION_ORDER),
            movement=_first_to_last(
                [scores[occasion].get(item.number) for occasion in OCCASION_ORDER]
            ),
        )
        for item in data.items
    )
    ready = ""
    if latest is not None:
        ready = _readiness_text(
            readiness(scores[latest], item_numbers=data.item_numbers, scale=data.scale)
        )
    assessed = [o.total for o in occasions if o.total is not None]
    return ChecklistReport(
        organisation_name=enrolment.organisation.name,
        organisation_code=enrolment.organisation.code,
        cohort_name=enrolment.cohort.name,
        version_name=version.name,
        scale_legend=", ".join(f"{value} = {label}" for value, label in data.scale.levels),
        occasions=tuple(occasions),
        items=items,
        readiness=ready,
        movement=assessed[-1] - assessed[0] if len(assessed) > 1 else None,
    )


def comparison_report_data(parameters: dict) -> ComparisonSheet | None:
    """The comparison of one cohort with the filters the organiser chose on the page."""
    from portal.models import Cluster, Cohort

    from .models import ChecklistVersion
    from .selectors import comparison

    cohort = Cohort.objects.filter(pk=parameters["cohort"]).first()
    if cohort is None:
        return None
    data = comparison(
        cohorts=Cohort.objects.filter(pk=cohort.pk),
        cohort=cohort,
        cluster=Cluster.objects.filter(pk=parameters.get("cluster"), cohort=cohort).first()
        if parameters.get("cluster")
        else None,
        kind=parameters.get("kind") or "",
        occasion=parameters["occasion"],
        base=parameters.get("base") or None,
        version=ChecklistVersion.objects.filter(pk=parameters.get("version")).first()
        if parameters.get("version")
        else None,
        include_drafts=bool(parameters.get("drafts")),
    )
    if data is None:
        return None
    sheet = comparison_sheet(data, parameters)
    sheet.subtitle = f"{cohort.name} · {sheet.subtitle}"
    return sheet


# --- Generators (built in the background, see portal.generation) -----------------------------------


def _enrolment_for(parameters: dict):
    from portal.generation import BuildError
    from portal.models import Enrolment

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


def _report_data(parameters: dict) -> ChecklistReport:
    from portal.generation import BuildError

    data = checklist_report_data(_enrolment_for(parameters))
    if data is None:
        raise BuildError(_("No checklist version has been set up yet."))
    return data


def _report_access(user, parameters: dict) -> bool:
    from .selectors import enrolments_visible_to

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


def _comparison_data(parameters: dict) -> ComparisonSheet:
    from portal.generation import BuildError

    data = comparison_report_data(parameters)
    if data is None:
        raise BuildError(_("No checklist version has been set up yet."))
    return data


def _comparison_access(user, parameters: dict) -> bool:
    from .selectors import comparison_cohorts_for

    try:
        return comparison_cohorts_for(user).filter(pk=int(parameters.get("cohort"))).exists()
    except (TypeError, ValueError):
        return False


def register_generators() -> None:
    from django.utils.text import slugify

    from portal.generation import document_generator, register

    register(
        document_generator(
            kind="checklist_report",
            collect=_report_data,
            build=build_checklist_report_pdf,
            filename=lambda data: f"sjalvskattning-{slugify(data.organisation_name)}.pdf",
            content_type="application/pdf",
            can_access=_report_access,
        )
    )
    register(
        document_generator(
            kind="comparison_report",
            collect=_comparison_data,
            build=build_comparison_pdf,
            filename=lambda data: "jamforelse.pdf",
            content_type="application/pdf",
            can_access=_comparison_access,
        )
    )
