"""An organisation's preparation for a meeting: its tasks, its deadline and its presentations,
and who may read which presentation."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from checklists.selectors import submitted_organisation_ids
from portal import selectors as core
from portal.models import Organisation
from stakeholders.selectors import updated_organisation_ids

from ..models import Extension, Meeting, MeetingTask, Presentation, StepTask, TaskCompletion
from .meetings import meetings_organised_by, meetings_visible_to


def effective_deadline(meeting: Meeting, organisation: Organisation) -> datetime:
    extension = Extension.objects.filter(meeting=meeting, organisation=organisation).first()
    return timezone.localtime(extension.deadline) if extension else meeting.deadline


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
