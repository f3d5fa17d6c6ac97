"""The organisation's journey page: every step of its cohort with its state (done only once
its meeting is over, "not scheduled" for a meeting step behind it that never was), the current
step marked for assistive technology, the next one named, the preparation tasks with the
board's statuses, the improvement work under the steps at home; who may open it; its query
count."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from meetings.models import CohortProgramme, ImprovementEffort, Meeting, MeetingTask, Step
from meetings.programme import programme_snapshot
from meetings.selectors.deadlines import preparation_board
from meetings.selectors.journey import (
    STEP_CURRENT,
    STEP_DONE,
    STEP_NOT_SCHEDULED,
    STEP_UPCOMING,
    organisation_journey,
)
from portal.registry import known_organisations
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db


def _meeting(world, code: str, starts) -> Meeting:
    meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code=code),
        title=f"{code.upper()} Norr",
        starts_at=starts,
        ends_at=starts.replace(hour=16),
        by=world.organiser,
        venue="Kommunhuset",
    )
    services.meeting_publish(meeting=meeting, by=world.organiser)
    return meeting


def _states(journey) -> list[tuple[str, str]]:
    return [(item.step.code, item.state) for item in journey.steps]


def _steps_of(page: str) -> list[str]:
    """The items of the page's step list, one string each (each runs to the next)."""
    listing = page[page.index('<ol class="app-step-indicator app-journey"') :]
    listing = listing[: listing.index("</ol>\n")]
    return listing.split('<li class="app-step-indicator__step')[1:]


def test_before_the_first_meeting_the_unscheduled_start_up_is_not_called_done(meeting_world):
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        journey = organisation_journey(meeting_world.world.org_a)
    assert _states(journey) == [
        ("uppstart", STEP_NOT_SCHEDULED),
        ("bm1", STEP_CURRENT),
        ("hemmaplan-1", STEP_UPCOMING),
        ("bm2", STEP_UPCOMING),
        ("hemmaplan-2", STEP_UPCOMING),
        ("bm3", STEP_UPCOMING),
        ("hemmaplan-3", STEP_UPCOMING),
        ("resultatkonferens", STEP_UPCOMING),
    ]
    assert journey.current.meeting == meeting_world.meeting
    assert journey.next.step.code == "hemmaplan-1"


def test_a_meeting_step_is_done_once_its_meeting_is_over_and_the_home_work_follows(
    meeting_world, mail_on_commit
):
    world = meeting_world.world
    with mail_on_commit():
        bm2 = _meeting(world, "bm2", stockholm(2027, 6, 1, 9, 30))
    with time_machine.travel(stockholm(2027, 4, 1, 12, 0), tick=False):
        during = organisation_journey(world.org_a)
    with time_machine.travel(stockholm(2027, 4, 20, 9, 0), tick=False):
        after = organisation_journey(world.org_a)
    # While BM1 is under way it is the current step, not done.
    assert _states(during)[1] == ("bm1", STEP_CURRENT)
    assert _states(after)[:5] == [
        ("uppstart", STEP_NOT_SCHEDULED),
        ("bm1", STEP_DONE),
        ("hemmaplan-1", STEP_CURRENT),
        ("bm2", STEP_UPCOMING),
        ("hemmaplan-2", STEP_UPCOMING),
    ]
    assert after.steps[3].meeting == bm2
    assert after.next.step.code == "bm2"


