"""The feedback page that never loses text, the release confirmation, and released feedback
where people look (the meeting page, the start page's "since your last visit")."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Feedback
from portal.models import Enrolment, Membership
from portal.services import user_visit_record
from tests import factories

from .conftest import stockholm

pytestmark = pytest.mark.django_db

AFTER = stockholm(2027, 4, 2, 10, 0)


@pytest.fixture
def organiser_client(client, meeting_world):
    factories.login_with_second_factor(client, meeting_world.world.organiser)
    return client


def _page_data(client, url) -> dict:
    """What the browser would post: every field of the one form as the page shows it, with
    the hidden initial values."""
    overview = client.get(url).context["overview"]
    data = {}
    for row in [overview.summary, *overview.rows]:
        for field in row.form:
            value = field.value()
            if field.name == "ready":
                data[field.html_initial_name] = str(bool(value))
                if value:
                    data[field.html_name] = "on"
            else:
                data[field.html_name] = data[field.html_initial_name] = value or ""
    return data


def _draft(meeting_world, organisation, text="Bra presentation", **more):
    return services.feedback_save(
        meeting=meeting_world.meeting,
        organisation=organisation,
        by=meeting_world.world.organiser,
        on_presentation=text,
        **more,
    )


def test_any_save_button_saves_every_changed_box_and_returns_to_its_own(
    organiser_client, meeting_world
):
    world = meeting_world.world
    url = reverse("feedback_manage", args=[meeting_world.meeting.pk])
    data = _page_data(organiser_client, url)
    a, b = f"org-{world.org_a.code}", f"org-{world.org_b.code}"
    data[f"{a}-on_presentation"] = "Tydlig analys."
    data[f"{b}-on_improvement_work"] = "Knyt an till checklistan."
    data["summary-plus"] = "Bra samtal"
    data["save"] = b
    response = organiser_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?saved={b}#{b}"
    saved = {f.organisation_id: f for f in Feedback.objects.filter(meeting=meeting_world.meeting)}
    assert saved[world.org_a.pk].on_presentation == "Tydlig analys."
    assert saved[world.org_b.pk].on_improvement_work == "Knyt an till checklistan."
    assert saved[None].plus == "Bra samtal"
    page = organiser_client.get(response["Location"]).content.decode()
    assert 'app-saved-state--success">Sparat' in page


def test_a_box_the_person_did_not_change_keeps_what_another_organiser_saved(
    organiser_client, meeting_world
):
    world = meeting_world.world
    url = reverse("feedback_manage", args=[meeting_world.meeting.pk])
    _draft(meeting_world, world.org_a, "Först")
    data = _page_data(organiser_client, url)
    _draft(meeting_world, world.org_a, "En kollega skrev detta under tiden")
    data[f"org-{world.org_b.code}-on_presentation"] = "Om Piteå"
    assert organiser_client.post(url, data).status_code == 302
    kept = Feedback.objects.get(meeting=meeting_world.meeting, organisation=world.org_a)
    assert kept.on_presentation == "En kollega skrev detta under tiden"


def test_a_box_that_cannot_be_saved_saves_nothing_and_keeps_all_text(
    organiser_client, meeting_world
):
    world = meeting_world.world
    url = reverse("feedback_manage", args=[meeting_world.meeting.pk])
    data = _page_data(organiser_client, url)
    data[f"org-{world.org_a.code}-ready"] = "on"
    data[f"org-{world.org_b.code}-on_presentation"] = "Text som inte får försvinna"
    response = organiser_client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv återkopplingen innan du markerar den som klar." in page
    assert "Text som inte får försvinna" in page
    assert not Feedback.objects.exists()


def test_autosave_posts_one_box_and_answers_its_saved_time(organiser_client, meeting_world):
    world = meeting_world.world
    url = reverse("feedback_manage", args=[meeting_world.meeting.pk])
    box = f"org-{world.org_b.code}"
    with time_machine.travel(stockholm(2027, 4, 2, 14, 32), tick=False):
        response = organiser_client.post(
            url,
            {
                "save": box,
                f"{box}-on_presentation": "Sparas av sig själv",
                f"initial-{box}-on_presentation": "",
                f"{box}-ready": "on",
                f"initial-{box}-ready": "False",
            },
            HTTP_ACCEPT="application/json",
        )
    assert response.json() == {"ok": True, "message": "Sparat 14.32"}
    saved = Feedback.objects.get(meeting=meeting_world.meeting, organisation=world.org_b)
    assert saved.on_presentation == "Sparas av sig själv"
    assert saved.ready is True
    refused = organiser_client.post(
        url,
        {"save": box, f"{box}-on_presentation": "", f"initial-{box}-on_presentation": "x"},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["ok"] is False
    assert refused.json()["message"]


def test_ready_shows_as_a_tag_and_a_correction_starts_as_a_draft(organiser_client, meeting_world):
    world = meeting_world.world
    _draft(meeting_world, world.org_a, ready=True)
    url = reverse("feedback_manage", args=[meeting_world.meeting.pk])
    assert (
        '<strong class="govuk-tag govuk-tag--green">Klar</strong>'
        in organiser_client.get(url).content.decode()
    )
    services.feedback_release(meeting=meeting_world.meeting, by=world.organiser)
    correction = _draft(meeting_world, world.org_a, "Rättad")
    assert correction.version == 2 and correction.ready is False


def test_release_asks_first_and_warns_about_what_is_missing(
    organiser_client, meeting_world, mail_on_commit
):
    world = meeting_world.world
    _draft(meeting_world, world.org_a)
    url = reverse("feedback_release", args=[meeting_world.meeting.pk])
    page = organiser_client.get(url).content.decode()
    assert "2 av 3 organisationer saknar återkoppling" in page
    assert "1 utkast är inte markerat som klart" in page
    assert "1 person i organisationernas team" in page
    assert Feedback.objects.get(organisation=world.org_a).released_at is None
    with mail_on_commit():
        response = organiser_client.post(url)
    assert response.status_code == 302
    assert Feedback.objects.get(organisation=world.org_a).released_at is not None
    assert [m.to for m in mail_on_commit.outbox] == [[world.participant_a.email]]


def test_release_confirmation_query_count_is_flat_in_organisations(
    organiser_client, meeting_world, page_queries
):
    from .test_views import MORE_CODES

    world = meeting_world.world
    url = reverse("feedback_release", args=[meeting_world.meeting.pk])

    def enrol(codes):
        for code in codes:
            organisation = factories.organisation(code)
            Enrolment.objects.create(
                cohort=world.cohort, organisation=organisation, cluster=world.cluster
            )
            factories.member(organisation)
            _draft(meeting_world, organisation)

    enrol(MORE_CODES[:1])
    few = page_queries(organiser_client, url)[0]
    enrol(MORE_CODES[1:])
    assert page_queries(organiser_client, url)[0] == few


def test_the_summary_is_exported_and_released_with_the_feedback(
    client, organiser_client, meeting_world
):
    world = meeting_world.world
    meeting = meeting_world.meeting
    services.feedback_save(
        meeting=meeting, organisation=None, by=world.organiser, plus="Engagemang", minus="Tid"
    )
    export = organiser_client.get(reverse("feedback_summary_export", args=[meeting.pk]))
    assert export["Content-Disposition"] == f'attachment; filename="pmi-{meeting.pk}.txt"'
    text = export.content.decode()
    assert "Plus / Minus / Intressant – BM1 Norr" in text and "Engagemang" in text
    _draft(meeting_world, world.org_a)
    services.feedback_release(meeting=meeting, by=world.organiser)
    client.force_login(world.participant_a)
    page = client.get(
        reverse("feedback_organisation", args=[meeting.pk, world.org_a.code])
    ).content.decode()
    assert "Mötet i korthet" in page and "Engagemang" in page


def test_the_meeting_page_links_released_feedback_in_the_organisations_panel(client, meeting_world):
    world = meeting_world.world
    meeting = meeting_world.meeting
    client.force_login(world.participant_a)
    link = reverse("feedback_organisation", args=[meeting.pk, world.org_a.code])
    _draft(meeting_world, world.org_a)
    assert link not in client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    services.feedback_release(meeting=meeting, by=world.organiser)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert f'<a class="govuk-link" href="{link}">Återkoppling från BM1 Norr</a>' in page


def test_home_lists_what_is_new_since_the_last_visit(client, meeting_world):
    world = meeting_world.world
    meeting = meeting_world.meeting
    person = world.participant_a
    client.force_login(person)
    link = reverse("feedback_organisation", args=[meeting.pk, world.org_a.code])
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0)):
        user_visit_record(user=person, at=timezone.now())  # the first login
        assert "Sedan ditt senaste besök" not in client.get(reverse("home")).content.decode()
    with time_machine.travel(stockholm(2027, 3, 2, 9, 0)):
        services.meeting_update(
            meeting=meeting,
            by=world.organiser,
            starts_at=stockholm(2027, 4, 1, 10, 30),
            ends_at=stockholm(2027, 4, 1, 16, 0),
        )
        _draft(meeting_world, world.org_a)
        services.feedback_release(meeting=meeting, by=world.organiser)
    with time_machine.travel(stockholm(2027, 3, 3, 9, 0)):
        user_visit_record(user=person, at=timezone.now())  # the next login
        page = client.get(reverse("home")).content.decode()
        assert "Sedan ditt senaste besök" in page
        assert (
            f'<a class="govuk-notification-banner__link" href="{link}">'
            "Ny återkoppling från BM1 Norr</a>" in page
        )
        assert "BM1 Norr har flyttats: nu torsdag 1 april 2027, 10:30" in page
        assert link in client.get(reverse("home")).content.decode()  # the same visit
    with time_machine.travel(stockholm(2027, 3, 4, 9, 0)):
        user_visit_record(user=person, at=timezone.now())
        assert link not in client.get(reverse("home")).content.decode()


def test_logging_in_starts_a_visit(client, meeting_world):
    person = meeting_world.world.participant_a
    with time_machine.travel(stockholm(2027, 3, 1, 9, 0), tick=False):
        client.post(
            reverse("account_login"), {"login": person.email, "password": factories.PASSWORD}
        )
    client.logout()
    with time_machine.travel(stockholm(2027, 3, 2, 9, 0), tick=False):
        client.post(
            reverse("account_login"), {"login": person.email, "password": factories.PASSWORD}
        )
    person.refresh_from_db()
    assert person.home_since == stockholm(2027, 3, 1, 9, 0)
    assert person.home_seen_at == stockholm(2027, 3, 2, 9, 0)


def test_home_with_notices_query_count_is_flat_in_organisations(
    client, meeting_world, page_queries
):
    from .test_views import MORE_CODES

    world = meeting_world.world
    person = world.participant_a
    client.force_login(person)

    def join(codes):
        for code in codes:
            organisation = factories.organisation(code)
            Enrolment.objects.create(
                cohort=world.cohort, organisation=organisation, cluster=world.cluster
            )
            Membership.objects.create(user=person, organisation=organisation)
            _draft(meeting_world, organisation)
        services.feedback_release(meeting=meeting_world.meeting, by=world.organiser)

    join(MORE_CODES[:1])
    client.get(reverse("home"))  # the programme's steps come from the cache after the first page
    few, response = page_queries(client, reverse("home"))
    assert "Ny återkoppling från BM1 Norr" in response.content.decode()
    join(MORE_CODES[1:4])
    many, response = page_queries(client, reverse("home"))
    assert response.content.decode().count("Ny återkoppling från BM1 Norr") == 4
    assert many == few
