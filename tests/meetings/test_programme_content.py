"""The programme template seeded from SKR's pages: every line of the BM1 and BM3 pages has its
goal, task or material; every step has its page, purpose and goals; every task says what proves
it; the seed can run again; the meeting page shows the step with its materials by audience."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.demo import seed_step_materials, seed_step_tasks, seed_steps
from meetings.models import Step, StepMaterial, StepTask
from meetings.programme_content import STEP_MATERIALS, STEP_TASKS, STEPS
from tests import factories

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
SEED_FILES = {"bm1": "000_04586d567ce91ac3.txt", "bm3": "004_01de2cb2b20e663c.txt"}

# Each line of the two seed pages and where the seeded programme holds it: (an excerpt of the
# line as the seed writes it, step code, what it became, the lookups that find that object).
# "purpose" and "goal" look in the step, "task" in its preparation tasks, "material" and "film"
# in its materials. A line with several parts has a row per part.
SEED_TABLE = [
    # BM1 – purpose
    ("påbörjas arbetet med att jämställdhetsintegrera styrning och ledning", "bm1", "purpose",
     {"summary_sv__contains": "jämställdhetsintegrera styrningen och ledningen"}),
    ("Genom erfarenhetsutbyte, diskussion och reflektion", "bm1", "purpose",
     {"summary_sv__contains": "delar erfarenheter, diskuterar och reflekterar"}),
    ("behöver chefer och medarbetare kompetens i jämställdhet", "bm1", "purpose",
     {"summary_sv__contains": "jämställdhetsanalys, styrning och ledning, uppföljning och förbättringsarbete"}),
    ("inklusive förändringsledning och kommunikation", "bm1", "purpose",
     {"summary_sv__contains": "att leda förändring och att kommunicera"}),
    # BM1 – goals
    ("En bedömning av i vilken utsträckning som deltagarnas system för ledning och styrning", "bm1",
     "goal", {"goals_sv__contains": "En bedömning av hur långt varje organisations system"}),
    ("Idéer om förbättringar som skapar förutsättningar för en styrning och ledning och en kultur för lärande",
     "bm1", "goal", {"goals_sv__contains": "och en lärande kultur"}),
    ("jämställd service och resursfördelning för olika grupper av kvinnor, män, flickor och pojkar", "bm1",
     "goal", {"goals_sv__contains": "jämställd service och resursfördelning för olika grupper"}),
    ("En plan för det arbete som ska starta på hemmaplan efter träffen", "bm1", "goal",
     {"goals_sv__contains": "En plan för arbetet på hemmaplan efter mötet"}),
    ("inklusive en aktuell intressentanalys", "bm1", "goal",
     {"goals_sv__contains": "med en uppdaterad intressentanalys"}),
    # BM1 – preparations
    ("Titta på Vägledning för jämställdhetsintegrering steg 1 till 5", "bm1", "task",
     {"title_sv__contains": "steg 1–5", "url__endswith": "jamstalldhetsintegrering.15833.html"}),
    ("Vägledningen består av tio viktiga moment", "bm1", "task",
     {"guidance_sv__contains": "tio viktiga moment"}),
    ("vilken roll som politiker, chefer, strateger och andra nyckelpersoner har", "bm1", "task",
     {"guidance_sv__contains": "vad politiker, chefer, strateger och andra nyckelpersoner gör"}),
    ("hänvisar vägledningen till relevanta artiklar i CEMR-deklarationen", "bm1", "task",
     {"guidance_sv__contains": "artiklar i CEMR-deklarationen"}),
    ("vägledningen användas för att implementera deklarationen", "bm1", "task",
     {"guidance_sv__contains": "hjälper er att genomföra deklarationen"}),
    ("Vägledning för jämställdhetsintegrering", "bm1", "material",
     {"audience": "participants", "kind": "guide", "title_sv": "Vägledning för jämställdhetsintegrering"}),
    ("Se filmerna Styrkedjan, Att styra i komplexitet, samt Samhällsförändring påverkar styrningen",
     "bm1", "task", {"title_sv__startswith": "Se filmerna Styrkedjan, Att styra i komplexitet och"}),
    ("Genomför en gemensam självskattning på checklistan för jämställdhetsintegrering", "bm1", "task",
     {"kind": "self_assessment"}),
    ("Gå igenom presentationen av kompetensinventering och nyckeltal från uppstartsträffen", "bm1",
     "task", {"title_sv__contains": "kompetensinventeringen och nyckeltalen från uppstarten"}),
    ("reflektera över och beskriv hur organisationens styrsystem ser ut", "bm1", "task",
     {"kind": "answers", "question_set": "bm1_governance"}),
    ("var finns ett jämställdhetsperspektiv integrerat idag? Var saknas det?", "bm1", "task",
     {"question_set": "bm1_governance", "guidance_sv__contains": "finns perspektivet redan och var saknas det"}),
    ("Har vi kännedom om eventuella ojämställdhetsproblem?", "bm1", "task",
     {"question_set": "bm1_governance", "guidance_sv__contains": "vilka ojämställdhetsproblem känner ni till"}),
    ("Vilka funktioner/personer arbetar aktivt/inte aktivt med jämställdhet?", "bm1", "task",
     {"question_set": "bm1_governance", "guidance_sv__contains": "vilka funktioner och personer arbetar aktivt"}),
    ("Hur har styrningen över tid påverkat jämställhetsarbetet", "bm1", "task",
     {"question_set": "bm1_governance", "guidance_sv__contains": "hur har styrningen över tid påverkat"}),
    ("Identifiera förbättringsområden.", "bm1", "task",
     {"kind": "answers", "question_set": "bm1_improvement_areas"}),
    ("Håll en workshop för att göra er intressentanalys i enlighet med SKR:s mall", "bm1", "task",
     {"kind": "general", "title_sv__contains": "workshop", "guidance_sv__contains": "SKR:s mall"}),
    ("Bjud in deltagarna från förberedelseutbildningen till workshopen", "bm1", "task",
     {"kind": "general", "title_sv__contains": "förberedelseutbildningen"}),
    ("Förbered presentation utifrån mallen och lägg upp på projektplattformen senast en vecka innan",
     "bm1", "task", {"kind": "presentation", "title_sv__contains": "senast en vecka före"}),
    # BM1 – materials for the participants
    ("Checklista för jämställdhetsintegrering (Excel)", "bm1", "material",
     {"audience": "participants", "portal_document": "assessment_workbook"}),
    ("Checklista för jämställdhetsintegrering (PDF)", "bm1", "material",
     {"audience": "participants", "portal_document": "blank_checklist"}),
    ("Mall: Benchmarking 1 Ledning och styrning (PPT)", "bm1", "material",
     {"audience": "participants", "portal_document": "meeting_template", "title_sv__contains": "Benchmarking 1"}),
    ("Mall: Intressentanalys (PDF)", "bm1", "material",
     {"audience": "participants", "portal_document": "stakeholder_pdf"}),
    ("Mall: Intressentanalys (Excel)", "bm1", "material",
     {"audience": "participants", "portal_document": "stakeholder_workbook"}),
    ("Planera, följa upp och åtgärda - Styrsnurran", "bm1", "material",
     {"audience": "participants", "url__endswith": "planerafoljauppochatgarda.24377.html"}),
    # BM1 – materials for the organiser
    ("Checklista för benchmarkingträffar (PDF)", "bm1", "material",
     {"audience": "organisers", "portal_document": "organiser_checklist"}),
    ("Återkoppling efter benchmarkingträffar (Word)", "bm1", "material",
     {"audience": "organisers", "portal_document": "feedback_docx"}),
    ("Exempel på agenda för Benchmarking 1 (PDF)", "bm1", "material",
     {"audience": "organisers", "kind": "example", "title_sv__contains": "Benchmarking 1"}),
    # BM1 – the three films, each with its description
    ("Styrkedjan", "bm1", "film", {"title_sv": "Film: Styrkedjan"}),
    ("I filmen Styrkedjan berättar Gertrud Åström", "bm1", "film",
     {"title_sv": "Film: Styrkedjan", "description_sv__contains": "Gertrud Åström"}),
    ("styrning, ledning och uppföljning måste hänga ihop", "bm1", "film",
     {"title_sv": "Film: Styrkedjan", "description_sv__contains": "uppföljning måste hänga ihop"}),
    ("Att styra i komplexitet", "bm1", "film", {"title_sv": "Film: Att styra i komplexitet"}),
    ("Klara Palmberg Broryd är strategi- och förnyelsedirektör i Nacka kommun", "bm1", "film",
     {"title_sv": "Film: Att styra i komplexitet", "description_sv__contains": "Klara Palmberg Broryd"}),
    ("ledningen pratar ihop sig om en gemensam riktning", "bm1", "film",
     {"title_sv": "Film: Att styra i komplexitet", "description_sv__contains": "enas om en gemensam riktning"}),
    ("Samhällsförändring påverkar styrningen – en tidsexposé", "bm1", "film",
     {"title_sv": "Film: Samhällsförändring påverkar styrningen – en tidsexposé"}),
    ("Märit Melbi, Sveriges Kommuner och Regioner (SKR), ger en tidsexposé", "bm1", "film",
     {"title_sv__startswith": "Film: Samhällsförändring", "description_sv__contains": "Märit Melbi"}),
    ("dagens styrning behöver beakta en mer komplex omvärld", "bm1", "film",
     {"title_sv__startswith": "Film: Samhällsförändring", "description_sv__contains": "mer komplex omvärld"}),
    # BM3 – purpose: follow-up, analysis and decisions, so that inequality is found and fixed
    ("förbättring av systemen för uppföljning, analys och beslutsfattande", "bm3", "purpose",
     {"summary_sv__contains": "följer upp, analyserar och fattar beslut"}),
    ("så att ojämställdhetsproblem kan upptäckas och åtgärdas", "bm3", "purpose",
     {"summary_sv__contains": "ojämställdhet blir synlig och kan rättas till"}),
    # BM3 – goals
    ("En bild av organisationernas utgångsläge och förbättringsbehov", "bm3", "goal",
     {"goals_sv__contains": "En bild av varje organisations utgångsläge och behov av förbättringar"}),
    ("utifrån organisationens mål, nyckeltal och egna analyser", "bm3", "goal",
     {"goals_sv__contains": "utifrån egna mål, nyckeltal och analyser"}),
    ("Idéer om förbättringar i ledning och styrning för att upptäcka och åtgärda ojämställdhet", "bm3",
     "goal", {"goals_sv__contains": "Idéer om hur ledning och styrning kan förbättras"}),
    ("Idéer om förbättringar i nyckeltal och system för att följa upp och analysera", "bm3", "goal",
     {"goals_sv__contains": "Idéer om bättre nyckeltal och system för att följa upp och analysera"}),
    ("Idéer för förbättrade rutiner för jämställdhetsintegrerade beslut", "bm3", "goal",
     {"goals_sv__contains": "Idéer om bättre rutiner för att fatta jämställdhetsintegrerade beslut"}),
    # BM3 – preparations
    ("Genomför en gemensam självskattning på checklistan för jämställdhetsintegrering under fliken BM 3",
     "bm3", "task", {"kind": "self_assessment", "guidance_sv__contains": "fliken BM 3"}),
    ("Notera vilken förflyttning som skett och dra lärdomar av det", "bm3", "task",
     {"kind": "self_assessment", "guidance_sv__contains": "förflyttning som skett sedan BM1"}),
    ("Identifiera behov av ytterligare förbättringar i ledning och styrning", "bm3", "task",
     {"kind": "self_assessment", "guidance_sv__contains": "ytterligare förbättringar ledningen och styrningen"}),
    ("Gör en kort beskrivning av nuläget i förbättringsarbetet som påbörjades vid första träffen", "bm3",
     "task", {"kind": "answers", "question_set": "bm3_improvement_status"}),
    ("Beskriv hur organisationen redovisar, använder och följer upp individbaserad statistik", "bm3",
     "task", {"kind": "answers", "question_set": "bm3_statistics", "guidance_sv__contains": "redovisar, använder"}),
    ("använder jämställdhetsanalyser i beslutsprocesserna", "bm3", "task",
     {"question_set": "bm3_statistics", "guidance_sv__contains": "jämställdhetsanalyser används när beslut"}),
    ("Förbered presentation utifrån mallen och lägg upp på projektplattformen senast en vecka innan",
     "bm3", "task", {"kind": "presentation", "title_sv__contains": "senast en vecka före"}),
    # BM3 – materials for the participants
    ("Film: Öppna jämförelser Jämställdhet (se nedan)", "bm3", "film",
     {"audience": "participants", "title_sv": "Film: Öppna jämförelser Jämställdhet"}),
    ("Kommmun- och landstingsdatabasen Koladas verktyg Jämföraren", "bm3", "material",
     {"audience": "participants", "kind": "tool", "url__contains": "kolada.se"}),
    ("Checklista för jämställdhetsintegrering (PDF)", "bm3", "material",
     {"audience": "participants", "portal_document": "blank_checklist"}),
    ("Checklista för jämställdhetsintegrering (Excel)", "bm3", "material",
     {"audience": "participants", "portal_document": "assessment_workbook"}),
    ("Mall: Benchmarking 3 Följa upp och mäta resultat (PPT)", "bm3", "material",
     {"audience": "participants", "portal_document": "meeting_template", "title_sv__contains": "Benchmarking 3"}),
    ("Planera, följa upp och åtgärda - Styrsnurran", "bm3", "material",
     {"audience": "participants", "url__endswith": "planerafoljauppochatgarda.24377.html"}),
    # BM3 – materials for the organiser
    ("Checklista för benchmarkingträffar (PDF)", "bm3", "material",
     {"audience": "organisers", "portal_document": "organiser_checklist"}),
    ("Mall: Återkoppling efter benchmarkingträffar (Word)", "bm3", "material",
     {"audience": "organisers", "portal_document": "feedback_docx"}),
    ("Mall: Exempel på agenda för benchmarkingträff 3 (PDF)", "bm3", "material",
     {"audience": "organisers", "kind": "example", "title_sv__contains": "benchmarkingträff 3"}),
]  # fmt: skip

# Lines of a seed page that are headings or page furniture, not content.
NOT_CONTENT = {"För deltagarna:", "För mötesarrangören:", "Text", "Material"}


def seed_text(code: str) -> str:
    """A seed page's text; its non-breaking spaces read as spaces, so the table can quote it."""
    return (SEEDS / SEED_FILES[code]).read_text(encoding="utf-8").replace("\u00a0", " ")


