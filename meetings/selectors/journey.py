"""An organisation's journey through the programme's steps (start-up, BM1, work at home, BM2, …,
results conference): which steps are behind it, which one it is in now and which are to come,
read from the meetings it is invited to. The steps are data (meetings.models.Step, or the
cohort's own copy of the programme), in the order of their position. The home page shows the
short form; the journey page each step in full."""

from dataclasses import dataclass, replace
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from portal.i18n import localized
from portal.models import Cohort, Enrolment, Membership, Organisation
from portal.selectors import organisations_visible_to

from ..models import Extension, ImprovementEffort, Meeting, Step
from ..programme import STEP_FIELDS, cohort_programme
from .preparation import Preparation, preparations

STEP_DONE = "done"
STEP_CURRENT = "current"
STEP_UPCOMING = "upcoming"


@dataclass(frozen=True)
class JourneyStep:
    step: Step
    state: str  # STEP_DONE, STEP_CURRENT or STEP_UPCOMING
    meeting: Meeting | None  # the organisation's meeting of this step, if one is scheduled


@dataclass(frozen=True)
class Journey:
    organisation: Organisation
    cohort: Cohort
    steps: list[JourneyStep]

    @property
    def current(self) -> JourneyStep | None:
        return next((step for step in self.steps if step.state == STEP_CURRENT), None)


STEPS_CACHE_KEY = "meetings:programme-steps"


def programme_steps() -> list[Step]:
    """The programme's steps, from the shared cache: every home page shows them and they change
    only in the programme editor or the seed (a saved or deleted Step empties the cache)."""
    steps = cache.get(STEPS_CACHE_KEY)
    if steps is None:
        steps = list(Step.objects.order_by("position"))
        cache.set(STEPS_CACHE_KEY, steps, timeout=600)
    return steps


def forget_programme_steps(**_kwargs) -> None:
    """Empty the steps' cache now and once the change is committed (a reader in between may
    have filled it with what the transaction had not yet committed)."""
    cache.delete(STEPS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(STEPS_CACHE_KEY))


def invited(meeting: Meeting, enrolment: Enrolment) -> bool:
    return meeting.cohort_id == enrolment.cohort_id and (
        meeting.cluster_id is None or meeting.cluster_id == enrolment.cluster_id
    )


def journey_steps(steps: list[Step], meetings: list[Meeting], now: datetime) -> list[JourneyStep]:
    """A step is done once a meeting of it, or of a later step, has been held. The current step
    is the work at home between the last meeting held and the next one, or else the next
    meeting's step: a meeting step before it that was never scheduled here (a start-up held
    before the portal was used) counts as done. Without a next meeting, the step after the last
    one held is the current one. A step's meeting is its next one not yet over, else the last
    one held."""
    done_up_to = max((m.step.position for m in meetings if m.is_over(now)), default=0)
    coming = [m.step.position for m in meetings if not m.is_over(now)]
    next_at = min((p for p in coming if p > done_up_to), default=None)
    current = None
    for step in steps:
        if step.position <= done_up_to:
            continue
        if next_at is None or step.kind == Step.Kind.HOME or step.position >= next_at:
            current = step.position
            break
    by_step: dict[int, Meeting] = {}
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        shown = by_step.get(meeting.step_id)
        if shown is None or shown.is_over(now):
            by_step[meeting.step_id] = meeting
    result = []
    for step in steps:
        if current is None or step.position < current:
            state = (
                STEP_DONE if current is not None or step.position <= done_up_to else STEP_UPCOMING
            )
        elif step.position == current:
            state = STEP_CURRENT
        else:
            state = STEP_UPCOMING
        result.append(JourneyStep(step=step, state=state, meeting=by_step.get(step.pk)))
    return result


def journeys_of(
    memberships: list[Membership], meetings: list[Meeting], steps: list[Step], now: datetime
) -> list[Journey]:
    """One journey per organisation of the person and cohort still running (its end date not
    passed), newest cohort first. `memberships` have their enrolments read
    (portal.selectors.user_memberships); `meetings` are the published meetings of those cohorts:
    no query here."""
    if not steps:
        return []
    today = timezone.localdate(now)
    journeys = []
    for membership in memberships:
        organisation = membership.organisation
        for enrolment in getattr(organisation, "enrolment_list", []):
            if enrolment.cohort.ends_on < today:
                continue
            own = [meeting for meeting in meetings if invited(meeting, enrolment)]
            # Told as the journey page tells it: a meeting step behind the organisation
            # that was never scheduled here is "not scheduled", not done.
            told = [
                replace(item, state=page_state(item.step, item.state, item.meeting, now))
                for item in journey_steps(steps, own, now)
            ]
            journeys.append(Journey(organisation=organisation, cohort=enrolment.cohort, steps=told))
    return journeys


