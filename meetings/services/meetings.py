"""Creating, editing, rescheduling, publishing and cancelling meetings. Publishing, moving and
cancelling a published meeting e-mail everyone in the invited organisations a calendar message
(RFC 5546): a REQUEST, a REQUEST with a higher SEQUENCE, or a CANCEL, all under one UID."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from checklists.services import occasion_date_set
from portal.audit import audit_record
from portal.emails import email_queue
from portal.links import absolute_reverse
from portal.models import Cluster, Cohort, Organisation, User

from .. import selectors
from ..calendar import build_invitation_ics, itip_content_type
from ..models import Extension, Meeting, OrganiserTask, Step
from ..organiser_tasks import ORGANISER_TASK_TEMPLATE
from ..programme import meeting_programme_copy
from .evaluations import evaluation_respondents_unlink


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def meeting_create(
    *,
    cohort: Cohort,
    cluster: Cluster | None,
    step: Step,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    by: User,
    host: Organisation | None = None,
    venue: str = "",
    accessibility: str = "",
    remote_link: str = "",
    agenda: str = "",
    deadline_days_before: int = 7,
    late_policy: str = Meeting.LatePolicy.ACCEPT_LATE,
    evaluation_days: int = 14,
    evaluation_anonymous: bool = True,
) -> Meeting:
    if cluster is not None and cluster.cohort_id != cohort.pk:
        raise ValidationError({"cluster": _("The cluster belongs to another cohort.")})
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        meeting = Meeting(
            cohort=cohort,
            cluster=cluster,
            step=step,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            host=host,
            venue=venue,
            accessibility=accessibility,
            remote_link=remote_link,
            agenda=agenda,
            deadline_days_before=deadline_days_before,
            late_policy=late_policy,
            evaluation_days=evaluation_days,
            evaluation_anonymous=evaluation_anonymous,
        )
        meeting.full_clean()
        meeting.save()
        meeting.organisers.add(by)
        # The step's tasks and materials, from the cohort's own copy of the programme.
        meeting_programme_copy(meeting)
        OrganiserTask.objects.bulk_create(
            OrganiserTask(meeting=meeting, position=position, code=code, phase=phase, due_days=days)
            for position, (code, phase, days) in enumerate(ORGANISER_TASK_TEMPLATE, start=1)
        )
        _record_occasion_date(meeting)
        audit_record(
            actor=by,
            action="meeting.create",
            obj=meeting,
            after={"starts_at": starts_at.isoformat(), "title": title},
        )
    return meeting


SCHEDULE_FIELDS = ("starts_at", "ends_at", "venue", "remote_link")


EDITABLE_FIELDS = (
    "title",
    "host",
    "starts_at",
    "ends_at",
    "venue",
    "accessibility",
    "remote_link",
    "agenda",
    "deadline_days_before",
    "late_policy",
    "cluster",
    "evaluation_days",
    "evaluation_anonymous",
)


def meeting_update(*, meeting: Meeting, by: User, **changes) -> Meeting:
    """Edit or reschedule. A published meeting whose time or place changes sends an update
    (a new calendar revision); its deadline moves with it, and so do the reminders."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("The meeting has been cancelled and can no longer be changed."))
        before = {field: _plain(getattr(meeting, field)) for field in changes}
        old_start = meeting.starts_at
        for field, value in changes.items():
            setattr(meeting, field, value)
        _check_times(meeting.starts_at, meeting.ends_at)
        meeting.full_clean()
        moved = any(before[f] != _plain(changes[f]) for f in SCHEDULE_FIELDS if f in changes)
        if moved:
            meeting.sequence += 1
        meeting.save()
        _record_occasion_date(meeting)
        shift = meeting.starts_at - old_start
        if shift:
            # Extensions are deadlines of this meeting too: they move with it.
            Extension.objects.filter(meeting=meeting).update(deadline=F("deadline") + shift)
        audit_record(
            actor=by,
            action="meeting.update",
            obj=meeting,
            before=before,
            after={field: _plain(value) for field, value in changes.items()},
        )
        if moved and meeting.status == Meeting.Status.PUBLISHED:
            _send_calendar_messages(meeting, UPDATE)
        if "evaluation_anonymous" in changes:
            evaluation_respondents_unlink(meeting=meeting)
    return meeting


