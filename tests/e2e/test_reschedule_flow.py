"""Moving a published meeting in the browser: the organiser sees what changes and who will be
told before anything is saved or sent (the confirmation page passes axe), then confirms."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from meetings.models import Meeting
from portal.models import OutgoingEmail
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_moving_a_published_meeting_asks_first_and_then_tells_everyone(page, live_server):
    world = factories.world()
    starts = (timezone.localtime() + timedelta(days=40)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    meeting = factories.norr_bm1_meeting(world, starts, published=True)
    moved = starts + timedelta(days=7)

    log_in(page, live_server.url, "organiser@example.org", factories.PASSWORD)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    page.locator("input[name=starts_at]").fill(moved.strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=ends_at]").fill(
        (moved + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Spara", exact=True).click()

    main = page.locator("main")
    main.get_by_role("heading", name="Granska ändringarna").wait_for()
    assert "3 personer" in main.inner_text()
    results = Axe().run(page)
    assert results.response["passes"], "axe did not run"
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    # Nothing is saved or sent before the organiser confirms.
    assert Meeting.objects.get(pk=meeting.pk).starts_at == starts
    assert not OutgoingEmail.objects.filter(kind="meeting.update").exists()

    page.get_by_role("button", name="Spara och skicka ändringen").click()
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")
    assert Meeting.objects.get(pk=meeting.pk).starts_at == moved
    assert OutgoingEmail.objects.filter(kind="meeting.update").count() == 3
