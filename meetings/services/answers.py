"""Writes of an organisation's structured preparation answers and its competence inventory.
Each save is all or nothing: one answer too long, an unknown question or level, and nothing of
the save is kept."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import audit_record
from portal.models import Enrolment, User

from ..models import CompetenceRating, PreparationAnswer
from ..questions import (
    ANSWER_MAX_LENGTH,
    COMPETENCE_AREAS,
    COMPETENCE_LEVELS,
    COMPETENCE_ROLES,
    QUESTION_SETS,
)

NOTE_MAX_LENGTH = 1000


def _check_answers(code: str, answers: dict[str, str]) -> dict[str, str]:
    question_set = QUESTION_SETS.get(code)
    if question_set is None:
        raise ValidationError(_("There is no question set “%(code)s”.") % {"code": code})
    known = {question.key for question in question_set.questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValidationError(
            _("These are not questions of the set: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    errors = {
        key: _("The answer can be at most %(limit)s characters long (it has %(count)s).")
        % {"limit": ANSWER_MAX_LENGTH, "count": len(text.strip())}
        for key, text in answers.items()
        if len(text.strip()) > ANSWER_MAX_LENGTH
    }
    if errors:
        raise ValidationError(errors)
    return {key: text.strip() for key, text in answers.items()}


def preparation_answers_save(
    *, enrolment: Enrolment, code: str, answers: dict[str, str], by: User
) -> list[str]:
    """Save the organisation's answers to a question set in the enrolment's cohort; returns the
    keys whose text changed (an unchanged answer keeps who wrote it and when)."""
    cleaned = _check_answers(code, answers)
    changed = []
    with transaction.atomic():
        existing = {
            row.question: row
            for row in PreparationAnswer.objects.select_for_update().filter(
                organisation_id=enrolment.organisation_id,
                cohort_id=enrolment.cohort_id,
                question_set=code,
            )
        }
        for key, text in cleaned.items():
            row = existing.get(key)
            if row is not None and row.text == text:
                continue
            if row is None and not text:
                continue
            row = row or PreparationAnswer(
                organisation_id=enrolment.organisation_id,
                cohort_id=enrolment.cohort_id,
                question_set=code,
                question=key,
            )
            row.text, row.updated_by = text, by
            row.save()
            changed.append(key)
        if changed:
            audit_record(
                actor=by,
                action="preparation.answers",
                obj=enrolment,
                after={"question_set": code, "questions": changed},
            )
    return changed


def _check_ratings(
    ratings: dict[tuple[str, str], tuple[int | None, str]],
) -> dict[tuple[str, str], tuple[int | None, str]]:
    roles = {role.value for role in COMPETENCE_ROLES}
    areas = {area for area, _sv, _en in COMPETENCE_AREAS}
    levels = {level for level, _sv, _en in COMPETENCE_LEVELS}
    cleaned = {}
    for (role, area), (level, note) in ratings.items():
        if role not in roles or area not in areas:
            raise ValidationError(_("Unknown role or area in the competence inventory."))
        if level is not None and level not in levels:
            raise ValidationError(_("Choose a level from 1 to 3."))
        note = note.strip()
        if len(note) > NOTE_MAX_LENGTH:
            raise ValidationError(
                _("A note can be at most %(limit)s characters long.") % {"limit": NOTE_MAX_LENGTH}
            )
        cleaned[(role, area)] = (level, note)
    return cleaned


def competence_save(
    *,
    enrolment: Enrolment,
    occasion: str,
    ratings: dict[tuple[str, str], tuple[int | None, str]],
    by: User,
) -> int:
    """Save the competence inventory of one occasion (start-up or results conference): a level
    1–3 (or none yet) and a note per role and area. Returns how many ratings changed."""
    if occasion not in CompetenceRating.Occasion.values:
        raise ValidationError(_("Unknown occasion for the competence inventory."))
    cleaned = _check_ratings(ratings)
    changed = 0
    with transaction.atomic():
        existing = {
            (row.role, row.area): row
            for row in CompetenceRating.objects.select_for_update().filter(
                organisation_id=enrolment.organisation_id,
                cohort_id=enrolment.cohort_id,
                occasion=occasion,
            )
        }
        for (role, area), (level, note) in cleaned.items():
            row = existing.get((role, area))
            if row is not None and (row.level, row.note) == (level, note):
                continue
            if row is None and level is None and not note:
                continue
            row = row or CompetenceRating(
                organisation_id=enrolment.organisation_id,
                cohort_id=enrolment.cohort_id,
                occasion=occasion,
                role=role,
                area=area,
            )
            row.level, row.note, row.updated_by = level, note, by
            row.save()
            changed += 1
        if changed:
            audit_record(
                actor=by,
                action="preparation.competence",
                obj=enrolment,
                after={"occasion": occasion, "changed": changed},
            )
    return changed
