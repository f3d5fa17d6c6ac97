"""An organiser's own messages (write, preview per recipient, confirm the count, send once, the
sent log) and the confirmation pages before publishing and rescheduling a meeting."""

import re
import uuid

import pytest
import time_machine
from django.urls import reverse

from meetings import selectors, services
from meetings.models import Meeting, OrganiserMessage, TaskCompletion
from portal.models import OutgoingEmail, TeamRole
from tests import factories

from .conftest import pptx_upload, stockholm
from .test_views import answer_question_sets, mark_stakeholders_updated, submit_self_assessment

BEFORE_THE_DEADLINE = stockholm(2027, 3, 20, 9, 0)


@pytest.fixture
def organiser_client(client, meeting_world):
    factories.login_with_second_factor(client, meeting_world.world.organiser)
    return client


def make_ready(meeting, world, organisation, person):
    """Everything done on time: the organisation is not behind on the board."""
    services.presentation_upload(
        meeting=meeting,
        organisation=organisation,
        uploaded=pptx_upload(),
        by=person,
        now=BEFORE_THE_DEADLINE,
    )
    for task in meeting.tasks.exclude(kind__in=["self_assessment", "stakeholders", "answers"]):
        TaskCompletion.objects.get_or_create(task=task, organisation=organisation)
    submit_self_assessment(world, organisation, person)
    mark_stakeholders_updated(world, organisation, person)
    answer_question_sets(world, organisation, person, meeting)


def compose(**changes) -> dict:
    data = {
        "key": uuid.uuid4().hex,
        "audience": OrganiserMessage.Audience.BEHIND,
        "team_roles": [TeamRole.STRATEGIST],
        "subject": "Inför {meeting}",
        "body": "Hej {organisation}! Presentationen ska vara inne {deadline}. Läs mer: {link}",
        "action": "preview",
    }
    return data | changes


@pytest.fixture
def teams(meeting_world):
    """Boden (A) is ready; Piteå (B) and Luleå (the mentor) are behind. Each team has a
    strategist and a politician."""
    meeting, world = meeting_world.meeting, meeting_world.world
    make_ready(meeting, world, world.org_a, world.participant_a)
    politicians = [
        factories.member(org, f"politiker-{org.code}@example.org", role=TeamRole.POLITICIAN)
        for org in (world.org_a, world.org_b, world.mentor_org)
    ]
    return politicians


