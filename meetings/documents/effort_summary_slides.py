"""The state of the improvement work in the BM3 presentation: one slide per improvement effort
with its stage path and dates, its summary (confirmed, or the draft) and how its linked checklist
items moved since BM1; an empty state when the organisation has no efforts. The data is read
up front (section_for); drawing makes no query."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from pptx.util import Inches, Pt

from portal.models import Organisation

from ..models import Meeting
from ..selectors.effort_summaries import effort_stories, is_summary_meeting
from .master import CONTENT_BOTTOM
from .slides import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    add_content_slide,
    add_empty_state,
    add_section_slide,
    add_table,
    add_textbox,
    date_text,
)

STAGES_HEIGHT = Inches(0.6)
GAP = Inches(0.3)
TABLE_SHARE = 0.42  # of the content width, beside the summary
# (characters, points): the largest type at which a summary of up to so many characters fits
# its box; a summary is at most 3,000 characters (selectors.effort_summaries).
SUMMARY_SIZES = ((500, 18), (800, 16), (1100, 14), (1500, 12), (2100, 10), (2600, 9))


@dataclass(frozen=True)
class EffortItem:
    label: str
    first: str
    latest: str
    movement: str


@dataclass(frozen=True)
class EffortSlide:
    title: str
    stages: tuple[tuple[str, str], ...]  # (stage, since when), in the order they came
    text: str
    confirmed: bool
    items: tuple[EffortItem, ...]


@dataclass(frozen=True)
class EffortSummarySection:
    efforts: tuple[EffortSlide, ...]

    def add_slides(self, deck) -> None:
        add_section_slide(
            deck,
            _("The state of the improvement work"),
            _("Where the improvement work that started at the first meeting stands now."),
        )
        if not self.efforts:
            slide = add_content_slide(deck, _("The state of the improvement work"))
            add_empty_state(slide, _("The organisation has no improvement efforts yet."))
            return
        for effort in self.efforts:
            _effort_slide(deck, effort)


def _summary_size(text: str) -> int:
    length = len(text) + 60 * text.count("\n")
    return next((size for limit, size in SUMMARY_SIZES if length <= limit), 8)


def _effort_slide(deck, effort: EffortSlide) -> None:
    slide = add_content_slide(deck, effort.title)
    path = " → ".join(f"{stage} ({since})" for stage, since in effort.stages)
    if path:
        add_textbox(
            slide,
            MARGIN,
            CONTENT_TOP,
            CONTENT_WIDTH,
            STAGES_HEIGHT,
            [_("Stages: %(path)s") % {"path": path}],
            size=14,
            color=MUTED,
        )
    top = CONTENT_TOP + STAGES_HEIGHT
    table_width = int(CONTENT_WIDTH * TABLE_SHARE) if effort.items else 0
    text_width = CONTENT_WIDTH - (table_width + GAP if table_width else 0)
    status = _("Confirmed by the team") if effort.confirmed else _("Draft, not yet confirmed")
    box = add_textbox(
        slide,
        MARGIN,
        top,
        text_width,
        CONTENT_BOTTOM - top,
        [*effort.text.splitlines(), ""],
        size=_summary_size(effort.text),
    )
    box.name = "Summary"
    status_line = box.text_frame.paragraphs[-1]
    status_line.text = status
    for run in status_line.runs:
        run.font.size, run.font.italic, run.font.color.rgb = Pt(12), True, MUTED
    if effort.items:
        add_table(
            slide,
            [_("Item"), "BM1", _("Latest"), _("Movement")],
            [[item.label, item.first, item.latest, item.movement] for item in effort.items],
            top=top,
            left=MARGIN + text_width + GAP,
            width=table_width,
            widths=[0.55, 0.12, 0.18, 0.15],
            size=14,
            right_aligned=(1, 2, 3),
        )


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


def section_for(meeting: Meeting, organisation: Organisation) -> EffortSummarySection | None:
    """For a BM3 meeting: the organisation's efforts, each with its saved summary, else the
    portal's draft."""
    if not is_summary_meeting(meeting):
        return None
    efforts = []
    for story in effort_stories(meeting, organisation):
        efforts.append(
            EffortSlide(
                title=story.effort.title,
                stages=tuple((change.label, date_text(change.on)) for change in story.stages),
                text=story.text,
                confirmed=story.is_confirmed,
                items=tuple(
                    EffortItem(
                        label=f"{item.number}. {item.title}",
                        first=_score(item.first),
                        latest=(
                            f"{item.latest} ({item.latest_occasion})"
                            if item.latest is not None
                            else "–"
                        ),
                        movement=item.movement_text,
                    )
                    for item in story.items
                ),
            )
        )
    return EffortSummarySection(tuple(efforts))
