"""The state of the improvement work in the prefilled BM3 presentation: one slide per effort
with the organisation's own text, its stage path and its items' movement; an empty state
without efforts; nothing of another organisation."""

import pytest
from django.utils import translation

from checklists.models import ChecklistItem
from meetings import services
from meetings.documents import build_meeting_template_pptx, meeting_template_data
from meetings.models import ImprovementEffort
from meetings.services.effort_summaries import effort_summary_confirm, effort_summary_save

from .conftest import make_meeting, open_pptx, slide_texts

pytestmark = pytest.mark.django_db

A_TEXT = "Boden granskade 100 beslut och ser skillnader mellan kvinnor och män."
B_TEXT = "Piteås egen sammanfattning."


def effort(organisation, by, title, *, items=(), stage="plan"):
    return services.improvement_effort_save(
        organisation=organisation,
        by=by,
        title=title,
        area=ImprovementEffort.Area.GOVERNANCE,
        stage=stage,
        checklist_items=items,
    )


def deck(meeting, organisation):
    with translation.override("sv"):
        return open_pptx(build_meeting_template_pptx(meeting_template_data(meeting, organisation)))


def titled(presentation, title: str):
    return [s for s in presentation.slides if s.shapes.title.text_frame.text == title]


def test_one_slide_per_effort_with_the_organisations_own_text(document_world, mail_on_commit):
    world = document_world.world
    bm3 = make_meeting(world, "bm3", "BM3 Norr – resultat", mail_on_commit)
    items = ChecklistItem.objects.filter(version__is_default=True, number__in=[1, 3])
    confirmed = effort(
        world.org_a, world.participant_a, "Jämställd biståndshandläggning", items=items
    )
    services.improvement_effort_save(
        organisation=world.org_a,
        by=world.participant_a,
        effort=confirmed,
        title=confirmed.title,
        area=confirmed.area,
        stage="study",
        checklist_items=items,
    )
    effort(world.org_a, world.participant_a, "Könsuppdelad statistik i årsredovisningen")
    effort_summary_confirm(effort=confirmed, meeting=bm3, by=world.participant_a, text=A_TEXT)
    other = effort(world.org_b, world.participant_b, "Piteås arbete")
    effort_summary_save(effort=other, meeting=bm3, text=B_TEXT, by=world.participant_b)

    presentation = deck(bm3, world.org_a)
    assert titled(presentation, "Läget i förbättringsarbetet")  # the section slide
    (first,) = titled(presentation, "Jämställd biståndshandläggning")
    texts = "\n".join(slide_texts(first))
    assert A_TEXT in texts and "Bekräftad av teamet" in texts
    assert "Steg: Planera (" in texts and "→ Studera (" in texts
    # Items 1 and 3: A scored 1 → 2 and 1 → 3 from BM1 to BM2 (BM3 not scored yet).
    table = next(shape.table for shape in first.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Moment", "BM1", "Senaste", "Förflyttning"]
    assert [row[1:] for row in rows[1:]] == [["1", "2 (BM2)", "+1"], ["1", "3 (BM2)", "+2"]]
    (second,) = titled(presentation, "Könsuppdelad statistik i årsredovisningen")
    second_text = "\n".join(slide_texts(second))
    assert "Arbetet startade i steget planera" in second_text  # the portal's draft
    assert "Utkast, ännu inte bekräftat" in second_text
    everything = "\n".join(t for slide in presentation.slides for t in slide_texts(slide))
    assert B_TEXT not in everything and "Piteås arbete" not in everything


def test_without_efforts_the_slide_says_so_and_other_meetings_have_none(
    document_world, mail_on_commit
):
    world = document_world.world
    bm3 = make_meeting(world, "bm3", "BM3 Norr – resultat", mail_on_commit)
    (slide,) = titled(deck(bm3, world.org_a), "Läget i förbättringsarbetet")[1:]
    assert "Organisationen har inga förbättringsarbeten ännu." in slide_texts(slide)
    effort(world.org_a, world.participant_a, "Jämställd biståndshandläggning")
    bm2 = deck(document_world.meeting, world.org_a)
    assert not titled(bm2, "Läget i förbättringsarbetet")
    assert not titled(bm2, "Jämställd biståndshandläggning")
