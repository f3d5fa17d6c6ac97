"""The feedback as a Word letter organisers edit further: what it holds, how Word reads it, who
may download it, and how LibreOffice lays it out."""

import io
import shutil
import subprocess
from datetime import UTC, datetime

import pdfplumber
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from meetings import services
from meetings.documents.feedback_docx import (
    FeedbackLetters,
    OrganisationFeedback,
    PmiSummary,
    build_feedback_docx,
    feedback_docx_data,
)
from meetings.selectors import invited_organisations
from tests import factories

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ON_PRESENTATION = "Tydlig analys av Växjö & Luleå; åtta frågor från Örebro."


@pytest.fixture
def feedback(meeting_world):
    """A's feedback (with a list), B's, and the meeting's Plus / Minus / Interesting, as drafts
    written by an organiser with a Swedish name."""
    world = meeting_world.world
    world.organiser.full_name = "Åsa Öberg"
    world.organiser.save()
    meeting = meeting_world.meeting
    services.feedback_save(
        meeting=meeting,
        organisation=world.org_a,
        by=world.organiser,
        on_presentation=ON_PRESENTATION,
        on_improvement_work="Tre saker att ta med:\n- Könsuppdelad statistik\n- Budget & mål",
    )
    services.feedback_save(
        meeting=meeting,
        organisation=world.org_b,
        by=world.organiser,
        on_presentation="Piteås intressentanalys var genomarbetad.",
    )
    services.feedback_save(
        meeting=meeting,
        organisation=None,
        by=world.organiser,
        plus="Öppna samtal",
        minus="För lite tid för frågor",
        interesting="Hur nämnderna följer upp mål",
    )
    return meeting_world


def _open(content: bytes):
    return Document(io.BytesIO(content))


def _paragraphs(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def _text_after(paragraphs: list[tuple[str, str]], heading: str) -> str:
    """The text of the paragraphs under a heading, up to the next heading."""
    start = paragraphs.index(("Heading 2", heading)) + 1
    lines = []
    for style, text in paragraphs[start:]:
        if style.startswith("Heading") or style == "Title":
            break
        lines.append(text)
    return "\n".join(lines)


def test_one_organisations_letter_holds_its_feedback_and_the_meetings_summary(feedback):
    world = feedback.world
    document = _open(build_feedback_docx(feedback_docx_data(feedback.meeting, world.org_a)))
    paragraphs = _paragraphs(document)
    assert paragraphs[0] == ("Title", f"Återkoppling till {world.org_a.name}")
    assert ("Subtitle", "Efter mötet BM1 Norr") in paragraphs
    texts = [text for _style, text in paragraphs]
    assert "Steg: BM1 – Ledning och styrning" in texts
    assert "Datum: 1 april 2027" in texts and "Plats: Stadshuset" in texts
    # The meeting in brief comes first, then the organisation's own boxes.
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert headings == [
        "Mötet i korthet",
        "Plus",
        "Minus",
        "Intressant",
        "Vår återkoppling till er",
        "Om er presentation",
        "Om ert förbättringsarbete",
    ]
    assert _text_after(paragraphs, "Plus") == "Öppna samtal"
    assert _text_after(paragraphs, "Minus") == "För lite tid för frågor"
    assert _text_after(paragraphs, "Intressant") == "Hur nämnderna följer upp mål"
    assert _text_after(paragraphs, "Om er presentation") == ON_PRESENTATION
    assert ("List Bullet", "Könsuppdelad statistik") in paragraphs
    assert ("List Bullet", "Budget & mål") in paragraphs
    assert "&amp;" not in "".join(texts)
    # The senders close the letter; nothing of another organisation is in it.
    assert texts[-2] == "Med vänliga hälsningar"
    assert texts[-1] == "Åsa Öberg\nMötesarrangör, Omgång 2026–2027"
    assert not any("Piteå" in text for text in texts)


def test_the_whole_meetings_document_has_one_letter_per_organisation_each_on_a_new_page(
    feedback,
):
    meeting = feedback.meeting
    document = _open(build_feedback_docx(feedback_docx_data(meeting)))
    titles = [p for p in document.paragraphs if p.style.name == "Title"]
    names = [org.name for org in invited_organisations(meeting)]
    assert len(names) == 3
    assert [p.text for p in titles] == [f"Återkoppling till {name}" for name in names]
    assert [bool(p.paragraph_format.page_break_before) for p in titles] == [False, True, True]
    text = "\n".join(p.text for p in document.paragraphs)
    assert ON_PRESENTATION in text and "Piteås intressentanalys var genomarbetad." in text
    # Every letter carries the meeting's summary; a box nobody wrote shows a dash.
    assert text.count("Öppna samtal") == 3
    assert document.core_properties.title == "Återkoppling efter BM1 Norr"


def test_the_letter_is_swedish_on_a4_with_page_numbers(feedback):
    world = feedback.world
    document = _open(build_feedback_docx(feedback_docx_data(feedback.meeting, world.org_a)))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    core = document.core_properties
    assert core.language == "sv-SE"
    assert core.title == f"Återkoppling efter BM1 Norr – {world.org_a.name}"
    assert core.author == "Åsa Öberg" and "python-docx" not in core.comments
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.left_margin, section.right_margin)
    assert [round(margin.cm, 2) for margin in margins] == [2.5, 2.5]
    footer = section.footer.paragraphs[0]
    instructions = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Återkoppling efter BM1 Norr · sida ")
    # One font, named, in every style (no theme font Word would prefer to it).
    fonts = list(document.styles.element.iter(qn("w:rFonts")))
    assert fonts and all(f.get(qn("w:ascii")) == "Arial" for f in fonts)
    assert not any(f.get(qn("w:asciiTheme")) for f in fonts)


