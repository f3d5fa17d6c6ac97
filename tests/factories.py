"""Boring defaults for test data, built with the real models."""

import time
from dataclasses import dataclass
from datetime import date
from itertools import count

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from portal.models import (
    Cluster,
    Cohort,
    CohortOrganiser,
    Enrolment,
    Membership,
    Organisation,
    TeamRole,
    User,
)
from portal.registry import known_organisations
from portal.second_factor import has_authenticator
from portal.selectors import is_staff_user

PASSWORD = "test-Losenord-4821"
_sequence = count(1)


def organisation(code: str) -> Organisation:
    known = known_organisations()[code]
    return Organisation.objects.get_or_create(
        code=code, defaults={"name": known.name, "kind": known.kind}
    )[0]


def user(email: str | None = None, *, admin: bool = False, name: str = "") -> User:
    email = email or f"person{next(_sequence)}@example.org"
    person = User.objects.create_user(
        email=email, password=PASSWORD, full_name=name, is_programme_admin=admin, is_superuser=admin
    )
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def member(org: Organisation, email: str | None = None, role: str = TeamRole.STRATEGIST) -> User:
    person = user(email)
    Membership.objects.create(user=person, organisation=org, team_role=role)
    return person


def cohort(name: str | None = None, starts: date = date(2026, 9, 1)) -> Cohort:
    return Cohort.objects.create(
        name=name or f"Omgång {next(_sequence)}",
        starts_on=starts,
        ends_on=date(starts.year + 1, 11, 30),
    )


def enrol(
    the_cohort: Cohort,
    org: Organisation,
    cluster: Cluster | None = None,
    role: str = Enrolment.Role.BENCHMARKING,
) -> Enrolment:
    return Enrolment.objects.create(cohort=the_cohort, organisation=org, cluster=cluster, role=role)


def organiser(the_cohort: Cohort, email: str | None = None) -> User:
    person = user(email)
    CohortOrganiser.objects.create(user=person, cohort=the_cohort)
    return person


def with_totp(person: User) -> User:
    TOTP.activate(person, generate_totp_secret())
    return person


def login_with_second_factor(client, person: User) -> User:
    """Logs the person in as a login with password and authenticator code leaves the session:
    allauth's record of both steps (what the staff two-factor rule reads). Sets up an
    authenticator app first if the person has none."""
    if not has_authenticator(person):
        with_totp(person)
    client.force_login(person)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": person.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(person.pk)
    session.save()
    return person


def log_in(client, person: User) -> User:
    """Logs the person in as a complete login leaves them: with the second factor where their
    role needs one (staff), with the password alone otherwise."""
    if is_staff_user(person):
        return login_with_second_factor(client, person)
    client.force_login(person)
    return person


@dataclass
class World:
    cohort: Cohort
    other_cohort: Cohort
    cluster: Cluster
    other_cluster: Cluster
    org_a: Organisation
    org_b: Organisation
    org_c: Organisation
    mentor_org: Organisation
    other_cohort_org: Organisation
    participant_a: User
    participant_b: User
    participant_c: User
    mentor: User
    other_cohort_participant: User
    organiser: User
    admin: User
    no_role: User


def world() -> World:
    """A and B share a cluster with a mentor; C is in another cluster of the same cohort;
    one more organisation is in an earlier cohort."""
    current = cohort("Omgång 2026–2027")
    earlier = cohort("Omgång 2024–2025", starts=date(2024, 2, 1))
    north = Cluster.objects.create(cohort=current, name="Norr")
    middle = Cluster.objects.create(cohort=current, name="Mitt")
    org_a, org_b, org_c = organisation("2582"), organisation("2581"), organisation("0484")
    mentor_org, other_org = organisation("2580"), organisation("1281")
    enrol(current, org_a, north)
    enrol(current, org_b, north)
    enrol(current, mentor_org, north, Enrolment.Role.MENTOR)
    enrol(current, org_c, middle)
    enrol(earlier, other_org, Cluster.objects.create(cohort=earlier, name="Syd"))
    return World(
        cohort=current,
        other_cohort=earlier,
        cluster=north,
        other_cluster=middle,
        org_a=org_a,
        org_b=org_b,
        org_c=org_c,
        mentor_org=mentor_org,
        other_cohort_org=other_org,
        participant_a=member(org_a, "a@example.org"),
        participant_b=member(org_b, "b@example.org"),
        participant_c=member(org_c, "c@example.org"),
        mentor=member(mentor_org, "mentor@example.org"),
        other_cohort_participant=member(other_org, "other@example.org"),
        organiser=organiser(current, "organiser@example.org"),
        admin=user("admin@example.org", admin=True),
        no_role=user("norole@example.org"),
    )


def norr_bm1_meeting(the_world: World, starts, *, ends=None, published: bool = False):
    """The usual BM1 meeting of cluster Norr (until ``ends``, by default five hours from
    ``starts``), created by the world's organiser with the steps seeded; published, with its
    invitations, when ``published``."""
    from datetime import timedelta

    from meetings import services
    from meetings.demo import seed_step_tasks, seed_steps
    from meetings.models import Step

    seed_steps()
    seed_step_tasks()
    meeting = services.meeting_create(
        cohort=the_world.cohort,
        cluster=the_world.cluster,
        step=Step.objects.get(code="bm1"),
        title="BM1 Norr",
        starts_at=starts,
        ends_at=ends or starts + timedelta(hours=5),
        by=the_world.organiser,
    )
    if published:
        services.meeting_publish(meeting=meeting, by=the_world.organiser)
    return meeting
