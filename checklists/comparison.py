"""The comparison across organisations: organisations × items for one occasion, with totals,
movement, readiness, averages and the distribution of totals, read in a fixed number of queries
whatever the number of organisations."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from portal.models import Cohort, Enrolment, Organisation
from portal.occasions import OCCASION_ORDER, Occasion

from .models import Assessment, ChecklistVersion, ItemScore
from .scoring import Readiness, readiness, total, total_movement
from .selectors import VersionData, default_version, version_data


@dataclass
class ComparisonRow:
    enrolment: Enrolment
    status: str | None
    scores: list[int | None]
    complete: bool
    total: int | None
    base_total: int | None
    movement: int | None
    readiness: Readiness | None

    level_of: dict[int, str] | None = None

    kind_label: str = ""

    @property
    def organisation(self) -> Organisation:
        return self.enrolment.organisation

    @property
    def score_cells(self) -> list[tuple[int | None, str]]:
        """Each score with its heatmap level (none, low, mid, top), worked out here rather than
        in the template: the comparison shows every organisation's row."""
        level_of = self.level_of or {}
        return [
            (value, "none" if value is None else level_of.get(value, "mid"))
            for value in self.scores
        ]


@dataclass
class AverageRow:
    label: str
    count: int
    item_averages: list[float | None]
    total_average: float | None
    movement_average: float | None
    ready_count: int


@dataclass
class DistributionBar:
    total: int
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def label_y(self) -> float:
        return self.y - 3


@dataclass
class OccasionDistribution:
    occasion: str
    totals: list[int]
    bars: list[DistributionBar]
    top: int

    @property
    def label_y(self) -> int:
        return self.top + CHART_PANEL_HEIGHT // 2 + 5

    @property
    def axis_y(self) -> int:
        return self.top + CHART_PANEL_HEIGHT

    @property
    def label(self) -> str:
        return Occasion(self.occasion).label

    @property
    def count(self) -> int:
        return len(self.totals)

    @property
    def minimum(self) -> int | None:
        return min(self.totals) if self.totals else None

    @property
    def maximum(self) -> int | None:
        return max(self.totals) if self.totals else None

    @property
    def median(self) -> float | None:
        if not self.totals:
            return None
        ordered, middle = sorted(self.totals), len(self.totals) // 2
        if len(ordered) % 2:
            return ordered[middle]
        return (ordered[middle - 1] + ordered[middle]) / 2

    @property
    def mean(self) -> float | None:
        return sum(self.totals) / len(self.totals) if self.totals else None


@dataclass
class Comparison:
    data: VersionData
    occasion: str
    base: str | None
    rows: list[ComparisonRow]
    cohort_averages: list[AverageRow]
    kind_averages: list[AverageRow]
    overall: AverageRow
    distributions: list[OccasionDistribution]
    chart_width: int
    chart_height: int
    chart_ticks: list[tuple[float, int]]

    @property
    def chart_axis_end(self) -> int:
        return self.chart_width - 20

    @property
    def chart_tick_y(self) -> int:
        return self.chart_height - 8

    @property
    def occasion_label(self) -> str:
        return Occasion(self.occasion).label

    @property
    def base_label(self) -> str:
        return Occasion(self.base).label if self.base else ""


CHART_PANEL_HEIGHT = 70
CHART_LEFT = 150
CHART_BIN_WIDTH = 22


