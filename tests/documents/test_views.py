"""Generated documents end to end: the meeting page's buttons, the background build (eager
Celery), reuse until the data changes, and who may ask for what."""

import pytest
from django.urls import reverse

from checklists.models import Assessment, Occasion
from meetings.models import AgendaItem
from portal.models import GeneratedFile
from tests import factories

from .conftest import A_BM2, HOSTILE, charts, deck_text, fill, open_pptx, pdf_text

pytestmark = pytest.mark.django_db


def download(client, response) -> bytes:
    status = client.get(response.url, HTTP_ACCEPT="application/json").json()
    assert status["status"] == "ready", status
    assert status["progress"] == 100
    return b"".join(client.get(status["download"]).streaming_content)


def test_a_participant_builds_the_template_from_the_meeting_page_and_it_is_reused(
    client, document_world, django_capture_on_commit_callbacks
):
    world, meeting = document_world.world, document_world.meeting
    client.force_login(world.participant_a)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    url = reverse("meeting_template", args=[meeting.pk, world.org_a.code])
    assert f'action="{url}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    generated = GeneratedFile.objects.get()
    assert response.url == reverse("generated_file_detail", args=[generated.pk])
    assert generated.parameters == {"meeting": meeting.pk, "organisation": world.org_a.pk}
    deck = open_pptx(download(client, response))
    series = {s.name: list(s.values) for s in charts(deck)[0].plots[0].series}
    assert series["BM2"] == [float(v) for v in A_BM2]
    generated.refresh_from_db()
    assert generated.filename.endswith(".pptx") and "boden" in generated.filename

    # Unchanged data: the same file, no second build.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url)
    assert again.url == response.url and GeneratedFile.objects.count() == 1

    # A changed score: a new file with the new value.
    assessment = Assessment.objects.get(organisation=world.org_a, occasion=Occasion.BM2)
    fill(assessment, [1, *A_BM2[1:]], world.participant_a)
    with django_capture_on_commit_callbacks(execute=True):
        changed = client.post(url)
    assert changed.url != response.url and GeneratedFile.objects.count() == 2
    series = {
        s.name: list(s.values)
        for s in charts(open_pptx(download(client, changed)))[0].plots[0].series
    }
    assert series["BM2"][0] == 1.0


def test_a_changed_stakeholder_or_team_also_builds_anew(
    client, document_world, django_capture_on_commit_callbacks
):
    world, meeting = document_world.world, document_world.meeting
    client.force_login(world.participant_a)
    url = reverse("meeting_template", args=[meeting.pk, world.org_a.code])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    world.participant_a.full_name = "Åsa Öberg-Lind"
    world.participant_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert GeneratedFile.objects.count() == 2
    assert "Åsa Öberg-Lind" in deck_text(open_pptx(download(client, response)))


def test_other_organisations_cohorts_and_strangers_get_404(
    client, document_world, django_capture_on_commit_callbacks
):
    world, meeting = document_world.world, document_world.meeting
    url = reverse("meeting_template", args=[meeting.pk, world.org_a.code])
    client.force_login(world.participant_a)
    with django_capture_on_commit_callbacks(execute=True):
        built = client.post(url)
    generated = GeneratedFile.objects.get()
    for person in [world.participant_b, world.other_cohort_participant, world.no_role]:
        factories.log_in(client, person)
        assert client.post(url).status_code == 404
        assert client.get(built.url).status_code == 404
        assert (
            client.get(reverse("generated_file_download", args=[generated.pk])).status_code == 404
        )
        assert client.post(reverse("generated_file_retry", args=[generated.pk])).status_code == 404
    # An organisation not invited to the meeting (another cluster) is not found either.
    client.force_login(world.participant_c)
    assert (
        client.post(reverse("meeting_template", args=[meeting.pk, world.org_c.code])).status_code
        == 404
    )
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    assert GeneratedFile.objects.count() == 1


def test_the_organiser_and_the_admin_may_build_and_fetch_an_organisations_template(
    client, document_world, django_capture_on_commit_callbacks
):
    world, meeting = document_world.world, document_world.meeting
    for person in [world.organiser, world.admin]:
        factories.login_with_second_factor(client, person)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("meeting_template", args=[meeting.pk, world.org_b.code]))
        assert "Piteås hemliga råd" in deck_text(open_pptx(download(client, response)))


