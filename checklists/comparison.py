"""The comparison across organisations: organisations × items for one occasion of one round (or
of every round, grouped by round), with totals, movement, readiness, summaries per cluster and
per type of organisation and the distribution of totals, read in a fixed number of queries
whatever the number of organisations. The rows are filtered and sorted here, in Python: the
page shows at most a few hundred, and every figure is worked out once, not per template cell."""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from portal.models import Cluster, Cohort, Organisation
from portal.occasions import OCCASION_ORDER, Occasion, previous_occasion

from .comparison_chart import Distribution, distribution_chart
from .comparison_enrolments import RowEnrolment, RowOrganisation, enrolment_rows
from .models import Assessment, ChecklistVersion, ItemScore
from .scoring import Readiness, total, total_movement
from .selectors import VersionData, default_version, version_data

# The base occasion "the one before the compared occasion" (the default).
PREVIOUS = "previous"

# Where an organisation stands at the occasion, least ready first (the readiness sort).
MISSING, DRAFT, INCOMPLETE, NOT_READY, READY = (
    "missing",
    "draft",
    "incomplete",
    "not_ready",
    "ready",
)
STATE_ORDER = [MISSING, DRAFT, INCOMPLETE, NOT_READY, READY]

# The readiness filter: its value, its label, and which rows it keeps.
READINESS_FILTERS = {
    "submitted": (_("Submitted"), lambda row: row.status == Assessment.Status.SUBMITTED),
    "not_submitted": (
        _("Started, not submitted"),
        lambda row: row.status == Assessment.Status.DRAFT,
    ),
    "missing": (_("No self-assessment"), lambda row: row.status is None),
    "ready": (_("Ready (meets the rule of thumb)"), lambda row: row.state == READY),
    "not_ready": (
        _("Assessed, not ready yet"),
        lambda row: row.state in (INCOMPLETE, NOT_READY),
    ),
}
SORT_KEYS = ("name", "cluster", "total", "movement", "readiness")


def natural_key(text: str) -> tuple:
    """ "Kluster 2" before "Kluster 10": digits compare as numbers."""
    return tuple(
        int(part) if index % 2 else part.casefold()
        for index, part in enumerate(re.split(r"(\d+)", text))
    )


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_key(name: str) -> str:
    """Names in Swedish alphabetical order: å, ä and ö after z."""
    return name.casefold().translate(_SWEDISH_LAST)


@dataclass
class ComparisonRow:
    enrolment: RowEnrolment
    status: str | None  # the assessment at the occasion, whether its scores are shown or not
    shown: bool  # its scores are shown: submitted, or a draft when drafts are included
    scores: list[int | None]
    complete: bool
    total: int | None
    movement: int | None
    readiness: Readiness | None
    state: str
    kind_label: str
    level_of: dict[int, str] = field(default_factory=dict)
    cluster_label: str = ""  # the cluster's name, short when all share a first word

    @property
    def organisation(self) -> RowOrganisation:
        return self.enrolment.organisation

    @property
    def cluster_name(self) -> str:
        return self.enrolment.cluster.name if self.enrolment.cluster else ""

    @property
    def score_cells(self) -> list[tuple[int | None, str]]:
        """Each score with its heatmap level (none, low, mid, top)."""
        return [
            (value, "none" if value is None else self.level_of.get(value, "mid"))
            for value in self.scores
        ]


@dataclass
class GroupSummary:
    """Counts and means of a group of rows: the whole round, the rows shown, a cluster, a type."""

    label: str
    organisations: int
    submitted: int
    not_submitted: int  # started, not submitted
    missing: int
    ready: int
    complete: int  # assessments with every item scored (the means are over these)
    item_averages: list[float | None]
    total_average: float | None
    movement_average: float | None
    chosen: bool = False


@dataclass
class RowGroup:
    """The rows of one round (when every round is shown, one group per round)."""

    cohort: Cohort | None
    rows: list[ComparisonRow]


