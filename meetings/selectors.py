"""Reads of meetings, deadlines and presentations. Visibility lives here so lists and rules agree."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import selectors as core
from portal.models import Enrolment, Membership, Organisation, User

from .models import (
    DeadlineOutcome,
    EvaluationAnswered,
    EvaluationResponse,
    Extension,
    Feedback,
    ImprovementEffort,
    Meeting,
    MeetingTask,
    OrganiserTask,
    Presentation,
    StepTask,
    TaskCompletion,
)


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Organisers of the cohort and the meeting see drafts; members and mentors of invited
    organisations see the meeting once it is published."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Meeting.objects.none()
    if core.is_programme_admin(user):
        return Meeting.objects.all()
    staff = _organised_by(user)
    my_orgs = core.own_organisation_ids(user)
    my_enrolments = Enrolment.objects.filter(organisation_id__in=my_orgs)
    as_member = Q(cluster__isnull=True, cohort_id__in=my_enrolments.values("cohort_id")) | Q(
        cluster_id__in=my_enrolments.values("cluster_id")
    )
    return Meeting.objects.filter(staff | (as_member & ~Q(status=Meeting.Status.DRAFT)))


def _organised_by(user) -> Q:
    # Subqueries rather than a join on the organisers: no duplicate rows, so no DISTINCT over
    # every column (which made the home page's meeting lists the slowest of its queries).
    named = Meeting.organisers.through.objects.filter(user=user).values("meeting_id")
    return Q(cohort_id__in=core.organised_cohort_ids(user)) | Q(pk__in=named)


def meetings_organised_by(user) -> QuerySet[Meeting]:
    if core.is_programme_admin(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(_organised_by(user))


def meetings_named_organiser_rows(user) -> QuerySet:
    """A row for each meeting the person is named an organiser of: a staff role of its own,
    registered with portal (two-factor login)."""
    return Meeting.organisers.through.objects.filter(user_id=user.pk)


def invited_organisations(meeting: Meeting) -> QuerySet[Organisation]:
    enrolments = Enrolment.objects.filter(cohort_id=meeting.cohort_id)
    if meeting.cluster_id:
        enrolments = enrolments.filter(cluster_id=meeting.cluster_id)
    return Organisation.objects.filter(pk__in=enrolments.values("organisation_id")).order_by("name")


def user_organisations_in_meeting(user, meeting: Meeting) -> list[Organisation]:
    """The invited organisations the person is a member of."""
    return list(invited_organisations(meeting).filter(pk__in=core.own_organisation_ids(user)))


def effective_deadline(meeting: Meeting, organisation: Organisation) -> datetime:
    extension = Extension.objects.filter(meeting=meeting, organisation=organisation).first()
    return timezone.localtime(extension.deadline) if extension else meeting.deadline


def final_presentation(meeting: Meeting, organisation: Organisation) -> Presentation | None:
    return Presentation.objects.filter(
        meeting=meeting, organisation=organisation, is_final=True
    ).first()


def presentations_of(meeting: Meeting, organisation: Organisation) -> QuerySet[Presentation]:
    return Presentation.objects.filter(meeting=meeting, organisation=organisation).select_related(
        "uploaded_by"
    )


def shared_presentations(meeting: Meeting, *, excluding: Organisation | None = None):
    """Final presentations peers may read: only once the deadline job has shared them."""
    if meeting.deadline_processed_at is None:
        return Presentation.objects.none()
    qs = Presentation.objects.filter(meeting=meeting, is_final=True).select_related("organisation")
    if excluding is not None:
        qs = qs.exclude(organisation=excluding)
    return qs.order_by("organisation__name")


def presentations_visible_to(user) -> QuerySet[Presentation]:
    """Own organisation's versions; peers' final ones once shared; everything for organisers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Presentation.objects.none()
    if core.is_programme_admin(user):
        return Presentation.objects.all()
    organised = meetings_organised_by(user).values("pk")
    own_orgs = core.own_organisation_ids(user)
    mentored = core.organisations_visible_to(user).values("pk")
    visible_meetings = meetings_visible_to(user).values("pk")
    return Presentation.objects.filter(
        Q(meeting_id__in=organised)
        | Q(organisation_id__in=own_orgs)
        | Q(meeting_id__in=visible_meetings, organisation_id__in=mentored)
        | Q(
            meeting_id__in=visible_meetings,
            is_final=True,
            meeting__deadline_processed_at__isnull=False,
        )
    )


