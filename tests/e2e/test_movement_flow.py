"""Acceptance: movement and lessons in Chromium. A participant opens "Förflyttning och
lärdomar" from the BM2 meeting page, reads the chart of the total and of an item (with the
numbers in the table beside it), writes two lessons, saves and sees them; the page passes axe.
Saves the screenshot docs/screenshots/issue-21/movement.png with demo-like data."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from checklists.demo import DEMO_SCORES, seed_checklist
from checklists.demo_lessons import DEMO_LESSONS
from checklists.models import Assessment, ItemLesson, ItemScore, Occasion
from checklists.services_lessons import LessonText, item_lessons_save
from meetings import services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import ImprovementEffort, Step
from tests import factories

from .conftest import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs/screenshots/issue-21/movement.png"


def _boden_as_in_the_demo(world):
    """Boden's BM1 and BM2 scores and two of its lessons as the demo has them, and an
    improvement effort linked to item 2."""
    version = seed_checklist()
    items = {item.number: item for item in version.items.all()}
    for occasion, scores in zip((Occasion.BM1, Occasion.BM2), DEMO_SCORES["2582"], strict=True):
        assessment = Assessment.objects.create(
            organisation=world.org_a, cohort=world.cohort, occasion=occasion, version=version
        )
        ItemScore.objects.bulk_create(
            ItemScore(assessment=assessment, item=items[number], score=score)
            for number, score in enumerate(scores, start=1)
        )
    item_lessons_save(
        assessment=assessment,
        lessons={number: LessonText(*DEMO_LESSONS["2582"][number]) for number in (1, 5)},
        by=world.participant_a,
    )
    effort = ImprovementEffort.objects.create(
        organisation=world.org_a,
        title="Jämställdhet i kommunstyrelsens uppföljning",
        area=ImprovementEffort.Area.GOVERNANCE,
        stage=ImprovementEffort.Stage.DO,
    )
    effort.checklist_items.add(items[2])


def test_a_participant_reads_the_movement_and_writes_two_lessons(page, live_server):
    world = factories.world()
    seed_steps()
    seed_step_tasks()
    _boden_as_in_the_demo(world)
    starts = timezone.localtime() + timedelta(days=10)
    meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="bm2"),
        title="BM2 Norr",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        by=world.organiser,
    )
    services.meeting_publish(meeting=meeting, by=world.organiser)
    base = live_server.url
    log_in(page, base, "a@example.org", factories.PASSWORD)

    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.locator(f"#movement-link-{world.org_a.code}").click()
    page.get_by_role("heading", name="Förflyttning och lärdomar", exact=True).wait_for()

    # The chart of the total is an image with a name, its numbers in the table beside it.
    total_chart = page.get_by_role("img", name="Summa")
    total_chart.wait_for()
    total_table = page.locator("#movement-total").inner_text()
    assert "Förflyttning sedan BM1" in total_table and "+5" in total_table
    item_two = page.locator("#item-2")
    assert item_two.get_by_role("img").count() == 1
    assert "Steg upp" in item_two.inner_text()
    assert "Jämställdhet i kommunstyrelsens uppföljning" in item_two.inner_text()
    assert "Steg upp (5)" in page.locator("#movement-groups").inner_text()
    assert serious_violations(page) == []

    page.get_by_label("Lärdom – 2. Politiken frågar efter resultat").fill(
        "Kommunstyrelsens frågor fick förvaltningarna att redovisa resultat per kön."
    )
    page.get_by_label("Nästa förbättring i ledning och styrning – 7. Konsekvenser").fill(
        "Gör konsekvensanalysen obligatorisk i mallen för beslutsunderlag."
    )
    page.get_by_role("button", name="Spara lärdomarna").click()
    page.get_by_role("status").get_by_text("Lärdomarna sparades (2 moment ändrades).").wait_for()
    assert page.get_by_label("Lärdom – 2. Politiken frågar efter resultat").input_value() == (
        "Kommunstyrelsens frågor fick förvaltningarna att redovisa resultat per kön."
    )
    assert ItemLesson.objects.filter(assessment__organisation=world.org_a).count() == 4
    assert serious_violations(page) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#total-heading").scroll_into_view_if_needed()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