@dataclass
class Comparison:
    data: VersionData
    occasion: str
    base: str | None
    cohort: Cohort | None  # None: every round the person may compare
    groups: list[RowGroup]
    scope_count: int  # rows of the round(s) before the filters
    whole: GroupSummary
    selection: GroupSummary
    by_cluster: list[GroupSummary]  # or by round, when every round is shown
    by_kind: list[GroupSummary]
    distribution: Distribution
    clusters_shown: int
    clusters: list[Cluster]  # the round's clusters, in natural order (none for every round)
    filter_labels: list[str]  # what narrowed the rows: cluster, type, status, search

    @property
    def rows(self) -> list[ComparisonRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def all_cohorts(self) -> bool:
        return self.cohort is None

    @property
    def show_cluster(self) -> bool:
        """A cluster column only when the rows come from more than one cluster."""
        return self.clusters_shown > 1

    @property
    def occasion_label(self) -> str:
        return Occasion(self.occasion).label

    @property
    def base_label(self) -> str:
        return Occasion(self.base).label if self.base else ""

    @property
    def column_count(self) -> int:
        return 1 + self.show_cluster + len(self.data.items) + 1 + (self.base is not None) + 2


def comparison_data(
    *,
    cohorts: Sequence[Cohort],
    cohort: Cohort | None = None,
    cluster=None,
    kind: str = "",
    readiness_filter: str = "",
    query: str = "",
    occasion: str | None = None,
    base: str | None = PREVIOUS,
    version: ChecklistVersion | None = None,
    include_drafts: bool = False,
    sort: str = "name",
    descending: bool = False,
) -> Comparison | None:
    """The comparison of `cohort` (every one of `cohorts` when None) at `occasion` (by default
    the latest with a shown assessment), with movement since `base`, the rows filtered by
    cluster, type, readiness and a search in the organisation's name, in five queries (six
    without a version)."""
    version = version or default_version()
    if version is None:
        return None
    data = version_data(version)
    cohort_ids = [cohort.pk] if cohort is not None else [c.pk for c in cohorts]
    enrolments = enrolment_rows(cohort_ids, cohorts=[*cohorts, *([cohort] if cohort else [])])
    # No ordering: the rows are keyed by hand, and the models' default orderings would join
    # and sort every score of every organisation.
    assessments = Assessment.objects.filter(version=version, cohort_id__in=cohort_ids).order_by()
    status_of, key_of = {}, {}
    for pk, organisation_id, cohort_id, its_occasion, status in assessments.values_list(
        "pk", "organisation_id", "cohort_id", "occasion", "status"
    ):
        status_of[(organisation_id, cohort_id, its_occasion)] = status
        if include_drafts or status == Assessment.Status.SUBMITTED:
            key_of[pk] = (organisation_id, cohort_id, its_occasion)
    number_of = {item.pk: item.number for item in data.items}
    shown_filter = {"status": Assessment.Status.SUBMITTED} if not include_drafts else {}
    scores: dict[tuple, dict[int, int | None]] = defaultdict(dict)
    for assessment_id, item_id, score in (
        ItemScore.objects.filter(assessment__in=assessments.filter(**shown_filter).values("pk"))
        .order_by()
        .values_list("assessment_id", "item_id", "score")
    ):
        scores[key_of[assessment_id]][number_of[item_id]] = score
    shown_keys = set(key_of.values())
    if occasion is None:
        occasion = _latest_occasion(shown_keys)
    if base == PREVIOUS:
        base = previous_occasion(occasion)
    if base and OCCASION_ORDER.index(base) == OCCASION_ORDER.index(occasion):
        base = None

    # Once per page, not get_kind_display() per row: Django rebuilds the choices each call.
    kind_labels = {kind: str(label) for kind, label in Organisation.Kind.choices}
    shape = _RowShape(data)
    scope = [
        _row(enrolment, shape, occasion, base, scores, status_of, shown_keys, kind_labels)
        for enrolment in enrolments
    ]
    keep = READINESS_FILTERS.get(readiness_filter, (None, None))[1]
    needle = query.strip().casefold()
    selected = [
        row
        for row in scope
        if (cluster is None or row.enrolment.cluster_id == cluster.pk)
        and (not kind or row.organisation.kind == kind)
        and (keep is None or keep(row))
        and (not needle or needle in row.organisation.name.casefold())
    ]
    labels = short_labels({row.cluster_name for row in selected})
    for row in selected:
        row.cluster_label = labels.get(row.cluster_name, row.cluster_name)
    groups = _groups(selected, cohort=cohort, sort=sort, descending=descending, data=data)
    whole = _summary(_("Every round") if cohort is None else _("The whole round"), scope)
    return Comparison(
        data=data,
        occasion=occasion,
        base=base,
        cohort=cohort,
        groups=groups,
        scope_count=len(scope),
        whole=whole,
        # No filter: the rows shown are the whole round's (same counts, another label).
        selection=replace(whole, label=str(_("Shown in the table")))
        if len(selected) == len(scope)
        else _summary(_("Shown in the table"), selected),
        by_cluster=_by_cluster(scope, cohort=cohort, chosen=cluster),
        by_kind=_by_kind(scope, chosen=kind, labels=kind_labels),
        distribution=distribution_chart(
            _totals_per_occasion(selected, scores, shown_keys, data),
            lowest=data.min_total,
            highest=data.max_total,
        ),
        clusters_shown=len({row.enrolment.cluster_id for row in selected}),
        filter_labels=_filter_labels(cluster, kind_labels.get(kind, ""), readiness_filter, query),
        clusters=sorted(
            {row.enrolment.cluster for row in scope if row.enrolment.cluster} if cohort else (),
            key=lambda c: natural_key(c.name),
        ),
    )


def short_labels(names: set[str]) -> dict[str, str]:
    """Names such as "Kluster 1" … "Kluster 10" as "1" … "10" when every name starts with the
    same word (the column's heading says "Cluster"); other names as they are."""
    named = [name for name in names if name]
    first_words = {name.split(" ", 1)[0] for name in named}
    if len(named) < 2 or len(first_words) != 1 or any(" " not in name for name in named):
        return {}
    return {name: name.split(" ", 1)[1] for name in named}


def _filter_labels(cluster, kind_label: str, readiness_filter: str, query: str) -> list[str]:
    labels = [cluster.name] if cluster is not None else []
    labels += [kind_label] if kind_label else []
    if readiness_filter in READINESS_FILTERS:
        labels.append(str(READINESS_FILTERS[readiness_filter][0]))
    if query.strip():
        labels.append(str(_("name contains “%(text)s”") % {"text": query.strip()}))
    return labels


def _latest_occasion(shown_keys: set[tuple]) -> str:
    present = {occasion for _org, _cohort, occasion in shown_keys}
    return next(
        (occasion for occasion in reversed(OCCASION_ORDER) if occasion in present),
        Occasion.BM1,
    )


class _RowShape:
    """What every row of a version shares, worked out once per page rather than per row."""

    def __init__(self, data: VersionData):
        self.item_numbers = data.item_numbers
        self.lowest, self.highest = data.scale.lowest, data.scale.highest
        self.level_of = {self.highest: "top", self.lowest: "low"}


def _row(
    enrolment, shape: _RowShape, occasion, base, scores, status_of, shown_keys, kind_labels
) -> ComparisonRow:
    key = (enrolment.organisation_id, enrolment.cohort_id)
    status = status_of.get((*key, occasion))
    shown = (*key, occasion) in shown_keys
    current = scores.get((*key, occasion), {}) if shown else {}
    values = [current.get(number) for number in shape.item_numbers]
    complete = shown and None not in values
    base_scores = scores.get((*key, base), {}) if base else {}
    # scoring.readiness() of the same values, without reading the scores a second time.
    rule = (
        Readiness(
            complete=complete,
            at_lowest=values.count(shape.lowest),
            at_top=values.count(shape.highest),
            item_count=len(values),
        )
        if shown
        else None
    )
    if status is None:
        state = MISSING
    elif not shown:
        state = DRAFT
    elif not complete:
        state = INCOMPLETE
    else:
        state = READY if rule.is_ready else NOT_READY
    organisation = enrolment.organisation
    return ComparisonRow(
        enrolment=enrolment,
        status=status,
        shown=shown,
        scores=values,
        complete=complete,
        total=total(values),
        movement=total_movement(current, base_scores) if shown and base_scores else None,
        readiness=rule,
        state=state,
        kind_label=kind_labels.get(organisation.kind, organisation.kind),
        level_of=shape.level_of,
    )


def _groups(rows, *, cohort, sort, descending, data) -> list[RowGroup]:
    if cohort is not None:
        return [RowGroup(cohort=cohort, rows=_sorted(rows, sort, descending, data))]
    by_cohort: dict[int, list[ComparisonRow]] = defaultdict(list)
    for row in rows:
        by_cohort[row.enrolment.cohort_id].append(row)
    cohorts = sorted(
        {row.enrolment.cohort for row in rows},
        key=lambda c: (-c.starts_on.toordinal(), natural_key(c.name)),
    )
    return [
        RowGroup(cohort=c, rows=_sorted(by_cohort[c.pk], sort, descending, data)) for c in cohorts
    ]


def _sorted(rows, sort: str, descending: bool, data) -> list[ComparisonRow]:
    by_name = sorted(rows, key=lambda r: swedish_key(r.organisation.name))
    if sort == "name":
        return list(reversed(by_name)) if descending else by_name
    if sort == "cluster":
        return sorted(by_name, key=lambda r: natural_key(r.cluster_name), reverse=descending)
    if sort == "readiness":
        return sorted(
            by_name,
            key=lambda r: (STATE_ORDER.index(r.state), r.total or 0),
            reverse=descending,
        )
    if sort == "total":
        value_of = lambda r: r.total  # noqa: E731
    elif sort == "movement":
        value_of = lambda r: r.movement  # noqa: E731
    elif sort.startswith("item_") and sort[5:].isdigit() and int(sort[5:]) in data.item_numbers:
        index = data.item_numbers.index(int(sort[5:]))
        value_of = lambda r: r.scores[index]  # noqa: E731
    else:
        return by_name
    # Python's sort is stable: within equal values the names stay in alphabetical order.
    present = sorted(
        (row for row in by_name if value_of(row) is not None),
        key=value_of,
        reverse=descending,
    )
    return present + [row for row in by_name if value_of(row) is None]


def _mean(values) -> float | None:
    values = [value for value in values if value is not None]
    return round(sum(values) / len(values), 1) if values else None


def _summary(label, rows: list[ComparisonRow], *, chosen: bool = False) -> GroupSummary:
    shown = [row for row in rows if row.shown]
    complete = [row for row in shown if row.complete]
    count = len(rows[0].scores) if rows else 0
    # One column per item (zip: a column at a time, not an index per row and item).
    columns = list(zip(*(row.scores for row in shown), strict=True)) or [()] * count
    return GroupSummary(
        label=str(label),
        organisations=len(rows),
        submitted=sum(1 for row in rows if row.status == Assessment.Status.SUBMITTED),
        not_submitted=sum(1 for row in rows if row.status == Assessment.Status.DRAFT),
        missing=sum(1 for row in rows if row.status is None),
        ready=sum(1 for row in rows if row.state == READY),
        complete=len(complete),
        item_averages=[_mean(column) for column in columns],
        total_average=_mean(row.total for row in complete),
        movement_average=_mean(row.movement for row in shown),
        chosen=chosen,
    )


def _by_cluster(rows, *, cohort, chosen) -> list[GroupSummary]:
    """Per cluster of the round in natural order (those without a cluster last); per round,
    newest first, when every round is shown."""
    groups: dict = defaultdict(list)
    if cohort is None:
        for row in rows:
            groups[row.enrolment.cohort].append(row)
        return [
            _summary(c.name, groups[c])
            for c in sorted(groups, key=lambda c: (-c.starts_on.toordinal(), c.name))
        ]
    for row in rows:
        groups[row.enrolment.cluster].append(row)
    ordered = sorted(
        groups, key=lambda c: (c is None, natural_key(c.name) if c is not None else ())
    )
    return [
        _summary(
            c.name if c is not None else _("No cluster"),
            groups[c],
            chosen=chosen is not None and c is not None and c.pk == chosen.pk,
        )
        for c in ordered
    ]


def _by_kind(rows, *, chosen: str, labels: dict[str, str]) -> list[GroupSummary]:
    groups: dict[str, list[ComparisonRow]] = defaultdict(list)
    for row in rows:
        groups[row.organisation.kind].append(row)
    return [
        _summary(labels[kind], groups[kind], chosen=kind == chosen)
        for kind in Organisation.Kind.values
        if kind in groups
    ]


def _totals_per_occasion(rows, scores, shown_keys, data) -> dict[str, list[int]]:
    """The totals of complete assessments at each occasion, for the organisations shown."""
    totals: dict[str, list[int]] = {occasion: [] for occasion in OCCASION_ORDER}
    item_numbers = data.item_numbers
    for row in rows:
        organisation_id, cohort_id = row.enrolment.organisation_id, row.enrolment.cohort_id
        for occasion in OCCASION_ORDER:
            key = (organisation_id, cohort_id, occasion)
            if key not in shown_keys:
                continue
            its_scores = scores.get(key, {})
            values = [its_scores.get(number) for number in item_numbers]
            if None not in values:
                totals[occasion].append(sum(values))
    return totals