# Tasks that are done by the work itself rather than by a tick: the self-assessment counts as
# done when it is submitted for the meeting's occasion, the stakeholder analysis when its
# version for the occasion has been updated (or marked up to date).
DERIVED_KINDS = {StepTask.Kind.SELF_ASSESSMENT, StepTask.Kind.STAKEHOLDERS}


def _derived_done(
    meetings: list[Meeting], organisation_ids: list[int]
) -> dict[tuple[int, int], set[str]]:
    from checklists.selectors import submitted_organisation_ids
    from stakeholders.selectors import updated_organisation_ids

    sources = {
        StepTask.Kind.SELF_ASSESSMENT: submitted_organisation_ids,
        StepTask.Kind.STAKEHOLDERS: updated_organisation_ids,
    }
    done: dict[tuple[int, int], set[str]] = defaultdict(set)
    occasions = {(m.cohort_id, m.step.occasion) for m in meetings if m.step.occasion}
    for kind, source in sources.items():
        finished = {
            key: source(cohort_id=key[0], occasion=key[1], organisation_ids=organisation_ids)
            for key in occasions
        }
        for meeting in meetings:
            for org_id in finished.get((meeting.cohort_id, meeting.step.occasion), ()):
                done[(meeting.pk, org_id)].add(kind)
    return done


@dataclass(frozen=True)
class TaskProgress:
    done: int
    total: int


def task_progress(
    meetings: list[Meeting], organisation_ids: list[int]
) -> dict[tuple[int, int], TaskProgress]:
    """Done and total preparation tasks per (meeting, organisation), in a fixed number of
    queries: ticked tasks, plus the ones the work itself completes."""
    tasks = list(
        MeetingTask.objects.filter(meeting__in=meetings).values_list("pk", "meeting_id", "kind")
    )
    task_meeting = {pk: (meeting_id, kind) for pk, meeting_id, kind in tasks}
    totals: dict[int, int] = defaultdict(int)
    by_kind: dict[tuple[int, str], int] = defaultdict(int)
    for _pk, meeting_id, kind in tasks:
        totals[meeting_id] += 1
        by_kind[(meeting_id, kind)] += 1
    done: dict[tuple[int, int], int] = defaultdict(int)
    for task_id, org_id in TaskCompletion.objects.filter(
        task_id__in=list(task_meeting), organisation_id__in=organisation_ids
    ).values_list("task_id", "organisation_id"):
        meeting_id, kind = task_meeting[task_id]
        if kind not in DERIVED_KINDS:
            done[(meeting_id, org_id)] += 1
    for (meeting_id, org_id), kinds in _derived_done(meetings, organisation_ids).items():
        done[(meeting_id, org_id)] += sum(by_kind[(meeting_id, kind)] for kind in kinds)
    return {
        (meeting.pk, org_id): TaskProgress(
            done=done[(meeting.pk, org_id)], total=totals[meeting.pk]
        )
        for meeting in meetings
        for org_id in organisation_ids
    }


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