def content_lines(code: str) -> list[str]:
    """The lines of a seed page that must each have a row: the purpose under the title, every
    goal and preparation bullet with the guidance's link line, and every material of the two
    lists with the films' titles and descriptions below them (up to the page's contact box)."""
    lines = [line.strip() for line in seed_text(code).splitlines()]
    title = next(
        i for i, line in enumerate(lines) if re.match(r"\d+\. \w+ benchmarkingträffen", line)
    )
    goals = next(i for i, line in enumerate(lines) if line.startswith("Vad ska"))
    materials = lines.index("För deltagarna:")
    end = lines.index("Kontakt")
    purpose = [line for line in lines[title + 1 : goals] if line]
    bullets_and_links = [
        line
        for line in lines[goals + 1 : lines.index("Material")]
        if line.startswith("•") or (line and not line.startswith(("Förberedelser", "Vad ska")))
    ]
    listed = [line for line in lines[materials:end] if line and line not in NOT_CONTENT]
    return [line.lstrip("• ").strip() for line in purpose + bullets_and_links + listed]


def find_seeded(code: str, kind: str, lookups: dict):
    """The seeded objects a row points at."""
    if kind in ("purpose", "goal"):
        return Step.objects.filter(code=code, **lookups)
    if kind == "task":
        return StepTask.objects.filter(step__code=code, **lookups)
    if kind == "film":
        return StepMaterial.objects.filter(step__code=code, kind="film", **lookups)
    return StepMaterial.objects.filter(step__code=code, **lookups)


