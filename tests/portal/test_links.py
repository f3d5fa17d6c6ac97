"""Every link the portal sends is built from PORTAL_BASE_URL, whoever sends it: a page the
organiser used, or a scheduled task with no request at all. The host a request arrived on
plays no part."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.tasks import task_send_deadline_reminders
from portal.links import absolute_reverse, absolute_url
from portal.models import Invitation, TeamRole
from tests import factories

pytestmark = pytest.mark.django_db

PORTAL = "https://portal.example.org"
OTHER_HOST = "elsewhere.example.net"


@pytest.fixture(autouse=True)
def _portal_address(settings):
    settings.PORTAL_BASE_URL = PORTAL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST]


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def test_absolute_url_puts_the_path_on_the_portal_address(settings):
    assert absolute_url("/meetings/7/") == f"{PORTAL}/meetings/7/"
    settings.PORTAL_BASE_URL = f"{PORTAL}/"
    assert absolute_url("/meetings/7/") == f"{PORTAL}/meetings/7/"
    with pytest.raises(ValueError):
        absolute_url("meetings/7/")


def test_absolute_reverse_reverses_on_the_portal_address():
    assert absolute_reverse("meeting_detail", args=[7]) == f"{PORTAL}/meetings/7/"
    assert absolute_reverse("meeting_detail", kwargs={"pk": 7}) == f"{PORTAL}/meetings/7/"


def test_an_invitation_sent_from_the_page_links_to_the_portal_not_the_request_host(
    client, cohort_world, mail_on_commit
):
    factories.log_in(client, cohort_world.organiser)
    with mail_on_commit():
        response = client.post(
            reverse("invitation_create", args=[cohort_world.org_a.code]),
            {"email": "ny.person@example.org", "team_role": TeamRole.POLITICIAN},
            HTTP_HOST=OTHER_HOST,
        )
    assert response.status_code == 302
    (message,) = mail_on_commit.outbox
    token = Invitation.objects.get().token
    assert links_in(message.body) == [f"{PORTAL}/invitation/{token}/"]
    assert OTHER_HOST not in message.body


def test_a_meeting_published_from_the_page_links_to_the_portal_in_mail_and_calendar_file(
    client, cohort_world, mail_on_commit
):
    meeting = factories.norr_bm1_meeting(cohort_world, timezone.now() + timedelta(days=30))
    factories.log_in(client, cohort_world.organiser)
    with mail_on_commit():
        response = client.post(reverse("meeting_publish", args=[meeting.pk]), HTTP_HOST=OTHER_HOST)
    assert response.status_code == 302
    meeting_link = f"{PORTAL}/meetings/{meeting.pk}/"
    assert mail_on_commit.outbox
    for message in mail_on_commit.outbox:
        assert links_in(message.body) == [meeting_link]
        event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
        assert event["URL"] == meeting_link


def test_a_reminder_sent_by_the_scheduled_task_links_to_the_portal(cohort_world, mail_on_commit):
    # The deadline is three days off: the seven-day reminder is due.
    meeting = factories.norr_bm1_meeting(
        cohort_world, timezone.now() + timedelta(days=10), published=True
    )
    mail_on_commit.outbox.clear()
    with mail_on_commit():
        assert task_send_deadline_reminders() > 0
    assert mail_on_commit.outbox
    for message in mail_on_commit.outbox:
        assert links_in(message.body) == [f"{PORTAL}/meetings/{meeting.pk}/"]


def test_the_calendar_feed_address_on_the_settings_page_is_on_the_portal(client, cohort_world):
    client.force_login(cohort_world.participant_a)
    client.post(reverse("calendar_settings"), HTTP_HOST=OTHER_HOST)
    page = client.get(reverse("calendar_settings"), HTTP_HOST=OTHER_HOST).content.decode()
    feed_url = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    assert feed_url.startswith(f"{PORTAL}/")


@pytest.mark.parametrize("email", ["a@example.org", "nobody@example.org"])
def test_allauths_mails_link_to_the_portal_not_the_request_host(
    client, cohort_world, mailoutbox, email
):
    """The password reset link, and the mail to an address without an account."""
    response = client.post(
        reverse("account_reset_password"), {"email": email}, HTTP_HOST=OTHER_HOST
    )
    assert response.status_code == 302
    (message,) = mailoutbox
    links = links_in(message.body)
    assert links and all(link.startswith(f"{PORTAL}/") for link in links)
