"""The prefilled presentation template: a pure builder, tested by reopening the .pptx."""

import io
import zipfile

import pytest
from django.utils import translation
from pptx.util import Inches

from checklists.models import Occasion
from meetings.documents import build_meeting_template_pptx, meeting_template_data
from meetings.models import MeetingTask, StepTask

from .conftest import A_BM1, A_BM2, B_BM2, HOSTILE, charts, deck_text, make_meeting, open_pptx

pytestmark = pytest.mark.django_db


def build(meeting, organisation, language="sv"):
    with translation.override(language):
        return open_pptx(build_meeting_template_pptx(meeting_template_data(meeting, organisation)))


def test_the_template_is_16_9_with_title_team_chart_grid_questions_and_closing(document_world):
    deck = build(document_world.meeting, document_world.org_a)
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    reflections = list(
        document_world.meeting.tasks.filter(kind=StepTask.Kind.REFLECTION).order_by("position")
    )
    assert reflections
    # title, team, checklist chart, BM1 → BM2 table, stakeholders, movement since BM1, the
    # reflection section, one per reflection question, improvement ideas
    assert len(deck.slides) == 7 + len(reflections) + 1
    title = deck.slides[0]
    assert title.shapes.title.text == "Boden"
    subtitle = title.placeholders[1].text_frame.text
    assert "BM2 Norr – förbättringsarbete" in subtitle and "2031" in subtitle
    assert "Piteå" in subtitle  # the host
    team = deck_text(deck)
    assert "Åsa Öberg" in team
    for slide, task in zip(list(deck.slides)[7:-1], reflections, strict=True):
        assert task.title_sv in "\n".join(
            shape.text_frame.text for shape in slide.shapes if shape.has_text_frame
        )


def test_the_chart_is_native_with_the_organisations_scores_beside_the_previous_occasion(
    document_world,
):
    deck = build(document_world.meeting, document_world.org_a)
    [chart] = charts(deck)
    plot = chart.plots[0]
    assert len(plot.categories) == 10
    assert str(plot.categories[0]).startswith("1.")
    series = {s.name: list(s.values) for s in plot.series}
    assert list(series) == ["BM1", "BM2"]  # the previous occasion first, then this one
    assert series["BM2"] == [float(v) for v in A_BM2]
    assert series["BM1"] == [float(v) for v in A_BM1]
    assert chart.value_axis.maximum_scale == 3
    text = deck_text(deck)
    assert f"{sum(A_BM2)}" in text and f"+{sum(A_BM2) - sum(A_BM1)}" in text


def test_bm1_has_one_series_and_no_movement(document_world, mail_on_commit):
    meeting = make_meeting(document_world.world, "bm1", "BM1 Norr", mail_on_commit)
    [chart] = charts(build(meeting, document_world.org_a))
    assert [(s.name, list(s.values)) for s in chart.plots[0].series] == [
        ("BM1", [float(v) for v in A_BM1])
    ]


def test_a_build_for_one_organisation_holds_no_data_of_another(document_world):
    deck_a = build(document_world.meeting, document_world.org_a)
    text_a = deck_text(deck_a)
    assert "Kommunstyrelsen i Boden" in text_a and "Åsa Öberg" in text_a
    assert "Piteås hemliga råd" not in text_a and "Petra Piteåsson" not in text_a
    values_a = [list(s.values) for s in charts(deck_a)[0].plots[0].series]
    assert [float(v) for v in B_BM2] not in values_a

    deck_b = build(document_world.meeting, document_world.world.org_b)
    text_b = deck_text(deck_b)
    assert "Piteås hemliga råd" in text_b and "Petra Piteåsson" in text_b
    assert "Kommunstyrelsen i Boden" not in text_b and "Åsa Öberg" not in text_b
    assert HOSTILE not in text_b
    # B has no BM1 assessment: only its own BM2 series.
    assert [(s.name, list(s.values)) for s in charts(deck_b)[0].plots[0].series] == [
        ("BM2", [float(v) for v in B_BM2])
    ]


def test_the_stakeholder_grid_is_drawn_with_every_stakeholder_placed(document_world):
    deck = build(document_world.meeting, document_world.org_a, language="en")
    grid = next(s for s in deck.slides if s.shapes.title.text.startswith("Stakeholder analysis"))
    names = {shape.name for shape in grid.shapes}
    assert {
        "Quadrant manage_closely",
        "Quadrant keep_satisfied",
        "Quadrant keep_informed",
        "Quadrant monitor",
    } <= names
    dots = [shape for shape in grid.shapes if shape.name.startswith("Stakeholder ")]
    assert sorted(dot.text_frame.text for dot in dots) == ["1", "2", "3"]
    text = "\n".join(shape.text_frame.text for shape in grid.shapes if shape.has_text_frame)
    assert "1. Kommunstyrelsen i Boden (Manage closely)" in text
    assert "2. Lokala medier (Keep satisfied)" in text
    assert f"3. {HOSTILE} (Keep informed)" in text
    # Each point sits inside its quadrant: high influence and interest is the top right.
    manage = next(s for s in grid.shapes if s.name == "Quadrant manage_closely")
    first = next(dot for dot in dots if dot.text_frame.text == "1")
    assert manage.left <= first.left and first.left + first.width <= manage.left + manage.width
    assert manage.top <= first.top and first.top + first.height <= manage.top + manage.height


def test_hostile_names_and_emoji_stay_literal_text(document_world):
    content = build_meeting_template_pptx(
        meeting_template_data(document_world.meeting, document_world.org_a)
    )
    text = deck_text(open_pptx(content))
    assert HOSTILE in text  # in the team table and in the grid's legend
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("ppt/slides/slide")
        )
    assert "<script>" not in xml and "&lt;script&gt;" in xml


def test_empty_states_are_written_out(document_world, mail_on_commit):
    """The mentor organisation has no assessment, no stakeholders; the meeting loses its
    reflection questions."""
    world = document_world.world
    MeetingTask.objects.filter(
        meeting=document_world.meeting, kind=StepTask.Kind.REFLECTION
    ).delete()
    deck = build(document_world.meeting, world.mentor_org, language="en")
    assert charts(deck) == []
    text = deck_text(deck)
    assert "No self-assessment for BM2 yet." in text
    assert "No stakeholder analysis yet." in text
    assert "This meeting has no reflection questions." in text
    assert "Improvement ideas" in text
    assert world.mentor.email in text  # a member without a name is shown by e-mail

    startup = make_meeting(world, "uppstart", "Uppstart", mail_on_commit, cluster=False)
    text = deck_text(build(startup, world.org_c, language="en"))
    assert "This meeting has no self-assessment occasion." in text


def test_an_organisation_without_a_team_says_so(document_world):
    from portal.models import Membership

    Membership.objects.filter(organisation=document_world.world.org_b).delete()
    text = deck_text(build(document_world.meeting, document_world.world.org_b, language="en"))
    assert "No team members have been registered yet." in text


def test_an_assessment_started_but_not_scored_counts_as_none(document_world):
    from checklists import services

    services.assessment_start(
        organisation=document_world.world.mentor_org,
        cohort=document_world.world.cohort,
        occasion=Occasion.BM2,
        by=document_world.world.mentor,
    )
    deck = build(document_world.meeting, document_world.world.mentor_org, language="en")
    assert charts(deck) == [] and "No self-assessment for BM2 yet." in deck_text(deck)
