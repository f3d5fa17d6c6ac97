"""A person's own data export, and a programme admin's removal of a person."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from checklists.demo import seed_checklist
from checklists.models import Assessment, ItemScore
from meetings import services as meeting_services
from meetings.models import (
    CalendarFeed,
    EvaluationAnswered,
    EvaluationResponse,
    Feedback,
    Presentation,
)
from portal.models import AuditEntry, CohortOrganiser, Invitation, Membership, TeamRole, User
from portal.personal_data import REMOVED_USER_NAME, user_remove
from portal.services import invitation_create
from stakeholders.models import AnalysisVersion, Stakeholder, StakeholderAnalysis
from tests import factories

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BEFORE_DEADLINE = datetime(2027, 3, 1, 10, 0, tzinfo=STOCKHOLM)
AFTER_MEETING = datetime(2027, 4, 3, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def files(settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files"},
        }
    }
    return tmp_path / "files"


@pytest.fixture
def filled(cohort_world, files):
    """Anna (participant A, org A) and Bertil (participant B, org B) each leave a trace of every
    kind in the same meeting, so an export can be checked for holding only its owner's data."""
    world = cohort_world
    world.participant_a.full_name = "Anna Andersson"
    world.participant_a.save()
    world.participant_b.full_name = "Bertil Berg"
    world.participant_b.save()
    meeting = factories.norr_bm1_meeting(
        world,
        datetime(2027, 4, 1, 9, 30, tzinfo=STOCKHOLM),
        ends=datetime(2027, 4, 1, 16, 0, tzinfo=STOCKHOLM),
    )
    version = seed_checklist()
    item = version.items.order_by("number").first()
    for person, org, name, comment in (
        (world.participant_a, world.org_a, "anna-bm1.pdf", "Annas kommentar"),
        (world.participant_b, world.org_b, "bertil-bm1.pdf", "Bertils kommentar"),
    ):
        meeting_services.presentation_upload(
            meeting=meeting,
            organisation=org,
            uploaded=SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode()),
            by=person,
            now=BEFORE_DEADLINE,
        )
        meeting_services.evaluation_submit(
            meeting=meeting,
            by=person,
            overall=4,
            usefulness=5,
            arrangements=3,
            comment=comment,
            now=AFTER_MEETING,
        )
        assessment = Assessment.objects.create(
            organisation=org, cohort=world.cohort, occasion="BM1", version=version
        )
        ItemScore.objects.create(
            assessment=assessment, item=item, score=2, comment=f"poäng av {name}", updated_by=person
        )
        analysis = StakeholderAnalysis.objects.create(organisation=org, cohort=world.cohort)
        analysis_version = AnalysisVersion.objects.create(
            analysis=analysis, occasion="BM1", created_by=person
        )
        Stakeholder.objects.create(
            version=analysis_version,
            name=f"Nämnd ägd av {name}",
            category="politicians",
            placement="internal",
            influence=3,
            interest=2,
            role="decide",
            owner=person,
        )
        CalendarFeed.objects.create(user=person, token=f"feed-{name}")
    Feedback.objects.create(
        meeting=meeting, organisation=world.org_a, plus="Bra jobbat", written_by=world.organiser
    )
    return world, meeting


