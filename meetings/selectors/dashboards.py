"""The home page's reads: the person's meetings and, per organisation, the next meeting's
preparation."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from portal.models import AuditEntry, Enrolment, Membership, Organisation

from ..models import Extension, Meeting, Presentation
from .meetings import meetings_visible_to
from .presentations import task_progress


def earlier_meetings_for(user, *, now: datetime | None = None, limit: int = 5) -> list[Meeting]:
    now = now or timezone.now()
    return list(
        meetings_visible_to(user)
        .filter(ends_at__lt=now)
        .select_related("step", "cluster", "host")
        .order_by("-starts_at")[:limit]
    )


def upcoming_meetings_for(user, *, now: datetime | None = None, limit: int = 5) -> list[Meeting]:
    now = now or timezone.now()
    return list(
        meetings_visible_to(user)
        .filter(ends_at__gte=now)
        .select_related("step", "cluster", "host")
        .order_by("starts_at")[:limit]
    )


@dataclass
class ParticipantLine:
    """The home page's line for one of the person's organisations at the next meeting."""

    meeting: Meeting
    organisation: Organisation
    deadline: datetime
    extension: Extension | None
    tasks_done: int
    tasks_total: int
    final: Presentation | None
    peers_shared: list[Presentation]


def participant_overview(
    user, *, now: datetime | None = None, memberships: list[Membership] | None = None
) -> list[ParticipantLine]:
    """For each of the person's organisations: the next published meeting, its effective
    deadline, tasks and upload, and the peers' presentations once shared. A fixed number of
    queries, however many organisations are invited. The home page passes the memberships it
    already read (portal.selectors.user_memberships, enrolments prefetched): two queries fewer."""
    now = now or timezone.now()
    if memberships is None:
        memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    if not memberships:
        return []
    org_ids = [m.organisation_id for m in memberships]
    if all(hasattr(m.organisation, "enrolment_list") for m in memberships):
        enrolments = sorted(
            (e for m in memberships for e in m.organisation.enrolment_list),
            key=lambda e: (-e.cohort.starts_on.toordinal(), e.cohort.name, e.organisation.name),
        )
    else:
        enrolments = list(Enrolment.objects.filter(organisation_id__in=org_ids))
    meetings = list(
        Meeting.objects.filter(ends_at__gte=now)
        .exclude(status=Meeting.Status.DRAFT)
        .filter(
            Q(cluster__isnull=True, cohort_id__in=[e.cohort_id for e in enrolments])
            | Q(cluster_id__in=[e.cluster_id for e in enrolments if e.cluster_id])
        )
        .select_related("step", "host")
        .order_by("starts_at")
    )
    next_for: dict[int, Meeting] = {}
    for enrolment in enrolments:
        for meeting in meetings:
            invited = meeting.cohort_id == enrolment.cohort_id and (
                meeting.cluster_id is None or meeting.cluster_id == enrolment.cluster_id
            )
            if invited and enrolment.organisation_id not in next_for:
                next_for[enrolment.organisation_id] = meeting
    meeting_ids = {m.pk for m in next_for.values()}
    extensions = {
        (e.meeting_id, e.organisation_id): e
        for e in Extension.objects.filter(meeting_id__in=meeting_ids, organisation_id__in=org_ids)
    }
    finals = list(
        Presentation.objects.filter(meeting_id__in=meeting_ids, is_final=True).select_related(
            "organisation"
        )
    )
    progress = task_progress(
        list({m.pk: m for m in next_for.values()}.values()), org_ids, finals=finals
    )
    lines = []
    for membership in memberships:
        meeting = next_for.get(membership.organisation_id)
        if meeting is None:
            continue
        org = membership.organisation
        extension = extensions.get((meeting.pk, org.pk))
        own_final = next(
            (p for p in finals if p.meeting_id == meeting.pk and p.organisation_id == org.pk), None
        )
        peers = (
            [p for p in finals if p.meeting_id == meeting.pk and p.organisation_id != org.pk]
            if meeting.deadline_processed_at
            else []
        )
        lines.append(
            ParticipantLine(
                meeting=meeting,
                organisation=org,
                deadline=timezone.localtime(extension.deadline) if extension else meeting.deadline,
                extension=extension,
                tasks_done=progress[(meeting.pk, org.pk)].done,
                tasks_total=progress[(meeting.pk, org.pk)].total,
                final=own_final,
                peers_shared=sorted(peers, key=lambda p: p.organisation.name),
            )
        )
    return lines


@dataclass
class NewFeedback:
    meeting: Meeting
    organisation: Organisation
    released_at: datetime


@dataclass
class SinceLastVisit:
    """What the start page lists as new for the person since `since` (None: the first visit,
    when only released feedback is listed)."""

    since: datetime | None
    feedback: list[NewFeedback]
    shared: list[ParticipantLine]
    moved: list[Meeting]

    def __bool__(self) -> bool:
        return bool(self.feedback or self.shared or self.moved)


def since_last_visit(
    *,
    since: datetime | None,
    memberships: list[Membership],
    participation: list[ParticipantLine],
    meetings: list[Meeting],
) -> SinceLastVisit:
    """Feedback released to the person's organisations, the peers' presentations shared at a
    deadline and meetings moved to another time, since `since`, among the meetings the start
    page lists. Built from what the page already read and the audit log's record of releases
    and moves: one query, however many organisations and meetings (the start page is at the
    limit of its query budget)."""
    by_id = {str(meeting.pk): meeting for meeting in meetings}
    organisations = {m.organisation.code: m.organisation for m in memberships}
    entries = AuditEntry.objects.filter(
        action__in=["feedback.release", "meeting.update"],
        object_type=Meeting._meta.label_lower,
        object_id__in=list(by_id),
    ).order_by("-at")
    if since is not None:
        entries = entries.filter(at__gt=since)
    feedback, moved = {}, {}
    for entry in entries.only("at", "action", "object_id", "before", "after"):
        meeting = by_id[entry.object_id]
        after, before = entry.after or {}, entry.before or {}
        if entry.action == "feedback.release":
            for released in after.get("released", []):
                organisation = organisations.get(released.get("organisation"))
                if organisation is not None:
                    feedback.setdefault(
                        (meeting.pk, organisation.pk),
                        NewFeedback(meeting, organisation, entry.at),
                    )
        elif since is not None and any(
            before.get(field) != after[field]
            for field in ("starts_at", "ends_at")
            if field in after
        ):
            moved[meeting.pk] = meeting
    shared = [
        line
        for line in participation
        if since is not None
        and line.peers_shared
        and line.meeting.deadline_processed_at
        and line.meeting.deadline_processed_at > since
    ]
    return SinceLastVisit(
        since=since, feedback=list(feedback.values()), shared=shared, moved=list(moved.values())
    )
