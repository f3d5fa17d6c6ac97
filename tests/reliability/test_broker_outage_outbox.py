"""With Redis (the broker and the cache) down, people can still upload and organisers still grant extensions:
the work is saved, and the e-mail it causes waits in the outbox in the database until the broker
and a worker are back, then goes out once; a file build asked for meanwhile is built then."""

import time
import zipfile
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Extension, Presentation
from portal.models import GeneratedFile, OutgoingEmail
from portal.tasks import task_flush_outbox, task_requeue_generated_files
from tests import factories
from tests.meetings.conftest import pptx_bytes

from .mailbox import delivered
from .servers import producer_broker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_broker_outage_upload_and_extension_are_saved_and_the_mail_sent_after(
    client, published_meeting, private_files, redis_server, workers, report_figure
):
    meeting, world = published_meeting.meeting, published_meeting.world
    factories.member(world.org_b, "ekonom@example.org")
    already_sent = OutgoingEmail.objects.count()

    # The portal's broker and cache addresses answer nothing: Redis is down.
    dead_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url(1),
        }
    }
    # One set of bytes: python-pptx stamps the time into the zip, so two builds can differ.
    sent = pptx_bytes()
    with producer_broker(redis_server.url()), override_settings(CACHES=dead_cache):
        client.force_login(world.participant_a)
        started = time.monotonic()
        response = client.post(
            reverse("presentation_upload", args=[meeting.pk, world.org_a.code]),
            {"file": SimpleUploadedFile("Vår BM1.pptx", sent), "upload_id": "a" * 32},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        presentation = Presentation.objects.get()
        assert presentation.is_final and presentation.original_name == "Vår BM1.pptx"
        assert (private_files / presentation.file.name).read_bytes() == sent

        factories.login_with_second_factor(client, world.organiser)
        deadline = timezone.localtime(meeting.deadline + timedelta(days=2))
        response = client.post(
            reverse("extension_grant", args=[meeting.pk]),
            {
                "organisation": world.org_b.name,
                "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
                "reason": "Valnämnden sammanträder",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        seconds = time.monotonic() - started
        assert Extension.objects.get(meeting=meeting, organisation=world.org_b)
        waiting = OutgoingEmail.objects.filter(kind="extension")
        assert sorted(waiting.values_list("to", flat=True)) == [
            "b@example.org",
            "ekonom@example.org",
        ]
        assert {email.status for email in waiting} == {"queued"}
        # Not even one delivery attempt: nothing could reach a worker.
        assert {email.attempts for email in waiting} == {0}
        # The upload's receipt to Boden's team waits the same way.
        receipt = OutgoingEmail.objects.get(kind="presentation.receipt")
        assert (receipt.to, receipt.status, receipt.attempts) == ("a@example.org", "queued", 0)

        # The broker and a worker come back; the flush job, which beat runs every two minutes,
        # hands the waiting messages over.
        redis_server.start()
        workers.start()
        with time_machine.travel(timezone.now() + timedelta(minutes=3)):
            assert task_flush_outbox() == 3
        assert wait_for(lambda: not OutgoingEmail.objects.filter(status="queued").exists())

    recipients = Counter(record["to"][0] for record in delivered(workers.folder))
    assert recipients == {"a@example.org": 1, "b@example.org": 1, "ekonom@example.org": 1}
    assert all(
        "Valnämnden sammanträder" in record["body"]
        for record in delivered(workers.folder)
        if record["to"][0] != "a@example.org"
    )
    assert OutgoingEmail.objects.count() == already_sent + 3
    report_figure(f"broker outage: upload and extension took {seconds:.1f} s with Redis down")


def test_broker_outage_generated_file_is_built_once_the_broker_is_back(
    client, published_meeting, private_files, redis_server, workers
):
    meeting, world = published_meeting.meeting, published_meeting.world
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=SimpleUploadedFile("Luleå BM1.pptx", pptx_bytes()),
        by=world.participant_a,
    )
    factories.login_with_second_factor(client, world.organiser)
    with producer_broker(redis_server.url()):
        response = client.post(reverse("meeting_zip", args=[meeting.pk]))
        generated = GeneratedFile.objects.get(kind="presentations_zip")
        assert response.status_code == 302 and response.url.endswith(f"/{generated.pk}/")
        assert generated.status == GeneratedFile.Status.PENDING

        redis_server.start()
        workers.start(PRIVATE_FILES_ROOT=str(private_files))
        # Beat's requeue job, a few minutes later, hands the waiting build to the worker.
        with time_machine.travel(timezone.now() + timedelta(minutes=3)):
            assert task_requeue_generated_files() == 1

        def built():
            generated.refresh_from_db()
            return generated.status == GeneratedFile.Status.READY

        assert wait_for(built, timeout=60), workers.started[0].output()[-3000:]
    with zipfile.ZipFile(private_files / generated.file.name) as archive:
        assert [name.endswith(".pptx") for name in archive.namelist()] == [True]


def test_beat_runs_the_outbox_flush_and_the_build_requeue():
    """Without these entries the messages and builds above would wait for ever."""
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "portal.tasks.task_flush_outbox" in scheduled
    assert "portal.tasks.task_requeue_generated_files" in scheduled
