"""The meeting's life runs by itself (published → held → closed), uploads and template builds
close after the meeting unless an organiser reopens them for one organisation, and an upload
tells people what happened: a focused message naming the version, version numbers on the page,
a receipt to the team, a notice to the organisers when a final is replaced after the deadline."""

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, Presentation, UploadReopening
from meetings.tasks import task_advance_meeting_status
from portal.models import AuditEntry, GeneratedFile, OutgoingEmail
from portal.selectors import organisation_members
from tests import factories

from .conftest import pptx_upload, stockholm

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = stockholm(2027, 3, 20, 10, 0)
AFTER_DEADLINE = stockholm(2027, 3, 26, 10, 0)  # the deadline is 25 March 09:30
DURING_MEETING = stockholm(2027, 4, 1, 12, 0)
AFTER_MEETING = stockholm(2027, 4, 2, 10, 0)  # BM1 Norr ended 1 April 16:00
EVALUATION_CLOSED = stockholm(2027, 4, 15, 16, 0)  # 14 days after the end

CLOSED_TEXT = "BM1 Norr har hållits, så presentationer och mallar är stängda."


@pytest.fixture
def participant(client, meeting_world, private_files):
    client.force_login(meeting_world.world.participant_a)
    return client


@pytest.fixture
def organiser_client(meeting_world, private_files):
    from django.test import Client

    client = Client()
    factories.login_with_second_factor(client, meeting_world.world.organiser)
    return client


def upload(client, meeting, organisation, name="boden.pptx", when=AFTER_MEETING, **extra):
    with time_machine.travel(when, tick=False):
        return client.post(
            reverse("presentation_upload", args=[meeting.pk, organisation.code]),
            {"file": pptx_upload(name), "upload_id": ""},
            **extra,
        )


def upload_service(meeting_world, name, when, organisation=None, by=None):
    world = meeting_world.world
    return services.presentation_upload(
        meeting=meeting_world.meeting,
        organisation=organisation or world.org_a,
        uploaded=pptx_upload(name),
        by=by or world.participant_a,
        now=when,
    )


def page_of(client, meeting, when=AFTER_MEETING, query="") -> str:
    with time_machine.travel(when, tick=False):
        return client.get(reverse("meeting_detail", args=[meeting.pk]) + query).content.decode()


# --- The lifecycle ------------------------------------------------------------------------------


def test_the_scheduler_moves_a_meeting_to_held_and_closed_and_running_again_changes_nothing(
    meeting_world,
):
    meeting, world = meeting_world.meeting, meeting_world.world
    draft = factories.norr_bm1_meeting(world, stockholm(2027, 3, 1, 9, 0))  # never published

    assert services.meetings_advance_status(now=DURING_MEETING) == 0
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED

    with time_machine.travel(AFTER_MEETING, tick=False):
        assert task_advance_meeting_status.delay().get() == 1
        assert task_advance_meeting_status.delay().get() == 0  # the scheduler ran again
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD

    assert services.meetings_advance_status(now=stockholm(2027, 4, 15, 15, 59)) == 0
    assert services.meetings_advance_status(now=EVALUATION_CLOSED) == 1
    assert services.meetings_advance_status(now=EVALUATION_CLOSED) == 0
    meeting.refresh_from_db()
    draft.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert draft.status == Meeting.Status.DRAFT
    changes = AuditEntry.objects.filter(action="meeting.status", object_id=str(meeting.pk))
    assert [(e.before, e.after) for e in changes.order_by("pk")] == [
        ({"status": "published"}, {"status": "held"}),
        ({"status": "held"}, {"status": "closed"}),
    ]


def test_a_meeting_found_after_its_evaluation_window_goes_straight_to_closed(meeting_world):
    meeting = meeting_world.meeting
    assert services.meetings_advance_status(now=stockholm(2027, 6, 1, 9, 0)) == 1
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED


def test_the_lifecycle_has_a_beat_entry():
    entry = settings.CELERY_BEAT_SCHEDULE["advance-meeting-status"]
    assert entry["task"] == "meetings.tasks.task_advance_meeting_status"
    assert entry["schedule"] <= 600


