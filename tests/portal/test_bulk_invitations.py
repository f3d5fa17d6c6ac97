"""Inviting a round's teams in bulk: every row of the list classified before anything is sent,
each new row invited exactly once on confirming, and the organisers' view of who has accepted
with reminders and renewals."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from portal import bulk_invitations, services
from portal.bulk_invitations import RowStatus
from portal.models import AuditEntry, Invitation, OutgoingEmail, TeamRole
from tests import factories

pytestmark = pytest.mark.django_db

# Boden (2582) and Piteå (2581) are in the round, Kiruna (2584) is not; a@example.org is
# already in Boden's team.
LIST = """Anna Andersson, anna@example.org, 2582, politiker
Bo Berg, a@example.org, 2582, strateg
Cecilia Ek, cecilia@example.org, 9999, chef
David Dahl, david(at)example.org, 2581, chef
Anna Andersson, ANNA@example.org, 2582, Politiker
Eva Ek, eva@example.org, 2581, ordförande
Filip Fors, filip@example.org, 2584, strateg
Gun Gran, gun@example.org, 2581, Manager
"""


def statuses(rows):
    return [(row.status, row.reason) for row in rows]


def test_every_row_is_classified_with_its_reason(cohort_world):
    rows = bulk_invitations.rows_classify(
        cohort_world.cohort, bulk_invitations.rows_from_text(LIST)
    )
    assert statuses(rows) == [
        (RowStatus.NEW, ""),
        (RowStatus.MEMBER, ""),
        (RowStatus.REFUSED, "okänd organisationskod ”9999”"),
        (RowStatus.REFUSED, "inte en giltig e-postadress"),
        (RowStatus.REFUSED, "samma person finns längre upp i listan"),
        (RowStatus.REFUSED, "okänd roll ”ordförande”"),
        (RowStatus.REFUSED, "Kiruna är inte anmäld till den här omgången"),
        (RowStatus.NEW, ""),
    ]
    assert rows[0].team_role == TeamRole.POLITICIAN and rows[7].team_role == TeamRole.MANAGER


def test_a_pending_invitation_is_not_sent_again(cohort_world):
    services.invitation_create(
        organisation=cohort_world.org_a,
        email="anna@example.org",
        team_role=TeamRole.POLITICIAN,
        by=cohort_world.admin,
    )
    (row,) = bulk_invitations.rows_classify(
        cohort_world.cohort,
        bulk_invitations.rows_from_text("Anna, anna@example.org, 2582, politiker"),
    )
    assert row.status == RowStatus.INVITED
    assert row.reason.startswith("inbjuden ")


@pytest.fixture
def organiser(client, cohort_world):
    factories.log_in(client, cohort_world.organiser)
    return client


def preview_url(response):
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def test_the_preview_shows_every_row_and_sends_nothing(organiser, cohort_world):
    url = reverse("invite_bulk", args=[cohort_world.cohort.pk])
    preview = organiser.get(preview_url(organiser.post(url, {"text": LIST})))
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "2 personer kommer att bjudas in" in text
    assert "1 är redan medlem" in text
    assert "5 rader avvisas" in text
    for reason in (
        "okänd organisationskod ”9999”",
        "inte en giltig e-postadress",
        "samma person finns längre upp i listan",
        "okänd roll ”ordförande”",
        "Kiruna är inte anmäld till den här omgången",
    ):
        assert reason in text
    assert not OutgoingEmail.objects.exists() and not Invitation.objects.exists()


def test_confirming_invites_each_new_row_once_and_a_second_confirm_sends_nothing(
    organiser, cohort_world, mail_on_commit
):
    url = reverse("invite_bulk", args=[cohort_world.cohort.pk])
    preview = preview_url(organiser.post(url, {"text": LIST}))
    with mail_on_commit():
        response = organiser.post(preview, follow=True)
    assert "2 inbjudningar skickades." in response.content.decode()
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "anna@example.org",
        "gun@example.org",
    ]
    assert sorted(mail_on_commit.outbox[0].to + mail_on_commit.outbox[1].to) == [
        "anna@example.org",
        "gun@example.org",
    ]
    gun = Invitation.objects.get(email="gun@example.org")
    assert gun.organisation == cohort_world.org_b and gun.team_role == TeamRole.MANAGER

    again = organiser.post(preview, follow=True)
    assert "Den här listan är redan skickad" in again.content.decode()
    assert OutgoingEmail.objects.count() == 2 and Invitation.objects.count() == 2


def test_the_same_list_sent_twice_by_the_service_invites_once(cohort_world):
    """A double click racing the first: the second call finds the row keys used."""
    rows = bulk_invitations.rows_from_text(LIST)
    first = bulk_invitations.bulk_invitations_send(
        cohort=cohort_world.cohort, rows=rows, list_key="k1", by=cohort_world.organiser
    )
    assert [row.email for row in first] == ["anna@example.org", "gun@example.org"]
    Invitation.objects.all().delete()  # as if the first had not yet committed its invitations
    second = bulk_invitations.bulk_invitations_send(
        cohort=cohort_world.cohort,
        rows=bulk_invitations.rows_from_text(LIST),
        list_key="k1",
        by=cohort_world.organiser,
    )
    assert second == []
    assert OutgoingEmail.objects.count() == 2 and not Invitation.objects.exists()


def test_a_csv_file_with_headings_and_semicolons_is_read(organiser, cohort_world):
    content = (
        "E-post;Namn;Roll;Organisationskod\r\n"
        "ny@example.org;Ny Person;Kommunikatör;2582\r\n"
        "fel;Fel Person;strateg;2582\r\n"
    ).encode("cp1252")
    upload = SimpleUploadedFile("team.csv", content, content_type="text/csv")
    url = reverse("invite_bulk", args=[cohort_world.cohort.pk])
    rows = organiser.get(preview_url(organiser.post(url, {"file": upload}))).context["rows"]
    assert [(row.name, row.status, row.team_role) for row in rows] == [
        ("Ny Person", RowStatus.NEW, TeamRole.COMMUNICATOR),
        ("Fel Person", RowStatus.REFUSED, ""),
    ]
    assert rows[0].line == 2  # the heading is row 1 of the file


def test_an_excel_file_gets_its_codes_leading_zero_back(cohort_world):
    factories.enrol(cohort_world.cohort, factories.organisation("0180"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Namn", "E-post", "Kod", "Roll"])
    sheet.append(["Sara Sten", "sara@example.org", 180, "Strateg"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("team.xlsx", buffer.getvalue())
    rows = bulk_invitations.rows_classify(
        cohort_world.cohort, bulk_invitations.rows_from_upload(upload)
    )
    assert [(row.code, row.status) for row in rows] == [("0180", RowStatus.NEW)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("team.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "Spara listan"),
        ("team.csv", b"", "filen är tom."),
        ("team.csv", b"x" * (1024 * 1024 + 1), "större än 1 MB"),
        ("team.csv", b"\n".join([b"A, a@example.org, 2582, chef"] * 501), "Högst 500"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(
    organiser, cohort_world, name, content, message
):
    url = reverse("invite_bulk", args=[cohort_world.cohort.pk])
    response = organiser.post(url, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_an_empty_form_asks_for_a_list(organiser, cohort_world):
    response = organiser.post(reverse("invite_bulk", args=[cohort_world.cohort.pk]), {})
    assert response.status_code == 400
    assert "Klistra in en lista eller välj en fil." in response.content.decode()


@pytest.fixture
def pending(cohort_world):
    return services.invitation_create(
        organisation=cohort_world.org_a,
        email="ny@example.org",
        team_role=TeamRole.MANAGER,
        by=cohort_world.admin,
    )


def test_a_reminder_sends_the_same_link_once_a_day(organiser, cohort_world, pending):
    url = reverse("invitation_remind", args=[cohort_world.cohort.pk, pending.pk])
    response = organiser.post(url, follow=True)
    assert "En påminnelse skickades till ny@example.org." in response.content.decode()
    reminder = OutgoingEmail.objects.latest("pk")
    assert reminder.to == "ny@example.org" and pending.token in reminder.body
    assert AuditEntry.objects.filter(action="invitation.remind").count() == 1

    response = organiser.post(url, follow=True)
    assert "redan skickats en påminnelse i dag" in response.content.decode()
    assert OutgoingEmail.objects.count() == 2


def test_an_expired_invitation_is_renewed_not_reminded(organiser, cohort_world, pending):
    Invitation.objects.filter(pk=pending.pk).update(expires_at=timezone.now() - timedelta(days=1))
    remind = reverse("invitation_remind", args=[cohort_world.cohort.pk, pending.pk])
    assert "Förnya den" in organiser.post(remind, follow=True).content.decode()

    renew = reverse("invitation_renew", args=[cohort_world.cohort.pk, pending.pk])
    response = organiser.post(renew, follow=True)
    assert "den gamla länken fungerar inte längre" in response.content.decode()
    renewed = Invitation.objects.get(email="ny@example.org")
    assert renewed.token != pending.token and not renewed.is_expired
    assert not Invitation.objects.filter(token=pending.token).exists()
    assert organiser.get(reverse("invitation_accept", args=[pending.token])).status_code == 404
    assert renewed.token in OutgoingEmail.objects.latest("pk").body


def test_the_status_list_shows_who_has_accepted_and_who_is_pending(
    organiser, cohort_world, pending
):
    text = organiser.get(reverse("round_invitations", args=[cohort_world.cohort.pk]))
    text = text.content.decode()
    assert "a@example.org" in text  # Boden's participant, in the team
    assert "ny@example.org" in text and "Väntar" in text
    assert timezone.localdate().strftime("%Y") in text


@pytest.mark.parametrize("role", ["participant_a", "mentor", "no_role"])
def test_only_organisers_and_the_office_invite_in_bulk(client, cohort_world, pending, role):
    factories.log_in(client, getattr(cohort_world, role))
    cohort = cohort_world.cohort.pk
    assert client.get(reverse("invite_bulk", args=[cohort])).status_code == 404
    assert client.post(reverse("invite_bulk", args=[cohort]), {"text": LIST}).status_code == 404
    assert client.get(reverse("round_invitations", args=[cohort])).status_code == 404
    for name in ("invitation_remind", "invitation_renew"):
        assert client.post(reverse(name, args=[cohort, pending.pk])).status_code == 404
    assert OutgoingEmail.objects.count() == 1


def test_an_organiser_of_another_round_reaches_nothing_of_this_one(client, cohort_world, pending):
    factories.log_in(client, factories.organiser(cohort_world.other_cohort))
    assert (
        client.get(reverse("round_invitations", args=[cohort_world.cohort.pk])).status_code == 404
    )
    url = reverse("invitation_renew", args=[cohort_world.other_cohort.pk, pending.pk])
    assert client.post(url).status_code == 404  # Boden is not in the other round
    assert Invitation.objects.get().token == pending.token


def test_a_preview_of_another_persons_list_is_not_found(organiser, cohort_world):
    url = reverse("invite_bulk", args=[cohort_world.cohort.pk])
    preview = preview_url(organiser.post(url, {"text": LIST}))
    client = Client()
    factories.log_in(client, cohort_world.admin)
    assert client.get(preview).status_code == 404
    assert client.post(preview).status_code == 404


def big_list(count: int) -> str:
    return "\n".join(
        f"Person {index}, p{index}@example.org, {'2582' if index % 2 else '2581'}, strateg"
        for index in range(count)
    )


def test_the_preview_makes_as_many_queries_for_forty_rows_as_for_four(
    organiser, cohort_world, page_queries
):
    url = reverse("invite_bulk", args=[cohort_world.cohort.pk])
    few, _page = page_queries(organiser, preview_url(organiser.post(url, {"text": big_list(4)})))
    many, page = page_queries(organiser, preview_url(organiser.post(url, {"text": big_list(40)})))
    assert "40 personer kommer att bjudas in" in page.content.decode()
    assert many == few


def test_the_status_list_makes_as_many_queries_for_many_teams_as_for_few(
    organiser, cohort_world, page_queries
):
    url = reverse("round_invitations", args=[cohort_world.cohort.pk])
    few, _page = page_queries(organiser, url)
    for code in ("0180", "1480", "1280", "0380", "0580"):
        organisation = factories.organisation(code)
        factories.enrol(cohort_world.cohort, organisation, cohort_world.cluster)
        factories.member(organisation)
        for index in range(3):
            Invitation.objects.create(
                organisation=organisation, email=f"{code}-{index}@example.org", team_role="other"
            )
    many, page = page_queries(organiser, url)
    assert "0580-2@example.org" in page.content.decode()
    assert many == few
