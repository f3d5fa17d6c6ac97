"""National-scale data for the benchmark: every Swedish municipality and region over ten cohorts.

    .venv/bin/python bench/generate.py --organisations 311 [--seed 2026]

Runs in a process set up for the target database (the benchmark starts it with its stack's
environment) and prints one JSON line describing what the load generator needs: the users of
each role, the pages' addresses and the counts of what was made.

The data, for N organisations (311 = 290 municipalities and 21 regions, the real codes):

- cohorts 1–9 (past rounds) each enrol a ninth of the organisations, so each organisation
  takes part at least once; cohort 10 (the current, national round) enrols all N in clusters
  of about 31;
- every organisation has a member for every team role; each cohort an organiser, and one
  programme admin; staff have an authenticator app (TOTP), as production requires;
- every meeting of every cohort (start-up and results conference for the whole cohort, BM1–3
  per cluster) with its preparation tasks, organiser checklist and a sample agenda; the past
  meetings are held, with deadline outcomes, released feedback and evaluation answers;
- all four occasions of the checklist filled for every enrolment (submitted when the meeting
  is past); a stakeholder analysis per enrolment with a version per occasion of 20–40 rows;
- three presentation versions (small files) per organisation and meeting, the last one final;
- Kolada values of the starter key figures for every organisation and the country;
- for the current round, the preparation for BM3 under way: a lesson and a next improvement
  on about two thirds of each organisation's BM2 items (movement and lessons), two
  improvement efforts at home tied to checklist items and reported at its BM2 (the journey
  page), and every key figure split by sex chosen for its results pack, the first with a
  comment (the BM3 results pack).

Deterministic: the same seed and N give the same rows (dates are relative to today).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAST_COHORTS = 9
CLUSTER_SIZE = 31
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
SAMPLE_AGENDA = [
    (time(9, 30), "Välkomna och syfte med dagen", "Arrangören"),
    (time(9, 45), "Organisationernas presentationer", "Varje organisation"),
    (time(11, 30), "Erfarenhetsutbyte i blandade grupper och rollgrupper", "Alla"),
    (time(12, 15), "Lunch", ""),
    (time(13, 15), "Förbättringsidéer: vad tar vi med oss hem?", "Processledaren"),
    (time(14, 30), "Planering av hemmaplansarbetet", "Varje organisation"),
    (time(15, 30), "Nästa träff och PMI-runda", "Arrangören"),
]
# Days from the cohort's start for each step; the current cohort starts 90 days ago, so its
# BM2 is ahead with the presentation deadline a few weeks away and uploads coming in.
STEP_DAYS = {"uppstart": 10, "bm1": 60, "bm2": 110, "bm3": 220, "resultatkonferens": 330}
STAKEHOLDER_NAMES = [
    "Kommunstyrelsen",
    "Kommunfullmäktige",
    "Socialnämnden",
    "Barn- och utbildningsnämnden",
    "Kommundirektören",
    "Ekonomichefen",
    "HR-avdelningen",
    "Förvaltningschefer",
    "Enhetschefer",
    "Medarbetare inom äldreomsorgen",
    "Fackliga organisationer",
    "Skyddsombud",
    "Invånare",
    "Brukarråd",
    "Pensionärsorganisationer",
    "Kvinnojouren",
    "Föreningslivet",
    "Idrottsföreningar",
    "Näringslivsrådet",
    "Lokala företag",
    "Länsstyrelsen",
    "Regionen",
    "Polisen",
    "Försäkringskassan",
    "Arbetsförmedlingen",
    "Lokaltidningen",
    "Lokalradion",
    "Kommunikatörer",
    "Controllers",
    "Statistiker",
    "Ungdomsrådet",
    "Funktionsrättsrådet",
    "Studieförbunden",
    "Kyrkan",
    "Högskolan",
    "Jämställdhetsnätverket",
    "Revisorerna",
    "Internrevisionen",
    "Överförmyndaren",
    "Räddningstjänsten",
]


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def organisation_codes(count: int) -> list[str]:
    """The first `count` of a fixed order that mixes regions in, so 3 has a region too."""
    from portal.registry import known_organisations

    known = sorted(known_organisations().values(), key=lambda o: o.code)
    regions = [o.code for o in known if o.kind == "region"]
    municipalities = [o.code for o in known if o.kind == "municipality"]
    ordered, step = [], max(1, len(municipalities) // max(1, len(regions)))
    for index, code in enumerate(municipalities):
        if index % step == 0 and regions:
            ordered.append(regions.pop(0))
        ordered.append(code)
    ordered.extend(regions)
    return ordered[:count]


@dataclass
class Bench:
    """What the steps share: the seeded generator, the day and time the dates count from, the
    reference data, and what the earlier steps made (filled in as they run)."""

    rng: random.Random
    today: date
    now: datetime
    codes: list[str]
    password: str
    steps: dict = field(default_factory=dict)  # step code -> Step
    version: object = None  # the checklist version
    items: list = field(default_factory=list)  # its items, in order
    orgs: list = field(default_factory=list)
    users: list = field(default_factory=list)  # the organisations' team members
    members: dict = field(default_factory=dict)  # organisation pk -> its team, in role order
    staff: list = field(default_factory=list)  # the programme admin and the organisers
    cohorts: list = field(default_factory=list)
    organisers: dict = field(default_factory=dict)  # cohort pk -> its organiser


@dataclass
class MeetingMaterial:
    """The rows made for the meetings, bulk-created together at the end."""

    agenda: list = field(default_factory=list)
    completions: list = field(default_factory=list)
    presentations: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    evaluations: list = field(default_factory=list)
    answered: list = field(default_factory=list)


def at(day: date, hour: int = 9, minute: int = 30) -> datetime:
    """That day at that (local) time."""
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def generate(*, organisations: int, seed: int) -> dict:
    """All the data, step by step (the order is part of the result: the seeded generator is
    drawn from in this order, and the rows get their ids in it). Returns the counts."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    bench = Bench(
        rng=random.Random(seed),
        today=timezone.localdate(),
        now=timezone.now(),
        codes=organisation_codes(organisations),
        password=make_password("bench-" + str(seed)),
    )
    seed_reference_data(bench)
    create_organisations_and_enrolments(bench)
    enrolled = enrolments_by_cohort()
    meetings = create_meetings(bench, enrolled)
    material = create_meeting_material(bench, meetings)
    all_enrolments = [e for cohort in bench.cohorts for e in enrolled.get(cohort.pk, [])]
    with transaction.atomic():
        assessments, scores = create_assessments(bench, all_enrolments)
        analyses = create_stakeholder_analyses(all_enrolments)
    rows = create_analysis_versions_and_rows(bench, analyses)
    values = create_key_figure_values(bench)
    bm3 = create_bm3_preparation(bench, enrolled.get(bench.cohorts[-1].pk, []))
    analyze_if_postgresql()
    return {
        "organisations": len(bench.orgs),
        "cohorts": len(bench.cohorts),
        "enrolments": len(all_enrolments),
        "users": len(bench.users) + len(bench.staff),
        "meetings": len(meetings),
        "presentations": len(material.presentations),
        "assessments": len(assessments),
        "item_scores": len(scores),
        "stakeholder_rows": len(rows),
        "feedback": len(material.feedback),
        "evaluations": len(material.evaluations),
        "key_figure_values": len(values),
        **bm3,
    }


