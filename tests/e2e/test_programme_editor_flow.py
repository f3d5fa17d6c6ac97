"""The programme office changes a task in the template, a new cohort gets it, a running cohort
does not until applied. In Chromium as the programme admin whose login passed the second factor:
the editor's pages, a BM1 task's title changed there, a cohort started afterwards whose BM1 has
the new title, the running cohort's coming BM1 still with the old one until the change is applied
from the cohort's page (after its confirmation page), and axe on every page on the way."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import programme, services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Step
from tests import factories
from tests.e2e.pages import browser_context
from tests.e2e.test_accessibility import serious

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_TITLE = "Se filmen Styrkedjan och läs Vägledningen, steg 1–5"


def _bm1(cohort, organiser, days: int, title: str):
    starts = (timezone.localtime() + timedelta(days=days)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return services.meeting_create(
        cohort=cohort,
        cluster=None,
        step=Step.objects.get(code="bm1"),
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        by=organiser,
    )


def _axe_clean(page, axe) -> None:
    problems = serious(axe.run(page))
    assert not problems, (page.url, problems)


def test_a_changed_task_reaches_new_cohorts_and_running_ones_only_when_applied(
    browser, live_server, settings
):
    settings.REQUIRE_STAFF_MFA = True
    seed_steps()
    seed_step_tasks()
    world = factories.world()
    programme.cohort_adopt_template(cohort=world.cohort, by=world.admin)
    running = _bm1(world.cohort, world.organiser, 30, "BM1 i den pågående omgången")
    old_title = running.tasks.order_by("position").first().title_sv

    client = Client()
    factories.login_with_second_factor(client, world.admin)
    context = browser_context(browser, live_server.url, client, "sv")
    page = context.new_page()
    page.set_default_timeout(15_000)
    axe = Axe()

    page.goto(live_server.url + reverse("programme_editor"))
    page.get_by_role("heading", name="Programmall", level=1).wait_for()
    assert page.locator("tbody tr").count() == 8
    _axe_clean(page, axe)
    page.get_by_role("link", name=re.compile(r"^2\. BM1")).click()
    page.get_by_role("heading", name="Förberedelseuppgifter").wait_for()
    _axe_clean(page, axe)
    page.get_by_role("link", name=f"Redigera – {old_title}").click()
    page.get_by_role("heading", name="Ändra uppgiften").wait_for()
    _axe_clean(page, axe)
    page.get_by_label("rubrik (svenska)").fill(NEW_TITLE)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara uppgiften").click()
    assert "Uppgiften sparades." in page.locator("main").inner_text()
    assert NEW_TITLE in page.locator("#tasks-heading + ol").inner_text()

    # A round started now copies the changed template.
    new_cohort = factories.cohort("Omgång 2027–2028")
    programme.cohort_adopt_template(cohort=new_cohort, by=world.admin)
    fresh = _bm1(new_cohort, world.admin, 200, "BM1 i den nya omgången")
    page.goto(live_server.url + reverse("meeting_tasks", args=[fresh.pk]))
    tasks = page.locator("#tasks-heading + ol").inner_text()
    assert NEW_TITLE in tasks and old_title not in tasks
    _axe_clean(page, axe)

    # The running round keeps its copy.
    page.goto(live_server.url + reverse("meeting_tasks", args=[running.pk]))
    tasks = page.locator("#tasks-heading + ol").inner_text()
    assert old_title in tasks and NEW_TITLE not in tasks

    page.goto(live_server.url + reverse("cohort_detail", args=[world.cohort.pk]))
    programme_section = page.get_by_role("region", name="Program")
    assert "Programmet: kopierat från mallen version" in programme_section.inner_text()
    assert "Mallen har ändrats sedan dess" in programme_section.inner_text()
    programme_section.get_by_role("link", name="Tillämpa den nya mallen").click()
    page.get_by_role("heading", name="Tillämpa programmallen").wait_for()
    confirmation = page.locator("main").inner_text()
    assert NEW_TITLE in confirmation and "BM1 i den pågående omgången" in confirmation
    _axe_clean(page, axe)
    # Nothing changes on the confirmation page itself.
    assert running.tasks.filter(title_sv=old_title).exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Tillämpa mallen").click()
    assert "Mallen har ändrats sedan dess" not in page.locator("main").inner_text()

    page.goto(live_server.url + reverse("meeting_tasks", args=[running.pk]))
    tasks = page.locator("#tasks-heading + ol").inner_text()
    assert NEW_TITLE in tasks and old_title not in tasks
    context.close()
