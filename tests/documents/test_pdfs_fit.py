"""Every PDF the portal builds fits its page: each character's box lies inside the page box, the
expected Swedish strings are there, long tables wrap instead of running off the edge, text
columns read from the left and numbers line up on the right."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from django.utils import translation

from checklists.documents import (
    blank_checklist_data,
    build_blank_checklist_pdf,
    build_checklist_report_pdf,
    build_comparison_pdf,
)
from checklists.models import ChecklistVersion
from checklists.reports import (
    ChecklistReport,
    ReportItem,
    ReportOccasion,
    checklist_report_data,
    comparison_report_data,
)
from meetings.documents import build_agenda_pdf
from meetings.documents.agenda import AgendaDocument, AgendaLine
from meetings.documents.organiser_checklist import (
    build_organiser_checklist_pdf,
    organiser_checklist_data,
)
from meetings.services.organiser_tasks import organiser_task_set_done
from portal.models import Enrolment
from stakeholders.documents import build_analysis_pdf
from stakeholders.models import Stakeholder
from stakeholders.selectors import AnalysisDocument, DocumentRow, grid_data

from .conftest import A_BM1, A_BM2, B_BM2

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
STAKEHOLDER_HEADERS = [
    "Nr",
    "Intressent",
    "Kategori",
    "Inflytande",
    "intresse",
    "Kvadrant",
    "Inställning",
    "Roll",
    "arbetet",
    "Förväntad",
    "nytta",
    "Konflikter",
    "hantering",
    "Budskap",
    "Kanal",
    "Ansvarig",
    "Nästa",
    "steg",
]


def opened(content: bytes) -> pdfplumber.PDF:
    assert content.startswith(b"%PDF")
    return pdfplumber.open(io.BytesIO(content))


def assert_inside_the_page(pdf: pdfplumber.PDF) -> None:
    for number, page in enumerate(pdf.pages, start=1):
        assert page.chars, f"page {number} has no text"
        for char in page.chars:
            inside = (
                char["x0"] >= 0
                and char["x1"] <= page.width
                and char["top"] >= 0
                and char["bottom"] <= page.height
            )
            assert inside, f"page {number}: {char['text']!r} at {char['x0']:.1f}–{char['x1']:.1f}"


def all_text(pdf: pdfplumber.PDF) -> str:
    return "\n".join(page.extract_text() or "" for page in pdf.pages)


def words_of(page) -> list[dict]:
    return page.extract_words(keep_blank_chars=False, use_text_flow=True)


# --- The stakeholder analysis ------------------------------------------------------------------

LONG = {
    "name": "Kommunstyrelseförvaltningens jämställdhetsstrateg på Älvsbyns äldreomsorg",
    "benefit": "Förbättrad måluppfyllelse för både kvinnor och män i äldreomsorgens verksamheter",
    "conflicts": "Målkonflikter mellan budgetåtstramningar och förväntade förändringsåtgärder",
    "key_message": "Jämställdhetsintegrering ger träffsäkrare välfärdstjänster åt invånarna",
    "channel": "Förvaltningsledningsgruppens månadsmöte och intranätsnyheter",
    "owner_name": "Åsa Öberg-Ångström",
    "next_action": "Boka uppföljningsmöte med förvaltningsledningen och återkoppla",
}


def stakeholder_document(rows: int) -> AnalysisDocument:
    people = [
        Stakeholder(name=f"{LONG['name']} {n}", influence=1 + n % 3, interest=1 + (n // 3) % 3)
        for n in range(rows)
    ]
    return AnalysisDocument(
        organisation_name="Älvsbyns kommun",
        organisation_code="2560",
        cohort_name="Omgång 2026–2027",
        occasion="BM1",
        occasion_label="BM1",
        updated_at=datetime(2027, 3, 1, 10, 0, tzinfo=STOCKHOLM),
        rows=[
            DocumentRow(
                key=str(n),
                name=person.name,
                category="Förtroendevalda politiker",
                placement="Intern",
                interest_in_work="",
                influence=person.influence,
                interest=person.interest,
                quadrant="Håll informerad",
                attitude="Avvaktande",
                role="Påverkar beslutsfattandet",
                benefit=LONG["benefit"],
                conflicts=LONG["conflicts"],
                key_message=LONG["key_message"],
                channel=LONG["channel"],
                owner_email="asa@example.org",
                owner_name=LONG["owner_name"],
                next_action=LONG["next_action"],
                next_action_on=date(2027, 4, 15),
            )
            for n, person in enumerate(people)
        ],
        grid=grid_data(people, title="Intressentkarta: Älvsbyns kommun, BM1"),
        member_emails=["asa@example.org"],
    )


def test_the_stakeholder_analysis_is_landscape_wraps_and_repeats_its_header():
    with translation.override("sv"):
        pdf = opened(build_analysis_pdf(stakeholder_document(40)))
    assert len(pdf.pages) >= 3
    assert_inside_the_page(pdf)
    for page in pdf.pages:
        assert page.width > page.height  # landscape
    text = all_text(pdf)
    for expected in ["Intressentanalys: Älvsbyns kommun", "Omgång 2026–2027", "Åsa Öberg"]:
        assert expected in text, expected
    # The header row on every page of the table, every header word whole.
    for page in pdf.pages[1:]:
        words = {word["text"] for word in words_of(page)}
        missing = [header for header in STAKEHOLDER_HEADERS if header not in words]
        assert not missing, f"page {page.page_number} lacks {missing}"
    # Cells wrap: each long text whole in its cell, broken only between words or by syllable.
    table = pdf.pages[1].extract_table()
    assert table[0][0] == "Nr" and table[0][-1].replace("\n", " ") == "Nästa steg"
    first = [joined(cell) for cell in table[1]]
    assert first[1] == LONG["name"] + " 0"
    assert first[7:11] == [LONG[key] for key in ("benefit", "conflicts", "key_message", "channel")]
    assert first[11:] == [LONG["owner_name"], LONG["next_action"] + " (2027-04-15)"]


def joined(cell: str) -> str:
    """A cell's text as one line: a syllable break (a hyphen at the end of a line) joined."""
    cell = cell.replace("\u2010\n", "").replace("-\n", "-")
    return cell.replace("\n", " ")


