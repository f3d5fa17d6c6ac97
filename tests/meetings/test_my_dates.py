"""The "my dates" page, the calendar settings page, and the organiser's overdue summary."""

import time_machine
from django.urls import reverse

from meetings import selectors, services
from meetings.models import Step
from portal.models import Membership, TeamRole
from tests import factories

from .conftest import stockholm


def _extend_for_a(meeting_world):
    world = meeting_world.world
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        services.extension_grant(
            meeting=meeting_world.meeting,
            organisation=world.org_a,
            deadline=stockholm(2027, 3, 29, 12, 0),
            reason="Sjukdom",
            by=world.organiser,
        )


def test_my_dates_shows_the_extended_deadline_to_its_organisation_only(client, meeting_world):
    _extend_for_a(meeting_world)
    world = meeting_world.world
    with time_machine.travel(stockholm(2027, 3, 20, 9, 0), tick=False):
        factories.log_in(client, world.participant_a)
        page_a = client.get(reverse("my_dates")).content.decode()
        client.logout()
        factories.log_in(client, world.participant_b)
        page_b = client.get(reverse("my_dates")).content.decode()
    assert "mån 29 mars, 12:00" in page_a
    assert "Förlängd för din organisation; den allmänna fristen är 25 mars 2027, 09:30." in page_a
    assert "tors 25 mars, 09:30" in page_b and "29 mars" not in page_b
    assert "Presentationen ska lämnas (Piteå)" in page_b and "Förlängd" not in page_b
    assert "Mars 2027" in page_a and "April 2027" in page_a
    assert "Kommande" in page_a


def test_my_dates_statuses_follow_the_facts(meeting_world):
    world = meeting_world.world
    with time_machine.travel(stockholm(2027, 4, 1, 10, 0), tick=False):
        lines = selectors.my_dates(world.participant_a)
    by_kind = {line.kind: line for line in lines}
    assert by_kind["meeting"].status == "today"
    assert by_kind["deadline"].status == "missing"
    assert by_kind["assessment_lock"].status == "today"
    assert by_kind["evaluation"].status == "upcoming"
    with time_machine.travel(stockholm(2027, 4, 2, 10, 0), tick=False):
        lines = selectors.my_dates(world.participant_a)
    by_kind = {line.kind: line for line in lines}
    assert by_kind["evaluation"].status == "open"
    assert by_kind["assessment_lock"].status == "not_submitted"
    assert selectors.my_dates(world.other_cohort_participant) == []


def test_my_dates_query_count_is_flat_in_meetings_and_organisations(
    client, meeting_world, page_queries
):
    world = meeting_world.world
    factories.log_in(client, world.participant_a)
    few = page_queries(client, reverse("my_dates"))[0]
    for number in range(4):
        meeting = services.meeting_create(
            cohort=world.cohort,
            cluster=None,
            step=Step.objects.get(code="bm2"),
            title=f"Gemensam {number}",
            starts_at=stockholm(2027, 5, 1 + number, 9, 0),
            ends_at=stockholm(2027, 5, 1 + number, 12, 0),
            by=world.organiser,
        )
        services.meeting_publish(meeting=meeting, by=world.organiser)
    Membership.objects.create(
        user=world.participant_a, organisation=world.org_b, team_role=TeamRole.MANAGER
    )
    count, response = page_queries(client, reverse("my_dates"))
    assert count == few
    assert response.content.decode().count("Gemensam 3") >= 2


def test_calendar_first_address_does_not_speak_of_an_old_one(client, cohort_world):
    factories.log_in(client, cohort_world.participant_a)
    page = client.get(reverse("calendar_settings")).content.decode()
    assert "Den gamla" not in page and "inte längre" not in page
    response = client.post(reverse("calendar_settings"), follow=True)
    first = response.content.decode()
    assert "Din kalenderadress är klar" in first and "fungerar inte längre" not in first
    assert (
        'readonly value="http' in first and "data-copy-button" in first and 'role="status"' in first
    )
    second = client.post(reverse("calendar_settings"), follow=True).content.decode()
    assert "Den gamla fungerar inte längre" in second


def test_overdue_checklist_items_are_summarised_per_meeting(client, meeting_world):
    world = meeting_world.world
    factories.log_in(client, world.organiser)
    with time_machine.travel(stockholm(2027, 4, 20, 9, 0), tick=False):
        summary = selectors.overdue_tasks_by_meeting(world.organiser)
        overdue = selectors.overdue_organiser_tasks(world.organiser, limit=None)
        page = client.get(reverse("home")).content.decode()
    assert len(summary) == 1 and summary[0].count == len(overdue) > 1
    assert summary[0].meeting == meeting_world.meeting
    url = reverse("meeting_detail", args=[meeting_world.meeting.pk]) + "#organiser-checklist"
    assert page.count(f'href="{url}"') == 1
    assert f"{len(overdue)} försenade punkter" in page
