"""Reads of the key figures for the organisation and cohort pages and for documents.

Values are Kolada's ("Källa: Kolada"); the ratio and difference between women and men are the
portal's own calculation and are labelled so wherever they are shown."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Cohort, Enrolment, Organisation
from .charts import BarChart, LineChart, bar_chart, line_chart
from .client import NATIONAL_CODE
from .models import KeyFigure, KeyFigureValue, KoladaImport
from .rows import Cell, GenderRow, gender_row


@dataclass(frozen=True)
class OrganisationKeyFigure:
    key_figure: KeyFigure
    rows: list[GenderRow]
    chart: LineChart | None


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
            result.append(
                OrganisationKeyFigure(
                    key_figure=figure,
                    rows=rows,
                    chart=line_chart(rows, figure.divided_by_gender),
                )
            )
    return result


@dataclass(frozen=True)
class LatestKeyFigure:
    title: str
    year: int
    women: Cell
    men: Cell
    total: Cell


def organisation_latest_key_figures(organisation: Organisation) -> list[LatestKeyFigure]:
    """The latest year of each KPI in use, for documents such as the organisation facts."""
    latest = []
    for figure in organisation_key_figures(organisation):
        row = figure.rows[-1]
        latest.append(
            LatestKeyFigure(
                title=figure.key_figure.title,
                year=int(row.label),
                women=row.women,
                men=row.men,
                total=row.total,
            )
        )
    return latest


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
    chart: BarChart | None


def _sort_value(row: GenderRow, sort: str):
    if sort == "name":
        return row.label.casefold()
    if sort in ("women", "men", "total"):
        return getattr(row, sort).value
    return getattr(row, sort)


def cohort_key_figure_years(key_figure: KeyFigure) -> list[int]:
    return list(
        KeyFigureValue.objects.filter(key_figure=key_figure)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def cohort_key_figure_comparison(
    *,
    cohort: Cohort,
    key_figure: KeyFigure,
    year: int | None,
    sort: str = "name",
    descending: bool = False,
) -> CohortComparison:
    """One KPI for one year across the cohort's enrolled organisations, with the country.
    A fixed number of queries whatever the number of organisations."""
    years = cohort_key_figure_years(key_figure)
    year = year if year in years else (years[0] if years else timezone.localdate().year - 1)
    organisations = [
        enrolment.organisation
        for enrolment in Enrolment.objects.filter(cohort=cohort).select_related("organisation")
    ]
    by_code: dict[str, dict[str, Cell]] = {}
    # Plain values rather than model instances: three per organisation, all 311 of them.
    for code, gender, value, status in (
        KeyFigureValue.objects.filter(
            key_figure=key_figure,
            year=year,
            code__in=[organisation.code for organisation in organisations] + [NATIONAL_CODE],
        )
        .order_by()
        .values_list("code", "gender", "value", "status")
    ):
        by_code.setdefault(code, {})[gender] = Cell(value, status)
    rows = [
        gender_row(organisation.name, by_code.get(organisation.code, {}), organisation.code)
        for organisation in organisations
    ]
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
    return CohortComparison(
        key_figure=key_figure,
        year=year,
        years=years,
        rows=rows,
        national=national,
        sort=sort,
        descending=descending,
        chart=bar_chart(rows, key_figure.divided_by_gender),
    )