def test_text_pasted_with_control_characters_still_makes_a_letter():
    """Characters XML cannot hold (pasted from other programs) are dropped, not a server error;
    a box nobody wrote shows a dash to write over."""
    data = FeedbackLetters(
        meeting_title="Örebro, Växjö & Luleå",
        step_title="BM2",
        date_text="3 maj 2027",
        place="",
        cohort_name="Omgång 2026–2027",
        summary=PmiSummary(plus="Bra\x0bsamtal\x00", minus="", interesting=""),
        letters=(OrganisationFeedback("Växjö", "0780", "Rad ett\r\nrad två", ""),),
        senders=(),
        prepared_at=datetime(2027, 5, 3, 12, 0, tzinfo=UTC),
    )
    paragraphs = _paragraphs(_open(build_feedback_docx(data)))
    assert _text_after(paragraphs, "Plus") == "Bra\nsamtal"
    assert _text_after(paragraphs, "Minus") == "–"
    assert _text_after(paragraphs, "Om er presentation") == "Rad ett\nrad två"
    assert ("Subtitle", "Efter mötet Örebro, Växjö & Luleå") in paragraphs
    assert not any(text.startswith("Plats") for _style, text in paragraphs)
    assert paragraphs[-1] == ("Normal", "Omgång 2026–2027")


def test_organisers_download_a_letter_and_the_whole_meeting_with_drafts(client, feedback):
    world = feedback.world
    meeting = feedback.meeting
    factories.login_with_second_factor(client, world.organiser)
    response = client.get(reverse("feedback_docx", args=[meeting.pk, world.org_b.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="aterkoppling-pitea.docx"'
    text = "\n".join(p.text for p in _open(response.content).paragraphs)
    assert "Piteås intressentanalys var genomarbetad." in text and ON_PRESENTATION not in text
    everything = client.get(reverse("feedback_docx_all", args=[meeting.pk]))
    assert everything.status_code == 200 and everything["Content-Type"] == DOCX
    assert everything["Content-Disposition"] == 'attachment; filename="aterkoppling-bm1-norr.docx"'
    page = client.get(reverse("feedback_manage", args=[meeting.pk])).content.decode()
    assert reverse("feedback_docx_all", args=[meeting.pk]) in page
    assert reverse("feedback_docx", args=[meeting.pk, world.org_a.code]) in page


def test_only_organisers_get_the_letter_never_an_organisation_even_after_release(
    client, feedback, mail_on_commit
):
    """The letter holds drafts; an organisation reads its released feedback on the page and as
    PDF. Its own members, another organisation and the mentor get the same "not found"."""
    world = feedback.world
    meeting = feedback.meeting
    letter = reverse("feedback_docx", args=[meeting.pk, world.org_a.code])
    everything = reverse("feedback_docx_all", args=[meeting.pk])
    for person in (world.participant_a, world.participant_b, world.mentor):
        client.force_login(person)
        assert client.get(letter).status_code == 404
        assert client.get(everything).status_code == 404
    with mail_on_commit():
        services.feedback_release(meeting=meeting, by=world.organiser)
    client.force_login(world.participant_a)
    assert client.get(letter).status_code == 404
    released = client.get(reverse("feedback_organisation", args=[meeting.pk, world.org_a.code]))
    assert released.status_code == 200 and letter not in released.content.decode()
    factories.login_with_second_factor(client, world.organiser)
    released = client.get(reverse("feedback_organisation", args=[meeting.pk, world.org_a.code]))
    assert letter in released.content.decode()


def test_libreoffice_lays_the_letters_out_inside_the_page(feedback, tmp_path):
    """Converted by LibreOffice Writer, every letter's text is present and inside the page."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is needed to check the Word letter's layout")
    source = tmp_path / "aterkoppling.docx"
    source.write_bytes(build_feedback_docx(feedback_docx_data(feedback.meeting)))
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(tmp_path / "aterkoppling.pdf") as pdf:
        first_pages = []
        for page in pdf.pages:
            assert round(page.width) == 595 and round(page.height) == 842  # A4 in points
            for char in page.chars:
                assert char["x0"] >= 0 and char["x1"] <= page.width, char["text"]
                assert char["top"] >= 0 and char["bottom"] <= page.height, char["text"]
            text = page.extract_text()
            if text.startswith("Återkoppling till"):
                first_pages.append(text.splitlines()[0])
            assert "sida" in text.splitlines()[-1]
        whole = "\n".join(page.extract_text() for page in pdf.pages)
    names = [org.name for org in invited_organisations(feedback.meeting)]
    assert first_pages == [f"Återkoppling till {name}" for name in names]
    assert "Växjö & Luleå" in whole and "Åsa Öberg" in whole
    assert f"sida 1 av {len(pdf.pages)}" in whole
