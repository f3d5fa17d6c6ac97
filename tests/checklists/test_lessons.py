"""Movement and lessons: the checklist's reading of how items moved since BM1, and the service
that saves a lesson and the next improvement in governance per item, all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from checklists import services
from checklists.models import ItemLesson, Occasion
from checklists.movement import FELL, ROSE, SAME, movement_totals, organisation_movement
from checklists.services_lessons import LessonText, StaleLessons, item_lessons_save
from portal.audit import AuditEntry
from portal.models import Enrolment

from .conftest import fill, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(cohort_world, checklist):
    """Organisation A's BM1 and BM2; item 10 is left unscored at BM2."""
    bm1 = start(cohort_world)
    fill(bm1, [1, 2, 3, 2, 1, 1, 2, 2, 1, 1], cohort_world.participant_a)
    bm2 = start(cohort_world, occasion=Occasion.BM2)
    fill(bm2, [2, 2, 2, 3, 1, 2, 2, 3, 1, None], cohort_world.participant_a)
    return bm2


def _enrolment(world) -> Enrolment:
    return Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort)


def test_movement_per_item_and_total(cohort_world, scored):
    movement = organisation_movement(_enrolment(cohort_world), Occasion.BM2)
    by_number = {row.item.number: row for row in movement.items}
    assert (by_number[1].bm1, by_number[1].now, by_number[1].direction) == (1, 2, ROSE)
    assert by_number[3].direction == FELL and by_number[3].since_bm1_text == "−1"
    assert by_number[2].direction == SAME and by_number[2].since_bm1_text == "±0"
    assert by_number[10].direction is None and not by_number[10].scored
    assert [row.item.number for row in movement.rose] == [1, 4, 6, 8]
    assert [row.item.number for row in movement.fell] == [3]
    # Since BM1 over the items scored both times: +1 +0 −1 +1 +0 +1 +0 +1 +0 = +3.
    assert movement.total_since_bm1 == 3 and movement.total_since_bm1_text == "+3"
    assert not movement.has_middle  # at BM2 the previous occasion is BM1 itself


def test_movement_at_bm3_has_the_previous_occasion_between(cohort_world, scored):
    bm3 = start(cohort_world, occasion=Occasion.BM3)
    fill(bm3, [3, 2, 2, 3, 1, 2, 2, 3, 1, 1], cohort_world.participant_a)
    movement = organisation_movement(_enrolment(cohort_world), Occasion.BM3)
    first = movement.items[0]
    assert (first.bm1, first.previous, first.now) == (1, 2, 3)
    assert first.since_previous == 1 and first.since_bm1 == 2
    assert movement.has_middle and movement.previous_label == "BM2"
    assert organisation_movement(_enrolment(cohort_world), Occasion.BM1) is None


def test_saves_lessons_and_audits(cohort_world, scored):
    count = item_lessons_save(
        assessment=scored,
        lessons={
            1: LessonText("Uppföljningen i styrelsen gav resultat.", "Skriv in målen i budgeten."),
            3: LessonText("Vi tappade fart när strategen slutade.", ""),
            2: LessonText("", ""),
        },
        by=cohort_world.participant_a,
    )
    assert count == 2
    saved = {row.item.number: row for row in ItemLesson.objects.filter(assessment=scored)}
    assert set(saved) == {1, 3}
    assert saved[1].next_step == "Skriv in målen i budgeten."
    assert saved[1].updated_by == cohort_world.participant_a
    entry = AuditEntry.objects.get(action="assessment.lessons")
    assert entry.after["1"]["lesson"] == "Uppföljningen i styrelsen gav resultat."
    movement = organisation_movement(_enrolment(cohort_world), Occasion.BM2)
    assert movement.lesson_count == 2
    # Emptying both texts removes the lesson.
    item_lessons_save(
        assessment=scored, lessons={3: LessonText("", "")}, by=cohort_world.participant_a
    )
    assert list(ItemLesson.objects.values_list("item__number", flat=True)) == [1]


def test_refuses_an_unscored_item_and_saves_nothing(cohort_world, scored):
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        item_lessons_save(
            assessment=scored,
            lessons={
                1: LessonText("Den här skulle ha sparats.", ""),
                10: LessonText("Punkten är inte bedömd.", ""),
            },
            by=cohort_world.participant_a,
        )
    message = refused.value.message_dict["lesson_10"][0]
    assert "Moment 10" in message and "Inget sparades" in message
    assert not ItemLesson.objects.exists()
    assert not AuditEntry.objects.filter(action="assessment.lessons").exists()


def test_refuses_an_item_outside_the_version_and_a_too_long_text(cohort_world, scored):
    with pytest.raises(ValidationError) as refused:
        item_lessons_save(
            assessment=scored,
            lessons={99: LessonText("Finns inte.", ""), 1: LessonText("x" * 2001, "")},
            by=cohort_world.participant_a,
        )
    errors = refused.value.message_dict
    assert "no item 99" in errors["__all__"][0]
    assert "2000" in errors["lesson_1"][0]
    assert not ItemLesson.objects.exists()


def test_refuses_a_stranger_and_bm1(cohort_world, scored):
    for stranger in (cohort_world.participant_b, cohort_world.mentor, cohort_world.organiser):
        with pytest.raises(PermissionDenied):
            item_lessons_save(assessment=scored, lessons={1: LessonText("Nej.", "")}, by=stranger)
    bm1 = services.assessment_start(
        organisation=cohort_world.org_a,
        cohort=cohort_world.cohort,
        occasion=Occasion.BM1,
        by=cohort_world.participant_a,
    )
    with pytest.raises(ValidationError):
        item_lessons_save(
            assessment=bm1,
            lessons={1: LessonText("För tidigt.", "")},
            by=cohort_world.participant_a,
        )
    assert not ItemLesson.objects.exists()


def test_a_stale_form_is_refused(cohort_world, scored):
    opened = organisation_movement(_enrolment(cohort_world), Occasion.BM2).lessons_version
    item_lessons_save(
        assessment=scored,
        lessons={1: LessonText("Kollegans lärdom.", "")},
        by=cohort_world.participant_a,
        expected_version=opened,
    )
    with pytest.raises(StaleLessons):
        item_lessons_save(
            assessment=scored,
            lessons={1: LessonText("Min lärdom.", "")},
            by=cohort_world.participant_a,
            expected_version=opened,
        )
    assert ItemLesson.objects.get().lesson == "Kollegans lärdom."


def test_movement_totals_for_the_board(cohort_world, scored):
    item_lessons_save(
        assessment=scored,
        lessons={1: LessonText("En lärdom.", ""), 4: LessonText("", "Ett nästa steg.")},
        by=cohort_world.participant_a,
    )
    totals = movement_totals(cohort_id=cohort_world.cohort.pk, occasion=Occasion.BM2)
    line = totals[cohort_world.org_a.pk]
    assert (line.since_bm1_text, line.lessons) == ("+3", 2)
    assert cohort_world.org_b.pk not in totals
    assert movement_totals(cohort_id=cohort_world.cohort.pk, occasion=Occasion.BM1) == {}
