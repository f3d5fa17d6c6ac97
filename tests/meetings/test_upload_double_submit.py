"""The same upload form sent twice at once (a double click during the deadline rush): both
requests pass the "already received?" check before either has stored its row. The second one
must get the ordinary "already received" answer, not a server error, and leave no file behind.

The race is made deterministic: the second request runs to the end inside the first one's
content check, i.e. after the first passed the duplicate check and before it stores its row.
Real database, real files; `make stress` provokes the same race with concurrent HTTP clients."""

import hashlib
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import Presentation
from meetings.services import presentations

from .conftest import pptx_bytes
from .test_uploads import BEFORE_DEADLINE, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def twin_sent_meanwhile(monkeypatch, meeting_world):
    """While the first request is being checked, its twin (same form, same upload id) is
    received and stored completely."""
    real_check = presentations.check_presentation
    state = {"inside": False, "twin": None}

    def check_while_twin_arrives(uploaded, name, max_bytes):
        result = real_check(uploaded, name, max_bytes)
        if not state["inside"]:
            state["inside"] = True
            state["twin"] = services.presentation_upload(
                meeting=meeting_world.meeting,
                organisation=meeting_world.world.org_a,
                uploaded=SimpleUploadedFile("Vår presentation.pptx", pptx_bytes("Tvilling")),
                by=meeting_world.world.participant_a,
                submission_id="form-dubbelklick",
            )
        return result

    monkeypatch.setattr(presentations, "check_presentation", check_while_twin_arrives)
    return state


def test_second_of_two_simultaneous_submits_is_told_it_was_received(
    meeting_world, private_files, twin_sent_meanwhile
):
    with time_machine.travel(BEFORE_DEADLINE, tick=False), pytest.raises(ValidationError) as error:
        services.presentation_upload(
            meeting=meeting_world.meeting,
            organisation=meeting_world.world.org_a,
            uploaded=SimpleUploadedFile("Vår presentation.pptx", pptx_bytes("Tvilling")),
            by=meeting_world.world.participant_a,
            submission_id="form-dubbelklick",
        )
    assert error.value.code == "duplicate"
    twin = twin_sent_meanwhile["twin"]
    assert list(Presentation.objects.values_list("pk", flat=True)) == [twin.pk]
    # Only the twin's file is kept, intact; the loser's copy was removed.
    files = stored_files()
    assert [f.name for f in files] == [Path(twin.file.name).name]
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == twin.sha256


def test_double_click_through_the_form_answers_400_not_500(
    client, meeting_world, private_files, twin_sent_meanwhile
):
    client.force_login(meeting_world.world.participant_a)
    url = reverse("presentation_upload", args=[meeting_world.meeting.pk, "2582"])
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = client.post(
            url,
            {
                "file": SimpleUploadedFile("Vår presentation.pptx", pptx_bytes("Tvilling")),
                "upload_id": "form-dubbelklick",
            },
            headers={"accept": "application/json"},
        )
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "errors": ["Den här uppladdningen har redan tagits emot."],
    }
    assert Presentation.objects.count() == 1
    assert len(stored_files()) == 1
