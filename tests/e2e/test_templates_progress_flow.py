"""The organisers' page of every organisation's presentation template follows the files being
built without reloading (htmx asks the page again and swaps in the table and the count), and
stops asking once every file is finished; the download links then stand in the table."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import GeneratedFile
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_progress_page_follows_the_files_until_they_are_finished(page, live_server):
    world = factories.world()
    meeting = factories.norr_bm1_meeting(
        world, timezone.localtime() + timedelta(days=20), published=True
    )
    files = [
        GeneratedFile.objects.create(
            kind="meeting_template",
            parameters={"meeting": meeting.pk, "organisation": organisation.pk},
            status=GeneratedFile.Status.RUNNING,
            progress=40,
        )
        for organisation in (world.org_a, world.org_b)
    ]
    url = (
        reverse("meeting_templates_progress", args=[meeting.pk])
        + "?files="
        + ",".join(str(generated.pk) for generated in files)
    )
    log_in(page, live_server.url, "organiser@example.org", factories.PASSWORD)
    page.goto(live_server.url + url)
    status = page.locator("#batch-status")
    assert status.inner_text().strip() == "0 av 2 mallar klara"
    assert page.get_by_role("link", name="Ladda ner").count() == 0
    page.evaluate("window.notReloaded = true")

    GeneratedFile.objects.filter(pk=files[0].pk).update(
        status=GeneratedFile.Status.READY, progress=100
    )
    page.get_by_role("link", name=f"Ladda ner {world.org_a.name}").wait_for()
    assert status.inner_text().strip() == "1 av 2 mallar klara"
    assert page.locator("#batch[hx-get]").count() == 1  # still following the other file

    GeneratedFile.objects.filter(pk=files[1].pk).update(
        status=GeneratedFile.Status.FAILED, progress=0, error="Mallen saknas"
    )
    page.get_by_role("link", name="Se felet och försök igen", exact=False).wait_for()
    assert status.inner_text().strip() == "2 av 2 mallar klara"
    assert page.evaluate("window.notReloaded") is True  # swapped in, not reloaded
    assert page.locator("#batch[hx-get]").count() == 0  # and no longer asking
