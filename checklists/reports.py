"""What the checklist's PDF reports and the comparison export show, read up front for the pure
builders in documents.py: the organisation's report over every occasion, and the comparison
table as shown on the page."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from portal.models import Cluster, Cohort, Enrolment
from portal.occasions import OCCASION_ORDER, Occasion

from .comparison import Comparison, ComparisonRow, comparison_data
from .models import Assessment, ChecklistVersion
from .scoring import readiness, total, total_movement
from .selectors import organisation_assessments

# --- The comparison table -----------------------------------------------------------------------


@dataclass
class ComparisonSheet:
    title: str
    subtitle: str
    columns: list[str]
    rows: list[list]
    averages_columns: list[str]
    averages: list[list]


def comparison_sheet(data: Comparison, filters: dict) -> ComparisonSheet:
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


def readiness_label(row: ComparisonRow) -> str:
    if row.readiness is None:
        return "–"
    if not row.readiness.complete:
        return str(_("Incomplete"))
    return str(_("Yes")) if row.readiness.is_ready else str(_("Not yet"))


def status_label(status: str | None) -> str:
    if status is None:
        return str(_("Not started"))
    return str(Assessment.Status(status).label)


# --- The organisation's report ----------------------------------------------------------------


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


def _first_to_last(values: list[int | None]) -> int | None:
    scored = [value for value in values if value is not None]
    return scored[-1] - scored[0] if len(scored) > 1 else None


def _readiness_text(rule) -> str:
    if not rule.complete:
        return _("Incomplete")
    return _("Yes") if rule.is_ready else _("Not yet")


def checklist_report_data(enrolment: Enrolment) -> ChecklistReport | None:
    """The organisation's assessments of every occasion, read up front (no version: None)."""
    loaded = organisation_assessments(enrolment)
    if loaded is None:
        return None
    version, data, states, assessments = loaded
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
    cohort = Cohort.objects.filter(pk=parameters["cohort"]).first()
    if cohort is None:
        return None
    data = comparison_data(
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