# --- The organisation's journey page: every step with its purpose, meeting, tasks and work ---

STEP_NOT_SCHEDULED = "not_scheduled"  # a meeting step behind the organisation never scheduled
MEETING_KINDS = frozenset({Step.Kind.STARTUP, Step.Kind.MEETING, Step.Kind.CONFERENCE})


@dataclass(frozen=True)
class ProgrammeStep:
    """A step as the cohort runs it: from the cohort's own copy of the programme when it has
    one (so a later change of the template does not show up here), else from the Step row.
    `pk` is the Step row of the same code, which the cohort's meetings point to."""

    pk: int | None
    code: str
    position: int
    kind: str
    title_sv: str
    title_en: str = ""
    summary_sv: str = ""
    summary_en: str = ""
    goals_sv: str = ""
    goals_en: str = ""
    source_url: str = ""
    task_titles: tuple[tuple[str, str], ...] = ()  # (Swedish, English) per preparation task

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def goals(self) -> list[str]:
        return [line.strip() for line in localized(self, "goals").splitlines() if line.strip()]

    @property
    def tasks(self) -> list[str]:
        english = (get_language() or "sv").startswith("en")
        return [(en if english and en else sv) for sv, en in self.task_titles]

    @property
    def is_home(self) -> bool:
        return self.kind == Step.Kind.HOME


def _from_row(step: Step) -> ProgrammeStep:
    return ProgrammeStep(
        pk=step.pk,
        code=step.code,
        position=step.position,
        kind=step.kind,
        title_sv=step.title_sv,
        title_en=step.title_en,
        summary_sv=step.summary_sv,
        summary_en=step.summary_en,
        goals_sv=step.goals_sv,
        goals_en=step.goals_en,
        source_url=step.source_url,
        task_titles=tuple((task.title_sv, task.title_en) for task in step.tasks.all()),
    )


def _from_snapshot(code: str, data: dict, rows: dict[str, Step]) -> ProgrammeStep:
    """A step of the cohort's copy (meetings.programme.programme_snapshot: keyed by code, the
    kind left to the Step row of that code, which does not change)."""
    row = rows.get(code)
    return ProgrammeStep(
        pk=row.pk if row else None,
        code=code,
        position=int(data.get("position") or (row.position if row else 0)),
        kind=row.kind if row else Step.Kind.MEETING,
        task_titles=tuple(
            (task.get("title_sv") or "", task.get("title_en") or "")
            for task in data.get("tasks") or []
        ),
        **{field: data.get(field) or "" for field in SNAPSHOT_TEXT_FIELDS},
    )


SNAPSHOT_TEXT_FIELDS = ("title_sv", "title_en", *STEP_FIELDS)


def cohort_steps(cohort: Cohort) -> list[ProgrammeStep]:
    """The cohort's steps in order, with their preparation tasks: its own copy of the programme
    when it has one, the programme's Step rows otherwise (three queries)."""
    rows = list(Step.objects.order_by("position").prefetch_related("tasks"))
    copy = cohort_programme(cohort)
    entries = (copy.snapshot or {}).get("steps") if copy else None
    if not entries:
        return [_from_row(step) for step in rows]
    by_code = {step.code: step for step in rows}
    steps = [_from_snapshot(code, data, by_code) for code, data in entries.items()]
    return sorted(steps, key=lambda step: step.position)


@dataclass(frozen=True)
class JourneyPageStep:
    """One step on the journey page: its state, its meeting here, the preparation for that
    meeting (tasks and their status, as the board counts them) and, for work at home, the
    organisation's improvement efforts."""

    step: ProgrammeStep
    state: str  # STEP_DONE, STEP_CURRENT, STEP_UPCOMING or STEP_NOT_SCHEDULED
    meeting: Meeting | None
    deadline: datetime | None
    preparation: Preparation | None
    efforts: list[ImprovementEffort]


@dataclass(frozen=True)
class OrganisationJourney:
    organisation: Organisation
    enrolment: Enrolment
    steps: list[JourneyPageStep]
    now: datetime

    @property
    def cohort(self) -> Cohort:
        return self.enrolment.cohort

    @property
    def current(self) -> JourneyPageStep | None:
        return next((item for item in self.steps if item.state == STEP_CURRENT), None)

    @property
    def next(self) -> JourneyPageStep | None:
        """The step after the current one (the first one, before anything has started)."""
        current = self.current
        after = [
            item
            for item in self.steps
            if item.state == STEP_UPCOMING
            and (current is None or item.step.position > current.step.position)
        ]
        return after[0] if after else None