def _download(client, person) -> dict:
    factories.log_in(client, person)
    response = client.get(reverse("personal_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment;" in response["Content-Disposition"]
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


# --- Export ------------------------------------------------------------------------------


def test_export_holds_the_persons_data_and_nothing_of_anyone_else(client, filled):
    world, meeting = filled
    data = _download(client, world.participant_a)

    assert data["profile"]["email"] == "a@example.org"
    assert data["profile"]["name"] == "Anna Andersson"
    assert [m["organisation"] for m in data["memberships"]] == [world.org_a.name]
    [upload] = data["uploads"]
    stored = Presentation.objects.get(uploaded_by=world.participant_a)
    assert upload["file_name"] == "anna-bm1.pdf"
    assert upload["sha256"] == stored.sha256 and upload["size"] == stored.size
    assert upload["meeting"] == "BM1 Norr" and upload["uploaded"]
    assert "file" not in upload  # metadata only, never the file or its storage path
    # The evaluation is anonymous: that she answered is hers; what she answered is linked to
    # nobody, so it is not in her file.
    [answered] = data["evaluations_answered"]
    assert answered["meeting"] == "BM1 Norr" and answered["anonymous"] is True
    assert data["evaluation_answers"] == []
    assert "Annas kommentar" not in json.dumps(data, ensure_ascii=False)
    [score] = data["checklist_scores_last_edited"]
    assert score["comment"] == "poäng av anna-bm1.pdf" and score["organisation"] == world.org_a.name
    [owned] = data["stakeholders_owned"]
    assert owned["stakeholder"] == "Nämnd ägd av anna-bm1.pdf"
    assert data["stakeholder_analyses_edited"][0]["created_by_you"] is True
    assert data["calendar_feed"] is not None

    text = json.dumps(data, ensure_ascii=False)
    for other in ("b@example.org", "Bertil", "bertil-bm1.pdf", "Bertils kommentar"):
        assert other not in text, other
    assert "organiser@example.org" not in text
    assert "feed-anna" not in text  # the calendar feed's secret token is not repeated


def test_export_lists_feedback_authored_and_invitations_without_the_invitees_address(
    client, filled, mail_on_commit
):
    world, meeting = filled
    with mail_on_commit():
        invitation_create(
            organisation=world.org_a,
            email="ny.kollega@example.org",
            team_role=TeamRole.STRATEGIST,
            by=world.organiser,
        )
    data = _download(client, world.organiser)
    assert [f["plus"] for f in data["feedback_written"]] == ["Bra jobbat"]
    assert data["organiser_of_cohorts"] == [world.cohort.name]
    [sent] = data["invitations_sent"]
    assert sent["organisation"] == world.org_a.name and sent["accepted"] is False
    assert "invitation.create" in [e["action"] for e in data["audit_entries_of_your_changes"]]
    assert "ny.kollega@example.org" not in json.dumps(data)

    anna = _download(Client(), world.participant_a)
    assert anna["feedback_written"] == [] and anna["invitations_sent"] == []


def test_export_is_only_ever_the_signed_in_persons_own(client, filled):
    world, _meeting = filled
    # The URL has no parameter to point at someone else; a query string is ignored.
    client.force_login(world.participant_b)
    response = client.get(
        reverse("personal_data_download") + f"?user={world.participant_a.pk}&email=a@example.org"
    )
    data = json.loads(response.content)
    assert data["profile"]["email"] == "b@example.org"
    assert "Anna" not in response.content.decode()
    assert Client().get(reverse("personal_data_download")).status_code == 302


def test_my_data_page_is_linked_from_the_menu_and_offers_the_download(client, filled):
    world, _meeting = filled
    client.force_login(world.participant_a)
    page = client.get(reverse("personal_data")).content.decode()
    menu = page[page.index('<nav aria-label="Huvudmeny"') : page.index("</nav>")]
    link = menu[menu.index(f'href="{reverse("personal_data")}"') :]
    assert link[: link.index("</a>")].endswith("Mina uppgifter</strong>")  # the current page
    assert '<h1 class="govuk-heading-l">Mina uppgifter</h1>' in page
    assert reverse("personal_data_download") in page
    assert "a@example.org" in page


# --- Removal -----------------------------------------------------------------------------


def test_removal_keeps_content_and_uploads_anonymises_and_blocks_login(client, filled, files):
    world, meeting = filled
    anna = world.participant_a
    invitation_entry = AuditEntry.objects.create(
        action="invitation.create",
        object_type="portal.invitation",
        object_id="1",
        object_repr="a@example.org → Boden",
        after={"email": "a@example.org", "team_role": "strategist"},
    )
    accepted = Invitation.objects.create(
        email="a@example.org", organisation=world.org_a, team_role=TeamRole.STRATEGIST
    )
    anna_client = Client()
    anna_client.force_login(anna)
    upload = Presentation.objects.get(uploaded_by=anna)
    stored_file = files / upload.file.name
    assert stored_file.exists()

    counts = user_remove(user=anna, by=world.admin)

    anna.refresh_from_db()
    assert anna.email.endswith("@removed.invalid") and anna.full_name == REMOVED_USER_NAME
    assert str(anna) == REMOVED_USER_NAME
    assert not anna.is_active and not anna.has_usable_password()
    assert counts["memberships"] == 1 and counts["uploads_kept"] == 1
    assert not Membership.objects.filter(user=anna).exists()
    assert not CalendarFeed.objects.filter(user=anna).exists()
    # Content stays, linked to the anonymised account, and the upload stays with org A.
    upload.refresh_from_db()
    assert upload.uploaded_by == anna and upload.organisation == world.org_a
    assert stored_file.exists()
    assert ItemScore.objects.get(updated_by=anna).comment == "poäng av anna-bm1.pdf"
    assert Stakeholder.objects.get(owner=anna).name == "Nämnd ägd av anna-bm1.pdf"
    assert EvaluationAnswered.objects.filter(person=anna).count() == 1
    assert EvaluationResponse.objects.filter(meeting=meeting, comment="Annas kommentar").exists()
    accepted.refresh_from_db()
    assert accepted.email == anna.email  # the invitation stays, without her address
    # Nothing of Bertil's changed.
    assert Membership.objects.filter(user=world.participant_b).count() == 1
    # The audit log no longer holds her address, and the removal is recorded without it.
    invitation_entry.refresh_from_db()
    assert "a@example.org" not in invitation_entry.object_repr
    assert "a@example.org" not in json.dumps(invitation_entry.after)
    removal = AuditEntry.objects.get(action="user.remove")
    assert removal.actor == world.admin and removal.object_id == str(anna.pk)
    logged = json.dumps([removal.object_repr, removal.before, removal.after])
    assert "a@example.org" not in logged and "Anna" not in logged
    assert not AuditEntry.objects.filter(object_repr__icontains="a@example.org").exists()
    # Her open session is gone and she cannot log in again.
    assert anna_client.get(reverse("home")).status_code == 302
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(anna.pk) for s in Session.objects.all()
    )
    login = Client().post(
        reverse("account_login"), {"login": "a@example.org", "password": factories.PASSWORD}
    )
    assert login.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in Client().session


def test_removing_an_organiser_keeps_their_feedback_under_the_neutral_name(filled):
    world, meeting = filled
    user_remove(user=world.organiser, by=world.admin)
    feedback = Feedback.objects.get(meeting=meeting)
    assert feedback.plus == "Bra jobbat"
    assert str(feedback.written_by) == REMOVED_USER_NAME
    assert not CohortOrganiser.objects.filter(user=world.organiser).exists()


def test_removal_page_confirms_first_then_removes(client, filled):
    world, _meeting = filled
    factories.login_with_second_factor(client, world.admin)
    listing = client.get(reverse("people"), {"q": "Anna"}).content.decode()
    assert "a@example.org" in listing and "b@example.org" not in listing
    url = reverse("user_remove", args=[world.participant_a.pk])
    confirm = client.get(url).content.decode()
    assert "Ta bort Anna Andersson" in confirm
    assert (
        'Uppladdade filer som stannar hos organisationen</dt><dd class="govuk-summary-list__value">1</dd>'
        in confirm
    )
    assert User.objects.get(pk=world.participant_a.pk).email == "a@example.org"
    assert Membership.objects.filter(user=world.participant_a).exists()  # GET changed nothing

    done = client.post(url, follow=True)
    assert done.redirect_chain[-1][0] == reverse("people")
    assert REMOVED_USER_NAME in done.content.decode()
    assert not User.objects.filter(email="a@example.org").exists()
    # A removed person is no longer offered for removal.
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["participant_b", "mentor", "organiser", "no_role"])
def test_only_programme_admins_can_remove(client, filled, role):
    world, _meeting = filled
    person = factories.log_in(client, getattr(world, role))
    url = reverse("user_remove", args=[world.participant_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(reverse("people")).status_code == 404
    with pytest.raises(PermissionDenied):
        user_remove(user=world.participant_a, by=person)
    assert User.objects.get(pk=world.participant_a.pk).email == "a@example.org"
    assert not AuditEntry.objects.filter(action="user.remove").exists()


def test_anonymous_is_sent_to_login(filled):
    world, _meeting = filled
    url = reverse("user_remove", args=[world.participant_a.pk])
    assert Client().post(url).status_code == 302
    assert User.objects.get(pk=world.participant_a.pk).is_active


def test_removing_yourself_is_refused_with_a_message_and_changes_nothing(client, filled):
    world, _meeting = filled
    admin = factories.login_with_second_factor(client, world.admin)
    response = client.post(reverse("user_remove", args=[admin.pk]), follow=True)
    assert response.status_code == 200
    assert "Du kan inte ta bort ditt eget konto" in response.content.decode()
    admin.refresh_from_db()
    assert admin.email == "admin@example.org" and admin.is_active and admin.is_programme_admin
    assert not AuditEntry.objects.filter(action="user.remove").exists()


def test_the_programme_is_never_left_without_an_admin(filled):
    """Removing the last programme admin is refused: the only admin cannot remove themselves,
    and an admin who was removed (or lost the role) meanwhile can no longer remove anyone,
    so two admins removing each other leave one of them in place."""
    world, _meeting = filled
    first = world.admin
    second = factories.user("second.admin@example.org", admin=True)
    stale_second = User.objects.get(pk=second.pk)  # the second admin's page, loaded earlier

    user_remove(user=second, by=first)
    with pytest.raises(PermissionDenied):
        user_remove(user=first, by=stale_second)
    with pytest.raises(ValidationError) as refused:
        user_remove(user=first, by=first)
    assert refused.value.code == "self"
    first.refresh_from_db()
    assert first.is_active and first.is_programme_admin and first.email == "admin@example.org"
    assert User.objects.filter(is_programme_admin=True, is_active=True).count() == 1
    assert AuditEntry.objects.filter(action="user.remove").count() == 1


def test_removing_someone_already_removed_is_refused(filled):
    world, _meeting = filled
    user_remove(user=world.participant_b, by=world.admin)
    removed = User.objects.get(pk=world.participant_b.pk)
    with pytest.raises(ValidationError) as again:
        user_remove(user=removed, by=world.admin)
    assert again.value.code == "removed"
    assert AuditEntry.objects.filter(action="user.remove").count() == 1


def test_export_holds_the_analysis_work_the_person_saved_and_none_of_anyone_elses(client, filled):
    """Lessons, governance chain links, effort stages and summaries, and chosen key figures
    name who saved them: each is in that person's export, and not in a colleague's."""
    from checklists.models import ItemLesson
    from meetings.models import (
        EffortSummary,
        GovernanceLink,
        ImprovementEffort,
        ImprovementEffortStage,
        ResultsKeyFigure,
    )
    from portal.keyfigures.models import KeyFigure

    world, meeting = filled
    key_figure = KeyFigure.objects.create(kpi_id="N00001", title="Ett nyckeltal")
    for person, org, word in (
        (world.participant_a, world.org_a, "Annas"),
        (world.participant_b, world.org_b, "Bertils"),
    ):
        assessment = Assessment.objects.get(organisation=org, occasion="BM1")
        ItemLesson.objects.create(
            assessment=assessment,
            item=assessment.version.items.order_by("number").first(),
            lesson=f"{word} lärdom",
            updated_by=person,
        )
        GovernanceLink.objects.create(
            organisation=org,
            cohort=world.cohort,
            occasion="BM1",
            link="budget",
            state="partly",
            updated_by=person,
        )
        effort = ImprovementEffort.objects.create(
            organisation=org, title=f"{word} förbättringsarbete", area="governance"
        )
        ImprovementEffortStage.objects.create(
            effort=effort, stage="plan", at=AFTER_MEETING, by=person
        )
        EffortSummary.objects.create(
            effort=effort, meeting=meeting, text="Läget", updated_by=person
        )
        ResultsKeyFigure.objects.create(
            organisation=org, cohort=world.cohort, key_figure=key_figure, chosen_by=person
        )

    data = _download(client, world.participant_a)

    [lesson] = data["lessons_last_edited"]
    assert lesson["lesson"] == "Annas lärdom" and lesson["organisation"] == world.org_a.name
    [link] = data["governance_chain_links_saved"]
    assert (link["organisation"], link["link"]) == (world.org_a.name, "budget")
    [stage] = data["improvement_effort_stages_set"]
    assert stage["effort"] == "Annas förbättringsarbete"
    [summary] = data["effort_summaries"]
    assert summary["effort"] == "Annas förbättringsarbete" and summary["saved_by_you"] is True
    [chosen] = data["results_key_figures_chosen"]
    assert chosen == {"organisation": world.org_a.name, "key_figure": "N00001"}
    assert "Bertils" not in json.dumps(data, ensure_ascii=False)
