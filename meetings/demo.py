"""Demo data of the meetings app: the programme template (its content lives in
programme_content) and a demo cohort's meetings."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.demo import CURRENT_COHORT
from portal.models import Cohort, Enrolment, User

from . import selectors, services
from .models import (
    CohortProgramme,
    EvaluationResponse,
    Feedback,
    ImprovementEffort,
    Meeting,
    Presentation,
    Step,
    StepMaterial,
    StepTask,
)
from .programme import cohort_adopt_template
from .programme_content import STEP_MATERIALS, STEP_TASKS, STEPS


@transaction.atomic
def seed_steps() -> None:
    """The eight steps with their purpose, goals and SKR's page; running it again updates them
    in place."""
    for data in STEPS:
        values = dict(data)
        Step.objects.update_or_create(code=values.pop("code"), defaults=values)


@transaction.atomic
def seed_step_tasks() -> None:
    """Each step's preparation tasks, by step and position; a task beyond the seeded ones is
    removed so that a shorter list in the content wins."""
    for code, tasks in STEP_TASKS.items():
        step = Step.objects.get(code=code)
        for position, task in enumerate(tasks, start=1):
            StepTask.objects.update_or_create(step=step, position=position, defaults=task)
        step.tasks.filter(position__gt=len(tasks)).delete()


@transaction.atomic
def seed_step_materials() -> None:
    """Each step's materials for participants and for organisers, by step, audience and
    position, the same way as the tasks."""
    for code, audiences in STEP_MATERIALS.items():
        step = Step.objects.get(code=code)
        for audience, materials in audiences.items():
            for position, material in enumerate(materials, start=1):
                StepMaterial.objects.update_or_create(
                    step=step, audience=audience, position=position, defaults=material
                )
            step.materials.filter(audience=audience, position__gt=len(materials)).delete()


# (step code, cluster name or None for the whole cohort, days from today, title)
DEMO_MEETINGS = [
    ("uppstart", None, -60, "Uppstart för omgången"),
    ("bm1", "Norr", -20, "BM1 Ledning och styrning – kluster Norr"),
    ("bm1", "Mitt", -18, "BM1 Ledning och styrning – kluster Mitt"),
    ("bm2", "Norr", 10, "BM2 Systematiskt förbättringsarbete – kluster Norr"),
    ("bm2", "Mitt", 40, "BM2 Systematiskt förbättringsarbete – kluster Mitt"),
    ("bm3", "Norr", 150, "BM3 Följa upp och analysera resultaten – kluster Norr"),
    ("bm3", "Mitt", 155, "BM3 Följa upp och analysera resultaten – kluster Mitt"),
    ("resultatkonferens", None, 300, "Resultatkonferens"),
]


def seed_meetings(*, today=None) -> None:
    """Meetings for every step of the demo cohort, dated relative to today: one BM with its
    deadline a few days away, and a past one whose presentations are shared."""
    today = today or timezone.localdate()
    cohort = Cohort.objects.get(name=CURRENT_COHORT)
    organiser = User.objects.get(email="arrangor@example.org")
    if not CohortProgramme.objects.filter(cohort=cohort).exists():
        # The demo round runs on its own copy of the programme template, as every round does.
        cohort_adopt_template(cohort=cohort, by=organiser)
    for code, cluster_name, days, title in DEMO_MEETINGS:
        if Meeting.objects.filter(cohort=cohort, title=title).exists():
            continue
        cluster = cohort.clusters.get(name=cluster_name) if cluster_name else None
        mentor = (
            Enrolment.objects.filter(cluster=cluster, role=Enrolment.Role.MENTOR).first()
            if cluster
            else None
        )
        day = today + timedelta(days=days)
        starts = timezone.make_aware(datetime.combine(day, time(9, 30)))
        meeting = services.meeting_create(
            cohort=cohort,
            cluster=cluster,
            step=Step.objects.get(code=code),
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=6),
            by=organiser,
            host=mentor.organisation if mentor else None,
            venue=f"Stadshuset, {mentor.organisation.name}"
            if mentor
            else "Konferenscentret, Stockholm",
            accessibility="Entré utan trappsteg, hörslinga i stora salen, tillgänglig toalett.",
            agenda="09.30 Välkomna och inledning\n10.00 Organisationernas presentationer\n"
            "12.00 Lunch\n13.00 Erfarenhetsutbyte i grupper\n15.00 Planering av hemarbetet",
        )
        Meeting.objects.filter(pk=meeting.pk).update(
            status=Meeting.Status.HELD if days < 0 else Meeting.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        if days < 0 and cluster is not None:
            # A past meeting: each organisation uploaded in time and the deadline job ran.
            for enrolment in cluster.enrolments.select_related("organisation"):
                member = enrolment.organisation.memberships.select_related("user").first()
                name = f"{enrolment.organisation.name} {code.upper()}.pdf"
                presentation = Presentation(
                    meeting=meeting,
                    organisation=enrolment.organisation,
                    original_name=name,
                    kind="pdf",
                    size=len(DEMO_PDF),
                    sha256="",
                    uploaded_by=member.user if member else None,
                    is_final=True,
                )
                presentation.file.save(name, ContentFile(DEMO_PDF), save=False)
                presentation.save()
            Meeting.objects.filter(pk=meeting.pk).update(deadline_processed_at=meeting.deadline)


DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed_after_meeting() -> None:
    """The held meeting of the demo: released feedback, evaluation answers and improvement
    efforts of the organisations. Safe to run again: an existing part is left as it is."""
    meeting = (
        Meeting.objects.filter(
            cohort__name=CURRENT_COHORT, status=Meeting.Status.HELD, cluster__isnull=False
        )
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return
    organiser = User.objects.get(email="arrangor@example.org")
    organisations = list(selectors.invited_organisations(meeting))
    if not Feedback.objects.filter(meeting=meeting).exists():
        services.feedback_save(
            meeting=meeting,
            organisation=None,
            by=organiser,
            plus="Väl förberedda presentationer och ett öppet samtal.",
            minus="För lite tid till erfarenhetsutbytet i grupper.",
            interesting="Flera organisationer könsuppdelar nu sin statistik i styrningen.",
        )
        for organisation in organisations:
            services.feedback_save(
                meeting=meeting,
                organisation=organisation,
                by=organiser,
                on_presentation=f"{organisation.name} visade tydligt hur analysen gjorts.",
                on_improvement_work="Koppla förbättringsarbetet till checklistans punkter.",
            )
        services.feedback_release(meeting=meeting, by=organiser)
    if not EvaluationResponse.objects.filter(meeting=meeting).exists():
        for number, person in enumerate(selectors.evaluation_participants(meeting)[:4]):
            services.evaluation_submit(
                meeting=meeting,
                by=person,
                overall=4 + number % 2,
                usefulness=3 + number % 3,
                arrangements=4,
                comment="Givande dag." if number % 2 == 0 else "",
                now=meeting.ends_at + timedelta(hours=1),
            )
    for organisation in organisations:
        if ImprovementEffort.objects.filter(organisation=organisation).exists():
            continue
        member = organisation.memberships.select_related("user").first()
        services.improvement_effort_save(
            organisation=organisation,
            by=member.user if member else organiser,
            title="Jämställd biståndshandläggning",
            area=ImprovementEffort.Area.OPERATION,
            operation="Äldreomsorg",
            stage=ImprovementEffort.Stage.DO,
            notes={
                "plan_notes": "Kartlägga beviljade insatser per kön.",
                "do_notes": "Stickprov av 100 beslut genomförs under våren.",
            },
            report_meeting=meeting,
        )
