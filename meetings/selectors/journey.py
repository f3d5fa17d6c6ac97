"""An organisation's journey through the programme's steps (start-up, BM1, work at home, BM2, …,
results conference): which steps are behind it, which one it is in now and which are to come,
read from the meetings it is invited to. The steps are data (meetings.models.Step), in the
order of their position."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from portal.models import Cohort, Enrolment, Membership, Organisation

from ..models import Meeting, Step

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


def programme_steps() -> list[Step]:
    return list(Step.objects.order_by("position"))


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
            journeys.append(
                Journey(
                    organisation=organisation,
                    cohort=enrolment.cohort,
                    steps=journey_steps(steps, own, now),
                )
            )
    return journeys
