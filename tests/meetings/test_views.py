"""Organiser and participant pages: scheduling, publishing, the board, home, the calendar feed."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import selectors, services
from meetings.demo import seed_step_tasks, seed_steps
from meetings.models import Meeting, MeetingTask, Step, TaskCompletion
from portal.models import Cluster, Enrolment, Membership
from tests import factories

from .conftest import pptx_upload, stockholm

pytestmark = pytest.mark.django_db


def submit_self_assessment(world, organisation, person, occasion="BM1"):
    """The joint self-assessment, done and submitted through the checklists app."""
    from checklists import services as checklist_services
    from checklists.demo import seed_checklist

    version = seed_checklist()
    assessment = checklist_services.assessment_start(
        organisation=organisation, cohort=world.cohort, occasion=occasion, by=person
    )
    checklist_services.assessment_save_scores(
        assessment=assessment,
        by=person,
        changes=[
            checklist_services.ScoreChange(
                number=item.number, score=2, comment="", expected_revision=0
            )
            for item in version.items.all()
        ],
    )
    checklist_services.assessment_set_details(
        assessment=assessment,
        participants=[person],
        other_participants="",
        assessed_on=None,
        by=person,
    )
    return checklist_services.assessment_submit(assessment=assessment, by=person)


def answer_question_sets(world, organisation, person, meeting):
    """Every required question of the meeting's structured-answer tasks, answered."""
    from meetings.questions import QUESTION_SETS

    enrolment = Enrolment.objects.get(organisation=organisation, cohort=world.cohort)
    for code in meeting.tasks.filter(kind="answers").values_list("question_set", flat=True):
        services.preparation_answers_save(
            enrolment=enrolment,
            code=code,
            answers=dict.fromkeys(QUESTION_SETS[code].required_keys, "Vårt svar."),
            by=person,
        )


def mark_stakeholders_updated(world, organisation, person, occasion="BM1"):
    from stakeholders import services as stakeholder_services

    version = stakeholder_services.version_start(
        organisation=organisation, cohort=world.cohort, occasion=occasion, by=person
    )
    return stakeholder_services.version_mark_ready(version=version, by=person)


@pytest.fixture
def organiser_client(client, meeting_world):
    factories.login_with_second_factor(client, meeting_world.world.organiser)
    return client