# --- reference data, organisations, people, cohorts ---------------------------------------


def seed_reference_data(bench: Bench) -> None:
    """The steps and their preparation tasks, the checklist and the starter key figures, as
    the demo seeds them."""
    from checklists.demo import seed_checklist
    from meetings.demo import seed_step_tasks, seed_steps
    from meetings.models import Step
    from portal.keyfigures.imports import key_figures_seed_starter

    seed_steps()
    seed_step_tasks()
    bench.version = seed_checklist()
    key_figures_seed_starter()
    bench.items = list(bench.version.items.order_by("number"))
    bench.steps = {step.code: step for step in Step.objects.all()}


def create_organisations_and_enrolments(bench: Bench) -> None:
    """In one transaction: the organisations and their teams, the programme admin, the
    cohorts with their clusters, organisers and enrolments, and everyone's verified e-mail
    address. Then an authenticator app for the staff."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import transaction

    with transaction.atomic():
        create_organisations_and_people(bench)
        create_cohorts_and_clusters(bench)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in [*bench.users, *bench.staff]
        )
    for person in bench.staff:
        TOTP.activate(person, generate_totp_secret())


def create_organisations_and_people(bench: Bench) -> None:
    """The organisations, a member of each for every team role, and the programme admin."""
    from portal.models import Membership, Organisation, TeamRole, User
    from portal.registry import known_organisations

    known = known_organisations()
    orgs = Organisation.objects.bulk_create(
        Organisation(code=code, name=known[code].name, kind=known[code].kind)
        for code in bench.codes
    )
    roles = list(TeamRole.values)
    users = User.objects.bulk_create(
        User(
            email=f"{role}.{org.code}@bench.example",
            full_name=f"{role.title()} {org.name}",
            password=bench.password,
        )
        for org in orgs
        for role in roles
    )
    Membership.objects.bulk_create(
        Membership(user=users[i * len(roles) + j], organisation=org, team_role=role)
        for i, org in enumerate(orgs)
        for j, role in enumerate(roles)
    )
    bench.orgs, bench.users = orgs, users
    bench.members = {
        org.pk: users[i * len(roles) : (i + 1) * len(roles)] for i, org in enumerate(orgs)
    }
    admin = User.objects.create(
        email="admin@bench.example",
        full_name="Programkontoret",
        password=bench.password,
        is_programme_admin=True,
    )
    bench.staff = [admin]


def create_cohorts_and_clusters(bench: Bench) -> None:
    """Cohorts 1–9 (past rounds) a ninth of the organisations each, in a shuffled order;
    cohort 10 (the current one) all of them. Each cohort with its organiser and clusters."""
    from portal.models import Enrolment

    order = list(bench.orgs)
    bench.rng.shuffle(order)
    per_past = math.ceil(len(order) / PAST_COHORTS)
    cohort_members = [order[i * per_past : (i + 1) * per_past] for i in range(PAST_COHORTS)]
    cohort_members.append(sorted(bench.orgs, key=lambda o: o.code))
    enrolments = []
    for number, chosen in enumerate(cohort_members, start=1):
        enrolments += create_cohort(bench, number, chosen)
    Enrolment.objects.bulk_create(enrolments)


def create_cohort(bench: Bench, number: int, chosen: list) -> list:
    """Cohort `number` with its organiser and clusters (of about 31 for the current cohort,
    up to three for a past one). Returns its enrolments, unsaved: the first organisation of
    each cluster is its mentor."""
    from portal.models import Cluster, Cohort, CohortOrganiser, Enrolment, User

    current = number == PAST_COHORTS + 1
    years_ago = PAST_COHORTS + 2 - number
    starts = bench.today - timedelta(days=90 if current else 365 * years_ago)
    cohort = Cohort.objects.create(
        name=f"Omgång {number}" + (" (nationell)" if current else ""),
        starts_on=starts,
        ends_on=starts + timedelta(days=365),
    )
    bench.cohorts.append(cohort)
    organiser = User.objects.create(
        email=f"organiser{number}@bench.example",
        full_name=f"Arrangör {number}",
        password=bench.password,
    )
    CohortOrganiser.objects.create(user=organiser, cohort=cohort)
    bench.organisers[cohort.pk] = organiser
    bench.staff.append(organiser)
    cluster_count = (
        max(1, round(len(chosen) / CLUSTER_SIZE)) if current else max(1, min(3, len(chosen)))
    )
    clusters = Cluster.objects.bulk_create(
        Cluster(cohort=cohort, name=f"Kluster {index + 1}") for index in range(cluster_count)
    )
    enrolments, with_mentor = [], set()
    for index, org in enumerate(chosen):
        cluster = clusters[index * cluster_count // len(chosen)]
        mentor = cluster.pk not in with_mentor
        with_mentor.add(cluster.pk)
        enrolments.append(
            Enrolment(
                cohort=cohort,
                organisation=org,
                cluster=cluster,
                role=Enrolment.Role.MENTOR if mentor else Enrolment.Role.BENCHMARKING,
            )
        )
    return enrolments


# --- meetings -----------------------------------------------------------------------------


def enrolments_by_cohort() -> dict:
    """The saved enrolments (with organisation and cluster) by cohort pk."""
    from portal.models import Enrolment

    enrolled = {}
    for enrolment in Enrolment.objects.select_related("organisation", "cluster"):
        enrolled.setdefault(enrolment.cohort_id, []).append(enrolment)
    return enrolled


def create_meetings(bench: Bench, enrolled: dict) -> list[tuple]:
    """Every meeting of every cohort: the start-up and the results conference for the whole
    cohort, BM1–3 for each cluster. Returns (meeting, invited enrolments) pairs."""
    meetings = []
    for cohort in bench.cohorts:
        its = enrolled.get(cohort.pk, [])
        if not its:
            continue
        clusters = sorted({e.cluster for e in its}, key=lambda c: c.name)
        plan = [("uppstart", None)]
        plan += [(code, cluster) for code in ("bm1", "bm2", "bm3") for cluster in clusters]
        plan.append(("resultatkonferens", None))
        for code, cluster in plan:
            shift = clusters.index(cluster) % 5 if cluster else 0
            invited = [e for e in its if cluster is None or e.cluster_id == cluster.pk]
            meeting = create_meeting(bench, cohort, cluster, code, shift, invited)
            meetings.append((meeting, invited))
    return meetings


def create_meeting(bench: Bench, cohort, cluster, code: str, shift: int, invited: list):
    """One meeting of the step `code` for the cluster (or the whole cohort), `shift` days
    after the step's day, hosted by the cluster's mentor; held when it is over, published
    otherwise."""
    from meetings import services as meeting_services
    from meetings.models import Meeting
    from portal.models import Enrolment

    step = bench.steps[code]
    starts = at(cohort.starts_on + timedelta(days=STEP_DAYS[code] + shift))
    host = next((e.organisation for e in invited if e.role == Enrolment.Role.MENTOR), None)
    meeting = meeting_services.meeting_create(
        cohort=cohort,
        cluster=cluster,
        step=step,
        title=f"{step.title_sv} – {cluster.name if cluster else cohort.name}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        by=bench.organisers[cohort.pk],
        host=host if cluster else None,
        venue=f"Stadshuset, {host.name}" if cluster and host else "Konferenscentret",
        accessibility="Entré utan trappsteg, hörslinga i stora salen.",
        agenda="Dagens program följer nedan.",
    )
    past = meeting.ends_at < bench.now
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD if past else Meeting.Status.PUBLISHED,
        published_at=starts - timedelta(days=60),
        deadline_processed_at=meeting.deadline if past else None,
    )
    meeting.status = Meeting.Status.HELD if past else Meeting.Status.PUBLISHED
    return meeting


def create_meeting_material(bench: Bench, meetings: list[tuple]) -> MeetingMaterial:
    """For every meeting its agenda and, for each invited organisation, the preparation tasks
    done, the presentations and, once held, the outcome, feedback and evaluations; then the
    cluster's own feedback. Saved in one transaction."""
    from django.conf import settings
    from django.db import transaction

    from meetings.models import AgendaItem

    files_root = Path(settings.PRIVATE_FILES_ROOT)
    material = MeetingMaterial()
    for meeting, invited in meetings:
        past = meeting.ends_at < bench.now
        material.agenda += [
            AgendaItem(meeting=meeting, position=i, starts_at=s, title=t, owner=o)
            for i, (s, t, o) in enumerate(SAMPLE_AGENDA)
        ]
        tasks = list(meeting.tasks.all())
        folder = f"presentations/{meeting.starts_at:%Y/%m}"
        (files_root / folder).mkdir(parents=True, exist_ok=True)
        for enrolment in invited:
            add_preparations(bench, material, meeting, enrolment.organisation, tasks, past)
            add_presentations(bench, material, meeting, enrolment.organisation, files_root, folder)
            if past:
                add_results(bench, material, meeting, enrolment.organisation)
        if past:
            add_meeting_feedback(bench, material, meeting)
    with transaction.atomic():
        save_meeting_material(material)
    return material


