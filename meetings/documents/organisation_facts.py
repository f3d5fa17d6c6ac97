"""The organisation facts for the start-up as PowerPoint (16:9): facts, team, competence
inventory and key figures. A pure builder: a dataclass in, the .pptx bytes out.

Call the builder inside `translation.override(...)` for the language of the document."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pptx.util import Inches

from .master import CONTENT_BOTTOM
from .slides import (
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    TeamMember,
    add_content_slide,
    add_table,
    add_team_slide,
    add_textbox,
    add_title_slide,
    date_text,
    deck_bytes,
    footer_text,
    new_deck,
)

POPULATION_KPI = "N01951"  # Kolada's "Invånare totalt, antal", split by gender


@dataclass(frozen=True)
class KeyFigureRow:
    """One key figure's latest year, as text: Kolada's values (shares with a percent sign) or
    its missing-value marker as a word."""

    title: str
    women: str
    men: str
    total: str
    year: int
    kpi_id: str = ""
    women_missing: bool = False
    men_missing: bool = False


@dataclass(frozen=True)
class CompetenceLine:
    """One team role's levels in the competence inventory at the start-up, one per area ("1"
    to "3", empty where not assessed)."""

    role: str
    levels: tuple[str, ...]


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
    competence_areas: tuple[str, ...] = field(default_factory=tuple)
    competence: tuple[CompetenceLine, ...] = field(default_factory=tuple)


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
    _facts_slide(deck, data)
    add_team_slide(deck, data.team)
    _competence_slide(deck, data)
    _key_figures_slide(deck, data)
    footer = footer_text(data.organisation_name, data.meeting_title, date_text(data.meeting_date))
    return deck_bytes(deck, footer=footer)


def population_text(rows: tuple[KeyFigureRow, ...]) -> str:
    """Women and men from the same Kolada figure the key-figure slide shows; "Not available"
    when Kolada has neither."""
    row = next((row for row in rows if row.kpi_id == POPULATION_KPI), None)
    if row is None or (row.women_missing and row.men_missing):
        return _("Not available")
    return _("%(women)s women, %(men)s men (Kolada, %(year)s)") % {
        "women": row.women,
        "men": row.men,
        "year": row.year,
    }


def _facts_slide(deck, data: OrganisationFacts) -> None:
    slide = add_content_slide(deck, _("Facts about the organisation"))
    add_table(
        slide,
        [_("Fact"), _("Value")],
        [
            [_("Type of organisation"), data.organisation_kind],
            [_("Code"), data.organisation_code],
            [_("Cohort"), data.cohort_name],
            [_("Cluster"), data.cluster_name or "–"],
            [_("Population (women / men)"), population_text(data.key_figure_rows)],
            [_("Organisation and committees"), ""],
            [_("Overarching goals and priority areas"), ""],
            [_("Decision on gender mainstreaming (what, who, when)"), ""],
        ],
        widths=[0.45, 0.55],
        writable_hint=_("Fill in …"),
    )


def _competence_slide(deck, data: OrganisationFacts) -> None:
    """The team roles' levels per area from the portal's inventory of the start-up; an area
    not assessed stays a place to write."""
    slide = add_content_slide(deck, _("Competence inventory"))
    areas = list(data.competence_areas)
    rows = [[line.role, *line.levels] for line in data.competence] or [[""] + [""] * len(areas)]
    add_table(
        slide,
        [_("Team role"), *areas],
        rows,
        widths=[0.16] + [0.84 / len(areas)] * len(areas),
        size=14,
        right_aligned=tuple(range(1, len(areas) + 1)),
    )
    _footnote(
        slide,
        _("Level per area: 1 = needs strengthening, 2 = partly there, 3 = well established."),
    )


def _key_figures_slide(deck, data: OrganisationFacts) -> None:
    slide = add_content_slide(deck, _("Key figures"))
    add_table(
        slide,
        [_("Key figure"), _("Women"), _("Men"), pgettext("gender", "Total"), _("Source and year")],
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
        right_aligned=(1, 2, 3),
    )
    _footnote(slide, _("Choose key figures by gender, for instance from Kolada, and fill them in."))


def _footnote(slide, text: str) -> None:
    """A muted line at the foot of the slide saying how to fill it in."""
    top = CONTENT_BOTTOM - Inches(0.45)
    add_textbox(slide, MARGIN, top, CONTENT_WIDTH, Inches(0.45), [text], size=12, color=MUTED)
