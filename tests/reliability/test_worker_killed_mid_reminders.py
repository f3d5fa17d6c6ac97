"""A worker killed (SIGKILL) in the middle of a reminder batch loses nothing and sends nothing
twice: the tasks are acknowledged late, each outbox row is locked while its message is handed
to the mail server and marked sent in the same transaction, and the scheduled outbox flush
picks up the message whose delivery the kill interrupted."""

from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from meetings.tasks import task_send_deadline_reminders
from portal.celery import app
from portal.models import OutgoingEmail
from portal.tasks import task_build_generated_file, task_flush_outbox, task_send_email
from tests import factories

from .mailbox import DELAY_VARIABLE, delivered, delivering
from .servers import producer_broker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

EXTRA_MEMBERS = 30


def sent_count() -> int:
    return OutgoingEmail.objects.filter(kind="reminder.1d", status="sent").count()


def test_sending_and_building_tasks_are_acknowledged_late():
    """A task taken by a worker that dies stays on the broker instead of vanishing with it."""
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    for task in (task_send_email, task_build_generated_file, task_send_deadline_reminders):
        assert task.acks_late is True


def test_worker_killed_mid_batch_every_reminder_is_sent_exactly_once(
    published_meeting, redis_server, workers, report_figure
):
    world = published_meeting.world
    for number in range(EXTRA_MEMBERS):
        factories.member(world.org_a, f"ledamot{number:02}@example.org")
    expected = sorted(
        ["a@example.org", "b@example.org", "mentor@example.org"]
        + [f"ledamot{number:02}@example.org" for number in range(EXTRA_MEMBERS)]
    )
    redis_server.start()
    # Each delivery takes a second: long enough that the kill surely lands inside one.
    first = workers.start(**{DELAY_VARIABLE: "1.0"})

    with producer_broker(redis_server.url()):
        task_send_deadline_reminders.delay()

        # Kill the worker while it is handing a message to the mail server, after some were sent.
        def mid_delivery():
            done = {record["to"][0] for record in delivered(workers.folder)}
            in_flight = [to for to in delivering(workers.folder) if to not in done]
            return len(done) >= 3 and in_flight and in_flight[0]

        interrupted = wait_for(mid_delivery, timeout=60, interval=0.01)
        assert interrupted, first.output()[-3000:]
        first.kill()
        sent_before_kill = len(delivered(workers.folder))
        assert 3 <= sent_before_kill < len(expected)
        assert OutgoingEmail.objects.filter(kind="reminder.1d").count() == len(expected)
        # Its transaction died with the process: the row is still waiting, not half sent.
        assert OutgoingEmail.objects.get(to=interrupted, kind="reminder.1d").status == "queued"

        second = workers.start(**{DELAY_VARIABLE: "0.02"})
        # The new worker takes the rest of the queue; the message the dead worker held stays
        # unacknowledged on the broker (until Redis's visibility timeout), so the outbox flush,
        # which beat runs every two minutes, hands it over again.
        assert wait_for(lambda: sent_count() >= len(expected) - 1, timeout=60)
        with time_machine.travel(timezone.now() + timedelta(minutes=3)):
            task_flush_outbox()
        assert wait_for(lambda: sent_count() == len(expected), timeout=60)

    # The redelivered message, or a second flush, finds the row sent and does nothing.
    with producer_broker(redis_server.url()):
        again = task_send_email.delay(
            OutgoingEmail.objects.get(to=interrupted, kind="reminder.1d").pk
        )
        with time_machine.travel(timezone.now() + timedelta(minutes=6)):
            assert task_flush_outbox() == 0
    finished = wait_for(
        lambda: [line for line in second.output().splitlines() if f"[{again.id}] succeeded" in line]
    )
    assert finished and finished[0].endswith(": False")  # it ran, and sent nothing

    recipients = Counter(record["to"][0] for record in delivered(workers.folder))
    assert sorted(recipients) == expected
    assert set(recipients.values()) == {1}, recipients.most_common(3)
    rows = OutgoingEmail.objects.filter(kind="reminder.1d")
    assert {row.status for row in rows} == {"sent"}
    assert {row.attempts for row in rows} == {1}
    assert all("BM1 Norr" in record["body"] for record in delivered(workers.folder))
    report_figure(
        f"worker killed mid-batch: {sent_before_kill} of {len(expected)} reminders sent before "
        f"SIGKILL, {interrupted} in flight; after restart each sent exactly once"
    )
