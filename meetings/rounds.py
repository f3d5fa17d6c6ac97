"""Starting a round: the cohort with its copy of the programme, and its meetings proposed from
the programme's steps.

The portal sets up the cohort, its clusters and its enrolments (portal.rounds); what depends on
the programme lives here, as the portal does not know the steps. A new round adopts the
programme template, or the programme of an earlier round it copies (with that round's cluster
names, not its organisations). Its meetings are proposed one per meeting step and cluster, the
start-up and the results conference once for the whole round, with dates spaced from the
round's start; the office adjusts them before they are created as drafts."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from portal import rounds as portal_rounds
from portal.models import Cluster, Cohort, User

from .models import Meeting, Step
from .services import meeting_create

# Weeks from the round's start: the start-up first, then a benchmarking meeting every
# fourteen weeks from week six (room for the work at home between them), the results
# conference twelve weeks after the last meeting.
FIRST_MEETING_WEEK = 6
WEEKS_BETWEEN_MEETINGS = 14
CONFERENCE_WEEKS_AFTER = 12
DAY_STARTS = time(9, 30)
DAY_ENDS = time(16, 0)
PROPOSED_KINDS = (Step.Kind.STARTUP, Step.Kind.MEETING, Step.Kind.CONFERENCE)


def round_create(
    *,
    name: str,
    starts_on: date,
    ends_on: date,
    by: User,
    description: str = "",
    source_cohort: Cohort | None = None,
) -> Cohort:
    """A new round with its programme: a copy of the template, or of the earlier round's
    programme and cluster names. All or nothing."""
    from .programme import cohort_adopt_template

    with transaction.atomic():
        cohort = portal_rounds.cohort_create(
            name=name, starts_on=starts_on, ends_on=ends_on, description=description, by=by
        )
        if source_cohort is not None:
            portal_rounds.clusters_copy(cohort=cohort, source_cohort=source_cohort, by=by)
        cohort_adopt_template(cohort=cohort, by=by, source_cohort=source_cohort)
    return cohort


@dataclass
class MeetingProposal:
    step: Step
    cluster: Cluster | None
    on: date
    title: str
    exists: bool = False


def _proposed_date(cohort: Cohort, step: Step, meeting_number: int, meetings: int) -> date:
    if step.kind == Step.Kind.STARTUP:
        weeks = 0
    elif step.kind == Step.Kind.MEETING:
        weeks = FIRST_MEETING_WEEK + WEEKS_BETWEEN_MEETINGS * (meeting_number - 1)
    else:
        weeks = (
            FIRST_MEETING_WEEK
            + WEEKS_BETWEEN_MEETINGS * max(meetings - 1, 0)
            + CONFERENCE_WEEKS_AFTER
        )
    return min(cohort.starts_on + timedelta(weeks=weeks), cohort.ends_on)


def meeting_proposals(cohort: Cohort) -> list[MeetingProposal]:
    """The round's meetings as the programme's steps suggest them, in order; those the round
    already has (not cancelled) are marked, so proposing twice creates nothing twice."""
    steps = list(Step.objects.filter(kind__in=PROPOSED_KINDS).order_by("position"))
    clusters = list(cohort.clusters.order_by("name"))
    existing = set(
        Meeting.objects.filter(cohort=cohort)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("step_id", "cluster_id")
    )
    meetings = sum(step.kind == Step.Kind.MEETING for step in steps)
    proposals, number = [], 0
    for step in steps:
        if step.kind == Step.Kind.MEETING:
            number += 1
            places = clusters or [None]
        else:
            places = [None]
        on = _proposed_date(cohort, step, number, meetings)
        for cluster in places:
            where = cluster.name if cluster else cohort.name
            proposals.append(
                MeetingProposal(
                    step=step,
                    cluster=cluster,
                    on=on,
                    title=f"{step.title_sv} – {where}",
                    exists=(step.pk, cluster.pk if cluster else None) in existing,
                )
            )
    return proposals


def _local(on: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(on, at))


def round_meetings_create(
    *, cohort: Cohort, chosen: list[tuple[MeetingProposal, date, str]], by: User
) -> list[Meeting]:
    """Create the chosen proposals (with the dates and titles as adjusted) as draft meetings,
    each with its step's tasks; all or none. Proposals the round already has are skipped."""
    created = []
    with transaction.atomic():
        for proposal, on, title in chosen:
            if proposal.exists:
                continue
            created.append(
                meeting_create(
                    cohort=cohort,
                    cluster=proposal.cluster,
                    step=proposal.step,
                    title=title,
                    starts_at=_local(on, DAY_STARTS),
                    ends_at=_local(on, DAY_ENDS),
                    by=by,
                )
            )
    return created
