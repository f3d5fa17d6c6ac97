"""The organisation's answers to a step's questions as slides: each question with its answer in
a box, or a place to write it; the improvement areas as one slide. Part of the prefilled
presentation (meetings.documents.presentation)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from .master import CONTENT_BOTTOM
from .slides import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    add_content_slide,
    add_textbox,
    add_writing_box,
    write_lines,
)


@dataclass(frozen=True)
class AnswerItem:
    question: str
    answer: str  # empty: not answered yet
    required: bool = True


@dataclass(frozen=True)
class AnswerSection:
    """One question set with the organisation's answers, in the set's order."""

    code: str
    title: str
    items: tuple[AnswerItem, ...]


# --- The organisation's answers to the step's questions ---------------------------------------

ANSWER_TOP = Inches(2.35)


# (characters, points): the largest type at which an answer of up to so many characters fits
# the answer box, a line break counted as a short line's worth.
ANSWER_SIZES = (
    (900, 20),
    (1100, 18),
    (1400, 16),
    (1850, 14),
    (2500, 12),
    (3000, 11),
    (3600, 10),
    (4500, 9),
)
LINE_BREAK_CHARACTERS = 60


def _answer_size(text: str) -> int:
    """Smaller type for a longer answer, so that it stays in its box on its slide (an answer
    may be 5,000 characters; the organisation shortens it for the room)."""
    length = len(text) + LINE_BREAK_CHARACTERS * text.count("\n")
    return next((size for limit, size in ANSWER_SIZES if length <= limit), 8)


def answer_section_slides(deck, section: AnswerSection) -> None:
    """Improvement areas on one slide together; any other set one slide per question, the
    answer in the box where the organisation writes (an empty box when not answered yet)."""
    if section.code == "bm1_improvement_areas":
        _improvement_areas_slide(deck, section)
        return
    count = len(section.items)
    for number, item in enumerate(section.items, start=1):
        title = _("%(title)s (%(number)s of %(count)s)") % {
            "title": section.title,
            "number": number,
            "count": count,
        }
        _question_slide(deck, title, item.question, item.answer)


def _question_slide(deck, title: str, question: str, answer: str) -> None:
    slide = add_content_slide(deck, title)
    add_textbox(
        slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, ANSWER_TOP - CONTENT_TOP, [question], size=20
    )
    box = add_writing_box(
        slide,
        MARGIN,
        ANSWER_TOP,
        CONTENT_WIDTH,
        CONTENT_BOTTOM - ANSWER_TOP,
        _("Write our answer here …"),
    )
    if answer:
        _write_answer(box, answer)


def _write_answer(box, answer: str) -> None:
    """The organisation's own text in the answer box, as ink rather than as a hint."""
    box.name = "Answer"
    frame = write_lines(box.text_frame, answer.splitlines() or [answer], size=_answer_size(answer))
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT


def _improvement_areas_slide(deck, section: AnswerSection) -> None:
    answered = [item for item in section.items if item.answer]
    if not answered:
        _question_slide(
            deck,
            section.title,
            _("Which improvement areas have we identified, and why do they matter?"),
            "",
        )
        return
    slide = add_content_slide(deck, section.title)
    # One paragraph per area, its own lines kept as line breaks ("\v") inside it.
    lines = [
        f"{number}. " + "\v".join(item.answer.splitlines())
        for number, item in enumerate(answered, start=1)
    ]
    frame = add_textbox(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        CONTENT_BOTTOM - CONTENT_TOP,
        lines,
        size=_answer_size("\n\n".join(item.answer for item in answered)),
    ).text_frame
    for paragraph in frame.paragraphs:
        paragraph.space_after = Pt(12)