def comparison_data(
    *,
    cohorts: QuerySet[Cohort],
    cohort: Cohort | None = None,
    cluster=None,
    kind: str = "",
    occasion: str = Occasion.BM1,
    base: str | None = None,
    version: ChecklistVersion | None = None,
    include_drafts: bool = False,
    sort: str = "name",
    descending: bool = False,
) -> Comparison | None:
    """Organisations × items for one occasion, with totals, movement, readiness, averages and
    the distribution of totals per occasion, in a fixed number of queries whatever the number of
    organisations."""
    version = version or default_version()
    if version is None:
        return None
    data = version_data(version)
    enrolments = Enrolment.objects.filter(cohort__in=cohorts)
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    if cluster is not None:
        enrolments = enrolments.filter(cluster=cluster)
    if kind:
        enrolments = enrolments.filter(organisation__kind=kind)
    enrolment_list = list(
        enrolments.select_related("organisation", "cohort", "cluster").order_by(
            "organisation__name", "cohort__name"
        )
    )
    assessments = Assessment.objects.filter(
        version=version,
        cohort_id__in=enrolments.values("cohort_id"),
        organisation_id__in=enrolments.values("organisation_id"),
    )
    if not include_drafts:
        assessments = assessments.filter(status=Assessment.Status.SUBMITTED)
    keys = {}
    for pk, organisation_id, cohort_id, its_occasion, status in assessments.order_by().values_list(
        "pk", "organisation_id", "cohort_id", "occasion", "status"
    ):
        keys[pk] = (organisation_id, cohort_id, its_occasion, status)
    item_number_by_id = {item.pk: item.number for item in data.items}
    scores: dict[tuple, dict[int, int | None]] = defaultdict(dict)
    # No ordering: the rows are keyed by hand, and the models' default orderings would join
    # and sort every score of every organisation.
    for assessment_id, item_id, score in (
        ItemScore.objects.filter(assessment__in=assessments.order_by().values("pk"))
        .order_by()
        .values_list("assessment_id", "item_id", "score")
    ):
        organisation_id, cohort_id, its_occasion, _status = keys[assessment_id]
        scores[(organisation_id, cohort_id, its_occasion)][item_number_by_id[item_id]] = score
    status_of = {(o, c, occ): status for o, c, occ, status in keys.values()}
    numbers = data.item_numbers
    level_of = {data.scale.highest: "top", data.scale.lowest: "low"}
    # Once per page, not get_kind_display() per row: Django rebuilds the choices each call.
    kind_labels = {kind: str(label) for kind, label in Organisation.Kind.choices}

    rows = []
    for enrolment in enrolment_list:
        key = (enrolment.organisation_id, enrolment.cohort_id)
        current = scores.get((*key, occasion), {})
        status = status_of.get((*key, occasion))
        values = [current.get(number) for number in numbers]
        complete = all(value is not None for value in values)
        base_scores = scores.get((*key, base), {}) if base else {}
        rows.append(
            ComparisonRow(
                enrolment=enrolment,
                status=status,
                scores=values,
                complete=complete,
                total=total(values),
                base_total=total(base_scores.values()) if base else None,
                movement=total_movement(current, base_scores) if base and base_scores else None,
                readiness=readiness(current, item_numbers=numbers, scale=data.scale)
                if status
                else None,
                level_of=level_of,
                kind_label=kind_labels.get(
                    enrolment.organisation.kind, enrolment.organisation.kind
                ),
            )
        )
    rows = _sorted_rows(rows, sort=sort, descending=descending, numbers=numbers)

    by_cohort: dict[str, list[ComparisonRow]] = defaultdict(list)
    by_kind: dict[str, list[ComparisonRow]] = defaultdict(list)
    for row in rows:
        by_cohort[row.enrolment.cohort.name].append(row)
        by_kind[row.kind_label].append(row)

    distributions = _distributions(enrolment_list, scores, status_of, numbers=numbers, data=data)
    bins = data.max_total - data.min_total + 1
    return Comparison(
        data=data,
        occasion=occasion,
        base=base,
        rows=rows,
        cohort_averages=[_average(label, group) for label, group in sorted(by_cohort.items())],
        kind_averages=[_average(label, group) for label, group in sorted(by_kind.items())],
        overall=_average("", rows),
        distributions=distributions,
        chart_width=CHART_LEFT + bins * CHART_BIN_WIDTH + 20,
        chart_height=len(distributions) * (CHART_PANEL_HEIGHT + 20) + 40,
        chart_ticks=[
            (CHART_LEFT + (value - data.min_total) * CHART_BIN_WIDTH + CHART_BIN_WIDTH / 2, value)
            for value in range(data.min_total, data.max_total + 1)
            if (value - data.min_total) % 2 == 0
        ],
    )


def _sorted_rows(rows, *, sort: str, descending: bool, numbers: list[int]):
    if sort == "name":
        return sorted(rows, key=lambda r: r.organisation.name, reverse=descending)
    if sort == "cohort":
        return sorted(
            rows,
            key=lambda r: (
                r.enrolment.cohort.name,
                r.enrolment.cluster.name if r.enrolment.cluster else "",
                r.organisation.name,
            ),
            reverse=descending,
        )
    if sort == "total":
        value_of = lambda r: r.total  # noqa: E731
    elif sort == "movement":
        value_of = lambda r: r.movement  # noqa: E731
    elif sort.startswith("item_") and sort[5:].isdigit() and int(sort[5:]) in numbers:
        index = numbers.index(int(sort[5:]))
        value_of = lambda r: r.scores[index]  # noqa: E731
    else:
        return rows
    present = [row for row in rows if value_of(row) is not None]
    missing = [row for row in rows if value_of(row) is None]
    present.sort(key=lambda r: (value_of(r), r.organisation.name), reverse=descending)
    return present + missing


def _mean(values: list) -> float | None:
    values = [value for value in values if value is not None]
    return round(sum(values) / len(values), 1) if values else None


def _average(label: str, rows: list[ComparisonRow]) -> AverageRow:
    assessed = [row for row in rows if row.status]
    count = len(rows[0].scores) if rows else 0
    return AverageRow(
        label=label,
        count=len([row for row in assessed if row.complete]),
        item_averages=[_mean([row.scores[index] for row in assessed]) for index in range(count)],
        total_average=_mean([row.total for row in assessed if row.complete]),
        movement_average=_mean([row.movement for row in assessed]),
        ready_count=sum(1 for row in assessed if row.readiness and row.readiness.is_ready),
    )


def _distributions(enrolments, scores, status_of, *, numbers, data) -> list[OccasionDistribution]:
    distributions = []
    for index, occasion in enumerate(OCCASION_ORDER):
        totals = []
        for enrolment in enrolments:
            key = (enrolment.organisation_id, enrolment.cohort_id, occasion)
            if key not in status_of:
                continue
            values = [scores.get(key, {}).get(number) for number in numbers]
            if all(value is not None for value in values):
                totals.append(sum(values))
        counts: dict[int, int] = defaultdict(int)
        for value in totals:
            counts[value] += 1
        highest = max(counts.values(), default=0)
        top = 30 + index * (CHART_PANEL_HEIGHT + 20)
        bars = [
            DistributionBar(
                total=value,
                count=count,
                x=CHART_LEFT + (value - data.min_total) * CHART_BIN_WIDTH + 2,
                y=top + CHART_PANEL_HEIGHT - CHART_PANEL_HEIGHT * count / highest,
                width=CHART_BIN_WIDTH - 4,
                height=CHART_PANEL_HEIGHT * count / highest,
            )
            for value, count in sorted(counts.items())
        ]
        distributions.append(
            OccasionDistribution(occasion=occasion, totals=totals, bars=bars, top=top)
        )
    return distributions
