"""Key figures by gender from Kolada: the import (from the API or from Kolada's JSON files),
the refresh, and the reads for the organisation and cohort pages.

Values are Kolada's ("Källa: Kolada"); the ratio and difference between women and men are the
portal's own calculation and are labelled so wherever they are shown."""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .kolada import KoladaClient, get_client
from .models import Cohort, Enrolment, KeyFigure, KeyFigureValue, KoladaImport, Organisation

NATIONAL_CODE = "0000"
GENDERS = ("T", "K", "M")
YEARS_FETCHED = 10
DEMO_FILE = Path(__file__).parent / "data" / "kolada_demo.json"
STATUS_LABELS = {
    "-": gettext_lazy("Missing (drop-out)"),
    ".": gettext_lazy("Not applicable"),
    "..": gettext_lazy("Confidential"),
}

# A curated starter set of gender-equality KPIs (kpi id, title, split by gender, operating area).
# Admins add or remove KPIs by id in the admin; the admin checks the id against Kolada when online.
STARTER_KEY_FIGURES = [
    ("N01951", "Invånare totalt, antal", True, "Befolkning"),
    ("N00914", "Förvärvsarbetande invånare 20-64 år, andel (%)", True, "Arbetsmarknad"),
    ("N00900", "Total skattesats (%)", False, "Kommunen, övergripande"),
]


# --- Parsing Kolada's JSON --------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedValue:
    kpi_id: str
    code: str
    year: int
    gender: str
    value: float | None
    status: str
    deleted: bool


@dataclass
class ParseResult:
    values: dict[tuple[str, str, int, str], ParsedValue] = field(default_factory=dict)
    ignored_codes: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def kolada_json_load(raw: bytes | str) -> Any:
    """Read the text of a file with Kolada's JSON; malformed JSON is refused with the reason."""
    try:
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8-sig")
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(
            _("The file is not valid JSON: %(reason)s"), code="malformed", params={"reason": exc}
        ) from exc


def _envelopes(payload: Any) -> list[dict]:
    """One v3 envelope {"values": [...], ...} or a list of them (one per page)."""
    envelopes = payload if isinstance(payload, list) else [payload]
    if not envelopes or not all(
        isinstance(item, dict) and isinstance(item.get("values"), list) for item in envelopes
    ):
        raise ValidationError(
            _(
                'The file does not have the shape of a Kolada answer: expected {"values": [...]} '
                "or a list of such pages."
            ),
            code="shape",
        )
    return envelopes


def _number(raw: Any) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    number = float(raw)
    if not math.isfinite(number):
        raise ValueError(raw)
    return number


