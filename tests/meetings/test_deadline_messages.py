"""Messages about a deadline state the facts of the moment they are sent (time left, the
deadline itself), a person gets at most one per meeting and day, and the preparation tasks
that the work proves (the presentation on time) are derived, on the page, the board and in
who is nudged (issue 17, part 1)."""

import re
from datetime import UTC, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from meetings import selectors, services
from meetings.deadline_text import deadline_moment_text, time_left_text
from meetings.models import MeetingTask, TaskCompletion
from meetings.tasks import task_send_deadline_reminders
from portal.models import OutgoingEmail
from tests import factories

from .conftest import pptx_upload, stockholm
from .test_views import (
    MORE_CODES,
    _enrol_more,
    answer_question_sets,
    mark_stakeholders_updated,
    submit_self_assessment,
)

pytestmark = pytest.mark.django_db

DEADLINE = stockholm(2027, 3, 25, 9, 30)  # the meeting_world's: Thursday, a week before BM1
EVERYONE = ["a@example.org", "b@example.org", "mentor@example.org"]


@pytest.fixture
def organiser_client(client, meeting_world):
    factories.login_with_second_factor(client, meeting_world.world.organiser)
    return client


def _run_reminders(mail_on_commit, at):
    """The beat entry's task, run at a moment of the clock; returns the messages it sent."""
    mail_on_commit.outbox.clear()
    with time_machine.travel(at, tick=False), mail_on_commit():
        task_send_deadline_reminders.delay()
    return list(mail_on_commit.outbox)


def _all_tasks_done_but_the_presentation(world, organisation, person, meeting):
    for task in meeting.tasks.filter(kind__in=["general", "reflection"]):
        TaskCompletion.objects.create(task=task, organisation=organisation)
    submit_self_assessment(world, organisation, person)
    mark_stakeholders_updated(world, organisation, person)
    answer_question_sets(world, organisation, person, meeting)


# --- The formatter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "swedish", "english"),
    [
        (timedelta(days=2, hours=18, minutes=59), "2 dagar och 18 timmar", "2 days and 18 hours"),
        (timedelta(days=1), "1 dag", "1 day"),
        (timedelta(days=6, hours=1), "6 dagar och 1 timme", "6 days and 1 hour"),
        (timedelta(hours=23), "23 timmar", "23 hours"),
        (timedelta(hours=1, minutes=1), "1 timme och 1 minut", "1 hour and 1 minute"),
        (timedelta(minutes=5, seconds=30), "5 minuter", "5 minutes"),
        (timedelta(seconds=20), "mindre än en minut", "less than a minute"),
    ],
)
def test_time_left_is_told_in_the_two_largest_units_rounded_down(left, swedish, english):
    with translation.override("sv"):
        assert time_left_text(left) == swedish
    with translation.override("en"):
        assert time_left_text(left) == english


def test_the_deadline_is_told_in_stockholm_time_in_the_recipients_language():
    moment = stockholm(2026, 12, 2, 9, 30).astimezone(UTC)  # as stored
    with translation.override("sv"):
        assert deadline_moment_text(moment) == "onsdag 2 december kl. 09.30"
    with translation.override("en"):
        assert deadline_moment_text(moment) == "Wednesday 2 December, 09:30"


# --- Journey b: reminders at 8 d, 6 d 23 h, 2 d 18 h, 23 h and after the deadline -------------