# --- Closed after the meeting -------------------------------------------------------------------


def test_an_upload_after_the_meeting_is_refused_with_a_clear_message(participant, meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world

    response = upload(participant, meeting, world.org_a)

    assert response.status_code == 400
    body = response.content.decode()
    assert "Mötet har hållits, så presentationer och mallar är stängda." in body
    assert "be arrangören att öppna uppladdningen igen" in body
    assert not Presentation.objects.exists()
    # The page no longer offers the form or the template, and says why.
    page = page_of(participant, meeting)
    assert (
        'action="' + reverse("presentation_upload", args=[meeting.pk, world.org_a.code]) not in page
    )
    assert reverse("meeting_template", args=[meeting.pk, world.org_a.code]) not in page
    assert f'id="uploads-closed-{world.org_a.code}"' in page


def test_uploads_close_at_the_end_even_before_the_scheduler_has_run(meeting_world, private_files):
    meeting = meeting_world.meeting
    assert meeting.status == Meeting.Status.PUBLISHED
    with pytest.raises(ValidationError) as refused:
        upload_service(meeting_world, "sen.pptx", stockholm(2027, 4, 1, 16, 0))
    assert refused.value.code == "uploads_closed"
    assert CLOSED_TEXT in refused.value.messages[0]
    # During the meeting (before its end) an upload is still taken, marked late.
    assert upload_service(meeting_world, "under.pptx", DURING_MEETING).is_late


def test_a_held_meeting_refuses_uploads_whatever_the_clock_says(meeting_world, private_files):
    Meeting.objects.filter(pk=meeting_world.meeting.pk).update(status=Meeting.Status.HELD)
    meeting_world.meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="har hållits"):
        upload_service(meeting_world, "x.pptx", BEFORE_DEADLINE)


