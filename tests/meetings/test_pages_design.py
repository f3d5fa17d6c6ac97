"""The meeting pages on the design system: the organisation's journey through the programme's
steps, the preparation as a task list with status tags, the next meeting as a summary card, the
upload's hint, actions by weight and confirmations with a warning button."""

import re

import pytest
import time_machine
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, Step
from meetings.selectors import journey_steps, programme_steps
from tests import factories

from .conftest import pptx_upload, stockholm

pytestmark = pytest.mark.django_db


def _states(journey) -> list[tuple[str, str]]:
    return [(item.step.code, item.state) for item in journey]


def _meeting(world, code: str, starts, *, published=True) -> Meeting:
    meeting = services.meeting_create(
        cohort=world.cohort,
        cluster=world.cluster,
        step=Step.objects.get(code=code),
        title=code.upper(),
        starts_at=starts,
        ends_at=starts.replace(hour=16),
        by=world.organiser,
    )
    if published:
        services.meeting_publish(meeting=meeting, by=world.organiser)
    return meeting


def test_before_any_meeting_the_next_meetings_step_is_current(meeting_world):
    steps = programme_steps()
    assert [step.position for step in steps] == list(range(1, 9))
    journey = journey_steps(steps, [meeting_world.meeting], stockholm(2027, 3, 1, 9, 0))
    # BM1 is the first meeting here: the start-up, never scheduled in the portal, lies behind.
    assert _states(journey)[:3] == [
        ("uppstart", "done"),
        ("bm1", "current"),
        ("hemmaplan-1", "upcoming"),
    ]
    assert {state for _code, state in _states(journey)[2:]} == {"upcoming"}
    assert journey[1].meeting == meeting_world.meeting


def test_between_two_meetings_the_work_at_home_is_current(meeting_world, mail_on_commit):
    world = meeting_world.world
    with mail_on_commit():
        bm2 = _meeting(world, "bm2", stockholm(2027, 6, 1, 9, 30))
    steps = programme_steps()
    journey = journey_steps(steps, [meeting_world.meeting, bm2], stockholm(2027, 4, 20, 9, 0))
    assert _states(journey)[:5] == [
        ("uppstart", "done"),
        ("bm1", "done"),
        ("hemmaplan-1", "current"),
        ("bm2", "upcoming"),
        ("hemmaplan-2", "upcoming"),
    ]
    assert journey[3].meeting == bm2


def test_without_meetings_the_first_step_is_current_and_after_the_last_all_are_done(
    meeting_world,
):
    steps = programme_steps()
    assert _states(journey_steps(steps, [], stockholm(2027, 1, 1, 9, 0)))[0] == (
        "uppstart",
        "current",
    )
    conference = Meeting(
        step=Step.objects.get(code="resultatkonferens"),
        starts_at=stockholm(2027, 10, 1, 9, 0),
        ends_at=stockholm(2027, 10, 1, 16, 0),
        status=Meeting.Status.HELD,
    )
    done = journey_steps(steps, [conference], stockholm(2027, 11, 1, 9, 0))
    assert {state for _code, state in _states(done)} == {"done"}


def test_home_shows_the_journey_as_an_ordered_list_with_the_current_step_marked(
    client, meeting_world
):
    client.force_login(meeting_world.world.participant_a)
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        page = client.get(reverse("home")).content.decode()
    indicator = page[page.index('<ol class="app-step-indicator"') :]
    indicator = indicator[: indicator.index("</ol>")]
    assert indicator.count("<li ") == 8
    assert indicator.count('aria-current="step"') == 1
    current = re.search(r'<li [^>]*aria-current="step">(.*?)</li>', indicator, re.S).group(1)
    assert "BM1 – Ledning och styrning" in current
    assert '<span class="govuk-visually-hidden"> – Nuvarande steg</span>' in current
    # The start-up was never scheduled in the portal: it is said so, not claimed to be done.
    assert (
        indicator.count("– Inte schemalagt</span>") == 1 and indicator.count("– Klar</span>") == 0
    )
    assert indicator.count("– Kommande</span>") == 6
    assert "Programmet steg för steg" in page and "Boden i Omgång" in page


def test_home_shows_the_next_meeting_as_a_summary_card_and_tasks_with_status_tags(
    client, meeting_world
):
    client.force_login(meeting_world.world.participant_a)
    with time_machine.travel(stockholm(2027, 3, 10, 9, 0), tick=False):
        early = client.get(reverse("home")).content.decode()
    with time_machine.travel(stockholm(2027, 3, 22, 9, 30), tick=False):
        soon = client.get(reverse("home")).content.decode()
    with time_machine.travel(stockholm(2027, 3, 26, 9, 30), tick=False):
        late = client.get(reverse("home")).content.decode()
    card = soon[soon.index('<div class="govuk-summary-card" id="next-2582">') :]
    assert "Presentationen ska lämnas" in card and "När" in card and "Stadshuset" in card
    assert '<ul class="govuk-task-list"' in card
    tag = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'
    # Two weeks before the deadline the tasks are not started, in its last week they are due
    # soon, after it they are late: every status in words, never a tick drawn as a character.
    assert early.count(tag.format("grey", "Inte påbörjad")) == 9 + 1  # and the card's status
    assert soon.count(tag.format("yellow", "Snart dags")) == 9 + 1
    assert late.count(tag.format("red", "Sen")) == 9 + 1
    for page in (early, soon, late):
        assert "☐" not in page and "☑" not in page


