"""The agenda PDF builder: pure, read back with pdftotext."""

import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from meetings.documents import AgendaDocument, build_agenda_pdf
from meetings.documents.agenda import AgendaLine

from .conftest import HOSTILE, pdf_text

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def agenda(**changes) -> AgendaDocument:
    values = {
        "meeting_title": "BM1 i Älvsbyn – ledning och styrning",
        "step_title": "BM1",
        "cohort_name": "Omgång 2026–2027",
        "audience": "Norr",
        "starts_at": datetime(2027, 4, 1, 9, 30, tzinfo=STOCKHOLM),
        "ends_at": datetime(2027, 4, 1, 16, 0, tzinfo=STOCKHOLM),
        "host_name": "Älvsbyns kommun",
        "venue": "Folkets hus, Storgatan 1",
        "accessibility": "Hörslinga i salen",
        "remote_link": "",
        "introduction": "Välkomna till en dag om styrning och ledning!",
        "items": (
            AgendaLine("09:30", "Välkomna och syfte", "Örjan Åström", ""),
            AgendaLine("10:00", "Organisationernas presentationer", HOSTILE, "Tio minuter var"),
        ),
    }
    values.update(changes)
    return AgendaDocument(**values)


def test_the_agenda_lists_items_with_times_owners_and_swedish_letters():
    content = build_agenda_pdf(agenda())
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for expected in [
        "BM1 i Älvsbyn – ledning och styrning",
        "Älvsbyns kommun",
        "Välkomna till en dag om styrning och ledning!",
        "09:30",
        "Välkomna och syfte",
        "Örjan Åström",
        "Organisationernas presentationer",
        "Tio minuter var",
        "<script>alert(",
    ]:
        assert expected in text, expected


def test_fonts_are_embedded(tmp_path):
    target = tmp_path / "agenda.pdf"
    target.write_bytes(build_agenda_pdf(agenda()))
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, check=True, text=True)
    lines = fonts.stdout.splitlines()[2:]
    assert lines and all(" yes " in line for line in lines)


def test_an_agenda_without_items_says_so():
    with translation.override("en"):
        text = pdf_text(build_agenda_pdf(agenda(items=(), introduction="", host_name="")))
    assert "The agenda has no items yet." in text
    assert "BM1 i Älvsbyn – ledning och styrning" in text
