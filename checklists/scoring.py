"""Totals, movement and the readiness rule: plain functions of scores, whatever the scale."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """The values of a version's scale with their labels, lowest first."""

    levels: tuple[tuple[int, str], ...]

    @property
    def values(self) -> list[int]:
        return [value for value, _label in self.levels]

    @property
    def lowest(self) -> int:
        return self.levels[0][0]

    @property
    def highest(self) -> int:
        return self.levels[-1][0]

    def label(self, value: int | None) -> str:
        return dict(self.levels).get(value, "") if value is not None else ""

    def contains(self, value: int) -> bool:
        return value in dict(self.levels)

    def range_text(self) -> str:
        return f"{self.lowest}–{self.highest}"


@dataclass(frozen=True)
class Readiness:
    """The rule of thumb for a model organisation: no item at the lowest level and more than
    half of the items at the top of the scale (judged only when every item is scored)."""

    complete: bool
    at_lowest: int
    at_top: int
    item_count: int

    @property
    def is_ready(self) -> bool:
        return self.complete and self.at_lowest == 0 and self.at_top * 2 > self.item_count

    @property
    def top_needed(self) -> int:
        """How many items must be at the top for more than half."""
        return self.item_count // 2 + 1


def total(scores: Iterable[int | None]) -> int | None:
    values = [score for score in scores if score is not None]
    return sum(values) if values else None


def readiness(scores: Mapping[int, int | None], *, item_numbers: list[int], scale: Scale):
    values = [scores.get(number) for number in item_numbers]
    return Readiness(
        complete=all(value is not None for value in values),
        at_lowest=sum(1 for value in values if value == scale.lowest),
        at_top=sum(1 for value in values if value == scale.highest),
        item_count=len(item_numbers),
    )


def item_movement(current: int | None, previous: int | None) -> int | None:
    if current is None or previous is None:
        return None
    return current - previous


def total_movement(
    current: Mapping[int, int | None], previous: Mapping[int, int | None]
) -> int | None:
    """The sum of the per-item movements, over the items scored on both occasions."""
    moves = [
        move
        for number, score in current.items()
        if (move := item_movement(score, previous.get(number))) is not None
    ]
    return sum(moves) if moves else None


def signed(value: int | None) -> str:
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else ("±0" if value == 0 else f"−{abs(value)}")
