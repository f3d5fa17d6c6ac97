"""Reads of the key figures for the organisation and cohort pages and for documents.

Values are Kolada's ("Källa: Kolada"); the ratio and difference between women and men are the
portal's own calculation and are labelled so wherever they are shown."""

import math
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Cluster, Cohort, Enrolment, Organisation
from .charts import DotPlot, LineChart, dot_plot, line_chart
from .client import NATIONAL_CODE
from .models import KeyFigure, KeyFigureValue, KoladaImport
from .rows import Cell, GenderRow, gender_row, markers_shown, measure_decimals


@dataclass(frozen=True)
class OrganisationKeyFigure:
    key_figure: KeyFigure
    rows: list[GenderRow]
    chart: LineChart | None
    decimals: int
    markers: list[Cell]


def key_figures_in_use() -> list[KeyFigure]:
    return list(KeyFigure.objects.filter(in_use=True))


def last_import() -> KoladaImport | None:
    return KoladaImport.objects.order_by("-at").first()


def organisation_key_figures(organisation: Organisation) -> list[OrganisationKeyFigure]:
    """Every KPI in use with the organisation's values per year (two queries)."""
    figures = key_figures_in_use()
    cells: dict[tuple[int, int], dict[str, KeyFigureValue]] = {}
    for value in KeyFigureValue.objects.filter(
        code=organisation.code, key_figure__in=figures
    ).order_by("year"):
        cells.setdefault((value.key_figure_id, value.year), {})[value.gender] = value
    result = []
    for figure in figures:
        rows = [
            gender_row(str(year), by_gender)
            for (figure_id, year), by_gender in sorted(cells.items(), key=lambda item: item[0][1])
            if figure_id == figure.pk
        ]
        if rows:
            decimals = measure_decimals(rows)
            result.append(
                OrganisationKeyFigure(
                    key_figure=figure,
                    rows=rows,
                    chart=line_chart(
                        rows,
                        figure.divided_by_gender,
                        decimals=decimals,
                        label_id=f"chart-{figure.kpi_id}",
                        label=_(
                            "%(title)s over the years: a line chart of the values in the table."
                        )
                        % {"title": figure.title},
                    ),
                    decimals=decimals,
                    markers=markers_shown(rows, figure.divided_by_gender),
                )
            )
    return result


SORT_KEYS = ("name", "women", "men", "total", "ratio", "difference")


@dataclass(frozen=True)
class CohortComparison:
    key_figure: KeyFigure
    year: int
    years: list[int]
    rows: list[GenderRow]
    national: GenderRow | None
    sort: str
    descending: bool
    chart: DotPlot | None
    decimals: int
    markers: list[Cell]
    clusters: list[Cluster]
    cluster: Cluster | None
    query: str
    enrolled: int

    @property
    def filtered(self) -> bool:
        return bool(self.query or self.cluster)

    @property
    def with_cluster(self) -> bool:
        """A cluster column while the table shows more than one cluster."""
        return bool(self.clusters) and self.cluster is None


def _sort_value(row: GenderRow, sort: str):
    if sort == "name":
        return row.label.casefold()
    if sort in ("women", "men", "total"):
        return getattr(row, sort).value
    return getattr(row, sort)


def _natural(text: str) -> list:
    """A sort key in natural order, digits compared as numbers: Kluster 2 before Kluster 10."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def cohort_clusters(cohort: Cohort) -> list[Cluster]:
    """The cohort's clusters in natural order (one query)."""
    return sorted(Cluster.objects.filter(cohort=cohort), key=lambda c: _natural(c.name))


