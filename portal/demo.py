"""Demo data for the core model: idempotent, so seeding twice leaves the same rows."""

from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import (
    Cluster,
    Cohort,
    CohortOrganiser,
    Enrolment,
    Membership,
    Organisation,
    TeamRole,
    User,
)
from .registry import known_organisations

DEMO_PASSWORD = "demo-Jamstalld-2026"  # noqa: S105 - printed for the demo on purpose

CURRENT_COHORT = "Modellkommuner och modellregioner 2026–2027"
PAST_COHORT = "Modellkommuner och modellregioner 2024–2025"

# (cohort, cluster, organisation code, role)
ENROLMENTS = [
    (CURRENT_COHORT, "Norr", "2580", Enrolment.Role.MENTOR),  # Luleå
    (CURRENT_COHORT, "Norr", "2582", Enrolment.Role.BENCHMARKING),  # Boden
    (CURRENT_COHORT, "Norr", "2581", Enrolment.Role.BENCHMARKING),  # Piteå
    (CURRENT_COHORT, "Mitt", "0380", Enrolment.Role.MENTOR),  # Uppsala
    (CURRENT_COHORT, "Mitt", "0484", Enrolment.Role.BENCHMARKING),  # Eskilstuna
    (CURRENT_COHORT, "Mitt", "0188", Enrolment.Role.BENCHMARKING),  # Norrtälje
    (CURRENT_COHORT, "Mitt", "0005", Enrolment.Role.BENCHMARKING),  # Region Östergötland
    (PAST_COHORT, "Syd", "1290", Enrolment.Role.MENTOR),  # Kristianstad
    (PAST_COHORT, "Syd", "1281", Enrolment.Role.BENCHMARKING),  # Lund
    (PAST_COHORT, "Syd", "0007", Enrolment.Role.BENCHMARKING),  # Region Kronoberg
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    description: str
    organisation_code: str | None = None
    team_role: str | None = None
    programme_admin: bool = False
    organises: str | None = None


DEMO_USERS = [
    DemoUser(
        "admin@example.org",
        "Åsa Programkontoret",
        "Programadministratör (programkontoret)",
        programme_admin=True,
    ),
    DemoUser(
        "arrangor@example.org",
        "Oskar Arrangör",
        "Mötesarrangör för den pågående omgången",
        organises=CURRENT_COHORT,
    ),
    DemoUser(
        "strateg.boden@example.org",
        "Sara Lindqvist",
        "Deltagare, Boden (strateg)",
        "2582",
        TeamRole.STRATEGIST,
    ),
    DemoUser(
        "politiker.boden@example.org",
        "Johan Berg",
        "Deltagare, Boden (politiker)",
        "2582",
        TeamRole.POLITICIAN,
    ),
    DemoUser(
        "chef.pitea@example.org",
        "Maria Nilsson",
        "Deltagare, Piteå (chef)",
        "2581",
        TeamRole.MANAGER,
    ),
    DemoUser(
        "strateg.eskilstuna@example.org",
        "Ali Hassan",
        "Deltagare, Eskilstuna (strateg)",
        "0484",
        TeamRole.STRATEGIST,
    ),
    DemoUser(
        "mentor.lulea@example.org",
        "Karin Öberg",
        "Mentor, Luleå (strateg)",
        "2580",
        TeamRole.STRATEGIST,
    ),
    DemoUser(
        "strateg.lund@example.org",
        "Erik Sjöberg",
        "Deltagare i den tidigare omgången, Lund",
        "1281",
        TeamRole.STRATEGIST,
    ),
]


@transaction.atomic
def seed_core() -> None:
    cohorts = {
        CURRENT_COHORT: Cohort.objects.update_or_create(
            name=CURRENT_COHORT,
            defaults={
                "starts_on": date(2026, 9, 15),
                "ends_on": date(2027, 11, 30),
                "description": "Demoomgång med två kluster, ett i norr och ett i mitten av landet.",
            },
        )[0],
        PAST_COHORT: Cohort.objects.update_or_create(
            name=PAST_COHORT,
            defaults={
                "starts_on": date(2024, 2, 1),
                "ends_on": date(2025, 11, 28),
                "description": "En tidigare omgång vars deltagare nu kan vara mentorer.",
            },
        )[0],
    }
    registry = known_organisations()
    for cohort_name, cluster_name, code, role in ENROLMENTS:
        known = registry[code]
        organisation, _ = Organisation.objects.update_or_create(
            code=code, defaults={"name": known.name, "kind": known.kind}
        )
        cluster, _ = Cluster.objects.get_or_create(cohort=cohorts[cohort_name], name=cluster_name)
        Enrolment.objects.update_or_create(
            cohort=cohorts[cohort_name],
            organisation=organisation,
            defaults={"role": role, "cluster": cluster},
        )
    for demo in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            email=demo.email,
            defaults={
                "full_name": demo.full_name,
                "is_programme_admin": demo.programme_admin,
                "is_superuser": demo.programme_admin,
                "is_active": True,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=demo.email, defaults={"verified": True, "primary": True}
        )
        if demo.organisation_code:
            Membership.objects.update_or_create(
                user=user,
                organisation=Organisation.objects.get(code=demo.organisation_code),
                defaults={"team_role": demo.team_role},
            )
        if demo.organises:
            CohortOrganiser.objects.get_or_create(user=user, cohort=cohorts[demo.organises])
