"""The organiser's tasks of a meeting, and the overdue ones across the organiser's meetings."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Meeting, OrganiserTask
from ..organiser_tasks import ORGANISER_TASK_TEMPLATE
from .meetings import meetings_organised_by


def organiser_tasks_of(meeting: Meeting) -> QuerySet[OrganiserTask]:
    return OrganiserTask.objects.filter(meeting=meeting).select_related("done_by", "meeting")


def overdue_organiser_tasks(
    user, *, now: datetime | None = None, limit: int | None = 50
) -> list[OrganiserTask]:
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
    return overdue if limit is None else overdue[:limit]


@dataclass(frozen=True)
class OverdueMeeting:
    meeting: Meeting
    count: int
    oldest_due: datetime


def overdue_tasks_by_meeting(user, *, now: datetime | None = None) -> list[OverdueMeeting]:
    """The overdue items summarised: one line per meeting with how many are overdue, the meeting
    with the oldest overdue item first."""
    by_meeting: dict[int, list[OrganiserTask]] = {}
    for task in overdue_organiser_tasks(user, now=now, limit=None):
        by_meeting.setdefault(task.meeting_id, []).append(task)
    return [
        OverdueMeeting(meeting=tasks[0].meeting, count=len(tasks), oldest_due=tasks[0].due)
        for tasks in by_meeting.values()
    ]