@pytest.fixture
def programme():
    seed_steps()
    seed_step_tasks()
    seed_step_materials()


def test_every_line_of_the_bm1_and_bm3_seeds_is_in_the_seeded_programme(programme):
    # The table quotes the seeds as they are.
    for excerpt, code, _kind, _lookups in SEED_TABLE:
        assert excerpt in seed_text(code), (code, excerpt)
    # Every content line of each seed page has at least one row.
    for code in SEED_FILES:
        lines = content_lines(code)
        assert len(lines) > 15
        excerpts = [
            excerpt for excerpt, row_code, _kind, _lookups in SEED_TABLE if row_code == code
        ]
        unmapped = [line for line in lines if not any(excerpt in line for excerpt in excerpts)]
        assert unmapped == [], (code, unmapped)
    # Every row finds its object in the seeded programme.
    missing = [
        (code, excerpt, kind)
        for excerpt, code, kind, lookups in SEED_TABLE
        if not find_seeded(code, kind, lookups).exists()
    ]
    assert missing == []


def test_the_table_notices_a_seed_line_the_programme_lacks(programme):
    """The walk would fail if a material went missing: drop the Jämföraren row's object."""
    StepMaterial.objects.filter(step__code="bm3", kind="tool").delete()
    row = next(row for row in SEED_TABLE if "Jämföraren" in row[0])
    assert not find_seeded(row[1], row[2], row[3]).exists()