def _parse(payload: Any, known_kpis: set[str], enrolled_codes: set[str]) -> ParseResult:
    result = ParseResult()
    row = 0
    for envelope in _envelopes(payload):
        for item in envelope["values"]:
            row += 1
            if not isinstance(item, dict):
                result.errors.append(_("Row %(row)s is not an object.") % {"row": row})
                continue
            kpi_id = str(item.get("kpi", ""))
            code = str(item.get("municipality", ""))
            where = _("Row %(row)s (%(kpi)s, %(code)s, %(year)s)") % {
                "row": row,
                "kpi": kpi_id,
                "code": code,
                "year": item.get("period", ""),
            }
            if kpi_id not in known_kpis:
                result.errors.append(
                    _("%(where)s: the KPI %(kpi)s is not one of the portal's key figures.")
                    % {"where": where, "kpi": kpi_id or "–"}
                )
                continue
            if len(code) != 4 or not code.isdigit():
                result.errors.append(
                    _("%(where)s: the municipality code must have four digits.") % {"where": where}
                )
                continue
            try:
                year = int(str(item.get("period")))
            except ValueError:
                result.errors.append(_("%(where)s: the period must be a year.") % {"where": where})
                continue
            if not 1900 <= year <= 2200:
                result.errors.append(_("%(where)s: the period must be a year.") % {"where": where})
                continue
            values = item.get("values")
            if not isinstance(values, list):
                result.errors.append(_("%(where)s: no list of values.") % {"where": where})
                continue
            if code not in enrolled_codes:
                result.ignored_codes.add(code)
                continue
            for entry in values:
                gender = entry.get("gender") if isinstance(entry, dict) else None
                if gender not in GENDERS:
                    result.errors.append(
                        _("%(where)s: the gender %(gender)s is not T, K or M.")
                        % {"where": where, "gender": json.dumps(gender)}
                    )
                    continue
                try:
                    number = _number(entry.get("value"))
                except (TypeError, ValueError):
                    result.errors.append(
                        _("%(where)s: the value %(value)s for %(gender)s is not a number.")
                        % {
                            "where": where,
                            "value": json.dumps(entry.get("value")),
                            "gender": gender,
                        }
                    )
                    continue
                status = entry.get("status") or ""
                if not isinstance(status, str) or len(status) > 10:
                    result.errors.append(
                        _("%(where)s: the status marker %(status)s is not understood.")
                        % {"where": where, "status": json.dumps(status)}
                    )
                    continue
                parsed = ParsedValue(
                    kpi_id=kpi_id,
                    code=code,
                    year=year,
                    gender=gender,
                    value=number,
                    status=status,
                    deleted=bool(entry.get("isdeleted")),
                )
                result.values[(kpi_id, code, year, gender)] = parsed
    return result


def enrolled_codes() -> set[str]:
    """The codes values are kept for: every enrolled organisation, and the country."""
    codes = set(
        Organisation.objects.filter(enrolments__isnull=False).values_list("code", flat=True)
    )
    return codes | {NATIONAL_CODE}


# --- Services -----------------------------------------------------------------------------------


def key_figure_values_import(
    *, payload: Any, source: str, by=None, filename: str = ""
) -> KoladaImport:
    """Store the values of one or more Kolada answers. All or nothing: any bad row refuses the
    whole import with every problem listed. Codes of organisations that are not enrolled are
    ignored and reported. The same answer twice changes nothing; a revised value is updated and
    its revised_at set."""
    key_figures = {figure.kpi_id: figure for figure in KeyFigure.objects.all()}
    parsed = _parse(payload, set(key_figures), enrolled_codes())
    if parsed.errors:
        raise ValidationError(parsed.errors, code="invalid_rows")
    now = timezone.now()
    counts = {"created": 0, "revised": 0, "unchanged": 0, "deleted": 0}
    with transaction.atomic():
        incoming = parsed.values.values()
        existing = {
            (value.key_figure.kpi_id, value.code, value.year, value.gender): value
            for value in KeyFigureValue.objects.select_related("key_figure").filter(
                key_figure__kpi_id__in={row.kpi_id for row in incoming},
                code__in={row.code for row in incoming},
                year__in={row.year for row in incoming},
            )
        }
        new, changed, gone = [], [], []
        for key, row in parsed.values.items():
            stored = existing.get(key)
            if row.deleted:
                if stored:
                    gone.append(stored.pk)
                continue
            if stored is None:
                new.append(
                    KeyFigureValue(
                        key_figure=key_figures[row.kpi_id],
                        code=row.code,
                        year=row.year,
                        gender=row.gender,
                        value=row.value,
                        status=row.status,
                    )
                )
            elif stored.value != row.value or stored.status != row.status:
                stored.value, stored.status, stored.revised_at = row.value, row.status, now
                changed.append(stored)
            else:
                counts["unchanged"] += 1
        KeyFigureValue.objects.bulk_create(new, batch_size=1000)
        KeyFigureValue.objects.bulk_update(
            changed, ["value", "status", "revised_at"], batch_size=1000
        )
        KeyFigureValue.objects.filter(pk__in=gone).delete()
        counts.update(created=len(new), revised=len(changed), deleted=len(gone))
        return KoladaImport.objects.create(
            source=source,
            filename=filename[:300],
            by=by if getattr(by, "pk", None) else None,
            ignored_codes=sorted(parsed.ignored_codes),
            **counts,
        )


