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
- Kolada values of the starter key figures for every organisation and the country.

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


def generate(*, organisations: int, seed: int) -> dict:  # noqa: C901, PLR0915 - one straight script
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from checklists.demo import seed_checklist
    from checklists.models import Assessment, ItemScore, Occasion
    from meetings import services as meeting_services
    from meetings.demo import seed_step_tasks, seed_steps
    from meetings.models import (
        AgendaItem,
        DeadlineOutcome,
        EvaluationAnswered,
        EvaluationResponse,
        Feedback,
        Meeting,
        Presentation,
        Step,
        TaskCompletion,
    )
    from portal.keyfigures import key_figures_seed_starter
    from portal.models import (
        Cluster,
        Cohort,
        CohortOrganiser,
        Enrolment,
        KeyFigure,
        KeyFigureValue,
        Membership,
        Organisation,
        TeamRole,
        User,
    )
    from portal.registry import known_organisations
    from stakeholders.models import (
        AnalysisVersion,
        Attitude,
        Category,
        Placement,
        Role,
        Stakeholder,
        StakeholderAnalysis,
    )

    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    known = known_organisations()
    codes = organisation_codes(organisations)
    password = make_password("bench-" + str(seed))

    def at(day: date, hour: int = 9, minute: int = 30) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    seed_steps()
    seed_step_tasks()
    version = seed_checklist()
    key_figures_seed_starter()
    items = list(version.items.order_by("number"))
    steps = {step.code: step for step in Step.objects.all()}

    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            Organisation(code=code, name=known[code].name, kind=known[code].kind) for code in codes
        )
        roles = list(TeamRole.values)
        users = User.objects.bulk_create(
            User(
                email=f"{role}.{org.code}@bench.example",
                full_name=f"{role.title()} {org.name}",
                password=password,
            )
            for org in orgs
            for role in roles
        )
        Membership.objects.bulk_create(
            Membership(user=users[i * len(roles) + j], organisation=org, team_role=role)
            for i, org in enumerate(orgs)
            for j, role in enumerate(roles)
        )
        members = {
            org.pk: users[i * len(roles) : (i + 1) * len(roles)] for i, org in enumerate(orgs)
        }

        admin = User.objects.create(
            email="admin@bench.example",
            full_name="Programkontoret",
            password=password,
            is_programme_admin=True,
        )
        staff = [admin]

        order = list(orgs)
        rng.shuffle(order)
        per_past = math.ceil(len(order) / PAST_COHORTS)
        cohort_members = [order[i * per_past : (i + 1) * per_past] for i in range(PAST_COHORTS)]
        cohort_members.append(sorted(orgs, key=lambda o: o.code))
        cohorts, organisers, enrolments = [], {}, []
        for number, chosen in enumerate(cohort_members, start=1):
            current = number == PAST_COHORTS + 1
            years_ago = PAST_COHORTS + 2 - number
            starts = today - timedelta(days=90 if current else 365 * years_ago)
            cohort = Cohort.objects.create(
                name=f"Omgång {number}" + (" (nationell)" if current else ""),
                starts_on=starts,
                ends_on=starts + timedelta(days=365),
            )
            cohorts.append(cohort)
            organiser = User.objects.create(
                email=f"organiser{number}@bench.example",
                full_name=f"Arrangör {number}",
                password=password,
            )
            CohortOrganiser.objects.create(user=organiser, cohort=cohort)
            organisers[cohort.pk] = organiser
            staff.append(organiser)
            cluster_count = (
                max(1, round(len(chosen) / CLUSTER_SIZE))
                if current
                else max(1, min(3, len(chosen)))
            )
            clusters = Cluster.objects.bulk_create(
                Cluster(cohort=cohort, name=f"Kluster {index + 1}")
                for index in range(cluster_count)
            )
            with_mentor = set()
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
        Enrolment.objects.bulk_create(enrolments)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in [*users, *staff]
        )
    for person in staff:
        TOTP.activate(person, generate_totp_secret())

    # --- meetings ----------------------------------------------------------------------------
    enrolled = {}
    for enrolment in Enrolment.objects.select_related("organisation", "cluster"):
        enrolled.setdefault(enrolment.cohort_id, []).append(enrolment)
    meetings: list[tuple[Meeting, list]] = []
    for cohort in cohorts:
        its = enrolled.get(cohort.pk, [])
        if not its:
            continue
        organiser = organisers[cohort.pk]
        clusters = sorted({e.cluster for e in its}, key=lambda c: c.name)
        plan = [("uppstart", None)]
        plan += [(code, cluster) for code in ("bm1", "bm2", "bm3") for cluster in clusters]
        plan.append(("resultatkonferens", None))
        for code, cluster in plan:
            shift = clusters.index(cluster) % 5 if cluster else 0
            starts = at(cohort.starts_on + timedelta(days=STEP_DAYS[code] + shift))
            invited = [e for e in its if cluster is None or e.cluster_id == cluster.pk]
            host = next((e.organisation for e in invited if e.role == Enrolment.Role.MENTOR), None)
            meeting = meeting_services.meeting_create(
                cohort=cohort,
                cluster=cluster,
                step=steps[code],
                title=f"{steps[code].title_sv} – {cluster.name if cluster else cohort.name}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=6),
                by=organiser,
                host=host if cluster else None,
                venue=f"Stadshuset, {host.name}" if cluster and host else "Konferenscentret",
                accessibility="Entré utan trappsteg, hörslinga i stora salen.",
                agenda="Dagens program följer nedan.",
            )
            past = meeting.ends_at < now
            Meeting.objects.filter(pk=meeting.pk).update(
                status=Meeting.Status.HELD if past else Meeting.Status.PUBLISHED,
                published_at=starts - timedelta(days=60),
                deadline_processed_at=meeting.deadline if past else None,
            )
            meeting.status = Meeting.Status.HELD if past else Meeting.Status.PUBLISHED
            meetings.append((meeting, invited))

    files_root = Path(settings.PRIVATE_FILES_ROOT)
    agenda, completions, presentations, outcomes, feedback, evaluations = [], [], [], [], [], []
    answered = []
    for meeting, invited in meetings:
        past = meeting.ends_at < now
        organiser = organisers[meeting.cohort_id]
        agenda += [
            AgendaItem(meeting=meeting, position=i, starts_at=s, title=t, owner=o)
            for i, (s, t, o) in enumerate(SAMPLE_AGENDA)
        ]
        tasks = list(meeting.tasks.all())
        folder = f"presentations/{meeting.starts_at:%Y/%m}"
        (files_root / folder).mkdir(parents=True, exist_ok=True)
        for enrolment in invited:
            org = enrolment.organisation
            team = members[org.pk]
            done_share = 1.0 if past else rng.random()
            completions += [
                TaskCompletion(task=task, organisation=org, done_by=team[2])
                for task in tasks
                if rng.random() < done_share
            ]
            for version_number in (1, 2, 3):
                name = f"{org.code}-m{meeting.pk}-v{version_number}.pdf"
                (files_root / folder / name).write_bytes(SMALL_PDF)
                presentations.append(
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
            if past:
                outcomes.append(
                    DeadlineOutcome(meeting=meeting, organisation=org, status="on_time")
                )
                feedback.append(
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
                evaluations += [
                    EvaluationResponse(
                        meeting=meeting,
                        respondent=None if meeting.evaluation_anonymous else person,
                        overall=rng.randint(3, 5),
                        usefulness=rng.randint(2, 5),
                        arrangements=rng.randint(3, 5),
                        comment=rng.choice(["", "", "Givande dag.", "Mer tid för grupperna."]),
                    )
                    for person in team[:2]
                ]
                answered += [
                    EvaluationAnswered(
                        meeting=meeting,
                        person=person,
                        answered_at=meeting.ends_at + timedelta(days=1),
                    )
                    for person in team[:2]
                ]
        if past:
            feedback.append(
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
    with transaction.atomic():
        AgendaItem.objects.bulk_create(agenda, batch_size=2000)
        TaskCompletion.objects.bulk_create(completions, batch_size=2000)
        Presentation.objects.bulk_create(presentations, batch_size=2000)
        DeadlineOutcome.objects.bulk_create(outcomes, batch_size=2000)
        Feedback.objects.bulk_create(feedback, batch_size=2000)
        EvaluationResponse.objects.bulk_create(evaluations, batch_size=2000)
        EvaluationAnswered.objects.bulk_create(answered, batch_size=2000)

    # --- checklists and stakeholder analyses --------------------------------------------------
    occasion_start = {"BM1": "bm1", "BM2": "bm2", "BM3": "bm3", "RESULTS": "resultatkonferens"}
    cohort_by_pk = {cohort.pk: cohort for cohort in cohorts}
    all_enrolments = [e for cohort in cohorts for e in enrolled.get(cohort.pk, [])]
    assessments = []
    for enrolment in all_enrolments:
        cohort = cohort_by_pk[enrolment.cohort_id]
        team = members[enrolment.organisation_id]
        for occasion in Occasion.values:
            day = cohort.starts_on + timedelta(days=STEP_DAYS[occasion_start[occasion]] - 5)
            submitted = day < today
            assessments.append(
                Assessment(
                    organisation_id=enrolment.organisation_id,
                    cohort=cohort,
                    occasion=occasion,
                    version=version,
                    status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
                    assessed_on=day,
                    submitted_at=at(day, 15) if submitted else None,
                    submitted_by=team[1] if submitted else None,
                    other_participants="Två verksamhetschefer",
                )
            )
    analyses = [
        StakeholderAnalysis(organisation_id=e.organisation_id, cohort_id=e.cohort_id)
        for e in all_enrolments
    ]
    with transaction.atomic():
        Assessment.objects.bulk_create(assessments, batch_size=2000)
        scores = []
        for assessment in assessments:
            level = rng.randint(1, 3)
            team = members[assessment.organisation_id]
            for item in items:
                level = min(3, max(1, level + rng.choice((-1, 0, 0, 1))))
                scores.append(
                    ItemScore(
                        assessment=assessment,
                        item=item,
                        score=level,
                        comment=rng.choice(
                            ["", "", "Vi har kommit en bit på väg.", "Saknas ännu."]
                        ),
                        revision=1,
                        updated_by=team[2],
                    )
                )
        ItemScore.objects.bulk_create(scores, batch_size=5000)
        StakeholderAnalysis.objects.bulk_create(analyses, batch_size=2000)

    categories, placements = Category.values, Placement.values
    attitudes, stake_roles = Attitude.values, Role.values
    with transaction.atomic():
        versions, previous = [], {}
        for occasion in Occasion.values:
            batch = [
                AnalysisVersion(
                    analysis=analysis,
                    occasion=occasion,
                    based_on=previous.get(analysis.pk),
                    revision=rng.randint(1, 6),
                    created_by=members[analysis.organisation_id][2],
                    updated_at=now - timedelta(days=rng.randint(1, 400)),
                    updated_by=members[analysis.organisation_id][2],
                )
                for analysis in analyses
            ]
            AnalysisVersion.objects.bulk_create(batch, batch_size=2000)
            previous = {v.analysis_id: v for v in batch}
            versions += batch
        rows = []
        keys = {}
        for analysis_version in versions:
            team = members[analysis_version.analysis.organisation_id]
            its_keys = keys.setdefault(
                analysis_version.analysis_id,
                [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(40)],
            )
            count = rng.randint(20, 40)
            for position in range(count):
                rows.append(
                    Stakeholder(
                        version=analysis_version,
                        key=its_keys[position],
                        position=position,
                        name=STAKEHOLDER_NAMES[position % len(STAKEHOLDER_NAMES)],
                        category=categories[position % len(categories)],
                        placement=placements[position % 2],
                        interest_in_work="Påverkar hur resurserna fördelas mellan kvinnor och män.",
                        influence=rng.randint(1, 3),
                        interest=rng.randint(1, 3),
                        attitude=rng.choice(attitudes),
                        role=rng.choice(stake_roles),
                        benefit="Bättre underlag för beslut.",
                        key_message="Jämställdhet gör verksamheten träffsäkrare.",
                        channel="Dragning",
                        owner=team[position % len(team)],
                        next_action="Boka ett möte" if position % 3 == 0 else "",
                        next_action_on=today + timedelta(days=position)
                        if position % 3 == 0
                        else None,
                    )
                )
        Stakeholder.objects.bulk_create(rows, batch_size=5000)

    # --- Kolada values --------------------------------------------------------------------------
    values = []
    for figure in KeyFigure.objects.all():
        genders = ["T", "K", "M"] if figure.divided_by_gender else ["T"]
        for code in [*codes, "0000"]:
            base = rng.uniform(10, 90)
            for year in range(today.year - 6, today.year - 1):
                for gender in genders:
                    values.append(
                        KeyFigureValue(
                            key_figure=figure,
                            code=code,
                            year=year,
                            gender=gender,
                            value=round(base + rng.uniform(-5, 5), 1),
                        )
                    )
    KeyFigureValue.objects.bulk_create(values, batch_size=5000)
    if connection.vendor == "postgresql":
        # A database in use has its planner statistics; a freshly bulk-loaded one has none
        # until autovacuum gets to it, and its plans (and figures) would be a matter of luck.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    return {
        "organisations": len(orgs),
        "cohorts": len(cohorts),
        "enrolments": len(all_enrolments),
        "users": len(users) + len(staff),
        "meetings": len(meetings),
        "presentations": len(presentations),
        "assessments": len(assessments),
        "item_scores": len(scores),
        "stakeholder_rows": len(rows),
        "feedback": len(feedback),
        "evaluations": len(evaluations),
        "key_figure_values": len(values),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=311)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    setup()
    print(json.dumps(generate(organisations=arguments.organisations, seed=arguments.seed)))


if __name__ == "__main__":
    main()
