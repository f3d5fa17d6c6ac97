"""Calendar events: a meeting's invitation, and a person's feed of meetings and deadlines."""

from datetime import timedelta

from django.utils.translation import gettext as _

from portal.links import absolute_reverse
from portal.models import Membership

from ..calendar import CalendarEvent
from ..models import Extension, Meeting
from .meetings import invited_organisations, meetings_visible_to


def meeting_calendar_event(meeting: Meeting) -> CalendarEvent:
    location = ", ".join(part for part in [meeting.venue, meeting.remote_link] if part)
    return CalendarEvent(
        uid=f"meeting-{meeting.pk}@jamstalldhetsportalen",
        summary=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        description=meeting.agenda,
        location=location,
        url=absolute_reverse("meeting_detail", args=[meeting.pk]),
        sequence=meeting.sequence,
    )


def calendar_events_for(user) -> list[CalendarEvent]:
    """The person's meetings, and for each of their organisations its presentation deadline."""
    events = []
    meetings = list(
        meetings_visible_to(user).exclude(status=Meeting.Status.DRAFT).order_by("starts_at")
    )
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    extensions = {
        (e.meeting_id, e.organisation_id): e
        for e in Extension.objects.filter(
            meeting__in=meetings, organisation_id__in=[m.organisation_id for m in memberships]
        )
    }
    invited_by_meeting = {
        meeting.pk: set(invited_organisations(meeting).values_list("pk", flat=True))
        for meeting in meetings
    }
    for meeting in meetings:
        event = meeting_calendar_event(meeting)
        events.append(event)
        for membership in memberships:
            if membership.organisation_id not in invited_by_meeting[meeting.pk]:
                continue
            extension = extensions.get((meeting.pk, membership.organisation_id))
            deadline = extension.deadline if extension else meeting.deadline
            events.append(
                CalendarEvent(
                    uid=f"deadline-{meeting.pk}-{membership.organisation_id}@jamstalldhetsportalen",
                    summary=_("Presentation due: %(meeting)s (%(organisation)s)")
                    % {"meeting": meeting.title, "organisation": membership.organisation.name},
                    starts_at=deadline,
                    ends_at=deadline + timedelta(minutes=15),
                    url=event.url,
                    sequence=meeting.sequence,
                )
            )
    return events