def test_integration_reminders_state_the_true_time_left_or_none_is_sent(
    meeting_world, mail_on_commit
):
    assert _run_reminders(mail_on_commit, DEADLINE - timedelta(days=8)) == []

    sent = _run_reminders(mail_on_commit, DEADLINE - timedelta(days=6, hours=23))
    assert sorted(m.to[0] for m in sent) == EVERYONE
    for message in sent:
        assert "om 6 dagar och 23 timmar" in message.subject
        assert "7 dagar" not in message.subject + message.body
        assert "Den ska lämnas om 6 dagar och 23 timmar, torsdag 25 mars kl. 09.30." in message.body

    # Told since the 7-day moment; the 1-day moment has not come: nothing.
    assert _run_reminders(mail_on_commit, DEADLINE - timedelta(days=2, hours=18)) == []

    sent = _run_reminders(mail_on_commit, DEADLINE - timedelta(hours=23))
    assert sorted(m.to[0] for m in sent) == EVERYONE
    assert all("om 23 timmar" in m.subject and "1 dag" not in m.subject for m in sent)

    assert _run_reminders(mail_on_commit, DEADLINE + timedelta(minutes=1)) == []


def test_integration_a_reminder_found_late_states_the_time_really_left_once(
    meeting_world, mail_on_commit
):
    """The finding: the 7-day reminder went out with 2 days 18 hours left, saying "7 dagar"."""
    sent = _run_reminders(mail_on_commit, DEADLINE - timedelta(days=2, hours=18))
    assert sorted(m.to[0] for m in sent) == EVERYONE
    assert all("om 2 dagar och 18 timmar" in m.subject for m in sent)
    assert all("7 dagar" not in m.subject + m.body for m in sent)
    # The same day again, and the next day: that reminder has been given.
    assert _run_reminders(mail_on_commit, DEADLINE - timedelta(days=2, hours=17)) == []
    assert _run_reminders(mail_on_commit, DEADLINE - timedelta(days=1, hours=18)) == []
    sent = _run_reminders(mail_on_commit, DEADLINE - timedelta(hours=23))
    assert all("om 23 timmar" in m.subject for m in sent) and len(sent) == 3


