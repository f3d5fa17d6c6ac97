"""All final presentations of a meeting as one ZIP, built in Celery with progress."""

import io
import zipfile

import pytest
from django.urls import reverse
from pptx import Presentation as PptxDocument

from meetings import services
from portal.models import GeneratedFile
from tests import factories

from .conftest import pptx_upload, stockholm

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client, meeting_world):
    factories.login_with_second_factor(client, meeting_world.world.organiser)
    return client


def test_zip_holds_every_final_presentation_and_is_reused_until_they_change(
    organiser_client, meeting_world, django_capture_on_commit_callbacks
):
    meeting, world = meeting_world.meeting, meeting_world.world
    for organisation, person in [
        (world.org_a, world.participant_a),
        (world.org_b, world.participant_b),
    ]:
        services.presentation_upload(
            meeting=meeting,
            organisation=organisation,
            uploaded=pptx_upload(),
            by=person,
            now=stockholm(2027, 3, 20, 9, 0),
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(reverse("meeting_zip", args=[meeting.pk]))
    generated = GeneratedFile.objects.get()
    assert response.url == reverse("generated_file_detail", args=[generated.pk])
    status = organiser_client.get(response.url, HTTP_ACCEPT="application/json").json()
    assert status["status"] == "ready" and status["progress"] == 100
    download = organiser_client.get(status["download"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == [
        "2581 Piteå – presentation.pptx",
        "2582 Boden – presentation.pptx",
    ]
    slides = PptxDocument(io.BytesIO(archive.read("2582 Boden – presentation.pptx"))).slides
    assert slides[0].shapes.title.text == "Vår presentation"

    # The same data: the same file. A new upload: a new build.
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("meeting_zip", args=[meeting.pk]))
    assert GeneratedFile.objects.count() == 1
    services.presentation_upload(
        meeting=meeting,
        organisation=world.mentor_org,
        uploaded=pptx_upload("luleå.pptx"),
        by=world.mentor,
        now=stockholm(2027, 3, 21, 9, 0),
    )
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("meeting_zip", args=[meeting.pk]))
    newest = GeneratedFile.objects.order_by("-created_at").first()
    assert GeneratedFile.objects.count() == 2 and newest.status == "ready"
    assert len(zipfile.ZipFile(newest.file.open("rb")).namelist()) == 3


def test_zip_without_presentations_fails_readably_and_can_be_retried(
    organiser_client, meeting_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(reverse("meeting_zip", args=[meeting_world.meeting.pk]))
    page = organiser_client.get(response.url).content.decode()
    assert "Inga slutliga presentationer" in page and "Försök igen" in page
    services.presentation_upload(
        meeting=meeting_world.meeting,
        organisation=meeting_world.world.org_a,
        uploaded=pptx_upload(),
        by=meeting_world.world.participant_a,
        now=stockholm(2027, 3, 20, 9, 0),
    )
    failed = GeneratedFile.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        retried = organiser_client.post(reverse("generated_file_retry", args=[failed.pk]))
    assert (
        GeneratedFile.objects.get(pk=int(retried.url.strip("/").split("/")[-1])).status == "ready"
    )


def test_participants_cannot_build_or_fetch_the_zip(
    client, organiser_client, meeting_world, django_capture_on_commit_callbacks
):
    services.presentation_upload(
        meeting=meeting_world.meeting,
        organisation=meeting_world.world.org_a,
        uploaded=pptx_upload(),
        by=meeting_world.world.participant_a,
        now=stockholm(2027, 3, 20, 9, 0),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(reverse("meeting_zip", args=[meeting_world.meeting.pk]))
    participant = client.__class__()
    participant.force_login(meeting_world.world.participant_a)
    assert (
        participant.post(reverse("meeting_zip", args=[meeting_world.meeting.pk])).status_code == 404
    )
    generated = GeneratedFile.objects.get()
    assert participant.get(response.url).status_code == 404
    assert (
        participant.get(reverse("generated_file_download", args=[generated.pk])).status_code == 404
    )


def test_zip_entries_carry_their_upload_time_in_stockholm(tmp_path):
    from datetime import UTC, datetime

    from meetings.documents import ZipEntry, build_presentations_zip

    uploaded = datetime(2027, 3, 24, 15, 42, 10, tzinfo=UTC)  # 16:42:10 in Stockholm (CET)
    target = tmp_path / "presentationer.zip"
    entry = ZipEntry(name="Boden.pptx", open=lambda: io.BytesIO(b"pptx"), modified=uploaded)
    build_presentations_zip([entry], target, lambda percent: None)
    with zipfile.ZipFile(target) as archive:
        (info,) = archive.infolist()
        assert info.date_time == (2027, 3, 24, 16, 42, 10)
        assert archive.read("Boden.pptx") == b"pptx"
