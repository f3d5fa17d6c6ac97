from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests import factories

from .servers import PortalProcess, RedisServer, current_database_url, portal_environment
from .servers import start_worker as _start_worker


@pytest.fixture
def redis_server(tmp_path):
    """A private Redis, not yet started: its port answers nothing until the test starts it."""
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@dataclass
class WorkerPool:
    folder: Path
    broker_url: str
    started: list[PortalProcess]

    def environment(self, **values: str) -> dict[str, str]:
        return portal_environment(
            self.folder,
            DATABASE_URL=current_database_url(),
            CELERY_BROKER_URL=self.broker_url,
            EMAIL_BACKEND="tests.reliability.mailbox.SlowFileBackend",
            PORTAL_BASE_URL="https://portal.example.org",
            **values,
        )

    def start(self, **values: str) -> PortalProcess:
        log = self.folder / f"worker-{len(self.started) + 1}.log"
        worker = _start_worker(self.environment(**values), log)
        self.started.append(worker)
        return worker


@pytest.fixture
def workers(tmp_path, redis_server):
    """Celery worker processes on the private Redis, on this test's database; each records the
    e-mail it sends as files in its var folder (see mailbox.py)."""
    folder = tmp_path / "var"
    folder.mkdir()
    pool = WorkerPool(folder=folder, broker_url=redis_server.url(), started=[])
    yield pool
    for worker in pool.started:
        worker.stop()


@pytest.fixture
def private_files(settings, tmp_path):
    root = tmp_path / "private"
    root.mkdir()
    settings.PRIVATE_FILES_ROOT = root
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        }
    }
    return root


@dataclass
class PublishedMeeting:
    world: factories.World
    meeting: Meeting


@pytest.fixture
def published_meeting(settings):
    """A published meeting of cluster Norr whose presentation deadline is two hours away (so the
    one-day reminder is due now); its invitations are already sent."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = factories.world()
    starts = timezone.now() + timedelta(days=7, hours=2)
    meeting = factories.norr_bm1_meeting(world, starts, published=True)
    meeting.refresh_from_db()
    return PublishedMeeting(world=world, meeting=meeting)
