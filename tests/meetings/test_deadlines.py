"""Deadlines, extensions, the late policy, reminders and the deadline job (PRODUCT.md §3)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from meetings import selectors, services
from meetings.models import DeadlineOutcome, Meeting, Presentation
from meetings.tasks import task_process_deadlines, task_send_deadline_reminders
from portal.models import AuditEntry, OutgoingEmail

from .conftest import pptx_upload, stockholm

pytestmark = pytest.mark.django_db


def test_deadline_is_a_week_earlier_at_the_same_wall_clock_time_across_the_march_change(
    meeting_world,
):
    deadline = meeting_world.meeting.deadline
    assert (deadline.year, deadline.month, deadline.day, deadline.hour, deadline.minute) == (
        2027,
        3,
        25,
        9,
        30,
    )
    assert deadline.utcoffset() == timedelta(hours=1)  # CET, before the change on 28 March
    assert timezone.localtime(meeting_world.meeting.starts_at).utcoffset() == timedelta(hours=2)


def test_deadline_across_the_october_change(meeting_world, mail_on_commit):
    meeting = meeting_world.meeting
    with mail_on_commit():
        services.meeting_update(
            meeting=meeting,
            by=meeting_world.world.organiser,
            starts_at=stockholm(2026, 10, 28, 10, 0),
            ends_at=stockholm(2026, 10, 28, 15, 0),
        )
    meeting.refresh_from_db()
    deadline = meeting.deadline
    assert (deadline.month, deadline.day, deadline.hour) == (10, 21, 10)
    assert deadline.utcoffset() == timedelta(hours=2)  # CEST, before the change on 25 October
    assert timezone.localtime(meeting.starts_at).utcoffset() == timedelta(hours=1)


def test_other_day_counts_follow_the_rule(meeting_world):
    meeting = meeting_world.meeting
    meeting.deadline_days_before = 14
    assert meeting.deadline == stockholm(2027, 3, 18, 9, 30)


def test_reschedule_moves_deadline_and_reminders_and_sends_an_update(meeting_world, mail_on_commit):
    meeting, world = meeting_world.meeting, meeting_world.world
    services.extension_grant(
        meeting=meeting,
        organisation=world.org_b,
        deadline=stockholm(2027, 3, 29, 9, 0),
        reason="Valår",
        by=world.organiser,
    )
    # The 7-day reminder for the original deadline (25 March) went out on 18 March.
    with time_machine.travel(stockholm(2027, 3, 18, 10, 0), tick=False), mail_on_commit():
        assert services.deadline_reminders_send(now=timezone.now()) == 2  # A and the mentor
    mail_on_commit.outbox.clear()
    with mail_on_commit():
        services.meeting_update(
            meeting=meeting,
            by=world.organiser,
            starts_at=stockholm(2027, 4, 8, 9, 30),
            ends_at=stockholm(2027, 4, 8, 16, 0),
        )
    meeting.refresh_from_db()
    assert meeting.deadline == stockholm(2027, 4, 1, 9, 30)
    assert selectors.effective_deadline(meeting, world.org_b) == stockholm(2027, 4, 5, 9, 0)
    assert meeting.sequence == 1
    updates = [m for m in mail_on_commit.outbox if "Ändrad" in m.subject]
    assert {m.to[0] for m in updates} == {"a@example.org", "b@example.org", "mentor@example.org"}
    assert "1 april 2027" in updates[0].body
    name, content, mimetype = updates[0].attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == stockholm(2027, 4, 8, 9, 30)
    mail_on_commit.outbox.clear()
    # Nothing is due at the old 1-day point; the new 7-day point reminds again.
    with time_machine.travel(stockholm(2027, 3, 24, 10, 0), tick=False), mail_on_commit():
        assert services.deadline_reminders_send(now=timezone.now()) == 0
    with time_machine.travel(stockholm(2027, 3, 25, 10, 0), tick=False), mail_on_commit():
        assert services.deadline_reminders_send(now=timezone.now()) == 2
        assert services.deadline_reminders_send(now=timezone.now()) == 0
    assert sorted(m.to[0] for m in mail_on_commit.outbox) == ["a@example.org", "mentor@example.org"]
    assert AuditEntry.objects.filter(action="meeting.update", object_id=str(meeting.pk)).exists()


def test_extension_changes_the_deadline_of_that_organisation_only(meeting_world, mail_on_commit):
    meeting, world = meeting_world.meeting, meeting_world.world
    new_deadline = stockholm(2027, 3, 29, 12, 0)
    with mail_on_commit():
        services.extension_grant(
            meeting=meeting,
            organisation=world.org_a,
            deadline=new_deadline,
            reason="Sjukdom i teamet",
            by=world.organiser,
        )
    assert selectors.effective_deadline(meeting, world.org_a) == new_deadline
    assert selectors.effective_deadline(meeting, world.org_b) == stockholm(2027, 3, 25, 9, 30)
    (told,) = mail_on_commit.outbox
    assert told.to == ["a@example.org"] and "Sjukdom i teamet" in told.body
    entry = AuditEntry.objects.get(action="extension.grant")
    assert entry.actor == world.organiser and entry.after["reason"] == "Sjukdom i teamet"


def test_extension_must_be_later_than_the_deadline_and_before_the_meeting(meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    for when in [stockholm(2027, 3, 20, 9, 0), stockholm(2027, 4, 2, 9, 0)]:
        with pytest.raises(ValidationError):
            services.extension_grant(
                meeting=meeting,
                organisation=world.org_a,
                deadline=when,
                reason="x",
                by=world.organiser,
            )
    assert not meeting.extensions.exists()


def test_upload_after_the_deadline_is_refused_under_the_refuse_policy(meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    Meeting.objects.filter(pk=meeting.pk).update(late_policy=Meeting.LatePolicy.REFUSE)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.presentation_upload(
            meeting=meeting,
            organisation=world.org_a,
            uploaded=pptx_upload(),
            by=world.participant_a,
            now=stockholm(2027, 3, 25, 9, 31),
        )
    assert "Fristen gick ut" in " ".join(error.value.messages)
    assert not Presentation.objects.exists()


def test_upload_after_the_deadline_is_marked_late_under_the_other_policy(meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    on_time = services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=stockholm(2027, 3, 25, 9, 29),
    )
    late = services.presentation_upload(
        meeting=meeting,
        organisation=world.org_b,
        uploaded=pptx_upload(),
        by=world.participant_b,
        now=stockholm(2027, 3, 25, 9, 31),
    )
    assert (on_time.is_late, late.is_late) == (False, True)


def test_extension_lets_that_organisation_upload_on_time(meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    Meeting.objects.filter(pk=meeting.pk).update(late_policy=Meeting.LatePolicy.REFUSE)
    meeting.refresh_from_db()
    services.extension_grant(
        meeting=meeting,
        organisation=world.org_a,
        deadline=stockholm(2027, 3, 29, 12, 0),
        reason="Ny chef",
        by=world.organiser,
    )
    upload = services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=stockholm(2027, 3, 27, 9, 0),
    )
    assert not upload.is_late
    with pytest.raises(ValidationError):
        services.presentation_upload(
            meeting=meeting,
            organisation=world.org_b,
            uploaded=pptx_upload(),
            by=world.participant_b,
            now=stockholm(2027, 3, 27, 9, 0),
        )


def test_reminders_go_only_to_organisations_without_a_final_upload_and_only_once(
    meeting_world, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=stockholm(2027, 3, 17, 9, 0),
    )
    with time_machine.travel(stockholm(2027, 3, 18, 10, 0), tick=False), mail_on_commit():
        task_send_deadline_reminders.delay()
        task_send_deadline_reminders.delay()  # the scheduler ran again
        task_send_deadline_reminders.apply(retries=1)  # a retried task
    recipients = sorted(m.to[0] for m in mail_on_commit.outbox)
    assert recipients == ["b@example.org", "mentor@example.org"]
    # The subject states the time actually left, and the body the deadline itself.
    assert all("om 6 dagar och 23 timmar" in m.subject for m in mail_on_commit.outbox)
    assert all("torsdag 25 mars kl. 09.30" in m.body for m in mail_on_commit.outbox)
    mail_on_commit.outbox.clear()
    # The 1-day reminder is its own kind, again once.
    with time_machine.travel(stockholm(2027, 3, 24, 10, 0), tick=False), mail_on_commit():
        task_send_deadline_reminders.delay()
        task_send_deadline_reminders.delay()
    assert sorted(m.to[0] for m in mail_on_commit.outbox) == ["b@example.org", "mentor@example.org"]
    assert all("om 23 timmar och 30 minuter" in m.subject for m in mail_on_commit.outbox)


def test_no_reminders_after_the_deadline(meeting_world, mail_on_commit):
    with time_machine.travel(stockholm(2027, 3, 25, 9, 31), tick=False), mail_on_commit():
        task_send_deadline_reminders.delay()
    assert mail_on_commit.outbox == []


def test_deadline_job_records_outcomes_summarises_once_and_shares(
    meeting_world, mail_on_commit, client
):
    meeting, world = meeting_world.meeting, meeting_world.world
    mine = services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=stockholm(2027, 3, 20, 9, 0),
    )
    client.force_login(world.participant_b)
    assert client.get(f"/presentations/{mine.pk}/download/").status_code == 404

    with time_machine.travel(stockholm(2027, 3, 25, 9, 20), tick=False), mail_on_commit():
        task_process_deadlines.delay()
    assert not DeadlineOutcome.objects.exists()  # not yet

    with time_machine.travel(stockholm(2027, 3, 25, 9, 31), tick=False), mail_on_commit():
        task_process_deadlines.delay()
        task_process_deadlines.delay()
        task_process_deadlines.apply(retries=1)
    outcomes = dict(DeadlineOutcome.objects.values_list("organisation__code", "status"))
    assert outcomes == {
        world.org_a.code: "on_time",
        world.org_b.code: "missing",
        world.mentor_org.code: "missing",
    }
    summaries = [m for m in mail_on_commit.outbox if m.to == ["organiser@example.org"]]
    assert (
        len(summaries) == 1
        and "Boden: i tid" in summaries[0].body
        and "Piteå: saknas" in summaries[0].body
    )
    response = client.get(f"/presentations/{mine.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    # A late upload afterwards updates the outcome.
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_b,
        uploaded=pptx_upload(),
        by=world.participant_b,
        now=stockholm(2027, 3, 26, 9, 0),
    )
    assert DeadlineOutcome.objects.get(organisation=world.org_b).status == "late"


def test_outbox_keeps_each_message_once(meeting_world, mail_on_commit):
    with time_machine.travel(stockholm(2027, 3, 18, 10, 0), tick=False), mail_on_commit():
        services.deadline_reminders_send(now=timezone.now())
        services.deadline_reminders_send(now=timezone.now())
    keys = list(
        OutgoingEmail.objects.filter(kind="reminder.7d").values_list("dedupe_key", flat=True)
    )
    assert len(keys) == len(set(keys)) == 3


def test_a_meeting_marked_held_before_its_deadline_job_ran_is_still_processed(
    meeting_world, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    with time_machine.travel(stockholm(2027, 4, 2, 9, 0), tick=False), mail_on_commit():
        task_process_deadlines.delay()
    meeting.refresh_from_db()
    assert meeting.deadline_processed_at is not None
    outcomes = dict(DeadlineOutcome.objects.values_list("organisation__code", "status"))
    assert outcomes == {
        world.org_a.code: "missing",
        world.org_b.code: "missing",
        world.mentor_org.code: "missing",
    }