def add_preparations(bench: Bench, material: MeetingMaterial, meeting, org, tasks, past) -> None:
    """The preparation tasks the organisation has done: all of them for a past meeting, a
    random share of them for a coming one."""
    from meetings.models import TaskCompletion

    team = bench.members[org.pk]
    done_share = 1.0 if past else bench.rng.random()
    material.completions += [
        TaskCompletion(task=task, organisation=org, done_by=team[2])
        for task in tasks
        if bench.rng.random() < done_share
    ]


def add_presentations(
    bench: Bench, material: MeetingMaterial, meeting, org, files_root: Path, folder: str
) -> None:
    """Three versions of the organisation's presentation (small PDF files, written to the
    private files), the last one final."""
    from meetings.models import Presentation

    team = bench.members[org.pk]
    for version_number in (1, 2, 3):
        name = f"{org.code}-m{meeting.pk}-v{version_number}.pdf"
        (files_root / folder / name).write_bytes(SMALL_PDF)
        material.presentations.append(
            Presentation(
                meeting=meeting,
                organisation=org,
                file=f"{folder}/{name}",
                original_name=f"{org.name} {meeting.step.code.upper()} v{version_number}.pdf",
                kind="pdf",
                size=len(SMALL_PDF),
                sha256=f"{meeting.pk:032x}{org.pk:016x}{version_number:016x}",
                uploaded_by=team[version_number % len(team)],
                is_final=version_number == 3,
            )
        )


