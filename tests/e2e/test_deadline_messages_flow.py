"""Journey a) of issue 17: a participant uploads the presentation on time; the upload task
shows done on the meeting page, the board does not count the organisation as behind, and
neither the board's "remind those behind" nor the reminder job sends it anything afterwards.
(Journey b, the reminders over time, is the integration test
tests/meetings/test_deadline_messages.py::test_integration_reminders_state_the_true_time_left_or_none_is_sent.)"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pptx import Presentation as PptxDocument

from meetings.models import TaskCompletion
from meetings.tasks import task_send_deadline_reminders
from portal.models import OutgoingEmail
from tests import factories
from tests.meetings.test_views import (
    answer_question_sets,
    mark_stakeholders_updated,
    submit_self_assessment,
)

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pptx_file(tmp_path):
    document = PptxDocument()
    document.slides.add_slide(document.slide_layouts[0]).shapes.title.text = "Boden BM1"
    path = tmp_path / "Boden BM1.pptx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def deadline_messages_to(email: str) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(to=email, dedupe_key__startswith="deadline:"))


def test_an_on_time_upload_is_done_on_the_page_not_behind_on_the_board_and_not_nudged(
    page, live_server, tmp_path, settings
):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    world = factories.world()
    # The deadline is three days away: the 7-day reminder is due, the 1-day one not yet.
    meeting = factories.norr_bm1_meeting(
        world, timezone.localtime() + timedelta(days=10), published=True
    )
    for task in meeting.tasks.filter(kind__in=["general", "reflection"]):
        TaskCompletion.objects.create(task=task, organisation=world.org_a)
    submit_self_assessment(world, world.org_a, world.participant_a)
    mark_stakeholders_updated(world, world.org_a, world.participant_a)
    answer_question_sets(world, world.org_a, world.participant_a, meeting)

    log_in(page, live_server.url, "a@example.org", factories.PASSWORD)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    task = page.get_by_role("listitem").filter(
        has_text="Ladda upp presentationen senast en vecka före mötet"
    )
    assert "klar när den slutliga presentationen är uppladdad i tid" in task.inner_text()
    assert task.get_by_role("button").count() == 0  # proven by the upload, not ticked
    page.get_by_label("Presentationsfil").set_input_files(str(pptx_file(tmp_path)))
    page.get_by_role("button", name="Ladda upp presentationen").click()
    page.get_by_role("cell", name="Slutlig").wait_for()
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    task = page.get_by_role("listitem").filter(
        has_text="Ladda upp presentationen senast en vecka före mötet"
    )
    # The task list's status tag says it in words.
    assert task.locator(".govuk-task-list__status").inner_text().strip() == "Klar"
    assert "klar: den slutliga presentationen kom in i tid" in task.inner_text()
    assert "9 av 9 klara · allt är klart inför mötet" in page.content()

    page.context.clear_cookies()
    log_in(page, live_server.url, "organiser@example.org", factories.PASSWORD)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/board/")
    boden = page.get_by_role("row").filter(has_text="Boden")
    assert "9 av 9 klara" in boden.inner_text()
    assert "Efter i förberedelserna" not in boden.inner_text()
    assert "Saknas" not in boden.inner_text()
    page.get_by_label("Visa").select_option(label="Efter i förberedelserna")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url(re.compile(r".*status=behind.*"))
    names = page.locator("tbody th[scope=row]").all_inner_texts()
    assert names == ["Luleå", "Piteå"]

    page.get_by_role("link", name="Mejla organisationerna som ligger efter").click()
    assert "Boden" not in page.get_by_role("main").inner_text()
    page.get_by_role("button", name="Skicka påminnelserna").click()
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/board/$"))
    task_send_deadline_reminders()  # the beat entry's job, after the nudge

    assert deadline_messages_to("a@example.org") == []
    (nudge,) = deadline_messages_to("b@example.org")
    assert nudge.kind == "behind"
    # The true time left (a daylight-saving change within the three days shifts the hours).
    assert re.search(r"den ska lämnas om 2 dagar och 2[234] timmar, \w+ \d+ \w+ kl\. ", nudge.body)
    assert len(deadline_messages_to("mentor@example.org")) == 1
