"""Flow d: an organiser writes an own message to the strategists of the organisations that are
behind, sees it as each recipient will read it and how many get it, confirms, and finds it in
the meeting's sent log; the outbox holds exactly those recipients."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from meetings import selectors, services
from meetings.models import OrganiserMessage, TaskCompletion
from portal.models import OutgoingEmail, TeamRole
from tests import factories
from tests.meetings.conftest import pptx_upload
from tests.meetings.test_views import (
    answer_question_sets,
    mark_stakeholders_updated,
    submit_self_assessment,
)

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organiser_messages_the_strategists_of_those_behind(page, live_server):
    world = factories.world()
    starts = (timezone.localtime() + timedelta(days=30)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    meeting = factories.norr_bm1_meeting(world, starts, published=True)
    # Boden has done everything on time; Piteå and the mentor Luleå are behind.
    services.presentation_upload(
        meeting=meeting, organisation=world.org_a, uploaded=pptx_upload(), by=world.participant_a
    )
    for task in meeting.tasks.exclude(kind__in=["self_assessment", "stakeholders", "answers"]):
        TaskCompletion.objects.get_or_create(task=task, organisation=world.org_a)
    submit_self_assessment(world, world.org_a, world.participant_a)
    mark_stakeholders_updated(world, world.org_a, world.participant_a)
    answer_question_sets(world, world.org_a, world.participant_a, meeting)
    for organisation in (world.org_a, world.org_b, world.mentor_org):
        factories.member(
            organisation, f"politiker-{organisation.code}@example.org", role=TeamRole.POLITICIAN
        )
    behind = {row.organisation for row in selectors.preparation_board(meeting) if row.is_behind}
    assert behind == {world.org_b, world.mentor_org}

    log_in(page, live_server.url, "organiser@example.org", factories.PASSWORD)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Skicka meddelande").click()
    page.get_by_role("link", name="Skriv ett meddelande").click()
    page.get_by_label("Organisationerna som ligger efter").check()
    page.get_by_label("Strateg", exact=True).check()
    page.get_by_label("Ämne").fill("Inför {meeting}")
    page.get_by_label("Meddelande").fill(
        "Hej {organisation}! Presentationen ska vara inne {deadline}. {link}"
    )
    page.get_by_role("button", name="Förhandsgranska meddelandet").click()

    main = page.locator("main")
    main.get_by_text("Meddelandet går till 2 personer").wait_for()
    text = main.inner_text()
    assert "Hej Piteå!" in text and "Hej Luleå!" in text and "Hej Boden!" not in text
    assert "politiker-" not in text
    assert not OrganiserMessage.objects.exists()
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []

    page.get_by_role("button", name="Skicka till 2 personer").click()
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/messages/\d+/$"))
    page.get_by_role("status").get_by_text("Meddelandet skickades till 2 personer.").wait_for()

    page.get_by_role("link", name="Skickade meddelanden").click()
    row = page.get_by_role("row", name=re.compile("Inför"))
    assert "Organisationerna som ligger efter" in row.inner_text()
    assert "2" in row.inner_text()

    sent = OutgoingEmail.objects.filter(kind="meeting.message")
    assert sorted(sent.values_list("to", flat=True)) == ["b@example.org", "mentor@example.org"]
