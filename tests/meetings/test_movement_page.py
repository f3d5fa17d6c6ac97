"""The page "Förflyttning och lärdomar" and the board's column "Förflyttning sedan BM1": who
sees what (the team edits, its cluster's mentors and its cohort's organisers read, everyone else
gets 404), the save with its messages, and query counts flat at 3 and 311 organisations."""

import re

import pytest
from django.urls import reverse

from checklists.demo import seed_checklist
from checklists.models import Assessment, ItemLesson, ItemScore, Occasion
from checklists.services_lessons import LessonText, item_lessons_save
from meetings import services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import ImprovementEffort, Step
from portal.models import Enrolment, Organisation
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db

A_BM1 = [1, 2, 3, 2, 1, 1, 2, 2, 1, 1]
A_BM2 = [2, 2, 2, 3, 1, 2, 2, 3, 1, None]  # +3 in total; item 10 not scored at BM2


def _assess(world, organisation, occasion, scores, version) -> Assessment:
    assessment = Assessment.objects.create(
        organisation=organisation, cohort=world.cohort, occasion=occasion, version=version
    )
    items = {item.number: item for item in version.items.all()}
    ItemScore.objects.bulk_create(
        ItemScore(assessment=assessment, item=items[number], score=score)
        for number, score in enumerate(scores, start=1)
    )
    return assessment


@pytest.fixture
def movement_world(cohort_world):
    version = seed_checklist()
    world = cohort_world
    _assess(world, world.org_a, Occasion.BM1, A_BM1, version)
    bm2 = _assess(world, world.org_a, Occasion.BM2, A_BM2, version)
    item_lessons_save(
        assessment=bm2,
        lessons={1: LessonText("Budgetmålen gav fart.", "Följ upp målen i delåret.")},
        by=world.participant_a,
    )
    effort = ImprovementEffort.objects.create(
        organisation=world.org_a, title="Jämställd budget", area="governance"
    )
    effort.checklist_items.add(version.items.get(number=1))
    return world


def url(world, organisation=None, occasion="BM2") -> str:
    organisation = organisation or world.org_a
    return reverse("movement_lessons", args=[organisation.code, world.cohort.pk, occasion])


def login(client, person):
    factories.login_with_second_factor(client, person)
    return client


def test_the_team_sees_the_chart_and_edits_the_lessons(client, movement_world):
    world = movement_world
    body = login(client, world.participant_a).get(url(world)).content.decode()
    assert "Förflyttning och lärdomar" in body
    assert 'role="img"' in body and '<title id="slope-total-title">' in body
    assert re.search(r'id="movement-total".*?Förflyttning sedan BM1.*?\+3', body, re.S)
    assert 'name="lesson_1"' in body and "Budgetmålen gav fart." in body
    assert 'name="next_step_2"' in body
    assert 'name="lesson_10"' not in body  # not scored at BM2: no lesson to write
    assert "Steg upp (4)" in body and "Steg ned (1)" in body and "Oförändrad (4)" in body
    effort = ImprovementEffort.objects.get()
    assert reverse("improvement_edit", args=[world.org_a.code, effort.pk]) in body


def test_saving_shows_a_banner_and_the_lessons(client, movement_world):
    world = movement_world
    login(client, world.participant_a)
    page = client.get(url(world))
    version = re.search(r'name="version" value="([^"]*)"', page.content.decode()).group(1)
    response = client.post(
        url(world),
        {
            "version": version,
            "lesson_1": "Budgetmålen gav fart.",
            "next_step_1": "Följ upp målen i delåret.",
            "lesson_3": "Vi tappade fart när strategen slutade.",
            "next_step_3": "Anställ en ny strateg.",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Lärdomarna sparades (1 moment ändrades)." in body
    assert "Vi tappade fart när strategen slutade." in body
    assert ItemLesson.objects.get(item__number=3).next_step == "Anställ en ny strateg."


def test_a_too_long_lesson_shows_the_error_summary_and_saves_nothing(client, movement_world):
    world = movement_world
    login(client, world.participant_a)
    response = client.post(url(world), {"version": "", "lesson_2": "x" * 2001})
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and "Skriv högst 2000 tecken" in body
    assert 'href="#id_lesson_2"' in body
    assert not ItemLesson.objects.filter(item__number=2).exists()


def test_a_stale_form_is_refused(client, movement_world):
    world = movement_world
    login(client, world.participant_a)
    response = client.post(url(world), {"version": "2020-01-01T00:00:00", "lesson_2": "Sent."})
    assert response.status_code == 400
    assert "Någon annan sparade lärdomarna" in response.content.decode()
    assert not ItemLesson.objects.filter(item__number=2).exists()


@pytest.mark.parametrize("who", ["mentor", "organiser", "admin"])
def test_mentors_and_organisers_read_without_a_form(client, movement_world, who):
    world = movement_world
    body = login(client, getattr(world, who)).get(url(world)).content.decode()
    assert "Budgetmålen gav fart." in body and "Följ upp målen i delåret." in body
    assert 'name="lesson_1"' not in body
    assert client.post(url(world), {"lesson_1": "Nej."}).status_code == 404
    assert ItemLesson.objects.get().lesson == "Budgetmålen gav fart."


@pytest.mark.parametrize(
    "who", ["participant_b", "participant_c", "other_cohort_participant", "no_role"]
)
def test_everyone_else_gets_404(client, movement_world, who):
    world = movement_world
    login(client, getattr(world, who))
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world), {"lesson_1": "Nej."}).status_code == 404
    assert ItemLesson.objects.get().lesson == "Budgetmålen gav fart."


