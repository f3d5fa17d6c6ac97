"""What a key figure table shows per year or per organisation: women, men and total, each a
value or Kolada's marker for a missing one, and the portal's own ratio and difference."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.numbers import decimals_of, format_number, number_writer

from .models import KeyFigureValue

# Kolada's markers for a value it does not give, as words and what Kolada means by them.
MARKERS = {
    "-": (
        gettext_lazy("Missing"),
        gettext_lazy("Kolada has no value: it was not reported or not collected (drop-out)."),
    ),
    ".": (
        gettext_lazy("Not applicable"),
        gettext_lazy(
            "Kolada marks the figure as not applicable: it cannot occur for this "
            "organisation or year."
        ),
    ),
    "..": (
        gettext_lazy("Confidential"),
        gettext_lazy(
            "Kolada withholds the value, for example because so few people are counted that "
            "someone could be identified."
        ),
    ),
}
RATIO_DECIMALS = 2
MOST_DECIMALS = 2  # a measure's values are written with at most two decimals


@dataclass(frozen=True)
class Cell:
    value: float | None
    status: str = ""

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def status_label(self) -> str:
        """The marker as a word ("Confidential", not ".."); "No value" for one without."""
        if self.status in MARKERS:
            return str(MARKERS[self.status][0])
        return _("No value")

    @property
    def status_explanation(self) -> str:
        """What Kolada means by the marker, for a title and the legend under a table."""
        if self.status in MARKERS:
            return str(MARKERS[self.status][1])
        if self.status:
            return _("Kolada marks the value with “%(marker)s” and gives no number.") % {
                "marker": self.status
            }
        return _("Kolada has no value for this organisation and year.")

    def text(self, decimals: int) -> str:
        """The value in the reader's language, or the marker as a word."""
        return self.status_label if self.missing else format_number(self.value, decimals)


MISSING = Cell(None)


@dataclass(frozen=True)
class GenderRow:
    """Women, men and total for one year or one organisation, with the portal's own gap."""

    label: str
    women: Cell
    men: Cell
    total: Cell
    code: str = ""
    cluster: str = ""

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

    def cells(self, divided: bool) -> list[Cell]:
        return [self.women, self.men, self.total] if divided else [self.total]


def gender_row(
    label: str, cells: dict[str, KeyFigureValue | Cell], code: str = "", cluster: str = ""
) -> GenderRow:
    def cell(gender: str) -> Cell:
        stored = cells.get(gender)
        if isinstance(stored, Cell):
            return stored  # immutable: no copy needed (311 organisations × three cells)
        return Cell(stored.value, stored.status) if stored else MISSING

    return GenderRow(
        label=label, women=cell("K"), men=cell("M"), total=cell("T"), code=code, cluster=cluster
    )


@lru_cache(maxsize=8192)
def _written(language: str, decimals: int, kind: type, value) -> str:
    """A value as number_writer writes it: a pure function of its arguments, so remembered
    across pages (a key figure's values are written in its chart and its table, on every
    request)."""
    return number_writer(decimals, language=language)(value)


def remembering_writer(decimals: int) -> Callable[[object], str]:
    """number_writer(decimals) that works out each distinct value once: a table or chart of
    311 organisations writes the same values many times."""
    language = translation.get_language() or ""

    def remembered(value) -> str:
        # The type is part of the key: True is 1 to a dict, but is not written as 1.
        return _written(language, decimals, value.__class__, value)

    return remembered


def measure_decimals(rows: Iterable[GenderRow]) -> int:
    """The decimals every value of one key figure is written with on a page: as many as its
    most precise value has, at most two (45.0 and 45.25 both then read 45.00 and 45.25)."""
    most = 0
    for row in rows:
        for value in (row.women.value, row.men.value, row.total.value):
            if value is not None:
                most = max(most, _value_decimals(value.__class__, value))
                if most >= MOST_DECIMALS:
                    return most
    return most


@lru_cache(maxsize=8192)
def _value_decimals(kind: type, value) -> int:
    """decimals_of one value (pure, so remembered across pages); the type is part of the key
    as in _written."""
    return decimals_of([value], most=MOST_DECIMALS)


def markers_shown(rows: Iterable[GenderRow], divided: bool) -> list[Cell]:
    """One cell of each kind of marker in the rows, for the legend under their table."""
    found: dict[str, Cell] = {}
    for row in rows:
        for cell in row.cells(divided):
            if cell.missing:
                found.setdefault(cell.status, cell)
    order = list(MARKERS)
    return sorted(found.values(), key=lambda c: (order + [c.status]).index(c.status))
