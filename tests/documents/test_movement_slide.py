"""The slide "Förflyttning sedan BM1" in the prefilled presentation: the organisation's own
items, movement and lessons, read back with python-pptx."""

import pytest
from django.utils import translation

from checklists.models import Assessment, Occasion
from checklists.services_lessons import LessonText, item_lessons_save
from meetings.documents import build_meeting_template_pptx, meeting_template_data

from .conftest import A_BM1, A_BM2, deck_text, make_meeting, open_pptx, slide_texts

pytestmark = pytest.mark.django_db


def template(meeting, organisation) -> bytes:
    with translation.override("sv"):
        return build_meeting_template_pptx(meeting_template_data(meeting, organisation))


def titled(deck, title: str) -> list:
    return [slide for slide in deck.slides if slide.shapes.title.text_frame.text.startswith(title)]


def test_the_slide_shows_the_organisations_own_items_and_lessons(document_world):
    world = document_world.world
    bm2 = Assessment.objects.get(organisation=world.org_a, occasion=Occasion.BM2)
    item_lessons_save(
        assessment=bm2,
        lessons={
            1: LessonText("Målen i budgeten gav fart åt arbetet.", "Följ upp målen i delåret."),
            3: LessonText("Nämnderna tog fram egna analyser.", ""),
        },
        by=world.participant_a,
    )
    deck = open_pptx(template(document_world.meeting, world.org_a))
    [slide] = titled(deck, "Förflyttning sedan BM1")
    texts = slide_texts(slide)
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Moment", "BM1", "BM2", "Förflyttning", "Lärdom"]
    first = next(row for row in rows if row[0].startswith("1. "))
    assert first[1:] == ["1", "2", "+1", "Målen i budgeten gav fart åt arbetet."]
    assert any("Nämnderna tog fram egna analyser." in row for row in rows)
    # Rose first: A moved up on 1, 3, 6, 7, 9, 10 and stood still on 2, 4, 5, 8.
    numbers = [row[0].split(".")[0] for row in rows[1:]]
    assert numbers == ["1", "3", "6", "7", "9", "10", "2", "4", "5", "8"]
    total = sum(A_BM2) - sum(A_BM1)
    assert any(f"Summa {sum(A_BM1)} → {sum(A_BM2)} (+{total})" in text for text in texts)
    assert any("Steg upp: 6 · Steg ned: 0 · Oförändrad: 4" in text for text in texts)
    [steps] = titled(deck, "Nästa förbättring i ledning och styrning")
    assert "Följ upp målen i delåret." in slide_texts(steps)
    # Only A's own words: B's deck has neither.
    other = deck_text(open_pptx(template(document_world.meeting, world.org_b)))
    assert "Målen i budgeten" not in other


def test_no_movement_slide_at_bm1(document_world, mail_on_commit):
    world = document_world.world
    bm1 = make_meeting(world, "bm1", "BM1 Norr", mail_on_commit)
    deck = open_pptx(template(bm1, world.org_a))
    assert not titled(deck, "Förflyttning sedan BM1")


def test_an_organisation_without_scores_gets_an_empty_state(document_world):
    world = document_world.world
    deck = open_pptx(template(document_world.meeting, world.mentor_org))
    [slide] = titled(deck, "Förflyttning sedan BM1")
    assert any("Inget moment är bedömt vid BM2 ännu." in text for text in slide_texts(slide))
