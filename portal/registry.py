"""The official codes of Sweden's 290 municipalities and 21 regions (the codes Kolada and SCB use)."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "swedish_organisations.csv"


@dataclass(frozen=True)
class KnownOrganisation:
    code: str
    name: str
    kind: str
    county: str


@cache
def known_organisations() -> dict[str, KnownOrganisation]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: KnownOrganisation(**row) for row in csv.DictReader(handle)}
