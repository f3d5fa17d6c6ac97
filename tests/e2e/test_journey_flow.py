"""Acceptance (issue 20): the organisation's journey page shows all eight steps with status. A
participant logs in, reaches the page from the start page with the keyboard alone, finds the
eight steps with their status in words (the start-up never scheduled, BM1 held, the work at
home under way, the rest to come) and the current one marked for assistive technology; axe
finds nothing serious or critical there, nor on the cluster's key figures page."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, Step
from portal.models import KeyFigure, KeyFigureValue
from tests import factories
from tests.e2e.test_accessibility import serious

from .conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "journey"
LINK = "Alla steg: vad de är till för och vad som kommer härnäst"


def _round(world) -> None:
    """BM1 of cluster Norr held ten days ago, BM2 in twenty days; a key figure for the cluster."""
    now = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    bm1 = factories.norr_bm1_meeting(world, now + timedelta(days=30), published=True)
    Meeting.objects.filter(pk=bm1.pk).update(
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10) + timedelta(hours=5),
        status=Meeting.Status.HELD,
    )
    bm2 = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="bm2"),
        title="BM2 Norr",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=5),
        by=world.organiser,
        venue="Stadshuset",
    )
    services.meeting_publish(meeting=bm2, by=world.organiser)
    figure = KeyFigure.objects.create(kpi_id="N00001", title="Andel chefer som är kvinnor")
    KeyFigureValue.objects.bulk_create(
        KeyFigureValue(key_figure=figure, code=code, year=year, gender=gender, value=value)
        for code, year, values in [
            ("2582", 2022, (60, 40, 50)),
            ("2582", 2023, (55, 45, 50)),
            ("2581", 2023, (70, 30, 50)),
            ("0000", 2023, (52, 48, 50)),
        ]
        for gender, value in zip("KMT", values, strict=True)
    )


def _tab_to(page, name: str, limit: int = 120) -> None:
    """Presses Tab until the link of that name has the focus."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText.trim()").startswith(name):
            return
    raise AssertionError(f"the link “{name}” cannot be reached with Tab")


def test_the_journey_page_shows_all_eight_steps_with_status(page, live_server):
    world = factories.world()
    _round(world)
    log_in(page, live_server.url, "a@example.org", factories.PASSWORD)

    _tab_to(page, LINK)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Programmets steg för Boden", level=1).wait_for()
    assert page.url.endswith(f"/organisations/{world.org_a.code}/journey/")

    steps = page.locator("ol.app-journey > li")
    assert steps.count() == 8
    status = [steps.nth(i).locator(".govuk-tag").first.inner_text() for i in range(8)]
    assert [text.strip().casefold() for text in status] == [
        "inte schemalagt",
        "klar",
        "nuvarande steg",
        "kommande",
        "kommande",
        "kommande",
        "kommande",
        "kommande",
    ]
    current = page.locator('ol.app-journey > li[aria-current="step"]')
    assert current.count() == 1
    heading = current.get_by_role("heading", level=2).inner_text()
    assert "Steg 3 av 8" in heading and "Arbete på hemmaplan" in heading
    where = page.locator("#where-now").inner_text()
    assert "Nästa:" in where and "BM2" in where
    assert "Stadshuset" in steps.nth(3).inner_text()
    problems = serious(Axe().run(page))
    assert not problems, problems
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "journey.png"), full_page=True)

    # The cluster's key figures, from the start page too.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Nyckeltal i klustret").click()
    page.get_by_role("heading", name="Boden jämfört med klustret", level=1).wait_for()
    table = page.locator("#peers-N00001").inner_text()
    assert "Piteå" in table and "Riket" in table and "Luleå" not in table
    assert "Skillnaden har minskat: från 20 år 2022 till 10 år 2023." in page.inner_text("main")
    problems = serious(Axe().run(page))
    assert not problems, problems
    page.screenshot(path=str(SHOTS / "keyfigures-cluster.png"), full_page=True)
