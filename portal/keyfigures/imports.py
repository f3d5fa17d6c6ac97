"""Key figures by gender from Kolada, stored: parsing Kolada's JSON (from the API or from its
files), the all-or-nothing import, the refresh from the API, and the starter and demo figures."""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Organisation
from .client import NATIONAL_CODE, KoladaClient, get_client
from .models import KeyFigure, KeyFigureValue, KoladaImport

GENDERS = ("T", "K", "M")
YEARS_FETCHED = 10
DEMO_FILE = Path(__file__).parent.parent / "data" / "kolada_demo.json"

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