def meetings_with_tasks(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("step", "host", "cluster", "cohort").prefetch_related(
        Prefetch("tasks", queryset=MeetingTask.objects.order_by("position"))
    )


def next_meeting_for(user, *, now: datetime | None = None) -> Meeting | None:
    now = now or timezone.now()
    return (
        meetings_with_tasks(meetings_visible_to(user).filter(ends_at__gte=now))
        .exclude(status=Meeting.Status.DRAFT)
        .order_by("starts_at")
        .first()
    )


def organisations_without_final(meeting: Meeting) -> QuerySet[Organisation]:
    has_final = Presentation.objects.filter(
        meeting=meeting, organisation=OuterRef("pk"), is_final=True
    )
    return invited_organisations(meeting).filter(~Exists(has_final))


@dataclass(frozen=True)
class TaskState:
    task: MeetingTask
    done: bool
    derived: bool  # done by the work itself (e.g. a submitted self-assessment), not a tick
    completion: TaskCompletion | None


@dataclass
class OrganisationPanel:
    """What one organisation sees of its own preparation for a meeting."""

    organisation: Organisation
    deadline: datetime
    extension: Extension | None
    tasks: list["TaskState"]
    versions: list[Presentation]
    form: object = None

    @property
    def final(self) -> Presentation | None:
        return next((p for p in self.versions if p.is_final), None)


def organisation_panel(meeting: Meeting, organisation: Organisation) -> OrganisationPanel:
    extension = Extension.objects.filter(meeting=meeting, organisation=organisation).first()
    completions = {
        completion.task_id: completion
        for completion in TaskCompletion.objects.filter(
            task__meeting=meeting, organisation=organisation
        ).select_related("done_by")
    }
    derived = _derived_done([meeting], [organisation.pk]).get((meeting.pk, organisation.pk), set())
    return OrganisationPanel(
        organisation=organisation,
        deadline=timezone.localtime(extension.deadline) if extension else meeting.deadline,
        extension=extension,
        tasks=[
            TaskState(task=task, derived=True, done=task.kind in derived, completion=None)
            if task.kind in DERIVED_KINDS
            else TaskState(
                task=task,
                derived=False,
                done=task.pk in completions,
                completion=completions.get(task.pk),
            )
            for task in meeting.tasks.all()
        ],
        versions=list(presentations_of(meeting, organisation)),
    )


def materials_for(meeting: Meeting, *, organising: bool):
    from .models import Material

    materials = meeting.materials.all()
    if not organising:
        materials = materials.filter(audience=Material.Audience.PARTICIPANTS)
    return materials


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
    progress = task_progress(list({m.pk: m for m in next_for.values()}.values()), org_ids)
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


def calendar_events_for(user, *, base_url: str):
    """The person's meetings, and for each of their organisations its presentation deadline."""
    from datetime import timedelta

    from django.urls import reverse

    from .calendar import CalendarEvent

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
        url = base_url + reverse("meeting_detail", args=[meeting.pk])
        location = ", ".join(part for part in [meeting.venue, meeting.remote_link] if part)
        events.append(
            CalendarEvent(
                uid=f"meeting-{meeting.pk}@jamstalldhetsportalen",
                summary=meeting.title,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                description=meeting.agenda,
                location=location,
                url=url,
                sequence=meeting.sequence,
            )
        )
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
                    url=url,
                    sequence=meeting.sequence,
                )
            )
    return events