def add_results(bench: Bench, material: MeetingMaterial, meeting, org) -> None:
    """For a held meeting: the organisation's deadline outcome (on time), its released
    feedback, and the evaluation answers of the first two team members."""
    from meetings.models import DeadlineOutcome, EvaluationAnswered, EvaluationResponse, Feedback

    team = bench.members[org.pk]
    organiser = bench.organisers[meeting.cohort_id]
    material.outcomes.append(DeadlineOutcome(meeting=meeting, organisation=org, status="on_time"))
    material.feedback.append(
        Feedback(
            meeting=meeting,
            organisation=org,
            on_presentation=f"{org.name} visade tydligt hur analysen gjorts.",
            on_improvement_work="Koppla förbättringsarbetet till checklistans punkter.",
            written_by=organiser,
            released_at=meeting.ends_at + timedelta(days=3),
            released_by=organiser,
        )
    )
    material.evaluations += [
        EvaluationResponse(
            meeting=meeting,
            respondent=None if meeting.evaluation_anonymous else person,
            overall=bench.rng.randint(3, 5),
            usefulness=bench.rng.randint(2, 5),
            arrangements=bench.rng.randint(3, 5),
            comment=bench.rng.choice(["", "", "Givande dag.", "Mer tid för grupperna."]),
        )
        for person in team[:2]
    ]
    material.answered += [
        EvaluationAnswered(
            meeting=meeting,
            person=person,
            answered_at=meeting.ends_at + timedelta(days=1),
        )
        for person in team[:2]
    ]