def test_bm1_and_bm3_have_their_seeds_goals_and_films():
    steps = {step["code"]: step for step in STEPS}
    assert len(steps["bm1"]["goals_sv"].splitlines()) == 3
    assert len(steps["bm3"]["goals_sv"].splitlines()) == 4
    films = [m["title_sv"] for m in STEP_MATERIALS["bm1"]["participants"] if m["kind"] == "film"]
    assert films == [
        "Film: Styrkedjan",
        "Film: Att styra i komplexitet",
        "Film: Samhällsförändring påverkar styrningen – en tidsexposé",
    ]
    assert all(
        m["description_sv"] for m in STEP_MATERIALS["bm1"]["participants"] if m["kind"] == "film"
    )


def test_the_seed_runs_again_without_new_rows_and_puts_back_edits(programme):
    counts = (Step.objects.count(), StepTask.objects.count(), StepMaterial.objects.count())
    assert counts == (
        8,
        sum(len(tasks) for tasks in STEP_TASKS.values()),
        sum(len(m) for audiences in STEP_MATERIALS.values() for m in audiences.values()),
    )
    task = StepTask.objects.get(step__code="bm1", position=1)
    task.guidance_sv = "ändrad"
    task.save()
    StepTask.objects.create(step=task.step, position=99, title_sv="extra")
    StepMaterial.objects.create(
        step=task.step, audience="organisers", position=99, kind="tool", title_sv="extra"
    )
    seed_steps()
    seed_step_tasks()
    seed_step_materials()
    assert (Step.objects.count(), StepTask.objects.count(), StepMaterial.objects.count()) == counts
    task.refresh_from_db()
    assert "tio viktiga moment" in task.guidance_sv


