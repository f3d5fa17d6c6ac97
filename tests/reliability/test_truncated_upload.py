"""An upload cut short (the client sends less than its Content-Length and goes away) leaves
nothing behind: no presentation version, no file in storage, no temporary upload file. The same
request sent whole is stored, so the cut is the only difference."""

import socket
import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from meetings.models import Presentation

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n" + b"% slides\n" * 40_000  # about 360 kB: larger than the in-memory limit


def multipart(upload_id: str, content: bytes) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="upload_id"\r\n\r\n{upload_id}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="BM1.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return f"multipart/form-data; boundary={boundary}", body


def send_raw(url: str, cookies: dict, content_type: str, body: bytes, sent: int) -> bytes:
    """POST with the full Content-Length but only the first ``sent`` bytes of the body, then stop
    sending as a browser that is closed does; return whatever the server answered."""
    address = urlsplit(url)
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    head = (
        f"POST {address.path} HTTP/1.1\r\nHost: {address.netloc}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        f"Cookie: {cookie}\r\nX-CSRFToken: {cookies['csrftoken']}\r\n"
        f"Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((address.hostname, address.port), timeout=30) as raw:
        raw.sendall(head + body[:sent])
        raw.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    return answer


@pytest.fixture
def upload_request(client, live_server, published_meeting, private_files, settings, tmp_path):
    """The URL and cookies of a signed-in participant; uploads spill to a temporary folder."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    world, meeting = published_meeting.world, published_meeting.meeting
    client.force_login(world.participant_a)
    client.get(reverse("meeting_detail", args=[meeting.pk]))  # sets the CSRF cookie
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    url = live_server.url + reverse("presentation_upload", args=[meeting.pk, world.org_a.code])
    return url, cookies, tmp_path / "upload-tmp"


def stored(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("fraction", [0.5, 0.999], ids=["half", "all-but-the-end"])
def test_truncated_upload_leaves_no_version_file_or_temporary_file(
    upload_request, private_files, fraction
):
    url, cookies, temporary = upload_request
    content_type, body = multipart("b" * 32, PDF)
    answer = send_raw(url, cookies, content_type, body, sent=int(len(body) * fraction))
    # Were the client still listening, it would read that no file arrived.
    assert answer.startswith(b"HTTP/1.1 400"), answer[:300]
    assert not Presentation.objects.exists()
    assert stored(private_files) == []
    assert list(temporary.iterdir()) == []


def test_the_same_upload_sent_whole_is_stored(upload_request, private_files):
    url, cookies, temporary = upload_request
    content_type, body = multipart("c" * 32, PDF)
    answer = send_raw(url, cookies, content_type, body, sent=len(body))
    assert answer.startswith(b"HTTP/1.1 302"), answer[:300]
    presentation = Presentation.objects.get()
    assert presentation.original_name == "BM1.pdf" and presentation.size == len(PDF)
    assert [path.read_bytes() for path in stored(private_files)] == [PDF]
    assert list(temporary.iterdir()) == []
