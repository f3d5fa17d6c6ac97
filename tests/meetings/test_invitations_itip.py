"""Meeting e-mails as calendar programs and mail readers take them (RFC 5546 and RFC 5322): one
invitation per person naming that person, updates and cancellations under the same UID with a
higher SEQUENCE, one charset on the calendar part, and text that is not HTML-escaped."""

import email
import email.policy
import re

import pytest
import time_machine
import vobject
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Meeting, Step
from meetings.selectors import calendar_events_for
from meetings.services.meetings import meeting_cancel
from portal.models import AuditEntry, OutgoingEmail
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db

TITLE = "Örebro, Växjö & Luleå"
INVITED = ["a@example.org", "b@example.org", "mentor@example.org"]


@pytest.fixture
def published(cohort_world, mail_on_commit):
    """A published meeting whose title has letters and an ampersand that HTML would escape."""
    seed_steps()
    seed_step_tasks()
    with mail_on_commit():
        meeting = services.meeting_create(
            cohort=cohort_world.cohort,
            cluster=cohort_world.cluster,
            step=Step.objects.get(code="bm1"),
            title=TITLE,
            starts_at=stockholm(2027, 4, 1, 9, 30),
            ends_at=stockholm(2027, 4, 1, 16, 0),
            by=cohort_world.organiser,
            venue="Rådhuset <plan 2> & matsalen",
        )
        services.meeting_publish(meeting=meeting, by=cohort_world.organiser)
    meeting.refresh_from_db()
    return meeting