def test_integration_an_extension_granted_with_a_reminder_due_sends_exactly_one_message(
    meeting_world, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    granted_at = DEADLINE - timedelta(hours=23)  # the 1-day reminder of the old deadline is due
    mail_on_commit.outbox.clear()
    with time_machine.travel(granted_at, tick=False), mail_on_commit():
        services.extension_grant(
            meeting=meeting,
            organisation=world.org_b,
            deadline=stockholm(2027, 3, 29, 12, 0),
            reason="Valår",
            by=world.organiser,
        )
        task_send_deadline_reminders.delay()
    to_b = [m for m in mail_on_commit.outbox if m.to == ["b@example.org"]]
    assert len(to_b) == 1
    (notice,) = to_b
    assert "Ny frist" in notice.subject
    # 5 days and 1.5 hours on the clock, but summer time starts on 28 March: 5 days, 30 min.
    assert "måndag 29 mars kl. 12.00, om 5 dagar." in notice.body
    assert "torsdag 25 mars" not in notice.body
    # The others still get the reminder of the ordinary deadline.
    others = sorted(m.to[0] for m in mail_on_commit.outbox if m.to != ["b@example.org"])
    assert others == ["a@example.org", "mentor@example.org"]
    # The old deadline's reminders are gone; the new deadline's 1-day reminder comes in time.
    assert _run_reminders(mail_on_commit, DEADLINE + timedelta(hours=2)) == []
    sent = _run_reminders(mail_on_commit, stockholm(2027, 3, 28, 13, 0))
    assert [m.to[0] for m in sent] == ["b@example.org"]
    assert "om 23 timmar" in sent[0].subject and "måndag 29 mars kl. 12.00" in sent[0].body


def test_an_extension_after_the_days_reminder_is_told_the_next_day(meeting_world, mail_on_commit):
    meeting, world = meeting_world.meeting, meeting_world.world
    morning = DEADLINE - timedelta(hours=23)
    assert len(_run_reminders(mail_on_commit, morning)) == 3
    mail_on_commit.outbox.clear()
    with time_machine.travel(morning + timedelta(hours=1), tick=False), mail_on_commit():
        services.extension_grant(
            meeting=meeting,
            organisation=world.org_b,
            deadline=stockholm(2027, 3, 29, 12, 0),
            reason="Valår",
            by=world.organiser,
        )
    assert mail_on_commit.outbox == []  # B was told about the meeting today already
    assert _run_reminders(mail_on_commit, morning + timedelta(hours=3)) == []
    sent = _run_reminders(mail_on_commit, DEADLINE + timedelta(minutes=30))
    assert [m.to[0] for m in sent] == ["b@example.org"]
    assert "Ny frist" in sent[0].subject and "måndag 29 mars kl. 12.00" in sent[0].body


def test_a_nudge_and_a_reminder_due_together_become_one_message(meeting_world, mail_on_commit):
    meeting, world = meeting_world.meeting, meeting_world.world
    moment = DEADLINE - timedelta(days=6, hours=23)  # the 7-day reminder is due
    mail_on_commit.outbox.clear()
    with time_machine.travel(moment, tick=False), mail_on_commit():
        assert services.behind_reminders_send(meeting=meeting, by=world.organiser) == 3
        task_send_deadline_reminders.delay()
        assert services.behind_reminders_send(meeting=meeting, by=world.organiser) == 0
    assert sorted(m.to[0] for m in mail_on_commit.outbox) == EVERYONE
    nudge = next(m for m in mail_on_commit.outbox if m.to == ["b@example.org"])
    assert "Kvar att göra:" in nudge.body and "Uppdatera intressentanalysen" in nudge.body
    assert "den ska lämnas om 6 dagar och 23 timmar, torsdag 25 mars kl. 09.30" in nudge.body
    # The nudge was the 7-day reminder: not again the next day.
    assert _run_reminders(mail_on_commit, moment + timedelta(days=1)) == []


def test_at_most_one_deadline_message_per_person_meeting_and_day(meeting_world, mail_on_commit):
    meeting, world = meeting_world.meeting, meeting_world.world
    moment = DEADLINE - timedelta(hours=23)
    assert len(_run_reminders(mail_on_commit, moment)) == 3
    with time_machine.travel(moment + timedelta(hours=2), tick=False):
        preview = selectors.behind_reminders_preview(meeting)
        assert preview["recipients"] == [] and len(preview["already_told"]) == 3
        assert services.behind_reminders_send(meeting=meeting, by=world.organiser) == 0
    keys = list(OutgoingEmail.objects.values_list("dedupe_key", flat=True))
    day_keys = [key for key in keys if key and key.startswith(f"deadline:{meeting.pk}:")]
    assert len(day_keys) == len(set(day_keys)) == 3
    assert all(key.endswith(":2027-03-24") for key in day_keys)


# --- Tasks follow facts ---------------------------------------------------------------------


def test_an_on_time_upload_does_the_presentation_task_and_it_cannot_be_ticked(
    client, meeting_world
):
    meeting, world = meeting_world.meeting, meeting_world.world
    task = meeting.tasks.get(kind="presentation")
    client.force_login(world.participant_a)
    response = client.post(
        reverse("task_toggle", args=[meeting.pk, world.org_a.code, task.pk]), {"done": "1"}
    )
    assert response.status_code == 404 and not TaskCompletion.objects.exists()

    _all_tasks_done_but_the_presentation(world, world.org_a, world.participant_a, meeting)
    panel = selectors.organisation_panel(meeting, world.org_a)
    assert panel.preparation.is_behind
    assert [s.task.kind for s in panel.tasks if not s.done] == ["presentation"]

    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=DEADLINE - timedelta(days=1),
    )
    panel = selectors.organisation_panel(meeting, world.org_a)
    assert all(state.done for state in panel.tasks) and not panel.preparation.is_behind
    (row,) = [r for r in selectors.preparation_board(meeting) if r.organisation == world.org_a]
    assert not row.is_behind and row.tasks_done == row.tasks_total == 9


