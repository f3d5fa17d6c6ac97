"""The analysis features' slides in the prefilled presentation: movement and lessons, the
improvement efforts' summaries, the results pack, the governance chain and the peers to learn
from. Each feature's module reads, up front, what its slides show into a section; the deck
builder asks each section to add its slides (the drawing stays pure: no query, no clock)."""

from typing import Protocol

from portal.models import Organisation

from ..models import Meeting


class SlideSection(Protocol):
    def add_slides(self, deck) -> None: ...


def analysis_sections(meeting: Meeting, organisation: Organisation) -> tuple[SlideSection, ...]:
    """The sections for this meeting and organisation, in the deck's order; a feature that has
    nothing for this meeting's step gives none."""
    from . import (
        effort_summary_slides,
        governance_chain_slides,
        movement_slides,
        peers_slides,
        results_pack_slides,
    )

    loaders = (
        governance_chain_slides.section_for,
        movement_slides.section_for,
        effort_summary_slides.section_for,
        results_pack_slides.section_for,
        peers_slides.section_for,
    )
    return tuple(
        section for load in loaders if (section := load(meeting, organisation)) is not None
    )
