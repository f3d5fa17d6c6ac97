"""Journeys c and e of issue 17: the organiser's feedback page never loses text and release
asks first, with its warnings; a participant reaches released feedback from the start page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import selectors, services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Feedback, Step
from portal.models import Enrolment
from tests import factories

from .conftest import log_in

SAVED = re.compile(r"^Sparat \d\d\.\d\d$")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _cohort_meeting(world):
    """A held BM1 for the whole cohort, with five organisations invited."""
    seed_steps()
    seed_step_tasks()
    starts = timezone.now() - timedelta(days=3)
    meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=None,
        step=Step.objects.get(code="bm1"),
        title="BM1 hela omgången",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        by=world.organiser,
    )
    services.meeting_publish(meeting=meeting, by=world.organiser)
    for code in ["0180", "1280", "1480", "0380"]:
        if selectors.invited_organisations(meeting).count() >= 5:
            break
        Enrolment.objects.create(
            cohort=world.cohort, organisation=factories.organisation(code), cluster=None
        )
    invited = list(selectors.invited_organisations(meeting))
    assert len(invited) == 5
    return meeting, invited


def test_c_feedback_is_never_lost_and_release_warns_and_asks(page, live_server):
    world = factories.world()
    meeting, invited = _cohort_meeting(world)
    first, second, third = invited[:3]
    url = f"{live_server.url}/meetings/{meeting.pk}/feedback/"
    log_in(page, live_server.url, "organiser@example.org", factories.PASSWORD)
    page.goto(url)

    def box(organisation):
        return page.locator(f"#org-{organisation.code}")

    def text(organisation):
        return page.locator(f"#id_org-{organisation.code}-on_presentation")

    # The first box saves itself after typing stops and says so; a reload keeps the text.
    text(first).fill("Tydlig nulägesanalys.")
    box(first).get_by_role("status").filter(has_text=SAVED).wait_for()
    page.reload()
    assert text(first).input_value() == "Tydlig nulägesanalys."

    # Text in two other boxes, saved with the third box's button: both are kept, and the page
    # returns to the third box with its saved state.
    text(second).fill("Bra koppling till checklistan.")
    text(third).fill("Fundera på målgruppen.")
    with page.expect_navigation():
        box(third).get_by_role("button", name="Spara utkast").click()
    assert page.url.endswith(f"?saved=org-{third.code}#org-{third.code}")
    box(third).locator(".app-saved-state--success").filter(has_text="Sparat").wait_for()
    assert text(second).input_value() == "Bra koppling till checklistan."
    assert text(first).input_value() == "Tydlig nulägesanalys."
    saved = {
        f.organisation_id: f.on_presentation
        for f in Feedback.objects.filter(meeting=meeting, organisation__isnull=False)
    }
    assert saved == {
        first.pk: "Tydlig nulägesanalys.",
        second.pk: "Bra koppling till checklistan.",
        third.pk: "Fundera på målgruppen.",
    }

    # Leaving with unsaved text asks first.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    text(first).press("Control+End")
    text(first).press_sequentially(" Mer.")
    page.get_by_role("link", name=meeting.title).first.click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url.startswith(url)
    box(first).get_by_role("status").filter(has_text=SAVED).wait_for()

    # Releasing with two organisations missing warns and needs the confirmation.
    page.get_by_role("link", name=re.compile("Släpp 3 utkast")).click()
    warning = page.get_by_role("alert")
    warning.filter(has_text="2 av 5 organisationer saknar återkoppling").wait_for()
    assert not Feedback.objects.filter(released_at__isnull=False).exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Släpp och meddela organisationerna").click()
    assert Feedback.objects.filter(released_at__isnull=False).count() == 3
    assert (
        Feedback.objects.get(meeting=meeting, organisation=first).on_presentation
        == "Tydlig nulägesanalys. Mer."
    )


def test_e_a_participant_reaches_released_feedback_from_home_in_one_click(page, live_server):
    world = factories.world()
    meeting = factories.norr_bm1_meeting(world, timezone.now() - timedelta(days=5), published=True)
    services.feedback_save(
        meeting=meeting,
        organisation=world.org_a,
        by=world.organiser,
        on_presentation="Modig analys av hemtjänsten.",
    )
    services.feedback_release(meeting=meeting, by=world.organiser)

    log_in(page, live_server.url, "a@example.org", factories.PASSWORD)
    page.get_by_role("link", name="Ny återkoppling från BM1 Norr").click()
    page.get_by_role("heading", name=f"Återkoppling till {world.org_a.name}").wait_for()
    assert "Modig analys av hemtjänsten." in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Återkoppling från BM1 Norr").click()
    page.get_by_role("heading", name=f"Återkoppling till {world.org_a.name}").wait_for()
