"""Bad uploads in the browser: the message stands next to the field and the accessibility
tree ties it to the field (its accessible description)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Presentation
from tests import factories

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting_page(page, live_server, settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    world = factories.world()
    starts = timezone.localtime() + timedelta(days=10)
    meeting = factories.norr_bm1_meeting(world, starts, published=True)
    log_in(page, live_server.url, "a@example.org", factories.PASSWORD)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    return page


def described_by(page, field) -> str:
    ids = field.get_attribute("aria-describedby") or ""
    return " ".join(page.locator(f"#{i}").inner_text() for i in ids.split() if i)


def submit(page):
    page.get_by_role("button", name="Ladda upp presentationen", exact=True).click()


def test_no_file_chosen(meeting_page):
    submit(meeting_page)
    field = meeting_page.get_by_label("Presentationsfil")
    meeting_page.locator("[aria-invalid=true]").wait_for()
    assert field.get_attribute("aria-invalid") == "true"
    assert (
        "Välj en fil" in described_by(meeting_page, field)
        or "Välj en fil" in meeting_page.content()
    )
    assert not Presentation.objects.exists()


def test_wrong_type(meeting_page, tmp_path):
    fake = tmp_path / "presentation.pptx"
    fake.write_bytes(b"MZ" + b"\x00" * 2000)
    field = meeting_page.get_by_label("Presentationsfil")
    field.set_input_files(str(fake))
    submit(meeting_page)
    meeting_page.locator("[aria-invalid=true]").wait_for()
    assert "Bara PowerPoint" in described_by(meeting_page, field)
    assert not Presentation.objects.exists()


def test_oversized(meeting_page, tmp_path, settings):
    settings.UPLOAD_MAX_BYTES = 50_000
    big = tmp_path / "stor.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 200_000)
    field = meeting_page.get_by_label("Presentationsfil")
    field.set_input_files(str(big))
    submit(meeting_page)
    meeting_page.locator("[aria-invalid=true]").wait_for()
    assert "större än" in described_by(meeting_page, field)
    assert not Presentation.objects.exists()