def test_organiser_schedules_and_publishes_a_meeting(client, cohort_world, mail_on_commit):
    seed_steps()
    seed_step_tasks()
    factories.login_with_second_factor(client, cohort_world.organiser)
    form = client.get(reverse("meeting_create", args=[cohort_world.cohort.pk]))
    assert form.status_code == 200 and "Hela omgången" in form.content.decode()
    response = client.post(
        reverse("meeting_create", args=[cohort_world.cohort.pk]),
        {
            "step": Step.objects.get(code="bm2").pk,
            "title": "BM2 Norr",
            "cluster": cohort_world.cluster.pk,
            "starts_at": "2027-05-12T09:30",
            "ends_at": "2027-05-12T15:00",
            "venue": "Kulturens hus",
            "deadline_days_before": 7,
            "late_policy": "refuse",
        },
    )
    meeting = Meeting.objects.get(title="BM2 Norr")
    assert response.status_code == 302 and meeting.status == "draft"
    assert timezone.localtime(meeting.starts_at).hour == 9
    assert meeting.tasks.count() == Step.objects.get(code="bm2").tasks.count() > 0
    with time_machine.travel(stockholm(2027, 5, 1, 9, 0), tick=False), mail_on_commit():
        response = client.post(reverse("meeting_publish", args=[meeting.pk]), follow=True)
    body = response.content.decode()
    assert "mindre än två veckor" in body
    invitations = mail_on_commit.outbox
    assert sorted(m.to[0] for m in invitations) == [
        "a@example.org",
        "b@example.org",
        "mentor@example.org",
    ]
    event = Calendar.from_ical(invitations[0].attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == stockholm(2027, 5, 12, 9, 30)
    assert "2027" in invitations[0].body and "BM2 Norr" in invitations[0].subject


def test_meeting_form_errors_are_shown_and_nothing_saved(client, cohort_world):
    seed_steps()
    factories.login_with_second_factor(client, cohort_world.organiser)
    response = client.post(
        reverse("meeting_create", args=[cohort_world.cohort.pk]),
        {
            "step": Step.objects.get(code="bm2").pk,
            "title": "",
            "starts_at": "2027-05-12T15:00",
            "ends_at": "2027-05-12T09:00",
            "deadline_days_before": 7,
            "late_policy": "refuse",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "måste sluta efter att det börjar" in body and 'aria-invalid="true"' in body
    assert not Meeting.objects.exists()


def test_participants_do_not_see_drafts_and_outsiders_get_404(client, meeting_world):
    world = meeting_world.world
    Meeting.objects.filter(pk=meeting_world.meeting.pk).update(status="draft")
    url = reverse("meeting_detail", args=[meeting_world.meeting.pk])
    client.force_login(world.participant_a)
    assert client.get(url).status_code == 404
    Meeting.objects.filter(pk=meeting_world.meeting.pk).update(status="published")
    assert client.get(url).status_code == 200
    client.force_login(world.participant_c)  # another cluster
    assert client.get(url).status_code == 404
    client.force_login(world.other_cohort_participant)
    assert client.get(url).status_code == 404


def test_participant_ticks_a_task(client, meeting_world):
    world = meeting_world.world
    client.force_login(world.participant_a)
    task = meeting_world.meeting.tasks.first()
    client.post(
        reverse("task_toggle", args=[meeting_world.meeting.pk, world.org_a.code, task.pk]),
        {"done": "1"},
    )
    completion = TaskCompletion.objects.get()
    assert (completion.organisation, completion.done_by) == (world.org_a, world.participant_a)
    # Not for another organisation.
    response = client.post(
        reverse("task_toggle", args=[meeting_world.meeting.pk, world.org_b.code, task.pk]),
        {"done": "1"},
    )
    assert response.status_code == 404 and TaskCompletion.objects.count() == 1


def test_board_shows_status_filters_and_nudges(organiser_client, meeting_world, mail_on_commit):
    meeting, world = meeting_world.meeting, meeting_world.world
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_a,
        uploaded=pptx_upload(),
        by=world.participant_a,
        now=stockholm(2027, 3, 20, 9, 0),
    )
    for task in meeting.tasks.exclude(kind__in=["self_assessment", "stakeholders", "answers"]):
        TaskCompletion.objects.create(task=task, organisation=world.org_a)
    submit_self_assessment(world, world.org_a, world.participant_a)
    mark_stakeholders_updated(world, world.org_a, world.participant_a)
    answer_question_sets(world, world.org_a, world.participant_a, meeting)
    services.extension_grant(
        meeting=meeting,
        organisation=world.org_b,
        deadline=stockholm(2027, 3, 30, 9, 0),
        reason="Valår",
        by=world.organiser,
    )
    with time_machine.travel(stockholm(2027, 3, 26, 9, 0), tick=False):
        body = organiser_client.get(reverse("meeting_board", args=[meeting.pk])).content.decode()
        assert "I tid" in body and "Förlängt till 30 mars 09:30" not in body
        assert "Förlängt till 30 mars 09:00" in body and "Saknas" in body
        behind = organiser_client.get(
            reverse("meeting_board", args=[meeting.pk]), {"status": "behind"}
        )
    rows = re.findall(r'<th scope="row"[^>]*><a [^>]+>([^<]+)</a></th>', behind.content.decode())
    assert rows == ["Luleå", "Piteå"]
    mail_on_commit.outbox.clear()
    # Another day than the extension's notice: one deadline message per person and day.
    with time_machine.travel(stockholm(2027, 3, 26, 9, 0), tick=False), mail_on_commit():
        organiser_client.post(reverse("meeting_board_remind", args=[meeting.pk]))
    assert sorted(m.to[0] for m in mail_on_commit.outbox) == ["b@example.org", "mentor@example.org"]


def test_extension_form_on_the_board(organiser_client, meeting_world, mail_on_commit):
    meeting, world = meeting_world.meeting, meeting_world.world
    url = reverse("extension_grant", args=[meeting.pk])
    response = organiser_client.post(
        url,
        {"organisation": world.org_b.name, "deadline": "2027-03-20T09:00", "reason": "För tidigt"},
    )
    assert response.status_code == 400 and "senare än den ordinarie" in response.content.decode()
    assert not meeting.extensions.exists()
    with mail_on_commit():
        response = organiser_client.post(
            url,
            {"organisation": world.org_b.name, "deadline": "2027-03-29T12:00", "reason": "Nyval"},
        )
    assert response.status_code == 302
    assert meeting.extensions.get().deadline == stockholm(2027, 3, 29, 12, 0)


def test_participants_cannot_reach_the_board(client, meeting_world):
    client.force_login(meeting_world.world.participant_a)
    assert client.get(reverse("meeting_board", args=[meeting_world.meeting.pk])).status_code == 404


def test_home_shows_next_meeting_deadline_and_time_left(client, meeting_world):
    client.force_login(meeting_world.world.participant_a)
    with time_machine.travel(stockholm(2027, 3, 22, 9, 30), tick=False):
        body = client.get(reverse("home")).content.decode().replace("\xa0", " ")
    assert "BM1 Norr" in body and "25 mars 2027, 09:30" in body and "3 dagar kvar" in body
    assert "0 av 9 klara" in body and "Inte uppladdad ännu" in body


def test_home_shows_peers_presentations_only_after_the_deadline(
    client, meeting_world, mail_on_commit
):
    meeting, world = meeting_world.meeting, meeting_world.world
    services.presentation_upload(
        meeting=meeting,
        organisation=world.org_b,
        uploaded=pptx_upload("pitea.pptx"),
        by=world.participant_b,
        now=stockholm(2027, 3, 20, 9, 0),
    )
    client.force_login(world.participant_a)
    with time_machine.travel(stockholm(2027, 3, 24, 9, 0), tick=False):
        assert "pitea.pptx" not in client.get(reverse("home")).content.decode()
    with time_machine.travel(stockholm(2027, 3, 25, 10, 0), tick=False):
        with mail_on_commit():
            services.deadlines_process(now=timezone.now())
        assert "pitea.pptx" in client.get(reverse("home")).content.decode()


MORE_CODES = [
    "0114",
    "0115",
    "0117",
    "0120",
    "0123",
    "0125",
    "0126",
    "0127",
    "0128",
    "0136",
    "0138",
]


def _enrol_more(meeting_world, codes: list[str]) -> None:
    for code in codes:
        organisation = factories.organisation(code)
        Enrolment.objects.create(
            cohort=meeting_world.world.cohort,
            organisation=organisation,
            cluster=meeting_world.world.cluster,
        )
        services.presentation_upload(
            meeting=meeting_world.meeting,
            organisation=organisation,
            uploaded=pptx_upload(),
            by=meeting_world.world.organiser,
            now=stockholm(2027, 3, 20, 9, 0),
        )
        TaskCompletion.objects.create(
            task=meeting_world.meeting.tasks.first(), organisation=organisation
        )


def test_board_query_count_is_the_same_for_1_and_10_more_organisations(
    organiser_client, meeting_world, page_queries
):
    url = reverse("meeting_board", args=[meeting_world.meeting.pk])
    _enrol_more(meeting_world, MORE_CODES[:1])
    few = page_queries(organiser_client, url)[0]
    _enrol_more(meeting_world, MORE_CODES[1:])
    assert page_queries(organiser_client, url)[0] == few


def test_participant_home_query_count_is_the_same_for_1_and_10_organisations(
    client, meeting_world, page_queries
):
    world = meeting_world.world
    client.force_login(world.participant_a)
    _enrol_more(meeting_world, MORE_CODES[:1])
    client.get(reverse("home"))  # the programme's steps come from the cache after the first page
    few = page_queries(client, reverse("home"))[0]
    _enrol_more(meeting_world, MORE_CODES[1:])
    # The person is also in more organisations' teams.
    second = factories.organisation("2584")
    Enrolment.objects.create(cohort=world.cohort, organisation=second, cluster=world.cluster)
    Membership.objects.create(user=world.participant_a, organisation=second, team_role="other")
    with time_machine.travel(stockholm(2027, 3, 25, 10, 0), tick=False):
        services.deadlines_process(now=timezone.now())
    assert page_queries(client, reverse("home"))[0] == few


def test_calendar_feed_has_meetings_and_deadlines_and_can_be_revoked(
    client, meeting_world, settings
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    world = meeting_world.world
    client.force_login(world.participant_a)
    client.post(reverse("calendar_settings"))
    page = client.get(reverse("calendar_settings")).content.decode()
    feed_url = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    assert feed_url.startswith("https://portal.example.org/")
    anonymous = client.__class__()
    response = anonymous.get(feed_url)
    assert response["Content-Type"].startswith("text/calendar")
    events = {e["UID"]: e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    meeting_event = events[f"meeting-{meeting_world.meeting.pk}@jamstalldhetsportalen"]
    assert (
        meeting_event["URL"] == f"https://portal.example.org/meetings/{meeting_world.meeting.pk}/"
    )
    assert meeting_event.decoded("DTSTART") == stockholm(2027, 4, 1, 9, 30)
    deadline_event = events[
        f"deadline-{meeting_world.meeting.pk}-{world.org_a.pk}@jamstalldhetsportalen"
    ]
    assert deadline_event.decoded("DTSTART") == stockholm(2027, 3, 25, 9, 30)
    assert deadline_event.decoded("DTSTART").utcoffset() == timedelta(hours=1)
    client.post(reverse("calendar_settings"))
    assert anonymous.get(feed_url).status_code == 404


def test_cohort_wide_meeting_invites_every_cluster(cohort_world):
    seed_steps()
    meeting = services.meeting_create(
        cohort=cohort_world.cohort,
        cluster=None,
        step=Step.objects.get(code="uppstart"),
        title="Uppstart",
        starts_at=stockholm(2027, 2, 1, 10, 0),
        ends_at=stockholm(2027, 2, 1, 16, 0),
        by=cohort_world.organiser,
    )
    from meetings.selectors import invited_organisations

    assert set(invited_organisations(meeting)) == {
        cohort_world.org_a,
        cohort_world.org_b,
        cohort_world.org_c,
        cohort_world.mentor_org,
    }
    assert not MeetingTask.objects.filter(meeting=meeting, kind="reflection").exists()
    assert Cluster.objects.count() == 3


def test_materials_for_participants_and_for_organisers_only(
    client, organiser_client, meeting_world, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.models import Material

    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }
    url = reverse("material_add", args=[meeting_world.meeting.pk])
    organiser_client.post(
        url,
        {
            "title": "Dagordning",
            "audience": "participants",
            "file": SimpleUploadedFile("dagordning.pdf", b"%PDF-1.4 agenda"),
        },
    )
    organiser_client.post(
        url,
        {
            "title": "Arrangörens checklista",
            "audience": "organisers",
            "url": "https://example.org/checklista",
        },
    )
    response = organiser_client.post(
        url, {"title": "Varken eller", "audience": "participants"}, follow=True
    )
    assert "antingen en länk eller en fil" in response.content.decode()
    assert Material.objects.count() == 2
    client.force_login(meeting_world.world.participant_a)
    page = client.get(reverse("meeting_detail", args=[meeting_world.meeting.pk])).content.decode()
    assert "Dagordning" in page and "Arrangörens checklista" not in page
    agenda = Material.objects.get(title="Dagordning")
    assert (
        b"".join(client.get(reverse("material_download", args=[agenda.pk])).streaming_content)
        == b"%PDF-1.4 agenda"
    )
    client.force_login(meeting_world.world.participant_c)
    assert client.get(reverse("material_download", args=[agenda.pk])).status_code == 404


def test_organiser_opens_an_organisations_panel_from_the_board(organiser_client, meeting_world):
    url = reverse("meeting_detail", args=[meeting_world.meeting.pk])
    body = organiser_client.get(url, {"for": meeting_world.world.org_b.code}).content.decode()
    assert 'id="org-2581"' in body and "Förberedelser: Piteå" in body
    assert 'id="org-2581"' not in organiser_client.get(url).content.decode()
    # Outside the meeting: nothing.
    assert (
        'id="org-0484"'
        not in organiser_client.get(url, {"for": meeting_world.world.org_c.code}).content.decode()
    )


def test_submitted_self_assessment_completes_the_task_and_cannot_be_ticked(client, meeting_world):
    meeting, world = meeting_world.meeting, meeting_world.world
    task = meeting.tasks.get(kind="self_assessment")
    client.force_login(world.participant_a)
    toggle = reverse("task_toggle", args=[meeting.pk, world.org_a.code, task.pk])
    assert client.post(toggle, {"done": "1"}).status_code == 404
    assert not TaskCompletion.objects.exists()
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "klar när självskattningen är inskickad" in page
    assert reverse("assessment_detail", args=[world.cohort.pk, world.org_a.code, "BM1"]) in page
    with time_machine.travel(stockholm(2027, 3, 20, 9, 0), tick=False):
        submit_self_assessment(world, world.org_a, world.participant_a)
        page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        home = client.get(reverse("home")).content.decode()
    assert "klar: självskattningen är inskickad" in page
    assert "1 av 9 klara" in home


def test_meeting_dates_lock_the_self_assessment_of_its_occasion(meeting_world):
    from checklists.selectors import assessment_lock_time

    meeting, world = meeting_world.meeting, meeting_world.world
    assert (
        assessment_lock_time(organisation=world.org_a, cohort=world.cohort, occasion="BM1")
        == meeting.starts_at
    )
    services.meeting_update(
        meeting=meeting,
        by=world.organiser,
        starts_at=stockholm(2027, 4, 8, 9, 30),
        ends_at=stockholm(2027, 4, 8, 16, 0),
    )
    assert assessment_lock_time(
        organisation=world.org_a, cohort=world.cohort, occasion="BM1"
    ) == stockholm(2027, 4, 8, 9, 30)
    # Another cluster's organisation has no BM1 date yet.
    assert (
        assessment_lock_time(organisation=world.org_c, cohort=world.cohort, occasion="BM1") is None
    )


def test_updated_stakeholder_analysis_completes_its_task(client, meeting_world):

    meeting, world = meeting_world.meeting, meeting_world.world
    task = meeting.tasks.get(kind="stakeholders")
    client.force_login(world.participant_a)
    assert (
        client.post(
            reverse("task_toggle", args=[meeting.pk, world.org_a.code, task.pk]), {"done": "1"}
        ).status_code
        == 404
    )
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "klar när intressentanalysen för tillfället är uppdaterad" in page
    assert reverse("stakeholder_version", args=[world.cohort.pk, world.org_a.code, "BM1"]) in page
    mark_stakeholders_updated(world, world.org_a, world.participant_a)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "klar: intressentanalysen är uppdaterad" in page
    board = selectors.preparation_board(meeting)
    assert {row.organisation.code: row.tasks_done for row in board}[world.org_a.code] == 1


def test_meeting_page_query_count_is_the_same_for_1_and_10_organisations(
    client, meeting_world, page_queries
):
    """The meeting page stays within the page budget (page_queries) however many organisations
    are invited: its tasks come prefetched, the step's portal documents from the cache."""
    world = meeting_world.world
    client.force_login(world.participant_a)
    url = reverse("meeting_detail", args=[meeting_world.meeting.pk])
    _enrol_more(meeting_world, MORE_CODES[:1])
    client.get(url)  # the step's portal documents come from the cache after the first page
    few = page_queries(client, url)[0]
    _enrol_more(meeting_world, MORE_CODES[1:])
    assert page_queries(client, url)[0] == few
