"""The writes of movement and lessons (BM3's first preparation step): the lesson and the next
improvement in governance an organisation draws from each item's movement. Kept beside
services.py, which holds the assessments' other writes."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import User
from portal.occasions import Occasion

from .models import Assessment, ChecklistItem, ItemLesson, ItemScore
from .movement import LESSON_MAX_LENGTH, MOVEMENT_OCCASIONS, lessons_version
from .services import _check_member


@dataclass(frozen=True)
class LessonText:
    """What the organisation learnt from an item's movement, and its next improvement in
    governance."""

    lesson: str
    next_step: str


class StaleLessons(ValidationError):
    """The lessons were saved by someone else after the page was opened."""


def _lesson_errors(
    *, assessment: Assessment, lessons: dict[int, LessonText], items: dict[int, ChecklistItem]
) -> dict[str, list[str]]:
    scored = set(
        ItemScore.objects.filter(assessment=assessment, score__isnull=False).values_list(
            "item__number", flat=True
        )
    )
    occasion = Occasion(assessment.occasion).label
    errors: dict[str, list[str]] = {}
    for number, text in sorted(lessons.items()):
        if number not in items:
            errors.setdefault("__all__", []).append(
                _("The checklist of this assessment has no item %(number)s. Nothing was saved.")
                % {"number": number}
            )
            continue
        for field, value in (("lesson", text.lesson), ("next_step", text.next_step)):
            if len(value) > LESSON_MAX_LENGTH:
                errors[f"{field}_{number}"] = [
                    _("Write at most %(limit)s characters (it has %(length)s). Nothing was saved.")
                    % {"limit": LESSON_MAX_LENGTH, "length": len(value)}
                ]
        if (text.lesson.strip() or text.next_step.strip()) and number not in scored:
            errors[f"lesson_{number}"] = [
                _(
                    "Item %(number)s has no score at %(occasion)s: score it in the "
                    "self-assessment before writing a lesson. Nothing was saved."
                )
                % {"number": number, "occasion": occasion}
            ]
    return errors


def item_lessons_save(
    *,
    assessment: Assessment,
    lessons: dict[int, LessonText],
    by: User,
    expected_version: str | None = None,
) -> int:
    """Save the lessons and next improvements of the assessment's items (keyed by item number),
    all or nothing: an item outside the assessment's checklist, an item not scored at this
    occasion or a text over the limit refuses the whole save. With `expected_version` (the
    lessons' mark when the page was opened) a save made after a colleague's is refused.
    An item whose two texts are both empty loses its lesson. Returns how many items changed."""
    _check_member(by, assessment.organisation)
    if assessment.occasion not in MOVEMENT_OCCASIONS:
        raise ValidationError(_("Lessons are drawn from BM2 on, when there is movement to see."))
    items = {item.number: item for item in assessment.version.items.all()}
    errors = _lesson_errors(assessment=assessment, lessons=lessons, items=items)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
        if expected_version is not None and lessons_version(assessment) != expected_version:
            raise StaleLessons(
                _(
                    "Someone else saved the lessons after you opened the page. Nothing was "
                    "saved. Your text is still in the fields: save again to replace theirs."
                )
            )
        existing = {row.item_id: row for row in ItemLesson.objects.filter(assessment=assessment)}
        changed: dict[str, dict[str, str]] = {}
        before: dict[str, dict[str, str]] = {}
        for number, text in sorted(lessons.items()):
            item = items[number]
            row = existing.get(item.pk)
            old = (row.lesson, row.next_step) if row else ("", "")
            new = (text.lesson.strip(), text.next_step.strip())
            if old == new:
                continue
            if row is not None and not any(new):
                row.delete()
            elif row is None:
                row = ItemLesson(assessment=assessment, item=item)
            if any(new):
                row.lesson, row.next_step, row.updated_by = new[0], new[1], by
                row.full_clean()
                row.save()
            before[str(number)] = {"lesson": old[0], "next_step": old[1]}
            changed[str(number)] = {"lesson": new[0], "next_step": new[1]}
        if changed:
            audit_record(
                actor=by, action="assessment.lessons", obj=assessment, before=before, after=changed
            )
    return len(changed)