def key_figures_refresh(
    *, client: KoladaClient | None = None, years: list[int] | None = None
) -> KoladaImport | None:
    """Fetch the KPIs in use for the enrolled organisations and the country, and store them."""
    figures = list(KeyFigure.objects.filter(in_use=True).values_list("kpi_id", flat=True))
    if not figures:
        return None
    this_year = timezone.localdate().year
    years = years or list(range(this_year - YEARS_FETCHED, this_year))
    codes = sorted(enrolled_codes())
    client = client or get_client()
    with client:
        pages = [page for kpi_id in figures for page in client.data(kpi_id, codes, years)]
    return key_figure_values_import(payload=pages, source=KoladaImport.Source.API)


def key_figure_definition(kpi_id: str, *, client: KoladaClient | None = None) -> dict | None:
    """Kolada's definition of a KPI, or None when Kolada does not know it.
    Raises KoladaError when Kolada cannot be reached (the portal is offline); a person is
    waiting, so there is one quick attempt and no retries."""
    client = client or get_client(max_attempts=1, timeout=5.0)
    with client:
        found = [kpi for kpi in client.kpis([kpi_id]) if kpi.get("id") == kpi_id]
    return found[0] if found else None


def key_figures_seed_starter() -> None:
    for position, (kpi_id, title, divided, area) in enumerate(STARTER_KEY_FIGURES, start=1):
        KeyFigure.objects.get_or_create(
            kpi_id=kpi_id,
            defaults={
                "title": title,
                "divided_by_gender": divided,
                "operating_area": area,
                "position": position,
            },
        )


def key_figures_seed_demo() -> None:
    """The starter KPIs and recorded demo values for the demo organisations (idempotent)."""
    key_figures_seed_starter()
    if not KoladaImport.objects.filter(filename=DEMO_FILE.name).exists():
        key_figure_values_import(
            payload=kolada_json_load(DEMO_FILE.read_bytes()),
            source=KoladaImport.Source.COMMAND,
            filename=DEMO_FILE.name,
        )


# --- Reads --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: float | None
    status: str = ""

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def status_label(self) -> str:
        if self.status in STATUS_LABELS:
            return str(STATUS_LABELS[self.status])
        return _("No value")


MISSING = Cell(None)


@dataclass(frozen=True)
class GenderRow:
    """Women, men and total for one year or one organisation, with the portal's own gap."""

    label: str
    women: Cell
    men: Cell
    total: Cell
    code: str = ""

    @property
    def ratio(self) -> float | None:
        if self.women.value is None or not self.men.value:
            return None
        return self.women.value / self.men.value

    @property
    def difference(self) -> float | None:
        if self.women.value is None or self.men.value is None:
            return None
        return self.women.value - self.men.value


def _row(label: str, cells: dict[str, KeyFigureValue | Cell], code: str = "") -> GenderRow:
    def cell(gender: str) -> Cell:
        stored = cells.get(gender)
        return Cell(stored.value, stored.status) if stored else MISSING

    return GenderRow(label=label, women=cell("K"), men=cell("M"), total=cell("T"), code=code)


@dataclass(frozen=True)
class LineChart:
    """Women and men over the years, as coordinates for an SVG drawn in the template."""

    width: int
    height: int
    women_points: str
    men_points: str
    total_points: str
    years: list[tuple[float, int]]
    low: float
    high: float


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 560, 200, 40


def _points(series: list[tuple[int, float | None]], x_of, y_of) -> str:
    return " ".join(
        f"{x_of(i):.1f},{y_of(v):.1f}" for i, (_y, v) in enumerate(series) if v is not None
    )


