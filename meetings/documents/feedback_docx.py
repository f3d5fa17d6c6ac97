"""The organisers' feedback after a meeting as a Word letter, one organisation or all of them.

Organisers keep editing the feedback in Word before they send it on (SKR's own template,
"Återkoppling efter benchmarkingträffar", is a Word document), so the letter uses Word's built-in
styles only (Title, Subtitle, Heading 1/2, Normal, List Bullet): restyling the document restyles
every letter in it. `feedback_docx_data` reads everything up front; `build_feedback_docx` is pure.
"""

import io
import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone, translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from portal.models import Organisation

from ..models import Meeting
from ..selectors import feedback_overview

LANGUAGE = "sv-SE"
# The portal's documents are set in Arial (on every office computer; LibreOffice substitutes a
# metric-compatible sans), rather than the template's serif body under sans headings.
FONT = "Arial"
EMPTY = "–"
# Characters XML 1.0 cannot hold (pasted from other programs now and then); tabs and line
# breaks are kept and become Word's own, and so are Word's own manual line and page breaks
# (vertical tab, form feed) when text copied from Word comes back.
_NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_BULLET = re.compile(r"^\s*[-*•–]\s+")


@dataclass(frozen=True)
class PmiSummary:
    """The meeting's Plus / Minus / Interesting, newest version (draft or released)."""

    plus: str
    minus: str
    interesting: str


@dataclass(frozen=True)
class OrganisationFeedback:
    organisation_name: str
    organisation_code: str
    on_presentation: str
    on_improvement_work: str


@dataclass(frozen=True)
class FeedbackLetters:
    meeting_title: str
    step_title: str
    date_text: str  # "1 april 2027", already in Swedish
    place: str
    cohort_name: str
    summary: PmiSummary
    letters: tuple[OrganisationFeedback, ...]  # one per organisation, in name order
    senders: tuple[str, ...]  # the meeting's organisers
    prepared_at: datetime


def feedback_docx_data(
    meeting: Meeting, organisation: Organisation | None = None
) -> FeedbackLetters:
    """The newest version of every box, drafts included: the letter is the organisers' working
    copy, never what an organisation reads (that stays the released feedback). Without an
    organisation, every organisation of the meeting gets its letter."""
    meeting = Meeting.objects.select_related("step", "cohort").get(pk=meeting.pk)
    overview = feedback_overview(meeting)
    rows = [
        row
        for row in overview.rows
        if organisation is None or row.organisation.pk == organisation.pk
    ]
    summary = overview.summary.latest
    with translation.override("sv"):
        date_text = formats.date_format(timezone.localtime(meeting.starts_at), "j F Y")
    return FeedbackLetters(
        meeting_title=meeting.title,
        step_title=meeting.step.title_sv,
        date_text=date_text,
        place=meeting.venue,
        cohort_name=meeting.cohort.name,
        summary=PmiSummary(
            plus=summary.plus if summary else "",
            minus=summary.minus if summary else "",
            interesting=summary.interesting if summary else "",
        ),
        letters=tuple(
            OrganisationFeedback(
                organisation_name=row.organisation.name,
                organisation_code=row.organisation.code,
                on_presentation=row.latest.on_presentation if row.latest else "",
                on_improvement_work=row.latest.on_improvement_work if row.latest else "",
            )
            for row in rows
        ),
        senders=tuple(
            str(person)
            for person in meeting.organisers.filter(is_active=True).order_by("full_name", "email")
        ),
        prepared_at=timezone.now(),
    )


