"""What a key figure table shows per year or per organisation: women, men and total, each a
value or Kolada's marker for a missing one, and the portal's own ratio and difference."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import KeyFigureValue

STATUS_LABELS = {
    "-": gettext_lazy("Missing (drop-out)"),
    ".": gettext_lazy("Not applicable"),
    "..": gettext_lazy("Confidential"),
}


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


def gender_row(label: str, cells: dict[str, KeyFigureValue | Cell], code: str = "") -> GenderRow:
    def cell(gender: str) -> Cell:
        stored = cells.get(gender)
        return Cell(stored.value, stored.status) if stored else MISSING

    return GenderRow(label=label, women=cell("K"), men=cell("M"), total=cell("T"), code=code)