def add_meeting_feedback(bench: Bench, material: MeetingMaterial, meeting) -> None:
    """The organiser's released feedback on a held meeting as a whole."""
    from meetings.models import Feedback

    organiser = bench.organisers[meeting.cohort_id]
    material.feedback.append(
        Feedback(
            meeting=meeting,
            plus="Väl förberedda presentationer.",
            minus="För lite tid till grupperna.",
            interesting="Fler könsuppdelar statistiken i styrningen.",
            written_by=organiser,
            released_at=meeting.ends_at + timedelta(days=3),
            released_by=organiser,
        )
    )


def save_meeting_material(material: MeetingMaterial) -> None:
    """Bulk-create the meetings' rows, kind by kind."""
    from meetings.models import (
        AgendaItem,
        DeadlineOutcome,
        EvaluationAnswered,
        EvaluationResponse,
        Feedback,
        Presentation,
        TaskCompletion,
    )

    AgendaItem.objects.bulk_create(material.agenda, batch_size=2000)
    TaskCompletion.objects.bulk_create(material.completions, batch_size=2000)
    Presentation.objects.bulk_create(material.presentations, batch_size=2000)
    DeadlineOutcome.objects.bulk_create(material.outcomes, batch_size=2000)
    Feedback.objects.bulk_create(material.feedback, batch_size=2000)
    EvaluationResponse.objects.bulk_create(material.evaluations, batch_size=2000)
    EvaluationAnswered.objects.bulk_create(material.answered, batch_size=2000)


