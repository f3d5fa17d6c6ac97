"""An organisation's preparation tasks for a meeting: each one done, missing or late, ticked by
hand or proven by the work itself, and the one rule for who is behind. The meeting page, the
organisers' board and the reminders all read it from here, so they cannot disagree."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from checklists.selectors import submitted_organisation_ids
from stakeholders.selectors import updated_organisation_ids

from ..models import Meeting, MeetingTask, Presentation, StepTask, TaskCompletion

# Tasks the work itself completes, so they cannot be ticked by hand: the self-assessment is
# done when it is submitted for the meeting's occasion, the stakeholder analysis when its
# version for the occasion is updated (or marked up to date), the presentation when the final
# version came in before the organisation's effective deadline (extensions included).
DERIVED_KINDS = frozenset(
    {StepTask.Kind.SELF_ASSESSMENT, StepTask.Kind.STAKEHOLDERS, StepTask.Kind.PRESENTATION}
)

TASK_DONE = "done"
TASK_MISSING = "missing"
TASK_LATE = "late"  # the presentation came in, but after the deadline
TASK_STATUS_CHOICES = [(TASK_DONE, _("Done")), (TASK_MISSING, _("Missing")), (TASK_LATE, _("Late"))]


@dataclass(frozen=True)
class TaskState:
    task: MeetingTask
    status: str
    derived: bool  # proven by the work itself (e.g. a submitted self-assessment), not a tick
    completion: TaskCompletion | None = None

    @property
    def done(self) -> bool:
        return self.status == TASK_DONE


@dataclass(frozen=True)
class Preparation:
    """One organisation's preparation for one meeting."""

    tasks: list[TaskState]
    final: Presentation | None

    @property
    def done(self) -> int:
        return sum(state.done for state in self.tasks)

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def missing(self) -> list[TaskState]:
        return [state for state in self.tasks if state.status == TASK_MISSING]

    @property
    def is_behind(self) -> bool:
        """Behind: a task is still missing, or no presentation has come in at all. A
        presentation that came in late is handed in, so it no longer makes anyone behind."""
        return self.final is None or bool(self.missing)


def _derived_done(
    meetings: list[Meeting], organisation_ids: list[int]
) -> dict[tuple[int, int], set[str]]:
    """The self-assessment and stakeholder tasks the work has completed, per (meeting,
    organisation): two queries per cohort and occasion among the meetings."""
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


def _presentation_status(final: Presentation | None) -> str:
    # is_late is decided against the effective deadline (extension included) when the version
    # is uploaded or made final, so it is the fact this task follows.
    if final is None:
        return TASK_MISSING
    return TASK_LATE if final.is_late else TASK_DONE


def preparations(
    meetings: Iterable[Meeting],
    organisation_ids: Iterable[int],
    *,
    finals: Iterable[Presentation] | None = None,
) -> dict[tuple[int, int], Preparation]:
    """Every task's state per (meeting, organisation), in a fixed number of queries whatever
    the number of organisations: the tasks, the ticks, the final presentations (unless the
    caller already has them), and two per cohort and occasion for the self-assessments and
    stakeholder analyses."""
    meetings = list(meetings)
    organisation_ids = list(organisation_ids)
    if finals is None:
        finals = Presentation.objects.filter(
            meeting__in=meetings, organisation_id__in=organisation_ids, is_final=True
        )
    tasks: dict[int, list[MeetingTask]] = defaultdict(list)
    for task in MeetingTask.objects.filter(meeting__in=meetings).order_by("meeting", "position"):
        tasks[task.meeting_id].append(task)
    ticks = {
        (completion.task_id, completion.organisation_id): completion
        for completion in TaskCompletion.objects.filter(
            task__meeting__in=meetings, organisation_id__in=organisation_ids
        ).select_related("done_by")
    }
    finals_by_key = {(final.meeting_id, final.organisation_id): final for final in finals}
    derived = _derived_done(meetings, organisation_ids)
    result = {}
    for meeting in meetings:
        for org_id in organisation_ids:
            final = finals_by_key.get((meeting.pk, org_id))
            proven = derived.get((meeting.pk, org_id), set())
            states = []
            for task in tasks[meeting.pk]:
                if task.kind == StepTask.Kind.PRESENTATION:
                    states.append(TaskState(task, _presentation_status(final), derived=True))
                elif task.kind in DERIVED_KINDS:
                    status = TASK_DONE if task.kind in proven else TASK_MISSING
                    states.append(TaskState(task, status, derived=True))
                else:
                    tick = ticks.get((task.pk, org_id))
                    status = TASK_DONE if tick else TASK_MISSING
                    states.append(TaskState(task, status, derived=False, completion=tick))
            result[(meeting.pk, org_id)] = Preparation(tasks=states, final=final)
    return result
