"""Flow g: "Mina datum" shows an extension's new deadline to that organisation only, and the
calendar address beside it can be copied with one button."""

from datetime import timedelta

import pytest
from django.utils import dateformat, timezone

from meetings import services
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _day(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "j F")


def test_my_dates_lists_an_extension_for_that_organisation_only(page, live_server):
    world = factories.world()
    starts = (timezone.localtime() + timedelta(days=20)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    meeting = factories.norr_bm1_meeting(world, starts, published=True)
    general = meeting.deadline
    extended = general + timedelta(days=3)
    services.extension_grant(
        meeting=meeting,
        organisation=world.org_a,
        deadline=extended,
        reason="Sjukdom i teamet",
        by=world.organiser,
    )

    log_in(page, live_server.url, "a@example.org", factories.PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina datum").click()
    page.get_by_role("heading", name="Mina datum", level=1).wait_for()
    deadline_row = page.locator("tr[data-kind=deadline]")
    assert deadline_row.count() == 1
    text = deadline_row.inner_text()
    assert _day(extended) in text and "Presentationen ska lämnas (Boden)" in text
    assert "Förlängd för din organisation" in text and "Kommande" in text
    meeting_row = page.locator("tr[data-kind=meeting]").inner_text()
    assert "BM1 Norr" in meeting_row

    # The calendar address beside it: made once, then copied with the button.
    page.get_by_role("link", name="Prenumerera på dina datum i din kalenderapp").click()
    page.get_by_role("button", name="Skapa min kalenderadress").click()
    status = page.get_by_role("status").first
    assert "Din kalenderadress är klar" in status.inner_text()
    assert "fungerar inte längre" not in page.locator("main").inner_text()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("link", name="Se alla dina datum och hur det går").click()
    address = page.get_by_label("Kalenderadress").input_value()
    assert address.endswith(".ics")
    page.get_by_role("button", name="Kopiera adressen").click()
    page.locator("[data-copy-status]", has_text="Kopierad").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == address

    page.get_by_role("button", name="Logga ut").click()
    log_in(page, live_server.url, "b@example.org", factories.PASSWORD)
    page.goto(f"{live_server.url}/my-dates/")
    text = page.locator("tr[data-kind=deadline]").inner_text()
    assert "Presentationen ska lämnas (Piteå)" in text and _day(general) in text
    assert "Förlängd" not in text and _day(extended) not in text
