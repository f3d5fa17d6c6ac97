"""Acceptance: Lär av varandra with the demo's data. In Chromium: a participant of Boden opens
the page from the held BM1 meeting (its scores shared after the deadline) and sees, per item
where Boden is low, the peers that score high – the mentor organisation Luleå among them – and
the table of the meeting's organisations; an organiser suggests discussion groups, moves one
organisation and adds the groups to the agenda. Both pages pass axe. The participant's page is
kept as the feature's screenshot."""

from pathlib import Path

import pytest

from meetings.demo_peers import seed_discussion_groups
from meetings.models import AgendaItem, DiscussionGroup
from portal.demo import DEMO_PASSWORD
from portal.models import Organisation
from tests.permission_requests import demo_meeting, seed_demo

from .conftest import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue-21" / "peers.png"


def test_a_participant_sees_who_to_learn_from_and_an_organiser_makes_groups(
    page, live_server, settings, tmp_path
):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files", "base_url": None},
        }
    }
    seed_demo()
    meeting = demo_meeting()
    boden = Organisation.objects.get(code="2582")
    base = live_server.url

    # The participant: from the meeting page to the page of Boden's peers.
    log_in(page, base, "strateg.boden@example.org", DEMO_PASSWORD)
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.locator(f"#peer-matches-link-{boden.code}").click()
    page.get_by_role("heading", name="Lär av varandra", exact=True).wait_for()
    page.get_by_role("heading", name="Vilka kan vi lära av? (BM1)").wait_for()
    matches = page.locator("section[id^=item-]")
    assert matches.count() >= 3
    first = matches.first.inner_text()
    assert "Vår poäng: 1 av 3" in first
    assert "Luleå (mentororganisation): poäng 3" in first
    assert matches.first.get_by_role("link", name="slutlig presentation").count() == 1
    table = page.locator("#peers-heatmap")
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    assert "Boden (vi)" in rows.first.inner_text()
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 1100, "height": 900})
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # The organiser: suggest groups, move an organisation, put the groups on the agenda.
    page.context.clear_cookies()
    log_in(page, base, "arrangor@example.org", DEMO_PASSWORD)
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Samtalsgrupper").click()
    page.get_by_role("heading", name="Samtalsgrupper", exact=True).wait_for()
    page.get_by_role("button", name="Föreslå grupper").click()
    page.get_by_text("Grupperna har föreslagits.").wait_for()
    assert DiscussionGroup.objects.filter(meeting=meeting, kind="item").exists()
    role_group = DiscussionGroup.objects.filter(meeting=meeting, kind="role").first()
    outside = (
        Organisation.objects.filter(code__in=["2580", "2581", "2582"])
        .exclude(pk__in=role_group.organisations.values("pk"))
        .first()
    )
    card = page.locator(f"#group-{role_group.pk}")
    card.get_by_label("Flytta en organisation till den här gruppen").select_option(str(outside.pk))
    card.get_by_role("button", name="Flytta hit").click()
    page.get_by_text("Organisationen har flyttats.").wait_for()
    assert outside in role_group.organisations.all()
    assert serious_violations(page) == []
    page.get_by_label("Tid för samtalen i grupper").fill("13:30")
    page.get_by_role("button", name="Lägg till i dagordningen").click()
    page.get_by_text("Grupperna har lagts till i dagordningen.").wait_for()
    item = AgendaItem.objects.get(meeting=meeting, title="Erfarenhetsutbyte i grupper")
    assert item.starts_at.strftime("%H:%M") == "13:30"
    assert outside.name in item.notes and role_group.title in item.notes
    # The demo seed gives the other held meeting its groups and leaves these as they are.
    groups = sorted(DiscussionGroup.objects.filter(meeting=meeting).values_list("pk", flat=True))
    seed_discussion_groups()
    assert (
        sorted(DiscussionGroup.objects.filter(meeting=meeting).values_list("pk", flat=True))
        == groups
    )
    assert DiscussionGroup.objects.exclude(meeting=meeting).exists()