def _line_chart(rows: list[GenderRow], divided: bool) -> LineChart | None:
    series = {
        "women": [(int(row.label), row.women.value) for row in rows],
        "men": [(int(row.label), row.men.value) for row in rows],
        "total": [(int(row.label), row.total.value) for row in rows],
    }
    numbers = [v for key in series for _y, v in series[key] if v is not None]
    if not numbers:
        return None
    low, high = min(0.0, min(numbers)), max(numbers)
    span = (high - low) or 1.0
    steps = max(len(rows) - 1, 1)
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD

    def x_of(index: int) -> float:
        return CHART_PAD + inner_w * index / steps

    def y_of(value: float) -> float:
        return CHART_PAD + inner_h * (1 - (value - low) / span)

    return LineChart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        women_points=_points(series["women"], x_of, y_of) if divided else "",
        men_points=_points(series["men"], x_of, y_of) if divided else "",
        total_points="" if divided else _points(series["total"], x_of, y_of),
        years=[(x_of(index), int(row.label)) for index, row in enumerate(rows)],
        low=low,
        high=high,
    )


@dataclass(frozen=True)
class OrganisationKeyFigure:
    key_figure: KeyFigure
    rows: list[GenderRow]
    chart: LineChart | None


def last_import() -> KoladaImport | None:
    return KoladaImport.objects.order_by("-at").first()


def organisation_key_figures(organisation: Organisation) -> list[OrganisationKeyFigure]:
    """Every KPI in use with the organisation's values per year (two queries)."""
    figures = list(KeyFigure.objects.filter(in_use=True))
    cells: dict[tuple[int, int], dict[str, KeyFigureValue]] = {}
    for value in KeyFigureValue.objects.filter(
        code=organisation.code, key_figure__in=figures
    ).order_by("year"):
        cells.setdefault((value.key_figure_id, value.year), {})[value.gender] = value
    result = []
    for figure in figures:
        rows = [
            _row(str(year), by_gender)
            for (figure_id, year), by_gender in sorted(cells.items(), key=lambda item: item[0][1])
            if figure_id == figure.pk
        ]
        if rows:
            result.append(
                OrganisationKeyFigure(
                    key_figure=figure,
                    rows=rows,
                    chart=_line_chart(rows, figure.divided_by_gender),
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
class BarChart:
    width: int
    height: int
    bars: list[dict]
    high: float


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


def _bar_chart(rows: list[GenderRow], divided: bool) -> BarChart | None:
    series = ("women", "men") if divided else ("total",)
    numbers = [getattr(row, name).value for row in rows for name in series]
    numbers = [abs(number) for number in numbers if number is not None]
    if not numbers:
        return None
    high = max(numbers) or 1.0
    label_w, bar_h, width = 190, 12, 560
    bars, y = [], 10
    for row in rows:
        for index, name in enumerate(series):
            value = getattr(row, name).value
            bars.append(
                {
                    "series": name,
                    "label": row.label if index == 0 else "",
                    "x": label_w,
                    "y": y,
                    "width": 0 if value is None else (width - label_w - 10) * abs(value) / high,
                    "height": bar_h,
                    "text_y": y + bar_h - 2,
                }
            )
            y += bar_h + 1
        y += 8
    return BarChart(width=width, height=y + 10, bars=bars, high=high)


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
        _row(organisation.name, by_code.get(organisation.code, {}), organisation.code)
        for organisation in organisations
    ]
    sort = sort if sort in SORT_KEYS else "name"
    present = [row for row in rows if _sort_value(row, sort) is not None]
    absent = [row for row in rows if _sort_value(row, sort) is None]
    present.sort(key=lambda row: _sort_value(row, sort), reverse=descending)
    absent.sort(key=lambda row: row.label.casefold())
    rows = present + absent
    national = (
        _row(_("Sweden (whole country)"), by_code[NATIONAL_CODE], NATIONAL_CODE)
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
        chart=_bar_chart(rows, key_figure.divided_by_gender),
    )
