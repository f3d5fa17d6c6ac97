"""Reads shared by views and other apps. Visibility lives here so lists and rules agree."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from .models import (
    Cohort,
    CohortOrganiser,
    Enrolment,
    Invitation,
    Membership,
    Organisation,
    User,
)


def is_programme_admin(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.is_programme_admin
    )


def own_organisation_ids(user) -> QuerySet:
    """The ids of the organisations in whose team the person is, as a subquery for list
    filters (the list form of rules.is_member_of)."""
    return Membership.objects.filter(user=user).values("organisation_id")


def mentored_organisation_ids(user) -> QuerySet:
    """The ids of the organisations in the clusters where one of the person's organisations is
    enrolled as mentor, as a subquery for list filters (the list form of rules.mentors)."""
    mentor_clusters = Enrolment.objects.filter(
        role=Enrolment.Role.MENTOR,
        cluster__isnull=False,
        organisation_id__in=own_organisation_ids(user),
    ).values("cluster_id")
    return Enrolment.objects.filter(cluster_id__in=mentor_clusters).values("organisation_id")


def member_of(user, organisation_id: int | None) -> bool:
    """Whether the active person is in the team of the organisation with this id."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return own_organisation_ids(user).filter(organisation_id=organisation_id).exists()


# Apps with staff roles of their own (the organisers named on a meeting) register the rows that
# hold such a role for a person, so that portal knows every kind of staff without reaching into
# an app.
_STAFF_ROLE_ROWS: list[Callable[[User], QuerySet]] = []


def register_staff_role(rows: Callable[[User], QuerySet]) -> None:
    """`rows(user)`: a queryset with a row for each role of this kind the person holds."""
    if rows not in _STAFF_ROLE_ROWS:
        _STAFF_ROLE_ROWS.append(rows)


def _staff_roles(user) -> tuple[set[int], bool]:
    """The cohorts the person organises, and whether they hold a registered staff role: one
    query for both (every request of a logged-in person asks), kept for the request."""
    cached = getattr(user, "_staff_roles", None)
    if cached is None:
        cohorts = CohortOrganiser.objects.filter(user=user).annotate(
            kind=Value("cohort"), ref=F("cohort_id")
        )
        roles = [
            rows(user).annotate(kind=Value("role"), ref=Value(0)).values_list("kind", "ref")
            for rows in _STAFF_ROLE_ROWS
        ]
        found = list(cohorts.values_list("kind", "ref").union(*roles, all=True))
        cached = (
            {ref for kind, ref in found if kind == "cohort"},
            any(kind == "role" for kind, _ref in found),
        )
        user._staff_roles = cached
    return cached


def organised_cohort_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return _staff_roles(user)[0]


def is_staff_user(user) -> bool:
    """Anyone with staff rights, who must pass two-factor login: programme admins, cohort
    organisers and the staff roles apps register (a meeting's own organisers)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_programme_admin(user):
        return True
    cohorts, other_roles = _staff_roles(user)
    return bool(cohorts) or other_roles


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Members see their organisation; mentors the organisations of their cluster;
    organisers those enrolled in their cohorts; admins all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    if user.is_programme_admin:
        return Organisation.objects.all()
    visible = (
        Q(pk__in=own_organisation_ids(user))
        | Q(pk__in=mentored_organisation_ids(user))
        | Q(
            pk__in=Enrolment.objects.filter(cohort__organisers__user=user).values("organisation_id")
        )
    )
    return Organisation.objects.filter(visible)


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Cohort.objects.none()
    if user.is_programme_admin:
        return Cohort.objects.all()
    return Cohort.objects.filter(
        Q(pk__in=CohortOrganiser.objects.filter(user=user).values("cohort_id"))
        | Q(
            pk__in=Enrolment.objects.filter(organisation_id__in=own_organisation_ids(user)).values(
                "cohort_id"
            )
        )
    )


def cohorts_organised_by(user) -> QuerySet[Cohort]:
    """The cohorts the person runs: every cohort for a programme admin, their own for an
    organiser, none for anyone else (the list form of rules.organises_cohort)."""
    if is_programme_admin(user):
        return Cohort.objects.all()
    return Cohort.objects.filter(pk__in=organised_cohort_ids(user))


def organisations_user_may_invite_to(user) -> QuerySet[Organisation]:
    if is_programme_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        pk__in=Enrolment.objects.filter(cohort_id__in=organised_cohort_ids(user)).values(
            "organisation_id"
        )
    )


def enrolments_with_cluster() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related("organisation", "cluster", "cohort").order_by(
        "cluster__name", "-role", "organisation__name"
    )


def user_memberships(user) -> list[Membership]:
    """The person's organisations with their cohorts and clusters, in two queries."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "organisation__enrolments",
                queryset=enrolments_with_cluster(),
                to_attr="enrolment_list",
            )
        )
    )