def test_every_step_has_its_skr_page_purpose_and_goals_in_both_languages(programme):
    steps = list(Step.objects.order_by("position"))
    assert [step.code for step in steps] == [
        "uppstart",
        "bm1",
        "hemmaplan-1",
        "bm2",
        "hemmaplan-2",
        "bm3",
        "hemmaplan-3",
        "resultatkonferens",
    ]
    for step in steps:
        assert step.source_url.startswith(("https://skr.se/", "https://skl.se/")), step.code
        assert step.summary_sv and step.summary_en, step.code
        goals_sv, goals_en = step.goals_sv.splitlines(), step.goals_en.splitlines()
        assert goals_sv and len(goals_sv) == len(goals_en), step.code
        assert step.tasks.exists() and step.materials.exists(), step.code
    # The seeds' own pages.
    assert Step.objects.get(code="bm1").source_url.endswith(
        "3forstabenchmarkingtraffenledningochstyrning.11652.html"
    )
    assert Step.objects.get(code="bm3").source_url.endswith(
        "6tredjebenchmarkingtraffenfoljauppochanalyseraresultaten.11656.html"
    )


def test_every_task_says_what_proves_it(programme):
    proofs = {choice.value for choice in StepTask.Proof}
    for task in StepTask.objects.select_related("step"):
        assert task.proof in proofs, task
        assert task.title_sv and task.title_en, task
        if task.kind == StepTask.Kind.ANSWERS:
            assert task.proof == StepTask.Proof.ANSWERS and task.question_set, task
        else:
            assert not task.question_set, task
        if task.kind not in (StepTask.Kind.REFLECTION,):
            assert task.guidance_sv and task.guidance_en, task
    by_kind = {
        code: {task.kind for task in Step.objects.get(code=code).tasks.all()}
        for code in ("bm1", "bm2", "bm3")
    }
    # The kinds the preparation status is derived from stay on every benchmarking meeting.
    for kinds in by_kind.values():
        assert {"self_assessment", "presentation"} <= kinds
    assert "stakeholders" in by_kind["bm1"]
    sets = set(StepTask.objects.exclude(question_set="").values_list("question_set", flat=True))
    assert sets == {
        "bm1_governance",
        "bm1_improvement_areas",
        "bm3_improvement_status",
        "bm3_statistics",
    }


