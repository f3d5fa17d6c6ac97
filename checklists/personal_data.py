"""What the checklists app holds about a person, registered with portal.personal_data: the
scores and lessons they last edited and the self-assessments they took part in. A removal leaves both
linked to the anonymised account, so there is nothing to unlink."""

from typing import Any

from django.db.models import Q

from portal.models import User
from portal.personal_data import PersonalDataHolder, as_iso, register

from .models import Assessment, ItemLesson, ItemScore


def _assessment_ref(assessment: Assessment) -> dict[str, Any]:
    return {
        "organisation": assessment.organisation.name,
        "cohort": assessment.cohort.name,
        "occasion": assessment.occasion,
    }


def checklists_personal_data_export(user: User) -> dict[str, Any]:
    return {
        "checklist_scores_last_edited": [
            {
                **_assessment_ref(row.assessment),
                "item": row.item.number,
                "score": row.score,
                "comment": row.comment,
                "edited": as_iso(row.updated_at),
            }
            for row in ItemScore.objects.filter(updated_by=user)
            .select_related("assessment__organisation", "assessment__cohort", "item")
            .order_by("updated_at")
        ],
        "lessons_last_edited": [
            {
                **_assessment_ref(row.assessment),
                "item": row.item.number,
                "lesson": row.lesson,
                "next_step": row.next_step,
                "edited": as_iso(row.updated_at),
            }
            for row in ItemLesson.objects.filter(updated_by=user)
            .select_related("assessment__organisation", "assessment__cohort", "item")
            .order_by("updated_at")
        ],
        "self_assessments": [
            {
                **_assessment_ref(row),
                "took_part": row.participants.filter(pk=user.pk).exists(),
                "submitted_by_you": row.submitted_by_id == user.pk,
                "reopened_by_you": row.reopened_by_id == user.pk,
            }
            for row in Assessment.objects.filter(
                Q(participants=user) | Q(submitted_by=user) | Q(reopened_by=user)
            )
            .distinct()
            .select_related("organisation", "cohort")
        ],
    }


def register_personal_data() -> None:
    register(
        PersonalDataHolder(
            app="checklists",
            export=checklists_personal_data_export,
        )
    )
