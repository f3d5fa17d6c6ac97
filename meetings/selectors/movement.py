"""Movement and lessons as the meetings app shows them: the checklist's movement of an
organisation (checklists.movement) with the improvement efforts linked to each item, its slope
charts, and the board's column of every organisation's movement since BM1."""

from collections import defaultdict
from dataclasses import dataclass

from checklists.movement import (
    MOVEMENT_OCCASIONS,
    ItemMovement,
    Movement,
    MovementTotal,
    direction,
    movement_totals,
    organisation_movement,
)
from checklists.movement_chart import SlopeChart, slope_chart
from portal.models import Enrolment

from ..models import ImprovementEffort, Meeting


@dataclass(frozen=True)
class LinkedEffort:
    pk: int
    title: str
    stage: str


@dataclass(frozen=True)
class MovementItemLine:
    row: ItemMovement
    chart: SlopeChart
    efforts: tuple[LinkedEffort, ...]


@dataclass(frozen=True)
class MovementPage:
    movement: Movement
    total_chart: SlopeChart
    lines: tuple[MovementItemLine, ...]

    def line_of(self, number: int) -> MovementItemLine:
        return next(line for line in self.lines if line.row.item.number == number)


def _occasions(movement: Movement, bm1, previous, now) -> list[tuple[str, int | None]]:
    values = [("BM1", bm1)]
    if movement.has_middle:
        values.append((movement.previous_label, previous))
    values.append((movement.occasion_label, now))
    return values


def efforts_by_item(organisation_id: int) -> dict[int, tuple[LinkedEffort, ...]]:
    """The organisation's improvement efforts per checklist item id, in one query."""
    links = ImprovementEffort.checklist_items.through.objects.filter(
        improvementeffort__organisation_id=organisation_id
    ).values_list(
        "checklistitem_id",
        "improvementeffort_id",
        "improvementeffort__title",
        "improvementeffort__stage",
    )
    stages = dict(ImprovementEffort.Stage.choices)
    found: dict[int, list[LinkedEffort]] = defaultdict(list)
    for item_id, pk, title, stage in links.order_by("improvementeffort__title"):
        found[item_id].append(LinkedEffort(pk=pk, title=title, stage=str(stages.get(stage, ""))))
    return {item_id: tuple(efforts) for item_id, efforts in found.items()}


def movement_page(enrolment: Enrolment, occasion: str) -> MovementPage | None:
    """Everything the movement and lessons page shows, in a fixed number of queries."""
    movement = organisation_movement(enrolment, occasion)
    if movement is None:
        return None
    efforts = efforts_by_item(enrolment.organisation_id)
    scale = movement.scale
    lines = tuple(
        MovementItemLine(
            row=row,
            chart=slope_chart(
                _occasions(movement, row.bm1, row.previous, row.now),
                lowest=scale.lowest,
                highest=scale.highest,
                direction=row.direction,
            ),
            efforts=efforts.get(row.item.pk, ()),
        )
        for row in movement.items
    )
    total_chart = slope_chart(
        _occasions(movement, movement.bm1_total, movement.previous_total, movement.now_total),
        lowest=movement.min_total,
        highest=movement.max_total,
        direction=direction(movement.total_since_bm1),
    )
    return MovementPage(movement=movement, total_chart=total_chart, lines=lines)


def board_movement(meeting: Meeting) -> dict[int, MovementTotal] | None:
    """The board's column "Movement since BM1" per organisation id, for a meeting whose step
    has an occasion after BM1 (None otherwise: the board shows no such column)."""
    occasion = meeting.step.occasion if meeting.step_id else ""
    if occasion not in MOVEMENT_OCCASIONS:
        return None
    return movement_totals(cohort_id=meeting.cohort_id, occasion=occasion)
