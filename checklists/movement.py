"""Movement and lessons (BM3's first preparation step): for an organisation and an occasion
after BM1, each item's score at BM1, at the previous occasion and now, which way it moved, and
the lesson and next improvement in governance the organisation saved for it. The totals and
movements come from scoring.py, the scores from selectors.organisation_assessments: this
module only arranges them."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from portal.models import Enrolment
from portal.occasions import Occasion, previous_occasion

from .models import Assessment, ChecklistItem, ItemLesson, ItemScore
from .scoring import Scale, item_movement, signed, total, total_movement
from .selectors import organisation_assessments

# The occasions that have a BM1 to have moved from.
MOVEMENT_OCCASIONS = (Occasion.BM2, Occasion.BM3, Occasion.RESULTS)
LESSON_MAX_LENGTH = 2000

ROSE, FELL, SAME = "rose", "fell", "same"


def direction(change: int | None) -> str | None:
    """Rose, fell or stood still; None when the item was not scored on both occasions."""
    if change is None:
        return None
    return ROSE if change > 0 else (FELL if change < 0 else SAME)


@dataclass(frozen=True)
class ItemMovement:
    item: ChecklistItem
    bm1: int | None
    previous: int | None  # the occasion before this one (BM1 itself for BM2)
    now: int | None
    lesson: str = ""
    next_step: str = ""

    @property
    def since_bm1(self) -> int | None:
        return item_movement(self.now, self.bm1)

    @property
    def since_previous(self) -> int | None:
        return item_movement(self.now, self.previous)

    @property
    def direction(self) -> str | None:
        return direction(self.since_bm1)

    @property
    def direction_since_previous(self) -> str | None:
        return direction(self.since_previous)

    @property
    def since_bm1_text(self) -> str:
        return signed(self.since_bm1)

    @property
    def since_previous_text(self) -> str:
        return signed(self.since_previous)

    @property
    def scored(self) -> bool:
        return self.now is not None

    @property
    def has_lesson(self) -> bool:
        return bool(self.lesson.strip() or self.next_step.strip())


@dataclass(frozen=True)
class Movement:
    enrolment: Enrolment
    occasion: str
    previous_occasion: str
    assessment: Assessment | None  # the assessment of this occasion, where lessons are kept
    scale: Scale
    items: tuple[ItemMovement, ...]
    lessons_version: str  # when the lessons were last saved: the form's stale-save check

    @property
    def occasion_label(self) -> str:
        return str(Occasion(self.occasion).label)

    @property
    def previous_label(self) -> str:
        return str(Occasion(self.previous_occasion).label)

    @property
    def has_middle(self) -> bool:
        """Whether the previous occasion is another than BM1 (BM3 and the conference)."""
        return self.previous_occasion != Occasion.BM1

    def _scores(self, attribute: str) -> dict[int, int | None]:
        return {row.item.number: getattr(row, attribute) for row in self.items}

    @property
    def bm1_total(self) -> int | None:
        return total(self._scores("bm1").values())

    @property
    def previous_total(self) -> int | None:
        return total(self._scores("previous").values())

    @property
    def now_total(self) -> int | None:
        return total(self._scores("now").values())

    @property
    def total_since_bm1(self) -> int | None:
        return total_movement(self._scores("now"), self._scores("bm1"))

    @property
    def total_since_previous(self) -> int | None:
        return total_movement(self._scores("now"), self._scores("previous"))

    @property
    def total_since_bm1_text(self) -> str:
        return signed(self.total_since_bm1)

    @property
    def total_since_previous_text(self) -> str:
        return signed(self.total_since_previous)

    @property
    def min_total(self) -> int:
        return self.scale.lowest * len(self.items)

    @property
    def max_total(self) -> int:
        return self.scale.highest * len(self.items)

    def grouped(self, which: str) -> tuple[ItemMovement, ...]:
        return tuple(row for row in self.items if row.direction == which)

    @property
    def rose(self) -> tuple[ItemMovement, ...]:
        return self.grouped(ROSE)

    @property
    def fell(self) -> tuple[ItemMovement, ...]:
        return self.grouped(FELL)

    @property
    def same(self) -> tuple[ItemMovement, ...]:
        return self.grouped(SAME)

    @property
    def scored(self) -> tuple[ItemMovement, ...]:
        return tuple(row for row in self.items if row.scored)

    @property
    def lesson_count(self) -> int:
        return sum(1 for row in self.items if row.has_lesson)


def lessons_version(assessment: Assessment | None) -> str:
    """A mark of the lessons' last save, so a form opened before a colleague saved is refused
    rather than overwriting their words."""
    if assessment is None:
        return ""
    latest = ItemLesson.objects.filter(assessment=assessment).aggregate(Max("updated_at"))
    value = latest["updated_at__max"]
    return value.isoformat() if value else ""


def organisation_movement(enrolment: Enrolment, occasion: str) -> Movement | None:
    """The movement of each item and the total up to `occasion`, with the lessons saved on the
    occasion's assessment; None for BM1 or when no checklist is set up."""
    if occasion not in MOVEMENT_OCCASIONS:
        return None
    loaded = organisation_assessments(enrolment)
    if loaded is None:
        return None
    _version, data, states, assessments = loaded
    before = previous_occasion(occasion)
    assessment = assessments.get(occasion)
    saved = (
        {row.item_id: row for row in ItemLesson.objects.filter(assessment=assessment)}
        if assessment is not None
        else {}
    )

    def score(which: str, number: int) -> int | None:
        state = states.get(which, {}).get(number)
        return state.score if state else None

    rows = []
    for item in data.items:
        lesson = saved.get(item.pk)
        rows.append(
            ItemMovement(
                item=item,
                bm1=score(Occasion.BM1, item.number),
                previous=score(before, item.number),
                now=score(occasion, item.number),
                lesson=lesson.lesson if lesson else "",
                next_step=lesson.next_step if lesson else "",
            )
        )
    latest = max((row.updated_at for row in saved.values()), default=None)
    return Movement(
        enrolment=enrolment,
        occasion=occasion,
        previous_occasion=before,
        assessment=assessment,
        scale=data.scale,
        items=tuple(rows),
        lessons_version=latest.isoformat() if latest else "",
    )