def test_a_member_fetches_the_organisation_facts_template(
    client, document_world, django_capture_on_commit_callbacks
):
    world, meeting = document_world.world, document_world.meeting
    client.force_login(world.participant_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisation_facts", args=[meeting.pk, world.org_a.code]))
    text = deck_text(open_pptx(download(client, response)))
    assert "2582" in text and "Boden" in text and "Åsa Öberg" in text and HOSTILE in text
    assert "Petra Piteåsson" not in text
    client.force_login(world.participant_b)
    assert (
        client.post(reverse("organisation_facts", args=[meeting.pk, world.org_a.code])).status_code
        == 404
    )


def test_the_organiser_builds_every_organisations_template_in_one_action(
    client, document_world, django_capture_on_commit_callbacks
):
    world, meeting = document_world.world, document_world.meeting
    factories.login_with_second_factor(client, world.organiser)
    board = client.get(reverse("meeting_board", args=[meeting.pk])).content.decode()
    assert reverse("meeting_templates_all", args=[meeting.pk]) in board
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meeting_templates_all", args=[meeting.pk]))
    files = list(GeneratedFile.objects.filter(kind="meeting_template"))
    assert len(files) == 3  # A, B and the mentor organisation of cluster Norr
    assert {f.parameters["organisation"] for f in files} == {
        world.org_a.pk,
        world.org_b.pk,
        world.mentor_org.pk,
    }
    page = client.get(response.url).content.decode()
    for organisation in [world.org_a, world.org_b, world.mentor_org]:
        assert organisation.name in page
    assert world.org_c.name not in page
    status = client.get(response.url, HTTP_ACCEPT="application/json").json()
    assert status["overall"] == 100 and status["finished"] == status["total"] == 3
    assert all(f["status"] == "ready" and f["download"] for f in status["files"])
    by_org = {f.parameters["organisation"]: f for f in files}
    deck_b = open_pptx(by_org[world.org_b.pk].file.open("rb").read())
    assert "Piteås hemliga råd" in deck_text(deck_b)
    assert "Kommunstyrelsen i Boden" not in deck_text(deck_b)

    # The same again while nothing changed: the same files.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meeting_templates_all", args=[meeting.pk]))
    assert GeneratedFile.objects.filter(kind="meeting_template").count() == 3

    client.force_login(world.participant_a)
    assert client.post(reverse("meeting_templates_all", args=[meeting.pk])).status_code == 404
    assert client.get(response.url).status_code == 404


def test_organisers_edit_agenda_items_and_everyone_invited_gets_the_agenda_pdf(
    client, document_world, django_capture_on_commit_callbacks
):
    world, meeting = document_world.world, document_world.meeting
    factories.login_with_second_factor(client, world.organiser)
    for time, title, owner in [
        ("09:30", "Välkomna och syfte", "Åsa Öberg"),
        ("10:00", "Organisationernas presentationer", HOSTILE),
        ("11:45", "Förbättringsidéer och hemläxa", ""),
    ]:
        client.post(
            reverse("agenda_item_add", args=[meeting.pk]),
            {"starts_at": time, "title": title, "owner": owner, "notes": ""},
        )
    assert AgendaItem.objects.filter(meeting=meeting).count() == 3
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Organisationernas presentationer" in page and "&lt;script&gt;" in page

    client.force_login(world.participant_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meeting_agenda_pdf", args=[meeting.pk]))
    text = pdf_text(download(client, response))
    assert "BM2 Norr – förbättringsarbete" in text
    assert "Välkomna och syfte" in text and "Åsa Öberg" in text
    assert "09:30" in text and "11:45" in text
    assert "Förbättringsidéer och hemläxa" in text
    assert "<script>alert(" in text  # the markup is printed as text, not run

    # A removed item: the agenda is built anew.
    factories.log_in(client, world.organiser)
    item = AgendaItem.objects.get(title="Välkomna och syfte")
    client.post(reverse("agenda_item_remove", args=[meeting.pk, item.pk]))
    client.force_login(world.participant_a)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("meeting_agenda_pdf", args=[meeting.pk]))
    assert again.url != response.url
    assert "Välkomna och syfte" not in pdf_text(download(client, again))

    # Participants cannot edit the agenda; another cohort cannot see it.
    other = AgendaItem.objects.first()
    assert (
        client.post(reverse("agenda_item_remove", args=[meeting.pk, other.pk])).status_code == 404
    )
    client.force_login(world.other_cohort_participant)
    assert client.post(reverse("meeting_agenda_pdf", args=[meeting.pk])).status_code == 404
