"""Reads of the key figures for the organisation and cohort pages and for documents.

Values are Kolada's ("Källa: Kolada"); the ratio and difference between women and men are the
portal's own calculation and are labelled so wherever they are shown."""

import re
from dataclasses import dataclass

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
            code__in=[code for code, *_rest in enrolments] + [NATIONAL_CODE],
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
