"""Calendar events: a meeting's invitation, a person's feed of meetings and deadlines, and the
"my dates" page's list of every date that concerns the person, with its status."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from checklists.models import Assessment
from portal.links import absolute_reverse
from portal.models import Enrolment, Membership, Organisation

from ..calendar import CalendarEvent
from ..models import EvaluationAnswered, Extension, Meeting, Presentation
from .meetings import invited_organisations, meetings_visible_to


def meeting_calendar_event(meeting: Meeting) -> CalendarEvent:
    """The meeting as one calendar event. A cancelled meeting stays in calendars, marked
    cancelled, under the same UID: that is what takes it out of the copies people have."""
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
        cancelled=meeting.status == Meeting.Status.CANCELLED,
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
        if event.cancelled:  # nothing is due for a meeting that will not take place
            continue
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


class DateKind:
    MEETING = "meeting"
    DEADLINE = "deadline"
    EVALUATION = "evaluation"
    ASSESSMENT_LOCK = "assessment_lock"


# Status codes of a date, with the words the page shows; "tone" picks the tag's colour.
DATE_STATUS_LABELS = {
    "upcoming": gettext_lazy("Upcoming"),
    "today": gettext_lazy("Today"),
    "passed": gettext_lazy("Passed"),
    "open": gettext_lazy("Open now"),
    "answered": gettext_lazy("Answered"),
    "on_time": gettext_lazy("Uploaded on time"),
    "late": gettext_lazy("Uploaded late"),
    "uploaded": gettext_lazy("Uploaded"),
    "missing": gettext_lazy("Passed – nothing uploaded"),
    "submitted": gettext_lazy("Submitted"),
    "not_submitted": gettext_lazy("Not submitted"),
}


@dataclass(frozen=True)
class DateLine:
    at: datetime  # Stockholm time
    kind: str
    meeting: Meeting
    organisation: Organisation | None
    status: str
    general_deadline: datetime | None = None  # set on an extended deadline

    @property
    def month(self) -> date:
        return self.at.date().replace(day=1)

    @property
    def status_label(self) -> str:
        return DATE_STATUS_LABELS[self.status]


def my_dates(user, *, now: datetime | None = None) -> list[DateLine]:
    """Every date that concerns the person, oldest first: the meetings they see; and for each of
    their organisations invited to a meeting its presentation deadline (its own extension where it
    has one), the self-assessment lock (the meeting's start) and the evaluation window. A fixed
    number of queries, however many meetings and organisations."""
    now = timezone.localtime(now or timezone.now())
    meetings = list(
        meetings_visible_to(user)
        .exclude(status=Meeting.Status.DRAFT)
        .select_related("step", "cohort", "cluster")
        .order_by("starts_at")
    )
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    org_ids = [m.organisation_id for m in memberships]
    enrolments = list(Enrolment.objects.filter(organisation_id__in=org_ids))
    meeting_ids = [m.pk for m in meetings]
    extensions = {
        (e.meeting_id, e.organisation_id): e
        for e in Extension.objects.filter(meeting_id__in=meeting_ids, organisation_id__in=org_ids)
    }
    finals = {
        (p.meeting_id, p.organisation_id): p
        for p in Presentation.objects.filter(
            meeting_id__in=meeting_ids, organisation_id__in=org_ids, is_final=True
        )
    }
    submitted = set(
        Assessment.objects.filter(organisation_id__in=org_ids, status=Assessment.Status.SUBMITTED)
        .order_by()
        .values_list("cohort_id", "occasion", "organisation_id")
    )
    answered = set(
        EvaluationAnswered.objects.filter(person=user, meeting_id__in=meeting_ids).values_list(
            "meeting_id", flat=True
        )
    )
    today = now.date()

    def by_day(moment: datetime) -> str:
        day = timezone.localtime(moment).date()
        return "today" if day == today else ("passed" if moment < now else "upcoming")

    lines: list[DateLine] = []
    for meeting in meetings:
        lines.append(
            DateLine(
                at=timezone.localtime(meeting.starts_at),
                kind=DateKind.MEETING,
                meeting=meeting,
                organisation=None,
                status=by_day(meeting.starts_at),
            )
        )
        invited = [
            membership.organisation
            for membership in memberships
            if any(
                e.organisation_id == membership.organisation_id
                and e.cohort_id == meeting.cohort_id
                and (meeting.cluster_id is None or e.cluster_id == meeting.cluster_id)
                for e in enrolments
            )
        ]
        for organisation in invited:
            lines.append(_deadline_line(meeting, organisation, extensions, finals, by_day, now))
            if meeting.step.occasion:
                done = (meeting.cohort_id, meeting.step.occasion, organisation.pk) in submitted
                status = "submitted" if done else by_day(meeting.starts_at)
                lines.append(
                    DateLine(
                        at=timezone.localtime(meeting.starts_at),
                        kind=DateKind.ASSESSMENT_LOCK,
                        meeting=meeting,
                        organisation=organisation,
                        status="not_submitted" if status == "passed" else status,
                    )
                )
        if invited:
            closes = meeting.evaluation_closes_at
            if meeting.pk in answered:
                status = "answered"
            elif meeting.evaluation_is_open(now):
                status = "open"
            else:
                status = "passed" if closes <= now else "upcoming"
            lines.append(
                DateLine(
                    at=timezone.localtime(closes),
                    kind=DateKind.EVALUATION,
                    meeting=meeting,
                    organisation=None,
                    status=status,
                )
            )
    lines.sort(key=lambda line: (line.at, line.kind != DateKind.MEETING))
    return lines


def _deadline_line(meeting, organisation, extensions, finals, by_day, now) -> DateLine:
    extension = extensions.get((meeting.pk, organisation.pk))
    deadline = timezone.localtime(extension.deadline) if extension else meeting.deadline
    final = finals.get((meeting.pk, organisation.pk))
    if final is not None:
        status = (
            "late"
            if final.is_late
            else ("on_time" if final.uploaded_at <= deadline else "uploaded")
        )
    else:
        status = by_day(deadline)
        if status == "passed":
            status = "missing"
    return DateLine(
        at=deadline,
        kind=DateKind.DEADLINE,
        meeting=meeting,
        organisation=organisation,
        status=status,
        general_deadline=meeting.deadline if extension else None,
    )