# --- checklists and stakeholder analyses --------------------------------------------------


def create_assessments(bench: Bench, enrolments: list) -> tuple[list, list]:
    """All four occasions of the checklist for every enrolment, submitted when the occasion's
    day (five days before its meeting) is past, each item scored. Returns the assessments and
    the scores."""
    from checklists.models import Assessment, ItemScore, Occasion

    occasion_start = {"BM1": "bm1", "BM2": "bm2", "BM3": "bm3", "RESULTS": "resultatkonferens"}
    cohort_by_pk = {cohort.pk: cohort for cohort in bench.cohorts}
    assessments = []
    for enrolment in enrolments:
        cohort = cohort_by_pk[enrolment.cohort_id]
        team = bench.members[enrolment.organisation_id]
        for occasion in Occasion.values:
            day = cohort.starts_on + timedelta(days=STEP_DAYS[occasion_start[occasion]] - 5)
            submitted = day < bench.today
            assessments.append(
                Assessment(
                    organisation_id=enrolment.organisation_id,
                    cohort=cohort,
                    occasion=occasion,
                    version=bench.version,
                    status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
                    assessed_on=day,
                    submitted_at=at(day, 15) if submitted else None,
                    submitted_by=team[1] if submitted else None,
                    other_participants="Två verksamhetschefer",
                )
            )
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    scores = [score for assessment in assessments for score in item_scores(bench, assessment)]
    ItemScore.objects.bulk_create(scores, batch_size=5000)
    return assessments, scores


def item_scores(bench: Bench, assessment) -> list:
    """A score for every item of the checklist: a random walk over the levels 1–3."""
    from checklists.models import ItemScore

    scores = []
    level = bench.rng.randint(1, 3)
    team = bench.members[assessment.organisation_id]
    for item in bench.items:
        level = min(3, max(1, level + bench.rng.choice((-1, 0, 0, 1))))
        scores.append(
            ItemScore(
                assessment=assessment,
                item=item,
                score=level,
                comment=bench.rng.choice(["", "", "Vi har kommit en bit på väg.", "Saknas ännu."]),
                revision=1,
                updated_by=team[2],
            )
        )
    return scores


def create_stakeholder_analyses(enrolments: list) -> list:
    """A stakeholder analysis for every enrolment (its versions come next)."""
    from stakeholders.models import StakeholderAnalysis

    analyses = [
        StakeholderAnalysis(organisation_id=e.organisation_id, cohort_id=e.cohort_id)
        for e in enrolments
    ]
    StakeholderAnalysis.objects.bulk_create(analyses, batch_size=2000)
    return analyses


