"""Flow 1: a participant logs in, sees the next meeting and its deadline, uploads the
presentation with the keyboard only, and sees it as the final version."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pptx import Presentation as PptxDocument

from meetings.models import Presentation
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pptx_file(tmp_path):
    document = PptxDocument()
    document.slides.add_slide(document.slide_layouts[0]).shapes.title.text = "Boden BM1"
    path = tmp_path / "Boden BM1.pptx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_participant_uploads_with_the_keyboard_and_sees_it_final(
    page, live_server, tmp_path, settings
):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    world = factories.world()
    starts = timezone.localtime() + timedelta(days=10)
    meeting = factories.norr_bm1_meeting(world, starts, published=True)

    # Playwright turns file-chooser interception on with a message it does not wait
    # for; a listener registered now (long before the key press) makes sure the
    # chooser opened by Space is caught instead of racing the interception.
    page.on("filechooser", lambda _chooser: None)

    log_in(page, live_server.url, "a@example.org", factories.PASSWORD)
    next_meeting = page.get_by_role("region", name="Ditt nästa möte")
    assert "BM1 Norr" in next_meeting.inner_text()
    deadline = timezone.localtime(meeting.deadline)
    assert f"{deadline.day} " in next_meeting.inner_text() and "kvar" in next_meeting.inner_text()

    # Keyboard only from here: follow the link, reach the file field, choose, submit.
    page.get_by_role("link", name="Förbered mötet").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/meetings/**")
    file_input = page.get_by_label("Presentationsfil")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "file":
            break
    assert page.evaluate("document.activeElement.type") == "file"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(pptx_file(tmp_path)))
    page.wait_for_function(
        "document.activeElement.type === 'file' && document.activeElement.files.length === 1"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Ladda upp presentationen"
    page.keyboard.press("Enter")

    page.get_by_role("cell", name="Slutlig").wait_for()
    versions = page.get_by_role("table", name="Uppladdade versioner").inner_text()
    assert "Boden BM1.pptx" in versions and "Slutlig" in versions
    assert file_input.count() == 1
    stored = Presentation.objects.get()
    assert stored.is_final and stored.uploaded_by == world.participant_a
