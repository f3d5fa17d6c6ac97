"""Uploading presentations through the browser's form: bad input gets a Swedish message next to
the field and nothing is stored."""

from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Presentation

from .conftest import pptx_bytes, stockholm

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = stockholm(2027, 3, 20, 10, 0)


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_FILES_ROOT) / "presentations"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def participant(client, meeting_world, settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        }
    }
    settings.PRIVATE_FILES_ROOT = tmp_path
    client.force_login(meeting_world.world.participant_a)
    return client


def upload(client, meeting_world, name, content, code=None, **extra):
    url = reverse(
        "presentation_upload",
        args=[meeting_world.meeting.pk, code or meeting_world.world.org_a.code],
    )
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        return client.post(
            url,
            {"file": SimpleUploadedFile(name, content), "upload_id": extra.pop("upload_id", "")},
            **extra,
        )


def assert_refused(response, text):
    assert response.status_code == 400
    body = response.content.decode()
    assert text in body
    assert 'aria-invalid="true"' in body  # the message is tied to the file field
    assert not Presentation.objects.exists()
    assert stored_files() == []


def test_real_presentation_is_stored_as_final_version(participant, meeting_world):
    response = upload(participant, meeting_world, "Vår BM1.pptx", pptx_bytes())
    assert response.status_code == 302
    presentation = Presentation.objects.get()
    assert presentation.is_final and not presentation.is_late and presentation.kind == "pptx"
    assert presentation.uploaded_by == meeting_world.world.participant_a
    page = participant.get(
        reverse("meeting_detail", args=[meeting_world.meeting.pk])
    ).content.decode()
    assert "Vår BM1.pptx" in page and "Slutlig" in page
    assert len(stored_files()) == 1


def test_every_upload_is_kept_as_a_version_and_the_newest_is_final(participant, meeting_world):
    upload(participant, meeting_world, "utkast.pptx", pptx_bytes("Utkast"))
    upload(participant, meeting_world, "slutlig.pptx", pptx_bytes("Slutlig"))
    versions = list(
        Presentation.objects.order_by("uploaded_at").values_list("original_name", "is_final")
    )
    assert versions == [("utkast.pptx", False), ("slutlig.pptx", True)]
    first = Presentation.objects.get(original_name="utkast.pptx")
    participant.post(reverse("presentation_final", args=[first.pk]))
    assert Presentation.objects.get(is_final=True) == first


def test_renamed_executable_is_refused(participant, meeting_world):
    assert_refused(
        upload(participant, meeting_world, "presentation.pptx", b"MZ\x90\x00" + b"\x00" * 500),
        "PowerPoint",
    )


def test_empty_file_is_refused(participant, meeting_world):
    assert_refused(upload(participant, meeting_world, "tom.pptx", b""), "tom")


def test_file_over_the_limit_is_refused(participant, meeting_world, settings):
    settings.UPLOAD_MAX_BYTES = 20_000
    response = upload(participant, meeting_world, "stor.pptx", pptx_bytes() + b"\x00" * 40_000)
    assert_refused(response, "större än")


def raw_multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body with the file name exactly as given (Django's test client would strip
    the path before sending, as browsers usually do, but a crafted request need not)."""
    boundary = "gransfall-7f3a"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="upload_id"\r\n\r\nx\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pptx", "C:\\Users\\x\\bild.pptx", "flik\tnamn.pptx", "styr\x01tecken.pptx"],
)
def test_names_with_paths_or_control_characters_are_refused(participant, meeting_world, name):
    body, content_type = raw_multipart(name, pptx_bytes())
    url = reverse(
        "presentation_upload", args=[meeting_world.meeting.pk, meeting_world.world.org_a.code]
    )
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = participant.post(url, data=body, content_type=content_type)
    assert_refused(response, "filnamn")


def test_no_file_chosen(participant, meeting_world):
    url = reverse(
        "presentation_upload", args=[meeting_world.meeting.pk, meeting_world.world.org_a.code]
    )
    assert_refused(participant.post(url, {"upload_id": "x"}), "Välj en fil")


def test_double_submitted_form_stores_once(participant, meeting_world):
    first = upload(participant, meeting_world, "a.pptx", pptx_bytes(), upload_id="form-123")
    second = upload(participant, meeting_world, "a.pptx", pptx_bytes(), upload_id="form-123")
    assert first.status_code == 302
    assert second.status_code == 400 and "redan tagits emot" in second.content.decode()
    assert Presentation.objects.count() == 1


def test_upload_to_another_organisations_meeting_is_404(participant, meeting_world):
    response = upload(
        participant, meeting_world, "a.pptx", pptx_bytes(), code=meeting_world.world.org_b.code
    )
    assert response.status_code == 404
    response = upload(
        participant, meeting_world, "a.pptx", pptx_bytes(), code=meeting_world.world.org_c.code
    )
    assert response.status_code == 404
    assert not Presentation.objects.exists()


def test_script_upload_gets_json_errors(participant, meeting_world):
    response = upload(
        participant, meeting_world, "x.pptx", b"not a presentation", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "PowerPoint" in response.json()["errors"][0]


def test_organiser_uploads_on_behalf(client, meeting_world, settings, tmp_path):
    from tests import factories

    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }
    factories.login_with_second_factor(client, meeting_world.world.organiser)
    response = upload(
        client,
        meeting_world,
        "Piteå.pdf",
        b"%PDF-1.4\n%%EOF\n",
        code=meeting_world.world.org_b.code,
    )
    assert response.status_code == 302
    presentation = Presentation.objects.get()
    assert presentation.on_behalf and presentation.organisation == meeting_world.world.org_b


def test_files_are_served_only_after_a_permission_check(participant, meeting_world, client):
    upload(participant, meeting_world, "a.pptx", pptx_bytes())
    url = reverse("presentation_download", args=[Presentation.objects.get().pk])
    assert participant.get(url)["Content-Disposition"].startswith("attachment")
    anonymous = participant.__class__()
    assert anonymous.get(url).status_code == 302
    anonymous.force_login(meeting_world.world.participant_c)
    assert anonymous.get(url).status_code == 404


def test_size_limit_stops_reading_at_the_limit():
    from django.core.files.uploadhandler import StopUpload
    from django.test import RequestFactory

    from meetings.uploads import SizeLimitUploadHandler

    request = RequestFactory().post("/")
    handler = SizeLimitUploadHandler(request, limit=100_000)
    chunk = b"x" * 65_536
    assert handler.receive_data_chunk(chunk, 0) == chunk
    with pytest.raises(StopUpload) as stop:
        handler.receive_data_chunk(chunk, 65_536)
    assert stop.value.connection_reset  # the rest of the body is never read
    assert request.upload_too_large


def test_body_declared_far_over_the_limit_is_refused_before_reading(
    participant, meeting_world, settings
):
    settings.UPLOAD_MAX_BYTES = 10_000
    response = upload(participant, meeting_world, "enorm.pptx", b"\x00" * (1024 * 1024 + 20_000))
    assert_refused(response, "större än")
