"""The eight steps of the programme model, described in our own words."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from checklists.models import Occasion
from portal.demo import CURRENT_COHORT
from portal.models import Cohort, Enrolment, User

from . import selectors, services
from .models import (
    EvaluationResponse,
    Feedback,
    ImprovementEffort,
    Meeting,
    Presentation,
    Step,
    StepTask,
)

STEPS = [
    {
        "position": 1,
        "code": "uppstart",
        "kind": Step.Kind.STARTUP,
        "occasion": "",
        "title_sv": "Uppstart",
        "title_en": "Start-up",
        "summary_sv": "Hela omgången träffas för att lära känna modellen, varandra och uppdraget.",
        "summary_en": "The whole cohort meets to learn the model, the task and each other.",
        "goals_sv": "En gemensam bild av hur benchmarkingen går till och vad den ska leda till\n"
        "Mer kunskap om vanliga ojämställdhetsproblem och hur de kan upptäckas\n"
        "Förståelse för ledningens roll i ett hållbart jämställdhetsarbete\n"
        "En första kontakt med de andra deltagarna",
        "goals_en": "A shared picture of how the benchmarking works and what it should lead to\n"
        "More knowledge of common inequality problems and how to spot them\n"
        "Understanding of leadership's role in lasting gender mainstreaming\n"
        "A first contact with the other participants",
    },
    {
        "position": 2,
        "code": "bm1",
        "kind": Step.Kind.MEETING,
        "occasion": Occasion.BM1,
        "title_sv": "BM1 – Ledning och styrning",
        "title_en": "BM1 – Governance and management",
        "summary_sv": "Hur långt har jämställdhetsperspektivet kommit in i styrningen och ledningen?",
        "summary_en": "How far has the gender perspective reached into governance and management?",
        "goals_sv": "En bedömning av hur jämställdhetsintegrerat styr- och ledningssystemet är\n"
        "Idéer om förbättringar som stärker styrning, ledning och lärande\n"
        "En plan för arbetet på hemmaplan, med en aktuell intressentanalys",
        "goals_en": "An assessment of how gender-mainstreamed the governance system is\n"
        "Improvement ideas that strengthen governance, management and learning\n"
        "A plan for the work at home, with an up-to-date stakeholder analysis",
    },
    {
        "position": 3,
        "code": "hemmaplan-1",
        "kind": Step.Kind.HOME,
        "occasion": "",
        "title_sv": "Arbete på hemmaplan",
        "title_en": "Work at home",
        "summary_sv": "Genomför förbättringar i styrningen utifrån självskattningen och BM1.",
        "summary_en": "Make improvements in governance based on the self-assessment and BM1.",
        "goals_sv": "Planerade eller genomförda förbättringar i styrningen\n"
        "En verksamhet vald för ett förbättringsarbete",
        "goals_en": "Planned or completed improvements in governance\n"
        "One operation chosen for an improvement effort",
    },
    {
        "position": 4,
        "code": "bm2",
        "kind": Step.Kind.MEETING,
        "occasion": Occasion.BM2,
        "title_sv": "BM2 – Systematiskt förbättringsarbete",
        "title_en": "BM2 – Systematic improvement",
        "summary_sv": "Följ upp förbättringarna sedan BM1 och jämför förbättringsarbete i en verksamhet.",
        "summary_en": "Follow up the improvements since BM1 and compare improvement work in one operation.",
        "goals_sv": "Idéer om verksamhetsförbättringar att ta med hem\n"
        "Idéer om ledarskap och kultur som gör arbetet hållbart\n"
        "En plan för att fortsätta och följa upp förbättringsarbetet",
        "goals_en": "Ideas for operational improvements to take home\n"
        "Ideas on leadership and culture that make the work last\n"
        "A plan to continue and follow up the improvement work",
    },
    {
        "position": 5,
        "code": "hemmaplan-2",
        "kind": Step.Kind.HOME,
        "occasion": "",
        "title_sv": "Arbete på hemmaplan",
        "title_en": "Work at home",
        "summary_sv": "Fortsätt förbättringsarbetet i verksamheten med hjälp av PDSA-cykeln.",
        "summary_en": "Continue the improvement work in the operation using the PDSA cycle.",
        "goals_sv": "Ett prövat och utvärderat förbättringsförsök",
        "goals_en": "A tested and evaluated change",
    },
    {
        "position": 6,
        "code": "bm3",
        "kind": Step.Kind.MEETING,
        "occasion": Occasion.BM3,
        "title_sv": "BM3 – Följa upp och analysera resultaten",
        "title_en": "BM3 – Follow up and analyse results",
        "summary_sv": "Hur följs resultaten för kvinnor och män, flickor och pojkar upp och analyseras?",
        "summary_en": "How are results for women and men, girls and boys followed up and analysed?",
        "goals_sv": "Idéer om uppföljning och analys av könsuppdelad statistik\n"
        "En plan för hur resultaten ska användas i styrningen",
        "goals_en": "Ideas for following up and analysing sex-disaggregated statistics\n"
        "A plan for how the results are used in governance",
    },
    {
        "position": 7,
        "code": "hemmaplan-3",
        "kind": Step.Kind.HOME,
        "occasion": "",
        "title_sv": "Arbete på hemmaplan",
        "title_en": "Work at home",
        "summary_sv": "Säkra och sprid det som fungerat, och förbered resultatredovisningen.",
        "summary_en": "Secure and spread what worked, and prepare the results presentation.",
        "goals_sv": "Förbättringar som är säkrade i ordinarie styrning",
        "goals_en": "Improvements secured in the regular governance",
    },
    {
        "position": 8,
        "code": "resultatkonferens",
        "kind": Step.Kind.CONFERENCE,
        "occasion": Occasion.RESULTS,
        "title_sv": "Resultatkonferens",
        "title_en": "Results conference",
        "summary_sv": "Hela omgången redovisar sina resultat och lärdomar för varandra.",
        "summary_en": "The whole cohort presents its results and lessons to each other.",
        "goals_sv": "Resultat och lärdomar delade med hela omgången\n"
        "En plan för att fortsätta som mentor i en kommande omgång",
        "goals_en": "Results and lessons shared with the whole cohort\n"
        "A plan to continue as a mentor in a coming cohort",
    },
]


@transaction.atomic
def seed_steps() -> None:
    for data in STEPS:
        values = dict(data)
        Step.objects.update_or_create(code=values.pop("code"), defaults=values)


# Preparation tasks per step: (kind, Swedish, English). Reflection questions become slides
# in the prefilled presentation template.
STEP_TASKS = {
    "uppstart": [
        (
            "general",
            "Utse politiker, chef och strateg till teamet och avsätt tid för mötena",
            "Appoint the team's politician, manager and strategist and set time aside",
        ),
        (
            "presentation",
            "Ladda upp organisationsfakta och kompetensinventering",
            "Upload the organisation facts and competence inventory",
        ),
    ],
    "bm1": [
        (
            "general",
            "Läs vägledningen för jämställdhetsintegrering, steg 1–5",
            "Read the gender mainstreaming guidance, steps 1–5",
        ),
        (
            "self_assessment",
            "Gör självskattningen med checklistan tillsammans",
            "Do the self-assessment with the checklist together",
        ),
        ("stakeholders", "Uppdatera intressentanalysen", "Update the stakeholder analysis"),
        (
            "reflection",
            "Var i styrkedjan finns jämställdhetsperspektivet redan, och var saknas det?",
            "Where in the chain of governance is the gender perspective already present, and where is it missing?",
        ),
        (
            "reflection",
            "Vilka ojämställdhetsproblem känner ni till i er organisation?",
            "Which inequality problems do you know of in your organisation?",
        ),
        (
            "presentation",
            "Ladda upp presentationen senast en vecka före mötet",
            "Upload the presentation at least one week before the meeting",
        ),
    ],
    "bm2": [
        (
            "self_assessment",
            "Gör självskattningen igen och beskriv förflyttningen sedan BM1",
            "Do the self-assessment again and describe the movement since BM1",
        ),
        (
            "reflection",
            "Hur stödjer ledarskap och kultur det fortsatta förbättringsarbetet?",
            "How do leadership and culture support the continued improvement work?",
        ),
        (
            "reflection",
            "Vilken förbättring i verksamheten har ni prövat, och vad blev resultatet?",
            "Which operational improvement have you tested, and what was the result?",
        ),
        (
            "presentation",
            "Ladda upp presentationen senast en vecka före mötet",
            "Upload the presentation at least one week before the meeting",
        ),
    ],
    "bm3": [
        (
            "self_assessment",
            "Gör självskattningen och jämför med de tidigare tillfällena",
            "Do the self-assessment and compare with the earlier occasions",
        ),
        (
            "reflection",
            "Hur följer ni upp resultat för kvinnor och män, flickor och pojkar?",
            "How do you follow up results for women and men, girls and boys?",
        ),
        (
            "presentation",
            "Ladda upp presentationen senast en vecka före mötet",
            "Upload the presentation at least one week before the meeting",
        ),
    ],
    "resultatkonferens": [
        ("self_assessment", "Gör den avslutande självskattningen", "Do the final self-assessment"),
        ("presentation", "Ladda upp resultatredovisningen", "Upload the results presentation"),
    ],
}


@transaction.atomic
def seed_step_tasks() -> None:
    for code, tasks in STEP_TASKS.items():
        step = Step.objects.get(code=code)
        for position, (kind, title_sv, title_en) in enumerate(tasks, start=1):
            StepTask.objects.update_or_create(
                step=step,
                position=position,
                defaults={"kind": kind, "title_sv": title_sv, "title_en": title_en},
            )
        step.tasks.filter(position__gt=len(tasks)).delete()


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
