"""The organiser's tasks of a meeting, and the overdue ones across the organiser's meetings."""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Meeting, OrganiserTask
from ..organiser_tasks import ORGANISER_TASK_TEMPLATE
from .meetings import meetings_organised_by


def organiser_tasks_of(meeting: Meeting) -> QuerySet[OrganiserTask]:
    return OrganiserTask.objects.filter(meeting=meeting).select_related("done_by", "meeting")


def overdue_organiser_tasks(user, *, now: datetime | None = None, limit: int = 50) -> list:
    """Open items of the organiser's meetings whose due date has passed, oldest first."""
    now = now or timezone.now()
    earliest_offset = min(days for _code, _phase, days in ORGANISER_TASK_TEMPLATE)
    tasks = (
        OrganiserTask.objects.filter(
            meeting__in=meetings_organised_by(user).values("pk"),
            meeting__starts_at__lt=now - timedelta(days=earliest_offset - 1),
            done_at__isnull=True,
        )
        .exclude(meeting__status=Meeting.Status.CLOSED)
        .select_related("meeting")
    )
    overdue = [task for task in tasks if task.due < now]
    overdue.sort(key=lambda task: task.due)
    return overdue[:limit]