def test_a_ticked_task_and_an_upload_are_done_on_the_home_page(
    client, meeting_world, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    client.force_login(world.participant_a)
    task = meeting.tasks.filter(kind="general").first()
    with time_machine.travel(stockholm(2027, 3, 20, 9, 0), tick=False):
        client.post(
            reverse("task_toggle", args=[meeting.pk, world.org_a.code, task.pk]), {"done": "1"}
        )
        with mail_on_commit():
            services.presentation_upload(
                meeting=meeting,
                organisation=world.org_a,
                uploaded=pptx_upload("boden.pptx"),
                by=world.participant_a,
            )
        page = client.get(reverse("home")).content.decode()
    done = '<strong class="govuk-tag govuk-tag--green">Klar</strong>'
    assert page.count(done) == 2 and "2 av 9 klara" in page


def test_the_upload_hint_gives_the_formats_and_the_size_limit(client, meeting_world, settings):
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    client.force_login(meeting_world.world.participant_a)
    with time_machine.travel(stockholm(2027, 3, 20, 9, 0), tick=False):
        page = client.get(reverse("meeting_detail", args=[meeting_world.meeting.pk]))
    body = page.content.decode()
    hint = re.search(r'<div class="govuk-hint" id="id_file_helptext">(.*?)</div>', body, re.S)
    assert hint and ".pptx" in hint.group(1) and "Högst 20 MB." in hint.group(1)
    assert re.search(r'<input type="file"[^>]*class="govuk-file-upload"', body) or (
        'class="govuk-file-upload"' in body
    )
    assert 'aria-describedby="id_file_helptext"' in body


def test_actions_by_weight_and_publishing_goes_through_its_confirmation(
    client, cohort_world, mail_on_commit
):
    from meetings.demo import seed_step_tasks, seed_steps

    seed_steps()
    seed_step_tasks()
    factories.login_with_second_factor(client, cohort_world.organiser)
    with mail_on_commit():
        draft = services.meeting_create(
            cohort=cohort_world.cohort,
            cluster=cohort_world.cluster,
            step=Step.objects.get(code="bm1"),
            title="BM1 Norr",
            starts_at=stockholm(2027, 4, 1, 9, 30),
            ends_at=stockholm(2027, 4, 1, 16, 0),
            by=cohort_world.organiser,
        )
    publish = reverse("meeting_publish", args=[draft.pk])
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        page = client.get(reverse("meeting_detail", args=[draft.pk])).content.decode()
        confirm = client.get(publish).content.decode()
    # The main action is the only primary button; the others are secondary.
    assert f'<a class="govuk-button" href="{publish}">Publicera och skicka inbjudningar</a>' in page
    assert page.count('<a class="govuk-button" href=') == 1
    assert page.count('<a class="govuk-button govuk-button--secondary"') == 5
    # The confirmation says who will be told, and sending is the warning button.
    assert "Vem får veta" in confirm and 'class="govuk-summary-list"' in confirm
    assert re.search(
        r'<button type="submit" class="govuk-button govuk-button--warning"[^>]*>'
        r"Publicera och skicka inbjudningar</button>",
        confirm,
    )


@pytest.mark.parametrize("page_name", ["organisation_after_meetings", "improvement_edit"])
def test_the_improvement_pages_have_no_label_without_a_field(client, meeting_world, page_name):
    world = meeting_world.world
    client.force_login(world.participant_a)
    effort = services.improvement_effort_save(
        organisation=world.org_a,
        by=world.participant_a,
        effort=None,
        title="Hemtjänstens biståndsbeslut",
        area="operation",
        operation="Hemtjänst",
        stage="plan",
        notes={},
        checklist_items=[],
        report_meeting=None,
        back_note="",
    )
    args = [world.org_a.code] + ([effort.pk] if page_name == "improvement_edit" else [])
    body = client.get(reverse(page_name, args=args)).content.decode()
    labels = re.findall(r'<label [^>]*for="([^"]*)"', body)
    assert labels and all(labels)
    for target in labels:
        assert f'id="{target}"' in body


def test_the_feedback_page_carries_each_boxs_value_as_it_was_shown(client, meeting_world):
    """The page saves only the boxes the person changed: each field's value when the page was
    made travels in a hidden input beside it (what the browser posts, and what the autosave
    script compares with)."""
    world = meeting_world.world
    factories.login_with_second_factor(client, world.organiser)
    services.feedback_save(
        meeting=meeting_world.meeting,
        organisation=world.org_a,
        by=world.organiser,
        on_presentation="Först",
        on_improvement_work="",
    )
    body = client.get(reverse("feedback_manage", args=[meeting_world.meeting.pk])).content
    page = body.decode()
    prefix = f"org-{world.org_a.code}"
    for name in ("on_presentation", "on_improvement_work", "ready"):
        assert page.count(f'name="initial-{prefix}-{name}"') == 1
    assert re.search(rf'name="initial-{prefix}-on_presentation" value="Först"', page)
    for name in ("plus", "minus", "interesting"):
        assert page.count(f'name="initial-summary-{name}"') == 1
