"""The home page's reads: the person's meetings and, per organisation, the next meeting's
preparation."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from portal.models import AuditEntry, Enrolment, Membership, Organisation

from ..models import Extension, Meeting, Presentation
from .journey import Journey, invited, journeys_of, programme_steps
from .meetings import meetings_visible_to
from .preparation import Preparation, preparations


def earlier_meetings_for(user, *, now: datetime | None = None, limit: int = 5) -> list[Meeting]:
    return meetings_around(user, now=now, limit=limit)[1]


def upcoming_meetings_for(user, *, now: datetime | None = None, limit: int = 5) -> list[Meeting]:
    return meetings_around(user, now=now, limit=limit)[0]


def meetings_around(
    user, *, now: datetime | None = None, limit: int = 5
) -> tuple[list[Meeting], list[Meeting]]:
    """The person's next `limit` meetings (soonest first) and their last `limit` ones (latest
    first), in one query: each list is a limited subquery of the meetings the person sees."""
    now = now or timezone.now()
    visible = meetings_visible_to(user)
    coming = visible.filter(ends_at__gte=now).order_by("starts_at").values("pk")[:limit]
    held = visible.filter(ends_at__lt=now).order_by("-starts_at").values("pk")[:limit]
    meetings = list(
        Meeting.objects.filter(Q(pk__in=coming) | Q(pk__in=held))
        .select_related("step", "cluster", "host")
        .order_by("starts_at", "pk")
    )
    upcoming = [meeting for meeting in meetings if meeting.ends_at >= now]
    earlier = [meeting for meeting in reversed(meetings) if meeting.ends_at < now]
    return upcoming, earlier


@dataclass
class ParticipantLine:
    """The home page's line for one of the person's organisations at the next meeting."""

    meeting: Meeting
    organisation: Organisation
    deadline: datetime
    extension: Extension | None
    preparation: Preparation
    final: Presentation | None
    peers_shared: list[Presentation]

    @property
    def tasks_done(self) -> int:
        return self.preparation.done

    @property
    def tasks_total(self) -> int:
        return self.preparation.total


@dataclass
class ParticipantOverview:
    """What the home page shows a member of organisations' teams: the next meeting of each
    organisation with its preparation, and each organisation's journey through the steps."""

    lines: list[ParticipantLine] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def __iter__(self):
        return iter(self.lines)


def participant_overview(
    user, *, now: datetime | None = None, memberships: list[Membership] | None = None
) -> ParticipantOverview:
    """For each of the person's organisations: the next published meeting, its effective
    deadline, tasks and upload, and the peers' presentations once shared; and its journey
    through the programme's steps in each running cohort. A fixed number of queries, however
    many organisations are invited. The home page passes the memberships it already read
    (portal.selectors.user_memberships, enrolments prefetched): two queries fewer."""
    now = now or timezone.now()
    if memberships is None:
        memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    if not memberships:
        return ParticipantOverview()
    org_ids = [m.organisation_id for m in memberships]
    read = all(hasattr(m.organisation, "enrolment_list") for m in memberships)
    if read:
        enrolments = sorted(
            (e for m in memberships for e in m.organisation.enrolment_list),
            key=lambda e: (-e.cohort.starts_on.toordinal(), e.cohort.name, e.organisation.name),
        )
    else:
        enrolments = list(Enrolment.objects.filter(organisation_id__in=org_ids))
    # Every published meeting of the cohorts, held ones too: the journey needs them, and a
    # cohort has a handful.
    meetings = list(
        Meeting.objects.exclude(status=Meeting.Status.DRAFT)
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
            if (
                meeting.ends_at >= now
                and invited(meeting, enrolment)
                and enrolment.organisation_id not in next_for
            ):
                next_for[enrolment.organisation_id] = meeting
    lines = _participant_lines(memberships, next_for, org_ids) if next_for else []
    # The steps are read only for a cohort still running (the enrolments read with the
    # memberships tell).
    running = read and any(e.cohort.ends_on >= timezone.localdate(now) for e in enrolments)
    journeys = journeys_of(memberships, meetings, programme_steps(), now) if running else []
    return ParticipantOverview(lines=lines, journeys=journeys)


def _participant_lines(
    memberships: list[Membership], next_for: dict[int, Meeting], org_ids: list[int]
) -> list[ParticipantLine]:
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
    prepared = preparations(
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
                preparation=prepared[(meeting.pk, org.pk)],
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