def cohort_key_figure_years(key_figure: KeyFigure) -> list[int]:
    return list(
        KeyFigureValue.objects.filter(key_figure=key_figure)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def _matches(row: GenderRow, query: str) -> bool:
    folded = query.casefold()
    return folded in row.label.casefold() or query == row.code


def cohort_key_figure_comparison(
    *,
    cohort: Cohort,
    key_figure: KeyFigure,
    year: int | None,
    sort: str = "name",
    descending: bool = False,
    cluster_id: int | None = None,
    query: str = "",
) -> CohortComparison:
    """One KPI for one year across the cohort's enrolled organisations (those of one cluster,
    or whose name holds `query`, if asked), with the country. A fixed number of queries
    whatever the number of organisations."""
    years = cohort_key_figure_years(key_figure)
    year = year if year in years else (years[0] if years else timezone.localdate().year - 1)
    clusters = cohort_clusters(cohort)
    cluster = next((c for c in clusters if c.pk == cluster_id), None)
    # Plain values rather than model instances, here and below: all 311 organisations.
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .order_by("organisation__name")
        .values_list("organisation__code", "organisation__name", "cluster_id", "cluster__name")
    )
    by_code: dict[str, dict[str, Cell]] = {}
    for code, gender, value, status in (
        KeyFigureValue.objects.filter(
            key_figure=key_figure,
            year=year,
        )
        # The enrolled organisations' codes as a subquery: a list of 311 codes cost PostgreSQL
        # more to plan than to run.
        .filter(
            Q(code__in=Enrolment.objects.filter(cohort=cohort).values("organisation__code"))
            | Q(code=NATIONAL_CODE)
        )
        .order_by()
        .values_list("code", "gender", "value", "status")
    ):
        by_code.setdefault(code, {})[gender] = Cell(value, status)
    rows = [
        gender_row(name, by_code.get(code, {}), code, cluster_name or "")
        for code, name, cluster_pk, cluster_name in enrolments
        if cluster is None or cluster_pk == cluster.pk
    ]
    query = query.strip()[:100]
    if query:
        rows = [row for row in rows if _matches(row, query)]
    sort = sort if sort in SORT_KEYS else "name"
    present = [row for row in rows if _sort_value(row, sort) is not None]
    absent = [row for row in rows if _sort_value(row, sort) is None]
    present.sort(key=lambda row: _sort_value(row, sort), reverse=descending)
    absent.sort(key=lambda row: row.label.casefold())
    rows = present + absent
    national = (
        gender_row(_("Sweden (whole country)"), by_code[NATIONAL_CODE], NATIONAL_CODE)
        if NATIONAL_CODE in by_code
        else None
    )
    divided = key_figure.divided_by_gender
    shown = rows + ([national] if national else [])
    decimals = measure_decimals(shown)
    return CohortComparison(
        key_figure=key_figure,
        year=year,
        years=years,
        rows=rows,
        national=national,
        sort=sort,
        descending=descending,
        chart=dot_plot(
            rows,
            national,
            divided,
            decimals=decimals,
            label_id="kf-chart-title",
            label=_("%(title)s, %(year)s: women and men per organisation, as a dot plot.")
            % {"title": key_figure.title, "year": year}
            if divided
            else _("%(title)s, %(year)s per organisation, as a dot plot.")
            % {"title": key_figure.title, "year": year},
            described_by="kf-chart-note",
        ),
        decimals=decimals,
        markers=markers_shown(shown, divided),
        clusters=clusters,
        cluster=cluster,
        query=query,
        enrolled=len(enrolments),
    )


# --- The participant's page: the organisation beside its cluster's peers and the country ---


@dataclass(frozen=True)
class GapYear:
    """The difference women − men in one year, for the organisation and for the country."""

    year: int
    organisation: float | None
    national: float | None


@dataclass(frozen=True)
class GapTrend:
    """How the organisation's difference between women and men moved from its first year with
    both values to its last: the distance from equal (zero) grew, shrank or stayed."""

    first_year: int
    last_year: int
    first: float
    last: float

    @property
    def change(self) -> float:
        return self.last - self.first

    @property
    def direction(self) -> str:
        """ "narrower", "wider" or "unchanged", judged on the distance from equal."""
        before, after = abs(self.first), abs(self.last)
        if math.isclose(before, after, abs_tol=1e-9):
            return "unchanged"
        return "narrower" if after < before else "wider"


@dataclass(frozen=True)
class PeerKeyFigure:
    key_figure: KeyFigure
    year: int
    rows: list[GenderRow]  # the cluster's organisations by name, this one among them
    national: GenderRow | None
    decimals: int
    markers: list[Cell]
    chart: DotPlot | None
    gaps: list[GapYear]
    trend: GapTrend | None