@dataclass(frozen=True)
class MovementTotal:
    """One organisation's line on the organisers' board."""

    since_bm1: int | None
    lessons: int

    @property
    def since_bm1_text(self) -> str:
        return signed(self.since_bm1)


def movement_totals(*, cohort_id: int, occasion: str) -> dict[int, MovementTotal]:
    """Every organisation's total movement since BM1 at `occasion` in the cohort, and how many
    items carry a lesson, per organisation id: two queries however many organisations."""
    if occasion not in MOVEMENT_OCCASIONS:
        return {}
    # Scores per organisation and item at BM1 and at `occasion` (one assessment per
    # organisation, cohort and occasion). No ordering: the models' default one joins the
    # cohort, the organisation and the item and sorts thousands of rows for nothing.
    at_bm1: dict[int, dict[int, int | None]] = defaultdict(dict)
    at_occasion: dict[int, dict[int, int | None]] = defaultdict(dict)
    for organisation_id, which, item_id, value in (
        ItemScore.objects.filter(
            assessment__cohort_id=cohort_id,
            assessment__occasion__in=[Occasion.BM1, occasion],
        )
        .order_by()
        .values_list("assessment__organisation_id", "assessment__occasion", "item_id", "score")
    ):
        (at_bm1 if which == Occasion.BM1 else at_occasion)[organisation_id][item_id] = value
    scored = at_bm1.keys() | at_occasion.keys()
    lessons = dict(
        ItemLesson.objects.filter(assessment__cohort_id=cohort_id, assessment__occasion=occasion)
        .filter(~Q(lesson="") | ~Q(next_step=""))
        .values("assessment__organisation_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("assessment__organisation_id", "count")
    )
    return {
        organisation_id: MovementTotal(
            since_bm1=total_movement(
                at_occasion.get(organisation_id, {}), at_bm1.get(organisation_id, {})
            ),
            lessons=lessons.get(organisation_id, 0),
        )
        for organisation_id in scored
    } | {
        organisation_id: MovementTotal(since_bm1=None, lessons=count)
        for organisation_id, count in lessons.items()
        if organisation_id not in scored
    }