def page_state(step: ProgrammeStep, state: str, meeting: Meeting | None, now: datetime) -> str:
    """The home page's state, told more exactly: a meeting step counts as done only once its
    meeting here is over; one behind the organisation that was never scheduled is said to be
    so rather than done."""
    if state != STEP_DONE or step.kind not in MEETING_KINDS:
        return state
    if meeting is None:
        return STEP_NOT_SCHEDULED
    return STEP_DONE if meeting.is_over(now) else STEP_UPCOMING


def organisation_enrolment(organisation: Organisation) -> Enrolment | None:
    """The organisation's newest enrolment as a benchmarking organisation (one query)."""
    return (
        Enrolment.objects.filter(organisation=organisation, role=Enrolment.Role.BENCHMARKING)
        .select_related("cohort", "cluster")
        .order_by("-cohort__starts_on", "-pk")
        .first()
    )


def _journey_meetings(enrolment: Enrolment) -> list[Meeting]:
    """The published meetings the organisation is invited to in the cohort (not drafts, not
    cancelled ones), oldest first."""
    return [
        meeting
        for meeting in Meeting.objects.filter(cohort_id=enrolment.cohort_id)
        .exclude(status__in=[Meeting.Status.DRAFT, Meeting.Status.CANCELLED])
        .select_related("step", "cohort")
        .order_by("starts_at")
        if invited(meeting, enrolment)
    ]


def _deadlines(meetings: list[Meeting], organisation: Organisation) -> dict[int, datetime]:
    """Each meeting's deadline for the organisation, its extension included (one query)."""
    extended = {
        extension.meeting_id: timezone.localtime(extension.deadline)
        for extension in Extension.objects.filter(meeting__in=meetings, organisation=organisation)
    }
    return {meeting.pk: extended.get(meeting.pk, meeting.deadline) for meeting in meetings}


def _efforts_by_step(
    organisation: Organisation, steps: list[ProgrammeStep]
) -> dict[str, list[ImprovementEffort]]:
    """The improvement efforts of the organisation under the home step where they are worked
    on: the one before the meeting they are reported at, else the home step after the last
    meeting held (one query)."""
    efforts = list(
        ImprovementEffort.objects.filter(organisation=organisation)
        .select_related("report_meeting__step")
        .order_by("title", "pk")
    )
    home = [step for step in steps if step.is_home]
    result: dict[str, list[ImprovementEffort]] = {step.code: [] for step in home}
    if not home:
        return result
    for effort in efforts:
        report = effort.report_meeting
        before = [
            step for step in home if report is not None and step.position < report.step.position
        ]
        result[(before[-1] if before else home[0]).code].append(effort)
    return result


def organisation_journey(
    organisation: Organisation, *, now: datetime | None = None
) -> OrganisationJourney | None:
    """The organisation's journey in its newest cohort, or None when it is enrolled in none.
    A fixed number of queries whatever the number of steps, meetings, tasks or efforts."""
    now = now or timezone.now()
    enrolment = organisation_enrolment(organisation)
    if enrolment is None:
        return None
    steps = cohort_steps(enrolment.cohort)
    meetings = _journey_meetings(enrolment)
    shown = {item.step.pk: item for item in journey_steps(steps, meetings, now)}
    prepared = preparations(meetings, [organisation.pk]) if meetings else {}
    deadlines = _deadlines(meetings, organisation) if meetings else {}
    efforts = _efforts_by_step(organisation, steps)
    items = []
    for step in steps:
        item = shown.get(step.pk)
        meeting = item.meeting if item else None
        state = item.state if item else STEP_UPCOMING
        items.append(
            JourneyPageStep(
                step=step,
                state=page_state(step, state, meeting, now),
                meeting=meeting,
                deadline=deadlines.get(meeting.pk) if meeting else None,
                preparation=prepared.get((meeting.pk, organisation.pk)) if meeting else None,
                efforts=efforts.get(step.code, []) if step.is_home else [],
            )
        )
    return OrganisationJourney(organisation=organisation, enrolment=enrolment, steps=items, now=now)


def journey_choices(user, *, today=None) -> list[Enrolment]:
    """The organisations whose journey the person may open, in cohorts still running: their
    own, those they mentor and those of the cohorts they organise (one query)."""
    today = today or timezone.localdate()
    return list(
        Enrolment.objects.filter(
            role=Enrolment.Role.BENCHMARKING,
            cohort__ends_on__gte=today,
            organisation__in=organisations_visible_to(user),
        )
        .select_related("organisation", "cohort", "cluster")
        .order_by("-cohort__starts_on", "cohort__name", "organisation__name")
    )