@dataclass(frozen=True)
class ClusterPeers:
    organisation: Organisation
    enrolment: Enrolment
    figures: list[PeerKeyFigure]


def gap_trend(gaps: list[GapYear]) -> GapTrend | None:
    """The trend of the organisation's gap over the years it has one (None with fewer than
    two such years)."""
    known = [gap for gap in gaps if gap.organisation is not None]
    if len(known) < 2:
        return None
    first, last = known[0], known[-1]
    return GapTrend(first.year, last.year, first.organisation, last.organisation)


def _gaps(cells: dict, code: str, years: list[int]) -> list[GapYear]:
    def gap(year: int, of: str) -> float | None:
        return gender_row("", cells.get((of, year), {})).difference

    return [GapYear(year, gap(year, code), gap(year, NATIONAL_CODE)) for year in years]


def peer_key_figure(
    figure: KeyFigure, cells: dict, peers: list[tuple[str, str]], own: Organisation
) -> PeerKeyFigure | None:
    """One KPI: the peers in the latest year any of them has, and the organisation's gap per
    year beside the country's. None when no peer or the country has a value."""
    years = sorted({year for (_code, year) in cells})
    if not years:
        return None
    peer_years = [year for (code, year) in cells if code != NATIONAL_CODE]
    year = max(peer_years) if peer_years else years[-1]
    rows = [gender_row(name, cells.get((code, year), {}), code) for code, name in peers]
    national = (
        gender_row(_("Sweden (whole country)"), cells[(NATIONAL_CODE, year)], NATIONAL_CODE)
        if (NATIONAL_CODE, year) in cells
        else None
    )
    divided = figure.divided_by_gender
    shown = rows + ([national] if national else [])
    decimals = measure_decimals(shown)
    gaps = _gaps(cells, own.code, years) if divided else []
    return PeerKeyFigure(
        key_figure=figure,
        year=year,
        rows=rows,
        national=national,
        decimals=decimals,
        markers=markers_shown(shown, divided),
        chart=dot_plot(
            rows,
            national,
            divided,
            decimals=decimals,
            label_id=f"peers-chart-{figure.kpi_id}",
            label=_("%(title)s, %(year)s: the cluster's organisations, as a dot plot.")
            % {"title": figure.title, "year": year},
            described_by=f"peers-note-{figure.kpi_id}",
        ),
        gaps=gaps,
        trend=gap_trend(gaps),
    )


def cluster_peer_key_figures(organisation: Organisation) -> ClusterPeers | None:
    """Every KPI in use for the organisation beside the other benchmarking organisations of its
    cluster (in its newest cohort) and the country: Kolada's values are public. None when the
    organisation is in no cluster. Four queries whatever the size of the cluster."""
    enrolment = (
        Enrolment.objects.filter(
            organisation=organisation,
            role=Enrolment.Role.BENCHMARKING,
            cluster__isnull=False,
        )
        .select_related("cohort", "cluster")
        .order_by("-cohort__starts_on", "-pk")
        .first()
    )
    if enrolment is None:
        return None
    peers = list(
        Enrolment.objects.filter(cluster=enrolment.cluster, role=Enrolment.Role.BENCHMARKING)
        .order_by("organisation__name")
        .values_list("organisation__code", "organisation__name")
    )
    figures = key_figures_in_use()
    cells: dict[int, dict[tuple[str, int], dict[str, Cell]]] = {}
    for figure_id, code, year, gender, value, status in (
        KeyFigureValue.objects.filter(
            key_figure__in=figures, code__in=[code for code, _name in peers] + [NATIONAL_CODE]
        )
        .order_by()
        .values_list("key_figure_id", "code", "year", "gender", "value", "status")
    ):
        cells.setdefault(figure_id, {}).setdefault((code, year), {})[gender] = Cell(value, status)
    shown = [
        peer
        for figure in figures
        if (peer := peer_key_figure(figure, cells.get(figure.pk, {}), peers, organisation))
    ]
    return ClusterPeers(organisation=organisation, enrolment=enrolment, figures=shown)
