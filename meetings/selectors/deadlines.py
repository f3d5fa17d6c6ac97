"""The organisers' board of preparation against the deadline, and the reminder to those behind."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from portal.emails import render_email
from portal.links import absolute_reverse
from portal.models import Organisation, OutgoingEmail, User
from portal.selectors import organisation_members

from ..deadline_text import DeadlineFacts
from ..models import DeadlineOutcome, Extension, Meeting, Presentation
from .meetings import invited_organisations
from .preparation import Preparation, TaskState, preparations


@dataclass
class BoardRow:
    organisation: Organisation
    preparation: Preparation
    extension: Extension | None
    deadline: datetime
    status: str  # on_time, late, missing, extension, pending
    cluster_id: int | None = None  # the organisation's cluster in the meeting's cohort
    cluster_name: str = ""
    # Whether the preparation is under way: the organisation's earlier meetings of the round
    # are over (the homework for a meeting is given at the one before it).
    begun: bool = True

    @property
    def tasks(self) -> list[TaskState]:
        return self.preparation.tasks

    @property
    def tasks_done(self) -> int:
        return self.preparation.done

    @property
    def tasks_total(self) -> int:
        return self.preparation.total

    @property
    def final(self) -> Presentation | None:
        return self.preparation.final

    @property
    def is_ready(self) -> bool:
        return not self.preparation.is_behind

    @property
    def is_behind(self) -> bool:
        """Not ready while the preparation is under way. Before the organisation's previous
        meeting of the round is over nobody is behind yet: the results conference's final
        self-assessment, months ahead, does not put the whole round behind."""
        return self.begun and self.preparation.is_behind

    @property
    def readiness(self) -> str:
        """ready, behind or not_due (not ready, but the preparation has not begun)."""
        if self.is_ready:
            return "ready"
        return "behind" if self.begun else "not_due"


def _with_clusters(meeting: Meeting) -> list[Organisation]:
    """The invited organisations, each with its cluster in the meeting's cohort
    (``board_cluster_id`` and ``board_cluster_name``), in one query: joined to its one
    enrolment in the cohort (a subquery per organisation and column cost ten times more)."""
    return list(
        invited_organisations(meeting)
        .filter(enrolments__cohort_id=meeting.cohort_id)
        .annotate(
            board_cluster_id=F("enrolments__cluster_id"),
            board_cluster_name=F("enrolments__cluster__name"),
        )
    )


def _preparation_begun(meeting: Meeting, cluster_ids: set, now: datetime) -> dict:
    """Whether the preparation has begun, per cluster id (None: no cluster): when every earlier
    meeting of the round its organisations were invited to (their cluster's and the whole
    cohort's, drafts aside) is over. One query."""
    last_end: dict[int | None, datetime] = {}
    earlier = (
        Meeting.objects.filter(cohort_id=meeting.cohort_id, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .exclude(status=Meeting.Status.DRAFT)
        .values_list("cluster_id", "ends_at")
    )
    for cluster_id, ends_at in earlier:
        last_end[cluster_id] = max(ends_at, last_end.get(cluster_id, ends_at))
    begun = {}
    for cluster_id in {*cluster_ids, None}:
        ends = [last_end[key] for key in {None, cluster_id} if key in last_end]
        begun[cluster_id] = not ends or max(ends) <= now
    return begun


def preparation_board(meeting: Meeting, *, now: datetime | None = None) -> list[BoardRow]:
    """Organisations × preparation, in a fixed number of queries whatever their count."""
    now = now or timezone.now()
    organisations = _with_clusters(meeting)
    invited = invited_organisations(meeting).values("pk")
    # The board shows of a final presentation its name and whether it came in late; the
    # rest of the row (file, checksum, notes…) is not read for hundreds of organisations.
    finals = Presentation.objects.filter(
        meeting=meeting, organisation_id__in=invited, is_final=True
    ).only("pk", "meeting_id", "organisation_id", "original_name", "is_late")
    states = preparations(
        [meeting],
        [org.pk for org in organisations],
        finals=finals,
        who_ticked=False,
        organisations_query=invited,
    )
    extensions = {e.organisation_id: e for e in Extension.objects.filter(meeting=meeting)}
    begun = _preparation_begun(meeting, {org.board_cluster_id for org in organisations}, now)
    meeting_deadline = meeting.deadline
    rows = []
    for organisation in organisations:
        extension = extensions.get(organisation.pk)
        deadline = timezone.localtime(extension.deadline) if extension else meeting_deadline
        preparation = states[(meeting.pk, organisation.pk)]
        rows.append(
            BoardRow(
                organisation=organisation,
                preparation=preparation,
                extension=extension,
                deadline=deadline,
                status=presentation_status(
                    final=preparation.final, deadline=deadline, extension=extension, now=now
                ),
                cluster_id=organisation.board_cluster_id,
                cluster_name=organisation.board_cluster_name or "",
                begun=begun[organisation.board_cluster_id],
            )
        )
    return rows


def board_rows_filtered(
    rows: list[BoardRow],
    *,
    status: str = "",
    task_id: int | None = None,
    task_status: str = "",
    cluster_id: int | None = None,
    q: str = "",
) -> list[BoardRow]:
    """The board's filter: by cluster, by a search on the organisation's name (or code), by
    readiness ("behind", "ready", "not_due") or presentation status, and by one task (or any
    task) having a status: "who has not done the self-assessment", "who is late with
    anything"."""
    if cluster_id is not None:
        rows = [row for row in rows if row.cluster_id == cluster_id]
    if q := q.strip().casefold():
        rows = [
            row
            for row in rows
            if q in row.organisation.name.casefold() or row.organisation.code.startswith(q)
        ]
    if status in ("behind", "ready", "not_due"):
        rows = [row for row in rows if row.readiness == status]
    elif status:
        rows = [row for row in rows if row.status == status]
    if task_status:
        rows = [
            row
            for row in rows
            if any(
                state.status == task_status
                for state in row.tasks
                if task_id is None or state.task.pk == task_id
            )
        ]
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


def deadline_message_key(*, meeting: Meeting, person: User, now: datetime) -> str:
    """The outbox key of a person's one deadline message (reminder, nudge or notice of an
    extension) about a meeting on a day in Stockholm."""
    day = timezone.localtime(now, timezone.get_default_timezone()).date()
    return f"deadline:{meeting.pk}:{person.pk}:{day.isoformat()}"


def deadline_messages_last_sent(meeting: Meeting) -> dict[int, datetime]:
    """When each person was last sent a deadline message about the meeting, in one query."""
    last: dict[int, datetime] = {}
    for key, created_at in OutgoingEmail.objects.filter(
        dedupe_key__startswith=f"deadline:{meeting.pk}:"
    ).values_list("dedupe_key", "created_at"):
        person_id = int(key.split(":")[2])
        last[person_id] = max(created_at, last.get(person_id, created_at))
    return last


def behind_reminder_context(
    meeting: Meeting, row: BoardRow, *, now: datetime | None = None
) -> dict:
    """What the nudge states, worked out now: the tasks still missing, and, while no
    presentation has come in, the time left until the deadline and the deadline itself."""
    return {
        "meeting": meeting,
        "row": row,
        "missing": row.preparation.missing,
        "facts": DeadlineFacts(deadline=row.deadline, now=now or timezone.now()),
        "url": absolute_reverse("meeting_detail", args=[meeting.pk]),
    }


def behind_reminders_preview(meeting: Meeting) -> dict:
    """What "e-mail the organisations that are behind" would send, before it is sent: the
    recipients and the first message as its recipient will read it. Writes nothing."""
    now = timezone.now()
    rows = [row for row in preparation_board(meeting, now=now) if row.is_behind]
    members = [
        (row.organisation, person)
        for row in rows
        for person in organisation_members(row.organisation.pk)
    ]
    # Someone already told about the meeting today (a reminder, an extension) is not nudged.
    told_today = set(
        OutgoingEmail.objects.filter(
            dedupe_key__in=[
                deadline_message_key(meeting=meeting, person=person, now=now)
                for _organisation, person in members
            ]
        ).values_list("dedupe_key", flat=True)
    )
    recipients, already_told = [], []
    for organisation, person in members:
        key = deadline_message_key(meeting=meeting, person=person, now=now)
        (already_told if key in told_today else recipients).append((organisation, person))
    sample = None
    if recipients:
        organisation, person = recipients[0]
        row = next(row for row in rows if row.organisation == organisation)
        subject, body = render_email(
            "behind_nudge", behind_reminder_context(meeting, row, now=now), person.language
        )
        sample = {"to": person.email, "subject": subject, "body": body}
    return {"rows": rows, "recipients": recipients, "already_told": already_told, "sample": sample}
