"""The competence inventory: per team role and area a level 1–3 at the start-up and at the
results conference, written by the team, read by its mentors and organisers, compared side by
side once both exist, and filled into the organisation facts deck."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pptx import Presentation as PptxDocument

from meetings import services
from meetings.documents import build_organisation_facts_pptx, organisation_facts_data
from meetings.models import CompetenceRating
from meetings.questions import COMPETENCE_AREAS, COMPETENCE_ROLES
from portal.models import Enrolment
from tests import factories

pytestmark = pytest.mark.django_db


def competence_url(world, occasion="startup", organisation=None) -> str:
    organisation = organisation or world.org_a
    return reverse("competence_edit", args=[organisation.code, world.cohort.pk, occasion])


def form_data(levels: dict[tuple[str, str], int], notes: dict | None = None) -> dict:
    """Every field of the form, as the browser sends it: empty where nothing is chosen."""
    data = {}
    for area, _sv, _en in COMPETENCE_AREAS:
        for role in COMPETENCE_ROLES:
            level = levels.get((role.value, area))
            data[f"{role.value}-{area}-level"] = str(level) if level else ""
            data[f"{role.value}-{area}-note"] = (notes or {}).get((role.value, area), "")
    return data


def save(world, occasion, levels, by=None):
    enrolment = Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort)
    return services.competence_save(
        enrolment=enrolment,
        occasion=occasion,
        ratings={key: (level, "") for key, level in levels.items()},
        by=by or world.participant_a,
    )


def test_the_team_saves_the_start_up_inventory(client, meeting_world):
    world = meeting_world.world
    factories.log_in(client, world.participant_a)
    page = client.get(competence_url(world))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kompetensinventering: Uppstart" in body
    assert "Förändringsledning" in body and "Ledning" in body
    levels = {("politician", "gender_equality"): 1, ("strategist", "gender_analysis"): 3}
    notes = {("politician", "gender_equality"): "Ny nämnd sedan valet."}
    response = client.post(competence_url(world), form_data(levels, notes), follow=True)
    body = response.content.decode()
    assert "Kompetensinventeringen sparades." in body
    assert "Senast sparat av" in body
    ratings = {
        (r.role, r.area): (r.level, r.note, r.updated_by)
        for r in CompetenceRating.objects.filter(occasion="startup")
    }
    assert ratings == {
        ("politician", "gender_equality"): (1, "Ny nämnd sedan valet.", world.participant_a),
        ("strategist", "gender_analysis"): (3, "", world.participant_a),
    }
    # The comparison waits until the conference has levels too.
    assert "sida vid sida" not in body


def test_a_level_outside_the_scale_is_refused_and_nothing_is_saved(client, meeting_world):
    world = meeting_world.world
    factories.log_in(client, world.participant_a)
    data = form_data({("manager", "governance"): 2}) | {"politician-governance-level": "7"}
    response = client.post(competence_url(world), data)
    assert response.status_code == 400
    assert "Det finns ett problem" in response.content.decode()
    assert not CompetenceRating.objects.exists()
    assert client.get(competence_url(world, occasion="midway")).status_code == 404


def test_start_up_and_conference_side_by_side_once_both_exist(client, meeting_world):
    world = meeting_world.world
    save(world, "startup", {("manager", "governance"): 1, ("politician", "management"): 2})
    save(world, "conference", {("manager", "governance"): 3, ("politician", "management"): 1})
    factories.log_in(client, world.participant_a)
    body = client.get(competence_url(world, "conference")).content.decode()
    assert "Uppstart och resultatkonferens sida vid sida" in body
    table = body.split('id="comparison"')[1].split("</table>")[0]
    rows = {
        (cells[0], cells[1]): cells[2:]
        for cells in (
            re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in table.split("<tr")[2:]
        )
    }
    assert rows[("Styrning", "Chef")] == ["1 – Behöver stärkas", "3 – Finns väl", "+2"]
    management = rows[("Ledning", "Politiker")]
    assert management[:2] == ["2 – Finns delvis", "1 – Behöver stärkas"]
    assert management[2] == "−1"


def test_mentors_read_the_inventory_and_others_get_not_found(client, meeting_world):
    world = meeting_world.world
    save(world, "startup", {("strategist", "communication"): 2})
    factories.log_in(client, world.mentor)
    page = client.get(competence_url(world))
    assert page.status_code == 200
    body = page.content.decode()
    assert "2 – Finns delvis" in body and 'name="strategist-communication-level"' not in body
    data = form_data({("strategist", "communication"): 3})
    assert client.post(competence_url(world), data).status_code == 404
    client.logout()
    factories.log_in(client, world.participant_b)
    assert client.get(competence_url(world)).status_code == 404
    assert client.post(competence_url(world), data).status_code == 404
    assert CompetenceRating.objects.get().level == 2


def test_the_inventory_page_makes_as_many_queries_for_one_rating_as_for_all(client, meeting_world):
    world = meeting_world.world
    factories.log_in(client, world.participant_a)
    save(world, "startup", {("manager", "governance"): 1})
    client.get(competence_url(world))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(competence_url(world)).status_code == 200
        return len(captured)

    one = count()
    every = {
        (role.value, area): 2 for area, _sv, _en in COMPETENCE_AREAS for role in COMPETENCE_ROLES
    }
    save(world, "startup", every)
    save(world, "conference", every)
    assert count() == one
    assert one <= 15


def test_the_facts_deck_fills_the_competence_table_from_the_start_up(meeting_world):
    world = meeting_world.world
    save(world, "startup", {("politician", "gender_equality"): 1, ("strategist", "change"): 3})
    save(world, "conference", {("politician", "gender_equality"): 3})
    with translation.override("sv"):
        content = build_organisation_facts_pptx(
            organisation_facts_data(meeting_world.meeting, world.org_a)
        )
    deck = PptxDocument(io.BytesIO(content))
    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == "Kompetensinventering")
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:3] == ["Roll i teamet", "Jämställdhet", "Jämställdhetsanalys"]
    assert len(rows[0]) == 1 + len(COMPETENCE_AREAS)
    by_role = {row[0]: row[1:] for row in rows[1:]}
    assert set(by_role) == {"Politiker", "Chef", "Strateg"}
    areas = [area for area, _sv, _en in COMPETENCE_AREAS]
    assert by_role["Politiker"][areas.index("gender_equality")] == "1"  # the start-up's level
    assert by_role["Strateg"][areas.index("change")] == "3"
    assert by_role["Chef"] == [""] * len(areas)  # places to write
