"""Feedback, evaluations, the organiser's checklist and the outbox after a meeting."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone, translation

from meetings import selectors, services
from meetings.models import EvaluationResponse, Feedback, OrganiserTask
from portal.emails import email_send
from portal.models import AuditEntry, Enrolment, OutgoingEmail
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_does_not_leak():
    """Requests made in English here must not leave English active for the next test."""
    with translation.override(None):
        yield


AFTER = stockholm(2027, 4, 2, 10, 0)


def _draft(meeting_world, organisation, text="Bra presentation"):
    return services.feedback_save(
        meeting=meeting_world.meeting,
        organisation=organisation,
        by=meeting_world.world.organiser,
        on_presentation=text,
        on_improvement_work="Fortsätt",
    )


@pytest.fixture
def organiser_client(client, meeting_world):
    factories.login_with_second_factor(client, meeting_world.world.organiser)
    return client


# --- Feedback ---------------------------------------------------------------------------------


def test_unreleased_feedback_is_404_for_participants_and_visible_after_release(
    client, meeting_world, mail_on_commit
):
    world = meeting_world.world
    _draft(meeting_world, world.org_a)
    url = reverse("feedback_organisation", args=[meeting_world.meeting.pk, world.org_a.code])
    client.force_login(world.participant_a)
    client.cookies["django_language"] = "en"
    assert client.get(url).status_code == 404
    with mail_on_commit():
        services.feedback_release(meeting=meeting_world.meeting, by=world.organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert "Bra presentation" in response.content.decode()
    pdf = client.get(reverse("feedback_pdf", args=[meeting_world.meeting.pk, world.org_a.code]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Another organisation never sees A's feedback.
    client.force_login(world.participant_b)
    assert client.get(url).status_code == 404


def test_mentors_read_released_feedback_of_their_cluster_and_never_drafts(
    client, meeting_world, mail_on_commit
):
    world = meeting_world.world
    _draft(meeting_world, world.org_a, text="Tydlig styrkedja")
    url = reverse("feedback_organisation", args=[meeting_world.meeting.pk, world.org_a.code])
    pdf_url = reverse("feedback_pdf", args=[meeting_world.meeting.pk, world.org_a.code])
    at_home = reverse("organisation_after_meetings", args=[world.org_a.code])
    client.force_login(world.mentor)
    assert client.get(url).status_code == 404
    assert client.get(pdf_url).status_code == 404
    assert url not in client.get(at_home).content.decode()
    with mail_on_commit():
        services.feedback_release(meeting=meeting_world.meeting, by=world.organiser)
    response = client.get(url)
    assert response.status_code == 200 and "Tydlig styrkedja" in response.content.decode()
    assert client.get(pdf_url).content.startswith(b"%PDF")
    assert f'href="{url}"' in client.get(at_home).content.decode()
    # A draft written after the release stays hidden until it is released too.
    _draft(meeting_world, world.org_a, text="Nytt utkast")
    assert "Nytt utkast" not in client.get(url).content.decode()
    # A participant of another organisation in the cluster still never sees it.
    client.force_login(world.participant_b)
    assert client.get(url).status_code == 404


def test_release_notifies_each_organisation_once_and_corrections_are_new_versions(
    meeting_world, mail_on_commit
):
    world = meeting_world.world
    second_a = factories.member(world.org_a, "a2@example.org")
    _draft(meeting_world, world.org_a)
    _draft(meeting_world, world.org_b)
    with mail_on_commit():
        assert services.feedback_release(meeting=meeting_world.meeting, by=world.organiser) == 2
    recipients = sorted(m.to[0] for m in mail_on_commit.outbox)
    assert recipients == sorted(["a@example.org", second_a.email, "b@example.org"])
    with pytest.raises(ValidationError):  # nothing left to release: no second notice
        services.feedback_release(meeting=meeting_world.meeting, by=world.organiser)
    assert OutgoingEmail.objects.filter(kind="feedback.released").count() == 3

    released = Feedback.objects.get(organisation=world.org_a, version=1)
    correction = _draft(meeting_world, world.org_a, text="Rättad text")
    assert correction.version == 2 and not correction.is_released
    released.refresh_from_db()
    assert released.on_presentation == "Bra presentation" and released.is_released
    assert selectors.released_feedback(meeting_world.meeting, world.org_a).version == 1
    assert AuditEntry.objects.filter(action="feedback.correct").count() == 1
    assert AuditEntry.objects.filter(action="feedback.release").count() == 1


def test_feedback_for_an_organisation_not_in_the_meeting_is_refused(meeting_world):
    with pytest.raises(ValidationError) as error:
        _draft(meeting_world, meeting_world.world.org_c)
    assert "organisation" in error.value.error_dict
    assert not Feedback.objects.exists()


def test_feedback_page_refuses_an_outside_organisation_with_a_field_error(
    organiser_client, meeting_world
):
    url = reverse("feedback_manage", args=[meeting_world.meeting.pk])
    code = meeting_world.world.org_c.code
    with translation.override("en"):
        response = organiser_client.post(
            url,
            {"organisation": code, f"org-{code}-on_presentation": "x"},
        )
    # The page has no box for an organisation outside the meeting: nothing is saved, and the
    # page says so.
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_feedback_page_query_count_is_the_same_for_1_and_10_more_organisations(
    organiser_client, meeting_world, page_queries
):
    from .test_views import MORE_CODES

    url = reverse("feedback_manage", args=[meeting_world.meeting.pk])
    world = meeting_world.world

    def enrol(codes):
        for code in codes:
            organisation = factories.organisation(code)
            Enrolment.objects.create(
                cohort=world.cohort, organisation=organisation, cluster=world.cluster
            )
            _draft(meeting_world, organisation)

    enrol(MORE_CODES[:1])
    few = page_queries(organiser_client, url)[0]
    enrol(MORE_CODES[1:])
    assert page_queries(organiser_client, url)[0] == few


def test_feedback_page_is_404_for_participants(client, meeting_world):
    client.force_login(meeting_world.world.participant_a)
    assert (
        client.get(reverse("feedback_manage", args=[meeting_world.meeting.pk])).status_code == 404
    )


# --- Evaluation -------------------------------------------------------------------------------


def _answer(meeting_world, person, **ratings):
    values = {"overall": 4, "usefulness": 5, "arrangements": 3, "comment": ""} | ratings
    return services.evaluation_submit(meeting=meeting_world.meeting, by=person, now=AFTER, **values)


def test_evaluation_refuses_twice_out_of_range_and_after_closing(meeting_world):
    world = meeting_world.world
    _answer(meeting_world, world.participant_a)
    with pytest.raises(ValidationError) as twice:
        _answer(meeting_world, world.participant_a)
    assert twice.value.code == "duplicate"
    with pytest.raises(ValidationError) as out_of_range:
        _answer(meeting_world, world.participant_b, overall=6)
    assert "overall" in out_of_range.value.error_dict
    closed = meeting_world.meeting.evaluation_closes_at + timedelta(minutes=1)
    with pytest.raises(ValidationError) as late:
        services.evaluation_submit(
            meeting=meeting_world.meeting,
            by=world.participant_b,
            overall=3,
            usefulness=3,
            arrangements=3,
            now=closed,
        )
    assert late.value.code == "closed"
    assert EvaluationResponse.objects.count() == 1


def test_evaluation_form_refuses_a_rating_outside_the_scale(client, meeting_world):
    client.force_login(meeting_world.world.participant_a)
    url = reverse("evaluation_answer", args=[meeting_world.meeting.pk])
    with time_machine.travel(AFTER, tick=False):
        response = client.post(url, {"overall": "7", "usefulness": "3", "arrangements": "3"})
        assert response.status_code == 400
        assert 'id="id_overall_error"' in response.content.decode()
        assert not EvaluationResponse.objects.exists()
        response = client.post(url, {"overall": "5", "usefulness": "3", "arrangements": "3"})
        assert response.status_code == 302
    assert EvaluationResponse.objects.get().overall == 5


def test_evaluation_reminders_reach_only_non_responders_once(meeting_world, mail_on_commit):
    world = meeting_world.world
    _answer(meeting_world, world.participant_a)
    later = AFTER + timedelta(days=4)
    with mail_on_commit():
        services.evaluation_reminders_send(now=later)
        services.evaluation_reminders_send(now=later + timedelta(hours=1))
    recipients = sorted(m.to[0] for m in mail_on_commit.outbox)
    assert recipients == ["b@example.org", "mentor@example.org"]


def test_anonymous_evaluation_never_shows_the_respondent_to_organisers(
    organiser_client, meeting_world
):
    world = meeting_world.world
    world.participant_a.full_name = "Anna Andersson"
    world.participant_a.save()
    _answer(meeting_world, world.participant_a, comment="Mycket givande")
    _answer(meeting_world, world.participant_b, overall=2, comment="För lång")
    results = selectors.evaluation_results(meeting_world.meeting)
    assert results.answers == 2 and results.averages["overall"] == 3.0
    assert all(comment.respondent == "" for comment in results.comments)
    page = organiser_client.get(
        reverse("evaluation_results", args=[meeting_world.meeting.pk])
    ).content.decode()
    assert "Mycket givande" in page and "För lång" in page
    assert "Anna Andersson" not in page and "a@example.org" not in page

    # Made a named evaluation later, the answers given anonymously stay without a name (none
    # is stored); a new answer carries its author's.
    meeting_world.meeting.evaluation_anonymous = False
    meeting_world.meeting.save()
    world.mentor.full_name = "Maja Mentor"
    world.mentor.save()
    _answer(meeting_world, world.mentor, comment="Bra upplägg")
    page = organiser_client.get(
        reverse("evaluation_results", args=[meeting_world.meeting.pk])
    ).content.decode()
    assert "Maja Mentor" in page and "Bra upplägg" in page
    assert "Anna Andersson" not in page


# --- Outbox -----------------------------------------------------------------------------------


class FailsOnceBackend(LocmemBackend):
    """Stands in for an SMTP server that refuses the first delivery."""

    calls = 0

    def send_messages(self, messages):
        FailsOnceBackend.calls += 1
        if FailsOnceBackend.calls == 1:
            raise ConnectionRefusedError("SMTP server unavailable")
        return super().send_messages(messages)


def test_a_failed_smtp_send_is_retried_and_marked_sent(settings, meeting_world, mailoutbox):
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnceBackend"
    FailsOnceBackend.calls = 0
    _draft(meeting_world, meeting_world.world.org_a)
    services.feedback_release(meeting=meeting_world.meeting, by=meeting_world.world.organiser)
    email = OutgoingEmail.objects.get(kind="feedback.released")
    with pytest.raises(ConnectionRefusedError):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.QUEUED, 1)
    assert "unavailable" in email.last_error
    assert email_send(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)
    assert email.sent_at is not None
    assert len(mailoutbox) == 1


def test_outbox_entries_are_in_the_recipients_language(meeting_world):
    world = meeting_world.world
    world.participant_b.language = "en"
    world.participant_b.save()
    _draft(meeting_world, world.org_a)
    _draft(meeting_world, world.org_b)
    services.feedback_release(meeting=meeting_world.meeting, by=world.organiser)
    english = OutgoingEmail.objects.get(kind="feedback.released", to="b@example.org")
    swedish = OutgoingEmail.objects.get(kind="feedback.released", to="a@example.org")
    assert "Feedback after BM1 Norr" in english.subject
    assert "Hello," in english.body
    assert "Hej" in swedish.body


def test_sent_log_is_searchable_and_its_query_count_is_flat(client, meeting_world, page_queries):
    factories.login_with_second_factor(client, meeting_world.world.admin)
    url = reverse("admin:portal_outgoingemail_changelist") + "?q=b%40example.org"

    def queue(count):
        for _number in range(count):
            OutgoingEmail.objects.create(kind="test", to="b@example.org", subject="S", body="B")

    queue(1)
    few = page_queries(client, url)[0]
    queue(10)
    assert page_queries(client, url)[0] == few
    page = client.get(url).content.decode()
    assert "b@example.org" in page


# --- Organiser's checklist --------------------------------------------------------------------


def test_checklist_is_created_with_the_meeting_and_ticked_with_who_and_when(
    organiser_client, meeting_world
):
    meeting = meeting_world.meeting
    tasks = list(OrganiserTask.objects.filter(meeting=meeting))
    assert [task.code for task in tasks][:2] == ["venue", "invitation"]
    invitation = next(task for task in tasks if task.code == "invitation")
    assert invitation.due == timezone.localtime(meeting.starts_at) - timedelta(days=14)
    organiser_client.post(
        reverse("organiser_task_toggle", args=[meeting.pk, invitation.pk]), {"done": "1"}
    )
    invitation.refresh_from_db()
    assert invitation.done_by == meeting_world.world.organiser and invitation.done_at


def test_overdue_checklist_items_on_the_organiser_home_with_a_flat_query_count(
    organiser_client, meeting_world, page_queries
):
    from .conftest import Step

    world = meeting_world.world

    def more_meetings(count):
        for number in range(count):
            services.meeting_create(
                cohort=world.cohort,
                cluster=world.cluster,
                step=Step.objects.get(code="bm1"),
                title=f"Extra {number}",
                starts_at=stockholm(2027, 5, 1, 9, 0),
                ends_at=stockholm(2027, 5, 1, 12, 0),
                by=world.organiser,
            )

    with time_machine.travel(stockholm(2027, 4, 20, 9, 0), tick=False):
        more_meetings(1)
        few = page_queries(organiser_client, reverse("home"))[0]
        more_meetings(5)
        assert page_queries(organiser_client, reverse("home"))[0] == few
        overdue = selectors.overdue_organiser_tasks(world.organiser)
        page = organiser_client.get(reverse("home"))
    assert {task.code for task in overdue} >= {"venue", "invitation", "feedback"}
    assert "BM1 Norr" in page.content.decode()
    assert 'id="overdue-heading"' in page.content.decode()


def test_organisers_preview_the_bulk_reminder_before_it_is_sent(organiser_client, meeting_world):
    organiser_client.cookies["django_language"] = "en"
    before = OutgoingEmail.objects.count()
    url = reverse("meeting_board_remind", args=[meeting_world.meeting.pk])
    page = organiser_client.get(url).content.decode()
    assert "a@example.org" in page or "b@example.org" in page
    assert "BM1 Norr" in page and '<pre class="govuk-body app-reminder-preview">' in page
    assert OutgoingEmail.objects.count() == before
    assert organiser_client.post(url).status_code == 302
    assert OutgoingEmail.objects.filter(kind="behind").count() >= 2
