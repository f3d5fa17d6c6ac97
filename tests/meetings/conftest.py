import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pptx import Presentation as PptxDocument

from meetings import services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Meeting, Step

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def stockholm(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def pptx_bytes(title: str = "Vår presentation") -> bytes:
    document = PptxDocument()
    slide = document.slides.add_slide(document.slide_layouts[0])
    slide.shapes.title.text = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pptx_upload(name: str = "presentation.pptx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pptx_bytes(), content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _sessions_survive_time_travel(settings):
    """The tests travel to 2027; a login made today must still hold then."""
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 365 * 3


@pytest.fixture
def private_files(settings, tmp_path):
    """Uploaded presentations go to a folder of this test."""
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }
    settings.PRIVATE_FILES_ROOT = tmp_path
    return tmp_path


@dataclass
class MeetingWorld:
    world: object
    meeting: Meeting


@pytest.fixture
def meeting_world(cohort_world, mail_on_commit):
    """A published BM1 for cluster Norr (A, B and the mentor) on 2027-04-01 09:30 Stockholm time:
    the deadline, a week earlier, falls before the March daylight-saving change."""
    seed_steps()
    seed_step_tasks()
    with mail_on_commit():
        meeting = services.meeting_create(
            cohort=cohort_world.cohort,
            cluster=cohort_world.cluster,
            step=Step.objects.get(code="bm1"),
            title="BM1 Norr",
            starts_at=stockholm(2027, 4, 1, 9, 30),
            ends_at=stockholm(2027, 4, 1, 16, 0),
            by=cohort_world.organiser,
            venue="Stadshuset",
        )
        services.meeting_publish(meeting=meeting, by=cohort_world.organiser)
    mail_on_commit.outbox.clear()
    meeting.refresh_from_db()
    return MeetingWorld(world=cohort_world, meeting=meeting)
