"""Flow f: an upload to a held meeting is refused with a clear message; the organiser reopens
uploads for that one organisation with a reason, and then the upload succeeds, its success
message announced and focused, the version numbered and marked late."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pptx import Presentation as PptxDocument

from meetings import services
from meetings.models import Meeting, Presentation, UploadReopening
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLOSED = "Mötet har hållits, så presentationer och mallar är stängda."


def pptx_file(tmp_path):
    document = PptxDocument()
    document.slides.add_slide(document.slide_layouts[0]).shapes.title.text = "Boden BM1"
    path = tmp_path / "Boden sen.pptx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_upload_to_a_held_meeting_is_refused_until_the_organiser_reopens_it(
    page, browser, live_server, tmp_path, settings
):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    world = factories.world()
    starts = timezone.localtime() - timedelta(days=5)
    meeting = factories.norr_bm1_meeting(world, starts, published=True)
    services.meetings_advance_status()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    meeting_url = f"{live_server.url}/meetings/{meeting.pk}/"

    # The participant: the page says why there is no upload form.
    log_in(page, live_server.url, "a@example.org", factories.PASSWORD)
    page.goto(meeting_url)
    panel = page.locator(f"#org-{world.org_a.code}")
    assert CLOSED in panel.inner_text()
    assert panel.get_by_label("Presentationsfil").count() == 0
    assert panel.get_by_role("button", name="Skapa förifylld presentationsmall").count() == 0
    # A form sent anyway (a page left open since before the end) is refused with the reason.
    token = page.locator("[name=csrfmiddlewaretoken]").first.input_value()
    refused = page.request.post(
        f"{meeting_url}organisations/{world.org_a.code}/presentations/",
        multipart={
            "csrfmiddlewaretoken": token,
            "upload_id": "e2e-refused",
            "file": {
                "name": "Boden sen.pptx",
                "mimeType": "application/octet-stream",
                "buffer": pptx_file(tmp_path).read_bytes(),
            },
        },
        headers={"Accept": "application/json", "X-CSRFToken": token, "Referer": meeting_url},
    )
    assert refused.status == 400
    assert "har hållits" in " ".join(refused.json()["errors"])
    assert not Presentation.objects.exists()

    # The organiser reopens uploads for Boden, with a reason.
    organiser = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm").new_page()
    log_in(organiser, live_server.url, "organiser@example.org", factories.PASSWORD)
    organiser.goto(meeting_url)
    section = organiser.get_by_role("region", name="Uppladdning efter mötet")
    section.get_by_text("Öppna uppladdningen igen för en organisation").click()
    section.get_by_label("Organisation").select_option(label=world.org_a.name)
    section.get_by_label("Skäl").fill("Filen fastnade i kommunens e-postfilter.")
    section.get_by_role("button", name="Öppna uppladdningen igen").click()
    organiser.get_by_text(f"Uppladdningen är öppen igen för {world.org_a.name}.").wait_for()
    organiser.context.close()
    assert UploadReopening.objects.get().organisation == world.org_a

    # The participant can upload again; the message is announced and takes focus.
    page.goto(meeting_url)
    assert "har öppnat uppladdningen igen för er" in panel.inner_text()
    panel.get_by_label("Presentationsfil").set_input_files(str(pptx_file(tmp_path)))
    panel.get_by_role("button", name="Ladda upp presentationen").click()
    message = page.locator("#messages")
    message.get_by_text("Boden sen.pptx laddades upp som version 1").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'messages'")
    assert message.get_attribute("role") == "status"
    assert "markerad som sen" in message.inner_text()
    versions = page.get_by_role("table", name="Uppladdade versioner").inner_text()
    assert "Version 1" in versions and "Slutlig" in versions and "sen" in versions
    stored = Presentation.objects.get()
    assert stored.is_final and stored.is_late
    # Piteå's uploads stay closed.
    assert not UploadReopening.objects.filter(organisation=world.org_b).exists()