def build_feedback_docx(data: FeedbackLetters) -> bytes:
    document = Document()
    _swedish(document, data)
    _one_font(document)
    _a4_with_page_numbers(document, data)
    letters = data.letters or (None,)
    for index, letter in enumerate(letters):
        _letter(document, data, letter, new_page=index > 0)
    # The template's only paragraph is empty; the first letter's title goes before it.
    _drop_empty_first_paragraph(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- The document as a whole ---------------------------------------------------------------


def _swedish(document, data: FeedbackLetters) -> None:
    """Swedish for every run (Word's spelling and hyphenation follow it) through the document
    defaults, so a style the organiser adds later is Swedish too."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
    core = document.core_properties
    core.title = _document_title(data)
    core.subject = "Återkoppling efter benchmarkingträffar"
    core.language = LANGUAGE
    core.author = ", ".join(data.senders) or data.cohort_name
    core.last_modified_by = core.author
    core.comments = ""
    core.created = core.modified = data.prepared_at
    core.revision = 1


def _one_font(document) -> None:
    """Every style in FONT: the explicit name replaces the theme's, which Word would otherwise
    prefer to it. The styles stay the place to restyle; the footer is set smaller."""
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for theme in ("w:asciiTheme", "w:hAnsiTheme"):
            fonts.attrib.pop(qn(theme), None)
        fonts.set(qn("w:ascii"), FONT)
        fonts.set(qn("w:hAnsi"), FONT)
    document.styles["Footer"].font.size = Pt(9)


def _document_title(data: FeedbackLetters) -> str:
    if len(data.letters) == 1:
        return f"Återkoppling efter {data.meeting_title} – {data.letters[0].organisation_name}"
    return f"Återkoppling efter {data.meeting_title}"


def _a4_with_page_numbers(document, data: FeedbackLetters) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.footer_distance = Cm(1.0)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"Återkoppling efter {data.meeting_title} · sida ")
    _field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES", "1")


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out the
    page; `shown` is what a reader that does not update fields displays."""

    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _drop_empty_first_paragraph(document) -> None:
    first = document.paragraphs[0]
    if not first.text and not first.runs:
        first._element.getparent().remove(first._element)


# --- One letter ----------------------------------------------------------------------------


def _letter(document, data: FeedbackLetters, letter: OrganisationFeedback | None, *, new_page):
    """Heading with the meeting, the meeting in brief, the organisation's own feedback, the
    senders. Each letter after the first starts on a page of its own."""
    if letter is not None:
        title = document.add_paragraph(f"Återkoppling till {letter.organisation_name}", "Title")
    else:
        title = document.add_paragraph(f"Återkoppling efter {data.meeting_title}", "Title")
    title.paragraph_format.page_break_before = new_page
    document.add_paragraph(f"Efter mötet {data.meeting_title}", "Subtitle")
    _facts(document, data)
    if letter is not None:
        document.add_paragraph(
            "Tack för att ni deltog i mötet. Här följer vår återkoppling: först mötet i korthet, "
            "sedan det vi vill lyfta fram för just er."
        )
    document.add_heading("Mötet i korthet", level=1)
    for heading, text in (
        ("Plus", data.summary.plus),
        ("Minus", data.summary.minus),
        ("Intressant", data.summary.interesting),
    ):
        document.add_heading(heading, level=2)
        _text(document, text)
    if letter is not None:
        document.add_heading("Vår återkoppling till er", level=1)
        document.add_heading("Om er presentation", level=2)
        _text(document, letter.on_presentation)
        document.add_heading("Om ert förbättringsarbete", level=2)
        _text(document, letter.on_improvement_work)
    _signature(document, data)


def _facts(document, data: FeedbackLetters) -> None:
    facts = [("Steg", data.step_title), ("Datum", data.date_text), ("Plats", data.place)]
    shown = [(label, value) for label, value in facts if value]
    for position, (label, value) in enumerate(shown):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_clean(value))
        if position < len(shown) - 1:
            paragraph.paragraph_format.space_after = Cm(0)


def _signature(document, data: FeedbackLetters) -> None:
    closing = document.add_paragraph("Med vänliga hälsningar")
    closing.paragraph_format.space_before = Cm(0.6)
    closing.paragraph_format.keep_with_next = True
    role = "Mötesarrangör" if len(data.senders) == 1 else "Mötesarrangörer"
    lines = [*data.senders, f"{role}, {data.cohort_name}" if data.senders else data.cohort_name]
    document.add_paragraph("\n".join(_clean(line) for line in lines))


def _text(document, text: str) -> None:
    """Free text as the organiser typed it: a blank line starts a new paragraph, a line
    starting with "-", "*" or "•" becomes a List Bullet item, other line breaks stay breaks."""
    text = _clean(text).strip()
    if not text:
        document.add_paragraph(EMPTY)
        return
    lines: list[str] = []

    def flush():
        if lines:
            document.add_paragraph("\n".join(lines))
            lines.clear()

    for line in text.splitlines():
        if not line.strip():
            flush()
        elif _BULLET.match(line):
            flush()
            document.add_paragraph(_BULLET.sub("", line).strip(), "List Bullet")
        else:
            lines.append(line.rstrip())
    flush()


def _clean(text: str) -> str:
    return _NOT_XML.sub("", (text or "").translate(_WORD_BREAKS))