def test_template_builds_and_make_final_are_closed_after_the_meeting(participant, meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    draft = upload_service(meeting_world, "utkast.pptx", BEFORE_DEADLINE)
    upload_service(meeting_world, "slutlig.pptx", BEFORE_DEADLINE)

    with time_machine.travel(AFTER_MEETING, tick=False):
        response = participant.post(
            reverse("meeting_template", args=[meeting.pk, world.org_a.code])
        )
        assert response.status_code == 302 and response.url.endswith(f"#org-{world.org_a.code}")
        page = participant.get(response.url).content.decode()
        assert CLOSED_TEXT in page
        assert not GeneratedFile.objects.filter(kind="meeting_template").exists()

        response = participant.post(reverse("presentation_final", args=[draft.pk]))
        page = participant.get(response.url).content.decode()
    assert CLOSED_TEXT in page
    assert Presentation.objects.get(organisation=world.org_a, is_final=True).original_name == (
        "slutlig.pptx"
    )
    assert "Gör slutlig" not in page


def test_the_organisers_batch_of_templates_leaves_out_closed_organisations(meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    assert (
        services.meeting_templates_request(meeting=meeting, by=world.organiser, now=AFTER_MEETING)
        == []
    )
    services.upload_reopen(
        meeting=meeting,
        organisation=world.org_b,
        reason="Sjuk",
        by=world.organiser,
        now=AFTER_MEETING,
    )
    files = services.meeting_templates_request(
        meeting=meeting, by=world.organiser, now=AFTER_MEETING
    )
    assert [f.parameters["organisation"] for f in files] == [world.org_b.pk]


# --- Reopening for one organisation --------------------------------------------------------------


def test_an_organiser_reopens_uploads_for_one_organisation_with_a_reason(
    participant, organiser_client, meeting_world
):
    meeting, world = meeting_world.meeting, meeting_world.world
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD, late_policy=Meeting.LatePolicy.REFUSE
    )
    url = reverse("upload_reopen", args=[meeting.pk])

    with time_machine.travel(AFTER_MEETING, tick=False):
        # The organiser's page offers the form; a reopening needs a reason.
        page = organiser_client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        assert 'id="reopen-uploads"' in page and url in page
        response = organiser_client.post(url, {"organisation": world.org_a.pk, "reason": " "})
        assert response.status_code == 302
        assert "Detta fält måste fyllas i." in organiser_client.get(response.url).content.decode()
        assert not UploadReopening.objects.exists()

        response = organiser_client.post(
            url,
            {"organisation": world.org_a.pk, "reason": "Presentationen fastnade i spamfiltret."},
        )
        assert response.url.endswith(f"?for={world.org_a.code}#org-{world.org_a.code}")
        page = organiser_client.get(response.url).content.decode()
    assert "Uppladdningen är öppen igen för Boden." in page
    reopening = UploadReopening.objects.get()
    assert (reopening.organisation, reopening.reopened_by) == (world.org_a, world.organiser)
    entry = AuditEntry.objects.get(action="meeting.reopen_uploads")
    assert entry.actor == world.organiser and entry.after == {
        "organisation": world.org_a.code,
        "reason": "Presentationen fastnade i spamfiltret.",
        "until": None,
    }

    # Boden may upload again (marked late, even under the refuse policy); Piteå may not.
    page = page_of(participant, meeting)
    assert "har öppnat uppladdningen igen för er" in page
    response = upload(participant, meeting, world.org_a, "sen.pptx")
    assert response.status_code == 302
    presentation = Presentation.objects.get()
    assert presentation.is_final and presentation.is_late
    with pytest.raises(ValidationError, match="har hållits"):
        upload_service(meeting_world, "b.pptx", AFTER_MEETING, world.org_b, world.participant_b)


def test_a_reopening_with_an_end_closes_again_then(meeting_world, private_files):
    meeting, world = meeting_world.meeting, meeting_world.world
    services.upload_reopen(
        meeting=meeting,
        organisation=world.org_a,
        reason="Några dagar till",
        until=stockholm(2027, 4, 5, 12, 0),
        by=world.organiser,
        now=AFTER_MEETING,
    )
    assert upload_service(meeting_world, "i-tid.pptx", stockholm(2027, 4, 5, 11, 59)).is_late
    with pytest.raises(ValidationError, match="har hållits"):
        upload_service(meeting_world, "for-sent.pptx", stockholm(2027, 4, 5, 12, 0))


def test_reopening_is_refused_before_the_end_and_without_a_reason(meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    with pytest.raises(ValidationError, match="inte över"):
        services.upload_reopen(
            meeting=meeting,
            organisation=world.org_a,
            reason="x",
            by=world.organiser,
            now=DURING_MEETING,
        )
    with pytest.raises(ValidationError, match="skäl"):
        services.upload_reopen(
            meeting=meeting,
            organisation=world.org_a,
            reason="  ",
            by=world.organiser,
            now=AFTER_MEETING,
        )
    with pytest.raises(ValidationError, match="framtiden"):
        services.upload_reopen(
            meeting=meeting,
            organisation=world.org_a,
            reason="x",
            until=AFTER_MEETING,
            by=world.organiser,
            now=AFTER_MEETING,
        )
    assert not UploadReopening.objects.exists()
    assert not AuditEntry.objects.filter(action="meeting.reopen_uploads").exists()


def test_participants_cannot_reopen(participant, meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    with time_machine.travel(AFTER_MEETING, tick=False):
        response = participant.post(
            reverse("upload_reopen", args=[meeting.pk]),
            {"organisation": world.org_a.pk, "reason": "Vi vill"},
        )
    assert response.status_code == 404
    assert not UploadReopening.objects.exists()


# --- What an upload tells people ----------------------------------------------------------------


def test_the_success_message_names_the_version_and_takes_focus(participant, meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    upload(participant, meeting, world.org_a, "forsta.pptx", BEFORE_DEADLINE)
    response = upload(participant, meeting, world.org_a, "andra.pptx", BEFORE_DEADLINE)

    page = page_of(participant, meeting, BEFORE_DEADLINE)
    assert response.url.endswith(f"#org-{world.org_a.code}")
    assert 'role="status" id="messages" tabindex="-1" data-focus-on-load' in page
    assert "andra.pptx laddades upp som version 2 och är nu den slutliga versionen." in page
    assert "js/focus.js" in page

    # The script's upload (JSON) leaves the same message for the page it reloads.
    response = upload(
        participant,
        meeting,
        world.org_a,
        "tredje.pptx",
        BEFORE_DEADLINE,
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["ok"] is True
    assert "tredje.pptx laddades upp som version 3" in page_of(
        participant, meeting, BEFORE_DEADLINE
    )


def test_every_version_has_its_number_on_the_meeting_page(participant, meeting_world):
    meeting = meeting_world.meeting
    for name in ("utkast.pptx", "utkast.pptx", "slutlig.pptx"):  # the same name twice
        upload_service(meeting_world, name, BEFORE_DEADLINE)

    page = page_of(participant, meeting, BEFORE_DEADLINE)
    table = page[page.index("Uppladdade versioner") :]
    positions = [
        table.index(f'<th scope="row" class="govuk-table__header">Version {n}</th>')
        for n in (3, 2, 1)
    ]
    assert positions == sorted(positions)  # newest first
    assert 'utkast.pptx<span class="govuk-visually-hidden">, version 1</span>' in table
    assert 'utkast.pptx<span class="govuk-visually-hidden">, version 2</span>' in table


def test_the_team_gets_a_receipt_once_per_upload(meeting_world, private_files, mail_on_commit):
    world = meeting_world.world
    team = sorted(person.email for person in organisation_members(world.org_a.pk))
    with mail_on_commit():
        first = upload_service(meeting_world, "boden.pptx", BEFORE_DEADLINE)
    receipts = [m for m in mail_on_commit.outbox if "mottagen" in m.subject]
    assert sorted(m.to[0] for m in receipts) == team
    body = receipts[0].body
    assert "Presentationen är mottagen: BM1 Norr" in receipts[0].subject
    assert "Fil: boden.pptx" in body and "Version: 1" in body and "Mottagen: " in body

    # Sending again for the same upload (a retried job) queues nothing.
    services.uploads.presentation_receipt_send(presentation=first, version_number=1)
    assert OutgoingEmail.objects.filter(kind="presentation.receipt").count() == len(team)

    mail_on_commit.outbox.clear()
    with mail_on_commit():
        upload_service(meeting_world, "boden-2.pptx", BEFORE_DEADLINE)
    assert [m.body.count("Version: 2") for m in mail_on_commit.outbox] == [1] * len(team)
    # Another organisation's team hears nothing.
    assert not OutgoingEmail.objects.filter(
        kind="presentation.receipt", to=world.participant_b.email
    ).exists()


def test_the_organisers_are_told_when_a_final_is_replaced_after_the_deadline(
    meeting_world, private_files, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    organisers = sorted(meeting.organisers.values_list("email", flat=True))

    def notices():
        return OutgoingEmail.objects.filter(kind="presentation.replaced_late")

    first = upload_service(meeting_world, "forsta.pptx", BEFORE_DEADLINE)
    upload_service(meeting_world, "andra.pptx", BEFORE_DEADLINE)  # replaced in time: no notice
    upload_service(meeting_world, "b.pptx", AFTER_DEADLINE, world.org_b, world.participant_b)
    assert not notices().exists()  # Piteå's first upload after the deadline replaces nothing

    with mail_on_commit():
        upload_service(meeting_world, "tredje.pptx", AFTER_DEADLINE)
    sent = [m for m in mail_on_commit.outbox if m.to[0] in organisers]
    assert sorted(m.to[0] for m in sent) == organisers
    assert "Boden bytte sin slutliga presentation efter fristen: BM1 Norr" in sent[0].subject
    assert "Ny slutlig version: tredje.pptx" in sent[0].body
    assert "Ersatt: andra.pptx" in sent[0].body

    services.presentation_mark_final(presentation=first, by=world.participant_a, now=AFTER_DEADLINE)
    assert notices().count() == 2 * len(organisers)
