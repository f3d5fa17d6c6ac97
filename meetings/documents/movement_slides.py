"""Movement and lessons in the prefilled presentation (BM2, BM3 and the results conference):
"Förflyttning sedan BM1", the total and each scored item from BM1 to now with the lesson the
organisation drew, rose first, then fell, then stood still; and its next improvements in
governance. Read up front in `section_for`; the drawing makes no query."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from pptx.util import Inches

from checklists.movement import FELL, MOVEMENT_OCCASIONS, ROSE, SAME, organisation_movement
from portal.models import Enrolment, Organisation

from ..models import Meeting
from .master import CONTENT_BOTTOM
from .slides import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    add_content_slide,
    add_empty_state,
    add_table,
    add_textbox,
)

ROWS_PER_SLIDE = 10
LESSON_CHARACTERS = 160  # a longer lesson is shortened on the slide (the page has it whole)
ORDER = (ROSE, FELL, SAME)


@dataclass(frozen=True)
class MovementRow:
    title: str  # "3. Short title"
    bm1: int | None
    now: int | None
    change: str  # signed, U+2212 minus
    direction: str | None
    lesson: str
    next_step: str


@dataclass(frozen=True)
class MovementSection:
    occasion_label: str
    bm1_total: int | None
    now_total: int | None
    total_change: str
    rose: int
    fell: int
    same: int
    rows: tuple[MovementRow, ...]

    def add_slides(self, deck) -> None:
        title = _("Movement since BM1")
        if not any(row.now is not None for row in self.rows):
            slide = add_content_slide(deck, title)
            add_empty_state(
                slide,
                _("No item has been scored at %(occasion)s yet.")
                % {"occasion": self.occasion_label},
            )
            return
        shown = sorted(
            (row for row in self.rows if row.direction is not None),
            key=lambda row: ORDER.index(row.direction),
        )
        chunks = [
            shown[start : start + ROWS_PER_SLIDE] for start in range(0, len(shown), ROWS_PER_SLIDE)
        ]
        for number, chunk in enumerate(chunks, start=1):
            heading = title if len(chunks) == 1 else f"{title} ({number}/{len(chunks)})"
            slide = add_content_slide(deck, heading)
            add_textbox(
                slide,
                MARGIN,
                CONTENT_TOP,
                CONTENT_WIDTH,
                Inches(0.5),
                [self._summary()],
                size=16,
                bold=True,
            )
            add_table(
                slide,
                [_("Item"), "BM1", self.occasion_label, _("Movement"), _("Lesson")],
                [self._cells(row) for row in chunk],
                top=CONTENT_TOP + Inches(0.6),
                widths=[0.3, 0.07, 0.09, 0.09, 0.45],
                size=11,
                right_aligned=(1, 2, 3),
            )
        steps = [row for row in self.rows if row.next_step]
        if steps:
            slide = add_content_slide(deck, _("Next improvement in governance"))
            add_table(
                slide,
                [_("Item"), _("Next improvement in governance")],
                [[row.title, _shortened(row.next_step)] for row in steps[:ROWS_PER_SLIDE]],
                widths=[0.35, 0.65],
                size=12,
            )
            if len(steps) > ROWS_PER_SLIDE:
                add_textbox(
                    slide,
                    MARGIN,
                    CONTENT_BOTTOM - Inches(0.4),
                    CONTENT_WIDTH,
                    Inches(0.4),
                    [_("More on the page “Movement and lessons”.")],
                    size=11,
                    color=MUTED,
                )

    def _summary(self) -> str:
        total = _("Total %(bm1)s → %(now)s (%(change)s)") % {
            "bm1": _score(self.bm1_total),
            "now": _score(self.now_total),
            "change": self.total_change,
        }
        counts = _("Step up: %(rose)s · Step down: %(fell)s · Unchanged: %(same)s") % {
            "rose": self.rose,
            "fell": self.fell,
            "same": self.same,
        }
        return f"{total} · {counts}"

    @staticmethod
    def _cells(row: MovementRow) -> list[str]:
        return [row.title, _score(row.bm1), _score(row.now), row.change, _shortened(row.lesson)]


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LESSON_CHARACTERS:
        return text
    return text[: LESSON_CHARACTERS - 1].rsplit(" ", 1)[0] + " …"


def section_for(meeting: Meeting, organisation: Organisation) -> MovementSection | None:
    occasion = meeting.step.occasion if meeting.step_id else ""
    if occasion not in MOVEMENT_OCCASIONS:
        return None
    enrolment = (
        Enrolment.objects.filter(organisation=organisation, cohort_id=meeting.cohort_id)
        .select_related("organisation", "cohort")
        .first()
    )
    if enrolment is None:
        return None
    movement = organisation_movement(enrolment, occasion)
    if movement is None:
        return None
    return MovementSection(
        occasion_label=movement.occasion_label,
        bm1_total=movement.bm1_total,
        now_total=movement.now_total,
        total_change=movement.total_since_bm1_text,
        rose=len(movement.rose),
        fell=len(movement.fell),
        same=len(movement.same),
        rows=tuple(
            MovementRow(
                title=f"{row.item.number}. {row.item.short_title}",
                bm1=row.bm1,
                now=row.now,
                change=row.since_bm1_text,
                direction=row.direction,
                lesson=row.lesson,
                next_step=row.next_step,
            )
            for row in movement.items
        ),
    )
