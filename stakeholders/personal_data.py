"""What the stakeholders app holds about a person, registered with portal.personal_data: the
stakeholders they own and the analyses they edited. A removal leaves both linked to the
anonymised account, so there is nothing to unlink."""

from typing import Any

from django.db.models import Q

from portal.models import User
from portal.personal_data import PersonalDataHolder, as_iso, register

from .models import AnalysisVersion, Stakeholder


def _version_ref(version: AnalysisVersion) -> dict[str, Any]:
    return {
        "organisation": version.analysis.organisation.name,
        "cohort": version.analysis.cohort.name,
        "occasion": version.occasion,
    }


def stakeholders_personal_data_export(user: User) -> dict[str, Any]:
    return {
        "stakeholders_owned": [
            {
                **_version_ref(row.version),
                "stakeholder": row.name,
                "next_action": row.next_action,
                "next_action_on": as_iso(row.next_action_on),
            }
            for row in Stakeholder.objects.filter(owner=user).select_related(
                "version__analysis__organisation", "version__analysis__cohort"
            )
        ],
        "stakeholder_analyses_edited": [
            {
                **_version_ref(row),
                "created_by_you": row.created_by_id == user.pk,
                "last_edited_by_you": row.updated_by_id == user.pk,
                "marked_ready_by_you": row.ready_by_id == user.pk,
            }
            for row in AnalysisVersion.objects.filter(
                Q(created_by=user) | Q(updated_by=user) | Q(ready_by=user)
            ).select_related("analysis__organisation", "analysis__cohort")
        ],
    }


def register_personal_data() -> None:
    register(
        PersonalDataHolder(
            app="stakeholders",
            export=stakeholders_personal_data_export,
        )
    )