def test_the_page_shows_all_eight_steps_with_status_purpose_and_the_current_one_marked(
    client, meeting_world
):
    world = meeting_world.world
    client.force_login(world.participant_a)
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        response = client.get(reverse("organisation_journey", args=[world.org_a.code]))
    assert response.status_code == 200
    page = response.content.decode()
    steps = _steps_of(page)
    assert len(steps) == 8
    assert [s.count('aria-current="step"') for s in steps] == [0, 1, 0, 0, 0, 0, 0, 0]
    status = [
        re.search(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', s).group(1) for s in steps
    ]
    assert status == ["Inte schemalagt", "Nuvarande steg"] + ["Kommande"] * 6
    bm1 = Step.objects.get(code="bm1")
    assert bm1.title in steps[1] and bm1.summary[:40] in steps[1]
    assert all(goal in steps[1] for goal in bm1.goals)
    assert (
        "Stadshuset" in steps[1]
        and reverse("meeting_detail", args=[meeting_world.meeting.pk]) in steps[1]
    )
    assert "Inget möte i det här steget schemalades i portalen för klustret." in steps[0]
    assert "Inget möte i det här steget är schemalagt ännu." in steps[3]
    where = page[page.index('id="where-now"') :]
    assert "Nu:" in where and bm1.title in where[: where.index("</div>")]
    assert "Nästa:" in where and Step.objects.get(code="hemmaplan-1").title in where


def test_the_tasks_have_the_boards_statuses(client, meeting_world):
    world = meeting_world.world
    meeting = meeting_world.meeting
    ticked = MeetingTask.objects.filter(meeting=meeting, kind="general").first()
    services.meeting_task_set_done(
        task=ticked, organisation=world.org_a, by=world.participant_a, done=True
    )
    now = stockholm(2027, 3, 1, 9, 0)
    with time_machine.travel(now, tick=False):
        journey = organisation_journey(world.org_a)
        client.force_login(world.participant_a)
        page = client.get(reverse("organisation_journey", args=[world.org_a.code])).content
    board = next(r for r in preparation_board(meeting, now=now) if r.organisation == world.org_a)
    shown = [(state.task.pk, state.status) for state in journey.steps[1].preparation.tasks]
    assert shown == [(state.task.pk, state.status) for state in board.tasks]
    assert (ticked.pk, "done") in shown and any(status == "missing" for _pk, status in shown)
    done = sum(status == "done" for _pk, status in shown)
    assert f"Förberedelseuppgifter: {done} av {len(shown)} klara" in page.decode()


def test_home_steps_show_the_organisations_improvement_work(client, meeting_world):
    world = meeting_world.world
    ImprovementEffort.objects.create(
        organisation=world.org_a, title="Könsuppdelad statistik i styrningen", area="governance"
    )
    ImprovementEffort.objects.create(
        organisation=world.org_b, title="Någon annans arbete", area="governance"
    )
    client.force_login(world.participant_a)
    with time_machine.travel(stockholm(2027, 4, 20, 9, 0), tick=False):
        page = client.get(reverse("organisation_journey", args=[world.org_a.code])).content
    steps = _steps_of(page.decode())
    assert "Könsuppdelad statistik i styrningen" in steps[2]
    assert "Någon annans arbete" not in page.decode()
    assert reverse("organisation_after_meetings", args=[world.org_a.code]) in steps[2]


def test_the_cohorts_own_copy_of_the_programme_is_what_it_shows(client, meeting_world):
    world = meeting_world.world
    snapshot = programme_snapshot()
    snapshot["steps"]["bm1"]["summary_sv"] = "Syftet som omgången fick när den startade."
    snapshot["steps"]["bm1"]["tasks"] = [{"kind": "general", "title_sv": "Omgångens egen uppgift"}]
    CohortProgramme.objects.create(
        cohort=world.cohort,
        snapshot=snapshot,
        revision=1,
        applied_at=stockholm(2026, 9, 1, 9, 0),
    )
    Step.objects.filter(code="bm1").update(summary_sv="Ett syfte som ändrats i mallen senare.")
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        journey = organisation_journey(world.org_a)
    assert journey.steps[1].step.summary == "Syftet som omgången fick när den startade."
    assert journey.steps[1].step.tasks == ["Omgångens egen uppgift"]
    assert journey.steps[2].step.kind == Step.Kind.HOME
    assert journey.steps[1].meeting == meeting_world.meeting
    assert len(journey.steps) == 8


@pytest.mark.parametrize(
    "who, status",
    [
        ("participant_a", 200),
        ("mentor", 200),
        ("organiser", 200),
        ("participant_b", 404),
        ("participant_c", 404),
        ("other_cohort_participant", 404),
        ("no_role", 404),
    ],
)
def test_who_may_open_an_organisations_journey(client, meeting_world, who, status):
    world = meeting_world.world
    person = getattr(world, who)
    if who == "organiser":
        factories.login_with_second_factor(client, person)
    else:
        client.force_login(person)
    response = client.get(reverse("organisation_journey", args=[world.org_a.code]))
    assert response.status_code == status
    if status == 200:
        assert "Programmets steg för Boden" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, meeting_world):
    response = client.get(reverse("organisation_journey", args=[meeting_world.world.org_a.code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_journey_goes_straight_to_the_one_organisation_or_offers_a_choice(client, meeting_world):
    world = meeting_world.world
    client.force_login(world.participant_a)
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        response = client.get(reverse("my_journey"))
        assert response.status_code == 302
        assert response["Location"] == reverse("organisation_journey", args=[world.org_a.code])
        factories.login_with_second_factor(client, world.organiser)
        choice = client.get(reverse("my_journey")).content.decode()
        client.force_login(world.no_role)
        nothing = client.get(reverse("my_journey")).content.decode()
    for org in (world.org_a, world.org_b, world.org_c):
        assert reverse("organisation_journey", args=[org.code]) in choice
    assert reverse("organisation_journey", args=[world.mentor_org.code]) not in choice
    assert "Du är inte med i teamet för en organisation" in nothing


def test_the_home_page_links_to_the_journey(client, meeting_world):
    world = meeting_world.world
    client.force_login(world.participant_a)
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        page = client.get(reverse("home")).content.decode()
    assert reverse("organisation_journey", args=[world.org_a.code]) in page
    assert f'href="{reverse("my_journey")}"' in page


def spare_codes() -> list[str]:
    """Codes of the register's organisations that the test world does not use."""
    used = {"2582", "2581", "0484", "2580", "1281", "0000"}
    return sorted(code for code in known_organisations() if code not in used)


def _grow(world, start: int, count: int) -> None:
    """`count` more organisations in the cluster, and `count` improvement efforts and ticks for
    the organisation whose journey is shown."""
    meeting = Meeting.objects.get(title="BM1 Norr")
    task = MeetingTask.objects.filter(meeting=meeting, kind="general").first()
    for code in spare_codes()[start : start + count]:
        org = factories.organisation(code)
        factories.enrol(world.cohort, org, world.cluster)
        services.meeting_task_set_done(task=task, organisation=org, by=world.organiser, done=True)
        ImprovementEffort.objects.create(
            organisation=world.org_a, title=f"Insats {code}", area="governance"
        )


def _count(client, world) -> int:
    url = reverse("organisation_journey", args=[world.org_a.code])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_query_count_is_flat_in_organisations_efforts_and_ticks(
    client, meeting_world, mail_on_commit
):
    world = meeting_world.world
    client.force_login(world.participant_a)
    with time_machine.travel(stockholm(2027, 4, 20, 9, 0), tick=False):
        with mail_on_commit():
            _meeting(world, "bm2", stockholm(2027, 6, 1, 9, 30))
        _grow(world, 0, 3)
        few = _count(client, world)
        _grow(world, 3, 9)
        many = _count(client, world)
    assert few == many


def test_the_choice_of_organisations_has_a_flat_query_count(client, meeting_world):
    world = meeting_world.world
    factories.login_with_second_factor(client, world.organiser)
    counts = []
    for start, count in ((0, 1), (1, 9)):  # 3, then 12 organisations in the cohort
        for code in spare_codes()[start : start + count]:
            factories.enrol(world.cohort, factories.organisation(code), world.cluster)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("my_journey")).content.decode()
        counts.append(len(captured))
    assert page.count('href="/organisations/') >= 12
    assert counts[0] == counts[1]
