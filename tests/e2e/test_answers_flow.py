"""Acceptance: a participant answers the BM1 governance questions and they appear in the
prefilled presentation. In Chromium: the BM1 task is missing on the meeting page, the
participant answers the five questions and saves (the banner says so, the page says who saved),
the task is then done, and the prefilled template built in the background holds every answer
when opened with python-pptx. The answers page passes axe."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pptx import Presentation as PptxDocument

from meetings.models import StepTask
from meetings.questions import QUESTION_SETS
from tests import factories

from .conftest import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANSWERS = (
    "Mål och budget går via nämndernas uppdrag; kön finns i delårsrapporten.",
    "I investeringsbesluten och i upphandlingen.",
    "Pojkar får oftare särskilt stöd, kvinnor väntar längre på hemtjänst.",
    "Strategen och två förvaltningschefer arbetar aktivt; politiken sällan.",
    "Många mål gav många mätetal men få analyser; nu färre mål och mer dialog.",
)


@pytest.fixture
def stored_files(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files", "base_url": None},
        }
    }
    settings.PRIVATE_FILES_ROOT = tmp_path / "files"
    return tmp_path


def test_a_participant_answers_the_governance_questions_and_they_appear_in_the_template(
    page, live_server, stored_files
):
    world = factories.world()
    meeting = factories.norr_bm1_meeting(
        world, timezone.localtime() + timedelta(days=20), published=True
    )
    task = meeting.tasks.get(kind=StepTask.Kind.ANSWERS, question_set="bm1_governance")
    base = live_server.url
    log_in(page, base, "a@example.org", factories.PASSWORD)

    page.goto(f"{base}/meetings/{meeting.pk}/")
    status = page.locator(f"#task-{world.org_a.code}-{task.pk}-status")
    assert status.inner_text().strip() == "Inte påbörjad"

    # The task's page of answers (linked from the task once the task list names it).
    page.goto(
        base + reverse("answers_edit", args=[world.org_a.code, world.cohort.pk, task.question_set])
    )
    page.get_by_role("heading", name="Styrning och ledning i dag").wait_for()
    assert serious_violations(page) == []
    questions = QUESTION_SETS["bm1_governance"].questions
    for question, answer in zip(questions, ANSWERS, strict=True):
        page.get_by_label(question.text_sv, exact=False).fill(answer)
    page.get_by_role("button", name="Spara svaren").click()
    page.get_by_role("status").get_by_text("Svaren sparades.").wait_for()
    main = page.locator("main")
    assert "Senast sparat av" in main.inner_text()
    assert page.get_by_label(questions[2].text_sv, exact=False).input_value() == ANSWERS[2]
    assert serious_violations(page) == []

    page.goto(f"{base}/meetings/{meeting.pk}/")
    assert "Klar" in page.locator(f"#task-{world.org_a.code}-{task.pk}-status").inner_text()

    page.get_by_role("button", name="Skapa förifylld presentationsmall").first.click()
    page.wait_for_url(re.compile(r".*/files/\d+/$"))
    download_link = page.get_by_role("link", name=re.compile("^Ladda ner"))
    download_link.wait_for()
    with page.expect_download() as download_info:
        download_link.click()
    path = stored_files / "mall.pptx"
    download_info.value.save_as(path)

    deck = PptxDocument(str(path))
    texts = [
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    for question, answer in zip(questions, ANSWERS, strict=True):
        assert answer in texts
        assert question.text_sv in texts