def as_sent(message) -> email.message.EmailMessage:
    """The message as a mail reader parses the bytes that go over SMTP."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def calendar_part(message) -> email.message.EmailMessage:
    (part,) = [p for p in as_sent(message).walk() if p.get_content_type() == "text/calendar"]
    return part


def calendar_of(message) -> Calendar:
    return Calendar.from_ical(calendar_part(message).get_content())


def raw_header(message, name: str) -> str:
    """The header as written, folded lines included, up to the next header."""
    raw = message.message().as_bytes().decode("utf-8")
    match = re.search(rf"^{name}:(.*?)\r?\n(?=\S)", raw, re.M | re.S)
    assert match, f"no {name} header"
    return match.group(1)


def test_the_invitation_reads_as_written_in_subject_and_body(published, mail_on_commit):
    stored = OutgoingEmail.objects.filter(kind="meeting.invitation")
    assert stored.count() == len(INVITED)
    for row in stored:
        assert TITLE in row.subject and TITLE in row.body
        assert "&amp;" not in row.subject + row.body and "&lt;" not in row.body
        assert "Rådhuset <plan 2> & matsalen" in row.body
    assert len(mail_on_commit.outbox) == len(INVITED)
    for message in mail_on_commit.outbox:
        parsed = as_sent(message)
        assert parsed["Subject"] == f"[Jämställdhetsportalen] Inbjudan: {TITLE}"
        assert "&amp;" not in parsed.get_body(("plain",)).get_content()
        assert TITLE in parsed.get_body(("plain",)).get_content()
        first_line = raw_header(message, "Subject").split("\n")[0]
        assert first_line.strip(), "the Subject header starts with an empty folded line"


def test_each_person_gets_a_calendar_naming_only_them(published, mail_on_commit):
    assert sorted(m.to[0] for m in mail_on_commit.outbox) == INVITED
    uids = set()
    for message in mail_on_commit.outbox:
        (recipient,) = message.to
        calendar = calendar_of(message)
        assert calendar["METHOD"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert str(event["ORGANIZER"]).startswith("mailto:")
        attendees = event["ATTENDEE"]
        assert not isinstance(attendees, list), "more than one ATTENDEE"
        assert str(attendees) == f"mailto:{recipient}"
        assert event["SUMMARY"] == TITLE
        uids.add(str(event["UID"]))
        # A second, independent parser reads the same.
        parsed = vobject.readOne(calendar_part(message).get_content())
        assert parsed.method.value == "REQUEST"
        assert [a.value for a in parsed.vevent.attendee_list] == [f"mailto:{recipient}"]
        assert parsed.vevent.organizer.value.startswith("mailto:")
        assert parsed.vevent.summary.value == TITLE
    assert uids == {f"meeting-{published.pk}@jamstalldhetsportalen"}


def test_the_calendar_part_has_one_charset_and_the_calendars_method(published, mail_on_commit):
    message = mail_on_commit.outbox[0]
    part = calendar_part(message)
    header = part["Content-Type"]
    assert str(header).lower().count("charset") == 1
    assert part.get_content_charset() == "utf-8"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "inbjudan.ics"


def test_a_move_sends_the_same_uid_with_a_higher_sequence(published, cohort_world, mail_on_commit):
    first = {m.to[0]: only_event(m) for m in mail_on_commit.outbox}
    mail_on_commit.outbox.clear()
    with mail_on_commit():
        services.meeting_update(
            meeting=published,
            by=cohort_world.organiser,
            starts_at=stockholm(2027, 4, 8, 9, 30),
            ends_at=stockholm(2027, 4, 8, 16, 0),
        )
    assert sorted(m.to[0] for m in mail_on_commit.outbox) == INVITED
    for message in mail_on_commit.outbox:
        before, after = first[message.to[0]], only_event(message)
        assert calendar_of(message)["METHOD"] == "REQUEST"
        assert after["UID"] == before["UID"]
        assert after["SEQUENCE"] > before["SEQUENCE"]
        assert str(after["ATTENDEE"]) == f"mailto:{message.to[0]}"
        assert as_sent(message)["Subject"] == f"[Jämställdhetsportalen] Ändrad: {TITLE}"


def only_event(message):
    (event,) = calendar_of(message).walk("VEVENT")
    return event


def test_the_organiser_cancels_after_a_confirmation_and_everyone_invited_is_told(
    client, published, cohort_world, mail_on_commit
):
    invited = {m.to[0]: only_event(m) for m in mail_on_commit.outbox}
    mail_on_commit.outbox.clear()
    factories.login_with_second_factor(client, cohort_world.organiser)
    detail = client.get(reverse("meeting_detail", args=[published.pk])).content.decode()
    assert reverse("meeting_cancel", args=[published.pk]) in detail

    page = client.get(reverse("meeting_cancel", args=[published.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ställ in mötet och meddela alla" in text and "govuk-button--warning" in text
    assert "3 personer" in text and "Boden" in text
    assert Meeting.objects.get(pk=published.pk).status == Meeting.Status.PUBLISHED

    with mail_on_commit():
        response = client.post(
            reverse("meeting_cancel", args=[published.pk]), {"reason": "Lokalen & tåget"}
        )
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=published.pk)
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.cancellation_reason == "Lokalen & tåget"
    entry = AuditEntry.objects.get(action="meeting.cancel", object_id=str(meeting.pk))
    assert entry.after["reason"] == "Lokalen & tåget"

    assert sorted(m.to[0] for m in mail_on_commit.outbox) == INVITED
    for message in mail_on_commit.outbox:
        parsed = as_sent(message)
        assert parsed["Subject"] == f"[Jämställdhetsportalen] Inställt: {TITLE}"
        body = parsed.get_body(("plain",)).get_content()
        assert "inställt" in body and "Skäl: Lokalen & tåget" in body and TITLE in body
        part = calendar_part(message)
        assert part.get_param("method") == "CANCEL"
        assert str(part["Content-Type"]).lower().count("charset") == 1
        calendar = calendar_of(message)
        assert calendar["METHOD"] == "CANCEL"
        event = only_event(message)
        assert event["STATUS"] == "CANCELLED"
        assert event["UID"] == invited[message.to[0]]["UID"]
        assert event["SEQUENCE"] > invited[message.to[0]]["SEQUENCE"]
        assert str(event["ATTENDEE"]) == f"mailto:{message.to[0]}"
        parsed_again = vobject.readOne(part.get_content())
        assert parsed_again.method.value == "CANCEL"
        assert parsed_again.vevent.status.value == "CANCELLED"

    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Inställt" in page and "blir inte av" in page and "Lokalen &amp; tåget" in page
    assert reverse("meeting_cancel", args=[meeting.pk]) not in page


def test_a_cancelled_meeting_is_not_cancelled_twice_nor_changed(published, cohort_world):
    meeting_cancel(meeting=published, by=cohort_world.organiser)
    with pytest.raises(ValidationError):
        meeting_cancel(meeting=published, by=cohort_world.organiser)
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=published, by=cohort_world.organiser, venue="Annat")
    assert OutgoingEmail.objects.filter(kind="meeting.cancel").count() == len(INVITED)


def test_only_a_published_meeting_that_has_not_taken_place_can_be_cancelled(
    client, cohort_world, published
):
    draft = factories.norr_bm1_meeting(cohort_world, stockholm(2027, 5, 1, 9, 0))
    with pytest.raises(ValidationError):
        meeting_cancel(meeting=draft, by=cohort_world.organiser)
    factories.login_with_second_factor(client, cohort_world.organiser)
    response = client.get(reverse("meeting_cancel", args=[draft.pk]))
    assert response.status_code == 302
    with (
        time_machine.travel(stockholm(2027, 4, 1, 17, 0), tick=False),
        pytest.raises(ValidationError),
    ):
        meeting_cancel(meeting=published, by=cohort_world.organiser)
    assert Meeting.objects.get(pk=draft.pk).status == Meeting.Status.DRAFT
    assert Meeting.objects.get(pk=published.pk).status == Meeting.Status.PUBLISHED


def test_participants_cannot_cancel(client, published, cohort_world):
    factories.log_in(client, cohort_world.participant_a)
    assert client.get(reverse("meeting_cancel", args=[published.pk])).status_code == 404
    assert client.post(reverse("meeting_cancel", args=[published.pk])).status_code == 404
    assert Meeting.objects.get(pk=published.pk).status == Meeting.Status.PUBLISHED


def test_the_deadline_jobs_and_the_status_job_leave_a_cancelled_meeting_alone(
    published, cohort_world, mail_on_commit
):
    meeting_cancel(meeting=published, by=cohort_world.organiser)
    mail_on_commit.outbox.clear()
    with time_machine.travel(stockholm(2027, 3, 18, 10, 0), tick=False), mail_on_commit():
        assert services.deadline_reminders_send(now=timezone.now()) == 0
    with time_machine.travel(stockholm(2027, 3, 26, 10, 0), tick=False), mail_on_commit():
        assert services.deadlines_process(now=timezone.now()) == 0
    with time_machine.travel(stockholm(2027, 5, 1, 10, 0), tick=False):
        assert services.meetings_advance_status(now=timezone.now()) == 0
    assert mail_on_commit.outbox == []
    assert Meeting.objects.get(pk=published.pk).status == Meeting.Status.CANCELLED


def test_the_calendar_feed_marks_a_cancelled_meeting_and_drops_its_deadline(
    published, cohort_world
):
    meeting_cancel(meeting=published, by=cohort_world.organiser)
    events = calendar_events_for(cohort_world.participant_a)
    (event,) = [e for e in events if e.uid.startswith(f"meeting-{published.pk}@")]
    assert event.cancelled and event.sequence == 1
    assert not [e for e in events if e.uid.startswith(f"deadline-{published.pk}-")]


def test_a_cancelled_meeting_takes_no_uploads(published, cohort_world, private_files):
    from meetings.models import Presentation
    from meetings.selectors.uploads import uploads_open

    from .conftest import pptx_upload

    meeting_cancel(meeting=published, by=cohort_world.organiser)
    published.refresh_from_db()
    assert not uploads_open(published, cohort_world.org_a, timezone.now())
    with pytest.raises(ValidationError, match="inställt"):
        services.presentation_upload(
            meeting=published,
            organisation=cohort_world.org_a,
            uploaded=pptx_upload(),
            by=cohort_world.participant_a,
        )
    assert not Presentation.objects.filter(meeting=published).exists()
