"""Which meetings a person sees or organises, and which organisations a meeting invites.
Visibility lives here so lists and rules agree."""

from django.db.models import Prefetch, Q, QuerySet

from portal import selectors as core
from portal.models import Enrolment, Organisation

from ..models import Meeting, MeetingTask


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


def meetings_with_tasks(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("step", "host", "cluster", "cohort").prefetch_related(
        Prefetch("tasks", queryset=MeetingTask.objects.order_by("position"))
    )


def meetings_of_organisation(organisation: Organisation) -> QuerySet[Meeting]:
    enrolments = Enrolment.objects.filter(organisation=organisation)
    return Meeting.objects.filter(
        Q(cluster__isnull=True, cohort_id__in=enrolments.values("cohort_id"))
        | Q(cluster_id__in=enrolments.values("cluster_id"))
    ).order_by("starts_at")
