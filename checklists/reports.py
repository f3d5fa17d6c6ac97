"""What the checklist's PDF reports and the comparison export show, read up front for the pure
builders in documents.py: the organisation's report over every occasion, and the comparison
table as shown on the page."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.models import Cluster, Cohort, Enrolment
from portal.occasions import OCCASION_ORDER, Occasion

from .comparison import INCOMPLETE, NOT_READY, READY, Comparison, ComparisonRow, comparison_data
from .models import Assessment, ChecklistVersion
from .scoring import readiness, total, total_movement
from .selectors import organisation_assessments

# --- The comparison table -----------------------------------------------------------------------


@dataclass
class SheetColumn:
    title: str
    kind: str  # text, score, total, movement, ready, status; count, average (the averages)
    note: str = ""  # the item's full text, for a score column
    short: str = ""  # the item's number, where a narrow page has no room for its title

    @property
    def short_title(self) -> str:
        return self.short or self.title


@dataclass
class ComparisonSheet:
    """The comparison table as shown, for the Excel export and the PDF report: one value per
    column and row, with each row's status and readiness (the colours follow them)."""

    title: str
    subtitle: str
    filters: str  # the filters that narrowed the rows, or ""
    legend: str
    columns: list[SheetColumn]
    rows: list[list]
    row_states: list[tuple[str | None, str]]  # (status, readiness state) per row
    lowest: int
    highest: int
    averages_columns: list[SheetColumn]
    averages: list[list]
    item_key: str  # "1 = short title; 2 = …", for a page that heads items by number


def comparison_sheet(data: Comparison) -> ComparisonSheet:
    """The rows and columns of the comparison table, as shown on the page (in the same order),
    with the round, cluster and type on every row so the sheet can be sorted and filtered."""
    columns = [SheetColumn(_("Organisation"), "text")]
    if data.all_cohorts:
        columns.append(SheetColumn(_("Cohort"), "text"))
    columns += [SheetColumn(_("Cluster"), "text"), SheetColumn(_("Type"), "text")]
    items = [
        SheetColumn(
            f"{item.number}. {item.short_title}", "score", note=item.text, short=str(item.number)
        )
        for item in data.data.items
    ]
    columns += items
    columns.append(SheetColumn(_("Total"), "total"))
    if data.base:
        columns.append(
            SheetColumn(
                _("Movement since %(occasion)s") % {"occasion": data.base_label}, "movement"
            )
        )
    columns += [SheetColumn(_("Ready"), "ready"), SheetColumn(_("Status"), "status")]
    rows, states = [], []
    for row in data.rows:
        values = [row.organisation.name]
        if data.all_cohorts:
            values.append(row.enrolment.cohort.name)
        values += [row.cluster_name, row.kind_label, *row.scores, row.total]
        if data.base:
            values.append(row.movement)
        values += [readiness_label(row), status_label(row.status)]
        rows.append(values)
        states.append((row.status, row.state))
    counts = (
        _("Organisations"),
        pgettext("count of", "Submitted"),
        pgettext("count of", "Started"),
        pgettext("count of", "Missing"),
        pgettext("count of", "Ready"),
        _("Complete assessments"),
    )
    averages_columns = [
        SheetColumn(_("Group"), "text"),
        *(SheetColumn(title, "count") for title in counts),
        *(SheetColumn(item.title, "average", short=item.short) for item in items),
        SheetColumn(_("Average total"), "average"),
        SheetColumn(_("Average movement"), "average"),
    ]
    averages = [
        [
            group.label,
            group.organisations,
            group.submitted,
            group.not_submitted,
            group.missing,
            group.ready,
            group.complete,
            *group.item_averages,
            group.total_average,
            group.movement_average,
        ]
        for group in [data.whole, data.selection, *data.by_cluster, *data.by_kind]
    ]
    scale = data.data.scale
    place = data.cohort.name if data.cohort else _("All cohorts")
    return ComparisonSheet(
        title=_("Comparison: %(occasion)s") % {"occasion": data.occasion_label},
        subtitle=f"{place} · {data.data.version.name}",
        filters=_("Filtered: %(filters)s") % {"filters": " · ".join(data.filter_labels)}
        if data.filter_labels
        else "",
        legend=_("Scores from %(low)s to %(high)s: %(levels)s; empty means not scored.")
        % {
            "low": scale.lowest,
            "high": scale.highest,
            "levels": ", ".join(f"{value} = {label}" for value, label in scale.levels),
        },
        columns=columns,
        rows=rows,
        row_states=states,
        lowest=scale.lowest,
        highest=scale.highest,
        averages_columns=averages_columns,
        averages=averages,
        item_key="; ".join(f"{item.number} = {item.short_title}" for item in data.data.items),
    )


def readiness_label(row: ComparisonRow) -> str:
    if row.state == READY:
        return str(_("Yes"))
    if row.state == NOT_READY:
        return str(_("Not yet"))
    if row.state == INCOMPLETE:
        return str(_("Incomplete"))
    return "–"


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
        cohorts=[cohort],
        cohort=cohort,
        cluster=Cluster.objects.filter(pk=parameters.get("cluster"), cohort=cohort).first()
        if parameters.get("cluster")
        else None,
        kind=parameters.get("kind") or "",
        readiness_filter=parameters.get("readiness") or "",
        query=parameters.get("q") or "",
        occasion=parameters["occasion"],
        base=parameters.get("base") or None,
        version=ChecklistVersion.objects.filter(pk=parameters.get("version")).first()
        if parameters.get("version")
        else None,
        include_drafts=bool(parameters.get("drafts")),
        sort=parameters.get("sort") or "name",
        descending=bool(parameters.get("descending")),
    )
    if data is None:
        return None
    return comparison_sheet(data)
