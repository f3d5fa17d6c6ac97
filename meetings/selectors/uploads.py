"""Whether a meeting still takes an organisation's presentation (and builds its template):
until the meeting is over, and afterwards while an organiser has reopened it for them."""

from datetime import datetime

from django.db.models import QuerySet

from portal.models import Organisation

from ..models import Meeting, UploadReopening


def upload_reopening_for(meeting: Meeting, organisation: Organisation) -> UploadReopening | None:
    return (
        UploadReopening.objects.filter(meeting=meeting, organisation=organisation)
        .select_related("reopened_by")
        .first()
    )


def uploads_open(meeting: Meeting, organisation: Organisation, now: datetime) -> bool:
    if meeting.status == Meeting.Status.CANCELLED:
        return False
    if not meeting.is_over(now):
        return True
    reopening = upload_reopening_for(meeting, organisation)
    return reopening is not None and reopening.is_open(now)


def upload_reopenings_of(meeting: Meeting) -> QuerySet[UploadReopening]:
    return (
        UploadReopening.objects.filter(meeting=meeting)
        .select_related("organisation", "reopened_by")
        .order_by("organisation__name")
    )
