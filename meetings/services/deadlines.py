"""Around the presentation deadline: reminders before it, the deadline job at it, and the
board's e-mail to the organisations that are behind.

Every message about a deadline states the facts of the moment it is written: the time left
and the deadline itself. A person gets at most one such message per meeting and day —
reminder, nudge from the board or notice of an extension — which the outbox keeps by one key
per person, meeting and day; a message counts as the reminder of every moment it follows."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.audit import audit_record
from portal.emails import email_queue
from portal.links import absolute_reverse
from portal.models import Organisation, OutgoingEmail, User
from portal.selectors import organisation_members

from .. import selectors
from ..deadline_text import DeadlineFacts
from ..models import DeadlineOutcome, Extension, Meeting


def extension_notice_queue(
    *,
    meeting: Meeting,
    organisation: Organisation,
    extension: Extension,
    person: User,
    now: datetime,
) -> OutgoingEmail | None:
    """Tell one person the organisation's new deadline, in the day's one deadline message.
    Returns None when the person was already told something about the meeting today; the
    reminder job then sends the notice the next day."""
    return email_queue(
        to=person.email,
        template="extension_granted",
        kind="extension",
        language=person.language,
        dedupe_key=selectors.deadline_message_key(meeting=meeting, person=person, now=now),
        context={
            "meeting": meeting,
            "organisation": organisation,
            "deadline": extension.deadline,
            "facts": DeadlineFacts(deadline=extension.deadline, now=now),
            "reason": extension.reason,
            "url": absolute_reverse("meeting_detail", args=[meeting.pk]),
        },
    )


def deadline_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the people of organisations without a final presentation, N days before their
    effective deadline, stating the time left as it is now. A reminder found late (the job did
    not run, the meeting was published late) still goes once, with the true time left; a
    person told anything about the meeting since the reminder's moment is not reminded again,
    and nobody is reminded after the deadline. An extension whose notice could not go out the
    day it was granted goes out here instead."""
    now = now or timezone.now()
    offsets = settings.REMINDER_OFFSET_DAYS
    queued = 0
    for meeting in Meeting.objects.filter(status=Meeting.Status.PUBLISHED, starts_at__gt=now):
        last_told = selectors.deadline_messages_last_sent(meeting)
        extensions = {e.organisation_id: e for e in Extension.objects.filter(meeting=meeting)}
        for organisation in selectors.organisations_without_final(meeting):
            extension = extensions.get(organisation.pk)
            deadline = timezone.localtime(extension.deadline) if extension else meeting.deadline
            if now >= deadline:
                continue
            for person in organisation_members(organisation.pk):
                told = last_told.get(person.pk)
                if extension is not None and (told is None or told < extension.granted_at):
                    sent = extension_notice_queue(
                        meeting=meeting,
                        organisation=organisation,
                        extension=extension,
                        person=person,
                        now=now,
                    )
                    queued += sent is not None
                    continue
                offset = _due_offset(offsets, deadline, now, told)
                if offset is None:
                    continue
                sent = email_queue(
                    to=person.email,
                    template="deadline_reminder",
                    kind=f"reminder.{offset}d",
                    language=person.language,
                    dedupe_key=selectors.deadline_message_key(
                        meeting=meeting, person=person, now=now
                    ),
                    context={
                        "meeting": meeting,
                        "organisation": organisation,
                        "deadline": deadline,
                        "facts": DeadlineFacts(deadline=deadline, now=now),
                        "url": absolute_reverse("meeting_detail", args=[meeting.pk]),
                    },
                )
                queued += sent is not None
    return queued


def _due_offset(
    offsets: list[int], deadline: datetime, now: datetime, told: datetime | None
) -> int | None:
    """The reminder whose moment has come — the smallest offset already passed, while the
    deadline itself has not — unless the person has been told since that moment."""
    if now >= deadline:
        return None
    passed = [days for days in offsets if now >= deadline - timedelta(days=days)]
    if not passed:
        return None
    offset = min(passed)
    if told is not None and told >= deadline - timedelta(days=offset):
        return None
    return offset


def deadlines_process(*, now: datetime | None = None) -> int:
    """At the deadline: record on time / late / missing, tell the organisers once, and share
    the final presentations with the other organisations of the meeting."""
    now = now or timezone.now()
    processed = 0
    # Held meetings too: if the job could not run before the meeting was marked held (a worker
    # down for days), its deadline is still recorded and the presentations still shared.
    candidates = Meeting.objects.filter(
        status__in=[Meeting.Status.PUBLISHED, Meeting.Status.HELD],
        deadline_processed_at__isnull=True,
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


def behind_reminders_send(*, meeting: Meeting, by: User, now: datetime | None = None) -> int:
    """One action on the board: e-mail every organisation that is behind. The nudge states the
    missing tasks, the time left and the deadline, so it also serves as the reminder due the
    same day; a person already told about the meeting today is not nudged again."""
    now = now or timezone.now()
    rows = [row for row in selectors.preparation_board(meeting, now=now) if row.is_behind]
    count = 0
    with transaction.atomic():
        for row in rows:
            for person in organisation_members(row.organisation.pk):
                sent = email_queue(
                    to=person.email,
                    template="behind_nudge",
                    kind="behind",
                    language=person.language,
                    dedupe_key=selectors.deadline_message_key(
                        meeting=meeting, person=person, now=now
                    ),
                    context=selectors.behind_reminder_context(meeting, row, now=now),
                )
                count += sent is not None
        audit_record(
            actor=by,
            action="meeting.remind_behind",
            obj=meeting,
            after={"organisations": [row.organisation.code for row in rows]},
        )
    return count