def test_anonymous_is_sent_to_log_in_and_bm1_is_not_a_page(client, movement_world):
    world = movement_world
    assert client.get(url(world)).status_code == 302
    login(client, world.participant_a)
    assert client.get(url(world, occasion="BM1")).status_code == 404
    assert client.get(url(world, occasion="BM3")).status_code == 200


def _many_organisations(world, version, count: int) -> None:
    """`count` more organisations in the cohort, each with BM1 and BM2 scores and a lesson."""
    organisations = Organisation.objects.bulk_create(
        Organisation(code=f"{9000 + n:04d}", name=f"Kommun {n}", kind="municipality")
        for n in range(count)
    )
    Enrolment.objects.bulk_create(
        Enrolment(cohort=world.cohort, organisation=organisation, cluster=world.other_cluster)
        for organisation in organisations
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            organisation=organisation, cohort=world.cohort, occasion=occasion, version=version
        )
        for organisation in organisations
        for occasion in (Occasion.BM1, Occasion.BM2)
    )
    items = list(version.items.all())
    ItemScore.objects.bulk_create(
        ItemScore(assessment=assessment, item=item, score=2)
        for assessment in assessments
        for item in items
    )
    ItemLesson.objects.bulk_create(
        ItemLesson(assessment=assessment, item=items[0], lesson="Lärdom.")
        for assessment in assessments
        if assessment.occasion == Occasion.BM2
    )


def test_page_queries_stay_flat_with_311_organisations(client, movement_world, page_queries):
    world = movement_world
    login(client, world.participant_a)
    few = page_queries(client, url(world))[0]
    login(client, world.mentor)
    few_mentor = page_queries(client, url(world))[0]
    _many_organisations(world, seed_checklist(), 311 - 5)
    assert Organisation.objects.count() >= 311
    login(client, world.participant_a)
    assert page_queries(client, url(world))[0] == few
    login(client, world.mentor)
    assert page_queries(client, url(world))[0] == few_mentor


@pytest.fixture
def bm2_meeting(movement_world, mail_on_commit):
    seed_steps()
    seed_step_tasks()
    world = movement_world
    with mail_on_commit():
        meeting = services.meeting_create(
            cohort=world.cohort,
            cluster=None,
            step=Step.objects.get(code="bm2"),
            title="BM2 för alla",
            starts_at=stockholm(2027, 3, 1, 9, 30),
            ends_at=stockholm(2027, 3, 1, 16, 0),
            by=world.organiser,
        )
        services.meeting_publish(meeting=meeting, by=world.organiser)
    return meeting


BOARD_CELL = re.compile(
    r'<th scope="row"[^>]*><a [^>]+>([^<]+)</a></th>.*?app-board-table__movement">([^<]*)</td>',
    re.S,
)


def test_the_board_shows_movement_since_bm1_and_lessons(client, movement_world, bm2_meeting):
    world = movement_world
    login(client, world.organiser)
    body = client.get(reverse("meeting_board", args=[bm2_meeting.pk])).content.decode()
    assert ">Förflyttning sedan BM1</th>" in body
    cells = dict(BOARD_CELL.findall(body))
    assert cells[world.org_a.name] == "+3 · 1 lärdom"
    assert cells[world.org_b.name] == "–"


def test_the_board_has_no_movement_column_at_bm1(client, movement_world, mail_on_commit):
    world = movement_world
    meeting = factories.norr_bm1_meeting(world, stockholm(2027, 1, 10, 9, 30), published=True)
    login(client, world.organiser)
    body = client.get(reverse("meeting_board", args=[meeting.pk])).content.decode()
    assert "Förflyttning sedan BM1" not in body


def test_board_queries_stay_flat_with_the_movement_column(
    client, movement_world, bm2_meeting, page_queries
):
    world = movement_world
    login(client, world.organiser)
    board = reverse("meeting_board", args=[bm2_meeting.pk])
    few = page_queries(client, board)[0]
    _many_organisations(world, seed_checklist(), 311 - 5)
    many, response = page_queries(client, board)
    assert many == few
    cells = dict(BOARD_CELL.findall(response.content.decode()))
    assert cells["Kommun 7"] == "±0 · 1 lärdom"
    assert len(cells) >= 311 - 2


def test_at_bm3_the_previous_occasion_stands_between(client, movement_world):
    world = movement_world
    _assess(world, world.org_a, Occasion.BM3, [3, 2, 2, 3, 2, 2, 2, 3, 1, 1], seed_checklist())
    body = login(client, world.participant_a).get(url(world, occasion="BM3")).content.decode()
    assert "Sedan BM2" in body and "Sedan BM1" in body
    # Item 1: 1 at BM1, 2 at BM2, 3 at BM3: one step since BM2, two since BM1.
    first = body[body.index('id="item-1"') : body.index('id="item-2"')]
    assert re.search(r">1<.*?>2<.*?>3<.*?>\+1<.*?>\+2<", first, re.S)
