"""Acceptance: the state of the improvement work at BM3. In Chromium a participant opens the
organisation's page from the BM3 meeting page, finds the portal's draft told from the effort's
history (stages with dates, items with their movement, the feedback at BM1), edits it and
confirms it; the confirmed summary then shows on the meeting page under the organisation's
anchor. The page passes axe; its screenshot is kept for the issue."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from checklists.demo import seed_checklist
from checklists.models import ChecklistItem, Occasion
from meetings import services
from meetings.models import EffortSummary, ImprovementEffort, Step
from tests import factories
from tests.documents.conftest import assess

from .conftest import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = (
    Path(__file__).resolve().parents[2]
    / "docs"
    / "screenshots"
    / "issue-21"
    / "effort-summaries.png"
)
OWN_WORDS = " Nästa steg är att föra in analysen i verksamhetsplanen."


def boden_story(world):
    """Boden's BM1 (feedback released) and BM3 of cluster Norr; its scores at BM1 and BM2; an
    effort linked to two items that started in Plan six weeks ago and is in Do since."""
    now = timezone.localtime()
    bm1 = factories.norr_bm1_meeting(world, now + timedelta(days=20), published=True)
    bm3 = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="bm3"),
        title="BM3 Norr",
        starts_at=now + timedelta(days=150),
        ends_at=now + timedelta(days=150, hours=6),
        by=world.organiser,
    )
    services.meeting_publish(meeting=bm3, by=world.organiser)
    version = seed_checklist()
    assess(world, world.org_a, Occasion.BM1, [2, 1, 2, 1, 2, 1, 1, 1, 1, 1], world.participant_a)
    assess(world, world.org_a, Occasion.BM2, [3, 2, 2, 2, 2, 1, 2, 1, 2, 1], world.participant_a)
    items = ChecklistItem.objects.filter(version=version, number__in=[2, 6])
    effort = services.improvement_effort_save(
        organisation=world.org_a,
        by=world.participant_a,
        title="Jämställd biståndshandläggning",
        area=ImprovementEffort.Area.OPERATION,
        operation="Äldreomsorg",
        stage="plan",
        notes={"plan_notes": "Kartlägga beviljade insatser per kön."},
        checklist_items=items,
    )
    services.improvement_effort_save(
        organisation=world.org_a,
        by=world.participant_a,
        effort=effort,
        title=effort.title,
        area=effort.area,
        operation=effort.operation,
        stage="do",
        notes={"do_notes": "Stickprov av 100 beslut genomförs under våren."},
        checklist_items=items,
    )
    first, second = effort.stage_changes.all()
    first.at, second.at = now - timedelta(days=42), now - timedelta(days=10)
    first.save()
    second.save()
    services.feedback_save(
        meeting=bm1,
        organisation=world.org_a,
        by=world.organiser,
        on_improvement_work="Koppla förbättringsarbetet till checklistans moment.",
    )
    services.feedback_release(meeting=bm1, by=world.organiser)
    return bm3, effort


def test_a_participant_edits_and_confirms_the_summary_of_an_effort(page, live_server):
    world = factories.world()
    bm3, effort = boden_story(world)
    base = live_server.url
    log_in(page, base, "a@example.org", factories.PASSWORD)

    page.goto(f"{base}/meetings/{bm3.pk}/")
    page.get_by_role("heading", name="Läget i förbättringsarbetet").wait_for()
    page.locator(f"#effort-summaries-link-{world.org_a.code}").click()
    page.get_by_role("heading", name="Jämställd biståndshandläggning").wait_for()
    assert serious_violations(page) == []

    section = page.locator(f"#effort-{effort.pk}")
    assert "Utkast från portalen" in section.inner_text()
    assert "+1" in section.locator("table").inner_text()  # item 2: 1 at BM1, 2 at BM2
    text = page.get_by_label("Sammanfattning")
    draft = text.input_value()
    assert draft.startswith("Arbetet startade i steget planera")
    assert "Återkopplingen vid BM1: Koppla förbättringsarbetet" in draft
    page.set_viewport_size({"width": 1100, "height": 900})
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # Confirming an empty summary is refused, with the error tied to the field.
    text.fill("")
    page.get_by_role("button", name="Spara och bekräfta Jämställd").click()
    page.get_by_role("alert").get_by_text(
        "Skriv sammanfattningen innan du bekräftar den."
    ).wait_for()
    assert not EffortSummary.objects.exists()
    assert serious_violations(page) == []

    page.get_by_label("Sammanfattning").fill(draft + OWN_WORDS)
    page.get_by_role("button", name="Spara och bekräfta Jämställd").click()
    page.get_by_role("status").get_by_text("sparades och bekräftades").wait_for()
    assert "Bekräftad" in page.locator(f"#effort-{effort.pk}").inner_text()
    summary = EffortSummary.objects.get()
    assert summary.text.endswith(OWN_WORDS.strip()) and summary.confirmed_at is not None

    page.goto(f"{base}/meetings/{bm3.pk}/#efforts-{world.org_a.code}")
    assert OWN_WORDS.strip() in page.locator(f"#efforts-{world.org_a.code}").inner_text()
