"""The organisers' board of preparation against the deadline, and the reminder to those behind."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from portal.emails import render_email
from portal.links import absolute_reverse
from portal.models import Organisation
from portal.selectors import organisation_members

from ..models import DeadlineOutcome, Extension, Meeting, Presentation
from .meetings import invited_organisations
from .presentations import task_progress


@dataclass
class BoardRow:
    organisation: Organisation
    tasks_done: int
    tasks_total: int
    final: Presentation | None
    extension: Extension | None
    deadline: datetime
    status: str  # on_time, late, missing, extension, pending

    @property
    def is_behind(self) -> bool:
        return self.final is None or self.tasks_done < self.tasks_total


def preparation_board(meeting: Meeting, *, now: datetime | None = None) -> list[BoardRow]:
    """Organisations × preparation, in a fixed number of queries whatever their count."""
    now = now or timezone.now()
    organisations = list(invited_organisations(meeting))
    progress = task_progress([meeting], [org.pk for org in organisations])
    finals = {
        p.organisation_id: p for p in Presentation.objects.filter(meeting=meeting, is_final=True)
    }
    extensions = {e.organisation_id: e for e in Extension.objects.filter(meeting=meeting)}
    rows = []
    for organisation in organisations:
        extension = extensions.get(organisation.pk)
        deadline = timezone.localtime(extension.deadline) if extension else meeting.deadline
        final = finals.get(organisation.pk)
        rows.append(
            BoardRow(
                organisation=organisation,
                tasks_done=progress[(meeting.pk, organisation.pk)].done,
                tasks_total=progress[(meeting.pk, organisation.pk)].total,
                final=final,
                extension=extension,
                deadline=deadline,
                status=presentation_status(
                    final=final, deadline=deadline, extension=extension, now=now
                ),
            )
        )
    return rows


def presentation_status(
    *, final: Presentation | None, deadline: datetime, extension: Extension | None, now: datetime
) -> str:
    if final is not None:
        return DeadlineOutcome.Status.LATE if final.is_late else DeadlineOutcome.Status.ON_TIME
    if now < deadline:
        return DeadlineOutcome.Status.EXTENSION if extension else "pending"
    return DeadlineOutcome.Status.MISSING


def organisations_without_final(meeting: Meeting) -> QuerySet[Organisation]:
    has_final = Presentation.objects.filter(
        meeting=meeting, organisation=OuterRef("pk"), is_final=True
    )
    return invited_organisations(meeting).filter(~Exists(has_final))


def behind_reminder_context(meeting: Meeting, row: BoardRow) -> dict:
    return {
        "meeting": meeting,
        "row": row,
        "url": absolute_reverse("meeting_detail", args=[meeting.pk]),
    }


def behind_reminders_preview(meeting: Meeting) -> dict:
    """What "e-mail the organisations that are behind" would send, before it is sent: the
    recipients and the first message as its recipient will read it. Writes nothing."""
    rows = [row for row in preparation_board(meeting) if row.is_behind]
    recipients = [
        (row.organisation, person)
        for row in rows
        for person in organisation_members(row.organisation.pk)
    ]
    sample = None
    if recipients:
        organisation, person = recipients[0]
        row = next(row for row in rows if row.organisation == organisation)
        subject, body = render_email(
            "behind_nudge", behind_reminder_context(meeting, row), person.language
        )
        sample = {"to": person.email, "subject": subject, "body": body}
    return {"rows": rows, "recipients": recipients, "sample": sample}