def _record_occasion_date(meeting: Meeting) -> None:
    """The self-assessment of the meeting's occasion locks when the meeting starts."""
    if meeting.step.occasion:
        occasion_date_set(
            cohort=meeting.cohort,
            cluster=meeting.cluster,
            occasion=meeting.step.occasion,
            starts_at=meeting.starts_at,
        )


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def meeting_publish(*, meeting: Meeting, by: User) -> bool:
    """Publish and send invitations. Returns True when it is later than the two weeks
    invitations should be out before the meeting."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.DRAFT:
            raise ValidationError(_("The meeting has already been published."))
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["status", "published_at"])
        audit_record(actor=by, action="meeting.publish", obj=meeting)
        _send_calendar_messages(meeting, INVITATION)
    return meeting.starts_at - meeting.published_at < timedelta(days=settings.INVITATION_LEAD_DAYS)


def meeting_cancel(
    *, meeting: Meeting, by: User, reason: str = "", now: datetime | None = None
) -> Meeting:
    """Call off a published meeting that has not taken place. It is kept, marked cancelled (its
    page says so, uploads and the deadline jobs leave it alone), and everyone invited gets a
    CANCEL under the meeting's UID with a higher SEQUENCE, which takes it out of their
    calendars."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.PUBLISHED or meeting.is_over(now):
            raise ValidationError(
                _("Only a published meeting that has not taken place yet can be cancelled."),
                code="not_cancellable",
            )
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = now
        meeting.cancellation_reason = reason.strip()
        meeting.sequence += 1
        meeting.save(update_fields=["status", "cancelled_at", "cancellation_reason", "sequence"])
        audit_record(
            actor=by,
            action="meeting.cancel",
            obj=meeting,
            before={"status": Meeting.Status.PUBLISHED},
            after={"status": meeting.status, "reason": meeting.cancellation_reason},
        )
        _send_calendar_messages(meeting, CANCELLATION)
    return meeting


@dataclass(frozen=True)
class CalendarNotice:
    """One kind of calendar message about a meeting: its e-mail and its iTIP method."""

    template: str
    kind: str
    method: str
    filename: str


INVITATION = CalendarNotice("meeting_invitation", "meeting.invitation", "REQUEST", "inbjudan.ics")
UPDATE = CalendarNotice("meeting_update", "meeting.update", "REQUEST", "inbjudan.ics")
CANCELLATION = CalendarNotice("meeting_cancelled", "meeting.cancel", "CANCEL", "installt.ics")


def _send_calendar_messages(meeting: Meeting, notice: CalendarNotice) -> None:
    """One message per person, its calendar naming that person as the only ATTENDEE. The
    revision (SEQUENCE) is in the key: each change reaches everyone once."""
    event = selectors.meeting_calendar_event(meeting)
    organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    recipients = User.objects.filter(
        memberships__organisation__in=selectors.invited_organisations(meeting), is_active=True
    ).distinct()
    context = {
        "meeting": meeting,
        "deadline": meeting.deadline,
        "reason": meeting.cancellation_reason,
        "url": absolute_reverse("meeting_detail", args=[meeting.pk]),
    }
    for person in recipients:
        ics = build_invitation_ics(
            event,
            organiser_email=organiser_email,
            attendee_emails=[person.email],
            method=notice.method,
        )
        email_queue(
            to=person.email,
            template=notice.template,
            kind=notice.kind,
            dedupe_key=f"meeting-invite:{meeting.pk}:{meeting.sequence}:{person.pk}",
            language=person.language,
            context=context,
            attachment=(notice.filename, ics, itip_content_type(notice.method)),
        )


def meetings_advance_status(*, now: datetime | None = None) -> int:
    """The scheduler moves each published meeting to held once it has ended, and to closed once
    its evaluation window has ended (Meeting.status_due). Running again changes nothing; a
    draft is left alone. Returns how many meetings changed."""
    now = now or timezone.now()
    changed = 0
    candidates = Meeting.objects.filter(
        status__in=[Meeting.Status.PUBLISHED, Meeting.Status.HELD], ends_at__lte=now
    ).values_list("pk", flat=True)
    for meeting_id in candidates:
        with transaction.atomic():
            meeting = (
                Meeting.objects.select_for_update(skip_locked=True).filter(pk=meeting_id).first()
            )
            if meeting is None:
                continue
            status = meeting.status_due(now)
            if status == meeting.status:
                continue
            audit_record(
                actor=None,
                action="meeting.status",
                obj=meeting,
                before={"status": meeting.status},
                after={"status": status},
            )
            meeting.status = status
            meeting.save(update_fields=["status"])
            changed += 1
    return changed
