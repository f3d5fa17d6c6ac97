"""An organisation's improvement work at home, and what an effort can refer to."""

from django.db.models import QuerySet

from checklists.models import ChecklistItem
from checklists.selectors import default_version
from portal.models import Organisation

from ..models import ImprovementEffort


def improvement_efforts_of(organisation: Organisation) -> QuerySet[ImprovementEffort]:
    return (
        ImprovementEffort.objects.filter(organisation=organisation)
        .select_related("report_meeting")
        .prefetch_related("checklist_items")
    )


def checklist_item_choices() -> QuerySet[ChecklistItem]:
    version = default_version()
    return ChecklistItem.objects.filter(version=version).order_by("number")