def cohorts_with_enrolments(cohorts: QuerySet[Cohort]) -> list[Cohort]:
    return list(
        cohorts.order_by("-starts_on").prefetch_related(
            Prefetch("enrolments", queryset=enrolments_with_cluster(), to_attr="enrolment_list")
        )
    )


def organisation_team(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("team_role", "user__full_name")


def organisation_open_invitations(organisation: Organisation):
    return organisation.invitations.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def organisation_members(organisation_id: int) -> QuerySet[User]:
    """The active people in an organisation's team: the recipients of its messages."""
    return User.objects.filter(memberships__organisation_id=organisation_id, is_active=True)


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """The (organisation, cohort) pairs whose work the person may read: their own
    organisations', the organisations of a cluster they mentor, every enrolment of the cohorts
    they organise; admins all. Checklists and stakeholder analyses share this rule."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Enrolment.objects.none()
    if user.is_programme_admin:
        return Enrolment.objects.all()
    own = own_organisation_ids(user)
    mentored_clusters = Enrolment.objects.filter(
        role=Enrolment.Role.MENTOR, cluster__isnull=False, organisation_id__in=own
    ).values("cluster_id")
    return Enrolment.objects.filter(
        Q(organisation_id__in=own)
        | Q(cluster_id__in=mentored_clusters)
        | Q(cohort_id__in=organised_cohort_ids(user))
    )


@dataclass
class PersonRow:
    """A line of the people page: who the person is to the programme, and whether the admin
    looking at it may remove them (never themself, never the last programme admin)."""

    person: User
    memberships: list[Membership]
    organised_cohorts: list[Cohort]
    invitation: Invitation | None  # the invitation they accepted, if they came by one
    removable: bool


def people_rows(people: list[User], *, by: User) -> list[PersonRow]:
    """The people page's rows in three queries, however many people and organisations."""
    ids = [person.pk for person in people]
    memberships: dict[int, list[Membership]] = {pk: [] for pk in ids}
    for membership in Membership.objects.filter(user_id__in=ids).select_related("organisation"):
        memberships[membership.user_id].append(membership)
    cohorts: dict[int, list[Cohort]] = {pk: [] for pk in ids}
    for role in CohortOrganiser.objects.filter(user_id__in=ids).select_related("cohort"):
        cohorts[role.user_id].append(role.cohort)
    accepted = {
        invitation.accepted_by_id: invitation
        for invitation in Invitation.objects.filter(accepted_by_id__in=ids).order_by("accepted_at")
    }
    admins = User.objects.filter(is_programme_admin=True, is_active=True).count()
    return [
        PersonRow(
            person=person,
            memberships=memberships[person.pk],
            organised_cohorts=cohorts[person.pk],
            invitation=accepted.get(person.pk),
            removable=person.pk != by.pk
            and not (person.is_programme_admin and person.is_active and admins <= 1),
        )
        for person in people
    ]


def open_invitations(*, limit: int = 50) -> QuerySet[Invitation]:
    """Invitations not yet accepted, expired ones too (they show as expired), newest first."""
    return (
        Invitation.objects.filter(accepted_at__isnull=True)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")[:limit]
    )
