"""The organisation facts for the start-up as PowerPoint (16:9): facts, team, competence
inventory and key figures. A pure builder: a dataclass in, the .pptx bytes out.

Call the builder inside `translation.override(...)` for the language of the document."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from pptx.util import Inches

from .slides import (
    MARGIN,
    MUTED,
    SLIDE_WIDTH,
    TeamMember,
    add_content_slide,
    add_table,
    add_team_slide,
    add_textbox,
    add_title_slide,
    date_text,
    deck_bytes,
    new_deck,
)


@dataclass(frozen=True)
class KeyFigureRow:
    """One key figure's latest year, as text: Kolada's values or its missing-value marker."""

    title: str
    women: str
    men: str
    total: str
    year: int


@dataclass(frozen=True)
class OrganisationFacts:
    organisation_name: str
    organisation_code: str
    organisation_kind: str
    cohort_name: str
    cluster_name: str
    meeting_title: str
    meeting_date: date
    team: tuple[TeamMember, ...]
    key_figures: tuple[str, ...] = field(default_factory=tuple)
    key_figure_rows: tuple[KeyFigureRow, ...] = field(default_factory=tuple)


def build_organisation_facts_pptx(data: OrganisationFacts) -> bytes:
    deck = new_deck()
    add_title_slide(
        deck,
        data.organisation_name,
        [
            _("Organisation facts and competence inventory"),
            data.meeting_title,
            date_text(data.meeting_date),
        ],
    )
    slide = add_content_slide(deck, _("Facts about the organisation"))
    add_table(
        slide,
        [_("Fact"), _("Value")],
        [
            [_("Type of organisation"), data.organisation_kind],
            [_("Code"), data.organisation_code],
            [_("Cohort"), data.cohort_name],
            [_("Cluster"), data.cluster_name or "–"],
            [_("Population (women / men)"), ""],
            [_("Organisation and committees"), ""],
            [_("Overarching goals and priority areas"), ""],
            [_("Decision on gender mainstreaming (what, who, when)"), ""],
        ],
        widths=[0.45, 0.55],
    )
    add_team_slide(deck, data.team)
    slide = add_content_slide(deck, _("Competence inventory"))
    areas = [
        _("Gender equality"),
        _("Gender analysis"),
        _("Governance"),
        _("Follow-up"),
        _("Improvement work"),
        _("Leading change"),
        _("Communication"),
    ]
    people = [[member.name] + [""] * len(areas) for member in data.team] or [
        [""] + [""] * len(areas)
    ]
    add_table(
        slide,
        [_("Name"), *areas],
        people,
        widths=[0.23] + [0.77 / len(areas)] * len(areas),
        size=11,
    )
    _footnote(slide, _("Mark each area: 1 basic, 2 good, 3 deep knowledge."))
    slide = add_content_slide(deck, _("Key figures"))
    add_table(
        slide,
        [_("Key figure"), _("Women"), _("Men"), _("Total"), _("Source and year")],
        [
            [
                row.title,
                row.women,
                row.men,
                row.total,
                _("Source: Kolada, %(year)s") % {"year": row.year},
            ]
            for row in data.key_figure_rows
        ]
        or [[name, "", "", "", ""] for name in data.key_figures]
        or [["", "", "", "", ""] for _row in range(4)],
        widths=[0.4, 0.12, 0.12, 0.12, 0.24],
    )
    _footnote(slide, _("Choose key figures by gender, for instance from Kolada, and fill them in."))
    return deck_bytes(deck)


def _footnote(slide, text: str) -> None:
    """A muted line at the foot of the slide saying how to fill it in."""
    add_textbox(
        slide,
        MARGIN,
        Inches(6.6),
        SLIDE_WIDTH - 2 * MARGIN,
        Inches(0.6),
        [text],
        size=12,
        color=MUTED,
    )
