"""Reads of an organisation's BM3 results pack: each key figure it chose with women and men per
year, the difference between them and its trend (portal.keyfigures' own calculation), beside the
cluster's organisations and the country; and its answers on statistics and analysis in decisions.
The values are Kolada's; the difference and the cluster's mean are the portal's calculation."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from portal.keyfigures.charts import LineChart, line_chart
from portal.keyfigures.client import NATIONAL_CODE
from portal.keyfigures.models import KeyFigure, KeyFigureValue
from portal.keyfigures.rows import Cell, GenderRow, gender_row, measure_decimals
from portal.keyfigures.selectors import GapTrend, PeerKeyFigure, peer_key_figure
from portal.models import Cohort, Enrolment, Organisation

from ..models import ResultsKeyFigure
from .answers import AnswerSheet, answer_sheet

STATISTICS_QUESTIONS = "bm3_statistics"


@dataclass(frozen=True)
class ResultsYear:
    """One year of a chosen figure: the organisation's women and men and its difference, the
    mean difference of the other organisations of its cluster, and the country's difference."""

    year: int
    women: Cell
    men: Cell
    difference: float | None
    cluster: float | None
    national: float | None


@dataclass(frozen=True)
class ResultsFigure:
    key_figure: KeyFigure
    position: int
    comment: str
    years: tuple[ResultsYear, ...]
    decimals: int
    trend: GapTrend | None
    chart: LineChart | None
    peers: PeerKeyFigure | None  # the cluster and the country in the latest year

    @property
    def latest(self) -> ResultsYear | None:
        """The latest year in which the organisation has a value for women or men."""
        known = [year for year in self.years if not (year.women.missing and year.men.missing)]
        return known[-1] if known else None


@dataclass(frozen=True)
class ResultsPack:
    organisation: Organisation
    cohort: Cohort
    cluster_name: str
    figures: tuple[ResultsFigure, ...]
    statistics: AnswerSheet

    @property
    def chosen_ids(self) -> frozenset[int]:
        return frozenset(figure.key_figure.pk for figure in self.figures)


@dataclass(frozen=True)
class KeyFigureOptions:
    """The key figures in use: those Kolada splits by sex for the organisation (a value for
    women and one for men in some year), which may be chosen, and those it does not split."""

    split: tuple[KeyFigure, ...]
    not_split: tuple[KeyFigure, ...]


def results_key_figure_options(organisation: Organisation) -> KeyFigureOptions:
    """One query."""
    values = KeyFigureValue.objects.filter(
        key_figure=OuterRef("pk"), code=organisation.code, value__isnull=False
    )
    figures = list(
        KeyFigure.objects.filter(in_use=True)
        .annotate(
            women=Exists(values.filter(gender=KeyFigureValue.Gender.WOMEN)),
            men=Exists(values.filter(gender=KeyFigureValue.Gender.MEN)),
        )
        .order_by("position", "title")
    )
    return KeyFigureOptions(
        split=tuple(f for f in figures if f.divided_by_gender and f.women and f.men),
        not_split=tuple(f for f in figures if not f.divided_by_gender),
    )


def results_key_figure_choices(organisation: Organisation) -> list[KeyFigure]:
    """The key figures in use that may be chosen for the organisation."""
    return list(results_key_figure_options(organisation).split)


def _peers(organisation: Organisation, cohort: Cohort) -> tuple[str, list[tuple[str, str]]]:
    """The organisation's cluster in the cohort and its benchmarking organisations (code, name),
    the organisation among them. One query."""
    rows = list(
        Enrolment.objects.filter(
            cluster__in=Enrolment.objects.filter(
                organisation=organisation, cohort=cohort, cluster__isnull=False
            ).values("cluster_id"),
            role=Enrolment.Role.BENCHMARKING,
        )
        .order_by("organisation__name")
        .values_list("organisation__code", "organisation__name", "cluster__name")
    )
    peers = [(code, name) for code, name, _cluster in rows]
    if organisation.code not in {code for code, _name in peers}:
        peers = sorted([*peers, (organisation.code, organisation.name)], key=lambda p: p[1])
    return (rows[0][2] if rows else ""), peers


def _cluster_mean(cells: dict, others: list[str], year: int) -> float | None:
    differences = [
        difference
        for code in others
        if (difference := gender_row("", cells.get((code, year), {})).difference) is not None
    ]
    return sum(differences) / len(differences) if differences else None


def _figure(
    choice: ResultsKeyFigure, cells: dict, peers: list[tuple[str, str]], own: Organisation
) -> ResultsFigure:
    figure = choice.key_figure
    shared = peer_key_figure(figure, cells, peers, own)
    own_years = sorted({year for (code, year) in cells if code == own.code})
    others = [code for code, _name in peers if code != own.code]
    gaps = {gap.year: gap for gap in shared.gaps} if shared else {}
    rows = [gender_row(str(year), cells.get((own.code, year), {})) for year in own_years]
    years = tuple(
        ResultsYear(
            year=year,
            women=row.women,
            men=row.men,
            difference=row.difference,
            cluster=_cluster_mean(cells, others, year),
            national=gaps[year].national if year in gaps else None,
        )
        for year, row in zip(own_years, rows, strict=True)
    )
    shown: list[GenderRow] = rows + ([shared.national] if shared and shared.national else [])
    decimals = measure_decimals(shown)
    return ResultsFigure(
        key_figure=figure,
        position=choice.position,
        comment=choice.comment,
        years=years,
        decimals=decimals,
        trend=shared.trend if shared else None,
        chart=line_chart(
            rows,
            True,
            decimals=decimals,
            label_id=f"results-chart-{figure.kpi_id}",
            label=_("%(title)s: women and men over the years, a line chart of the table's values.")
            % {"title": figure.title},
        )
        if rows
        else None,
        peers=shared,
    )


def results_pack(*, organisation: Organisation, cohort: Cohort) -> ResultsPack:
    """The organisation's chosen key figures in its cohort, in its order, and its answers on
    statistics: five queries however many figures and organisations."""
    chosen = list(
        ResultsKeyFigure.objects.filter(organisation=organisation, cohort=cohort)
        .select_related("key_figure")
        .order_by("position", "pk")
    )
    cluster_name, peers = _peers(organisation, cohort)
    cells: dict[int, dict[tuple[str, int], dict[str, Cell]]] = {}
    if chosen:
        for figure_id, code, year, gender, value, status in (
            KeyFigureValue.objects.filter(
                key_figure__in=[choice.key_figure_id for choice in chosen],
                code__in=[code for code, _name in peers] + [NATIONAL_CODE],
            )
            .order_by()
            .values_list("key_figure_id", "code", "year", "gender", "value", "status")
        ):
            cells.setdefault(figure_id, {}).setdefault((code, year), {})[gender] = Cell(
                value, status
            )
    return ResultsPack(
        organisation=organisation,
        cohort=cohort,
        cluster_name=cluster_name,
        figures=tuple(
            _figure(choice, cells.get(choice.key_figure_id, {}), peers, organisation)
            for choice in chosen
        ),
        statistics=answer_sheet(
            organisation_id=organisation.pk, cohort_id=cohort.pk, code=STATISTICS_QUESTIONS
        ),
    )