def test_strategists_of_those_behind_get_their_own_message_once(
    organiser_client, meeting_world, teams, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    behind = {row.organisation for row in selectors.preparation_board(meeting) if row.is_behind}
    assert world.org_a not in behind and {world.org_b, world.mentor_org} <= behind
    url = reverse("message_compose", args=[meeting.pk])
    data = compose()

    preview = organiser_client.post(url, data)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Meddelandet går till 2 personer" in page
    assert "Hej Piteå! Presentationen ska vara inne torsdag 25 mars 2027, 09:30" in page
    assert "Hej Luleå!" in page and "Hej Boden!" not in page and "politiker-" not in page
    assert f"/meetings/{meeting.pk}/" in page
    assert not OutgoingEmail.objects.filter(kind="meeting.message").exists()

    with mail_on_commit():
        sent = organiser_client.post(url, data | {"action": "send"})
        again = organiser_client.post(url, data | {"action": "send"})
    message = OrganiserMessage.objects.get()
    assert sent.status_code == again.status_code == 302
    assert sent["Location"] == reverse("message_detail", args=[meeting.pk, message.pk])
    emails = OutgoingEmail.objects.filter(kind="meeting.message")
    assert sorted(emails.values_list("to", flat=True)) == ["b@example.org", "mentor@example.org"]
    pitea = emails.get(to="b@example.org")
    assert pitea.subject.endswith("Inför BM1 Norr")
    assert "Hej Piteå! Presentationen ska vara inne torsdag 25 mars 2027, 09:30" in pitea.body
    assert message.recipients_count == 2 and message.sent_by == world.organiser
    assert message.organisation_codes == sorted([world.org_b.code, world.mentor_org.code])

    log = organiser_client.get(reverse("meeting_messages", args=[meeting.pk])).content.decode()
    assert "Inför {meeting}" in log and "Organisationerna som ligger efter" in log
    detail = organiser_client.get(sent["Location"]).content.decode()
    assert "Hej {organisation}!" in detail and "Strateg" in detail and "Piteå" in detail


def test_unknown_placeholder_is_a_swedish_form_error_and_sends_nothing(
    organiser_client, meeting_world
):
    url = reverse("message_compose", args=[meeting_world.meeting.pk])
    response = organiser_client.post(
        url, compose(body="Hej {organisation}, {namn} och {0.__class__}", action="send")
    )
    assert response.status_code == 400
    assert "Okänd platshållare: {namn}" in response.content.decode()
    assert not OrganiserMessage.objects.exists()
    assert not OutgoingEmail.objects.filter(kind="meeting.message").exists()


def test_a_group_without_anyone_sends_nothing(organiser_client, meeting_world):
    url = reverse("message_compose", args=[meeting_world.meeting.pk])
    response = organiser_client.post(
        url, compose(audience="picked", organisations=[], action="send")
    )
    assert (
        response.status_code == 400 and "Välj minst en organisation." in response.content.decode()
    )
    response = organiser_client.post(url, compose(team_roles=[TeamRole.CONTROLLER]))
    assert "Ingen finns i den valda gruppen" in response.content.decode()
    assert "Skicka till" not in response.content.decode()
    response = organiser_client.post(url, compose(team_roles=[TeamRole.CONTROLLER], action="send"))
    assert response.status_code == 400 and not OrganiserMessage.objects.exists()


def test_picked_organisations_and_those_without_a_final(meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=BEFORE_THE_DEADLINE,
    )
    without = selectors.message_recipients(meeting, audience="without_final")
    assert {r.organisation for r in without} == {world.org_b, world.mentor_org}
    picked = selectors.message_recipients(meeting, audience="picked", picked=[world.org_a.pk])
    assert [r.person for r in picked] == [world.participant_a]
    everyone = selectors.message_recipients(meeting, audience="all")
    assert {r.organisation for r in everyone} == {world.org_a, world.org_b, world.mentor_org}


def test_messages_are_for_organisers_only(client, meeting_world):
    world = meeting_world.world
    factories.log_in(client, world.participant_a)
    meeting = meeting_world.meeting
    for name in ("meeting_messages", "message_compose"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404
    response = client.post(reverse("message_compose", args=[meeting.pk]), compose(action="send"))
    assert response.status_code == 404
    assert not OutgoingEmail.objects.filter(kind="meeting.message").exists()


def _add_organisations(meeting_world, count: int) -> None:
    from portal.models import Enrolment

    world = meeting_world.world
    codes = [code for code in factories.known_organisations() if code.startswith("00")]
    for number, code in enumerate(codes[:count]):
        organisation = factories.organisation(code)
        Enrolment.objects.create(
            cohort=world.cohort, organisation=organisation, cluster=world.cluster
        )
        factories.member(organisation, f"s{number}@example.org")
        factories.member(organisation, f"p{number}@example.org", role=TeamRole.POLITICIAN)


def test_sent_log_queries_stay_flat(organiser_client, meeting_world, page_queries):
    meeting, world = meeting_world.meeting, meeting_world.world
    url = reverse("meeting_messages", args=[meeting.pk])

    def send():
        services.organiser_message_send(
            meeting=meeting,
            key=uuid.uuid4().hex,
            subject="Hej",
            body="Hej {organisation}",
            audience="all",
            by=world.organiser,
        )

    send()
    one, _ = page_queries(organiser_client, url)
    _add_organisations(meeting_world, 3)
    send()
    send()
    three, response = page_queries(organiser_client, url)
    assert one == three
    # the heading row and three messages
    assert response.content.decode().count('<tr class="govuk-table__row">') == 4


def test_preview_queries_stay_flat(organiser_client, meeting_world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("message_compose", args=[meeting_world.meeting.pk])

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = organiser_client.post(url, compose(audience="behind", team_roles=[]))
        assert response.status_code == 200
        return len(captured), response.content.decode()

    one, _ = count()
    _add_organisations(meeting_world, 12)
    many, page = count()
    assert one == many <= 15
    assert "Meddelandet går till 27 personer" in page
    assert "och 17 till får meddelandet" in page


# --- Publish and reschedule ---------------------------------------------------------------------


def test_publish_asks_first_saying_who_will_be_told(client, cohort_world, mail_on_commit):
    world = cohort_world
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        meeting = factories.norr_bm1_meeting(world, stockholm(2027, 3, 10, 9, 30))
        factories.log_in(client, world.organiser)
        url = reverse("meeting_publish", args=[meeting.pk])
        detail = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        assert f'href="{url}"' in detail
        page = client.get(url).content.decode()
        assert "Vem får veta" in page and "3 personer" in page and "i 3 organisationer" in page
        assert "Mötet har ingen dagordning ännu." in page
        assert "Mötet börjar om mindre än två veckor" in page
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.DRAFT and not OutgoingEmail.objects.exists()
        with mail_on_commit():
            response = client.post(url)
        assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert OutgoingEmail.objects.filter(kind="meeting.invitation").count() == 3
    assert client.get(url).status_code == 302  # published: nothing more to confirm


def test_reschedule_of_a_published_meeting_is_confirmed_before_it_is_saved(
    organiser_client, meeting_world, mail_on_commit
):
    meeting = meeting_world.meeting
    url = reverse("meeting_edit", args=[meeting.pk])
    form = organiser_client.get(url).context["form"]
    from tests.permission_requests import browser_data

    data = browser_data(form, starts_at="2027-04-08T09:30", ends_at="2027-04-08T16:00")
    check = organiser_client.post(url, data)
    page = check.content.decode()
    assert check.status_code == 200 and "Granska ändringarna" in page
    assert "torsdag 1 april 2027, 09:30" in page and "torsdag 8 april 2027, 09:30" in page
    assert "3 personer" in page
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    assert hidden["starts_at"] == "2027-04-08T09:30"
    meeting.refresh_from_db()
    assert meeting.starts_at == stockholm(2027, 4, 1, 9, 30)
    assert not OutgoingEmail.objects.filter(kind="meeting.update").exists()

    back = organiser_client.post(url, data | {"action": "edit"})
    assert back.status_code == 200 and 'value="2027-04-08T09:30"' in back.content.decode()

    with mail_on_commit():
        saved = organiser_client.post(url, data | {"confirmed": "1"})
    assert saved.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == stockholm(2027, 4, 8, 9, 30)
    assert OutgoingEmail.objects.filter(kind="meeting.update").count() == 3


def test_an_edit_that_does_not_move_the_meeting_saves_at_once(organiser_client, meeting_world):
    meeting = meeting_world.meeting
    url = reverse("meeting_edit", args=[meeting.pk])
    from tests.permission_requests import browser_data

    data = browser_data(organiser_client.get(url).context["form"], title="BM1 Norr, ny titel")
    assert organiser_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "BM1 Norr, ny titel"
