"""The deadline reminder, scheduled by beat's own schedule entry, runs on a real worker over the
configured broker (Redis in CI) and produces the e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.models import OutgoingEmail
from tests.workers import apply_beat_entry, in_thread_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_beat_entry_sends_a_reminder_through_a_real_worker(settings):
    from tests import factories

    world = factories.world()
    # The deadline is two hours away: the one-day reminder is due.
    starts = timezone.now() + timedelta(days=7, hours=2)
    factories.norr_bm1_meeting(world, starts, published=True)
    wait_for(lambda: not OutgoingEmail.objects.filter(status="queued").exists(), timeout=1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()

    with in_thread_worker():
        apply_beat_entry("deadline-reminders", "meetings.tasks.task_send_deadline_reminders")
        assert wait_for(
            lambda: OutgoingEmail.objects.filter(kind="reminder.1d", status="sent").count() == 3
        )
    reminders = [m for m in mail.outbox if "Påminnelse" in m.subject]
    assert sorted(m.to[0] for m in reminders) == [
        "a@example.org",
        "b@example.org",
        "mentor@example.org",
    ]
    assert "BM1 Norr" in reminders[0].body
