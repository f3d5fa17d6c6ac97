"""Lär av varandra in the prefilled presentation: "Vilka kan vi lära av?" with the organisation's
own low items and the peers that score high on them, once the scores are shared; no slide
before. Read back with python-pptx."""

import pytest
from django.utils import translation

from checklists.models import Assessment, Occasion
from meetings.documents import build_meeting_template_pptx, meeting_template_data
from meetings.documents.peers_slides import PeerLine, PeersSection, section_for
from meetings.models import Meeting

from .conftest import A_BM2, B_BM2, assess, open_pptx, slide_texts
from .test_slides_design import languages

pytestmark = pytest.mark.django_db

TITLE = "Vilka kan vi lära av?"
MENTOR_BM2 = [2, 3, 2, 2, 3, 2, 2, 2, 2, 3]


def build(meeting, organisation) -> bytes:
    with translation.override("sv"):
        return build_meeting_template_pptx(meeting_template_data(meeting, organisation))


def peer_slides(content: bytes) -> list:
    return [
        slide
        for slide in open_pptx(content).slides
        if slide.shapes.title is not None and slide.shapes.title.text_frame.text.startswith(TITLE)
    ]


def table_rows(slide) -> list[list[str]]:
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def shared(document_world):
    """BM2 of cluster Norr with B's and the mentor organisation's BM2 submitted and the
    deadline job run."""
    world = document_world.world
    Assessment.objects.filter(organisation=world.org_b, occasion=Occasion.BM2).update(
        status=Assessment.Status.SUBMITTED
    )
    mentor = assess(world, world.mentor_org, Occasion.BM2, MENTOR_BM2, world.mentor)
    Assessment.objects.filter(pk=mentor.pk).update(status=Assessment.Status.SUBMITTED)
    meeting = document_world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(deadline_processed_at=meeting.deadline)
    meeting.refresh_from_db()
    return document_world


def test_no_slide_before_the_scores_are_shared(document_world):
    assert section_for(document_world.meeting, document_world.org_a) is None
    assert peer_slides(build(document_world.meeting, document_world.org_a)) == []


def test_the_slide_shows_the_organisations_low_items_and_the_peers_scoring_high(shared):
    world = shared.world
    content = build(shared.meeting, world.org_a)
    slides = peer_slides(content)
    rows = [row for slide in slides for row in table_rows(slide)[1:]]
    rows.insert(0, table_rows(slides[0])[0])
    assert rows[0] == ["Moment", "Vår poäng", "Organisationer som ligger högt"]
    low = [index + 1 for index, value in enumerate(A_BM2) if value < 3]
    # A's lowest first (item 5 at 1), then the items at 2, each with Piteå at 3.
    numbers = [int(row[0].split(".")[0]) for row in rows[1:]]
    assert numbers == sorted(low, key=lambda number: (A_BM2[number - 1], number))
    assert rows[1][1] == "1/3"
    for row in rows[1:]:
        assert f"{world.org_b.name}: 3" in row[2]
    # Item 2: the mentor organisation scores 3 too, and is named as the mentor.
    item_2 = next(row for row in rows if row[0].startswith("2. "))
    assert f"{world.mentor_org.name} (mentororganisation): 3" in item_2[2]
    found = languages(content)
    assert set(found["slides"]) == {"sv-SE"}


def test_more_low_items_than_fit_go_on_to_a_numbered_second_slide(shared):
    world = shared.world
    content = build(shared.meeting, world.org_a)
    slides = peer_slides(content)
    low = [value for value in A_BM2 if value < 3]
    assert len(slides) == (len(low) + 4) // 5
    if len(slides) > 1:
        assert slides[0].shapes.title.text_frame.text == f"{TITLE} (1 av {len(slides)})"
    texts = "\n".join(text for slide in slides for text in slide_texts(slide))
    # Only A's own scores: B's low item (10, at 1) is not one of A's rows.
    assert "10. " not in texts


def test_the_peer_organisations_deck_names_its_own_low_items(shared):
    world = shared.world
    [slide] = peer_slides(build(shared.meeting, world.org_b))
    rows = table_rows(slide)
    # B is low only on item 10, where the mentor organisation (submitted) is at the top; A is
    # at the top too, but its BM2 is a draft: never shared.
    assert [row[0].split(".")[0] for row in rows[1:]] == ["10"]
    assert rows[1][1] == f"{B_BM2[9]}/3"
    assert rows[1][2] == f"{world.mentor_org.name} (mentororganisation): 3"
    assert world.org_a.name not in rows[1][2]


def test_a_section_with_nothing_to_learn_says_so():
    from meetings.documents.slides import new_deck

    deck = new_deck()
    with translation.override("sv"):
        PeersSection(occasion="BM2", top=3, lines=(), own_scored=True).add_slides(deck)
        many = tuple(f"Kommun {n}: 3" for n in range(9))
        PeersSection(
            occasion="BM2", top=3, lines=(PeerLine("1. Mål", 1, many),), own_scored=True
        ).add_slides(deck)
    first, second = list(deck.slides)
    assert "Ingen organisation på mötet ligger högt där vi ligger lågt." in slide_texts(first)
    assert table_rows(second)[1][2].endswith("och 5 till")
