"""Acceptance: the governance chain (styrkedjan). In Chromium: a participant opens it from the
BM1 meeting page, marks the six links with evidence, owners and roles, saves (the banner says
so) and sees the diagram; then revisits it on the BM3 page, which starts from BM1, and sees the
change. Both pages pass axe; the BM3 page is saved as the feature's screenshot."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from meetings.demo_governance_chain import BM1_CHAIN
from meetings.models import GovernanceLink
from portal.models import TeamRole
from portal.occasions import Occasion
from tests import factories

from .conftest import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs/screenshots/issue-21/governance-chain.png"
STYLED = """() => [...document.styleSheets].some(sheet => {
  try { return (sheet.href || "").includes("portal.css") && sheet.cssRules.length > 0; }
  catch (error) { return false; }
})"""
STATE_WORDS = {
    GovernanceLink.State.INTEGRATED: "Integrerat",
    GovernanceLink.State.PARTLY: "Delvis",
    GovernanceLink.State.MISSING: "Saknas",
}


def mark(page, link: str, state: str) -> None:
    page.locator(f"#link-{link}").get_by_label(STATE_WORDS[state], exact=True).check()


def test_a_participant_maps_the_chain_at_bm1_and_sees_the_change_at_bm3(page, live_server):
    world = factories.world()
    meeting = factories.norr_bm1_meeting(
        world, timezone.localtime() + timedelta(days=20), published=True
    )
    base = live_server.url
    log_in(page, base, "a@example.org", factories.PASSWORD)

    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.locator(f"#analysis-links-{world.org_a.code}").get_by_role(
        "link", name="Styrkedjan"
    ).click()
    page.get_by_role("heading", name="Styrkedjan", exact=True).wait_for()
    assert "Ingen länk i kedjan har markerats än." in page.locator("main").inner_text()
    assert serious_violations(page) == []

    for link, (state, evidence, owner, roles) in BM1_CHAIN.items():
        mark(page, link, state)
        page.locator(f"#id_{link}-evidence").fill(evidence)
        page.locator(f"#id_{link}-owner").fill(owner)
        for role in roles:
            page.locator(f"#link-{link}").get_by_label(str(TeamRole(role).label)).check()
    page.get_by_role("button", name="Spara styrkedjan").click()
    page.get_by_role("status").get_by_text("Styrkedjan sparades.").wait_for()

    diagram = page.locator("#chain-diagram-wide")
    diagram.wait_for()
    assert diagram.get_attribute("role") == "img"
    assert "Fullmäktiges mål: Delvis" in diagram.locator("desc").text_content()
    budget = page.locator("#chain-row-budget")
    assert "Saknas" in budget.inner_text() and "Ekonomichefen" in budget.inner_text()
    assert page.locator("#chain-counts").inner_text().startswith("Integrerat: 1")
    assert serious_violations(page) == []
    assert GovernanceLink.objects.filter(occasion=Occasion.BM1).count() == 6

    # BM3: the form starts from BM1; the budget now has a gender perspective in part.
    page.get_by_role("link", name="Kedjan vid BM3").click()
    page.get_by_role("heading", name="Styrkedjan", exact=True).wait_for()
    assert "Inte omprövad än" in page.locator("#chain-row-budget").inner_text()
    assert page.locator("#link-goals").get_by_label("Delvis", exact=True).is_checked()
    mark(page, GovernanceLink.Link.BUDGET, GovernanceLink.State.PARTLY)
    page.locator("#id_budget-evidence").fill(
        "Budgetunderlaget för 2027 innehåller en könsuppdelad analys av fritidsstöden."
    )
    mark(page, GovernanceLink.Link.DECISION_PAPERS, GovernanceLink.State.INTEGRATED)
    page.get_by_role("button", name="Spara styrkedjan").click()
    page.get_by_role("status").get_by_text("Styrkedjan sparades.").wait_for()

    row = page.locator("#chain-row-budget").inner_text()
    assert "Delvis" in row and "Bättre" in row and "Saknas" in row  # BM3, change, BM1
    assert "Förändring: Bättre" in page.locator("#chain-diagram-wide").text_content()
    assert serious_violations(page) == []
    assert GovernanceLink.objects.filter(occasion=Occasion.BM3).count() == 6

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    # The page down to the end of the table: the diagram with the change, and the links. Only
    # with the built stylesheet (`make assets`): an unstyled page documents nothing.
    if not page.evaluate(STYLED):
        return
    page.set_viewport_size({"width": 1200, "height": 900})
    top = page.locator("main").bounding_box()
    table = page.locator("#chain-table").bounding_box()
    page.screenshot(
        path=str(SCREENSHOT),
        full_page=True,
        clip={
            "x": top["x"],
            "y": top["y"],
            "width": top["width"],
            "height": table["y"] + table["height"] - top["y"] + 16,
        },
    )
