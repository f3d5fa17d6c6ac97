"""Acceptance: a participant builds the organisation's BM3 results pack. In Chromium: from the
BM3 meeting page to the results pack, a key figure split by sex is added (its chart and its table
of women, men and the difference appear), a comment is written; a figure that has lost its split
by sex since the page was made is refused with the message tied to the field. The page passes
axe; a screenshot with the demo-like data is kept for the issue."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from meetings import services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import ResultsKeyFigure, Step
from portal.keyfigures.imports import key_figures_seed_demo
from portal.keyfigures.models import KeyFigure
from portal.models import Enrolment
from tests import factories

from .conftest import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue-21" / "results-pack.png"
)
WORK = "Förvärvsarbetande invånare 20-64 år, andel (%)"
POPULATION = "Invånare totalt, antal"


def bm3_meeting(world):
    seed_steps()
    seed_step_tasks()
    starts = timezone.localtime() + timedelta(days=30)
    meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="bm3"),
        title="BM3 Följa upp och analysera resultaten – kluster Norr",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        by=world.organiser,
    )
    services.meeting_publish(meeting=meeting, by=world.organiser)
    return meeting


def test_a_participant_chooses_a_key_figure_comments_it_and_is_refused_one_without_split(
    page, live_server
):
    world = factories.world()
    key_figures_seed_demo()
    meeting = bm3_meeting(world)
    base = live_server.url
    log_in(page, base, "a@example.org", factories.PASSWORD)

    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.locator(f"#results-pack-link-{world.org_a.code}").click()
    page.get_by_role("heading", name="Resultatunderlag", exact=True).wait_for()
    assert page.locator("#results-empty").is_visible()
    assert serious_violations(page) == []

    page.get_by_label("Nyckeltal att lägga till").select_option(label=WORK)
    page.get_by_role("button", name="Lägg till i resultatunderlaget").click()
    page.get_by_role("status").get_by_text("lades till i resultatunderlaget").wait_for()
    chart = page.locator("svg[aria-labelledby='results-chart-N00914']")
    assert chart.is_visible()
    table = page.locator("#years-N00914")
    assert "79,4" in table.inner_text() and "−4,3" in table.inner_text()
    assert "Skillnaden har ökat" in page.locator("#trend-N00914").inner_text()

    section = page.locator("#figure-N00914")
    section.get_by_label("Vad nyckeltalet visar oss").fill(
        "Kvinnor förvärvsarbetar mindre än män, och skillnaden har ökat sedan 2020."
    )
    section.get_by_role("button", name="Spara kommentaren").click()
    page.get_by_role("status").get_by_text("Kommentaren till").wait_for()
    assert ResultsKeyFigure.objects.get(organisation=world.org_a).comment.startswith("Kvinnor")

    # Kolada stops splitting the population by sex while the page is open: the choice is refused.
    KeyFigure.objects.filter(kpi_id="N01951").update(divided_by_gender=False)
    page.get_by_label("Nyckeltal att lägga till").select_option(label=POPULATION)
    page.get_by_role("button", name="Lägg till i resultatunderlaget").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "inte uppdelat efter kön" in summary.inner_text()
    assert "inte uppdelat efter kön" in page.locator("#id_key_figure_error").inner_text()
    assert ResultsKeyFigure.objects.filter(organisation=world.org_a).count() == 1
    assert serious_violations(page) == []

    # The demo's picture: both figures, Boden's answers on statistics; the page as the team sees it.
    KeyFigure.objects.filter(kpi_id="N01951").update(divided_by_gender=True)
    services.preparation_answers_save(
        enrolment=Enrolment.objects.get(organisation=world.org_a, cohort=world.cohort),
        code="bm3_statistics",
        answers={
            "reporting": "Individbaserad statistik redovisas efter kön i årsredovisningen.",
            "problems": "Kvinnor förvärvsarbetar mindre än män, och unga kvinnor flyttar.",
        },
        by=world.participant_a,
    )
    page.goto(f"{base}/meetings/{meeting.pk}/organisations/{world.org_a.code}/results/")
    page.get_by_label("Nyckeltal att lägga till").select_option(label=POPULATION)
    page.get_by_role("button", name="Lägg till i resultatunderlaget").click()
    page.get_by_role("status").get_by_text("lades till i resultatunderlaget").wait_for()
    assert "Kvinnor förvärvsarbetar mindre än män, och unga" in page.inner_text(
        "#statistics-answers"
    )
    assert serious_violations(page) == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{base}/meetings/{meeting.pk}/organisations/{world.org_a.code}/results/")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