def final_presentations_for_zip(meeting_id: int) -> list[Presentation]:
    return list(
        Presentation.objects.filter(meeting_id=meeting_id, is_final=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


# --- Generated documents ------------------------------------------------------------------------


def agenda_items(meeting: Meeting):
    return meeting.agenda_items.order_by("starts_at", "position")


def _team(organisation: Organisation):
    from .documents.presentation import TeamMember

    return tuple(
        TeamMember(name=str(membership.user), role=str(membership.get_team_role_display()))
        for membership in core.organisation_team(organisation).filter(user__is_active=True)
    )


def _checklist_result(meeting: Meeting, organisation: Organisation):
    """The organisation's scores for the meeting's occasion, with the previous occasion's
    beside them (from BM2 on, when there is one in the same checklist version)."""
    from checklists.selectors import assessment_page

    from .documents.presentation import ChartItem, ChecklistResult

    enrolment = (
        Enrolment.objects.filter(organisation=organisation, cohort_id=meeting.cohort_id)
        .select_related("organisation", "cohort")
        .first()
    )
    if enrolment is None or not meeting.step.occasion:
        return None
    page = assessment_page(enrolment, meeting.step.occasion)
    if page is None or page.assessment is None or page.scored_count == 0:
        return None
    has_previous = page.previous is not None and bool(page.previous_scores)
    return ChecklistResult(
        occasion_label=str(page.occasion_label),
        previous_label=str(page.previous_label) if has_previous else "",
        status_label=str(page.assessment.get_status_display()),
        scale_max=page.data.scale.highest,
        scale_legend=", ".join(f"{value} = {label}" for value, label in page.data.scale.levels),
        items=tuple(
            ChartItem(
                number=row.item.number,
                title=row.item.short_title,
                score=row.current.score,
                previous=row.previous.score if has_previous and row.previous else None,
            )
            for row in page.rows
        ),
        total=page.total,
        previous_total=page.previous_total if has_previous else None,
        movement=page.total_movement if has_previous else None,
    )


def _stakeholder_points(meeting: Meeting, organisation: Organisation):
    """The analysis version of the meeting's occasion, else the latest one before it, else the
    latest there is."""
    from stakeholders.models import OCCASION_ORDER as ANALYSIS_ORDER
    from stakeholders.selectors import version_rows, versions_of

    from .documents.presentation import GridStakeholder

    versions = versions_of(organisation_id=organisation.pk, cohort_id=meeting.cohort_id)
    if not versions:
        return "", ()
    chosen = versions[-1]
    occasion = meeting.step.occasion
    if occasion in ANALYSIS_ORDER:
        earlier = [
            v
            for v in versions
            if ANALYSIS_ORDER.index(v.occasion) <= ANALYSIS_ORDER.index(occasion)
        ]
        chosen = earlier[-1] if earlier else chosen
    points = tuple(
        GridStakeholder(
            number=number, name=row.name, influence=row.influence, interest=row.interest
        )
        for number, row in enumerate(version_rows(chosen), start=1)
    )
    return str(chosen.get_occasion_display()), points


def meeting_template_data(meeting: Meeting, organisation: Organisation):
    """Everything the prefilled presentation shows, for one organisation only."""
    from .documents.presentation import MeetingTemplate

    meeting = Meeting.objects.select_related("step", "host", "cohort").get(pk=meeting.pk)
    stakeholders_label, stakeholders = _stakeholder_points(meeting, organisation)
    return MeetingTemplate(
        organisation_name=organisation.name,
        organisation_code=organisation.code,
        meeting_title=meeting.title,
        meeting_date=timezone.localtime(meeting.starts_at).date(),
        host_name=meeting.host.name if meeting.host else "",
        cohort_name=meeting.cohort.name,
        team=_team(organisation),
        occasion_label=str(meeting.step.get_occasion_display()) if meeting.step.occasion else "",
        checklist=_checklist_result(meeting, organisation),
        stakeholders_label=stakeholders_label,
        stakeholders=stakeholders,
        reflection_questions=tuple(
            task.title
            for task in meeting.tasks.filter(kind=StepTask.Kind.REFLECTION).order_by("position")
        ),
    )


def _key_figure_rows(organisation: Organisation) -> tuple:
    from django.template.defaultfilters import floatformat

    from portal.keyfigures import organisation_latest_key_figures

    from .documents.presentation import KeyFigureRow

    def text(cell) -> str:
        return (cell.status or "–") if cell.missing else floatformat(cell.value, "-2")

    return tuple(
        KeyFigureRow(
            title=figure.title,
            women=text(figure.women),
            men=text(figure.men),
            total=text(figure.total),
            year=figure.year,
        )
        for figure in organisation_latest_key_figures(organisation)
    )


def organisation_facts_data(meeting: Meeting, organisation: Organisation):
    from .documents.presentation import OrganisationFacts

    meeting = Meeting.objects.select_related("cohort").get(pk=meeting.pk)
    enrolment = (
        Enrolment.objects.filter(organisation=organisation, cohort_id=meeting.cohort_id)
        .select_related("cluster")
        .first()
    )
    return OrganisationFacts(
        organisation_name=organisation.name,
        organisation_code=organisation.code,
        organisation_kind=str(organisation.get_kind_display()),
        cohort_name=meeting.cohort.name,
        cluster_name=enrolment.cluster.name if enrolment and enrolment.cluster else "",
        meeting_title=meeting.title,
        meeting_date=timezone.localtime(meeting.starts_at).date(),
        team=_team(organisation),
        key_figures=(
            _("Inhabitants"),
            _("Employees"),
            _("Managers"),
            _("Elected representatives"),
            _("Sick leave (%)"),
        ),
        key_figure_rows=_key_figure_rows(organisation),
    )


def agenda_document(meeting: Meeting):
    from .documents.agenda import AgendaDocument, AgendaLine

    meeting = Meeting.objects.select_related("step", "host", "cohort", "cluster").get(pk=meeting.pk)
    return AgendaDocument(
        meeting_title=meeting.title,
        step_title=meeting.step.title,
        cohort_name=meeting.cohort.name,
        audience=meeting.cluster.name if meeting.cluster else _("the whole cohort"),
        starts_at=timezone.localtime(meeting.starts_at),
        ends_at=timezone.localtime(meeting.ends_at),
        host_name=meeting.host.name if meeting.host else "",
        venue=meeting.venue,
        accessibility=meeting.accessibility,
        remote_link=meeting.remote_link,
        introduction=meeting.agenda,
        items=tuple(
            AgendaLine(
                time=item.starts_at.strftime("%H:%M"),
                title=item.title,
                owner=item.owner,
                notes=item.notes,
            )
            for item in agenda_items(meeting)
        ),
    )


@dataclass
class TemplateBatchRow:
    organisation: Organisation
    generated: object  # portal.models.GeneratedFile


def template_batch(meeting: Meeting, file_ids: list[int]) -> list[TemplateBatchRow]:
    """The prefilled templates queued together for a meeting, one row per organisation."""
    from portal.models import GeneratedFile

    files = list(
        GeneratedFile.objects.filter(
            pk__in=file_ids, kind="meeting_template", parameters__meeting=meeting.pk
        )
    )
    invited = invited_organisations(meeting).in_bulk()
    rows = [
        TemplateBatchRow(organisation=invited[file.parameters["organisation"]], generated=file)
        for file in files
        if file.parameters.get("organisation") in invited
    ]
    return sorted(rows, key=lambda row: row.organisation.name)


# --- After the meeting --------------------------------------------------------------------------


@dataclass
class FeedbackRow:
    organisation: Organisation
    latest: Feedback | None
    released: Feedback | None

    @property
    def has_draft(self) -> bool:
        return self.latest is not None and not self.latest.is_released


@dataclass
class FeedbackOverview:
    summary: FeedbackRow
    rows: list[FeedbackRow]

    @property
    def drafts(self) -> int:
        return sum(row.has_draft for row in [self.summary, *self.rows])


def _feedback_row(organisation, versions) -> FeedbackRow:
    versions = sorted(versions, key=lambda f: -f.version)
    released = next((f for f in versions if f.is_released), None)
    return FeedbackRow(organisation, versions[0] if versions else None, released)


def feedback_overview(meeting: Meeting) -> FeedbackOverview:
    """Every organisation of the meeting with its newest and its newest released feedback, in
    two queries however many organisations take part."""
    organisations = list(invited_organisations(meeting))
    by_organisation = defaultdict(list)
    for feedback in Feedback.objects.filter(meeting=meeting).select_related("written_by"):
        by_organisation[feedback.organisation_id].append(feedback)
    return FeedbackOverview(
        summary=_feedback_row(None, by_organisation[None]),
        rows=[_feedback_row(org, by_organisation[org.pk]) for org in organisations],
    )


def released_feedback(meeting: Meeting, organisation: Organisation):
    """What the organisation may read: its newest released version, or None."""
    return (
        Feedback.objects.filter(
            meeting=meeting, organisation=organisation, released_at__isnull=False
        )
        .order_by("-version")
        .first()
    )


def released_feedback_for_organisation(organisation: Organisation) -> list:
    """The newest released feedback of each meeting, for the organisation's page."""
    newest = {}
    for feedback in (
        Feedback.objects.filter(organisation=organisation, released_at__isnull=False)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-version")
    ):
        newest.setdefault(feedback.meeting_id, feedback)
    return list(newest.values())


def evaluation_participants(meeting: Meeting):
    return User.objects.filter(
        memberships__organisation__in=invited_organisations(meeting), is_active=True
    ).distinct()


def evaluation_non_responders(meeting: Meeting):
    answered = EvaluationAnswered.objects.filter(meeting=meeting).values("person_id")
    return evaluation_participants(meeting).exclude(pk__in=answered).order_by("email")


def has_answered_evaluation(user, meeting: Meeting) -> bool:
    return EvaluationAnswered.objects.filter(meeting=meeting, person=user).exists()


@dataclass
class EvaluationComment:
    text: str
    respondent: str  # empty on an anonymous evaluation


@dataclass
class EvaluationResults:
    invited: int
    answers: int
    averages: dict[str, float | None]
    comments: list[EvaluationComment]
    anonymous: bool


RATING_FIELDS = ("overall", "usefulness", "arrangements")


def evaluation_results(meeting: Meeting) -> EvaluationResults:
    """Counts, averages and every comment. On an anonymous meeting no name leaves this
    function, so no page can show one."""
    answers = EvaluationResponse.objects.filter(meeting=meeting)
    averages = answers.aggregate(**{field: Avg(field) for field in RATING_FIELDS})
    with_text = answers.exclude(comment="")
    if meeting.evaluation_anonymous:
        # Submission order could tell who wrote what; shuffle it away deterministically.
        comments = [
            EvaluationComment(text=text, respondent="")
            for text in sorted(with_text.values_list("comment", flat=True))
        ]
    else:
        comments = [
            EvaluationComment(text=text, respondent=name or email or "")
            for text, email, name in with_text.order_by("pk").values_list(
                "comment", "respondent__email", "respondent__full_name"
            )
        ]
    return EvaluationResults(
        invited=evaluation_participants(meeting).count(),
        answers=answers.count(),
        averages={k: (round(v, 1) if v is not None else None) for k, v in averages.items()},
        comments=comments,
        anonymous=meeting.evaluation_anonymous,
    )


def organiser_tasks(meeting: Meeting):
    return OrganiserTask.objects.filter(meeting=meeting).select_related("done_by", "meeting")


def overdue_organiser_tasks(user, *, now: datetime | None = None, limit: int = 50) -> list:
    """Open items of the organiser's meetings whose due date has passed, oldest first."""
    from .checklist_template import ORGANISER_TASK_TEMPLATE

    now = now or timezone.now()
    earliest_offset = min(days for _code, _phase, days in ORGANISER_TASK_TEMPLATE)
    tasks = (
        OrganiserTask.objects.filter(
            meeting__in=meetings_organised_by(user).values("pk"),
            meeting__starts_at__lt=now - timedelta(days=earliest_offset - 1),
            done_at__isnull=True,
        )
        .exclude(meeting__status=Meeting.Status.CLOSED)
        .select_related("meeting")
    )
    overdue = [task for task in tasks if task.due < now]
    overdue.sort(key=lambda task: task.due)
    return overdue[:limit]


def improvement_efforts_of(organisation: Organisation) -> QuerySet[ImprovementEffort]:
    return (
        ImprovementEffort.objects.filter(organisation=organisation)
        .select_related("report_meeting")
        .prefetch_related("checklist_items")
    )


def meetings_of_organisation(organisation: Organisation) -> QuerySet[Meeting]:
    enrolments = Enrolment.objects.filter(organisation=organisation)
    return Meeting.objects.filter(
        Q(cluster__isnull=True, cohort_id__in=enrolments.values("cohort_id"))
        | Q(cluster_id__in=enrolments.values("cluster_id"))
    ).order_by("starts_at")


def checklist_item_choices():
    from checklists.models import ChecklistItem
    from checklists.selectors import default_version

    version = default_version()
    return ChecklistItem.objects.filter(version=version).order_by("number")
