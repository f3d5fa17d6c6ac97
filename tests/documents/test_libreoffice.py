"""Every kind of document the portal generates opens in LibreOffice headless and prints to PDF
with all its text on the page and the Swedish right.

Each case builds its document with the portal's own builder, in Swedish, from the same
organisations (Boden and Piteå of cluster Norr), lets LibreOffice open it and print it to PDF
(each conversion with a profile folder of its own), and reads the PDF back with pdfplumber."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

import pytest
from django.urls import reverse
from django.utils import translation

from checklists.documents import (
    build_assessment_workbook_xlsx,
    build_checklist_report_pdf,
    build_comparison_pdf,
    build_comparison_xlsx,
)
from checklists.models import Assessment
from checklists.reports import checklist_report_data, comparison_report_data
from checklists.selectors import workbook_data
from meetings import services as meetings
from meetings.documents import (
    agenda_data,
    build_agenda_pdf,
    build_meeting_template_pptx,
    build_organisation_facts_pptx,
    meeting_template_data,
    organisation_facts_data,
)
from portal.models import Enrolment
from stakeholders.documents import build_analysis_pdf, build_analysis_xlsx
from stakeholders.models import AnalysisVersion
from stakeholders.selectors import analysis_document

from .conftest import make_meeting
from .office import (
    english_left,
    missing_phrases,
    office_to_pdf,
    read_printed,
    text_outside_pages,
    whole_text,
)

pytestmark = pytest.mark.django_db

ON_PRESENTATION = "Tydlig presentation av förbättringsarbetet i Boden"
ON_IMPROVEMENT_WORK = "Fortsätt med könsuppdelad statistik i nämndernas årsrapporter"
SUMMARY_PLUS = "Många goda exempel på jämställdhetsanalys"
AGENDA = [
    (time(9, 30), "Välkomna och förväntningar", "Piteå"),
    (time(10, 15), "Självskattningen: vad har förändrats sedan BM1?", "Åsa Öberg"),
]


@dataclass(frozen=True)
class Material:
    """What the builders draw on: the document world, the mail capture and a browser client."""

    world: object
    mail_on_commit: object
    client: object

    @property
    def people(self):
        return self.world.world

    def enrolment(self) -> Enrolment:
        return Enrolment.objects.get(organisation=self.people.org_a, cohort=self.people.cohort)

    def analysis_version(self) -> AnalysisVersion:
        return AnalysisVersion.objects.get(analysis__organisation=self.people.org_a)

    def meeting_of(self, step_code: str):
        if step_code == "bm2":
            return self.world.meeting
        title = {"bm1": "BM1 Norr – nuläge", "bm3": "BM3 Norr – uppföljning"}[step_code]
        return make_meeting(self.people, step_code, title, self.mail_on_commit)

    def released_feedback(self) -> None:
        """Feedback to Boden and a summary of the meeting, released to participants."""
        meeting, organiser = self.world.meeting, self.people.organiser
        meetings.feedback_save(
            meeting=meeting,
            organisation=self.people.org_a,
            by=organiser,
            on_presentation=ON_PRESENTATION,
            on_improvement_work=ON_IMPROVEMENT_WORK,
        )
        meetings.feedback_save(
            meeting=meeting,
            organisation=None,
            by=organiser,
            plus=SUMMARY_PLUS,
            minus="Svårt att hinna med alla frågor",
            interesting="Hur nämnderna följer upp målen",
        )
        with self.mail_on_commit():
            meetings.feedback_release(meeting=meeting, by=organiser)


# --- Builders: each returns the file's bytes, built as the portal builds it ---------------------


def meeting_template(step_code: str) -> Callable[[Material], bytes]:
    def build(material: Material) -> bytes:
        meeting = material.meeting_of(step_code)
        return build_meeting_template_pptx(meeting_template_data(meeting, material.people.org_a))

    return build


def organisation_facts(material: Material) -> bytes:
    return build_organisation_facts_pptx(
        organisation_facts_data(material.world.meeting, material.people.org_a)
    )


def agenda(material: Material) -> bytes:
    meeting, organiser = material.world.meeting, material.people.organiser
    for starts_at, title, owner in AGENDA:
        meetings.agenda_item_add(
            meeting=meeting, by=organiser, starts_at=starts_at, title=title, owner=owner
        )
    return build_agenda_pdf(agenda_data(meeting))


def checklist_report(material: Material) -> bytes:
    return build_checklist_report_pdf(checklist_report_data(material.enrolment()))


def comparison_sheet(material: Material):
    return comparison_report_data(
        {"cohort": material.people.cohort.pk, "occasion": "BM2", "base": "BM1", "drafts": "on"}
    )


def comparison_pdf(material: Material) -> bytes:
    return build_comparison_pdf(comparison_sheet(material))


def comparison_workbook(material: Material) -> bytes:
    return build_comparison_xlsx(comparison_sheet(material))


def stakeholder_pdf(material: Material) -> bytes:
    return build_analysis_pdf(analysis_document(material.analysis_version()))


def stakeholder_workbook(material: Material) -> bytes:
    return build_analysis_xlsx(analysis_document(material.analysis_version()))


def assessment_workbook(material: Material) -> bytes:
    return build_assessment_workbook_xlsx(workbook_data(material.enrolment()))


def feedback_pdf(material: Material) -> bytes:
    """Through the download a participant of Boden uses: the PDF is rendered in the view."""
    material.released_feedback()
    client, people = material.client, material.people
    client.force_login(people.participant_a)
    client.cookies["django_language"] = "sv"
    response = client.get(
        reverse("feedback_pdf", args=[material.world.meeting.pk, people.org_a.code])
    )
    assert response.status_code == 200
    return response.content


def feedback_docx(material: Material) -> bytes:
    from meetings.documents.feedback_docx import build_feedback_docx, feedback_docx_data

    material.released_feedback()
    return build_feedback_docx(
        feedback_docx_data(material.world.meeting, organisation=material.people.org_a)
    )


def blank_checklist(material: Material) -> bytes:
    from checklists.documents import blank_checklist_data, build_blank_checklist_pdf

    version = Assessment.objects.filter(organisation=material.people.org_a).first().version
    return build_blank_checklist_pdf(blank_checklist_data(version))


def organiser_checklist(material: Material) -> bytes:
    from meetings.documents.organiser_checklist import (
        build_organiser_checklist_pdf,
        organiser_checklist_data,
    )

    return build_organiser_checklist_pdf(organiser_checklist_data(material.world.meeting))


@dataclass(frozen=True)
class Case:
    name: str
    suffix: str
    build: Callable[[Material], bytes]
    expected: tuple[str, ...]


ORGANISATION = ("Boden", "Omgång 2026–2027")
TEAM_AND_STAKEHOLDERS = ("Åsa Öberg", "Kommunstyrelsen i Boden")

CASES = [
    Case(
        "deck-bm1",
        ".pptx",
        meeting_template("bm1"),
        (*ORGANISATION, *TEAM_AND_STAKEHOLDERS, "BM1 Norr – nuläge", "Självskattning BM1"),
    ),
    Case(
        "deck-bm2",
        ".pptx",
        meeting_template("bm2"),
        (
            *ORGANISATION,
            *TEAM_AND_STAKEHOLDERS,
            "BM2 Norr – förbättringsarbete",
            "Självskattning BM2",
            "Könsuppdelad statistik",
        ),
    ),
    Case(
        "deck-bm3",
        ".pptx",
        meeting_template("bm3"),
        # The BM3 deck shows the way from BM1 through BM2 to BM3.
        (*ORGANISATION, *TEAM_AND_STAKEHOLDERS, "BM3 Norr – uppföljning", "BM1", "BM2", "BM3"),
    ),
    Case(
        "deck-organisation-facts",
        ".pptx",
        organisation_facts,
        # The competence headers are whole words: a column too narrow must not split them.
        (
            "Boden",
            "2582",
            "Befolkning (kvinnor/män)",
            "Åsa Öberg",
            "Jämställdhetsanalys",
            "Förbättringsarbete",
            "Förändringsledning",
            "Kommunikation",
        ),
    ),
    Case(
        "pdf-agenda",
        ".pdf",
        agenda,
        (
            "BM2 Norr – förbättringsarbete",
            "Stadshuset i Luleå",
            "Piteå",
            "Välkomna och förväntningar",
            "Självskattningen: vad har förändrats sedan BM1?",
            "Åsa Öberg",
        ),
    ),
    Case(
        "pdf-checklist-report",
        ".pdf",
        checklist_report,
        (*ORGANISATION, "Jämställdhet i mål och budget", "Könsuppdelad statistik"),
    ),
    Case(
        "pdf-comparison",
        ".pdf",
        comparison_pdf,
        ("Boden", "Piteå", "Omgång 2026–2027", "Jämställdhet i mål och budget"),
    ),
    Case(
        "pdf-stakeholder-analysis",
        ".pdf",
        stakeholder_pdf,
        (
            *ORGANISATION,
            "Kommunstyrelsen i Boden",
            "Lokala medier",
            "Inflytande",
            "Kanal",
            "Ansvarig",
            "Nästa steg",
        ),
    ),
    Case(
        "pdf-feedback",
        ".pdf",
        feedback_pdf,
        ("Boden", ON_PRESENTATION, ON_IMPROVEMENT_WORK, SUMMARY_PLUS),
    ),
    Case(
        "pdf-blank-checklist",
        ".pdf",
        blank_checklist,
        (
            "Checklista för jämställdhetsintegrering",
            "Jämställdhet i mål och budget",
            "Könsuppdelad statistik",
            "Förbättringsarbete",
            "Behöver utvecklas",
        ),
    ),
    Case(
        "pdf-organiser-checklist",
        ".pdf",
        organiser_checklist,
        (
            "BM2 Norr – förbättringsarbete",
            "Stadshuset i Luleå",
            "Lokal bokad och tillgänglig",
            "Återkoppling skickad",
        ),
    ),
    Case(
        "xlsx-assessment",
        ".xlsx",
        assessment_workbook,
        (
            *ORGANISATION,
            "Checklista för jämställdhetsintegrering",
            "Jämställdhet i mål och budget",
            "Könsuppdelad statistik",
        ),
    ),
    Case(
        "xlsx-comparison",
        ".xlsx",
        comparison_workbook,
        ("Boden", "Piteå", "Jämställdhet i mål och budget"),
    ),
    Case(
        "xlsx-stakeholder-analysis",
        ".xlsx",
        stakeholder_workbook,
        ("Boden", "Kommunstyrelsen i Boden", "Lokala medier", "Inflytande", "Nästa steg"),
    ),
    Case(
        "docx-feedback",
        ".docx",
        feedback_docx,
        ("Boden", "BM2 Norr – förbättringsarbete", ON_PRESENTATION, ON_IMPROVEMENT_WORK),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_document_opens_in_libreoffice_with_all_its_text_on_the_page(
    case, document_world, mail_on_commit, client, tmp_path
):
    material = Material(world=document_world, mail_on_commit=mail_on_commit, client=client)
    with translation.override("sv"):
        content = case.build(material)
    source = tmp_path / f"{case.name}{case.suffix}"
    source.write_bytes(content)
    if case.suffix == ".pdf":  # as the portal hands it out, before LibreOffice reads it
        outside = text_outside_pages(read_printed(source))
        assert not outside, f"{case.name}: text outside the page box:\n" + "\n".join(outside)
    pages = read_printed(office_to_pdf(source, tmp_path / "printed"))
    assert pages, f"{case.name}: LibreOffice printed no page"
    outside = text_outside_pages(pages)
    assert not outside, (
        f"{case.name}: text outside the page box as LibreOffice prints it:\n" + "\n".join(outside)
    )
    missing = missing_phrases(pages, case.expected)
    assert not missing, f"{case.name}: missing {missing} in\n{whole_text(pages)}"
    english = english_left(pages)
    assert not english, f"{case.name}: English in a Swedish document:\n" + "\n".join(english)


# --- The checks themselves can fail --------------------------------------------------------------


def test_text_placed_beyond_the_slide_is_named_with_its_page(tmp_path):
    from pptx import Presentation
    from pptx.util import Pt

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    box = slide.shapes.add_textbox(deck.slide_width - Pt(40), Pt(100), Pt(300), Pt(40))
    box.text_frame.text = "Ansvarig för nästa steg"
    box.text_frame.word_wrap = False
    source = tmp_path / "beyond.pptx"
    deck.save(source)
    outside = text_outside_pages(read_printed(office_to_pdf(source, tmp_path / "printed")))
    assert outside and all(line.startswith("page 1: ") for line in outside)
    assert "steg" in " ".join(outside)


def test_phrases_are_found_when_they_wrap_in_their_cell_not_across_cells_and_english_is_named(
    tmp_path,
):
    from portal.pdf import html_to_pdf

    html = """<html><body><table style="font-size: 10pt"><tr>
        <td style="width: 25mm">Kommunstyrelsen i Boden</td>
        <td style="width: 40mm">Lokala medier</td>
        <td style="width: 14mm">Förändrings&shy;ledning</td>
        <td style="width: 12mm; overflow-wrap: anywhere">Inflytande</td>
        <td>Håll nöjd</td>
        </tr></table>
        <div style="margin-top: 30mm; width: 40mm; transform: rotate(-90deg)">
        Jämställdhet i mål och budget</div><p>Page 1 of 4</p></body></html>"""
    pdf = tmp_path / "cells.pdf"
    pdf.write_bytes(html_to_pdf(html))
    pages = read_printed(pdf)
    assert "Kommunstyrelsen i Boden" not in " ".join(pages[0].text.split())  # it does wrap
    assert "Förändrings\u2010" in [word["text"] for word in pages[0].words]  # hyphenated
    found = ["Kommunstyrelsen i Boden", "Lokala medier", "Håll nöjd", "Förändringsledning"]
    assert missing_phrases(pages, (*found, "Jämställdhet i mål och budget")) == []
    across_cells = ["Boden Lokala", "medier Håll", "Kommunstyrelsen i medier", "Inflytande"]
    assert missing_phrases(pages, tuple(across_cells)) == across_cells
    assert english_left(pages) == ["page 1: 'Page 1 of 4'"]