# --- The agenda ---------------------------------------------------------------------------------


def agenda(**changes) -> AgendaDocument:
    values = {
        "meeting_title": "BM1 i Älvsbyn – styrning och ledning",
        "step_title": "BM1 Styrning och ledning för jämställdhetsintegrering",
        "cohort_name": "Modellkommuner och modellregioner 2026–2027",
        "audience": "Kluster Norr med Älvsbyn, Piteå, Luleå och Skellefteå",
        "starts_at": datetime(2027, 4, 1, 9, 30, tzinfo=STOCKHOLM),
        "ends_at": datetime(2027, 4, 1, 16, 0, tzinfo=STOCKHOLM),
        "host_name": "Älvsbyns kommun",
        "venue": "Folkets hus, Storgatan 1",
        "accessibility": "Hörslinga och ramp vid entrén",
        "remote_link": "https://möte.example.org/" + "förvaltningsövergripande" * 4,
        "introduction": "",
        "items": (
            AgendaLine("09:30", "Välkomna och syfte med dagen", "Örjan Åström", ""),
            AgendaLine("10:00", "Organisationernas presentationer", "Alla", "Tio minuter var"),
        ),
    }
    values.update(changes)
    return AgendaDocument(**values)


def test_the_agenda_with_items_fits_and_keeps_the_cohort_whole():
    with translation.override("sv"):
        pdf = opened(build_agenda_pdf(agenda()))
    assert_inside_the_page(pdf)
    text = all_text(pdf)
    for expected in ["Välkomna och syfte med dagen", "Örjan Åström", "Tio minuter var"]:
        assert expected in text
    assert "Modellkommuner och modellregioner 2026–2027" in text.replace("\n", " ")
    assert "2026–\n2027" not in text
    assert "inga punkter" not in text


def test_an_agenda_of_free_text_shows_the_text_and_not_that_it_has_no_items():
    introduction = "09.30 Välkomna\n10.00 Presentationer från Östersund och Växjö"
    with translation.override("sv"):
        pdf = opened(build_agenda_pdf(agenda(items=(), introduction=introduction)))
    assert_inside_the_page(pdf)
    text = all_text(pdf)
    assert "Presentationer från Östersund och Växjö" in text
    assert "inga punkter" not in text


def test_an_agenda_with_neither_says_it_has_no_items():
    with translation.override("sv"):
        text = all_text(opened(build_agenda_pdf(agenda(items=(), introduction=""))))
    assert "Dagordningen har inga punkter ännu." in text


# --- The checklist's PDFs ------------------------------------------------------------------------


def test_the_checklist_report_fits(document_world):
    world = document_world.world
    enrolment = Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort)
    with translation.override("sv"):
        pdf = opened(build_checklist_report_pdf(checklist_report_data(enrolment)))
    assert_inside_the_page(pdf)
    text = all_text(pdf)
    for expected in ["Självskattning: Boden", "Förflyttning", "Moment", "Tillfällen"]:
        assert expected in text
    assert f"+{sum(A_BM2) - sum(A_BM1)}" in text


