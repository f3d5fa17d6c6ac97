"""The team composition check: a self-assessment submitted without a politician, a manager or a
strategist among those who took part asks first, naming the missing roles, and goes through when
confirmed; the warning is kept for the organisers. With all three there is no warning."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from checklists import services
from checklists.composition import missing_roles_warning
from checklists.models import Assessment, Occasion
from portal.models import AuditEntry, Membership, TeamRole
from tests import factories

from .conftest import fill, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(cohort_world, checklist):
    """Organisation A with a strategist (participant_a), a politician and a manager, and a BM1
    assessment with every item scored."""
    world = cohort_world
    world.politician = factories.member(world.org_a, "politiker@example.org", TeamRole.POLITICIAN)
    world.manager = factories.member(world.org_a, "chef@example.org", TeamRole.MANAGER)
    world.strategist = world.participant_a
    assessment = start(world)
    fill(assessment, [2] * 10, world.participant_a)
    return world


def detail_url(world) -> str:
    return reverse("assessment_detail", args=[world.cohort.pk, world.org_a.code, "BM1"])


def _form_data(body: str) -> dict:
    """The page's form as the browser sends it untouched (hidden fields, checked radios,
    comments)."""
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body):
        data[name] = value
    for name, value in re.findall(
        r'<input type="radio" name="([^"]+)" value="([^"]*)"[^>]*checked', body
    ):
        data[name] = value
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', body):
        data[name] = value
    return data


def _submit(client, world, people, action="submit", **extra):
    data = _form_data(client.get(detail_url(world)).content.decode())
    data.update({"participants": [str(p.pk) for p in people], "action": action, **extra})
    return client.post(detail_url(world), data)


def test_the_warning_names_the_missing_roles_in_words():
    with translation.override("sv"):
        assert missing_roles_warning(["politician", "strategist"]) == (
            "Ingen politiker och ingen strateg deltog."
        )
        assert missing_roles_warning(["politician", "manager", "strategist"]) == (
            "Ingen politiker, ingen chef och ingen strateg deltog."
        )
    with translation.override("en"):
        assert missing_roles_warning(["manager"]) == "No manager took part."
    assert missing_roles_warning([]) == ""


def test_submitting_without_a_politician_warns_and_submits_when_confirmed(client, team):
    world = team
    client.cookies["django_language"] = "en"
    factories.log_in(client, world.strategist)
    response = _submit(client, world, [world.strategist, world.manager])
    assert response.status_code == 302 and response.url == detail_url(world) + "?confirm=submit"
    assessment = Assessment.objects.get(organisation=world.org_a, occasion=Occasion.BM1)
    assert assessment.status == Assessment.Status.DRAFT  # not yet: the team is asked first
    assert set(assessment.participants.all()) == {world.strategist, world.manager}  # saved

    body = client.get(response.url).content.decode()
    assert "Submit without the whole team?" in body
    assert "No politician took part." in body
    assert "No manager" not in body and "no strategist" not in body
    assert 'value="submit_anyway"' in body and "Change who took part" in body
    assert f"{world.manager} (manager)" in body

    response = client.post(detail_url(world), {"action": "submit_anyway"}, follow=True)
    body = response.content.decode()
    assert "The assessment is submitted. Thank you!" in body
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.missing_roles == ["politician"]
    assert set(assessment.participants.all()) == {world.strategist, world.manager}  # untouched
    entry = AuditEntry.objects.get(action="assessment.submit", object_id=str(assessment.pk))
    assert entry.after == {"status": "submitted", "missing_roles": ["politician"]}
    assert "When it was submitted: No politician took part." in body


def test_the_organisers_view_shows_the_recorded_warning(client, team):
    world = team
    assessment = Assessment.objects.get(organisation=world.org_a, occasion=Occasion.BM1)
    services.assessment_set_details(
        assessment=assessment,
        participants=[world.manager],
        other_participants="",
        assessed_on=None,
        by=world.strategist,
    )
    services.assessment_submit(assessment=assessment, by=world.strategist)
    factories.log_in(client, world.organiser)
    body = client.get(detail_url(world)).content.decode()  # Swedish, the default
    assert "Teamets sammansättning" in body
    assert "När den skickades in: Ingen politiker och ingen strateg deltog." in body


def test_with_politician_manager_and_strategist_there_is_no_warning(client, team):
    world = team
    client.cookies["django_language"] = "en"
    factories.log_in(client, world.strategist)
    response = _submit(client, world, [world.politician, world.manager, world.strategist])
    assert response.status_code == 302 and "confirm" not in response.url
    body = client.get(response.url).content.decode()
    assert "The assessment is submitted. Thank you!" in body
    assert "took part." not in body and "Team composition" not in body
    assessment = Assessment.objects.get(organisation=world.org_a, occasion=Occasion.BM1)
    assert assessment.status == Assessment.Status.SUBMITTED and assessment.missing_roles == []
    entry = AuditEntry.objects.get(action="assessment.submit", object_id=str(assessment.pk))
    assert entry.after == {"status": "submitted"}
    # Asking for the confirmation afterwards shows the page, not the question.
    body = client.get(detail_url(world) + "?confirm=submit").content.decode()
    assert "Submit without the whole team?" not in body


def test_the_assessment_page_warns_before_submitting(client, team):
    world = team
    factories.log_in(client, world.strategist)
    response = _submit(client, world, [world.strategist], action="save")
    assert response.status_code == 302
    body = client.get(detail_url(world)).content.decode()
    warning = re.search(
        r'<div class="govuk-warning-text app-team-warning" id="team-composition">.*?</div>',
        body,
        re.S,
    )
    assert warning and "Ingen politiker och ingen chef deltog." in warning.group(0)
    assert Assessment.objects.get(occasion=Occasion.BM1).status == Assessment.Status.DRAFT


def test_unscored_items_are_reported_before_the_roles_are_asked_about(client, team):
    world = team
    client.cookies["django_language"] = "en"
    factories.log_in(client, world.strategist)
    assessment = Assessment.objects.get(occasion=Occasion.BM1)
    assessment.scores.filter(item__number=10).update(score=None)
    response = _submit(client, world, [world.strategist])
    assert response.status_code == 302 and "confirm" not in response.url
    body = client.get(response.url).content.decode()
    assert "Not scored yet: 10." in body
    assert Assessment.objects.get(occasion=Occasion.BM1).status == Assessment.Status.DRAFT


def test_people_who_may_not_edit_cannot_submit_anyway(client, team):
    world = team
    factories.log_in(client, world.mentor)
    assert client.post(detail_url(world), {"action": "submit_anyway"}).status_code == 404
    assert Assessment.objects.get(occasion=Occasion.BM1).status == Assessment.Status.DRAFT


def test_the_page_makes_as_many_queries_however_large_the_team(client, team, page_queries):
    """The composition check reads the roles from the team list the page loads anyway."""
    world = team
    factories.log_in(client, world.strategist)
    assessment = Assessment.objects.get(occasion=Occasion.BM1)
    services.assessment_set_details(
        assessment=assessment,
        participants=[world.strategist],
        other_participants="",
        assessed_on=None,
        by=world.strategist,
    )
    few, response = page_queries(client, detail_url(world))
    assert "team-composition" in response.content.decode()
    more = [
        factories.member(world.org_a, f"fler{n}@example.org", role)
        for n, role in enumerate([TeamRole.POLITICIAN, TeamRole.MANAGER, TeamRole.CONTROLLER] * 3)
    ]
    services.assessment_set_details(
        assessment=assessment,
        participants=[world.strategist, *more],
        other_participants="",
        assessed_on=None,
        by=world.strategist,
    )
    many, response = page_queries(client, detail_url(world))
    assert many == few
    assert "team-composition" not in response.content.decode()
    assert Membership.objects.filter(organisation=world.org_a).count() == 12
