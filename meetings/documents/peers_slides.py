"""Lär av varandra in the prefilled presentation: "Vilka kan vi lära av?" – for each item where
the organisation is low, the organisations of the meeting (and its mentor organisation) that
score high on it, with their scores. Only once the meeting's scores are shared (after its
deadline, at the time the deck is built); before that, no slide."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.models import Organisation

from ..models import Meeting
from ..selectors.peers import peer_matches
from ..selectors.sharing import shared_with_peers
from .slides import CONTENT_TOP, add_content_slide, add_empty_state, add_table

ROWS_PER_SLIDE = 5
PEERS_PER_LINE = 4  # more are counted, not named, so that a row stays a few lines high


@dataclass(frozen=True)
class PeerLine:
    item: str  # "3. Analys av könsuppdelad statistik"
    own_score: int
    peers: tuple[str, ...]  # "Luleå (mentororganisation): 3"


@dataclass(frozen=True)
class PeersSection:
    occasion: str
    top: int
    lines: tuple[PeerLine, ...]
    own_scored: bool

    def add_slides(self, deck) -> None:
        title = _("Who can we learn from?")
        if not self.lines:
            slide = add_content_slide(deck, title)
            add_empty_state(
                slide,
                _("No organisation of the meeting scores high where we are low.")
                if self.own_scored
                else _("We have no scores for %(occasion)s yet.") % {"occasion": self.occasion},
            )
            return
        header = [_("Item"), _("Our score"), _("Organisations scoring high")]
        chunks = [
            self.lines[start : start + ROWS_PER_SLIDE]
            for start in range(0, len(self.lines), ROWS_PER_SLIDE)
        ]
        for number, chunk in enumerate(chunks, start=1):
            slide_title = (
                title
                if len(chunks) == 1
                else _("%(title)s (%(number)s of %(count)s)")
                % {"title": title, "number": number, "count": len(chunks)}
            )
            slide = add_content_slide(deck, slide_title)
            rows = [
                [line.item, f"{line.own_score}/{self.top}", _peers_text(line.peers)]
                for line in chunk
            ]
            add_table(slide, header, rows, top=CONTENT_TOP, widths=[0.45, 0.13, 0.42], size=14)


def _peers_text(peers: tuple[str, ...]) -> str:
    named = "\n".join(peers[:PEERS_PER_LINE])
    if len(peers) <= PEERS_PER_LINE:
        return named
    more = len(peers) - PEERS_PER_LINE
    return named + "\n" + _("and %(count)s more") % {"count": more}


def section_for(meeting: Meeting, organisation: Organisation) -> PeersSection | None:
    if not shared_with_peers(meeting):
        return None  # before the deadline: nothing of the others, and no query
    matches = peer_matches(meeting, organisation)
    if not matches.occasion or not matches.shared or matches.scale is None:
        return None
    lines = tuple(
        PeerLine(
            item=f"{low.item.number}. {low.item.short_title}",
            own_score=low.score,
            peers=tuple(
                (
                    _("%(name)s (mentor organisation): %(score)s")
                    if peer.is_mentor
                    else _("%(name)s: %(score)s")
                )
                % {"name": peer.organisation.name, "score": peer.score}
                for peer in low.peers
            ),
        )
        for low in matches.matched
    )
    return PeersSection(
        occasion=matches.occasion_label,
        top=matches.scale.highest,
        lines=lines,
        own_scored=matches.own_scored,
    )