def test_a_report_over_all_four_occasions_fits_one_page_with_every_heading():
    occasions = ("BM1", "BM2", "BM3", "Resultatkonferens")
    report = ChecklistReport(
        organisation_name="Region Jämtland Härjedalen",
        organisation_code="23",
        cohort_name="Modellkommuner och modellregioner 2026–2027",
        version_name="Checklista för jämställdhetsintegrering (tio moment, skala 1–3)",
        scale_legend="1 = Inte påbörjat, 2 = Behöver utvecklas, 3 = Finns på plats",
        occasions=tuple(
            ReportOccasion(label, "Inskickad", date(2027, 3, n + 1), 15 + n, n or None)
            for n, label in enumerate(occasions)
        ),
        items=tuple(
            ReportItem(
                n,
                "Styrning och ledning" if n < 6 else "Förbättringsarbete",
                "Könsuppdelad statistik som analyseras",
                (1, 2, 2, 3),
                2,
            )
            for n in range(1, 11)
        ),
        readiness="Ja",
        movement=3,
    )
    with translation.override("sv"):
        pdf = opened(build_checklist_report_pdf(report))
    assert len(pdf.pages) == 1
    assert_inside_the_page(pdf)
    text = all_text(pdf)
    assert "Region Jämtland Härjedalen" in text and "Förbättringsarbete" in text
    header = next(line for line in text.splitlines() if line.startswith("Moment BM1"))
    assert header.split()[:4] == ["Moment", "BM1", "BM2", "BM3"]
    # No two heading words overlap: each starts after the previous one ends.
    words = sorted(
        (w for w in words_of(pdf.pages[0]) if abs(w["top"] - words_of(pdf.pages[0])[0]["top"]) > 0),
        key=lambda w: (round(w["top"]), w["x0"]),
    )
    for before, after in zip(words, words[1:], strict=False):
        if round(before["top"]) == round(after["top"]):
            assert after["x0"] >= before["x1"] - 0.5, (before["text"], after["text"])


def comparison_pdf(world) -> pdfplumber.PDF:
    parameters = {"cohort": world.cohort.pk, "occasion": "BM2", "base": "BM1", "drafts": "on"}
    with translation.override("sv"):
        return opened(build_comparison_pdf(comparison_report_data(parameters)))


def row_words(words: list[dict], anchor: dict) -> list[dict]:
    return [word for word in words if abs(word["top"] - anchor["top"]) < 2]


def test_the_comparison_fits_with_text_left_and_numbers_right(document_world):
    world = document_world.world
    pdf = comparison_pdf(world)
    assert_inside_the_page(pdf)
    text = all_text(pdf)
    assert "Piteå" in text and "Förflyttning" in text and "Genomsnitt" in text
    words = words_of(pdf.pages[0])
    boden = next(word for word in words if word["text"] == "Boden")
    mentor = next(word for word in words if word["text"] == world.mentor_org.name)
    # Numbers: Boden's total (two digits) and the mentor organisation's dash end at one x.
    total = next(w for w in row_words(words, boden) if w["text"] == str(sum(A_BM2)))
    assert str(sum(B_BM2)) in text
    dash = [w for w in row_words(words, mentor) if abs(w["x1"] - total["x1"]) < 1]
    assert dash and dash[0]["text"] == "–", "totals are not right-aligned"
    assert abs(dash[0]["x0"] - total["x0"]) > 1
    # Text: the mentor's status ("Inte påbörjad") and Boden's ("Utkast") start at one x.
    status = next(w for w in row_words(words, mentor) if w["text"] == "Inte")
    same_x = [w for w in row_words(words, boden) if abs(w["x0"] - status["x0"]) < 1]
    assert [w["text"] for w in same_x] == ["Utkast"], "statuses are not left-aligned"
    assert abs(same_x[0]["x1"] - status["x1"]) > 1
    # Averages with a decimal comma, headings whole.
    assert "2,5" in text
    averages = {word["text"] for word in words}
    assert {"Genomsnittlig", "förflyttning", "Organisationer", "Klara", "Saknas"} <= averages


def test_the_blank_checklist_has_every_item_boxes_and_room_to_write(document_world):
    version = ChecklistVersion.objects.get(is_default=True)
    data = blank_checklist_data(version)
    assert data.item_count == version.items.count() == 10
    with translation.override("sv"):
        pdf = opened(build_blank_checklist_pdf(data))
    assert_inside_the_page(pdf)
    page = pdf.pages[0]
    assert page.height > page.width  # A4 portrait
    text = all_text(pdf).replace("\n", " ")
    for item in version.items.all():
        assert f"{item.number}. {item.short_title_sv}" in text
        assert item.text_sv.split()[0] in text
    for level in version.levels.all():
        assert f"{level.value} {level.label_sv}" in text
    assert "Kommentar" in text and "Tillfälle" in text and "Organisation" in text
    boxes = [rect for page in pdf.pages for rect in page.rects if 9 < rect["width"] < 12]
    assert len(boxes) >= 10 * version.levels.count()


def test_the_organiser_checklist_lists_every_task_by_phase(document_world):
    world = document_world.world
    meeting = document_world.meeting
    world.organiser.full_name = "Örjan Åström"
    world.organiser.save()
    task = meeting.organiser_tasks.get(code="venue")
    organiser_task_set_done(task=task, by=world.organiser, done=True)
    with translation.override("sv"):
        data = organiser_checklist_data(meeting)
        pdf = opened(build_organiser_checklist_pdf(data))
    assert data.done_count == 1 and data.line_count == meeting.organiser_tasks.count() == 7
    assert_inside_the_page(pdf)
    text = all_text(pdf)
    for expected in [
        "Arrangörens checklista: BM2 Norr – förbättringsarbete",
        "Före mötet",
        "Under mötet",
        "Efter mötet",
        "1 av 7 punkter klara.",
        "Örjan Åström,",
    ]:
        assert expected in text, expected
