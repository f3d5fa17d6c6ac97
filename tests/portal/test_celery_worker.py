"""A real Celery worker on the configured broker (Redis in CI) runs the portal's jobs."""

import pytest
from django.core import mail

from portal.emails import email_queue
from portal.models import Heartbeat, OutgoingEmail
from portal.tasks import task_heartbeat
from tests.workers import in_thread_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_worker(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with in_thread_worker():
        yield


def test_heartbeat_runs_on_a_real_worker(live_worker):
    task_heartbeat.delay()
    assert wait_for(lambda: Heartbeat.objects.filter(name="scheduler", beats__gte=1).exists())


def test_outbox_message_is_sent_by_the_worker(live_worker):
    email = email_queue(
        to="x@example.org",
        template="invitation",
        kind="test",
        context={
            "organisation": "Boden",
            "team_role": "Strateg",
            "invited_by": "Oskar",
            "url": "https://portal.example.org/invitation/abc/",
            "expires_at": None,
        },
    )
    # Outside a transaction the hand-off to the broker happens at once.
    assert wait_for(
        lambda: OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT
    )
    assert [m.to for m in mail.outbox] == [["x@example.org"]]