def test_a_late_upload_leaves_the_task_late_and_an_extension_makes_it_on_time(meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    late = services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=DEADLINE + timedelta(days=1),
    )
    assert late.is_late
    state = {
        s.task.kind: s.status for s in selectors.organisation_panel(meeting, world.org_a).tasks
    }
    assert state["presentation"] == "late"

    services.extension_grant(
        meeting=meeting,
        organisation=world.org_b,
        deadline=stockholm(2027, 3, 29, 12, 0),
        reason="Valår",
        by=world.organiser,
    )
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_b,
        uploaded=pptx_upload(),
        by=world.participant_b,
        now=DEADLINE + timedelta(days=1),
    )
    state = {
        s.task.kind: s.status for s in selectors.organisation_panel(meeting, world.org_b).tasks
    }
    assert state["presentation"] == "done"


def test_nobody_who_has_done_everything_is_nudged_or_reminded(meeting_world, mail_on_commit):
    meeting, world = meeting_world.meeting, meeting_world.world
    _all_tasks_done_but_the_presentation(world, world.org_a, world.participant_a, meeting)
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=DEADLINE - timedelta(days=8),
    )
    moment = DEADLINE - timedelta(hours=23)
    mail_on_commit.outbox.clear()
    with time_machine.travel(moment, tick=False), mail_on_commit():
        services.behind_reminders_send(meeting=meeting, by=world.organiser)
    with time_machine.travel(moment + timedelta(days=1, hours=-2), tick=False), mail_on_commit():
        task_send_deadline_reminders.delay()
    assert "a@example.org" not in [m.to[0] for m in mail_on_commit.outbox]
    assert sorted({m.to[0] for m in mail_on_commit.outbox}) == [
        "b@example.org",
        "mentor@example.org",
    ]


# --- The board shows which tasks are done and missing -----------------------------------------


def test_board_tags_each_task_and_filters_by_task_and_status(
    organiser_client, meeting_world, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    submit_self_assessment(world, world.org_a, world.participant_a)
    url = reverse("meeting_board", args=[meeting.pk])
    page = organiser_client.get(url).content.decode()
    # Tasks are columns (1 guidance, 2 films, 3 self-assessment, 4 start-up review, 5–6 answers,
    # 7 workshop, 8 stakeholders), after the row's readiness and before the presentation; each a
    # tag in words.
    assert "3. Självskattning</th>" in page

    def tags(name: str) -> list[tuple[str, str]]:
        row = re.search(rf">{name}</a></th>(.*?)</tr>", page, re.S).group(1)
        return re.findall(r'<strong class="govuk-tag govuk-tag--(\w+)">([^<]+)</strong>', row)

    assert tags("Boden")[3] == ("green", "Klar")
    assert tags("Piteå")[3] == ("red", "Saknas")
    assert tags("Piteå")[-1] == ("grey", "Inte uppladdad ännu")

    self_assessment = MeetingTask.objects.get(meeting=meeting, kind="self_assessment")

    def rows(**query):
        body = organiser_client.get(url, query).content.decode()
        return re.findall(r'<th scope="row"[^>]*><a [^>]+>([^<]+)</a></th>', body)

    assert rows(task=self_assessment.pk, task_status="missing") == ["Luleå", "Piteå"]
    assert rows(task=self_assessment.pk, task_status="done") == ["Boden"]
    assert rows(task_status="done") == ["Boden"]
    assert rows(task="not-a-task", task_status="done") == ["Boden", "Luleå", "Piteå"]


def test_board_query_count_is_flat_in_the_number_of_organisations(
    organiser_client, meeting_world, page_queries
):
    url = reverse("meeting_board", args=[meeting_world.meeting.pk])
    _enrol_more(meeting_world, MORE_CODES[:1])
    few = page_queries(organiser_client, url)[0]
    _enrol_more(meeting_world, MORE_CODES[1:])
    many, response = page_queries(organiser_client, url, {"task_status": "missing"})
    assert many == few
    # Per row: its readiness, eight task columns and the presentation.
    assert response.content.decode().count('<strong class="govuk-tag') == 10 * (3 + len(MORE_CODES))
