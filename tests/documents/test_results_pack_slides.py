"""The results section of the BM3 presentation: a section slide, one slide per chosen key
figure with a native line chart of the organisation's own women and men (no automatic title,
Swedish), the difference, the cluster, the country and the comment; a slide with the answers on
statistics; an empty state when nothing is chosen; nothing at other steps."""

import pytest
from django.utils import translation

from meetings import services
from meetings.documents import build_meeting_template_pptx, meeting_template_data
from meetings.documents.results_pack_slides import section_for
from meetings.services.results_pack import results_key_figure_add, results_key_figure_comment
from portal.keyfigures.imports import key_figures_seed_demo
from portal.keyfigures.models import KeyFigure
from portal.models import Enrolment

from .conftest import charts, make_meeting, open_pptx, slide_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def bm3(document_world, mail_on_commit):
    key_figures_seed_demo()
    return make_meeting(document_world.world, "bm3", "BM3 Norr – resultat", mail_on_commit)


def build(meeting, organisation) -> bytes:
    with translation.override("sv"):
        return build_meeting_template_pptx(meeting_template_data(meeting, organisation))


def titles(deck) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in deck.slides if slide.shapes.title]


def test_the_bm3_deck_has_a_slide_per_chosen_figure_with_the_organisations_own_values(
    document_world, bm3
):
    world = document_world.world
    work = KeyFigure.objects.get(kpi_id="N00914")
    results_key_figure_add(
        organisation=world.org_a, cohort=world.cohort, key_figure=work, by=world.participant_a
    )
    results_key_figure_comment(
        organisation=world.org_a,
        cohort=world.cohort,
        key_figure=work,
        comment="Kvinnor förvärvsarbetar mindre än män i Boden.",
        by=world.participant_a,
    )
    services.preparation_answers_save(
        enrolment=Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort),
        code="bm3_statistics",
        answers={"reporting": "I årsredovisningen, efter kön."},
        by=world.participant_a,
    )
    deck = open_pptx(build(bm3, world.org_a))
    names = titles(deck)
    assert "Resultat" in names
    index = names.index("Förvärvsarbetande invånare 20-64 år, andel (%)")
    assert index > names.index("Resultat")
    slide = deck.slides[index]
    text = "\n".join(slide_texts(slide))
    # Boden's own 2023 values, its difference, Piteå's (the cluster) and the country's
    for value in ("79,4", "83,7", "−4,3", "−1,7", "−3,7"):
        assert value in text, value
    assert "Skillnaden har ökat: från −3,1 år 2020 till −4,3 år 2023." in text
    assert "Kvinnor förvärvsarbetar mindre än män i Boden." in text
    assert "Källa: Kolada" in text
    (chart,) = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert chart.has_title is False
    assert [series.name for series in chart.plots[0].series] == ["Kvinnor", "Män"]
    assert list(chart.plots[0].categories) == ["2019", "2020", "2021", "2022", "2023"]
    women = list(chart.plots[0].series[0].values)
    assert women[0] is None and women[-1] == 79.4  # 2019 is confidential in Kolada
    # The answers on statistics follow the figures, one question a slide, each once in the deck.
    first = names.index("Statistik och analys i besluten (1 av 5)")
    assert index < first
    assert "I årsredovisningen, efter kön." in "\n".join(slide_texts(deck.slides[first]))
    assert names.count("Statistik och analys i besluten (1 av 5)") == 1
    # every chart of the deck without an automatic title
    for found in charts(deck):
        assert found.has_title is False


def test_another_organisations_deck_shows_its_own_figures_not_a_neighbours(document_world, bm3):
    world = document_world.world
    work = KeyFigure.objects.get(kpi_id="N00914")
    results_key_figure_add(
        organisation=world.org_a, cohort=world.cohort, key_figure=work, by=world.participant_a
    )
    deck = open_pptx(build(bm3, world.org_b))
    names = titles(deck)
    assert "Förvärvsarbetande invånare 20-64 år, andel (%)" not in names
    assert "Våra nyckeltal" in names
    text = "\n".join(t for slide in deck.slides for t in slide_texts(slide))
    assert "Inga nyckeltal är valda till resultatunderlaget än" in text


def test_only_bm3_meetings_have_the_results_section(document_world):
    world = document_world.world
    assert section_for(document_world.meeting, world.org_a) is None  # BM2
    names = titles(open_pptx(build(document_world.meeting, world.org_a)))
    assert "Resultat" not in names