def create_analysis_versions_and_rows(bench: Bench, analyses: list) -> list:
    """In one transaction: a version of every analysis per occasion, each based on the one
    before, and 20–40 stakeholders in each. Returns the stakeholder rows."""
    from django.db import transaction

    from stakeholders.models import Stakeholder

    with transaction.atomic():
        versions = create_analysis_versions(bench, analyses)
        rows, keys = [], {}
        for analysis_version in versions:
            # The analysis's 40 keys are drawn for every version, though the first draw stays.
            its_keys = keys.setdefault(
                analysis_version.analysis_id,
                [uuid.UUID(int=bench.rng.getrandbits(128), version=4) for _ in range(40)],
            )
            count = bench.rng.randint(20, 40)
            rows += [
                stakeholder_row(bench, analysis_version, its_keys[position], position)
                for position in range(count)
            ]
        Stakeholder.objects.bulk_create(rows, batch_size=5000)
    return rows


def create_analysis_versions(bench: Bench, analyses: list) -> list:
    """Occasion by occasion, a version of every analysis based on its previous one."""
    from checklists.models import Occasion
    from stakeholders.models import AnalysisVersion

    versions, previous = [], {}
    for occasion in Occasion.values:
        batch = [
            AnalysisVersion(
                analysis=analysis,
                occasion=occasion,
                based_on=previous.get(analysis.pk),
                revision=bench.rng.randint(1, 6),
                created_by=bench.members[analysis.organisation_id][2],
                updated_at=bench.now - timedelta(days=bench.rng.randint(1, 400)),
                updated_by=bench.members[analysis.organisation_id][2],
            )
            for analysis in analyses
        ]
        AnalysisVersion.objects.bulk_create(batch, batch_size=2000)
        previous = {v.analysis_id: v for v in batch}
        versions += batch
    return versions


def stakeholder_row(bench: Bench, analysis_version, key: uuid.UUID, position: int):
    """The stakeholder at `position` of a version (unsaved)."""
    from stakeholders.models import Attitude, Category, Placement, Role, Stakeholder

    categories, placements = Category.values, Placement.values
    team = bench.members[analysis_version.analysis.organisation_id]
    return Stakeholder(
        version=analysis_version,
        key=key,
        position=position,
        name=STAKEHOLDER_NAMES[position % len(STAKEHOLDER_NAMES)],
        category=categories[position % len(categories)],
        placement=placements[position % 2],
        interest_in_work="Påverkar hur resurserna fördelas mellan kvinnor och män.",
        influence=bench.rng.randint(1, 3),
        interest=bench.rng.randint(1, 3),
        attitude=bench.rng.choice(Attitude.values),
        role=bench.rng.choice(Role.values),
        benefit="Bättre underlag för beslut.",
        key_message="Jämställdhet gör verksamheten träffsäkrare.",
        channel="Dragning",
        owner=team[position % len(team)],
        next_action="Boka ett möte" if position % 3 == 0 else "",
        next_action_on=bench.today + timedelta(days=position) if position % 3 == 0 else None,
    )


# --- Kolada values ------------------------------------------------------------------------


def create_key_figure_values(bench: Bench) -> list:
    """Five years of values of every key figure (by gender where it is divided so) for every
    organisation and the country ("0000"), around a level of its own."""
    from portal.models import KeyFigure, KeyFigureValue

    values = []
    for figure in KeyFigure.objects.all():
        genders = ["T", "K", "M"] if figure.divided_by_gender else ["T"]
        for code in [*bench.codes, "0000"]:
            base = bench.rng.uniform(10, 90)
            for year in range(bench.today.year - 6, bench.today.year - 1):
                for gender in genders:
                    values.append(
                        KeyFigureValue(
                            key_figure=figure,
                            code=code,
                            year=year,
                            gender=gender,
                            value=round(base + bench.rng.uniform(-5, 5), 1),
                        )
                    )
    KeyFigureValue.objects.bulk_create(values, batch_size=5000)
    return values


LESSONS = [
    (
        "Att styrdokumenten nu kräver könsuppdelad statistik lyfte punkten.",
        "Följ upp att nämndernas verksamhetsplaner använder den.",
    ),
    (
        "Vi saknar fortfarande en ansvarig för jämställdhetsanalyserna.",
        "Utse en ansvarig i ledningsgruppen före nästa budgetprocess.",
    ),
    (
        "Utbildningen av cheferna gav ett gemensamt språk.",
        "Gör jämställdhetsanalysen till en del av ärendemallen.",
    ),
]
EFFORTS = [
    "Könsuppdelad statistik i nämndernas uppföljning",
    "Jämställdhetsanalys i budgetprocessen",
]


