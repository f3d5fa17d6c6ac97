"""An organisation's preparation tasks for a meeting: each one done, missing or late, ticked by
hand or proven by the work itself, and the one rule for who is behind. The meeting page, the
organisers' board and the reminders all read it from here, so they cannot disagree."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import CharField, F, IntegerField, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from checklists.selectors import submitted_assessments
from stakeholders.selectors import updated_versions

from ..models import Meeting, MeetingTask, Presentation, StepTask, TaskCompletion
from .answers import given_answers, question_sets_done

# Tasks the work itself completes, so they cannot be ticked by hand: the self-assessment is
# done when it is submitted for the meeting's occasion, the stakeholder analysis when its
# version for the occasion is updated (or marked up to date), the presentation when the final
# version came in before the organisation's effective deadline (extensions included), the
# structured answers when every required question of the task's question set has an answer.
DERIVED_KINDS = frozenset(
    {
        StepTask.Kind.SELF_ASSESSMENT,
        StepTask.Kind.STAKEHOLDERS,
        StepTask.Kind.PRESENTATION,
        StepTask.Kind.ANSWERS,
    }
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


def _proofs(
    meetings: list[Meeting],
    tasks: dict[int, list[MeetingTask]],
    organisation_ids: list[int] | QuerySet,
) -> tuple[dict[tuple[int, int], set[str]], dict[tuple[int, int], set[str]]]:
    """What the work itself proves, in one query however many meetings and organisations:
    the submitted self-assessments and up-to-date stakeholder analyses per (meeting,
    organisation), and the complete question sets per (cohort, organisation). The three
    sources are read together (UNION ALL of rows of one shape: kind, cohort, occasion,
    organisation, question set, question)."""
    text = CharField()
    occasions = {(m.cohort_id, m.step.occasion) for m in meetings if m.step.occasion}
    parts = []
    for cohort_id, occasion in sorted(occasions):
        scope = {"cohort_id": cohort_id, "occasion": occasion, "organisation_ids": organisation_ids}
        constants = {
            "c": Value(cohort_id, output_field=IntegerField()),
            "o": Value(occasion, output_field=text),
            "qs": Value("", output_field=text),
            "qk": Value("", output_field=text),
        }
        parts.append(
            submitted_assessments(**scope)
            .annotate(kind=Value(StepTask.Kind.SELF_ASSESSMENT, output_field=text), **constants)
            .values_list("kind", "c", "o", "organisation_id", "qs", "qk")
        )
        parts.append(
            updated_versions(**scope)
            .annotate(
                kind=Value(StepTask.Kind.STAKEHOLDERS, output_field=text),
                org=F("analysis__organisation_id"),
                **constants,
            )
            .values_list("kind", "c", "o", "org", "qs", "qk")
        )
    answer_cohorts = {
        meeting.cohort_id
        for meeting in meetings
        if any(task.kind == StepTask.Kind.ANSWERS for task in tasks[meeting.pk])
    }
    if answer_cohorts:
        parts.append(
            given_answers(answer_cohorts, organisation_ids)
            .annotate(
                kind=Value(StepTask.Kind.ANSWERS, output_field=text),
                o=Value("", output_field=text),
            )
            .values_list("kind", "cohort_id", "o", "organisation_id", "question_set", "question")
        )
    if not parts:
        return {}, {}
    rows = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
    finished: dict[tuple[int, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    answers = []
    for kind, cohort_id, occasion, organisation_id, code, key in rows:
        if kind == StepTask.Kind.ANSWERS:
            answers.append((cohort_id, organisation_id, code, key))
        else:
            finished[(cohort_id, occasion)][kind].add(organisation_id)
    derived: dict[tuple[int, int], set[str]] = defaultdict(set)
    for meeting in meetings:
        for kind, org_ids in finished.get((meeting.cohort_id, meeting.step.occasion), {}).items():
            for org_id in org_ids:
                derived[(meeting.pk, org_id)].add(kind)
    return derived, question_sets_done(answers)


def _tasks_of(meetings: list[Meeting]) -> dict[int, list[MeetingTask]]:
    """Each meeting's tasks in order: the ones already prefetched with the meetings (the
    meeting page has them, meetings_with_tasks), else one query."""
    if meetings and all("tasks" in getattr(m, "_prefetched_objects_cache", {}) for m in meetings):
        return {meeting.pk: list(meeting.tasks.all()) for meeting in meetings}
    tasks: dict[int, list[MeetingTask]] = defaultdict(list)
    for task in MeetingTask.objects.filter(meeting__in=meetings).order_by("meeting", "position"):
        tasks[task.meeting_id].append(task)
    return tasks


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
    who_ticked: bool = True,
    organisations_query: QuerySet | None = None,
) -> dict[tuple[int, int], Preparation]:
    """Every task's state per (meeting, organisation), in a fixed number of queries whatever
    the number of organisations: the tasks, the ticks, the final presentations (unless the
    caller already has them), and one for what the work proves (self-assessments,
    stakeholder analyses and structured answers together). Without `who_ticked` (the board:
    hundreds of organisations, no "done by" shown) a ticked task's state carries no
    completion, only its status. `organisations_query`, the same organisations as a query of
    their ids, filters the queries with one subquery instead of hundreds of ids (each sent
    and converted as a parameter)."""
    meetings = list(meetings)
    organisation_ids = list(organisation_ids)
    wanted = organisation_ids if organisations_query is None else organisations_query
    if finals is None:
        finals = Presentation.objects.filter(
            meeting__in=meetings, organisation_id__in=wanted, is_final=True
        )
    tasks = _tasks_of(meetings)
    completions = TaskCompletion.objects.filter(
        task__meeting__in=meetings, organisation_id__in=wanted
    )
    ticks: dict[tuple[int, int], TaskCompletion | None] = (
        {
            (completion.task_id, completion.organisation_id): completion
            for completion in completions.select_related("done_by")
        }
        if who_ticked
        else dict.fromkeys(completions.values_list("task_id", "organisation_id"))
    )
    finals_by_key = {(final.meeting_id, final.organisation_id): final for final in finals}
    derived, answered = _proofs(meetings, tasks, wanted)
    shared: dict[tuple[int, str, bool], TaskState] = {}

    def state(task: MeetingTask, status: str, *, derived: bool, completion=None) -> TaskState:
        """A state without a completion is a plain value: one (frozen) instance per task and
        status serves every organisation."""
        if completion is not None:
            return TaskState(task, status, derived=derived, completion=completion)
        key = (id(task), status, derived)  # the task instances live as long as this call
        found = shared.get(key)
        if found is None:
            found = shared[key] = TaskState(task, status, derived=derived)
        return found

    result = {}
    for meeting in meetings:
        meeting_pk = meeting.pk  # read once, not per organisation (a property each time)
        for org_id in organisation_ids:
            final = finals_by_key.get((meeting_pk, org_id))
            proven = derived.get((meeting_pk, org_id), set())
            states = []
            for task in tasks[meeting_pk]:
                if task.kind == StepTask.Kind.PRESENTATION:
                    states.append(state(task, _presentation_status(final), derived=True))
                elif task.kind == StepTask.Kind.ANSWERS:
                    complete = task.question_set in answered.get((meeting.cohort_id, org_id), ())
                    states.append(
                        state(task, TASK_DONE if complete else TASK_MISSING, derived=True)
                    )
                elif task.kind in DERIVED_KINDS:
                    status = TASK_DONE if task.kind in proven else TASK_MISSING
                    states.append(state(task, status, derived=True))
                else:
                    key = (task.pk, org_id)
                    status = TASK_DONE if key in ticks else TASK_MISSING
                    states.append(state(task, status, derived=False, completion=ticks.get(key)))
            result[(meeting_pk, org_id)] = Preparation(tasks=states, final=final)
    return result
