"""The deadline reminder, scheduled by beat's own schedule entry, runs on a real worker over the
configured broker (Redis in CI) and produces the e-mail."""

import time
from datetime import timedelta

import pytest
from celery.beat import Scheduler
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from meetings import services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Step
from portal.celery import app
from portal.models import OutgoingEmail

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_beat_entry_sends_a_reminder_through_a_real_worker(settings):
    from tests import factories

    seed_steps()
    seed_step_tasks()
    world = factories.world()
    starts = timezone.now() + timedelta(
        days=7, hours=2
    )  # deadline in two hours: the 1-day reminder is due
    meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code="bm1"),
        title="BM1 Norr",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        by=world.organiser,
    )
    services.meeting_publish(
        meeting=meeting, by=world.organiser, base_url="https://portal.example.org"
    )
    wait_for(lambda: not OutgoingEmail.objects.filter(status="queued").exists(), timeout=1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()

    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=10
        ):
            scheduler = Scheduler(app=app, lazy=False)
            entry = scheduler.schedule["deadline-reminders"]
            assert entry.task == "meetings.tasks.task_send_deadline_reminders"
            scheduler.apply_entry(entry, producer=None)
            assert wait_for(
                lambda: OutgoingEmail.objects.filter(kind="reminder.1d", status="sent").count() == 3
            )
    finally:
        app.conf.task_always_eager = True
    reminders = [m for m in mail.outbox if "Påminnelse" in m.subject]
    assert sorted(m.to[0] for m in reminders) == [
        "a@example.org",
        "b@example.org",
        "mentor@example.org",
    ]
    assert "BM1 Norr" in reminders[0].body
