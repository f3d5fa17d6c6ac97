"""The governance chain in the prefilled presentation of BM1 and BM3 meetings, read back with
python-pptx: the organisation's own states in the boxes, its evidence in the table, at BM3 the
change since BM1; an empty state when the chain is not described; no slide at BM2."""

import pytest
from django.utils import translation
from pptx.enum.dml import MSO_LINE

from meetings.documents import build_meeting_template_pptx, meeting_template_data
from meetings.models import GovernanceLink
from meetings.services.governance_chain import LinkEntry, governance_chain_save
from portal.occasions import Occasion

from .conftest import make_meeting, open_pptx, slide_texts

pytestmark = pytest.mark.django_db

L, S = GovernanceLink.Link, GovernanceLink.State
EVIDENCE = "Budgeten fördelas utan könsuppdelad analys."


def chain(world, occasion, entries):
    governance_chain_save(
        organisation=world.org_a,
        cohort=world.cohort,
        occasion=occasion,
        links=entries,
        by=world.participant_a,
    )


def deck(meeting, organisation):
    with translation.override("sv"):
        return open_pptx(build_meeting_template_pptx(meeting_template_data(meeting, organisation)))


def slides_titled(presentation, start: str) -> list:
    return [
        slide
        for slide in presentation.slides
        if slide.shapes.title is not None and slide.shapes.title.text.startswith(start)
    ]


def test_the_bm1_deck_draws_the_organisations_own_chain(document_world, mail_on_commit):
    world = document_world.world
    chain(
        world,
        Occasion.BM1,
        [
            LinkEntry(L.GOALS, S.INTEGRATED, "Alla mål har mått per kön.", "Kommundirektören"),
            LinkEntry(L.BUDGET, S.MISSING, EVIDENCE, "Ekonomichefen", ("controller",)),
            LinkEntry(L.FOLLOW_UP, S.PARTLY),
        ],
    )
    meeting = make_meeting(world, "bm1", "BM1 Norr – start", mail_on_commit)
    presentation = deck(meeting, world.org_a)
    drawn, evidence = slides_titled(presentation, "Styrkedjan vid BM1")
    boxes = {shape.name: shape for shape in drawn.shapes if shape.name.startswith("Link ")}
    assert len(boxes) == 6
    assert [s.name for s in drawn.shapes].count("Arrow") == 5
    goals = boxes["Link 1: goals"].text_frame.text
    assert "1. Fullmäktiges mål" in goals and "Integrerat" in goals
    budget = boxes["Link 2: budget"]
    assert "Saknas" in budget.text_frame.text
    assert budget.line.dash_style == MSO_LINE.DASH  # not colour alone
    assert "Inte markerad" in boxes["Link 3: committee_plans"].text_frame.text
    assert "Integrerat: 1 · Delvis: 1 · Saknas: 1" in "\n".join(slide_texts(drawn))
    table_text = "\n".join(slide_texts(evidence))
    assert EVIDENCE in table_text and "Ekonomichefen" in table_text
    assert "Underlag" in table_text and "Ansvarig" in table_text
    # Another organisation's deck has its own (empty) chain, never A's.
    other = deck(meeting, world.org_b)
    texts = "\n".join(t for slide in other.slides for t in slide_texts(slide))
    assert EVIDENCE not in texts
    assert "Styrkedjan har inte beskrivits än" in texts


def test_the_bm3_deck_shows_the_change_since_bm1(document_world, mail_on_commit):
    world = document_world.world
    chain(world, Occasion.BM1, [LinkEntry(L.GOALS, S.PARTLY), LinkEntry(L.BUDGET, S.MISSING)])
    chain(world, Occasion.BM3, [LinkEntry(L.GOALS, S.INTEGRATED, "Nya mål 2027.")])
    meeting = make_meeting(world, "bm3", "BM3 Norr – resultat", mail_on_commit)
    presentation = deck(meeting, world.org_a)
    drawn, evidence = slides_titled(presentation, "Styrkedjan vid BM3")
    boxes = {
        shape.name: shape.text_frame.text
        for shape in drawn.shapes
        if shape.name.startswith("Link ")
    }
    assert "Vid BM1: Delvis" in boxes["Link 1: goals"] and "Bättre" in boxes["Link 1: goals"]
    assert "Inte omprövad än" in boxes["Link 2: budget"]
    assert "Sedan BM1: 1 länkar bättre, 0 sämre, 1 av 6 omprövade." in "\n".join(slide_texts(drawn))
    table_text = "\n".join(slide_texts(evidence))
    assert "Nya mål 2027." in table_text and "Förändring sedan BM1" in table_text


def test_no_chain_slide_at_bm2(document_world):
    world = document_world.world
    chain(world, Occasion.BM1, [LinkEntry(L.GOALS, S.PARTLY)])
    presentation = deck(document_world.meeting, world.org_a)
    assert not slides_titled(presentation, "Styrkedjan")