def create_bm3_preparation(bench: Bench, enrolments: list) -> dict:
    """The current round on its way to BM3, in one transaction: lessons on the BM2 items
    (movement and lessons), improvement efforts at home (the journey page) and the key
    figures of the results pack. Returns the counts."""
    from django.db import transaction

    from checklists.models import Assessment, ItemLesson
    from meetings.models import ImprovementEffort, Meeting, ResultsKeyFigure
    from portal.models import KeyFigure

    if not enrolments:
        return {"item_lessons": 0, "improvement_efforts": 0, "results_key_figures": 0}
    cohort = bench.cohorts[-1]
    enrolments = sorted(enrolments, key=lambda e: e.organisation.code)
    bm2 = {m.cluster_id: m for m in Meeting.objects.filter(cohort=cohort, step__code="bm2")}
    assessments = {
        a.organisation_id: a for a in Assessment.objects.filter(cohort=cohort, occasion="BM2")
    }
    figures = list(
        KeyFigure.objects.filter(in_use=True, divided_by_gender=True).order_by("position", "title")
    )
    lessons, efforts, chosen = [], [], []
    for enrolment in enrolments:
        org = enrolment.organisation
        team = bench.members[org.pk]
        for index, item in enumerate(bench.items):
            # The first item always, so every organisation's page has a lesson to show.
            if index and bench.rng.random() >= 0.6:
                continue
            lesson, next_step = LESSONS[(index + org.pk) % len(LESSONS)]
            lessons.append(
                ItemLesson(
                    assessment=assessments[org.pk],
                    item=item,
                    lesson=lesson,
                    next_step=next_step,
                    updated_by=team[2],
                )
            )
        for number, title in enumerate(EFFORTS):
            efforts.append(
                ImprovementEffort(
                    organisation=org,
                    title=title,
                    area=ImprovementEffort.Area.GOVERNANCE,
                    stage=ImprovementEffort.STAGE_ORDER[number + 1],
                    plan_notes="Vi börjar med socialnämnden och barn- och utbildningsnämnden.",
                    do_notes="Mallen är ändrad; två nämnder har provat den." if number else "",
                    report_meeting=bm2.get(enrolment.cluster_id),
                    created_by=team[0],
                )
            )
        chosen += [
            ResultsKeyFigure(
                organisation=org,
                cohort=cohort,
                key_figure=figure,
                position=position,
                comment=(
                    f"Skillnaden mellan kvinnor och män i {org.name} har ökat sedan förra omgången."
                    if position == 0
                    else ""
                ),
                chosen_by=team[0],
            )
            for position, figure in enumerate(figures)
        ]
    with transaction.atomic():
        ItemLesson.objects.bulk_create(lessons, batch_size=5000)
        ImprovementEffort.objects.bulk_create(efforts, batch_size=2000)
        links = ImprovementEffort.checklist_items.through
        links.objects.bulk_create(
            (
                links(
                    improvementeffort_id=effort.pk,
                    checklistitem_id=bench.items[(index * 3) % len(bench.items)].pk,
                )
                for index, effort in enumerate(efforts)
            ),
            batch_size=5000,
        )
        ResultsKeyFigure.objects.bulk_create(chosen, batch_size=2000)
    return {
        "item_lessons": len(lessons),
        "improvement_efforts": len(efforts),
        "results_key_figures": len(chosen),
    }


def analyze_if_postgresql() -> None:
    """A database in use has its planner statistics; a freshly bulk-loaded one has none until
    autovacuum gets to it, and its plans (and figures) would be a matter of luck."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=311)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    setup()
    print(json.dumps(generate(organisations=arguments.organisations, seed=arguments.seed)))


if __name__ == "__main__":
    main()