def test_every_material_links_its_source_or_names_a_portal_document(programme):
    documents = {
        "blank_checklist",
        "assessment_workbook",
        "meeting_template",
        "stakeholder_workbook",
        "stakeholder_pdf",
        "organiser_checklist",
        "feedback_docx",
        "organisation_facts",
    }
    for material in StepMaterial.objects.all():
        assert bool(material.url) != bool(material.portal_document), material
        assert not material.portal_document or material.portal_document in documents, material
        assert material.title_sv and material.title_en and material.description_sv, material
        # The meeting page names the site a link opens on.
        assert not material.url or re.match(
            r"https://(skr\.se|skl\.se|www\.kolada\.se)/", material.url
        ), material.url


# --- The meeting page ------------------------------------------------------------------------


@pytest.fixture
def bm1_meeting(cohort_world, programme, mail_on_commit):
    with mail_on_commit():
        meeting = factories.norr_bm1_meeting(
            cohort_world, timezone.now() + timedelta(days=30), published=True
        )
    return meeting


def section(html: str, element_id: str) -> str:
    match = re.search(
        rf'<ul class="govuk-list govuk-list--spaced" id="{element_id}">(.*?)</ul>', html, re.S
    )
    return match.group(1) if match else ""


def test_a_participant_sees_the_step_and_its_participant_materials_only(
    client, cohort_world, bm1_meeting
):
    client.force_login(cohort_world.participant_a)
    html = client.get(reverse("meeting_detail", args=[bm1_meeting.pk])).content.decode()
    step = Step.objects.get(code="bm1")
    assert step.summary_sv in html
    for goal in step.goals:
        assert goal in html
    participants = section(html, "step-materials-participants")
    assert "Film: Styrkedjan" in participants and "Gertrud Åström" in participants
    assert participants.count("Film: Styrkedjan") == 1  # the meeting's copy, not the step's too
    assert 'target="_blank" rel="noopener noreferrer"' in participants
    assert "öppnas i en ny flik på skr.se" in participants
    # The workbook leads to the organisation's own assessments.
    org = cohort_world.org_a.code
    assert reverse("assessment_overview", args=[bm1_meeting.cohort_id, org]) in participants
    assert "För arrangörerna" not in html and "step-materials-organisers" not in html
    assert "Exempel på agenda för Benchmarking 1" not in html
    # Each task's guidance in a details component, with its link and what proves it.
    assert html.count('<details class="govuk-details govuk-!-margin-bottom-3">') == 9
    assert "tio viktiga moment" in html
    assert "jamstalldhetsintegrering.15833.html" in html
    assert "ni bockar av uppgiften själva" in html


def test_an_organiser_also_sees_the_organisers_materials(client, cohort_world, bm1_meeting):
    factories.login_with_second_factor(client, cohort_world.organiser)
    html = client.get(reverse("meeting_detail", args=[bm1_meeting.pk])).content.decode()
    organisers = section(html, "step-materials-organisers")
    assert "För arrangörerna" in html
    assert "Exempel på agenda för Benchmarking 1 (PDF)" in organisers
    assert reverse("feedback_manage", args=[bm1_meeting.pk]) in organisers
    assert 'href="#organiser-checklist"' in organisers
    assert "Film: Styrkedjan" in section(html, "step-materials-participants")


def test_the_home_page_shows_each_tasks_guidance(client, cohort_world, bm1_meeting):
    client.force_login(cohort_world.participant_a)
    html = client.get(reverse("home")).content.decode()
    assert "Vad uppgifterna innebär:" in html
    assert "tio viktiga moment" in html
