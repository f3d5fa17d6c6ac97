"""Around the presentation deadline: reminders before it, the deadline job at it, and the
board's e-mail to the organisations that are behind."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.audit import audit_record
from portal.emails import email_queue
from portal.links import absolute_reverse
from portal.models import User
from portal.selectors import organisation_members

from .. import selectors
from ..models import DeadlineOutcome, Meeting


def deadline_reminders_send(*, now: datetime | None = None) -> int:
    """Remind organisations without a final presentation, N days before their effective
    deadline. The outbox key makes each reminder happen once per organisation, meeting,
    kind and person, however often this runs."""
    now = now or timezone.now()
    offsets = settings.REMINDER_OFFSET_DAYS
    queued = 0
    for meeting in Meeting.objects.filter(status=Meeting.Status.PUBLISHED, starts_at__gt=now):
        for organisation in selectors.organisations_without_final(meeting):
            deadline = selectors.effective_deadline(meeting, organisation)
            offset = _due_offset(offsets, deadline, now)
            if offset is None:
                continue
            for person in organisation_members(organisation.pk):
                sent = email_queue(
                    to=person.email,
                    template="deadline_reminder",
                    kind=f"reminder.{offset}d",
                    language=person.language,
                    # The deadline is part of the key: a moved meeting gets its reminders anew.
                    dedupe_key=f"reminder:{meeting.pk}:{organisation.pk}:{offset}:"
                    f"{deadline.isoformat()}:{person.pk}",
                    context={
                        "meeting": meeting,
                        "organisation": organisation,
                        "deadline": deadline,
                        "days": offset,
                        "url": absolute_reverse("meeting_detail", args=[meeting.pk]),
                    },
                )
                queued += sent is not None
    return queued


def _due_offset(offsets: list[int], deadline: datetime, now: datetime) -> int | None:
    """The reminder whose moment has come: the smallest offset already passed, while the
    deadline itself has not."""
    if now >= deadline:
        return None
    passed = [days for days in offsets if now >= deadline - timedelta(days=days)]
    return min(passed) if passed else None


def deadlines_process(*, now: datetime | None = None) -> int:
    """At the deadline: record on time / late / missing, tell the organisers once, and share
    the final presentations with the other organisations of the meeting."""
    now = now or timezone.now()
    processed = 0
    candidates = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED, deadline_processed_at__isnull=True
    ).values_list("pk", flat=True)
    for meeting_id in candidates:
        with transaction.atomic():
            meeting = (
                Meeting.objects.select_for_update(skip_locked=True)
                .filter(pk=meeting_id, deadline_processed_at__isnull=True)
                .first()
            )
            if meeting is None or now < meeting.deadline:
                continue
            rows = selectors.preparation_board(meeting, now=now)
            for row in rows:
                DeadlineOutcome.objects.update_or_create(
                    meeting=meeting, organisation=row.organisation, defaults={"status": row.status}
                )
            meeting.deadline_processed_at = now
            meeting.save(update_fields=["deadline_processed_at"])
            audit_record(
                actor=None,
                action="meeting.deadline",
                obj=meeting,
                after={row.organisation.code: row.status for row in rows},
            )
            for organiser in meeting.organisers.filter(is_active=True):
                email_queue(
                    to=organiser.email,
                    template="deadline_summary",
                    kind="deadline.summary",
                    language=organiser.language,
                    dedupe_key=f"deadline-summary:{meeting.pk}:{organiser.pk}",
                    context={
                        "meeting": meeting,
                        "rows": rows,
                        "url": absolute_reverse("meeting_board", args=[meeting.pk]),
                    },
                )
            processed += 1
    return processed


def behind_reminders_send(*, meeting: Meeting, by: User) -> int:
    """One action on the board: e-mail every organisation that is behind."""
    rows = [row for row in selectors.preparation_board(meeting) if row.is_behind]
    today = timezone.localdate().isoformat()
    count = 0
    with transaction.atomic():
        for row in rows:
            for person in organisation_members(row.organisation.pk):
                sent = email_queue(
                    to=person.email,
                    template="behind_nudge",
                    kind="behind",
                    language=person.language,
                    dedupe_key=f"behind:{meeting.pk}:{row.organisation.pk}:{person.pk}:{today}",
                    context=selectors.behind_reminder_context(meeting, row),
                )
                count += sent is not None
        audit_record(
            actor=by,
            action="meeting.remind_behind",
            obj=meeting,
            after={"organisations": [row.organisation.code for row in rows]},
        )
    return count
