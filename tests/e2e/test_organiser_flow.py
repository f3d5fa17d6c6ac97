"""Flow 3: an organiser schedules and publishes a meeting, opens the preparation board, grants
an extension there, writes feedback and releases it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Extension, Feedback, Meeting
from portal.models import AuditEntry
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_organiser_schedules_publishes_extends_and_releases_feedback(page, live_server, mailoutbox):
    seed_steps()
    seed_step_tasks()
    world = factories.world()
    starts = (timezone.localtime() + timedelta(days=30)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )

    log_in(page, live_server.url, "organiser@example.org", factories.PASSWORD)
    page.goto(f"{live_server.url}/cohorts/{world.cohort.pk}/meetings/new/")
    form = page.locator("main form").last
    form.locator("[name=step]").select_option(index=1)
    form.locator("[name=title]").fill("BM1 Norr i Boden")
    form.locator("[name=cluster]").select_option(value=str(world.cluster.pk))
    form.locator("[name=starts_at]").fill(local(starts))
    form.locator("[name=ends_at]").fill(local(starts + timedelta(hours=6)))
    form.locator("[name=venue]").fill("Stadshuset")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
    meeting = Meeting.objects.get(title="BM1 Norr i Boden")
    assert meeting.cluster == world.cluster

    page.get_by_role("link", name="Publicera och skicka inbjudningar").click()
    page.get_by_role("heading", name="Vem får veta", exact=False).wait_for()
    assert meeting.status == "draft"  # the link only leads to the confirmation
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera och skicka inbjudningar").click()
    meeting.refresh_from_db()
    assert meeting.status == "published"

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/board/")
    page.get_by_role("heading", name="Förberedelsetavla", exact=False).first.wait_for()
    assert "Piteå" in page.locator("main").inner_text()
    # The extension form sits folded under the board's actions, above the table; the
    # organisation is typed and picked from the invited ones.
    extension = page.get_by_role("region", name="Ge förlängd frist")
    extension.locator("summary").click()
    extension.get_by_label("Organisation").fill(world.org_b.name)
    new_deadline = timezone.localtime(meeting.deadline) + timedelta(days=3)
    extension.get_by_label("Ny frist").fill(local(new_deadline))
    extension.get_by_label("Skäl").fill("Teamet har haft sjukdom")
    extension.get_by_role("button", name="Ge förlängd frist").click()
    page.get_by_text("Teamet har haft sjukdom").first.wait_for()
    granted = Extension.objects.get(meeting=meeting, organisation=world.org_b)
    assert granted.reason == "Teamet har haft sjukdom"

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/feedback/")
    boden = page.get_by_role("region", name=world.org_a.name)
    boden.get_by_label("Om presentationen").fill("Tydlig nulägesanalys med könsuppdelad statistik.")
    with page.expect_navigation():
        boden.get_by_role("button", name="Spara utkast").click()
    draft = Feedback.objects.get(meeting=meeting, organisation=world.org_a)
    assert draft.released_at is None
    page.get_by_role("link", name="Släpp", exact=False).click()
    page.get_by_role("heading", name="Vem får veta").wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="Släpp och meddela organisationerna").click()
    page.get_by_role("link", name="Släppt version").first.wait_for()
    draft.refresh_from_db()
    assert draft.released_at is not None
    assert AuditEntry.objects.filter(action="feedback.release").exists()
    assert AuditEntry.objects.filter(action="extension.grant").exists()
